package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/zigned"
)

// client is what every provider's Client offers alike: the escape hatch
// and the credential-free download (P.Request and P.Response are aliases
// of the core's types).
type client interface {
	Do(ctx context.Context, req *rest.APIRequest, out any) (*rest.Response, error)
	Download(ctx context.Context, url string) (io.ReadCloser, *rest.Response, error)
}

// kinds says which of its own error types err is (errors.As).
type kinds struct{ api, rateLimit, validation, transport, decode bool }

// provider is one package under test, through its own names.
type provider struct {
	name string
	// newClient builds a client for base with the common options.
	newClient func(base string, hc *http.Client, retries int) (client, error)
	// badConstructor and badOption return the constructor's errors.
	badConstructor, badOption func() error
	kinds                     func(err error) kinds
	credential                string // the Authorization header it sends
}

func opts[O any](base string, hc *http.Client, retries int, withBase func(string) O, withHC func(*http.Client) O,
	withRetries func(int) O, withWait func(min, max time.Duration) O) []O {
	return []O{withBase(base), withHC(hc), withRetries(retries), withWait(time.Millisecond, time.Millisecond)}
}

func providersUnderTest() []provider {
	return []provider{
		{
			name: "blueink", credential: "Token bk-key-123",
			newClient: func(base string, hc *http.Client, n int) (client, error) {
				return blueink.NewClient("bk-key-123", opts(base, hc, n, blueink.WithBaseURL, blueink.WithHTTPClient, blueink.WithMaxRetries, blueink.WithRetryWait)...)
			},
			badConstructor: func() error { _, err := blueink.NewClient(" "); return err },
			badOption:      func() error { _, err := blueink.NewClient("k", blueink.WithMaxRetries(-1)); return err },
			kinds: func(err error) kinds {
				var a *blueink.APIError
				var r *blueink.RateLimitError
				var v *blueink.ValidationError
				var tr *blueink.TransportError
				var d *blueink.DecodeError
				return kinds{errors.As(err, &a), errors.As(err, &r), errors.As(err, &v), errors.As(err, &tr), errors.As(err, &d)}
			},
		},
		{
			name: "zigned", credential: "Bearer zg-token-123",
			newClient: func(base string, hc *http.Client, n int) (client, error) {
				return zigned.NewClientWithToken("zg-token-123", opts(base, hc, n, zigned.WithBaseURL, zigned.WithHTTPClient, zigned.WithMaxRetries, zigned.WithRetryWait)...)
			},
			badConstructor: func() error { _, err := zigned.NewClientWithCredentials("id", ""); return err },
			badOption:      func() error { _, err := zigned.NewClientWithToken("t", zigned.WithMaxRetries(-1)); return err },
			kinds: func(err error) kinds {
				var a *zigned.APIError
				var r *zigned.RateLimitError
				var v *zigned.ValidationError
				var tr *zigned.TransportError
				var d *zigned.DecodeError
				return kinds{errors.As(err, &a), errors.As(err, &r), errors.As(err, &v), errors.As(err, &tr), errors.As(err, &d)}
			},
		},
		{
			name: "signeasy", credential: "Bearer se-token-123",
			newClient: func(base string, hc *http.Client, n int) (client, error) {
				return signeasy.NewClientWithToken("se-token-123", opts(base, hc, n, signeasy.WithBaseURL, signeasy.WithHTTPClient, signeasy.WithMaxRetries, signeasy.WithRetryWait)...)
			},
			badConstructor: func() error { _, err := signeasy.NewClientWithCredentials("", "s"); return err },
			badOption:      func() error { _, err := signeasy.NewClientWithToken("t", signeasy.WithMaxRetries(-1)); return err },
			kinds: func(err error) kinds {
				var a *signeasy.APIError
				var r *signeasy.RateLimitError
				var v *signeasy.ValidationError
				var tr *signeasy.TransportError
				var d *signeasy.DecodeError
				return kinds{errors.As(err, &a), errors.As(err, &r), errors.As(err, &v), errors.As(err, &tr), errors.As(err, &d)}
			},
		},
		{
			name: "legacyv1", credential: "ApiKey user:lg-secret-123",
			newClient: func(base string, hc *http.Client, n int) (client, error) {
				return legacyv1.NewClient("user", "lg-secret-123", opts(base, hc, n, legacyv1.WithBaseURL, legacyv1.WithHTTPClient, legacyv1.WithMaxRetries, legacyv1.WithRetryWait)...)
			},
			badConstructor: func() error { _, err := legacyv1.NewClient("user", ""); return err },
			badOption:      func() error { _, err := legacyv1.NewClient("u", "s", legacyv1.WithMaxRetries(-1)); return err },
			kinds: func(err error) kinds {
				var a *legacyv1.APIError
				var r *legacyv1.RateLimitError
				var v *legacyv1.ValidationError
				var tr *legacyv1.TransportError
				var d *legacyv1.DecodeError
				return kinds{errors.As(err, &a), errors.As(err, &r), errors.As(err, &v), errors.As(err, &tr), errors.As(err, &d)}
			},
		},
	}
}

