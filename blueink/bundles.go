package blueink

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// BundlesService manages Bundles: a set of documents sent to one or more
// signers (Packets).
type BundlesService service

// Bundle is a Bundle as returned by the API.
type Bundle struct {
	ID             string       `json:"id"`
	Label          string       `json:"label,omitempty"`
	Status         BundleStatus `json:"status,omitempty"`
	InOrder        bool         `json:"in_order"`
	EmailSubject   string       `json:"email_subject,omitempty"`
	EmailMessage   string       `json:"email_message,omitempty"`
	SMSMessage     string       `json:"sms_message,omitempty"`
	RequesterName  string       `json:"requester_name,omitempty"`
	RequesterEmail string       `json:"requester_email,omitempty"`
	CCEmails       []string     `json:"cc_emails,omitempty"`
	CustomKey      string       `json:"custom_key,omitempty"`
	Team           string       `json:"team,omitempty"`
	IsTest         bool         `json:"is_test"`
	// Payment is the BundlePayment object, kept raw (its schema is not
	// published).
	Payment json.RawMessage `json:"payment,omitempty"`
	Created Time            `json:"created"`
	// DocsReady is true once the final documents of a complete Bundle exist.
	DocsReady bool `json:"docs_ready"`
	// Errors explains a failed Bundle (status fa).
	Errors    []BundleError    `json:"errors,omitempty"`
	Packets   []*Packet        `json:"packets,omitempty"`
	Documents []BundleDocument `json:"documents,omitempty"`
	Tags      []string         `json:"tags,omitempty"`
	// Data holds field values entered so far.
	Data []BundleFieldValue `json:"data,omitempty"`
}

// BundleError is one error recorded on a Bundle.
type BundleError struct {
	Code    ErrorCode          `json:"code"`
	Message string             `json:"message"`
	Errors  []BundleFieldError `json:"errors,omitempty"`
}

// BundleFieldError is a per-field error inside a BundleError. BlueInk spells
// the message key "messsage" in some answers; both spellings decode.
type BundleFieldError struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
}

// bundleFieldErrorWire is a BundleFieldError as sent.
type bundleFieldErrorWire struct {
	Field    string `json:"field"`
	Message  string `json:"message"`
	Messsage string `json:"messsage"`
}

func (e *BundleFieldError) set(w *bundleFieldErrorWire) {
	e.Field, e.Message = w.Field, w.Message
	if e.Message == "" {
		e.Message = w.Messsage
	}
}

// UnmarshalJSON accepts "message" and the misspelled "messsage".
func (e *BundleFieldError) UnmarshalJSON(b []byte) error {
	var w bundleFieldErrorWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	e.set(&w)
	return nil
}

// UnmarshalJSONTolerant decodes the error as UnmarshalJSON does, keeping
// the members that decode when one does not (the tolerant decoder's
// Unmarshaler).
func (e *BundleFieldError) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	var w bundleFieldErrorWire
	issues, err := tolerant.Decode(b, &w, opts)
	if err != nil {
		return nil, err
	}
	e.set(&w)
	return issues, nil
}

// BundleDocument is a document of a Bundle.
type BundleDocument struct {
	Key  string `json:"key,omitempty"`
	Name string `json:"name,omitempty"`
	// TemplateID is set when the document came from a DocumentTemplate.
	TemplateID string `json:"template_id,omitempty"`
}

