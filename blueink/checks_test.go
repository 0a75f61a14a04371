package blueink_test

import (
	"encoding/json"

	"github.com/esignkit/esign/blueink"
)

// Field-by-field checks of the decoded testdata fixtures.

func checkBundle(c chk, b *blueink.Bundle) {
	c.Helper()
	if b == nil {
		c.Fatalf("bundle is nil")
	}
	c.eq(b.ID, "plHoBZRHwM", "bundle id")
	c.eq(b.Label, "TPS report sign-off", "label")
	c.eq(b.InOrder, true, "in_order")
	c.eq(b.EmailSubject, "eSignature Request", "email_subject")
	c.eq(b.EmailMessage, "Here are the TPS reports that need your signature.", "email_message")
	c.eq(b.SMSMessage, "Please sign the TPS reports", "sms_message")
	c.eq(b.RequesterName, "Bill Lumbergh", "requester_name")
	c.eq(b.RequesterEmail, "tps.reports@example.com", "requester_email")
	c.eq(b.CCEmails, []string{"tom.smykowski@example.com"}, "cc_emails")
	c.eq(b.CustomKey, "tps-2024-10", "custom_key")
	c.eq(b.Team, "95527efb-6695-4aae-916e-c9869b1fb2bd", "team")
	c.eq(b.IsTest, true, "is_test")
	c.eq(b.Status, blueink.BundleComplete, "status")
	c.jsonEq(b.Payment, `{"amount":"25.00","currency":"usd"}`, "payment")
	c.timeEq(b.Created, "2024-10-01T15:43:08.646752Z", "created")
	c.eq(b.DocsReady, true, "docs_ready")
	c.eq(len(b.Errors), 0, "errors")
	if len(b.Packets) != 2 {
		c.Fatalf("packets: got %d, want 2", len(b.Packets))
	}
	p := b.Packets[0]
	c.eq(p.ID, "1WpOeqB3KY", "packets[0].id")
	c.eq(p.Key, "signer-1", "packets[0].key")
	c.eq(p.Name, "Peter Gibbons", "packets[0].name")
	c.eq(p.Email, "peter.gibbons@example.com", "packets[0].email")
	c.eq(p.Phone, "505 555 1234", "packets[0].phone")
	c.eq([3]bool{p.AuthSMS, p.AuthSelfie, p.AuthID}, [3]bool{true, false, false}, "packets[0].auth_*")
	c.eq(p.PersonID, "087e858e-473c-4f50-b5b0-c1df6c021550", "packets[0].person_id")
	c.eq(p.Status, blueink.PacketComplete, "packets[0].status")
	c.eq(p.DeliverVia, blueink.DeliverViaEmail, "packets[0].deliver_via")
	c.timeEq(p.CompletedAt, "2024-10-02T09:12:44Z", "packets[0].completed_at")
	c.timeEq(p.LastAccessedAt, "2024-10-02T09:05:01.12Z", "packets[0].last_accessed_at")
	c.eq(p.Order, 1, "packets[0].order")
	q := b.Packets[1]
	c.eq(q.ID, "8kLmP0qRsT", "packets[1].id")
	c.eq(q.Key, "signer-2", "packets[1].key")
	c.eq(q.Phone, "", "packets[1].phone")
	c.eq([3]bool{q.AuthSMS, q.AuthSelfie, q.AuthID}, [3]bool{false, false, true}, "packets[1].auth_*")
	c.eq(q.DeliverVia, blueink.DeliverViaEmbed, "packets[1].deliver_via")
	c.timeEq(q.CompletedAt, "2024-10-03T10:00:00Z", "packets[1].completed_at")
	c.eq(q.Order, 2, "packets[1].order")
	c.eq(b.Documents, []blueink.BundleDocument{
		{Key: "w9", Name: "fw9.pdf"},
		{Key: "doc-02", Name: "Services Agreement", TemplateID: "412acd04-ccec-4e74-b695-cff8f6163b40"},
	}, "documents")
	c.eq(b.Tags, []string{"needs-attention", "q4"}, "tags")
	c.eq(b.Data, []blueink.BundleFieldValue{{
		DocumentID: "5b1f0c9e-7d3a-4c2b-9e8f-1a2b3c4d5e6f", Key: "inp-name", Kind: "inp",
		Label: "Your Name", PacketID: "1WpOeqB3KY", Value: "Peter Gibbons",
	}}, "data")
}

