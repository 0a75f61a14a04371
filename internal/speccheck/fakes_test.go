package speccheck

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// runFake runs the drivers through a client that talks to a fake server
// across a validating Transport, and checks every answer the fake gives to
// a spec operation against the spec (ValidateResponse). Calls may fail (a
// fake does not know the drivers' ids, or lacks an operation): what is
// checked is that whatever the fake answers is an answer the spec allows.
// Operations in pendingFake must still fail (a stale entry fails). It
// returns how many operations answered with a status the spec declares.
func runFake[C any](t *testing.T, tr *Transport, c C, drivers []driver[C]) int {
	t.Helper()
	provider := tr.Spec.Name
	for _, d := range drivers {
		_ = d.call(context.Background(), c)
	}
	bad := map[Op][]string{}
	seen := map[Op]bool{}
	valid, total, undeclared := 0, 0, 0
	for _, ex := range tr.Exchanges() {
		if ex.Op == "" {
			continue // outside the spec (token endpoint, newer operations)
		}
		if ex.Status >= 300 && len(ex.Response.Problems) == 1 && ex.Response.Problems[0].Message == "status is not supported" {
			undeclared++ // an error status the spec does not list (unknown id, 501): nothing to check against
			continue
		}
		seen[ex.Op] = true
		total++
		if len(ex.Response.Problems) == 0 {
			valid++
			continue
		}
		for _, p := range ex.Response.Problems {
			bad[ex.Op] = append(bad[ex.Op], p.Message)
		}
	}
	var ops []string
	for op := range seen {
		ops = append(ops, string(op))
	}
	sort.Strings(ops)
	for _, o := range ops {
		op := Op(o)
		why, pending := pendingFake[provider][op]
		switch {
		case pending && len(bad[op]) == 0:
			t.Errorf("pendingFake[%q][%q] is stale (every answer validates now): delete the entry", provider, op)
		case pending:
			t.Logf("pending fake %s (%s): %s", op, why, bad[op][0])
		case len(bad[op]) > 0:
			t.Errorf("fake answer to %s does not validate: %s", op, strings.Join(bad[op], "; "))
		}
	}
	t.Logf("%s fake: %d operations answered with a declared status, %d of %d answers validated (%d answers with an undeclared error status)",
		provider, len(seen), valid, total, undeclared)
	return len(seen)
}

func TestBlueInkFakeAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "blueink")}
	srv := blueinktest.NewServer(t)
	c := srv.Client(blueink.WithHTTPClient(&http.Client{Transport: tr}), blueink.WithMaxRetries(0))
	runFake(t, tr, c, blueinkDrivers())
}

func TestZignedFakeAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "zigned")}
	srv := zignedtest.NewServer(t)
	c := srv.Client(zigned.WithHTTPClient(&http.Client{Transport: tr}), zigned.WithMaxRetries(0))
	runFake(t, tr, c, zignedDrivers())
}

// TestLegalesignFakeAnswers runs the drivers against a stateful fake: the
// objects the drivers name are created first (through the same validating
// transport), and the drivers' ids are rewritten on the wire to theirs, so
// every operation answers with success and its answer is checked.
func TestLegalesignFakeAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "legalesign")}
	srv := legacyv1test.NewServer(t)
	rw := &idRewriter{base: http.DefaultTransport}
	tr.Base = rw
	c := srv.Client(legacyv1.WithHTTPClient(&http.Client{Transport: tr}), legacyv1.WithMaxRetries(0))
	rw.ids = legalesignObjects(t, srv, c)
	if n := runFake(t, tr, c, legalesignDrivers()); n != 52 {
		t.Errorf("%d of the 52 operations answered with a declared status", n)
	}
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
	_, _, err = c.Members.Create(ctx, &legacyv1.MemberCreateRequest{Group: "my-group", Email: "new@widgets.com"})
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
