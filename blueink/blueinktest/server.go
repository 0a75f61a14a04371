package blueinktest

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/fakeserver"
)

// DefaultAPIKey is the private API key a Server accepts unless WithAPIKey
// sets another one.
const DefaultAPIKey = "blueinktest-private-api-key"

// AccountID is the account_id of every webhook delivery.
const AccountID = "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5"

// APIPath is the path of the API on the server: the client's base URL is
// Server.URL + APIPath.
const APIPath = "/api/v2/"

// DefaultPerPage and MaxPerPage are the page sizes of list answers: the
// default, and the cap applied to larger per_page values.
const (
	DefaultPerPage = 50
	MaxPerPage     = blueink.MaxPerPage
)

// maxRequestBody bounds a request body (recorded and parsed).
const maxRequestBody = 32 << 20

// Request is one request the server received, recorded before any
// processing (requests failed by FailNext or refused with 401 included):
// Method, Path (as received, e.g. "/api/v2/bundles/"), the parsed Query,
// Header (Authorization included) and the whole Body (at most 32 MiB).
type Request = fakeserver.Request

// Delivery is one webhook delivery attempt made by the server.
type Delivery struct {
	// WebhookID is the webhook delivered to and URL its address.
	WebhookID string
	URL       string
	// EventID is the delivered event_id: the id of the webhook event
	// record (Webhooks.GetEvent).
	EventID   string
	EventType blueink.EventType
	// Header and Body are exactly what was sent.
	Header http.Header
	Body   []byte
	// Status is the receiver's HTTP status, 0 when no answer arrived (Err).
	Status int
	Err    error
}

