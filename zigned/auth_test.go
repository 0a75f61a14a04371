package zigned_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jarcoal/httpmock"

	"github.com/esignkit/esign/zigned"
)

const zignedUnauthorized = `{"status":"error","error":{"code":401,"message":"Invalid or expired access token","request_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}}`

func getAgreementResponder(t *testing.T, wantToken *string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		if wantToken != nil {
			assert.Equal(t, "Bearer "+*wantToken, r.Header.Get("Authorization"))
		}
		return jsonResponder(200, single("agreement", agreementJSON))(r)
	}
}

func TestOAuthTokenFetchedOnceAndReused(t *testing.T) {
	te := &tokenEndpoint{prefix: "tok"}
	mt, c := newMockClient(t, te)
	want := "tok-1"
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, getAgreementResponder(t, &want))
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		_, _, err := c.Agreements.Get(ctx, agreementID)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), te.calls.Load())
	assert.Equal(t, 5, mt.GetCallCountInfo()["GET "+apiBase+"/agreements/"+agreementID])
}

func TestOAuthTokenConcurrentCallsFetchOnce(t *testing.T) {
	te := &tokenEndpoint{prefix: "tok"}
	mt, c := newMockClient(t, te)
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, getAgreementResponder(t, nil))
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			_, _, err := c.Agreements.Get(context.Background(), agreementID)
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		require.NoError(t, <-errs)
	}
	assert.Equal(t, int32(1), te.calls.Load())
}

func TestOAuthTokenRefreshedOnExpiry(t *testing.T) {
	// The first token lives 1 s: inside oauth2's 10 s early-expiry window it
	// counts as expired at once, so the next call fetches a new one, which
	// lives an hour and is then reused. No sleeping needed.
	te := &tokenEndpoint{prefix: "tok", ttl: []int{1, 3600}}
	mt, c := newMockClient(t, te)
	var seen []string
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Header.Get("Authorization"))
		return jsonResponder(200, single("agreement", agreementJSON))(r)
	})
	for i := 0; i < 3; i++ {
		_, _, err := c.Agreements.Get(context.Background(), agreementID)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}, seen)
	assert.Equal(t, int32(2), te.calls.Load())
}

func TestOAuthTokenEndpoint401IsUnauthorized(t *testing.T) {
	mt, c := newMockClient(t, nil)
	mt.RegisterResponder("POST", zigned.DefaultTokenURL,
		jsonResponder(401, `{"error":"invalid_client","error_description":"Client authentication failed"}`))
	_, resp, err := c.Agreements.Get(context.Background(), agreementID)
	require.Error(t, err)
	assert.Nil(t, resp)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.Equal(t, "invalid_client", apiErr.Code)
	assert.Equal(t, "Client authentication failed", apiErr.Message)
	assert.Equal(t, "POST", apiErr.Method)
	assert.Equal(t, zigned.DefaultTokenURL, apiErr.URL)
	assert.Equal(t, 0, mt.GetCallCountInfo()["GET "+apiBase+"/agreements/"+agreementID], "no API call without a token")
	assert.NotContains(t, err.Error(), testClientSecret)
}

func TestOAuthTokenEndpointZignedErrorShape(t *testing.T) {
	mt, c := newMockClient(t, nil)
	mt.RegisterResponder("POST", zigned.DefaultTokenURL, jsonResponder(401,
		`{"status":"error","error":{"code":401,"message":"Unknown client `+testClientSecret+`","request_id":"req-42"}}`))
	_, _, err := c.Files.Get(context.Background(), fileID)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req-42", apiErr.RequestID)
	assert.Equal(t, "Unknown client [REDACTED]", apiErr.Message)
	assert.NotContains(t, string(apiErr.Body), testClientSecret)
	assert.NotContains(t, err.Error(), testClientSecret)
}

