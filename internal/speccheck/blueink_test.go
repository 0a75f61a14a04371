package speccheck

import (
	"context"
	"errors"
	"testing"

	"github.com/esignkit/esign/blueink"
)

// BlueInk ids as the spec's examples write them.
const (
	biBundle  = "A1B2C3D4E5"
	biPacket  = "P1Q2R3S4T5"
	biPerson  = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	biWebhook = "0c5d6b8e-1b2a-4c3d-9e8f-7a6b5c4d3e2f"
	biHeader  = "1d6e7c9f-2c3b-4d4e-8f9a-8b7c6d5e4f3a"
	biTplID   = "412acd04-ccec-4e74-b695-cff8f6163b40"
)

func ptr[T any](v T) *T { return &v }

// first runs an iterator to its first element.
func first[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		return err
	}
	return nil
}

func biBundleRequest() *blueink.BundleRequest {
	return &blueink.BundleRequest{
		Label: "TPS reports", EmailSubject: "eSignature Request", EmailMessage: "Please sign the TPS reports.",
		RequesterName: "Bill Lumbergh", RequesterEmail: "tps.reports@example.com", CCEmails: []string{"tom.smykowski@example.com"},
		IsTest: true, CustomKey: "order-1234",
		Packets: []blueink.PacketRequest{{Key: "signer-1", Name: "Peter Gibbons", Email: "peter.gibbons@example.com",
			Phone: "505 555 1234", AuthSMS: true, DeliverVia: blueink.DeliverViaEmail}},
		Documents: []blueink.RequestDocument{
			&blueink.DocumentRequest{Key: "w9", FileURL: "https://www.irs.gov/pub/irs-pdf/fw9.pdf", Fields: []blueink.DocumentRequestField{
				{Kind: blueink.FieldInput, Key: "inp-name", Label: "Your Name", Page: 1, X: 15, Y: 60, W: 20, H: 3,
					VPattern: blueink.PatternEmail, VMin: 2, VMax: 30, Editors: []string{"signer-1"}},
				{Kind: blueink.FieldSignature, Key: "sig-01", Label: "Your Signature", Page: 1, X: 15, Y: 68, W: 30, H: 12,
					Editors: []string{"signer-1"}},
			}},
			&blueink.TemplateRequest{Key: "doc-02", TemplateID: biTplID,
				Assignments: []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}},
				FieldValues: []blueink.TemplateFieldValue{{Key: "inp-200", InitialValue: "ACME Inc"}}},
		},
	}
}

func biPersonRequest() *blueink.PersonRequest {
	return &blueink.PersonRequest{Name: "Tom Smykowski", Metadata: map[string]any{"crm_id": "42"},
		Channels: []blueink.ContactChannel{{Kind: blueink.ChannelEmail, Email: "tom@example.com"}, {Kind: blueink.ChannelMobilePhone, Phone: "505 555 1234"}}}
}

