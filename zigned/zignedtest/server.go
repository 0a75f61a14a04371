package zignedtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
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

// maxRecordedBody bounds each recorded request body.
const maxRecordedBody = 1 << 20

// maxUpload bounds uploaded files.
const maxUpload = 32 << 20

// Request is one request the server received: Method, Path, the parsed
// Query, Header and Body (at most 1 MiB).
type Request = fakeserver.Request

// ServerOption configures a Server.
type ServerOption func(*config)

type config struct {
	clientID, clientSecret string
	tokenTTL               time.Duration
	webhookSecret          string
	now                    func() time.Time
	deliveryClient         *http.Client
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

// WithClock sets the server's clock (timestamps and signatures).
func WithClock(now func() time.Time) ServerOption { return func(c *config) { c.now = now } }

// WithDeliveryClient sets the *http.Client that posts webhook deliveries
// (default: 5 s timeout), e.g. an httptest TLS server's Client().
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(c *config) { c.deliveryClient = hc }
}

// WithMillisecondTimestamps signs deliveries with a millisecond timestamp
// (t=1717243200000) instead of seconds; Zigned's unit is not documented.
func WithMillisecondTimestamps() ServerOption { return func(c *config) { c.millis = true } }

// Server is an in-memory Zigned: an OAuth2 token endpoint at /oauth/token and
// the REST v3 API at /rest/v3. It is safe for concurrent use.
type Server struct {
	tb testing.TB // set by NewServer: Client reports invalid options to it

	// URL is the server's root; APIURL and TokenURL are derived from it.
	URL string
	// APIURL is the REST base URL (URL + "/rest/v3").
	APIURL string
	// TokenURL is the OAuth2 token endpoint (URL + "/oauth/token").
	TokenURL string

	srv *httptest.Server
	cfg config

	rec    fakeserver.Recorder
	faults fakeserver.Faults

	mu            sync.Mutex
	seq           map[string]int
	tokens        map[string]time.Time
	tokenRequests int
	files         map[string]*fileRec
	fileOrder     []string
	agreements    map[string]*agreementRec
	agrOrder      []string
	participants  map[string]*zigned.Participant
	webhooks      map[string]*zigned.Webhook
	hookOrder     []string
	deliveries    []Delivery
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
	cfg := config{
		clientID: DefaultClientID, clientSecret: DefaultClientSecret,
		tokenTTL: time.Hour, now: time.Now,
		deliveryClient: &http.Client{Timeout: 5 * time.Second},
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		cfg:          cfg,
		seq:          map[string]int{},
		tokens:       map[string]time.Time{},
		files:        map[string]*fileRec{},
		agreements:   map[string]*agreementRec{},
		participants: map[string]*zigned.Participant{},
		webhooks:     map[string]*zigned.Webhook{},
	}
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	s.APIURL = s.URL + "/rest/v3"
	s.TokenURL = s.URL + "/oauth/token"
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

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
		zigned.WithBaseURL(s.APIURL),
		zigned.WithTokenURL(s.TokenURL),
		zigned.WithHTTPClient(s.srv.Client()),
		zigned.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}
	c, err := zigned.NewClient(s.cfg.clientID, s.cfg.clientSecret, append(base, opts...)...)
	return fakeserver.ClientOrFail(s.tb, "zignedtest", c, err)
}

// FailNext makes the next REST request (not the token endpoint) fail with
// status and a Zigned error body; a positive retryAfter is sent as
// Retry-After (seconds, rounded up). Calls queue up.
func (s *Server) FailNext(status int, retryAfter time.Duration) {
	s.faults.FailNext(status, retryAfter)
}

// Requests returns a copy of every request received, token requests
// included, oldest first.
func (s *Server) Requests() []Request { return s.rec.Requests() }

// TokenGrants is how many access tokens the token endpoint issued.
func (s *Server) TokenGrants() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}

// ExpireTokens invalidates every issued access token, as if they had expired
// on the server.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]time.Time{}
}