func TestOAuthTokenEndpoint429IsRateLimited(t *testing.T) {
	// RetryAfter is clamped to the maximum retry wait: raise it above 7 s
	// (the backoff hook keeps the test from waiting).
	mt, c := newMockClient(t, nil, zigned.WithRetryWait(time.Millisecond, time.Minute))
	mt.RegisterResponder("POST", zigned.DefaultTokenURL, func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(429, `{"error":"slow_down"}`)
		resp.Header.Set("Content-Type", "application/json")
		resp.Header.Set("Retry-After", "7")
		return resp, nil
	})
	_, _, err := c.Agreements.Get(context.Background(), agreementID)
	assert.ErrorIs(t, err, zigned.ErrRateLimited)
	var rl *zigned.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 7*time.Second, rl.RetryAfter)
}

func TestOAuthTokenTransportFailure(t *testing.T) {
	mt, c := newMockClient(t, nil)
	mt.RegisterResponder("POST", zigned.DefaultTokenURL, httpmock.NewErrorResponder(errors.New("connection reset by peer")))
	_, _, err := c.Agreements.Get(context.Background(), agreementID)
	var te *zigned.TransportError
	require.ErrorAs(t, err, &te)
	assert.Contains(t, err.Error(), "connection reset by peer")
	assert.NotContains(t, err.Error(), testClientSecret)
	assert.NotErrorIs(t, err, zigned.ErrUnauthorized)
}

func TestOAuthTokenFetchHonoursContext(t *testing.T) {
	mt, c := newMockClient(t, nil)
	release := make(chan struct{})
	defer close(release)
	mt.RegisterResponder("POST", zigned.DefaultTokenURL, func(r *http.Request) (*http.Response, error) {
		<-release
		return nil, errors.New("released")
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	_, _, err := c.Agreements.Get(ctx, agreementID)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestAPI401IsUnauthorized(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, jsonResponder(401, zignedUnauthorized))
	_, resp, err := c.Agreements.Get(context.Background(), agreementID)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	require.NotNil(t, resp)
	assert.Equal(t, 401, resp.StatusCode)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "401", apiErr.Code)
	assert.Equal(t, "Invalid or expired access token", apiErr.Message)
	assert.Equal(t, "3fa85f64-5717-4562-b3fc-2c963f66afa6", apiErr.RequestID)
	assert.Equal(t, "GET", apiErr.Method)
}

func TestAPIErrorsMapToSentinels(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   error
	}{
		{400, zigned.ErrBadRequest}, {403, zigned.ErrForbidden}, {404, zigned.ErrNotFound},
		{409, zigned.ErrConflict}, {500, zigned.ErrServer},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"}, zigned.WithMaxRetries(0))
			mt.RegisterResponder("DELETE", apiBase+"/files/"+fileID, jsonResponder(tc.status,
				fmt.Sprintf(`{"status":"error","error":{"code":%d,"message":"nope","request_id":"r-1"}}`, tc.status)))
			_, _, err := c.Files.Delete(context.Background(), fileID)
			assert.ErrorIs(t, err, tc.want)
			var apiErr *zigned.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, fmt.Sprint(tc.status), apiErr.Code)
			assert.Equal(t, "nope", apiErr.Message)
			assert.Equal(t, "r-1", apiErr.RequestID)
		})
	}
}

// countingTransport proves which *http.Client carried a request.
type countingTransport struct {
	next  http.RoundTripper
	calls map[string]int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls[r.Method+" "+r.URL.Path]++
	return c.next.RoundTrip(r)
}

func TestTokenRequestUsesCallersHTTPClient(t *testing.T) {
	mt := httpmock.NewMockTransport()
	te := &tokenEndpoint{t: t, prefix: "tok", ttl: []int{3600}}
	mt.RegisterResponder("POST", zigned.DefaultTokenURL, te.responder)
	mt.RegisterResponder("GET", apiBase+"/files/"+fileID, jsonResponder(200, single("file", fileJSON)))
	ct := &countingTransport{next: mt, calls: map[string]int{}}
	c, err := zigned.NewClient(testClientID, testClientSecret, zigned.WithHTTPClient(&http.Client{Transport: ct}))
	require.NoError(t, err)
	_, _, err = c.Files.Get(context.Background(), fileID)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"POST /oauth/token": 1, "GET /rest/v3/files/" + fileID: 1}, ct.calls)
}

