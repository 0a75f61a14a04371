package blueink

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// PaginationHeader is the response header BlueInk uses for list pagination:
// "page,total_pages,per_page,total_results". BlueInk's API reference and
// every official client read it.
const PaginationHeader = "X-Blueink-Pagination"

// NextHeader is the response header the 2.2.3 spec declares on the bundle
// list instead: "a link to the next page of responses", absent (or empty)
// on the last page. ParsePagination reads both.
const NextHeader = "X-Next"

// maxNextLen bounds the x-next link we keep.
const maxNextLen = 2048

// MaxPerPage is the largest page size BlueInk accepts.
const MaxPerPage = 100

// maxPaginationHeaderLen bounds the header we are willing to parse; four
// nine-digit numbers and separators fit well within it.
const maxPaginationHeaderLen = 64

// maxPaginationValue bounds each number (a billion results is far beyond any
// account) so arithmetic on the values can never overflow.
const maxPaginationValue = 999_999_999

// ParsePagination reads a list answer's pagination headers, matching
// their names case-insensitively: X-Blueink-Pagination
// ("page,total_pages,per_page,total_results": Page, TotalPages, PerPage,
// TotalResults) and the spec's x-next link (Next). It returns nil when
// neither is usable. A malformed X-Blueink-Pagination (wrong field count,
// non-digits, out-of-range or inconsistent values) is ignored, and an
// x-next that is not a URL (or is "null", "None") too: a bad header never
// makes an iterator loop (on the first page it ends the iteration; on a
// later one, after a page that counted the pages, the iterator yields a
// *DecodeError). When both are present the page numbers decide whether
// another page exists.
func ParsePagination(h http.Header) *Pagination {
	p := parseCounts(headerValue(h, PaginationHeader))
	next := parseNext(headerValue(h, NextHeader))
	switch {
	case p == nil && next == "":
		return nil
	case p == nil:
		return &Pagination{Next: next}
	}
	p.Next = next
	return p
}

// parseCounts parses an X-Blueink-Pagination value (nil when malformed).
func parseCounts(v string) *Pagination {
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

// parseNext returns an x-next link, or "" when it is absent, too long, a
// null written as text, or not an http(s) or relative URL.
func parseNext(v string) string {
	if v == "" || len(v) > maxNextLen || strings.EqualFold(v, "null") || v == "None" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return v
}

// pageOf returns the page query parameter of a next link.
func pageOf(link string) (int, bool) {
	u, err := url.Parse(link)
	if err != nil {
		return 0, false
	}
	n, ok := parseBoundedUint(u.Query().Get("page"))
	return n, ok && n >= 1
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

// listOptions makes ListOptions a pageable options type itself (Templates
// and EnvelopeTemplates take it as it is).
func (o *ListOptions) listOptions() *ListOptions { return o }

// startPage is the page the caller asked for (0 when unset).
func (o *ListOptions) startPage() int {
	if o == nil {
		return 0
	}
	return o.Page
}

// iterate is the pager helper: rest.Iterate over BlueInk's page-numbered
// lists, from page start (1 when unset). fetch gets the page to request.
// The page after one is the next page number when the answer carried
// X-Blueink-Pagination, otherwise the page of its x-next link (or the next
// number when the link names none).
//
// A 404 for a later page is yielded like any error. A later page is only
// asked for when the page before announced it (page 1 of 5, or an x-next
// link), so the 404 means the listing ended early: BlueInk (Django REST
// framework) answers "Invalid page." for a page past the last, which
// happens when items are deleted while the list is walked. Stopping
// quietly would hide the items that moved onto pages already read.
func iterate[T any](ctx context.Context, s *service, start int, fetch func(ctx context.Context, page int) ([]T, *Response, error)) iter.Seq2[T, error] {
	return rest.Iterate(ctx, s.client.rc, func(ctx context.Context, prev *Pagination) ([]T, *Response, error) {
		page := nextPage(prev, start)
		items, resp, err := fetch(ctx, page)
		if resp != nil && resp.Pagination != nil && resp.Pagination.Page == 0 {
			// An x-next link alone: this was the page requested.
			p := *resp.Pagination
			p.Page = page
			resp.Pagination = &p
		}
		return items, resp, err
	})
}

// pageable is an options type whose embedded ListOptions selects a page.
type pageable[O any] interface {
	*O
	listOptions() *ListOptions
}

// pages is the All of a list method: every item of every page list
// returns, starting at opts.Page, each page requested with a copy of opts
// (never modified) at its page number.
func pages[O any, P pageable[O], T any](ctx context.Context, s *service, opts P, list func(context.Context, P) ([]T, *Response, error)) iter.Seq2[T, error] {
	return iterate(ctx, s, opts.listOptions().startPage(), func(ctx context.Context, page int) ([]T, *Response, error) {
		var o O
		if opts != nil {
			o = *opts
		}
		P(&o).listOptions().Page = page
		return list(ctx, &o)
	})
}

// nextPage is the page to request after prev (start, or 1, first).
func nextPage(prev *Pagination, start int) int {
	if prev == nil {
		return max(start, 1)
	}
	if prev.TotalPages == 0 && prev.Next != "" {
		if n, ok := pageOf(prev.Next); ok && n > prev.Page {
			return n
		}
	}
	return prev.Page + 1
}
