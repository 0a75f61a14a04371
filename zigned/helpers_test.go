package zigned_test

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jarcoal/httpmock"

	"github.com/esignkit/esign/zigned"
)

const (
	testClientID     = "zigned-test-client-id"
	testClientSecret = "zs-0a9b8c7d6e5f4a3b2c1d"
	apiBase          = "https://api.zigned.se/rest/v3"
)

// tokenEndpoint answers the client credentials grant with tokens named
// prefix-1, prefix-2, ... valid for ttl seconds, after checking the form.
type tokenEndpoint struct {
	t      *testing.T
	prefix string
	ttl    []int // per call; the last one repeats
	calls  atomic.Int32
}

func (te *tokenEndpoint) responder(r *http.Request) (*http.Response, error) {
	n := int(te.calls.Add(1))
	assert.Equal(te.t, http.MethodPost, r.Method)
	assert.Equal(te.t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
	require.NoError(te.t, r.ParseForm())
	assert.Equal(te.t, "client_credentials", r.PostForm.Get("grant_type"))
	assert.Equal(te.t, testClientID, r.PostForm.Get("client_id"))
	assert.Equal(te.t, testClientSecret, r.PostForm.Get("client_secret"))
	assert.Empty(te.t, r.Header.Get("Authorization"), "credentials travel in the form body")
	ttl := te.ttl[min(n, len(te.ttl))-1]
	return httpmock.NewJsonResponse(200, map[string]any{
		"access_token": te.token(n), "token_type": "Bearer", "expires_in": ttl,
	})
}

func (te *tokenEndpoint) token(n int) string { return te.prefix + "-" + string(rune('0'+n)) }

// newMockClient returns an OAuth client on a fresh mock transport whose token
// endpoint is te.
func newMockClient(t *testing.T, te *tokenEndpoint, opts ...zigned.Option) (*httpmock.MockTransport, *zigned.Client) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	if te != nil {
		te.t = t
		if len(te.ttl) == 0 {
			te.ttl = []int{3600}
		}
		mt.RegisterResponder(http.MethodPost, zigned.DefaultTokenURL, te.responder)
	}
	base := []zigned.Option{
		zigned.WithHTTPClient(&http.Client{Transport: mt}),
		zigned.WithRetryWait(time.Millisecond, 2*time.Millisecond),
		zigned.WithBackoffHook(func(int, time.Duration) time.Duration { return 0 }),
		zigned.WithUserAgent("zigned-test/1.0"),
		zigned.WithStrictDecoding(),
	}
	c, err := zigned.NewClient(testClientID, testClientSecret, append(base, opts...)...)
	require.NoError(t, err)
	return mt, c
}

func jsonResponder(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		r.Header.Set("Content-Type", "application/json")
		return r, nil
	}
}

func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func ptr[T any](v T) *T { return &v }
