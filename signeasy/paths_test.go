package signeasy

import (
	"context"
	"io"
	"testing"
)

// TestDocumentedPaths checks the method and exact path (trailing slash
// included) of every call against the Signeasy endpoint table
// (../shared/provider-docs/signeasy-v3-endpoints.md, December 2026): the
// only v3 evidence for original download/delete, template get/delete and
// envelope get has no trailing slash, and every working v3 app calls the
// signing URL with one.
func TestDocumentedPaths(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		method, path, body string
		call               func(c *Client) error
	}{
		{"GET", "original/7/", `{"id": 7}`, func(c *Client) error { _, _, err := c.Originals.Get(ctx, 7); return err }},
		{"GET", "original/7/download", "%PDF", func(c *Client) error {
			rc, _, err := c.Originals.Download(ctx, 7)
			if err == nil {
				_, _ = io.Copy(io.Discard, rc)
				rc.Close()
			}
			return err
		}},
		{"DELETE", "original/7", "", func(c *Client) error { _, err := c.Originals.Delete(ctx, 7); return err }},
		{"GET", "template/8", `{"id": 8}`, func(c *Client) error { _, _, err := c.Templates.Get(ctx, 8); return err }},
		{"DELETE", "template/8", "", func(c *Client) error { _, err := c.Templates.Delete(ctx, 8); return err }},
		{"GET", "rs/envelope/9", `{"id": 9}`, func(c *Client) error { _, _, err := c.Envelopes.Get(ctx, 9); return err }},
		{"POST", "rs/envelope/9/cancel", "", func(c *Client) error { _, err := c.Envelopes.Cancel(ctx, 9); return err }},
		{"GET", "rs/envelope/signed/pending/9", `{"id": 10}`, func(c *Client) error { _, _, err := c.Envelopes.GetSigned(ctx, 9); return err }},
		{"POST", "rs/envelope/9/signing/url/", `{"url": "https://x.example"}`, func(c *Client) error {
			_, _, err := c.Envelopes.SigningURL(ctx, 9, &SigningURLRequest{RecipientEmail: "a@example.com"})
			return err
		}},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			m := newMockAPI(t)
			m.on(tc.method, api+tc.path, ok(tc.body))
			if err := tc.call(m.client()); err != nil {
				t.Fatalf("%s %s: %v", tc.method, tc.path, err)
			}
			checkCommon(t, m.last(), tc.method, api+tc.path)
		})
	}
}

// TestSigningURLAllowDeclineOnlyWhenSet: allow_decline appears only in
// Signeasy's 2020 v2 samples; working v3 apps send {recipient_email} or
// {recipient_email, redirect_url}. It is sent only when set.
func TestSigningURLAllowDeclineOnlyWhenSet(t *testing.T) {
	for _, tc := range []struct {
		req  SigningURLRequest
		want string
	}{
		{SigningURLRequest{RecipientEmail: "a@example.com"}, `{"recipient_email": "a@example.com"}`},
		{SigningURLRequest{RecipientEmail: "a@example.com", RedirectURL: "https://app.example/done"},
			`{"recipient_email": "a@example.com", "redirect_url": "https://app.example/done"}`},
		{SigningURLRequest{RecipientEmail: "a@example.com", AllowDecline: true},
			`{"recipient_email": "a@example.com", "allow_decline": true}`},
	} {
		m := newMockAPI(t)
		m.on("POST", api+"rs/envelope/9/signing/url/", ok(`{"url": "https://x.example"}`))
		if _, _, err := m.client().Envelopes.SigningURL(context.Background(), 9, &tc.req); err != nil {
			t.Fatal(err)
		}
		checkJSONRequest(t, m.last(), tc.want)
	}
}
