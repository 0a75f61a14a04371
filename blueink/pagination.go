package blueink

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// PaginationHeader is the response header BlueInk uses for list pagination:
// "page,total_pages,per_page,total_results".
const PaginationHeader = "X-Blueink-Pagination"

// MaxPerPage is the largest page size BlueInk accepts.
const MaxPerPage = 100

// maxPaginationHeaderLen bounds the header we are willing to parse; four
// nine-digit numbers and separators fit well within it.
const maxPaginationHeaderLen = 64

// maxPaginationValue bounds each number (a billion results is far beyond any
// account) so arithmetic on the values can never overflow.
const maxPaginationValue = 999_999_999

// ParsePagination reads the X-Blueink-Pagination header
// ("page,total_pages,per_page,total_results"), matching the header name
// case-insensitively. It returns nil when the header is absent or malformed
// (wrong field count, non-digits, out-of-range or inconsistent values), so a
// bad header ends iteration instead of looping.
func ParsePagination(h http.Header) *Pagination {
	v := headerValue(h, PaginationHeader)
	if v == "" || len(v) > maxPaginationHeaderLen {
		return nil
	}
	var n [4]int
	remain := v
	for i := range n {
		var field string
		if i < 3 {
			j := strings.IndexByte(remain, ',')
			if j < 0 {
				return nil
			}
			field, remain = remain[:j], remain[j+1:]
		} else {
			if strings.IndexByte(remain, ',') >= 0 {
				return nil
			}
			field = remain
		}
		x, ok := parseBoundedUint(strings.TrimSpace(field))
		if !ok {
			return nil
		}
		n[i] = x
	}
	p := &Pagination{Page: n[0], TotalPages: n[1], PerPage: n[2], TotalResults: n[3]}
	if p.Page < 1 || p.PerPage < 1 {
		return nil
	}
	return p
}

// headerValue returns the first value of name, compared case-insensitively
// (http.Header canonicalizes keys it sets itself, but maps built by hand or
// by other libraries may not be canonical).
func headerValue(h http.Header, name string) string {
	if vs := h[http.CanonicalHeaderKey(name)]; len(vs) > 0 {
		return strings.TrimSpace(vs[0])
	}
	for k, vs := range h {
		if len(vs) > 0 && strings.EqualFold(k, name) {
			return strings.TrimSpace(vs[0])
		}
	}
	return ""
}

func parseBoundedUint(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= maxPaginationValue
}

// ListOptions selects one page of a list. Zero values use the server
// defaults (page 1, 50 per page).
type ListOptions struct {
	// Page is the 1-based page number.
	Page int `url:"page,omitempty"`
	// PerPage is the page size, at most 100.
	PerPage int `url:"per_page,omitempty"`
}

func (o *ListOptions) validate() error {
	if o == nil {
		return nil
	}
	if o.Page < 0 {
		return invalidArg("page", "%d is negative", o.Page)
	}
	if o.PerPage < 0 || o.PerPage > MaxPerPage {
		return invalidArg("per_page", "%d is outside 1..%d", o.PerPage, MaxPerPage)
	}
	return nil
}

// startPage is the page the caller asked for (0 when unset).
func (o *ListOptions) startPage() int {
	if o == nil {
		return 0
	}
	return o.Page
}

// iterate is the pager helper: rest.Iterate for BlueInk lists, with one
// more way to end: a 404 for a page after the first means the list ended
// while it was being walked. BlueInk (Django REST framework) answers
// "Invalid page." with 404 for a page past the last, which happens when
// items are deleted between two page requests; the iterator then stops
// without an error. A 404 for the first page is still yielded.
func iterate[T any](ctx context.Context, s *service, fetch rest.PageFunc[T]) iter.Seq2[T, error] {
	return rest.Iterate(ctx, s.client.rc, func(ctx context.Context, prev *Pagination) ([]T, *Response, error) {
		items, resp, err := fetch(ctx, prev)
		if err != nil && prev != nil && errors.Is(err, ErrNotFound) {
			return nil, nil, nil
		}
		return items, resp, err
	})
}
