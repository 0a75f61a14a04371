package blueink_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
)

func TestParsePagination(t *testing.T) {
	cases := []struct {
		name string
		h    http.Header
		want *blueink.Pagination
	}{
		{"canonical", http.Header{"X-Blueink-Pagination": {"2,7,50,330"}}, &blueink.Pagination{Page: 2, TotalPages: 7, PerPage: 50, TotalResults: 330}},
		{"lower-case name", http.Header{"x-blueink-pagination": {"1,1,100,3"}}, &blueink.Pagination{Page: 1, TotalPages: 1, PerPage: 100, TotalResults: 3}},
		{"upper-case name", http.Header{"X-BLUEINK-PAGINATION": {"1,1,100,3"}}, &blueink.Pagination{Page: 1, TotalPages: 1, PerPage: 100, TotalResults: 3}},
		{"spaces", http.Header{"X-Blueink-Pagination": {" 3 , 4,25 ,99 "}}, &blueink.Pagination{Page: 3, TotalPages: 4, PerPage: 25, TotalResults: 99}},
		{"empty list", http.Header{"X-Blueink-Pagination": {"1,0,50,0"}}, &blueink.Pagination{Page: 1, TotalPages: 0, PerPage: 50, TotalResults: 0}},
		{"absent", http.Header{}, nil},
		{"empty", http.Header{"X-Blueink-Pagination": {""}}, nil},
		{"three fields", http.Header{"X-Blueink-Pagination": {"1,2,3"}}, nil},
		{"five fields", http.Header{"X-Blueink-Pagination": {"1,2,3,4,5"}}, nil},
		{"empty field", http.Header{"X-Blueink-Pagination": {"1,,3,4"}}, nil},
		{"letters", http.Header{"X-Blueink-Pagination": {"a,2,3,4"}}, nil},
		{"negative", http.Header{"X-Blueink-Pagination": {"-1,2,3,4"}}, nil},
		{"plus sign", http.Header{"X-Blueink-Pagination": {"+1,2,3,4"}}, nil},
		{"page zero", http.Header{"X-Blueink-Pagination": {"0,2,3,4"}}, nil},
		{"per_page zero", http.Header{"X-Blueink-Pagination": {"1,2,0,4"}}, nil},
		{"ten digits", http.Header{"X-Blueink-Pagination": {"1,1,1,1000000000"}}, nil},
		{"overflow", http.Header{"X-Blueink-Pagination": {"99999999999999999999,1,1,1"}}, nil},
		{"too long", http.Header{"X-Blueink-Pagination": {"1,1,1," + strings.Repeat(" ", 80) + "1"}}, nil},
		{"semicolons", http.Header{"X-Blueink-Pagination": {"1;2;3;4"}}, nil},
		// The 2.2.3 spec's x-next link, alone or beside the counts.
		{"x-next", http.Header{"X-Next": {"https://api.blueink.com/api/v2/bundles/?page=3&per_page=50"}},
			&blueink.Pagination{Next: "https://api.blueink.com/api/v2/bundles/?page=3&per_page=50"}},
		{"x-next lower-case, relative", http.Header{"x-next": {"/api/v2/bundles/?page=2"}}, &blueink.Pagination{Next: "/api/v2/bundles/?page=2"}},
		{"both", http.Header{"X-Blueink-Pagination": {"2,7,50,330"}, "X-Next": {"https://api.blueink.com/api/v2/bundles/?page=3"}},
			&blueink.Pagination{Page: 2, TotalPages: 7, PerPage: 50, TotalResults: 330, Next: "https://api.blueink.com/api/v2/bundles/?page=3"}},
		{"x-next empty", http.Header{"X-Next": {""}}, nil},
		{"x-next null", http.Header{"X-Next": {"null"}}, nil},
		{"x-next None", http.Header{"X-Next": {"None"}}, nil},
		{"x-next other scheme", http.Header{"X-Next": {"javascript:alert(1)"}}, nil},
		{"x-next not a URL", http.Header{"X-Next": {"http://[::1"}}, nil},
		{"x-next too long", http.Header{"X-Next": {"https://a.test/?page=2&x=" + strings.Repeat("x", 2048)}}, nil},
		{"bad counts, x-next", http.Header{"X-Blueink-Pagination": {"0,0,0,0"}, "X-Next": {"/bundles/?page=2"}}, &blueink.Pagination{Next: "/bundles/?page=2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			chk{t}.eq(blueink.ParsePagination(tc.h), tc.want, "pagination")
		})
	}
}

