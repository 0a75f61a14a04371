package speccheck

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
)

// legalesignScenario walks a callback subscription and a document (its
// status, signer, PDF, archive, deletion) through the client, then calls
// every other operation the client has with the request drivers' calls,
// whose fixed ids are rewritten to objects created first (idRewriter).
func legalesignScenario() []fakeStep[*legacyv1.Client] {
	type C = *legacyv1.Client
	var doc, signer string
	const callback = "https://app.example/callbacks/legalesign"
	steps := []fakeStep[C]{
		{name: "Subscriptions.Subscribe", call: func(ctx context.Context, c C) error {
			_, err := c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: callback, Notify: legacyv1.NotifyAll})
			return err
		}},
		{name: "Subscriptions.List", call: func(ctx context.Context, c C) error { _, _, err := c.Subscriptions.List(ctx); return err }},
		{name: "Documents.Create", call: func(ctx context.Context, c C) error {
			d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: "my-group", Name: "Supplier agreement",
				TemplatePDF: pdfID, Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com"}},
				Tag: "scenario"})
			if err == nil {
				doc = d.ID
			}
			return err
		}},
		{name: "Documents.Get", call: func(ctx context.Context, c C) error {
			d, _, err := c.Documents.Get(ctx, doc)
			if err == nil {
				for _, s := range d.SignerObjects {
					signer = s.UUID
				}
				if signer == "" {
					return errors.New("the document lists no signer object")
				}
			}
			return err
		}},
		{name: "Documents.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group", Status: legacyv1.DocumentCreated})
			return errors.Join(err, first(c.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: "my-group"})))
		}},
		{name: "Status.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Status.Get(ctx, doc); return err }},
		{name: "Status.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Status.List(ctx, nil)
			return errors.Join(err, first(c.Status.All(ctx, nil)))
		}},
		{name: "Signers.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Signers.Get(ctx, signer); return err }},
		{name: "PDF.Download (not signed)", call: func(ctx context.Context, c C) error {
			rc, _, err := c.PDF.Download(ctx, doc)
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			return err
		}},
		{name: "Documents.Archive", call: func(ctx context.Context, c C) error {
			_, err := c.Documents.Archive(ctx, doc, &legacyv1.DocumentArchiveOptions{})
			return err
		}},
		{name: "Documents.Delete", call: func(ctx context.Context, c C) error { _, err := c.Documents.Delete(ctx, doc); return err }},
		{name: "Documents.Get (deleted)", wantErr: legacyv1.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.Get(ctx, doc)
			return err
		}},
		{name: "Subscriptions.Unsubscribe", call: func(ctx context.Context, c C) error {
			_, err := c.Subscriptions.Unsubscribe(ctx, &legacyv1.UnsubscribeRequest{URL: callback})
			return err
		}},
	}
	scenario := map[Op]bool{
		"POST /subscribe/": true, "GET /notifications/": true, "POST /document/": true, "GET /document/{docId}/": true,
		"GET /document/": true, "GET /status/{docId}/": true, "GET /status/": true, "GET /signer/{signerId}/": true,
		"GET /pdf/{docId}/": true, "DELETE /document/{docId}/": true, "DELETE /document/{docId}/delete/": true,
		"POST /unsubscribe/": true,
	}
	for _, d := range legalesignDrivers() {
		if !scenario[d.op] {
			steps = append(steps, fakeStep[C]{name: string(d.op) + " (driver)", call: d.call})
		}
	}
	return steps
}

// TestLegalesignFakeScenario runs the scenario against legacyv1test.
func TestLegalesignFakeScenario(t *testing.T) {
	rw := &idRewriter{base: http.DefaultTransport}
	tr := &Transport{Spec: Load(t, "legalesign"), Base: rw}
	srv := legacyv1test.NewServer(t)
	c := srv.Client(lsOptions(legacyv1.WithHTTPClient(&http.Client{Transport: tr}))...)
	// The drivers' fixed ids are rewritten on the wire to objects created
	// first, so every operation reaches a real object and its answer is
	// checked.
	rw.ids = legalesignObjects(t, srv, c)
	runScenario(t, "legalesign", tr, c, legalesignScenario(), func(method, path string) string {
		if method == http.MethodGet && strings.HasPrefix(path, "/download/") {
			return "PDF download from the storage host the API redirects to"
		}
		return ""
	})
}

// idRewriter replaces the drivers' ids (in paths and bodies) with the ids
// of real objects; permanent deletions and the archive get objects of
// their own, so the operations after them still find theirs.
type idRewriter struct {
	base http.RoundTripper
	ids  map[string]string // driver id → real id; "delete:" and "archive:" keys for those calls
}

func (rw *idRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if rw.ids == nil {
		return rw.base.RoundTrip(req)
	}
	kind := ""
	if req.Method == http.MethodDelete && strings.HasSuffix(req.URL.Path, "/delete/") {
		kind = "delete:"
	} else if req.Method == http.MethodDelete && strings.HasPrefix(req.URL.Path, "/api/v1/document/") {
		kind = "archive:"
	}
	var pairs []string
	for from, to := range rw.ids {
		if !strings.Contains(from, ":") {
			if alt, ok := rw.ids[kind+from]; ok && kind != "" {
				to = alt
			}
			pairs = append(pairs, from, to)
		}
	}
	r := strings.NewReplacer(pairs...)
	req = req.Clone(req.Context())
	req.URL.Path, req.URL.RawPath = r.Replace(req.URL.Path), ""
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		b = []byte(r.Replace(string(b)))
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	return rw.base.RoundTrip(req)
}

