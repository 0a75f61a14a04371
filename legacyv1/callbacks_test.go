package legacyv1

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedBatch is the example list of the "all" callback in Legalesign's
// callback documentation (Option 1), with its placeholders kept.
const seedBatch = `[
{
"timestamp": "2018-03-20T07:09:52",
"name": "status",
"value": "40",
"resource_uri": "/api/v1/signer/[signer-id]/"
},
{
"timestamp": "2018-03-20T07:09:52",
"name": "status", "value": "30",
"resource_uri": "/api/v1/document/[doc-id]/"
}
]`

var seedTime = time.Date(2018, 3, 20, 7, 9, 52, 0, time.UTC)

func checkSeedBatch(t *testing.T, ev webhook.Event, data string) {
	t.Helper()
	b, ok := ev.(*StatusBatch)
	require.True(t, ok, "got %T", ev)
	assert.Equal(t, ProviderName, b.Provider())
	assert.Equal(t, string(EventStatusBatch), b.Type())
	assert.Equal(t, data, b.Data)
	assert.True(t, strings.HasPrefix(b.ID(), "batch:"))
	assert.Equal(t, webhook.Completed, b.Lifecycle(), "the most advanced change")
	assert.Equal(t, seedTime, b.OccurredAt())
	assert.Equal(t, time.UTC, b.OccurredAt().Location(), "zone-less timestamps are UTC")
	require.Len(t, b.Changes, 2)

	s := b.Changes[0]
	assert.Equal(t, ResourceSigner, s.Kind)
	assert.True(t, s.IsSigner())
	assert.Equal(t, "[signer-id]", s.ResourceID)
	assert.Equal(t, "/api/v1/signer/[signer-id]/", s.ResourceURI)
	assert.Equal(t, "status", s.Name)
	assert.Equal(t, "40", s.Value)
	assert.Equal(t, SignerSigned, s.SignerStatus)
	assert.Equal(t, DocumentStatus(0), s.DocumentStatus)
	assert.Equal(t, seedTime, s.Time)
	assert.Equal(t, webhook.Signed, s.Lifecycle())
	assert.Equal(t, "signer.status", s.Type())
	assert.Equal(t, "signer:[signer-id]:status=40", s.ID())
	assert.Equal(t, seedTime, s.OccurredAt())
	assert.JSONEq(t, `{"timestamp": "2018-03-20T07:09:52", "name": "status", "value": "40", "resource_uri": "/api/v1/signer/[signer-id]/"}`, string(s.Raw()))

	d := b.Changes[1]
	assert.Equal(t, ResourceDocument, d.Kind)
	assert.True(t, d.IsDocument())
	assert.Equal(t, "[doc-id]", d.ResourceID)
	assert.Equal(t, DocumentSigned, d.DocumentStatus)
	assert.Equal(t, webhook.Completed, d.Lifecycle())
	assert.Equal(t, "document.status", d.Type())
}

// TestSeedExampleBatchDecodes decodes the documented example batch, as a
// form delivery, with and without verification.
func TestSeedExampleBatchDecodes(t *testing.T) {
	c := signingCert(t)
	body := batchForm(t, c, seedBatch)

	ev, err := ParseEvent(body)
	require.NoError(t, err)
	checkSeedBatch(t, ev, seedBatch)
	assert.Equal(t, body, ev.Raw())

	ev2, err := ConstructEvent(body, formHeader(), c.pem)
	require.NoError(t, err)
	checkSeedBatch(t, ev2, seedBatch)
	assert.Equal(t, ev.ID(), ev2.ID(), "the batch id is derived from the data: redeliveries deduplicate")
}

// TestSeedExampleFromProviderDoc extracts the example list from the provider
// documentation itself (skipped when the file is absent).
func TestSeedExampleFromProviderDoc(t *testing.T) {
	raw, err := os.ReadFile(spectest.Doc(t, "legacyv1-callbacks.txt"))
	require.NoError(t, err)
	doc := string(raw)
	start := strings.Index(doc, "u'[")
	end := strings.Index(doc, "]'")
	require.True(t, start >= 0 && end > start, "example list not found")
	data := "[" + doc[start+3:end] + "]"
	ev, err := ParseEvent(batchForm(t, signingCert(t), data))
	require.NoError(t, err)
	checkSeedBatch(t, ev, data)
}

