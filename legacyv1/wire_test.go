package legacyv1

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wireCase is one API operation: how to call it, what must go on the wire,
// what the server answers and what the caller must get back.
type wireCase struct {
	name   string
	call   func(ctx context.Context, c *Client) (any, error)
	method string
	path   string     // full request path
	query  url.Values // exact query (nil: none)
	body   string     // expected JSON body ("" : no body)
	reply  reply
	accept string // expected Accept header ("" : application/json)
	check  func(t *testing.T, got any)
}

func v(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	return q
}

var pdfBytes = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

// wireCases covers every operation of the Legalesign API v1 spec.
func wireCases() []wireCase {
	created := time.Date(2020, 5, 20, 15, 10, 0, 0, time.UTC)
	return []wireCase{
		// ---- documents
		{
			name: "Documents.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				docs, resp, err := c.Documents.List(ctx, &DocumentListOptions{
					Group: "my-group", Archived: Bool(false), Status: DocumentSigned, Email: "joe.biggins@widgets.com",
					CreatedAfter:  time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600)),
					ModifiedAfter: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
					NoSigners:     true, Cache: true, ListOptions: ListOptions{Limit: 50, Offset: 100},
				})
				return []any{docs, resp}, err
			},
			method: "GET", path: "/api/v1/document/",
			query: v("group", "my-group", "archived", "false", "status", "30", "email", "joe.biggins@widgets.com",
				"created_gt", "2024-01-02T02:04:05Z", "modified_gt", "2024-02-01T00:00:00Z", "nosigners", "1", "cache", "1",
				"limit", "50", "offset", "100"),
			reply: jsonReply(200, listJSON("/api/v1/document/", 50, 100, 151, documentJSON)),
			check: func(t *testing.T, got any) {
				docs := got.([]any)[0].([]*Document)
				resp := got.([]any)[1].(*Response)
				require.Len(t, docs, 1)
				assert.Equal(t, docID, docs[0].UUID)
				assert.Equal(t, DocumentSigned, docs[0].Status)
				require.NotNil(t, resp.Pagination)
				assert.Equal(t, Pagination{Offset: 100, Limit: 50, TotalResults: 151, Next: "/api/v1/document/?limit=50&offset=150"}, *resp.Pagination)
			},
		},
		{
			name: "Documents.List (time filters to the microsecond)",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, _, err := c.Documents.List(ctx, &DocumentListOptions{Group: "my-group",
					CreatedAfter:  time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600)), // rounded up
					ModifiedAfter: time.Date(2024, 2, 1, 0, 0, 0, 500_000_000, time.UTC)})
				return nil, err
			},
			method: "GET", path: "/api/v1/document/",
			query: v("group", "my-group", "created_gt", "2024-01-02T02:04:05.123457Z", "modified_gt", "2024-02-01T00:00:00.5Z"),
			reply: jsonReply(200, listJSON("/api/v1/document/", 20, 0, 0)),
		},
		{
			name: "Documents.Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				exp := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
				d, _, err := c.Documents.Create(ctx, &DocumentCreateRequest{
					Group: "my-group", Name: "Supplier agreement", TemplatePDF: pdfID,
					Signers: []*SignerRequest{
						{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com", Attachments: []string{attachID}, Expires: &exp,
							Reviewers: []*Reviewer{{Email: "boss@widgets.com", IncludeLink: true}}},
						{DecideLater: true},
					},
					SignatureType: 4, DoEmail: Bool(true), AutoArchive: Bool(false), ReturnSignerLinks: true,
					PDFText: map[string]string{"Company": "Widgets Ltd"}, Tag: "contract2020myref",
				})
				return d, err
			},
			method: "POST", path: "/api/v1/document/",
			body: `{"group":"/api/v1/group/my-group/","name":"Supplier agreement","templatepdf":"/api/v1/templatepdf/` + pdfID + `/",
				"signers":[{"firstname":"Joe","lastname":"Biggins","email":"joe.biggins@widgets.com","attachments":["/api/v1/attachment/` + attachID + `/"],
				"expires":"2030-01-01T12:00:00Z","reviewers":[{"email":"boss@widgets.com","include_link":true}]},{"decide_later":true}],
				"pdftext":{"Company":"Widgets Ltd"},"signature_type":4,"auto_archive":false,"do_email":true,"return_signer_links":true,"tag":"contract2020myref"}`,
			reply: reply{Status: 201, Body: `{"signer_1": "https://app1.legalesign.com/esign/abc/", "signer_2": "https://app1.legalesign.com/esign/def/", "status": 10}`,
				Header: http.Header{"Location": {"https://eu-api.legalesign.com/api/v1/document/" + docID + "/"}, "Content-Type": {"application/json"}}},
			check: func(t *testing.T, got any) {
				d := got.(*CreatedDocument)
				assert.Equal(t, docID, d.ID)
				assert.Equal(t, "/api/v1/document/"+docID+"/", d.ResourceURI)
				assert.Equal(t, ResourceDocument, d.Resource)
				assert.Equal(t, "https://eu-api.legalesign.com/api/v1/document/"+docID+"/", d.Location)
				assert.Equal(t, map[string]string{"signer_1": "https://app1.legalesign.com/esign/abc/", "signer_2": "https://app1.legalesign.com/esign/def/"}, d.SignerLinks)
			},
		},
		{
			name: "Documents.PreviewSigning",
			call: func(ctx context.Context, c *Client) (any, error) {
				u, _, err := c.Documents.PreviewSigning(ctx, &SigningPreviewRequest{Text: "<p>Hello</p>", Title: "Hi", Group: "my-group", SigneeCount: 2})
				return u, err
			},
			method: "POST", path: "/api/v1/document/preview/",
			body:  `{"text":"<p>Hello</p>","title":"Hi","group":"/api/v1/group/my-group/","signee_count":2}`,
			reply: reply{Status: 302, Header: http.Header{"Location": {"https://app1.legalesign.com/preview/one-use-token/"}}},
			check: func(t *testing.T, got any) {
				assert.Equal(t, "https://app1.legalesign.com/preview/one-use-token/", got)
			},
		},
		{
			name: "Documents.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				d, _, err := c.Documents.Get(ctx, docID)
				return d, err
			},
			method: "GET", path: "/api/v1/document/" + docID + "/",
			reply: jsonReply(200, documentJSON),
			check: func(t *testing.T, got any) {
				d := got.(*Document)
				assert.Equal(t, docID, d.DocumentID())
				assert.Equal(t, "test cs_agreement", d.Name)
				assert.Equal(t, DocumentSigned, d.Status)
				assert.Equal(t, "/api/v1/group/my-group/", d.Group)
				assert.True(t, d.AutoArchive)
				assert.True(t, d.AppendPDF)
				assert.False(t, d.AppendHistory)
				assert.True(t, d.DownloadFinal)
				assert.Equal(t, created, d.Created.Time)
				assert.Equal(t, time.Date(2020, 5, 21, 9, 30, 15, 250000000, time.UTC), d.Modified.UTC())
				assert.Nil(t, d.FooterHeight)
				require.NotNil(t, d.HeaderHeight)
				assert.Equal(t, 40, *d.HeaderHeight)
				assert.Equal(t, FlexString("2"), d.PDFPasswordType)
				assert.Equal(t, 4, d.SignatureType)
				assert.True(t, bool(d.SignersInOrder))
				assert.Equal(t, "contract2020myref", d.Tag)
				assert.Equal(t, "my_other_ref", d.Tag1)
				assert.Equal(t, "andFinalRef", d.Tag2)
				assert.Equal(t, "/api/v1/templatepdf/"+pdfID+"/", d.TemplatePDF)
				assert.Equal(t, "/api/v1/user/"+userID+"/", d.User)
				assert.Equal(t, "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", d.HashValue)
				assert.Equal(t, "https://example.com/redirect-receive/", d.Redirect)
				assert.Equal(t, time.Date(2020, 5, 21, 9, 30, 0, 0, time.UTC), d.SignTime.Time, "zone-less: UTC")
				assert.JSONEq(t, `{"Company": "Widgets Ltd"}`, string(d.PDFText))
				assert.True(t, d.HasFields)
				assert.False(t, d.Archived)
				assert.False(t, d.DoEmail)
				assert.False(t, d.ReturnSignerLinks)
				assert.Empty(t, d.CCEmails, "null")
				assert.Empty(t, d.Template, "null")
				assert.Empty(t, d.Text)
				require.Len(t, d.Signers, 2)
				assert.Equal(t, SignerSummary{ResourceURI: "/api/v1/signer/" + signerID + "/", FirstName: "Joe", LastName: "Biggins",
					Email: "joe.biggins@widgets.com", HasFields: true, Status: SignerSigned, Order: 0}, d.Signers[0])
				assert.Equal(t, signerID, d.Signers[0].SignerID())
				assert.Equal(t, SignerSummary{ResourceURI: "/api/v1/signer/s1s1s1s1-1111-4222-8333-s1s1s1s1s1s1/", FirstName: "Betty", LastName: "MacLean",
					Email: "betty.maclean@widgets.com", SMS: "+447700900123", HasFields: true, Status: SignerSent, Order: 1}, d.Signers[1])
				require.Len(t, d.SignerObjects, 1)
				assert.Equal(t, DocumentSigner{UUID: signerID, ResourceURI: "/api/v1/signer/" + signerID + "/", FirstName: "Joe", LastName: "Biggins",
					Email: "joe.biggins@widgets.com", Role: "signer", Status: SignerSigned}, d.SignerObjects[0])
			},
		},
		{
			name: "Documents.Archive",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Documents.Archive(ctx, docID, &DocumentArchiveOptions{Email: true})
				return nil, err
			},
			method: "DELETE", path: "/api/v1/document/" + docID + "/", query: v("email", "true"),
			reply: reply{Status: 204},
		},
		{
			name: "Documents.Fields",
			call: func(ctx context.Context, c *Client) (any, error) {
				f, _, err := c.Documents.Fields(ctx, docID)
				return f, err
			},
			method: "GET", path: "/api/v1/document/" + docID + "/fields/",
			reply: jsonReply(200, `[{"element_type": "text", "fieldorder": null, "label": "Company", "label_extra": null, "signer": 1, "state": true, "validation": 1, "value": "ops@widgets.com"},
				{"element_type": "signature", "fieldorder": 2, "label": "Sign here", "signer": 1, "state": false, "validation": null, "value": ""}]`),
			check: func(t *testing.T, got any) {
				f := got.([]*DocumentField)
				require.Len(t, f, 2)
				assert.Equal(t, ElementText, f[0].ElementType)
				assert.Nil(t, f[0].FieldOrder)
				assert.Equal(t, "Company", f[0].Label)
				assert.Equal(t, 1, *f[0].Signer)
				assert.True(t, f[0].State)
				assert.Equal(t, FieldValidation(1), *f[0].Validation)
				assert.Equal(t, FlexString("ops@widgets.com"), f[0].Value)
				assert.Equal(t, ElementSignature, f[1].ElementType)
				assert.Equal(t, 2, *f[1].FieldOrder)
				assert.Nil(t, f[1].Validation)
			},
		},
		{
			name: "Documents.AuditLog",
			call: func(ctx context.Context, c *Client) (any, error) {
				rc, _, err := c.Documents.AuditLog(ctx, docID)
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return string(b), err
			},
			method: "GET", path: "/api/v1/document/" + docID + "/auditlog/", accept: "application/pdf",
			reply: reply{Status: 200, Body: pdfBytes, Header: http.Header{"Content-Type": {"application/pdf"}}},
			check: func(t *testing.T, got any) { assert.Equal(t, pdfBytes, got) },
		},
		{
			name: "Documents.Delete",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Documents.Delete(ctx, docID)
				return nil, err
			},
			method: "DELETE", path: "/api/v1/document/" + docID + "/delete/",
			reply: reply{Status: 204},
		},
		// ---- status
		{
			name: "Status.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				s, _, err := c.Status.List(ctx, &StatusListOptions{Filter: "true", ListOptions: ListOptions{Limit: 10}})
				return s, err
			},
			method: "GET", path: "/api/v1/status/", query: v("filter", "true", "limit", "10"),
			reply: jsonReply(200, listJSON("/api/v1/status/", 10, 0, 1,
				`{"archived": false, "download_final": true, "resource_uri": "/api/v1/status/`+docID+`/", "status": 30, "tag": "contract2020", "tag1": "userRef", "tag2": "otherRef"}`)),
			check: func(t *testing.T, got any) {
				s := got.([]*StatusSummary)
				require.Len(t, s, 1)
				assert.Equal(t, StatusSummary{ResourceURI: "/api/v1/status/" + docID + "/", Status: DocumentSigned, DownloadFinal: true,
					Tag: "contract2020", Tag1: "userRef", Tag2: "otherRef"}, *s[0])
				assert.Equal(t, docID, s[0].DocumentID())
			},
		},
		{
			name: "Status.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				s, _, err := c.Status.Get(ctx, docID)
				return s, err
			},
			method: "GET", path: "/api/v1/status/" + docID + "/",
			reply: jsonReply(200, `{"archived": true, "download_final": false, "resource_uri": "/api/v1/status/`+docID+`/", "status": 10, "tag": "", "tag1": "", "tag2": ""}`),
			check: func(t *testing.T, got any) {
				s := got.(*StatusSummary)
				assert.Equal(t, DocumentCreated, s.Status)
				assert.True(t, s.Archived)
			},
		},
		// ---- pdf
		{
			name: "PDF.Download",
			call: func(ctx context.Context, c *Client) (any, error) {
				rc, _, err := c.PDF.Download(ctx, docID)
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return string(b), err
			},
			method: "GET", path: "/api/v1/pdf/" + docID + "/", accept: "application/pdf",
			reply: reply{Status: 200, Body: pdfBytes, Header: http.Header{"Content-Type": {"application/pdf"}}},
			check: func(t *testing.T, got any) { assert.Equal(t, pdfBytes, got) },
		},
		{
			name: "PDF.Preview",
			call: func(ctx context.Context, c *Client) (any, error) {
				rc, _, err := c.PDF.Preview(ctx, &PDFPreviewRequest{Text: "<h1>Contract</h1>", SigneeCount: 1, SignatureType: 4, IsSignaturePerPage: 0, Group: "my-group", Title: "Contract"})
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return string(b), err
			},
			method: "POST", path: "/api/v1/pdf/preview/", accept: "application/pdf",
			body:  `{"text":"<h1>Contract</h1>","signee_count":1,"signature_type":4,"is_signature_per_page":0,"group":"/api/v1/group/my-group/","title":"Contract"}`,
			reply: reply{Status: 200, Body: pdfBytes, Header: http.Header{"Content-Type": {"application/pdf"}}},
			check: func(t *testing.T, got any) { assert.Equal(t, pdfBytes, got) },
		},
		// ---- signers
		{
			name: "Signers.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				s, _, err := c.Signers.Get(ctx, signerID)
				return s, err
			},
			method: "GET", path: "/api/v1/signer/" + signerID + "/",
			reply: jsonReply(200, `{"document": "/api/v1/document/`+docID+`/", "email": "joe.biggins@widgets.com", "first_name": "Joe", "has_fields": true,
				"last_name": "Biggins", "order": 0, "resource_uri": "/api/v1/signer/`+signerID+`/", "status": 20}`),
			check: func(t *testing.T, got any) {
				s := got.(*Signer)
				assert.Equal(t, Signer{Document: "/api/v1/document/" + docID + "/", Email: "joe.biggins@widgets.com", FirstName: "Joe", LastName: "Biggins",
					HasFields: true, ResourceURI: "/api/v1/signer/" + signerID + "/", Status: SignerVisited}, *s)
				assert.Equal(t, signerID, s.SignerID())
				assert.Equal(t, docID, s.DocumentID())
			},
		},
		{
			name: "Signers.Fields",
			call: func(ctx context.Context, c *Client) (any, error) {
				f, _, err := c.Signers.Fields(ctx, signerID)
				return f, err
			},
			method: "GET", path: "/api/v1/signer/" + signerID + "/fields1/",
			reply: jsonReply(200, `[{"label": "Passport", "label_extra": "", "state": true, "fieldorder": null, "value": "https://files.legalesign.com/short-lived/abc"}]`),
			check: func(t *testing.T, got any) {
				f := got.([]*SignerField)
				require.Len(t, f, 1)
				assert.Equal(t, "Passport", f[0].Label)
				assert.True(t, f[0].State)
				assert.Equal(t, FlexString("https://files.legalesign.com/short-lived/abc"), f[0].Value)
			},
		},
		{
			name: "Signers.NewLink",
			call: func(ctx context.Context, c *Client) (any, error) {
				u, _, err := c.Signers.NewLink(ctx, signerID)
				return u, err
			},
			method: "GET", path: "/api/v1/signer/" + signerID + "/new-link/",
			reply: reply{Status: 201, Header: http.Header{"Location": {"https://app1.legalesign.com/esign/one-use/"}}},
			check: func(t *testing.T, got any) { assert.Equal(t, "https://app1.legalesign.com/esign/one-use/", got) },
		},
		{
			name: "Signers.Reset",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Signers.Reset(ctx, signerID, &SignerResetRequest{Email: "first@widgets.com", Notify: true})
				return nil, err
			},
			method: "POST", path: "/api/v1/signer/" + signerID + "/reset/",
			body:  `{"email":"first@widgets.com","notify":true}`,
			reply: reply{Status: 200},
		},
		{
			name: "Signers.SendReminder",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Signers.SendReminder(ctx, signerID, "Please sign today")
				return nil, err
			},
			method: "POST", path: "/api/v1/signer/" + signerID + "/send-reminder/",
			body:  `{"text":"Please sign today"}`,
			reply: reply{Status: 200},
		},
		{
			name: "Signers.Rejection",
			call: func(ctx context.Context, c *Client) (any, error) {
				r, _, err := c.Signers.Rejection(ctx, signerID)
				return r, err
			},
			method: "GET", path: "/api/v1/signer/" + signerID + "/rejection/",
			reply: jsonReply(200, `{"status": 60, "reason": "Wrong amount"}`),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &SignerRejection{Status: SignerRejected, Reason: "Wrong amount"}, got)
			},
		},
		// ---- template pdfs
		{
			name: "TemplatePDFs.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				l, _, err := c.TemplatePDFs.List(ctx, &TemplateListOptions{Group: "my-group", Archive: Bool(true), ListOptions: ListOptions{Limit: 5, Offset: 5}})
				return l, err
			},
			method: "GET", path: "/api/v1/templatepdf/", query: v("group", "my-group", "archive", "true", "limit", "5", "offset", "5"),
			reply: jsonReply(200, listJSON("/api/v1/templatepdf/", 5, 5, 6, templatePDFJSON)),
			check: func(t *testing.T, got any) {
				l := got.([]*TemplatePDF)
				require.Len(t, l, 1)
				checkTemplatePDF(t, l[0])
			},
		},
		{
			name: "TemplatePDFs.Upload",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.TemplatePDFs.Upload(ctx, &TemplatePDFUpload{Group: "my-group", Title: "Supplier Agreement", ProcessTags: true, PDF: strings.NewReader(pdfBytes)})
				return cr, err
			},
			method: "POST", path: "/api/v1/templatepdf/",
			body:  `{"pdf_file":"` + base64.StdEncoding.EncodeToString([]byte(pdfBytes)) + `","group":"/api/v1/group/my-group/","title":"Supplier Agreement","process_tags":true}`,
			reply: locationReply("/api/v1/templatepdf/" + pdfID + "/"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Created{ID: pdfID, ResourceURI: "/api/v1/templatepdf/" + pdfID + "/", Resource: ResourceTemplatePDF, Location: "/api/v1/templatepdf/" + pdfID + "/"}, got)
			},
		},
		{
			name: "TemplatePDFs.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				p, _, err := c.TemplatePDFs.Get(ctx, pdfID)
				return p, err
			},
			method: "GET", path: "/api/v1/templatepdf/" + pdfID + "/",
			reply: jsonReply(200, templatePDFJSON),
			check: func(t *testing.T, got any) { checkTemplatePDF(t, got.(*TemplatePDF)) },
		},
		{
			name: "TemplatePDFs.EditLink",
			call: func(ctx context.Context, c *Client) (any, error) {
				u, _, err := c.TemplatePDFs.EditLink(ctx, pdfID, &EditLinkOptions{HideSenderFields: true, BackgroundColor: "#f0f0f0"})
				return u, err
			},
			method: "GET", path: "/api/v1/templatepdf/" + pdfID + "/edit-link/", query: v("hide_sender_fields", "true", "css_body_backgroundcolor", "f0f0f0"),
			reply: reply{Status: 201, Body: `"https://app1.legalesign.com/pdf-edit/one-use/"`, Header: http.Header{"Location": {"https://app1.legalesign.com/pdf-edit/one-use/"}}},
			check: func(t *testing.T, got any) { assert.Equal(t, "https://app1.legalesign.com/pdf-edit/one-use/", got) },
		},
		{
			name: "TemplatePDFs.Fields",
			call: func(ctx context.Context, c *Client) (any, error) {
				f, _, err := c.TemplatePDFs.Fields(ctx, pdfID)
				return f, err
			},
			method: "GET", path: "/api/v1/templatepdf/" + pdfID + "/fields/",
			reply: jsonReply(200, listJSON("/api/v1/templatepdf/"+pdfID+"/fields/", 20, 0, 2,
				`{"ax": 0.215025906735751, "ay": 0.367795045508885, "bx": 0.446891191709845, "by": 0.425434569754081, "uuid": "249590ba-9b25-41cc-a94f-bec7e6a3be21",
				  "element_type": "signature", "fieldorder": null, "font_name": "", "font_size": 12, "hide_border": false, "label": "Sign here", "label_extra": "",
				  "logic_action": null, "logic_group": "", "map_to": "", "optional": false, "options": "", "page": 1, "signer": 1, "substantive": false, "validation": null, "value": ""}`,
				`{"ax": 0.2, "ay": 0.23, "bx": 0.47, "by": 0.24, "element_type": "admin", "font_name": "liberation", "font_size": 11, "label": "Company",
				  "page": 2, "signer": null, "validation": 65, "value": ""}`)),
			check: func(t *testing.T, got any) {
				f := got.([]*PDFField)
				require.Len(t, f, 2)
				assert.Equal(t, "249590ba-9b25-41cc-a94f-bec7e6a3be21", f[0].UUID)
				assert.Equal(t, ElementSignature, f[0].ElementType)
				assert.Equal(t, "Sign here", f[0].Label)
				assert.Nil(t, f[0].FieldOrder)
				assert.Nil(t, f[0].LogicAction)
				assert.InDelta(t, 0.367795045508885, f[0].AY, 1e-12)
				assert.InDelta(t, 0.446891191709845, f[0].BX, 1e-12)
				assert.Equal(t, "liberation", f[1].FontName)
				assert.Equal(t, "Company", f[1].Label)
				assert.Equal(t, 2, f[1].Page)
				assert.InDelta(t, 0.215025906735751, f[0].AX, 1e-12)
				assert.InDelta(t, 0.425434569754081, f[0].BY, 1e-12)
				assert.Equal(t, 12, f[0].FontSize)
				assert.Equal(t, 1, *f[0].Signer)
				assert.Equal(t, 1, f[0].Page)
				assert.Equal(t, ElementAdmin, f[1].ElementType)
				assert.Nil(t, f[1].Signer)
				assert.Equal(t, FieldValidation(65), *f[1].Validation)
			},
		},
		{
			name: "TemplatePDFs.ReplaceFields",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.TemplatePDFs.ReplaceFields(ctx, pdfID, []*PDFField{
					{ElementType: ElementSignature, Page: 1, AX: 0.1, AY: 0.8, BX: 0.4, BY: 0.85, Signer: Int(1), Label: "Sign here"},
					{ElementType: ElementAdmin, Page: 1, AX: 0.1, AY: 0.1, BX: 0.5, BY: 0.15, Label: "Company", FontSize: 11, Validation: func() *FieldValidation { v := FieldValidation(65); return &v }()},
				})
				return nil, err
			},
			method: "POST", path: "/api/v1/templatepdf/" + pdfID + "/fields/",
			body: `[{"element_type":"signature","page":1,"ax":0.1,"ay":0.8,"bx":0.4,"by":0.85,"signer":1,"label":"Sign here"},
				{"element_type":"admin","page":1,"ax":0.1,"ay":0.1,"bx":0.5,"by":0.15,"signer":1,"font_size":11,"label":"Company","validation":65}]`,
			reply: reply{Status: 201},
		},
		{
			name: "TemplatePDFs.ConvertTags",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.TemplatePDFs.ConvertTags(ctx, pdfID)
				return nil, err
			},
			method: "POST", path: "/api/v1/templatepdf/" + pdfID + "/tags/",
			reply: reply{Status: 201},
		},
		{
			name: "TemplatePDFs.Delete",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.TemplatePDFs.Delete(ctx, pdfID)
				return nil, err
			},
			method: "DELETE", path: "/api/v1/templatepdf/" + pdfID + "/delete/",
			reply: reply{Status: 204},
		},
		{
			name: "TemplatePDFs.Archive",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.TemplatePDFs.Archive(ctx, pdfID)
				return nil, err
			},
			method: "POST", path: "/api/v1/templatepdf/" + pdfID + "/archive/",
			reply: reply{Status: 201},
		},
		// ---- text templates
		{
			name: "Templates.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				l, _, err := c.Templates.List(ctx, &TemplateListOptions{Group: "/api/v1/group/my-group/", Archive: Bool(false)})
				return l, err
			},
			method: "GET", path: "/api/v1/template/", query: v("group", "/api/v1/group/my-group/", "archive", "false"),
			reply: jsonReply(200, listJSON("/api/v1/template/", 20, 0, 1, templateJSON)),
			check: func(t *testing.T, got any) {
				l := got.([]*Template)
				require.Len(t, l, 1)
				assert.Equal(t, "Test text template", l[0].Title)
				assert.Equal(t, tmplID, l[0].UUID)
				assert.Equal(t, 1, l[0].SigneeCount)
			},
		},
		{
			name: "Templates.Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.Templates.Create(ctx, &TemplateCreateRequest{Title: "NDA", Group: "my-group", LatestText: "<p>Terms</p>", User: userID})
				return cr, err
			},
			method: "POST", path: "/api/v1/template/",
			body:  `{"title":"NDA","group":"/api/v1/group/my-group/","latest_text":"<p>Terms</p>","user":"/api/v1/user/` + userID + `/"}`,
			reply: locationReply("https://eu-api.legalesign.com/api/v1/template/" + tmplID + "/"),
			check: func(t *testing.T, got any) { assert.Equal(t, tmplID, got.(*Created).ID) },
		},
		{
			name: "Templates.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				tp, _, err := c.Templates.Get(ctx, tmplID)
				return tp, err
			},
			method: "GET", path: "/api/v1/template/" + tmplID + "/",
			reply: jsonReply(200, strings.Replace(templateJSON, `"archive"`, `"latest_text": "text/html content", "archive"`, 1)),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Template{UUID: tmplID, ResourceURI: "/api/v1/template/" + tmplID + "/", Title: "Test text template", Group: "/api/v1/group/my-group/",
					User: "/api/v1/user/" + userID + "/", SigneeCount: 1, LatestText: "text/html content", Created: Time{Time: created}, Modified: Time{Time: created}}, got)
			},
		},
		{
			name: "Templates.Archive",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Templates.Archive(ctx, tmplID)
				return nil, err
			},
			method: "DELETE", path: "/api/v1/template/" + tmplID + "/",
			reply: reply{Status: 204},
		},
		{
			name: "Templates.Update",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Templates.Update(ctx, tmplID, &TemplateUpdateRequest{LatestText: "<p>New terms</p>"})
				return nil, err
			},
			method: "PATCH", path: "/api/v1/template/" + tmplID + "/",
			body:  `{"latest_text":"<p>New terms</p>"}`,
			reply: reply{Status: 202},
		},
		// ---- groups
		{
			name: "Groups.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				g, _, err := c.Groups.List(ctx, &ListOptions{Limit: 2})
				return g, err
			},
			method: "GET", path: "/api/v1/group/", query: v("limit", "2"),
			reply: jsonReply(200, listJSON("/api/v1/group/", 2, 0, 1, groupJSON)),
			check: func(t *testing.T, got any) {
				g := got.([]*Group)
				require.Len(t, g, 1)
				assert.Equal(t, "my-group", g[0].Slug)
			},
		},
		{
			name: "Groups.Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.Groups.Create(ctx, &GroupCreateRequest{Name: "Sales team", XFrameAllow: true})
				return cr, err
			},
			method: "POST", path: "/api/v1/group/",
			body:  `{"name":"Sales team","xframe_allow":true}`,
			reply: locationReply("https://eu-api.legalesign.com/api/v1/group/sales-team/"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, "sales-team", got.(*Created).ID)
				assert.Equal(t, "/api/v1/group/sales-team/", got.(*Created).ResourceURI)
			},
		},
		{
			name: "Groups.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				g, _, err := c.Groups.Get(ctx, "/api/v1/group/my-group/")
				return g, err
			},
			method: "GET", path: "/api/v1/group/my-group/",
			reply: jsonReply(200, groupJSON),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Group{ResourceURI: "/api/v1/group/my-group/", Slug: "my-group", Name: "my group", PublicName: "global exports",
					User: "/api/v1/user/" + userID + "/", IsActive: true, Members: []string{"/api/v1/user/" + userID + "/"}, PageSize: 1,
					Created: Time{Time: created}, Modified: Time{Time: created}}, got)
			},
		},
		{
			name: "Groups.Update",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Groups.Update(ctx, "my-group", &GroupUpdateRequest{PublicName: "Global Exports Ltd"})
				return nil, err
			},
			method: "PATCH", path: "/api/v1/group/my-group/",
			body:  `{"public_name":"Global Exports Ltd"}`,
			reply: reply{Status: 202},
		},
		// ---- members and invitations
		{
			name: "Members.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				m, _, err := c.Members.List(ctx, &GroupListOptions{Group: "my-group", ListOptions: ListOptions{Limit: 20}})
				return m, err
			},
			method: "GET", path: "/api/v1/member/", query: v("group", "my-group", "limit", "20"),
			reply: jsonReply(200, listJSON("/api/v1/member/", 20, 0, 1, memberJSON)),
			check: func(t *testing.T, got any) {
				m := got.([]*Member)
				require.Len(t, m, 1)
				assert.Equal(t, PermissionAdmin, m[0].Permission)
				assert.Equal(t, memberID, m[0].MemberID())
			},
		},
		{
			name: "Members.Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.Members.Create(ctx, &MemberCreateRequest{Group: "my-group", Email: "new@widgets.com", DoEmail: true, Permission: PermissionTeamSend})
				return cr, err
			},
			method: "POST", path: "/api/v1/member/",
			body:  `{"group":"/api/v1/group/my-group/","email":"new@widgets.com","do_email":true,"permission":3}`,
			reply: reply{Status: 201},
			check: func(t *testing.T, got any) { assert.Equal(t, &Created{}, got) },
		},
		{
			name: "Members.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				m, _, err := c.Members.Get(ctx, memberID)
				return m, err
			},
			method: "GET", path: "/api/v1/member/" + memberID + "/",
			reply: jsonReply(200, memberJSON),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Member{ResourceURI: "/api/v1/member/" + memberID + "/", Group: "/api/v1/group/my-group/", User: "/api/v1/user/" + userID + "/",
					Permission: PermissionAdmin, Created: Time{Time: created}, Modified: Time{Time: created}}, got)
			},
		},
		{
			name: "Members.Delete",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Members.Delete(ctx, memberID)
				return nil, err
			},
			method: "DELETE", path: "/api/v1/member/" + memberID + "/",
			reply: reply{Status: 204},
		},
		{
			name: "Invited.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				l, _, err := c.Invited.List(ctx, &GroupListOptions{Group: "my-group"})
				return l, err
			},
			method: "GET", path: "/api/v1/invited/", query: v("group", "my-group"),
			reply: jsonReply(200, listJSON("/api/v1/invited/", 20, 0, 1,
				`{"created": "2020-05-20T15:10:00", "email": "job.biggins@widgets.com", "group": "/api/v1/group/my-group/", "resource_uri": "/api/v1/invited/`+inviteID+`/"}`)),
			check: func(t *testing.T, got any) {
				l := got.([]*Invitation)
				require.Len(t, l, 1)
				assert.Equal(t, &Invitation{ResourceURI: "/api/v1/invited/" + inviteID + "/", Email: "job.biggins@widgets.com",
					Group: "/api/v1/group/my-group/", Created: Time{Time: created}}, l[0])
				assert.Equal(t, inviteID, l[0].InvitationID())
			},
		},
		{
			name: "Invited.Delete",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Invited.Delete(ctx, inviteID)
				return nil, err
			},
			method: "DELETE", path: "/api/v1/invited/" + inviteID + "/",
			reply: reply{Status: 204},
		},
		// ---- users
		{
			name: "Users.Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.Users.Create(ctx, &UserCreateRequest{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com",
					Timezone: "Europe/London", Password: "Str0ng!Passw0rd", Groups: []string{"my-group", "/api/v1/group/other/"}, Permission: "2"})
				return cr, err
			},
			method: "POST", path: "/api/v1/user/",
			body: `{"first_name":"Joe","last_name":"Biggins","email":"joe.biggins@widgets.com","timezone":"Europe/London","password":"Str0ng!Passw0rd",
				"groups":"/api/v1/group/my-group/,/api/v1/group/other/","permission":"2"}`,
			reply: locationReply("/api/v1/user/" + userID + "/"),
			check: func(t *testing.T, got any) { assert.Equal(t, userID, got.(*Created).ID) },
		},
		{
			name: "Users.Create (groups as resource URIs)",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.Users.Create(ctx, &UserCreateRequest{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com",
					Groups: []string{" sales ", "https://eu-api.legalesign.com/api/v1/group/ops/", "", "sales", "group/legal/"}})
				return cr, err
			},
			method: "POST", path: "/api/v1/user/",
			body: `{"first_name":"Joe","last_name":"Biggins","email":"joe.biggins@widgets.com",
				"groups":"/api/v1/group/sales/,/api/v1/group/ops/,/api/v1/group/legal/"}`,
			reply: reply{Status: 201},
			check: func(t *testing.T, got any) { assert.Equal(t, &Created{}, got) },
		},
		{
			name: "Users.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				u, _, err := c.Users.Get(ctx, userID)
				return u, err
			},
			method: "GET", path: "/api/v1/user/" + userID + "/",
			reply: jsonReply(200, `{"date_joined": "2020-05-20T15:10:00", "email": "joe.biggins@widgets.com", "first_name": "Joe", "groups": ["/api/v1/group/my-group/"],
				"last_login": null, "last_name": "Biggins", "resource_uri": "/api/v1/user/`+userID+`/", "timezone": "Europe/Chisinau", "username": "`+userID+`"}`),
			check: func(t *testing.T, got any) {
				u := got.(*User)
				assert.Equal(t, User{ResourceURI: "/api/v1/user/" + userID + "/", Username: userID, Email: "joe.biggins@widgets.com", FirstName: "Joe", LastName: "Biggins",
					Groups: []string{"/api/v1/group/my-group/"}, Timezone: "Europe/Chisinau", DateJoined: Time{Time: created}}, *u)
				assert.Equal(t, userID, u.UserID())
			},
		},
		{
			name: "Users.Update",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Users.Update(ctx, userID, &UserUpdateRequest{LastName: "Biggins-Smith"})
				return nil, err
			},
			method: "PATCH", path: "/api/v1/user/" + userID + "/",
			body:  `{"last_name":"Biggins-Smith"}`,
			reply: reply{Status: 202},
		},
		// ---- attachments
		{
			name: "Attachments.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				l, _, err := c.Attachments.List(ctx, &GroupListOptions{Group: "my-group", ListOptions: ListOptions{Limit: 20, Offset: 20}})
				return l, err
			},
			method: "GET", path: "/api/v1/attachment/", query: v("group", "my-group", "limit", "20", "offset", "20"),
			reply: jsonReply(200, listJSON("/api/v1/attachment/", 20, 20, 21, attachmentJSON)),
			check: func(t *testing.T, got any) {
				l := got.([]*Attachment)
				require.Len(t, l, 1)
				assert.Equal(t, "attach1.pdf", l[0].Filename)
			},
		},
		{
			name: "Attachments.Upload",
			call: func(ctx context.Context, c *Client) (any, error) {
				cr, _, err := c.Attachments.Upload(ctx, &AttachmentUpload{Group: "my-group", Filename: "terms.pdf", Description: "Terms",
					PDFBase64: base64.StdEncoding.EncodeToString([]byte(pdfBytes))})
				return cr, err
			},
			method: "POST", path: "/api/v1/attachment/",
			body:  `{"pdf_file":"` + base64.StdEncoding.EncodeToString([]byte(pdfBytes)) + `","group":"/api/v1/group/my-group/","filename":"terms.pdf","description":"Terms"}`,
			reply: locationReply("https://eu-api.legalesign.com/api/v1/attachment/" + attachID + "/"),
			check: func(t *testing.T, got any) { assert.Equal(t, attachID, got.(*Created).ID) },
		},
		{
			name: "Attachments.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				a, _, err := c.Attachments.Get(ctx, attachID)
				return a, err
			},
			method: "GET", path: "/api/v1/attachment/" + attachID + "/",
			reply: jsonReply(200, attachmentJSON),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Attachment{UUID: attachID, ResourceURI: "/api/v1/attachment/" + attachID + "/", Filename: "attach1.pdf",
					Description: "Attachment for supplier contract", Group: "/api/v1/group/my-group/", Created: Time{Time: created}}, got)
			},
		},
		{
			name: "Attachments.Delete",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Attachments.Delete(ctx, attachID)
				return nil, err
			},
			method: "DELETE", path: "/api/v1/attachment/" + attachID + "/",
			reply: reply{Status: 204},
		},
		// ---- subscriptions
		{
			name: "Subscriptions.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				l, _, err := c.Subscriptions.List(ctx)
				return l, err
			},
			method: "GET", path: "/api/v1/notifications/",
			reply: jsonReply(200, `[{"active": true, "notify_when": 1, "url": "https://mywebsite.com/callback/", "group_id": 12, "event_filter": ""},
				{"active": false, "notify_when": 10, "url": "https://mywebsite.com/rt/", "group_id": null, "event_filter": "recipient.*"}]`),
			check: func(t *testing.T, got any) {
				l := got.([]*Subscription)
				require.Len(t, l, 2)
				assert.Equal(t, Subscription{URL: "https://mywebsite.com/callback/", Active: true, NotifyWhen: NotifyWhenAll, GroupID: Int(12)}, *l[0])
				assert.Equal(t, NotifyRealtime, l[1].NotifyWhen.Notify())
				assert.Equal(t, FilterRecipientAll, l[1].EventFilter)
			},
		},
		{
			name: "Subscriptions.Subscribe",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Subscriptions.Subscribe(ctx, &SubscribeRequest{URL: "https://mywebsite.com/rt/", Notify: NotifyRealtime, EventFilter: FilterDocumentFinalPDFCreated, Group: "my-group"})
				return nil, err
			},
			method: "POST", path: "/api/v1/subscribe/",
			body:  `{"url":"https://mywebsite.com/rt/","notify":"realtime","eventFilter":"document.finalPdfCreated","group":"my-group"}`,
			reply: reply{Status: 201},
		},
		{
			name: "Subscriptions.Unsubscribe",
			call: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Subscriptions.Unsubscribe(ctx, &UnsubscribeRequest{URL: "https://mywebsite.com/callback/"})
				return nil, err
			},
			method: "POST", path: "/api/v1/unsubscribe/",
			body:  `{"url":"https://mywebsite.com/callback/"}`,
			reply: reply{Status: 200},
		},
		{
			name: "Subscriptions.Unsubscribe (the integer group)",
			call: func(ctx context.Context, c *Client) (any, error) {
				sub := &Subscription{URL: "https://mywebsite.com/rt/", NotifyWhen: NotifyWhenRealtime, GroupID: Int(7), EventFilter: FilterDocumentFinalPDFCreated}
				_, err := c.Subscriptions.Unsubscribe(ctx, sub.UnsubscribeRequest())
				return nil, err
			},
			method: "POST", path: "/api/v1/unsubscribe/",
			body:  `{"url":"https://mywebsite.com/rt/","eventFilter":"document.finalPdfCreated","group":7}`,
			reply: reply{Status: 200},
		},
	}
}

