package signeasy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"golang.org/x/oauth2"
)

func ioNopCloser(body string) io.ReadCloser { return io.NopCloser(strings.NewReader(body)) }

func oauthStatic(tok string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})
}

const (
	tokenEndpoint = "https://auth.signeasy.com/oauth/token"
	testClientID  = "6xkfd7cC9TEcXPOy1jxbHg9k8O8IpmQRAt7AWrTm"
	testSecret    = "client-secret-s3cr3t-value"
)

// tokenServer answers the token endpoint with tok-1, tok-2, ... whose
// expires_in come from expires (the last one repeats).
type tokenServer struct {
	mu      sync.Mutex
	n       int
	expires []int
}

func (ts *tokenServer) register(t *testing.T, m *mockAPI) { ts.registerAt(t, m, tokenEndpoint) }

func (ts *tokenServer) registerAt(t *testing.T, m *mockAPI, endpoint string) {
	m.mt.RegisterResponder("POST", endpoint, func(req *http.Request) (*http.Response, error) {
		c := m.record(req)
		if ct := c.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("token request Content-Type %q", ct)
		}
		if c.Header.Get("Authorization") != "" {
			t.Errorf("token request carries Authorization")
		}
		if ua := c.Header.Get("User-Agent"); !strings.HasPrefix(ua, "esign-go/") {
			t.Errorf("token request User-Agent %q", ua)
		}
		assert.JSONEq(t, `{"client_id": "`+testClientID+`", "client_secret": "`+testSecret+`",
		  "audience": "https://api-ext.signeasy.com/", "grant_type": "client_credentials"}`, string(c.Body))
		ts.mu.Lock()
		ts.n++
		n := ts.n
		exp := ts.expires[min(n-1, len(ts.expires)-1)]
		ts.mu.Unlock()
		body := fmt.Sprintf(`{"access_token": "tok-%d-abcdef", "token_type": "Bearer", "expires_in": %d, "scope": "rs:read rs:create"}`, n, exp)
		r := jsonResponse(req, 200, body)
		return r, nil
	})
}

func (ts *tokenServer) count() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.n
}

func jsonResponse(req *http.Request, status int, body string) *http.Response {
	r := &http.Response{StatusCode: status, Status: http.StatusText(status), Header: http.Header{"Content-Type": {"application/json"}},
		Body: http.NoBody, Request: req, ContentLength: int64(len(body))}
	r.Body = ioNopCloser(body)
	return r
}

