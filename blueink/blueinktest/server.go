package blueinktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	fs "github.com/esignkit/esign/internal/fakeserver"
)

// DefaultAPIKey is the private API key a Server accepts unless WithAPIKey
// sets another one.
const DefaultAPIKey = "blueinktest-private-api-key"

// AccountID is the account_id of every webhook delivery.
const AccountID = "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5"

// APIPath is the path of the API on the server: URL() is Root() + APIPath.
const APIPath = "/api/v2/"

// DefaultPerPage and MaxPerPage are the page sizes of list answers: the
// default, and the cap of larger per_page values.
const (
	DefaultPerPage = 50
	MaxPerPage     = blueink.MaxPerPage
)

// Pseudo-statuses of FailNext: the connection is closed before the request
// is handled (DropConnection), or after (LoseAnswer: it took effect).
const (
	DropConnection = fs.DropConnection
	LoseAnswer     = fs.LoseAnswer
)

// Request is one request the server received (those failed by FailNext or
// refused with 401 included): Method, Path ("/api/v2/bundles/"), Query,
// Header and Body.
type Request = fs.Request

// Delivery is one webhook delivery attempt: WebhookID, URL, EventID (the
// webhook event record, Webhooks.GetEvent), Event, Header and Body as
// sent, the receiver's Status (0 when none) or Err.
type Delivery = fs.Delivery[blueink.EventType]

// Errors of the verbs, matched with errors.Is (shared by every fake):
// ErrNotFound for an unknown bundle, packet or webhook, ErrState for a
// step the bundle or packet does not allow now.
var (
	ErrNotFound = fs.ErrNotFound
	ErrState    = fs.ErrState
)

// ServerOption configures a Server.
type ServerOption func(*config)

type config struct {
	fs.Options
	apiKey      string
	secret      string
	secretIsSet bool
}

// WithAPIKey sets the private API key the server accepts (DefaultAPIKey
// otherwise).
func WithAPIKey(key string) ServerOption { return func(c *config) { c.apiKey = key } }

// WithClock sets the server's clock (timestamps, signatures, link expiry,
// reminder intervals). Receivers verifying deliveries of a server with a
// fixed clock need it too: webhook.WithClock(srv.Now).
func WithClock(now func() time.Time) ServerOption { return func(c *config) { c.Clock = now } }

// WithSeed makes every generated value (slugs, ids, tokens, the initial
// secret) deterministic; without it they are random.
func WithSeed(seed uint64) ServerOption { return func(c *config) { c.Seed, c.Seeded = seed, true } }

// WithWebhookSecret sets the initial webhook shared secret (default: a
// random base58 one). "" means none yet: GET /webhooks/secret/ answers 404
// and deliveries are unsigned until the secret is regenerated.
func WithWebhookSecret(secret string) ServerOption {
	return func(c *config) { c.secret, c.secretIsSet = secret, true }
}

// WithDeliveryClient sets the *http.Client that posts webhook deliveries
// (default: 10 s timeout).
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(c *config) { c.DeliveryClient = hc }
}

// WithListener makes the server listen on l instead of a random loopback
// port; Close closes it.
func WithListener(l net.Listener) ServerOption { return func(c *config) { c.Listener = l } }

// Server is an in-memory BlueInk API v2; its methods are safe for
// concurrent use.
type Server struct {
	tb     testing.TB // set by NewServer: Client reports invalid options to it
	apiKey string
	e      *fs.Server

	// Guarded by the engine's lock (read and written in handlers and Do).
	secret   string
	secretAt time.Time
}

// NewServer starts a Server that tb.Cleanup closes.
func NewServer(tb testing.TB, opts ...ServerOption) *Server {
	tb.Helper()
	s := Start(opts...)
	s.tb = tb
	return fs.CloseOnCleanup(tb, s)
}

