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

	"github.com/esignkit/esign/internal/whopt"
)

// HandlerFunc handles one typed event. Returning an error answers 500 so the
// provider retries (where it does).
type HandlerFunc[T Event] func(ctx context.Context, ev T) error

// Handler is an http.Handler that receives one provider's deliveries: it
// accepts only POST (405), bounds the body (413), verifies the raw bytes
// (401, generic body; the reason goes to the logger), decodes (400),
// optionally deduplicates by event ID, dispatches to the handlers registered
// for the event's type, and answers 200, or 500 when a handler failed. An
// event with values that did not decode (Event.DecodeIssues) is logged
// once, as a warning naming their paths, and dispatched as any other;
// with WithStrictDecoding it is answered 400 instead.
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
	strict   bool
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

// WithDedupe enables deduplication by Event.ID in store (nil: an in-memory
// MemoryStore) for ttl (0: DefaultDedupeTTL); WithDedupeLease sets the
// lease. Events without an ID are never deduplicated. Replicas deduplicate
// across processes by sharing one store: redisstore or pgstore. It
// configures a Handler only.
func WithDedupe(store DedupeStore, ttl time.Duration) Option {
	return handlerOption(func(h *Handler) {
		if store == nil {
			store = NewMemoryStore(0)
		}
		if ttl <= 0 {
			ttl = DefaultDedupeTTL
		}
		h.store, h.ttl = store, ttl
	})
}

// NewHandler returns a Handler for p, configured by opts (WithLogger,
// WithMaxBodyBytes, WithDedupe, …).
//
// When p was built by an esign provider package (or NewProvider), opts are
// also passed on to it, so a setting is written once: a WithMaxBodyBytes
// given here bounds the provider's verifier and decoder too, and a
// WithTolerance here is the provider's tolerance.
//
// Misconfiguration is loud, as net/http is for a bad pattern: NewHandler
// panics when p is nil, when p reports a configuration error (a provider
// built with an empty or blank secret, a missing certificate, a missing
// guard), naming the provider and what is missing, and when opts configure
// verification for a Provider that takes no options.
func NewHandler(p Provider, opts ...Option) *Handler {
	if p == nil {
		panic("webhook: NewHandler: nil Provider")
	}
	cfg := whopt.Apply(opts)
	limit := cfg.MaxBody()
	if cp, ok := p.(configurable); ok {
		if len(opts) > 0 {
			p = cp.WithOptions(opts...)
			if cp, ok = p.(configurable); !ok {
				panic(fmt.Sprintf("webhook: NewHandler: %T.WithOptions returned a %T", cp, p))
			}
		}
		if err := cp.ConfigError(); err != nil {
			panic("webhook: NewHandler: " + err.Error())
		}
		limit = cp.MaxBodyBytes()
	} else if name := cfg.ProviderOnly(); name != "" {
		panic(fmt.Sprintf("webhook: NewHandler: %s configures a provider's checks, and the %s provider (%T) takes no options: pass it to the provider",
			name, p.Name(), p))
	} else if l, ok := p.(interface{ MaxBodyBytes() int64 }); ok && cfg.MaxBodyBytes <= 0 && l.MaxBodyBytes() > 0 {
		limit = l.MaxBodyBytes() // a limit the Provider carries, when the Handler sets none
	}
	h := &Handler{p: p, maxBody: limit, strict: cfg.StrictDecoding, logger: cfg.Logger}
	for _, f := range cfg.Handler {
		if f, ok := f.(func(*Handler)); ok {
			f(h)
		}
	}
	return h
}

// On registers fn for events of type T (e.g. *blueink.BundleCompleteEvent).
// T may also be an interface: fn then receives every event implementing it.
// Handlers run in registration order.
//
// A nil h or fn is a programming error: On panics at registration, as
// net/http does for a nil handler, rather than every delivery failing.
func On[T Event](h *Handler, fn HandlerFunc[T]) {
	if h == nil || fn == nil {
		panic(fmt.Sprintf("webhook: On[%v]: nil Handler or handler func", reflect.TypeFor[T]()))
	}
	t := reflect.TypeFor[T]()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.typed = append(h.typed, registration{t: t, fn: func(ctx context.Context, ev Event) error { return fn(ctx, ev.(T)) }})
}

// OnAny registers fn for every event, after the typed handlers. A nil fn
// panics, as On's does.
func (h *Handler) OnAny(fn func(ctx context.Context, ev Event) error) {
	if fn == nil {
		panic("webhook: OnAny: nil handler func")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.catchAll = append(h.catchAll, fn)
}

// String describes the Handler by its provider's name: a Handler holds the
// provider's secrets, and none of them is ever printed.
func (h *Handler) String() string { return "webhook.Handler(" + h.p.Name() + ")" }

// GoString implements fmt.GoStringer (%#v) like String.
func (h *Handler) GoString() string { return h.String() }

// Format prints String for every verb (%v, %+v, %s, %q, %x, …).
func (h *Handler) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, h.String()) }

