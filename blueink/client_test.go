package blueink_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
)

func TestNewClientValidates(t *testing.T) {
	cases := map[string]func() (*blueink.Client, error){
		"empty key":         func() (*blueink.Client, error) { return blueink.NewClient("") },
		"blank key":         func() (*blueink.Client, error) { return blueink.NewClient("   ") },
		"key with space":    func() (*blueink.Client, error) { return blueink.NewClient("Token abc") },
		"key with newline":  func() (*blueink.Client, error) { return blueink.NewClient("abc\r\nX-Evil: 1") },
		"empty base URL":    func() (*blueink.Client, error) { return blueink.NewClient("k3y1", blueink.WithBaseURL("")) },
		"relative base URL": func() (*blueink.Client, error) { return blueink.NewClient("k3y1", blueink.WithBaseURL("/api/v2")) },
		"ftp base URL": func() (*blueink.Client, error) {
			return blueink.NewClient("k3y1", blueink.WithBaseURL("ftp://x/api/v2"))
		},
		"nil http client":  func() (*blueink.Client, error) { return blueink.NewClient("k3y1", blueink.WithHTTPClient(nil)) },
		"negative retries": func() (*blueink.Client, error) { return blueink.NewClient("k3y1", blueink.WithMaxRetries(-1)) },
		"zero retry wait": func() (*blueink.Client, error) {
			return blueink.NewClient("k3y1", blueink.WithRetryWait(0, time.Second))
		},
		"inverted wait": func() (*blueink.Client, error) {
			return blueink.NewClient("k3y1", blueink.WithRetryWait(2*time.Second, time.Second))
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := mk()
			chk{t}.errIs(err, blueink.ErrValidation)
			chk{t}.truef(c == nil, "client returned with an error")
		})
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := blueink.NewClient("k3y1")
	chk{t}.noErr(err)
	chk{t}.eq(c.BaseURL(), blueink.DefaultBaseURL, "base URL")
	chk{t}.eq(blueink.DefaultBaseURL, "https://api.blueink.com/api/v2/", "default")
	chk{t}.truef(c.Bundles != nil && c.Packets != nil && c.Templates != nil && c.EnvelopeTemplates != nil &&
		c.Persons != nil && c.Webhooks != nil, "services set")
	c2, err := blueink.NewClient("k3y1", blueink.WithBaseURL("https://sandbox.blueink.test/api/v2"))
	chk{t}.noErr(err)
	chk{t}.eq(c2.BaseURL(), "https://sandbox.blueink.test/api/v2/", "base URL gets its trailing slash")
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv(blueink.EnvAPIKey, "")
	t.Setenv(blueink.EnvAPIURL, "")
	_, err := blueink.NewClientFromEnv()
	chk{t}.errIs(err, blueink.ErrValidation)
	chk{t}.truef(strings.Contains(err.Error(), "BLUEINK_PRIVATE_API_KEY"), "error names the variable: %v", err)

	t.Setenv(blueink.EnvAPIKey, wireKey)
	c, err := blueink.NewClientFromEnv()
	chk{t}.noErr(err)
	chk{t}.eq(c.BaseURL(), blueink.DefaultBaseURL, "default base URL")

	t.Setenv(blueink.EnvAPIURL, "https://env.blueink.test/api/v2/")
	c, err = blueink.NewClientFromEnv()
	chk{t}.noErr(err)
	chk{t}.eq(c.BaseURL(), "https://env.blueink.test/api/v2/", "base URL from the environment")

	c, err = blueink.NewClientFromEnv(blueink.WithBaseURL("https://explicit.blueink.test/api/v2/"))
	chk{t}.noErr(err)
	chk{t}.eq(c.BaseURL(), "https://explicit.blueink.test/api/v2/", "explicit option wins")

	// The key from the environment authenticates requests.
	w := newWire(t)
	w.on("GET", "webhooks/secret/", 200, fixture(t, "webhook_secret.json"))
	t.Setenv(blueink.EnvAPIURL, wireBase)
	c, err = blueink.NewClientFromEnv(blueink.WithHTTPClient(&http.Client{Transport: w.mt}))
	chk{t}.noErr(err)
	_, _, err = c.Webhooks.GetSecret(context.Background())
	chk{t}.noErr(err)
	chk{t}.eq(w.requests()[0].Header.Get("Authorization"), "Token "+wireKey, "Authorization")
}

// The API key never appears in printed clients, errors or logs, even when
// the server echoes it.
func TestAPIKeyNeverPrinted(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w := newWire(t, blueink.WithLogger(logger))
	w.on("GET", "bundles/plHoBZRHwM/", 401, `{"detail":"Invalid token `+wireKey+`.","code":"authentication_failed"}`)
	_, _, err := w.c.Bundles.Get(context.Background(), "plHoBZRHwM")
	chk{t}.errIs(err, blueink.ErrUnauthorized)
	var apiErr *blueink.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("not an APIError: %T", err)
	}
	chk{t}.eq(apiErr.Detail, "Invalid token [REDACTED].", "detail redacted")

	outputs := []string{
		fmt.Sprintf("%v %+v %#v %s", w.c, w.c, w.c, w.c),
		fmt.Sprintf("%v %+v %#v", *w.c, *w.c, *w.c),
		fmt.Sprintf("%v %+v %#v %s", err, err, err, err.Error()),
		fmt.Sprintf("%+v %#v", *apiErr, *apiErr),
		logs.String(),
	}
	for _, out := range outputs {
		chk{t}.truef(!strings.Contains(out, wireKey), "API key printed: %s", out)
	}
	chk{t}.truef(strings.Contains(logs.String(), "/api/v2/bundles/plHoBZRHwM/"), "request logged: %s", logs.String())
	chk{t}.eq(fmt.Sprint(w.c), "blueink.Client{BaseURL: "+wireBase+"}", "client description")
}

