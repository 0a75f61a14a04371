package signeasy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const api = "https://api.signeasy.com/v3/"
const callbackEndpoint = "https://api.signeasy.com/v2/callback/"

func ts(sec int64) Time { return Time{Time: time.Unix(sec, 0).UTC()} }

const envelopeJSON = `{
  "aadhaar_enabled": null, "created_time": 1557465368, "has_markers": 0, "id": 235649,
  "is_in_person": 0, "is_ordered": 1, "last_modified_time": 1557465371, "logo": null,
  "name": "Offer letter - Prashanth.pdf", "next": 377928, "owner_company": "",
  "owner_email": "spatro@gmail.com", "owner_first_name": "Sunil", "owner_last_name": "Patro EK",
  "owner_user_id": 3625900,
  "sources": [{"id": 223221, "name": "Offer letter", "type": "original", "source_id": 1}],
  "recipients": [{"created_time": 1557465369, "email": "prashanth.signeasy@gmail.com",
    "first_name": "Prashanth", "last_modified_time": 1591780421, "last_name": "Raghu",
    "order_id": 1, "recipient_id": 377928, "recipient_user_id": 3625901, "status": "viewed"}],
  "status": "incomplete"
}`

func wantEnvelope() *Envelope {
	return &Envelope{
		ID: 235649, Name: "Offer letter - Prashanth.pdf", Status: EnvelopeIncomplete, IsOrdered: true,
		Next: 377928, OwnerUserID: 3625900, OwnerEmail: "spatro@gmail.com", OwnerFirstName: "Sunil",
		OwnerLastName: "Patro EK", CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371),
		Recipients: []Recipient{{RecipientID: 377928, RecipientUserID: 3625901, Email: "prashanth.signeasy@gmail.com",
			FirstName: "Prashanth", LastName: "Raghu", OrderID: 1, Status: RecipientViewed,
			CreatedTime: ts(1557465369), LastModifiedTime: ts(1591780421)}},
		Sources: []Source{{ID: 223221, Name: "Offer letter", Type: SourceOriginal, SourceID: 1}},
	}
}

func TestOriginalsUploadWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", api+"original/", ok(`{"id": 223221, "name": "Offer letter", "created_time": 1557465368, "last_modified_time": 1557465371}`))
	c := m.client()
	var opens atomic.Int32
	orig, resp, err := c.Originals.Upload(context.Background(), &UploadRequest{
		Name: "Offer letter", FileName: "offer.pdf", RenameIfExists: true,
		Open: func() (io.ReadCloser, error) {
			opens.Add(1)
			return io.NopCloser(strings.NewReader("%PDF-1.4 offer")), nil
		},
	})
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode, "status")
	assert.Equal(t, &Original{ID: 223221, Name: "Offer letter", CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371)}, orig, "original")
	cl := m.last()
	checkCommon(t, cl, "POST", api+"original/")
	assert.Equal(t, "", cl.RawQuery, "query")
	parts := readMultipart(t, cl)
	assert.Equal(t, []part{
		{name: "file", fileName: "offer.pdf", contentType: "application/pdf", content: "%PDF-1.4 offer"},
		{name: "name", content: "Offer letter"},
		{name: "rename_if_exists", content: "1"},
	}, parts, "multipart parts")
	assert.Equal(t, int32(1), opens.Load(), "file opened once")
}