func TestTokenURLOptionAndDerivation(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      []zigned.Option
		wantToken string
		wantAPI   string
	}{
		{"defaults", nil, "https://api.zigned.se/oauth/token", "https://api.zigned.se/rest/v3/files/" + fileID},
		{"explicit", []zigned.Option{zigned.WithTokenURL("https://auth.example.com/token")},
			"https://auth.example.com/token", "https://api.zigned.se/rest/v3/files/" + fileID},
		{"derived from base URL", []zigned.Option{zigned.WithBaseURL("http://127.0.0.1:8080/proxy/rest/v3/")},
			"http://127.0.0.1:8080/proxy/oauth/token", "http://127.0.0.1:8080/proxy/rest/v3/files/" + fileID},
		{"base URL without /rest/v3", []zigned.Option{zigned.WithBaseURL("https://sandbox.example.com/api")},
			"https://sandbox.example.com/oauth/token", "https://sandbox.example.com/api/files/" + fileID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			te := &tokenEndpoint{t: t, prefix: "tok", ttl: []int{3600}}
			mt.RegisterResponder("POST", tc.wantToken, te.responder)
			mt.RegisterResponder("GET", tc.wantAPI, jsonResponder(200, single("file", fileJSON)))
			c, err := zigned.NewClient(testClientID, testClientSecret,
				append([]zigned.Option{zigned.WithHTTPClient(&http.Client{Transport: mt})}, tc.opts...)...)
			require.NoError(t, err)
			_, _, err = c.Files.Get(context.Background(), fileID)
			require.NoError(t, err)
			assert.Equal(t, int32(1), te.calls.Load())
		})
	}
}

func TestStaticTokenClient(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var auth string
	mt.RegisterResponder("GET", apiBase+"/webhooks", func(r *http.Request) (*http.Response, error) {
		auth = r.Header.Get("Authorization")
		return jsonResponder(200, list("webhook"))(r)
	})
	c, err := zigned.NewClientWithToken("static-access-token-123", zigned.WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	hooks, _, err := c.Webhooks.List(context.Background())
	require.NoError(t, err)
	assert.Empty(t, hooks)
	assert.Equal(t, "Bearer static-access-token-123", auth)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "no token request")
}

