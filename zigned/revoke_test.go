package zigned_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// bearer is the token a recorded request carried.
func bearer(r zignedtest.Request) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return tok
}

func TestRevokeTokenDropsTheCachedToken(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()

	// Nothing fetched yet: nothing to revoke, nothing sent.
	resp, err := c.RevokeToken(ctx, "")
	require.NoError(t, err)
	assert.Nil(t, resp)
	assert.Empty(t, srv.Requests())

	_, _, err = c.Webhooks.List(ctx)
	require.NoError(t, err)
	reqs := srv.Requests()
	first := bearer(reqs[len(reqs)-1])
	require.NotEmpty(t, first)

	resp, err = c.RevokeToken(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	reqs = srv.Requests()
	rev := reqs[len(reqs)-1]
	assert.Equal(t, http.MethodDelete, rev.Method)
	assert.Equal(t, zignedtest.TokenPath+"/"+first, rev.Path)
	assert.Empty(t, rev.Header.Get("Authorization"), "the token travels in the path only")

	// The revoked token is refused by the server; the client fetches a new one.
	old, err := zigned.NewClientWithToken(first, zigned.WithBaseURL(srv.URL()), zigned.WithMaxRetries(0))
	require.NoError(t, err)
	_, _, err = old.Webhooks.List(ctx)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	_, _, err = c.Webhooks.List(ctx)
	require.NoError(t, err)
	reqs = srv.Requests()
	assert.NotEqual(t, first, bearer(reqs[len(reqs)-1]))
	assert.Equal(t, 2, srv.TokenGrants())

	// Revoking it again is refused (400), and the error does not show it.
	_, err = c.RevokeToken(ctx, first)
	require.ErrorIs(t, err, zigned.ErrBadRequest)
	assert.NotContains(t, err.Error(), first)
}

func TestRevokeTokenOfAFixedToken(t *testing.T) {
	srv := zignedtest.NewServer(t)
	ctx := context.Background()
	_, _, err := srv.Client().Webhooks.List(ctx)
	require.NoError(t, err)
	tok := bearer(srv.Requests()[len(srv.Requests())-1])

	c, err := zigned.NewClientWithToken(tok, zigned.WithBaseURL(srv.URL()), zigned.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = c.RevokeToken(ctx, "")
	require.NoError(t, err)
	last := srv.Requests()[len(srv.Requests())-1]
	assert.Equal(t, http.MethodDelete, last.Method)
	assert.Equal(t, zignedtest.TokenPath+"/"+tok, last.Path, "the token URL follows the base URL")
	_, _, err = c.Webhooks.List(ctx)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
}
