package rest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/jarcoal/httpmock"
)

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{Settings: Settings{BaseURL: "https://api.example.com/v2"}})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "base", c.BaseURL().String(), "https://api.example.com/v2/")
	equal(t, "RetryMax", c.rc.RetryMax, DefaultMaxRetries)
	equal(t, "RetryWaitMin", c.rc.RetryWaitMin, DefaultRetryWaitMin)
	equal(t, "RetryWaitMax", c.rc.RetryWaitMax, DefaultRetryWaitMax)
	equal(t, "maxDecode", c.maxDecode, int64(DefaultMaxDecodeBytes))
	equal(t, "ua", c.ua, "esign-go/"+Version)
	if c.rc.Logger != nil {
		t.Fatalf("a client without Logger must not log: %#v", c.rc.Logger)
	}
	if c.HTTPClient() == nil || c.HTTPClient().CheckRedirect == nil {
		t.Fatal("redirect policy not installed")
	}
	if c.HTTPClient().Timeout != 0 {
		t.Fatal("default client must rely on ctx, not a hidden timeout")
	}

	c, err = New(Config{Settings: Settings{BaseURL: "https://api.example.com/", MaxRetries: -1, RetryWaitMin: time.Minute, UserAgent: "  myapp/1.0 "}})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "RetryMax disabled", c.rc.RetryMax, 0)
	equal(t, "RetryWaitMax raised to min", c.rc.RetryWaitMax, time.Minute)
	equal(t, "ua suffix", c.ua, "esign-go/"+Version+" myapp/1.0")

	// The caller's *http.Client is copied, not modified.
	hc := &http.Client{Timeout: 3 * time.Second}
	c, err = New(Config{Settings: Settings{BaseURL: "http://localhost:1/", HTTPClient: hc}})
	if err != nil {
		t.Fatal(err)
	}
	if hc.CheckRedirect != nil || c.HTTPClient() == hc || c.HTTPClient().Timeout != 3*time.Second {
		t.Fatal("the caller's http.Client must be copied with its settings and left untouched")
	}

	for _, bad := range []Settings{
		{},
		{BaseURL: "api.example.com"},
		{BaseURL: "/relative"},
		{BaseURL: "ftp://api.example.com/"},
		{BaseURL: "http://[::1"},
		{BaseURL: "https://x/", RetryWaitMin: time.Second, RetryWaitMax: time.Millisecond},
	} {
		if _, err := New(Config{Settings: bad}); !errors.Is(err, ErrValidation) {
			t.Errorf("New(%+v) err = %v, want ErrValidation", bad, err)
		}
	}
}

func TestUserAgentAndDefaultHeaders(t *testing.T) {
	for _, tc := range []struct{ suffix, want string }{
		{"", "esign-go/" + Version},
		{"myapp/1.0", "esign-go/" + Version + " myapp/1.0"},
	} {
		s := newScripted(t, 200)
		c, _ := newClient(t, s.srv.URL, func(c *Config) {
			c.UserAgent = tc.suffix
			c.Auth = func(r *http.Request) error { r.Header.Set("Authorization", "Token abcd1234"); return nil }
		})
		if _, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil); err != nil {
			t.Fatal(err)
		}
		h := s.headers[0]
		equal(t, "User-Agent", h.Get("User-Agent"), tc.want)
		equal(t, "Accept", h.Get("Accept"), "application/json")
		equal(t, "Authorization", h.Get("Authorization"), "Token abcd1234")
		equal(t, "Content-Type of a GET", h.Get("Content-Type"), "")
		equal(t, "Idempotency-Key", h.Get("Idempotency-Key"), "")
	}
}

type listOpts struct {
	Page    int           `url:"page,omitempty"`
	PerPage int           `url:"per_page,omitempty"`
	Status  string        `url:"status,omitempty"`
	Tags    []string      `url:"tag,omitempty"`
	Since   timeutil.Date `url:"since,omitempty"`
	Debug   bool          `url:"debug,omitempty"`
}

