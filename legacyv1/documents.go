package legacyv1

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/rest"
)

// DocumentsService manages signing documents (/document/).
type DocumentsService service

// Document is a signing document (list items and detail share this type;
// fields absent from an answer stay zero). The answer's pdf_password is
// deliberately not decoded, so printing a Document never shows it.
type Document struct {
	UUID              string           `json:"uuid"`
	ResourceURI       string           `json:"resource_uri"`
	Name              string           `json:"name"`
	Group             string           `json:"group"`
	User              string           `json:"user"`
	Status            DocumentStatus   `json:"status"`
	Archived          bool             `json:"archived"`
	AutoArchive       bool             `json:"auto_archive"`
	AppendPDF         bool             `json:"append_pdf"`
	AppendHistory     bool             `json:"append_history"`
	CCEmails          string           `json:"cc_emails"`
	Created           Time             `json:"created"`
	Modified          Time             `json:"modified"`
	DoEmail           bool             `json:"do_email"`
	DownloadFinal     bool             `json:"download_final"`
	Footer            string           `json:"footer"`
	FooterHeight      *int             `json:"footer_height"`
	Header            string           `json:"header"`
	HeaderHeight      *int             `json:"header_height"`
	HasFields         bool             `json:"has_fields"`
	HashValue         string           `json:"hash_value"` // SHA-256 of the final PDF
	PDFPasswordType   FlexString       `json:"pdf_password_type"`
	PDFText           json.RawMessage  `json:"pdftext"`
	Redirect          string           `json:"redirect"`
	ReturnSignerLinks bool             `json:"return_signer_links"`
	SignTime          Time             `json:"sign_time"`
	SignatureType     int              `json:"signature_type"`
	Signers           []SignerSummary  `json:"signers"`
	SignerObjects     []DocumentSigner `json:"signer_objects"`
	SignersInOrder    FlexBool         `json:"signers_in_order"`
	Tag               string           `json:"tag"`
	Tag1              string           `json:"tag1"`
	Tag2              string           `json:"tag2"`
	Template          string           `json:"template"`
	TemplatePDF       string           `json:"templatepdf"`
	Text              string           `json:"text"`
}

// DocumentID returns the document id (UUID, or the id of ResourceURI).
func (d *Document) DocumentID() string {
	if d.UUID != "" {
		return d.UUID
	}
	return IDFromURI(d.ResourceURI)
}

// SignerSummary is one element of a document's "signers": the API sends a
// positional array [signer URI, first name, last name, email, sms number,
// has_fields, status, order (0-indexed)].
type SignerSummary struct {
	ResourceURI string
	FirstName   string
	LastName    string
	Email       string
	SMS         string
	HasFields   bool
	Status      SignerStatus
	Order       int
}

// SignerID returns the id of the signer's resource URI.
func (s SignerSummary) SignerID() string { return IDFromURI(s.ResourceURI) }

// UnmarshalJSON decodes the positional array; each element may be a
// string, number, boolean or null (answers and the spec disagree on their
// types); a status or order that is not an integer reads as 0. null leaves
// s zero. Anything but an array (a comma-joined string, as the spec's
// example shows, an object) is an error, and so is an element that is an
// object or array: decoded tolerantly, the document keeps every other
// field, s keeps what did read, and the row is listed as a decode issue
// instead of silently becoming an empty signer.
func (s *SignerSummary) UnmarshalJSON(b []byte) error {
	*s = SignerSummary{}
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) == 0 || b[0] != '[' {
		return fmt.Errorf("a signer must be a JSON array [uri, first name, last name, email, sms, has_fields, status, order], got %s", jsonKind(b))
	}
	i := 0
	var bad error
	err := jsonscan.Elements(b, func(v []byte) error {
		defer func() { i++ }()
		if i > 7 {
			return nil // a later addition to the row
		}
		if len(v) > 0 && (v[0] == '{' || v[0] == '[') {
			bad = cmp.Or(bad, fmt.Errorf("signer element %d is %s, not a value", i, jsonKind(v)))
			return nil
		}
		switch i {
		case 5:
			s.HasFields = parseBool(rowText(v))
		case 6, 7:
			n, _ := rowInt(v) // not an integer: 0 (unknown), as a FlexString would read it
			if i == 6 {
				s.Status = SignerStatus(n)
			} else {
				s.Order = n
			}
		default:
			*[...]*string{&s.ResourceURI, &s.FirstName, &s.LastName, &s.Email, &s.SMS}[i] = rowText(v)
		}
		return nil
	})
	return cmp.Or(err, bad)
}

