package legacyv1

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// TemplatePDFsService manages uploaded PDF templates (/templatepdf/).
type TemplatePDFsService service

// TemplatePDF is an uploaded PDF (TemplatePdfResponse).
type TemplatePDF struct {
	UUID        string `json:"uuid"`
	ResourceURI string `json:"resource_uri"`
	Title       string `json:"title"`
	Group       string `json:"group"`
	User        string `json:"user"`
	Created     Time   `json:"created"`
	Modified    Time   `json:"modified"`
	PageCount   int    `json:"page_count"`
	SignerCount int    `json:"signer_count"`
	// Parties is a JSON-stringified array of party names; see PartyNames.
	Parties string `json:"parties"`
	// Valid reports whether the PDF can be sent (its fields validate).
	Valid bool `json:"valid"`
}

// PartyNames decodes Parties (nil when it is not a JSON array of strings).
func (t *TemplatePDF) PartyNames() []string {
	var out []string
	if json.Unmarshal([]byte(t.Parties), &out) != nil {
		return nil
	}
	return out
}

// TemplatePDFID returns the id (UUID, or the id of ResourceURI).
func (t *TemplatePDF) TemplatePDFID() string {
	if t.UUID != "" {
		return t.UUID
	}
	return IDFromURI(t.ResourceURI)
}

// TemplateListOptions filters the template lists (PDF and text).
type TemplateListOptions struct {
	// Group is a group slug or resource URI.
	Group string
	// Archive filters on archived templates.
	Archive *bool
	ListOptions
}

func (o *TemplateListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if g := strings.TrimSpace(o.Group); g != "" {
		q.Set("group", g)
	}
	if o.Archive != nil {
		q.Set("archive", strconv.FormatBool(*o.Archive))
	}
	o.ListOptions.apply(q)
	return q
}

// List returns one page of PDF templates. GET /templatepdf/
func (s *TemplatePDFsService) List(ctx context.Context, opts *TemplateListOptions) ([]*TemplatePDF, *Response, error) {
	return getList[*TemplatePDF](ctx, s.client, "templatepdf/", opts.values())
}

// All iterates over every PDF template; opts is never modified.
func (s *TemplatePDFsService) All(ctx context.Context, opts *TemplateListOptions) iter.Seq2[*TemplatePDF, error] {
	var o TemplateListOptions
	if opts != nil {
		o = *opts
	}
	return iterate(ctx, s.client, o.Offset, func(ctx context.Context, offset int) ([]*TemplatePDF, *Response, error) {
		page := o
		page.Offset = offset
		return s.List(ctx, &page)
	})
}

// TemplatePDFUpload is the body of POST /templatepdf/ (TemplatePdfFieldPost).
// Give the PDF either as PDFBase64 or as PDF (a reader, base64 encoded while
// it is streamed; an io.ReadSeeker such as *os.File can be retried).
type TemplatePDFUpload struct {
	Group           string    `json:"group"` // slug or resource URI
	Title           string    `json:"title,omitempty"`
	User            string    `json:"user,omitempty"` // assign to a group member
	ProcessTags     bool      `json:"process_tags,omitempty"`
	ArchiveUponSend bool      `json:"archive_upon_send,omitempty"`
	PDFBase64       string    `json:"-"`
	PDF             io.Reader `json:"-"`
}

// Upload uploads a PDF to send for signing and returns its id (from the
// Location header; when the answer has none and a Title was given, the
// group's one PDF template of that title created since the request was
// sent is looked up and resp.Recovered is set, see CreateLookupSkew).
// POST /templatepdf/
func (s *TemplatePDFsService) Upload(ctx context.Context, up *TemplatePDFUpload) (*Created, *Response, error) {
	if up == nil || strings.TrimSpace(up.Group) == "" {
		return nil, nil, invalidArg("group", "must not be empty")
	}
	fields := *up
	fields.Group = ref(ResourceGroup, up.Group)
	fields.User = ref(ResourceUser, up.User)
	r, err := fileJSONBody(&fields, "pdf_file", up.PDFBase64, up.PDF)
	if err != nil {
		return nil, nil, err
	}
	r.Method, r.Path = http.MethodPost, "templatepdf/"
	group, title := IDFromURI(fields.Group), strings.TrimSpace(up.Title)
	return s.client.createRequest(ctx, r, ResourceTemplatePDF, func(ctx context.Context, since time.Time) (*Created, error) {
		if title == "" {
			return nil, errNoTitle
		}
		return findCreated(since, s.All(ctx, &TemplateListOptions{Group: group, ListOptions: ListOptions{Limit: findPageSize}}),
			func(t *TemplatePDF) bool { return strings.TrimSpace(t.Title) == title },
			func(t *TemplatePDF) time.Time { return t.Created.Time },
			func(t *TemplatePDF) string { return cmp.Or(t.ResourceURI, TemplatePDFURI(t.UUID)) })
	})
}

