package zignedtest_test

import (
	"context"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// world is the state the steps of TestEveryClientMethod share.
type world struct {
	t   *testing.T
	ctx context.Context
	c   *zigned.Client
	srv *zignedtest.Server
	rc  *receiver

	pdf, png, spare *zigned.File
	theme           *zigned.Theme
	hook            *zigned.Webhook
	agr, other      *zigned.Agreement
	att1, att2      *zigned.Attachment
	p1, p2, p3      *zigned.Participant
	o1, o2          *zigned.Observer
	g1, g2          *zigned.SigningGroup
	tmpl            *zigned.MessageTemplate
	variable        *zigned.MessageTemplateVariable
	secret          string
}

// gone asserts a Zigned 404: the error body's message and request id.
func gone(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, zigned.ErrNotFound, msgAndArgs...)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "404", apiErr.Code, msgAndArgs...)
	assert.Contains(t, apiErr.Message, "not found", msgAndArgs...)
	assert.NotEmpty(t, apiErr.RequestID, msgAndArgs...)
}

// refused asserts a Zigned 400 whose message contains want.
func refused(t *testing.T, err error, want string) {
	t.Helper()
	require.ErrorIs(t, err, zigned.ErrBadRequest)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "400", apiErr.Code)
	assert.Contains(t, apiErr.Message, want)
}

