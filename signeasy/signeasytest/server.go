// Package signeasytest is an in-memory fake of the Signeasy API for tests
// and demos: an httptest server with the OAuth token endpoint, the v3
// originals, templates, envelopes, embedded and /me/ endpoints, the v2
// callback management endpoint, and webhook deliveries (v2 shape, carrying
// the registered callback token) to the URLs registered with it.
//
//	srv := signeasytest.NewServer(t)       // closed by t.Cleanup
//	c := srv.Client()                      // a real *signeasy.Client: client credentials against the fake
//	orig, _, _ := c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "a.pdf", Open: ...})
//	env, _, _ := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{...}) // delivers rs.initiated
//	srv.Sign(ctx, env.ID, "ada@example.com")                                     // rs.signed, then rs.completed
//
// Behaviour worth knowing:
//
//   - Tokens: POST /oauth/token checks client_id, client_secret, audience
//     (signeasy.DefaultAudience) and grant_type, and issues tokens living
//     WithTokenLifetime (30 days by default). API calls need a bearer token
//     the server issued (and that has not expired) or the static
//     AccessToken.
//   - FailNext(status, retryAfter) makes the next request, whatever its
//     endpoint, fail with a Signeasy-shaped error body.
//   - Requests returns every request received (method, path, query,
//     headers, body), token requests included.
//   - Deliveries are POSTed synchronously, in the goroutine that caused them
//     (an API call or a helper such as Sign), to every callback subscribed
//     to the event; Deliveries records the outcome of each.
//   - Envelope bodies are checked as Signeasy documents them: role mappings
//     and merge fields on template sources, fields_payload items with a
//     known source and recipient, a string page_number, an additional_info
//     object and a "fixed" (x, y) or "referenceText" (text) position.
//   - Errors are JSON {"message": ..., "error_code": ...} with the status a
//     real API would plausibly use (400, 401, 404, 409); the token endpoint
//     answers OAuth errors {"error": ..., "error_description": ...}.
package signeasytest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/signeasy"
)

// Default credentials of a Server.
const (
	DefaultClientID     = "signeasytest-client-id"
	DefaultClientSecret = "signeasytest-client-secret"
	DefaultAccessToken  = "signeasytest-static-access-token"
)

// The account the fake answers /me/ with and owns every envelope.
const (
	OwnerUserID = 3625900
	OwnerEmail  = "owner@example.com"
)

// maxRecordedBody bounds a recorded (and parsed) request body.
const maxRecordedBody = 32 << 20

// Request is one request received by the server: Method, Path, the parsed
// Query, Header and Body.
type Request = fakeserver.Request

// Delivery is one webhook delivery attempt.
type Delivery struct {
	URL       string
	EventType string
	Body      []byte
	Status    int   // the receiver's status; 0 when the request failed
	Err       error // transport failure
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithCredentials sets the client id and secret the token endpoint accepts.
func WithCredentials(clientID, clientSecret string) ServerOption {
	return func(s *Server) { s.clientID, s.clientSecret = clientID, clientSecret }
}

// WithAccessToken sets the static access token the API accepts.
func WithAccessToken(token string) ServerOption { return func(s *Server) { s.staticToken = token } }

// WithTokenLifetime sets the lifetime (expires_in) of issued tokens.
func WithTokenLifetime(d time.Duration) ServerOption { return func(s *Server) { s.tokenTTL = d } }

// WithClock sets the server's clock (timestamps, token expiry).
func WithClock(now func() time.Time) ServerOption { return func(s *Server) { s.now = now } }

// WithDeliveryClient sets the *http.Client used to POST deliveries.
func WithDeliveryClient(hc *http.Client) ServerOption { return func(s *Server) { s.hc = hc } }

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	tb testing.TB // set by NewServer: Client reports invalid options to it

	// URL is the root of the server: the API is at URL+"/v3", the token
	// endpoint at URL+"/oauth/token", callbacks at URL+"/v2/callback/".
	URL string

	srv *httptest.Server
	hc  *http.Client
	now func() time.Time

	clientID, clientSecret, staticToken string
	tokenTTL                            time.Duration

	mu         sync.Mutex
	tokens     map[string]time.Time
	grants     int
	nextID     map[string]int64
	originals  map[int64]*original
	templates  map[int64]*template
	envelopes  map[int64]*envelope
	signed     map[int64]int64 // signed id → envelope id
	callbacks  []*callback
	deliveries []Delivery

	rec    fakeserver.Recorder
	faults fakeserver.Faults
}

