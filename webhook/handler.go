package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"sync"
	"time"
)

// DefaultMaxBodyBytes bounds delivery bodies (1 MiB).
const DefaultMaxBodyBytes = 1 << 20

// HandlerFunc handles one typed event. Returning an error answers 500 so the
// provider retries (where it does).
type HandlerFunc[T Event] func(ctx context.Context, ev T) error

// Handler is an http.Handler that receives one provider's deliveries: it
// accepts only POST (405), bounds the body (413), verifies the raw bytes
// (401, generic body; the reason goes to the logger), decodes (400),
// optionally deduplicates by event ID, dispatches to the handlers registered
// for the event's type, and answers 200, or 500 when a handler failed.
//
// With WithDedupe, each delivery claims its event in a DedupeStore for a
// lease before dispatching; replicas sharing one store (redisstore, pgstore)
// behave as one. A delivery whose event was already handled is answered 200
// without dispatching. One that arrives while another attempt, here or on
// another replica, holds the event's lease (a provider retrying a slow
// delivery) is answered 409, so the provider tries again later: had it been
// answered 200 and the first attempt then failed, the event would be lost.
// Success marks the event done, failure releases it for the next retry, and
// if the replica handling it dies, its lease expires and a later retry
// handles the event. Process runs an event from elsewhere (a provider's
// event log, your own inbox table) through the same dedupe and dispatch.
type Handler struct {
	p        Provider
	maxBody  int64
	logger   *slog.Logger
	store    DedupeStore
	ttl      time.Duration
	lease    time.Duration
	mu       sync.RWMutex
	typed    []registration
	catchAll []func(context.Context, Event) error
}

// registration is one On[T] handler.
type registration struct {
	t  reflect.Type
	fn func(context.Context, Event) error
}

// matches reports whether ev is a T: the same concrete type, or, when T is
// an interface, a type implementing it.
func (r registration) matches(evType reflect.Type) bool {
	if r.t == evType {
		return true
	}
	return r.t.Kind() == reflect.Interface && evType.Implements(r.t)
}

// HandlerOption configures a Handler.
type HandlerOption func(*Handler)