func TestConstructorsValidate(t *testing.T) {
	_, err := zigned.NewClient("", "secret")
	assert.ErrorIs(t, err, zigned.ErrValidation)
	_, err = zigned.NewClient("id", " ")
	assert.ErrorIs(t, err, zigned.ErrValidation)
	_, err = zigned.NewClientWithToken("")
	assert.ErrorIs(t, err, zigned.ErrValidation)
	_, err = zigned.NewClient("id", "secret", zigned.WithBaseURL("not a url"))
	assert.ErrorIs(t, err, zigned.ErrValidation)
	_, err = zigned.NewClient("id", "secret", zigned.WithTokenURL("ftp://example.com/token"))
	assert.ErrorIs(t, err, zigned.ErrValidation)
	_, err = zigned.NewClient("id", "secret", zigned.WithRetryWait(time.Second, time.Millisecond))
	assert.ErrorIs(t, err, zigned.ErrValidation)
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv(zigned.EnvClientID, "")
	t.Setenv(zigned.EnvClientSecret, "")
	t.Setenv(zigned.EnvAPIURL, "")
	t.Setenv(zigned.EnvTokenURL, "")
	_, err := zigned.NewClientFromEnv()
	assert.ErrorIs(t, err, zigned.ErrValidation)

	t.Setenv(zigned.EnvClientID, testClientID)
	t.Setenv(zigned.EnvClientSecret, testClientSecret)
	t.Setenv(zigned.EnvAPIURL, "http://localhost:9999/rest/v3")
	mt := httpmock.NewMockTransport()
	te := &tokenEndpoint{t: t, prefix: "env", ttl: []int{3600}}
	mt.RegisterResponder("POST", "http://localhost:9999/oauth/token", te.responder)
	mt.RegisterResponder("GET", "http://localhost:9999/rest/v3/themes/"+themeID, getAgreementResponder(t, nil))
	c, err := zigned.NewClientFromEnv(zigned.WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:9999/rest/v3/", c.BaseURL())
	_, _, err = c.Themes.Get(context.Background(), themeID)
	require.NoError(t, err)
	assert.Equal(t, int32(1), te.calls.Load())
}

func TestSecretsNeverPrinted(t *testing.T) {
	te := &tokenEndpoint{prefix: "very-secret-access-token"}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mt, c := newMockClient(t, te, zigned.WithLogger(logger), zigned.WithMaxRetries(1))
	token := te.token(1)
	// The API echoes the token and the secret back in an error body.
	mt.RegisterResponder("GET", apiBase+"/webhooks/"+webhookID, jsonResponder(500,
		`{"status":"error","error":{"code":500,"message":"bad token `+token+` for `+testClientSecret+`","request_id":"r"}}`))
	mt.RegisterResponder("GET", apiBase+"/webhooks", jsonResponder(200, list("webhook", webhookJSON)))
	mt.RegisterResponder("DELETE", apiBase+"/webhooks/"+webhookID, jsonResponder(400,
		`{"status":"error","error":{"code":400,"message":"secret `+webhookSecret+` mismatch","request_id":"r"}}`))

	hooks, _, err := c.Webhooks.List(context.Background())
	require.NoError(t, err)
	_, _, err1 := c.Webhooks.Get(context.Background(), webhookID)
	require.Error(t, err1)
	_, _, err2 := c.Webhooks.Delete(context.Background(), webhookID)
	require.Error(t, err2)

	var apiErr *zigned.APIError
	require.ErrorAs(t, err1, &apiErr)
	printed := []string{
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c),
		fmt.Sprintf("%v %+v %#v", *c, *c, *c),
		fmt.Sprintf("%v %+v %#v", err1, err1, err1),
		fmt.Sprintf("%v %+v %#v", apiErr, apiErr, apiErr),
		fmt.Sprintf("%v %+v %#v", err2, err2, err2),
		fmt.Sprintf("%v %+v %#v %s %q %x", hooks[0], hooks[0], hooks[0], hooks[0].Secret, hooks[0].Secret, hooks[0].Secret),
		string(apiErr.Body),
		logs.String(),
	}
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("webhook", "secret", hooks[0].Secret)
	printed = append(printed, logs.String())
	for i, s := range printed {
		for _, secret := range []string{testClientSecret, token, webhookSecret} {
			assert.False(t, strings.Contains(s, secret), "output %d leaks %q: %s", i, secret, s)
		}
	}
	assert.Contains(t, err1.Error(), "[REDACTED]")
	assert.Equal(t, webhookSecret, hooks[0].Secret.Reveal())
}

func TestRetryOn429ThenSuccess(t *testing.T) {
	var waits atomic.Int32
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"}, zigned.WithBackoffHook(func(_ int, d time.Duration) time.Duration {
		waits.Add(1)
		assert.Equal(t, 2*time.Millisecond, d, "Retry-After capped by the max wait")
		return 0
	}))
	mt.RegisterResponder("POST", apiBase+"/agreements",
		httpmock.ResponderFromResponse(func() *http.Response {
			r := httpmock.NewStringResponse(429, `{"status":"error","error":{"code":429,"message":"Too many requests","request_id":"r"}}`)
			r.Header.Set("Retry-After", "3")
			return r
		}()).Once().Then(jsonResponder(200, single("agreement", agreementJSON))))
	a, _, err := c.Agreements.Create(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, agreementID, a.ID)
	assert.Equal(t, int32(1), waits.Load())
	assert.Equal(t, 2, mt.GetCallCountInfo()["POST "+apiBase+"/agreements"])
}

func TestTokenExpiryDelta(t *testing.T) {
	// A 60 s token is reused with the default 10 s early expiry, and fetched
	// anew on every call when the early expiry is 2 minutes.
	for _, tc := range []struct {
		opts []zigned.Option
		want int32
	}{
		{nil, 1},
		{[]zigned.Option{zigned.WithTokenExpiryDelta(2 * time.Minute)}, 3},
	} {
		te := &tokenEndpoint{prefix: "tok", ttl: []int{60}}
		mt, c := newMockClient(t, te, tc.opts...)
		mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, getAgreementResponder(t, nil))
		for i := 0; i < 3; i++ {
			_, _, err := c.Agreements.Get(context.Background(), agreementID)
			require.NoError(t, err)
		}
		assert.Equal(t, tc.want, te.calls.Load())
	}
}