// apiAuthRecorder answers GET me/ and records the bearer tokens used.
func apiAuthRecorder(m *mockAPI) func() []string {
	var mu sync.Mutex
	var seen []string
	m.mt.RegisterResponder("GET", api+"me/", func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
		mu.Unlock()
		return jsonResponse(req, 200, `{"id": 1}`), nil
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func credentialsClient(t *testing.T, m *mockAPI, opts ...Option) *Client {
	t.Helper()
	c, err := NewClientWithCredentials(testClientID, testSecret, append([]Option{WithHTTPClient(m.httpClient()), WithBackoffHook(noSleep)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestClientCredentialsTokenFetchedOnceAndReused(t *testing.T) {
	m := newMockAPI(t)
	srv := &tokenServer{expires: []int{2592000}}
	srv.register(t, m)
	seen := apiAuthRecorder(m)
	c := credentialsClient(t, m)
	assert.Equal(t, 0, srv.count(), "no I/O in the constructor")

	ctx := context.Background()
	for range 3 {
		_, _, err := c.Users.Me(ctx)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := c.Users.Me(ctx)
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.count(), "token fetched once")
	for i, tok := range seen() {
		if tok != "tok-1-abcdef" {
			t.Errorf("call %d used %q", i, tok)
		}
	}
	assert.Equal(t, 11, len(seen()), "API calls")
}

func TestClientCredentialsTokenRefreshedOnExpiry(t *testing.T) {
	m := newMockAPI(t)
	// tok-1 lives 30 s: within TokenEarlyExpiry it counts as expired at once,
	// so the next call fetches tok-2 (1 h), which is then reused.
	srv := &tokenServer{expires: []int{30, 3600}}
	srv.register(t, m)
	seen := apiAuthRecorder(m)
	c := credentialsClient(t, m)
	ctx := context.Background()
	for range 3 {
		_, _, err := c.Users.Me(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"tok-1-abcdef", "tok-2-abcdef", "tok-2-abcdef"}, seen(), "tokens used")
	assert.Equal(t, 2, srv.count(), "token fetches")
}

func TestClientCredentialsTokenSourceExpiry(t *testing.T) {
	m := newMockAPI(t)
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		return jsonResponse(req, 200, `{"access_token": "tok-no-expiry", "token_type": "Bearer"}`), nil
	})
	m.mt.RegisterResponder("POST", "https://auth.example/token", func(req *http.Request) (*http.Response, error) {
		return jsonResponse(req, 200, `{"access_token": "tok-string-expiry", "expires_in": "120"}`), nil
	})
	cfg, err := configure([]Option{WithHTTPClient(m.httpClient()), WithTokenLifetime(48 * time.Hour)})
	require.NoError(t, err)
	src, err := newClientCredentials(cfg, "id", "secret-value")
	require.NoError(t, err)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	src.now = func() time.Time { return now }
	tok, err := src.Token()
	require.NoError(t, err)
	assert.Equal(t, "tok-no-expiry", tok.AccessToken, "token")
	assert.Equal(t, "Bearer", tok.TokenType, "type")
	assert.Equal(t, now.Add(48*time.Hour), tok.Expiry, "default lifetime when expires_in is absent")

	cfg, err = configure([]Option{WithHTTPClient(m.httpClient()), WithTokenURL("https://auth.example/token")})
	require.NoError(t, err)
	src, err = newClientCredentials(cfg, "id", "secret-value")
	require.NoError(t, err)
	src.now = func() time.Time { return now }
	tok, err = src.Token()
	require.NoError(t, err)
	assert.Equal(t, now.Add(2*time.Minute), tok.Expiry, "expires_in as a string")
}

func TestTokenEndpointErrors(t *testing.T) {
	cases := []struct {
		status   int
		body     string
		sentinel error
		code     string
		message  string
	}{
		{401, `{"error": "access_denied", "error_description": "Unauthorized"}`, ErrUnauthorized, "access_denied", "Unauthorized"},
		{403, `{"error": "access_denied", "error_description": "Service not found: https://api-ext.signeasy.com/"}`, ErrForbidden, "access_denied", "Service not found: https://api-ext.signeasy.com/"},
		{401, `{"error": "invalid_client", "error_description": "bad secret ` + testSecret + `"}`, ErrUnauthorized, "invalid_client", "bad secret [REDACTED]"},
	}
	for _, tc := range cases {
		m := newMockAPI(t)
		m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
			return jsonResponse(req, tc.status, tc.body), nil
		})
		c := credentialsClient(t, m)
		_, _, err := c.Users.Me(context.Background())
		require.ErrorIs(t, err, tc.sentinel)
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("not an *APIError: %T %v", err, err)
		}
		assert.Equal(t, tc.status, apiErr.StatusCode, "status")
		assert.Equal(t, tokenEndpoint, apiErr.URL, "URL")
		assert.Equal(t, tc.code, apiErr.Code, "code")
		assert.Equal(t, tc.message, apiErr.Message, "message")
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", apiErr), string(apiErr.Body)} {
			if strings.Contains(s, testSecret) {
				t.Errorf("client secret leaked: %s", s)
			}
		}
		assert.Equal(t, 0, m.mt.GetCallCountInfo()["GET "+api+"me/"], "API not called without a token")
	}
}

func TestTokenEndpointBadAnswers(t *testing.T) {
	m := newMockAPI(t)
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		return jsonResponse(req, 200, `{"token_type": "Bearer"}`), nil
	})
	_, _, err := credentialsClient(t, m).Users.Me(context.Background())
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("missing access_token: got %T %v", err, err)
	}

	m = newMockAPI(t)
	huge := `{"access_token": "` + strings.Repeat("x", 100<<10) + `"}`
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		return jsonResponse(req, 200, huge), nil
	})
	_, _, err = credentialsClient(t, m).Users.Me(context.Background())
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "exceeds") {
		t.Fatalf("oversized token body: got %v", err)
	}

	m = newMockAPI(t)
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		return nil, errors.New("dial tcp: connection refused")
	})
	_, _, err = credentialsClient(t, m, WithMaxRetries(0)).Users.Me(context.Background())
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("transport failure: got %T %v", err, err)
	}
}

