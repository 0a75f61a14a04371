package blueinktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
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
// default, and the cap applied to larger per_page values.
const (
	DefaultPerPage = 50
	MaxPerPage     = blueink.MaxPerPage
)

// Pseudo-statuses of FailNext.
const (
	// DropConnection closes the connection before the request is handled.
	DropConnection = fs.DropConnection
	// LoseAnswer handles the request (it takes effect, its webhooks are
	// delivered), then closes the connection without answering.
	LoseAnswer = fs.LoseAnswer
)

// Request is one request the server received, recorded before any
// processing (requests failed by FailNext or refused with 401 included):
// Method, Path (as received, e.g. "/api/v2/bundles/"), the parsed Query,
// Header (Authorization included) and the whole Body.
type Request = fs.Request

// Delivery is one webhook delivery attempt: WebhookID and URL, EventID
// (the id of the webhook event record, Webhooks.GetEvent), Event, Header
// and Body exactly as sent, the receiver's Status (0 when no answer
// arrived) or the transport Err.
type Delivery = fs.Delivery[blueink.EventType]

// Errors of the lifecycle verbs, matched with errors.Is: shared by every
// fake of this module.
var (
	// ErrNotFound: no bundle, packet or webhook has the given id.
	ErrNotFound = fs.ErrNotFound
	// ErrState: the bundle or packet is not in a state that allows the
	// step (e.g. signing a cancelled bundle, or for a signer whose turn has
	// not come in an in-order bundle).
	ErrState = fs.ErrState
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

// WithClock sets the server's clock: timestamps in answers, event dates,
// the signature timestamp of deliveries, link expiry and the reminder
// interval. Receivers verifying deliveries from a server with a fixed clock
// need the same clock: webhook.WithClock(srv.Now).
func WithClock(now func() time.Time) ServerOption { return func(c *config) { c.Clock = now } }

// WithSeed makes every generated value (bundle slugs, packet ids, UUIDs,
// tokens and the initial webhook secret) deterministic: two servers with
// the same seed that receive the same calls in the same order answer
// identically. Without it the values are random.
func WithSeed(seed uint64) ServerOption { return func(c *config) { c.Seed, c.Seeded = seed, true } }

// WithWebhookSecret sets the initial webhook shared secret. An empty secret
// means none has been generated yet: GET /webhooks/secret/ answers 404 and
// deliveries carry no signature until the secret is regenerated. Without
// this option a random (or seeded) base58 secret exists from the start.
func WithWebhookSecret(secret string) ServerOption {
	return func(c *config) { c.secret, c.secretIsSet = secret, true }
}

// WithDeliveryClient sets the *http.Client that posts webhook deliveries
// (default: a client with a 10 s timeout).
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(c *config) { c.DeliveryClient = hc }
}

// WithListener makes the server listen on l (e.g. a fixed address for a
// sandbox) instead of a random loopback port; Close closes it.
func WithListener(l net.Listener) ServerOption { return func(c *config) { c.Listener = l } }

// Server is an in-memory fake of the BlueInk API v2. Create it with
// NewServer (tests) or Start (programs). Its methods are safe for
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

