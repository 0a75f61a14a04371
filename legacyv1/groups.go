package legacyv1

import (
	"cmp"
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// GroupsService manages groups (teams), which contain everything (/group/).
type GroupsService service

// Group is a group (GroupResponse; list items carry a subset).
type Group struct {
	ResourceURI        string   `json:"resource_uri"`
	Slug               string   `json:"slug"`
	Name               string   `json:"name"`
	PublicName         string   `json:"public_name"`
	User               string   `json:"user"`
	IsActive           bool     `json:"is_active"`
	Members            []string `json:"members"`
	DefaultEmail       string   `json:"default_email"`
	DefaultExtraEmail  string   `json:"default_extraemail"`
	Footer             string   `json:"footer"`
	FooterHeight       *int     `json:"footer_height"`
	Header             string   `json:"header"`
	PageSize           int      `json:"pagesize"`
	XFrameAllow        bool     `json:"xframe_allow"`
	XFrameAllowPDFEdit bool     `json:"xframe_allow_pdf_edit"`
	Created            Time     `json:"created"`
	Modified           Time     `json:"modified"`
}

// List returns one page of the groups the API user belongs to. GET /group/
func (s *GroupsService) List(ctx context.Context, opts *ListOptions) ([]*Group, *Response, error) {
	q := url.Values{}
	if opts != nil {
		opts.apply(q)
	}
	return getList[*Group](ctx, s.client, "group/", q)
}

// All iterates over every group; opts is never modified.
func (s *GroupsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Group, error] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return iterate(ctx, s.client, o.Offset, func(ctx context.Context, offset int) ([]*Group, *Response, error) {
		page := o
		page.Offset = offset
		return s.List(ctx, &page)
	})
}

// Get returns a group by slug (a resource URI is accepted too).
// GET /group/{slug}/
func (s *GroupsService) Get(ctx context.Context, slug string) (*Group, *Response, error) {
	p, err := pathOf("group/%s/", IDFromURI(slug))
	if err != nil {
		return nil, nil, err
	}
	return do[*Group](ctx, s.client, http.MethodGet, p, nil, nil)
}

// GroupCreateRequest is the body of POST /group/.
type GroupCreateRequest struct {
	Name string `json:"name"` // 4 to 60 characters
	// XFrameAllow allows embedding the signing page.
	XFrameAllow bool `json:"xframe_allow,omitempty"`
}

// Create creates a group and returns its slug as Created.ID (from the
// Location header; when the answer has none, the one group of that name
// created since the request was sent is looked up and resp.Recovered is
// set, see CreateLookupSkew). POST /group/
func (s *GroupsService) Create(ctx context.Context, req *GroupCreateRequest) (*Created, *Response, error) {
	if req == nil || strings.TrimSpace(req.Name) == "" {
		return nil, nil, invalidArg("name", "must not be empty")
	}
	name := strings.TrimSpace(req.Name)
	return s.client.create(ctx, "group/", ResourceGroup, req, func(ctx context.Context, since time.Time) (*Created, error) {
		return findCreated(since, s.All(ctx, &ListOptions{Limit: findPageSize}),
			func(g *Group) bool { return strings.TrimSpace(g.Name) == name },
			func(g *Group) time.Time { return g.Created.Time },
			func(g *Group) string { return cmp.Or(g.ResourceURI, GroupURI(g.Slug)) })
	})
}

// GroupUpdateRequest is the body of PATCH /group/{slug}/.
type GroupUpdateRequest struct {
	PublicName string `json:"public_name,omitempty"`
}

// Update changes a group. PATCH /group/{slug}/
func (s *GroupsService) Update(ctx context.Context, slug string, req *GroupUpdateRequest) (*Response, error) {
	p, err := pathOf("group/%s/", IDFromURI(slug))
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, invalidArg("request", "must not be nil")
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPatch, p, nil, req)
	return resp, err
}
