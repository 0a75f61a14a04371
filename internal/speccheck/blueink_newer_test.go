package speccheck

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
)

// blueinkNewer lists the operations the blueink client calls that are newer
// than the Swagger 2.2.3 spec, with where each comes from: THE list of
// calls outside the spec (TestBlueInkRequests refuses any other; the fake
// checks classify by it). Paths are below /api/v2.
var blueinkNewer = map[Op]string{
	"POST /bundles/preparation_session/":     "BlueInk's .NET client (embedded preparation session)",
	"PATCH /bundles/{bundleSlug}/":           "BlueInk's official clients (bundle update)",
	"DELETE /bundles/{bundleSlug}/":          "BlueInk's official clients (bundle delete)",
	"POST /bundles/{bundleSlug}/send/":       "BlueInk's official clients (send a draft)",
	"PUT /bundles/{bundleSlug}/validate/":    "BlueInk's official clients (validate a draft)",
	"PUT /bundles/{bundleSlug}/expire/":      "BlueInk's official clients (expire)",
	"PUT /bundles/{bundleSlug}/files/":       "BlueInk's official clients (interim files)",
	"GET /packets/{packetId}/":               "BlueInk's official clients (packet get)",
	"PATCH /templates/{templateId}/":         "BlueInk's official clients (template update)",
	"DELETE /templates/{templateId}/":        "BlueInk's JS client 1.4.0 (template delete)",
	"POST /templates/preparation_session/":   "BlueInk's JS client 1.4.0 and .NET client (template preparation session)",
	"GET /envelope-templates/":               "BlueInk's official clients (envelope templates)",
	"GET /envelope-templates/{templateId}/":  "BlueInk's official clients (envelope templates)",
	"GET /webhooks/events/{eventId}/":        "BlueInk's official clients (webhook event get)",
	"GET /webhooks/deliveries/{deliveryId}/": "BlueInk's official clients (webhook delivery get)",
	"POST /verify/":                          "BlueInk's official clients (document verification by hash)",
}

// blueinkNewerOp names the newer operation a request outside the spec hits
// (path below the API base), or "".
func blueinkNewerOp(method, path string) Op {
	for op := range blueinkNewer {
		m, tmpl, _ := cutOp(op)
		if m == method && matchSegments(tmpl, path, func(seg string) bool { return seg != "" }) {
			return op
		}
	}
	return ""
}

// TestBlueInkNewerOperations drives every client method that calls an
// operation newer than the spec and checks the list above is exact: each
// call leaves the spec, and hits the operation the list names.
func TestBlueInkNewerOperations(t *testing.T) {
	s := Load(t, "blueink")
	m := NewMock(t, s)
	c, err := blueink.NewClient("sk_test_key", biOptions(blueink.WithBaseURL(m.URL+"/"))...)
	if err != nil {
		t.Fatal(err)
	}
	type C = *blueink.Client
	drivers := []driver[C]{
		{"POST /bundles/preparation_session/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.CreatePreparationSession(ctx, &blueink.PreparationSessionRequest{TemplateIDs: []string{biTplID}})
			return err
		}},
		{"PATCH /bundles/{bundleSlug}/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Update(ctx, biBundle, &blueink.BundleUpdate{Label: "Q4"})
			return err
		}},
		{"DELETE /bundles/{bundleSlug}/", func(ctx context.Context, c C) error {
			_, err := c.Bundles.Delete(ctx, biBundle)
			return err
		}},
		{"POST /bundles/{bundleSlug}/send/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Send(ctx, biBundle)
			return err
		}},
		{"PUT /bundles/{bundleSlug}/validate/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Validate(ctx, biBundle)
			return err
		}},
		{"PUT /bundles/{bundleSlug}/expire/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Expire(ctx, biBundle)
			return err
		}},
		{"PUT /bundles/{bundleSlug}/files/", func(ctx context.Context, c C) error {
			_, err := c.Bundles.GenerateInterimFiles(ctx, biBundle)
			return err
		}},
		{"GET /packets/{packetId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Packets.Get(ctx, biPacket)
			return err
		}},
		{"PATCH /templates/{templateId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Templates.Update(ctx, biTplID, &blueink.TemplateUpdate{Name: "NDA v2"})
			return err
		}},
		{"DELETE /templates/{templateId}/", func(ctx context.Context, c C) error {
			_, err := c.Templates.Delete(ctx, biTplID)
			return err
		}},
		{"POST /templates/preparation_session/", func(ctx context.Context, c C) error {
			_, _, err := c.Templates.CreatePreparationSession(ctx, &blueink.TemplatePreparationSessionRequest{TemplateID: biTplID})
			return err
		}},
		{"GET /envelope-templates/", func(ctx context.Context, c C) error {
			_, _, err := c.EnvelopeTemplates.List(ctx, nil)
			return errors.Join(err, first(c.EnvelopeTemplates.All(ctx, nil)))
		}},
		{"GET /envelope-templates/{templateId}/", func(ctx context.Context, c C) error {
			_, _, err := c.EnvelopeTemplates.Get(ctx, "T-abc123def")
			return err
		}},
		{"GET /webhooks/events/{eventId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.GetEvent(ctx, biWebhook)
			return err
		}},
		{"GET /webhooks/deliveries/{deliveryId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.GetDelivery(ctx, biWebhook)
			return err
		}},
		{"POST /verify/", func(ctx context.Context, c C) error {
			_, _, err := c.Verify(ctx, strings.Repeat("ab", 32))
			return err
		}},
	}
	have := map[Op]bool{}
	for _, d := range drivers {
		have[d.op] = true
		t.Run(string(d.op), func(t *testing.T) {
			m.Reset()
			_ = d.call(context.Background(), c) // the spec mock does not serve it: only the route is checked
			hit := false
			for _, ex := range m.Exchanges() {
				if ex.Op != "" {
					t.Errorf("%s %s is an operation of the spec (%s): take it off blueinkNewer", ex.Method, ex.Path, ex.Op)
					continue
				}
				got := blueinkNewerOp(ex.Method, strings.TrimPrefix(ex.Path, s.Base))
				if got != d.op {
					t.Errorf("%s %s: hits %q, want %s", ex.Method, ex.Path, got, d.op)
				}
				hit = hit || got == d.op
			}
			if !hit {
				t.Errorf("the driver never called %s", d.op)
			}
		})
	}
	for op := range blueinkNewer {
		if !have[op] {
			t.Errorf("blueinkNewer lists %s, which no driver calls", op)
		}
	}
}