func TestOriginalsUploadStreamsAgainOnRetry(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", api+"original/",
		resp{status: 429, body: `{"message": "slow down"}`, header: map[string]string{"Retry-After": "1"}},
		ok(`{"id": 7, "name": "a.pdf"}`))
	var waits []time.Duration
	c := m.client(WithBackoffHook(func(_ int, d time.Duration) time.Duration { waits = append(waits, d); return 0 }))
	var opens atomic.Int32
	orig, _, err := c.Originals.Upload(context.Background(), &UploadRequest{FileName: "a.pdf", Open: func() (io.ReadCloser, error) {
		opens.Add(1)
		return io.NopCloser(strings.NewReader("content")), nil
	}})
	require.NoError(t, err)
	assert.Equal(t, int64(7), orig.ID, "id")
	calls := m.all()
	assert.Equal(t, 2, len(calls), "attempts")
	for i, cl := range calls {
		p := readMultipart(t, cl)
		assert.Equal(t, part{name: "file", fileName: "a.pdf", contentType: "application/pdf", content: "content"}, p[0], fmt.Sprintf("attempt %d file", i))
		assert.Equal(t, part{name: "name", content: "a.pdf"}, p[1], fmt.Sprintf("attempt %d name", i))
		assert.Equal(t, 2, len(p), "no rename_if_exists")
	}
	assert.True(t, opens.Load() >= 2, "file re-opened for the retry")
	assert.Equal(t, []time.Duration{time.Second}, waits, "Retry-After honoured")
}

func TestOriginalsUploadValidation(t *testing.T) {
	m := newMockAPI(t)
	c := m.client()
	_, _, err := c.Originals.Upload(context.Background(), &UploadRequest{Name: "x"})
	require.ErrorIs(t, err, ErrValidation)
	_, _, err = c.Originals.Upload(context.Background(), &UploadRequest{Open: func() (io.ReadCloser, error) { return nil, nil }})
	require.ErrorIs(t, err, ErrValidation)
	_, _, err = c.Originals.Upload(context.Background(), nil)
	require.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, 0, m.mt.GetTotalCallCount(), "no I/O")
}

type part struct{ name, fileName, contentType, content string }

func readMultipart(t testing.TB, c call) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(c.Header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", mt, "content type")
	r := multipart.NewReader(strings.NewReader(string(c.Body)), params["boundary"])
	var out []part
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		pp := part{name: p.FormName(), fileName: p.FileName(), content: string(b)}
		if pp.fileName != "" {
			pp.contentType = p.Header.Get("Content-Type")
		}
		out = append(out, pp)
	}
}

func TestOriginalsReadWire(t *testing.T) {
	m := newMockAPI(t)
	list := `{"count": 2, "files": [
	  {"id": 1, "name": "One", "created_time": 1557465368, "last_modified_time": 1557465371},
	  {"id": 2, "name": "Two", "created_time": 1557465369.5, "last_modified_time": 1557465372}]}`
	m.on("GET", api+"original/", ok(list))
	m.on("GET", api+"original/1/", ok(`{"id": 1, "name": "One", "created_time": 1557465368, "last_modified_time": 1557465371}`))
	m.on("GET", api+"original/1/download", resp{status: 200, body: "%PDF-1.4 one", contentType: "application/pdf"})
	m.on("DELETE", api+"original/1", resp{status: 204})
	c := m.client()
	ctx := context.Background()

	got, _, err := c.Originals.List(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"original/")
	checkNoBody(t, m.last())
	assert.Equal(t, []*Original{
		{ID: 1, Name: "One", CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371)},
		{ID: 2, Name: "Two", CreatedTime: ts(1557465369), LastModifiedTime: ts(1557465372)},
	}, got, "list")

	var ids []int64
	for o, err := range c.Originals.All(ctx) {
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids, "All")

	one, _, err := c.Originals.Get(ctx, 1)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"original/1/")
	assert.Equal(t, "One", one.Name, "get")

	body, resp, err := c.Originals.Download(ctx, 1)
	require.NoError(t, err)
	b, err := io.ReadAll(body)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	assert.Equal(t, "%PDF-1.4 one", string(b), "download")
	assert.Equal(t, "application/pdf", resp.Header.Get("Content-Type"), "download content type")
	checkCommon(t, m.last(), "GET", api+"original/1/download")
	assert.Equal(t, "application/pdf, application/octet-stream, */*", m.last().Header.Get("Accept"), "download Accept")

	resp, err = c.Originals.Delete(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode, "delete status")
	checkCommon(t, m.last(), "DELETE", api+"original/1")
	checkNoBody(t, m.last())
}