// rowText reads a scalar element of a signer row as text: a string
// (trimmed), a number or boolean as written, null as "".
func rowText(v []byte) string {
	if len(v) > 0 && v[0] == '"' {
		s, _ := jsonscan.Unquote(v)
		return strings.TrimSpace(s)
	}
	if string(v) == "null" {
		return ""
	}
	return string(v)
}

// rowInt reads an integer element of a signer row: a number, a string of
// digits, or null / "" (0).
func rowInt(v []byte) (int, bool) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = bytes.TrimSpace(v[1 : len(v)-1])
	}
	if len(v) == 0 || string(v) == "null" {
		return 0, true
	}
	n, ok := jsonscan.Int(v)
	if !ok || n != int64(int(n)) {
		return 0, false
	}
	return int(n), true
}

// jsonKind names the JSON type of a value, for errors.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// DocumentSigner is one element of a document's "signer_objects".
type DocumentSigner struct {
	UUID        string       `json:"uuid"`
	ResourceURI string       `json:"resource_uri"`
	FirstName   string       `json:"firstname"`
	LastName    string       `json:"lastname"`
	Email       string       `json:"email"`
	Order       int          `json:"order"`
	Role        string       `json:"role"` // signer, approver or witness
	Tel         string       `json:"tel"`
	Status      SignerStatus `json:"status"`
}

// DocumentListOptions filters Documents.List. Group is required by the API.
type DocumentListOptions struct {
	// Group is the group slug or resource URI (required).
	Group string
	// Archived filters on archived status (the API default is false).
	Archived *bool
	// Status filters on document status (0: any).
	Status DocumentStatus
	// Email filters by signer email.
	Email string
	// CreatedAfter sends created_gt: documents created strictly after it.
	// It is sent in UTC to the microsecond, the precision of the times
	// Legalesign answers (a finer time is rounded up), so a Created value
	// read from an answer and passed back excludes that document and
	// everything created before it.
	CreatedAfter time.Time
	// ModifiedAfter sends modified_gt: documents modified strictly after
	// it, with CreatedAfter's precision.
	ModifiedAfter time.Time
	// NoSigners sends nosigners=1: no signer information, a faster query.
	NoSigners bool
	// Cache sends cache=1, the fast query Legalesign recommends for syncing
	// outstanding documents.
	Cache bool
	ListOptions
}

func (o *DocumentListOptions) values() (url.Values, error) {
	if o == nil || strings.TrimSpace(o.Group) == "" {
		return nil, invalidArg("group", "is required to list documents")
	}
	q := url.Values{"group": {strings.TrimSpace(o.Group)}}
	if o.Archived != nil {
		q.Set("archived", strconv.FormatBool(*o.Archived))
	}
	if o.Status != 0 {
		q.Set("status", strconv.Itoa(int(o.Status)))
	}
	if o.Email != "" {
		q.Set("email", o.Email)
	}
	if !o.CreatedAfter.IsZero() {
		q.Set("created_gt", filterTime(o.CreatedAfter))
	}
	if !o.ModifiedAfter.IsZero() {
		q.Set("modified_gt", filterTime(o.ModifiedAfter))
	}
	if o.NoSigners {
		q.Set("nosigners", "1")
	}
	if o.Cache {
		q.Set("cache", "1")
	}
	o.ListOptions.apply(q)
	return q, nil
}

