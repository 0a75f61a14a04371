package blueink

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
)

// BundleBuilder assembles a BundleRequest fluently and validates it when
// built. Documents can come from URLs, bytes (sent base64), files uploaded
// with multipart, or document templates; Build returns the request and the
// files to upload, and Create sends it the right way.
//
//	req, files, err := blueink.NewBundleBuilder().
//		Label("NDA").Test(true).
//		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
//		DocumentFile("nda", blueink.FileFromPath("nda.pdf")).
//		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-01",
//			Page: 1, X: 15, Y: 68, W: 30, H: 12, Editors: []string{"signer-1"}}).
//		Build()
//
// Problems are collected and reported together by Build (see
// BundleRequest.Validate); the builder methods never fail.
type BundleBuilder struct {
	req   BundleRequest
	files []File
	errs  []error
}

// NewBundleBuilder returns an empty builder.
func NewBundleBuilder() *BundleBuilder { return &BundleBuilder{} }

// Label sets the Bundle label.
func (b *BundleBuilder) Label(label string) *BundleBuilder { b.req.Label = label; return b }

// EmailSubject sets the subject of the signing emails.
func (b *BundleBuilder) EmailSubject(s string) *BundleBuilder { b.req.EmailSubject = s; return b }

// EmailMessage sets the message of the signing emails.
func (b *BundleBuilder) EmailMessage(s string) *BundleBuilder { b.req.EmailMessage = s; return b }

// SMSMessage sets the message of the signing SMS.
func (b *BundleBuilder) SMSMessage(s string) *BundleBuilder { b.req.SMSMessage = s; return b }

// Requester sets the requester shown to signers (account defaults otherwise).
func (b *BundleBuilder) Requester(name, email string) *BundleBuilder {
	b.req.RequesterName, b.req.RequesterEmail = name, email
	return b
}

// CC adds addresses copied when the documents are complete.
func (b *BundleBuilder) CC(emails ...string) *BundleBuilder {
	b.req.CCEmails = append(b.req.CCEmails, emails...)
	return b
}

// CustomKey sets a unique key of your own (at most 200 characters).
func (b *BundleBuilder) CustomKey(k string) *BundleBuilder { b.req.CustomKey = k; return b }

// Team assigns the Bundle to a team.
func (b *BundleBuilder) Team(id string) *BundleBuilder { b.req.Team = id; return b }

// Test marks the Bundle as a test Bundle.
func (b *BundleBuilder) Test(isTest bool) *BundleBuilder { b.req.IsTest = isTest; return b }

// InOrder makes signers sign in the order of their PacketRequest.Order.
func (b *BundleBuilder) InOrder(inOrder bool) *BundleBuilder { b.req.InOrder = inOrder; return b }

// Draft creates the Bundle as a draft (send it later with BundlesService.Send).
func (b *BundleBuilder) Draft() *BundleBuilder { b.req.Status = BundleDraft; return b }

// Signer adds a signer.
func (b *BundleBuilder) Signer(p PacketRequest) *BundleBuilder {
	b.req.Packets = append(b.req.Packets, p)
	return b
}

// DocumentURL adds a document BlueInk downloads from url.
func (b *BundleBuilder) DocumentURL(key, url string) *BundleBuilder {
	return b.Document(&DocumentRequest{Key: key, FileURL: url})
}

// DocumentBytes adds a document sent inline, base64-encoded in the JSON
// request. Prefer DocumentFile for large files.
func (b *BundleBuilder) DocumentBytes(key string, data []byte) *BundleBuilder {
	if len(data) == 0 {
		b.errs = append(b.errs, invalidArg("document "+key, "content is empty"))
	}
	return b.Document(&DocumentRequest{Key: key, FileB64: base64.StdEncoding.EncodeToString(data)})
}

// DocumentFile adds a document uploaded as files[N] of a multipart request;
// the builder sets its FileIndex.
func (b *BundleBuilder) DocumentFile(key string, f File) *BundleBuilder {
	if err := f.validate(); err != nil {
		b.errs = append(b.errs, invalidArg("document "+key, "%v", err))
	}
	idx := len(b.files)
	b.files = append(b.files, f)
	return b.Document(&DocumentRequest{Key: key, FileIndex: &idx})
}

// Document adds a prepared document (a *DocumentRequest or *TemplateRequest).
func (b *BundleBuilder) Document(d RequestDocument) *BundleBuilder {
	b.req.Documents = append(b.req.Documents, d)
	return b
}

// Template adds a document created from a DocumentTemplate, with role
// assignments (role key → packet key, in the order given) and optional
// pre-filled values.
func (b *BundleBuilder) Template(key, templateID string, assignments []TemplateAssignment, values ...TemplateFieldValue) *BundleBuilder {
	return b.Document(&TemplateRequest{Key: key, TemplateID: templateID, Assignments: assignments, FieldValues: values})
}

// Field places a field on the document with the given key (added before
// with DocumentURL, DocumentBytes, DocumentFile or Document).
func (b *BundleBuilder) Field(docKey string, f DocumentRequestField) *BundleBuilder {
	for _, d := range b.req.Documents {
		if doc, ok := d.(*DocumentRequest); ok && doc != nil && doc.Key == docKey {
			doc.Fields = append(doc.Fields, f)
			return b
		}
	}
	b.errs = append(b.errs, invalidArg("field "+f.Key, "no file document with key %q", docKey))
	return b
}

// Build validates and returns the request and the files it references by
// FileIndex (none when every document is a URL, bytes or a template). The
// returned values are copies: later builder calls do not change them.
func (b *BundleBuilder) Build() (*BundleRequest, []File, error) {
	errs := slices.Clone(b.errs)
	if err := b.req.validateFor(len(b.files)); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	req := b.req
	req.CCEmails = slices.Clone(b.req.CCEmails)
	req.Packets = slices.Clone(b.req.Packets)
	req.Documents = make([]RequestDocument, len(b.req.Documents))
	for i, d := range b.req.Documents {
		switch doc := d.(type) {
		case *DocumentRequest:
			c := *doc
			c.Fields = slices.Clone(doc.Fields)
			if doc.FileIndex != nil {
				idx := *doc.FileIndex
				c.FileIndex = &idx
			}
			req.Documents[i] = &c
		case *TemplateRequest:
			c := *doc
			c.Assignments = slices.Clone(doc.Assignments)
			c.FieldValues = slices.Clone(doc.FieldValues)
			req.Documents[i] = &c
		}
	}
	return &req, slices.Clone(b.files), nil
}

// Create builds the request and creates the Bundle: as multipart with
// CreateWithFiles when documents were added with DocumentFile, else as JSON
// with Create.
func (b *BundleBuilder) Create(ctx context.Context, bundles *BundlesService) (*Bundle, *Response, error) {
	if bundles == nil {
		return nil, nil, invalidArg("bundles", "service must not be nil")
	}
	req, files, err := b.Build()
	if err != nil {
		return nil, nil, err
	}
	if len(files) > 0 {
		return bundles.CreateWithFiles(ctx, req, files...)
	}
	return bundles.Create(ctx, req)
}
