package legacyv1test

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Default credentials and account of a new Server.
const (
	DefaultUsername = "legacyv1test-user"
	DefaultSecret   = "legacyv1test-secret-key"
	// DefaultGroup is the slug of the group every new account has; the
	// API user is its administrator.
	DefaultGroup = "my-group"
	// APIPath is the path of the API base on the server.
	APIPath = "/api/v1"
	// CertificatePath serves the certificate of the callback signer (PEM),
	// for receivers that cannot call Signer.
	CertificatePath = "/certificate.pem"
)

// PDFMode is how GET /pdf/{id}/ answers.
type PDFMode int

// PDF answers.
const (
	// PDFReady answers 200 with the PDF.
	PDFReady PDFMode = iota
	// PDFRedirect answers 302 to a one-use download location
	// (/download/{token}), which refuses requests carrying credentials.
	PDFRedirect
	// PDFArchived answers 201: the document is being de-archived.
	PDFArchived
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

// Delivery is one callback the server posted: WebhookID (the
// subscription), Event ("status_batch", "legacy.sent", "legacy.signed",
// "legacy.rejected", or a realtime event such as "document.created"), URL,
// Header and Body as sent, the receiver's Status (0 when none) or the
// transport Err.
type Delivery = fakeserver.Delivery[string]

// Errors of the lifecycle verbs, matched with errors.Is: shared by every
// fake of this module.
var (
	// ErrNotFound: no such document or signer.
	ErrNotFound = fakeserver.ErrNotFound
	// ErrState: the document or signer is not in a state that allows the
	// step.
	ErrState = fakeserver.ErrState
)

// ServerOption configures a Server.
type ServerOption func(*config)

type config struct {
	fakeserver.Options
	username, secret string
	pdfMode          PDFMode
	relative         bool
	signer           *Signer
	realtimeSecret   string
	noDeletion       bool
}

// WithCredentials sets the username and secret the server accepts
// (default DefaultUsername, DefaultSecret). The username is the API user's
// id (/api/v1/user/<username>/).
func WithCredentials(username, secret string) ServerOption {
	return func(c *config) { c.username, c.secret = username, secret }
}

// WithPDFMode sets how PDFs are served by default (PDFReady); SetPDFMode
// changes it per document.
func WithPDFMode(m PDFMode) ServerOption { return func(c *config) { c.pdfMode = m } }

// WithRelativeLocation makes create answers carry a path-only Location
// ("/api/v1/document/<id>/") instead of an absolute URL.
func WithRelativeLocation() ServerOption { return func(c *config) { c.relative = true } }

// WithSigner sets the key pair that signs the legacy callbacks (default:
// a 2048-bit key generated when first needed; see Server.Signer).
func WithSigner(sg *Signer) ServerOption { return func(c *config) { c.signer = sg } }

// WithRealtimeSecret sets the account's webhookHmacSecret, which keys the
// X-Hmac-Sha256 of realtime callbacks (default: random, see
// Server.RealtimeSecret).
func WithRealtimeSecret(secret string) ServerOption {
	return func(c *config) { c.realtimeSecret = secret }
}

// WithoutAutomatedDeletion makes the groups refuse permanent deletions as
// Legalesign does when a group has not enabled automated deletion: DELETE
// /document/{id}/delete/ and /templatepdf/{id}/delete/ answer 200 and
// delete nothing.
func WithoutAutomatedDeletion() ServerOption { return func(c *config) { c.noDeletion = true } }

// WithClock sets the server's clock (timestamps, kept to the microsecond
// as Legalesign's are).
func WithClock(now func() time.Time) ServerOption { return func(c *config) { c.Clock = now } }

// WithSeed makes every generated value (link tokens, event ids, the
// realtime secret) reproducible. Ids are always deterministic.
func WithSeed(seed uint64) ServerOption {
	return func(c *config) { c.Seed, c.Seeded = seed, true }
}

// WithDeliveryClient sets the *http.Client that posts callbacks (default:
// 10 s timeout).
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(c *config) { c.DeliveryClient = hc }
}

// WithListener makes the server listen on l (e.g. a fixed address for a
// sandbox) instead of a random loopback port; Close closes it.
func WithListener(l net.Listener) ServerOption { return func(c *config) { c.Listener = l } }

