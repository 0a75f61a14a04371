package signeasytest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/signeasy"
)

// Default credentials of a Server.
const (
	DefaultClientID     = "signeasytest-client-id"
	DefaultClientSecret = "signeasytest-client-secret"
	DefaultAccessToken  = "signeasytest-static-access-token"
)

// The account the fake answers /me/ with; it owns every envelope.
const (
	OwnerUserID = 3625900
	OwnerEmail  = "owner@example.com"
)

// Paths on the server: the v3 API base, the OAuth token endpoint and the v2
// callback endpoint.
const (
	APIPath      = "/v3"
	TokenPath    = "/oauth/token"
	CallbackPath = "/v2/callback/"
)

// Pseudo-statuses of FailNext.
const (
	// DropConnection closes the connection before the request is handled.
	DropConnection = fs.DropConnection
	// LoseAnswer handles the request (it takes effect), then closes the
	// connection without answering.
	LoseAnswer = fs.LoseAnswer
)

// Request is one request the server received: Method, Host, Path, the
// parsed Query, Header and Body.
type Request = fs.Request

// Delivery is one webhook delivery the server attempted: WebhookID (the
// callback URL), URL, Event, Header and Body as sent, the receiver's Status
// (0 when none) or the transport Err.
type Delivery = fs.Delivery[signeasy.EventType]

// Errors of the lifecycle verbs (View, Sign, ...), matched with errors.Is:
// shared by every fake of this module.
var (
	// ErrNotFound: no such envelope or recipient.
	ErrNotFound = fs.ErrNotFound
	// ErrState: the envelope or recipient is not in a state that allows the
	// step.
	ErrState = fs.ErrState
)

// ServerOption configures a Server.
type ServerOption func(*config)

type config struct {
	fs.Options
	clientID, clientSecret, accessToken string
	tokenTTL                            time.Duration
	v1                                  []string
}

// WithCredentials sets the client id and secret the token endpoint accepts
// (default DefaultClientID, DefaultClientSecret).
func WithCredentials(clientID, clientSecret string) ServerOption {
	return func(c *config) { c.clientID, c.clientSecret = clientID, clientSecret }
}

// WithAccessToken sets the static access token the API accepts (default
// DefaultAccessToken).
func WithAccessToken(token string) ServerOption { return func(c *config) { c.accessToken = token } }

// WithTokenLifetime sets the lifetime (expires_in) of issued tokens
// (default 30 days, as Signeasy's). Expired tokens are refused with 401.
func WithTokenLifetime(d time.Duration) ServerOption { return func(c *config) { c.tokenTTL = d } }

// WithClock sets the server's clock (timestamps, token expiry).
func WithClock(now func() time.Time) ServerOption { return func(c *config) { c.Clock = now } }

// WithSeed makes every generated value (tokens, public identifiers)
// reproducible. Ids are always deterministic.
func WithSeed(seed uint64) ServerOption { return func(c *config) { c.Seed, c.Seeded = seed, true } }

// WithDeliveryClient sets the *http.Client that posts webhook deliveries
// (default: 10 s timeout).
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(c *config) { c.DeliveryClient = hc }
}

// WithListener makes the server listen on l (e.g. a fixed address for a
// sandbox) instead of a random loopback port; Close closes it.
func WithListener(l net.Listener) ServerOption { return func(c *config) { c.Listener = l } }

// WithV1Callbacks registers v1 callback URLs (Signeasy's legacy
// /v1/callback/urls, which has no events and no token): every event is
// also delivered to each in the v1 shape, without data.sources and
// metadata.token (verify them with signeasy.AllowV1).
func WithV1Callbacks(urls ...string) ServerOption {
	return func(c *config) { c.v1 = append(c.v1, urls...) }
}

// Server is an in-memory Signeasy: the OAuth token endpoint, the v3 API
// and the v2 callback API. It is safe for concurrent use.
type Server struct {
	tb  testing.TB // set by NewServer: Client reports invalid options to it
	cfg config
	e   *fs.Server
}

// NewServer starts a Server that is closed when the test ends.
func NewServer(tb testing.TB, opts ...ServerOption) *Server {
	tb.Helper()
	s := Start(opts...)
	s.tb = tb
	return fs.CloseOnCleanup(tb, s)
}

