package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// The configured API key, with characters that change once escaped.
const secretToken = "sk_live_Sup3r+Secr3t/Value=="

// A token the client learns at run time (e.g. an OAuth access token).
const runtimeToken = "at-Fresh-0a1b2c3d4e5f"

// An unregistered token that only travels in a ?access_token= parameter.
const paramOnlyToken = "unregistered9876"

func tokenForms() []string {
	var out []string
	for _, tok := range []string{secretToken, runtimeToken, paramOnlyToken} {
		out = append(out, tok, url.QueryEscape(tok), url.PathEscape(tok), strings.ReplaceAll(tok, "/", `\/`))
	}
	return out
}

func assertNoToken(t *testing.T, where, s string) {
	t.Helper()
	for _, form := range tokenForms() {
		if strings.Contains(s, form) {
			t.Errorf("%s leaks %q:\n%s", where, form, s)
		}
	}
	if strings.Contains(s, "Bearer ") {
		t.Errorf("%s leaks an Authorization header:\n%s", where, s)
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecretsNeverLeak(t *testing.T) {
	var hits atomic.Int32
	echo := fmt.Sprintf(`{"code":"invalid_token %[1]s","message":"token %[1]s is revoked","detail":"escaped %[2]s",`+
		`"errors":[{"field":"key %[1]s","message":"runtime %[3]s"}],"request_id":"%[1]s"}`,
		secretToken, strings.ReplaceAll(secretToken, "/", `\/`), runtimeToken)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		switch {
		case strings.HasPrefix(r.URL.Path, "/flaky") && n%3 != 0:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(503)
			_, _ = io.WriteString(w, "upstream says "+r.Header.Get("Authorization"))
		case strings.HasPrefix(r.URL.Path, "/decode"):
			_, _ = io.WriteString(w, `{"broken": "`+secretToken)
		default:
			w.Header().Set("X-Request-Id", secretToken)
			w.WriteHeader(401)
			_, _ = io.WriteString(w, echo)
		}
	}))
	defer srv.Close()
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()

	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mk := func(base string) *Client {
		c, _ := newClient(t, base, func(c *Config) {
			c.Secrets = []string{secretToken}
			c.Logger = logger
			// A provider's decoder: whatever it sets is redacted too.
			c.ErrorDecoder = func(e *APIError, _ *http.Response, body []byte) {
				m := ErrorObject(body)
				e.Code, e.Detail, e.RequestID = FirstString(m, "code"), FirstString(m, "detail"), FirstString(m, "request_id")
				e.Fields = ErrorFields(m["errors"], "message")
			}
			c.MaxRetries = 2
			c.Auth = func(r *http.Request) error {
				// A token obtained at run time is registered before use.
				c := r.Context().Value(clientKey{}).(*Client)
				c.Redactor().Add(runtimeToken)
				r.Header.Set("Authorization", "Bearer "+runtimeToken)
				r.Header.Set("X-Api-Key", secretToken)
				return nil
			}
		})
		return c
	}
	api, down := mk(srv.URL), mk(deadURL)
	ctxFor := func(c *Client) context.Context { return context.WithValue(context.Background(), clientKey{}, c) }

	var errs []error
	call := func(c *Client, path string) {
		_, _, err := Do[*okBody](ctxFor(c), c, http.MethodGet, path, nil, nil)
		if err == nil {
			t.Fatalf("%s: want an error", path)
		}
		errs = append(errs, err)
	}
	tokenPath, err := Path("files/%s/", secretToken)
	if err != nil {
		t.Fatal(err)
	}
	call(api, "bundles/?token="+url.QueryEscape(secretToken)+"&access_token="+paramOnlyToken)     // APIError echoing tokens
	call(api, "flaky/"+tokenPath+"?access_token="+paramOnlyToken)                                 // retried 503s, then a 401
	call(api, "decode/?key="+url.QueryEscape(secretToken))                                        // DecodeError
	call(down, "x?token="+url.QueryEscape(secretToken)+"&access_token="+paramOnlyToken+"&page=2") // TransportError, retried
	call(down, tokenPath)                                                                         // TransportError, token in path

	var apiErr *APIError
	var te *TransportError
	var de *DecodeError
	if !errors.As(errs[0], &apiErr) || !errors.As(errs[4], &te) || !errors.As(errs[3], &te) || !errors.As(errs[2], &de) {
		t.Fatalf("unexpected error types: %#v", errs)
	}
	if !strings.Contains(apiErr.Message, Redacted) || !strings.Contains(apiErr.Fields[0].Message, Redacted) || apiErr.RequestID != Redacted {
		t.Fatalf("APIError fields not redacted: %+v", apiErr)
	}
	if !strings.Contains(te.URL, "page=2") {
		t.Fatalf("non-secret query values must survive redaction: %s", te.URL)
	}
	for i, err := range errs {
		for _, verb := range []string{"%v", "%+v", "%s", "%#v", "%q"} {
			assertNoToken(t, fmt.Sprintf("error %d %s", i, verb), fmt.Sprintf(verb, err))
		}
		if errors.As(err, &apiErr) {
			assertNoToken(t, fmt.Sprintf("error %d body", i), string(apiErr.Body))
			assertNoToken(t, fmt.Sprintf("error %d %%+v of *APIError", i), fmt.Sprintf("%+v", *apiErr))
		}
	}
	out := logs.String()
	for _, want := range []string{`"msg":"request"`, `"msg":"retrying request"`, `"msg":"request failed"`, `"status":401`} {
		if !strings.Contains(out, want) {
			t.Fatalf("debug log lacks %s; the test would not prove anything:\n%s", want, out)
		}
	}
	assertNoToken(t, "log output", out)
	if strings.Count(out, "\n") < 10 {
		t.Fatalf("too few log lines:\n%s", out)
	}
}

