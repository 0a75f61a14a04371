package rest

import (
	"context"
	"fmt"
	"iter"
	"strconv"
)

// Pagination is what a list response says about its position. Page-based
// providers (BlueInk, Zigned) fill Page/PerPage/TotalPages/TotalResults;
// offset-based ones (Legalesign) fill Offset/Limit/TotalResults/Next.
type Pagination struct {
	Page         int
	PerPage      int
	TotalPages   int
	TotalResults int

	Offset int
	Limit  int
	Next   string // the next page's URI, empty on the last page
}

// HasNext reports whether another page exists according to p: page-based
// (Page < TotalPages when TotalPages is known), link-based (Next set) or
// offset-based (Offset+Limit < TotalResults).
func (p *Pagination) HasNext() bool {
	switch {
	case p == nil:
		return false
	case p.Page > 0 && p.TotalPages > 0:
		return p.Page < p.TotalPages
	case p.Next != "":
		return true
	case p.Limit > 0 && p.TotalResults > 0:
		return p.Offset+p.Limit < p.TotalResults
	}
	return false
}

// after reports whether p is strictly past prev (a progress guard): a higher
// page number, a higher offset, or (when neither is known) another Next link.
func (p *Pagination) after(prev *Pagination) bool {
	switch {
	case prev == nil:
		return true
	case p.Page > 0 || prev.Page > 0:
		return p.Page > prev.Page
	case p.Offset > 0 || prev.Offset > 0:
		return p.Offset > prev.Offset
	}
	return p.Next != "" && p.Next != prev.Next
}

// PageFunc fetches one page. prev is nil for the first page, otherwise the
// pagination of the page before; the function builds its own request from a
// copy of the caller's options (never mutating them).
type PageFunc[T any] func(ctx context.Context, prev *Pagination) ([]T, *Response, error)

// Iterate returns an iterator over every item of every page. It yields an
// error at most once and then stops; it stops when the consumer breaks, on
// the last page, and when a response carries no pagination. It never ends
// silently when pages stop advancing: a page that announces another one
// but is empty, is not past the page before (the same page number, offset
// or next link again), or sends a next link already followed (a cycle such
// as a, b, a) ends the iteration with an error matching
// ErrPaginationStalled; a page without readable pagination after a page
// that counted the pages (page 1 of 5) ends it with a *DecodeError. Errors from fetch are yielded as they are; the
// others name c's provider. The iterator has no Response to list a page's
// DecodeIssues on: they reach the client's logger (one warning per page),
// and with strict decoding the page's *DecodeError is yielded.
func Iterate[T any](ctx context.Context, c *Client, fetch PageFunc[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		var prev *Pagination
		var followed map[string]bool // Next links already followed
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, c.errorf(err, "%v", err))
				return
			}
			items, resp, err := fetch(ctx, prev)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if prev != nil && prev.TotalPages > 0 && (resp == nil || resp.Pagination == nil) {
				yield(zero, c.lostPagination(resp, prev))
				return
			}
			if resp == nil || resp.Pagination == nil || !resp.Pagination.HasNext() {
				return
			}
			p := resp.Pagination
			var stalled string
			switch {
			case len(items) == 0:
				stalled = "an empty page announces another one"
			case !p.after(prev):
				stalled = "the page after " + p.position(prev) + " is the same page again"
			case p.Next != "" && followed[p.Next]:
				stalled = "the next link " + p.Next + " was already followed (a cycle)"
			}
			if stalled != "" {
				yield(zero, c.PaginationStalled(stalled))
				return
			}
			if p.Next != "" {
				if followed == nil {
					followed = map[string]bool{}
				}
				followed[p.Next] = true
			}
			prev = p
		}
	}
}

// PaginationStalled returns the client's error for an iteration that
// cannot go on although items are missing (why says what the provider
// sent): it reads "<provider>: pagination stalled: why; items may be
// missing" and matches ErrPaginationStalled. It is for a provider's pager
// helper that sees what Iterate cannot.
func (c *Client) PaginationStalled(why string) error {
	return c.errorf(ErrPaginationStalled, "%v: %s; items may be missing", ErrPaginationStalled, why)
}

// lostPagination is the error of a page that says nothing about its
// position (no pagination, or pagination too malformed to read) although
// the page before counted the pages: the iteration cannot tell whether it
// is over, so it does not end quietly. It is a *DecodeError: the answer was
// a success the client could not read.
func (c *Client) lostPagination(resp *Response, prev *Pagination) error {
	e := &DecodeError{Err: fmt.Errorf("the page after page %d of %d carries no readable pagination; items may be missing", prev.Page, prev.TotalPages)}
	if resp != nil && resp.Response != nil && resp.Request != nil {
		e.Method, e.URL = resp.Request.Method, c.red.URL(resp.Request.URL)
	}
	return c.conv(e)
}

// position describes where prev was, for a stalled-pagination error.
func (p *Pagination) position(prev *Pagination) string {
	switch {
	case prev == nil:
		return "the first"
	case prev.Page > 0:
		return "page " + strconv.Itoa(prev.Page)
	case prev.Offset > 0 || p.Offset > 0 || prev.Limit > 0:
		return "offset " + strconv.Itoa(prev.Offset)
	}
	return "the one at " + prev.Next
}

// NextPage returns the page number to request after prev (1 when prev is nil),
// starting from start when the caller asked for a specific first page.
func NextPage(prev *Pagination, start int) int {
	if prev == nil {
		if start < 1 {
			return 1
		}
		return start
	}
	return prev.Page + 1
}