// Start starts a Server for use outside tests; call Close when done.
func Start(opts ...ServerOption) *Server {
	cfg := config{clientID: DefaultClientID, clientSecret: DefaultClientSecret, accessToken: DefaultAccessToken,
		tokenTTL: signeasy.DefaultTokenLifetime}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg}
	s.e = fs.Start(fs.Config{
		Options: cfg.Options,
		Name:    "signeasytest",
		APIPath: APIPath,
		Slash:   fs.SlashExact,
		Routes:  routes(),
		Mounts: []fs.Route{fs.ClientCredentials{Path: TokenPath, ClientID: cfg.clientID, ClientSecret: cfg.clientSecret,
			JSON: true, Audience: signeasy.DefaultAudience, BadClient: "access_denied", TTL: cfg.tokenTTL, Prefix: "set-",
			Scope: "rs:read rs:create rs:update original:read original:create template:read user:read"}.Route(),
			recipients.On(http.MethodGet, "/sign/{pending_file_id}/{recipient_id}", signingPage)},
		Auth:    fs.Bearer(cfg.accessToken),
		Error:   renderError,
		Time:    func(t time.Time) any { return t.Unix() },
		Events:  prepareDeliveries,
		MaxBody: maxUpload + 1<<20,
		Steps:   steps,
		State:   s,
	})
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.e.Close() }

// URL is the v3 API base URL the client uses (signeasy.WithBaseURL):
// Root() + "/v3".
func (s *Server) URL() string { return s.e.APIURL() }

// Root is the server's root URL.
func (s *Server) Root() string { return s.e.Root() }

// TokenURL is the token endpoint (signeasy.WithTokenURL).
func (s *Server) TokenURL() string { return s.e.Root() + TokenPath }

// CallbackURL is the v2 callback endpoint (the client derives it from
// URL).
func (s *Server) CallbackURL() string { return s.e.Root() + CallbackPath }

// Credentials returns the client id and secret the token endpoint accepts.
func (s *Server) Credentials() (clientID, clientSecret string) {
	return s.cfg.clientID, s.cfg.clientSecret
}

// AccessToken returns the static access token the API accepts.
func (s *Server) AccessToken() string { return s.cfg.accessToken }

func (s *Server) options(opts []signeasy.Option) []signeasy.Option {
	return append([]signeasy.Option{signeasy.WithBaseURL(s.URL()), signeasy.WithTokenURL(s.TokenURL()),
		signeasy.WithHTTPClient(s.e.HTTPClient()), signeasy.WithRetryWait(time.Millisecond, 10*time.Millisecond)}, opts...)
}

// Client returns a real *signeasy.Client that authenticates with client
// credentials against the fake's token endpoint, with millisecond retry
// waits; opts are applied last. Invalid opts fail the test of a server
// from NewServer (tb.Fatal) and panic for a server from Start.
func (s *Server) Client(opts ...signeasy.Option) *signeasy.Client {
	c, err := signeasy.NewClientWithCredentials(s.cfg.clientID, s.cfg.clientSecret, s.options(opts)...)
	return fs.ClientOrFail(s.tb, "signeasytest", c, err)
}

// StaticClient returns a real *signeasy.Client using the static access
// token, like Client otherwise.
func (s *Server) StaticClient(opts ...signeasy.Option) *signeasy.Client {
	c, err := signeasy.NewClientWithToken(s.cfg.accessToken, s.options(opts)...)
	return fs.ClientOrFail(s.tb, "signeasytest", c, err)
}

// FailNext makes the next API request (v3 or v2, not the token endpoint)
// fail with status and a Signeasy error body, with Retry-After (seconds,
// rounded up) when retryAfter > 0; DropConnection and LoseAnswer close the
// connection instead, before or after handling the request. Calls queue up.
func (s *Server) FailNext(status int, retryAfter time.Duration) { s.e.FailNext(status, retryAfter) }

// Requests returns a copy of every request received, token requests
// included, oldest first.
func (s *Server) Requests() []Request { return s.e.Requests() }

// Deliveries returns a copy of every webhook delivery attempted, oldest
// first.
func (s *Server) Deliveries() []Delivery { return fs.Deliveries[signeasy.EventType](s.e.Deliveries()) }

