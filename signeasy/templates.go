package signeasy

import (
	"context"
	"iter"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

// TemplatesService handles templates: reusable documents with roles and
// merge fields.
type TemplatesService service

// Template is a reusable document.
type Template struct {
	ID           int64             `json:"id"`
	Name         string            `json:"name"`
	Message      string            `json:"message"`
	IsOrdered    Bool              `json:"is_ordered"`
	IsOwned      Bool              `json:"is_owned"`
	IsShared     Bool              `json:"is_shared"`
	CreatedTime  Time              `json:"created_time"`
	ModifiedTime Time              `json:"modified_time"`
	Metadata     *TemplateMetadata `json:"metadata,omitempty"`
}

// TemplateMetadata lists a template's roles and fields.
type TemplateMetadata struct {
	Roles  []TemplateRole  `json:"roles"`
	Fields []TemplateField `json:"fields"`
}

// TemplateRole is a signer role of a template; envelopes map recipients to
// roles with RoleMapping.
type TemplateRole struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Color  string  `json:"color,omitempty"`
	Fields []int64 `json:"fields,omitempty"`
}

// TemplateField is a field placed on a template.
type TemplateField struct {
	ID       int64  `json:"id"`
	RoleID   int64  `json:"role_id"`
	Type     string `json:"type"`
	SubType  string `json:"sub_type,omitempty"`
	Required Bool   `json:"required"`
}

// List returns every template: GET /template/ (not paginated; path not
// confirmed on a Signeasy page; see the package doc).
func (s *TemplatesService) List(ctx context.Context) ([]*Template, *Response, error) {
	return do[list[Template]](ctx, s.client, http.MethodGet, "template/", nil)
}

// All iterates every template, stopping at the first error.
func (s *TemplatesService) All(ctx context.Context) iter.Seq2[*Template, error] {
	return iterate[Template](ctx, s.client, "template/")
}

// Get fetches one template: GET /template/{id} (no trailing slash: the
// only evidence, v3 code and a recorded v2 answer, has none; not confirmed
// on a Signeasy page, see the package doc).
func (s *TemplatesService) Get(ctx context.Context, id int64) (*Template, *Response, error) {
	path, err := pathOf("template/%s", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Template](ctx, s.client, http.MethodGet, path, nil)
}

// Delete deletes a template: DELETE /template/{id} (no trailing slash: the
// only v3 evidence has none; not confirmed on a Signeasy page, see the
// package doc).
func (s *TemplatesService) Delete(ctx context.Context, id int64) (*Response, error) {
	path, err := pathOf("template/%s", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, path, nil)
	return resp, err
}