// LogValue implements slog.LogValuer like String.
func (h *Handler) LogValue() slog.Value { return slog.StringValue(h.String()) }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	maxBody := h.maxBody
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
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
	ev, err := h.construct(p, r, body)
	if err != nil {
		switch refusalStatus(err) {
		case http.StatusRequestEntityTooLarge:
			h.warn(r, "body too large", err)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		case http.StatusBadRequest:
			h.warn(r, "decoding failed", err)
			http.Error(w, "invalid payload", http.StatusBadRequest)
		default:
			h.warn(r, "verification failed", err)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
		}
		return
	}
	if issues := ev.DecodeIssues(); len(issues) > 0 {
		if h.strict {
			h.warnIssues(r, "decoding failed (strict decoding)", ev, issues)
			http.Error(w, "invalid payload", http.StatusBadRequest)
			return
		}
		h.warnIssues(r, "event values did not decode (kept at their zero value)", ev, issues)
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

// provider returns the Handler's Provider. The zero Handler (built without
// NewHandler) fails closed: it refuses every delivery with ErrNoSecret (401)
// instead of crashing.
func (h *Handler) provider() Provider {
	if h.p == nil {
		return NewProvider("unconfigured", nil, nil)
	}
	return h.p
}

// construct verifies and decodes a delivery: in one call (one pass over
// the body) when p offers Construct, else VerifyRequest then Parse. A nil
// event or a panic (outside input reaching a bug) is a decode failure,
// never a crash; a delivery that was not verified is never decoded.
func (h *Handler) construct(p Provider, r *http.Request, body []byte) (ev Event, err error) {
	verified := false
	defer func() {
		if rec := recover(); rec != nil {
			ev, err = nil, fmt.Errorf("%w: panic: %v", ErrInvalidPayload, rec)
			if !verified {
				err = fmt.Errorf("%w: %w", ErrSignatureMismatch, err)
			}
		}
	}()
	if cp, ok := p.(configurable); ok {
		ev, err = cp.Construct(r, body)
	} else {
		if err = p.VerifyRequest(r, body); err != nil {
			if refusalStatus(err) == http.StatusBadRequest {
				err = fmt.Errorf("%w: %w", ErrSignatureMismatch, err)
			}
			return nil, err
		}
		verified = true
		if ev, err = p.Parse(r.Header, body); err != nil && !errors.Is(err, ErrInvalidPayload) {
			err = fmt.Errorf("%w: %w", ErrInvalidPayload, err)
		}
	}
	if err == nil && ev == nil {
		err = fmt.Errorf("%w: no event decoded", ErrInvalidPayload)
	}
	return ev, err
}

// refusalStatus is the answer to a delivery construct refused: 413 for a
// body too large, 401 for a verification failure, 400 for an authentic but
// undecodable body.
func refusalStatus(err error) int {
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errorsIsAny(err, verificationErrors...):
		return http.StatusUnauthorized
	case errors.Is(err, ErrInvalidPayload):
		return http.StatusBadRequest
	}
	return http.StatusUnauthorized
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

// log is the Handler's logger: WithLogger's, else slog.Default() (read now,
// so a later slog.SetDefault is followed).
func (h *Handler) log() *slog.Logger {
	if h.logger != nil {
		return h.logger
	}
	return slog.Default()
}

func (h *Handler) warn(r *http.Request, msg string, err error) {
	h.log().LogAttrs(r.Context(), slog.LevelWarn, "webhook: "+msg,
		slog.String("provider", h.provider().Name()), slog.String("remote", r.RemoteAddr), slog.String("error", err.Error()))
}

// warnIssues is the one warning about an event whose values did not all
// decode: which event, how many values, their first paths; never a value
// (it may hold personal data).
func (h *Handler) warnIssues(r *http.Request, msg string, ev Event, issues []DecodeIssue) {
	h.log().LogAttrs(r.Context(), slog.LevelWarn, "webhook: "+msg,
		slog.String("provider", h.provider().Name()), slog.String("type", ev.Type()), slog.String("id", ev.ID()),
		slog.Int("count", countIssues(issues)), slog.String("paths", issuePaths(issues)))
}

func (h *Handler) debug(r *http.Request, msg string, ev Event) {
	h.log().LogAttrs(r.Context(), slog.LevelDebug, "webhook: "+msg,
		slog.String("provider", h.provider().Name()), slog.String("type", ev.Type()), slog.String("id", ev.ID()))
}
