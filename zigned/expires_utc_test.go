package zigned_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
)

// TestAgreementExpiresAtSentInUTC: the spec's date-time pattern
// (^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?Z?$) takes UTC with "Z"
// only, so a local expiry is sent converted, never with its offset; the
// caller's request is left as it was.
func TestAgreementExpiresAtSentInUTC(t *testing.T) {
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"version":"1.0","result_type":"single","resource_type":"agreement","data":{"id":"c8itw4ybiyldtndi9qnexample"}}`)
	}))
	defer srv.Close()
	c, err := zigned.NewClientWithToken("tok", zigned.WithBaseURL(srv.URL), zigned.WithMaxRetries(0))
	require.NoError(t, err)
	cet := time.FixedZone("CET", 3600)
	local := time.Date(2024, 2, 1, 9, 0, 0, 0, cet)

	req := &zigned.AgreementRequest{ExpiresAt: &local}
	_, _, err = c.Agreements.Create(context.Background(), req)
	require.NoError(t, err)
	_, _, err = c.Agreements.Update(context.Background(), "c8itw4ybiyldtndi9qnexample", &zigned.AgreementUpdate{ExpiresAt: zigned.Set(local)})
	require.NoError(t, err)

	require.Len(t, bodies, 2)
	assert.JSONEq(t, `{"expires_at":"2024-02-01T08:00:00Z"}`, bodies[0])
	assert.JSONEq(t, `{"expires_at":"2024-02-01T08:00:00Z"}`, bodies[1])
	assert.Equal(t, cet, req.ExpiresAt.Location(), "the caller's request is not modified")
}