type original struct {
	id                int64
	name, contentType string
	content           []byte
	created, modified int64
}

type template struct {
	id                int64
	name              string
	roles             []string
	created, modified int64
}

type source struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	SourceID int    `json:"source_id,omitempty"`
}

type recipient struct {
	localID           int64
	id                int64
	email, first      string
	last, status      string
	order             int
	created, modified int64
}

type envelope struct {
	id                int64
	name, status      string
	message           string
	ordered, embedded bool
	hasFields         bool
	sources           []source
	recipients        []*recipient
	created, modified int64
	signedID          int64
}

type callback struct {
	url    string
	events []string
	token  string
}

// NewServer starts a Server closed by tb.Cleanup.
func NewServer(tb testing.TB, opts ...ServerOption) *Server {
	tb.Helper()
	s := Start(opts...)
	s.tb = tb
	return fakeserver.CloseOnCleanup(tb, s)
}

// Start starts a Server; the caller must Close it.
func Start(opts ...ServerOption) *Server {
	s := &Server{
		clientID: DefaultClientID, clientSecret: DefaultClientSecret, staticToken: DefaultAccessToken,
		tokenTTL: signeasy.DefaultTokenLifetime, now: time.Now,
		hc:        &http.Client{Timeout: 10 * time.Second},
		tokens:    map[string]time.Time{},
		nextID:    map[string]int64{"original": 100000, "template": 200000, "envelope": 300000, "signed": 400000, "recipient": 500000, "embedded": 0},
		originals: map[int64]*original{}, templates: map[int64]*template{},
		envelopes: map[int64]*envelope{}, signed: map[int64]int64{},
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// BaseURL is the v3 API base URL (for signeasy.WithBaseURL).
func (s *Server) BaseURL() string { return s.URL + "/v3" }

// TokenURL is the token endpoint (for signeasy.WithTokenURL).
func (s *Server) TokenURL() string { return s.URL + "/oauth/token" }

// CallbackURL is the v2 callback management endpoint.
func (s *Server) CallbackURL() string { return s.URL + "/v2/callback/" }

// ClientID returns the accepted client id.
func (s *Server) ClientID() string { return s.clientID }

// ClientSecret returns the accepted client secret.
func (s *Server) ClientSecret() string { return s.clientSecret }

// AccessToken returns the accepted static access token.
func (s *Server) AccessToken() string { return s.staticToken }

func (s *Server) clientOptions(opts []signeasy.Option) []signeasy.Option {
	return append([]signeasy.Option{
		signeasy.WithBaseURL(s.BaseURL()),
		signeasy.WithTokenURL(s.TokenURL()),
		signeasy.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}, opts...)
}

// Client returns a real client authenticating with client credentials
// against the fake's token endpoint, with millisecond retry waits. opts are
// applied last. Invalid opts fail the test of a server from NewServer
// (tb.Fatal) and panic for a server from Start.
func (s *Server) Client(opts ...signeasy.Option) *signeasy.Client {
	c, err := signeasy.NewClientWithCredentials(s.clientID, s.clientSecret, s.clientOptions(opts)...)
	return fakeserver.ClientOrFail(s.tb, "signeasytest", c, err)
}

// StaticClient returns a real client using the static access token.
func (s *Server) StaticClient(opts ...signeasy.Option) *signeasy.Client {
	c, err := signeasy.NewClient(s.staticToken, s.clientOptions(opts)...)
	return fakeserver.ClientOrFail(s.tb, "signeasytest", c, err)
}

// FailNext makes the next request fail with status (and a Retry-After
// header when retryAfter > 0). Calls queue up.
func (s *Server) FailNext(status int, retryAfter time.Duration) {
	s.faults.FailNext(status, retryAfter)
}

// Requests returns a copy of every request received so far.
func (s *Server) Requests() []Request { return s.rec.Requests() }

// TokenGrants returns how many tokens the token endpoint issued.
func (s *Server) TokenGrants() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.grants
}

// Deliveries returns a copy of every webhook delivery attempted so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// AddOriginal stores an original document and returns its id.
func (s *Server) AddOriginal(name string, content []byte) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &original{id: s.newID("original"), name: name, contentType: "application/pdf", content: slices.Clone(content), created: s.unix(), modified: s.unix()}
	s.originals[o.id] = o
	return o.id
}