// Start starts a Server; the caller must Close it. Programs (examples,
// demos, the sandbox command) use it; tests use NewServer.
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
		Steps: map[fs.Step]fs.StepFunc{
			fs.StepSend: stepSend, fs.StepView: stepView, fs.StepSign: stepSign, fs.StepDecline: stepDecline,
			fs.StepComplete: stepComplete, fs.StepExpire: stepExpire, fs.StepCancel: stepCancel,
		},
		State: s,
	})
	s.do(func(c *fs.Call) {
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

func srv(c *fs.Call) *Server { return c.State().(*Server) }

// do runs f under the engine's lock.
func (s *Server) do(f func(c *fs.Call)) {
	_ = s.e.Do(context.Background(), func(c *fs.Call) error { f(c); return nil })
}

// Close shuts the server down.
func (s *Server) Close() { s.e.Close() }

// String describes the server by its URL, without the API key or the
// webhook secret.
func (s *Server) String() string {
	if s == nil {
		return "blueinktest.Server(nil)"
	}
	return "blueinktest.Server{URL: " + s.URL() + "}"
}

// GoString implements fmt.GoStringer (%#v) like String.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb, so logging a *Server (%v, %+v,
// %#v, ...) never prints its API key or webhook secret.
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
// key and 1-10 ms retry waits (so retries never slow a test), then opts.
// Invalid opts are a programming error: they fail the test (tb.Fatal) of a
// server from NewServer, and panic for a server from Start; use
// blueink.NewClient with URL and APIKey to handle the error instead.
func (s *Server) Client(opts ...blueink.Option) *blueink.Client {
	all := append([]blueink.Option{
		blueink.WithBaseURL(s.URL()),
		blueink.WithHTTPClient(s.e.HTTPClient()),
		blueink.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}, opts...)
	c, err := blueink.NewClient(s.apiKey, all...)
	return fs.ClientOrFail(s.tb, "blueinktest", c, err)
}

// FailNext makes the next API request (whatever its endpoint) fail with
// status and a BlueInk-shaped error body, with a Retry-After header (whole
// seconds, rounded up) when retryAfter > 0; DropConnection and LoseAnswer
// close the connection instead, before or after handling the request.
// Calls queue up. File downloads are never failed.
func (s *Server) FailNext(status int, retryAfter time.Duration) { s.e.FailNext(status, retryAfter) }

// Requests returns a copy of every request received so far, in order.
func (s *Server) Requests() []Request { return s.e.Requests() }

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() { s.e.ResetRequests() }

// Deliveries returns a copy of every webhook delivery attempted so far, in
// order.
func (s *Server) Deliveries() []Delivery { return fs.Deliveries[blueink.EventType](s.e.Deliveries()) }

// Ops lists the API operations the server serves ("GET bundles/{bundle}").
func (s *Server) Ops() []string { return s.e.Ops() }

// WebhookSecret returns the current webhook shared secret ("" when none has
// been generated).
func (s *Server) WebhookSecret() (secret string) {
	s.do(func(*fs.Call) { secret = s.secret })
	return secret
}

// SignatureHeaders returns the x-blueink-signature and
// x-blueink-request-timestamp headers a delivery of body would carry now,
// signed with the current shared secret (empty when there is none). Use it
// to call a webhook handler directly, without the network.
func (s *Server) SignatureHeaders(body []byte) http.Header {
	h := http.Header{}
	s.do(func(c *fs.Call) { sign(c, h, body) })
	return h
}

// Bundle returns the bundle with the given slug as the API shows it, or nil.
func (s *Server) Bundle(slug string) *blueink.Bundle {
	var raw []byte
	s.do(func(c *fs.Call) {
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
	s.do(func(c *fs.Call) {
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

// Send sends a draft bundle, as POST /bundles/{slug}/send/ does: the bundle
// becomes "se", its signers (only the first one of an in-order bundle) are
// sent their packets, and bundle_sent is delivered.
func (s *Server) Send(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepSend, bundleID, "", "")
}

// View records that a signer (packet id or key) opened their packet: the
// packet (and a bundle still "se") becomes "st", last_accessed_at is set,
// and packet_viewed is delivered. The packet must have been sent to the
// signer (in an in-order bundle, only once the previous signers finished).
func (s *Server) View(ctx context.Context, bundleID, signer string) error {
	return s.step(ctx, fs.StepView, bundleID, signer, "")
}

// Sign records that a signer (packet id or key) finished, with the default
// values of SignWith.
func (s *Server) Sign(ctx context.Context, bundleID, signer string) error {
	return s.step(ctx, fs.StepSign, bundleID, signer, "")
}

// SignWith records that a signer (packet id or key) finished: values (by
// field key) fill the fields the signer may edit (fields listing the
// packet's key in their editors, or with no editors), recorded with the
// signer's packet key as filled_by and its id as packet_id. Fields left out
// keep their pre-filled value (an initial_value, filled_by "initial", or a
// template default, "default", with no packet_id) or, when they have none,
// get the signer's name for signatures, initials and names, the current
// date for dates and true for checkboxes. A key that names no such field is
// an error. The packet becomes "co" with its Certificate of Evidence, and
// packet_complete is delivered. In an in-order bundle the next signer is
// then sent their packet. When every packet is complete the bundle becomes
// "co" with docs_ready, its files and data become available, and
// bundle_complete then bundle_docs_ready are delivered.
func (s *Server) SignWith(ctx context.Context, bundleID, signer string, values map[string]any) error {
	return s.e.Do(ctx, func(c *fs.Call) error {
		b, p, e := actionable(c, bundleID, signer)
		if e == nil {
			e = complete(c, b, p, values)
		}
		return stepError("sign", e)
	})
}

// Decline records that a signer (packet id or key) declined to sign:
// packet_declined is delivered, then the bundle is cancelled (every
// unfinished packet becomes "ca") and bundle_cancelled is delivered.
// (BlueInk does not document what a decline does to the bundle; this is
// the fake's choice.)
func (s *Server) Decline(ctx context.Context, bundleID, signer, reason string) error {
	return s.step(ctx, fs.StepDecline, bundleID, signer, reason)
}

// Complete views and signs every remaining packet of a sent bundle in
// signing order (with default field values), delivering the same webhooks
// as View and Sign for each. A complete bundle is left as it is; any other
// status is ErrState.
func (s *Server) Complete(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepComplete, bundleID, "", "")
}

// Expire expires a sent bundle now, as PUT /bundles/{slug}/expire/ does
// (BlueInk has no webhook event for expiry).
func (s *Server) Expire(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepExpire, bundleID, "", "")
}

// Cancel cancels a bundle that is not finished, as
// PUT /bundles/{slug}/cancel/ does, and delivers bundle_cancelled.
func (s *Server) Cancel(ctx context.Context, bundleID string) error {
	return s.step(ctx, fs.StepCancel, bundleID, "", "")
}

// Fail makes a bundle fail as BlueInk's asynchronous processing does (an
// unreachable file_url, say): status "fa", Bundle.errors holds message,
// and bundle_error is delivered.
func (s *Server) Fail(ctx context.Context, bundleID, message string) error {
	return s.e.Do(ctx, func(c *fs.Call) error {
		b, e := liveBundle(c, bundleID)
		if e == nil {
			fail(c, b, "error", message, nil)
		}
		return stepError("fail", e)
	})
}

// Reassign hands an unfinished packet (signer: packet id or key) to
// another signer: the packet becomes "ra" (reassigned), a new packet with
// the same key and order and the new name and email takes its place
// (already sent if the old one was), and bundle_signer_reassigned is
// delivered with the new packet's id. It returns that id.
func (s *Server) Reassign(ctx context.Context, bundleID, signer, name, email string) (newID string, err error) {
	err = s.e.Do(ctx, func(c *fs.Call) error {
		var e *fs.Error
		newID, e = reassign(c, bundleID, signer, name, email)
		return stepError("reassign", e)
	})
	return newID, err
}

// Emit delivers an event of type typ with payload to every enabled webhook
// subscribed to typ, without changing any state: use it to test how a
// receiver handles an event the verbs do not produce. The event is recorded
// like any other.
func (s *Server) Emit(ctx context.Context, typ blueink.EventType, payload blueink.EventPayload) error {
	return s.e.Do(ctx, func(c *fs.Call) error { c.Emit(string(typ), payload); return nil })
}

// EmitTo delivers an event to one webhook whatever its subscriptions and
// enabled flag (typ may be a type BlueInk does not define, to test how a
// receiver handles unknown events).
func (s *Server) EmitTo(ctx context.Context, webhookID string, typ blueink.EventType, payload blueink.EventPayload) error {
	return s.e.Do(ctx, func(c *fs.Call) error {
		if webhooks.Get(c, webhookID) == nil {
			return fmt.Errorf("blueinktest: webhook %q: %w", webhookID, ErrNotFound)
		}
		c.Queue(prepareDeliveries(c, string(typ), payload, webhookID)...)
		return nil
	})
}

// stepError wraps a refusal of a verb like Server.Step does.
func stepError(verb string, e *fs.Error) error {
	if e == nil {
		return nil
	}
	return fmt.Errorf("blueinktest: %s: %w", verb, e)
}