func TestTemplatesWire(t *testing.T) {
	m := newMockAPI(t)
	tpl := `{"id": 41, "name": "NDA", "message": "Please sign", "is_ordered": false, "is_owned": true,
	  "is_shared": false, "created_time": 1557465368.25, "modified_time": 1557465371,
	  "metadata": {"roles": [{"id": 3, "name": "Employee", "color": "#ff0000", "fields": [9]}],
	               "fields": [{"id": 9, "role_id": 3, "type": "signature", "required": true}]}}`
	m.on("GET", api+"template/", ok(`[`+tpl+`]`))
	m.on("GET", api+"template/41", ok(tpl))
	m.on("DELETE", api+"template/41", ok(`{"message": "deleted"}`))
	c := m.client()
	ctx := context.Background()
	want := &Template{ID: 41, Name: "NDA", Message: "Please sign", IsOwned: true,
		CreatedTime: ts(1557465368), ModifiedTime: ts(1557465371),
		Metadata: &TemplateMetadata{
			Roles:  []TemplateRole{{ID: 3, Name: "Employee", Color: "#ff0000", Fields: []int64{9}}},
			Fields: []TemplateField{{ID: 9, RoleID: 3, Type: "signature", Required: true}},
		}}

	list, _, err := c.Templates.List(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"template/")
	assert.Equal(t, []*Template{want}, list, "list")

	var n int
	for tp, err := range c.Templates.All(ctx) {
		require.NoError(t, err)
		assert.Equal(t, int64(41), tp.ID, "All")
		n++
	}
	assert.Equal(t, 1, n, "All count")

	got, _, err := c.Templates.Get(ctx, 41)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"template/41")
	assert.Equal(t, want, got, "get")

	_, err = c.Templates.Delete(ctx, 41)
	require.NoError(t, err)
	checkCommon(t, m.last(), "DELETE", api+"template/41")
}

func TestEnvelopesWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", api+"rs/envelope/", ok(envelopeJSON))
	m.on("GET", api+"rs/envelope/235649", ok(envelopeJSON))
	m.on("POST", api+"rs/envelope/235649/cancel", ok(`{"message": "Signature request canceled"}`))
	m.on("GET", api+"rs/envelope/signed/pending/235649", ok(`{"id": 998, "name": "Offer letter - Prashanth.pdf", "pending_file_id": 235649}`))
	m.on("GET", api+"rs/envelope/signed/998/1/download", resp{status: 200, body: "%PDF-1.7 signed", contentType: "application/pdf"})
	m.on("POST", api+"rs/envelope/235649/signing/url/", ok(`{"url": "https://app.signeasy.com/sign/abc"}`))
	c := m.client()
	ctx := context.Background()

	env, _, err := c.Envelopes.Create(ctx, &CreateEnvelopeRequest{
		Sources: []Source{
			{ID: 223221, Type: SourceOriginal, Name: "Offer letter", SourceID: 1},
			{ID: 41, Type: SourceTemplate, Name: "NDA", SourceID: 2},
		},
		Recipients:           []EnvelopeRecipient{{RecipientID: 1, FirstName: "Prashanth", LastName: "Raghu", Email: "prashanth.signeasy@gmail.com"}},
		RecipientRoleMapping: []RoleMapping{{SourceID: 2, RoleID: 3, RecipientID: 1}},
		MergeFields:          []MergeField{{SourceID: 2, Label: "salary", Value: "100"}},
		FieldsPayload: []Field{
			{RecipientID: 1, SourceID: 1, Type: FieldSignature, Required: true, PageNumber: "all",
				Position: FieldPosition{Mode: PositionReferenceText, ReferenceText: "{{SIGN}}", YOffset: -20, Width: 100, Height: 30}},
			{RecipientID: 1, SourceID: 1, Type: FieldDate, PageNumber: "1:8",
				Position:       FieldPosition{X: 0, Y: 0, Width: 80, Height: 20},
				AdditionalInfo: map[string]any{"format": "DD/MM/YYYY"}},
		},
		EmbeddedSigning:     true,
		IsOrdered:           true,
		Message:             "Please sign",
		CC:                  []CC{{Email: "hr@example.com"}},
		SignaturePanelTypes: []string{PanelDraw, PanelType},
		InitialPanelTypes:   []string{PanelDraw},
	})
	require.NoError(t, err)
	cl := m.last()
	checkCommon(t, cl, "POST", api+"rs/envelope/")
	checkJSONRequest(t, cl, `{
	  "sources": [{"id": 223221, "type": "original", "name": "Offer letter", "source_id": 1},
	              {"id": 41, "type": "template", "name": "NDA", "source_id": 2}],
	  "recipients": [{"recipient_id": 1, "first_name": "Prashanth", "last_name": "Raghu", "email": "prashanth.signeasy@gmail.com"}],
	  "recipient_role_mapping": [{"source_id": 2, "role_id": 3, "recipient_id": 1}],
	  "merge_fields": [{"source_id": 2, "label": "salary", "value": "100"}],
	  "fields_payload": [
	    {"recipient_id": 1, "source_id": 1, "type": "signature", "required": true, "page_number": "all",
	     "position": {"mode": "referenceText", "text": "{{SIGN}}", "xOffset": 0, "yOffset": -20, "width": 100, "height": 30},
	     "additional_info": {}},
	    {"recipient_id": 1, "source_id": 1, "type": "date", "required": false, "page_number": "1:8",
	     "position": {"mode": "fixed", "x": 0, "y": 0, "width": 80, "height": 20},
	     "additional_info": {"format": "DD/MM/YYYY"}}],
	  "embedded_signing": true, "is_ordered": true, "message": "Please sign", "cc": [{"email": "hr@example.com"}],
	  "signature_panel_types": ["draw", "type"], "initial_panel_types": ["draw"]}`)
	assert.Equal(t, wantEnvelope(), env, "created envelope")

	got, _, err := c.Envelopes.Get(ctx, 235649)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"rs/envelope/235649")
	assert.Equal(t, wantEnvelope(), got, "envelope")

	_, err = c.Envelopes.Cancel(ctx, 235649)
	require.NoError(t, err)
	checkCommon(t, m.last(), "POST", api+"rs/envelope/235649/cancel")
	checkNoBody(t, m.last())

	signed, _, err := c.Envelopes.GetSigned(ctx, 235649)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"rs/envelope/signed/pending/235649")
	assert.Equal(t, &SignedEnvelope{ID: 998, Name: "Offer letter - Prashanth.pdf", PendingFileID: 235649}, signed, "signed")

	body, _, err := c.Envelopes.DownloadSigned(ctx, 998, 1)
	require.NoError(t, err)
	b, _ := io.ReadAll(body)
	require.NoError(t, body.Close())
	assert.Equal(t, "%PDF-1.7 signed", string(b), "signed download")
	checkCommon(t, m.last(), "GET", api+"rs/envelope/signed/998/1/download")

	u, _, err := c.Envelopes.SigningURL(ctx, 235649, &SigningURLRequest{RecipientEmail: "prashanth.signeasy@gmail.com", AllowDecline: true, RedirectURL: "https://app.example/done"})
	require.NoError(t, err)
	checkCommon(t, m.last(), "POST", api+"rs/envelope/235649/signing/url/")
	checkJSONRequest(t, m.last(), `{"recipient_email": "prashanth.signeasy@gmail.com", "allow_decline": true, "redirect_url": "https://app.example/done"}`)
	assert.Equal(t, "https://app.signeasy.com/sign/abc", u.URL, "signing url")
}

