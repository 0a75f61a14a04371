package signeasytest_test

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
)

// world is the state the steps of TestEveryClientMethod share.
type world struct {
	t   *testing.T
	ctx context.Context
	c   *signeasy.Client
	srv *signeasytest.Server
	rc  *receiver

	lease, spare   *signeasy.Original
	nda, scrap     int64
	env, mailed    *signeasy.Envelope // embedded (original + template), emailed and ordered
	signed         int64              // env's signed file
	selfSigned     int64
	other          string // a second callback URL
	deliveredSoFar int
}

// gone asserts Signeasy's 404 {"message", "error_code": "not_found"}.
func gone(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, signeasy.ErrNotFound, msgAndArgs...)
	var apiErr *signeasy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "not_found", apiErr.Code, msgAndArgs...)
	assert.Contains(t, apiErr.Message, "not found", msgAndArgs...)
}

// refused asserts a 400 with Signeasy's error code.
func refused(t *testing.T, err error, code string) {
	t.Helper()
	require.ErrorIs(t, err, signeasy.ErrBadRequest)
	var apiErr *signeasy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, code, apiErr.Code)
}

// unauthorizedResource asserts Signeasy's business refusal: 401
// unauthorized_resource.
func unauthorizedResource(t *testing.T, err error) {
	t.Helper()
	require.ErrorIs(t, err, signeasy.ErrUnauthorized)
	var apiErr *signeasy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "unauthorized_resource", apiErr.Code)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// pdf reads a streamed PDF answer.
func (w *world) pdf(rc io.ReadCloser, resp *signeasy.Response, err error) string {
	t := w.t
	t.Helper()
	require.NoError(t, err)
	defer rc.Close()
	assert.Equal(t, "application/pdf", resp.Header.Get("Content-Type"))
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return string(b)
}