func FuzzParsePagination(f *testing.F) {
	for _, s := range []string{"1,1,50,3", "2,7,50,330", " 3 , 4,25 ,99 ", "0,0,0,0", "1,2,3", "a,b,c,d",
		"-1,2,3,4", "999999999,999999999,999999999,999999999", "1,1,1,1000000000", "1,,1,1", ",,,", "1,2,3,4,5", "\x00,1,1,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		// v as an x-next link: kept whole or dropped, never altered; a
		// kept link has an http(s) scheme or none.
		if n := blueink.ParsePagination(http.Header{"X-Next": {v}}); n != nil {
			if n.Next != strings.TrimSpace(v) || n.Page != 0 || len(n.Next) > 2048 {
				t.Fatalf("x-next %q parsed as %+v", v, n)
			}
			if u, err := url.Parse(n.Next); err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("x-next %q kept though not an http(s) URL", v)
			}
		}
		p := blueink.ParsePagination(http.Header{"X-Blueink-Pagination": {v}})
		q := blueink.ParsePagination(http.Header{"x-blueink-pagination": {v}})
		if (p == nil) != (q == nil) || (p != nil && *p != *q) {
			t.Fatalf("header name case changed the result: %+v vs %+v", p, q)
		}
		if p == nil {
			return
		}
		for _, n := range []int{p.Page, p.TotalPages, p.PerPage, p.TotalResults} {
			if n < 0 || n > 999_999_999 {
				t.Fatalf("value %d out of range in %+v", n, p)
			}
		}
		if p.Page < 1 || p.PerPage < 1 {
			t.Fatalf("page or per_page below 1: %+v", p)
		}
		// Formatting the result and parsing it again is stable.
		again := blueink.ParsePagination(http.Header{"X-Blueink-Pagination": {
			strconv.Itoa(p.Page) + "," + strconv.Itoa(p.TotalPages) + "," + strconv.Itoa(p.PerPage) + "," + strconv.Itoa(p.TotalResults)}})
		if again == nil || *again != *p {
			t.Fatalf("re-parse of %+v gave %+v", p, again)
		}
	})
}

// pagedBundles serves `total` bundles in pages of perPage with the
// pagination header, and counts requests.
func pagedBundles(w *wire, total, perPage int, header func(page, pages int) string) *atomic.Int32 {
	var n atomic.Int32
	pages := (total + perPage - 1) / perPage
	w.mt.RegisterResponder("GET", wireBase+"bundles/", func(req *http.Request) (*http.Response, error) {
		w.record(req)
		n.Add(1)
		w.guard(100)
		page, _ := strconv.Atoi(req.URL.Query().Get("page"))
		if page < 1 {
			page = 1
		}
		var b strings.Builder
		b.WriteString("[")
		for i := (page - 1) * perPage; i < page*perPage && i < total; i++ {
			if i > (page-1)*perPage {
				b.WriteString(",")
			}
			b.WriteString(`{"id":"b` + strconv.Itoa(i) + `","status":"co","created":"2024-10-01T00:00:00Z"}`)
		}
		b.WriteString("]")
		resp := httpmock.NewStringResponse(200, b.String())
		resp.Request = req
		if h := header(page, pages); h != "" {
			resp.Header.Set("X-Blueink-Pagination", h)
		}
		return resp, nil
	})
	return &n
}

func ids(t *testing.T, seq func(func(*blueink.Bundle, error) bool)) ([]string, error) {
	t.Helper()
	var out []string
	for b, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, b.ID)
	}
	return out, nil
}

func TestBundlesAllWalksEveryPage(t *testing.T) {
	w := newWire(t)
	n := pagedBundles(w, 7, 3, func(page, pages int) string {
		return strconv.Itoa(page) + "," + strconv.Itoa(pages) + ",3,7"
	})
	opts := &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 3}, Status: blueink.BundleComplete}
	got, err := ids(t, w.c.Bundles.All(w.ctx(), opts))
	chk{t}.noErr(err)
	chk{t}.eq(got, []string{"b0", "b1", "b2", "b3", "b4", "b5", "b6"}, "ids")
	chk{t}.eq(n.Load(), int32(3), "requests")
	var queries []string
	for _, r := range w.requests() {
		queries = append(queries, r.Query)
	}
	chk{t}.eq(queries, []string{"page=1&per_page=3&status=co", "page=2&per_page=3&status=co", "page=3&per_page=3&status=co"}, "queries")
	chk{t}.eq(*opts, blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 3}, Status: blueink.BundleComplete}, "caller's options")
}

