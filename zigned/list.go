package zigned

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// MaxPageSize is the largest page the API serves (query "limit").
const MaxPageSize = 100

// ListOptions are the paging parameters of /agreements, /files and /themes.
type ListOptions struct {
	// Limit is the page size, at most MaxPageSize (the API's default is 50).
	Limit int
	// Page is the 1-based page number (default 1). All starts from it.
	Page int
	// OrderBy sorts by creation date (the API's default is OrderDesc).
	OrderBy Order
}

// DateFilter restricts a list to items created in [StartDate, EndDate].
// Zero times are not sent. Values are sent in UTC as
// "2006-01-02T15:04:05.000Z" (JavaScript's toISOString, as the spec says).
type DateFilter struct {
	StartDate time.Time
	EndDate   time.Time
}

// isoTime formats t like JavaScript's Date.toISOString.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (o ListOptions) validate() error {
	if o.Limit < 0 || o.Limit > MaxPageSize {
		return invalidArg("limit", "must be between 1 and %d", MaxPageSize)
	}
	if o.Page < 0 {
		return invalidArg("page", "must not be negative")
	}
	switch o.OrderBy {
	case "", OrderAsc, OrderDesc:
	default:
		return invalidArg("order_by", "must be %q or %q", OrderAsc, OrderDesc)
	}
	return nil
}

// add writes the paging parameters, with page overriding o.Page when > 0.
func (o ListOptions) add(v url.Values, page int) {
	if o.Limit > 0 {
		v.Set("limit", strconv.Itoa(o.Limit))
	}
	if page <= 0 {
		page = o.Page
	}
	if page > 0 {
		v.Set("page", strconv.Itoa(page))
	}
	if o.OrderBy != "" {
		v.Set("order_by", string(o.OrderBy))
	}
}

func (d DateFilter) add(v url.Values) {
	if !d.StartDate.IsZero() {
		v.Set("start_date", isoTime(d.StartDate))
	}
	if !d.EndDate.IsZero() {
		v.Set("end_date", isoTime(d.EndDate))
	}
}

// iterate is the pager helper: it pages through a list endpoint with
// rest.Iterate. list is called with the page to fetch; it must build its
// query from a copy of the caller's options.
func iterate[T any](ctx context.Context, c *Client, start int, list func(ctx context.Context, page int) ([]*T, *Response, error)) iter.Seq2[*T, error] {
	return rest.Iterate(ctx, c.rc, func(ctx context.Context, prev *rest.Pagination) ([]*T, *rest.Response, error) {
		return list(ctx, rest.NextPage(prev, start))
	})
}

// all is the iterator of a list the API answers whole (result_type "list",
// no pagination): one request, through the pager helper.
func all[T any](ctx context.Context, c *Client, list func(ctx context.Context) ([]*T, *Response, error)) iter.Seq2[*T, error] {
	return iterate(ctx, c, 0, func(ctx context.Context, _ int) ([]*T, *Response, error) { return list(ctx) })
}