func TestTokenOptions(t *testing.T) {
	m := newMockAPI(t)
	var got []byte
	m.mt.RegisterResponder("POST", "https://auth.example/oauth/token", func(req *http.Request) (*http.Response, error) {
		got = m.record(req).Body
		return jsonResponse(req, 200, `{"access_token": "tok-x-123456", "expires_in": 3600}`), nil
	})
	seen := apiAuthRecorder(m)
	c := credentialsClient(t, m, WithTokenURL("https://auth.example/oauth/token"), WithAudience("https://aud.example/"))
	_, _, err := c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.JSONEq(t, `{"client_id": "`+testClientID+`", "client_secret": "`+testSecret+`", "audience": "https://aud.example/", "grant_type": "client_credentials"}`, string(got))
	assert.Equal(t, []string{"tok-x-123456"}, seen(), "token used")
}

func TestNewClientFromTokenSource(t *testing.T) {
	m := newMockAPI(t)
	seen := apiAuthRecorder(m)
	c, err := NewClientFromTokenSource(oauthStatic("user-token-abcdef"), WithHTTPClient(m.httpClient()))
	require.NoError(t, err)
	_, _, err = c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"user-token-abcdef"}, seen(), "token used")
	_, err = NewClientFromTokenSource(nil)
	require.ErrorIs(t, err, ErrValidation)
}

func TestConstructorValidation(t *testing.T) {
	for name, fn := range map[string]func() error{
		"empty token":       func() error { _, err := NewClient(" "); return err },
		"empty id":          func() error { _, err := NewClientWithCredentials("", "s"); return err },
		"empty secret":      func() error { _, err := NewClientWithCredentials("id", ""); return err },
		"relative base":     func() error { _, err := NewClient("t", WithBaseURL("/v3")); return err },
		"ftp base":          func() error { _, err := NewClient("t", WithBaseURL("ftp://x/v3")); return err },
		"bad token url":     func() error { _, err := NewClient("t", WithTokenURL("nope")); return err },
		"bad callback url":  func() error { _, err := NewClient("t", WithCallbackURL("")); return err },
		"empty audience":    func() error { _, err := NewClient("t", WithAudience("")); return err },
		"nil http client":   func() error { _, err := NewClient("t", WithHTTPClient(nil)); return err },
		"negative retries":  func() error { _, err := NewClient("t", WithMaxRetries(-1)); return err },
		"bad retry wait":    func() error { _, err := NewClient("t", WithRetryWait(time.Second, time.Millisecond)); return err },
		"zero retry wait":   func() error { _, err := NewClient("t", WithRetryWait(0, time.Second)); return err },
		"bad token ttl":     func() error { _, err := NewClient("t", WithTokenLifetime(0)); return err },
		"creds bad options": func() error { _, err := NewClientWithCredentials("id", "s", WithBaseURL("x")); return err },
		"foreign callback": func() error {
			_, err := NewClient("t", WithCallbackURL("https://evil.example/v2/callback/"))
			return err
		},
	} {
		if err := fn(); !errors.Is(err, ErrValidation) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	c, err := NewClient("t", nil, WithLogger(slog.Default()), WithRetryWait(time.Millisecond, time.Second), WithMaxRetries(0))
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL+"/", c.rc.BaseURL().String(), "default base URL")
	assert.Equal(t, DefaultCallbackURL, c.callbackURL, "default callback URL")
}

func TestNewClientFromEnv(t *testing.T) {
	m := newMockAPI(t)
	m.on("GET", "http://env.test/v3/me/", ok(`{"id": 1}`))

	t.Setenv(EnvAccessToken, "")
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	t.Setenv(EnvAPIURL, "")
	_, err := NewClientFromEnv()
	require.ErrorIs(t, err, ErrValidation)

	t.Setenv(EnvAccessToken, "env-token-123456")
	t.Setenv(EnvAPIURL, "http://env.test/v3")
	c, err := NewClientFromEnv(WithHTTPClient(m.httpClient()))
	require.NoError(t, err)
	_, _, err = c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Bearer env-token-123456", m.last().Header.Get("Authorization"), "static token from env")
	assert.Equal(t, "http://env.test/v2/callback/", c.callbackURL, "callback URL from SIGNEASY_API_URL")

	t.Setenv(EnvAccessToken, "")
	t.Setenv(EnvClientID, testClientID)
	_, err = NewClientFromEnv()
	require.ErrorIs(t, err, ErrValidation) // secret missing

	t.Setenv(EnvClientSecret, testSecret)
	// The token endpoint follows SIGNEASY_API_URL: the client secret goes to
	// the same (here non-production) server, never to auth.signeasy.com.
	srv := &tokenServer{expires: []int{3600}}
	srv.registerAt(t, m, "http://env.test/oauth/token")
	c, err = NewClientFromEnv(WithHTTPClient(m.httpClient()))
	require.NoError(t, err)
	_, _, err = c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.count(), "client credentials from env")
	assert.Zero(t, m.mt.GetCallCountInfo()["POST "+tokenEndpoint], "production auth server called")
	assert.Equal(t, "Bearer tok-1-abcdef", m.last().Header.Get("Authorization"), "fetched token used")
}