func collect[T any](t *testing.T, seq func(func(*T, error) bool)) []*T {
	t.Helper()
	var out []*T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// newEvents returns the event types delivered since the last call.
func (w *world) newEvents() []string {
	ds := w.srv.Deliveries()
	var out []string
	for _, d := range ds[w.deliveredSoFar:] {
		out = append(out, string(d.Event))
	}
	w.deliveredSoFar = len(ds)
	return out
}

// steps call every method of every service of signeasy.Client, in an order
// that makes each meaningful, and check the fake's state rules: created
// objects come back from get and list, updates show, deletes give 404
// after, recipients belong to their envelope, lifecycle steps move state
// and deliver webhooks with the callback token, bad input gets Signeasy's
// error body, and what Signeasy refuses, the fake refuses.
var steps = []struct {
	method string
	run    func(w *world)
}{
	// ---- callbacks (v2)
	{"Callbacks.Create", func(w *world) {
		resp, err := w.c.Callbacks.Create(w.ctx, &signeasy.CallbackRequest{URL: w.rc.srv.URL, Events: signeasy.EventTypes(), Token: hookToken})
		require.NoError(w.t, err)
		assert.Equal(w.t, 200, resp.StatusCode)
		_, err = w.c.Callbacks.Create(w.ctx, &signeasy.CallbackRequest{URL: w.rc.srv.URL, Events: signeasy.EventTypes()})
		require.ErrorIs(w.t, err, signeasy.ErrConflict, "a registered URL")
		_, err = w.c.Callbacks.Create(w.ctx, &signeasy.CallbackRequest{URL: w.other, Events: []signeasy.EventType{"rs.nope"}})
		refused(w.t, err, "invalid_request")
		_, err = w.c.Callbacks.Create(w.ctx, &signeasy.CallbackRequest{URL: w.other, Events: []signeasy.EventType{signeasy.EventCompleted}})
		require.NoError(w.t, err)
	}},
	{"Callbacks.List", func(w *world) {
		cbs, _, err := w.c.Callbacks.List(w.ctx)
		require.NoError(w.t, err)
		require.Len(w.t, cbs, 2)
		assert.Equal(w.t, &signeasy.Callback{URL: w.rc.srv.URL, Events: signeasy.EventTypes(), Token: hookToken}, cbs[0])
		assert.Equal(w.t, &signeasy.Callback{URL: w.other, Events: []signeasy.EventType{signeasy.EventCompleted}}, cbs[1], "no token")
	}},
	{"Callbacks.Update", func(w *world) {
		resp, err := w.c.Callbacks.Update(w.ctx, &signeasy.CallbackRequest{URL: w.other, Events: []signeasy.EventType{signeasy.EventVoided}, Token: hookToken})
		require.NoError(w.t, err)
		assert.Equal(w.t, 200, resp.StatusCode)
		cbs, _, err := w.c.Callbacks.List(w.ctx)
		require.NoError(w.t, err)
		assert.Equal(w.t, []signeasy.EventType{signeasy.EventVoided}, cbs[1].Events, "updates show")
		assert.Equal(w.t, hookToken, cbs[1].Token.Reveal())
		_, err = w.c.Callbacks.Update(w.ctx, &signeasy.CallbackRequest{URL: "https://nowhere.example/h", Events: []signeasy.EventType{signeasy.EventSigned}})
		gone(w.t, err)
	}},
	{"Callbacks.Delete", func(w *world) {
		resp, err := w.c.Callbacks.Delete(w.ctx, w.other)
		require.NoError(w.t, err)
		assert.Equal(w.t, 202, resp.StatusCode, "202 ACCEPTED, as recorded")
		_, err = w.c.Callbacks.Delete(w.ctx, w.other)
		gone(w.t, err)
		cbs, _, err := w.c.Callbacks.List(w.ctx)
		require.NoError(w.t, err)
		assert.Len(w.t, cbs, 1)
	}},

	// ---- originals
	{"Originals.Upload", func(w *world) {
		o, resp, err := w.c.Originals.Upload(w.ctx, &signeasy.UploadRequest{Name: "Lease: 2026", FileName: "lease.pdf", Open: open("%PDF-1.4 lease")})
		require.NoError(w.t, err)
		assert.Equal(w.t, 200, resp.StatusCode)
		assert.Equal(w.t, "Lease 2026", o.Name, "name stripped like Signeasy's")
		w.lease = o
		_, _, err = w.c.Originals.Upload(w.ctx, &signeasy.UploadRequest{Name: "Lease 2026", FileName: "lease.pdf", Open: open("x")})
		require.ErrorIs(w.t, err, signeasy.ErrConflict)
		o, _, err = w.c.Originals.Upload(w.ctx, &signeasy.UploadRequest{Name: "Lease 2026", FileName: "lease.pdf", Open: open("x"), RenameIfExists: true})
		require.NoError(w.t, err)
		assert.Equal(w.t, "Lease 2026 (1)", o.Name, "renamed")
		w.spare = o
	}},
	{"Originals.Get", func(w *world) {
		o, _, err := w.c.Originals.Get(w.ctx, w.lease.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.lease, o)
		_, _, err = w.c.Originals.Get(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Originals.List", func(w *world) {
		os, _, err := w.c.Originals.List(w.ctx)
		require.NoError(w.t, err)
		assert.Equal(w.t, []*signeasy.Original{w.lease, w.spare}, os)
	}},
	{"Originals.All", func(w *world) {
		assert.Equal(w.t, []*signeasy.Original{w.lease, w.spare}, collect[signeasy.Original](w.t, w.c.Originals.All(w.ctx)))
	}},
	{"Originals.Download", func(w *world) {
		rc, _, err := w.c.Originals.Download(w.ctx, w.lease.ID)
		require.NoError(w.t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		assert.Equal(w.t, "%PDF-1.4 lease", string(b))
		_, _, err = w.c.Originals.Download(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Originals.Delete", func(w *world) {
		resp, err := w.c.Originals.Delete(w.ctx, w.spare.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 204, resp.StatusCode)
		_, _, err = w.c.Originals.Get(w.ctx, w.spare.ID)
		gone(w.t, err, "deleted")
		_, err = w.c.Originals.Delete(w.ctx, w.spare.ID)
		gone(w.t, err)
	}},

	// ---- templates (made in Signeasy's editor: AddTemplate)
	{"Templates.List", func(w *world) {
		w.nda = w.srv.AddTemplate("NDA", "Tenant", "Landlord")
		w.scrap = w.srv.AddTemplate("Scrap")
		ts, _, err := w.c.Templates.List(w.ctx)
		require.NoError(w.t, err)
		require.Len(w.t, ts, 2)
		assert.Equal(w.t, w.nda, ts[0].ID)
		assert.Equal(w.t, []string{"Tenant", "Landlord"}, []string{ts[0].Metadata.Roles[0].Name, ts[0].Metadata.Roles[1].Name})
		assert.True(w.t, bool(ts[0].IsOwned))
	}},
	{"Templates.All", func(w *world) {
		assert.Len(w.t, collect[signeasy.Template](w.t, w.c.Templates.All(w.ctx)), 2)
	}},
	{"Templates.Get", func(w *world) {
		tp, _, err := w.c.Templates.Get(w.ctx, w.nda)
		require.NoError(w.t, err)
		assert.Equal(w.t, "NDA", tp.Name)
		_, _, err = w.c.Templates.Get(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Templates.Update", func(w *world) {
		yes := true
		resp, err := w.c.Templates.Update(w.ctx, w.nda, &signeasy.TemplateUpdateRequest{Name: "Mutual NDA", Message: "Please sign", IsOrdered: &yes})
		require.NoError(w.t, err)
		assert.Equal(w.t, 200, resp.StatusCode)
		tp, _, err := w.c.Templates.Get(w.ctx, w.nda)
		require.NoError(w.t, err)
		assert.Equal(w.t, []any{"Mutual NDA", "Please sign", signeasy.Bool(true)}, []any{tp.Name, tp.Message, tp.IsOrdered}, "updates show")
		_, err = w.c.Templates.Update(w.ctx, 42, &signeasy.TemplateUpdateRequest{Name: "x"})
		gone(w.t, err)
	}},
	{"Templates.EmbedURL", func(w *world) {
		u, _, err := w.c.Templates.EmbedURL(w.ctx, w.nda)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.srv.Root()+"/embedded/template/"+id(w.nda), u.URL)
		_, _, err = w.c.Templates.EmbedURL(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Templates.Delete", func(w *world) {
		resp, err := w.c.Templates.Delete(w.ctx, w.scrap)
		require.NoError(w.t, err)
		assert.Equal(w.t, 204, resp.StatusCode)
		_, _, err = w.c.Templates.Get(w.ctx, w.scrap)
		gone(w.t, err, "deleted")
		_, err = w.c.Templates.Delete(w.ctx, w.scrap)
		gone(w.t, err)
	}},

	// ---- the account
	{"Users.Me", func(w *world) {
		me, _, err := w.c.Users.Me(w.ctx)
		require.NoError(w.t, err)
		assert.Equal(w.t, signeasytest.OwnerEmail, me.Email)
		assert.Equal(w.t, 1, me.ImportedFileCount, "the originals stored")
	}},

	// ---- envelopes
	{"Envelopes.Create", func(w *world) {
		w.newEvents()
		req := &signeasy.CreateEnvelopeRequest{
			Sources: []signeasy.Source{{ID: w.lease.ID, Type: signeasy.SourceOriginal}, {ID: w.nda, Type: signeasy.SourceTemplate}},
			Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"},
				{RecipientID: 2, FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"}},
			RecipientRoleMapping: []signeasy.RoleMapping{{SourceID: 2, RoleID: 2, RecipientID: 2}},
			MergeFields:          []signeasy.MergeField{{SourceID: 2, Label: "tenant", Value: "Ada"}},
			FieldsPayload: []signeasy.Field{{RecipientID: 1, SourceID: 1, Type: signeasy.FieldSignature, Required: true, PageNumber: "1",
				Position: signeasy.FieldPosition{X: 10, Y: 20, Width: 120, Height: 40}}},
			EmbeddedSigning: true, Message: "Please sign.",
		}
		e, _, err := w.c.Envelopes.Create(w.ctx, req)
		require.NoError(w.t, err)
		assert.Equal(w.t, signeasy.EnvelopeIncomplete, e.Status)
		assert.Equal(w.t, "Lease 2026", e.Name, "named after its first document")
		assert.Equal(w.t, []signeasy.Source{{ID: w.lease.ID, Type: signeasy.SourceOriginal, Name: "Lease 2026", SourceID: 1},
			{ID: w.nda, Type: signeasy.SourceTemplate, Name: "Mutual NDA", SourceID: 2}}, e.Sources)
		require.Len(w.t, e.Recipients, 2)
		assert.Equal(w.t, signeasy.RecipientNotViewed, e.Recipients[0].Status)
		assert.Equal(w.t, e.Recipients[0].RecipientID, e.Next, "the first recipient is next")
		assert.True(w.t, bool(e.IsEmbeddedSigning) && bool(e.HasMarkers))
		w.env = e
		assert.Equal(w.t, []string{"rs.initiated"}, w.newEvents(), "an embedded envelope emails nobody")

		e, _, err = w.c.Envelopes.Create(w.ctx, &signeasy.CreateEnvelopeRequest{
			Sources:    []signeasy.Source{{ID: w.lease.ID, Type: signeasy.SourceOriginal}},
			Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "bob@example.com"}, {RecipientID: 2, Email: "eve@example.com"}},
			IsOrdered:  true,
		})
		require.NoError(w.t, err)
		w.mailed = e
		assert.Equal(w.t, []string{"rs.initiated", "rs.link_sent"}, w.newEvents())

		bad := *req
		bad.Sources = []signeasy.Source{{ID: 42, Type: signeasy.SourceOriginal}}
		bad.RecipientRoleMapping, bad.MergeFields = nil, nil
		_, _, err = w.c.Envelopes.Create(w.ctx, &bad)
		gone(w.t, err, "an unknown original")
		bad = *req
		bad.RecipientRoleMapping = []signeasy.RoleMapping{{SourceID: 2, RoleID: 3, RecipientID: 2}}
		_, _, err = w.c.Envelopes.Create(w.ctx, &bad)
		refused(w.t, err, "invalid_role_mapping")
		assert.Empty(w.t, w.newEvents(), "a refused create delivers nothing")
	}},
	{"Envelopes.Get", func(w *world) {
		e, _, err := w.c.Envelopes.Get(w.ctx, w.env.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.env, e)
		_, _, err = w.c.Envelopes.Get(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Envelopes.List", func(w *world) {
		es, _, err := w.c.Envelopes.List(w.ctx)
		require.NoError(w.t, err)
		assert.Equal(w.t, []*signeasy.Envelope{w.env, w.mailed}, es)
	}},
	{"Envelopes.All", func(w *world) {
		assert.Len(w.t, collect[signeasy.Envelope](w.t, w.c.Envelopes.All(w.ctx)), 2)
	}},
	{"Envelopes.SigningURL", func(w *world) {
		u, _, err := w.c.Envelopes.SigningURL(w.ctx, w.env.ID, &signeasy.SigningURLRequest{RecipientEmail: "ADA@example.com"})
		require.NoError(w.t, err)
		assert.True(w.t, strings.HasPrefix(u.URL, w.srv.Root()+"/sign/"+id(w.env.ID)+"/"), u.URL)
		_, _, err = w.c.Envelopes.SigningURL(w.ctx, w.mailed.ID, &signeasy.SigningURLRequest{RecipientEmail: "bob@example.com"})
		unauthorizedResource(w.t, err)
		_, _, err = w.c.Envelopes.SigningURL(w.ctx, w.env.ID, &signeasy.SigningURLRequest{RecipientEmail: "nobody@example.com"})
		refused(w.t, err, "invalid_recipient")
	}},
	{"Client.Download", func(w *world) {
		u, _, err := w.c.Envelopes.SigningURL(w.ctx, w.env.ID, &signeasy.SigningURLRequest{RecipientEmail: "alan@example.com"})
		require.NoError(w.t, err)
		rc, resp, err := w.c.Download(w.ctx, u.URL)
		require.NoError(w.t, err)
		page, _ := io.ReadAll(rc)
		rc.Close()
		assert.Equal(w.t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
		assert.Contains(w.t, string(page), "alan@example.com, please sign envelope "+id(w.env.ID))
		reqs := w.srv.Requests()
		assert.Empty(w.t, reqs[len(reqs)-1].Header.Get("Authorization"), "no credentials to a signing link")
	}},
	{"Client.Do", func(w *world) {
		var got struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		}
		_, err := w.c.Do(w.ctx, &signeasy.Request{Path: "rs/envelope/" + id(w.env.ID)}, &got)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.env.ID, got.ID)
		assert.Equal(w.t, "incomplete", got.Status)
		_, err = w.c.Do(w.ctx, &signeasy.Request{Path: "rs/envelope/42"}, nil)
		gone(w.t, err)
	}},
	{"Embedded.SendingURL", func(w *world) {
		u, _, err := w.c.Embedded.SendingURL(w.ctx, &signeasy.SendingURLRequest{FileID: w.lease.ID,
			Recipients: []signeasy.SendingURLRecipient{{FirstName: "Ada", Email: "ada@example.com", RoleID: 1}}})
		require.NoError(w.t, err)
		assert.Equal(w.t, w.srv.Root()+"/embedded/send/1", u.URL)
		_, _, err = w.c.Embedded.SendingURL(w.ctx, &signeasy.SendingURLRequest{FileID: 42})
		gone(w.t, err)
	}},
	{"Envelopes.GetSigned", func(w *world) {
		_, _, err := w.c.Envelopes.GetSigned(w.ctx, w.env.ID)
		require.ErrorIs(w.t, err, signeasy.ErrNotFound, "not complete yet")
		w.newEvents()
		require.NoError(w.t, w.srv.View(w.ctx, id(w.env.ID), "ada@example.com"))
		require.NoError(w.t, w.srv.Sign(w.ctx, id(w.env.ID), "ada@example.com"))
		require.NoError(w.t, w.srv.Sign(w.ctx, id(w.env.ID), id(w.env.Recipients[1].RecipientID)))
		assert.Equal(w.t, []string{"rs.viewed", "rs.signed", "rs.signed", "rs.completed"}, w.newEvents())
		e, _, err := w.c.Envelopes.Get(w.ctx, w.env.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, signeasy.EnvelopeComplete, e.Status)
		assert.Equal(w.t, []signeasy.RecipientStatus{signeasy.RecipientFinalized, signeasy.RecipientFinalized},
			[]signeasy.RecipientStatus{e.Recipients[0].Status, e.Recipients[1].Status})
		s, _, err := w.c.Envelopes.GetSigned(w.ctx, w.env.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Lease 2026", s.Name)
		w.signed = s.ID
		_, _, err = w.c.Envelopes.GetSigned(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Envelopes.DownloadSigned", func(w *world) {
		pdf := w.pdf(w.c.Envelopes.DownloadSigned(w.ctx, w.signed, 2))
		assert.True(w.t, strings.HasPrefix(pdf, "%PDF-1.4"))
		assert.Contains(w.t, pdf, "Mutual NDA")
		assert.Contains(w.t, w.pdf(w.c.Envelopes.DownloadSigned(w.ctx, w.signed, w.lease.ID)), "Lease 2026",
			"by the document's id, as one working app calls it")
		_, _, err := w.c.Envelopes.DownloadSigned(w.ctx, w.signed, 9)
		gone(w.t, err)
	}},
	{"Signed.Download", func(w *world) {
		merged := w.pdf(w.c.Signed.Download(w.ctx, w.signed, nil))
		assert.Contains(w.t, merged, "Recipient 2: Alan Turing <alan@example.com>, finalized")
		assert.NotContains(w.t, merged, "Audit trail")
		content, ok := w.srv.Content(w.signed)
		assert.True(w.t, ok)
		assert.Equal(w.t, merged, string(content))
		split := w.pdf(w.c.Signed.Download(w.ctx, w.signed, &signeasy.SignedDownloadOptions{Type: signeasy.SignedSplit, IncludeCertificate: true}))
		assert.Contains(w.t, split, "Type: split")
		assert.Contains(w.t, split, "Signed by alan@example.com")
		_, _, err := w.c.Signed.Download(w.ctx, 42, nil)
		gone(w.t, err)
	}},
	{"Signed.Certificate", func(w *world) {
		cert := w.pdf(w.c.Signed.Certificate(w.ctx, w.signed))
		for _, line := range []string{"Audit certificate", "Viewed by ada@example.com", "Signed by ada@example.com", "Completed: signed file " + id(w.signed)} {
			assert.Contains(w.t, cert, line)
		}
		_, _, err := w.c.Signed.Certificate(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Signed.ListEmbedded", func(w *world) {
		fs, _, err := w.c.Signed.ListEmbedded(w.ctx)
		require.NoError(w.t, err)
		require.Len(w.t, fs, 1)
		assert.Equal(w.t, w.signed, fs[0].ID)
		require.NotNil(w.t, fs[0].PendingFile)
		assert.Equal(w.t, w.env.ID, fs[0].PendingFile.ID, "with its envelope")
		assert.Len(w.t, fs[0].Checksum, 64)
	}},
	{"Signed.AllEmbedded", func(w *world) {
		assert.Len(w.t, collect[signeasy.SignedFile](w.t, w.c.Signed.AllEmbedded(w.ctx)), 1)
	}},
	{"Signed.ListSelfSigned", func(w *world) {
		fs, _, err := w.c.Signed.ListSelfSigned(w.ctx)
		require.NoError(w.t, err)
		assert.Empty(w.t, fs, "envelopes are not self-signed")
		w.selfSigned = w.srv.AddSelfSigned("Self-signed lease", []byte("%PDF-1.4 mine"))
		fs, _, err = w.c.Signed.ListSelfSigned(w.ctx)
		require.NoError(w.t, err)
		require.Len(w.t, fs, 1)
		assert.Equal(w.t, []any{w.selfSigned, "Self-signed lease"}, []any{fs[0].ID, fs[0].Name})
		assert.Nil(w.t, fs[0].PendingFile)
		assert.Equal(w.t, "%PDF-1.4 mine", w.pdf(w.c.Signed.Download(w.ctx, w.selfSigned, nil)))
	}},
	{"Signed.AllSelfSigned", func(w *world) {
		assert.Len(w.t, collect[signeasy.SignedFile](w.t, w.c.Signed.AllSelfSigned(w.ctx)), 1)
	}},
	{"Envelopes.Cancel", func(w *world) {
		_, err := w.c.Envelopes.Cancel(w.ctx, w.env.ID)
		unauthorizedResource(w.t, err) // complete: Signeasy refuses
		w.newEvents()
		resp, err := w.c.Envelopes.Cancel(w.ctx, w.mailed.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, 200, resp.StatusCode)
		e, _, err := w.c.Envelopes.Get(w.ctx, w.mailed.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, signeasy.EnvelopeCanceled, e.Status)
		assert.Equal(w.t, []string{"rs.voided"}, w.newEvents())
		_, err = w.c.Envelopes.Cancel(w.ctx, w.mailed.ID)
		unauthorizedResource(w.t, err)
		_, err = w.c.Envelopes.Cancel(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Envelopes.CancelRequest", func(w *world) {
		e := w.create(false)
		_, err := w.c.Envelopes.CancelRequest(w.ctx, e.ID)
		require.NoError(w.t, err)
		e, _, err = w.c.Envelopes.Get(w.ctx, e.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, signeasy.EnvelopeCanceled, e.Status)
		_, err = w.c.Envelopes.CancelRequest(w.ctx, e.ID)
		unauthorizedResource(w.t, err)
		_, err = w.c.Envelopes.CancelRequest(w.ctx, 42)
		gone(w.t, err)
	}},
	{"Embedded.Cancel", func(w *world) {
		mailed := w.create(false)
		_, err := w.c.Embedded.Cancel(w.ctx, mailed.ID)
		unauthorizedResource(w.t, err) // not an embedded request
		e := w.create(true)
		_, err = w.c.Embedded.Cancel(w.ctx, e.ID)
		require.NoError(w.t, err)
		e, _, err = w.c.Envelopes.Get(w.ctx, e.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, signeasy.EnvelopeCanceled, e.Status)
		assert.Equal(w.t, []string{"rs.initiated", "rs.voided"}, w.newEvents(), "the embedded envelope: created, canceled")
		_, err = w.c.Embedded.Cancel(w.ctx, 42)
		gone(w.t, err)
	}},
}

// create makes a one-recipient envelope of the lease.
func (w *world) create(embedded bool) *signeasy.Envelope {
	w.t.Helper()
	w.newEvents()
	e, _, err := w.c.Envelopes.Create(w.ctx, &signeasy.CreateEnvelopeRequest{
		Sources:         []signeasy.Source{{ID: w.lease.ID, Type: signeasy.SourceOriginal}},
		Recipients:      []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "carol@example.com"}},
		EmbeddedSigning: embedded,
	})
	require.NoError(w.t, err)
	return e
}

// TestEveryClientMethod runs the steps, then checks that they called every
// method of every signeasy service, that every API operation of the fake
// was requested, and that the receiver verified every delivery (the
// callback token in metadata.token).
func TestEveryClientMethod(t *testing.T) {
	srv := signeasytest.NewServer(t)
	w := &world{t: t, ctx: context.Background(), c: srv.Client(), srv: srv, rc: newReceiver(t, hookToken),
		other: "https://other.example/hooks"}
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
	for _, m := range append(fakeserver.ClientMethods(w.c), "Client.Do", "Client.Download") {
		if !covered[m] {
			missing = append(missing, m)
		}
	}
	assert.Empty(t, missing, "client methods without a step")
	assert.Empty(t, fakeserver.Unrequested(srv.Ops(), srv.Requests(), signeasytest.APIPath), "operations never requested")
	assert.Len(t, srv.Ops(), 29, "the endpoint table's 30 operations, the token endpoint apart")

	ds := srv.Deliveries()
	for _, d := range ds {
		assert.Equal(t, 200, d.Status, "%s: %v", d.Event, d.Err)
	}
	assert.Len(t, w.rc.types(), len(ds))
	assert.Equal(t, 1, srv.TokenGrants(), "one token for the whole session")
}