// OK reports whether the receiver answered 2xx.
func (d Delivery) OK() bool { return d.Err == nil && d.Status >= 200 && d.Status < 300 }

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithAPIKey sets the private API key the server accepts (DefaultAPIKey
// otherwise).
func WithAPIKey(key string) ServerOption { return func(s *Server) { s.apiKey = key } }

// WithClock sets the server's clock: timestamps in answers, event dates,
// the signature timestamp of deliveries, link expiry and the reminder
// interval. Receivers verifying deliveries from a server with a fixed clock
// need the same clock: webhook.WithClock(srv.Now).
func WithClock(now func() time.Time) ServerOption {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// WithSeed makes every generated value (bundle slugs, packet ids, UUIDs,
// tokens and the initial webhook secret) deterministic: two servers with
// the same seed that receive the same calls in the same order answer
// identically. Without it the values are random.
func WithSeed(seed uint64) ServerOption {
	return func(s *Server) { s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
}

// WithWebhookSecret sets the initial webhook shared secret. An empty secret
// means none has been generated yet: GET /webhooks/secret/ answers 404 and
// deliveries carry no signature until the secret is regenerated. Without
// this option a random (or seeded) secret exists from the start.
func WithWebhookSecret(secret string) ServerOption {
	return func(s *Server) { s.secret, s.secretSet = secret, true }
}

// WithDeliveryClient sets the *http.Client that posts webhook deliveries
// (default: a client with a 10 s timeout).
func WithDeliveryClient(hc *http.Client) ServerOption {
	return func(s *Server) {
		if hc != nil {
			s.hc = hc
		}
	}
}

// Server is an in-memory fake of the BlueInk API v2. Create it with
// NewServer (tests) or Start (programs). Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the root URL of the server; the API lives under URL+APIPath.
	URL string

	srv    *httptest.Server
	tb     testing.TB // set by NewServer: Client reports invalid options to it
	hc     *http.Client
	now    func() time.Time
	apiKey string

	mu         sync.Mutex
	rng        *rand.Rand
	seq        int
	secret     string
	secretSet  bool
	secretAt   time.Time
	bundles    map[string]*bundle
	packets    map[string]*packet
	persons    map[string]*person
	templates  map[string]*template
	envelopes  map[string]*envelopeTemplate
	webhooks   map[string]*webhookSub
	headers    map[string]*extraHeader
	events     map[string]*webhookEvent
	deliveryBy map[string]*deliveryRecord
	links      map[string]*fileLink
	deliveries []Delivery

	rec    fakeserver.Recorder
	faults fakeserver.Faults
}

// NewServer starts a Server that tb.Cleanup closes.
func NewServer(tb testing.TB, opts ...ServerOption) *Server {
	tb.Helper()
	s := fakeserver.CloseOnCleanup(tb, Start(opts...))
	s.tb = tb
	return s
}

// Start starts a Server; the caller must Close it. Programs (examples,
// demos) use it; tests use NewServer.
func Start(opts ...ServerOption) *Server {
	s := newServer(opts...)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// newServer builds a server's state without listening.
func newServer(opts ...ServerOption) *Server {
	s := &Server{
		apiKey:     DefaultAPIKey,
		now:        time.Now,
		hc:         &http.Client{Timeout: 10 * time.Second},
		bundles:    map[string]*bundle{},
		packets:    map[string]*packet{},
		persons:    map[string]*person{},
		templates:  map[string]*template{},
		envelopes:  map[string]*envelopeTemplate{},
		webhooks:   map[string]*webhookSub{},
		headers:    map[string]*extraHeader{},
		events:     map[string]*webhookEvent{},
		deliveryBy: map[string]*deliveryRecord{},
		links:      map[string]*fileLink{},
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.rng == nil {
		var seed [16]byte
		_, _ = crand.Read(seed[:])
		s.rng = rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])))
	}
	if !s.secretSet {
		s.secret = s.token(32)
	}
	if s.secret != "" {
		s.secretAt = s.now()
	}
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// String describes the server by its URL, without the API key or the
// webhook secret.
func (s *Server) String() string {
	if s == nil {
		return "blueinktest.Server(nil)"
	}
	return "blueinktest.Server{URL: " + s.URL + "}"
}

// GoString implements fmt.GoStringer (%#v) like String.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb, so logging a *Server (%v, %+v,
// %#v, ...) never prints its API key or webhook secret.
func (s *Server) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// BaseURL is the API base URL to give blueink.WithBaseURL:
// Server.URL + "/api/v2/".
func (s *Server) BaseURL() string { return s.URL + APIPath }

// APIKey returns the private API key the server accepts.
func (s *Server) APIKey() string { return s.apiKey }

// Now returns the server's current time (see WithClock).
func (s *Server) Now() time.Time { return s.now() }

// Client returns a real *blueink.Client for this server: its API key, its
// base URL and retry waits of 1-10 ms (so retries never slow a test), then
// opts. Invalid opts are a programming error: they fail the test (tb.Fatal)
// of a server from NewServer, and panic for a server from Start; use
// blueink.NewClient with BaseURL and APIKey to handle the error instead.
func (s *Server) Client(opts ...blueink.Option) *blueink.Client {
	all := append([]blueink.Option{
		blueink.WithBaseURL(s.BaseURL()),
		blueink.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}, opts...)
	c, err := blueink.NewClient(s.apiKey, all...)
	return fakeserver.ClientOrFail(s.tb, "blueinktest", c, err)
}

// FailNext makes the next API request (whatever its endpoint) fail with
// status and a BlueInk-shaped error body, with a Retry-After header (whole
// seconds, rounded up) when retryAfter > 0. Calls queue up: FailNext twice
// fails the next two requests. File downloads are never failed.
func (s *Server) FailNext(status int, retryAfter time.Duration) {
	s.faults.FailNext(status, retryAfter)
}

// Requests returns a copy of every request received so far, in order.
func (s *Server) Requests() []Request { return s.rec.Requests() }

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() { s.rec.Reset() }

// Deliveries returns a copy of every webhook delivery attempted so far, in
// order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// WebhookSecret returns the current webhook shared secret ("" when none has
// been generated).
func (s *Server) WebhookSecret() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.secret
}

// ---- request handling ----

// call is one API request being handled (s.mu held while its handler runs).
type call struct {
	s      *Server
	r      *http.Request
	params []string
	query  url.Values
	body   []byte
	header http.Header // response headers
	queue  []*pendingDelivery
}

// reply is a handler's answer: body nil writes no body.
type reply struct {
	status int
	body   any
}

type handlerFunc func(c *call) reply