// legalesignObjects creates what the drivers name and returns the id map.
func legalesignObjects(t *testing.T, srv *legacyv1test.Server, c *legacyv1.Client) map[string]string {
	ctx := context.Background()
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	created := func(cr *legacyv1.Created, _ *legacyv1.Response, err error) string { return must(cr.ID, err) }
	pdf := base64.StdEncoding.EncodeToString([]byte(pdfBytes + "(<<signature>>)\n"))
	must(created(c.Groups.Create(ctx, &legacyv1.GroupCreateRequest{Name: "Other"})), nil)
	ids := map[string]string{
		userID: created(c.Users.Create(ctx, &legacyv1.UserCreateRequest{FirstName: "Ann", LastName: "Other", Email: "ann@widgets.com",
			Password: "Str0ng!Passw0rd", Groups: []string{"my-group"}})),
		attachID:          created(c.Attachments.Upload(ctx, &legacyv1.AttachmentUpload{Group: "my-group", Filename: "a.pdf", PDFBase64: pdf})),
		pdfID:             created(c.TemplatePDFs.Upload(ctx, &legacyv1.TemplatePDFUpload{Group: "my-group", PDFBase64: pdf})),
		"delete:" + pdfID: created(c.TemplatePDFs.Upload(ctx, &legacyv1.TemplatePDFUpload{Group: "my-group", PDFBase64: pdf})),
		tmplID:            created(c.Templates.Create(ctx, &legacyv1.TemplateCreateRequest{Title: "T", Group: "my-group", LatestText: "<p>x</p>"})),
	}
	for _, k := range []string{docID, "delete:" + docID, "archive:" + docID} {
		d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: "my-group", Name: "D", Text: "<p>x</p>",
			Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "first@widgets.com"}}})
		ids[k] = must(d.ID, err)
	}
	must("", srv.Forward(ctx, ids[docID], "first@widgets.com", "second@widgets.com"))
	doc, _, err := c.Documents.Get(ctx, ids[docID])
	ids[signerID] = must(doc.Signers[0].SignerID(), err)
	ids[memberID] = created(c.Members.Create(ctx, &legacyv1.MemberCreateRequest{Group: "other", Email: "ann@widgets.com"}))
	_, _, err = c.Members.Create(ctx, &legacyv1.MemberCreateRequest{Group: "my-group", Email: "invitee@widgets.com"})
	inv, _, err2 := c.Invited.List(ctx, nil)
	if err = errors.Join(err, err2); err != nil || len(inv) != 1 {
		t.Fatal(err, inv)
	}
	ids[inviteID] = inv[0].InvitationID()

	// Richer answers than the drivers' filters give: a signed document from
	// a PDF with fields, and unfiltered lists.
	_, err = c.TemplatePDFs.ReplaceFields(ctx, ids[pdfID], []*legacyv1.PDFField{
		{ElementType: legacyv1.ElementSignature, Page: 1, AX: 0.1, AY: 0.8, BX: 0.4, BY: 0.85, Signer: legacyv1.Int(1)},
		{ElementType: legacyv1.ElementText, Page: 1, AX: 0.1, AY: 0.5, BX: 0.4, BY: 0.55, Signer: legacyv1.Int(1), Label: "Name", FieldOrder: legacyv1.Int(1)},
		{ElementType: legacyv1.ElementAdmin, Page: 1, AX: 0.1, AY: 0.1, BX: 0.5, BY: 0.15, Label: "Company"}})
	must("", err)
	d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: "my-group", Name: "Signed", TemplatePDF: ids[pdfID],
		Signers:        []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com", Role: "approver"}},
		SignersInOrder: legacyv1.Bool(true), ReturnSignerLinks: true, PDFText: map[string]string{"Company": "Widgets"},
		FooterHeight: legacyv1.Int(20), PDFPasswordType: 1, Tag: "t", Redirect: "https://example.com/done"})
	must("", err)
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(hook.Close)
	_, err = c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: hook.URL, Notify: legacyv1.NotifyRealtime, Group: "my-group"})
	must("", err)
	must("", srv.Complete(ctx, d.ID))
	doc, _, err = c.Documents.Get(ctx, d.ID)
	must("", err)
	for _, call := range []func() error{
		func() error {
			_, _, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group"})
			return err
		},
		func() error { _, _, err := c.Documents.Fields(ctx, d.ID); return err },
		func() error { _, _, err := c.Signers.Fields(ctx, doc.Signers[0].SignerID()); return err },
		func() error { _, _, err := c.Signers.Get(ctx, doc.Signers[0].SignerID()); return err },
		func() error { _, _, err := c.Status.List(ctx, nil); return err },
		func() error { _, _, err := c.TemplatePDFs.List(ctx, nil); return err },
		func() error { _, _, err := c.TemplatePDFs.Fields(ctx, ids[pdfID]); return err },
		func() error { _, _, err := c.Attachments.List(ctx, nil); return err },
		func() error { _, _, err := c.Subscriptions.List(ctx); return err },
	} {
		must("", call())
	}
	return ids
}