// TestRSAVerificationMatrix: 2048- and 4096-bit keys, v1 and v3 certificates.
func TestRSAVerificationMatrix(t *testing.T) {
	certs := certMatrix(t)
	for i, c := range certs {
		other := certs[(i+1)%len(certs)]
		t.Run(c.name, func(t *testing.T) {
			body := batchForm(t, c, seedBatch)
			// Every certificate form is accepted.
			for name, construct := range map[string]func([]byte, http.Header) (webhook.Event, error){
				"pem bytes": func(b []byte, h http.Header) (webhook.Event, error) { return ConstructEvent(b, h, c.pem) },
				"pem string": func(b []byte, h http.Header) (webhook.Event, error) {
					return ConstructEvent(b, h, string(c.pem))
				},
				"cert": func(b []byte, h http.Header) (webhook.Event, error) { return ConstructEvent(b, h, c.cert) },
				"certs": func(b []byte, h http.Header) (webhook.Event, error) {
					return ConstructEvent(b, h, []*x509.Certificate{other.cert, c.cert})
				},
			} {
				ev, err := construct(body, formHeader())
				require.NoError(t, err, name)
				checkSeedBatch(t, ev, seedBatch)
			}

			// Tampered data (signature kept).
			tampered := []byte(url.Values{FieldData: {strings.Replace(seedBatch, `"40"`, `"60"`, 1)}, FieldSigned: {sign(t, c, []byte(seedBatch))}}.Encode())
			_, err := ConstructEvent(tampered, formHeader(), c.pem)
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)

			// Tampered signature.
			badSig := []byte(url.Values{FieldData: {seedBatch}, FieldSigned: {tamperSignature(sign(t, c, []byte(seedBatch)))}}.Encode())
			_, err = ConstructEvent(badSig, formHeader(), c.pem)
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)

			// Wrong certificate.
			_, err = ConstructEvent(body, formHeader(), other.pem)
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)

			// Per-event callback: valid, tampered json_signed, tampered header, wrong cert.
			fields := url.Values{"name": {"Supplier agreement"}, "uuid": {docID}, "resource_uri": {DocumentURI(docID)}, "group": {GroupURI("my-group")}, "tag": {"ref-1"}}
			js := `{"name": "Supplier agreement", "uuid": "` + docID + `", "resource_uri": "/api/v1/document/` + docID + `/", "group": "/api/v1/group/my-group/", "tag": "ref-1"}`
			lb, lh := legacyForm(t, c, fields, js)
			ev, err := ConstructEvent(lb, lh, c.pem, WithLegacyEvent("signed"))
			require.NoError(t, err)
			lc, ok := ev.(*LegacyCallback)
			require.True(t, ok)
			assert.Equal(t, docID, lc.DocumentID())
			assert.Equal(t, webhook.Completed, lc.Lifecycle())

			lbT := bytes.Replace(lb, []byte("ref-1"), []byte("ref-2"), 2)
			_, err = ConstructEvent(lbT, lh, c.pem)
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
			lhT := lh.Clone()
			lhT.Set(HeaderSigned, tamperSignature(lh.Get(HeaderSigned)))
			_, err = ConstructEvent(lb, lhT, c.pem)
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
			_, err = ConstructEvent(lb, lh, other.cert)
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
		})
	}
}