func TestBundlesAllStartsAtRequestedPage(t *testing.T) {
	w := newWire(t)
	pagedBundles(w, 9, 3, func(page, pages int) string { return strconv.Itoa(page) + "," + strconv.Itoa(pages) + ",3,9" })
	got, err := ids(t, w.c.Bundles.All(w.ctx(), &blueink.BundleListOptions{ListOptions: blueink.ListOptions{Page: 2, PerPage: 3}}))
	chk{t}.noErr(err)
	chk{t}.eq(got, []string{"b3", "b4", "b5", "b6", "b7", "b8"}, "ids")
}

func TestBundlesAllStops(t *testing.T) {
	cases := []struct {
		name   string
		header func(page, pages int) string
		want   int32
	}{
		{"missing header", func(int, int) string { return "" }, 1},
		{"malformed header", func(int, int) string { return "1;9;3;27" }, 1},
		{"last page", func(page, _ int) string { return strconv.Itoa(page) + ",2,3,27" }, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t)
			n := pagedBundles(w, 27, 3, tc.header)
			_, err := ids(t, w.c.Bundles.All(w.ctx(), &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 3}}))
			chk{t}.noErr(err)
			chk{t}.eq(n.Load(), tc.want, "requests")
		})
	}
}

// Pages that stop advancing end the iteration with ErrPaginationStalled,
// never quietly: items would be missing.
func TestBundlesAllStalls(t *testing.T) {
	for name, header := range map[string]func(page, pages int) string{
		"page does not advance":      func(int, int) string { return "1,9,3,27" },
		"empty page announcing more": func(page, _ int) string { return strconv.Itoa(page) + ",5,3,15" },
	} {
		t.Run(name, func(t *testing.T) {
			w := newWire(t)
			n := pagedBundles(w, 3, 3, header)
			got, err := ids(t, w.c.Bundles.All(w.ctx(), &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 3}}))
			chk{t}.errIs(err, blueink.ErrPaginationStalled)
			chk{t}.truef(strings.HasPrefix(err.Error(), "blueink: pagination stalled: "), "error %v", err)
			chk{t}.eq(len(got), 3, "items")
			chk{t}.eq(n.Load(), int32(2), "requests")
		})
	}
}

func TestBundlesAllBreakStopsFetching(t *testing.T) {
	w := newWire(t)
	n := pagedBundles(w, 30, 3, func(page, pages int) string { return strconv.Itoa(page) + "," + strconv.Itoa(pages) + ",3,30" })
	count := 0
	for _, err := range w.c.Bundles.All(w.ctx(), &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 3}}) {
		chk{t}.noErr(err)
		count++
		if count == 4 {
			break
		}
	}
	chk{t}.eq(n.Load(), int32(2), "requests")
}

func TestBundlesAllYieldsErrorOnce(t *testing.T) {
	w := newWire(t)
	var n atomic.Int32
	w.mt.RegisterResponder("GET", wireBase+"bundles/", func(req *http.Request) (*http.Response, error) {
		w.record(req)
		w.guard(100)
		if n.Add(1) == 2 {
			resp := httpmock.NewStringResponse(500, `{"code":"error","message":"Server Error"}`)
			resp.Request = req
			return resp, nil
		}
		resp := httpmock.NewStringResponse(200, `[{"id":"b1"}]`)
		resp.Request = req
		resp.Header.Set("X-Blueink-Pagination", "1,3,1,3")
		return resp, nil
	})
	var items, errs int
	for b, err := range w.c.Bundles.All(w.ctx(), nil) {
		if err != nil {
			errs++
			chk{t}.errIs(err, blueink.ErrServer)
			chk{t}.truef(b == nil, "item with error")
			continue
		}
		items++
	}
	chk{t}.eq([2]int{items, errs}, [2]int{1, 1}, "items, errors")
	chk{t}.eq(n.Load(), int32(2), "requests")
}

func TestBundlesAllRejectsBadOptionsOnce(t *testing.T) {
	w := newWire(t)
	var errs int
	for _, err := range w.c.Bundles.All(w.ctx(), &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 500}}) {
		chk{t}.errIs(err, blueink.ErrValidation)
		if errs++; errs > 3 {
			break // a pager that keeps yielding errors fails here
		}
	}
	chk{t}.eq(errs, 1, "errors yielded")
	chk{t}.eq(len(w.requests()), 0, "requests")
}

