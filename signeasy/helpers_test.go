package signeasy

import (
	"bytes"
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
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhooks", name))
	require.NoError(t, err)
	return b
}

func noSleep(int, time.Duration) time.Duration { return 0 }

// call is one request seen by the mock transport.
type call struct {
	Method   string
	URL      string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// mockAPI is an httpmock transport recording every request.
type mockAPI struct {
	t     testing.TB
	mt    *httpmock.MockTransport
	mu    sync.Mutex
	calls []call
}

func newMockAPI(t testing.TB) *mockAPI {
	m := &mockAPI{t: t, mt: httpmock.NewMockTransport()}
	m.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(599, "no responder"), nil
	})
	return m
}

func (m *mockAPI) httpClient() *http.Client { return &http.Client{Transport: m.mt} }

func (m *mockAPI) record(req *http.Request) call {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	c := call{Method: req.Method, URL: req.URL.String(), Path: req.URL.Path, RawQuery: req.URL.RawQuery, Header: req.Header.Clone(), Body: body}
	m.mu.Lock()
	m.calls = append(m.calls, c)
	m.mu.Unlock()
	return c
}

// on answers method+url with status and a JSON body (responses are served
// in order; the last one repeats).
func (m *mockAPI) on(method, url string, responses ...resp) {
	var mu sync.Mutex
	i := 0
	m.mt.RegisterResponder(method, url, func(req *http.Request) (*http.Response, error) {
		m.record(req)
		mu.Lock()
		r := responses[min(i, len(responses)-1)]
		i++
		mu.Unlock()
		hr := httpmock.NewBytesResponse(r.status, []byte(r.body))
		hr.Request = req // as a real transport does
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
		for k, v := range r.header {
			hr.Header.Set(k, v)
		}
		return hr, nil
	})
}

type resp struct {
	status      int
	body        string
	contentType string
	header      map[string]string
}

func ok(body string) resp { return resp{status: 200, body: body} }

func (m *mockAPI) all() []call {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]call(nil), m.calls...)
}

func (m *mockAPI) last() call {
	m.t.Helper()
	calls := m.all()
	if len(calls) == 0 {
		m.t.Fatalf("no request was made")
	}
	return calls[len(calls)-1]
}

const testToken = "test-access-token-0123456789"

// client returns a static-token client on the mock transport.
func (m *mockAPI) client(opts ...Option) *Client {
	m.t.Helper()
	c, err := NewClient(testToken, append([]Option{WithHTTPClient(m.httpClient()), WithBackoffHook(noSleep), WithUserAgent("myapp/1.0"), WithStrictDecoding()}, opts...)...)
	require.NoError(m.t, err)
	return c
}

// checkCommon asserts what every API call carries.
func checkCommon(t testing.TB, c call, method, url string) {
	t.Helper()
	if c.Method != method || c.URL != url {
		t.Errorf("request: got %s %s, want %s %s", c.Method, c.URL, method, url)
	}
	if got := c.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization: got %q", got)
	}
	if ua := c.Header.Get("User-Agent"); !strings.HasPrefix(ua, "esign-go/") || !strings.HasSuffix(ua, " myapp/1.0") {
		t.Errorf("User-Agent: got %q", ua)
	}
}

func checkJSONRequest(t testing.TB, c call, want string) {
	t.Helper()
	if ct := c.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type: got %q", ct)
	}
	assert.JSONEq(t, want, string(c.Body))
}

func checkNoBody(t testing.TB, c call) {
	t.Helper()
	if len(bytes.TrimSpace(c.Body)) != 0 {
		t.Errorf("unexpected body %q", c.Body)
	}
	if ct := c.Header.Get("Content-Type"); ct != "" {
		t.Errorf("unexpected Content-Type %q", ct)
	}
}