func TestCertificateConfiguration(t *testing.T) {
	c := signingCert(t)
	body := batchForm(t, c, seedBatch)
	for name, err := range map[string]error{
		"nil bytes":  func() error { _, err := NewVerifier([]byte(nil)); return err }(),
		"blank":      func() error { _, err := NewVerifier("  \n"); return err }(),
		"nil cert":   func() error { _, err := NewVerifier((*x509.Certificate)(nil)); return err }(),
		"nil certs":  func() error { _, err := NewVerifier([]*x509.Certificate{nil}); return err }(),
		"construct":  func() error { _, err := ConstructEvent(body, formHeader(), []byte{}); return err }(),
		"empty list": func() error { _, err := NewVerifier([]*x509.Certificate{}); return err }(),
	} {
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
	}
	_, err := NewVerifier([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	assert.ErrorIs(t, err, webhook.ErrInvalidCertificate)
	_, err = NewVerifier("not a pem")
	assert.ErrorIs(t, err, webhook.ErrInvalidCertificate)
	_, err = NewVerifier(ecdsaCert(t))
	assert.ErrorIs(t, err, webhook.ErrInvalidCertificate)

	// A named slice type and rotation (two certificates in one PEM).
	type certList []*x509.Certificate
	other := certMatrix(t)[1]
	v, err := NewVerifier(certList{other.cert, c.cert})
	require.NoError(t, err)
	require.NoError(t, v.Verify(formHeader(), body))
	v, err = NewVerifier(append(append([]byte(nil), other.pem...), c.pem...))
	require.NoError(t, err)
	require.NoError(t, v.Verify(formHeader(), body))
	assert.Equal(t, "legacyv1 webhook verifier", fmt.Sprint(v))
}

func ecdsaCert(t *testing.T) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ec"}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return cert
}

func TestSignatureDecodingIsLenient(t *testing.T) {
	c := signingCert(t)
	sig := sign(t, c, []byte(seedBatch))
	wrapped := ""
	for i := 0; i < len(sig); i += 76 {
		wrapped += sig[i:min(i+76, len(sig))] + "\n"
	}
	for name, s := range map[string]string{
		"line-wrapped":   wrapped,
		"unpadded":       strings.TrimRight(sig, "="),
		"url-safe":       strings.NewReplacer("+", "-", "/", "_").Replace(sig),
		"plus as space":  strings.ReplaceAll(sig, "+", " "),
		"surrounding ws": "  " + sig + "\r\n",
	} {
		body := []byte(url.Values{FieldData: {seedBatch}, FieldSigned: {s}}.Encode())
		if name == "plus as space" { // the sender forgot to escape '+'
			body = []byte("data=" + url.QueryEscape(seedBatch) + "&signed=" + s)
		}
		_, err := ConstructEvent(body, formHeader(), c.cert)
		assert.NoError(t, err, name)
	}
	for name, tc := range map[string]struct {
		body string
		want error
	}{
		"no signature":       {"data=" + url.QueryEscape(seedBatch), webhook.ErrMissingSignature},
		"empty signature":    {"data=" + url.QueryEscape(seedBatch) + "&signed=", webhook.ErrMissingSignature},
		"not base64":         {"data=" + url.QueryEscape(seedBatch) + "&signed=%21%21%21", webhook.ErrMalformedSignature},
		"huge signature":     {"data=x&signed=" + strings.Repeat("A", maxSignatureLen+4), webhook.ErrMalformedSignature},
		"neither field":      {"name=x&uuid=y", webhook.ErrMissingSignature},
		"bad escape":         {"data=%zz&signed=AAAA", webhook.ErrMalformedSignature},
		"duplicate data":     {"data=" + url.QueryEscape(seedBatch) + "&signed=" + url.QueryEscape(sig) + "&data=%5B%5D", webhook.ErrMalformedSignature},
		"legacy no x-signed": {"uuid=x&json_signed=%7B%7D", webhook.ErrMissingSignature},
	} {
		_, err := ConstructEvent([]byte(tc.body), formHeader(), c.cert)
		assert.ErrorIs(t, err, tc.want, name)
	}
}

func TestMultipartBatch(t *testing.T) {
	c := signingCert(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField(FieldData, seedBatch))
	require.NoError(t, mw.WriteField(FieldSigned, sign(t, c, []byte(seedBatch))))
	require.NoError(t, mw.Close())
	ev, err := ConstructEvent(buf.Bytes(), http.Header{"Content-Type": {mw.FormDataContentType()}}, c.pem)
	require.NoError(t, err)
	checkSeedBatch(t, ev, seedBatch)

	// Without a content type the boundary is read from the body.
	ev, err = ParseEvent(buf.Bytes())
	require.NoError(t, err)
	checkSeedBatch(t, ev, seedBatch)
	ev, err = ConstructEvent(buf.Bytes(), nil, c.pem)
	require.NoError(t, err)
	checkSeedBatch(t, ev, seedBatch)
	_, err = ConstructEvent(buf.Bytes(), http.Header{"Content-Type": {"multipart/form-data"}}, c.pem)
	assert.ErrorIs(t, err, webhook.ErrMalformedSignature, "a content type without boundary")
}

func TestContentTypeHandling(t *testing.T) {
	c := signingCert(t)
	body := batchForm(t, c, seedBatch)
	// No content type at all: sniffed as a form.
	ev, err := ConstructEvent(body, nil, c.pem)
	require.NoError(t, err)
	checkSeedBatch(t, ev, seedBatch)
	// The content type comes from the header, parameters and all.
	ev, err = ConstructEvent(body, http.Header{"Content-Type": {formType + "; charset=utf-8"}}, c.pem)
	require.NoError(t, err)
	checkSeedBatch(t, ev, seedBatch)
	// A form posted as JSON is taken for a realtime callback (refused here).
	_, err = ConstructEvent(body, http.Header{"Content-Type": {"application/json"}}, c.pem)
	assert.ErrorIs(t, err, ErrNoRealtimeVerifier)
	// A JSON body sniffed without content type is a realtime event.
	ev, err = ParseEvent([]byte(` {"object": "document", "event": "created", "id": "e1"}`))
	require.NoError(t, err)
	assert.IsType(t, &RealtimeEvent{}, ev)
}

func TestLegacyCallback(t *testing.T) {
	c := signingCert(t)
	fields := url.Values{"name": {"name of doc"}, "resource_uri": {DocumentURI(docID)}, "uuid": {docID}, "group": {GroupURI("your-group")},
		"tag": {"your-tag-if-used"}, "tag1": {""}, "tag2": {"t2"}}
	js := `{"resource_uri": "/api/v1/document/` + docID + `/", "group": "/api/v1/group/your-group/", "name": "name of doc", "uuid": "` + docID + `", "tag": "your-tag-if-used"}`
	body, h := legacyForm(t, c, fields, js)

	for event, want := range map[string]struct {
		typ EventType
		lc  webhook.Lifecycle
	}{
		"signed":   {EventLegacySigned, webhook.Completed},
		"Sent":     {EventLegacySent, webhook.Sent},
		"rejected": {EventLegacyRejected, webhook.Declined},
		"":         {EventLegacy, webhook.Other},
		"opened":   {EventLegacy, webhook.Other},
	} {
		ev, err := ConstructEvent(body, h, c.pem, WithLegacyEvent(event))
		require.NoError(t, err, event)
		lc := ev.(*LegacyCallback)
		assert.Equal(t, string(want.typ), lc.Type(), event)
		assert.Equal(t, want.lc, lc.Lifecycle(), event)
		assert.Equal(t, strings.ToLower(event), lc.Event)
		assert.True(t, strings.HasPrefix(lc.ID(), docID+":"+strings.ToLower(event)+":"), lc.ID())
		assert.True(t, lc.OccurredAt().IsZero())
		assert.Equal(t, "name of doc", lc.Name)
		assert.Equal(t, DocumentURI(docID), lc.ResourceURI)
		assert.Equal(t, docID, lc.UUID)
		assert.Equal(t, "/api/v1/group/your-group/", lc.Group)
		assert.Equal(t, "your-tag-if-used", lc.Tag)
		assert.Equal(t, "t2", lc.Tag2)
		assert.Equal(t, js, lc.JSONSigned)
		assert.NotContains(t, lc.Fields, FieldJSONSigned)
		assert.Equal(t, body, lc.Raw())
	}

	// An "event" inside json_signed is used when no option names it.
	js2 := `{"uuid": "` + docID + `", "event": "rejected"}`
	body2, h2 := legacyForm(t, c, url.Values{"uuid": {docID}}, js2)
	ev, err := ConstructEvent(body2, h2, c.pem)
	require.NoError(t, err)
	assert.Equal(t, string(EventLegacyRejected), ev.Type())

	// A form field contradicting json_signed is refused; ParseEvent lets
	// the signed value win.
	fake := url.Values{"uuid": {"someone-elses-document"}}
	body3, h3 := legacyForm(t, c, fake, js)
	_, err = ConstructEvent(body3, h3, c.pem)
	assert.ErrorIs(t, err, ErrUnsignedFieldMismatch)
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
	ev, err = ParseEvent(body3)
	require.NoError(t, err)
	assert.Equal(t, docID, ev.(*LegacyCallback).UUID)

	// Signed tells the signed values from unsigned form extras.
	body5, h5 := legacyForm(t, c, url.Values{"uuid": {docID}, "tag": {"unsigned-tag"}}, `{"uuid": "`+docID+`", "version": 2}`)
	ev, err = ConstructEvent(body5, h5, c.pem)
	require.NoError(t, err)
	lc5 := ev.(*LegacyCallback)
	assert.Equal(t, map[string]string{"uuid": docID, "version": "2"}, lc5.Signed)
	assert.Equal(t, "unsigned-tag", lc5.Tag)
	assert.Equal(t, map[string]string{"uuid": docID, "version": "2", "tag": "unsigned-tag"}, lc5.Fields)

	// json_signed that is not an object still verifies; fields come from the form.
	body4, h4 := legacyForm(t, c, url.Values{"uuid": {docID}}, "opaque-signed-text")
	ev, err = ConstructEvent(body4, h4, c.pem)
	require.NoError(t, err)
	assert.Equal(t, docID, ev.(*LegacyCallback).UUID)
	assert.Equal(t, "opaque-signed-text", ev.(*LegacyCallback).JSONSigned)
	assert.Nil(t, ev.(*LegacyCallback).Signed)
}

func TestRealtimeEvents(t *testing.T) {
	c := signingCert(t)
	body := []byte(`{"version": 1, "object": "recipient", "event": "completed", "id": "evt_0001", "created": "2024-06-01T10:00:00",
		"data": {"uuid": "` + signerID + `", "document": "/api/v1/document/` + docID + `/"}}`)
	h := http.Header{"Content-Type": {"application/json"}, HeaderHMACSHA256: {"abc"}, HeaderSignedSHA256: {"def"}}

	_, err := ConstructEvent(body, h, c.pem)
	assert.ErrorIs(t, err, ErrNoRealtimeVerifier)
	assert.ErrorIs(t, err, webhook.ErrNoSecret)

	ev, err := ConstructEvent(body, h, c.pem, WithRealtimeVerifier(webhook.Unverified()))
	require.NoError(t, err)
	rt := ev.(*RealtimeEvent)
	assert.Equal(t, "1", rt.Version)
	assert.Equal(t, "recipient", rt.Object)
	assert.Equal(t, "completed", rt.Event)
	assert.Equal(t, "evt_0001", rt.EventID)
	assert.Equal(t, "evt_0001", rt.ID())
	assert.Equal(t, string(EventRecipientCompleted), rt.Type())
	assert.Equal(t, webhook.Signed, rt.Lifecycle())
	assert.Equal(t, time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC), rt.OccurredAt())
	var data struct{ UUID, Document string }
	require.NoError(t, rt.DecodeData(&data))
	assert.Equal(t, signerID, data.UUID)
	assert.Equal(t, "/api/v1/document/"+docID+"/", data.Document)
	assert.Equal(t, body, rt.Raw())
	assert.Equal(t, ProviderName, rt.Provider())

	// A custom verifier sees the headers and the raw body.
	var seen http.Header
	var seenBody []byte
	custom := verifierFunc(func(h http.Header, b []byte) error {
		seen, seenBody = h, b
		if h.Get(HeaderHMACSHA256) != "abc" {
			return webhook.ErrSignatureMismatch
		}
		return nil
	})
	_, err = ConstructEvent(body, h, c.pem, WithRealtimeVerifier(custom))
	require.NoError(t, err)
	assert.Equal(t, "def", seen.Get(HeaderSignedSHA256))
	assert.Equal(t, body, seenBody)
	bad := h.Clone()
	bad.Set(HeaderHMACSHA256, "zzz")
	_, err = ConstructEvent(body, bad, c.pem, WithRealtimeVerifier(custom))
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)

	for typ, lc := range map[string]webhook.Lifecycle{
		"document.created": webhook.Created, "document.rejected": webhook.Declined, "document.finalPdfCreated": webhook.Completed,
		"recipient.completed": webhook.Signed, "recipient.rejected": webhook.Declined, "recipient.emailOpened": webhook.Viewed,
		"recipient.visiting": webhook.Viewed, "recipient.bounced": webhook.Failed,
	} {
		obj, event, _ := strings.Cut(typ, ".")
		for _, b := range []string{
			`{"object": "` + obj + `", "event": "` + event + `", "id": 42, "created": 1717236000}`,
			`{"object": "` + obj + `", "event": "` + typ + `", "id": "42"}`,
			`{"object": "` + obj + `", "event": "` + strings.ToUpper(event) + `", "id": "42"}`,
		} {
			ev, err := ParseEvent([]byte(b))
			require.NoError(t, err, b)
			assert.IsType(t, &RealtimeEvent{}, ev, b)
			assert.Equal(t, typ, ev.Type(), b)
			assert.Equal(t, lc, ev.Lifecycle(), b)
			assert.Equal(t, "42", ev.ID())
		}
	}
	ev, err = ParseEvent([]byte(`{"object": "document", "event": "created", "created": 1717236000}`))
	require.NoError(t, err)
	assert.Equal(t, time.Unix(1717236000, 0).UTC(), ev.OccurredAt())

	// A realtime event EventTypes does not name is an UnknownEvent, never
	// an error: the raw body is kept and the members read as for a
	// RealtimeEvent.
	for _, b := range []string{
		`{"version": "1", "object": "document", "event": "document.teleported", "id": "x", "created": "2024-01-01T00:00:00Z", "data": {"uuid": "d1"}}`,
		`{"version": "1", "object": "document", "event": "teleported", "id": "x", "created": "2024-01-01T00:00:00Z", "data": {"uuid": "d1"}}`,
	} {
		ev, err := ParseEvent([]byte(b))
		require.NoError(t, err, b)
		u, ok := ev.(*UnknownEvent)
		require.True(t, ok, "%s decodes to %T", b, ev)
		assert.Equal(t, "document.teleported", u.Type())
		assert.Equal(t, webhook.Other, u.Lifecycle())
		assert.Equal(t, "x", u.ID())
		assert.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), u.OccurredAt())
		assert.Equal(t, []byte(b), u.Raw())
		assert.Equal(t, "1", u.Version)
		assert.Equal(t, "document", u.Object)
		assert.Equal(t, "x", u.EventID)
		var data struct{ UUID string }
		require.NoError(t, u.DecodeData(&data))
		assert.Equal(t, "d1", data.UUID)
		assert.Nil(t, u.Fields)
		assert.Empty(t, u.DecodeIssues())
	}
	ev, err = ParseEvent([]byte(`{"object": "recipient", "event": "sent"}`))
	require.NoError(t, err)
	assert.IsType(t, &UnknownEvent{}, ev)
	assert.Equal(t, "recipient.sent", ev.Type())
	assert.NotEmpty(t, ev.ID(), "no id: a hash of the body, as for a RealtimeEvent")

	// Verified the same way as known ones.
	unknownBody := []byte(`{"object": "document", "event": "teleported", "id": "x"}`)
	ev, err = ConstructEvent(unknownBody, h, c.pem, WithRealtimeVerifier(webhook.Unverified()))
	require.NoError(t, err)
	assert.IsType(t, &UnknownEvent{}, ev)
	_, err = ConstructEvent(unknownBody, h, c.pem)
	assert.ErrorIs(t, err, ErrNoRealtimeVerifier)

	// JSON without the envelope is an UnknownEvent; not JSON is an error.
	ev, err = ParseEvent([]byte(`{"hello": "world"}`))
	require.NoError(t, err)
	assert.IsType(t, &UnknownEvent{}, ev)
	assert.Equal(t, string(EventUnknown), ev.Type())
	for _, b := range []string{`[1,2]`, `{`, ` {"a":`} {
		_, err := ParseEvent([]byte(b))
		assert.ErrorIs(t, err, webhook.ErrInvalidPayload, b)
	}
	// Posted as JSON, a body that is no JSON object is an error too.
	_, err = parseDelivery(&whopt.Config{}, http.Header{"Content-Type": {"application/json"}}, []byte(`"x"`))
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
}