func TestBundlesAllHonoursCancelledContext(t *testing.T) {
	w := newWire(t)
	pagedBundles(w, 3, 3, func(int, int) string { return "1,1,3,3" })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ids(t, w.c.Bundles.All(ctx, nil))
	chk{t}.truef(errors.Is(err, context.Canceled), "error %v", err)
	chk{t}.eq(len(w.requests()), 0, "requests")
}

// anySeq turns a typed iterator into one of any, so one table can hold
// every iterator.
func anySeq[T any](seq iter.Seq2[T, error]) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}

// collect drains an iterator, counting the errors it yields (a correct
// iterator yields at most one, last).
func collect(seq iter.Seq2[any, error]) (items []any, errs []error) {
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			if len(errs) > 3 {
				break // a runaway iterator fails the caller's checks
			}
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

// iterCase is one iterator: its endpoint, the fixture a page holds, the
// exact query of its first page, and the field-by-field check of an item.
type iterCase struct {
	name, path, fixture string
	query               string // page 1; page 2 differs only in page=2
	walk                func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error]
	check               func(c chk, item any)
}

func iterCases() []iterCase {
	return []iterCase{
		{"Bundles", "bundles/", "bundle.json", "page=1&per_page=1&status=co&tag__in=q4%2Cneeds-attention",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Bundles.All(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 1},
					Status: blueink.BundleComplete, TagIn: []string{"q4", "needs-attention"}}))
			},
			func(c chk, item any) { checkBundle(c, item.(*blueink.Bundle)) }},
		{"Templates", "templates/", "template.json", "page=1&per_page=1",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Templates.All(ctx, &blueink.ListOptions{PerPage: 1}))
			},
			func(c chk, item any) { checkTemplate(c, item.(*blueink.Template)) }},
		{"EnvelopeTemplates", "envelope-templates/", "envelope_template.json", "page=1&per_page=1",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.EnvelopeTemplates.All(ctx, &blueink.ListOptions{PerPage: 1}))
			},
			func(c chk, item any) { checkEnvelopeTemplate(c, item.(*blueink.EnvelopeTemplate)) }},
		{"Persons", "persons/", "person.json", "page=1&per_page=1&search=Tom+Jones",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Persons.All(ctx, &blueink.PersonListOptions{Search: "Tom Jones", ListOptions: blueink.ListOptions{PerPage: 1}}))
			},
			func(c chk, item any) { checkPerson(c, item.(*blueink.Person)) }},
		{"WebhookExtraHeaders", "webhooks/headers/", "webhook_extra_header.json", "page=1&per_page=1&webhook=" + webhookID,
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Webhooks.AllExtraHeaders(ctx, &blueink.WebhookExtraHeaderListOptions{Webhook: webhookID, ListOptions: blueink.ListOptions{PerPage: 1}}))
			},
			func(c chk, item any) { checkExtraHeader(c, item.(*blueink.WebhookExtraHeader)) }},
		{"WebhookEvents", "webhooks/events/", "webhook_event.json", "page=1&per_page=1&success=false",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Webhooks.AllEvents(ctx, &blueink.WebhookEventListOptions{Success: wptr(false), ListOptions: blueink.ListOptions{PerPage: 1}}))
			},
			func(c chk, item any) { checkWebhookEvent(c, item.(*blueink.WebhookEvent)) }},
		{"WebhookDeliveries", "webhooks/deliveries/", "webhook_delivery.json", "page=1&per_page=1&status=0",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Webhooks.AllDeliveries(ctx, &blueink.WebhookDeliveryListOptions{Status: wptr(0), ListOptions: blueink.ListOptions{PerPage: 1}}))
			},
			func(c chk, item any) { checkDelivery(c, item.(*blueink.WebhookDelivery)) }},
		{"Webhooks", "webhooks/", "webhook.json", "enabled=false&event_type__in=bundle_complete%2Cpacket_declined&page=1&per_page=1",
			func(ctx context.Context, c *blueink.Client) iter.Seq2[any, error] {
				return anySeq(c.Webhooks.All(ctx, &blueink.WebhookListOptions{Enabled: wptr(false), ListOptions: blueink.ListOptions{PerPage: 1},
					EventTypeIn: []blueink.WebhookEventType{blueink.WebhookEventBundleComplete, blueink.WebhookEventPacketDeclined}}))
			},
			func(c chk, item any) { checkWebhook(c, item.(*blueink.Webhook)) }},
	}
}