func TestEnvelopeValidationBeforeIO(t *testing.T) {
	m := newMockAPI(t)
	c := m.client()
	ctx := context.Background()
	src := []Source{{ID: 1, Type: SourceOriginal, SourceID: 1}}
	rcp := []EnvelopeRecipient{{RecipientID: 1, Email: "a@example.com"}}
	for name, r := range map[string]*CreateEnvelopeRequest{
		"nil":          nil,
		"no sources":   {Recipients: rcp},
		"source no id": {Sources: []Source{{Type: SourceOriginal}}, Recipients: rcp},
		"source type":  {Sources: []Source{{ID: 1}}, Recipients: rcp},
		"no recipient": {Sources: src},
		"no email":     {Sources: src, Recipients: []EnvelopeRecipient{{RecipientID: 1}}},
	} {
		_, _, err := c.Envelopes.Create(ctx, r)
		if !errors.Is(err, ErrValidation) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	checks := map[string]error{}
	_, _, checks["get 0"] = c.Envelopes.Get(ctx, 0)
	_, checks["cancel -1"] = c.Envelopes.Cancel(ctx, -1)
	_, _, checks["download 0"] = c.Envelopes.DownloadSigned(ctx, 1, 0)
	_, _, checks["signed 0"] = c.Envelopes.GetSigned(ctx, 0)
	_, _, checks["signing url no email"] = c.Envelopes.SigningURL(ctx, 1, &SigningURLRequest{})
	_, _, checks["original 0"] = c.Originals.Get(ctx, 0)
	_, _, checks["original download 0"] = c.Originals.Download(ctx, 0)
	_, checks["original delete 0"] = c.Originals.Delete(ctx, 0)
	_, _, checks["template 0"] = c.Templates.Get(ctx, 0)
	_, checks["template delete 0"] = c.Templates.Delete(ctx, 0)
	_, _, checks["sending url empty"] = c.Embedded.SendingURL(ctx, &SendingURLRequest{})
	for name, err := range checks {
		if !errors.Is(err, ErrValidation) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	assert.Equal(t, 0, m.mt.GetTotalCallCount(), "no I/O")
}

func TestEmbeddedAndMeWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", api+"rs/embedded/url/", ok(`{"url": "https://app.signeasy.com/embedded/send/xyz"}`))
	// The User Object of https://docs.signeasy.com/reference/fetch-user-details.
	m.on("GET", api+"me/", ok(`{"id": 3625900, "email": "spatro@gmail.com", "first_name": "Sunil", "last_name": "Patro EK",
	  "company": "Acme", "company_size": null, "account_type": 4, "is_paid": 1, "is_auto_renew": 0, "document_credits": 12,
	  "imported_file_count": 31, "signed_file_count": 7, "status": 1, "email_verified": 1, "card_brand": null,
	  "referrer_code": "SUNIL10", "referrer_promo_left": 3, "activation_time": 1557465369, "subscription_expiry_time": 1893456000,
	  "created_time": 1557465368, "last_modified_time": 1557465371}`))
	c := m.client()
	ctx := context.Background()

	u, _, err := c.Embedded.SendingURL(ctx, &SendingURLRequest{
		FileID:      223221,
		Recipients:  []SendingURLRecipient{{FirstName: "A", LastName: "B", Email: "a@example.com", RoleID: 1}},
		Message:     "hi",
		RedirectURL: "https://app.example/sent",
	})
	require.NoError(t, err)
	checkCommon(t, m.last(), "POST", api+"rs/embedded/url/")
	checkJSONRequest(t, m.last(), `{"file_id": 223221,
	  "recipients": [{"first_name": "A", "last_name": "B", "email": "a@example.com", "role_id": 1}],
	  "message": "hi", "redirect_url": "https://app.example/sent"}`)
	assert.Equal(t, &EmbeddedURL{URL: "https://app.signeasy.com/embedded/send/xyz"}, u, "sending url")

	me, _, err := c.Users.Me(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"me/")
	assert.Equal(t, &User{ID: 3625900, Email: "spatro@gmail.com", FirstName: "Sunil", LastName: "Patro EK", Company: "Acme",
		AccountType: 4, IsPaid: true, DocumentCredits: 12, ImportedFileCount: 31, SignedFileCount: 7, Status: 1, EmailVerified: true,
		CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371), ActivationTime: ts(1557465369),
		SubscriptionExpiryTime: ts(1893456000)}, me, "me")
}

const callbackToken = "myloooooooongtokenbiggerthan12chars"

func TestCallbacksWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", callbackEndpoint, ok(`{"message": "success"}`))
	m.on("PUT", callbackEndpoint, ok(`{"message": "success"}`))
	m.on("DELETE", callbackEndpoint, ok(`{"message": "success"}`))
	m.on("GET", callbackEndpoint, ok(`{
	  "callback_urls": ["https://app.example/hooks/b", "https://app.example/hooks/a"],
	  "https://app.example/hooks/a": {"token": "`+callbackToken+`", "events": ["rs.completed", "rs.signed"]},
	  "https://app.example/hooks/b": {"token": null, "events": ["rs.voided"]}
	}`))
	c := m.client()
	ctx := context.Background()

	_, err := c.Callbacks.Create(ctx, &CallbackRequest{URL: "https://app.example/hooks/a", Events: []EventType{EventCompleted, EventSigned}, Token: callbackToken})
	require.NoError(t, err)
	checkCommon(t, m.last(), "POST", callbackEndpoint)
	checkJSONRequest(t, m.last(), `{"url": "https://app.example/hooks/a", "events": ["rs.completed", "rs.signed"], "token": "`+callbackToken+`"}`)

	_, err = c.Callbacks.Update(ctx, &CallbackRequest{URL: "https://app.example/hooks/b", Events: []EventType{EventVoided}})
	require.NoError(t, err)
	checkCommon(t, m.last(), "PUT", callbackEndpoint)
	checkJSONRequest(t, m.last(), `{"url": "https://app.example/hooks/b", "events": ["rs.voided"]}`)

	list, _, err := c.Callbacks.List(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", callbackEndpoint)
	assert.Equal(t, 2, len(list), "callbacks")
	assert.Equal(t, "https://app.example/hooks/b", list[0].URL, "order follows callback_urls")
	assert.Equal(t, []EventType{"rs.voided"}, list[0].Events, "events b")
	assert.Equal(t, "", list[0].Token.Reveal(), "token b")
	assert.Equal(t, "https://app.example/hooks/a", list[1].URL, "url a")
	assert.Equal(t, []EventType{"rs.completed", "rs.signed"}, list[1].Events, "events a")
	assert.Equal(t, callbackToken, list[1].Token.Reveal(), "token a")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		if s := fmt.Sprintf(verb, list); strings.Contains(s, callbackToken) || strings.Contains(s, fmt.Sprintf("%x", callbackToken)) {
			t.Errorf("%s prints the token: %s", verb, s)
		}
		if s := fmt.Sprintf(verb, *list[1]); strings.Contains(s, callbackToken) {
			t.Errorf("%s of a Callback prints the token: %s", verb, s)
		}
	}

	_, err = c.Callbacks.Delete(ctx, "https://app.example/hooks/a")
	require.NoError(t, err)
	checkCommon(t, m.last(), "DELETE", callbackEndpoint)
	checkJSONRequest(t, m.last(), `{"url": "https://app.example/hooks/a"}`)
}

func TestCallbacksValidationBeforeIO(t *testing.T) {
	m := newMockAPI(t)
	c := m.client()
	ctx := context.Background()
	for name, r := range map[string]*CallbackRequest{
		"nil":         nil,
		"no url":      {Events: []EventType{EventCompleted}},
		"relative":    {URL: "/hooks", Events: []EventType{EventCompleted}},
		"no events":   {URL: "https://app.example/h"},
		"empty event": {URL: "https://app.example/h", Events: []EventType{""}},
		"short token": {URL: "https://app.example/h", Events: []EventType{EventCompleted}, Token: "short"},
	} {
		_, err := c.Callbacks.Create(ctx, r)
		if !errors.Is(err, ErrValidation) {
			t.Errorf("create %s: got %v", name, err)
		}
		_, err = c.Callbacks.Update(ctx, r)
		if !errors.Is(err, ErrValidation) {
			t.Errorf("update %s: got %v", name, err)
		}
	}
	_, err := c.Callbacks.Delete(ctx, "")
	require.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, 0, m.mt.GetTotalCallCount(), "no I/O")
}

