package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a server that records every request and answers from a
// handler.
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	rc := &recorder{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, r.Clone(context.Background()))
		rc.body = append(rc.body, b)
		rc.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *recorder) last() (*http.Request, []byte) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.reqs) == 0 {
		return nil, nil
	}
	return rc.reqs[len(rc.reqs)-1], rc.body[len(rc.body)-1]
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.reqs)
}

func tokenAuth(r *http.Request) error { r.Header.Set("Authorization", "Token sekrit-key"); return nil }

// The escape hatch shares the client's base URL, credentials, headers,
// retries and error typing.
func TestDoRequest(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v2/missing/" {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"message":"nope"}`)
			return
		}
		fmt.Fprint(w, `{"ok":true}`)
	})
	c, _ := newClient(t, srv.srv.URL+"/api/v2", func(c *Config) {
		c.Auth = tokenAuth
		c.Name = "prov"
		c.ConvertError = func(err error) error { return fmt.Errorf("converted: %w", err) }
	})
	ctx := WithHeader(context.Background(), "X-Trace", "t-1")

	var out okBody
	resp, err := c.DoRequest(ctx, &APIRequest{Method: "patch", Path: "things/a%20b/", Query: url.Values{"x": {"1"}},
		Body: map[string]int{"n": 1}, Header: http.Header{"X-Extra": {"e"}}}, &out)
	if err != nil || !out.OK || resp.StatusCode != 200 {
		t.Fatalf("DoRequest = %v, %v, %+v", resp, err, out)
	}
	r, body := srv.last()
	equal(t, "method", r.Method, http.MethodPatch)
	equal(t, "path", r.URL.EscapedPath(), "/api/v2/things/a%20b/")
	equal(t, "query", r.URL.RawQuery, "x=1")
	equal(t, "body", string(body), `{"n":1}`)
	equal(t, "content type", r.Header.Get("Content-Type"), "application/json")
	equal(t, "auth", r.Header.Get("Authorization"), "Token sekrit-key")
	equal(t, "request header", r.Header.Get("X-Extra"), "e")
	equal(t, "ctx header", r.Header.Get("X-Trace"), "t-1")

	var raw []byte
	if _, err := c.DoRequest(ctx, &APIRequest{Path: srv.srv.URL + "/api/v2/raw"}, &raw); err != nil || string(raw) != `{"ok":true}` {
		t.Fatalf("raw body = %q, %v", raw, err)
	}
	if r, _ := srv.last(); r.Method != http.MethodGet {
		t.Fatalf("default method %s", r.Method)
	}

	_, err = c.DoRequest(ctx, &APIRequest{Path: "missing/"}, nil)
	if !errors.Is(err, ErrNotFound) || !strings.HasPrefix(err.Error(), "converted: ") {
		t.Fatalf("404 = %v, want a converted ErrNotFound", err)
	}
	n := srv.count()
	for name, r := range map[string]*APIRequest{
		"nil":            nil,
		"bad method":     {Method: "GE T"},
		"other host":     {Path: "https://evil.example.com/x"},
		"other scheme":   {Path: strings.Replace(srv.srv.URL, "http://", "https://", 1) + "/api/v2/x"},
		"authorization":  {Header: http.Header{"Authorization": {"Bearer other"}}},
		"idempotency":    {Header: http.Header{"Idempotency-Key": {"k"}}},
		"bad header":     {Header: http.Header{"X-Bad": {"a\nb"}}},
		"bad header key": {Header: http.Header{"X Bad": {"a"}}},
	} {
		if _, err := c.DoRequest(ctx, r, nil); !errors.Is(err, ErrValidation) || !strings.HasPrefix(err.Error(), "converted: ") {
			t.Errorf("%s: err = %v, want a converted ErrValidation", name, err)
		}
	}
	equal(t, "requests sent for invalid calls", srv.count(), n)
}

