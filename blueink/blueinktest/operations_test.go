package blueinktest_test

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

// fixture is a server holding one of everything.
type fixture struct {
	srv    *blueinktest.Server
	c      *blueink.Client
	ctx    context.Context
	rcv    *receiver
	tmpl   string
	env    string
	person *blueink.Person
	hook   *blueink.Webhook
	header *blueink.WebhookExtraHeader
	draft  *blueink.Bundle // status dr
	sent   *blueink.Bundle // status se; signer-2 is embedded
	done   *blueink.Bundle // status co
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := blueinktest.NewServer(t)
	f := &fixture{srv: srv, c: srv.Client(), ctx: ctxT(t)}
	f.rcv = newReceiver(t, srv)
	f.tmpl = srv.AddTemplate(blueink.Template{
		Name:  "Services Agreement",
		Roles: []blueink.TemplateRole{{Key: "customer", Label: "Customer"}, {Key: "vendor", Label: "Vendor"}},
		Fields: []blueink.TemplateField{
			{Kind: blueink.FieldInput, Key: "inp-company", Label: "Company", Page: 1, X: 10, Y: 20, W: 30, H: 3, EditorRoles: []string{"customer"}},
			{Kind: blueink.FieldSignature, Key: "sig-vendor", Page: 1, X: 10, Y: 60, W: 30, H: 8, EditorRoles: []string{"vendor"}},
		},
		Metadata: map[string]any{"department": "legal"},
	})
	var err error
	f.env, err = srv.AddEnvelopeTemplate(blueink.EnvelopeTemplate{Name: "New hire packet", Description: "Agreement"}, f.tmpl)
	require.NoError(t, err)
	f.person, _, err = f.c.Persons.Create(f.ctx, &blueink.PersonRequest{
		Name:     "Tom Jones",
		Metadata: map[string]any{"occupation": "legend"},
		Channels: []blueink.ContactChannel{{Kind: blueink.ChannelEmail, Email: "tom@example.com"}, {Kind: blueink.ChannelMobilePhone, Phone: "505 555 1234"}},
	})
	require.NoError(t, err)
	f.hook = subscribe(t, f.c, f.rcv.URL)
	f.header, _, err = f.c.Webhooks.CreateExtraHeader(f.ctx, &blueink.WebhookExtraHeader{Webhook: f.hook.ID, Name: "X-Receiver-Token", Value: "rcv-1"})
	require.NoError(t, err)

	draftReq := simpleRequest("draft")
	draftReq.Status = blueink.BundleDraft
	f.draft, _, err = f.c.Bundles.Create(f.ctx, draftReq)
	require.NoError(t, err)
	sentReq := simpleRequest("sent")
	sentReq.Packets = append(sentReq.Packets, blueink.PacketRequest{Key: "signer-2", Name: "Samir", DeliverVia: blueink.DeliverViaEmbed})
	f.sent, _, err = f.c.Bundles.Create(f.ctx, sentReq)
	require.NoError(t, err)
	f.done, _, err = nda().Create(f.ctx, f.c.Bundles)
	require.NoError(t, err)
	require.NoError(t, srv.Complete(f.ctx, f.done.ID))
	return f
}

type op struct {
	name string
	run  func(t *testing.T, f *fixture)
}