// Start starts a Server for programs; the caller must Close it.
func Start(opts ...ServerOption) *Server {
	cfg := config{apiKey: DefaultAPIKey}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{apiKey: cfg.apiKey}
	s.e = fs.Start(fs.Config{
		Options: cfg.Options,
		Name:    "blueinktest",
		APIPath: APIPath,
		Slash:   fs.SlashRequired,
		Routes:  routes(),
		Mounts: []fs.Route{
			{Method: http.MethodGet, Path: "/files/{token}/{name}", Handle: serveFile},
			{Method: http.MethodHead, Path: "/files/{token}/{name}", Handle: serveFile},
		},
		Auth:     tokenAuth(cfg.apiKey),
		Error:    renderError,
		NotFound: func(*fs.Call, string) *fs.Error { return notFound() },
		Shape:    shape{HeaderPages: fs.HeaderPages{Header: "X-Blueink-Pagination", Default: DefaultPerPage, Max: MaxPerPage}},
		Time:     func(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000000Z") },
		Events: func(c *fs.Call, event string, data any) []fs.Outgoing {
			return prepareDeliveries(c, event, data.(blueink.EventPayload), "")
		},
		Steps: steps,
		State: s,
	})
	s.e.Lock(func(c *fs.Call) {
		s.secret = cfg.secret
		if !cfg.secretIsSet {
			s.secret = newSecret(c)
		}
		if s.secret != "" {
			s.secretAt = c.Now()
		}
	})
	return s
}

// shape answers single objects as they are (deletes: 204) and lists in
// BlueInk's pages.
type shape struct {
	fs.Plain
	fs.HeaderPages
}

// List answers a page with X-Blueink-Pagination and, but on the last page,
// the 2.2.3 spec's x-next: the URL of the next page.
func (s shape) List(c *fs.Call, resource string, items []any) fs.Reply {
	r := s.HeaderPages.List(c, resource, items)
	var page, pages int
	if _, err := fmt.Sscanf(c.Header.Get(s.Header), "%d,%d", &page, &pages); err == nil && page < pages {
		q := c.Req.URL.Query()
		q.Set("page", strconv.Itoa(page+1))
		c.Header.Set("X-Next", c.Server().Root()+c.Req.URL.Path+"?"+q.Encode())
	}
	return r
}

func srv(c *fs.Call) *Server { return c.State().(*Server) }

// Close shuts the server down.
func (s *Server) Close() { s.e.Close() }

// String describes the server by its URL, never its secrets.
func (s *Server) String() string {
	if s == nil {
		return "blueinktest.Server(nil)"
	}
	return "blueinktest.Server{URL: " + s.URL() + "}"
}

// GoString implements fmt.GoStringer (%#v) like String.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb: logging a *Server never prints its
// API key or webhook secret.
func (s *Server) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// URL is the API base URL the client uses (blueink.WithBaseURL):
// Root() + "/api/v2/".
func (s *Server) URL() string { return s.e.Root() + APIPath }

// Root is the server's root URL; file links and embedded URLs live under it.
func (s *Server) Root() string { return s.e.Root() }

// APIKey returns the private API key the server accepts.
func (s *Server) APIKey() string { return s.apiKey }

// Now is the server's current time (WithClock).
func (s *Server) Now() time.Time { return s.e.Now() }

// Client returns a real *blueink.Client pointed at the server with its API
// key and 1-10 ms retry waits, then opts. Invalid opts fail the test of a
// server from NewServer (tb.Fatal) and panic for one from Start.
func (s *Server) Client(opts ...blueink.Option) *blueink.Client {
	all := append([]blueink.Option{
		blueink.WithBaseURL(s.URL()),
		blueink.WithHTTPClient(s.e.HTTPClient()),
		blueink.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}, opts...)
	c, err := blueink.NewClient(s.apiKey, all...)
	return fs.ClientOrFail(s.tb, "blueinktest", c, err)
}

// FailNext makes the next API request fail with status, a BlueInk error
// body and Retry-After (seconds, rounded up) when retryAfter > 0, or close
// its connection (DropConnection, LoseAnswer). Calls queue up; file
// downloads are never failed.
func (s *Server) FailNext(status int, retryAfter time.Duration) { s.e.FailNext(status, retryAfter) }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.e.Requests() }

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() { s.e.ResetRequests() }

// Deliveries returns every webhook delivery attempted, oldest first.
func (s *Server) Deliveries() []Delivery { return fs.Deliveries[blueink.EventType](s.e.Deliveries()) }

// Ops lists the API operations the server serves ("GET bundles/{bundle}").
func (s *Server) Ops() []string { return s.e.Ops() }

// WebhookSecret returns the current shared secret ("" when none).
func (s *Server) WebhookSecret() (secret string) {
	s.e.Lock(func(*fs.Call) { secret = s.secret })
	return secret
}

// SignatureHeaders returns the signature headers a delivery of body would
// carry now (none without a secret), to call a handler directly.
func (s *Server) SignatureHeaders(body []byte) http.Header {
	h := http.Header{}
	s.e.Lock(func(c *fs.Call) { signBody(c, h, body) })
	return h
}

// Bundle returns the bundle with the given slug as the API shows it, or nil.
func (s *Server) Bundle(slug string) *blueink.Bundle {
	var raw []byte
	s.e.Lock(func(c *fs.Call) {
		if it := bundles.Get(c, slug); it != nil {
			raw, _ = json.Marshal(renderBundle(c, it))
		}
	})
	var out blueink.Bundle
	if raw == nil || json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return &out
}

// PacketID returns the id of the packet with the given key in a bundle.
func (s *Server) PacketID(slug, key string) (id string, found bool) {
	s.e.Lock(func(c *fs.Call) {
		if b := bundles.Get(c, slug); b != nil {
			if p := b.V.signer(key); p != nil {
				id, found = p.id, true
			}
		}
	})
	return id, found
}

func (s *Server) step(ctx context.Context, st fs.Step, bundle, signer, reason string) error {
	return s.e.Step(ctx, st, fs.StepInput{Envelope: bundle, Signer: signer, Reason: reason})
}

