// This file is the prelude of the program TestREADME generates from the
// README's ```go blocks (see ../readme_test.go). It is not built on its own:
// the test copies it next to the generated snippets.go, which defines
// readmeSnippets, and builds both as one main package.
//
// What a snippet may use without declaring it (bound before each snippet;
// "its provider" is the first provider package the snippet names, blueink
// when it names none):
//
//	ctx                          a context.Context that ends after 30 s
//	t                            a testing.TB: Fatal/FailNow fail the snippet, Cleanup runs after it
//	apiKey                       the BlueInk API key (of the BlueInk fake)
//	clientID, clientSecret       OAuth client credentials (Zigned and Signeasy fakes accept both)
//	accessToken                  a Signeasy static access token
//	username, apiSecret          Legalesign (legacyv1) API credentials
//	c                            a *blueink.Client of the BlueInk fake
//	slug                         a bundle id the BlueInk fake does not know (404)
//	signedID, sourceID           a completed Signeasy envelope's signed id and its document's source id
//	secret, webhookSecret,
//	callbackToken                its provider's webhook secret (InsertSign: the guard's query token)
//	certPEM                      the Legalesign callback certificate (PEM)
//	body, r                      a real delivery of its provider, as the fake sent it: the raw body and
//	                             the request (POST /hooks/<provider>, headers as sent, body unread)
//	p                            its provider's webhook.Provider (verifying with secret/certPEM)
//	w                            an http.ResponseWriter (an httptest.ResponseRecorder)
//	mux                          a fresh *http.ServeMux
//
// Files a snippet opens by name exist in its working directory: nda.pdf and
// contract.pdf (small real PDFs).
//
// Every production API host (each package's DefaultBaseURL, token and
// callback URLs) is served by the fake servers: http.DefaultTransport, which
// the clients use when given no *http.Client, is replaced by one that
// rewrites those URLs to the fakes and refuses any other non-loopback host,
// so a snippet never reaches the network.
//
// A snippet fails when it returns an error, when an err it assigns is not
// nil and the snippet does not look at it (the test inserts the check),
// when it panics or calls t.Fatal, or when it registers a handler on mux
// for /hooks/<provider> and that handler does not answer r (replayed after
// the snippet) with 200.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// The snippets' free identifiers.
var (
	ctx                                  context.Context
	t                                    testing.TB
	apiKey                               string
	clientID, clientSecret, accessToken  string
	username, apiSecret                  string
	c                                    *blueink.Client
	slug                                 string
	signedID, sourceID                   int64
	secret, webhookSecret, callbackToken string
	certPEM                              []byte
	body                                 []byte
	r                                    *http.Request
	p                                    webhook.Provider
	w                                    http.ResponseWriter
	mux                                  *http.ServeMux
)

// readmeSnippet is one ```go block of the README (snippets.go lists them).
type readmeSnippet struct {
	Line        int    // README line of the block's first line of code
	Provider    string // blueink, zigned, signeasy, insertsign or legacyv1
	CompileOnly bool   // "// README-test: compile-only"
	Run         func() error
}