// FileContent returns an uploaded file's bytes.
func (s *Server) FileContent(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[fileID]
	if !ok {
		return nil, false
	}
	return bytes.Clone(f.content), true
}

func (s *Server) now() time.Time { return s.cfg.now().UTC() }

// nextID returns a deterministic cuid-like id: "c" + kind + counter.
func (s *Server) nextID(kind string) string {
	s.seq[kind]++
	return fmt.Sprintf("c%s%06dzt", kind, s.seq[kind])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", s.token)
	mux.HandleFunc("DELETE /oauth/token/{token}", s.revoke)
	mux.HandleFunc("GET /download/{file_id}", s.download)

	api := http.NewServeMux()
	api.HandleFunc("POST /rest/v3/files", s.uploadFile)
	api.HandleFunc("GET /rest/v3/files", s.listFiles)
	api.HandleFunc("GET /rest/v3/files/{file_id}", s.getFile)
	api.HandleFunc("DELETE /rest/v3/files/{file_id}", s.deleteFile)

	api.HandleFunc("POST /rest/v3/agreements", s.createAgreement)
	api.HandleFunc("GET /rest/v3/agreements", s.listAgreements)
	api.HandleFunc("GET /rest/v3/agreements/{agreement_id}", s.getAgreement)
	api.HandleFunc("PUT /rest/v3/agreements/{agreement_id}", s.updateAgreement)
	api.HandleFunc("DELETE /rest/v3/agreements/{agreement_id}", s.deleteAgreement)
	api.HandleFunc("GET /rest/v3/agreements/{agreement_id}/events", s.agreementEvents)
	api.HandleFunc("POST /rest/v3/agreements/{agreement_id}/lifecycle", s.lifecycle)
	api.HandleFunc("POST /rest/v3/agreements/{agreement_id}/reminders", s.remind)
	api.HandleFunc("POST /rest/v3/agreements/{agreement_id}/documents/main", s.setMain)
	api.HandleFunc("DELETE /rest/v3/agreements/{agreement_id}/documents/main", s.removeMain)

	api.HandleFunc("POST /rest/v3/agreements/{agreement_id}/participants", s.createParticipant)
	api.HandleFunc("POST /rest/v3/agreements/{agreement_id}/participants/batch", s.batchParticipants)
	api.HandleFunc("GET /rest/v3/agreements/{agreement_id}/participants", s.listParticipants)
	api.HandleFunc("GET /rest/v3/agreements/{agreement_id}/participants/{participant_id}", s.getParticipant)
	api.HandleFunc("PUT /rest/v3/agreements/{agreement_id}/participants/{participant_id}", s.updateParticipant)
	api.HandleFunc("DELETE /rest/v3/agreements/{agreement_id}/participants/{participant_id}", s.deleteParticipant)

	api.HandleFunc("POST /rest/v3/webhooks", s.createWebhook)
	api.HandleFunc("GET /rest/v3/webhooks", s.listWebhooks)
	api.HandleFunc("GET /rest/v3/webhooks/{webhook_id}", s.getWebhook)
	api.HandleFunc("PUT /rest/v3/webhooks/{webhook_id}", s.updateWebhook)
	api.HandleFunc("DELETE /rest/v3/webhooks/{webhook_id}", s.deleteWebhook)

	api.HandleFunc("/rest/v3/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotImplemented, r.Method+" "+r.URL.Path+" is not implemented by zignedtest")
	})
	mux.Handle("/rest/v3/", s.authenticated(api))

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxUpload+1))
		if err != nil {
			writeError(w, http.StatusBadRequest, "reading body: "+err.Error())
			return
		}
		if len(body) > maxUpload {
			writeError(w, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := body
		if len(rec) > maxRecordedBody {
			rec = rec[:maxRecordedBody]
		}
		s.rec.Record(r, bytes.Clone(rec))
		mux.ServeHTTP(w, r)
	})
}