// Every iterator sends its filters on every page, follows the pagination
// header over two pages and decodes each item field by field.
func TestEveryIteratorPagesAndDecodes(t *testing.T) {
	for _, tc := range iterCases() {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t)
			body := listOf(t, tc.fixture)
			w.mt.RegisterResponder("GET", wireBase+tc.path, func(req *http.Request) (*http.Response, error) {
				w.record(req)
				w.guard(10)
				resp := newResp(req, 200, body)
				resp.Header.Set("X-Blueink-Pagination", req.URL.Query().Get("page")+",2,1,2")
				return resp, nil
			})
			items, errs := collect(tc.walk(w.ctx(), w.c))
			require.Empty(t, errs)
			require.Len(t, items, 2)
			for _, it := range items {
				tc.check(chk{t}, it)
			}
			reqs := w.requests()
			require.Len(t, reqs, 2)
			page2 := strings.Replace(tc.query, "page=1", "page=2", 1)
			for i, want := range []string{tc.query, page2} {
				assert.Equal(t, "GET", reqs[i].Method)
				assert.Equal(t, "/api/v2/"+tc.path, reqs[i].Path)
				assert.Equal(t, want, reqs[i].Query, "query of page %d", i+1)
				assert.Equal(t, "Token "+wireKey, reqs[i].Header.Get("Authorization"))
			}
		})
	}
}

// The 2.2.3 spec declares x-next ("a link to the next page") instead of
// X-Blueink-Pagination: an answer with the link alone is followed to the
// page it names (its own query otherwise being the iterator's), to the
// next page number when it names none, and the walk ends on the page
// without it.
func TestEveryIteratorFollowsXNext(t *testing.T) {
	for _, tc := range iterCases() {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t)
			body := listOf(t, tc.fixture)
			w.mt.RegisterResponder("GET", wireBase+tc.path, func(req *http.Request) (*http.Response, error) {
				w.record(req)
				w.guard(10)
				resp := newResp(req, 200, body)
				switch req.URL.Query().Get("page") {
				case "1": // the link skips a page, as a list that shrank would
					resp.Header.Set("X-Next", wireBase+tc.path+"?page=3&per_page=1")
				case "3": // a link without a page number
					resp.Header.Set("x-next", "/api/v2/"+tc.path+"?cursor=abc")
				}
				return resp, nil
			})
			items, errs := collect(tc.walk(w.ctx(), w.c))
			require.Empty(t, errs)
			require.Len(t, items, 3)
			for _, it := range items {
				tc.check(chk{t}, it)
			}
			var pages []string
			for _, r := range w.requests() {
				q, err := url.ParseQuery(r.Query)
				require.NoError(t, err)
				pages = append(pages, q.Get("page"))
				assert.Equal(t, strings.Replace(tc.query, "page=1", "page="+q.Get("page"), 1), r.Query, "the iterator's own filters")
			}
			assert.Equal(t, []string{"1", "3", "4"}, pages)
		})
	}
}

// An x-next link that names the page just fetched is not followed in a
// loop: the iterator stops with ErrPaginationStalled.
func TestXNextCycleStalls(t *testing.T) {
	w := newWire(t)
	w.mt.RegisterResponder("GET", wireBase+"persons/", func(req *http.Request) (*http.Response, error) {
		w.record(req)
		w.guard(10)
		resp := newResp(req, 200, listOf(t, "person.json"))
		resp.Header.Set("X-Next", wireBase+"persons/?page=1")
		return resp, nil
	})
	items, errs := collect(anySeq(w.c.Persons.All(w.ctx(), nil)))
	assert.Len(t, items, 2, "page 1, then page 2 (the link names no page past 1)")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], blueink.ErrPaginationStalled)
}

