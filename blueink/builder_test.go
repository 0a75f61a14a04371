package blueink_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/esignkit/esign/blueink"
)

func signer(key string) blueink.PacketRequest {
	return blueink.PacketRequest{Key: key, Name: "Peter Gibbons", Email: "peter.gibbons@example.com"}
}

func sigField(key string, editors ...string) blueink.DocumentRequestField {
	return blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: key, Page: 1, X: 15, Y: 68, W: 30, H: 12, Editors: editors}
}

func TestBundleBuilderJSON(t *testing.T) {
	req, files, err := blueink.NewBundleBuilder().
		Label("label here").EmailSubject("eSignature Request").EmailMessage("Please sign").SMSMessage("Sign please").
		Requester("Bill Lumbergh", "tps.reports@example.com").CC("tom.smykowski@example.com").
		CustomKey("tps-1").Team("95527efb-6695-4aae-916e-c9869b1fb2bd").Test(true).InOrder(true).Draft().
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter.gibbons@example.com", Order: 1}).
		Signer(blueink.PacketRequest{Key: "signer-2", Name: "Samir", Phone: "505 555 1234", DeliverVia: blueink.DeliverViaPhone, Order: 2}).
		DocumentURL("w9", "https://www.irs.gov/pub/irs-pdf/fw9.pdf").
		Field("w9", sigField("sig-01", "signer-1")).
		DocumentBytes("nda", []byte("%PDF")).
		Field("nda", sigField("sig-02", "signer-2")).
		Template("doc-02", "412acd04-ccec-4e74-b695-cff8f6163b40",
			[]blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}},
			blueink.TemplateFieldValue{Key: "inp-200", InitialValue: "ACME Inc"}).
		Build()
	chk{t}.noErr(err)
	chk{t}.eq(len(files), 0, "files")
	body, err := json.Marshal(req)
	chk{t}.noErr(err)
	chk{t}.jsonEq(body, `{"label":"label here","in_order":true,"email_subject":"eSignature Request","email_message":"Please sign",
		"sms_message":"Sign please","requester_name":"Bill Lumbergh","requester_email":"tps.reports@example.com",
		"cc_emails":["tom.smykowski@example.com"],"custom_key":"tps-1","team":"95527efb-6695-4aae-916e-c9869b1fb2bd",
		"is_test":true,"status":"dr",
		"packets":[{"key":"signer-1","name":"Peter Gibbons","email":"peter.gibbons@example.com","order":1},
			{"key":"signer-2","name":"Samir","phone":"505 555 1234","deliver_via":"phone","order":2}],
		"documents":[
			{"key":"w9","file_url":"https://www.irs.gov/pub/irs-pdf/fw9.pdf","fields":[{"kind":"sig","key":"sig-01","page":1,"x":15,"y":68,"w":30,"h":12,"editors":["signer-1"]}]},
			{"key":"nda","file_b64":"JVBERg==","fields":[{"kind":"sig","key":"sig-02","page":1,"x":15,"y":68,"w":30,"h":12,"editors":["signer-2"]}]},
			{"key":"doc-02","template_id":"412acd04-ccec-4e74-b695-cff8f6163b40","assignments":[{"role":"customer","signer":"signer-1"}],
			 "field_values":[{"key":"inp-200","initial_value":"ACME Inc"}]}]}`, "request")
}

func TestBundleBuilderFiles(t *testing.T) {
	a := blueink.FileFromBytes("a.pdf", "", []byte("%PDF a"))
	b := blueink.FileFromBytes("b.pdf", "", []byte("%PDF b"))
	req, files, err := blueink.NewBundleBuilder().Signer(signer("signer-1")).
		DocumentFile("doc-a", a).DocumentURL("doc-u", "https://example.com/u.pdf").DocumentFile("doc-b", b).
		Field("doc-b", sigField("sig-01", "signer-1")).
		Build()
	chk{t}.noErr(err)
	chk{t}.eq(len(files), 2, "files")
	chk{t}.eq([]string{files[0].Name, files[1].Name}, []string{"a.pdf", "b.pdf"}, "file order")
	chk{t}.eq(*req.Documents[0].(*blueink.DocumentRequest).FileIndex, 0, "doc-a index")
	chk{t}.eq(req.Documents[1].(*blueink.DocumentRequest).FileIndex, (*int)(nil), "doc-u index")
	chk{t}.eq(*req.Documents[2].(*blueink.DocumentRequest).FileIndex, 1, "doc-b index")
}