func checkFailedBundle(c chk, b *blueink.Bundle) {
	c.Helper()
	c.eq(b.ID, "Zq81kXw0Pd", "id")
	c.eq(b.Status, blueink.BundleFailed, "status")
	c.timeEq(b.Created, "2024-10-05T08:00:00.5Z", "created")
	c.eq(b.DocsReady, false, "docs_ready")
	c.eq(b.Errors, []blueink.BundleError{{
		Code:    blueink.ErrorCodeInvalid,
		Message: "Document could not be processed",
		Errors: []blueink.BundleFieldError{
			{Field: "documents[0].file_url", Message: "Could not download https://blueink.com/does/not/exist/fw9.pdf"},
			{Field: "documents[0].key", Message: "This field is required."},
		},
	}}, "errors")
	c.eq(len(b.Packets)+len(b.Documents)+len(b.Tags), 0, "empty lists")
}

func checkPacket(c chk, p *blueink.Packet) {
	c.Helper()
	if p == nil {
		c.Fatalf("packet is nil")
	}
	c.eq(p.ID, "1WpOeqB3KY", "id")
	c.eq(p.Name, "Peter Gibbons", "name")
	c.eq(p.Email, "peter.gibbons@example.com", "email")
	c.eq(p.Phone, "505 555 1234", "phone")
	c.eq([3]bool{p.AuthSMS, p.AuthSelfie, p.AuthID}, [3]bool{true, true, false}, "auth_*")
	c.eq(p.PersonID, "087e858e-473c-4f50-b5b0-c1df6c021550", "person_id")
	c.eq(p.Status, blueink.PacketSent, "status")
	c.eq(p.DeliverVia, blueink.DeliverViaPhone, "deliver_via")
	c.timeEq(p.CompletedAt, "", "completed_at")
	c.timeEq(p.LastAccessedAt, "2024-10-02T09:05:01.12Z", "last_accessed_at")
	c.eq(p.Order, 1, "order")
}

func checkEvents(c chk, evs []*blueink.BundleEvent) {
	c.Helper()
	if len(evs) != 2 {
		c.Fatalf("events: got %d, want 2", len(evs))
	}
	c.eq(evs[0].Kind, "se", "events[0].kind")
	c.eq(evs[0].Description, "Bundle sent to Peter Gibbons", "events[0].description")
	c.eq(evs[0].PacketID, "1WpOeqB3KY", "events[0].packet_id")
	c.timeEq(evs[0].Timestamp, "2024-10-01T15:43:10Z", "events[0].timestamp")
	c.eq(evs[1].Kind, "co", "events[1].kind")
	c.eq(evs[1].Description, "Peter Gibbons signed", "events[1].description")
	c.timeEq(evs[1].Timestamp, "2024-10-02T09:12:44Z", "events[1].timestamp")
}

func checkFiles(c chk, fs []*blueink.BundleFile) {
	c.Helper()
	if len(fs) != 1 {
		c.Fatalf("files: got %d, want 1", len(fs))
	}
	c.eq(fs[0].FileURL, "https://blueink-files.s3.amazonaws.com/bundles/plHoBZRHwM/final.pdf?X-Amz-Expires=600", "file_url")
	c.timeEq(fs[0].Expires, "2024-10-03T10:10:00Z", "expires")
}

