package blueink

import (
	"context"
	"iter"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

// TemplatesService reads and updates document templates.
type TemplatesService service

// EnvelopeTemplatesService reads envelope templates: reusable sets of
// documents, roles and settings (see BundlesService.CreateFromEnvelopeTemplate).
type EnvelopeTemplatesService service

// Template is a document template.
type Template struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	IsShared bool   `json:"is_shared"`
	// FileURL is a pre-signed URL of the template's PDF.
	FileURL  string          `json:"file_url,omitempty"`
	Roles    []TemplateRole  `json:"roles,omitempty"`
	Fields   []TemplateField `json:"fields,omitempty"`
	Metadata map[string]any  `json:"metadata,omitempty"`
}

// TemplateRole is a signer role of a template; TemplateRequest assignments
// map roles to packets.
type TemplateRole struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"`
}

// TemplateField is a field of a template.
type TemplateField struct {
	Kind             FieldKind         `json:"kind"`
	Key              string            `json:"key,omitempty"`
	Label            string            `json:"label,omitempty"`
	Page             int               `json:"page,omitempty"`
	X                float64           `json:"x"`
	Y                float64           `json:"y"`
	W                float64           `json:"w"`
	H                float64           `json:"h"`
	Required         bool              `json:"required"`
	VPattern         ValidationPattern `json:"v_pattern,omitempty"`
	VMin             float64           `json:"v_min,omitempty"`
	VMax             float64           `json:"v_max,omitempty"`
	VAttachmentTypes []AttachmentType  `json:"v_attachment_types,omitempty"`
	DefaultValue     any               `json:"default_value,omitempty"`
	// EditorRoles are the role keys allowed to fill the field.
	EditorRoles []string `json:"editor_roles,omitempty"`
}

// TemplateUpdate changes a template's metadata (PATCH); zero fields are
// left unchanged.
type TemplateUpdate struct {
	Name     string         `json:"name,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
}

// EnvelopeTemplate is an envelope template. Its full schema is not
// published; the identifying fields are decoded.
type EnvelopeTemplate struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// List returns one page of document templates.
func (s *TemplatesService) List(ctx context.Context, opts *ListOptions) ([]*Template, *Response, error) {
	if err := opts.validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*Template]](ctx, (*service)(s), http.MethodGet, "templates/", opts, nil)
}

// All iterates over every document template (see BundlesService.All).
func (s *TemplatesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Template, error] {
	return iterate(ctx, (*service)(s), func(ctx context.Context, prev *Pagination) ([]*Template, *Response, error) {
		o := ListOptions{PerPage: perPageOf(opts), Page: rest.NextPage(prev, opts.startPage())}
		return s.List(ctx, &o)
	})
}

// Get returns the template with the given id.
func (s *TemplatesService) Get(ctx context.Context, id string) (*Template, *Response, error) {
	path, err := pathOf("templates/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Template](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

// Update changes a template's name or metadata (PATCH).
func (s *TemplatesService) Update(ctx context.Context, id string, upd *TemplateUpdate) (*Template, *Response, error) {
	if upd == nil {
		return nil, nil, invalidArg("template update", "must not be nil")
	}
	path, err := pathOf("templates/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Template](ctx, (*service)(s), http.MethodPatch, path, nil, upd)
}

// List returns one page of envelope templates.
func (s *EnvelopeTemplatesService) List(ctx context.Context, opts *ListOptions) ([]*EnvelopeTemplate, *Response, error) {
	if err := opts.validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*EnvelopeTemplate]](ctx, (*service)(s), http.MethodGet, "envelope-templates/", opts, nil)
}

// All iterates over every envelope template (see BundlesService.All).
func (s *EnvelopeTemplatesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*EnvelopeTemplate, error] {
	return iterate(ctx, (*service)(s), func(ctx context.Context, prev *Pagination) ([]*EnvelopeTemplate, *Response, error) {
		o := ListOptions{PerPage: perPageOf(opts), Page: rest.NextPage(prev, opts.startPage())}
		return s.List(ctx, &o)
	})
}

// Get returns the envelope template with the given id.
func (s *EnvelopeTemplatesService) Get(ctx context.Context, id string) (*EnvelopeTemplate, *Response, error) {
	path, err := pathOf("envelope-templates/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*EnvelopeTemplate](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

func perPageOf(o *ListOptions) int {
	if o == nil {
		return 0
	}
	return o.PerPage
}