func TestBundleBuilderBuildReturnsCopies(t *testing.T) {
	bb := blueink.NewBundleBuilder().Signer(signer("signer-1")).DocumentURL("w9", "https://example.com/w9.pdf").
		Field("w9", sigField("sig-01", "signer-1"))
	req, _, err := bb.Build()
	chk{t}.noErr(err)
	bb.Signer(signer("signer-2")).Field("w9", sigField("sig-02", "signer-2")).CC("x@example.com")
	chk{t}.eq(len(req.Packets), 1, "packets of the earlier build")
	chk{t}.eq(len(req.Documents[0].(*blueink.DocumentRequest).Fields), 1, "fields of the earlier build")
	chk{t}.eq(len(req.CCEmails), 0, "cc of the earlier build")
	req2, _, err := bb.Build()
	chk{t}.noErr(err)
	chk{t}.eq(len(req2.Packets), 2, "packets of the later build")
}

// Every rule of BundleRequest.Validate, through the builder.
func TestBundleBuilderValidation(t *testing.T) {
	base := func() *blueink.BundleBuilder {
		return blueink.NewBundleBuilder().Signer(signer("signer-1"))
	}
	url := "https://example.com/w9.pdf"
	cases := []struct {
		name string
		b    *blueink.BundleBuilder
		want string
	}{
		{"no packets", blueink.NewBundleBuilder().DocumentURL("w9", url), "at least one packet"},
		{"no documents", base(), "at least one document"},
		{"packet key too short", blueink.NewBundleBuilder().Signer(signer("a")).DocumentURL("w9", url), `key "a" must be 2-20`},
		{"packet key too long", blueink.NewBundleBuilder().Signer(signer(strings.Repeat("s", 21))).DocumentURL("w9", url), "must be 2-20"},
		{"packet key characters", blueink.NewBundleBuilder().Signer(signer("signer 1")).DocumentURL("w9", url), "may only contain"},
		{"duplicate packet key", base().Signer(signer("signer-1")).DocumentURL("w9", url), "duplicate packet key"},
		{"document key too long", base().DocumentURL("document-key-13", url), "must be 2-12"},
		{"document key too short", base().DocumentURL("w", url), "must be 2-12"},
		{"duplicate document key", base().DocumentURL("w9", url).DocumentURL("w9", url), "duplicate document key"},
		{"two file sources", base().Document(&blueink.DocumentRequest{Key: "w9", FileURL: url, FileB64: "JVBERg=="}), "exactly one of file_url, file_b64 or file_index (has 2)"},
		{"no file source", base().Document(&blueink.DocumentRequest{Key: "w9"}), "(has 0)"},
		{"empty bytes", base().DocumentBytes("w9", nil), "content is empty"},
		{"file without opener", base().DocumentFile("w9", blueink.File{Name: "w9.pdf"}), "no Open function"},
		{"field on unknown document", base().DocumentURL("w9", url).Field("w8", sigField("sig-01", "signer-1")), `no file document with key "w8"`},
		{"editor is not a packet", base().DocumentURL("w9", url).Field("w9", sigField("sig-01", "signer-X")), `editor "signer-X" is not a packet key`},
		{"field without key", base().DocumentURL("w9", url).Field("w9", sigField("", "signer-1")), "key is required"},
		{"duplicate field key", base().DocumentURL("w9", url).Field("w9", sigField("sig-01", "signer-1")).Field("w9", sigField("sig-01", "signer-1")), "duplicate field key"},
		{"field without kind", base().DocumentURL("w9", url).Field("w9", blueink.DocumentRequestField{Key: "f1", W: 1, H: 1}), "kind is required"},
		{"negative page", base().DocumentURL("w9", url).Field("w9", blueink.DocumentRequestField{Kind: blueink.FieldInput, Key: "inp-name", Page: -1, W: 1, H: 1}), "page -1 is negative"},
		{"template signer unknown", base().Template("doc-02", "412acd04", []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-X"}}), `signer "signer-X" is not a packet key`},
		{"template role bad", base().Template("doc-02", "412acd04", []blueink.TemplateAssignment{{Role: "cust role", Signer: "signer-1"}}), "may only contain"},
		{"template without id", base().Template("doc-02", "", []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}}), "template_id is required"},
		{"template without assignments", base().Template("doc-02", "412acd04", nil), "at least one assignment"},
		{"order on some packets", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Email: "a@example.com", Order: 1}).
			Signer(signer("signer-2")).DocumentURL("w9", url), "every packet or on none"},
		{"duplicate orders", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Email: "a@example.com", Order: 1}).
			Signer(blueink.PacketRequest{Key: "signer-2", Email: "b@example.com", Order: 1}).DocumentURL("w9", url), "duplicate order 1"},
		{"phone delivery without phone", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Email: "a@example.com", DeliverVia: blueink.DeliverViaPhone}).DocumentURL("w9", url), "needs a phone number"},
		{"SMS auth without phone", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Email: "a@example.com", AuthSMS: true}).DocumentURL("w9", url), "SMS authentication needs a phone"},
		{"email delivery without email", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Name: "x"}).DocumentURL("w9", url), "needs an email address"},
		{"unknown delivery", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Email: "a@example.com", DeliverVia: "fax"}).DocumentURL("w9", url), "unknown delivery"},
		{"bad cc email", base().CC("not an email address").DocumentURL("w9", url), "is not an email address"},
		{"bad requester email", base().Requester("Bill", "bill@").DocumentURL("w9", url), "is not an email address"},
		{"bad signer email", blueink.NewBundleBuilder().Signer(blueink.PacketRequest{Key: "signer-1", Email: "Peter <p@example.com>"}).DocumentURL("w9", url), "is not an email address"},
		{"custom key too long", base().CustomKey(strings.Repeat("k", 201)).DocumentURL("w9", url), "at most 200"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tc.b.Build()
			chk{t}.errIs(err, blueink.ErrValidation)
			var ve *blueink.ValidationError
			chk{t}.truef(errors.As(err, &ve), "not a *ValidationError: %T", err)
			chk{t}.truef(err != nil && strings.Contains(err.Error(), tc.want), "error %q does not mention %q", err, tc.want)
		})
	}
}