// AddTemplate stores a template with the given role names (ids 1, 2, ...)
// and returns its id.
func (s *Server) AddTemplate(name string, roles ...string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &template{id: s.newID("template"), name: name, roles: slices.Clone(roles), created: s.unix(), modified: s.unix()}
	s.templates[t.id] = t
	return t.id
}

// Envelope returns the current state of an envelope as the API shows it.
func (s *Server) Envelope(id int64) (*signeasy.Envelope, bool) {
	s.mu.Lock()
	e, ok := s.envelopes[id]
	var body []byte
	if ok {
		body, _ = json.Marshal(s.envelopeJSON(e))
	}
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	var out signeasy.Envelope
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, false // cannot happen: the body is the fake's own rendering
	}
	return &out, true
}

// View marks a recipient as having viewed the envelope and delivers
// rs.viewed. View, Sign and Decline return the first delivery failure (the
// state change happens regardless).
func (s *Server) View(ctx context.Context, envelopeID int64, email string) error {
	return s.act(ctx, envelopeID, email, func(e *envelope, r *recipient) []string {
		if r.status == "not_viewed" {
			r.status = "viewed"
		}
		return []string{string(signeasy.EventViewed)}
	})
}

// Sign marks a recipient as signed and delivers rs.signed; when every
// recipient has signed, the envelope completes (a signed id is assigned)
// and rs.completed follows.
func (s *Server) Sign(ctx context.Context, envelopeID int64, email string) error {
	return s.act(ctx, envelopeID, email, func(e *envelope, r *recipient) []string {
		r.status = "finalized"
		events := []string{string(signeasy.EventSigned)}
		for _, other := range e.recipients {
			if other.status != "finalized" {
				return events
			}
		}
		e.status = "complete"
		e.signedID = s.newID("signed")
		s.signed[e.signedID] = e.id
		return append(events, string(signeasy.EventCompleted))
	})
}

// Decline marks a recipient as having declined and delivers rs.declined.
func (s *Server) Decline(ctx context.Context, envelopeID int64, email string) error {
	return s.act(ctx, envelopeID, email, func(e *envelope, r *recipient) []string {
		r.status = "declined"
		e.status = "recipient_declined"
		return []string{string(signeasy.EventDeclined)}
	})
}

var errNotFound = errors.New("signeasytest: not found")

func (s *Server) act(ctx context.Context, envelopeID int64, email string, fn func(*envelope, *recipient) []string) error {
	s.mu.Lock()
	e, ok := s.envelopes[envelopeID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: envelope %d", errNotFound, envelopeID)
	}
	if e.status != "incomplete" {
		s.mu.Unlock()
		return fmt.Errorf("signeasytest: envelope %d is %s", envelopeID, e.status)
	}
	var r *recipient
	for _, x := range e.recipients {
		if strings.EqualFold(x.email, email) {
			r = x
		}
	}
	if r == nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: recipient %s", errNotFound, email)
	}
	r.modified, e.modified = s.unix(), s.unix()
	events := fn(e, r)
	pending := make([]pendingDelivery, 0, len(events))
	for _, ev := range events {
		pending = append(pending, s.prepare(ev, e, r.email, r.id)...)
	}
	s.mu.Unlock()
	return s.deliver(ctx, pending)
}

// Emit delivers eventType for an envelope to every callback subscribed to
// it, with the envelope's current state, and reports the first failure (a
// transport error or a non-2xx answer).
func (s *Server) Emit(ctx context.Context, eventType signeasy.EventType, envelopeID int64) error {
	s.mu.Lock()
	e, ok := s.envelopes[envelopeID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: envelope %d", errNotFound, envelopeID)
	}
	pending := s.prepare(string(eventType), e, OwnerEmail, OwnerUserID)
	s.mu.Unlock()
	return s.deliver(ctx, pending)
}

type pendingDelivery struct {
	url, eventType string
	body           []byte
}

// prepare builds the deliveries of one event (s.mu held).
func (s *Server) prepare(eventType string, e *envelope, user string, userID int64) []pendingDelivery {
	var out []pendingDelivery
	data := s.envelopeJSON(e)
	for _, cb := range s.callbacks {
		if !subscribed(cb.events, eventType) {
			continue
		}
		md := map[string]any{"event_type": eventType, "event_user": user, "event_user_id": userID, "client_id": s.clientID}
		if cb.token != "" {
			md["token"] = cb.token
		}
		body, _ := json.Marshal(map[string]any{"data": data, "metadata": md})
		out = append(out, pendingDelivery{url: cb.url, eventType: eventType, body: body})
	}
	return out
}