func TestQueryEncoding(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var got []url.Values
	mt.RegisterResponder("GET", `=~^https://api\.example\.com/v2/bundles/`, func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.Query())
		return httpmock.NewStringResponse(200, `[]`), nil
	})
	c, _ := newClient(t, "https://api.example.com/v2/", func(c *Config) { c.HTTPClient = &http.Client{Transport: mt} })
	ctx := context.Background()
	opts := &listOpts{Page: 2, PerPage: 50, Status: "co mplete&x", Tags: []string{"a", "b"}, Since: timeutil.Date{Year: 2025, Month: 4, Day: 7}}
	if _, _, err := Do[[]okBody](ctx, c, "GET", "bundles/", opts, nil); err != nil {
		t.Fatal(err)
	}
	equal(t, "struct query", got[0], url.Values{"page": {"2"}, "per_page": {"50"}, "status": {"co mplete&x"}, "tag": {"a", "b"}, "since": {"2025-04-07"}})
	// omitempty: a zero struct sends nothing; a nil pointer too.
	if _, _, err := Do[[]okBody](ctx, c, "GET", "bundles/", listOpts{}, nil); err != nil {
		t.Fatal(err)
	}
	equal(t, "empty struct query", got[1], url.Values{})
	if _, _, err := Do[[]okBody](ctx, c, "GET", "bundles/", (*listOpts)(nil), nil); err != nil {
		t.Fatal(err)
	}
	equal(t, "nil pointer query", got[2], url.Values{})
	// url.Values pass through, merged with a query already in the path.
	if _, _, err := Do[[]okBody](ctx, c, "GET", "bundles/?fixed=1", url.Values{"q": {"x y"}, "fixed": {"2"}}, nil); err != nil {
		t.Fatal(err)
	}
	equal(t, "url.Values query", got[3], url.Values{"q": {"x y"}, "fixed": {"1", "2"}})
	// A query that is neither is a validation error before any I/O.
	if _, _, err := Do[[]okBody](ctx, c, "GET", "bundles/", 42, nil); !errors.Is(err, ErrValidation) {
		t.Fatalf("bad query: err = %v", err)
	}
	equal(t, "calls", mt.GetTotalCallCount(), 4)
}

func TestPathEscapingAndValidation(t *testing.T) {
	p, err := Path("bundles/%s/files/%s/", "a b/c?d#e", "ü%")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "Path", p, "bundles/a%20b%2Fc%3Fd%23e/files/%C3%BC%25/")

	var hits atomic.Int32
	var gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		gotPath = r.URL.EscapedPath()
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL+"/api/v2", nil)
	get := func(id string) error {
		path, err := Path("bundles/%s/", id)
		if err != nil {
			return err
		}
		_, _, err = Do[*okBody](context.Background(), c, http.MethodGet, path, nil, nil)
		return err
	}
	if err := get("a b/c"); err != nil {
		t.Fatal(err)
	}
	equal(t, "server path", gotPath, "/api/v2/bundles/a%20b%2Fc/")
	for _, bad := range []string{"", "  ", "\t", ".", ".."} {
		err := get(bad)
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
			t.Fatalf("id %q: err = %v, want *ValidationError", bad, err)
		}
	}
	equal(t, "requests sent", hits.Load(), int32(1))

	if err := RequireID("bundle slug", " "); !errors.Is(err, ErrValidation) || err.Error() != "invalid bundle slug: must not be empty" {
		t.Fatalf("RequireID = %v", err)
	}
	if err := RequireID("slug", "x"); err != nil {
		t.Fatal(err)
	}
	equal(t, "Invalid", Invalid("", "bad %d", 1).Error(), "invalid argument: bad 1")
}