// waits records the backoff the client computed, without sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (ws *waits) hook(_ int, d time.Duration) time.Duration {
	ws.mu.Lock()
	ws.d = append(ws.d, d)
	ws.mu.Unlock()
	return 0
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	ws := &waits{}
	w := newWire(t, blueink.WithMaxRetries(2), blueink.WithBackoffHook(ws.hook))
	var n int
	w.mt.RegisterResponder("GET", wireBase+"bundles/plHoBZRHwM/", func(req *http.Request) (*http.Response, error) {
		w.record(req)
		n++
		if n == 1 {
			resp := newResp(req, 429, `{"code":"throttled","message":"Request was throttled."}`)
			resp.Header.Set("Retry-After", "2")
			return resp, nil
		}
		return newResp(req, 200, fixture(t, "bundle.json")), nil
	})
	b, _, err := w.c.Bundles.Get(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	checkBundle(chk{t}, b)
	chk{t}.eq(n, 2, "attempts")
	chk{t}.eq(ws.d, []time.Duration{2 * time.Second}, "waits")
}

func TestRateLimitAfterRetries(t *testing.T) {
	ws := &waits{}
	w := newWire(t, blueink.WithMaxRetries(2), blueink.WithBackoffHook(ws.hook))
	w.onAny(429, `{"code":"throttled","message":"Request was throttled."}`, "Retry-After", "3")
	_, _, err := w.c.Bundles.Create(context.Background(), sampleRequest())
	var rl *blueink.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("error %v is not a *RateLimitError", err)
	}
	chk{t}.eq(rl.RetryAfter, 3*time.Second, "RetryAfter")
	chk{t}.eq(len(w.requests()), 3, "attempts (429 retried even for POST)")
	for _, r := range w.requests() {
		chk{t}.jsonEq(r.Body, sampleRequestJSON, "body of every attempt")
	}
}

func TestServerErrorsRetriedOnlyWhenIdempotent(t *testing.T) {
	ws := &waits{}
	w := newWire(t, blueink.WithMaxRetries(2), blueink.WithBackoffHook(ws.hook))
	w.onAny(503, `{"code":"service_unavailable","message":"Service temporarily unavailable."}`)
	_, _, err := w.c.Bundles.Get(context.Background(), "plHoBZRHwM")
	chk{t}.errIs(err, blueink.ErrServer)
	chk{t}.eq(len(w.requests()), 3, "GET attempts")

	w2 := newWire(t, blueink.WithMaxRetries(2), blueink.WithBackoffHook(ws.hook))
	w2.onAny(503, `{"code":"service_unavailable","message":"Service temporarily unavailable."}`)
	_, _, err = w2.c.Bundles.Send(context.Background(), "plHoBZRHwM")
	chk{t}.errIs(err, blueink.ErrServer)
	chk{t}.eq(len(w2.requests()), 1, "POST attempts")

	// No idempotency key is ever sent (BlueInk documents none), so nothing
	// makes a POST repeatable: the 503 ends the call, saying so.
	chk{t}.errIs(err, blueink.ErrOutcomeUnknown)
	chk{t}.eq(w2.requests()[0].Header.Values("Idempotency-Key"), []string(nil), "Idempotency-Key")
}

func TestDecodeErrorOnBadBody(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/plHoBZRHwM/", 200, `{"id": 12, "status": [`)
	_, resp, err := w.c.Bundles.Get(context.Background(), "plHoBZRHwM")
	var de *blueink.DecodeError
	chk{t}.truef(errors.As(err, &de), "error %v (%T) is not a *DecodeError", err, err)
	chk{t}.truef(resp != nil && resp.StatusCode == 200, "response returned with the error")
}

// Without WithMaxRetries a failed idempotent call is retried
// DefaultMaxRetries (5) times, as documented (README: "the default budget
// is 5 retries").
func TestDefaultRetryBudget(t *testing.T) {
	require.Equal(t, 5, blueink.DefaultMaxRetries)
	ws := &waits{}
	mt := httpmock.NewMockTransport()
	var attempts atomic.Int32
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		attempts.Add(1)
		return newResp(req, 503, `{"code":"service_unavailable","message":"Service temporarily unavailable."}`), nil
	})
	c, err := blueink.NewClient(wireKey, blueink.WithBaseURL(wireBase), blueink.WithHTTPClient(&http.Client{Transport: mt}),
		blueink.WithBackoffHook(ws.hook))
	require.NoError(t, err)
	_, _, err = c.Bundles.Get(context.Background(), "plHoBZRHwM")
	assert.ErrorIs(t, err, blueink.ErrServer)
	assert.Equal(t, int32(1+blueink.DefaultMaxRetries), attempts.Load(), "attempts")
	assert.Len(t, ws.d, blueink.DefaultMaxRetries, "waits between attempts")
}