func subscribed(events []string, ev string) bool {
	for _, e := range events {
		if e == ev || (e == string(signeasy.EventReminded) && ev == string(signeasy.EventRemind)) || (e == string(signeasy.EventRemind) && ev == string(signeasy.EventReminded)) {
			return true
		}
	}
	return false
}

// deliver POSTs the deliveries (s.mu not held) and records them.
func (s *Server) deliver(ctx context.Context, pending []pendingDelivery) error {
	var first error
	for _, p := range pending {
		d := Delivery{URL: p.url, EventType: p.eventType, Body: p.body}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(p.body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "signeasytest")
			var resp *http.Response
			resp, err = s.hc.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
				resp.Body.Close()
				d.Status = resp.StatusCode
				if resp.StatusCode/100 != 2 && first == nil {
					first = fmt.Errorf("signeasytest: delivery of %s to %s: status %d", p.eventType, p.url, resp.StatusCode)
				}
			}
		}
		if err != nil {
			d.Err = err
			if first == nil {
				first = fmt.Errorf("signeasytest: delivery of %s to %s: %w", p.eventType, p.url, err)
			}
		}
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
	}
	return first
}

func (s *Server) newID(kind string) int64 {
	s.nextID[kind]++
	return s.nextID[kind]
}

func (s *Server) unix() int64 { return s.now().Unix() }

// ---- HTTP ----

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", s.token)
	api := func(pattern string, h func(http.ResponseWriter, *http.Request, []byte)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if !s.authorized(r) {
				writeError(w, http.StatusUnauthorized, "invalid_token", "Invalid or expired access token")
				return
			}
			h(w, r, bodyOf(r))
		})
	}
	api("POST /v3/original/{$}", s.uploadOriginal)
	api("GET /v3/original/{$}", s.listOriginals)
	api("GET /v3/original/{id}/{$}", s.getOriginal)
	api("GET /v3/original/{id}/download", s.downloadOriginal)
	api("DELETE /v3/original/{id}", s.deleteOriginal)
	api("GET /v3/template/{$}", s.listTemplates)
	api("GET /v3/template/{id}", s.getTemplate)
	api("DELETE /v3/template/{id}", s.deleteTemplate)
	api("POST /v3/rs/envelope/{$}", s.createEnvelope)
	api("GET /v3/rs/envelope/{id}", s.getEnvelope)
	api("POST /v3/rs/envelope/{id}/cancel", s.cancelEnvelope)
	api("GET /v3/rs/envelope/signed/pending/{id}", s.signedFromPending)
	api("GET /v3/rs/envelope/signed/{sid}/{src}/download", s.downloadSigned)
	api("POST /v3/rs/envelope/{id}/signing/url/{$}", s.signingURL)
	api("POST /v3/rs/embedded/url/{$}", s.sendingURL)
	api("GET /v3/me/{$}", s.me)
	api("POST /v2/callback/{$}", s.createCallback)
	api("PUT /v2/callback/{$}", s.updateCallback)
	api("GET /v2/callback/{$}", s.listCallbacks)
	api("DELETE /v2/callback/{$}", s.deleteCallback)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "unreadable body")
			return
		}
		s.rec.Record(r, body)
		if status, retryAfter, ok := s.faults.Take(); ok {
			fakeserver.SetRetryAfter(w.Header(), retryAfter)
			writeError(w, status, "injected_failure", "injected failure: "+http.StatusText(status))
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))
		mux.ServeHTTP(w, r)
	})
}

type bodyKey struct{}

func bodyOf(r *http.Request) []byte {
	b, _ := r.Context().Value(bodyKey{}).([]byte)
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"message": message, "error_code": code})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		Audience     string `json:"audience"`
		GrantType    string `json:"grant_type"`
	}
	oauthErr := func(status int, code, desc string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		oauthErr(http.StatusBadRequest, "invalid_request", "expected a JSON body")
		return
	}
	if err := json.Unmarshal(bodyOf(r), &req); err != nil {
		oauthErr(http.StatusBadRequest, "invalid_request", "malformed JSON body")
		return
	}
	switch {
	case req.GrantType != "client_credentials":
		oauthErr(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+req.GrantType)
	case req.ClientID != s.clientID || req.ClientSecret != s.clientSecret:
		oauthErr(http.StatusUnauthorized, "access_denied", "Unauthorized")
	case req.Audience != signeasy.DefaultAudience:
		oauthErr(http.StatusForbidden, "access_denied", "Service not found: "+req.Audience)
	default:
		tok := "set-" + randomHex(16)
		s.mu.Lock()
		s.tokens[tok] = s.now().Add(s.tokenTTL)
		s.grants++
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer",
			"expires_in": int64(s.tokenTTL / time.Second), "scope": "rs:read rs:create rs:update original:read original:create"})
	}
}