// filterTime writes a time filter: RFC 3339 in UTC with the microseconds
// Legalesign keeps (Django's precision), rounded up so that "after t" never
// includes a time before t. Trailing zeros of the fraction are dropped.
func filterTime(t time.Time) string {
	u := t.UTC().Truncate(time.Microsecond)
	if u.Before(t) {
		u = u.Add(time.Microsecond)
	}
	return u.Format("2006-01-02T15:04:05.999999Z07:00")
}

// List returns one page of (unarchived, by default) documents of a group.
// GET /document/
func (s *DocumentsService) List(ctx context.Context, opts *DocumentListOptions) ([]*Document, *Response, error) {
	q, err := opts.values()
	if err != nil {
		return nil, nil, err
	}
	return getList[*Document](ctx, s.client, "document/", q)
}

// All iterates over every document matching opts, page by page, starting at
// opts.Offset. opts is never modified.
func (s *DocumentsService) All(ctx context.Context, opts *DocumentListOptions) iter.Seq2[*Document, error] {
	var o DocumentListOptions
	if opts != nil {
		o = *opts
	}
	return iterate(ctx, s.client, o.Offset, func(ctx context.Context, offset int) ([]*Document, *Response, error) {
		page := o
		page.Offset = offset
		return s.List(ctx, &page)
	})
}