// Ops lists the API operations the server serves ("GET original/"; the v2
// callback ones with their absolute path).
func (s *Server) Ops() []string { return s.e.Ops() }

// TokenGrants is how many access tokens the token endpoint issued.
func (s *Server) TokenGrants() (n int) {
	s.e.Tokens(func(t *fs.Tokens) { n = t.Grants() })
	return n
}

// ExpireTokens invalidates every issued access token (not the static one),
// as if they had expired on the server.
func (s *Server) ExpireTokens() { s.e.Tokens(func(t *fs.Tokens) { t.Expire() }) }

// AddOriginal stores an original document (as an upload would) and returns
// its id.
func (s *Server) AddOriginal(name string, content []byte) (id int64) {
	s.e.Lock(func(c *fs.Call) {
		id = num(originals.Add(c, "", original{name: name, contentType: "application/pdf", content: content}).ID)
	})
	return id
}

// AddTemplate stores a template whose roles have the given names (role ids
// 1, 2, ...), as Signeasy's template editor would, and returns its id.
func (s *Server) AddTemplate(name string, roles ...string) (id int64) {
	s.e.Lock(func(c *fs.Call) { id = num(templates.Add(c, "", template{name: name, roles: roles}).ID) })
	return id
}

// AddSelfSigned stores a document the account signed itself (Signeasy's
// self-sign flow, outside the API): it is listed by GET /me/signed/ and
// downloadable as a signed file. It returns the signed file id.
func (s *Server) AddSelfSigned(name string, content []byte) (id int64) {
	s.e.Lock(func(c *fs.Call) { id = num(newSigned(c, "", name, content).ID) })
	return id
}

// Content returns the bytes of an original or of a signed file as the
// download endpoints serve them (merged, without certificate).
func (s *Server) Content(id int64) (content []byte, ok bool) {
	s.e.Lock(func(c *fs.Call) {
		key := strconv.FormatInt(id, 10)
		if o := originals.Get(c, key); o != nil {
			content, ok = o.V.content, true
		} else if f := signedFiles.Get(c, key); f != nil {
			content, ok = signedPDF(c, f, false), true
		}
	})
	return content, ok
}

// Emit delivers event for an envelope, as it is now, to every callback
// subscribed to it (rs.reminded and rs.bulksign_* are never emitted by the
// fake itself), and reports the first delivery that was not answered 2xx.
func (s *Server) Emit(ctx context.Context, event signeasy.EventType, envelopeID string) error {
	var out []fs.Outgoing
	var e *fs.Error
	s.e.Lock(func(c *fs.Call) {
		if env := envelopes.Get(c, envelopeID); env != nil {
			out = prepareDeliveries(c, string(event), delivery{data: renderEnvelope(c, env), user: OwnerEmail, userID: OwnerUserID})
		} else {
			e = envelopes.NotFound(c)
		}
	})
	if e != nil {
		return e
	}
	for _, d := range s.e.Deliver(ctx, out...) {
		switch {
		case d.Err != nil:
			return d.Err
		case !d.OK():
			return fmt.Errorf("signeasytest: delivery of %s to %s: status %d", d.Event, d.URL, d.Status)
		}
	}
	return nil
}

// Signeasy has no Send: an envelope is created and sent in one call
// (Envelopes.Create).

// View records that a recipient (by recipient id or email) opened a pending
// envelope: the recipient becomes viewed, rs.viewed is delivered.
func (s *Server) View(ctx context.Context, envelopeID, recipient string) error {
	return s.e.Step(ctx, fs.StepView, fs.StepInput{Envelope: envelopeID, Signer: recipient})
}

// Sign makes a recipient (by recipient id or email) sign: the recipient is
// finalized and rs.signed is delivered; in an ordered, emailed envelope
// the next recipient's link goes out (rs.link_sent). When the last
// recipient signs, the envelope is complete, its signed file is made and
// rs.completed is delivered.
func (s *Server) Sign(ctx context.Context, envelopeID, recipient string) error {
	return s.e.Step(ctx, fs.StepSign, fs.StepInput{Envelope: envelopeID, Signer: recipient})
}