type route struct {
	method  string
	pattern []string // segments after /api/v2/; "*" matches one segment
	h       handlerFunc
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, nil, errorBody("error", "Request body too large.", nil))
		return
	}
	s.rec.Record(r, body)

	if rest, ok := strings.CutPrefix(r.URL.Path, "/files/"); ok {
		s.serveFile(w, r, rest)
		return
	}
	if !strings.HasPrefix(r.URL.Path, APIPath) {
		writeJSON(w, http.StatusNotFound, nil, errorBody("not_found", "Not found.", nil))
		return
	}
	if status, retryAfter, ok := s.faults.Take(); ok {
		writeFailure(w, status, retryAfter)
		return
	}
	if rep, ok := s.authenticate(r); !ok {
		h := http.Header{"Www-Authenticate": {"Token"}}
		writeJSON(w, rep.status, h, rep.body)
		return
	}
	h, params, allowed := s.match(r.Method, r.URL.EscapedPath())
	if h == nil {
		if len(allowed) > 0 {
			hdr := http.Header{"Allow": {strings.Join(allowed, ", ")}}
			writeJSON(w, http.StatusMethodNotAllowed, hdr,
				errorBody("method_not_allowed", fmt.Sprintf("Method %q not allowed.", r.Method), nil))
			return
		}
		writeJSON(w, http.StatusNotFound, nil, errorBody("not_found", "Not found.", nil))
		return
	}
	c := &call{s: s, r: r, params: params, query: r.URL.Query(), body: body, header: http.Header{}}
	s.mu.Lock()
	rep := h(c)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), c.queue)
	writeJSON(w, rep.status, c.header, rep.body)
}

// writeFailure answers a FailNext failure with a BlueInk-shaped body.
func writeFailure(w http.ResponseWriter, status int, retryAfter time.Duration) {
	h := http.Header{}
	fakeserver.SetRetryAfter(h, retryAfter)
	code, msg := codeForStatus(status)
	writeJSON(w, status, h, errorBody(code, msg, nil))
}

// codeForStatus returns BlueInk's error code and a message for a status.
func codeForStatus(status int) (string, string) {
	switch status {
	case http.StatusBadRequest:
		return "invalid", "The request contained invalid input."
	case http.StatusUnauthorized:
		return "not_authenticated", "Authentication credentials were not provided."
	case http.StatusForbidden:
		return "permission_denied", "You do not have permission to perform this action."
	case http.StatusNotFound:
		return "not_found", "Not found."
	case http.StatusMethodNotAllowed:
		return "method_not_allowed", "Method not allowed."
	case http.StatusNotAcceptable:
		return "not_acceptable", "Could not satisfy the request Accept header."
	case http.StatusConflict:
		return "conflict", "The server is in a conflicting state."
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type", "Unsupported media type in request."
	case http.StatusTooManyRequests:
		return "throttled", "Request was throttled."
	case http.StatusServiceUnavailable:
		return "service_unavailable", "Service temporarily unavailable, try again later."
	}
	return "error", "A server error occurred."
}

// authenticate checks "Authorization: Token <key>" (the keyword is
// case-insensitive, as in Django REST framework).
func (s *Server) authenticate(r *http.Request) (reply, bool) {
	fields := strings.Fields(r.Header.Get("Authorization"))
	if len(fields) == 0 || !strings.EqualFold(fields[0], "Token") {
		return reply{http.StatusUnauthorized, errorBody("not_authenticated", "Authentication credentials were not provided.", nil)}, false
	}
	switch {
	case len(fields) == 1:
		return reply{http.StatusUnauthorized, errorBody("authentication_failed", "Invalid token header. No credentials provided.", nil)}, false
	case len(fields) > 2:
		return reply{http.StatusUnauthorized, errorBody("authentication_failed", "Invalid token header. Token string should not contain spaces.", nil)}, false
	case fields[1] != s.apiKey:
		return reply{http.StatusUnauthorized, errorBody("authentication_failed", "Invalid token.", nil)}, false
	}
	return reply{}, true
}

