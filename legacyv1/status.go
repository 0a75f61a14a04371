package legacyv1

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// StatusService is the short, fast status query of signing documents (/status/).
type StatusService service

// StatusSummary is a document's short status (StatusResponse).
//
// The spec types "status" with the signer status enum, but the resource
// reports a document (its example value is 10 and the path takes a document
// id), so it is decoded as a DocumentStatus; the raw number is kept intact.
type StatusSummary struct {
	ResourceURI   string         `json:"resource_uri"`
	Status        DocumentStatus `json:"status"`
	Archived      bool           `json:"archived"`
	DownloadFinal bool           `json:"download_final"`
	Tag           string         `json:"tag"`
	Tag1          string         `json:"tag1"`
	Tag2          string         `json:"tag2"`
}

// DocumentID returns the id of the status resource URI (the document id).
func (s *StatusSummary) DocumentID() string { return IDFromURI(s.ResourceURI) }

// StatusListOptions filters Status.List.
type StatusListOptions struct {
	// Filter is sent as is ("filter on archived status", per the spec).
	Filter string
	ListOptions
}

func (o *StatusListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if o.Filter != "" {
		q.Set("filter", o.Filter)
	}
	o.ListOptions.apply(q)
	return q
}

// List returns one page of document statuses. GET /status/
func (s *StatusService) List(ctx context.Context, opts *StatusListOptions) ([]*StatusSummary, *Response, error) {
	return getList[*StatusSummary](ctx, s.client, "status/", opts.values())
}

// All iterates over every document status; opts is never modified.
func (s *StatusService) All(ctx context.Context, opts *StatusListOptions) iter.Seq2[*StatusSummary, error] {
	var o StatusListOptions
	if opts != nil {
		o = *opts
	}
	return iterate(ctx, s.client, o.Offset, func(ctx context.Context, offset int) ([]*StatusSummary, *Response, error) {
		page := o
		page.Offset = offset
		return s.List(ctx, &page)
	})
}

// Get returns a document's short status. GET /status/{id}/
func (s *StatusService) Get(ctx context.Context, documentID string) (*StatusSummary, *Response, error) {
	p, err := pathOf("status/%s/", documentID)
	if err != nil {
		return nil, nil, err
	}
	return do[*StatusSummary](ctx, s.client, http.MethodGet, p, nil, nil)
}