func TestURLJoining(t *testing.T) {
	c, _ := newClient(t, "https://api.example.com/api/v2", nil)
	for in, want := range map[string]string{
		"bundles/":                           "https://api.example.com/api/v2/bundles/",
		"/bundles/":                          "https://api.example.com/api/v2/bundles/",
		"bundles/?page=2":                    "https://api.example.com/api/v2/bundles/?page=2",
		"https://files.example.net/x.pdf":    "https://files.example.net/x.pdf",
		"http://api.example.com/api/v2/abc/": "http://api.example.com/api/v2/abc/",
	} {
		u, err := c.URL(in)
		if err != nil {
			t.Fatal(err)
		}
		equal(t, "URL("+in+")", u.String(), want)
	}
}

func TestAbsoluteURLOnAnotherHostGetsNoCredentials(t *testing.T) {
	var sawAuth atomic.Value
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawAuth.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer foreign.Close()
	api := newScripted(t, 200)
	c, _ := newClient(t, api.srv.URL, func(c *Config) {
		c.Auth = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer s3cret-token"); return nil }
	})
	ctx := context.Background()
	_, err := c.Do(ctx, &Request{Method: "GET", Path: foreign.URL + "/file"}, nil)
	if !errors.Is(err, ErrValidation) {
		t.Fatalf("err = %v, want a validation error", err)
	}
	if sawAuth.Load() != nil {
		t.Fatal("the foreign host was called")
	}
	var out okBody
	if _, err := c.Do(ctx, &Request{Method: "GET", Path: foreign.URL + "/file", NoAuth: true}, &out); err != nil || !out.OK {
		t.Fatalf("NoAuth call: %v %+v", err, out)
	}
	equal(t, "foreign Authorization", sawAuth.Load(), any(""))
	// Absolute URLs on the API host keep their credentials.
	if _, err := c.Do(ctx, &Request{Method: "GET", Path: api.srv.URL + "/abs"}, nil); err != nil {
		t.Fatal(err)
	}
	equal(t, "API host Authorization", api.headers[0].Get("Authorization"), "Bearer s3cret-token")
}

func TestAuthenticatorErrors(t *testing.T) {
	s := newScripted(t, 200)
	apiErr := &APIError{StatusCode: 401, Message: "bad client credentials"}
	for _, tc := range []struct {
		err  error
		want any
	}{
		{apiErr, apiErr},
		{errors.New("token endpoint unreachable: https://auth.example.com/token?client_secret=abcd1234"), &TransportError{}},
	} {
		c, _ := newClient(t, s.srv.URL, func(c *Config) {
			c.Auth = func(*http.Request) error { return tc.err }
			c.Secrets = []string{"abcd1234"}
		})
		_, _, err := Do[*okBody](context.Background(), c, "GET", "x", nil, nil)
		switch tc.want.(type) {
		case *APIError:
			if err != tc.err || !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("err = %v, want the authenticator's APIError as is", err)
			}
		case *TransportError:
			var te *TransportError
			if !errors.As(err, &te) || strings.Contains(err.Error(), "abcd1234") || !errors.Is(err, tc.err) {
				t.Fatalf("err = %v", err)
			}
		}
	}
	equal(t, "requests", s.hits.Load(), int32(0))
	var nilCtx context.Context // a caller's bug, reported instead of panicking
	if _, err := newClientNoT(s.srv.URL).Do(nilCtx, &Request{Method: "GET", Path: "x"}, nil); !errors.Is(err, ErrValidation) {
		t.Fatalf("nil ctx: %v", err)
	}
}

func newClientNoT(base string) *Client {
	c, err := New(Config{Settings: Settings{BaseURL: base}})
	if err != nil {
		panic(err)
	}
	return c
}