const templatePDFJSON = `{"created": "2020-05-20T15:10:00", "group": "/api/v1/group/my-group/", "modified": "2020-05-21T08:00:00Z", "page_count": 10,
  "parties": "[\"Signer\", \"Witness\", \"Approvers\"]", "resource_uri": "api/v1/templatepdf/p0p0p0p0-1111-4222-8333-p0p0p0p0p0p0/",
  "signer_count": 2, "title": "Template Supplier Agreement", "user": "/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/",
  "uuid": "p0p0p0p0-1111-4222-8333-p0p0p0p0p0p0", "valid": true}`

func checkTemplatePDF(t *testing.T, p *TemplatePDF) {
	t.Helper()
	assert.Equal(t, pdfID, p.TemplatePDFID())
	assert.Equal(t, "Template Supplier Agreement", p.Title)
	assert.Equal(t, 10, p.PageCount)
	assert.Equal(t, 2, p.SignerCount)
	assert.True(t, p.Valid)
	assert.Equal(t, []string{"Signer", "Witness", "Approvers"}, p.PartyNames())
	assert.Equal(t, time.Date(2020, 5, 21, 8, 0, 0, 0, time.UTC), p.Modified.UTC())
	_, id, err := ParseResourceURI(p.ResourceURI) // the spec's example lacks the leading slash
	require.NoError(t, err)
	assert.Equal(t, pdfID, id)
}