func TestBundleBuilderReportsEveryProblem(t *testing.T) {
	_, _, err := blueink.NewBundleBuilder().Signer(signer("a")).CC("nope").
		DocumentURL("document-key-too-long", "https://example.com/a.pdf").Build()
	msg := err.Error()
	for _, want := range []string{`key "a"`, "nope", "document-key-too-long"} {
		chk{t}.truef(strings.Contains(msg, want), "error %q does not mention %q", msg, want)
	}
}

func TestBundleBuilderCreate(t *testing.T) {
	t.Run("JSON", func(t *testing.T) {
		w := newWire(t)
		w.on("POST", "bundles/", 201, fixture(t, "bundle.json"))
		b, _, err := blueink.NewBundleBuilder().Signer(signer("signer-1")).DocumentURL("w9", "https://example.com/w9.pdf").
			Create(context.Background(), w.c.Bundles)
		chk{t}.noErr(err)
		checkBundle(chk{t}, b)
		r := w.only("POST", "/api/v2/bundles/", "")
		chk{t}.eq(r.Header.Get("Content-Type"), "application/json", "content type")
	})
	t.Run("multipart", func(t *testing.T) {
		w := newWire(t)
		w.on("POST", "bundles/", 201, fixture(t, "bundle.json"))
		_, _, err := blueink.NewBundleBuilder().Signer(signer("signer-1")).
			DocumentFile("w9", blueink.FileFromBytes("fw9.pdf", "", []byte("%PDF"))).
			Create(context.Background(), w.c.Bundles)
		chk{t}.noErr(err)
		r := w.only("POST", "/api/v2/bundles/", "")
		parts := readParts(t, r)
		chk{t}.eq([]string{parts[0].name, parts[1].name}, []string{"bundle_request", "files[0]"}, "parts")
	})
	t.Run("invalid", func(t *testing.T) {
		w := newWire(t)
		_, _, err := blueink.NewBundleBuilder().Create(context.Background(), w.c.Bundles)
		chk{t}.errIs(err, blueink.ErrValidation)
		_, _, err = blueink.NewBundleBuilder().Create(context.Background(), nil)
		chk{t}.errIs(err, blueink.ErrValidation)
		chk{t}.eq(len(w.requests()), 0, "requests")
	})
}