// BundleFieldValue is a field value embedded in a Bundle (Bundle.Data).
type BundleFieldValue struct {
	DocumentID string `json:"document_id,omitempty"`
	Key        string `json:"key,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Label      string `json:"label,omitempty"`
	// PacketID is the signer who entered the value; empty for defaults.
	PacketID string `json:"packet_id,omitempty"`
	Value    any    `json:"value,omitempty"`
}

// BundleEvent is one entry of a Bundle's history (ListEvents).
type BundleEvent struct {
	Kind        string `json:"kind,omitempty"`
	Description string `json:"description,omitempty"`
	PacketID    string `json:"packet_id,omitempty"`
	Timestamp   Time   `json:"timestamp"`
}

// BundleFile is a downloadable file of a Bundle (ListFiles). FileURL is a
// pre-signed URL valid until Expires.
type BundleFile struct {
	FileURL string `json:"file_url"`
	Expires Time   `json:"expires"`
}

// BundleFieldData is a value entered into a field of a completed Bundle
// (GetData).
type BundleFieldData struct {
	DocKey   string    `json:"doc_key,omitempty"`
	FieldKey string    `json:"field_key,omitempty"`
	Kind     FieldKind `json:"kind,omitempty"`
	Label    string    `json:"label,omitempty"`
	// FilledBy is the packet key of the signer who entered the value,
	// FilledByInitial for an initial_value no signer changed, or
	// FilledByDefault for a document template's default value.
	FilledBy string `json:"filled_by,omitempty"`
	// PacketID is the packet of the signer who entered the value; empty
	// when no signer did (FilledByInitial, FilledByDefault).
	PacketID string `json:"packet_id,omitempty"`
	// Value is a string, number, boolean or list depending on Kind.
	Value       any          `json:"value,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// BundleFieldData.FilledBy values for values no signer entered.
const (
	FilledByInitial = "initial" // an initial_value given when the Bundle was created
	FilledByDefault = "default" // the default value of a document template field
)

// Attachment is a file a signer uploaded into an attachment field.
type Attachment struct {
	Name    string `json:"name,omitempty"`
	Ext     string `json:"ext,omitempty"`
	IsImage bool   `json:"is_image"`
	Num     int    `json:"num"`
	Size    int64  `json:"size"`
	URL     string `json:"url,omitempty"`
}

// BundleRequest creates a Bundle (Create, CreateWithFiles,
// CreateFromEnvelopeTemplate). BundleBuilder builds and validates one.
type BundleRequest struct {
	Label          string   `json:"label,omitempty"`
	InOrder        bool     `json:"in_order,omitempty"`
	EmailSubject   string   `json:"email_subject,omitempty"`
	EmailMessage   string   `json:"email_message,omitempty"`
	SMSMessage     string   `json:"sms_message,omitempty"`
	RequesterName  string   `json:"requester_name,omitempty"`
	RequesterEmail string   `json:"requester_email,omitempty"`
	CCEmails       []string `json:"cc_emails,omitempty"`
	// CustomKey is an optional unique key (at most 200 characters).
	CustomKey string `json:"custom_key,omitempty"`
	Team      string `json:"team,omitempty"`
	// IsTest marks a test Bundle (not legally binding, not billed).
	IsTest bool `json:"is_test,omitempty"`
	// Status is empty to send the Bundle, or BundleDraft to keep a draft.
	Status  BundleStatus    `json:"status,omitempty"`
	Payment json.RawMessage `json:"payment,omitempty"`
	Packets []PacketRequest `json:"packets"`
	// Documents holds *DocumentRequest and *TemplateRequest values.
	Documents []RequestDocument `json:"documents,omitempty"`
	// EnvelopeTemplate is set (instead of Documents) to create the Bundle
	// from an envelope template (Create or CreateFromEnvelopeTemplate).
	EnvelopeTemplate *EnvelopeTemplateRequest `json:"envelope_template,omitempty"`
}

// bundleRequestWire is a BundleRequest as sent, its documents kept raw.
type bundleRequestWire struct {
	bundleRequestPlain
	Documents []json.RawMessage `json:"documents"`
}

// bundleRequestPlain is BundleRequest without its methods.
type bundleRequestPlain BundleRequest

// UnmarshalJSON decodes each document as a *TemplateRequest when it has a
// template_id, else as a *DocumentRequest.
func (r *BundleRequest) UnmarshalJSON(b []byte) error {
	var w bundleRequestWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = BundleRequest(w.bundleRequestPlain)
	r.Documents = nil
	for i, raw := range w.Documents {
		doc, err := requestDocumentFor(raw)
		if err == nil {
			err = json.Unmarshal(raw, doc)
		}
		if err != nil {
			return fmt.Errorf("documents[%d]: %w", i, err)
		}
		r.Documents = append(r.Documents, doc)
	}
	return nil
}

// UnmarshalJSONTolerant decodes the request as UnmarshalJSON does, keeping
// every value and document that decodes when one does not (the tolerant
// decoder's Unmarshaler): a document that is not an object is left out,
// and listed with the other issues.
func (r *BundleRequest) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	var w bundleRequestWire
	first, err := tolerant.Decode(b, &w, opts)
	if err != nil {
		return nil, err
	}
	issues := tolerant.Collector{MaxIssues: opts.MaxIssues}
	issues.Add("", first)
	*r = BundleRequest(w.bundleRequestPlain)
	r.Documents = nil
	for i, raw := range w.Documents {
		at := tolerant.JoinIndex("documents", i)
		doc, err := requestDocumentFor(raw)
		if err != nil {
			issues.AddValue(at, raw, err)
			continue
		}
		more, err := tolerant.Decode(raw, doc, issues.Options())
		if err != nil {
			issues.AddValue(at, raw, err)
			continue
		}
		issues.Add(at, more)
		r.Documents = append(r.Documents, doc)
	}
	return issues.Issues(), nil
}