// Send sends a draft bundle as POST /bundles/{slug}/send/ does: its signers
// (the first one of an in-order bundle) get their packets; bundle_sent.
func (s *Server) Send(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepSend, bundleID, "", "")
}

// View records that a signer (packet id, key or email) whose turn it is opened
// their packet: it (and a bundle still "se") becomes "st"; packet_viewed.
func (s *Server) View(ctx context.Context, bundleID, signer string) error {
	return s.step(ctx, fs.StepView, bundleID, signer, "")
}

// Sign is SignWith without values.
func (s *Server) Sign(ctx context.Context, bundleID, signer string) error {
	return s.step(ctx, fs.StepSign, bundleID, signer, "")
}

// SignWith records that a signer (packet id, key or email) finished: values (by
// field key; another key is an error) fill the fields they may edit.
// Fields left out keep their pre-filled value, or get the signer's name
// (signatures, initials, names), today (dates) or true (checkboxes). The
// packet becomes "co" with its certificate (packet_complete) and the next
// in-order signer gets theirs; the last one completes the bundle: files
// and data ready, bundle_complete then bundle_docs_ready.
func (s *Server) SignWith(ctx context.Context, bundleID, signer string, values map[string]any) error {
	return s.play(ctx, "sign", fs.StepInput{Envelope: bundleID, Signer: signer},
		bySigner(func(c *fs.Call, b *fs.Item[bundle], p *packet, _ fs.StepInput) *fs.Error {
			return complete(c, b, p, values)
		}))
}

// Decline records that a signer (packet id, key or email) declined
// (packet_declined); the bundle is then cancelled (bundle_cancelled).
func (s *Server) Decline(ctx context.Context, bundleID, signer, reason string) error {
	return s.step(ctx, fs.StepDecline, bundleID, signer, reason)
}

// Complete plays View and Sign for every remaining signer of a sent
// bundle, in order; a complete bundle is left as it is.
func (s *Server) Complete(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepComplete, bundleID, "", "")
}

// Expire expires a sent bundle as PUT /bundles/{slug}/expire/ does (no
// webhook event exists for it).
func (s *Server) Expire(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepExpire, bundleID, "", "")
}

// Cancel cancels an unfinished bundle as PUT /bundles/{slug}/cancel/ does
// (bundle_cancelled).
func (s *Server) Cancel(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepCancel, bundleID, "", "")
}

// Fail makes a bundle fail as BlueInk's processing does (an unreachable
// file_url, say): status "fa", message in Bundle.errors, bundle_error.
func (s *Server) Fail(ctx context.Context, bundleID, message string) error {
	return s.play(ctx, "fail", fs.StepInput{Envelope: bundleID}, whole(func(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
		if !live(b.V.status) {
			return conflict("bundle %s has status %q", b.ID, b.V.status)
		}
		fail(c, b, "error", message, nil)
		return nil
	}))
}

// Reassign hands an unfinished packet (id, key or email) to another signer: it
// becomes "ra" and a new packet with its key and order takes its place;
// bundle_signer_reassigned names the new packet, whose id it returns.
func (s *Server) Reassign(ctx context.Context, bundleID, signer, name, email string) (newID string, err error) {
	err = s.play(ctx, "reassign", fs.StepInput{Envelope: bundleID, Signer: signer},
		bundles.Step(func(c *fs.Call, b *fs.Item[bundle], in fs.StepInput) (e *fs.Error) {
			newID, e = reassign(c, b, in.Signer, name, email)
			return e
		}))
	return newID, err
}

// Emit delivers an event to every enabled webhook subscribed to typ,
// changing nothing else.
func (s *Server) Emit(ctx context.Context, typ blueink.EventType, payload blueink.EventPayload) error {
	return s.e.Do(ctx, func(c *fs.Call) error { c.Emit(string(typ), payload); return nil })
}

// EmitTo delivers an event (of any type, even one BlueInk does not define)
// to one webhook, whatever its subscriptions.
func (s *Server) EmitTo(ctx context.Context, webhookID string, typ blueink.EventType, payload blueink.EventPayload) error {
	return s.e.Do(ctx, func(c *fs.Call) error {
		if webhooks.Get(c, webhookID) == nil {
			return fmt.Errorf("blueinktest: webhook %q: %w", webhookID, ErrNotFound)
		}
		c.Queue(prepareDeliveries(c, string(typ), payload, webhookID)...)
		return nil
	})
}

// play runs a verb beyond the uniform steps as Server.Step does: under the
// lock, its webhooks delivered before it returns.
func (s *Server) play(ctx context.Context, verb string, in fs.StepInput, f fs.StepFunc) error {
	return s.e.Do(ctx, func(c *fs.Call) error {
		if e := f(c, in); e != nil {
			return fmt.Errorf("blueinktest: %s: %w", verb, e)
		}
		return nil
	})
}
