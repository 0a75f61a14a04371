package blueink

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// TemplatesService reads, updates and deletes document templates, and
// opens embedded template preparation sessions.
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

// TemplatePreparationSessionRequest opens an embedded template preparation
// session, in which a user of your app creates or edits a document
// template in BlueInk's UI. With TemplateID it edits that template;
// without, it authors a new one (Team, Library and Metadata apply only
// then). The fields follow BlueInk's official .NET client; the 2.2.x
// reference does not document the operation.
type TemplatePreparationSessionRequest struct {
	// TemplateID is the template to edit; empty to create a new one.
	TemplateID string `json:"template_id,omitempty"`
	// RedirectURL is where the user goes when the session ends.
	RedirectURL string `json:"redirect_url,omitempty"`
	// Team assigns a new template to a team (its id).
	Team string `json:"team,omitempty"`
	// Library puts a new template into a library (its id).
	Library string `json:"library,omitempty"`
	// Metadata is developer-controlled metadata of a new template.
	Metadata map[string]any `json:"metadata,omitempty"`
	// AllowedDataFlowTags are the data-flow tags the user may place: exact
	// tag names or namespace prefixes like "acme:*". nil sends nothing
	// (BlueInk's default); an empty, non-nil slice allows no tags.
	AllowedDataFlowTags []string `json:"-"`
}

// MarshalJSON sends allowed_data_flow_tags when AllowedDataFlowTags is
// non-nil, as [] when it is empty.
func (r TemplatePreparationSessionRequest) MarshalJSON() ([]byte, error) {
	type plain TemplatePreparationSessionRequest
	if r.AllowedDataFlowTags == nil {
		return json.Marshal(plain(r))
	}
	return json.Marshal(struct {
		plain
		AllowedDataFlowTags []string `json:"allowed_data_flow_tags"`
	}{plain(r), r.AllowedDataFlowTags})
}

// EnvelopeTemplate is an envelope template. Its full schema is not
// published; the identifying fields are decoded.
type EnvelopeTemplate struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// List returns one page of document templates.
//
// BlueInk's answer is a JSON array of templates (its official clients page
// it like every list), but the 2.2.3 spec and the API reference's sample
// answer give one DocumentTemplate object: such an answer is a page of one
// template. null is an empty page.
func (s *TemplatesService) List(ctx context.Context, opts *ListOptions) ([]*Template, *Response, error) {
	if err := opts.validate(); err != nil {
		return nil, nil, err
	}
	return do[templateList](ctx, (*service)(s), http.MethodGet, "templates/", opts, nil)
}

// templateList is the answer of GET /templates/: an array of templates, or
// one template object.
type templateList []*Template

// DecodeItems implements rest.ItemsDecoder.
func (l *templateList) DecodeItems(dec *rest.Decoder, max int) error {
	a := templatesAnswer{max: max}
	if err := dec.Decode(&a); err != nil {
		return err
	}
	*l = a.items
	return nil
}

// templatesAnswer decodes the answer's one value: an array item by item (at
// most max, rest.DefaultMaxPageItems when unset), an object as a list of
// one, null as none. A value that does not decode is listed as in any
// answer (the tolerant decoder's Unmarshaler).
type templatesAnswer struct {
	max   int
	items []*Template
}

// UnmarshalJSON decodes the answer strictly.
func (a *templatesAnswer) UnmarshalJSON(b []byte) error {
	issues, err := a.decode(b, tolerant.Options{})
	if err == nil && len(issues) > 0 {
		err = &tolerant.StrictError{Issues: issues}
	}
	return err
}

// UnmarshalJSONTolerant decodes the answer, listing what does not decode.
func (a *templatesAnswer) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	return a.decode(b, opts)
}

func (a *templatesAnswer) decode(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var one Template
		issues, err := tolerant.Decode(t, &one, opts)
		if err != nil {
			return nil, err
		}
		a.items = []*Template{&one}
		return issues, nil
	}
	max := a.max
	if max <= 0 {
		max = rest.DefaultMaxPageItems
	}
	var items rest.Items[*Template]
	issues, err := rest.DecodeItemsFrom(b, &items, max)
	if err != nil {
		return nil, err
	}
	a.items = items
	return issues, nil
}

// All iterates over every document template (see BundlesService.All).
func (s *TemplatesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Template, error] {
	return pages(ctx, (*service)(s), opts, s.List)
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

// Delete deletes a document template (DELETE /templates/{id}/, 204).
// BlueInk disables the template and removes it from the account's
// libraries; a globally shared template cannot be deleted (403, matching
// ErrForbidden). From BlueInk's official JS client 1.4.0; the 2.2.x
// reference does not document it.
func (s *TemplatesService) Delete(ctx context.Context, id string) (*Response, error) {
	return del(ctx, (*service)(s), "templates/%s/", id)
}

// CreatePreparationSession opens an embedded template preparation session
// (POST /templates/preparation_session/) and returns its URL and expiry.
// From BlueInk's official JS (1.4.0) and .NET clients; the 2.2.x reference
// does not document it.
func (s *TemplatesService) CreatePreparationSession(ctx context.Context, req *TemplatePreparationSessionRequest) (*PreparationSession, *Response, error) {
	if req == nil {
		return nil, nil, invalidArg("template preparation session request", "must not be nil")
	}
	return do[*PreparationSession](ctx, (*service)(s), http.MethodPost, "templates/preparation_session/", nil, req)
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
	return pages(ctx, (*service)(s), opts, s.List)
}

// Get returns the envelope template with the given id.
func (s *EnvelopeTemplatesService) Get(ctx context.Context, id string) (*EnvelopeTemplate, *Response, error) {
	path, err := pathOf("envelope-templates/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*EnvelopeTemplate](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}
