package legacyv1

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pager serves n statuses as Tastypie pages and records requested offsets.
type pager struct {
	mu         sync.Mutex
	n          int
	offsets    []string
	limits     []string
	omitLimit  bool // meta without limit
	stuck      bool // always answer offset 0 with a next link
	failOffset int  // answer 500 for this offset (0: never)
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	p.offsets = append(p.offsets, q.Get("offset"))
	p.limits = append(p.limits, q.Get("limit"))
	p.mu.Unlock()
	off, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 20
	}
	if p.failOffset != 0 && off == p.failOffset {
		w.WriteHeader(500)
		return
	}
	if p.stuck {
		off = 0
	}
	var objs []map[string]any
	for i := off; i < off+limit && i < p.n; i++ {
		objs = append(objs, map[string]any{"resource_uri": fmt.Sprintf("/api/v1/status/doc-%03d/", i), "status": 10})
	}
	meta := map[string]any{"offset": off, "total_count": p.n, "previous": nil, "next": nil}
	if !p.omitLimit {
		meta["limit"] = limit
	}
	if off+limit < p.n || p.stuck {
		meta["next"] = fmt.Sprintf("/api/v1/status/?limit=%d&offset=%d", limit, off+limit)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"meta": meta, "objects": objs})
}

func pagerClient(t *testing.T, p *pager) *Client {
	t.Helper()
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, err := NewClient(testUser, testSecret, WithBaseURL(srv.URL+"/api/v1"), WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func collect(t *testing.T, c *Client, opts *StatusListOptions) ([]string, []error) {
	t.Helper()
	var ids []string
	var errs []error
	for s, err := range c.Status.All(context.Background(), opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, s.DocumentID())
	}
	return ids, errs
}

func TestAllPagesWithComputedOffsets(t *testing.T) {
	p := &pager{n: 7}
	c := pagerClient(t, p)
	opts := &StatusListOptions{Filter: "false", ListOptions: ListOptions{Limit: 3}}
	before := *opts
	ids, errs := collect(t, c, opts)
	assert.Empty(t, errs)
	require.Len(t, ids, 7)
	assert.Equal(t, "doc-000", ids[0])
	assert.Equal(t, "doc-006", ids[6])
	assert.Equal(t, []string{"", "3", "6"}, p.offsets, "offset = previous offset + limit; stops when next is null")
	assert.Equal(t, []string{"3", "3", "3"}, p.limits)
	assert.Equal(t, before, *opts, "options are never modified")
}

func TestAllStartsAtOffset(t *testing.T) {
	p := &pager{n: 10}
	c := pagerClient(t, p)
	ids, errs := collect(t, c, &StatusListOptions{ListOptions: ListOptions{Limit: 4, Offset: 5}})
	assert.Empty(t, errs)
	assert.Equal(t, []string{"doc-005", "doc-006", "doc-007", "doc-008", "doc-009"}, ids)
	assert.Equal(t, []string{"5", "9"}, p.offsets)
}

func TestAllWithoutLimitInMeta(t *testing.T) {
	p := &pager{n: 45, omitLimit: true}
	c := pagerClient(t, p)
	ids, errs := collect(t, c, nil)
	assert.Empty(t, errs)
	assert.Len(t, ids, 45)
	assert.Equal(t, []string{"", "20", "40"}, p.offsets, "falls back to the item count")
}

func TestAllNeverLoopsWhenOffsetIsIgnored(t *testing.T) {
	p := &pager{n: 50, stuck: true}
	c := pagerClient(t, p)
	ids, errs := collect(t, c, &StatusListOptions{ListOptions: ListOptions{Limit: 10}})
	assert.Len(t, ids, 20, "second page does not advance: stop")
	assert.Len(t, p.offsets, 2)
	// ... and say so: items may be missing.
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrPaginationStalled)
	assert.Contains(t, errs[0].Error(), "legacyv1: pagination stalled: the page after offset 0 is the same page again")
}

func TestAllYieldsErrorOnceAndStops(t *testing.T) {
	p := &pager{n: 50, failOffset: 10}
	c := pagerClient(t, p)
	ids, errs := collect(t, c, &StatusListOptions{ListOptions: ListOptions{Limit: 10}})
	assert.Len(t, ids, 10)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrServer)
	assert.Len(t, p.offsets, 2)
}

func TestAllStopsWhenConsumerBreaks(t *testing.T) {
	p := &pager{n: 50}
	c := pagerClient(t, p)
	n := 0
	for _, err := range c.Status.All(context.Background(), &StatusListOptions{ListOptions: ListOptions{Limit: 10}}) {
		require.NoError(t, err)
		n++
		if n == 12 {
			break
		}
	}
	assert.Equal(t, 12, n)
	assert.Len(t, p.offsets, 2)
}