func TestCreateFromEnvelopeTemplateValidates(t *testing.T) {
	w := newWire(t)
	for name, req := range map[string]*blueink.BundleRequest{
		"nil":         nil,
		"no template": {Packets: []blueink.PacketRequest{signer("signer-1")}},
		"no id":       {Packets: []blueink.PacketRequest{signer("signer-1")}, EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{}},
		"documents": {Packets: []blueink.PacketRequest{signer("signer-1")}, EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-1"},
			Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "w9", FileURL: "https://example.com/w9.pdf"}}},
		"value without key": {Packets: []blueink.PacketRequest{signer("signer-1")},
			EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-1", FieldValues: []blueink.TemplateFieldValue{{InitialValue: "x"}}}},
		"no packets": {EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-1"}},
	} {
		_, _, err := w.c.Bundles.CreateFromEnvelopeTemplate(context.Background(), req)
		if !errors.Is(err, blueink.ErrValidation) {
			t.Errorf("%s: error %v", name, err)
		}
	}
	// Create validates an envelope template request the same way.
	_, _, err := w.c.Bundles.Create(context.Background(), &blueink.BundleRequest{Packets: []blueink.PacketRequest{signer("signer-1")},
		EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{}})
	chk{t}.errIs(err, blueink.ErrValidation)
	// An envelope template cannot come with uploaded files.
	_, _, err = w.c.Bundles.CreateWithFiles(context.Background(), &blueink.BundleRequest{Packets: []blueink.PacketRequest{signer("signer-1")},
		EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-1"}}, blueink.FileFromBytes("a.pdf", "", []byte("%PDF")))
	chk{t}.errIs(err, blueink.ErrValidation)
	// CreatePreparationSession needs a source when uploads are off.
	_, _, err = w.c.Bundles.CreatePreparationSession(context.Background(), &blueink.PreparationSessionRequest{UploadPDF: wptr(false)})
	chk{t}.errIs(err, blueink.ErrValidation)
	_, _, err = w.c.Bundles.CreatePreparationSession(context.Background(), nil)
	chk{t}.errIs(err, blueink.ErrValidation)
	chk{t}.eq(len(w.requests()), 0, "requests")
}

// The key limits are inclusive: 2 and 20 characters for packets, 2 and 12
// for documents and template roles, letters, digits, "_" and "-" only (the
// schema's pattern ^[-\w]+$, ASCII as in JSON Schema).
func TestBundleBuilderKeyBoundaries(t *testing.T) {
	url := "https://example.com/w9.pdf"
	for _, k := range []string{"ab", strings.Repeat("p", 20), "A_b-9"} {
		_, _, err := blueink.NewBundleBuilder().Signer(signer(k)).DocumentURL("w9", url).Build()
		assert.NoError(t, err, "packet key %q", k)
	}
	for _, k := range []string{"ab", strings.Repeat("d", 12), "doc_2-x"} {
		_, _, err := blueink.NewBundleBuilder().Signer(signer("signer-1")).DocumentURL(k, url).
			Template("tp", "412acd04", []blueink.TemplateAssignment{{Role: k, Signer: "signer-1"}}).Build()
		assert.NoError(t, err, "document/role key %q", k)
	}
	for _, k := range []string{"a", strings.Repeat("p", 21), "signé", "sig.1", "sig/1", ""} {
		_, _, err := blueink.NewBundleBuilder().Signer(signer(k)).DocumentURL("w9", url).Build()
		assert.ErrorIs(t, err, blueink.ErrValidation, "packet key %q", k)
	}
	for _, k := range []string{"d", strings.Repeat("d", 13), "doc 2"} {
		_, _, err := blueink.NewBundleBuilder().Signer(signer("signer-1")).DocumentURL(k, url).Build()
		assert.ErrorIs(t, err, blueink.ErrValidation, "document key %q", k)
		_, _, err = blueink.NewBundleBuilder().Signer(signer("signer-1")).
			Template("tp", "412acd04", []blueink.TemplateAssignment{{Role: k, Signer: "signer-1"}}).Build()
		assert.ErrorIs(t, err, blueink.ErrValidation, "role key %q", k)
	}
}
