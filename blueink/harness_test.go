package blueink_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jarcoal/httpmock"

	"github.com/esignkit/esign/blueink"
)

// Test credentials and endpoint. The key doubles as the secret that must
// never leak into printed values.
const (
	wireKey  = "bk_live_7Hq2Zp9WxL4sR8vN"
	wireHost = "https://api.blueink.test"
	wireBase = wireHost + "/api/v2/"
)

// chk binds testify's assertions to a test, keeping the (got, want, what)
// argument order the blueink tests use. noErr stops the test (require); the
// others record a failure and continue (assert).
type chk struct{ testing.TB }

func (c chk) noErr(err error) {
	c.Helper()
	require.NoError(c, err)
}

func (c chk) eq(got, want any, what string) {
	c.Helper()
	assert.Equal(c, want, got, what)
}

func (c chk) truef(cond bool, format string, args ...any) {
	c.Helper()
	assert.Truef(c, cond, format, args...)
}

func (c chk) errIs(err, target error) {
	c.Helper()
	assert.ErrorIs(c, err, target)
}

// timeEq compares a decoded timestamp with an RFC 3339 value.
func (c chk) timeEq(got blueink.Time, want, what string) {
	c.Helper()
	if want == "" {
		if !got.IsZero() {
			c.Errorf("%s = %v, want zero", what, got.Time)
		}
		return
	}
	w, err := time.Parse(time.RFC3339Nano, want)
	if err != nil {
		c.Fatalf("bad expected time %q: %v", want, err)
	}
	if !got.Equal(w) {
		c.Errorf("%s = %v, want %v", what, got.Time, w)
	}
}

// jsonEq compares two JSON documents semantically.
func (c chk) jsonEq(got []byte, want, what string) {
	c.Helper()
	assert.JSONEq(c, want, string(got), what)
}

// fixture returns testdata/<name>.
func fixture(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("fixture: %v", err)
	}
	return string(b)
}

// listOf wraps a fixture object into a one-element JSON array.
func listOf(tb testing.TB, name string) string { return "[" + fixture(tb, name) + "]" }

// recorded is one request the mock transport received.
type recorded struct {
	Method  string
	Path    string
	RawPath string // as sent, escaped
	Query   string // raw query
	Header  http.Header
	Body    []byte
}

// wire is a client on an httpmock transport that records every request.
type wire struct {
	t  *testing.T
	mt *httpmock.MockTransport
	c  *blueink.Client

	mu     sync.Mutex
	reqs   []recorded
	cancel context.CancelFunc
}

// ctx returns a context the mock server cancels when a test sends a
// runaway number of requests (see guard), so a broken pager fails the test
// instead of hanging it.
func (w *wire) ctx() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	w.t.Cleanup(cancel)
	w.mu.Lock()
	w.cancel = cancel
	w.mu.Unlock()
	return ctx
}

// guard fails the test and cancels w.ctx() once more than limit requests
// were recorded.
func (w *wire) guard(limit int) {
	w.mu.Lock()
	n, cancel := len(w.reqs), w.cancel
	w.mu.Unlock()
	if n > limit {
		w.t.Errorf("runaway: %d requests", n)
		if cancel != nil {
			cancel()
		}
	}
}

// newWire returns a client with retries disabled unless opts say otherwise.
func newWire(t *testing.T, opts ...blueink.Option) *wire {
	t.Helper()
	w := &wire{t: t, mt: httpmock.NewMockTransport()}
	all := append([]blueink.Option{
		blueink.WithBaseURL(wireBase),
		blueink.WithHTTPClient(&http.Client{Transport: w.mt}),
		blueink.WithMaxRetries(0),
		blueink.WithUserAgent("wire-test/1.0"),
		blueink.WithStrictDecoding(),
	}, opts...)
	c, err := blueink.NewClient(wireKey, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	w.c = c
	return w
}

func (w *wire) record(req *http.Request) recorded {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	r := recorded{Method: req.Method, Path: req.URL.Path, RawPath: req.URL.EscapedPath(), Query: req.URL.RawQuery, Header: req.Header.Clone(), Body: body}
	w.mu.Lock()
	w.reqs = append(w.reqs, r)
	w.mu.Unlock()
	return r
}

// on answers method+path (relative to the base URL, query ignored) with
// status and body; extra headers come as name, value pairs.
func (w *wire) on(method, path string, status int, body string, hdr ...string) {
	w.mt.RegisterResponder(method, wireBase+path, func(req *http.Request) (*http.Response, error) {
		w.record(req)
		resp := httpmock.NewStringResponse(status, body)
		// The foundation reads resp.Request on decode errors; real
		// transports set it, httpmock does not.
		resp.Request = req
		resp.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			resp.Header.Set(hdr[i], hdr[i+1])
		}
		return resp, nil
	})
}

// onAny answers every request with status and body.
func (w *wire) onAny(status int, body string, hdr ...string) {
	w.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		w.record(req)
		resp := httpmock.NewStringResponse(status, body)
		// The foundation reads resp.Request on decode errors; real
		// transports set it, httpmock does not.
		resp.Request = req
		resp.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			resp.Header.Set(hdr[i], hdr[i+1])
		}
		return resp, nil
	})
}

func (w *wire) requests() []recorded {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]recorded(nil), w.reqs...)
}

// only asserts exactly one request was sent, with this method, exact path
// (relative to the host) and raw query, and the common headers; it returns
// the request for body checks.
func (w *wire) only(method, path, query string) recorded {
	w.t.Helper()
	reqs := w.requests()
	if len(reqs) != 1 {
		w.t.Fatalf("sent %d requests, want 1: %+v", len(reqs), reqs)
	}
	r := reqs[0]
	c := chk{w.t}
	c.eq(r.Method, method, "method")
	c.eq(r.Path, path, "path")
	c.truef(strings.HasSuffix(r.Path, "/"), "path %q does not end in /", r.Path)
	c.eq(r.Query, query, "query")
	c.eq(r.Header.Get("Authorization"), "Token "+wireKey, "Authorization header")
	c.eq(r.Header.Get("Accept"), "application/json", "Accept header")
	ua := r.Header.Get("User-Agent")
	c.truef(strings.HasPrefix(ua, "esign-go/") && strings.HasSuffix(ua, " wire-test/1.0"), "User-Agent %q", ua)
	if len(r.Body) > 0 && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		c.eq(r.Header.Get("Content-Type"), "application/json", "Content-Type header")
	}
	if len(r.Body) == 0 {
		c.eq(r.Header.Get("Content-Type"), "", "Content-Type of a bodiless request")
	}
	return r
}

func wptr[T any](v T) *T { return &v }

// newResp is an httpmock-style response that knows its request.
func newResp(req *http.Request, status int, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	resp.Request = req
	resp.Header.Set("Content-Type", "application/json")
	return resp
}