const templateJSON = `{"archive": false, "created": "2020-05-20T15:10:00", "group": "/api/v1/group/my-group/", "has_fields": false,
  "modified": "2020-05-20T15:10:00", "resource_uri": "/api/v1/template/t0t0t0t0-1111-4222-8333-t0t0t0t0t0t0/", "signee_count": 1,
  "title": "Test text template", "user": "/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/", "uuid": "t0t0t0t0-1111-4222-8333-t0t0t0t0t0t0"}`

const groupJSON = `{"created": "2020-05-20T15:10:00", "default_email": null, "default_extraemail": null, "footer": null, "footer_height": null,
  "header": null, "is_active": true, "members": ["/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/"], "modified": "2020-05-20T15:10:00",
  "name": "my group", "pagesize": 1, "public_name": "global exports", "resource_uri": "/api/v1/group/my-group/", "slug": "my-group",
  "user": "/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/", "xframe_allow": false, "xframe_allow_pdf_edit": false}`

const memberJSON = `{"created": "2020-05-20T15:10:00", "group": "/api/v1/group/my-group/", "modified": "2020-05-20T15:10:00", "permission": 1,
  "resource_uri": "/api/v1/member/m0m0m0m0-1111-4222-8333-m0m0m0m0m0m0/", "user": "/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/"}`