func TestDoGenericShapes(t *testing.T) {
	type item struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://api.example.com/item", httpmock.NewStringResponder(200, `{"id":"i1","name":"One"}`))
	mt.RegisterResponder("GET", "https://api.example.com/items", httpmock.NewStringResponder(200, `[{"id":"i1"},{"id":"i2","name":"Two"}]`))
	mt.RegisterResponder("GET", "https://api.example.com/map", httpmock.NewStringResponder(200, `{"a":1,"b":2}`))
	mt.RegisterResponder("DELETE", "https://api.example.com/item", httpmock.NewStringResponder(204, ``))
	mt.RegisterResponder("POST", "https://api.example.com/empty", httpmock.NewStringResponder(200, ``))
	mt.RegisterResponder("POST", "https://api.example.com/blank", httpmock.NewStringResponder(200, " \r\n"))
	mt.RegisterResponder("POST", "https://api.example.com/null", httpmock.NewStringResponder(200, " null\n"))
	mt.RegisterResponder("POST", "https://api.example.com/nobody", httpmock.NewStringResponder(200, ``))
	mt.RegisterResponder("POST", "https://api.example.com/echo", func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" {
			return httpmock.NewStringResponse(415, ""), nil
		}
		return httpmock.NewBytesResponse(201, b), nil
	})
	c, _ := newClient(t, "https://api.example.com", func(c *Config) { c.HTTPClient = &http.Client{Transport: mt} })
	ctx := context.Background()

	one, resp, err := Do[*item](ctx, c, "GET", "item", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "pointer T", *one, item{ID: "i1", Name: "One"})
	equal(t, "status", resp.StatusCode, 200)

	many, _, err := Do[[]item](ctx, c, "GET", "items", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "slice T", many, []item{{ID: "i1"}, {ID: "i2", Name: "Two"}})

	ptrs, _, err := Do[[]*item](ctx, c, "GET", "items", nil, nil)
	if err != nil || len(ptrs) != 2 || ptrs[1].Name != "Two" {
		t.Fatalf("[]*T: %v %v", ptrs, err)
	}
	m, _, err := Do[map[string]int](ctx, c, "GET", "map", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "map T", m, map[string]int{"a": 1, "b": 2})

	val, _, err := Do[item](ctx, c, "GET", "item", nil, nil)
	if err != nil || val.ID != "i1" {
		t.Fatalf("struct T: %+v %v", val, err)
	}

	gone, resp, err := Do[*item](ctx, c, "DELETE", "item", nil, nil)
	if err != nil || resp.StatusCode != 204 || gone == nil || *gone != (item{}) {
		t.Fatalf("204: %+v %v %v", gone, resp, err)
	}
	// A 200 that holds no value where one is expected is a decode failure
	// (the call was made: not an unknown outcome), never a zero value.
	for _, path := range []string{"empty", "blank", "null"} {
		empty, _, err := Do[*item](ctx, c, "POST", path, nil, nil)
		var de *DecodeError
		if !errors.As(err, &de) || errors.Is(err, ErrOutcomeUnknown) || empty != nil {
			t.Fatalf("%s 200 body into *T: %+v %v", path, empty, err)
		}
		emptySlice, _, err := Do[[]item](ctx, c, "POST", path, nil, nil)
		if !errors.As(err, &de) || emptySlice != nil {
			t.Fatalf("%s 200 body into a slice: %v %v", path, emptySlice, err)
		}
		var page Items[item]
		if _, err := c.Do(ctx, &Request{Method: "POST", Path: path}, &page); !errors.As(err, &de) {
			t.Fatalf("%s 200 body into a list page: %v", path, err)
		}
	}
	// A call that expects no body is unaffected.
	if _, _, err := Do[NoBody](ctx, c, "POST", "nobody", nil, nil); err != nil {
		t.Fatalf("NoBody, empty 200: %v", err)
	}

	echoed, resp, err := Do[*item](ctx, c, "POST", "echo", nil, item{ID: "new", Name: "N"})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "JSON body round trip", *echoed, item{ID: "new", Name: "N"})
	equal(t, "201", resp.StatusCode, 201)
	// []byte and io.Reader bodies are sent raw.
	raw, _, err := Do[*item](ctx, c, "POST", "echo", nil, []byte(`{"id":"raw"}`))
	if err == nil {
		t.Fatalf("raw []byte without content type must reach the server without JSON content type: %+v", raw)
	}
	var r2 item
	if _, err := c.Do(ctx, &Request{Method: "POST", Path: "echo", Body: strings.NewReader(`{"id":"rdr"}`), ContentType: "application/json"}, &r2); err != nil || r2.ID != "rdr" {
		t.Fatalf("reader body: %+v %v", r2, err)
	}
	// An unencodable body fails before I/O.
	before := mt.GetTotalCallCount()
	if _, _, err := Do[*item](ctx, c, "POST", "echo", nil, map[string]any{"f": func() {}}); !errors.Is(err, ErrValidation) {
		t.Fatalf("unencodable body: %v", err)
	}
	equal(t, "calls after bad body", mt.GetTotalCallCount(), before)
}

