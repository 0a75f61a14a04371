package blueinktest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/internal/fakeserver"
)

// world is the state the steps of TestEveryClientMethod share.
type world struct {
	t   *testing.T
	ctx context.Context
	c   *blueink.Client
	srv *blueinktest.Server
	rcv *receiver

	hook                   *blueink.Webhook
	header                 *blueink.WebhookExtraHeader
	person                 *blueink.Person
	tmpl, env              string
	draft, sent, fromEnv   *blueink.Bundle
	eventID, deliveryID    string
	secret, signedFileHash string
}

// gone asserts BlueInk's 404: {"code": "not_found", "message": "Not found."}.
func gone(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, blueink.ErrNotFound, msgAndArgs...)
	var apiErr *blueink.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "not_found", apiErr.Code, msgAndArgs...)
	assert.Equal(t, "Not found.", apiErr.Message, msgAndArgs...)
}

// refused asserts BlueInk's validation error naming field.
func refused(t *testing.T, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, blueink.ErrBadRequest)
	var apiErr *blueink.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid", apiErr.Code)
	assert.Equal(t, "The request contained invalid input.", apiErr.Message)
	require.NotEmpty(t, apiErr.Fields)
	assert.Equal(t, field, apiErr.Fields[0].Field)
}

func bundleIDs[T any](items []*T, id func(*T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

func bundleID(b *blueink.Bundle) string { return b.ID }

// steps call every method of blueink.Client, in an order that makes each
// meaningful, and check the fake's state rules: created objects come back
// from get and list (with BlueInk's filters and pages), updates show,
// deletes give BlueInk's 404 after, children belong to their parents,
// lifecycle steps move state and deliver signed webhooks, bad input gets
// BlueInk's validation error.
var steps = []struct {
	method string
	run    func(w *world)
}{
	// ---- webhooks, the secret and extra headers
	{"Webhooks.GetSecret", func(w *world) {
		s, _, err := w.c.Webhooks.GetSecret(w.ctx)
		require.NoError(w.t, err)
		w.secret = s.Secret.Reveal()
		assert.Regexp(w.t, regexp.MustCompile(`^[1-9A-HJ-NP-Za-km-z]{32}$`), w.secret, "base58")
		assert.Equal(w.t, w.srv.WebhookSecret(), w.secret)
	}},
	{"Webhooks.Create", func(w *world) {
		_, _, err := w.c.Webhooks.Create(w.ctx, &blueink.WebhookRequest{Name: "test hook", URL: "not a url"})
		refused(w.t, err, "url")
		// The client requires a name itself: sent raw.
		resp := rawJSON(w.t, w.srv, "POST", "webhooks/", map[string]any{"url": w.rcv.URL})
		assert.Equal(w.t, map[string]any{"code": "invalid", "message": "The request contained invalid input.",
			"errors": []any{map[string]any{"field": "name", "message": "This field is required."}}}, resp.JSON(w.t))
		h, created, err := w.c.Webhooks.Create(w.ctx, &blueink.WebhookRequest{Name: "test hook", URL: w.rcv.URL, EventTypes: allEventTypes()})
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusCreated, created.StatusCode)
		assert.True(w.t, h.Enabled, "enabled by default")
		assert.Equal(w.t, "test hook", h.Name)
		w.hook = h
	}},
	{"Webhooks.Get", func(w *world) {
		h, _, err := w.c.Webhooks.Get(w.ctx, w.hook.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.hook, h)
		_, _, err = w.c.Webhooks.Get(w.ctx, "0c5d6b8e-1b2a-4c3d-9e8f-7a6b5c4d3e2f")
		gone(w.t, err)
	}},
	{"Webhooks.CreateExtraHeader", func(w *world) {
		_, _, err := w.c.Webhooks.CreateExtraHeader(w.ctx, &blueink.WebhookExtraHeader{Webhook: "nope", Name: "X-A", Value: "1"})
		refused(w.t, err, "webhook")
		h, _, err := w.c.Webhooks.CreateExtraHeader(w.ctx, &blueink.WebhookExtraHeader{Webhook: w.hook.ID, Name: "X-Token", Value: "t1", Order: 2})
		require.NoError(w.t, err)
		w.header = h
	}},
	{"Webhooks.GetExtraHeader", func(w *world) {
		h, _, err := w.c.Webhooks.GetExtraHeader(w.ctx, w.header.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.header, h)
		got, _, err := w.c.Webhooks.Get(w.ctx, w.hook.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []blueink.WebhookExtraHeader{*h}, got.ExtraHeaders, "children show in their parent")
	}},
	{"Webhooks.UpdateExtraHeader", func(w *world) {
		h, _, err := w.c.Webhooks.UpdateExtraHeader(w.ctx, w.header.ID, &blueink.WebhookExtraHeader{Name: "X-Token", Value: "t2"})
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.WebhookExtraHeader{ID: w.header.ID, Webhook: w.hook.ID, Name: "X-Token", Value: "t2", Order: 1}, *h,
			"PUT resets the order")
	}},
	{"Webhooks.PatchExtraHeader", func(w *world) {
		h, _, err := w.c.Webhooks.PatchExtraHeader(w.ctx, w.header.ID, &blueink.WebhookExtraHeader{Name: "X-Token", Value: "t3", Order: 4})
		require.NoError(w.t, err)
		got, _, err := w.c.Webhooks.GetExtraHeader(w.ctx, w.header.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, h, got)
		assert.Equal(w.t, 4, got.Order)
		w.header = got
	}},
	{"Webhooks.ListExtraHeaders", func(w *world) {
		hs, _, err := w.c.Webhooks.ListExtraHeaders(w.ctx, &blueink.WebhookExtraHeaderListOptions{Webhook: w.hook.ID})
		require.NoError(w.t, err)
		assert.Equal(w.t, []*blueink.WebhookExtraHeader{w.header}, hs)
	}},
	{"Webhooks.AllExtraHeaders", func(w *world) {
		var hs []*blueink.WebhookExtraHeader
		for h, err := range w.c.Webhooks.AllExtraHeaders(w.ctx, &blueink.WebhookExtraHeaderListOptions{Webhook: w.hook.ID, ListOptions: blueink.ListOptions{PerPage: 1}}) {
			require.NoError(w.t, err)
			hs = append(hs, h)
		}
		assert.Equal(w.t, []*blueink.WebhookExtraHeader{w.header}, hs)
	}},
	{"Webhooks.Update", func(w *world) {
		resp := rawJSON(w.t, w.srv, "PUT", "webhooks/"+w.hook.ID+"/", map[string]any{"url": w.rcv.URL})
		assert.Equal(w.t, "name", resp.JSON(w.t)["errors"].([]any)[0].(map[string]any)["field"], "PUT needs the name too")
		h, _, err := w.c.Webhooks.Update(w.ctx, w.hook.ID, &blueink.WebhookRequest{Name: "renamed hook", URL: w.rcv.URL,
			EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}})
		require.NoError(w.t, err)
		assert.Equal(w.t, "renamed hook", h.Name)
		assert.Equal(w.t, []blueink.WebhookEventType{blueink.WebhookEventBundleSent}, h.EventTypes, "PUT replaces the subscriptions")
		assert.Len(w.t, h.ExtraHeaders, 1, "headers not given are kept")
	}},
	{"Webhooks.Patch", func(w *world) {
		h, _, err := w.c.Webhooks.Patch(w.ctx, w.hook.ID, &blueink.WebhookRequest{EventTypes: allEventTypes()})
		require.NoError(w.t, err)
		assert.Len(w.t, h.EventTypes, len(blueink.EventTypes()))
		assert.Equal(w.t, []string{w.rcv.URL, "renamed hook"}, []string{h.URL, h.Name}, "PATCH keeps what it does not name")
		w.hook = h
	}},
	{"Webhooks.List", func(w *world) {
		hs, _, err := w.c.Webhooks.List(w.ctx, &blueink.WebhookListOptions{Enabled: ptr(true), EventType: blueink.WebhookEventBundleComplete})
		require.NoError(w.t, err)
		assert.Equal(w.t, []*blueink.Webhook{w.hook}, hs)
		hs, _, err = w.c.Webhooks.List(w.ctx, &blueink.WebhookListOptions{Enabled: ptr(false)})
		require.NoError(w.t, err)
		assert.Empty(w.t, hs)
	}},
	{"Webhooks.All", func(w *world) {
		got := []string{}
		for h, err := range w.c.Webhooks.All(w.ctx, nil) {
			require.NoError(w.t, err)
			got = append(got, h.ID)
		}
		assert.Equal(w.t, []string{w.hook.ID}, got)
	}},

	// ---- persons
	{"Persons.Create", func(w *world) {
		// The client refuses a bad email itself: sent raw.
		resp := rawJSON(w.t, w.srv, "POST", "persons/", map[string]any{"channels": []any{map[string]any{"kind": "em", "email": "x"}}})
		assert.Equal(w.t, http.StatusBadRequest, resp.Status)
		assert.Equal(w.t, map[string]any{"code": "invalid", "message": "The request contained invalid input.",
			"errors": []any{map[string]any{"field": "channels[0].email", "message": "Enter a valid email address."}}}, resp.JSON(w.t))
		p, created, err := w.c.Persons.Create(w.ctx, &blueink.PersonRequest{Name: "Tom Jones", Metadata: map[string]any{"crm": "42"},
			Channels: []blueink.ContactChannel{{Kind: blueink.ChannelEmail, Email: "tom@example.com"}}})
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusCreated, created.StatusCode)
		w.person = p
	}},
	{"Persons.Get", func(w *world) {
		p, _, err := w.c.Persons.Get(w.ctx, w.person.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.person, p)
		_, _, err = w.c.Persons.Get(w.ctx, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
		gone(w.t, err)
	}},
	{"Persons.Update", func(w *world) {
		p, _, err := w.c.Persons.Update(w.ctx, w.person.ID, &blueink.PersonRequest{Name: "Thomas Jones", Channels: w.person.Channels})
		require.NoError(w.t, err)
		assert.Equal(w.t, "Thomas Jones", p.Name)
		assert.Empty(w.t, p.Metadata, "PUT replaces everything")
		assert.Equal(w.t, w.person.Channels, p.Channels, "a channel with a known id keeps it")
	}},
	{"Persons.Patch", func(w *world) {
		p, _, err := w.c.Persons.Patch(w.ctx, w.person.ID, &blueink.PersonRequest{Channels: []blueink.ContactChannel{
			{Kind: blueink.ChannelMobilePhone, Phone: "505 555 1234"}}})
		require.NoError(w.t, err)
		assert.Equal(w.t, "Thomas Jones", p.Name, "kept")
		require.Len(w.t, p.Channels, 2, "added")
		got, _, err := w.c.Persons.Get(w.ctx, w.person.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, p, got)
		w.person = got
	}},
	{"Persons.List", func(w *world) {
		ps, _, err := w.c.Persons.List(w.ctx, &blueink.PersonListOptions{Search: "555 1234"})
		require.NoError(w.t, err)
		assert.Equal(w.t, []*blueink.Person{w.person}, ps)
		ps, _, err = w.c.Persons.List(w.ctx, &blueink.PersonListOptions{Search: "nobody"})
		require.NoError(w.t, err)
		assert.Empty(w.t, ps)
	}},
	{"Persons.All", func(w *world) {
		n := 0
		for p, err := range w.c.Persons.All(w.ctx, nil) {
			require.NoError(w.t, err)
			assert.Equal(w.t, w.person.ID, p.ID)
			n++
		}
		assert.Equal(w.t, 1, n)
	}},

	// ---- templates (added as if prepared in BlueInk's UI)
	{"Templates.Get", func(w *world) {
		w.tmpl = w.srv.AddTemplate(blueink.Template{Name: "MSA", Roles: []blueink.TemplateRole{{Key: "customer"}},
			Fields: []blueink.TemplateField{{Kind: blueink.FieldSignature, Key: "sig-c", EditorRoles: []string{"customer"}}}})
		t, _, err := w.c.Templates.Get(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		assert.Equal(w.t, "MSA", t.Name)
		status, body := download(w.t, t.FileURL)
		assert.Equal(w.t, http.StatusOK, status)
		assert.Contains(w.t, string(body), "MSA")
		_, _, err = w.c.Templates.Get(w.ctx, "412acd04-ccec-4e74-b695-cff8f6163b40")
		gone(w.t, err)
	}},
	{"Templates.Update", func(w *world) {
		t, _, err := w.c.Templates.Update(w.ctx, w.tmpl, &blueink.TemplateUpdate{Name: "Master services agreement"})
		require.NoError(w.t, err)
		assert.Equal(w.t, "Master services agreement", t.Name)
		got, _, err := w.c.Templates.Get(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		assert.Equal(w.t, t.Name, got.Name)
	}},
	{"Templates.CreatePreparationSession", func(w *world) {
		ps, resp, err := w.c.Templates.CreatePreparationSession(w.ctx, &blueink.TemplatePreparationSessionRequest{TemplateID: w.tmpl})
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusCreated, resp.StatusCode)
		assert.True(w.t, strings.HasPrefix(ps.URL, w.srv.Root()+"/embed/prepare/"))
		_, _, err = w.c.Templates.CreatePreparationSession(w.ctx, &blueink.TemplatePreparationSessionRequest{RedirectURL: "nowhere"})
		refused(w.t, err, "redirect_url")
	}},
	{"Templates.List", func(w *world) {
		ts, resp, err := w.c.Templates.List(w.ctx, nil)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.tmpl}, bundleIDs(ts, func(t *blueink.Template) string { return t.ID }))
		assert.Equal(w.t, blueink.Pagination{Page: 1, TotalPages: 1, PerPage: 50, TotalResults: 1}, *resp.Pagination)
	}},
	{"Templates.All", func(w *world) {
		n := 0
		for _, err := range w.c.Templates.All(w.ctx, nil) {
			require.NoError(w.t, err)
			n++
		}
		assert.Equal(w.t, 1, n)
	}},
	{"EnvelopeTemplates.Get", func(w *world) {
		var err error
		w.env, err = w.srv.AddEnvelopeTemplate(blueink.EnvelopeTemplate{Name: "Onboarding"}, w.tmpl)
		require.NoError(w.t, err)
		e, _, err := w.c.EnvelopeTemplates.Get(w.ctx, w.env)
		require.NoError(w.t, err)
		assert.Equal(w.t, &blueink.EnvelopeTemplate{ID: w.env, Name: "Onboarding"}, e)
		_, _, err = w.c.EnvelopeTemplates.Get(w.ctx, w.tmpl)
		gone(w.t, err, "a document template is not an envelope template")
	}},
	{"EnvelopeTemplates.List", func(w *world) {
		es, _, err := w.c.EnvelopeTemplates.List(w.ctx, nil)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.env}, bundleIDs(es, func(e *blueink.EnvelopeTemplate) string { return e.ID }))
	}},
	{"EnvelopeTemplates.All", func(w *world) {
		n := 0
		for _, err := range w.c.EnvelopeTemplates.All(w.ctx, nil) {
			require.NoError(w.t, err)
			n++
		}
		assert.Equal(w.t, 1, n)
	}},

	// ---- bundles
	{"Bundles.Create", func(w *world) {
		bad := simpleRequest("bad")
		bad.Packets[0].PersonID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
		_, _, err := w.c.Bundles.Create(w.ctx, bad)
		refused(w.t, err, "packets[0].person_id")
		req := simpleRequest("draft")
		req.Status, req.CustomKey = blueink.BundleDraft, "order-1"
		req.Packets = append(req.Packets, blueink.PacketRequest{Key: "signer-2", Name: "Samir", DeliverVia: blueink.DeliverViaEmbed})
		b, resp, err := w.c.Bundles.Create(w.ctx, req)
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusCreated, resp.StatusCode)
		assert.Equal(w.t, blueink.BundleDraft, b.Status)
		assert.Empty(w.t, w.rcv.Types(), "a draft sends nothing")
		w.draft = b
		_, _, err = w.c.Bundles.Create(w.ctx, req)
		refused(w.t, err, "custom_key")
	}},
	{"Bundles.Get", func(w *world) {
		b, _, err := w.c.Bundles.Get(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.draft, b)
		_, _, err = w.c.Bundles.Get(w.ctx, "A1B2C3D4E5")
		gone(w.t, err)
	}},
	{"Bundles.CreateWithFiles", func(w *world) {
		req := simpleRequest("uploaded")
		req.Packets[0].PersonID, req.Packets[0].Email, req.Packets[0].Name = w.person.ID, "", ""
		req.Documents = []blueink.RequestDocument{&blueink.DocumentRequest{Key: "nda", FileIndex: ptr(0),
			Fields: []blueink.DocumentRequestField{{Kind: blueink.FieldInput, Key: "company", Editors: []string{"signer-1"}}}}}
		b, _, err := w.c.Bundles.CreateWithFiles(w.ctx, req, blueink.FileFromBytes("nda.pdf", "", blueinktest.PDF("NDA")))
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.BundleSent, b.Status)
		assert.Equal(w.t, "tom@example.com", b.Packets[0].Email, "filled from the person")
		assert.Equal(w.t, []string{"bundle_sent"}, w.rcv.Types(), "delivered, verified, before Create returned")
		w.sent = b
	}},
	{"Bundles.CreateOnce", func(w *world) {
		req := simpleRequest("once")
		req.CustomKey, req.Status = "once-1", blueink.BundleDraft
		w.srv.FailNext(blueinktest.LoseAnswer, 0) // created, then the answer is lost
		b, resp, err := w.c.Bundles.CreateOnce(w.ctx, req)
		require.NoError(w.t, err)
		assert.True(w.t, resp.Recovered, "found by its custom key")
		bs, _, err := w.c.Bundles.List(w.ctx, &blueink.BundleListOptions{Search: "once-1"})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{b.ID}, bundleIDs(bs, bundleID), "created once")
		_, err = w.c.Bundles.Delete(w.ctx, b.ID) // out of the way of the steps below
		require.NoError(w.t, err)
	}},
	{"Bundles.CreateFromEnvelopeTemplate", func(w *world) {
		b, _, err := w.c.Bundles.CreateFromEnvelopeTemplate(w.ctx, &blueink.BundleRequest{
			Packets:          []blueink.PacketRequest{{Key: "customer", Name: "Ann", Email: "ann@example.com"}},
			EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: w.env}})
		require.NoError(w.t, err)
		require.Len(w.t, b.Documents, 1)
		assert.Equal(w.t, w.tmpl, b.Documents[0].TemplateID)
		w.fromEnv = b
		bad := &blueink.BundleRequest{Packets: []blueink.PacketRequest{{Key: "vendor", Name: "Bob", Email: "bob@example.com"}},
			EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: w.env}}
		_, _, err = w.c.Bundles.CreateFromEnvelopeTemplate(w.ctx, bad)
		refused(w.t, err, "packets")
		_, err = w.c.Do(w.ctx, &blueink.Request{Method: http.MethodPost, Path: "bundles/create_from_envelope_template/", Body: bad}, nil)
		refused(w.t, err, "packets") // the older clients' route: the same rules
	}},
	{"Bundles.CreatePreparationSession", func(w *world) {
		ps, _, err := w.c.Bundles.CreatePreparationSession(w.ctx, &blueink.PreparationSessionRequest{TemplateIDs: []string{w.tmpl}, DraftBundle: w.draft.ID})
		require.NoError(w.t, err)
		assert.True(w.t, strings.HasPrefix(ps.URL, w.srv.Root()+"/embed/prepare/"))
		_, _, err = w.c.Bundles.CreatePreparationSession(w.ctx, &blueink.PreparationSessionRequest{DraftBundle: w.sent.ID})
		refused(w.t, err, "draft_bundle")
	}},
	{"Bundles.Update", func(w *world) {
		b, _, err := w.c.Bundles.Update(w.ctx, w.draft.ID, &blueink.BundleUpdate{Label: "renamed", InOrder: ptr(true)})
		require.NoError(w.t, err)
		got, _, err := w.c.Bundles.Get(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, b, got)
		assert.Equal(w.t, "renamed", got.Label)
		assert.Equal(w.t, "order-1", got.CustomKey, "kept")
	}},
	{"Bundles.Validate", func(w *world) {
		v, _, err := w.c.Bundles.Validate(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.BundleValidation{CanSend: true, NumDocs: 1}, *v)
	}},
	{"Bundles.AddTags", func(w *world) {
		b, _, err := w.c.Bundles.AddTags(w.ctx, w.draft.ID, "q4", "vip")
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{"q4", "vip"}, b.Tags)
	}},
	{"Bundles.RemoveTags", func(w *world) {
		b, _, err := w.c.Bundles.RemoveTags(w.ctx, w.draft.ID, "vip")
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{"q4"}, b.Tags)
	}},
	{"Bundles.List", func(w *world) {
		for _, tc := range []struct {
			opts blueink.BundleListOptions
			want []string
		}{
			{blueink.BundleListOptions{}, []string{w.fromEnv.ID, w.sent.ID, w.draft.ID}},
			{blueink.BundleListOptions{Ordering: blueink.OrderCreated}, []string{w.draft.ID, w.sent.ID, w.fromEnv.ID}},
			{blueink.BundleListOptions{Status: blueink.BundleDraft}, []string{w.draft.ID}},
			{blueink.BundleListOptions{StatusIn: []blueink.BundleStatus{blueink.BundleDraft, blueink.BundleSent}}, []string{w.fromEnv.ID, w.sent.ID, w.draft.ID}},
			{blueink.BundleListOptions{Search: "order-1"}, []string{w.draft.ID}},
			{blueink.BundleListOptions{Tag: "q4"}, []string{w.draft.ID}},
			{blueink.BundleListOptions{Template: w.tmpl}, []string{w.fromEnv.ID}},
		} {
			bs, _, err := w.c.Bundles.List(w.ctx, &tc.opts)
			require.NoError(w.t, err)
			assert.Equal(w.t, tc.want, bundleIDs(bs, bundleID), "%+v", tc.opts)
		}
		_, _, err := w.c.Bundles.List(w.ctx, &blueink.BundleListOptions{Status: "zz"})
		refused(w.t, err, "status")
	}},
	{"Bundles.All", func(w *world) {
		got := []string{}
		for b, err := range w.c.Bundles.All(w.ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 1}}) {
			require.NoError(w.t, err)
			got = append(got, b.ID)
		}
		assert.Equal(w.t, []string{w.fromEnv.ID, w.sent.ID, w.draft.ID}, got, "three pages")
	}},
	{"Bundles.Send", func(w *world) {
		b, _, err := w.c.Bundles.Send(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.BundleSent, b.Status)
		assert.Equal(w.t, []blueink.PacketStatus{blueink.PacketSent, blueink.PacketNew}, []blueink.PacketStatus{b.Packets[0].Status, b.Packets[1].Status}, "in order")
		_, _, err = w.c.Bundles.Send(w.ctx, w.draft.ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict)
		w.draft = b
	}},

	// ---- packets
	{"Packets.Get", func(w *world) {
		p, _, err := w.c.Packets.Get(w.ctx, w.draft.Packets[1].ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.draft.Packets[1], p, "the packet of its bundle")
		_, _, err = w.c.Packets.Get(w.ctx, "P1Q2R3S4T5")
		gone(w.t, err)
	}},
	{"Packets.Update", func(w *world) {
		_, _, err := w.c.Packets.Update(w.ctx, w.draft.Packets[0].ID, &blueink.PacketUpdate{Email: "nope"})
		refused(w.t, err, "email")
		p, _, err := w.c.Packets.Update(w.ctx, w.draft.Packets[0].ID, &blueink.PacketUpdate{Name: "Pete"})
		require.NoError(w.t, err)
		b, _, err := w.c.Bundles.Get(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, p, b.Packets[0], "the change shows in its bundle")
	}},
	{"Packets.Remind", func(w *world) {
		_, _, err := w.c.Packets.Remind(w.ctx, w.draft.Packets[0].ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Packets.Remind(w.ctx, w.draft.Packets[1].ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict, "not sent yet")
	}},
	{"Packets.EmbedURL", func(w *world) {
		require.NoError(w.t, w.srv.View(w.ctx, w.draft.ID, "signer-1"))
		require.NoError(w.t, w.srv.Sign(w.ctx, w.draft.ID, "signer-1"))
		u, _, err := w.c.Packets.EmbedURL(w.ctx, w.draft.Packets[1].ID)
		require.NoError(w.t, err, "signer-2's turn came")
		assert.True(w.t, strings.HasPrefix(u.URL, w.srv.Root()+"/embed/sign/"))
		_, _, err = w.c.Packets.EmbedURL(w.ctx, w.draft.Packets[0].ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict)
	}},
	{"Packets.Certificate", func(w *world) {
		coe, _, err := w.c.Packets.Certificate(w.ctx, w.draft.Packets[0].ID)
		require.NoError(w.t, err)
		status, body := download(w.t, coe.FileURL)
		require.Equal(w.t, http.StatusOK, status)
		sum := sha256.Sum256(body)
		assert.Equal(w.t, hex.EncodeToString(sum[:]), coe.SHA256)
		_, _, err = w.c.Packets.Certificate(w.ctx, w.draft.Packets[1].ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict, "not complete")
	}},

	// ---- lifecycle
	{"Bundles.GenerateInterimFiles", func(w *world) {
		_, _, err := w.c.Bundles.ListFiles(w.ctx, w.sent.ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict, "nothing yet")
		resp, err := w.c.Bundles.GenerateInterimFiles(w.ctx, w.sent.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusAccepted, resp.StatusCode)
	}},
	{"Bundles.ListFiles", func(w *world) {
		require.NoError(w.t, w.srv.Complete(w.ctx, w.draft.ID))
		files, _, err := w.c.Bundles.ListFiles(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		require.Len(w.t, files, 1)
		status, pdf := download(w.t, files[0].FileURL)
		require.Equal(w.t, http.StatusOK, status)
		sum := sha256.Sum256(pdf)
		w.signedFileHash = hex.EncodeToString(sum[:])
		b, _, err := w.c.Bundles.Get(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.BundleComplete, b.Status)
		assert.True(w.t, b.DocsReady)
	}},
	{"Client.Download", func(w *world) {
		files, _, err := w.c.Bundles.ListFiles(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		body, _, err := w.c.Download(w.ctx, files[0].FileURL)
		require.NoError(w.t, err)
		pdf, err := io.ReadAll(body)
		require.NoError(w.t, body.Close())
		require.NoError(w.t, err)
		sum := sha256.Sum256(pdf)
		assert.Equal(w.t, w.signedFileHash, hex.EncodeToString(sum[:]))
		last := w.srv.Requests()[len(w.srv.Requests())-1]
		assert.Empty(w.t, last.Header.Get("Authorization"), "no credentials to a file link")
	}},
	{"Client.Do", func(w *world) {
		var got struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		_, err := w.c.Do(w.ctx, &blueink.Request{Path: "bundles/" + w.draft.ID + "/"}, &got)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.draft.ID, got.ID)
		assert.Equal(w.t, "co", got.Status)
		_, err = w.c.Do(w.ctx, &blueink.Request{Path: "bundles/A1B2C3D4E5/"}, nil)
		gone(w.t, err)
	}},
	{"Client.Verify", func(w *world) {
		v, _, err := w.c.Verify(w.ctx, w.signedFileHash)
		require.NoError(w.t, err)
		assert.Equal(w.t, true, v.Fields["verified"])
		assert.Equal(w.t, w.draft.ID, v.Fields["bundle_id"])
		v, _, err = w.c.Verify(w.ctx, strings.Repeat("ab", 32))
		require.NoError(w.t, err)
		assert.Equal(w.t, false, v.Fields["verified"])
	}},
	{"Bundles.GetData", func(w *world) {
		data, _, err := w.c.Bundles.GetData(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		assert.Empty(w.t, data, "no fields on a URL document")
		_, _, err = w.c.Bundles.GetData(w.ctx, w.sent.ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict, "not complete")
	}},
	{"Bundles.ListEvents", func(w *world) {
		evs, _, err := w.c.Bundles.ListEvents(w.ctx, w.draft.ID)
		require.NoError(w.t, err)
		var kinds []string
		for _, e := range evs {
			kinds = append(kinds, e.Kind)
		}
		assert.Equal(w.t, []string{"dr", "se", "se", "re", "st", "co", "se", "st", "co", "co"}, kinds)
	}},
	{"Bundles.Expire", func(w *world) {
		b, _, err := w.c.Bundles.Expire(w.ctx, w.fromEnv.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.BundleExpired, b.Status)
		_, _, err = w.c.Bundles.Expire(w.ctx, w.fromEnv.ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict)
	}},
	{"Bundles.Cancel", func(w *world) {
		_, err := w.c.Persons.Delete(w.ctx, w.person.ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict, "a live bundle uses the person")
		b, _, err := w.c.Bundles.Cancel(w.ctx, w.sent.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, blueink.BundleCancelled, b.Status)
		assert.Equal(w.t, "bundle_cancelled", last(w.rcv.Types()))
	}},
	{"Persons.Delete", func(w *world) {
		resp, err := w.c.Persons.Delete(w.ctx, w.person.ID)
		require.NoError(w.t, err, "no live bundle uses the person any more")
		assert.Equal(w.t, http.StatusNoContent, resp.StatusCode)
		_, _, err = w.c.Persons.Get(w.ctx, w.person.ID)
		gone(w.t, err)
	}},
	{"Bundles.Delete", func(w *world) {
		_, err := w.c.Bundles.Delete(w.ctx, w.sent.ID)
		assert.ErrorIs(w.t, err, blueink.ErrConflict, "only drafts")
		req := simpleRequest("scratch")
		req.Status = blueink.BundleDraft
		d, _, err := w.c.Bundles.Create(w.ctx, req)
		require.NoError(w.t, err)
		resp, err := w.c.Bundles.Delete(w.ctx, d.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusNoContent, resp.StatusCode)
		_, _, err = w.c.Bundles.Get(w.ctx, d.ID)
		gone(w.t, err)
		_, _, err = w.c.Packets.Get(w.ctx, d.Packets[0].ID)
		gone(w.t, err, "packets go with their bundle")
	}},
	{"Templates.Delete", func(w *world) {
		resp, err := w.c.Templates.Delete(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		assert.Equal(w.t, http.StatusNoContent, resp.StatusCode)
		_, _, err = w.c.Templates.Get(w.ctx, w.tmpl)
		gone(w.t, err)
		_, err = w.c.Templates.Delete(w.ctx, w.tmpl)
		gone(w.t, err)
		ts, _, err := w.c.Templates.List(w.ctx, nil)
		require.NoError(w.t, err)
		assert.Empty(w.t, ts)
	}},

	// ---- the webhook logs, the secret, deletes
	{"Webhooks.ListEvents", func(w *world) {
		evs, resp, err := w.c.Webhooks.ListEvents(w.ctx, &blueink.WebhookEventListOptions{Webhook: w.hook.ID, EventType: blueink.WebhookEventPacketComplete})
		require.NoError(w.t, err)
		assert.Len(w.t, evs, 2)
		assert.Equal(w.t, 2, resp.Pagination.TotalResults)
		all, _, err := w.c.Webhooks.ListEvents(w.ctx, &blueink.WebhookEventListOptions{Success: ptr(true), ListOptions: blueink.ListOptions{PerPage: 100}})
		require.NoError(w.t, err)
		assert.Len(w.t, all, len(w.rcv.Events()), "one record per delivery, all answered 200")
		w.eventID = all[0].ID
	}},
	{"Webhooks.GetEvent", func(w *world) {
		e, _, err := w.c.Webhooks.GetEvent(w.ctx, w.eventID)
		require.NoError(w.t, err)
		assert.Equal(w.t, string(w.rcv.Events()[0].Raw()), e.Payload, "the body delivered")
		require.Len(w.t, e.Deliveries, 1)
		w.deliveryID = e.Deliveries[0].ID
	}},
	{"Webhooks.ListDeliveries", func(w *world) {
		ds, _, err := w.c.Webhooks.ListDeliveries(w.ctx, &blueink.WebhookDeliveryListOptions{WebhookEvent: w.eventID})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.deliveryID}, bundleIDs(ds, func(d *blueink.WebhookDelivery) string { return d.ID }))
	}},
	{"Webhooks.AllEvents", func(w *world) {
		n := 0
		for ev, err := range w.c.Webhooks.AllEvents(w.ctx, &blueink.WebhookEventListOptions{Success: ptr(true), ListOptions: blueink.ListOptions{PerPage: 2}}) {
			require.NoError(w.t, err)
			assert.True(w.t, ev.Success)
			n++
		}
		assert.Equal(w.t, len(w.rcv.Events()), n, "every page")
	}},
	{"Webhooks.EventsSince", func(w *world) {
		n := 0
		for ev, err := range w.c.Webhooks.EventsSince(w.ctx, w.srv.Now().Add(-time.Hour), nil) {
			require.NoError(w.t, err)
			assert.Equal(w.t, "blueink", ev.Provider())
			n++
		}
		assert.Equal(w.t, len(w.rcv.Events()), n, "the log's events, as their deliveries decode")
	}},
	{"Webhooks.AllDeliveries", func(w *world) {
		n := 0
		for d, err := range w.c.Webhooks.AllDeliveries(w.ctx, &blueink.WebhookDeliveryListOptions{ListOptions: blueink.ListOptions{PerPage: 2}}) {
			require.NoError(w.t, err)
			assert.Equal(w.t, 200, d.Status)
			n++
		}
		assert.Equal(w.t, len(w.rcv.Events()), n, "every page")
	}},
	{"Webhooks.GetDelivery", func(w *world) {
		d, _, err := w.c.Webhooks.GetDelivery(w.ctx, w.deliveryID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 200, d.Status)
		_, _, err = w.c.Webhooks.GetDelivery(w.ctx, w.eventID)
		gone(w.t, err)
	}},
	{"Webhooks.RegenerateSecret", func(w *world) {
		s, _, err := w.c.Webhooks.RegenerateSecret(w.ctx)
		require.NoError(w.t, err)
		assert.NotEqual(w.t, w.secret, s.Secret.Reveal())
		got, _, err := w.c.Webhooks.GetSecret(w.ctx)
		require.NoError(w.t, err)
		assert.Equal(w.t, s.Secret.Reveal(), got.Secret.Reveal())
		resp := rawJSON(w.t, w.srv, "POST", "webhooks/secret/regenerate/", nil) // as BlueInk's official clients send it
		require.Equal(w.t, http.StatusOK, resp.Status)
		assert.NotEqual(w.t, s.Secret.Reveal(), resp.JSON(w.t)["secret"])
		n := len(w.rcv.Events())
		require.NoError(w.t, w.srv.Emit(w.ctx, blueink.EventBundleSent, blueink.EventPayload{BundleID: w.sent.ID}))
		assert.Len(w.t, w.rcv.Events(), n+1, "signed with the new secret")
	}},
	{"Webhooks.DeleteExtraHeader", func(w *world) {
		_, err := w.c.Webhooks.DeleteExtraHeader(w.ctx, w.header.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Webhooks.GetExtraHeader(w.ctx, w.header.ID)
		gone(w.t, err)
	}},
	{"Webhooks.Delete", func(w *world) {
		h, _, err := w.c.Webhooks.CreateExtraHeader(w.ctx, &blueink.WebhookExtraHeader{Webhook: w.hook.ID, Name: "X-Gone", Value: "1"})
		require.NoError(w.t, err)
		_, err = w.c.Webhooks.Delete(w.ctx, w.hook.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Webhooks.Get(w.ctx, w.hook.ID)
		gone(w.t, err)
		_, _, err = w.c.Webhooks.GetExtraHeader(w.ctx, h.ID)
		gone(w.t, err, "headers go with their webhook")
		_, err = w.c.Webhooks.Delete(w.ctx, w.hook.ID)
		gone(w.t, err)
	}},
}

// TestEveryClientMethod runs the steps, then checks that they called every
// exported method of blueink.Client and its services, that every API
// operation of the fake was requested, and that every delivery reached the
// receiver, which verified its signature.
func TestEveryClientMethod(t *testing.T) {
	srv := blueinktest.NewServer(t)
	w := &world{t: t, ctx: context.Background(), c: srv.Client(), srv: srv}
	w.rcv = newReceiver(t, srv)
	covered := map[string]bool{}
	for _, st := range steps {
		ok := t.Run(st.method, func(t *testing.T) {
			w.t = t
			st.run(w)
		})
		require.True(t, ok, "step %s failed; later steps depend on it", st.method)
		covered[st.method] = true
	}

	var missing []string
	for _, m := range append(fakeserver.ClientMethods(w.c), "Client.Verify", "Client.Do", "Client.Download") {
		if !covered[m] {
			missing = append(missing, m)
		}
	}
	assert.Empty(t, missing, "client methods without a step")
	assert.Empty(t, fakeserver.Unrequested(srv.Ops(), srv.Requests(), blueinktest.APIPath), "operations no step requested")

	for _, d := range srv.Deliveries() {
		assert.True(t, d.OK(), "%s to %s: %d %v", d.Event, d.URL, d.Status, d.Err)
	}
	assert.Len(t, w.rcv.Events(), len(srv.Deliveries()), "every delivery verified and decoded")
}