// A token the API refuses with 401 (revoked, or forgotten by the server
// before its expiry) is not reused: the 401 surfaces as ErrUnauthorized and
// the next call fetches a new token.
func TestOAuthToken401DropsCachedToken(t *testing.T) {
	te := &tokenEndpoint{prefix: "tok"}
	mt, c := newMockClient(t, te)
	var seen []string
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, func(r *http.Request) (*http.Response, error) {
		auth := r.Header.Get("Authorization")
		seen = append(seen, auth)
		if auth == "Bearer tok-1" {
			return jsonResponder(401, zignedUnauthorized)(r)
		}
		return jsonResponder(200, single("agreement", agreementJSON))(r)
	})
	ctx := context.Background()
	_, resp, err := c.Agreements.Get(ctx, agreementID)
	require.ErrorIs(t, err, zigned.ErrUnauthorized)
	require.NotNil(t, resp)
	assert.Equal(t, 401, resp.StatusCode)
	for i := 0; i < 2; i++ {
		a, _, err := c.Agreements.Get(ctx, agreementID)
		require.NoError(t, err)
		assert.Equal(t, agreementID, a.ID)
	}
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}, seen)
	assert.Equal(t, int32(2), te.calls.Load(), "one new token after the 401, then reused")
}

// A 401 for a token that was already replaced does not throw away the new
// one: only the refused token is dropped.
func TestOAuthTokenStale401KeepsNewToken(t *testing.T) {
	te := &tokenEndpoint{prefix: "tok"}
	mt, c := newMockClient(t, te)
	release := make(chan struct{})
	var first atomic.Bool
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, func(r *http.Request) (*http.Response, error) {
		status, body := 200, single("agreement", agreementJSON)
		if r.Header.Get("Authorization") == "Bearer tok-1" {
			if first.CompareAndSwap(false, true) {
				<-release // the slow call: its 401 arrives after tok-2 exists
			}
			status, body = 401, zignedUnauthorized
		}
		resp, err := jsonResponder(status, body)(r)
		resp.Request = r // as http.Transport does: the refused token is known
		return resp, err
	})
	ctx := context.Background()
	slow := make(chan error, 1)
	go func() { _, _, err := c.Agreements.Get(ctx, agreementID); slow <- err }()
	require.Eventually(t, first.Load, 5*time.Second, time.Millisecond)
	_, _, err := c.Agreements.Get(ctx, agreementID) // tok-1 refused: dropped
	require.ErrorIs(t, err, zigned.ErrUnauthorized)
	_, _, err = c.Agreements.Get(ctx, agreementID) // fetches tok-2
	require.NoError(t, err)
	close(release)
	require.ErrorIs(t, <-slow, zigned.ErrUnauthorized) // a late 401 for tok-1
	_, _, err = c.Agreements.Get(ctx, agreementID)
	require.NoError(t, err)
	assert.Equal(t, int32(2), te.calls.Load(), "tok-2 survives the late 401 for tok-1")
}

func TestStaticToken401(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", apiBase+"/webhooks", jsonResponder(401, zignedUnauthorized))
	c, err := zigned.NewClientWithToken("revoked-token", zigned.WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		_, _, err = c.Webhooks.List(context.Background())
		assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	}
	assert.Equal(t, 2, mt.GetTotalCallCount(), "no token endpoint for a static token")
}

// Deleting a webhook returns its secret: it is redacted from what follows,
// like the secrets of listed, fetched, created and updated webhooks.
func TestWebhookDeleteRedactsSecret(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"}, zigned.WithMaxRetries(0))
	mt.RegisterResponder("DELETE", apiBase+"/webhooks/"+webhookID, jsonResponder(200, deleted("webhook", webhookJSON)))
	mt.RegisterResponder("GET", apiBase+"/webhooks/"+webhookID, jsonResponder(404,
		`{"status":"error","error":{"code":404,"message":"no webhook with secret `+webhookSecret+`","request_id":"r"}}`))
	h, _, err := c.Webhooks.Delete(context.Background(), webhookID)
	require.NoError(t, err)
	assert.Equal(t, webhookSecret, h.Secret.Reveal())
	_, _, err = c.Webhooks.Get(context.Background(), webhookID)
	require.ErrorIs(t, err, zigned.ErrNotFound)
	assert.NotContains(t, err.Error(), webhookSecret)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "no webhook with secret [REDACTED]", apiErr.Message)
}