// WithHeader reaches typed calls (rest.Do) too, stacks, and is refused for
// credentials.
func TestWithHeader(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"ok":true}`) })
	c, _ := newClient(t, srv.srv.URL, func(c *Config) { c.Auth = tokenAuth })
	base := context.Background()
	ctx := WithHeader(WithHeader(base, "X-A", "1"), "X-B", "2")
	if _, _, err := Do[*okBody](ctx, c, http.MethodGet, "x", nil, nil); err != nil {
		t.Fatal(err)
	}
	r, _ := srv.last()
	equal(t, "X-A", r.Header.Get("X-A"), "1")
	equal(t, "X-B", r.Header.Get("X-B"), "2")
	if _, _, err := Do[*okBody](base, c, http.MethodGet, "x", nil, nil); err != nil {
		t.Fatal(err)
	}
	if r, _ := srv.last(); r.Header.Get("X-A") != "" {
		t.Fatal("the parent context carries the header")
	}
	for _, h := range []string{"Authorization", "cookie", "Host", "Content-Length", "Idempotency-Key"} {
		if _, _, err := Do[*okBody](WithHeader(base, h, "v"), c, http.MethodGet, "x", nil, nil); !errors.Is(err, ErrValidation) {
			t.Errorf("%s: err = %v, want ErrValidation", h, err)
		}
	}
}

// Download streams a presigned URL without any API credential, on any
// host, the API's included, and follows redirects to other hosts.
func TestDownloadSendsNoCredentials(t *testing.T) {
	storage := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "%PDF-1.7 file") })
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/presigned" {
			http.Redirect(w, r, storage.srv.URL+"/bucket/f.pdf?X-Amz-Signature=abc123", http.StatusFound)
			return
		}
		io.WriteString(w, "%PDF-1.7 api")
	})
	c, _ := newClient(t, api.srv.URL, func(c *Config) {
		c.Auth = tokenAuth
		c.Secrets = []string{"sekrit-key"}
	})
	for _, tc := range []struct{ url, want string }{
		{storage.srv.URL + "/bucket/f.pdf?X-Amz-Signature=abc123", "%PDF-1.7 file"},
		{api.srv.URL + "/presigned", "%PDF-1.7 file"},
		{api.srv.URL + "/file", "%PDF-1.7 api"},
	} {
		body, resp, err := c.Download(context.Background(), tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		got, _ := io.ReadAll(body)
		body.Close()
		equal(t, tc.url, string(got), tc.want)
		equal(t, "status", resp.StatusCode, 200)
	}
	for _, rc := range []*recorder{storage, api} {
		rc.mu.Lock()
		for _, r := range rc.reqs {
			if r.Header.Get("Authorization") != "" {
				t.Errorf("%s received credentials", r.URL)
			}
		}
		rc.mu.Unlock()
	}
	for _, bad := range []string{"", "/relative", "ftp://x/y", "file:///etc/passwd"} {
		if _, _, err := c.Download(context.Background(), bad); !errors.Is(err, ErrValidation) {
			t.Errorf("Download(%q) err = %v", bad, err)
		}
	}
	// A failed download is a typed error with the signature redacted.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	_, _, err := c.Download(context.Background(), dead.URL+"/f.pdf?X-Amz-Signature=abc123")
	var te *TransportError
	if !errors.As(err, &te) || strings.Contains(err.Error(), "abc123") {
		t.Fatalf("err = %v", err)
	}
}

// A client pointed at a host that refuses connections gives up after the
// short dial retries (about a second with the defaults), not after the
// whole exponential budget, and says how many attempts it made.
func TestUnreachableHostFailsFast(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	var waits []time.Duration
	c, err := New(Config{Settings: Settings{BaseURL: dead.URL, BackoffHook: func(_ int, d time.Duration) time.Duration {
		waits = append(waits, d)
		return 0
	}}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v", err)
	}
	total := time.Duration(0)
	for _, w := range waits {
		total += w
	}
	equal(t, "attempts", te.Attempts, 1+DialRetries)
	if total > 1200*time.Millisecond {
		t.Fatalf("waits %v add up to %s; an unreachable host must fail in about a second", waits, total)
	}
	if !strings.Contains(err.Error(), "(3 attempts over ") {
		t.Fatalf("the error does not say how it was tried: %v", err)
	}
}

// A refused cross-host redirect of a token request writes nothing to the
// process-wide log (net/http logs a RoundTripper that returns both a
// response and an error).
func TestRefusedTokenRedirectLogsNothing(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	t.Cleanup(func() { log.SetOutput(defaultLogOutput) })
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{}`) }))
	defer evil.Close()
	auth := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	defer auth.Close()
	c, _ := newClient(t, auth.URL, nil)
	req, _ := http.NewRequestWithContext(WithSafeRetries(context.Background()), http.MethodPost, auth.URL+"/oauth/token", strings.NewReader("client_secret=s"))
	resp, err := c.StandardClient().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatal("the redirect to another host was followed")
	}
	if resp != nil {
		t.Fatal("a response came back with the error")
	}
	if buf.Len() > 0 {
		t.Fatalf("the global log was written: %q", buf.String())
	}
}

var defaultLogOutput = log.Writer()

func sizeOf[T any]() uintptr { return reflect.TypeFor[T]().Size() }

func jsonDecoder(s string) *Decoder { return NewDecoder([]byte(s)) }