// stub answers by path: /404, /429, /503, /bad-json, /ok.
type stub struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
	auth []string
}

func newStub(t *testing.T) *stub {
	s := &stub{hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/404"):
			w.WriteHeader(404)
			io.WriteString(w, `{"message":"not here"}`)
		case strings.HasSuffix(r.URL.Path, "/429"):
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
			io.WriteString(w, `{"message":"slow down"}`)
		case strings.HasSuffix(r.URL.Path, "/503"):
			w.WriteHeader(503)
		case strings.HasSuffix(r.URL.Path, "/bad-json"):
			io.WriteString(w, `{"a":`)
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *stub) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Every error a provider package returns reads "<package>: …" and is one
// of the package's own types: constructor and option errors, API errors,
// rate limits, transport and decode failures, invalid arguments, and the
// errors the core makes itself (a cancelled call).
func TestErrorsNameTheirProvider(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	for _, p := range providersUnderTest() {
		t.Run(p.name, func(t *testing.T) {
			s := newStub(t)
			c, err := p.newClient(s.srv.URL, s.srv.Client(), 0)
			if err != nil {
				t.Fatal(err)
			}
			down, err := p.newClient(dead.URL, &http.Client{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			call := func(c client, ctx context.Context, path string) error {
				_, err := c.Do(ctx, &rest.APIRequest{Path: path}, &struct{}{})
				return err
			}
			for _, tc := range []struct {
				name string
				err  error
				want func(kinds) bool
				is   error
			}{
				{"constructor", p.badConstructor(), func(k kinds) bool { return k.validation }, rest.ErrValidation},
				{"option", p.badOption(), func(k kinds) bool { return k.validation }, rest.ErrValidation},
				{"404", call(c, ctx, "404"), func(k kinds) bool { return k.api && !k.rateLimit }, rest.ErrNotFound},
				{"429", call(c, ctx, "429"), func(k kinds) bool { return k.api && k.rateLimit }, rest.ErrRateLimited},
				{"503", call(c, ctx, "503"), func(k kinds) bool { return k.api }, rest.ErrServer},
				{"decode", call(c, ctx, "bad-json"), func(k kinds) bool { return k.decode }, nil},
				{"transport", call(down, ctx, "x"), func(k kinds) bool { return k.transport }, nil},
				{"invalid header", call(c, rest.WithHeader(ctx, "Authorization", "x"), "ok"), func(k kinds) bool { return k.validation }, rest.ErrValidation},
				{"foreign host", call(c, ctx, "https://elsewhere.example.com/x"), func(k kinds) bool { return k.validation }, rest.ErrValidation},
				{"cancelled", call(c, cancelled, "ok"), func(k kinds) bool { return k.transport }, context.Canceled},
			} {
				if tc.err == nil {
					t.Errorf("%s: no error", tc.name)
					continue
				}
				if !strings.HasPrefix(tc.err.Error(), p.name+": ") {
					t.Errorf("%s: %q does not start with %q", tc.name, tc.err, p.name+": ")
				}
				if !tc.want(p.kinds(tc.err)) {
					t.Errorf("%s: %T is not the package's own type: %v", tc.name, tc.err, tc.err)
				}
				if tc.is != nil && !errors.Is(tc.err, tc.is) {
					t.Errorf("%s: %v does not match %v", tc.name, tc.err, tc.is)
				}
				if strings.Contains(tc.err.Error(), "esign:") {
					t.Errorf("%s: %q still reads esign:", tc.name, tc.err)
				}
			}
		})
	}
}

// The sentinels are shared values: any package's matches any other's.
func TestSentinelsAreShared(t *testing.T) {
	sets := [][]error{
		{blueink.ErrBadRequest, blueink.ErrUnauthorized, blueink.ErrForbidden, blueink.ErrNotFound, blueink.ErrConflict, blueink.ErrRateLimited, blueink.ErrServer, blueink.ErrValidation, blueink.ErrOutcomeUnknown, blueink.ErrPaginationStalled},
		{zigned.ErrBadRequest, zigned.ErrUnauthorized, zigned.ErrForbidden, zigned.ErrNotFound, zigned.ErrConflict, zigned.ErrRateLimited, zigned.ErrServer, zigned.ErrValidation, zigned.ErrOutcomeUnknown, zigned.ErrPaginationStalled},
		{signeasy.ErrBadRequest, signeasy.ErrUnauthorized, signeasy.ErrForbidden, signeasy.ErrNotFound, signeasy.ErrConflict, signeasy.ErrRateLimited, signeasy.ErrServer, signeasy.ErrValidation, signeasy.ErrOutcomeUnknown, signeasy.ErrPaginationStalled},
		{legacyv1.ErrBadRequest, legacyv1.ErrUnauthorized, legacyv1.ErrForbidden, legacyv1.ErrNotFound, legacyv1.ErrConflict, legacyv1.ErrRateLimited, legacyv1.ErrServer, legacyv1.ErrValidation, legacyv1.ErrOutcomeUnknown, legacyv1.ErrPaginationStalled},
	}
	for i := range sets[0] {
		for _, set := range sets[1:] {
			if set[i] != sets[0][i] {
				t.Errorf("sentinel %d differs: %v", i, set[i])
			}
		}
	}
}

// The same option means the same everywhere: WithMaxRetries(0) disables
// retries, the default budget is 5 retries.
func TestRetryOptionsAlike(t *testing.T) {
	for _, p := range providersUnderTest() {
		for _, tc := range []struct{ retries, want int }{{0, 1}, {2, 3}} {
			s := newStub(t)
			c, err := p.newClient(s.srv.URL, s.srv.Client(), tc.retries)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = c.Do(context.Background(), &rest.APIRequest{Path: "503"}, nil)
			if got := s.count("/503"); got != tc.want {
				t.Errorf("%s WithMaxRetries(%d): %d attempts, want %d", p.name, tc.retries, got, tc.want)
			}
		}
	}
}

// Download on every client sends no credentials, while the escape hatch
// sends the client's own.
func TestDownloadAndDoAlike(t *testing.T) {
	for _, p := range providersUnderTest() {
		s := newStub(t)
		c, err := p.newClient(s.srv.URL, s.srv.Client(), 0)
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ OK bool }
		if _, err := c.Do(rest.WithHeader(context.Background(), "X-Trace", "1"), &rest.APIRequest{Path: "ok"}, &out); err != nil || !out.OK {
			t.Fatalf("%s Do: %v %+v", p.name, err, out)
		}
		body, _, err := c.Download(context.Background(), s.srv.URL+"/file.pdf")
		if err != nil {
			t.Fatalf("%s Download: %v", p.name, err)
		}
		body.Close()
		s.mu.Lock()
		got := append([]string(nil), s.auth...)
		s.mu.Unlock()
		if want := []string{p.credential, ""}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: Authorization sent %q, want %q", p.name, got, want)
		}
	}
}
