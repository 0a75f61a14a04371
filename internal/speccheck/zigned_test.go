package speccheck

import (
	"context"
	"testing"

	"github.com/esignkit/esign/zigned"
)

// TestZignedRequests drives every operation of the Zigned REST v3 spec
// through the client against the spec-driven mock.
func TestZignedRequests(t *testing.T) {
	s := Load(t, "zigned")
	m := NewMock(t, s)
	c, err := zigned.NewClientWithToken("tok_test", zTolerant(zigned.WithBaseURL(m.URL))...)
	if err != nil {
		t.Fatal(err)
	}
	n := runDrivers(t, m, c, zignedDrivers(), nil)
	t.Logf("zigned: %s", n)
}

// TestZignedOAuthRequests drives the OAuth spec: the client-credentials
// token request the client sends before its first API call.
func TestZignedOAuthRequests(t *testing.T) {
	api := NewMock(t, Load(t, "zigned"))
	m := NewMock(t, Load(t, "zigned-oauth"))
	c, err := zigned.NewClient("client-id", "client-secret",
		zTolerant(zigned.WithBaseURL(api.URL), zigned.WithTokenURL(m.URL+"/token"))...)
	if err != nil {
		t.Fatal(err)
	}
	drivers := []driver[*zigned.Client]{
		{"POST /token", func(ctx context.Context, c *zigned.Client) error {
			_, _, err := c.Agreements.Get(ctx, agreementID)
			return err
		}},
		{"DELETE /token/{access_token}", func(ctx context.Context, c *zigned.Client) error {
			if _, _, err := c.Agreements.Get(ctx, agreementID); err != nil {
				return err
			}
			_, err := c.RevokeToken(ctx, "")
			return err
		}},
	}
	n := runDrivers(t, m, c, drivers, nil)
	t.Logf("zigned-oauth: %s", n)
}