// match finds the handler of method and path (escaped). Literal segments
// win over wildcards; allowed lists the methods of a path matched with
// another method (for 405).
func (s *Server) match(method, escapedPath string) (handlerFunc, []string, []string) {
	rest := strings.TrimPrefix(escapedPath, strings.TrimSuffix(APIPath, "/"))
	if !strings.HasSuffix(rest, "/") {
		return nil, nil, nil
	}
	raw := strings.Split(strings.Trim(rest, "/"), "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		u, err := url.PathUnescape(r)
		if err != nil || u == "" {
			return nil, nil, nil
		}
		segs[i] = u
	}
	var allowed []string
	bestScore := -1
	var best handlerFunc
	var bestParams []string
	for _, rt := range routes {
		params, score, ok := matchPattern(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method != method {
			if !slices.Contains(allowed, rt.method) {
				allowed = append(allowed, rt.method)
			}
			continue
		}
		if score > bestScore {
			best, bestParams, bestScore = rt.h, params, score
		}
	}
	if best != nil {
		return best, bestParams, nil
	}
	return nil, nil, allowed
}

func matchPattern(pattern, segs []string) ([]string, int, bool) {
	if len(pattern) != len(segs) {
		return nil, 0, false
	}
	var params []string
	score := 0
	for i, p := range pattern {
		if p == "*" {
			params = append(params, segs[i])
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		score++
	}
	return params, score, true
}

// routes lists every API operation (paths relative to /api/v2/).
var routes []route

func init() {
	add := func(method, path string, h handlerFunc) {
		routes = append(routes, route{method: method, pattern: strings.Split(strings.Trim(path, "/"), "/"), h: h})
	}
	add("GET", "bundles", (*call).listBundles)
	add("POST", "bundles", (*call).createBundle)
	add("POST", "bundles/create_from_envelope_template", (*call).createFromEnvelope)
	add("POST", "bundles/preparation_session", (*call).preparationSession)
	add("GET", "bundles/*", (*call).getBundle)
	add("PATCH", "bundles/*", (*call).updateBundle)
	add("DELETE", "bundles/*", (*call).deleteBundle)
	add("PUT", "bundles/*/cancel", (*call).cancelBundle)
	add("POST", "bundles/*/send", (*call).sendBundle)
	add("PUT", "bundles/*/validate", (*call).validateBundle)
	add("PUT", "bundles/*/expire", (*call).expireBundle)
	add("GET", "bundles/*/events", (*call).bundleEvents)
	add("GET", "bundles/*/files", (*call).bundleFiles)
	add("PUT", "bundles/*/files", (*call).interimFiles)
	add("GET", "bundles/*/data", (*call).bundleData)
	add("PUT", "bundles/*/add_tags", (*call).addTags)
	add("PUT", "bundles/*/remove_tags", (*call).removeTags)

	add("GET", "packets/*", (*call).getPacket)
	add("PATCH", "packets/*", (*call).updatePacket)
	add("POST", "packets/*/embed_url", (*call).embedURL)
	add("PUT", "packets/*/remind", (*call).remind)
	add("GET", "packets/*/coe", (*call).coe)

	add("GET", "templates", (*call).listTemplates)
	add("GET", "templates/*", (*call).getTemplate)
	add("PATCH", "templates/*", (*call).updateTemplate)
	add("GET", "envelope-templates", (*call).listEnvelopeTemplates)
	add("GET", "envelope-templates/*", (*call).getEnvelopeTemplate)

	add("GET", "persons", (*call).listPersons)
	add("POST", "persons", (*call).createPerson)
	add("GET", "persons/*", (*call).getPerson)
	add("PUT", "persons/*", (*call).putPerson)
	add("PATCH", "persons/*", (*call).patchPerson)
	add("DELETE", "persons/*", (*call).deletePerson)

	add("GET", "webhooks", (*call).listWebhooks)
	add("POST", "webhooks", (*call).createWebhook)
	add("GET", "webhooks/*", (*call).getWebhook)
	add("PUT", "webhooks/*", (*call).putWebhook)
	add("PATCH", "webhooks/*", (*call).patchWebhook)
	add("DELETE", "webhooks/*", (*call).deleteWebhook)
	add("GET", "webhooks/headers", (*call).listHeaders)
	add("POST", "webhooks/headers", (*call).createHeader)
	add("GET", "webhooks/headers/*", (*call).getHeader)
	add("PUT", "webhooks/headers/*", (*call).putHeader)
	add("PATCH", "webhooks/headers/*", (*call).patchHeader)
	add("DELETE", "webhooks/headers/*", (*call).deleteHeader)
	add("GET", "webhooks/events", (*call).listWebhookEvents)
	add("GET", "webhooks/events/*", (*call).getWebhookEvent)
	add("GET", "webhooks/deliveries", (*call).listDeliveries)
	add("GET", "webhooks/deliveries/*", (*call).getDelivery)
	add("GET", "webhooks/secret", (*call).getSecret)
	add("GET", "webhooks/secret/regenerate", (*call).regenerateSecret)
	add("POST", "webhooks/secret/regenerate", (*call).regenerateSecret)

	add("POST", "verify", (*call).verify)
}

// ---- answers ----

// fieldError is one entry of an error body's "errors".
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// apiError is BlueInk's documented Error object.
type apiError struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors"`
}

func errorBody(code, message string, fields []fieldError) apiError {
	if fields == nil {
		fields = []fieldError{}
	}
	return apiError{Code: code, Message: message, Errors: fields}
}

// Messages of common answers.
const (
	msgInvalid  = "The request contained invalid input."
	msgNotFound = "Not found."
)

func (c *call) invalid(fields ...fieldError) reply {
	return reply{http.StatusBadRequest, errorBody("invalid", msgInvalid, fields)}
}

func (c *call) invalidField(field, format string, args ...any) reply {
	return c.invalid(fieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *call) notFound() reply {
	return reply{http.StatusNotFound, errorBody("not_found", msgNotFound, nil)}
}

func (c *call) conflict(format string, args ...any) reply {
	return reply{http.StatusConflict, errorBody("conflict", fmt.Sprintf(format, args...), nil)}
}

func ok(body any) reply      { return reply{http.StatusOK, body} }
func created(body any) reply { return reply{http.StatusCreated, body} }
func noContent() reply       { return reply{status: http.StatusNoContent} }

func writeJSON(w http.ResponseWriter, status int, h http.Header, body any) {
	for k, vs := range h {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if body == nil {
		w.WriteHeader(status)
		return
	}
	b, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody("error", "A server error occurred.", nil))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// ---- request bodies ----

// decode reads the JSON body into v (an empty body is {}). It answers 415
// for a non-JSON content type, and BlueInk-shaped 400s for malformed JSON
// (parse_error) and values of the wrong type (invalid, with the field).
func (c *call) decode(v any) (reply, bool) {
	body := bytes.TrimSpace(c.body)
	if len(body) == 0 {
		return reply{}, true
	}
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/json" {
			return reply{http.StatusUnsupportedMediaType, errorBody("unsupported_media_type",
				fmt.Sprintf("Unsupported media type %q in request.", ct), nil)}, false
		}
	}
	return decodeJSON(c, body, v)
}

func decodeJSON(c *call, body []byte, v any) (reply, bool) {
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "non_field_errors"
			}
			return c.invalidField(field, "Expected %s but got %s.", te.Type.String(), te.Value), false
		}
		return reply{http.StatusBadRequest, errorBody("parse_error", "JSON parse error - "+err.Error(), nil)}, false
	}
	return reply{}, true
}

// ---- ids and time ----

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// token returns n random alphanumeric characters (s.mu held or during Start).
func (s *Server) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[s.rng.IntN(len(alnum))]
	}
	return string(b)
}

// slug returns a BlueInk-style 10-character slug (bundles, packets).
func (s *Server) slug() string { return s.token(10) }

// uuid returns a version 4 UUID from the server's generator.
func (s *Server) uuid() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], s.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], s.rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// nextSeq orders objects created at the same instant.
func (s *Server) nextSeq() int { s.seq++; return s.seq }

// apiTime renders a timestamp as Django REST framework does; the zero time
// is null.
func apiTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// eventTime renders a webhook event_date ("2025-04-07 15:43:08.646752+00:00").
func eventTime(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05.000000-07:00")
}