func operationTable() []op {
	return []op{
		{"Bundles.List", func(t *testing.T, f *fixture) {
			bs, resp, err := f.c.Bundles.List(f.ctx, &blueink.BundleListOptions{Ordering: blueink.OrderCreated})
			require.NoError(t, err)
			assert.Equal(t, []string{f.draft.ID, f.sent.ID, f.done.ID}, ids(bs))
			assert.Equal(t, blueink.Pagination{Page: 1, TotalPages: 1, PerPage: 50, TotalResults: 3}, *resp.Pagination)
		}},
		{"Bundles.All", func(t *testing.T, f *fixture) {
			var got []string
			for b, err := range f.c.Bundles.All(f.ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 1}}) {
				require.NoError(t, err)
				got = append(got, b.ID)
			}
			assert.Equal(t, []string{f.done.ID, f.sent.ID, f.draft.ID}, got, "newest first")
		}},
		{"Bundles.Create", func(t *testing.T, f *fixture) {
			b, resp, err := f.c.Bundles.Create(f.ctx, simpleRequest("json"))
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.Equal(t, blueink.BundleSent, b.Status)
			assert.Equal(t, blueink.BundleDocument{Key: "w9", Name: "fw9.pdf"}, b.Documents[0])
			assert.Equal(t, "application/json", lastRequest(f).Header.Get("Content-Type"))
		}},
		{"Bundles.CreateOnce", func(t *testing.T, f *fixture) {
			req := simpleRequest("once")
			b, resp, err := f.c.Bundles.CreateOnce(f.ctx, req)
			require.NoError(t, err)
			assert.False(t, resp.Recovered)
			assert.True(t, strings.HasPrefix(b.CustomKey, "esign-"), "generated custom_key %q", b.CustomKey)
			assert.Empty(t, req.CustomKey, "the caller's request is untouched")
			// The same key again: BlueInk refuses a second bundle with it,
			// and CreateOnce returns the first one.
			req.CustomKey = b.CustomKey
			again, resp, err := f.c.Bundles.CreateOnce(f.ctx, req)
			require.NoError(t, err)
			assert.True(t, resp.Recovered)
			assert.Equal(t, b.ID, again.ID)
		}},
		{"Bundles.CreateWithFiles", func(t *testing.T, f *fixture) {
			req := simpleRequest("files")
			req.Documents = []blueink.RequestDocument{&blueink.DocumentRequest{Key: "contract", FileIndex: ptr(0)}}
			b, _, err := f.c.Bundles.CreateWithFiles(f.ctx, req, blueink.FileFromBytes("contract.pdf", "", blueinktest.PDF("x")))
			require.NoError(t, err)
			assert.Equal(t, blueink.BundleSent, b.Status)
			assert.Equal(t, "contract.pdf", b.Documents[0].Name)
			assert.True(t, strings.HasPrefix(lastRequest(f).Header.Get("Content-Type"), "multipart/form-data; boundary="))
		}},
		{"Bundles.CreateFromEnvelopeTemplate", func(t *testing.T, f *fixture) {
			req := &blueink.BundleRequest{
				Packets: []blueink.PacketRequest{
					{Key: "customer", Name: "Ann", Email: "ann@example.com"},
					{Key: "vendor", PersonID: f.person.ID},
				},
				EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: f.env,
					FieldValues: []blueink.TemplateFieldValue{{Key: "inp-company", InitialValue: "Initech"}}},
			}
			b, _, err := f.c.Bundles.CreateFromEnvelopeTemplate(f.ctx, req)
			require.NoError(t, err)
			assert.Equal(t, "POST /api/v2/bundles/", lastRequest(f).Method+" "+lastRequest(f).Path)
			var old *blueink.Bundle // the older clients' route makes the same bundle
			_, err = f.c.Do(f.ctx, &blueink.Request{Method: http.MethodPost, Path: "bundles/create_from_envelope_template/", Body: req}, &old)
			require.NoError(t, err)
			assert.Equal(t, b.Documents[0].TemplateID, old.Documents[0].TemplateID)
			assert.Equal(t, b.Data[0].Value, old.Data[0].Value)
			require.Len(t, b.Documents, 1)
			assert.Equal(t, f.tmpl, b.Documents[0].TemplateID)
			assert.Equal(t, "Services Agreement", b.Documents[0].Name)
			assert.Equal(t, "Tom Jones", b.Packets[1].Name, "filled from the Person")
			assert.Equal(t, "tom@example.com", b.Packets[1].Email)
			require.Len(t, b.Data, 1)
			assert.Equal(t, "Initech", b.Data[0].Value)
		}},
		{"Bundles.CreatePreparationSession", func(t *testing.T, f *fixture) {
			ps, resp, err := f.c.Bundles.CreatePreparationSession(f.ctx, &blueink.PreparationSessionRequest{TemplateIDs: []string{f.tmpl}, DraftBundle: f.draft.ID})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.True(t, strings.HasPrefix(ps.URL, f.srv.Root()+"/embed/prepare/"))
			assert.True(t, ps.Expires.After(f.srv.Now()))
		}},
		{"Bundles.Get", func(t *testing.T, f *fixture) {
			b, _, err := f.c.Bundles.Get(f.ctx, f.sent.ID)
			require.NoError(t, err)
			assert.Equal(t, f.sent, b)
		}},
		{"Bundles.Update", func(t *testing.T, f *fixture) {
			b, _, err := f.c.Bundles.Update(f.ctx, f.draft.ID, &blueink.BundleUpdate{Label: "renamed", InOrder: ptr(true), CCEmails: []string{"cc@example.com"}})
			require.NoError(t, err)
			assert.Equal(t, "renamed", b.Label)
			assert.True(t, b.InOrder)
			assert.Equal(t, []string{"cc@example.com"}, b.CCEmails)
		}},
		{"Bundles.Delete", func(t *testing.T, f *fixture) {
			resp, err := f.c.Bundles.Delete(f.ctx, f.draft.ID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
			_, _, err = f.c.Bundles.Get(f.ctx, f.draft.ID)
			assert.ErrorIs(t, err, blueink.ErrNotFound)
			_, _, err = f.c.Packets.Get(f.ctx, f.draft.Packets[0].ID)
			assert.ErrorIs(t, err, blueink.ErrNotFound)
		}},
		{"Bundles.Cancel", func(t *testing.T, f *fixture) {
			b, _, err := f.c.Bundles.Cancel(f.ctx, f.sent.ID)
			require.NoError(t, err)
			assert.Equal(t, blueink.BundleCancelled, b.Status)
			assert.Equal(t, blueink.PacketCancelled, b.Packets[0].Status)
			assert.Equal(t, "bundle_cancelled", last(f.rcv.Types()))
		}},
		{"Bundles.Send", func(t *testing.T, f *fixture) {
			b, _, err := f.c.Bundles.Send(f.ctx, f.draft.ID)
			require.NoError(t, err)
			assert.Equal(t, blueink.BundleSent, b.Status)
			assert.Equal(t, "bundle_sent", last(f.rcv.Types()))
		}},
		{"Bundles.Validate", func(t *testing.T, f *fixture) {
			v, _, err := f.c.Bundles.Validate(f.ctx, f.draft.ID)
			require.NoError(t, err)
			assert.Equal(t, blueink.BundleValidation{CanSend: true, NumDocs: 1}, *v)
			v, _, err = f.c.Bundles.Validate(f.ctx, f.sent.ID)
			require.NoError(t, err)
			assert.False(t, v.CanSend)
			assert.Contains(t, v.Message, "draft")
		}},
		{"Bundles.Expire", func(t *testing.T, f *fixture) {
			b, _, err := f.c.Bundles.Expire(f.ctx, f.sent.ID)
			require.NoError(t, err)
			assert.Equal(t, blueink.BundleExpired, b.Status)
			assert.Equal(t, blueink.PacketExpired, b.Packets[1].Status)
		}},
		{"Bundles.ListEvents", func(t *testing.T, f *fixture) {
			evs, _, err := f.c.Bundles.ListEvents(f.ctx, f.sent.ID)
			require.NoError(t, err)
			require.Len(t, evs, 4)
			assert.Equal(t, "Bundle created", evs[0].Description)
			assert.Equal(t, f.sent.Packets[0].ID, evs[1].PacketID)
			assert.False(t, evs[0].Timestamp.IsZero())
		}},
		{"Bundles.ListFiles", func(t *testing.T, f *fixture) {
			files, _, err := f.c.Bundles.ListFiles(f.ctx, f.done.ID)
			require.NoError(t, err)
			require.Len(t, files, 1)
			assert.True(t, strings.HasPrefix(files[0].FileURL, f.srv.Root()+"/files/"))
		}},
		{"Bundles.GenerateInterimFiles", func(t *testing.T, f *fixture) {
			resp, err := f.c.Bundles.GenerateInterimFiles(f.ctx, f.sent.ID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusAccepted, resp.StatusCode)
			files, _, err := f.c.Bundles.ListFiles(f.ctx, f.sent.ID)
			require.NoError(t, err)
			status, body := download(t, files[0].FileURL)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, string(body), "interim")
		}},
		{"Bundles.GetData", func(t *testing.T, f *fixture) {
			data, _, err := f.c.Bundles.GetData(f.ctx, f.done.ID)
			require.NoError(t, err)
			assert.Len(t, data, 2, "two signatures; the optional input stayed empty")
		}},
		{"Bundles.AddTags", func(t *testing.T, f *fixture) {
			_, _, err := f.c.Bundles.AddTags(f.ctx, f.sent.ID, "q4", "vip")
			require.NoError(t, err)
			b, _, err := f.c.Bundles.AddTags(f.ctx, f.sent.ID, "vip", "urgent")
			require.NoError(t, err)
			assert.Equal(t, []string{"q4", "vip", "urgent"}, b.Tags)
		}},
		{"Bundles.RemoveTags", func(t *testing.T, f *fixture) {
			_, _, err := f.c.Bundles.AddTags(f.ctx, f.sent.ID, "q4", "vip")
			require.NoError(t, err)
			b, _, err := f.c.Bundles.RemoveTags(f.ctx, f.sent.ID, "q4", "unknown")
			require.NoError(t, err)
			assert.Equal(t, []string{"vip"}, b.Tags)
		}},

		{"Packets.Get", func(t *testing.T, f *fixture) {
			p, _, err := f.c.Packets.Get(f.ctx, f.sent.Packets[1].ID)
			require.NoError(t, err)
			assert.Equal(t, f.sent.Packets[1], p)
		}},
		{"Packets.Update", func(t *testing.T, f *fixture) {
			p, _, err := f.c.Packets.Update(f.ctx, f.sent.Packets[0].ID, &blueink.PacketUpdate{Name: "Pete", Phone: "505 555 0000", DeliverVia: blueink.DeliverViaPhone, AuthSMS: ptr(true)})
			require.NoError(t, err)
			assert.Equal(t, "Pete", p.Name)
			assert.Equal(t, blueink.DeliverViaPhone, p.DeliverVia)
			assert.True(t, p.AuthSMS)
		}},
		{"Packets.EmbedURL", func(t *testing.T, f *fixture) {
			u, resp, err := f.c.Packets.EmbedURL(f.ctx, f.sent.Packets[1].ID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.True(t, strings.HasPrefix(u.URL, f.srv.Root()+"/embed/sign/"+f.sent.Packets[1].ID+"/"))
			_, _, err = f.c.Packets.EmbedURL(f.ctx, f.sent.Packets[0].ID)
			assert.ErrorIs(t, err, blueink.ErrConflict, "not an embedded signer")
		}},
		{"Packets.Remind", func(t *testing.T, f *fixture) {
			p, _, err := f.c.Packets.Remind(f.ctx, f.sent.Packets[0].ID)
			require.NoError(t, err)
			assert.Equal(t, f.sent.Packets[0].ID, p.ID)
			_, _, err = f.c.Packets.Remind(f.ctx, f.sent.Packets[0].ID)
			assert.ErrorIs(t, err, blueink.ErrConflict, "once an hour")
		}},
		{"Packets.Certificate", func(t *testing.T, f *fixture) {
			coe, _, err := f.c.Packets.Certificate(f.ctx, f.done.Packets[0].ID)
			require.NoError(t, err)
			assert.Len(t, coe.SHA256, 64)
			assert.True(t, coe.Expires.After(f.srv.Now()))
		}},

		{"Templates.List", func(t *testing.T, f *fixture) {
			ts, resp, err := f.c.Templates.List(f.ctx, nil)
			require.NoError(t, err)
			require.Len(t, ts, 1)
			assert.Equal(t, 1, resp.Pagination.TotalResults)
			assert.Equal(t, []blueink.TemplateRole{{Key: "customer", Label: "Customer"}, {Key: "vendor", Label: "Vendor"}}, ts[0].Roles)
		}},
		{"Templates.All", func(t *testing.T, f *fixture) {
			n := 0
			for tp, err := range f.c.Templates.All(f.ctx, nil) {
				require.NoError(t, err)
				assert.Equal(t, f.tmpl, tp.ID)
				n++
			}
			assert.Equal(t, 1, n)
		}},
		{"Templates.Get", func(t *testing.T, f *fixture) {
			tp, _, err := f.c.Templates.Get(f.ctx, f.tmpl)
			require.NoError(t, err)
			assert.Equal(t, "Services Agreement", tp.Name)
			require.Len(t, tp.Fields, 2)
			assert.Equal(t, []string{"customer"}, tp.Fields[0].EditorRoles)
			assert.Equal(t, map[string]any{"department": "legal"}, tp.Metadata)
			status, body := download(t, tp.FileURL)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, string(body), "Services Agreement")
		}},
		{"Templates.Update", func(t *testing.T, f *fixture) {
			tp, _, err := f.c.Templates.Update(f.ctx, f.tmpl, &blueink.TemplateUpdate{Name: "MSA", Metadata: map[string]any{"v": 2.0}})
			require.NoError(t, err)
			assert.Equal(t, "MSA", tp.Name)
			assert.Equal(t, map[string]any{"v": 2.0}, tp.Metadata)
		}},
		{"Templates.Delete", func(t *testing.T, f *fixture) {
			resp, err := f.c.Templates.Delete(f.ctx, f.tmpl)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
			_, _, err = f.c.Templates.Get(f.ctx, f.tmpl)
			assert.ErrorIs(t, err, blueink.ErrNotFound)
			_, _, err = f.c.Bundles.CreateFromEnvelopeTemplate(f.ctx, &blueink.BundleRequest{Packets: []blueink.PacketRequest{{Key: "customer", Name: "Ann", Email: "ann@example.com"}},
				EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: f.env}})
			assert.ErrorIs(t, err, blueink.ErrBadRequest, "its envelope template cannot make bundles any more")
			shared := f.srv.AddTemplate(blueink.Template{Name: "BlueInk W-9", IsShared: true})
			_, err = f.c.Templates.Delete(f.ctx, shared)
			assert.ErrorIs(t, err, blueink.ErrForbidden, "a shared template")
		}},
		{"Templates.CreatePreparationSession", func(t *testing.T, f *fixture) {
			ps, resp, err := f.c.Templates.CreatePreparationSession(f.ctx, &blueink.TemplatePreparationSessionRequest{TemplateID: f.tmpl,
				RedirectURL: "https://app.example/done", AllowedDataFlowTags: []string{"acme:*"}})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.True(t, strings.HasPrefix(ps.URL, f.srv.Root()+"/embed/prepare/"))
			assert.True(t, ps.Expires.After(f.srv.Now()))
			_, _, err = f.c.Templates.CreatePreparationSession(f.ctx, &blueink.TemplatePreparationSessionRequest{TemplateID: "412acd04-ccec-4e74-b695-cff8f6163b40"})
			assert.ErrorIs(t, err, blueink.ErrBadRequest, "an unknown template")
		}},
		{"EnvelopeTemplates.List", func(t *testing.T, f *fixture) {
			es, _, err := f.c.EnvelopeTemplates.List(f.ctx, nil)
			require.NoError(t, err)
			assert.Equal(t, []*blueink.EnvelopeTemplate{{ID: f.env, Name: "New hire packet", Description: "Agreement"}}, es)
		}},
		{"EnvelopeTemplates.All", func(t *testing.T, f *fixture) {
			n := 0
			for e, err := range f.c.EnvelopeTemplates.All(f.ctx, nil) {
				require.NoError(t, err)
				assert.Equal(t, f.env, e.ID)
				n++
			}
			assert.Equal(t, 1, n)
		}},
		{"EnvelopeTemplates.Get", func(t *testing.T, f *fixture) {
			e, _, err := f.c.EnvelopeTemplates.Get(f.ctx, f.env)
			require.NoError(t, err)
			assert.Equal(t, "New hire packet", e.Name)
		}},

		{"Persons.List", func(t *testing.T, f *fixture) {
			ps, _, err := f.c.Persons.List(f.ctx, &blueink.PersonListOptions{Search: "tom@"})
			require.NoError(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, f.person, ps[0])
			ps, _, err = f.c.Persons.List(f.ctx, &blueink.PersonListOptions{Search: "nobody"})
			require.NoError(t, err)
			assert.Empty(t, ps)
		}},
		{"Persons.All", func(t *testing.T, f *fixture) {
			n := 0
			for p, err := range f.c.Persons.All(f.ctx, nil) {
				require.NoError(t, err)
				assert.Equal(t, f.person.ID, p.ID)
				n++
			}
			assert.Equal(t, 1, n)
		}},
		{"Persons.Create", func(t *testing.T, f *fixture) {
			p, resp, err := f.c.Persons.Create(f.ctx, &blueink.PersonRequest{Name: "Ann", Channels: []blueink.ContactChannel{{Kind: blueink.ChannelEmail, Email: "ann@example.com"}}})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.Len(t, p.ID, 36)
			require.Len(t, p.Channels, 1)
			assert.Len(t, p.Channels[0].ID, 36)
			assert.False(t, p.IsUser)
		}},
		{"Persons.Get", func(t *testing.T, f *fixture) {
			p, _, err := f.c.Persons.Get(f.ctx, f.person.ID)
			require.NoError(t, err)
			assert.Equal(t, f.person, p)
		}},
		{"Persons.Update", func(t *testing.T, f *fixture) {
			p, _, err := f.c.Persons.Update(f.ctx, f.person.ID, &blueink.PersonRequest{Name: "Tom", Channels: []blueink.ContactChannel{f.person.Channels[0]}})
			require.NoError(t, err)
			assert.Equal(t, "Tom", p.Name)
			assert.Equal(t, []blueink.ContactChannel{f.person.Channels[0]}, p.Channels, "omitted channels are deleted")
			assert.Empty(t, p.Metadata, "PUT replaces the metadata too")
		}},
		{"Persons.Patch", func(t *testing.T, f *fixture) {
			p, _, err := f.c.Persons.Patch(f.ctx, f.person.ID, &blueink.PersonRequest{Channels: []blueink.ContactChannel{
				{Kind: blueink.ChannelEmail, Email: "tom@example.com"},                                 // exists: unchanged
				{Kind: blueink.ChannelEmail, Email: "tom.j@example.com"},                               // added
				{ID: f.person.Channels[1].ID, Kind: blueink.ChannelMobilePhone, Phone: "505 555 9999"}, // updated
			}})
			require.NoError(t, err)
			assert.Equal(t, "Tom Jones", p.Name)
			require.Len(t, p.Channels, 3)
			assert.Equal(t, "505 555 9999", p.Channels[1].Phone)
			assert.Equal(t, "tom.j@example.com", p.Channels[2].Email)
		}},
		{"Persons.Delete", func(t *testing.T, f *fixture) {
			resp, err := f.c.Persons.Delete(f.ctx, f.person.ID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
			_, _, err = f.c.Persons.Get(f.ctx, f.person.ID)
			assert.ErrorIs(t, err, blueink.ErrNotFound)
		}},

		{"Webhooks.List", func(t *testing.T, f *fixture) {
			hs, _, err := f.c.Webhooks.List(f.ctx, &blueink.WebhookListOptions{Enabled: ptr(true), EventType: blueink.WebhookEventBundleComplete})
			require.NoError(t, err)
			require.Len(t, hs, 1)
			assert.Equal(t, []blueink.WebhookExtraHeader{*f.header}, hs[0].ExtraHeaders)
			hs, _, err = f.c.Webhooks.List(f.ctx, &blueink.WebhookListOptions{Enabled: ptr(false)})
			require.NoError(t, err)
			assert.Empty(t, hs)
		}},
		{"Webhooks.All", func(t *testing.T, f *fixture) {
			n := 0
			for h, err := range f.c.Webhooks.All(f.ctx, nil) {
				require.NoError(t, err)
				assert.Equal(t, f.hook.ID, h.ID)
				n++
			}
			assert.Equal(t, 1, n)
		}},
		{"Webhooks.Create", func(t *testing.T, f *fixture) {
			h, resp, err := f.c.Webhooks.Create(f.ctx, &blueink.WebhookRequest{Name: "test hook", URL: "https://example.com/hook", JSON: ptr(false),
				EventTypes:   []blueink.WebhookEventType{blueink.WebhookEventBundleComplete},
				ExtraHeaders: []blueink.WebhookExtraHeader{{Name: "X-A", Value: "1", Order: 2}}})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.True(t, h.Enabled, "enabled defaults to true")
			assert.False(t, h.JSON)
			require.Len(t, h.ExtraHeaders, 1)
			assert.Equal(t, h.ID, h.ExtraHeaders[0].Webhook)
			assert.Equal(t, 2, h.ExtraHeaders[0].Order)
		}},
		{"Webhooks.Get", func(t *testing.T, f *fixture) {
			h, _, err := f.c.Webhooks.Get(f.ctx, f.hook.ID)
			require.NoError(t, err)
			assert.Equal(t, f.rcv.URL, h.URL)
			assert.Len(t, h.EventTypes, len(blueink.EventTypes()))
		}},
		{"Webhooks.Update", func(t *testing.T, f *fixture) {
			h, _, err := f.c.Webhooks.Update(f.ctx, f.hook.ID, &blueink.WebhookRequest{Name: "test hook", URL: "https://example.com/new", EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}})
			require.NoError(t, err)
			assert.Equal(t, "https://example.com/new", h.URL)
			assert.Equal(t, []blueink.WebhookEventType{blueink.WebhookEventBundleSent}, h.EventTypes)
			assert.Len(t, h.ExtraHeaders, 1, "headers not given are kept")
		}},
		{"Webhooks.Patch", func(t *testing.T, f *fixture) {
			h, _, err := f.c.Webhooks.Patch(f.ctx, f.hook.ID, &blueink.WebhookRequest{Enabled: ptr(false)})
			require.NoError(t, err)
			assert.False(t, h.Enabled)
			assert.Len(t, h.EventTypes, len(blueink.EventTypes()))
			// A disabled webhook receives nothing.
			n := len(f.rcv.Events())
			_, _, err = f.c.Bundles.Create(f.ctx, simpleRequest("quiet"))
			require.NoError(t, err)
			assert.Len(t, f.rcv.Events(), n)
		}},
		{"Webhooks.Delete", func(t *testing.T, f *fixture) {
			resp, err := f.c.Webhooks.Delete(f.ctx, f.hook.ID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
			_, _, err = f.c.Webhooks.GetExtraHeader(f.ctx, f.header.ID)
			assert.ErrorIs(t, err, blueink.ErrNotFound, "its headers go with it")
		}},
		{"Webhooks.ListExtraHeaders", func(t *testing.T, f *fixture) {
			hs, _, err := f.c.Webhooks.ListExtraHeaders(f.ctx, &blueink.WebhookExtraHeaderListOptions{Webhook: f.hook.ID, EventTypeIn: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}})
			require.NoError(t, err)
			assert.Equal(t, []*blueink.WebhookExtraHeader{f.header}, hs)
			hs, _, err = f.c.Webhooks.ListExtraHeaders(f.ctx, &blueink.WebhookExtraHeaderListOptions{Webhook: "other"})
			require.NoError(t, err)
			assert.Empty(t, hs)
		}},
		{"Webhooks.AllExtraHeaders", func(t *testing.T, f *fixture) {
			var hs []*blueink.WebhookExtraHeader
			for h, err := range f.c.Webhooks.AllExtraHeaders(f.ctx, &blueink.WebhookExtraHeaderListOptions{Webhook: f.hook.ID}) {
				require.NoError(t, err)
				hs = append(hs, h)
			}
			assert.Equal(t, []*blueink.WebhookExtraHeader{f.header}, hs)
		}},
		{"Webhooks.CreateExtraHeader", func(t *testing.T, f *fixture) {
			h, resp, err := f.c.Webhooks.CreateExtraHeader(f.ctx, &blueink.WebhookExtraHeader{Webhook: f.hook.ID, Name: "X-Second", Value: "2", Order: 5})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.Equal(t, blueink.WebhookExtraHeader{ID: h.ID, Webhook: f.hook.ID, Name: "X-Second", Value: "2", Order: 5}, *h)
		}},
		{"Webhooks.GetExtraHeader", func(t *testing.T, f *fixture) {
			h, _, err := f.c.Webhooks.GetExtraHeader(f.ctx, f.header.ID)
			require.NoError(t, err)
			assert.Equal(t, f.header, h)
			assert.Equal(t, 1, h.Order, "order defaults to 1")
		}},
		{"Webhooks.UpdateExtraHeader", func(t *testing.T, f *fixture) {
			h, _, err := f.c.Webhooks.UpdateExtraHeader(f.ctx, f.header.ID, &blueink.WebhookExtraHeader{Name: "X-Token", Value: "v2"})
			require.NoError(t, err)
			assert.Equal(t, "X-Token", h.Name)
			assert.Equal(t, "v2", h.Value)
			assert.Equal(t, f.hook.ID, h.Webhook)
		}},
		{"Webhooks.PatchExtraHeader", func(t *testing.T, f *fixture) {
			// The client always sends "name" (no omitempty), so a PATCH
			// carries the name too; see TestPartialPatchExtraHeader.
			h, _, err := f.c.Webhooks.PatchExtraHeader(f.ctx, f.header.ID, &blueink.WebhookExtraHeader{Name: "X-Receiver-Token", Value: "v3"})
			require.NoError(t, err)
			assert.Equal(t, "X-Receiver-Token", h.Name)
			assert.Equal(t, "v3", h.Value)
			assert.Equal(t, f.hook.ID, h.Webhook)
			assert.Equal(t, 1, h.Order, "order not given is kept")
		}},
		{"Webhooks.DeleteExtraHeader", func(t *testing.T, f *fixture) {
			resp, err := f.c.Webhooks.DeleteExtraHeader(f.ctx, f.header.ID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
			h, _, err := f.c.Webhooks.Get(f.ctx, f.hook.ID)
			require.NoError(t, err)
			assert.Empty(t, h.ExtraHeaders)
		}},
		{"Webhooks.ListEvents", func(t *testing.T, f *fixture) {
			evs, resp, err := f.c.Webhooks.ListEvents(f.ctx, &blueink.WebhookEventListOptions{EventType: blueink.WebhookEventPacketComplete, Success: ptr(true)})
			require.NoError(t, err)
			assert.Len(t, evs, 2)
			assert.Equal(t, 2, resp.Pagination.TotalResults)
			all, _, err := f.c.Webhooks.ListEvents(f.ctx, &blueink.WebhookEventListOptions{StatusIn: []int{200}})
			require.NoError(t, err)
			assert.Len(t, all, len(f.rcv.Events()))
		}},
		{"Webhooks.AllEvents", func(t *testing.T, f *fixture) {
			n := 0
			for _, err := range f.c.Webhooks.AllEvents(f.ctx, &blueink.WebhookEventListOptions{StatusIn: []int{200}, ListOptions: blueink.ListOptions{PerPage: 1}}) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, len(f.rcv.Events()), n)
		}},
		{"Webhooks.EventsSince", func(t *testing.T, f *fixture) {
			var ids []string
			for ev, err := range f.c.Webhooks.EventsSince(f.ctx, f.srv.Now().Add(-time.Hour), nil) {
				require.NoError(t, err)
				ids = append(ids, ev.ID())
			}
			var want []string
			for _, ev := range f.rcv.Events() {
				want = append(want, ev.ID())
			}
			assert.ElementsMatch(t, want, ids, "a delivery and its log entry have one ID")
		}},
		{"Webhooks.AllDeliveries", func(t *testing.T, f *fixture) {
			n := 0
			for d, err := range f.c.Webhooks.AllDeliveries(f.ctx, &blueink.WebhookDeliveryListOptions{ListOptions: blueink.ListOptions{PerPage: 1}}) {
				require.NoError(t, err)
				assert.Equal(t, 200, d.Status)
				n++
			}
			assert.Equal(t, len(f.rcv.Events()), n)
		}},
		{"Webhooks.GetEvent", func(t *testing.T, f *fixture) {
			ev := f.rcv.Events()[0]
			we, _, err := f.c.Webhooks.GetEvent(f.ctx, ev.ID())
			require.NoError(t, err)
			assert.Equal(t, blueink.WebhookEventType(ev.Type()), we.EventType)
			assert.Equal(t, string(ev.Raw()), we.Payload)
		}},
		{"Webhooks.ListDeliveries", func(t *testing.T, f *fixture) {
			ds, _, err := f.c.Webhooks.ListDeliveries(f.ctx, &blueink.WebhookDeliveryListOptions{WebhookEvent: f.rcv.Events()[0].ID()})
			require.NoError(t, err)
			require.Len(t, ds, 1)
			assert.Equal(t, 200, ds[0].Status)
		}},
		{"Webhooks.GetDelivery", func(t *testing.T, f *fixture) {
			we, _, err := f.c.Webhooks.GetEvent(f.ctx, f.rcv.Events()[0].ID())
			require.NoError(t, err)
			d, _, err := f.c.Webhooks.GetDelivery(f.ctx, we.Deliveries[0].ID)
			require.NoError(t, err)
			assert.Equal(t, we.Deliveries[0], *d)
		}},
		{"Webhooks.GetSecret", func(t *testing.T, f *fixture) {
			s, _, err := f.c.Webhooks.GetSecret(f.ctx)
			require.NoError(t, err)
			assert.Equal(t, f.srv.WebhookSecret(), s.Secret.Reveal())
			assert.False(t, s.CreateDate.IsZero())
		}},
		{"Webhooks.RegenerateSecret", func(t *testing.T, f *fixture) {
			old := f.srv.WebhookSecret()
			s, _, err := f.c.Webhooks.RegenerateSecret(f.ctx)
			require.NoError(t, err)
			assert.NotEqual(t, old, s.Secret.Reveal())
			assert.Equal(t, s.Secret.Reveal(), f.srv.WebhookSecret())
			got, _, err := f.c.Webhooks.GetSecret(f.ctx)
			require.NoError(t, err)
			assert.Equal(t, s.Secret.Reveal(), got.Secret.Reveal())
		}},

		{"Client.Do", func(t *testing.T, f *fixture) {
			var b blueink.Bundle
			resp, err := f.c.Do(f.ctx, &blueink.Request{Path: "bundles/" + f.sent.ID + "/"}, &b)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, f.sent.ID, b.ID)
			assert.Equal(t, "Token "+blueinktest.DefaultAPIKey, lastRequest(f).Header.Get("Authorization"))
		}},
		{"Client.Download", func(t *testing.T, f *fixture) {
			files, _, err := f.c.Bundles.ListFiles(f.ctx, f.done.ID)
			require.NoError(t, err)
			body, resp, err := f.c.Download(f.ctx, files[0].FileURL)
			require.NoError(t, err)
			defer body.Close()
			pdf, err := io.ReadAll(body)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.True(t, strings.HasPrefix(string(pdf), "%PDF"), "a PDF")
		}},
		{"Client.Verify", func(t *testing.T, f *fixture) {
			v, _, err := f.c.Verify(f.ctx, strings.Repeat("ab", 32))
			require.NoError(t, err)
			assert.Equal(t, map[string]any{"verified": false}, v.Fields)
		}},
	}
}