// TestEveryIteratorPages runs each service's All over two pages.
func TestEveryIteratorPages(t *testing.T) {
	page := func(path string, offset int, obj string) reply {
		return jsonReply(200, listJSON(path, 1, offset, 2, obj))
	}
	ctx := context.Background()
	type run func(c *Client) (int, error)
	for _, tc := range []struct {
		name string
		path string
		obj  string
		all  run
	}{
		{"Documents", "/api/v1/document/", documentJSON, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.Documents.All(ctx, &DocumentListOptions{Group: "g", ListOptions: ListOptions{Limit: 1}}) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"TemplatePDFs", "/api/v1/templatepdf/", templatePDFJSON, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.TemplatePDFs.All(ctx, &TemplateListOptions{ListOptions: ListOptions{Limit: 1}}) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Templates", "/api/v1/template/", templateJSON, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.Templates.All(ctx, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Groups", "/api/v1/group/", groupJSON, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.Groups.All(ctx, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Members", "/api/v1/member/", memberJSON, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.Members.All(ctx, &GroupListOptions{Group: "g"}) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Invited", "/api/v1/invited/", `{"email": "a@b.c"}`, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.Invited.All(ctx, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"Attachments", "/api/v1/attachment/", attachmentJSON, func(c *Client) (int, error) {
			n := 0
			for _, err := range c.Attachments.All(ctx, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, m := newMockClient(t, page(tc.path, 0, tc.obj), page(tc.path, 1, tc.obj))
			n, err := tc.all(c)
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			calls := m.Calls()
			require.Len(t, calls, 2)
			assert.Equal(t, tc.path, calls[1].Path)
			assert.Equal(t, "1", calls[1].Query.Get("offset"))
		})
	}
}

// TestAllStopsWhenNextIsNull: Tastypie's null next is the last page. When
// the same meta says more objects follow (offset + limit < total_count,
// which Tastypie's paginator never sends: it computes next from that sum),
// the iterator yields the page, then ErrPaginationStalled: it does not end
// quietly with items missing, and it does not guess an offset either.
func TestAllStopsWhenNextIsNull(t *testing.T) {
	for name, next := range map[string]string{"null": `null`, "None": `"None"`, "empty": `""`} {
		t.Run(name, func(t *testing.T) {
			c, m := newMockClient(t,
				jsonReply(200, `{"meta": {"limit": 1, "next": `+next+`, "offset": 0, "previous": null, "total_count": 5}, "objects": [{"resource_uri": "/api/v1/status/a/"}]}`),
				jsonReply(200, listJSON("/api/v1/status/", 1, 1, 5, `{"resource_uri": "/api/v1/status/b/"}`)))
			ids, errs := collectMock(c, &StatusListOptions{ListOptions: ListOptions{Limit: 1}})
			assert.Equal(t, []string{"a"}, ids)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrPaginationStalled)
			assert.Regexp(t, `^legacyv1: pagination stalled: meta.next is null at offset 0`, errs[0].Error())
			assert.Len(t, m.Calls(), 1, "no request after a null next")
		})
		t.Run(name+"/consistent", func(t *testing.T) {
			c, m := newMockClient(t,
				jsonReply(200, `{"meta": {"limit": 2, "next": `+next+`, "offset": 3, "previous": null, "total_count": 5}, "objects": [{"resource_uri": "/api/v1/status/d/"}, {"resource_uri": "/api/v1/status/e/"}]}`))
			ids, errs := collectMock(c, &StatusListOptions{ListOptions: ListOptions{Limit: 2, Offset: 3}})
			assert.Empty(t, errs)
			assert.Equal(t, []string{"d", "e"}, ids)
			assert.Len(t, m.Calls(), 1)
		})
	}
	// The page method still reports the count as sent.
	c, _ := newMockClient(t, jsonReply(200, `{"meta": {"limit": 1, "next": "None", "offset": 0, "total_count": 5}, "objects": []}`))
	_, resp, err := c.Status.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, Pagination{Limit: 1, TotalResults: 5}, *resp.Pagination)
}

// TestAllFollowsNextWithoutOffsetInMeta: the spec's own example meta has no
// offset; the requested offset is used.
func TestAllFollowsNextWithoutOffsetInMeta(t *testing.T) {
	c, m := newMockClient(t,
		jsonReply(200, `{"meta": {"limit": 2, "next": "/api/v1/status/?offset=2&limit=2", "previous": "None", "total_count": 3},
			"objects": [{"resource_uri": "/api/v1/status/a/"}, {"resource_uri": "/api/v1/status/b/"}]}`),
		jsonReply(200, `{"meta": {"limit": 2, "next": null, "previous": "/api/v1/status/?offset=0&limit=2", "total_count": 3},
			"objects": [{"resource_uri": "/api/v1/status/c/"}]}`))
	ids, errs := collectMock(c, &StatusListOptions{ListOptions: ListOptions{Limit: 2}})
	assert.Empty(t, errs)
	assert.Equal(t, []string{"a", "b", "c"}, ids)
	calls := m.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, "", calls[0].Query.Get("offset"))
	assert.Equal(t, "2", calls[1].Query.Get("offset"))
}

// TestAllStopsWithoutMeta: an answer without a Tastypie meta is one page.
func TestAllStopsWithoutMeta(t *testing.T) {
	c, m := newMockClient(t, jsonReply(200, `{"objects": [{"resource_uri": "/api/v1/status/a/"}, {"resource_uri": "/api/v1/status/b/"}]}`))
	ids, errs := collectMock(c, nil)
	assert.Empty(t, errs)
	assert.Equal(t, []string{"a", "b"}, ids)
	assert.Len(t, m.Calls(), 1)
}

func collectMock(c *Client, opts *StatusListOptions) ([]string, []error) {
	var ids []string
	var errs []error
	for s, err := range c.Status.All(context.Background(), opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, s.DocumentID())
	}
	return ids, errs
}
