package zignedtest

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// Default credentials accepted by the token endpoint.
const (
	DefaultClientID     = "zignedtest-client"
	DefaultClientSecret = "zignedtest-secret-0123456789"
)

// Paths on the server: the REST API base and the OAuth2 token endpoint.
const (
	APIPath   = "/rest/v3"
	TokenPath = "/oauth/token"
)

// Pseudo-statuses of FailNext.
const (
	// DropConnection closes the connection before the request is handled.
	DropConnection = fakeserver.DropConnection
	// LoseAnswer handles the request (it takes effect), then closes the
	// connection without answering.
	LoseAnswer = fakeserver.LoseAnswer
)

// Request is one request the server received: Method, Host, Path, the
// parsed Query, Header and Body.
type Request = fakeserver.Request

// Delivery is one webhook delivery the server attempted: WebhookID ("" for
// Emit), URL, Event, Header and Body as sent, the receiver's Status (0
// when none) or the transport Err.
type Delivery = fakeserver.Delivery[zigned.EventType]

// Errors of the lifecycle verbs (Send, View, Sign, ...), matched with
// errors.Is: shared by every fake of this module.
var (
	// ErrNotFound: no such agreement or participant.
	ErrNotFound = fakeserver.ErrNotFound
	// ErrState: the agreement or participant is not in a state that
	// allows the step.
	ErrState = fakeserver.ErrState
)

// ServerOption configures a Server.
type ServerOption func(*config)

type config struct {
	fakeserver.Options
	clientID, clientSecret string
	tokenTTL               time.Duration
	webhookSecret          string
	millis                 bool
}

// WithCredentials sets the client ID and secret the token endpoint accepts
// (default DefaultClientID, DefaultClientSecret).
func WithCredentials(clientID, clientSecret string) ServerOption {
	return func(c *config) { c.clientID, c.clientSecret = clientID, clientSecret }
}

// WithTokenTTL sets the lifetime of issued access tokens (default one hour;
// Zigned's are long-lived). Expired tokens are refused with 401.
func WithTokenTTL(d time.Duration) ServerOption { return func(c *config) { c.tokenTTL = d } }

// WithWebhookSecret makes every created webhook use secret (default: a
// random secret per webhook, returned in the webhook resource).
func WithWebhookSecret(secret string) ServerOption {
	return func(c *config) { c.webhookSecret = secret }
}

// WithClock sets the server's clock (timestamps, token expiry, signatures).
func WithClock(now func() time.Time) ServerOption { return func(c *config) { c.Clock = now } }

// WithSeed makes every generated value (secrets, tokens, request ids)
// reproducible. Ids are always deterministic.
func WithSeed(seed uint64) ServerOption {
	return func(c *config) { c.Seed, c.Seeded = seed, true }
}

// WithDeliveryClient sets the *http.Client that posts webhook deliveries
// (default: 10 s timeout), e.g. an httptest TLS server's Client().
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(c *config) { c.DeliveryClient = hc }
}

// WithListener makes the server listen on l (e.g. a fixed address for a
// sandbox) instead of a random loopback port; Close closes it.
func WithListener(l net.Listener) ServerOption { return func(c *config) { c.Listener = l } }

// WithMillisecondTimestamps signs deliveries with a millisecond timestamp
// (t=1717243200000) instead of seconds; Zigned's unit is not documented.
func WithMillisecondTimestamps() ServerOption { return func(c *config) { c.millis = true } }

// Server is an in-memory Zigned: the OAuth2 token endpoint and the whole
// REST v3 API. It is safe for concurrent use.
type Server struct {
	tb  testing.TB // set by NewServer: Client reports invalid options to it
	cfg config
	e   *fakeserver.Server
}

// NewServer starts a Server that is closed when the test ends.
func NewServer(tb testing.TB, opts ...ServerOption) *Server {
	tb.Helper()
	s := Start(opts...)
	s.tb = tb
	return fakeserver.CloseOnCleanup(tb, s)
}

// Start starts a Server for use outside tests; call Close when done.
func Start(opts ...ServerOption) *Server {
	cfg := config{clientID: DefaultClientID, clientSecret: DefaultClientSecret, tokenTTL: time.Hour}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg}
	s.e = fakeserver.Start(fakeserver.Config{
		Options: cfg.Options,
		Name:    "zignedtest",
		APIPath: APIPath,
		Routes:  routes(),
		Mounts: []fakeserver.Route{
			fakeserver.ClientCredentials{Path: TokenPath, ClientID: cfg.clientID, ClientSecret: cfg.clientSecret,
				TTL: cfg.tokenTTL, Prefix: "zt-access-"}.Route(),
			{Method: http.MethodDelete, Path: TokenPath + "/{token}", Handle: revokeToken},
			{Method: http.MethodGet, Path: "/download/{file_id}", Handle: download},
		},
		Auth:   fakeserver.Bearer(),
		Error:  renderError,
		Shape:  envelope,
		Time:   isoTime,
		Events: prepareDeliveries,
		Steps:  steps,
		State:  s,
	})
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.e.Close() }

// URL is the API base URL the client uses (zigned.WithBaseURL):
// Root() + "/rest/v3".
func (s *Server) URL() string { return s.e.APIURL() }

