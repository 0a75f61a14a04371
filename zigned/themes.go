package zigned

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// ThemesService manages the account's themes: /themes.
type ThemesService service

// Theme is the theme resource (logo, icon and color of the signing room).
type Theme struct {
	ID           string         `json:"id"`
	ResourceType string         `json:"resource_type"`
	Logo         Relation[File] `json:"logo"`
	Icon         Relation[File] `json:"icon"`
	PrimaryColor string         `json:"primary_color,omitempty"`
	Metadata     FileMetadata   `json:"metadata"`
	CreatedAt    Time           `json:"created_at"`
	UpdatedAt    Time           `json:"updated_at"`
}

// ThemeRequest is the body of POST /themes (logo and icon are required) and
// PUT /themes/{id} (every field optional).
type ThemeRequest struct {
	PrimaryColor string `json:"primary_color,omitempty"` // e.g. "#000000"
	LogoFileID   string `json:"logo_file_id,omitempty"`
	IconFileID   string `json:"icon_file_id,omitempty"`
	LookupKey    string `json:"lookup_key,omitempty"`
}

// ThemeListOptions filter GET /themes.
type ThemeListOptions struct {
	ListOptions
	DateFilter
	LookupKey string
}

func (o *ThemeListOptions) values(page int) (url.Values, error) {
	var opts ThemeListOptions
	if o != nil {
		opts = *o
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	v := url.Values{}
	opts.ListOptions.add(v, page)
	opts.DateFilter.add(v)
	if opts.LookupKey != "" {
		v.Set("lookup_key", opts.LookupKey)
	}
	return v, nil
}

// List returns one page of themes.
func (s *ThemesService) List(ctx context.Context, opts *ThemeListOptions) ([]*Theme, *Response, error) {
	return s.list(ctx, opts, 0)
}

func (s *ThemesService) list(ctx context.Context, opts *ThemeListOptions, page int) ([]*Theme, *Response, error) {
	q, err := opts.values(page)
	if err != nil {
		return nil, nil, err
	}
	return do[items[Theme]](ctx, s.client, http.MethodGet, "themes", q, nil)
}

// All iterates over every theme matching opts, starting at opts.Page.
func (s *ThemesService) All(ctx context.Context, opts *ThemeListOptions) iter.Seq2[*Theme, error] {
	var start int
	if opts != nil {
		start = opts.Page
	}
	return iterate(ctx, s.client, start, func(ctx context.Context, page int) ([]*Theme, *Response, error) {
		return s.list(ctx, opts, page)
	})
}

// Create creates a theme from uploaded logo and icon files.
func (s *ThemesService) Create(ctx context.Context, req *ThemeRequest) (*Theme, *Response, error) {
	if req == nil {
		return nil, nil, invalidArg("theme", "must not be nil")
	}
	if err := requireID("logo_file_id", req.LogoFileID); err != nil {
		return nil, nil, err
	}
	if err := requireID("icon_file_id", req.IconFileID); err != nil {
		return nil, nil, err
	}
	return do[*Theme](ctx, s.client, http.MethodPost, "themes", nil, req)
}

// Get returns a theme.
func (s *ThemesService) Get(ctx context.Context, id string) (*Theme, *Response, error) {
	p, err := pathOf("themes/%s", []string{"theme ID"}, id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Theme](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Update changes a theme.
func (s *ThemesService) Update(ctx context.Context, id string, req *ThemeRequest) (*Theme, *Response, error) {
	p, err := pathOf("themes/%s", []string{"theme ID"}, id)
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalidArg("update", "must not be nil")
	}
	return do[*Theme](ctx, s.client, http.MethodPut, p, nil, req)
}

// Delete deletes a theme and returns it as it was.
func (s *ThemesService) Delete(ctx context.Context, id string) (*Theme, *Response, error) {
	p, err := pathOf("themes/%s", []string{"theme ID"}, id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Theme](ctx, s.client, http.MethodDelete, p, nil, nil)
}