type verifierFunc func(http.Header, []byte) error

func (f verifierFunc) Verify(h http.Header, b []byte) error { return f(h, b) }

func TestParseEventShapes(t *testing.T) {
	// Unknown form → UnknownEvent with fields.
	ev, err := ParseEvent([]byte("foo=bar&baz=qux+quux&foo=ignored"))
	require.NoError(t, err)
	u := ev.(*UnknownEvent)
	assert.Equal(t, map[string]string{"foo": "bar", "baz": "qux quux"}, u.Fields)
	assert.Equal(t, webhook.Other, u.Lifecycle())

	// Empty body is an unknown (empty) form.
	ev, err = ParseEvent(nil)
	require.NoError(t, err)
	assert.IsType(t, &UnknownEvent{}, ev)

	for name, body := range map[string]string{
		"data not JSON":    "data=nope",
		"data not a list":  "data=" + url.QueryEscape(`{"a": 1}`),
		"bad escape":       "data=%4",
		"duplicate signed": "signed=a&signed=b",
	} {
		_, err := ParseEvent([]byte(body))
		assert.ErrorIs(t, err, webhook.ErrInvalidPayload, name)
	}
	big := bytes.Repeat([]byte("a"), webhook.DefaultMaxBodyBytes+1)
	_, err = ParseEvent(big)
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
	assert.ErrorIs(t, err, webhook.ErrBodyTooLarge)
	v, err := NewVerifier(signingCert(t).cert)
	require.NoError(t, err)
	assert.ErrorIs(t, v.Verify(formHeader(), big), webhook.ErrBodyTooLarge)

	tooMany := strings.Repeat("k=v&", 10) + func() string {
		var b strings.Builder
		for i := 0; i < maxFormFields+1; i++ {
			b.WriteString("f" + itoa(i) + "=1&")
		}
		return b.String()
	}()
	_, err = ParseEvent([]byte(tooMany))
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload)

	// Lenient entries: numbers, bad timestamps, other resources, non-status names.
	data := `[{"timestamp": "2018-03-20 07:09:52+01:00", "name": "status", "value": 15, "resource_uri": "https://eu-api.legalesign.com/api/v1/signers/abc/"},
		{"timestamp": "yesterday", "name": "status", "value": "x", "resource_uri": "/api/v1/document/d/"},
		{"timestamp": "2018-03-20T07:10:00Z", "name": "tag", "value": "new", "resource_uri": "/api/v1/template/t/"},
		{"name": "status", "value": "40"}]`
	ev, err = ParseEvent([]byte("data=" + url.QueryEscape(data)))
	require.NoError(t, err)
	b := ev.(*StatusBatch)
	require.Len(t, b.Changes, 4)
	assert.Equal(t, SignerEmailOpened, b.Changes[0].SignerStatus)
	assert.Equal(t, ResourceSigner, b.Changes[0].Kind, "plural resource names are normalized")
	assert.Equal(t, time.Date(2018, 3, 20, 6, 9, 52, 0, time.UTC), b.Changes[0].Time)
	assert.Equal(t, webhook.Viewed, b.Changes[0].Lifecycle())
	assert.True(t, b.Changes[1].Time.IsZero())
	assert.Equal(t, DocumentStatus(0), b.Changes[1].DocumentStatus)
	assert.Equal(t, webhook.Other, b.Changes[1].Lifecycle())
	assert.Equal(t, "template.tag", b.Changes[2].Type())
	assert.Equal(t, "resource.status", b.Changes[3].Type())
	assert.Equal(t, webhook.Viewed, b.Lifecycle())
	assert.Equal(t, time.Date(2018, 3, 20, 7, 10, 0, 0, time.UTC), b.OccurredAt())

	ev, err = ParseEvent([]byte("data=%5B%5D"))
	require.NoError(t, err)
	assert.Equal(t, webhook.Other, ev.Lifecycle())
	assert.Empty(t, ev.(*StatusBatch).Changes)
}