// Decline makes a recipient decline with reason (its decline_message): the
// envelope becomes recipient_declined, rs.declined is delivered.
func (s *Server) Decline(ctx context.Context, envelopeID, recipient, reason string) error {
	return s.e.Step(ctx, fs.StepDecline, fs.StepInput{Envelope: envelopeID, Signer: recipient, Reason: reason})
}

// Complete makes every remaining recipient sign, in order.
func (s *Server) Complete(ctx context.Context, envelopeID string) error {
	return s.e.Step(ctx, fs.StepComplete, fs.StepInput{Envelope: envelopeID})
}

// Expire makes a pending envelope expire: status expired, rs.expired.
func (s *Server) Expire(ctx context.Context, envelopeID string) error {
	return s.e.Step(ctx, fs.StepExpire, fs.StepInput{Envelope: envelopeID})
}

// Cancel cancels a pending envelope as its sender, as Envelopes.Cancel
// does: status canceled, rs.voided.
func (s *Server) Cancel(ctx context.Context, envelopeID string) error {
	return s.e.Step(ctx, fs.StepCancel, fs.StepInput{Envelope: envelopeID})
}

// ---- errors and deliveries

// statusCodes are the error_code of errors the fake names by status alone.
// Signeasy's own codes are known only for business refusals
// (unauthorized_resource) and a few validations; these are the fake's.
var statusCodes = map[int]string{
	http.StatusBadRequest: "invalid_request", http.StatusUnauthorized: "invalid_token", http.StatusForbidden: "forbidden",
	http.StatusNotFound: "not_found", http.StatusMethodNotAllowed: "method_not_allowed", http.StatusConflict: "conflict",
	http.StatusRequestEntityTooLarge: "request_too_large", http.StatusTooManyRequests: "rate_limited",
}

// renderError answers Signeasy's error object {"message", "error_code"}.
func renderError(_ *fs.Call, e *fs.Error) fs.Reply {
	code := e.Code
	if code == "" || code == "invalid" || code == "unauthorized" {
		code = cmp.Or(statusCodes[e.Status], "server_error")
	}
	return fs.JSON(e.Status, map[string]string{"message": e.Message, "error_code": code})
}

// refused is Signeasy's business refusal: 401 unauthorized_resource (as
// recorded for a cancel not allowed and the signing URL of a request that
// is not embedded), whatever the token.
func refused(why string) *fs.Error {
	return &fs.Error{Status: http.StatusUnauthorized, Code: "unauthorized_resource", Message: "Unauthorized: " + why}
}

// bad is a 400 with one of the fake's validation codes.
func bad(code, msg string) *fs.Error {
	return &fs.Error{Status: http.StatusBadRequest, Code: code, Message: msg}
}

// delivery is what event hands to prepareDeliveries.
type delivery struct {
	data   map[string]any
	user   string
	userID int64
}

// prepareDeliveries posts {"data", "metadata"} to every v2 callback
// subscribed to the event (with its token in metadata.token) and to every
// v1 callback (without data.sources and token). rs.remind, the body's
// spelling, and rs.reminded, the subscription's, are one.
func prepareDeliveries(c *fs.Call, name string, v any) []fs.Outgoing {
	ev, s := v.(delivery), c.State().(*Server)
	post := func(url, token string, data map[string]any) fs.Outgoing {
		md := map[string]any{"event_type": name, "event_user": ev.user, "event_user_id": ev.userID, "client_id": s.cfg.clientID}
		if token != "" {
			md["token"] = token
		}
		body, _ := json.Marshal(map[string]any{"data": data, "metadata": md})
		return fs.Outgoing{WebhookID: url, Event: name, URL: url, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
	}
	remind := func(e string) bool { return e == string(signeasy.EventRemind) || e == string(signeasy.EventReminded) }
	var out []fs.Outgoing
	for _, cb := range callbacks.All(c) {
		if slices.ContainsFunc(cb.V.events, func(e string) bool { return e == name || (remind(e) && remind(name)) }) {
			out = append(out, post(cb.V.url, cb.V.token, ev.data))
		}
	}
	v1 := maps.Clone(ev.data)
	delete(v1, "sources")
	for _, u := range s.cfg.v1 {
		out = append(out, post(u, "", v1))
	}
	return out
}