func TestDecodeErrors(t *testing.T) {
	mt := httpmock.NewMockTransport()
	big := `{"name":"` + strings.Repeat("x", 200) + `"}`
	mt.RegisterResponder("GET", "https://api.example.com/big", httpmock.NewStringResponder(200, big))
	mt.RegisterResponder("GET", "https://api.example.com/bad", httpmock.NewStringResponder(200, `{"name":`))
	mt.RegisterResponder("GET", "https://api.example.com/html", httpmock.NewStringResponder(200, `<html>busy</html>`))
	mt.RegisterResponder("GET", "https://api.example.com/wrongshape", httpmock.NewStringResponder(200, `["name"]`))
	mt.RegisterResponder("GET", "https://api.example.com/twovalues", httpmock.NewStringResponder(200, `{"name":"a"} {"name":"b"}`))
	c, _ := newClient(t, "https://api.example.com", func(c *Config) {
		c.HTTPClient = &http.Client{Transport: mt}
		c.MaxDecodeBytes = 100
	})
	type named struct {
		Name string `json:"name"`
	}
	for path, want := range map[string]string{"big": "body exceeds 100 bytes", "bad": "unexpected end of JSON input",
		"html": "invalid character '<'", "wrongshape": "cannot unmarshal array", "twovalues": "invalid character '{' after top-level value"} {
		_, resp, err := Do[*named](context.Background(), c, "GET", path, nil, nil)
		var de *DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: err = %v, want *DecodeError with %q", path, err, want)
		}
		if resp == nil || resp.StatusCode != 200 {
			t.Fatalf("%s: the response must be returned with a DecodeError", path)
		}
		equal(t, path+" DecodeError.Method", de.Method, "GET")
	}
}

func TestResponseMetadata(t *testing.T) {
	s := newScripted(t, 200)
	s.header.Set("X-Request-Id", "rid-1")
	s.header.Set("X-RateLimit-Limit", "100")
	s.header.Set("X-RateLimit-Remaining", "97")
	s.header.Set("X-RateLimit-Reset", "1744030000")
	s.header.Set("X-Page", "2,5")
	c, _ := newClient(t, s.srv.URL, func(c *Config) {
		c.Pagination = func(h http.Header) *Pagination {
			if h.Get("X-Page") == "" {
				return nil
			}
			return &Pagination{Page: 2, TotalPages: 5}
		}
	})
	_, resp, err := Do[*okBody](context.Background(), c, "GET", "x", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "RequestID", resp.RequestID, "rid-1")
	equal(t, "RateLimit", *resp.RateLimit, RateLimit{Limit: 100, Remaining: 97, Reset: time.Unix(1744030000, 0)})
	equal(t, "Pagination", *resp.Pagination, Pagination{Page: 2, TotalPages: 5})

	s2 := newScripted(t, 200)
	s2.header.Set("Trace", "t-9")
	c2, _ := newClient(t, s2.srv.URL, func(c *Config) { c.RequestIDKeys = []string{"Trace"} })
	_, resp, _ = Do[*okBody](context.Background(), c2, "GET", "x", nil, nil)
	equal(t, "custom RequestIDKeys", resp.RequestID, "t-9")
	if resp.RateLimit != nil || resp.Pagination != nil {
		t.Fatal("no rate limit / pagination headers: want nil")
	}
	equal(t, "junk", clampedInt("12a", 100), 0)
	equal(t, "overflowing digits are clamped, not dropped", clampedInt(strings.Repeat("9", 30), 100), 100)
}