func TestBatchLifecycleRank(t *testing.T) {
	entry := func(kind, value string) string {
		return `{"timestamp": "2024-01-01T00:00:00", "name": "status", "value": "` + value + `", "resource_uri": "/api/v1/` + kind + `/x/"}`
	}
	for want, entries := range map[webhook.Lifecycle][]string{
		webhook.Sent:      {entry("signer", "4"), entry("signer", "10")},
		webhook.Signed:    {entry("signer", "40"), entry("signer", "15"), entry("document", "20")},
		webhook.Declined:  {entry("signer", "60"), entry("document", "50"), entry("signer", "40")},
		webhook.Cancelled: {entry("document", "40"), entry("signer", "20")},
		webhook.Completed: {entry("document", "50"), entry("document", "30")},
	} {
		ev, err := ParseEvent([]byte("data=" + url.QueryEscape("["+strings.Join(entries, ",")+"]")))
		require.NoError(t, err)
		assert.Equal(t, want, ev.Lifecycle())
	}
}

// TestWebhookProviderWithHandler runs deliveries through webhook.Handler.
func TestWebhookProviderWithHandler(t *testing.T) {
	c := signingCert(t)
	var mu sync.Mutex
	var batches []*StatusBatch
	var changes []webhook.Lifecycle
	var legacy []*LegacyCallback
	h := webhook.NewHandler(WebhookProvider(c.pem, WithLegacyEvent("signed")), webhook.WithDedupe(nil, 0))
	webhook.On(h, func(ctx context.Context, b *StatusBatch) error {
		mu.Lock()
		batches = append(batches, b)
		mu.Unlock()
		for _, ch := range b.Changes { // per-change dispatch through the same handler
			if err := h.Dispatch(ctx, ch); err != nil {
				return err
			}
		}
		return nil
	})
	webhook.On(h, func(_ context.Context, ch *StatusChange) error {
		mu.Lock()
		changes = append(changes, ch.Lifecycle())
		mu.Unlock()
		return nil
	})
	webhook.On(h, func(_ context.Context, l *LegacyCallback) error {
		mu.Lock()
		legacy = append(legacy, l)
		mu.Unlock()
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(body []byte, hdr http.Header) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		require.NoError(t, err)
		for k, vs := range hdr {
			req.Header[k] = vs
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	body := batchForm(t, c, seedBatch)
	assert.Equal(t, 200, post(body, formHeader()))
	assert.Equal(t, 200, post(body, formHeader()), "redelivery acknowledged")
	assert.Equal(t, 401, post(webhooktest.Tamper(body), formHeader()))
	lb, lh := legacyForm(t, c, url.Values{"uuid": {docID}}, `{"uuid": "`+docID+`"}`)
	assert.Equal(t, 200, post(lb, lh))
	rt := []byte(`{"object": "document", "event": "created", "id": "e1"}`)
	assert.Equal(t, 401, post(rt, http.Header{"Content-Type": {"application/json"}}), "no realtime verifier")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, batches, 1, "the redelivered batch is deduplicated by its id")
	assert.Equal(t, []webhook.Lifecycle{webhook.Signed, webhook.Completed}, changes)
	require.Len(t, legacy, 1)
	assert.Equal(t, string(EventLegacySigned), legacy[0].Type())

	// A provider without a usable certificate refuses everything.
	for _, p := range []webhook.Provider{WebhookProvider([]byte(nil)), WebhookProvider("garbage")} {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", formType)
		err := p.VerifyRequest(req, body)
		assert.True(t, errors.Is(err, webhook.ErrNoSecret) || errors.Is(err, webhook.ErrInvalidCertificate), "%v", err)
		assert.Equal(t, ProviderName, p.Name())
		ev, err := p.Parse(req.Header, body)
		require.NoError(t, err)
		assert.IsType(t, &StatusBatch{}, ev)
	}
}

// TestEventsImplementWebhookEvent keeps the typed events honest.
func TestEventsImplementWebhookEvent(t *testing.T) {
	var _ webhook.Event = (*StatusBatch)(nil)
	var _ webhook.Event = (*StatusChange)(nil)
	var _ webhook.Event = (*LegacyCallback)(nil)
	var _ webhook.Event = (*RealtimeEvent)(nil)
	var _ webhook.Event = (*UnknownEvent)(nil)
	ev, err := ParseEvent([]byte("data=" + url.QueryEscape(seedBatch)))
	require.NoError(t, err)
	b, err := json.Marshal(ev.(*StatusBatch).Changes[0].Time)
	require.NoError(t, err)
	assert.Equal(t, `"2018-03-20T07:09:52Z"`, string(b))
}

// Realtime deliveries verify with an HMAC-SHA256 keyed by the account's
// webhookHmacSecret (X-Hmac-Sha256, hex or base64, over the raw body) when
// it is configured, and are refused otherwise.
func TestRealtimeHMAC(t *testing.T) {
	c := signingCert(t)
	const hmacSecret = "webhook-hmac-secret-from-graphql"
	body := []byte(`{"version": 1, "object": "document", "event": "finalPdfCreated", "id": "evt_9", "created": 1717236000, "data": {"uuid": "` + docID + `"}}`)
	mac := func(secret string, b []byte) []byte {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write(b)
		return m.Sum(nil)
	}
	signed := func(sig string) http.Header {
		return http.Header{"Content-Type": {"application/json"}, HeaderHMACSHA256: {sig}}
	}
	hexSig, b64Sig := hex.EncodeToString(mac(hmacSecret, body)), base64.StdEncoding.EncodeToString(mac(hmacSecret, body))

	for name, h := range map[string]http.Header{"hex": signed(hexSig), "base64": signed(b64Sig), "sha256= prefix": signed("sha256=" + hexSig)} {
		ev, err := ConstructEvent(body, h, c.pem, WithRealtimeSecret(hmacSecret))
		require.NoError(t, err, name)
		assert.Equal(t, string(EventDocumentFinalPDFCreated), ev.Type(), name)
		assert.Equal(t, webhook.Completed, ev.Lifecycle(), name)
	}
	_, err := ConstructEvent(body, signed(hexSig), c.pem)
	assert.ErrorIs(t, err, ErrNoRealtimeVerifier, "not configured")
	_, err = ConstructEvent(webhooktest.Tamper(body), signed(hexSig), c.pem, WithRealtimeSecret(hmacSecret))
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch, "tampered")
	_, err = ConstructEvent(body, signed(hex.EncodeToString(mac("other", body))), c.pem, WithRealtimeSecret(hmacSecret))
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch, "wrong secret")
	_, err = ConstructEvent(body, http.Header{"Content-Type": {"application/json"}}, c.pem, WithRealtimeSecret(hmacSecret))
	assert.ErrorIs(t, err, webhook.ErrMissingSignature, "no header")
	_, err = ConstructEvent(body, signed(hexSig), c.pem, WithRealtimeSecret("new-secret"), webhook.WithAdditionalSecrets(hmacSecret))
	assert.NoError(t, err, "rotation")
	_, err = ConstructEvent(body, signed(hexSig), c.pem, WithRealtimeSecret(" "))
	assert.ErrorIs(t, err, webhook.ErrNoSecret, "blank realtime secret")

	// Through a Handler; the certificate may be absent when only realtime
	// callbacks are received (form callbacks are then refused).
	for name, p := range map[string]webhook.Provider{
		"with certificate": WebhookProvider(c.pem, WithRealtimeSecret(hmacSecret)),
		"realtime only":    WebhookProvider([]byte(nil), WithRealtimeSecret(hmacSecret)),
	} {
		h := webhook.NewHandler(p, webhook.WithDedupe(nil, 0))
		post := func(body []byte, hdr http.Header) int {
			r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			r.Header = hdr
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w.Code
		}
		assert.Equal(t, 200, post(body, signed(b64Sig)), name)
		assert.Equal(t, 401, post(body, signed(hex.EncodeToString(mac("other", body)))), name)
		batch := batchForm(t, c, seedBatch)
		want := 200
		if name == "realtime only" {
			want = 401
		}
		assert.Equal(t, want, post(batch, formHeader()), name+": form callback")
	}
}

