package legacyv1

import (
	"cmp"
	"context"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// TemplatesService manages text/HTML templates (/template/). To send HTML
// directly, use DocumentCreateRequest.Text instead.
type TemplatesService service

// Template is a text/HTML template (TemplateResponse; LatestText only in Get).
type Template struct {
	UUID        string `json:"uuid"`
	ResourceURI string `json:"resource_uri"`
	Title       string `json:"title"`
	Group       string `json:"group"`
	User        string `json:"user"`
	Archive     bool   `json:"archive"`
	HasFields   bool   `json:"has_fields"`
	SigneeCount int    `json:"signee_count"`
	LatestText  string `json:"latest_text"`
	Created     Time   `json:"created"`
	Modified    Time   `json:"modified"`
}

// List returns one page of text templates. GET /template/
func (s *TemplatesService) List(ctx context.Context, opts *TemplateListOptions) ([]*Template, *Response, error) {
	return getList[*Template](ctx, s.client, "template/", opts.values())
}

// All iterates over every text template; opts is never modified.
func (s *TemplatesService) All(ctx context.Context, opts *TemplateListOptions) iter.Seq2[*Template, error] {
	var o TemplateListOptions
	if opts != nil {
		o = *opts
	}
	return iterate(ctx, s.client, o.Offset, func(ctx context.Context, offset int) ([]*Template, *Response, error) {
		page := o
		page.Offset = offset
		return s.List(ctx, &page)
	})
}

// TemplateCreateRequest is the body of POST /template/ (TemplatePost).
type TemplateCreateRequest struct {
	Title      string `json:"title"`
	Group      string `json:"group"` // slug or resource URI
	LatestText string `json:"latest_text"`
	User       string `json:"user,omitempty"` // id or resource URI
}

// Create creates a text template and returns its id (from the Location
// header; when the answer has none, the group's one template of that title
// created since the request was sent is looked up and resp.Recovered is
// set, see CreateLookupSkew). POST /template/
func (s *TemplatesService) Create(ctx context.Context, req *TemplateCreateRequest) (*Created, *Response, error) {
	switch {
	case req == nil || strings.TrimSpace(req.Title) == "":
		return nil, nil, invalidArg("title", "must not be empty")
	case strings.TrimSpace(req.Group) == "":
		return nil, nil, invalidArg("group", "must not be empty")
	case req.LatestText == "":
		return nil, nil, invalidArg("latest_text", "must not be empty")
	}
	body := *req
	body.Group = ref(ResourceGroup, req.Group)
	body.User = ref(ResourceUser, req.User)
	group, title := IDFromURI(body.Group), strings.TrimSpace(req.Title)
	return s.client.create(ctx, "template/", ResourceTemplate, &body, func(ctx context.Context, since time.Time) (*Created, error) {
		return findCreated(since, s.All(ctx, &TemplateListOptions{Group: group, ListOptions: ListOptions{Limit: findPageSize}}),
			func(t *Template) bool { return strings.TrimSpace(t.Title) == title },
			func(t *Template) time.Time { return t.Created.Time },
			func(t *Template) string { return cmp.Or(t.ResourceURI, TemplateURI(t.UUID)) })
	})
}

// Get returns a text template with its text. GET /template/{id}/
func (s *TemplatesService) Get(ctx context.Context, id string) (*Template, *Response, error) {
	p, err := pathOf("template/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Template](ctx, s.client, http.MethodGet, p, nil, nil)
}

// TemplateUpdateRequest holds the fields to change; empty fields are not sent.
type TemplateUpdateRequest struct {
	Title      string `json:"title,omitempty"`
	LatestText string `json:"latest_text,omitempty"`
}

// Update changes a text template. PATCH /template/{id}/
func (s *TemplatesService) Update(ctx context.Context, id string, req *TemplateUpdateRequest) (*Response, error) {
	p, err := pathOf("template/%s/", id)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, invalidArg("request", "must not be nil")
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPatch, p, nil, req)
	return resp, err
}

// Archive archives a text template (recoverable). DELETE /template/{id}/
func (s *TemplatesService) Archive(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("template/%s/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, p, nil, nil)
	return resp, err
}