// Get returns a PDF template. GET /templatepdf/{id}/
func (s *TemplatePDFsService) Get(ctx context.Context, id string) (*TemplatePDF, *Response, error) {
	p, err := pathOf("templatepdf/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*TemplatePDF](ctx, s.client, http.MethodGet, p, nil, nil)
}

// PDFField is a field placed on a PDF template (TemplatePdfFieldDetail when
// read, PdfFieldsPost when written). Coordinates are fractions of the page:
// (AX, AY) is the upper left corner, (BX, BY) the lower right one.
type PDFField struct {
	UUID        string      `json:"uuid,omitempty"`
	ElementType ElementType `json:"element_type"`
	Page        int         `json:"page"`
	AX          float64     `json:"ax"`
	AY          float64     `json:"ay"`
	BX          float64     `json:"bx"`
	BY          float64     `json:"by"`
	// Signer is the 1-indexed signer (witness +100, approver +200); nil for
	// sender (admin) fields, as Legalesign reads them back. The spec
	// requires a number on every field written (PdfFieldsPost), so
	// ReplaceFields sends 1 for a sender field given none, as Legalesign's
	// official SDK does; the caller's values are not changed.
	Signer      *int             `json:"signer"`
	Align       *int             `json:"align,omitempty"` // 1 left, 2 middle, 3 right
	FieldOrder  *int             `json:"fieldorder,omitempty"`
	FontName    string           `json:"font_name,omitempty"`
	FontSize    int              `json:"font_size,omitempty"`
	HideBorder  bool             `json:"hide_border,omitempty"`
	Label       string           `json:"label,omitempty"`
	LabelExtra  string           `json:"label_extra,omitempty"`
	LogicAction *int             `json:"logic_action,omitempty"` // 1 radio group, 2 sum, 3 conditional
	LogicGroup  string           `json:"logic_group,omitempty"`
	MapTo       string           `json:"map_to,omitempty"`
	Optional    bool             `json:"optional,omitempty"`
	Options     FlexString       `json:"options,omitempty"`
	Substantive bool             `json:"substantive,omitempty"`
	Validation  *FieldValidation `json:"validation,omitempty"`
	Value       FlexString       `json:"value,omitempty"`
}

// Fields returns a PDF template's fields. GET /templatepdf/{id}/fields/
func (s *TemplatePDFsService) Fields(ctx context.Context, id string) ([]*PDFField, *Response, error) {
	p, err := pathOf("templatepdf/%s/fields/", id)
	if err != nil {
		return nil, nil, err
	}
	return getArray[*PDFField](ctx, s.client, p)
}

// ReplaceFields replaces every field of a PDF template.
// POST /templatepdf/{id}/fields/
func (s *TemplatePDFsService) ReplaceFields(ctx context.Context, id string, fields []*PDFField) (*Response, error) {
	p, err := pathOf("templatepdf/%s/fields/", id)
	if err != nil {
		return nil, err
	}
	if fields == nil {
		fields = []*PDFField{}
	}
	sent := fields
	for i, f := range fields {
		if f == nil {
			return nil, invalidArg("fields", "field %d is nil", i)
		}
		if f.ElementType == ElementAdmin && f.Signer == nil {
			// PdfFieldsPost requires a signer number on every field, and
			// Legalesign's own SDK sends one for sender fields too.
			if &sent[0] == &fields[0] {
				sent = slices.Clone(fields)
			}
			g := *f
			g.Signer = Int(1)
			sent[i] = &g
		}
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, p, nil, sent)
	return resp, err
}

// ConvertTags turns the text tags in the PDF into fields.
// POST /templatepdf/{id}/tags/
func (s *TemplatePDFsService) ConvertTags(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("templatepdf/%s/tags/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, p, nil, nil)
	return resp, err
}

// EditLinkOptions tunes TemplatePDFs.EditLink.
type EditLinkOptions struct {
	// HideSenderFields hides sender fields from the rendered page.
	HideSenderFields bool
	// BackgroundColor is a hex colour without '#', e.g. "f0f0f0".
	BackgroundColor string
}

// EditLink returns a one-use link to embed the PDF field editor, read from
// the Location header of the 201 answer. GET /templatepdf/{id}/edit-link/
func (s *TemplatePDFsService) EditLink(ctx context.Context, id string, opts *EditLinkOptions) (string, *Response, error) {
	p, err := pathOf("templatepdf/%s/edit-link/", id)
	if err != nil {
		return "", nil, err
	}
	q := url.Values{}
	if opts != nil {
		if opts.HideSenderFields {
			q.Set("hide_sender_fields", "true")
		}
		if c := strings.TrimPrefix(strings.TrimSpace(opts.BackgroundColor), "#"); c != "" {
			q.Set("css_body_backgroundcolor", c)
		}
	}
	return s.client.location(ctx, &rest.Request{Method: http.MethodGet, Path: p, Query: q})
}

// Archive delists a PDF template. POST /templatepdf/{id}/archive/
func (s *TemplatePDFsService) Archive(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("templatepdf/%s/archive/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, p, nil, nil)
	return resp, err
}

// Delete permanently deletes a PDF template's data and files. A 200 answer
// (instead of 204) is returned as a *DeletionRefusedError.
// DELETE /templatepdf/{id}/delete/
func (s *TemplatePDFsService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("templatepdf/%s/delete/", id)
	if err != nil {
		return nil, err
	}
	return s.client.permanentDelete(ctx, p, ResourceTemplatePDF, id)
}
