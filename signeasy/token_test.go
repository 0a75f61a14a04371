package signeasy

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A token grant is safe to repeat, so the client retries a token endpoint
// that answers 5xx or drops the connection, unlike an ordinary POST.
func TestTokenRequestRetriedOnTransientFailures(t *testing.T) {
	m := newMockAPI(t)
	var n atomic.Int32
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		m.record(req)
		switch n.Add(1) {
		case 1:
			return jsonResponse(req, 503, `{"error": "temporarily_unavailable"}`), nil
		case 2:
			return nil, errors.New("read: connection reset by peer")
		case 3:
			return jsonResponse(req, 502, `<html>bad gateway</html>`), nil
		}
		return jsonResponse(req, 200, `{"access_token": "tok-retried", "expires_in": 3600}`), nil
	})
	seen := apiAuthRecorder(m)
	c := credentialsClient(t, m)
	_, _, err := c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(4), n.Load(), "token requests")
	assert.Equal(t, []string{"tok-retried"}, seen())
	for _, rq := range m.all() {
		if rq.Method == http.MethodPost {
			assert.JSONEq(t, `{"client_id": "`+testClientID+`", "client_secret": "`+testSecret+`",
			  "audience": "https://api-ext.signeasy.com/", "grant_type": "client_credentials"}`, string(rq.Body),
				"every attempt sends the whole grant")
		}
	}
}

func TestTokenRequestRefusalNotRetried(t *testing.T) {
	m := newMockAPI(t)
	var n atomic.Int32
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		n.Add(1)
		return jsonResponse(req, 401, `{"error": "access_denied", "error_description": "Unauthorized"}`), nil
	})
	_, _, err := credentialsClient(t, m).Users.Me(context.Background())
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, int32(1), n.Load(), "a refusal is final")
}

// A call whose ctx ends while the token is being fetched returns at once;
// the fetch itself is bounded by its own timeout.
func TestCallStopsWaitingForTokenWhenCtxEnds(t *testing.T) {
	m := newMockAPI(t)
	release := make(chan struct{})
	defer close(release)
	m.mt.RegisterResponder("POST", tokenEndpoint, func(req *http.Request) (*http.Response, error) {
		select {
		case <-release:
		case <-req.Context().Done():
		}
		return nil, errors.New("token endpoint hung")
	})
	c := credentialsClient(t, m)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := c.Users.Me(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second, "returned long after ctx ended")
	assert.Equal(t, 0, m.mt.GetCallCountInfo()["GET "+api+"me/"], "API not called without a token")
}

// A token the API refuses with 401 (revoked before its 30 days are up) is
// dropped: the call fails with ErrUnauthorized and the next one fetches a
// new token instead of failing for the rest of the month.
func TestRevokedTokenReplacedAfter401(t *testing.T) {
	m := newMockAPI(t)
	srv := &tokenServer{expires: []int{2592000}}
	srv.register(t, m)
	var seen []string
	m.mt.RegisterResponder("GET", api+"me/", func(req *http.Request) (*http.Response, error) {
		auth := req.Header.Get("Authorization")
		seen = append(seen, auth)
		if auth == "Bearer tok-1-abcdef" {
			r := jsonResponse(req, 401, `{"message": "token revoked"}`)
			return r, nil
		}
		return jsonResponse(req, 200, `{"id": 1}`), nil
	})
	c := credentialsClient(t, m)
	ctx := context.Background()
	_, _, err := c.Users.Me(ctx)
	require.ErrorIs(t, err, ErrUnauthorized)
	for range 2 {
		_, _, err = c.Users.Me(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"Bearer tok-1-abcdef", "Bearer tok-2-abcdef", "Bearer tok-2-abcdef"}, seen)
	assert.Equal(t, 2, srv.count(), "one new token after the 401, then reused")
}

// Signeasy answers business refusals (a cancel not allowed, the signing URL
// of a request that is not embedded) with 401 "unauthorized_resource"
// (recorded traffic, evidence-2026-12.md): the token is fine, so it is kept.
func TestBusinessRefusalKeepsTheToken(t *testing.T) {
	m := newMockAPI(t)
	srv := &tokenServer{expires: []int{2592000}}
	srv.register(t, m)
	var seen []string
	m.mt.RegisterResponder("POST", api+"rs/envelope/7/cancel", func(req *http.Request) (*http.Response, error) {
		seen = append(seen, req.Header.Get("Authorization"))
		return jsonResponse(req, 401, `{"message": "Unauthorized", "error_code": "unauthorized_resource"}`), nil
	})
	c := credentialsClient(t, m)
	for range 3 {
		_, err := c.Envelopes.Cancel(context.Background(), 7)
		require.ErrorIs(t, err, ErrUnauthorized)
	}
	assert.Equal(t, []string{"Bearer tok-1-abcdef", "Bearer tok-1-abcdef", "Bearer tok-1-abcdef"}, seen)
	assert.Equal(t, 1, srv.count(), "no new token after a refusal of the request")
}

// A static token cannot be replaced: every call reports the 401.
func TestStaticToken401NotRefetched(t *testing.T) {
	m := newMockAPI(t)
	m.mt.RegisterResponder("GET", api+"me/", func(req *http.Request) (*http.Response, error) {
		return jsonResponse(req, 401, `{"message": "token revoked"}`), nil
	})
	c, err := NewClient("static-token-value", WithHTTPClient(m.httpClient()))
	require.NoError(t, err)
	for range 2 {
		_, _, err = c.Users.Me(context.Background())
		require.ErrorIs(t, err, ErrUnauthorized)
	}
}