// blueinkDrivers: one per operation of the BlueInk Swagger 2.2.3.
func blueinkDrivers() []driver[*blueink.Client] {
	type C = *blueink.Client
	hdr := func() *blueink.WebhookExtraHeader {
		return &blueink.WebhookExtraHeader{Webhook: biWebhook, Name: "X-Token", Value: "v", Order: 1}
	}
	return []driver[C]{
		{"GET /bundles/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.List(ctx, &blueink.BundleListOptions{Status: blueink.BundleComplete, Search: "tps",
				ListOptions: blueink.ListOptions{Page: 2, PerPage: 50}})
			// The reference's filters: a status list, descending order, date ranges.
			_, _, err2 := c.Bundles.List(ctx, &blueink.BundleListOptions{StatusIn: []blueink.BundleStatus{blueink.BundleSent, blueink.BundleComplete},
				Ordering: blueink.OrderCreatedDesc, CreatedAfter: blueink.Date{Year: 2024, Month: 10, Day: 1},
				CompletedBefore: blueink.Date{Year: 2024, Month: 10, Day: 8}})
			err = errors.Join(err, err2)
			return errors.Join(err, first(c.Bundles.All(ctx, nil)))
		}},
		{"POST /bundles/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Create(ctx, biBundleRequest())
			req := biBundleRequest()
			req.Documents = []blueink.RequestDocument{&blueink.DocumentRequest{Key: "w9", FileIndex: ptr(0)}}
			_, _, err2 := c.Bundles.CreateWithFiles(ctx, req, blueink.FileFromBytes("fw9.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n")))
			// From an envelope template: the same operation, envelope_template in the body.
			_, _, err3 := c.Bundles.CreateFromEnvelopeTemplate(ctx, &blueink.BundleRequest{
				Packets:          []blueink.PacketRequest{{Key: "sgn-1", Name: "Jane", Email: "jane@example.com"}},
				EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-abc123def"}})
			return errors.Join(err, err2, err3)
		}},
		{"GET /bundles/{bundleSlug}/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Get(ctx, biBundle)
			return err
		}},
		{"GET /bundles/{bundleSlug}/data/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.GetData(ctx, biBundle)
			return err
		}},
		{"GET /bundles/{bundleSlug}/events/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.ListEvents(ctx, biBundle)
			return err
		}},
		{"GET /bundles/{bundleSlug}/files/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.ListFiles(ctx, biBundle)
			return err
		}},
		{"PUT /bundles/{bundleSlug}/add_tags/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.AddTags(ctx, biBundle, "q4", "urgent")
			return err
		}},
		{"PUT /bundles/{bundleSlug}/remove_tags/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.RemoveTags(ctx, biBundle, "q4")
			return err
		}},
		{"PUT /bundles/{bundleSlug}/cancel/", func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Cancel(ctx, biBundle)
			return err
		}},
		{"GET /packets/{packetId}/coe/", func(ctx context.Context, c C) error {
			_, _, err := c.Packets.Certificate(ctx, biPacket)
			return err
		}},
		{"PATCH /packets/{packetId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Packets.Update(ctx, biPacket, &blueink.PacketUpdate{Name: "Peter Gibbons", Email: "peter@example.com", AuthSMS: ptr(true)})
			return err
		}},
		{"POST /packets/{packetId}/embed_url/", func(ctx context.Context, c C) error {
			_, _, err := c.Packets.EmbedURL(ctx, biPacket)
			return err
		}},
		{"PUT /packets/{packetId}/remind/", func(ctx context.Context, c C) error {
			_, _, err := c.Packets.Remind(ctx, biPacket)
			return err
		}},
		{"GET /persons/", func(ctx context.Context, c C) error {
			_, _, err := c.Persons.List(ctx, &blueink.PersonListOptions{Search: "Tom", ListOptions: blueink.ListOptions{Page: 1, PerPage: 25}})
			return errors.Join(err, first(c.Persons.All(ctx, nil)))
		}},
		{"POST /persons/", func(ctx context.Context, c C) error {
			_, _, err := c.Persons.Create(ctx, biPersonRequest())
			return err
		}},
		{"GET /persons/{personId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Persons.Get(ctx, biPerson)
			return err
		}},
		{"PUT /persons/{personId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Persons.Update(ctx, biPerson, biPersonRequest())
			return err
		}},
		{"PATCH /persons/{personId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Persons.Patch(ctx, biPerson, &blueink.PersonRequest{Name: "Tom"})
			return err
		}},
		{"DELETE /persons/{personId}/", func(ctx context.Context, c C) error {
			_, err := c.Persons.Delete(ctx, biPerson)
			return err
		}},
		{"GET /templates/", func(ctx context.Context, c C) error {
			_, _, err := c.Templates.List(ctx, &blueink.ListOptions{Page: 1, PerPage: 10})
			return errors.Join(err, first(c.Templates.All(ctx, nil)))
		}},
		{"GET /templates/{templateId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Templates.Get(ctx, biTplID)
			return err
		}},
		{"GET /webhooks/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.List(ctx, nil)
			return errors.Join(err, first(c.Webhooks.All(ctx, nil)))
		}},
		{"POST /webhooks/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "Signed documents", URL: "https://example.com/hook", Enabled: ptr(true), JSON: ptr(true),
				EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}})
			return err
		}},
		{"GET /webhooks/{webhookId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Get(ctx, biWebhook)
			return err
		}},
		{"PUT /webhooks/{webhookId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Update(ctx, biWebhook, &blueink.WebhookRequest{Name: "Signed documents", URL: "https://example.com/hook", Enabled: ptr(true), JSON: ptr(true),
				EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}})
			return err
		}},
		{"PATCH /webhooks/{webhookId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Patch(ctx, biWebhook, &blueink.WebhookRequest{Enabled: ptr(false)})
			return err
		}},
		{"DELETE /webhooks/{webhookId}/", func(ctx context.Context, c C) error {
			_, err := c.Webhooks.Delete(ctx, biWebhook)
			return err
		}},
		{"GET /webhooks/headers/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.ListExtraHeaders(ctx, nil)
			return errors.Join(err, first(c.Webhooks.AllExtraHeaders(ctx, nil)))
		}},
		{"POST /webhooks/headers/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.CreateExtraHeader(ctx, hdr())
			return err
		}},
		{"GET /webhooks/headers/{webhookExtraHeaderId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.GetExtraHeader(ctx, biHeader)
			return err
		}},
		{"PUT /webhooks/headers/{webhookExtraHeaderId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.UpdateExtraHeader(ctx, biHeader, hdr())
			return err
		}},
		{"PATCH /webhooks/headers/{webhookExtraHeaderId}/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.PatchExtraHeader(ctx, biHeader, &blueink.WebhookExtraHeader{Value: "v2"})
			return err
		}},
		{"DELETE /webhooks/headers/{webhookExtraHeaderId}/", func(ctx context.Context, c C) error {
			_, err := c.Webhooks.DeleteExtraHeader(ctx, biHeader)
			return err
		}},
		{"GET /webhooks/events/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.ListEvents(ctx, nil)
			return errors.Join(err, first(c.Webhooks.AllEvents(ctx, nil)))
		}},
		{"GET /webhooks/deliveries/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.ListDeliveries(ctx, nil)
			return errors.Join(err, first(c.Webhooks.AllDeliveries(ctx, nil)))
		}},
		{"GET /webhooks/secret/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.GetSecret(ctx)
			return err
		}},
		{"GET /webhooks/secret/regenerate/", func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.RegenerateSecret(ctx)
			return err
		}},
	}
}

// TestBlueInkRequests drives every operation of the BlueInk spec through
// the client against the spec-driven mock.
func TestBlueInkRequests(t *testing.T) {
	s := Load(t, "blueink")
	m := NewMock(t, s)
	c, err := blueink.NewClient("sk_test_key", biTolerant(blueink.WithBaseURL(m.URL+"/"))...)
	if err != nil {
		t.Fatal(err)
	}
	n := runDrivers(t, m, c, blueinkDrivers(), nil)
	t.Logf("blueink: %s", n)
}