// TokenURL is the OAuth2 token endpoint (zigned.WithTokenURL).
func (s *Server) TokenURL() string { return s.e.Root() + TokenPath }

// Root is the server's root URL; file downloads and signing rooms live
// under it.
func (s *Server) Root() string { return s.e.Root() }

// Credentials returns the client ID and secret the token endpoint accepts.
func (s *Server) Credentials() (clientID, clientSecret string) {
	return s.cfg.clientID, s.cfg.clientSecret
}

// Client returns a real *zigned.Client pointed at the server, with its
// credentials and millisecond retry waits; opts are applied last. Invalid
// opts fail the test of a server from NewServer (tb.Fatal) and panic for a
// server from Start.
func (s *Server) Client(opts ...zigned.Option) *zigned.Client {
	base := []zigned.Option{
		zigned.WithBaseURL(s.URL()),
		zigned.WithTokenURL(s.TokenURL()),
		zigned.WithHTTPClient(s.e.HTTPClient()),
		zigned.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}
	c, err := zigned.NewClient(s.cfg.clientID, s.cfg.clientSecret, append(base, opts...)...)
	return fakeserver.ClientOrFail(s.tb, "zignedtest", c, err)
}

// FailNext makes the next REST request (not the token endpoint) fail with
// status and a Zigned error body, with Retry-After (seconds, rounded up)
// when retryAfter > 0; DropConnection and LoseAnswer close the connection
// instead, before or after handling the request. Calls queue up.
func (s *Server) FailNext(status int, retryAfter time.Duration) { s.e.FailNext(status, retryAfter) }

// Requests returns a copy of every request received, token requests
// included, oldest first.
func (s *Server) Requests() []Request { return s.e.Requests() }

// Deliveries returns a copy of every webhook delivery attempted, oldest
// first.
func (s *Server) Deliveries() []Delivery {
	return fakeserver.Deliveries[zigned.EventType](s.e.Deliveries())
}

// Ops lists the API operations the server serves ("GET agreements").
func (s *Server) Ops() []string { return s.e.Ops() }

// TokenGrants is how many access tokens the token endpoint issued.
func (s *Server) TokenGrants() (n int) {
	s.e.Tokens(func(t *fakeserver.Tokens) { n = t.Grants() })
	return n
}

// ExpireTokens invalidates every issued access token, as if they had expired
// on the server.
func (s *Server) ExpireTokens() { s.e.Tokens(func(t *fakeserver.Tokens) { t.Expire() }) }

// FileContent returns an uploaded (or generated) file's bytes.
func (s *Server) FileContent(fileID string) (content []byte, ok bool) {
	s.e.Lock(func(c *fakeserver.Call) {
		if it := files.Get(c, fileID); it != nil {
			content, ok = append([]byte(nil), it.V.content...), true
		}
	})
	return content, ok
}

// Send sends a draft or open agreement for signing, as
// Agreements.Send does: it needs a main document and a participant.
func (s *Server) Send(ctx context.Context, agreementID string) error {
	return s.e.Step(ctx, fakeserver.StepSend, fakeserver.StepInput{Envelope: agreementID})
}

// View records that a participant (by id or email) entered the signing
// room of a pending agreement: a sign event, and
// sign_event.signing_room.entered.
func (s *Server) View(ctx context.Context, agreementID, participant string) error {
	return s.e.Step(ctx, fakeserver.StepView, fakeserver.StepInput{Envelope: agreementID, Signer: participant})
}

// Sign simulates a participant (by id or email) signing, or an approver
// approving, a pending agreement in the signing room: the participant
// becomes fulfilled and participant.lifecycle.fulfilled is delivered. When
// the last participant signs, the agreement becomes fulfilled, its signed
// document is generated, and agreement.lifecycle.fulfilled then
// agreement.lifecycle.finalized are delivered.
func (s *Server) Sign(ctx context.Context, agreementID, participant string) error {
	return s.e.Step(ctx, fakeserver.StepSign, fakeserver.StepInput{Envelope: agreementID, Signer: participant})
}

// Decline simulates a participant (by id or email) refusing: the
// participant becomes rejected (an approver disapproves:
// sign_event.approval.disapproved) and the agreement is cancelled with
// reason as its cancellation reason (agreement.lifecycle.cancelled).
func (s *Server) Decline(ctx context.Context, agreementID, participant, reason string) error {
	return s.e.Step(ctx, fakeserver.StepDecline, fakeserver.StepInput{Envelope: agreementID, Signer: participant, Reason: reason})
}

// Complete makes every participant of a pending agreement sign, in order.
func (s *Server) Complete(ctx context.Context, agreementID string) error {
	return s.e.Step(ctx, fakeserver.StepComplete, fakeserver.StepInput{Envelope: agreementID})
}

// Expire makes a pending or open agreement pass its expiry: status
// expired, agreement.lifecycle.expired.
func (s *Server) Expire(ctx context.Context, agreementID string) error {
	return s.e.Step(ctx, fakeserver.StepExpire, fakeserver.StepInput{Envelope: agreementID})
}

// Cancel cancels an agreement from the issuer's side (custom reason
// "Cancelled by the issuer"), as Agreements.Cancel does.
func (s *Server) Cancel(ctx context.Context, agreementID string) error {
	return s.e.Step(ctx, fakeserver.StepCancel, fakeserver.StepInput{Envelope: agreementID})
}
