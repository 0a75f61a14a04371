package speccheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

// TestBlueInkFakeStatefulAnswers drives the fake with ids it knows (the
// drivers of TestBlueInkFakeAnswers mostly meet 404s): a bundle from a
// template with pre-filled fields, signed and completed, a second one
// cancelled, persons, webhooks with their headers and logs. Every answer
// to a spec operation must validate (spec defects are excused by name in
// excuses.go).
func TestBlueInkFakeStatefulAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "blueink")}
	srv := blueinktest.NewServer(t)
	c := srv.Client(blueink.WithHTTPClient(&http.Client{Transport: tr}), blueink.WithMaxRetries(0))
	ctx := context.Background()
	hooks := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer hooks.Close()
	must := func(_ any, _ *blueink.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	wh, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{URL: hooks.URL, EventTypes: []blueink.WebhookEventType{
		blueink.WebhookEventBundleSent, blueink.WebhookEventPacketComplete, blueink.WebhookEventBundleCancelled}})
	must(nil, nil, err)
	h, _, err := c.Webhooks.CreateExtraHeader(ctx, &blueink.WebhookExtraHeader{Webhook: wh.ID, Name: "X-Token", Value: "t", Order: 1})
	must(nil, nil, err)
	must(c.Webhooks.Update(ctx, wh.ID, &blueink.WebhookRequest{URL: hooks.URL, EventTypes: wh.EventTypes}))
	must(c.Webhooks.Patch(ctx, wh.ID, &blueink.WebhookRequest{Enabled: ptr(true)}))
	must(c.Webhooks.UpdateExtraHeader(ctx, h.ID, &blueink.WebhookExtraHeader{Webhook: wh.ID, Name: "X-Token", Value: "u"}))
	must(c.Webhooks.PatchExtraHeader(ctx, h.ID, &blueink.WebhookExtraHeader{Name: "X-Token", Value: "v"}))
	p, _, err := c.Persons.Create(ctx, biPersonRequest())
	must(nil, nil, err)
	tmpl := srv.AddTemplate(blueink.Template{Name: "MSA", Roles: []blueink.TemplateRole{{Key: "customer", Label: "Customer"}},
		Fields: []blueink.TemplateField{
			{Kind: blueink.FieldInput, Key: "inp-200", Label: "Company", Page: 1, X: 1, Y: 2, W: 3, H: 4, DefaultValue: "ACME", EditorRoles: []string{"customer"}},
			{Kind: blueink.FieldSignature, Key: "sig-c", Page: 1, X: 1, Y: 9, W: 3, H: 4, EditorRoles: []string{"customer"}},
		}})

	req := biBundleRequest()
	req.Documents[1].(*blueink.TemplateRequest).TemplateID = tmpl
	req.Documents[0].(*blueink.DocumentRequest).Fields[0].InitialValue = "peter@example.com"
	req.Packets = append(req.Packets, blueink.PacketRequest{Key: "signer-2", PersonID: p.ID, DeliverVia: blueink.DeliverViaEmbed})
	b, _, err := c.Bundles.Create(ctx, req)
	must(nil, nil, err)
	must(c.Bundles.AddTags(ctx, b.ID, "q4", "vip"))
	must(c.Bundles.RemoveTags(ctx, b.ID, "vip"))
	must(c.Packets.Update(ctx, b.Packets[0].ID, &blueink.PacketUpdate{Name: "Peter"}))
	must(c.Packets.Remind(ctx, b.Packets[0].ID))
	if err := srv.Sign(ctx, b.ID, "signer-1"); err != nil {
		t.Fatal(err)
	}
	must(c.Packets.EmbedURL(ctx, b.Packets[1].ID))
	if err := srv.Complete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	for _, call := range []func() (any, *blueink.Response, error){
		func() (any, *blueink.Response, error) { return c.Bundles.Get(ctx, b.ID) },
		func() (any, *blueink.Response, error) {
			return c.Bundles.List(ctx, &blueink.BundleListOptions{Tag: "q4"})
		},
		func() (any, *blueink.Response, error) { return c.Bundles.ListEvents(ctx, b.ID) },
		func() (any, *blueink.Response, error) { return c.Bundles.ListFiles(ctx, b.ID) },
		func() (any, *blueink.Response, error) { return c.Bundles.GetData(ctx, b.ID) },
		func() (any, *blueink.Response, error) { return c.Packets.Certificate(ctx, b.Packets[0].ID) },
		func() (any, *blueink.Response, error) { return c.Templates.List(ctx, nil) },
		func() (any, *blueink.Response, error) { return c.Templates.Get(ctx, tmpl) },
		func() (any, *blueink.Response, error) { return c.Persons.List(ctx, nil) },
		func() (any, *blueink.Response, error) { return c.Persons.Get(ctx, p.ID) },
		func() (any, *blueink.Response, error) { return c.Persons.Update(ctx, p.ID, biPersonRequest()) },
		func() (any, *blueink.Response, error) {
			return c.Persons.Patch(ctx, p.ID, &blueink.PersonRequest{Name: "Tom"})
		},
		func() (any, *blueink.Response, error) { return c.Webhooks.List(ctx, nil) },
		func() (any, *blueink.Response, error) { return c.Webhooks.Get(ctx, wh.ID) },
		func() (any, *blueink.Response, error) { return c.Webhooks.ListExtraHeaders(ctx, nil) },
		func() (any, *blueink.Response, error) { return c.Webhooks.GetExtraHeader(ctx, h.ID) },
		func() (any, *blueink.Response, error) { return c.Webhooks.ListEvents(ctx, nil) },
		func() (any, *blueink.Response, error) { return c.Webhooks.ListDeliveries(ctx, nil) },
		func() (any, *blueink.Response, error) { return c.Webhooks.GetSecret(ctx) },
		func() (any, *blueink.Response, error) { return c.Webhooks.RegenerateSecret(ctx) },
	} {
		must(call())
	}
	other, _, err := c.Bundles.Create(ctx, biBundleRequest2())
	must(nil, nil, err)
	must(c.Bundles.Cancel(ctx, other.ID))
	for _, del := range []func() (*blueink.Response, error){
		func() (*blueink.Response, error) { return c.Persons.Delete(ctx, p.ID) },
		func() (*blueink.Response, error) { return c.Webhooks.DeleteExtraHeader(ctx, h.ID) },
		func() (*blueink.Response, error) { return c.Webhooks.Delete(ctx, wh.ID) },
	} {
		_, err := del()
		must(nil, nil, err)
	}

	seen := map[Op]bool{}
	for _, ex := range tr.Exchanges() {
		if ex.Op == "" {
			continue // a newer operation, outside the spec
		}
		seen[ex.Op] = true
		for _, p := range ex.Response.Problems {
			t.Errorf("%s %s: %d answer does not validate: %s", ex.Method, ex.Path, ex.Status, p.Message)
		}
	}
	t.Logf("%d spec operations answered with real ids", len(seen))
	if ops := len(tr.Spec.Operations()); len(seen) < ops-4 {
		t.Errorf("only %d of %d spec operations exercised", len(seen), ops)
	}
}

// biBundleRequest2 is a second valid bundle (another custom key).
func biBundleRequest2() *blueink.BundleRequest {
	r := biBundleRequest()
	r.CustomKey = "order-5678"
	r.Documents = r.Documents[:1]
	r.Documents[0].(*blueink.DocumentRequest).Fields = nil
	r.Label = strings.ToUpper(r.Label)
	return r
}