// readmeResult is what the program reports for one snippet, one JSON
// object per line, in the file named by its first argument.
type readmeResult struct {
	Line    int    `json:"line"`
	Skipped bool   `json:"skipped,omitempty"`
	Error   string `json:"error,omitempty"`
	Seconds string `json:"seconds"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: snippets RESULTS-FILE")
		os.Exit(2)
	}
	out, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	env, err := readmeStart()
	if err != nil {
		fmt.Fprintln(os.Stderr, "README prelude:", err)
		os.Exit(2)
	}
	failed := false
	enc := json.NewEncoder(out)
	for _, s := range readmeSnippets {
		res := readmeResult{Line: s.Line, Skipped: s.CompileOnly}
		if !s.CompileOnly {
			start := time.Now()
			if err := env.run(s); err != nil {
				res.Error = err.Error()
				failed = true
			}
			res.Seconds = fmt.Sprintf("%.3f", time.Since(start).Seconds())
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	env.close()
	if err := out.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// readmeErr is the error of an err the snippet did not check (the test
// inserts `if err != nil { return readmeErr(line, err) }`).
func readmeErr(line int, err error) error {
	return fmt.Errorf("README.md:%d: err is not nil: %w", line, err)
}

// Credentials every fake is started with.
const (
	readmeClientID     = "readme-client-id"
	readmeClientSecret = "readme-client-secret-0123456789"
	readmeUsername     = "readme-user"
	readmeAPISecret    = "readme-api-secret"
	readmeBlueInkHook  = "readme-blueink-webhook-secret"
	readmeZignedHook   = "readme-zigned-webhook-secret"
	readmeSigneasyHook = "readme-signeasy-callback-token"
	readmeInsertToken  = "readme-insertsign-query-token"
)

// readmeEnv holds the fake servers and, per provider, the delivery and
// values its snippets are bound to (made the first time one needs them).
type readmeEnv struct {
	blueInk  *blueinktest.Server
	zigned   *zignedtest.Server
	signeasy *signeasytest.Server
	legacy   *legacyv1test.Server
	capture  *readmeCapture
	hooks    *httptest.Server
	dir      string

	deliveries map[string]*readmeDelivery
}

// readmeDelivery is one provider's bindings.
type readmeDelivery struct {
	secret   string
	certPEM  []byte
	provider webhook.Provider
	req      readmeRequest
	signedID int64
	sourceID int64
}

// readmeStart starts the fakes, routes the production hosts to them and
// makes the working directory with the files snippets open.
func readmeStart() (*readmeEnv, error) {
	e := &readmeEnv{deliveries: map[string]*readmeDelivery{}, capture: &readmeCapture{}}
	e.hooks = httptest.NewServer(e.capture)
	e.blueInk = blueinktest.Start(blueinktest.WithWebhookSecret(readmeBlueInkHook))
	e.zigned = zignedtest.Start(zignedtest.WithCredentials(readmeClientID, readmeClientSecret), zignedtest.WithWebhookSecret(readmeZignedHook))
	e.signeasy = signeasytest.Start(signeasytest.WithCredentials(readmeClientID, readmeClientSecret))
	e.legacy = legacyv1test.Start(legacyv1test.WithCredentials(readmeUsername, readmeAPISecret))

	routes := []readmeRoute{
		{blueink.DefaultBaseURL, e.blueInk.URL()},
		{zigned.DefaultBaseURL, e.zigned.URL()},
		{zigned.DefaultTokenURL, e.zigned.TokenURL()},
		{signeasy.DefaultBaseURL, e.signeasy.URL()},
		{signeasy.DefaultTokenURL, e.signeasy.TokenURL()},
		{signeasy.DefaultCallbackURL, e.signeasy.CallbackURL()},
		{legacyv1.DefaultBaseURL, e.legacy.URL()},
		{legacyv1.LegacyBaseURL, e.legacy.URL()},
	}
	http.DefaultTransport = &readmeTransport{routes: routes, next: http.DefaultTransport}

	dir, err := os.MkdirTemp("", "readme-snippets-")
	if err != nil {
		return nil, err
	}
	e.dir = dir
	for name, text := range map[string]string{"nda.pdf": "Mutual NDA", "contract.pdf": "Contract"} {
		if err := os.WriteFile(dir+"/"+name, blueinktest.PDF(text), 0o600); err != nil {
			return nil, err
		}
	}
	return e, os.Chdir(dir)
}

func (e *readmeEnv) close() {
	e.hooks.Close()
	e.blueInk.Close()
	e.zigned.Close()
	e.signeasy.Close()
	e.legacy.Close()
	_ = os.RemoveAll(e.dir)
}

// run binds the free identifiers for s, runs it, replays its provider's
// delivery to mux when s registered a handler for it, and runs t's cleanups.
func (e *readmeEnv) run(s readmeSnippet) (err error) {
	at := fmt.Sprintf("README.md:%d", s.Line)
	var cancel context.CancelFunc
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := e.delivery(ctx, s.Provider)
	if err != nil {
		return fmt.Errorf("%s: prelude: %s delivery: %w", at, s.Provider, err)
	}
	tb := &readmeT{name: at, ctx: ctx}
	defer tb.cleanup()
	t = tb
	apiKey = e.blueInk.APIKey()
	clientID, clientSecret = readmeClientID, readmeClientSecret
	accessToken = e.signeasy.AccessToken()
	username, apiSecret = readmeUsername, readmeAPISecret
	c = e.blueInk.Client()
	slug = "NoSuchSlug"
	signedID, sourceID = d.signedID, d.sourceID
	secret, webhookSecret, callbackToken = d.secret, d.secret, d.secret
	certPEM = d.certPEM
	body = bytes.Clone(d.req.body)
	r = d.req.request()
	p = d.provider
	w = httptest.NewRecorder()
	mux = http.NewServeMux()

	defer func() {
		if v := recover(); v != nil {
			if f, ok := v.(readmeFailNow); ok {
				err = fmt.Errorf("%s: t.FailNow: %s", at, f.logs)
				return
			}
			err = fmt.Errorf("%s: panic: %v\n%s", at, v, debug.Stack())
		}
	}()
	if err := s.Run(); err != nil {
		if !strings.HasPrefix(err.Error(), "README.md:") {
			err = fmt.Errorf("%s: returned: %w", at, err)
		}
		return err
	}
	if tb.Failed() {
		return fmt.Errorf("%s: t.Error: %s", at, tb.logs)
	}
	replay := d.req.request()
	if _, pattern := mux.Handler(replay); pattern != "" {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, replay)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%s: the %s delivery replayed to %s on mux was answered %d: %s", at, s.Provider, replay.URL.Path, rec.Code, strings.TrimSpace(rec.Body.String()))
		}
	}
	return nil
}

// delivery returns a provider's bindings, running a signing flow on its
// fake the first time to obtain a real delivery (captured by e.hooks).
func (e *readmeEnv) delivery(ctx context.Context, provider string) (*readmeDelivery, error) {
	if d := e.deliveries[provider]; d != nil {
		return d, nil
	}
	var d *readmeDelivery
	var err error
	switch provider {
	case "blueink":
		d, err = e.blueInkDelivery(ctx)
	case "zigned":
		d, err = e.zignedDelivery(ctx)
	case "signeasy":
		d, err = e.signeasyDelivery(ctx)
	case "insertsign":
		d, err = e.insertSignDelivery(ctx)
	case "legacyv1":
		d, err = e.legacyDelivery(ctx)
	default:
		err = fmt.Errorf("no prelude for provider %q", provider)
	}
	if err != nil {
		return nil, err
	}
	e.deliveries[provider] = d
	return d, nil
}

// hookURL is where a provider's fake delivers during the prelude's flows.
func (e *readmeEnv) hookURL(provider string) string { return e.hooks.URL + "/hooks/" + provider }

func (e *readmeEnv) captured(provider string) (readmeRequest, error) {
	req, ok := e.capture.last("/hooks/" + provider)
	if !ok {
		return req, fmt.Errorf("the %s fake delivered nothing", provider)
	}
	return req, nil
}

// blueInkDelivery: bundle_docs_ready of a bundle the fake's signer completed.
func (e *readmeEnv) blueInkDelivery(ctx context.Context) (*readmeDelivery, error) {
	bc := e.blueInk.Client()
	if _, _, err := bc.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "readme receiver", URL: e.hookURL("blueink"),
		EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleDocsReady}}); err != nil {
		return nil, err
	}
	b, _, err := blueink.NewBundleBuilder().Label("README").
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Jane Doe", Email: "jane@example.com"}).
		DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "", blueinktest.PDF("README"))).
		Create(ctx, bc.Bundles)
	if err != nil {
		return nil, err
	}
	if err := e.blueInk.Complete(ctx, b.ID); err != nil {
		return nil, err
	}
	req, err := e.captured("blueink")
	return &readmeDelivery{secret: readmeBlueInkHook, req: req,
		provider: blueink.WebhookProvider(readmeBlueInkHook)}, err
}

// zignedDelivery: agreement.lifecycle.finalized of a signed agreement.
func (e *readmeEnv) zignedDelivery(ctx context.Context) (*readmeDelivery, error) {
	zc := e.zigned.Client()
	if _, _, err := zc.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: e.hookURL("zigned"), Status: zigned.WebhookActive,
		Subscriptions: []zigned.EventType{zigned.EventAgreementLifecycleFinalized}}); err != nil {
		return nil, err
	}
	pdf := blueinktest.PDF("README")
	f, _, err := zc.Files.Upload(ctx, &zigned.FileUpload{Filename: "readme.pdf",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil }})
	if err != nil {
		return nil, err
	}
	a, _, err := zc.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "readme"})
	if err != nil {
		return nil, err
	}
	if _, _, err := zc.Documents.SetMain(ctx, a.ID, f.ID); err != nil {
		return nil, err
	}
	if _, _, err := zc.Participants.Create(ctx, a.ID, &zigned.ParticipantRequest{Name: "Jane Doe", Email: "jane@example.com"}); err != nil {
		return nil, err
	}
	if _, _, err := zc.Agreements.Send(ctx, a.ID); err != nil {
		return nil, err
	}
	if err := e.zigned.Complete(ctx, a.ID); err != nil {
		return nil, err
	}
	req, err := e.captured("zigned")
	return &readmeDelivery{secret: readmeZignedHook, req: req,
		provider: zigned.WebhookProvider(readmeZignedHook)}, err
}

// signeasyDelivery: rs.completed of a signed envelope, whose signed id and
// source id are bound to signedID and sourceID.
func (e *readmeEnv) signeasyDelivery(ctx context.Context) (*readmeDelivery, error) {
	sc := e.signeasy.Client()
	if _, err := sc.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: e.hookURL("signeasy"),
		Events: []signeasy.EventType{signeasy.EventCompleted}, Token: webhook.Secret(readmeSigneasyHook)}); err != nil {
		return nil, err
	}
	pdf := blueinktest.PDF("README")
	orig, _, err := sc.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "readme.pdf",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil }})
	if err != nil {
		return nil, err
	}
	env, _, err := sc.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: orig.ID, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
	})
	if err != nil {
		return nil, err
	}
	if err := e.signeasy.Sign(ctx, strconv.FormatInt(env.ID, 10), "ada@example.com"); err != nil {
		return nil, err
	}
	signed, _, err := sc.Envelopes.GetSigned(ctx, env.ID)
	if err != nil {
		return nil, err
	}
	req, err := e.captured("signeasy")
	return &readmeDelivery{secret: readmeSigneasyHook, req: req, signedID: signed.ID, sourceID: 1,
		provider: signeasy.WebhookProvider(readmeSigneasyHook)}, err
}

// insertSignDelivery: request.completed, with the guard's query token.
func (e *readmeEnv) insertSignDelivery(ctx context.Context) (*readmeDelivery, error) {
	if _, err := insertsigntest.Send(ctx, e.hookURL("insertsign"), insertsigntest.RequestCompleted(),
		insertsigntest.WithQueryToken("token", readmeInsertToken)); err != nil {
		return nil, err
	}
	req, err := e.captured("insertsign")
	return &readmeDelivery{secret: readmeInsertToken, req: req,
		provider: insertsign.WebhookProvider(insertsign.QueryToken("token", readmeInsertToken))}, err
}

// legacyDelivery: the last signed callback of a document its signer signed.
func (e *readmeEnv) legacyDelivery(ctx context.Context) (*readmeDelivery, error) {
	signer, err := e.legacy.Signer()
	if err != nil {
		return nil, err
	}
	lc := e.legacy.Client()
	if _, err := lc.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: e.hookURL("legacyv1"), Notify: legacyv1.NotifyAll}); err != nil {
		return nil, err
	}
	doc, _, err := lc.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: "README",
		Text: "<p>Terms</p>", Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@example.com"}}})
	if err != nil {
		return nil, err
	}
	if err := e.legacy.Complete(ctx, doc.ID); err != nil {
		return nil, err
	}
	req, err := e.captured("legacyv1")
	return &readmeDelivery{certPEM: signer.CertificatePEM, req: req,
		provider: legacyv1.WebhookProvider(signer.CertificatePEM)}, err
}

// readmeRequest is a delivery as received.
type readmeRequest struct {
	target string // path and query
	header http.Header
	body   []byte
}

// request returns a fresh *http.Request of the delivery.
func (q readmeRequest) request() *http.Request {
	req := httptest.NewRequest(http.MethodPost, q.target, bytes.NewReader(q.body))
	req.Header = q.header.Clone()
	return req
}

// readmeCapture records the deliveries the fakes post during the prelude's
// flows and answers them 200.
type readmeCapture struct {
	mu   sync.Mutex
	reqs map[string]readmeRequest
}

func (rc *readmeCapture) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.reqs == nil {
		rc.reqs = map[string]readmeRequest{}
	}
	rc.reqs[req.URL.Path] = readmeRequest{target: req.URL.RequestURI(), header: req.Header.Clone(), body: b}
}

func (rc *readmeCapture) last(path string) (readmeRequest, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	q, ok := rc.reqs[path]
	return q, ok
}

// readmeRoute sends requests under the URL prefix from to the prefix to.
type readmeRoute struct{ from, to string }

// readmeTransport rewrites the production API URLs to the fakes and lets
// only loopback requests through otherwise.
type readmeTransport struct {
	routes []readmeRoute
	next   http.RoundTripper
}

func (rt *readmeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	best := -1
	for i, route := range rt.routes {
		from := strings.TrimSuffix(route.from, "/")
		if (u == from || strings.HasPrefix(u, from+"/") || strings.HasPrefix(u, from+"?")) &&
			(best < 0 || len(from) > len(strings.TrimSuffix(rt.routes[best].from, "/"))) {
			best = i
		}
	}
	if best >= 0 {
		route := rt.routes[best]
		to, err := url.Parse(strings.TrimSuffix(route.to, "/") + strings.TrimPrefix(u, strings.TrimSuffix(route.from, "/")))
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.URL = to
		req.Host = ""
		return rt.next.RoundTrip(req)
	}
	switch req.URL.Hostname() {
	case "127.0.0.1", "::1", "localhost":
		return rt.next.RoundTrip(req)
	}
	if req.Body != nil {
		req.Body.Close()
	}
	return nil, errors.New("README test: no fake server for " + req.URL.Redacted() + " (the snippets never reach the network)")
}

// readmeT is the testing.TB bound to t. The embedded nil interface stands
// for the methods it does not override: calling one panics, failing the
// snippet.
type readmeT struct {
	testing.TB
	name     string
	ctx      context.Context
	mu       sync.Mutex
	failed   bool
	logs     string
	cleanups []func()
}

// readmeFailNow is the panic value of FailNow.
type readmeFailNow struct{ logs string }

func (t *readmeT) Name() string             { return t.name }
func (t *readmeT) Helper()                  {}
func (t *readmeT) Context() context.Context { return t.ctx }
func (t *readmeT) Cleanup(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, f)
}
func (t *readmeT) Log(args ...any) { t.logf("%s", fmt.Sprintln(args...)) }
func (t *readmeT) Logf(format string, args ...any) {
	t.logf(format, args...)
}
func (t *readmeT) logf(format string, args ...any) {
	line := strings.TrimSuffix(fmt.Sprintf(format, args...), "\n")
	fmt.Fprintf(os.Stderr, "    %s: %s\n", t.name, line)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.logs += line + "; "
}
func (t *readmeT) Fail() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failed = true
}
func (t *readmeT) Failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed
}
func (t *readmeT) FailNow() {
	t.Fail()
	t.mu.Lock()
	defer t.mu.Unlock()
	panic(readmeFailNow{logs: t.logs})
}
func (t *readmeT) Error(args ...any)                 { t.Log(args...); t.Fail() }
func (t *readmeT) Errorf(format string, args ...any) { t.Logf(format, args...); t.Fail() }
func (t *readmeT) Fatal(args ...any)                 { t.Log(args...); t.FailNow() }
func (t *readmeT) Fatalf(format string, args ...any) { t.Logf(format, args...); t.FailNow() }
func (t *readmeT) TempDir() string {
	dir, err := os.MkdirTemp("", "readme-t-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}
func (t *readmeT) Setenv(key, value string) {
	old, had := os.LookupEnv(key)
	_ = os.Setenv(key, value)
	t.Cleanup(func() {
		if had {
			_ = os.Setenv(key, old)
		} else {
			_ = os.Unsetenv(key)
		}
	})
}

// cleanup runs the cleanups, last registered first.
func (t *readmeT) cleanup() {
	t.mu.Lock()
	fs := t.cleanups
	t.cleanups = nil
	t.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}
