package blueinktest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

func methods(srv *blueinktest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// TestRetriesThroughFailNext shows the client's retry policy against the
// fake: idempotent calls are retried on 5xx, POST is not (CreateOnce
// recovers by custom_key), and 429 is retried for every method.
func TestRetriesThroughFailNext(t *testing.T) {
	ctx := ctxT(t)

	t.Run("GET 503 then success", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		b, _, err := c.Bundles.Create(ctx, simpleRequest("x"))
		require.NoError(t, err)
		srv.ResetRequests()
		srv.FailNext(http.StatusServiceUnavailable, 0)
		got, resp, err := c.Bundles.Get(ctx, b.ID)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, b.ID, got.ID)
		assert.Equal(t, []string{"GET /api/v2/bundles/" + b.ID + "/", "GET /api/v2/bundles/" + b.ID + "/"}, methods(srv))
	})

	t.Run("POST 500 is attempted once", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		srv.FailNext(http.StatusInternalServerError, 0)
		_, resp, err := c.Bundles.Create(ctx, simpleRequest("x"))
		var apiErr *blueink.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.ErrorIs(t, err, blueink.ErrServer)
		assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
		assert.Equal(t, "error", apiErr.Code)
		assert.Equal(t, "A server error occurred.", apiErr.Message)
		assert.Equal(t, []string{"POST /api/v2/bundles/"}, methods(srv))
		bs, _, err := c.Bundles.List(ctx, nil)
		require.NoError(t, err)
		assert.Empty(t, bs, "the failed POST created nothing")
	})

	t.Run("POST 503 is recovered by CreateOnce", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		srv.FailNext(http.StatusServiceUnavailable, 0)
		b, resp, err := c.Bundles.CreateOnce(ctx, simpleRequest("x"))
		require.NoError(t, err)
		assert.False(t, resp.Recovered, "the 503 came before the create: not found, sent again")
		reqs := srv.Requests()
		require.Len(t, reqs, 3) // POST (503), GET search (not found), POST
		assert.Empty(t, reqs[0].Header.Values("Idempotency-Key"))
		assert.Equal(t, reqs[0].Body, reqs[2].Body)
		assert.Equal(t, blueink.BundleSent, b.Status)
	})

	t.Run("429 with Retry-After is retried, even for POST", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client() // retry waits are capped at 10 ms
		srv.FailNext(http.StatusTooManyRequests, 2*time.Second)
		b, _, err := c.Bundles.Create(ctx, simpleRequest("x"))
		require.NoError(t, err)
		assert.Equal(t, []string{"POST /api/v2/bundles/", "POST /api/v2/bundles/"}, methods(srv))
		bs, _, err := c.Bundles.List(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, []string{b.ID}, ids(bs), "created exactly once")
	})

	t.Run("multipart upload is re-sent whole on retry", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		srv.FailNext(http.StatusTooManyRequests, time.Second)
		b, _, err := nda().Create(ctx, c.Bundles)
		require.NoError(t, err)
		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, len(reqs[0].Body), len(reqs[1].Body))
		assert.Equal(t, "nda.pdf", b.Documents[0].Name)
	})

	t.Run("429 surfaces as RateLimitError when retries are off", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		// RetryAfter is clamped to the client's maximum retry wait: raise
		// the test client's (10 ms) to see the header's value.
		c := srv.Client(blueink.WithMaxRetries(0), blueink.WithRetryWait(time.Millisecond, time.Minute))
		srv.FailNext(http.StatusTooManyRequests, 1500*time.Millisecond)
		_, _, err := c.Bundles.List(ctx, nil)
		var rl *blueink.RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, 2*time.Second, rl.RetryAfter, "Retry-After is sent in whole seconds, rounded up")
		assert.Equal(t, "throttled", rl.Code)
		assert.ErrorIs(t, err, blueink.ErrRateLimited)
		assert.Len(t, srv.Requests(), 1)
	})

	t.Run("retries give up after the budget", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client(blueink.WithMaxRetries(2))
		for range 3 {
			srv.FailNext(http.StatusBadGateway, 0)
		}
		_, _, err := c.Templates.List(ctx, nil)
		assert.ErrorIs(t, err, blueink.ErrServer)
		assert.Len(t, srv.Requests(), 3)
		_, _, err = c.Templates.List(ctx, nil)
		assert.NoError(t, err, "the queue is used up")
	})

	t.Run("4xx are not retried", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		srv.FailNext(http.StatusConflict, 0)
		_, _, err := c.Bundles.List(ctx, nil)
		var apiErr *blueink.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "conflict", apiErr.Code)
		assert.Len(t, srv.Requests(), 1)
	})

	t.Run("dropped and lost answers", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client(blueink.WithMaxRetries(0))
		srv.FailNext(blueinktest.DropConnection, 0)
		_, _, err := c.Persons.Create(ctx, &blueink.PersonRequest{Name: "dropped"})
		require.Error(t, err)
		srv.FailNext(blueinktest.LoseAnswer, 0)
		_, _, err = c.Persons.Create(ctx, &blueink.PersonRequest{Name: "lost"})
		require.Error(t, err)
		ps, _, err := c.Persons.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, ps, 1, "the dropped create did nothing, the lost one took effect")
		assert.Equal(t, "lost", ps[0].Name)
	})

	t.Run("FailNext leaves file downloads alone and precedes auth", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		b, _, err := c.Bundles.Create(ctx, simpleRequest("x"))
		require.NoError(t, err)
		require.NoError(t, srv.Complete(ctx, b.ID))
		files, _, err := c.Bundles.ListFiles(ctx, b.ID)
		require.NoError(t, err)
		srv.FailNext(http.StatusServiceUnavailable, 3*time.Second)
		status, _ := download(t, files[0].FileURL)
		assert.Equal(t, http.StatusOK, status)
		resp := raw(t, srv, "GET", "bundles/", "", nil, "Authorization", "")
		assert.Equal(t, http.StatusServiceUnavailable, resp.Status)
		assert.Equal(t, "3", resp.Header.Get("Retry-After"))
		assert.Equal(t, map[string]any{"code": "service_unavailable", "message": "Service temporarily unavailable, try again later.", "errors": []any{}}, resp.JSON(t))
	})
}
