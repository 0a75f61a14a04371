package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestWithSafeRetriesRetriesPOSTOn5xx(t *testing.T) {
	s := newScripted(t, 503, 502, 200)
	c, rec := newClient(t, s.srv.URL, nil)
	ctx := WithSafeRetries(context.Background())
	out, _, err := Do[*okBody](ctx, c, http.MethodPost, "oauth/token", nil, map[string]string{"grant_type": "client_credentials"})
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(3))
	equal(t, "ok", out.OK, true)
	equal(t, "waits", len(rec.all()), 2)
	equal(t, "no Idempotency-Key header is invented", s.headers[0].Get("Idempotency-Key"), "")
}

func TestWithoutSafeRetriesPOSTNotRetried(t *testing.T) {
	s := newScripted(t, 503, 200)
	c, _ := newClient(t, s.srv.URL, nil)
	_, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "oauth/token", nil, map[string]string{})
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(1))
}

func TestStandardClientUsesRetryPolicy(t *testing.T) {
	for _, tc := range []struct {
		name     string
		method   string
		safe     bool
		wantHits int32
		wantCode int
	}{
		{"GET is idempotent", http.MethodGet, false, 2, 200},
		{"POST is not", http.MethodPost, false, 1, 503},
		{"POST marked safe", http.MethodPost, true, 2, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScripted(t, 503, 200)
			c, rec := newClient(t, s.srv.URL, nil)
			ctx := context.Background()
			if tc.safe {
				ctx = WithSafeRetries(ctx)
			}
			req, err := http.NewRequestWithContext(ctx, tc.method, s.srv.URL+"/oauth/token", strings.NewReader("grant_type=client_credentials"))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.StandardClient().Do(req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			_ = resp.Body.Close()
			equal(t, "status", resp.StatusCode, tc.wantCode)
			equal(t, "attempts", s.hits.Load(), tc.wantHits)
			equal(t, "waits", len(rec.all()), int(tc.wantHits-1))
		})
	}
}

// Through StandardClient, transport errors follow the same rules as Send:
// a connection lost once the request was sent is retried for idempotent
// methods and WithSafeRetries only; a refused connection (nothing sent) is
// tried again DialRetries times for every method.
func TestStandardClientTransportErrorsRetriedOnlyWhenSafe(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	dropping := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer dropping.Close()
	for _, tc := range []struct {
		name   string
		url    string
		method string
		safe   bool
		want   int32
	}{
		{"GET dropped", dropping.URL, http.MethodGet, false, 3},
		{"DELETE dropped", dropping.URL, http.MethodDelete, false, 3},
		{"POST dropped", dropping.URL, http.MethodPost, false, 1},
		{"PATCH dropped", dropping.URL, http.MethodPatch, false, 1},
		{"POST marked safe dropped", dropping.URL, http.MethodPost, true, 3},
		{"GET refused", deadURL, http.MethodGet, false, 1 + DialRetries},
		{"POST refused", deadURL, http.MethodPost, false, 1 + DialRetries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct := &countingTransport{next: &http.Transport{DisableKeepAlives: true}}
			c, rec := newClient(t, tc.url, func(c *Config) {
				c.MaxRetries = 2
				c.HTTPClient = &http.Client{Transport: ct}
			})
			ctx := context.Background()
			if tc.safe {
				ctx = WithSafeRetries(ctx)
			}
			req, err := http.NewRequestWithContext(ctx, tc.method, tc.url+"/oauth/token", strings.NewReader("grant_type=client_credentials"))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.StandardClient().Do(req)
			if err == nil {
				_ = resp.Body.Close()
				t.Fatal("a dead server answered")
			}
			equal(t, "round trips", ct.n.Load(), tc.want)
			equal(t, "waits", int32(len(rec.all())), tc.want-1)
		})
	}
}

// blockingSource hands out a token only once release is closed.
type blockingSource struct {
	release chan struct{}
	calls   atomic.Int32
	tok     *oauth2.Token
	err     error
}

func (b *blockingSource) Token() (*oauth2.Token, error) {
	b.calls.Add(1)
	<-b.release
	return b.tok, b.err
}

func TestBearerAuthSetsHeaderAndRegistersToken(t *testing.T) {
	const secret = "at-9f8e7d6c5b4a"
	src := &blockingSource{release: make(chan struct{}), tok: &oauth2.Token{AccessToken: secret}}
	close(src.release)
	red := NewRedactor()
	auth := BearerAuth(src, red, nil)
	req, _ := http.NewRequest(http.MethodGet, "https://api.example.test/x", nil)
	if err := auth(req); err != nil {
		t.Fatalf("auth: %v", err)
	}
	equal(t, "Authorization", req.Header.Get("Authorization"), "Bearer "+secret)
	equal(t, "token redacted", strings.Contains(red.String("got "+secret), secret), false)
}