// A list page is decoded item by item under a cap: a megabyte of empty
// objects cannot grow into a hundred megabytes of heap.
func TestListPageMemoryBounded(t *testing.T) {
	type item struct {
		A, B, C, D, E, F, G, H string
		X                      [32]int64
	}
	body := []byte("[" + strings.TrimSuffix(strings.Repeat("{},", (1<<20)/3), ",") + "]")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	c, _ := newClient(t, srv.URL, nil)

	// Whole-body decoding of the same answer (what Do did before) allocates
	// one item per "{}": the bound below is far under that.
	per := int64(len(body)/3) * int64(sizeOf[item]())
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Do[Items[*item]](context.Background(), c, http.MethodGet, "x", nil, nil)
	runtime.ReadMemStats(&after)
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), fmt.Sprintf("more than %d items", DefaultMaxPageItems)) {
		t.Fatalf("err = %v, want a DecodeError about the item cap", err)
	}
	allocated := int64(after.TotalAlloc - before.TotalAlloc)
	limit := int64(4*len(body)) + int64(2*DefaultMaxPageItems)*int64(sizeOf[item]())
	t.Logf("allocated %d KiB for a %d KiB body (whole decoding: about %d KiB)", allocated>>10, len(body)>>10, per>>10)
	if allocated > limit {
		t.Fatalf("decoding allocated %d bytes, want at most %d", allocated, limit)
	}

	// Within the cap, the items come through.
	small := Items[*item]{}
	if err := small.DecodeItems(jsonDecoder(`[{"A":"a"},{},null]`), 3); err != nil || len(small) != 3 || small[0].A != "a" || small[2] != nil {
		t.Fatalf("items = %v, %v", small, err)
	}
	if err := small.DecodeItems(jsonDecoder(`[1,2,3,4]`), 3); err == nil {
		t.Fatal("4 items past a cap of 3 were accepted")
	}
}

// CreateOnce: an ambiguous failure is resolved by the lookup; a refused
// duplicate key is the existing object; a failed lookup leaves the outcome
// unknown; other errors are returned as they are.
func TestCreateOnce(t *testing.T) {
	c, rec := newClient(t, "https://api.example.com/", func(c *Config) { c.MaxRetries = 3 })
	ambiguous := &TransportError{Method: "POST", URL: "u", Err: io.ErrUnexpectedEOF, OutcomeUnknown: true}
	type step struct {
		found bool
		lerr  error
	}
	for _, tc := range []struct {
		name      string
		creates   []error // one per attempt; nil succeeds
		lookups   []step  // one per lookup
		wantErr   error
		recovered bool
		attempts  int
	}{
		{"success", []error{nil}, nil, nil, false, 1},
		{"lost answer, found", []error{ambiguous}, []step{{found: true}}, nil, true, 1},
		{"not committed, retried", []error{ambiguous, nil}, []step{{}}, nil, false, 2},
		{"lookup fails", []error{ambiguous}, []step{{lerr: errors.New("lookup down")}}, ErrOutcomeUnknown, false, 1},
		{"budget spent", []error{ambiguous, ambiguous, ambiguous, ambiguous}, []step{{}, {}, {}, {}}, ErrOutcomeUnknown, false, 4},
		{"duplicate key refused, found", []error{&APIError{StatusCode: 400}}, []step{{found: true}}, nil, true, 1},
		{"bad request, not found", []error{&APIError{StatusCode: 422}}, []step{{}}, ErrBadRequest, false, 1},
		{"rate limited", []error{&RateLimitError{APIError: &APIError{StatusCode: 429}}}, nil, ErrRateLimited, false, 1},
		{"not found", []error{&APIError{StatusCode: 404}}, nil, ErrNotFound, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			attempts, lookups := 0, 0
			create := func(context.Context) (string, *Response, error) {
				err := tc.creates[attempts]
				attempts++
				if err != nil {
					return "", nil, err
				}
				return "created", &Response{}, nil
			}
			lookup := func(context.Context) (string, *Response, bool, error) {
				s := tc.lookups[lookups]
				lookups++
				if s.found {
					return "found", &Response{}, true, nil
				}
				return "", nil, false, s.lerr
			}
			got, resp, err := CreateOnce(context.Background(), c, create, lookup)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			} else if err != nil || resp.Recovered != tc.recovered || (got == "found") != tc.recovered {
				t.Fatalf("= %q, %+v, %v", got, resp, err)
			}
			equal(t, "attempts", attempts, tc.attempts)
			equal(t, "lookups", lookups, len(tc.lookups))
		})
	}
	if len(rec.all()) == 0 {
		t.Fatal("retried creates did not back off")
	}
	if k := NewKey(); !strings.HasPrefix(k, "esign-") || len(k) != 38 || k == NewKey() {
		t.Fatalf("NewKey = %q", k)
	}
}

// Errors the core makes itself name the provider and wrap their sentinel.
func TestCoreErrorsNameTheProvider(t *testing.T) {
	c, _ := newClient(t, "https://api.example.com/", func(c *Config) { c.Name = "prov" })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range Iterate(ctx, c, func(context.Context, *Pagination) ([]int, *Response, error) { return nil, nil, nil }) {
		if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "prov: ") {
			t.Fatalf("err = %v", err)
		}
	}
	var calls atomic.Int32
	_, err := New(Config{Settings: Settings{BaseURL: "nope"}, ConvertError: func(err error) error { calls.Add(1); return err }})
	if !errors.Is(err, ErrValidation) || calls.Load() != 1 {
		t.Fatalf("New's error was not converted: %v", err)
	}
}