// requestDocumentFor returns the empty document raw decodes into: a
// *TemplateRequest when it has a template_id, else a *DocumentRequest.
func requestDocumentFor(raw json.RawMessage) (RequestDocument, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		if string(raw) == "null" {
			return nil, errors.New("null document")
		}
		return nil, errors.New("a document must be a JSON object")
	}
	if t, ok := jsonscan.Member(raw, "template_id"); ok && string(bytes.TrimSpace(t)) != "null" {
		return &TemplateRequest{}, nil
	}
	return &DocumentRequest{}, nil
}

// RequestDocument is one entry of BundleRequest.Documents: a
// *DocumentRequest (a file) or a *TemplateRequest (a document template).
type RequestDocument interface {
	// DocumentKey returns the document's key within the request.
	DocumentKey() string
	requestDocument()
}

// PacketRequest describes one signer of a new Bundle.
type PacketRequest struct {
	// Key identifies the signer inside the request (2-20 characters of
	// letters, digits, "_" and "-"); fields' Editors and template
	// assignments refer to it.
	Key        string     `json:"key"`
	Name       string     `json:"name,omitempty"`
	Email      string     `json:"email,omitempty"`
	Phone      string     `json:"phone,omitempty"`
	AuthSMS    bool       `json:"auth_sms,omitempty"`
	AuthSelfie bool       `json:"auth_selfie,omitempty"`
	AuthID     bool       `json:"auth_id,omitempty"`
	DeliverVia DeliverVia `json:"deliver_via,omitempty"`
	// Order is the signing order (1-based) when the Bundle is InOrder; set
	// it on every packet or on none.
	Order int `json:"order,omitempty"`
	// PersonID links the signer to an existing Person.
	PersonID string `json:"person_id,omitempty"`
}

// DocumentRequest is a document given as a file: exactly one of FileURL,
// FileB64 or FileIndex (an upload of CreateWithFiles) must be set.
type DocumentRequest struct {
	// Key identifies the document (2-12 characters of letters, digits, "_"
	// and "-").
	Key     string `json:"key,omitempty"`
	FileURL string `json:"file_url,omitempty"`
	FileB64 string `json:"file_b64,omitempty"`
	// FileIndex is N for the multipart part files[N].
	FileIndex *int `json:"file_index,omitempty"`
	// ParseTags asks BlueInk to create fields from text tags in the file.
	ParseTags bool                   `json:"parse_tags,omitempty"`
	Fields    []DocumentRequestField `json:"fields,omitempty"`
}

// DocumentKey implements RequestDocument.
func (d *DocumentRequest) DocumentKey() string { return d.Key }
func (d *DocumentRequest) requestDocument()    {}