const attachmentJSON = `{"created": "2020-05-20T15:10:00", "description": "Attachment for supplier contract", "filename": "attach1.pdf",
  "group": "/api/v1/group/my-group/", "resource_uri": "/api/v1/attachment/f0f0f0f0-1111-4222-8333-f0f0f0f0f0f0/", "uuid": "f0f0f0f0-1111-4222-8333-f0f0f0f0f0f0"}`

// TestWire calls every operation and asserts the request on the wire and
// the decoded answer.
func TestWire(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			c, m := newMockClient(t, tc.reply)
			got, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			calls := m.Calls()
			require.Len(t, calls, 1, "exactly one request, no retry, no redirect followed")
			req := calls[0]
			assert.Equal(t, tc.method, req.Method)
			assert.Equal(t, "eu-api.legalesign.com", req.Host)
			assert.Equal(t, tc.path, req.Path)
			if tc.query == nil {
				assert.Empty(t, req.Query)
			} else {
				assert.Equal(t, tc.query, req.Query)
			}
			assert.Equal(t, "ApiKey "+testUser+":"+testSecret, req.Header.Get("Authorization"))
			assert.True(t, strings.HasPrefix(req.Header.Get("User-Agent"), "esign-go/"), req.Header.Get("User-Agent"))
			assert.Contains(t, req.Header.Get("User-Agent"), "legacyv1-test/1.0")
			accept := tc.accept
			if accept == "" {
				accept = "application/json"
			}
			assert.Equal(t, accept, req.Header.Get("Accept"))
			if tc.body == "" {
				assert.Empty(t, req.Body)
			} else {
				assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
				assert.JSONEq(t, tc.body, string(req.Body))
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// TestWireReaderUploadIsStreamedAndReplayable checks that a reader upload is
// base64 encoded while streamed (a large body, byte-exact) and that a seekable
// reader is rewound when a 429 is retried.
func TestWireReaderUploadIsStreamedAndReplayable(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdefghij%PDF\x00\xff"), 20000) // ~520 KB, not a multiple of 3
	c, m := newMockClient(t,
		reply{Status: 429, Header: http.Header{"Retry-After": {"0"}}},
		locationReply("/api/v1/templatepdf/"+pdfID+"/"))
	cr, _, err := c.TemplatePDFs.Upload(context.Background(), &TemplatePDFUpload{Group: "my-group", PDF: bytes.NewReader(big)})
	require.NoError(t, err)
	assert.Equal(t, pdfID, cr.ID)
	calls := m.Calls()
	require.Len(t, calls, 2)
	for _, call := range calls {
		var body struct {
			PDF   string `json:"pdf_file"`
			Group string `json:"group"`
		}
		require.NoError(t, json.Unmarshal(call.Body, &body))
		dec, err := base64.StdEncoding.DecodeString(body.PDF)
		require.NoError(t, err)
		assert.Equal(t, big, dec)
		assert.Equal(t, "/api/v1/group/my-group/", body.Group)
	}
}

func TestWireReaderUploadNotReplayable(t *testing.T) {
	c, m := newMockClient(t, reply{Status: 429, Header: http.Header{"Retry-After": {"0"}}}, locationReply("/api/v1/attachment/"+attachID+"/"))
	_, _, err := c.Attachments.Upload(context.Background(), &AttachmentUpload{Group: "g", Filename: "a.pdf", PDF: io.LimitReader(strings.NewReader(pdfBytes), 1<<20)})
	require.Error(t, err)
	assert.ErrorContains(t, err, "cannot be rewound")
	// The second attempt sent nothing: an invalid argument, not an unknown
	// outcome.
	assert.ErrorIs(t, err, ErrValidation)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.True(t, strings.HasPrefix(err.Error(), "legacyv1: invalid body: "), err.Error())
	assert.Len(t, m.Calls(), 1)
}

// A reader that cannot be read at all fails before anything is sent.
func TestWireUnreadableReaderIsValidation(t *testing.T) {
	c, m := newMockClient(t, locationReply("/api/v1/attachment/"+attachID+"/"))
	_, _, err := c.Attachments.Upload(context.Background(), &AttachmentUpload{Group: "g", Filename: "a.pdf", PDF: iotest.ErrReader(os.ErrPermission)})
	assert.ErrorIs(t, err, ErrValidation)
	assert.ErrorIs(t, err, os.ErrPermission)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Empty(t, m.Calls())
}

// TestWireUploadFromBase64 sends a caller's base64 (line-wrapped, as tools
// write it) unwrapped in pdf_file, beside the other fields.
func TestWireUploadFromBase64(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(pdfBytes))
	wrapped := b64[:20] + "\n" + b64[20:40] + "\r\n" + b64[40:]
	c, m := newMockClient(t, locationReply("https://eu-api.legalesign.com/api/v1/templatepdf/"+pdfID+"/"))
	cr, _, err := c.TemplatePDFs.Upload(context.Background(), &TemplatePDFUpload{Group: "/api/v1/group/my-group/", Title: "NDA", User: userID,
		ArchiveUponSend: true, PDFBase64: wrapped})
	require.NoError(t, err)
	assert.Equal(t, pdfID, cr.ID)
	calls := m.Calls()
	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].Method)
	assert.Equal(t, "/api/v1/templatepdf/", calls[0].Path)
	assert.Equal(t, "application/json", calls[0].Header.Get("Content-Type"))
	assert.JSONEq(t, `{"pdf_file":"`+b64+`","group":"/api/v1/group/my-group/","title":"NDA","user":"/api/v1/user/`+userID+`/","archive_upon_send":true}`, string(calls[0].Body))
}