type clientKey struct{}

func TestRedactor(t *testing.T) {
	var zero Redactor
	equal(t, "zero value keeps text", zero.String("plain text"), "plain text")
	equal(t, "zero value redacts token params", zero.String(`Get "https://x/y?a=1&token=abc&b=2": EOF`), `Get "https://x/y?a=1&token=[REDACTED]&b=2": EOF`)
	equal(t, "param names are case-insensitive", zero.String("u?Access_Token=abc"), "u?Access_Token=[REDACTED]")
	equal(t, "not a param", zero.String("the token=abc in prose"), "the token=abc in prose")
	var nilR *Redactor
	equal(t, "nil redactor", nilR.String("x?sig=1"), "x?sig=[REDACTED]")
	nilR.Add("ignored") // must not panic

	r := NewRedactor("abc", "", "longsecret-1", "longsecret-12")
	equal(t, "short secrets ignored", r.String("abc"), "abc")
	equal(t, "longest first", r.String("x longsecret-12 y longsecret-1 z"), "x [REDACTED] y [REDACTED] z")
	r.Add("a/b+c=d e")
	for _, form := range []string{"a/b+c=d e", "a%2Fb%2Bc%3Dd+e", "a%2Fb+c=d%20e", `a\/b+c=d e`} {
		equal(t, "variant "+form, r.String("<"+form+">"), "<[REDACTED]>")
	}
	// A secret with characters every encoding treats differently is found
	// in each of its escaped and quoted forms.
	const odd = `pw<"\/é>&+x`
	r.Add(odd)
	noHTML := func() string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(odd)
		return strings.TrimSuffix(b.String(), "\n")
	}()
	htmlJSON, _ := json.Marshal(odd)
	for name, quoted := range map[string]string{
		"raw":               odd,
		"query escaped":     url.QueryEscape(odd),
		"path escaped":      url.PathEscape(odd),
		"JSON":              string(htmlJSON[1 : len(htmlJSON)-1]),
		"JSON, no HTML esc": noHTML[1 : len(noHTML)-1],
		"JSON, slashes":     strings.ReplaceAll(noHTML[1:len(noHTML)-1], "/", `\/`),
		"%q":                strings.Trim(fmt.Sprintf("%q", odd), `"`),
		"%+q":               strings.Trim(fmt.Sprintf("%+q", odd), `"`),
	} {
		in := `upstream: invalid token "` + quoted + `" (retry)`
		if got := r.String(in); strings.Contains(got, quoted) || !strings.Contains(got, Redacted) {
			t.Errorf("%s form %q survives: %s", name, quoted, got)
		}
	}

	b := []byte("nothing here")
	if got := r.Bytes(b); &got[0] != &b[0] {
		t.Fatal("Bytes must return its input when nothing changed")
	}
	equal(t, "Bytes", string(r.Bytes([]byte("k=longsecret-1"))), "k=[REDACTED]")

	u, _ := url.Parse("https://user:pa55word@api.example.com/v/longsecret-1/?signature=s&page=3")
	equal(t, "URL", r.URL(u), "https://api.example.com/v/[REDACTED]/?page=3&signature=[REDACTED]")
	equal(t, "nil URL", r.URL(nil), "")

	// Secrets added at run time, concurrently with redaction.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			r.Add(fmt.Sprintf("runtime-token-%d", i))
		}(i)
		go func() {
			defer wg.Done()
			_ = r.String("runtime-token-0 runtime-token-7")
		}()
	}
	wg.Wait()
	for i := 0; i < 8; i++ {
		equal(t, "runtime token", r.String(fmt.Sprintf("[runtime-token-%d]", i)), "[[REDACTED]]")
	}
}

func TestRuntimeTokenRedactedFromLaterErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		_, _ = io.WriteString(w, `{"message":"token `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+` lacks scope"}`)
	}))
	defer srv.Close()
	var c *Client
	c, _ = newClient(t, srv.URL, func(cfg *Config) {
		cfg.Auth = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+runtimeToken); return nil }
	})
	_, _, err := Do[*okBody](context.Background(), c, "GET", "x", nil, nil)
	if !strings.Contains(err.Error(), runtimeToken) {
		t.Fatalf("precondition: an unregistered token is echoed: %v", err)
	}
	c.Redactor().Add(runtimeToken)
	_, _, err = Do[*okBody](context.Background(), c, "GET", "x", nil, nil)
	assertNoToken(t, "error after Add", err.Error())
	equal(t, "message", err.(*APIError).Message, "token [REDACTED] lacks scope")
}