func ids(bs []*blueink.Bundle) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

func lastRequest(f *fixture) blueinktest.Request {
	rs := f.srv.Requests()
	return rs[len(rs)-1]
}

// TestEveryClientOperation runs every method of the client against the
// fake, each on a fresh server holding one of everything, and checks the
// answer. (The spec oracle in internal/speccheck checks the requests and
// answers against the Swagger spec.)
func TestEveryClientOperation(t *testing.T) {
	for _, o := range operationTable() {
		t.Run(o.name, func(t *testing.T) {
			o.run(t, newFixture(t))
		})
	}
}

// TestOperationsCoverEveryMethod fails when the client gains a method the
// table above does not exercise.
func TestOperationsCoverEveryMethod(t *testing.T) {
	have := map[string]bool{}
	for _, o := range operationTable() {
		require.False(t, have[o.name], "duplicate %s", o.name)
		have[o.name] = true
	}
	var want []string
	c := blueinktest.NewServer(t).Client()
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		st := f.Type
		for m := 0; m < st.NumMethod(); m++ {
			want = append(want, f.Name+"."+st.Method(m).Name)
		}
	}
	ct := reflect.TypeOf(c)
	for m := 0; m < ct.NumMethod(); m++ {
		switch name := ct.Method(m).Name; name {
		case "BaseURL", "String", "GoString", "Format":
		default:
			want = append(want, "Client."+name)
		}
	}
	sort.Strings(want)
	for _, w := range want {
		assert.True(t, have[w], "operation %s is not exercised", w)
	}
	assert.Len(t, have, len(want), "the table names only real methods")
}