// Get returns a document. GET /document/{id}/
func (s *DocumentsService) Get(ctx context.Context, id string) (*Document, *Response, error) {
	p, err := pathOf("document/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Document](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Format prints the request with PDFPassword hidden, for every verb.
func (r DocumentCreateRequest) Format(f fmt.State, verb rune) {
	type documentCreateRequest DocumentCreateRequest
	r.PDFPassword = rest.Hide(r.PDFPassword)
	rest.FormatAs(f, verb, documentCreateRequest(r), "legacyv1.DocumentCreateRequest")
}

// LogValue hides PDFPassword from slog.
func (r DocumentCreateRequest) LogValue() slog.Value {
	type documentCreateRequest DocumentCreateRequest
	r.PDFPassword = rest.Hide(r.PDFPassword)
	return slog.AnyValue(documentCreateRequest(r))
}

// DocumentCreateRequest is the body of POST /document/ (DocumentPost). Group,
// TemplatePDF, Template, User and signer attachment references accept a bare
// id/slug (turned into its resource URI) or a resource URI.
type DocumentCreateRequest struct {
	Group       string            `json:"group"`
	Name        string            `json:"name"`
	TemplatePDF string            `json:"templatepdf,omitempty"`
	Template    string            `json:"template,omitempty"` // deprecated text template reference
	Text        string            `json:"text,omitempty"`     // HTML/text document body
	Signers     []*SignerRequest  `json:"signers"`
	PDFText     map[string]string `json:"pdftext,omitempty"`
	SignerText  map[string]string `json:"signertext,omitempty"`
	// SignatureType 4 certifies the final PDF (recommended); the API default is 1.
	SignatureType         int    `json:"signature_type,omitempty"`
	AppendPDF             *bool  `json:"append_pdf,omitempty"`
	AppendHistory         *bool  `json:"append_history,omitempty"`
	AutoArchive           *bool  `json:"auto_archive,omitempty"`
	DoEmail               *bool  `json:"do_email,omitempty"`
	CCEmails              string `json:"cc_emails,omitempty"`
	ConvertSenderToSigner *bool  `json:"convert_sender_to_signer,omitempty"`
	Footer                string `json:"footer,omitempty"`
	FooterHeight          *int   `json:"footer_height,omitempty"`
	Header                string `json:"header,omitempty"`
	HeaderHeight          *int   `json:"header_height,omitempty"`
	PDFPassword           string `json:"pdf_password,omitempty"`
	PDFPasswordType       int    `json:"pdf_password_type,omitempty"` // 1 store, 2 delete upon signing
	Redirect              string `json:"redirect,omitempty"`
	Reminders             string `json:"reminders,omitempty"` // "default" for the group schedule
	ReturnSignerLinks     bool   `json:"return_signer_links,omitempty"`
	SignersInOrder        *bool  `json:"signers_in_order,omitempty"`
	StrictFields          bool   `json:"strict_fields,omitempty"`
	Tag                   string `json:"tag,omitempty"`
	Tag1                  string `json:"tag1,omitempty"`
	Tag2                  string `json:"tag2,omitempty"`
	User                  string `json:"user,omitempty"`
}

// SignerRequest is one signer of a new document (DocumentSignerPost).
// FirstName, LastName and Email are required, except for a signer with
// DecideLater (the previous signer or approver chooses who it is; not the
// first signer) or Skip (a recipient of the template skipped): leave every
// other field of those empty, as Legalesign asks.
type SignerRequest struct {
	FirstName   string      `json:"firstname,omitempty"`
	LastName    string      `json:"lastname,omitempty"`
	Email       string      `json:"email,omitempty"`
	SMS         string      `json:"sms,omitempty"`
	Attachments []string    `json:"attachments,omitempty"`
	DecideLater bool        `json:"decide_later,omitempty"`
	Expires     *time.Time  `json:"expires,omitempty"`
	Experience  string      `json:"experience,omitempty"`
	Message     string      `json:"message,omitempty"`
	Reviewers   []*Reviewer `json:"reviewers,omitempty"`
	Role        string      `json:"role,omitempty"` // deprecated: "witness" or "approver"
	Subject     string      `json:"subject,omitempty"`
	Timezone    string      `json:"timezone,omitempty"`
	Skip        bool        `json:"skip,omitempty"`
	Order       *int        `json:"order,omitempty"` // deprecated
}

// Reviewer receives copies of a signer's draft and signed documents.
type Reviewer struct {
	Email       string `json:"email"`
	FirstName   string `json:"firstname,omitempty"`
	LastName    string `json:"lastname,omitempty"`
	IncludeLink bool   `json:"include_link,omitempty"`
}

func (r *DocumentCreateRequest) validate() error {
	switch {
	case r == nil:
		return invalidArg("request", "must not be nil")
	case strings.TrimSpace(r.Group) == "":
		return invalidArg("group", "must not be empty")
	case strings.TrimSpace(r.Name) == "":
		return invalidArg("name", "must not be empty")
	case len(r.Signers) == 0:
		return invalidArg("signers", "at least one signer is required")
	case r.TemplatePDF == "" && r.Template == "" && r.Text == "":
		return invalidArg("templatepdf", "one of templatepdf, template or text is required")
	}
	for i, s := range r.Signers {
		if s == nil {
			return invalidArg("signers", "signer %d is nil", i)
		}
	}
	if r.Signers[0].DecideLater {
		return invalidArg("signers", "the first signer cannot decide later (decide_later lets the previous signer choose the next one)")
	}
	return nil
}

func (r *DocumentCreateRequest) normalized() *DocumentCreateRequest {
	c := *r
	c.Group = ref(ResourceGroup, r.Group)
	c.TemplatePDF = ref(ResourceTemplatePDF, r.TemplatePDF)
	c.Template = ref(ResourceTemplate, r.Template)
	c.User = ref(ResourceUser, r.User)
	c.Signers = make([]*SignerRequest, len(r.Signers))
	for i, s := range r.Signers {
		sc := *s
		sc.Attachments = refs(ResourceAttachment, s.Attachments)
		c.Signers[i] = &sc
	}
	return &c
}

// CreatedDocument is the result of Documents.Create.
type CreatedDocument struct {
	Created
	// SignerLinks holds the signing links ("signer_1": URL, ...) when the
	// request set ReturnSignerLinks (other keys of the answer are ignored).
	SignerLinks map[string]string
	// Key is the tag2 CreateOnce created the document with and looks it up
	// by ("" for Create).
	Key string
}

// Create sends a document for signing. The API answers 201 with the new
// document's URI in the Location header; its id is returned. An answer
// without a usable Location is not an error: the group's documents created
// since the request was sent (created_gt, less CreateLookupSkew) with the
// same name, tags and first signer's email are looked up, and the one
// found is returned with resp.Recovered set. When none is found, several
// are (two identical creates at once) or the lookup fails, Created.ID is
// "", resp.Recovered is false and resp.DecodeIssues lists "Location" with
// the reason; an older document with the same content (a recurring NDA)
// is never returned.
// POST /document/
func (s *DocumentsService) Create(ctx context.Context, req *DocumentCreateRequest) (*CreatedDocument, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	body := req.normalized()
	return s.create(ctx, body, func(ctx context.Context, since time.Time) (*Created, error) {
		return findCreated(since, s.matching(ctx, body, since, true, nil), func(d *Document) bool { return sameDocument(d, body) },
			func(d *Document) time.Time { return d.Created.Time }, documentURI)
	})
}

// CreateOnceWindow is how far before a CreateOnce call its lookup reads
// the group's documents (created_gt): it absorbs the difference between
// this machine's clock and Legalesign's.
const CreateOnceWindow = time.Hour

// CreateOnce sends a document for signing exactly once, even when an
// answer is lost. Legalesign documents no idempotency key, so a create
// cannot simply be repeated; instead the document carries a key the client
// chose, in its tag2: leave req.Tag2 empty and a random key is used
// ("esign-" and 32 hex digits, readable afterwards as the document's
// Tag2), or set it to a value unique to this document (an order id). A
// create that fails ambiguously (a timeout or reset connection once sent,
// a 408 or 5xx: ErrOutcomeUnknown) looks the document up: the group's
// documents, unarchived and archived, created from CreateOnceWindow before
// the call, whose tag2 is the key and whose name is req.Name (tags cannot
// be filtered on, so they are matched here). Found, it is returned with
// resp.Recovered set (its SignerLinks are not: they were in the lost
// answer; Signers.NewLink makes new ones). Not found, the create is sent
// again within the client's retry budget. A refused create (400) is
// looked up too, in case an earlier attempt went through. A create
// answered 201 without a usable Location looks the key up among the
// documents created since that request was sent (less CreateLookupSkew),
// as Create does, so a document an earlier call made with the same Tag2 is
// not taken for the new one. req is not modified. POST /document/ (GET /document/ to look up)
func (s *DocumentsService) CreateOnce(ctx context.Context, req *DocumentCreateRequest) (*CreatedDocument, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	body := req.normalized()
	if strings.TrimSpace(body.Tag2) == "" {
		body.Tag2 = rest.NewKey()
	}
	since := time.Now().Add(-CreateOnceWindow)
	find := func(ctx context.Context) (*Document, *Response, error) {
		var last *Response
		for d, err := range s.matching(ctx, body, since, false, &last) {
			if err != nil {
				return nil, last, err
			}
			if sameKey(d, body) {
				return d, last, nil
			}
		}
		return nil, last, nil
	}
	out, resp, err := rest.CreateOnce(ctx, s.client.rc,
		func(ctx context.Context) (*CreatedDocument, *Response, error) {
			return s.create(ctx, body, func(ctx context.Context, sent time.Time) (*Created, error) {
				// A 201 naming no document: the one this request made,
				// never one an earlier call made with the same key.
				return findCreated(sent, s.matching(ctx, body, sent, false, nil), func(d *Document) bool { return sameKey(d, body) },
					func(d *Document) time.Time { return d.Created.Time }, documentURI)
			})
		},
		func(ctx context.Context) (*CreatedDocument, *Response, bool, error) {
			d, resp, err := find(ctx)
			if err != nil || d == nil {
				return nil, resp, false, err
			}
			cr := createdFromURI(documentURI(d))
			if cr == nil {
				return nil, resp, false, nil
			}
			return &CreatedDocument{Created: *cr}, resp, true, nil
		})
	if out != nil {
		out.Key = body.Tag2
	}
	return out, resp, err
}

// create posts a normalized request and reads the answer: the document
// named by it (or found by find) and the signing links of its body.
func (s *DocumentsService) create(ctx context.Context, req *DocumentCreateRequest, find finder) (*CreatedDocument, *Response, error) {
	s.client.rc.Redactor().Add(req.PDFPassword) // never in a later error or log line
	created, body, resp, err := s.client.createWithBody(ctx, &rest.Request{Method: http.MethodPost, Path: "document/", Body: req}, ResourceDocument, find)
	if err != nil {
		return nil, resp, err
	}
	out := &CreatedDocument{Created: *created}
	var links map[string]json.RawMessage
	if len(body) > 0 && json.Unmarshal(body, &links) == nil {
		for k, raw := range links {
			var link string
			if !strings.HasPrefix(k, "signer_") || json.Unmarshal(raw, &link) != nil {
				continue // not a signing link (e.g. a returned document field)
			}
			if out.SignerLinks == nil {
				out.SignerLinks = map[string]string{}
			}
			out.SignerLinks[k] = link
		}
	}
	return out, resp, nil
}

// matching iterates over the group's documents, archived or not, that req
// may have created: those created after since when it is set, and, with
// byEmail, only those of req's first signer's email. last, when not nil,
// receives the answer of the last page read.
func (s *DocumentsService) matching(ctx context.Context, req *DocumentCreateRequest, since time.Time, byEmail bool, last **Response) iter.Seq2[*Document, error] {
	opts := DocumentListOptions{Group: IDFromURI(req.Group), CreatedAfter: since, ListOptions: ListOptions{Limit: findPageSize}}
	for _, sg := range req.Signers {
		if e := strings.TrimSpace(sg.Email); e != "" && byEmail {
			opts.Email = e
			break
		}
	}
	return func(yield func(*Document, error) bool) {
		for _, archived := range []bool{false, true} {
			o := opts
			o.Archived = Bool(archived)
			pages := iterate(ctx, s.client, 0, func(ctx context.Context, offset int) ([]*Document, *Response, error) {
				page := o
				page.Offset = offset
				docs, resp, err := s.List(ctx, &page)
				if last != nil && resp != nil {
					*last = resp
				}
				return docs, resp, err
			})
			for d, err := range pages {
				if !yield(d, err) || err != nil {
					return
				}
			}
		}
	}
}

// sameDocument reports whether d carries what req sent: its name and tags.
func sameDocument(d *Document, req *DocumentCreateRequest) bool {
	return strings.TrimSpace(d.Name) == strings.TrimSpace(req.Name) && d.Tag == req.Tag && d.Tag1 == req.Tag1 && d.Tag2 == req.Tag2
}

// sameKey reports whether d carries CreateOnce's key (tag2) and req's name.
func sameKey(d *Document, req *DocumentCreateRequest) bool {
	return d.Tag2 == req.Tag2 && strings.TrimSpace(d.Name) == strings.TrimSpace(req.Name)
}

func documentURI(d *Document) string { return cmp.Or(d.ResourceURI, DocumentURI(d.UUID)) }

// DocumentArchiveOptions tunes Documents.Archive.
type DocumentArchiveOptions struct {
	// Email notifies the recipients that the document is voided (email=true).
	Email bool
}

// Archive voids and archives a document: it is not deleted but gets status
// 40 (removed). DELETE /document/{id}/
func (s *DocumentsService) Archive(ctx context.Context, id string, opts *DocumentArchiveOptions) (*Response, error) {
	p, err := pathOf("document/%s/", id)
	if err != nil {
		return nil, err
	}
	var q url.Values
	if opts != nil && opts.Email {
		q = url.Values{"email": {"true"}}
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, p, q, nil)
	return resp, err
}

// Delete permanently deletes a document's data and files; the group must
// allow automated deletion. A 200 answer (instead of 204) is returned as a
// *DeletionRefusedError. DELETE /document/{id}/delete/
func (s *DocumentsService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("document/%s/delete/", id)
	if err != nil {
		return nil, err
	}
	return s.client.permanentDelete(ctx, p, ResourceDocument, id)
}

func (c *Client) permanentDelete(ctx context.Context, p, resource, id string) (*Response, error) {
	resp, err := c.rc.Send(ctx, &rest.Request{Method: http.MethodDelete, Path: p})
	if err != nil {
		return resp, err
	}
	defer drain(resp)
	if resp.StatusCode == http.StatusOK {
		return resp, &DeletionRefusedError{Resource: resource, ID: strings.TrimSpace(id), Message: bodyText(resp)}
	}
	return resp, nil
}

// DocumentField is a field of a sent document with its current value.
type DocumentField struct {
	ElementType ElementType      `json:"element_type"`
	FieldOrder  *int             `json:"fieldorder"`
	Label       string           `json:"label"`
	LabelExtra  string           `json:"label_extra"`
	Signer      *int             `json:"signer"`
	State       bool             `json:"state"` // saved by the signer
	Validation  *FieldValidation `json:"validation"`
	Value       FlexString       `json:"value"`
}

// Fields returns a document's fields and values. GET /document/{id}/fields/
func (s *DocumentsService) Fields(ctx context.Context, id string) ([]*DocumentField, *Response, error) {
	p, err := pathOf("document/%s/fields/", id)
	if err != nil {
		return nil, nil, err
	}
	return getArray[*DocumentField](ctx, s.client, p)
}

// AuditLog streams the PDF of a document's audit log; the caller closes it.
// GET /document/{id}/auditlog/
func (s *DocumentsService) AuditLog(ctx context.Context, id string) (io.ReadCloser, *Response, error) {
	p, err := pathOf("document/%s/auditlog/", id)
	if err != nil {
		return nil, nil, err
	}
	return s.client.stream(ctx, http.MethodGet, p, "application/pdf", nil, true)
}

// SigningPreviewRequest is the body of POST /document/preview/.
type SigningPreviewRequest struct {
	Text        string `json:"text"`
	Title       string `json:"title,omitempty"`
	Group       string `json:"group,omitempty"` // slug or resource URI
	SigneeCount int    `json:"signee_count,omitempty"`
}

// PreviewSigning returns a short-lived (a few seconds), one-use URL of the
// signing page for an HTML document. The redirect is not followed: the URL
// is read from the 302's Location header. POST /document/preview/
func (s *DocumentsService) PreviewSigning(ctx context.Context, req *SigningPreviewRequest) (string, *Response, error) {
	if req == nil || strings.TrimSpace(req.Text) == "" {
		return "", nil, invalidArg("text", "must not be empty")
	}
	body := *req
	body.Group = ref(ResourceGroup, req.Group)
	return s.client.location(ctx, &rest.Request{Method: http.MethodPost, Path: "document/preview/", Body: &body})
}

// getArray fetches a list that is a JSON array; a Tastypie envelope
// {"meta": ..., "objects": [...]} is accepted too (its meta is not read:
// these lists are not paged). The items are decoded by the core, item by
// item and tolerantly (Response.DecodeIssues).
func getArray[T any](ctx context.Context, c *Client, p string) ([]T, *Response, error) {
	list, resp, err := do[*arrayList[T]](ctx, c, http.MethodGet, p, nil, nil)
	if err != nil {
		return nil, resp, err
	}
	return list.items, resp, nil
}

// arrayList is getArray's answer: rest.DecodeList reads a bare array or the
// objects of an envelope.
type arrayList[T any] struct{ items []T }

// DecodeItems implements rest.ItemsDecoder.
func (l *arrayList[T]) DecodeItems(dec *rest.Decoder, max int) error {
	items, err := rest.DecodeList[T](dec, max, "objects")
	l.items = items
	return err
}
