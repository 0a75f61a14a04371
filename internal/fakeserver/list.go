package fakeserver

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// Shape wraps the answers about one resource: created, fetched or updated
// (One) and deleted (Deleted).
type Shape interface {
	One(c *Call, status int, resource string, v any) Reply
	Deleted(c *Call, resource string, v any) Reply
}

// Lister answers a list: it reads the paging parameters of the query, cuts
// items (already filtered and ordered, rendered) and writes the page in the
// provider's shape. A malformed paging parameter is an error reply.
type Lister interface {
	List(c *Call, resource string, items []any) Reply
}

// Plain is the shape of most APIs: the resource itself; a delete answers
// 204 with no body.
type Plain struct{}

// One answers v.
func (Plain) One(_ *Call, status int, _ string, v any) Reply { return JSON(status, v) }

// Deleted answers 204 without a body.
func (Plain) Deleted(*Call, string, any) Reply { return Reply{Status: http.StatusNoContent} }

// Bare lists as a bare JSON array, everything at once (Signeasy templates).
type Bare struct{}

// List answers the items as an array.
func (Bare) List(_ *Call, _ string, items []any) Reply { return JSON(http.StatusOK, nonNil(items)) }

// CountFiles lists as {"count": n, "files": [...]}, everything at once
// (Signeasy originals and envelopes).
type CountFiles struct{}

// List answers {"count", "files"}.
func (CountFiles) List(_ *Call, _ string, items []any) Reply {
	return JSON(http.StatusOK, map[string]any{"count": len(items), "files": nonNil(items)})
}

func nonNil(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// Envelope is Zigned's v3 shape: every answer is {"version",
// "result_type", "resource_type", "data"}, result_type "single", "list"
// or "deleted" (a delete answers 200 with the object as it was).
type Envelope struct{ Version string }

// Wrap returns the envelope of data.
func (e Envelope) Wrap(resultType, resource string, data any) map[string]any {
	v := e.Version
	if v == "" {
		v = "1.0"
	}
	return map[string]any{"version": v, "result_type": resultType, "resource_type": resource, "data": data}
}

// One answers a "single" envelope.
func (e Envelope) One(_ *Call, status int, resource string, v any) Reply {
	return JSON(status, e.Wrap("single", resource, v))
}

// Deleted answers a "deleted" envelope with the object as it was.
func (e Envelope) Deleted(_ *Call, resource string, v any) Reply {
	return JSON(http.StatusOK, e.Wrap("deleted", resource, v))
}

// List answers a "list" envelope, everything at once.
func (e Envelope) List(_ *Call, resource string, items []any) Reply {
	return JSON(http.StatusOK, e.Wrap("list", resource, nonNil(items)))
}

// EnvelopePages is Zigned's paginated list: query limit (1..Max, default
// Default), page (from 1) and order_by (asc or desc by creation, default
// desc); the answer is a "paginated_list" envelope with
// "pagination": {limit, total_pages, page, total_results}.
type EnvelopePages struct {
	Envelope
	Default, Max int
}

// List answers one page.
func (p EnvelopePages) List(c *Call, resource string, items []any) Reply {
	limit, e := intParam(c, "limit", p.Default, 1, p.Max)
	if e != nil {
		return e.Reply()
	}
	page, e := intParam(c, "page", 1, 1, 0)
	if e != nil {
		return e.Reply()
	}
	switch c.Query.Get("order_by") {
	case "", "desc":
		items = slices.Clone(items)
		slices.Reverse(items)
	case "asc":
	default:
		return Reply{Err: Invalid("order_by must be asc or desc", FieldError{Field: "order_by", Message: "not an allowed value"})}
	}
	total := len(items)
	lo, hi := min((page-1)*limit, total), min(page*limit, total)
	body := p.Wrap("paginated_list", resource, nonNil(items[lo:hi]))
	pages := max(1, (total+limit-1)/limit) // an empty list has one (empty) page
	body["pagination"] = map[string]int{"limit": limit, "total_pages": pages, "page": page, "total_results": total}
	return JSON(http.StatusOK, body)
}

// intParam reads an integer query parameter in [lo, hi] (hi 0: no upper
// bound), def when absent.
func intParam(c *Call, name string, def, lo, hi int) (int, *Error) {
	v := c.Query.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || (hi > 0 && n > hi) {
		msg := fmt.Sprintf("%s must be an integer of at least %d", name, lo)
		if hi > 0 {
			msg = fmt.Sprintf("%s must be an integer between %d and %d", name, lo, hi)
		}
		return 0, Invalid(msg, FieldError{Field: name, Message: "out of range"})
	}
	return n, nil
}

// HeaderPages is BlueInk's pagination (Django REST framework): query page
// (from 1; out of range is 404 "Invalid page.") and per_page (default
// Default; larger values are capped at Max, invalid ones ignored); the
// answer is the bare array of the page and a header
// "Header: page,total_pages,per_page,total_results".
type HeaderPages struct {
	Header       string
	Default, Max int
}

// List answers one page.
func (p HeaderPages) List(c *Call, _ string, items []any) Reply {
	perPage := p.Default
	if n, err := strconv.Atoi(c.Query.Get("per_page")); err == nil && n > 0 {
		perPage = min(n, p.Max)
	}
	total := len(items)
	pages := max(1, (total+perPage-1)/perPage)
	page := 1
	if v := c.Query.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > pages {
			return Reply{Err: &Error{Status: http.StatusNotFound, Code: "not_found", Message: "Invalid page."}}
		}
		page = n
	}
	lo := min((page-1)*perPage, total)
	hi := min(lo+perPage, total)
	c.Header.Set(p.Header, fmt.Sprintf("%d,%d,%d,%d", page, pages, perPage, total))
	return JSON(http.StatusOK, nonNil(items[lo:hi]))
}

// MetaObjects is Legalesign's (Tastypie) pagination: query limit (default
// Default, capped at Max) and offset; the answer is {"meta": {limit, next,
// offset, previous, total_count}, "objects": [...]}, next and previous
// being the path and query of the neighbouring pages (or null).
type MetaObjects struct{ Default, Max int }

// List answers one page.
func (p MetaObjects) List(c *Call, _ string, items []any) Reply {
	limit, err := strconv.Atoi(c.Query.Get("limit"))
	if err != nil || limit <= 0 {
		limit = p.Default
	}
	if p.Max > 0 {
		limit = min(limit, p.Max)
	}
	offset, err := strconv.Atoi(c.Query.Get("offset"))
	if err != nil || offset < 0 {
		offset = 0
	}
	link := func(off int) any {
		q := maps.Clone(c.Query)
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(off))
		path := ""
		if c.Req != nil {
			path = c.Req.URL.Path
		}
		return path + "?" + q.Encode()
	}
	var next, prev any
	if offset+limit < len(items) {
		next = link(offset + limit)
	}
	if offset > 0 {
		prev = link(max(offset-limit, 0))
	}
	lo, hi := min(offset, len(items)), min(offset+limit, len(items))
	return JSON(http.StatusOK, map[string]any{
		"meta":    map[string]any{"limit": limit, "next": next, "offset": offset, "previous": prev, "total_count": len(items)},
		"objects": nonNil(items[lo:hi]),
	})
}