func (s *Server) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return false
	}
	if tok == s.staticToken {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	return ok && s.now().Before(exp)
}

func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusNotFound, "not_found", "Not found")
		return 0, false
	}
	return id, true
}

// ---- originals ----

func originalJSON(o *original) map[string]any {
	return map[string]any{"id": o.id, "name": o.name, "created_time": o.created, "last_modified_time": o.modified}
}

func (s *Server) uploadOriginal(w http.ResponseWriter, r *http.Request, body []byte) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		writeError(w, http.StatusBadRequest, "invalid_request", "expected multipart/form-data")
		return
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var name, fileName, ct string
	var content []byte
	var haveFile, rename bool
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request", "malformed multipart body")
			return
		}
		b, err := io.ReadAll(p)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request", "malformed multipart body")
			return
		}
		switch p.FormName() {
		case "file":
			haveFile, fileName, ct, content = true, p.FileName(), p.Header.Get("Content-Type"), b
		case "name":
			name = string(b)
		case "rename_if_exists":
			rename = string(b) == "1" || string(b) == "true"
		}
	}
	if !haveFile {
		writeError(w, http.StatusBadRequest, "file_missing", "file is required")
		return
	}
	if name == "" {
		name = fileName
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/:*<>|`, r) {
			return -1
		}
		return r
	}, name)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.originalNamed(name) {
		if !rename {
			writeError(w, http.StatusConflict, "file_exists", "A document named "+name+" already exists")
			return
		}
		for i := 1; ; i++ {
			if n := fmt.Sprintf("%s (%d)", name, i); !s.originalNamed(n) {
				name = n
				break
			}
		}
	}
	o := &original{id: s.newID("original"), name: name, contentType: ct, content: content, created: s.unix(), modified: s.unix()}
	s.originals[o.id] = o
	writeJSON(w, http.StatusCreated, originalJSON(o))
}

func (s *Server) originalNamed(name string) bool {
	for _, o := range s.originals {
		if o.name == name {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *Server) listOriginals(w http.ResponseWriter, _ *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	files := []map[string]any{}
	for _, id := range sortedKeys(s.originals) {
		files = append(files, originalJSON(s.originals[id]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(files), "files": files})
}

func (s *Server) lookupOriginal(w http.ResponseWriter, r *http.Request) (*original, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	o, ok := s.originals[id]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "Original not found")
	}
	return o, ok
}

func (s *Server) getOriginal(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.lookupOriginal(w, r); ok {
		writeJSON(w, http.StatusOK, originalJSON(o))
	}
}

func (s *Server) downloadOriginal(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	o, ok := s.lookupOriginal(w, r)
	s.mu.Unlock()
	if ok {
		writeFile(w, o)
	}
}

func writeFile(w http.ResponseWriter, o *original) {
	ct := o.contentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": o.name}))
	_, _ = w.Write(o.content)
}

func (s *Server) deleteOriginal(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.lookupOriginal(w, r); ok {
		delete(s.originals, o.id)
		w.WriteHeader(http.StatusNoContent)
	}
}

// ---- templates ----

func templateJSON(t *template) map[string]any {
	roles := []map[string]any{}
	for i, name := range t.roles {
		roles = append(roles, map[string]any{"id": i + 1, "name": name})
	}
	return map[string]any{"id": t.id, "name": t.name, "message": "", "is_ordered": false, "is_owned": true,
		"created_time": t.created, "modified_time": t.modified, "metadata": map[string]any{"roles": roles, "fields": []any{}}}
}

func (s *Server) listTemplates(w http.ResponseWriter, _ *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, id := range sortedKeys(s.templates) {
		out = append(out, templateJSON(s.templates[id]))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) lookupTemplate(w http.ResponseWriter, r *http.Request) (*template, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	t, ok := s.templates[id]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "Template not found")
	}
	return t, ok
}

func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.lookupTemplate(w, r); ok {
		writeJSON(w, http.StatusOK, templateJSON(t))
	}
}

func (s *Server) deleteTemplate(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.lookupTemplate(w, r); ok {
		delete(s.templates, t.id)
		writeJSON(w, http.StatusOK, map[string]string{"message": "Template deleted"})
	}
}