func TestStreamLeavesBodyOpen(t *testing.T) {
	payload := strings.Repeat("%PDF-1.7 ", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = io.WriteString(w, payload)
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL, nil)
	rc, resp, err := c.Stream(context.Background(), &Request{Method: "GET", Path: "doc.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil || string(b) != payload {
		t.Fatalf("stream: %d bytes, %v", len(b), err)
	}
	equal(t, "content type", resp.Header.Get("Content-Type"), "application/pdf")
}

func TestRedirects(t *testing.T) {
	var foreignHits atomic.Int32
	var foreignAuth, foreignKey atomic.Value
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		foreignAuth.Store(r.Header.Get("Authorization"))
		foreignKey.Store(r.Header.Get("X-Api-Key"))
		_, _ = io.WriteString(w, "file-bytes")
	}))
	defer foreign.Close()
	var apiAuth atomic.Value
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/target", http.StatusFound)
		case "/target":
			apiAuth.Store(r.Header.Get("Authorization"))
			_, _ = io.WriteString(w, `{"ok":true}`)
		case "/away":
			http.Redirect(w, r, foreign.URL+"/file?sig=abc", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer api.Close()
	c, _ := newClient(t, api.URL, func(c *Config) {
		c.Auth = func(r *http.Request) error {
			r.Header.Set("Authorization", "Token t0ps3cret")
			r.Header.Set("X-Api-Key", "k3y-t0ps3cret")
			return nil
		}
	})
	ctx := context.Background()

	out, _, err := Do[*okBody](ctx, c, "GET", "same", nil, nil)
	if err != nil || !out.OK {
		t.Fatalf("same-host redirect: %v", err)
	}
	equal(t, "same-host redirect keeps credentials", apiAuth.Load(), any("Token t0ps3cret"))

	_, _, err = Do[*okBody](ctx, c, "GET", "away", nil, nil)
	var te *TransportError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "refusing redirect to another host") {
		t.Fatalf("cross-host redirect: err = %v", err)
	}
	equal(t, "foreign hits after refusal", foreignHits.Load(), int32(0))

	_, _, err = Do[*okBody](ctx, c, "GET", "loop", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Fatalf("redirect loop: %v", err)
	}

	rc, _, err := c.Stream(ctx, &Request{Method: "GET", Path: "away", AllowForeignRedirect: true})
	if err != nil {
		t.Fatalf("AllowForeignRedirect: %v", err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	equal(t, "downloaded", string(b), "file-bytes")
	equal(t, "foreign hits", foreignHits.Load(), int32(1))
	equal(t, "foreign Authorization", foreignAuth.Load(), any(""))
	equal(t, "foreign X-Api-Key", foreignKey.Load(), any(""))
}

func TestRedirectFromHTTPSToHTTPRefused(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { plainHits.Add(1) }))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/x", http.StatusFound)
	}))
	defer secure.Close()
	c, _ := newClient(t, secure.URL, func(c *Config) { c.HTTPClient = secure.Client() })
	_, _, err := c.Stream(context.Background(), &Request{Method: "GET", Path: "dl", AllowForeignRedirect: true})
	if err == nil || !strings.Contains(err.Error(), "refusing redirect from https to http") {
		t.Fatalf("err = %v", err)
	}
	equal(t, "plain hits", plainHits.Load(), int32(0))
}

func TestUserCheckRedirectStillConsulted(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer api.Close()
	sentinel := errors.New("user policy says no")
	c, _ := newClient(t, api.URL, func(c *Config) {
		c.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return sentinel }}
		c.MaxRetries = 3
	})
	_, _, err := Do[*okBody](context.Background(), c, "GET", "a", nil, nil)
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v", err)
	}
}