// Server is an in-memory Legalesign API v1. It is safe for concurrent use.
type Server struct {
	tb  testing.TB // set by NewServer: Client reports invalid options to it
	cfg config
	e   *fakeserver.Server

	signerOnce sync.Once
	signerErr  error
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
	cfg := config{username: DefaultUsername, secret: DefaultSecret}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	clock := cfg.Clock
	if clock == nil {
		clock = time.Now
	}
	cfg.Clock = func() time.Time { return clock().UTC().Truncate(time.Microsecond) }
	s := &Server{cfg: cfg}
	s.e = fakeserver.Start(fakeserver.Config{
		Options: cfg.Options,
		Name:    "legacyv1test",
		APIPath: APIPath,
		Slash:   fakeserver.SlashRequired,
		Routes:  routes(),
		Mounts: []fakeserver.Route{{Method: http.MethodGet, Path: "/download/{token}", Handle: download},
			{Method: http.MethodGet, Path: "/preview/{token}", Handle: previewPage},
			{Method: http.MethodGet, Path: CertificatePath, Handle: certificate}},
		Auth:  fakeserver.Scheme("ApiKey", cfg.username+":"+cfg.secret),
		Error: renderError,
		Shape: shape,
		Time:  func(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.999999-07:00") },
		Steps: steps,
		State: s,
	})
	s.e.Lock(func(c *fakeserver.Call) {
		if s.cfg.realtimeSecret == "" {
			s.cfg.realtimeSecret = "whsec_" + c.Token(32, "")
		}
		seed(c, cfg.username)
	})
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.e.Close() }

// URL is the API base URL the client uses (legacyv1.WithBaseURL):
// Root() + "/api/v1".
func (s *Server) URL() string { return s.e.APIURL() }

// Root is the server's root URL; download locations and one-use links
// live under it.
func (s *Server) Root() string { return s.e.Root() }

// Credentials returns the username and secret the server accepts.
func (s *Server) Credentials() (username, secret string) { return s.cfg.username, s.cfg.secret }

// RealtimeSecret is the account's webhookHmacSecret: realtime callbacks
// carry X-Hmac-Sha256 = hex(HMAC-SHA256(secret, body)).
func (s *Server) RealtimeSecret() string { return s.cfg.realtimeSecret }

// Client returns a real *legacyv1.Client pointed at the server, with its
// credentials and millisecond retry waits; opts are applied last. Invalid
// opts fail the test of a server from NewServer (tb.Fatal) and panic for a
// server from Start.
func (s *Server) Client(opts ...legacyv1.Option) *legacyv1.Client {
	base := []legacyv1.Option{
		legacyv1.WithBaseURL(s.URL()),
		legacyv1.WithHTTPClient(s.e.HTTPClient()),
		legacyv1.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}
	c, err := legacyv1.NewClient(s.cfg.username, s.cfg.secret, append(base, opts...)...)
	return fakeserver.ClientOrFail(s.tb, "legacyv1test", c, err)
}

// FailNext makes the next API request fail with status and a Tastypie
// error body, with Retry-After (seconds, rounded up) when retryAfter > 0;
// DropConnection and LoseAnswer close the connection instead, before or
// after handling the request. Calls queue up.
func (s *Server) FailNext(status int, retryAfter time.Duration) { s.e.FailNext(status, retryAfter) }

// Requests returns a copy of every request received, downloads included,
// oldest first.
func (s *Server) Requests() []Request { return s.e.Requests() }

// Deliveries returns a copy of every callback attempted, oldest first.
func (s *Server) Deliveries() []Delivery { return s.e.Deliveries() }

// Ops lists the API operations the server serves ("GET document/{docId}").
func (s *Server) Ops() []string { return s.e.Ops() }

// Signer returns the key pair that signs the legacy callbacks, generating
// a 2048-bit one the first time (unless WithSigner gave one). Configure
// receivers with its Certificate or CertificatePEM.
func (s *Server) Signer() (*Signer, error) {
	s.signerOnce.Do(func() {
		if s.cfg.signer == nil {
			s.cfg.signer, s.signerErr = NewSigner(webhooktest.CertOptions{})
		}
	})
	return s.cfg.signer, s.signerErr
}

// SetPDFMode sets how one document's PDF is served.
func (s *Server) SetPDFMode(documentID string, m PDFMode) error {
	return s.e.Do(context.Background(), func(c *fakeserver.Call) error {
		if d := documents.Get(c, documentID); d != nil {
			d.V.pdfMode = &m
			return nil
		}
		return fakeserver.Errorf(http.StatusNotFound, "document %q not found", documentID)
	})
}

// Forward makes a signer (by id or email) of a document in progress
// forward it to email, as a signer can from the signing page; Signers.Reset
// reverts it.
func (s *Server) Forward(ctx context.Context, documentID, signer, email string) error {
	return s.e.Step(ctx, stepForward, fakeserver.StepInput{Envelope: documentID, Signer: signer, Reason: email})
}

// View makes a signer (by id or email) open the email (status 15) and
// visit the signing page (20): realtime recipient.emailOpened and
// recipient.visiting.
func (s *Server) View(ctx context.Context, documentID, signer string) error {
	return s.e.Step(ctx, fakeserver.StepView, fakeserver.StepInput{Envelope: documentID, Signer: signer})
}

// Sign makes a signer (by id or email) sign (40): realtime
// recipient.completed; with signers in order, the next signer is sent the
// document. When the last one signs, the document is signed (30): the
// "signed" callback and realtime document.finalPdfCreated.
func (s *Server) Sign(ctx context.Context, documentID, signer string) error {
	return s.e.Step(ctx, fakeserver.StepSign, fakeserver.StepInput{Envelope: documentID, Signer: signer})
}

// Decline makes a signer reject the document with reason (Signers.Rejection
// returns it): the signer is rejected (60) and the document too (50); the
// "rejected" callback, realtime recipient.rejected and document.rejected.
func (s *Server) Decline(ctx context.Context, documentID, signer, reason string) error {
	return s.e.Step(ctx, fakeserver.StepDecline, fakeserver.StepInput{Envelope: documentID, Signer: signer, Reason: reason})
}

// Complete makes every remaining signer sign, in order.
func (s *Server) Complete(ctx context.Context, documentID string) error {
	return s.e.Step(ctx, fakeserver.StepComplete, fakeserver.StepInput{Envelope: documentID})
}

// Cancel voids a document in progress, as Documents.Archive does: status
// removed (40), archived.
func (s *Server) Cancel(ctx context.Context, documentID string) error {
	return s.e.Step(ctx, fakeserver.StepCancel, fakeserver.StepInput{Envelope: documentID})
}

func serverOf(c *fakeserver.Call) *Server { return c.State().(*Server) }