func TestCallbackEndpointFollowsBaseURL(t *testing.T) {
	m := newMockAPI(t)
	m.on("GET", "http://fake.test/v2/callback/", ok(`{"callback_urls": []}`))
	m.on("GET", "http://fake.test/custom/cb/", ok(`{"callback_urls": []}`))
	c := m.client(WithBaseURL("http://fake.test/v3"))
	list, _, err := c.Callbacks.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, len(list), "empty list")
	assert.Equal(t, "http://fake.test/v2/callback/", m.last().URL, "derived callback URL")

	c = m.client(WithBaseURL("http://fake.test/v3/"), WithCallbackURL("http://fake.test/custom/cb/"))
	_, _, err = c.Callbacks.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "http://fake.test/custom/cb/", m.last().URL, "explicit callback URL")

	assert.Equal(t, DefaultCallbackURL, deriveCallbackURL(DefaultBaseURL), "default derivation")
	assert.Equal(t, "https://proxy.example/signeasy/v2/callback/", deriveCallbackURL("https://proxy.example/signeasy"), "non-v3 base")
}

func TestAPIErrors(t *testing.T) {
	m := newMockAPI(t)
	m.on("GET", api+"rs/envelope/1", resp{status: 404, body: `{"message": "Envelope not found", "error_code": "not_found"}`})
	m.on("GET", api+"rs/envelope/2", resp{status: 503, body: `{"message": "maintenance"}`})
	m.on("POST", api+"rs/envelope/3/cancel", resp{status: 503, body: `{"message": "maintenance"}`})
	m.on("GET", api+"me/", resp{status: 429, body: `{"message": "rate limited"}`, header: map[string]string{"Retry-After": "7"}})
	c := m.client(WithMaxRetries(2))
	ctx := context.Background()

	_, resp, err := c.Envelopes.Get(ctx, 1)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("not an *APIError: %T", err)
	}
	assert.Equal(t, 404, apiErr.StatusCode, "status")
	assert.Equal(t, "not_found", apiErr.Code, "code")
	assert.Equal(t, "Envelope not found", apiErr.Message, "message")
	assert.Equal(t, 404, resp.StatusCode, "response returned with the error")

	m.mt.ZeroCallCounters()
	_, _, err = c.Envelopes.Get(ctx, 2)
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 3, m.mt.GetCallCountInfo()["GET "+api+"rs/envelope/2"], "GET 503 retried twice")

	_, err = c.Envelopes.Cancel(ctx, 3)
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, m.mt.GetCallCountInfo()["POST "+api+"rs/envelope/3/cancel"], "POST 503 not retried")

	_, _, err = c.Users.Me(ctx)
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("not a *RateLimitError: %v", err)
	}
	assert.Equal(t, 7*time.Second, rl.RetryAfter, "RetryAfter")
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 3, m.mt.GetCallCountInfo()["GET "+api+"me/"], "429 retried")

	m2 := newMockAPI(t)
	m2.on("GET", api+"me/", ok(`{"id": "not a number"}`))
	_, _, err = m2.client().Users.Me(ctx)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("not a *DecodeError: %v", err)
	}

	m3 := newMockAPI(t)
	m3.mt.RegisterResponder("GET", api+"me/", func(*http.Request) (*http.Response, error) { return nil, errors.New("connection reset") })
	_, _, err = m3.client(WithMaxRetries(0)).Users.Me(ctx)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("not a *TransportError: %v", err)
	}
}

// A callback token the client sends (or receives) is redacted from every
// later error: an answer that echoes it never shows it.
func TestCallbackTokenRedactedFromLaterErrors(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", callbackEndpoint, resp{status: 400, body: `{"message":"token ` + callbackToken + ` is already used"}`})
	c := m.client()
	_, err := c.Callbacks.Create(context.Background(), &CallbackRequest{URL: "https://app.example/hooks/a", Events: []EventType{EventCompleted}, Token: callbackToken})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	for _, s := range []string{err.Error(), apiErr.Message, string(apiErr.Body)} {
		assert.NotContains(t, s, callbackToken)
	}
}