func TestBearerAuthStopsWaitingWhenCtxEnds(t *testing.T) {
	src := &blockingSource{release: make(chan struct{}), tok: &oauth2.Token{AccessToken: "late"}}
	defer close(src.release)
	auth := BearerAuth(src, NewRedactor(), func(err error) error {
		t.Errorf("convert called for %v; a ctx error must pass through", err)
		return err
	})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example.test/x", nil)
	done := make(chan error, 1)
	go func() { done <- auth(req) }()
	for src.calls.Load() == 0 { // the fetch is under way
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("auth kept waiting for the token after ctx was cancelled")
	}
	equal(t, "no header", req.Header.Get("Authorization"), "")
}

func TestBearerAuthCancelledCtxDoesNotFetch(t *testing.T) {
	src := &blockingSource{release: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example.test/x", nil)
	if err := BearerAuth(src, NewRedactor(), nil)(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	equal(t, "fetches", src.calls.Load(), int32(0))
}

func TestBearerAuthErrors(t *testing.T) {
	refused := errors.New("refused")
	converted := &APIError{StatusCode: 401}
	for _, tc := range []struct {
		name    string
		tok     *oauth2.Token
		err     error
		convert func(error) error
		want    error
	}{
		{"fetch error converted", nil, refused, func(err error) error {
			if !errors.Is(err, refused) {
				return fmt.Errorf("convert got %v", err)
			}
			return converted
		}, ErrUnauthorized},
		{"fetch error as is", nil, refused, nil, refused},
		{"nil token", nil, nil, nil, nil},
		{"empty token", &oauth2.Token{}, nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &blockingSource{release: make(chan struct{}), tok: tc.tok, err: tc.err}
			close(src.release)
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://api.example.test/x", nil)
			err := BearerAuth(src, NewRedactor(), tc.convert)(req)
			if err == nil {
				t.Fatal("auth succeeded")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			equal(t, "no header", req.Header.Get("Authorization"), "")
		})
	}
}

func TestAuthenticatorCtxErrorReachesCaller(t *testing.T) {
	src := &blockingSource{release: make(chan struct{})}
	defer close(src.release)
	s := newScripted(t, 200)
	c, _ := newClient(t, s.srv.URL, nil)
	c.auth = BearerAuth(src, c.red, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, _, err := Do[*okBody](ctx, c, http.MethodGet, "things/", nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T, want *TransportError", err)
	}
	u, _ := url.Parse(s.srv.URL)
	if !strings.Contains(te.URL, u.Host) {
		t.Errorf("URL = %q", te.URL)
	}
	equal(t, "requests sent", s.hits.Load(), int32(0))
}

// countingSource hands out tok-1, tok-2, ... one per fetch.
type countingSource struct{ n atomic.Int32 }

func (s *countingSource) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", s.n.Add(1)), Expiry: time.Now().Add(time.Hour)}, nil
}

func TestTokenCacheDropsOnlyTheRefusedToken(t *testing.T) {
	fetch := &countingSource{}
	cache := NewTokenCache(func() oauth2.TokenSource { return oauth2.ReuseTokenSource(nil, fetch) })
	get := func() string {
		t.Helper()
		tok, err := cache.Token()
		if err != nil {
			t.Fatal(err)
		}
		return tok.AccessToken
	}
	equal(t, "first", get(), "tok-1")
	equal(t, "cached", get(), "tok-1")
	cache.Refused("tok-1")
	equal(t, "after refusal", get(), "tok-2")
	cache.Refused("tok-1") // a late 401 for the old token
	equal(t, "late refusal keeps the new token", get(), "tok-2")
	req, _ := http.NewRequest(http.MethodGet, "https://api.example.test/x", nil)
	req.Header.Set("Authorization", "Bearer tok-2")
	cache.RefusedRequest(req)
	equal(t, "refused by request", get(), "tok-3")
	cache.RefusedRequest(nil) // unknown token: drop whatever is cached
	equal(t, "unknown refused token", get(), "tok-4")
	equal(t, "fetches", fetch.n.Load(), int32(4))
}

func TestOnUnauthorizedCalledWithTheRefusedRequest(t *testing.T) {
	s := newScripted(t, 401)
	var got []string
	c, _ := newClient(t, s.srv.URL, func(cfg *Config) {
		cfg.Auth = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer tok-9"); return nil }
		cfg.OnUnauthorized = func(r *http.Request) { got = append(got, r.Header.Get("Authorization")) }
	})
	_, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "things/", nil, nil)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	equal(t, "refused requests", got, []string{"Bearer tok-9"})

	// Not for 403, and not for calls sent without credentials.
	got = nil
	s403 := newScripted(t, 403)
	c403, _ := newClient(t, s403.srv.URL, func(cfg *Config) {
		cfg.Auth = func(*http.Request) error { return nil }
		cfg.OnUnauthorized = func(r *http.Request) { got = append(got, "called") }
	})
	_, _, _ = Do[*okBody](context.Background(), c403, http.MethodGet, "x", nil, nil)
	_, _ = c.Send(context.Background(), &Request{Method: http.MethodGet, Path: "x", NoAuth: true})
	equal(t, "calls", len(got), 0)
}