func TestScopesAreRequested(t *testing.T) {
	mt := httpmock.NewMockTransport()
	te := &tokenEndpoint{t: t, prefix: "tok", ttl: []int{3600}}
	var scope string
	mt.RegisterResponder("POST", zigned.DefaultTokenURL, func(r *http.Request) (*http.Response, error) {
		require.NoError(t, r.ParseForm())
		scope = r.PostForm.Get("scope")
		return te.responder(r)
	})
	mt.RegisterResponder("GET", apiBase+"/webhooks", jsonResponder(200, list("webhook")))
	c, err := zigned.NewClient(testClientID, testClientSecret, zigned.WithHTTPClient(&http.Client{Transport: mt}),
		zigned.WithScopes("agreements", "webhooks"))
	require.NoError(t, err)
	_, _, err = c.Webhooks.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "agreements webhooks", scope)
}

// No idempotency key is ever sent (Zigned documents none): a Create whose
// answer is a 503 is not repeated. CreateOnce recovers: it looks the
// agreement up by its lookup_key, then creates it again only when absent.
func TestCreateOnceByLookupKey(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var posts []string             // lookup_key of every POST
	var lookups []string           // lookup_key of every GET
	committed := map[string]bool{} // what the server holds
	loseAnswer := 0                // lose the answers of the next n POSTs after committing
	failBefore := 0                // fail the next n POSTs before committing
	mt.RegisterResponder("POST", apiBase+"/agreements", func(r *http.Request) (*http.Response, error) {
		var body struct {
			LookupKey string `json:"lookup_key"`
		}
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		posts = append(posts, body.LookupKey)
		assert.Empty(t, r.Header.Values("Idempotency-Key"), "Idempotency-Key sent")
		if failBefore > 0 {
			failBefore--
			return jsonResponder(503, `{"status":"error","error":{"code":503,"message":"busy"}}`)(r)
		}
		committed[body.LookupKey] = true
		if loseAnswer > 0 {
			loseAnswer--
			return jsonResponder(502, `bad gateway`)(r)
		}
		return jsonResponder(200, single("agreement", agreementWithKey(body.LookupKey)))(r)
	})
	mt.RegisterResponder("GET", apiBase+"/agreements", func(r *http.Request) (*http.Response, error) {
		key := r.URL.Query().Get("lookup_key")
		lookups = append(lookups, key)
		if committed[key] {
			return jsonResponder(200, paginated("agreement", 1, 1, 50, 1, agreementWithKey(key)))(r)
		}
		return jsonResponder(200, paginated("agreement", 1, 0, 50, 0))(r)
	})
	ctx := context.Background()

	// Plain Create: a 503 is not repeated, and says the outcome is unknown.
	failBefore = 1
	_, _, err := c.Agreements.Create(ctx, nil)
	assert.ErrorIs(t, err, zigned.ErrServer)
	assert.ErrorIs(t, err, zigned.ErrOutcomeUnknown)
	assert.Len(t, posts, 1)

	// The answer is lost after the commit: found by its key, not created twice.
	posts, lookups = nil, nil
	loseAnswer = 1
	req := &zigned.AgreementRequest{LookupKey: "deal-42"}
	a, resp, err := c.Agreements.CreateOnce(ctx, req)
	require.NoError(t, err)
	assert.True(t, resp.Recovered)
	assert.Equal(t, "deal-42", a.Metadata.LookupKey)
	assert.Equal(t, []string{"deal-42"}, posts)
	assert.Equal(t, []string{"deal-42"}, lookups)

	// Refused before the commit: not found, so sent again (a generated key).
	posts, lookups = nil, nil
	failBefore = 1
	empty := &zigned.AgreementRequest{}
	a, resp, err = c.Agreements.CreateOnce(ctx, empty)
	require.NoError(t, err)
	assert.False(t, resp.Recovered)
	require.Len(t, posts, 2)
	assert.Equal(t, posts[0], posts[1], "the retry carries the same key")
	assert.True(t, strings.HasPrefix(posts[0], "esign-"), "generated key %q", posts[0])
	assert.Equal(t, posts[0], a.Metadata.LookupKey)
	assert.Equal(t, posts[:1], lookups)
	assert.Empty(t, empty.LookupKey, "the caller's request is not modified")
}