func checkData(c chk, d []*blueink.BundleFieldData) {
	c.Helper()
	if len(d) != 4 {
		c.Fatalf("data: got %d, want 4", len(d))
	}
	c.eq(*d[0], blueink.BundleFieldData{DocKey: "w9", FieldKey: "inp-name", Kind: blueink.FieldInput, Label: "Your Name",
		FilledBy: "signer-1", PacketID: "1WpOeqB3KY", Value: "Peter Gibbons", Attachments: []blueink.Attachment{}}, "data[0]")
	c.eq(*d[1], blueink.BundleFieldData{DocKey: "w9", FieldKey: "att-id", Kind: blueink.FieldAttachment, Label: "Photo ID",
		FilledBy: "signer-1", PacketID: "1WpOeqB3KY", Attachments: []blueink.Attachment{{
			Name: "license.jpg", Ext: "jpg", IsImage: true, Num: 1, Size: 184320,
			URL: "https://blueink-files.s3.amazonaws.com/att/license.jpg",
		}}}, "data[1]")
	c.eq(*d[2], blueink.BundleFieldData{DocKey: "w9", FieldKey: "chk-agree", Kind: blueink.FieldCheckbox, Label: "I agree",
		FilledBy: "signer-1", PacketID: "1WpOeqB3KY", Value: true}, "data[2]")
	c.eq(*d[3], blueink.BundleFieldData{DocKey: "doc-02", FieldKey: "inp-200", Kind: blueink.FieldInput, Label: "Company",
		FilledBy: blueink.FilledByInitial, Value: "ACME Inc"}, "data[3] (an initial value)")
}

func checkTemplate(c chk, t *blueink.Template) {
	c.Helper()
	if t == nil {
		c.Fatalf("template is nil")
	}
	c.eq(t.ID, "412acd04-ccec-4e74-b695-cff8f6163b40", "id")
	c.eq(t.Name, "Services Agreement", "name")
	c.eq(t.IsShared, false, "is_shared")
	c.eq(t.FileURL, "https://blueink-files.s3.amazonaws.com/templates/412acd04.pdf", "file_url")
	c.eq(t.Roles, []blueink.TemplateRole{{Key: "customer", Label: "Customer"}, {Key: "vendor", Label: "Vendor"}}, "roles")
	c.eq(t.Fields, []blueink.TemplateField{
		{Kind: blueink.FieldInput, Key: "inp-200", Label: "Company", Page: 1, X: 10.5, Y: 20, W: 30, H: 3, Required: true,
			VPattern: blueink.PatternLetters, VMin: 2, VMax: 60, DefaultValue: "ACME Inc", EditorRoles: []string{"customer"}},
		{Kind: blueink.FieldAttachment, Key: "att-01", Label: "Insurance certificate", Page: 2, X: 10, Y: 50, W: 20, H: 5,
			VAttachmentTypes: []blueink.AttachmentType{blueink.AttachmentPDF, blueink.AttachmentPNG}, EditorRoles: []string{"vendor"}},
	}, "fields")
	c.eq(t.Metadata, map[string]any{"department": "legal"}, "metadata")
}

func checkEnvelopeTemplate(c chk, t *blueink.EnvelopeTemplate) {
	c.Helper()
	c.eq(*t, blueink.EnvelopeTemplate{ID: "T-abc123def", Name: "New hire packet", Description: "Offer letter, NDA and W-4"}, "envelope template")
}

func checkPerson(c chk, p *blueink.Person) {
	c.Helper()
	if p == nil {
		c.Fatalf("person is nil")
	}
	c.eq(p.ID, "497f6eca-6276-4993-bfeb-53cbbbba6f08", "id")
	c.eq(p.Name, "Tom Jones", "name")
	c.eq(p.Metadata, map[string]any{"occupation": "legend"}, "metadata")
	c.eq(p.IsUser, false, "is_user")
	c.eq(p.Channels, []blueink.ContactChannel{
		{ID: "6c2b1a0e-1111-4c2b-9e8f-1a2b3c4d5e60", Kind: blueink.ChannelEmail, Email: "tom.jones@example.com"},
		{ID: "6c2b1a0e-2222-4c2b-9e8f-1a2b3c4d5e61", Kind: blueink.ChannelMobilePhone, Phone: "505 555 1234"},
	}, "channels")
}

