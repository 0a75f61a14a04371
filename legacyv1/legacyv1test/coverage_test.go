package legacyv1test_test

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
)

// world is the state the steps of TestEveryClientMethod share.
type world struct {
	t   *testing.T
	ctx context.Context
	c   *legacyv1.Client
	srv *legacyv1test.Server
	rc  *receiver

	group, joe, member, invite         string
	att, spareAtt, pdf, sparePDF, tmpl string
	doc, doc2, doc3                    string
	s1, s2                             string // the signers of doc
	created                            string // doc's created, as answered
}

func gone(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, legacyv1.ErrNotFound, msgAndArgs...)
}

// refused asserts a 400 whose message or field problems contain want.
func refused(t *testing.T, err error, want string) {
	t.Helper()
	require.ErrorIs(t, err, legacyv1.ErrBadRequest)
	assert.Contains(t, err.Error(), want)
}

func count[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func ids[T any](items []T, id func(T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

// taggedPDF carries a text tag for signer 2's initials.
const taggedPDF = "%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n(<<initials2>>)\n%%EOF\n"

// steps call every method of every service of legacyv1.Client, in an order
// that makes each meaningful, and check the fake's state rules: created
// objects come back from get and list (filters, pages), updates show,
// deletes give 404 after, children belong to their parents, lifecycle
// steps move state and post signed callbacks, bad input gets Legalesign's
// 400.
var steps = []struct {
	method string
	run    func(w *world)
}{
	// ---- groups
	{"Groups.Create", func(w *world) {
		cr, resp, err := w.c.Groups.Create(w.ctx, &legacyv1.GroupCreateRequest{Name: "Sales team", XFrameAllow: true})
		require.NoError(w.t, err)
		assert.Equal(w.t, 201, resp.StatusCode)
		assert.Equal(w.t, "sales-team", cr.ID)
		assert.Equal(w.t, w.srv.URL()+"/group/sales-team/", cr.Location)
		w.group = cr.ID
		_, _, err = w.c.Groups.Create(w.ctx, &legacyv1.GroupCreateRequest{Name: "abc"})
		refused(w.t, err, "group.name: Ensure the name has 4 to 60 characters.")
	}},
	{"Groups.Get", func(w *world) {
		g, _, err := w.c.Groups.Get(w.ctx, w.group)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Sales team", g.Name)
		assert.True(w.t, g.XFrameAllow)
		assert.Equal(w.t, []string{legacyv1.UserURI(legacyv1test.DefaultUsername)}, g.Members, "the creator is a member")
		_, _, err = w.c.Groups.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Groups.Update", func(w *world) {
		_, err := w.c.Groups.Update(w.ctx, w.group, &legacyv1.GroupUpdateRequest{PublicName: "Sales Ltd"})
		require.NoError(w.t, err)
		g, _, err := w.c.Groups.Get(w.ctx, legacyv1.GroupURI(w.group))
		require.NoError(w.t, err)
		assert.Equal(w.t, "Sales Ltd", g.PublicName)
		_, err = w.c.Groups.Update(w.ctx, "nope", &legacyv1.GroupUpdateRequest{PublicName: "x"})
		gone(w.t, err)
	}},
	{"Groups.List", func(w *world) {
		gs, resp, err := w.c.Groups.List(w.ctx, &legacyv1.ListOptions{Limit: 1})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{legacyv1test.DefaultGroup}, ids(gs, func(g *legacyv1.Group) string { return g.Slug }))
		assert.Equal(w.t, legacyv1.Pagination{Limit: 1, TotalResults: 2, Next: "/api/v1/group/?limit=1&offset=1"}, *resp.Pagination)
	}},
	{"Groups.All", func(w *world) {
		gs := count[*legacyv1.Group](w.t, w.c.Groups.All(w.ctx, &legacyv1.ListOptions{Limit: 1}))
		assert.Equal(w.t, []string{legacyv1test.DefaultGroup, w.group}, ids(gs, func(g *legacyv1.Group) string { return g.Slug }))
	}},

	// ---- users
	{"Users.Create", func(w *world) {
		cr, _, err := w.c.Users.Create(w.ctx, &legacyv1.UserCreateRequest{FirstName: "Joe", LastName: "Bloggs", Email: "joe@widgets.com",
			Password: "Str0ng!Passw0rd", Groups: []string{w.group}, Permission: "3", Timezone: "Europe/London"})
		require.NoError(w.t, err)
		w.joe = cr.ID
		cr, _, err = w.c.Users.Create(w.ctx, &legacyv1.UserCreateRequest{FirstName: "Ann", LastName: "Other", Email: "ann@widgets.com"})
		require.NoError(w.t, err)
		assert.Empty(w.t, cr.ID, "no Location without a password: Legalesign emails a verification link")
		_, _, err = w.c.Users.Create(w.ctx, &legacyv1.UserCreateRequest{FirstName: "Joe", LastName: "B", Email: "JOE@widgets.com"})
		refused(w.t, err, "user.email: A user with that email address already exists.")
		_, _, err = w.c.Users.Create(w.ctx, &legacyv1.UserCreateRequest{FirstName: "Al", LastName: "B", Email: "al@widgets.com", Password: "short"})
		refused(w.t, err, "user.password: Ensure this value has at least 8 characters")
		_, _, err = w.c.Users.Create(w.ctx, &legacyv1.UserCreateRequest{FirstName: "Al", LastName: "B", Email: "al@widgets.com", Groups: []string{"nope"}})
		refused(w.t, err, "user.groups: Could not find the provided group object")
	}},
	{"Users.Get", func(w *world) {
		u, _, err := w.c.Users.Get(w.ctx, w.joe)
		require.NoError(w.t, err)
		assert.Equal(w.t, "joe@widgets.com", u.Email)
		assert.Equal(w.t, "Europe/London", u.Timezone)
		assert.Equal(w.t, []string{legacyv1.GroupURI(w.group)}, u.Groups)
		assert.Equal(w.t, w.joe, u.UserID())
		_, _, err = w.c.Users.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Users.Update", func(w *world) {
		_, err := w.c.Users.Update(w.ctx, w.joe, &legacyv1.UserUpdateRequest{LastName: "Bloggs-Smith"})
		require.NoError(w.t, err)
		u, _, err := w.c.Users.Get(w.ctx, w.joe)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Joe", u.FirstName, "unchanged")
		assert.Equal(w.t, "Bloggs-Smith", u.LastName)
		_, err = w.c.Users.Update(w.ctx, w.joe, &legacyv1.UserUpdateRequest{FirstName: strings.Repeat("x", 31)})
		refused(w.t, err, "user.first_name")
	}},

	// ---- members and invitations
	{"Members.Create", func(w *world) {
		_, _, err := w.c.Members.Create(w.ctx, &legacyv1.MemberCreateRequest{Group: w.group, Email: "joe@widgets.com"})
		refused(w.t, err, "member.exists: User is already a member of the group")
		cr, _, err := w.c.Members.Create(w.ctx, &legacyv1.MemberCreateRequest{Group: w.group, Email: "ann@widgets.com"})
		require.NoError(w.t, err)
		require.NotEmpty(w.t, cr.ID, "a registered user becomes a member at once")
		w.member = cr.ID
		cr, _, err = w.c.Members.Create(w.ctx, &legacyv1.MemberCreateRequest{Group: w.group, Email: "new@widgets.com", DoEmail: true})
		require.NoError(w.t, err)
		assert.Empty(w.t, cr.ID, "anyone else is invited")
		_, _, err = w.c.Members.Create(w.ctx, &legacyv1.MemberCreateRequest{Group: w.group, Email: "new@widgets.com"})
		refused(w.t, err, "member.exists: The person is invited")
		_, _, err = w.c.Members.Create(w.ctx, &legacyv1.MemberCreateRequest{Group: "nope", Email: "x@widgets.com"})
		refused(w.t, err, "member.group")
	}},
	{"Members.Get", func(w *world) {
		m, _, err := w.c.Members.Get(w.ctx, w.member)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.GroupURI(w.group), m.Group)
		assert.Equal(w.t, legacyv1.PermissionTeamCreateSend, m.Permission)
		_, _, err = w.c.Members.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Members.List", func(w *world) {
		ms, resp, err := w.c.Members.List(w.ctx, &legacyv1.GroupListOptions{Group: w.group})
		require.NoError(w.t, err)
		assert.Len(w.t, ms, 3, "the creator, joe, ann")
		assert.Equal(w.t, 3, resp.Pagination.TotalResults)
	}},
	{"Members.All", func(w *world) {
		ms := count[*legacyv1.Member](w.t, w.c.Members.All(w.ctx, &legacyv1.GroupListOptions{Group: legacyv1.GroupURI(w.group), ListOptions: legacyv1.ListOptions{Limit: 2}}))
		assert.Len(w.t, ms, 3)
	}},
	{"Members.Delete", func(w *world) {
		_, err := w.c.Members.Delete(w.ctx, w.member)
		require.NoError(w.t, err)
		_, _, err = w.c.Members.Get(w.ctx, w.member)
		gone(w.t, err)
		_, err = w.c.Members.Delete(w.ctx, w.member)
		gone(w.t, err)
	}},
	{"Invited.List", func(w *world) {
		is, _, err := w.c.Invited.List(w.ctx, &legacyv1.GroupListOptions{Group: w.group})
		require.NoError(w.t, err)
		require.Len(w.t, is, 1)
		assert.Equal(w.t, "new@widgets.com", is[0].Email)
		w.invite = is[0].InvitationID()
		is, _, err = w.c.Invited.List(w.ctx, &legacyv1.GroupListOptions{Group: legacyv1test.DefaultGroup})
		require.NoError(w.t, err)
		assert.Empty(w.t, is)
	}},
	{"Invited.All", func(w *world) {
		assert.Len(w.t, count[*legacyv1.Invitation](w.t, w.c.Invited.All(w.ctx, nil)), 1)
	}},
	{"Invited.Delete", func(w *world) {
		_, err := w.c.Invited.Delete(w.ctx, w.invite)
		require.NoError(w.t, err)
		assert.Empty(w.t, count[*legacyv1.Invitation](w.t, w.c.Invited.All(w.ctx, nil)))
		_, err = w.c.Invited.Delete(w.ctx, w.invite)
		gone(w.t, err)
	}},

	// ---- attachments
	{"Attachments.Upload", func(w *world) {
		cr, _, err := w.c.Attachments.Upload(w.ctx, &legacyv1.AttachmentUpload{Group: w.group, Filename: "terms.pdf",
			Description: "Terms", PDF: strings.NewReader(taggedPDF)})
		require.NoError(w.t, err)
		w.att = cr.ID
		cr, _, err = w.c.Attachments.Upload(w.ctx, &legacyv1.AttachmentUpload{Group: w.group, Filename: "spare.pdf", PDF: strings.NewReader(taggedPDF)})
		require.NoError(w.t, err)
		w.spareAtt = cr.ID
		_, _, err = w.c.Attachments.Upload(w.ctx, &legacyv1.AttachmentUpload{Group: w.group, Filename: "my terms.pdf", PDF: strings.NewReader(taggedPDF)})
		refused(w.t, err, "Use simple ascii letters and numbers for filename")
		_, _, err = w.c.Attachments.Upload(w.ctx, &legacyv1.AttachmentUpload{Group: w.group, Filename: "x.pdf", PDF: strings.NewReader("not a PDF")})
		refused(w.t, err, "pdf_file must be a base64 encoded PDF")
	}},
	{"Attachments.Get", func(w *world) {
		a, _, err := w.c.Attachments.Get(w.ctx, w.att)
		require.NoError(w.t, err)
		assert.Equal(w.t, "terms.pdf", a.Filename)
		assert.Equal(w.t, legacyv1.GroupURI(w.group), a.Group)
		_, _, err = w.c.Attachments.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Attachments.Delete", func(w *world) {
		_, err := w.c.Attachments.Delete(w.ctx, w.spareAtt)
		require.NoError(w.t, err)
		_, _, err = w.c.Attachments.Get(w.ctx, w.spareAtt)
		gone(w.t, err)
	}},
	{"Attachments.List", func(w *world) {
		as, _, err := w.c.Attachments.List(w.ctx, &legacyv1.GroupListOptions{Group: w.group})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.att}, ids(as, func(a *legacyv1.Attachment) string { return a.UUID }))
	}},
	{"Attachments.All", func(w *world) {
		assert.Len(w.t, count[*legacyv1.Attachment](w.t, w.c.Attachments.All(w.ctx, &legacyv1.GroupListOptions{Group: legacyv1test.DefaultGroup})), 0)
	}},

	// ---- PDF templates
	{"TemplatePDFs.Upload", func(w *world) {
		cr, _, err := w.c.TemplatePDFs.Upload(w.ctx, &legacyv1.TemplatePDFUpload{Group: legacyv1test.DefaultGroup, Title: "Supplier agreement",
			PDF: strings.NewReader(taggedPDF)})
		require.NoError(w.t, err)
		w.pdf = cr.ID
		cr, _, err = w.c.TemplatePDFs.Upload(w.ctx, &legacyv1.TemplatePDFUpload{Group: legacyv1test.DefaultGroup, ProcessTags: true,
			PDF: strings.NewReader(taggedPDF)})
		require.NoError(w.t, err)
		w.sparePDF = cr.ID
		_, _, err = w.c.TemplatePDFs.Upload(w.ctx, &legacyv1.TemplatePDFUpload{Group: "nope", PDF: strings.NewReader(taggedPDF)})
		refused(w.t, err, "templatepdf.group")
	}},
	{"TemplatePDFs.Get", func(w *world) {
		p, _, err := w.c.TemplatePDFs.Get(w.ctx, w.sparePDF)
		require.NoError(w.t, err)
		assert.Equal(w.t, "Untitled", p.Title)
		assert.Equal(w.t, 1, p.PageCount)
		assert.Equal(w.t, 2, p.SignerCount, "process_tags made the tag a field of signer 2")
		assert.Equal(w.t, []string{"Signer 1", "Signer 2"}, p.PartyNames())
		_, _, err = w.c.TemplatePDFs.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"TemplatePDFs.ReplaceFields", func(w *world) {
		_, err := w.c.TemplatePDFs.ReplaceFields(w.ctx, w.pdf, []*legacyv1.PDFField{
			{ElementType: legacyv1.ElementSignature, Page: 1, AX: 0.1, AY: 0.8, BX: 0.4, BY: 0.85, Signer: legacyv1.Int(1), Label: "Sign here"},
			{ElementType: legacyv1.ElementAdmin, Page: 1, AX: 0.1, AY: 0.1, BX: 0.5, BY: 0.15, Label: "Company"},
		})
		require.NoError(w.t, err)
		_, err = w.c.TemplatePDFs.ReplaceFields(w.ctx, w.pdf, []*legacyv1.PDFField{
			{ElementType: legacyv1.ElementText, Page: 2, AX: 0.1, AY: 0.1, BX: 0.5, BY: 0.15, Signer: legacyv1.Int(1)}})
		refused(w.t, err, "templatepdf.fields[0].page: The PDF has 1 pages.")
		_, err = w.c.TemplatePDFs.ReplaceFields(w.ctx, "nope", nil)
		gone(w.t, err)
	}},
	{"TemplatePDFs.ConvertTags", func(w *world) {
		_, err := w.c.TemplatePDFs.ConvertTags(w.ctx, w.pdf)
		require.NoError(w.t, err)
		p, _, err := w.c.TemplatePDFs.Get(w.ctx, w.pdf)
		require.NoError(w.t, err)
		assert.Equal(w.t, 2, p.SignerCount)
	}},
	{"TemplatePDFs.Fields", func(w *world) {
		fs, _, err := w.c.TemplatePDFs.Fields(w.ctx, w.pdf)
		require.NoError(w.t, err)
		require.Len(w.t, fs, 3)
		assert.Equal(w.t, []legacyv1.ElementType{legacyv1.ElementSignature, legacyv1.ElementAdmin, legacyv1.ElementInitials},
			[]legacyv1.ElementType{fs[0].ElementType, fs[1].ElementType, fs[2].ElementType})
		assert.Nil(w.t, fs[1].Signer, "a sender field")
		assert.Equal(w.t, 2, *fs[2].Signer)
		assert.NotEmpty(w.t, fs[0].UUID)
	}},
	{"TemplatePDFs.EditLink", func(w *world) {
		link, resp, err := w.c.TemplatePDFs.EditLink(w.ctx, w.pdf, &legacyv1.EditLinkOptions{HideSenderFields: true, BackgroundColor: "#f0f0f0"})
		require.NoError(w.t, err)
		assert.Equal(w.t, 201, resp.StatusCode)
		assert.True(w.t, strings.HasPrefix(link, w.srv.Root()+"/pdf-edit/"), link)
		_, _, err = w.c.TemplatePDFs.EditLink(w.ctx, w.pdf, &legacyv1.EditLinkOptions{BackgroundColor: "bluish"})
		refused(w.t, err, "css_body_backgroundcolor")
	}},
	{"TemplatePDFs.Archive", func(w *world) {
		_, err := w.c.TemplatePDFs.Archive(w.ctx, w.sparePDF)
		require.NoError(w.t, err)
	}},
	{"TemplatePDFs.List", func(w *world) {
		ps, _, err := w.c.TemplatePDFs.List(w.ctx, &legacyv1.TemplateListOptions{Group: legacyv1test.DefaultGroup})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.pdf}, ids(ps, (*legacyv1.TemplatePDF).TemplatePDFID), "archived ones are not listed by default")
		ps, _, err = w.c.TemplatePDFs.List(w.ctx, &legacyv1.TemplateListOptions{Archive: legacyv1.Bool(true)})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.sparePDF}, ids(ps, (*legacyv1.TemplatePDF).TemplatePDFID))
	}},
	{"TemplatePDFs.All", func(w *world) {
		assert.Len(w.t, count[*legacyv1.TemplatePDF](w.t, w.c.TemplatePDFs.All(w.ctx, &legacyv1.TemplateListOptions{Group: w.group})), 0)
	}},
	{"TemplatePDFs.Delete", func(w *world) {
		_, err := w.c.TemplatePDFs.Delete(w.ctx, w.sparePDF)
		require.NoError(w.t, err)
		_, _, err = w.c.TemplatePDFs.Get(w.ctx, w.sparePDF)
		gone(w.t, err)
	}},

	// ---- text templates
	{"Templates.Create", func(w *world) {
		cr, _, err := w.c.Templates.Create(w.ctx, &legacyv1.TemplateCreateRequest{Title: "NDA", Group: legacyv1test.DefaultGroup,
			LatestText: `<p>Terms</p><span class="field" data-signee="1" data-type="signature"></span>`})
		require.NoError(w.t, err)
		w.tmpl = cr.ID
		_, _, err = w.c.Templates.Create(w.ctx, &legacyv1.TemplateCreateRequest{Title: "N/A!", Group: legacyv1test.DefaultGroup, LatestText: "x"})
		refused(w.t, err, "template.title")
	}},
	{"Templates.Get", func(w *world) {
		tp, _, err := w.c.Templates.Get(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		assert.Equal(w.t, "NDA", tp.Title)
		assert.True(w.t, tp.HasFields)
		assert.Equal(w.t, 1, tp.SigneeCount)
		_, _, err = w.c.Templates.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Templates.Update", func(w *world) {
		_, err := w.c.Templates.Update(w.ctx, w.tmpl, &legacyv1.TemplateUpdateRequest{LatestText: "<p>New terms</p>"})
		require.NoError(w.t, err)
		tp, _, err := w.c.Templates.Get(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		assert.Equal(w.t, "<p>New terms</p>", tp.LatestText)
		assert.Equal(w.t, "NDA", tp.Title, "unchanged")
	}},
	{"Templates.List", func(w *world) {
		ts, _, err := w.c.Templates.List(w.ctx, &legacyv1.TemplateListOptions{Group: legacyv1test.DefaultGroup})
		require.NoError(w.t, err)
		require.Len(w.t, ts, 1)
		assert.Empty(w.t, ts[0].LatestText, "only get shows the text")
	}},
	{"Templates.All", func(w *world) {
		assert.Len(w.t, count[*legacyv1.Template](w.t, w.c.Templates.All(w.ctx, nil)), 1)
	}},

	// ---- callbacks
	{"Subscriptions.Subscribe", func(w *world) {
		for _, n := range []legacyv1.Notify{legacyv1.NotifyAll, legacyv1.NotifySigned, legacyv1.NotifySent, legacyv1.NotifyRejected} {
			_, err := w.c.Subscriptions.Subscribe(w.ctx, &legacyv1.SubscribeRequest{URL: w.rc.url + "/" + string(n), Notify: n})
			require.NoError(w.t, err)
		}
		_, err := w.c.Subscriptions.Subscribe(w.ctx, &legacyv1.SubscribeRequest{URL: w.rc.url + "/realtime", Notify: legacyv1.NotifyRealtime,
			Group: legacyv1test.DefaultGroup})
		require.NoError(w.t, err)
		_, err = w.c.Subscriptions.Subscribe(w.ctx, &legacyv1.SubscribeRequest{URL: w.rc.url + "/x", Notify: legacyv1.NotifyAll, Group: "nope"})
		refused(w.t, err, "subscribe.group")
	}},
	{"Subscriptions.List", func(w *world) {
		subs, _, err := w.c.Subscriptions.List(w.ctx)
		require.NoError(w.t, err)
		require.Len(w.t, subs, 5)
		assert.Equal(w.t, legacyv1.NotifyWhenAll, subs[0].NotifyWhen)
		assert.Equal(w.t, legacyv1.NotifyWhenRealtime, subs[4].NotifyWhen)
		assert.Nil(w.t, subs[0].GroupID)
		assert.NotNil(w.t, subs[4].GroupID, "a group's subscription")
	}},

	// ---- documents
	{"Documents.Create", func(w *world) {
		req := &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: "Supplier agreement", TemplatePDF: w.pdf,
			Signers: []*legacyv1.SignerRequest{
				{FirstName: "Joe", LastName: "Bloggs", Email: "joe@widgets.com", Attachments: []string{w.att}},
				{FirstName: "Betty", LastName: "MacLean", Email: "betty@widgets.com"},
			},
			SignersInOrder: legacyv1.Bool(true), ReturnSignerLinks: true, PDFText: map[string]string{"Company": "Widgets Ltd"},
			Tag: "contract-2024", StrictFields: true}
		cr, resp, err := w.c.Documents.Create(w.ctx, req)
		require.NoError(w.t, err)
		assert.Equal(w.t, 201, resp.StatusCode)
		assert.Equal(w.t, w.srv.URL()+"/document/"+cr.ID+"/", cr.Location)
		assert.Len(w.t, cr.SignerLinks, 2)
		w.doc = cr.ID

		one := *req
		one.Signers = req.Signers[:1]
		_, _, err = w.c.Documents.Create(w.ctx, &one)
		refused(w.t, err, "document.signers: The PDF template needs 2 signers.")
		bad := *req
		bad.PDFText = map[string]string{"Nope": "x"}
		_, _, err = w.c.Documents.Create(w.ctx, &bad)
		refused(w.t, err, `document.pdftext: No sender field is labelled "Nope".`)
		bad = *req
		bad.Group = "nope"
		_, _, err = w.c.Documents.Create(w.ctx, &bad)
		refused(w.t, err, "document.group: Could not find the provided group object via resource URI '/api/v1/group/nope/'.")

		for _, name := range []string{"Lease", "Invoice"} {
			cr, _, err = w.c.Documents.Create(w.ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: name,
				Template: w.tmpl, Signers: []*legacyv1.SignerRequest{{FirstName: "Ann", LastName: "Other", Email: "ann@widgets.com"}}})
			require.NoError(w.t, err)
			w.doc2, w.doc3 = w.doc3, cr.ID
		}
	}},
	{"Documents.Get", func(w *world) {
		d, _, err := w.c.Documents.Get(w.ctx, w.doc)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.DocumentCreated, d.Status)
		assert.Equal(w.t, legacyv1.GroupURI(legacyv1test.DefaultGroup), d.Group)
		assert.Equal(w.t, legacyv1.TemplatePDFURI(w.pdf), d.TemplatePDF)
		assert.True(w.t, bool(d.SignersInOrder))
		require.Len(w.t, d.Signers, 2)
		assert.Equal(w.t, []legacyv1.SignerStatus{legacyv1.SignerSent, legacyv1.SignerUnsent}, []legacyv1.SignerStatus{d.Signers[0].Status, d.Signers[1].Status},
			"signers in order: the second waits")
		assert.Equal(w.t, 1, d.Signers[1].Order)
		assert.True(w.t, d.Signers[0].HasFields)
		w.s1, w.s2 = d.Signers[0].SignerID(), d.Signers[1].SignerID()
		assert.Equal(w.t, "betty@widgets.com", d.SignerObjects[1].Email)
		raw := rawGet(w.t, w.srv, "/document/"+w.doc+"/")
		w.created = raw["created"].(string)
		assert.True(w.t, strings.HasSuffix(w.created, "+00:00"), "created carries its UTC offset: %s", w.created)
		assert.Equal(w.t, []any{legacyv1.SignerURI(w.s1), "Joe", "Bloggs", "joe@widgets.com", "", "true", "10", "0"}, raw["signers"].([]any)[0],
			"signer rows are strings")
		_, _, err = w.c.Documents.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Documents.List", func(w *world) {
		list := func(o legacyv1.DocumentListOptions) []string {
			o.Group = legacyv1test.DefaultGroup
			ds, _, err := w.c.Documents.List(w.ctx, &o)
			require.NoError(w.t, err)
			return ids(ds, (*legacyv1.Document).DocumentID)
		}
		assert.Equal(w.t, []string{w.doc, w.doc2, w.doc3}, list(legacyv1.DocumentListOptions{}))
		assert.Equal(w.t, []string{w.doc}, list(legacyv1.DocumentListOptions{Email: "BETTY@widgets.com"}))
		assert.Empty(w.t, list(legacyv1.DocumentListOptions{Status: legacyv1.DocumentSigned}))
		created, err := time.Parse(time.RFC3339Nano, w.created)
		require.NoError(w.t, err)
		assert.Len(w.t, list(legacyv1.DocumentListOptions{CreatedAfter: created.Add(-time.Hour), ModifiedAfter: created.Add(-time.Hour)}), 3)
		assert.Empty(w.t, list(legacyv1.DocumentListOptions{CreatedAfter: created.Add(time.Hour)}))
		// The value as answered, passed back unchanged: strictly after. (The
		// client sends whole seconds, so through it the document itself
		// would still match.)
		q := rawGet(w.t, w.srv, "/document/?group="+legacyv1test.DefaultGroup+"&created_gt="+strings.ReplaceAll(w.created, "+", "%2B"))
		assert.EqualValues(w.t, 2, q["meta"].(map[string]any)["total_count"])
		ds, _, err := w.c.Documents.List(w.ctx, &legacyv1.DocumentListOptions{Group: w.group})
		require.NoError(w.t, err)
		assert.Empty(w.t, ds, "another group's documents")
		ds, _, err = w.c.Documents.List(w.ctx, &legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup, NoSigners: true, Cache: true})
		require.NoError(w.t, err)
		assert.Empty(w.t, ds[0].Signers)
	}},
	{"Documents.All", func(w *world) {
		ds := count[*legacyv1.Document](w.t, w.c.Documents.All(w.ctx, &legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup,
			ListOptions: legacyv1.ListOptions{Limit: 2}}))
		assert.Equal(w.t, []string{w.doc, w.doc2, w.doc3}, ids(ds, (*legacyv1.Document).DocumentID))
	}},
	{"Documents.Fields", func(w *world) {
		fs, _, err := w.c.Documents.Fields(w.ctx, w.doc)
		require.NoError(w.t, err)
		require.Len(w.t, fs, 3)
		assert.Equal(w.t, "Widgets Ltd", string(fs[1].Value), "sender fields filled from pdftext")
		assert.True(w.t, fs[1].State)
		assert.False(w.t, fs[0].State, "not signed yet")
		_, _, err = w.c.Documents.Fields(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Documents.PreviewSigning", func(w *world) {
		u, _, err := w.c.Documents.PreviewSigning(w.ctx, &legacyv1.SigningPreviewRequest{Text: "<p>Hi</p>", Group: legacyv1test.DefaultGroup, SigneeCount: 1})
		require.NoError(w.t, err)
		assert.True(w.t, strings.HasPrefix(u, w.srv.Root()+"/preview/"), u)
		_, _, err = w.c.Documents.PreviewSigning(w.ctx, &legacyv1.SigningPreviewRequest{Text: "x", Group: "nope"})
		refused(w.t, err, "document.group")
	}},
	{"Templates.Archive", func(w *world) {
		_, err := w.c.Templates.Archive(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		tp, _, err := w.c.Templates.Get(w.ctx, w.tmpl)
		require.NoError(w.t, err)
		assert.True(w.t, tp.Archive, "archived, not deleted")
		ts, _, err := w.c.Templates.List(w.ctx, &legacyv1.TemplateListOptions{Archive: legacyv1.Bool(false)})
		require.NoError(w.t, err)
		assert.Empty(w.t, ts)
		_, _, err = w.c.Documents.Create(w.ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: "Late", Template: w.tmpl,
			Signers: []*legacyv1.SignerRequest{{FirstName: "A", LastName: "B", Email: "a@b.co"}}})
		refused(w.t, err, "document.template: The template is archived.")
	}},

	// ---- signers
	{"Signers.Get", func(w *world) {
		s, _, err := w.c.Signers.Get(w.ctx, w.s2)
		require.NoError(w.t, err)
		assert.Equal(w.t, w.doc, s.DocumentID())
		assert.Equal(w.t, legacyv1.SignerUnsent, s.Status)
		assert.Equal(w.t, 1, s.Order)
		_, _, err = w.c.Signers.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Signers.Fields", func(w *world) {
		fs, _, err := w.c.Signers.Fields(w.ctx, w.s1)
		require.NoError(w.t, err)
		require.Len(w.t, fs, 1)
		assert.Equal(w.t, "Sign here", fs[0].Label)
	}},
	{"Signers.NewLink", func(w *world) {
		link, resp, err := w.c.Signers.NewLink(w.ctx, w.s1)
		require.NoError(w.t, err)
		assert.Equal(w.t, 201, resp.StatusCode)
		assert.True(w.t, strings.HasPrefix(link, w.srv.Root()+"/esign/"), link)
		_, _, err = w.c.Signers.NewLink(w.ctx, w.s2)
		refused(w.t, err, "cannot sign now")
	}},
	{"Signers.SendReminder", func(w *world) {
		_, err := w.c.Signers.SendReminder(w.ctx, w.s1, "Please sign today")
		require.NoError(w.t, err)
		_, err = w.c.Signers.SendReminder(w.ctx, w.s2, "")
		assert.ErrorIs(w.t, err, legacyv1.ErrUnauthorized, "the spec's 401: failed to send (not their turn)")
	}},
	{"Signers.Reset", func(w *world) {
		require.NoError(w.t, w.srv.Forward(w.ctx, w.doc, "joe@widgets.com", "joe.deputy@widgets.com"))
		s, _, err := w.c.Signers.Get(w.ctx, w.s1)
		require.NoError(w.t, err)
		assert.Equal(w.t, "joe.deputy@widgets.com", s.Email)
		_, err = w.c.Signers.Reset(w.ctx, w.s1, &legacyv1.SignerResetRequest{Email: "someone@widgets.com"})
		refused(w.t, err, "Previous email not found")
		_, err = w.c.Signers.Reset(w.ctx, w.s1, &legacyv1.SignerResetRequest{Email: "joe@widgets.com", Notify: true})
		require.NoError(w.t, err)
		s, _, err = w.c.Signers.Get(w.ctx, w.s1)
		require.NoError(w.t, err)
		assert.Equal(w.t, "joe@widgets.com", s.Email)
	}},

	// ---- lifecycle
	{"Status.Get", func(w *world) {
		require.NoError(w.t, w.srv.View(w.ctx, w.doc, "joe@widgets.com"))
		assert.ErrorIs(w.t, w.srv.Sign(w.ctx, w.doc, w.s2), legacyv1test.ErrState, "not the second signer's turn")
		require.NoError(w.t, w.srv.Sign(w.ctx, w.doc, w.s1))
		s, _, err := w.c.Signers.Get(w.ctx, w.s2)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.SignerSent, s.Status, "the next signer's turn")
		st, _, err := w.c.Status.Get(w.ctx, w.doc)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.DocumentCreated, st.Status)
		require.NoError(w.t, w.srv.Complete(w.ctx, w.doc))
		st, _, err = w.c.Status.Get(w.ctx, w.doc)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.DocumentSigned, st.Status)
		assert.True(w.t, st.DownloadFinal)
		assert.Equal(w.t, "contract-2024", st.Tag)
		d, _, err := w.c.Documents.Get(w.ctx, w.doc)
		require.NoError(w.t, err)
		assert.False(w.t, d.SignTime.IsZero())
		assert.Len(w.t, d.HashValue, 64)
		fs, _, err := w.c.Signers.Fields(w.ctx, w.s1)
		require.NoError(w.t, err)
		assert.True(w.t, fs[0].State, "saved by the signer")
		_, _, err = w.c.Status.Get(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"Signers.Rejection", func(w *world) {
		r, _, err := w.c.Signers.Rejection(w.ctx, w.s1)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.SignerSigned, r.Status)
		assert.Empty(w.t, r.Reason)
		require.NoError(w.t, w.srv.Decline(w.ctx, w.doc2, "ann@widgets.com", "Wrong terms"))
		d, _, err := w.c.Documents.Get(w.ctx, w.doc2)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.DocumentRejected, d.Status)
		r, _, err = w.c.Signers.Rejection(w.ctx, d.Signers[0].SignerID())
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.SignerRejected, r.Status)
		assert.Equal(w.t, "Wrong terms", r.Reason)
	}},
	{"Documents.Archive", func(w *world) {
		_, err := w.c.Documents.Archive(w.ctx, w.doc3, &legacyv1.DocumentArchiveOptions{Email: true})
		require.NoError(w.t, err)
		d, _, err := w.c.Documents.Get(w.ctx, w.doc3)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.DocumentRemoved, d.Status)
		assert.True(w.t, d.Archived)
		_, err = w.c.Documents.Archive(w.ctx, w.doc, nil)
		require.NoError(w.t, err)
		d, _, err = w.c.Documents.Get(w.ctx, w.doc)
		require.NoError(w.t, err)
		assert.Equal(w.t, legacyv1.DocumentSigned, d.Status, "a signed document keeps its status")
		ds, _, err := w.c.Documents.List(w.ctx, &legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.doc2}, ids(ds, (*legacyv1.Document).DocumentID), "archived ones are not listed")
		ds, _, err = w.c.Documents.List(w.ctx, &legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup, Archived: legacyv1.Bool(true)})
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.doc, w.doc3}, ids(ds, (*legacyv1.Document).DocumentID))
		assert.ErrorIs(w.t, w.srv.Cancel(w.ctx, w.doc3), legacyv1test.ErrState)
	}},
	{"Status.List", func(w *world) {
		ss, _, err := w.c.Status.List(w.ctx, nil)
		require.NoError(w.t, err)
		assert.Equal(w.t, []string{w.doc2}, ids(ss, (*legacyv1.StatusSummary).DocumentID), "unarchived by default")
		ss, _, err = w.c.Status.List(w.ctx, &legacyv1.StatusListOptions{Filter: "true"})
		require.NoError(w.t, err)
		assert.Len(w.t, ss, 2)
	}},
	{"Status.All", func(w *world) {
		ss := count[*legacyv1.StatusSummary](w.t, w.c.Status.All(w.ctx, &legacyv1.StatusListOptions{Filter: "1", ListOptions: legacyv1.ListOptions{Limit: 1}}))
		assert.Equal(w.t, []string{w.doc, w.doc3}, ids(ss, (*legacyv1.StatusSummary).DocumentID))
	}},
	{"Documents.Changes", func(w *world) {
		// Every document's current status and its signers', archived
		// documents included, as batch changes.
		want := map[string]string{}
		var last time.Time
		for _, id := range []string{w.doc, w.doc2, w.doc3} {
			d, _, err := w.c.Documents.Get(w.ctx, id)
			require.NoError(w.t, err)
			if d.Modified.After(last) {
				last = d.Modified.Time
			}
			for _, sg := range d.Signers {
				want["signer:"+sg.SignerID()+":status="+strconv.Itoa(int(sg.Status))] = id
			}
			want["document:"+id+":status="+strconv.Itoa(int(d.Status))] = id
		}
		got := map[string]string{}
		for _, ch := range count[*legacyv1.StatusChange](w.t, w.c.Documents.Changes(w.ctx, &legacyv1.ChangesOptions{Group: legacyv1test.DefaultGroup})) {
			got[ch.ID()] = want[ch.ID()]
		}
		for id := range want {
			assert.Contains(w.t, got, id)
		}
		assert.Empty(w.t, count[*legacyv1.StatusChange](w.t, w.c.Documents.Changes(w.ctx, &legacyv1.ChangesOptions{Group: legacyv1test.DefaultGroup, Since: last})),
			"nothing modified after the last modification")
	}},
	{"Documents.AuditLog", func(w *world) {
		rc, _, err := w.c.Documents.AuditLog(w.ctx, w.doc)
		require.NoError(w.t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, line := range []string{"%PDF-", "Document created", "Sent to betty@widgets.com", "Reminder sent to joe@widgets.com",
			"Forwarded by joe@widgets.com to joe.deputy@widgets.com", "Signed by betty@widgets.com", "Final PDF created"} {
			assert.Contains(w.t, string(b), line)
		}
	}},
	{"PDF.Download", func(w *world) {
		rc, resp, err := w.c.PDF.Download(w.ctx, w.doc)
		require.NoError(w.t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		assert.Equal(w.t, legacyv1test.PDF(w.doc), string(b))
		assert.Equal(w.t, "application/pdf", resp.Header.Get("Content-Type"))
		_, _, err = w.c.PDF.Download(w.ctx, "nope")
		gone(w.t, err)
	}},
	{"PDF.Preview", func(w *world) {
		rc, _, err := w.c.PDF.Preview(w.ctx, &legacyv1.PDFPreviewRequest{Text: "<h1>Contract</h1>", SigneeCount: 1, SignatureType: 4,
			Group: legacyv1test.DefaultGroup, Title: "Contract"})
		require.NoError(w.t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		assert.Contains(w.t, string(b), "Preview: Contract")
		_, _, err = w.c.PDF.Preview(w.ctx, &legacyv1.PDFPreviewRequest{Text: "x", Group: "nope"})
		refused(w.t, err, "pdf.group")
	}},
	{"Documents.Delete", func(w *world) {
		_, err := w.c.Documents.Delete(w.ctx, w.doc3)
		require.NoError(w.t, err)
		_, _, err = w.c.Documents.Get(w.ctx, w.doc3)
		gone(w.t, err)
		d2, _, err := w.c.Documents.Get(w.ctx, w.doc2)
		require.NoError(w.t, err)
		_, err = w.c.Documents.Delete(w.ctx, w.doc2)
		require.NoError(w.t, err)
		_, _, err = w.c.Signers.Get(w.ctx, d2.Signers[0].SignerID())
		gone(w.t, err, "its signers went with it")
	}},
	{"Documents.CreateOnce", func(w *world) {
		req := &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: "Order 42", Text: "<p>Terms</p>",
			Signers: []*legacyv1.SignerRequest{{FirstName: "Ann", LastName: "Other", Email: "ann@widgets.com"}}, Tag2: "order-42"}
		cr, resp, err := w.c.Documents.CreateOnce(w.ctx, req)
		require.NoError(w.t, err)
		assert.False(w.t, resp.Recovered)
		assert.Equal(w.t, "order-42", cr.Key)
		d, _, err := w.c.Documents.Get(w.ctx, cr.ID)
		require.NoError(w.t, err)
		assert.Equal(w.t, "order-42", d.Tag2, "the key is the document's tag2")

		// Refused the way a lost answer's retry would be found out: a 400
		// looks the key up, and the existing document is returned.
		w.srv.FailNext(400, 0)
		again, resp, err := w.c.Documents.CreateOnce(w.ctx, req)
		require.NoError(w.t, err)
		assert.True(w.t, resp.Recovered)
		assert.Equal(w.t, cr.ID, again.ID)
	}},
	{"Subscriptions.Unsubscribe", func(w *world) {
		_, err := w.c.Subscriptions.Unsubscribe(w.ctx, &legacyv1.UnsubscribeRequest{URL: w.rc.url + "/all"})
		require.NoError(w.t, err)
		_, err = w.c.Subscriptions.Unsubscribe(w.ctx, &legacyv1.UnsubscribeRequest{URL: w.rc.url + "/all"})
		require.NoError(w.t, err, "200 whether or not subscribed")
		subs, _, err := w.c.Subscriptions.List(w.ctx)
		require.NoError(w.t, err)
		assert.Len(w.t, subs, 4)
	}},
}

// TestEveryClientMethod runs the steps, then checks that they called every
// exported method of every legacyv1 service, that every API operation of
// the fake was requested, that the fake serves every operation of the
// spec, and that every callback was signed correctly.
func TestEveryClientMethod(t *testing.T) {
	sg := sharedSigner(t)
	srv := legacyv1test.NewServer(t, legacyv1test.WithSigner(sg), legacyv1test.WithRealtimeSecret("rt-secret"))
	w := &world{t: t, ctx: context.Background(), c: srv.Client(), srv: srv, rc: newReceiver(t, sg.CertificatePEM, "rt-secret")}
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
	unrequested := fakeserver.Unrequested(srv.Ops(), srv.Requests(), legacyv1test.APIPath)
	assert.Empty(t, unrequested)

	// Every callback reached the receiver, which verified its signature.
	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.Status, "%s: %v", d.Event, d.Err)
	}
	got := w.rc.types()
	assert.Len(t, got, len(srv.Deliveries()))
	for _, typ := range []string{"status_batch", "legacy.sent", "legacy.signed", "legacy.rejected", "document.created",
		"recipient.emailOpened", "recipient.visiting", "recipient.completed", "document.finalPdfCreated", "recipient.rejected", "document.rejected"} {
		assert.Contains(t, got, typ)
	}
}
