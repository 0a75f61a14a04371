package speccheck

// The calls of legacyv1/wire_test.go, one driver per spec operation.

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/esignkit/esign/legacyv1"
)

// Legalesign ids (UUIDs).
const (
	docID    = "d0d0d0d0-1111-4222-8333-d0d0d0d0d0d0"
	signerID = "5e5e5e5e-1111-4222-8333-5e5e5e5e5e5e"
	pdfID    = "a0a0a0a0-1111-4222-8333-a0a0a0a0a0a0"
	tmplID   = "b0b0b0b0-1111-4222-8333-b0b0b0b0b0b0"
	memberID = "c0c0c0c0-1111-4222-8333-c0c0c0c0c0c0"
	userID   = "e0e0e0e0-1111-4222-8333-e0e0e0e0e0e0"
	attachID = "f0f0f0f0-1111-4222-8333-f0f0f0f0f0f0"
	inviteID = "1a1a1a1a-1111-4222-8333-1a1a1a1a1a1a"
)

var pdfBytes = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

type lcall = func(ctx context.Context, c *legacyv1.Client) (any, error)

func lrun(calls ...lcall) func(context.Context, *legacyv1.Client) error {
	return func(ctx context.Context, c *legacyv1.Client) error {
		var errs []error
		for _, f := range calls {
			_, err := f(ctx, c)
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}
}

func legalesignDrivers() []driver[*legacyv1.Client] {
	return []driver[*legacyv1.Client]{
		{"GET /document/", lrun(
			// Documents.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				docs, resp, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{
					Group: "my-group", Archived: legacyv1.Bool(false), Status: legacyv1.DocumentSigned, Email: "joe.biggins@widgets.com",
					CreatedAfter:  time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600)),
					ModifiedAfter: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
					NoSigners:     true, Cache: true, ListOptions: legacyv1.ListOptions{Limit: 50, Offset: 100},
				})
				return []any{docs, resp}, err
			},
		)},
		{"POST /document/", lrun(
			// Documents.Create
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				exp := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
				d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{
					Group: "my-group", Name: "Supplier agreement", TemplatePDF: pdfID,
					Signers: []*legacyv1.SignerRequest{
						{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com", Attachments: []string{attachID}, Expires: &exp,
							Reviewers: []*legacyv1.Reviewer{{Email: "boss@widgets.com", IncludeLink: true}}},
						{DecideLater: true},
					},
					SignatureType: 4, DoEmail: legacyv1.Bool(true), AutoArchive: legacyv1.Bool(false), ReturnSignerLinks: true,
					PDFText: map[string]string{"Company": "Widgets Ltd"}, Tag: "contract2020myref",
				})
				return d, err
			},
		)},
		{"POST /document/preview/", lrun(
			// Documents.PreviewSigning
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				u, _, err := c.Documents.PreviewSigning(ctx, &legacyv1.SigningPreviewRequest{Text: "<p>Hello</p>", Title: "Hi", Group: "my-group", SigneeCount: 2})
				return u, err
			},
		)},
		{"GET /document/{docId}/", lrun(
			// Documents.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				d, _, err := c.Documents.Get(ctx, docID)
				return d, err
			},
		)},
		{"DELETE /document/{docId}/", lrun(
			// Documents.Archive
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Documents.Archive(ctx, docID, &legacyv1.DocumentArchiveOptions{Email: true})
				return nil, err
			},
		)},
		{"GET /document/{docId}/fields/", lrun(
			// Documents.Fields
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				f, _, err := c.Documents.Fields(ctx, docID)
				return f, err
			},
		)},
		{"GET /document/{docId}/auditlog/", lrun(
			// Documents.AuditLog
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				rc, _, err := c.Documents.AuditLog(ctx, docID)
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return string(b), err
			},
		)},
		{"DELETE /document/{docId}/delete/", lrun(
			// Documents.Delete
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Documents.Delete(ctx, docID)
				return nil, err
			},
		)},
		{"GET /status/", lrun(
			// Status.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				s, _, err := c.Status.List(ctx, &legacyv1.StatusListOptions{Filter: "true", ListOptions: legacyv1.ListOptions{Limit: 10}})
				return s, err
			},
		)},
		{"GET /status/{docId}/", lrun(
			// Status.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				s, _, err := c.Status.Get(ctx, docID)
				return s, err
			},
		)},
		{"GET /pdf/{docId}/", lrun(
			// PDF.Download
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				rc, _, err := c.PDF.Download(ctx, docID)
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return string(b), err
			},
		)},
		{"POST /pdf/preview/", lrun(
			// PDF.Preview
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				rc, _, err := c.PDF.Preview(ctx, &legacyv1.PDFPreviewRequest{Text: "<h1>Contract</h1>", SigneeCount: 1, SignatureType: 4, IsSignaturePerPage: 0, Group: "my-group", Title: "Contract"})
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return string(b), err
			},
		)},
		{"GET /signer/{signerId}/", lrun(
			// Signers.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				s, _, err := c.Signers.Get(ctx, signerID)
				return s, err
			},
		)},
		{"GET /signer/{signerId}/fields1/", lrun(
			// Signers.Fields
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				f, _, err := c.Signers.Fields(ctx, signerID)
				return f, err
			},
		)},
		{"GET /signer/{signerId}/new-link/", lrun(
			// Signers.NewLink
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				u, _, err := c.Signers.NewLink(ctx, signerID)
				return u, err
			},
		)},
		{"POST /signer/{signerId}/reset/", lrun(
			// Signers.Reset
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Signers.Reset(ctx, signerID, &legacyv1.SignerResetRequest{Email: "first@widgets.com", Notify: true})
				return nil, err
			},
		)},
		{"POST /signer/{signerId}/send-reminder/", lrun(
			// Signers.SendReminder
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Signers.SendReminder(ctx, signerID, "Please sign today")
				return nil, err
			},
		)},
		{"GET /signer/{signerId}/rejection/", lrun(
			// Signers.Rejection
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				r, _, err := c.Signers.Rejection(ctx, signerID)
				return r, err
			},
		)},
		{"GET /templatepdf/", lrun(
			// TemplatePDFs.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				l, _, err := c.TemplatePDFs.List(ctx, &legacyv1.TemplateListOptions{Group: "my-group", Archive: legacyv1.Bool(true), ListOptions: legacyv1.ListOptions{Limit: 5, Offset: 5}})
				return l, err
			},
		)},
		{"POST /templatepdf/", lrun(
			// TemplatePDFs.Upload
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				cr, _, err := c.TemplatePDFs.Upload(ctx, &legacyv1.TemplatePDFUpload{Group: "my-group", Title: "Supplier Agreement", ProcessTags: true, PDF: strings.NewReader(pdfBytes)})
				return cr, err
			},
		)},
		{"GET /templatepdf/{pdfId}/", lrun(
			// TemplatePDFs.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				p, _, err := c.TemplatePDFs.Get(ctx, pdfID)
				return p, err
			},
		)},
		{"GET /templatepdf/{pdfId}/edit-link/", lrun(
			// TemplatePDFs.EditLink
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				u, _, err := c.TemplatePDFs.EditLink(ctx, pdfID, &legacyv1.EditLinkOptions{HideSenderFields: true, BackgroundColor: "#f0f0f0"})
				return u, err
			},
		)},
		{"GET /templatepdf/{pdfId}/fields/", lrun(
			// TemplatePDFs.Fields
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				f, _, err := c.TemplatePDFs.Fields(ctx, pdfID)
				return f, err
			},
		)},
		{"POST /templatepdf/{pdfId}/fields/", lrun(
			// TemplatePDFs.ReplaceFields
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.TemplatePDFs.ReplaceFields(ctx, pdfID, []*legacyv1.PDFField{
					{ElementType: legacyv1.ElementSignature, Page: 1, AX: 0.1, AY: 0.8, BX: 0.4, BY: 0.85, Signer: legacyv1.Int(1), Label: "Sign here"},
					{ElementType: legacyv1.ElementAdmin, Page: 1, AX: 0.1, AY: 0.1, BX: 0.5, BY: 0.15, Label: "Company", FontSize: 11, Validation: func() *legacyv1.FieldValidation { v := legacyv1.FieldValidation(65); return &v }()},
				})
				return nil, err
			},
		)},
		{"POST /templatepdf/{pdfId}/tags/", lrun(
			// TemplatePDFs.ConvertTags
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.TemplatePDFs.ConvertTags(ctx, pdfID)
				return nil, err
			},
		)},
		{"DELETE /templatepdf/{pdfId}/delete/", lrun(
			// TemplatePDFs.Delete
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.TemplatePDFs.Delete(ctx, pdfID)
				return nil, err
			},
		)},
		{"POST /templatepdf/{pdfId}/archive/", lrun(
			// TemplatePDFs.Archive
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.TemplatePDFs.Archive(ctx, pdfID)
				return nil, err
			},
		)},
		{"GET /template/", lrun(
			// Templates.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				l, _, err := c.Templates.List(ctx, &legacyv1.TemplateListOptions{Group: "/api/v1/group/my-group/", Archive: legacyv1.Bool(false)})
				return l, err
			},
		)},
		{"POST /template/", lrun(
			// Templates.Create
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				cr, _, err := c.Templates.Create(ctx, &legacyv1.TemplateCreateRequest{Title: "NDA", Group: "my-group", LatestText: "<p>Terms</p>", User: userID})
				return cr, err
			},
		)},
		{"GET /template/{templateId}/", lrun(
			// Templates.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				tp, _, err := c.Templates.Get(ctx, tmplID)
				return tp, err
			},
		)},
		{"DELETE /template/{templateId}/", lrun(
			// Templates.Archive
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Templates.Archive(ctx, tmplID)
				return nil, err
			},
		)},
		{"PATCH /template/{templateId}/", lrun(
			// Templates.Update
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Templates.Update(ctx, tmplID, &legacyv1.TemplateUpdateRequest{LatestText: "<p>New terms</p>"})
				return nil, err
			},
		)},
		{"GET /group/", lrun(
			// Groups.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				g, _, err := c.Groups.List(ctx, &legacyv1.ListOptions{Limit: 2})
				return g, err
			},
		)},
		{"POST /group/", lrun(
			// Groups.Create
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				cr, _, err := c.Groups.Create(ctx, &legacyv1.GroupCreateRequest{Name: "Sales team", XFrameAllow: true})
				return cr, err
			},
		)},
		{"GET /group/{groupId}/", lrun(
			// Groups.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				g, _, err := c.Groups.Get(ctx, "/api/v1/group/my-group/")
				return g, err
			},
		)},
		{"PATCH /group/{groupId}/", lrun(
			// Groups.Update
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Groups.Update(ctx, "my-group", &legacyv1.GroupUpdateRequest{PublicName: "Global Exports Ltd"})
				return nil, err
			},
		)},
		{"GET /member/", lrun(
			// Members.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				m, _, err := c.Members.List(ctx, &legacyv1.GroupListOptions{Group: "my-group", ListOptions: legacyv1.ListOptions{Limit: 20}})
				return m, err
			},
		)},
		{"POST /member/", lrun(
			// Members.Create
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				cr, _, err := c.Members.Create(ctx, &legacyv1.MemberCreateRequest{Group: "my-group", Email: "new@widgets.com", DoEmail: true, Permission: legacyv1.PermissionTeamSend})
				return cr, err
			},
		)},
		{"GET /member/{memberId}/", lrun(
			// Members.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				m, _, err := c.Members.Get(ctx, memberID)
				return m, err
			},
		)},
		{"DELETE /member/{memberId}/", lrun(
			// Members.Delete
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Members.Delete(ctx, memberID)
				return nil, err
			},
		)},
		{"GET /invited/", lrun(
			// Invited.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				l, _, err := c.Invited.List(ctx, &legacyv1.GroupListOptions{Group: "my-group"})
				return l, err
			},
		)},
		{"DELETE /invited/{invitedId}/", lrun(
			// Invited.Delete
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Invited.Delete(ctx, inviteID)
				return nil, err
			},
		)},
		{"POST /user/", lrun(
			// Users.Create
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				cr, _, err := c.Users.Create(ctx, &legacyv1.UserCreateRequest{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com",
					Timezone: "Europe/London", Password: "Str0ng!Passw0rd", Groups: []string{"my-group", "/api/v1/group/other/"}, Permission: "2"})
				return cr, err
			},
		)},
		{"GET /user/{userId}/", lrun(
			// Users.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				u, _, err := c.Users.Get(ctx, userID)
				return u, err
			},
		)},
		{"PATCH /user/{userId}/", lrun(
			// Users.Update
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Users.Update(ctx, userID, &legacyv1.UserUpdateRequest{LastName: "Biggins-Smith"})
				return nil, err
			},
		)},
		{"GET /attachment/", lrun(
			// Attachments.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				l, _, err := c.Attachments.List(ctx, &legacyv1.GroupListOptions{Group: "my-group", ListOptions: legacyv1.ListOptions{Limit: 20, Offset: 20}})
				return l, err
			},
		)},
		{"POST /attachment/", lrun(
			// Attachments.Upload
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				cr, _, err := c.Attachments.Upload(ctx, &legacyv1.AttachmentUpload{Group: "my-group", Filename: "terms.pdf", Description: "Terms",
					PDFBase64: base64.StdEncoding.EncodeToString([]byte(pdfBytes))})
				return cr, err
			},
		)},
		{"GET /attachment/{attachmentId}/", lrun(
			// Attachments.Get
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				a, _, err := c.Attachments.Get(ctx, attachID)
				return a, err
			},
		)},
		{"DELETE /attachment/{attachmentId}/", lrun(
			// Attachments.Delete
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Attachments.Delete(ctx, attachID)
				return nil, err
			},
		)},
		{"GET /notifications/", lrun(
			// Subscriptions.List
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				l, _, err := c.Subscriptions.List(ctx)
				return l, err
			},
		)},
		{"POST /subscribe/", lrun(
			// Subscriptions.Subscribe
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: "https://mywebsite.com/rt/", Notify: legacyv1.NotifyRealtime, EventFilter: legacyv1.FilterDocumentFinalPDFCreated, Group: "my-group"})
				return nil, err
			},
		)},
		{"POST /unsubscribe/", lrun(
			// Subscriptions.Unsubscribe
			func(ctx context.Context, c *legacyv1.Client) (any, error) {
				_, err := c.Subscriptions.Unsubscribe(ctx, &legacyv1.UnsubscribeRequest{URL: "https://mywebsite.com/callback/"})
				return nil, err
			},
		)},
	}
}