func agreementWithKey(key string) string {
	return strings.Replace(agreementJSON, `"lookup_key": "my-internal-customer-id"`, `"lookup_key": "`+key+`"`, 1)
}

// A client pointed away from Zigned's production API never sends its
// client secret to Zigned's production auth server.
func TestCredentialsStayOffProductionForAnotherBase(t *testing.T) {
	_, err := zigned.NewClientWithCredentials(testClientID, testClientSecret,
		zigned.WithBaseURL("http://127.0.0.1:9/rest/v3"), zigned.WithTokenURL(zigned.DefaultTokenURL))
	require.ErrorIs(t, err, zigned.ErrValidation)
	assert.True(t, strings.HasPrefix(err.Error(), "zigned: invalid token URL: "), err.Error())
	// Production with production, or a fake with its own token URL: fine.
	_, err = zigned.NewClientWithCredentials(testClientID, testClientSecret, zigned.WithTokenURL(zigned.DefaultTokenURL))
	require.NoError(t, err)
	_, err = zigned.NewClientWithCredentials(testClientID, testClientSecret,
		zigned.WithBaseURL("http://127.0.0.1:9/rest/v3"), zigned.WithTokenURL("http://127.0.0.1:9/oauth/token"))
	require.NoError(t, err)
}

// A token answer with an odd expires_in still gives a usable token, kept
// for a sensible time: a huge one (1e30) is clamped to MaxTokenLifetime
// instead of failing every call, and a missing, zero or negative one gives
// DefaultTokenLifetime instead of a token fetched again on every call.
func TestOAuthTokenOddExpiresIn(t *testing.T) {
	for _, expires := range []string{`1e30`, `1e400`, `99999999999999999999999`, `-5`, `0`, `"3600"`, `"soon"`, `null`, `3600.5`, ``} {
		t.Run(expires, func(t *testing.T) {
			mt, c := newMockClient(t, nil)
			var fetches atomic.Int32
			mt.RegisterResponder(http.MethodPost, zigned.DefaultTokenURL, func(r *http.Request) (*http.Response, error) {
				n := fetches.Add(1)
				require.NoError(t, r.ParseForm())
				assert.Equal(t, "client_credentials", r.PostForm.Get("grant_type"))
				assert.Equal(t, testClientSecret, r.PostForm.Get("client_secret"))
				body := fmt.Sprintf(`{"access_token": "tok-%d", "token_type": "Bearer"`, n)
				if expires != "" {
					body += `, "expires_in": ` + expires
				}
				return jsonResponder(200, body+`}`)(r)
			})
			want := "tok-1"
			mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, getAgreementResponder(t, &want))
			for range 3 {
				_, _, err := c.Agreements.Get(context.Background(), agreementID)
				require.NoError(t, err)
			}
			assert.Equal(t, int32(1), fetches.Load(), "token fetches")
		})
	}
}

// An answer that is no token is a *DecodeError naming the token endpoint,
// and it never shows the client secret.
func TestOAuthTokenAnswerNotAToken(t *testing.T) {
	for _, body := range []string{`<html>maintenance</html>`, `{"token_type": "Bearer"}`, `{"access_token": 42}`} {
		mt, c := newMockClient(t, nil)
		mt.RegisterResponder(http.MethodPost, zigned.DefaultTokenURL, jsonResponder(200, body))
		_, _, err := c.Agreements.Get(context.Background(), agreementID)
		var de *zigned.DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, "POST", de.Method)
		assert.Equal(t, zigned.DefaultTokenURL, de.URL)
		assert.True(t, strings.HasPrefix(err.Error(), "zigned: "), err.Error())
		assert.NotContains(t, err.Error(), testClientSecret)
		assert.Equal(t, 0, mt.GetCallCountInfo()["GET "+apiBase+"/agreements/"+agreementID], "no API call without a token")
	}
}