// WithMaxBodyBytes sets the body bound (default 1 MiB).
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(h *Handler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

// WithLogger sets the logger for refused and failed deliveries (default: none).
func WithLogger(l *slog.Logger) HandlerOption { return func(h *Handler) { h.logger = l } }

// WithDedupe enables deduplication by Event.ID in store (nil: an in-memory
// MemoryStore) for ttl (0: DefaultDedupeTTL); WithDedupeLease sets the
// lease. Events without an ID are never deduplicated. Replicas deduplicate
// across processes by sharing one store: redisstore or pgstore.
func WithDedupe(store DedupeStore, ttl time.Duration) HandlerOption {
	return func(h *Handler) {
		if store == nil {
			store = NewMemoryStore(0)
		}
		if ttl <= 0 {
			ttl = DefaultDedupeTTL
		}
		h.store, h.ttl = store, ttl
	}
}

// NewHandler returns a Handler for p.
func NewHandler(p Provider, opts ...HandlerOption) *Handler {
	h := &Handler{p: p}
	for _, o := range opts {
		if o != nil {
			o(h)
		}
	}
	return h
}

// On registers fn for events of type T (e.g. *blueink.BundleCompleteEvent).
// T may also be an interface: fn then receives every event implementing it.
// Handlers run in registration order.
func On[T Event](h *Handler, fn HandlerFunc[T]) {
	t := reflect.TypeFor[T]()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.typed = append(h.typed, registration{t: t, fn: func(ctx context.Context, ev Event) error { return fn(ctx, ev.(T)) }})
}

// OnAny registers fn for every event, after the typed handlers.
func (h *Handler) OnAny(fn func(ctx context.Context, ev Event) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.catchAll = append(h.catchAll, fn)
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.bodyLimit()))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.warn(r, "body too large", ErrBodyTooLarge)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		h.warn(r, "reading body", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	p := h.provider()
	if err := p.VerifyRequest(r, body); err != nil {
		h.warn(r, "verification failed", err)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	ev, err := h.parse(p, r.Header, body)
	if err != nil {
		h.warn(r, "decoding failed", err)
		http.Error(w, "invalid payload", http.StatusBadRequest)
		return
	}
	switch state, err := h.process(r.Context(), ev); {
	case errors.Is(err, ErrDedupeStore):
		h.warn(r, "dedupe store failed", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	case err != nil:
		h.warn(r, "handler failed", err)
		http.Error(w, "handler failed", http.StatusInternalServerError)
	case state == InProgress:
		h.debug(r, "duplicate delivery while another attempt holds the event", ev)
		http.Error(w, "delivery in progress", http.StatusConflict)
	case state == Done:
		h.debug(r, "duplicate delivery", ev)
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// bodyLimit is the body bound: WithMaxBodyBytes on the Handler, else the
// limit of a Provider that has one (a MaxBodyBytes() int64 method, so a
// limit set once on the provider is honoured here too), else
// DefaultMaxBodyBytes.
func (h *Handler) bodyLimit() int64 {
	if h.maxBody > 0 {
		return h.maxBody
	}
	if l, ok := h.p.(interface{ MaxBodyBytes() int64 }); ok {
		if n := l.MaxBodyBytes(); n > 0 {
			return n
		}
	}
	return DefaultMaxBodyBytes
}

// provider returns the Handler's Provider. A Handler built without one (a
// nil Provider, the zero Handler) fails closed: it refuses every delivery
// with ErrNoSecret (401) instead of crashing.
func (h *Handler) provider() Provider {
	if h.p == nil {
		return NewProvider("unconfigured", nil, nil)
	}
	return h.p
}

// parse runs the provider's decoder; a nil event or a panic (outside input
// reaching a decoder bug) is a decode failure, never a crash.
func (h *Handler) parse(p Provider, hdr http.Header, body []byte) (ev Event, err error) {
	defer func() {
		if rec := recover(); rec != nil {
			ev, err = nil, fmt.Errorf("%w: decoder panicked: %v", ErrInvalidPayload, rec)
		}
	}()
	ev, err = p.Parse(hdr, body)
	if err == nil && ev == nil {
		err = fmt.Errorf("%w: no event decoded", ErrInvalidPayload)
	}
	return ev, err
}

// Dispatch runs the handlers registered for ev's type, then the catch-all
// handlers, stopping at the first error. A panicking handler is reported as
// an error.
func (h *Handler) Dispatch(ctx context.Context, ev Event) (err error) {
	if ev == nil {
		return fmt.Errorf("%w: nil event", ErrInvalidPayload)
	}
	evType := reflect.TypeOf(ev)
	h.mu.RLock()
	var fns []func(context.Context, Event) error
	for _, r := range h.typed {
		if r.matches(evType) {
			fns = append(fns, r.fn)
		}
	}
	fns = append(fns, h.catchAll...)
	h.mu.RUnlock()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("webhook: handler panicked: %v", p)
		}
	}()
	for _, fn := range fns {
		if err := fn(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) warn(r *http.Request, msg string, err error) {
	if h.logger == nil {
		return
	}
	h.logger.LogAttrs(r.Context(), slog.LevelWarn, "webhook: "+msg,
		slog.String("provider", h.provider().Name()), slog.String("remote", r.RemoteAddr), slog.String("error", err.Error()))
}

func (h *Handler) debug(r *http.Request, msg string, ev Event) {
	if h.logger == nil {
		return
	}
	h.logger.LogAttrs(r.Context(), slog.LevelDebug, "webhook: "+msg,
		slog.String("provider", h.provider().Name()), slog.String("type", ev.Type()), slog.String("id", ev.ID()))
}
