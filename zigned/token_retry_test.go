package zigned_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
)

// A token grant is safe to repeat: the token request goes through the
// client's retry policy, 5xx and dropped connections included.
func TestOAuthTokenRequestRetriedOnTransientFailures(t *testing.T) {
	te := &tokenEndpoint{prefix: "tok"}
	mt, c := newMockClient(t, te)
	var n atomic.Int32
	mt.RegisterResponder(http.MethodPost, zigned.DefaultTokenURL, func(r *http.Request) (*http.Response, error) {
		switch n.Add(1) {
		case 1:
			return httpmock.NewStringResponse(503, `{"status":"error","error":{"code":503,"message":"maintenance"}}`), nil
		case 2:
			return nil, errors.New("read: connection reset by peer")
		case 3:
			return httpmock.NewStringResponse(429, `{}`), nil
		}
		return te.responder(r) // checks the form body of the grant
	})
	want := "tok-1"
	mt.RegisterResponder("GET", apiBase+"/agreements/"+agreementID, getAgreementResponder(t, &want))
	_, _, err := c.Agreements.Get(context.Background(), agreementID)
	require.NoError(t, err)
	assert.Equal(t, int32(4), n.Load(), "token requests")
	assert.Equal(t, int32(1), te.calls.Load(), "successful grants")
}

func TestOAuthTokenRefusalNotRetried(t *testing.T) {
	mt, c := newMockClient(t, nil)
	var n atomic.Int32
	mt.RegisterResponder(http.MethodPost, zigned.DefaultTokenURL, func(*http.Request) (*http.Response, error) {
		n.Add(1)
		r := httpmock.NewStringResponse(401, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
		r.Header.Set("Content-Type", "application/json")
		return r, nil
	})
	_, _, err := c.Agreements.Get(context.Background(), agreementID)
	require.ErrorIs(t, err, zigned.ErrUnauthorized)
	assert.Equal(t, int32(1), n.Load())
}