// BlueInk answers 404 "Invalid page." for a page past the last one. When
// that happens after the first page announced more (items were deleted
// while the list was walked), every iterator yields the 404 once, so the
// caller knows the listing ended early; on the first page too.
func TestEveryIteratorFailsWhenALaterPageIsGone(t *testing.T) {
	const gone = `{"detail":"Invalid page.","code":"not_found"}`
	for _, tc := range iterCases() {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t)
			body := listOf(t, tc.fixture)
			w.mt.RegisterResponder("GET", wireBase+tc.path, func(req *http.Request) (*http.Response, error) {
				w.record(req)
				w.guard(10)
				if req.URL.Query().Get("page") != "1" {
					return newResp(req, 404, gone), nil
				}
				resp := newResp(req, 200, body)
				resp.Header.Set("X-Blueink-Pagination", "1,3,1,3") // two more pages, then gone
				return resp, nil
			})
			items, errs := collect(tc.walk(w.ctx(), w.c))
			require.Len(t, items, 1)
			tc.check(chk{t}, items[0])
			require.Len(t, errs, 1, "a page gone after the first is an error, yielded once")
			assert.ErrorIs(t, errs[0], blueink.ErrNotFound)
			var apiErr *blueink.APIError
			require.ErrorAs(t, errs[0], &apiErr)
			assert.Equal(t, "Invalid page.", apiErr.Detail)
			assert.Regexp(t, `[?&]page=2(&|$)`, apiErr.URL, "the error names the page that is gone")
			assert.Len(t, w.requests(), 2)
		})
		t.Run(tc.name+"/first page", func(t *testing.T) {
			w := newWire(t)
			w.onAny(404, gone)
			items, errs := collect(tc.walk(w.ctx(), w.c))
			assert.Empty(t, items)
			require.Len(t, errs, 1, "the error is yielded once")
			assert.ErrorIs(t, errs[0], blueink.ErrNotFound)
			var apiErr *blueink.APIError
			require.ErrorAs(t, errs[0], &apiErr)
			assert.Equal(t, "Invalid page.", apiErr.Detail)
			assert.Len(t, w.requests(), 1)
		})
	}
}

// A list page is decoded item by item under a cap: a megabyte of empty
// objects fails with a DecodeError instead of growing into ~140 MiB of
// Bundles.
func TestListPageMemoryBounded(t *testing.T) {
	w := newWire(t)
	body := "[" + strings.TrimSuffix(strings.Repeat("{},", (1<<20)/3), ",") + "]"
	w.on("GET", "bundles/", 200, body, "X-Blueink-Pagination", "1,1,100,349525")
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := w.c.Bundles.List(context.Background(), nil)
	runtime.ReadMemStats(&after)
	var de *blueink.DecodeError
	chk{t}.truef(errors.As(err, &de) && strings.Contains(err.Error(), "more than 10000 items"), "error %v", err)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MiB for a 1 MiB page", allocated>>20)
	chk{t}.truef(allocated < 64<<20, "decoding allocated %d MiB", allocated>>20)
}

// Page 1 says 1 of 5; page 2 then answers a body that is not JSON, or a
// pagination header that cannot be read: the iterator yields a
// *DecodeError rather than ending quietly with three pages unread.
func TestIteratorFailsOnAnUnreadableLaterPage(t *testing.T) {
	for name, page2 := range map[string]struct{ header, body string }{
		"body not JSON":    {"2,5,1,5", "garbage"},
		"header malformed": {"garbage", `[{"slug":"s2"}]`},
		"header missing":   {"", `[{"slug":"s2"}]`},
	} {
		t.Run(name, func(t *testing.T) {
			w := newWire(t)
			w.mt.RegisterResponder("GET", wireBase+"bundles/", func(req *http.Request) (*http.Response, error) {
				w.record(req)
				w.guard(10)
				if req.URL.Query().Get("page") == "1" {
					resp := newResp(req, 200, `[{"slug":"s1"}]`)
					resp.Header.Set("X-Blueink-Pagination", "1,5,1,5")
					return resp, nil
				}
				resp := newResp(req, 200, page2.body)
				if page2.header != "" {
					resp.Header.Set("X-Blueink-Pagination", page2.header)
				}
				return resp, nil
			})
			var slugs []string
			var errs []error
			for b, err := range w.c.Bundles.All(w.ctx(), nil) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				slugs = append(slugs, b.ID)
			}
			require.Len(t, errs, 1, "items %q", slugs)
			var de *blueink.DecodeError
			require.ErrorAs(t, errs[0], &de)
			assert.NotErrorIs(t, errs[0], blueink.ErrOutcomeUnknown)
			assert.True(t, strings.HasPrefix(errs[0].Error(), "blueink: GET "), errs[0].Error())
			assert.Regexp(t, `[?&]page=2(&|$)`, de.URL)
			assert.Len(t, w.requests(), 2)
		})
	}
}