func checkWebhook(c chk, w *blueink.Webhook) {
	c.Helper()
	if w == nil {
		c.Fatalf("webhook is nil")
	}
	c.eq(*w, blueink.Webhook{
		ID: "a053644f-e371-4883-ac17-534445993346", Name: "Signed documents", URL: "https://example.com/hooks/blueink", Enabled: true, JSON: true,
		EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleComplete, blueink.WebhookEventPacketDeclined},
		ExtraHeaders: []blueink.WebhookExtraHeader{{ID: "7d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6",
			Webhook: "a053644f-e371-4883-ac17-534445993346", Name: "X-Receiver-Token", Value: "rcv-9f8e7d", Order: 1}},
	}, "webhook")
}

func checkExtraHeader(c chk, h *blueink.WebhookExtraHeader) {
	c.Helper()
	c.eq(*h, blueink.WebhookExtraHeader{ID: "7d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6",
		Webhook: "a053644f-e371-4883-ac17-534445993346", Name: "X-Receiver-Token", Value: "rcv-9f8e7d", Order: 2}, "extra header")
}

func checkWebhookEvent(c chk, e *blueink.WebhookEvent) {
	c.Helper()
	if e == nil {
		c.Fatalf("webhook event is nil")
	}
	c.eq(e.ID, "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b", "pk")
	c.eq(e.Webhook, "a053644f-e371-4883-ac17-534445993346", "webhook")
	c.eq(e.EventType, blueink.WebhookEventBundleComplete, "event_type")
	c.jsonEq([]byte(e.Payload), `{"event_type":"bundle_complete","payload":{"bundle_id":"plHoBZRHwM"}}`, "payload")
	c.eq(e.Status, 1, "status")
	c.eq(e.Success, true, "success")
	c.timeEq(e.Created, "2024-10-03T10:00:01.25Z", "created")
	if len(e.Deliveries) != 2 {
		c.Fatalf("deliveries: got %d, want 2", len(e.Deliveries))
	}
	c.eq(e.Deliveries[0].ID, "d4e5f607-1829-43a4-b5c6-d7e8f90a1b2c", "deliveries[0].pk")
	c.eq(e.Deliveries[0].Status, 2, "deliveries[0].status")
	c.eq(e.Deliveries[0].Message, "HTTP 503 from receiver", "deliveries[0].message")
	c.timeEq(e.Deliveries[0].Timestamp, "2024-10-03T10:00:02Z", "deliveries[0].timestamp")
	checkDelivery(c, &e.Deliveries[1])
}

func checkDelivery(c chk, d *blueink.WebhookDelivery) {
	c.Helper()
	c.eq(d.ID, "e5f60718-293a-44b5-c6d7-e8f90a1b2c3d", "delivery pk")
	c.eq(d.Status, 1, "delivery status")
	c.eq(d.Message, "HTTP 200", "delivery message")
	c.timeEq(d.Timestamp, "2024-10-03T10:05:02Z", "delivery timestamp")
}

func checkSecret(c chk, s *blueink.WebhookSecret) {
	c.Helper()
	c.eq(s.Secret.Reveal(), "6QGWnZ3cPVnLyAyvqkE2ZTB9R8BUzHjs", "secret")
	c.timeEq(s.CreateDate, "2024-09-30T12:00:00Z", "create_date")
}

func checkVerify(c chk, v *blueink.VerifyResult) {
	c.Helper()
	c.eq(v.Fields, map[string]any{"verified": true, "bundle_id": "plHoBZRHwM", "completed_at": "2024-10-03T10:00:00Z"}, "verify fields")
	var back map[string]any
	c.noErr(json.Unmarshal(v.Raw, &back))
	c.eq(back, v.Fields, "verify raw")
}