func TestSecretsNeverPrinted(t *testing.T) {
	m := newMockAPI(t)
	srv := &tokenServer{expires: []int{3600}}
	srv.register(t, m)
	// The API echoes the token and the secret in an error body.
	m.mt.RegisterResponder("GET", api+"me/", func(req *http.Request) (*http.Response, error) {
		return jsonResponse(req, 400, `{"message": "bad token tok-1-abcdef for `+testSecret+`", "error_code": "tok-1-abcdef"}`), nil
	})
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := credentialsClient(t, m, WithLogger(logger))
	_, _, err := c.Users.Me(context.Background())
	require.ErrorIs(t, err, ErrBadRequest)

	static, err2 := NewClient(testToken, WithHTTPClient(m.httpClient()))
	require.NoError(t, err2)
	var apiErr *APIError
	errors.As(err, &apiErr)
	outputs := []string{
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c),
		fmt.Sprintf("%v %+v %#v %s", *c, static, *static, static),
		fmt.Sprintf("%v %+v %#v", err, err, apiErr),
		string(apiErr.Body), apiErr.Code, logs.String(),
	}
	for _, out := range outputs {
		for _, secret := range []string{"tok-1-abcdef", testSecret, testToken} {
			if strings.Contains(out, secret) {
				t.Errorf("secret %q printed in %s", secret, out)
			}
		}
	}
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("expected a redaction marker in %v", err)
	}
}

func TestBoolDecoding(t *testing.T) {
	for in, want := range map[string]bool{`true`: true, `1`: true, `"1"`: true, `false`: false, `0`: false, `null`: false, `""`: false} {
		var b Bool
		require.NoError(t, b.UnmarshalJSON([]byte(in)))
		assert.Equal(t, want, bool(b), in)
	}
	var b Bool
	if b.UnmarshalJSON([]byte(`2`)) == nil {
		t.Error("2 decoded as a Bool")
	}
}

// Signeasy's token endpoint follows WithBaseURL (it used to stay on the
// production auth host), and a client pointed away from production refuses
// to send its client secret to the production auth server.
func TestTokenURLFollowsBaseURL(t *testing.T) {
	m := newMockAPI(t)
	srv := &tokenServer{expires: []int{3600}}
	srv.registerAt(t, m, "https://staging.example.com/oauth/token")
	m.on("GET", "https://staging.example.com/v3/me/", ok(`{"email":"a@example.com"}`))
	c, err := NewClientWithCredentials(testClientID, testSecret, WithBaseURL("https://staging.example.com/v3"),
		WithHTTPClient(m.httpClient()), WithBackoffHook(noSleep))
	require.NoError(t, err)
	_, _, err = c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.count())
	assert.Zero(t, m.mt.GetCallCountInfo()["POST "+tokenEndpoint], "production auth server called")

	_, err = NewClientWithCredentials(testClientID, testSecret, WithBaseURL("https://staging.example.com/v3"), WithTokenURL(DefaultTokenURL))
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "signeasy: invalid token URL")
}

// An overflowing expires_in is clamped to MaxTokenLifetime, not wrapped
// into a negative lifetime that would fetch a token on every call.
func TestHugeExpiresInIsClamped(t *testing.T) {
	for _, expires := range []string{"1e30", "1e400", "99999999999999999999999"} {
		m := newMockAPI(t)
		fetches := 0
		m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
			fetches++
			return jsonResponse(req, 200, `{"access_token":"tok-abcdef-123456","token_type":"Bearer","expires_in":`+expires+`}`), nil
		})
		m.on("GET", api+"me/", ok(`{"email":"a@example.com"}`))
		c := credentialsClient(t, m)
		for range 3 {
			_, _, err := c.Users.Me(context.Background())
			require.NoError(t, err)
		}
		assert.Equal(t, 1, fetches, "expires_in %s: token fetched again", expires)
	}
}