// authenticated checks the Bearer token and applies FailNext.
func (s *Server) authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, retryAfter, fail := s.faults.Take()
		s.mu.Lock()
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		exp, known := s.tokens[tok]
		valid := ok && known && s.now().Before(exp)
		s.mu.Unlock()
		if fail {
			fakeserver.SetRetryAfter(w.Header(), retryAfter)
			writeError(w, status, http.StatusText(status)+" (injected by FailNext)")
			return
		}
		if !valid {
			writeError(w, http.StatusUnauthorized, "Invalid or expired access token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials")
		return
	}
	id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	if id == "" {
		id, secret, _ = r.BasicAuth()
	}
	if id != s.cfg.clientID || secret != s.cfg.clientSecret {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	s.mu.Lock()
	s.tokenRequests++
	tok := fmt.Sprintf("zt-access-%d-%s", s.tokenRequests, randomHex(8))
	s.tokens[tok] = s.now().Add(s.cfg.tokenTTL)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": int(s.cfg.tokenTTL / time.Second),
	})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	_, ok := s.tokens[r.PathValue("token")]
	delete(s.tokens, r.PathValue("token"))
	s.mu.Unlock()
	if !ok {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "unknown token")
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "token revoked"})
}

// ---- encoding helpers

type envelope struct {
	Version      string      `json:"version"`
	ResultType   string      `json:"result_type"`
	ResourceType string      `json:"resource_type"`
	Data         any         `json:"data"`
	Pagination   *pagination `json:"pagination,omitempty"`
}

type pagination struct {
	Limit        int `json:"limit"`
	TotalPages   int `json:"total_pages"`
	Page         int `json:"page"`
	TotalResults int `json:"total_results"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeResult(w http.ResponseWriter, resultType, resourceType string, data any) {
	writeJSON(w, http.StatusOK, envelope{Version: "1.0", ResultType: resultType, ResourceType: resourceType, Data: data})
}

// writeError answers in Zigned's error shape.
func writeError(w http.ResponseWriter, status int, msg string) {
	id := randomHex(16)
	w.Header().Set("X-Request-Id", id)
	writeJSON(w, status, map[string]any{
		"status": "error",
		"error":  map[string]any{"code": status, "message": msg, "request_id": id},
	})
}

func writeOAuthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil && err != io.EOF {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

// page applies limit/page/order_by to ids (oldest first) and writes the
// paginated envelope with render(id) for each item on the page.
func writePage(w http.ResponseWriter, r *http.Request, resourceType string, ids []string, render func(string) any) {
	q := r.URL.Query()
	limit, page := 50, 1
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, http.StatusBadRequest, "limit must be between 1 and 100")
			return
		}
		limit = n
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "page must be a positive integer")
			return
		}
		page = n
	}
	switch q.Get("order_by") {
	case "", "desc":
		rev := make([]string, len(ids))
		for i, id := range ids {
			rev[len(ids)-1-i] = id
		}
		ids = rev
	case "asc":
	default:
		writeError(w, http.StatusBadRequest, "order_by must be asc or desc")
		return
	}
	total := len(ids)
	totalPages := (total + limit - 1) / limit
	items := []any{}
	for i := (page - 1) * limit; i < total && i < page*limit; i++ {
		items = append(items, render(ids[i]))
	}
	writeJSON(w, http.StatusOK, envelope{Version: "1.0", ResultType: "paginated_list", ResourceType: resourceType,
		Data: items, Pagination: &pagination{Limit: limit, TotalPages: totalPages, Page: page, TotalResults: total}})
}

// dateFilter parses start_date/end_date.
func dateFilter(q url.Values) (from, to time.Time, err error) {
	parse := func(k string) (time.Time, error) {
		v := q.Get(k)
		if v == "" {
			return time.Time{}, nil
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
			if t, err := time.Parse(layout, v); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("%s: %q is not an ISO date", k, v)
	}
	if from, err = parse("start_date"); err != nil {
		return
	}
	to, err = parse("end_date")
	return
}

func inRange(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
}