func ids[T any](items []*T, id func(*T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

func agreementID(a *zigned.Agreement) string { return a.ID }

// collect drains an iterator, failing the test on an error.
func collect[T any](t *testing.T, seq iter.Seq2[*T, error]) []*T {
	t.Helper()
	var out []*T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// steps call every method of every service of zigned.Client, in an order
// that makes each meaningful, and check the fake's state rules: created
// objects come back from get and list, updates show, deletes give 404
// after, children belong to their parents, lifecycle steps move state and
// deliver signed webhooks, bad input gets Zigned's 400.
var steps = []struct {
	method string
	run    func(w *world)
}{
	// ---- files
	{"Files.Upload", func(w *world) {
		f, _, err := w.c.Files.Upload(w.ctx, pdfUpload("contract.pdf"))
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.MimeTypePDF, f.MimeType)
		w.pdf = f
		f, _, err = w.c.Files.Upload(w.ctx, pdfUpload("spare.pdf"))
		require.NoError(w.t, err)
		w.spare = f
		_, _, err = w.c.Files.Upload(w.ctx, &zigned.FileUpload{Filename: "notes.txt", Open: pdfUpload("x").Open})
		refused(w.t, err, "unsupported file type")
	}},
	{"Files.UploadPath", func(w *world) {
		p := filepath.Join(w.t.TempDir(), "logo.png")
		require.NoError(w.t, os.WriteFile(p, []byte("\x89PNG\r\n\x1a\n"), 0o600))
		f, _, err := w.c.Files.UploadPath(w.ctx, p, "brand")
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.MimeTypePNG, f.MimeType)
		assert.Equal(w.t, "brand", f.Metadata.LookupKey)
		w.png = f
	}},
	{"Files.UploadOnce", func(w *world) {
		// The fake stores the upload and loses the answer: UploadOnce
		// finds the file by its lookup_key instead of uploading twice.
		w.srv.FailNext(zignedtest.LoseAnswer, 0)
		up := pdfUpload("once.pdf")
		up.LookupKey = ""
		f, resp, err := w.c.Files.UploadOnce(w.ctx, up)
		require.NoError(w.t, err)
		assert.True(w.t, resp.Recovered)
		require.True(w.t, strings.HasPrefix(f.Metadata.LookupKey, "esign-"), "a key is generated")
		fs, _, err := w.c.Files.List(w.ctx, &zigned.FileListOptions{LookupKey: f.Metadata.LookupKey})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{f.ID}, ids(fs, func(f *zigned.File) string { return f.ID }), "uploaded once")
		_, _, err = w.c.Files.Delete(w.ctx, f.ID) // later steps count the files
		require.NoError(w.t, err)
	}},
	{"Files.Get", func(w *world) {
		f, _, err := w.c.Files.Get(w.ctx, w.pdf.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.pdf, f)
		_, _, err = w.c.Files.Get(w.ctx, "cnope")
		gone(w.t, err)
	}},
	{"Files.List", func(w *world) {
		fs, resp, err := w.c.Files.List(w.ctx, &zigned.FileListOptions{MimeType: zigned.MimeTypePNG})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.png.ID}, ids(fs, func(f *zigned.File) string { return f.ID }))
		assert.Equal(w.t, 1, resp.Pagination.TotalResults)
		fs, _, err = w.c.Files.List(w.ctx, &zigned.FileListOptions{LookupKey: "brand"})
		require.NoError(w.t, err)
		assert.Len(w.t, fs, 1)
		_, _, err = w.c.Files.List(w.ctx, &zigned.FileListOptions{MimeType: "text/plain"})
		refused(w.t, err, "mime_type")
	}},
	{"Files.All", func(w *world) {
		var got []string
		for f, err := range w.c.Files.All(w.ctx, &zigned.FileListOptions{ListOptions: zigned.ListOptions{Limit: 1, OrderBy: zigned.OrderAsc}}) {
			require.NoError(w.t, err)
			got = append(got, f.ID)
		}
		assert.Equal(w.t, []string{w.pdf.ID, w.spare.ID, w.png.ID}, got)
	}},
	{"Files.Delete", func(w *world) {
		f, _, err := w.c.Files.Delete(w.ctx, w.spare.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.spare.ID, f.ID)
		_, _, err = w.c.Files.Get(w.ctx, w.spare.ID)
		gone(w.t, err)
		_, _, err = w.c.Files.Delete(w.ctx, w.spare.ID)
		gone(w.t, err)
	}},

	// ---- themes
	{"Themes.Create", func(w *world) {
		_, _, err := w.c.Themes.Create(w.ctx, &zigned.ThemeRequest{LogoFileID: w.pdf.ID, IconFileID: w.png.ID})
		refused(w.t, err, "PNG or JPEG")
		th, _, err := w.c.Themes.Create(w.ctx, &zigned.ThemeRequest{LogoFileID: w.png.ID, IconFileID: w.png.ID, LookupKey: "brand"})
		require.NoError(w.t, err)
		assert.Equal(w.t, "#000000", th.PrimaryColor, "the spec's default")
		require.True(w.t, th.Logo.Expanded())
		assert.Equal(w.t, "logo.png", th.Logo.Data.Filename)
		w.theme = th
	}},
	{"Themes.Get", func(w *world) {
		th, _, err := w.c.Themes.Get(w.ctx, w.theme.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.theme.ID, th.ID)
		_, _, err = w.c.Themes.Get(w.ctx, "cnope")
		gone(w.t, err)
	}},
	{"Themes.Update", func(w *world) {
		th, _, err := w.c.Themes.Update(w.ctx, w.theme.ID, &zigned.ThemeRequest{PrimaryColor: "#ff8800"})
		require.NoError(w.t, err)
		assert.Equal(w.t, "#ff8800", th.PrimaryColor)
		th, _, err = w.c.Themes.Get(w.ctx, w.theme.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "#ff8800", th.PrimaryColor)
	}},
	{"Themes.List", func(w *world) {
		ths, _, err := w.c.Themes.List(w.ctx, &zigned.ThemeListOptions{LookupKey: "brand"})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.theme.ID}, ids(ths, func(t *zigned.Theme) string { return t.ID }))
		ths, _, err = w.c.Themes.List(w.ctx, &zigned.ThemeListOptions{LookupKey: "other"})
		require.NoError(w.t, err)
		assert.Empty(w.t, ths)
	}},
	{"Themes.All", func(w *world) {
		n := 0
		for th, err := range w.c.Themes.All(w.ctx, nil) {
			require.NoError(w.t, err)
			assert.Equal(w.t, w.theme.ID, th.ID)
			n++
		}
		assert.Equal(w.t, 1, n)
	}},

	// ---- webhooks
	{"Webhooks.Create", func(w *world) {
		_, _, err := w.c.Webhooks.Create(w.ctx, &zigned.WebhookRequest{URL: "http://example.com/hook"})
		refused(w.t, err, "https")
		// Every event the spec lists (agreement.lifecycle.forwarded is in the
		// documentation only).
		events := slices.DeleteFunc(zigned.EventTypes(), func(e zigned.EventType) bool { return e == zigned.EventAgreementLifecycleForwarded })
		h, _, err := w.c.Webhooks.Create(w.ctx, &zigned.WebhookRequest{URL: w.rc.srv.URL, Status: zigned.WebhookActive,
			Subscriptions: events, Scope: zigned.WebhookScopeGlobal})
		require.NoError(w.t, err)
		w.hook, w.secret = h, h.Secret.Reveal()
	}},
	{"Webhooks.Get", func(w *world) {
		h, _, err := w.c.Webhooks.Get(w.ctx, w.hook.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.hook.Subscriptions, h.Subscriptions)
		_, _, err = w.c.Webhooks.Get(w.ctx, "cnope")
		gone(w.t, err)
	}},
	{"Webhooks.Update", func(w *world) {
		h, _, err := w.c.Webhooks.Update(w.ctx, w.hook.ID, &zigned.WebhookUpdate{Name: "receiver"})
		require.NoError(w.t, err)
		assert.Equal(w.t, "receiver", h.Name)
	}},
	{"Webhooks.List", func(w *world) {
		hs, _, err := w.c.Webhooks.List(w.ctx)
		require.NoError(w.t, err)
		require.Len(w.t, hs, 1)
		assert.Equal(w.t, "receiver", hs[0].Name)
	}},
	{"Webhooks.All", func(w *world) {
		assert.Equal(w.t, []string{w.hook.ID}, ids(collect(w.t, w.c.Webhooks.All(w.ctx)), func(h *zigned.Webhook) string { return h.ID }))
	}},

	// ---- agreements
	{"Agreements.Create", func(w *world) {
		_, _, err := w.c.Agreements.Create(w.ctx, &zigned.AgreementRequest{ThemeID: "cnope"})
		refused(w.t, err, "theme_id")
		_, _, err = w.c.Agreements.Create(w.ctx, &zigned.AgreementRequest{DefaultLocale: "fr-FR"})
		refused(w.t, err, "default_locale")
		a, _, err := w.c.Agreements.Create(w.ctx, &zigned.AgreementRequest{LookupKey: "deal-1", ThemeID: w.theme.ID})
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.AgreementStatusDraft, a.Status)
		assert.Equal(w.t, w.theme.ID, a.Theme.ID)
		w.agr = a
		w.other, _, err = w.c.Agreements.Create(w.ctx, &zigned.AgreementRequest{LookupKey: "deal-2"})
		require.NoError(w.t, err)
	}},
	{"Agreements.CreateOnce", func(w *world) {
		// The fake commits the create and loses the answer: CreateOnce
		// finds the agreement by its lookup_key instead of creating twice.
		w.srv.FailNext(zignedtest.LoseAnswer, 0)
		a, resp, err := w.c.Agreements.CreateOnce(w.ctx, &zigned.AgreementRequest{LookupKey: "once-1"})
		require.NoError(w.t, err)
		assert.True(w.t, resp.Recovered)
		as, _, err := w.c.Agreements.List(w.ctx, &zigned.AgreementListOptions{LookupKey: "once-1"})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{a.ID}, ids(as, agreementID), "created once")
		_, _, err = w.c.Agreements.Delete(w.ctx, a.ID) // later steps count the agreements
		require.NoError(w.t, err)
	}},
	{"Agreements.Get", func(w *world) {
		a, _, err := w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "deal-1", a.Metadata.LookupKey)
		_, _, err = w.c.Agreements.Get(w.ctx, "cnope")
		gone(w.t, err)
	}},
	{"Agreements.Update", func(w *world) {
		a, _, err := w.c.Agreements.Update(w.ctx, w.agr.ID, &zigned.AgreementUpdate{LookupKey: zigned.Set("deal-1b"),
			AutomaticReminders: zigned.Set(zigned.RemindersNormal)})
		require.NoError(w.t, err)
		assert.Equal(w.t, "deal-1b", a.Metadata.LookupKey)
		a, _, err = w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "deal-1b", a.Metadata.LookupKey)
		assert.True(w.t, a.Communication.AutomaticReminders.Enabled)
	}},
	{"Agreements.List", func(w *world) {
		as, _, err := w.c.Agreements.List(w.ctx, &zigned.AgreementListOptions{LookupKey: "deal-1b"})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.agr.ID}, ids(as, agreementID))
		as, _, err = w.c.Agreements.List(w.ctx, &zigned.AgreementListOptions{Status: zigned.AgreementStatusPending})
		require.NoError(w.t, err)
		assert.Empty(w.t, as)
	}},
	{"Agreements.All", func(w *world) {
		var got []string
		for a, err := range w.c.Agreements.All(w.ctx, &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 1}}) {
			require.NoError(w.t, err)
			got = append(got, a.ID)
		}
		assert.Equal(w.t, []string{w.other.ID, w.agr.ID}, got, "newest first")
	}},
	{"Agreements.Events", func(w *world) {
		evs, _, err := w.c.Agreements.Events(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		require.NotEmpty(w.t, evs)
		assert.Equal(w.t, "Agreement created", evs[0].Title)
		assert.Equal(w.t, w.agr.ID, evs[0].Agreement)
		_, _, err = w.c.Agreements.Events(w.ctx, "cnope")
		gone(w.t, err)
	}},
	{"Agreements.AllEvents", func(w *world) {
		evs, _, err := w.c.Agreements.Events(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		all := collect(w.t, w.c.Agreements.AllEvents(w.ctx, w.agr.ID))
		assert.Equal(w.t, ids(evs, func(e *zigned.AgreementActivity) string { return e.ID }), ids(all, func(e *zigned.AgreementActivity) string { return e.ID }))
		for _, err := range w.c.Agreements.AllEvents(w.ctx, "cnope") {
			gone(w.t, err)
		}
	}},

	// ---- documents
	{"Documents.SetMain", func(w *world) {
		_, _, err := w.c.Documents.SetMain(w.ctx, w.agr.ID, w.png.ID)
		refused(w.t, err, "must be a PDF")
		a, _, err := w.c.Documents.SetMain(w.ctx, w.agr.ID, w.pdf.ID)
		require.NoError(w.t, err)
		main := a.Documents.OriginalDocuments.Main
		require.True(w.t, main.Expanded())
		assert.NotEqual(w.t, w.pdf.ID, main.ID, "a copy")
	}},
	{"Documents.RemoveMain", func(w *world) {
		a, _, err := w.c.Documents.RemoveMain(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.True(w.t, a.Documents.OriginalDocuments.Main.IsZero())
		_, _, err = w.c.Documents.RemoveMain(w.ctx, w.agr.ID)
		refused(w.t, err, "no main document")
		_, _, err = w.c.Documents.SetMain(w.ctx, w.agr.ID, w.pdf.ID)
		require.NoError(w.t, err)
	}},
	{"Documents.AddAttachment", func(w *world) {
		a1, _, err := w.c.Documents.AddAttachment(w.ctx, w.agr.ID, &zigned.AttachmentRequest{FileID: w.pdf.ID})
		require.NoError(w.t, err)
		assert.Equal(w.t, 1, a1.Order)
		first := 1
		a2, _, err := w.c.Documents.AddAttachment(w.ctx, w.agr.ID, &zigned.AttachmentRequest{FileID: w.png.ID, Order: &first})
		require.NoError(w.t, err)
		assert.Equal(w.t, 1, a2.Order)
		w.att1, w.att2 = a1, a2
		_, _, err = w.c.Documents.AddAttachment(w.ctx, w.agr.ID, &zigned.AttachmentRequest{FileID: "cnope"})
		refused(w.t, err, "file_id")
	}},
	{"Documents.ListAttachments", func(w *world) {
		as, _, err := w.c.Documents.ListAttachments(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.att2.ID, w.att1.ID}, ids(as, func(a *zigned.Attachment) string { return a.ID }))
		assert.Equal(w.t, []int{1, 2}, []int{as[0].Order, as[1].Order})
		a, _, err := w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 2, a.Documents.OriginalDocuments.Attachments.Len())
	}},
	{"Documents.AllAttachments", func(w *world) {
		all := collect(w.t, w.c.Documents.AllAttachments(w.ctx, w.agr.ID))
		assert.Equal(w.t, []string{w.att2.ID, w.att1.ID}, ids(all, func(a *zigned.Attachment) string { return a.ID }))
	}},
	{"Documents.GetAttachment", func(w *world) {
		a, _, err := w.c.Documents.GetAttachment(w.ctx, w.agr.ID, w.att1.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 2, a.Order, "moved down by the one added first")
		assert.True(w.t, a.File.Expanded())
		_, _, err = w.c.Documents.GetAttachment(w.ctx, w.other.ID, w.att1.ID)
		gone(w.t, err, "children belong to their agreement")
	}},
	{"Documents.UpdateAttachment", func(w *world) {
		a, _, err := w.c.Documents.UpdateAttachment(w.ctx, w.agr.ID, w.att1.ID, 1)
		require.NoError(w.t, err)
		assert.Equal(w.t, 1, a.Order)
		other, _, err := w.c.Documents.GetAttachment(w.ctx, w.agr.ID, w.att2.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 2, other.Order, "the others move")
	}},
	{"Documents.DeleteAttachment", func(w *world) {
		_, _, err := w.c.Documents.DeleteAttachment(w.ctx, w.agr.ID, w.att1.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Documents.GetAttachment(w.ctx, w.agr.ID, w.att1.ID)
		gone(w.t, err)
		left, _, err := w.c.Documents.GetAttachment(w.ctx, w.agr.ID, w.att2.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 1, left.Order, "renumbered")
	}},

	// ---- participants
	{"Participants.Create", func(w *world) {
		p, _, err := w.c.Participants.Create(w.ctx, w.agr.ID, &zigned.ParticipantRequest{Name: "Jane Doe", Email: "jane@example.com"})
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.ParticipantStatusDraft, p.Status)
		assert.Equal(w.t, w.agr.ID, p.Agreement)
		w.p1 = p
		_, _, err = w.c.Participants.Create(w.ctx, w.agr.ID, &zigned.ParticipantRequest{Name: "X", Locale: "de-DE"})
		refused(w.t, err, "locale")
	}},
	{"Participants.Batch", func(w *world) {
		ps, _, err := w.c.Participants.Batch(w.ctx, w.agr.ID, []*zigned.ParticipantRequest{
			{Name: "John Doe", Email: "john@example.com", Role: zigned.RoleApprover},
			{Name: "Temp", Email: "temp@example.com"},
		})
		require.NoError(w.t, err)
		require.Len(w.t, ps, 2)
		w.p2, w.p3 = ps[0], ps[1]
		assert.Equal(w.t, zigned.RoleApprover, w.p2.Role)
	}},
	{"Participants.Get", func(w *world) {
		p, _, err := w.c.Participants.Get(w.ctx, w.agr.ID, w.p2.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "John Doe", p.Name)
		_, _, err = w.c.Participants.Get(w.ctx, w.other.ID, w.p2.ID)
		gone(w.t, err, "children belong to their agreement")
	}},
	{"Participants.Update", func(w *world) {
		p, _, err := w.c.Participants.Update(w.ctx, w.agr.ID, w.p1.ID, &zigned.ParticipantUpdate{Name: "Jane Q. Doe",
			IdentityEnforcement: &zigned.IdentityEnforcementChange{PersonalNumber: "199001011234"}})
		require.NoError(w.t, err)
		assert.Equal(w.t, "Jane Q. Doe", p.Name)
		assert.True(w.t, p.IdentityEnforcement.Enabled)
		p, _, err = w.c.Participants.Get(w.ctx, w.agr.ID, w.p1.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Jane Q. Doe", p.Name)
	}},
	{"Participants.Delete", func(w *world) {
		_, _, err := w.c.Participants.Delete(w.ctx, w.agr.ID, w.p3.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Participants.Get(w.ctx, w.agr.ID, w.p3.ID)
		gone(w.t, err)
	}},
	{"Participants.List", func(w *world) {
		ps, _, err := w.c.Participants.List(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.p1.ID, w.p2.ID}, ids(ps, func(p *zigned.Participant) string { return p.ID }))
	}},
	{"Participants.All", func(w *world) {
		all := collect(w.t, w.c.Participants.All(w.ctx, w.agr.ID))
		assert.Equal(w.t, []string{w.p1.ID, w.p2.ID}, ids(all, func(p *zigned.Participant) string { return p.ID }))
	}},

	// ---- observers
	{"Observers.Create", func(w *world) {
		o, _, err := w.c.Observers.Create(w.ctx, w.agr.ID, &zigned.ObserverRequest{Name: "Legal", Email: "legal@example.com"})
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.ObserverScopeViewer, o.ObserverScope, "the default scope")
		w.o1 = o
		_, _, err = w.c.Observers.Create(w.ctx, w.agr.ID, &zigned.ObserverRequest{Email: "not-an-email"})
		refused(w.t, err, "email")
	}},
	{"Observers.Batch", func(w *world) {
		os, _, err := w.c.Observers.Batch(w.ctx, w.agr.ID, []*zigned.ObserverRequest{{Name: "CC", Email: "cc@example.com", ObserverScope: zigned.ObserverScopeCC}})
		require.NoError(w.t, err)
		require.Len(w.t, os, 1)
		w.o2 = os[0]
	}},
	{"Observers.Get", func(w *world) {
		o, _, err := w.c.Observers.Get(w.ctx, w.agr.ID, w.o2.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.ObserverScopeCC, o.ObserverScope)
		_, _, err = w.c.Observers.Get(w.ctx, w.other.ID, w.o2.ID)
		gone(w.t, err)
	}},
	{"Observers.Update", func(w *world) {
		o, _, err := w.c.Observers.Update(w.ctx, w.agr.ID, w.o1.ID, &zigned.ObserverRequest{Locale: zigned.LocaleEnglish})
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.LocaleEnglish, o.Locale)
		assert.Equal(w.t, "Legal", o.Name, "unchanged")
	}},
	{"Observers.Delete", func(w *world) {
		_, _, err := w.c.Observers.Delete(w.ctx, w.agr.ID, w.o2.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Observers.Get(w.ctx, w.agr.ID, w.o2.ID)
		gone(w.t, err)
	}},
	{"Observers.List", func(w *world) {
		os, _, err := w.c.Observers.List(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.o1.ID}, ids(os, func(o *zigned.Observer) string { return o.ID }))
	}},
	{"Observers.All", func(w *world) {
		all := collect(w.t, w.c.Observers.All(w.ctx, w.agr.ID))
		assert.Equal(w.t, []string{w.o1.ID}, ids(all, func(o *zigned.Observer) string { return o.ID }))
	}},

	// ---- signing groups
	{"SigningGroups.Create", func(w *world) {
		g, _, err := w.c.SigningGroups.Create(w.ctx, w.agr.ID, &zigned.SigningGroupRequest{Name: "First"})
		require.NoError(w.t, err)
		assert.ElementsMatch(w.t, []string{w.p1.ID, w.p2.ID}, g.Participants.IDs, "the first group takes everyone")
		w.g1 = g
		g, _, err = w.c.SigningGroups.Create(w.ctx, w.agr.ID, &zigned.SigningGroupRequest{Name: "Second", Participants: []string{w.p2.ID}})
		require.NoError(w.t, err)
		w.g2 = g
		_, _, err = w.c.SigningGroups.Create(w.ctx, w.agr.ID, &zigned.SigningGroupRequest{Participants: []string{"cnope"}})
		refused(w.t, err, "participants")
		a, _, err := w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.True(w.t, a.SigningOrder.Enabled)
		assert.True(w.t, a.SigningOrder.Grouped)
	}},
	{"SigningGroups.Get", func(w *world) {
		g, _, err := w.c.SigningGroups.Get(w.ctx, w.agr.ID, w.g1.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.p1.ID}, g.Participants.IDs, "p2 moved to the second group")
		_, _, err = w.c.SigningGroups.Get(w.ctx, w.other.ID, w.g1.ID)
		gone(w.t, err)
	}},
	{"SigningGroups.Update", func(w *world) {
		g, _, err := w.c.SigningGroups.Update(w.ctx, w.agr.ID, w.g1.ID, &zigned.SigningGroupRequest{Name: "Signers"})
		require.NoError(w.t, err)
		assert.Equal(w.t, "Signers", g.Name)
	}},
	{"SigningGroups.List", func(w *world) {
		gs, _, err := w.c.SigningGroups.List(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.g1.ID, w.g2.ID}, ids(gs, func(g *zigned.SigningGroup) string { return g.ID }))
	}},
	{"SigningGroups.All", func(w *world) {
		all := collect(w.t, w.c.SigningGroups.All(w.ctx, w.agr.ID))
		assert.Equal(w.t, []string{w.g1.ID, w.g2.ID}, ids(all, func(g *zigned.SigningGroup) string { return g.ID }))
	}},
	{"SigningGroups.Delete", func(w *world) {
		extra, _, err := w.c.SigningGroups.Create(w.ctx, w.agr.ID, &zigned.SigningGroupRequest{Name: "Extra"})
		require.NoError(w.t, err)
		_, _, err = w.c.SigningGroups.Delete(w.ctx, w.agr.ID, extra.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.SigningGroups.Get(w.ctx, w.agr.ID, extra.ID)
		gone(w.t, err)
	}},

	// ---- recipient messages, templates, variables
	{"RecipientMessages.Create", func(w *world) {
		_, _, err := w.c.RecipientMessages.Get(w.ctx, w.agr.ID)
		gone(w.t, err, "none yet")
		m, _, err := w.c.RecipientMessages.Create(w.ctx, w.agr.ID, &zigned.RecipientMessageRequest{
			MessageTemplates:         []zigned.MessageTemplateRequest{{Locale: zigned.LocaleSwedish, TemplateString: "Hej {{name}}"}},
			MessageTemplateVariables: []zigned.MessageTemplateVariableRequest{{VariableName: "name", VariableValue: "Jane"}},
		})
		require.NoError(w.t, err)
		assert.Equal(w.t, 1, m.MessageTemplates.Len())
		assert.Equal(w.t, 1, m.MessageTemplateVariables.Len())
	}},
	{"RecipientMessages.Update", func(w *world) {
		m, _, err := w.c.RecipientMessages.Update(w.ctx, w.agr.ID, &zigned.RecipientMessageRequest{
			MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleEnglish, TemplateString: "Hello"}},
		})
		require.NoError(w.t, err)
		require.Equal(w.t, 1, m.MessageTemplates.Len())
		assert.Equal(w.t, zigned.LocaleEnglish, m.MessageTemplates.Data[0].Locale, "an upsert replaces")
		assert.Equal(w.t, 0, m.MessageTemplateVariables.Len())
	}},
	{"RecipientMessages.Get", func(w *world) {
		m, _, err := w.c.RecipientMessages.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Hello", m.MessageTemplates.Data[0].TemplateString)
		a, _, err := w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, m.ID, a.Communication.RecipientMessages.ID)
	}},
	{"RecipientMessages.CreateTemplate", func(w *world) {
		_, _, err := w.c.RecipientMessages.CreateTemplate(w.ctx, w.agr.ID, zigned.MessageTemplateRequest{Locale: zigned.LocaleEnglish, TemplateString: "Again"})
		refused(w.t, err, "already has a template")
		t, _, err := w.c.RecipientMessages.CreateTemplate(w.ctx, w.agr.ID, zigned.MessageTemplateRequest{Locale: zigned.LocaleSwedish, TemplateString: "Hej"})
		require.NoError(w.t, err)
		w.tmpl = t
	}},
	{"RecipientMessages.GetTemplate", func(w *world) {
		t, _, err := w.c.RecipientMessages.GetTemplate(w.ctx, w.agr.ID, w.tmpl.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Hej", t.TemplateString)
		_, _, err = w.c.RecipientMessages.GetTemplate(w.ctx, w.other.ID, w.tmpl.ID)
		gone(w.t, err, "the other agreement has no recipient message")
	}},
	{"RecipientMessages.UpdateTemplate", func(w *world) {
		t, _, err := w.c.RecipientMessages.UpdateTemplate(w.ctx, w.agr.ID, w.tmpl.ID, "Hej igen")
		require.NoError(w.t, err)
		assert.Equal(w.t, "Hej igen", t.TemplateString)
	}},
	{"RecipientMessages.ListTemplates", func(w *world) {
		ts, _, err := w.c.RecipientMessages.ListTemplates(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Len(w.t, ts, 2)
	}},
	{"RecipientMessages.AllTemplates", func(w *world) {
		assert.Len(w.t, collect(w.t, w.c.RecipientMessages.AllTemplates(w.ctx, w.agr.ID)), 2)
	}},
	{"RecipientMessages.DeleteTemplate", func(w *world) {
		_, _, err := w.c.RecipientMessages.DeleteTemplate(w.ctx, w.agr.ID, w.tmpl.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.RecipientMessages.GetTemplate(w.ctx, w.agr.ID, w.tmpl.ID)
		gone(w.t, err)
	}},
	{"RecipientMessages.CreateVariable", func(w *world) {
		v, _, err := w.c.RecipientMessages.CreateVariable(w.ctx, w.agr.ID, zigned.MessageTemplateVariableRequest{VariableName: "deal", VariableValue: "42"})
		require.NoError(w.t, err)
		w.variable = v
	}},
	{"RecipientMessages.GetVariable", func(w *world) {
		v, _, err := w.c.RecipientMessages.GetVariable(w.ctx, w.agr.ID, w.variable.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "42", v.VariableValue)
	}},
	{"RecipientMessages.UpdateVariable", func(w *world) {
		v, _, err := w.c.RecipientMessages.UpdateVariable(w.ctx, w.agr.ID, w.variable.ID, zigned.MessageTemplateVariableRequest{VariableValue: "43"})
		require.NoError(w.t, err)
		assert.Equal(w.t, "43", v.VariableValue)
		assert.Equal(w.t, "deal", v.VariableName, "unchanged")
	}},
	{"RecipientMessages.ListVariables", func(w *world) {
		vs, _, err := w.c.RecipientMessages.ListVariables(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.variable.ID}, ids(vs, func(v *zigned.MessageTemplateVariable) string { return v.ID }))
	}},
	{"RecipientMessages.AllVariables", func(w *world) {
		all := collect(w.t, w.c.RecipientMessages.AllVariables(w.ctx, w.agr.ID))
		assert.Equal(w.t, []string{w.variable.ID}, ids(all, func(v *zigned.MessageTemplateVariable) string { return v.ID }))
	}},
	{"RecipientMessages.DeleteVariable", func(w *world) {
		_, _, err := w.c.RecipientMessages.DeleteVariable(w.ctx, w.agr.ID, w.variable.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.RecipientMessages.GetVariable(w.ctx, w.agr.ID, w.variable.ID)
		gone(w.t, err)
	}},
	{"RecipientMessages.Delete", func(w *world) {
		m, _, err := w.c.RecipientMessages.Delete(w.ctx, w.other.ID)
		gone(w.t, err)
		require.Nil(w.t, m)
		_, _, err = w.c.RecipientMessages.Delete(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.RecipientMessages.ListTemplates(w.ctx, w.agr.ID)
		gone(w.t, err, "the templates went with it")
		_, _, err = w.c.RecipientMessages.Create(w.ctx, w.agr.ID, &zigned.RecipientMessageRequest{
			MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleSwedish, TemplateString: "Hej"}}})
		require.NoError(w.t, err)
	}},

	// ---- lifecycle
	{"Agreements.Send", func(w *world) {
		_, _, err := w.c.Agreements.Send(w.ctx, w.other.ID)
		refused(w.t, err, "A main document is required")
		a, _, err := w.c.Agreements.Send(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.AgreementStatusPending, a.Status)
		for _, p := range a.Participants.Data {
			assert.Equal(w.t, zigned.ParticipantStatusPending, p.Status)
			assert.True(w.t, strings.HasPrefix(p.SigningRoomURL, w.srv.Root()+"/sign/"))
		}
		assert.Contains(w.t, w.rc.types(), "agreement.lifecycle.pending")
		_, _, err = w.c.Participants.Create(w.ctx, w.agr.ID, &zigned.ParticipantRequest{Name: "Late"})
		refused(w.t, err, "draft or open")
		_, _, err = w.c.Agreements.Delete(w.ctx, w.agr.ID)
		refused(w.t, err, "draft status")
	}},
	{"Agreements.Reminders", func(w *world) {
		rs, _, err := w.c.Agreements.Reminders(w.ctx, w.agr.ID, "")
		require.NoError(w.t, err)
		assert.Len(w.t, rs, 2)
		rs, _, err = w.c.Agreements.Reminders(w.ctx, w.agr.ID, w.p1.ID)
		require.NoError(w.t, err)
		require.Len(w.t, rs, 1)
		assert.Equal(w.t, w.p1.ID, rs[0].Participant.ID)
		_, _, err = w.c.Agreements.Reminders(w.ctx, w.agr.ID, "cnope")
		gone(w.t, err)
	}},
	{"Participants.Forward", func(w *world) {
		f, _, err := w.c.Participants.Forward(w.ctx, w.agr.ID, w.p1.ID, "jane.doe@example.org")
		require.NoError(w.t, err)
		assert.Equal(w.t, "jane@example.com", f.PreviousEmail)
		assert.Equal(w.t, "jane.doe@example.org", f.ForwardedToEmail)
		assert.Equal(w.t, "jane.doe@example.org", f.Participant.Data.Email)
		assert.Contains(w.t, w.rc.types(), "participant.lifecycle.forwarded")
	}},
	{"Participants.SignEvents", func(w *world) {
		require.NoError(w.t, w.srv.View(w.ctx, w.agr.ID, "jane.doe@example.org"))
		evs, _, err := w.c.Participants.SignEvents(w.ctx, w.agr.ID, w.p1.ID)
		require.NoError(w.t, err)
		require.Len(w.t, evs, 2)
		assert.Equal(w.t, "Entered signing room", evs[1].Title)
		assert.Equal(w.t, w.p1.ID, evs[1].Participant.ID)
		assert.Contains(w.t, w.rc.types(), "sign_event.signing_room.entered")
		assert.ErrorIs(w.t, w.srv.Sign(w.ctx, w.agr.ID, w.p2.ID), zignedtest.ErrState, "the second group waits")
	}},
	{"Participants.AllSignEvents", func(w *world) {
		all := collect(w.t, w.c.Participants.AllSignEvents(w.ctx, w.agr.ID, w.p1.ID))
		require.Len(w.t, all, 2)
		assert.Equal(w.t, "Entered signing room", all[1].Title)
	}},
	{"Agreements.Open", func(w *world) {
		a, _, err := w.c.Agreements.Open(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.AgreementStatusOpen, a.Status)
		_, _, err = w.c.Agreements.Open(w.ctx, w.agr.ID)
		refused(w.t, err, "Only pending")
	}},
	{"Agreements.Lifecycle", func(w *world) {
		a, _, err := w.c.Agreements.Lifecycle(w.ctx, w.agr.ID, zigned.LifecycleState{Status: zigned.LifecyclePending})
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.AgreementStatusPending, a.Status)
		require.NoError(w.t, w.srv.Complete(w.ctx, w.agr.ID))
		a, _, err = w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.AgreementStatusFulfilled, a.Status)
		require.True(w.t, a.Documents.SignedDocument.Expanded())
		types := w.rc.types()
		assert.Equal(w.t, []string{"agreement.lifecycle.fulfilled", "agreement.lifecycle.finalized"}, types[len(types)-2:])
	}},
	{"Agreements.Cancel", func(w *world) {
		a, _, err := w.c.Agreements.Cancel(w.ctx, w.other.ID, zigned.Cancellation{Type: zigned.CancellationInvalidEmail})
		require.NoError(w.t, err)
		assert.Equal(w.t, zigned.AgreementStatusCancelled, a.Status)
		assert.Equal(w.t, "invalid_email", a.CancellationReason)
		_, _, err = w.c.Agreements.Update(w.ctx, w.other.ID, &zigned.AgreementUpdate{LookupKey: zigned.Set("x")})
		refused(w.t, err, "draft or open")
	}},
	{"Agreements.Replay", func(w *world) {
		delivered := map[string]bool{}
		w.rc.mu.Lock()
		for _, ev := range w.rc.events {
			delivered[ev.ID()] = true
		}
		w.rc.mu.Unlock()
		evs, _, err := w.c.Agreements.Replay(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		require.NotEmpty(w.t, evs)
		for _, ev := range evs {
			assert.True(w.t, delivered[ev.ID()], "%s %s: the delivery's id", ev.Type(), ev.ID())
		}
		assert.Equal(w.t, "agreement.lifecycle.finalized", evs[len(evs)-1].Type())
		evs, _, err = w.c.Agreements.Replay(w.ctx, w.other.ID)
		require.NoError(w.t, err)
		require.Len(w.t, evs, 1)
		assert.Equal(w.t, "agreement.lifecycle.cancelled/"+w.other.ID, evs[0].ID())
		_, _, err = w.c.Agreements.Replay(w.ctx, "cnope")
		gone(w.t, err)
	}},
	{"Agreements.Delete", func(w *world) {
		d, _, err := w.c.Agreements.Create(w.ctx, nil)
		require.NoError(w.t, err)
		p, _, err := w.c.Participants.Create(w.ctx, d.ID, &zigned.ParticipantRequest{Name: "Gone"})
		require.NoError(w.t, err)
		got, _, err := w.c.Agreements.Delete(w.ctx, d.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, d.ID, got.ID)
		_, _, err = w.c.Agreements.Get(w.ctx, d.ID)
		gone(w.t, err)
		_, _, err = w.c.Participants.Get(w.ctx, d.ID, p.ID)
		gone(w.t, err, "children go with their agreement")
	}},

	// ---- account cleanup
	{"Themes.Delete", func(w *world) {
		_, _, err := w.c.Themes.Delete(w.ctx, w.theme.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Themes.Get(w.ctx, w.theme.ID)
		gone(w.t, err)
		a, _, err := w.c.Agreements.Get(w.ctx, w.agr.ID)
		require.NoError(w.t, err)
		assert.True(w.t, a.Theme.IsZero(), "disconnected")
	}},
	{"Webhooks.Delete", func(w *world) {
		_, _, err := w.c.Webhooks.Delete(w.ctx, w.hook.ID)
		require.NoError(w.t, err)
		_, _, err = w.c.Webhooks.Get(w.ctx, w.hook.ID)
		gone(w.t, err)
	}},
}

// TestEveryClientMethod runs the steps, then checks that they called every
// exported method of every zigned service, that every API operation of the
// fake was requested, that the fake serves every operation of the spec, and
// that every delivery was signed correctly.
func TestEveryClientMethod(t *testing.T) {
	srv := zignedtest.NewServer(t)
	w := &world{t: t, ctx: context.Background(), c: srv.Client(), srv: srv}
	w.rc = newReceiver(t, func() string { return w.secret })
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
	for _, m := range fakeserver.ClientMethods(w.c) {
		if !covered[m] {
			missing = append(missing, m)
		}
	}
	assert.Empty(t, missing, "client methods without a step")

	// Every operation the fake serves was requested.
	unrequested := fakeserver.Unrequested(srv.Ops(), srv.Requests(), zignedtest.APIPath)
	assert.Empty(t, unrequested)

	// Every delivery reached the receiver, which verified its signature.
	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.Status, "%s: %s", d.Event, d.Err)
	}
	assert.Len(t, w.rc.types(), len(srv.Deliveries()))
}