// Two different signed per-event callbacks for one document get different
// IDs (neither is dropped as a duplicate of the other); a redelivery of one
// keeps its ID, whatever its encoding.
func TestLegacyCallbackIDsUniquePerEvent(t *testing.T) {
	c := signingCert(t)
	js1 := `{"uuid": "` + docID + `", "name": "Lease", "tag": "first"}`
	js2 := `{"uuid": "` + docID + `", "name": "Lease", "tag": "second"}`
	b1, h1 := legacyForm(t, c, url.Values{"uuid": {docID}}, js1)
	b2, h2 := legacyForm(t, c, url.Values{"uuid": {docID}}, js2)
	b3, h3 := legacyForm(t, c, url.Values{"uuid": {docID}, "extra": {"unsigned"}}, js1)
	e1, err := ConstructEvent(b1, h1, c.pem, WithLegacyEvent("sent"))
	require.NoError(t, err)
	e2, err := ConstructEvent(b2, h2, c.pem, WithLegacyEvent("sent"))
	require.NoError(t, err)
	e3, err := ConstructEvent(b3, h3, c.pem, WithLegacyEvent("sent"))
	require.NoError(t, err)
	assert.NotEqual(t, e1.ID(), e2.ID(), "different signed callbacks")
	assert.NotEqual(t, e1.ID(), e3.ID(), "different form fields")
	assert.True(t, strings.HasPrefix(e1.ID(), docID+":sent:"), e1.ID())

	// The same callback as multipart: the same ID.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("uuid", docID))
	require.NoError(t, mw.WriteField(FieldJSONSigned, js1))
	require.NoError(t, mw.Close())
	hm := h1.Clone()
	hm.Set("Content-Type", mw.FormDataContentType())
	em, err := ConstructEvent(buf.Bytes(), hm, c.pem, WithLegacyEvent("sent"))
	require.NoError(t, err)
	assert.Equal(t, e1.ID(), em.ID(), "a redelivery deduplicates")

	// Through a deduplicating Handler both are handled.
	var got []string
	h := webhook.NewHandler(WebhookProvider(c.pem, WithLegacyEvent("sent")), webhook.WithDedupe(nil, 0))
	h.OnAny(func(_ context.Context, ev webhook.Event) error { got = append(got, ev.ID()); return nil })
	for _, d := range []struct {
		b []byte
		h http.Header
	}{{b1, h1}, {b2, h2}, {b1, h1}} {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(d.b))
		r.Header = d.h
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Equal(t, 200, w.Code)
	}
	assert.Len(t, got, 2, "two events handled, the redelivery deduplicated")
}