// DocumentRequestField places a field on a document. Coordinates and sizes
// are percentages of the page.
type DocumentRequestField struct {
	Kind  FieldKind `json:"kind"`
	Key   string    `json:"key,omitempty"`
	Label string    `json:"label,omitempty"`
	// Page is 1-based.
	Page     int     `json:"page,omitempty"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	W        float64 `json:"w"`
	H        float64 `json:"h"`
	Required bool    `json:"required,omitempty"`
	// VPattern, VMin and VMax validate input fields.
	VPattern ValidationPattern `json:"v_pattern,omitempty"`
	VMin     float64           `json:"v_min,omitempty"`
	VMax     float64           `json:"v_max,omitempty"`
	// VAttachmentTypes restricts attachment fields.
	VAttachmentTypes []AttachmentType `json:"v_attachment_types,omitempty"`
	// Editors are the keys of the packets allowed to fill the field.
	Editors      []string `json:"editors,omitempty"`
	InitialValue any      `json:"initial_value,omitempty"`
}

// TemplateRequest is a document created from a DocumentTemplate.
type TemplateRequest struct {
	Key         string               `json:"key,omitempty"`
	TemplateID  string               `json:"template_id"`
	Assignments []TemplateAssignment `json:"assignments"`
	FieldValues []TemplateFieldValue `json:"field_values,omitempty"`
}

// DocumentKey implements RequestDocument.
func (t *TemplateRequest) DocumentKey() string { return t.Key }
func (t *TemplateRequest) requestDocument()    {}

// TemplateAssignment maps a template role to a packet key.
type TemplateAssignment struct {
	Role   string `json:"role"`
	Signer string `json:"signer"`
}

// TemplateFieldValue pre-fills a template field.
type TemplateFieldValue struct {
	Key          string `json:"key"`
	InitialValue any    `json:"initial_value,omitempty"`
}

// EnvelopeTemplateRequest selects the envelope template of
// CreateFromEnvelopeTemplate.
type EnvelopeTemplateRequest struct {
	TemplateID  string               `json:"template_id"`
	FieldValues []TemplateFieldValue `json:"field_values,omitempty"`
}

// BundleUpdate changes a Bundle (typically a draft) with PATCH; zero fields
// are left unchanged.
type BundleUpdate struct {
	Label          string   `json:"label,omitempty"`
	EmailSubject   string   `json:"email_subject,omitempty"`
	EmailMessage   string   `json:"email_message,omitempty"`
	SMSMessage     string   `json:"sms_message,omitempty"`
	RequesterName  string   `json:"requester_name,omitempty"`
	RequesterEmail string   `json:"requester_email,omitempty"`
	CCEmails       []string `json:"cc_emails,omitempty"`
	CustomKey      string   `json:"custom_key,omitempty"`
	Team           string   `json:"team,omitempty"`
	SigningBrand   string   `json:"signing_brand,omitempty"`
	InOrder        *bool    `json:"in_order,omitempty"`
	IsTest         *bool    `json:"is_test,omitempty"`
}

// BundleValidation is the answer of Validate: whether a draft can be sent.
type BundleValidation struct {
	CanSend bool   `json:"can_send"`
	Message string `json:"msg,omitempty"`
	NumDocs int    `json:"n_docs"`
}

// PreparationSessionRequest opens an embedded preparation session, in which
// a user of your app prepares a Bundle in BlueInk's UI. At least one
// document source is needed: UploadPDF, TemplateIDs or FolderIDs.
type PreparationSessionRequest struct {
	// UploadPDF lets the user upload PDFs (BlueInk's default is true).
	UploadPDF          *bool    `json:"upload_pdf,omitempty"`
	AllowSearchSigners bool     `json:"allow_search_signers"`
	TemplateIDs        []string `json:"template_ids,omitempty"`
	FolderIDs          []string `json:"folder_ids,omitempty"`
	RedirectURL        string   `json:"redirect_url,omitempty"`
	// DraftBundle continues preparing an existing draft (its slug).
	DraftBundle string `json:"draft_bundle,omitempty"`
}

// PreparationSession is an embedded preparation URL and its expiry.
type PreparationSession struct {
	URL     string `json:"url"`
	Expires Time   `json:"expires"`
}

// BundleListOptions filters List and All. Every filter is optional and
// filters combine with AND.
type BundleListOptions struct {
	ListOptions
	// Search matches slug, label, custom key and signer names, emails and
	// phones.
	Search   string         `url:"search,omitempty"`
	Status   BundleStatus   `url:"status,omitempty"`
	StatusIn []BundleStatus `url:"status__in,omitempty,comma"`
	Tag      string         `url:"tag,omitempty"`
	TagIn    []string       `url:"tag__in,omitempty,comma"`
	Ordering BundleOrdering `url:"ordering,omitempty"`
	// Date ranges (YYYY-MM-DD).
	CreatedAfter    Date `url:"created_after,omitempty"`
	CreatedBefore   Date `url:"created_before,omitempty"`
	SentAfter       Date `url:"sent_after,omitempty"`
	SentBefore      Date `url:"sent_before,omitempty"`
	CompletedAfter  Date `url:"completed_after,omitempty"`
	CompletedBefore Date `url:"completed_before,omitempty"`
	// Template limits the list to Bundles using this DocumentTemplate.
	Template string `url:"template,omitempty"`
}

func (o *BundleListOptions) listOptions() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

// List returns one page of Bundles, most recent first by default.
func (s *BundlesService) List(ctx context.Context, opts *BundleListOptions) ([]*Bundle, *Response, error) {
	if err := opts.listOptions().validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*Bundle]](ctx, (*service)(s), http.MethodGet, "bundles/", opts, nil)
}

// All iterates over every Bundle matching opts, fetching pages as needed,
// starting at opts.Page. opts is never modified. Pages follow
// X-Blueink-Pagination, or the spec's x-next link when that is all the
// answer carries. The iterator stops on the first error (yielded once), on
// the last page, when the first answer carries neither header, or when the
// caller breaks. It never ends quietly with items missing: an empty page
// that announces more, or a page that does not advance, yields
// ErrPaginationStalled; a later page without readable pagination after one
// that counted the pages yields a *DecodeError; a later page that answers
// 404 (BlueInk's "Invalid page.": the list shrank while it was walked)
// yields its *APIError, matching ErrNotFound.
func (s *BundlesService) All(ctx context.Context, opts *BundleListOptions) iter.Seq2[*Bundle, error] {
	return pages(ctx, (*service)(s), opts, s.List)
}

// Create creates a Bundle from JSON (POST /bundles/): documents given by
// URL, base64 or document template, or — with req.EnvelopeTemplate and no
// Documents — from an envelope template. The request is validated first
// (see BundleRequest.Validate). Use CreateWithFiles to upload files.
func (s *BundlesService) Create(ctx context.Context, req *BundleRequest) (*Bundle, *Response, error) {
	if err := req.validateCreate(0); err != nil {
		return nil, nil, err
	}
	return do[*Bundle](ctx, (*service)(s), http.MethodPost, "bundles/", nil, req)
}

// CreateWithFiles creates a Bundle uploading files as multipart/form-data:
// the request travels as JSON in the "bundle_request" field and files[N] is
// the document whose FileIndex is N. Files are opened per attempt and
// streamed, never held in memory.
func (s *BundlesService) CreateWithFiles(ctx context.Context, req *BundleRequest, files ...File) (*Bundle, *Response, error) {
	if len(files) == 0 {
		return nil, nil, invalidArg("files", "at least one file is required (use Create without files)")
	}
	for i, f := range files {
		if err := f.validate(); err != nil {
			return nil, nil, invalidArg(fmt.Sprintf("files[%d]", i), "%v", err)
		}
	}
	if err := req.validateCreate(len(files)); err != nil {
		return nil, nil, err
	}
	payload, err := json.Marshal(req)
	if err != nil {
		return nil, nil, invalidArg("bundle request", "encoding JSON: %v", err)
	}
	parts := make([]rest.Part, 0, len(files)+1)
	parts = append(parts, rest.Part{Name: "bundle_request", Value: string(payload)})
	for i, f := range files {
		parts = append(parts, rest.Part{
			Name:        "files[" + strconv.Itoa(i) + "]",
			FileName:    f.Name,
			ContentType: f.contentType(),
			Open:        f.Open,
			Size:        f.Size,
		})
	}
	return do[*Bundle](ctx, (*service)(s), http.MethodPost, "bundles/", nil, rest.NewMultipart(parts...))
}

// CreateOnce creates a Bundle exactly once, even when an answer is lost:
// with Create (documents or an envelope template), or CreateWithFiles when
// files are given. The bundle carries
// a custom_key: req.CustomKey, or a fresh random one ("esign-…") when it is
// empty (req itself is not modified; the key is in the returned bundle).
// When the create fails after BlueInk may have acted on it (a timeout, a
// reset connection, a 408 or 5xx), CreateOnce looks the bundle up by that
// key (GET /bundles/?search=<key>, keeping only an exact custom_key match):
// found, it is returned and resp.Recovered is set; not found, the create is
// sent again within the retry budget. BlueInk refuses a second bundle with
// a custom_key already used (400), and CreateOnce then returns the existing
// one (Recovered) — so after an error matching ErrOutcomeUnknown (the
// lookup itself failed) the same call, with the same key, is safe to make
// again.
func (s *BundlesService) CreateOnce(ctx context.Context, req *BundleRequest, files ...File) (*Bundle, *Response, error) {
	if req == nil {
		return nil, nil, invalidArg("bundle request", "must not be nil")
	}
	r := *req
	if r.CustomKey == "" {
		r.CustomKey = rest.NewKey()
	}
	create := func(ctx context.Context) (*Bundle, *Response, error) {
		if len(files) > 0 {
			return s.CreateWithFiles(ctx, &r, files...)
		}
		return s.Create(ctx, &r)
	}
	return rest.CreateOnce(ctx, s.client.rc, create, func(ctx context.Context) (*Bundle, *Response, bool, error) {
		return s.findByCustomKey(ctx, r.CustomKey)
	})
}

// findByCustomKey walks the bundles BlueInk's search returns for key (it
// also matches labels, signers, ...), keeps the one whose custom_key is key
// and fetches it afresh.
func (s *BundlesService) findByCustomKey(ctx context.Context, key string) (*Bundle, *Response, bool, error) {
	opts := &BundleListOptions{Search: key, ListOptions: ListOptions{PerPage: MaxPerPage}}
	for b, err := range s.All(ctx, opts) {
		if err != nil {
			return nil, nil, false, err
		}
		if b != nil && b.CustomKey == key {
			got, resp, err := s.Get(ctx, b.ID)
			return got, resp, err == nil, err
		}
	}
	return nil, nil, false, nil
}

// CreateFromEnvelopeTemplate creates a Bundle from an envelope template:
// req carries the packets and req.EnvelopeTemplate, and no Documents.
//
// It POSTs the request to /bundles/ with envelope_template in the body, as
// BlueInk's official JS (1.4.0) and .NET clients do ("the API handles
// envelope_template in the request body"); older clients used the
// dedicated /bundles/create_from_envelope_template/. Create accepts the
// same request, and CreateOnce creates it exactly once.
func (s *BundlesService) CreateFromEnvelopeTemplate(ctx context.Context, req *BundleRequest) (*Bundle, *Response, error) {
	if err := req.validateEnvelope(); err != nil {
		return nil, nil, err
	}
	return do[*Bundle](ctx, (*service)(s), http.MethodPost, "bundles/", nil, req)
}

// CreatePreparationSession opens an embedded Bundle preparation session.
//
// The path (POST /bundles/preparation_session/) comes from BlueInk's .NET
// client; it is not in the published 2.2.x reference.
func (s *BundlesService) CreatePreparationSession(ctx context.Context, req *PreparationSessionRequest) (*PreparationSession, *Response, error) {
	if req == nil {
		return nil, nil, invalidArg("preparation session request", "must not be nil")
	}
	if req.UploadPDF != nil && !*req.UploadPDF && len(req.TemplateIDs) == 0 && len(req.FolderIDs) == 0 {
		return nil, nil, invalidArg("preparation session request", "needs a document source: UploadPDF, TemplateIDs or FolderIDs")
	}
	return do[*PreparationSession](ctx, (*service)(s), http.MethodPost, "bundles/preparation_session/", nil, req)
}

// Get returns the Bundle with the given slug.
func (s *BundlesService) Get(ctx context.Context, slug string) (*Bundle, *Response, error) {
	return s.bundleCall(ctx, http.MethodGet, "bundles/%s/", slug, nil)
}

// Update changes a Bundle (usually a draft) with PATCH.
func (s *BundlesService) Update(ctx context.Context, slug string, upd *BundleUpdate) (*Bundle, *Response, error) {
	if upd == nil {
		return nil, nil, invalidArg("bundle update", "must not be nil")
	}
	return s.bundleCall(ctx, http.MethodPatch, "bundles/%s/", slug, upd)
}

// Delete deletes a Bundle (a draft; sent Bundles are cancelled instead).
func (s *BundlesService) Delete(ctx context.Context, slug string) (*Response, error) {
	return del(ctx, (*service)(s), "bundles/%s/", slug)
}

// Cancel cancels a Bundle that is not yet complete.
func (s *BundlesService) Cancel(ctx context.Context, slug string) (*Bundle, *Response, error) {
	return s.bundleCall(ctx, http.MethodPut, "bundles/%s/cancel/", slug, nil)
}

// Send sends a draft Bundle (POST …/send/).
func (s *BundlesService) Send(ctx context.Context, slug string) (*Bundle, *Response, error) {
	return s.bundleCall(ctx, http.MethodPost, "bundles/%s/send/", slug, nil)
}

// Validate checks whether a draft Bundle can be sent (PUT …/validate/).
func (s *BundlesService) Validate(ctx context.Context, slug string) (*BundleValidation, *Response, error) {
	path, err := pathOf("bundles/%s/validate/", slug)
	if err != nil {
		return nil, nil, err
	}
	return do[*BundleValidation](ctx, (*service)(s), http.MethodPut, path, nil, nil)
}

// Expire expires a Bundle now (PUT …/expire/).
func (s *BundlesService) Expire(ctx context.Context, slug string) (*Bundle, *Response, error) {
	return s.bundleCall(ctx, http.MethodPut, "bundles/%s/expire/", slug, nil)
}

// ListEvents returns the history of a Bundle.
func (s *BundlesService) ListEvents(ctx context.Context, slug string) ([]*BundleEvent, *Response, error) {
	path, err := pathOf("bundles/%s/events/", slug)
	if err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*BundleEvent]](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

// ListFiles returns the downloadable files of a Bundle (final files once
// complete, or interim files after GenerateInterimFiles).
func (s *BundlesService) ListFiles(ctx context.Context, slug string) ([]*BundleFile, *Response, error) {
	path, err := pathOf("bundles/%s/files/", slug)
	if err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*BundleFile]](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

// GenerateInterimFiles asks BlueInk to generate files of a Bundle that is
// not finished yet (PUT …/files/). Generation is asynchronous: poll
// ListFiles. Not every account has this feature.
func (s *BundlesService) GenerateInterimFiles(ctx context.Context, slug string) (*Response, error) {
	path, err := pathOf("bundles/%s/files/", slug)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, (*service)(s), http.MethodPut, path, nil, nil)
	return resp, err
}

// GetData returns the values entered into the fields of a completed Bundle,
// including attachments.
func (s *BundlesService) GetData(ctx context.Context, slug string) ([]*BundleFieldData, *Response, error) {
	path, err := pathOf("bundles/%s/data/", slug)
	if err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*BundleFieldData]](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

type tagsBody struct {
	Tags []string `json:"tags"`
}

// AddTags adds tags to a Bundle (existing tags are kept, duplicates ignored)
// and returns the updated Bundle.
func (s *BundlesService) AddTags(ctx context.Context, slug string, tags ...string) (*Bundle, *Response, error) {
	if err := validTags(tags); err != nil {
		return nil, nil, err
	}
	return s.bundleCall(ctx, http.MethodPut, "bundles/%s/add_tags/", slug, tagsBody{Tags: tags})
}

// RemoveTags removes tags from a Bundle (unknown tags are ignored) and
// returns the updated Bundle.
func (s *BundlesService) RemoveTags(ctx context.Context, slug string, tags ...string) (*Bundle, *Response, error) {
	if err := validTags(tags); err != nil {
		return nil, nil, err
	}
	return s.bundleCall(ctx, http.MethodPut, "bundles/%s/remove_tags/", slug, tagsBody{Tags: tags})
}

func validTags(tags []string) error {
	if len(tags) == 0 {
		return invalidArg("tags", "at least one tag is required")
	}
	for i, t := range tags {
		if t == "" {
			return invalidArg(fmt.Sprintf("tags[%d]", i), "must not be empty")
		}
	}
	return nil
}

func (s *BundlesService) bundleCall(ctx context.Context, method, format, slug string, body any) (*Bundle, *Response, error) {
	path, err := pathOf(format, slug)
	if err != nil {
		return nil, nil, err
	}
	return do[*Bundle](ctx, (*service)(s), method, path, nil, body)
}
