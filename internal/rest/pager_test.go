package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

type pagerItem struct {
	ID int `json:"id"`
}

// ListOptions is shaped like a provider's list options.
type pagerListOptions struct {
	Page    int    `url:"page,omitempty"`
	PerPage int    `url:"per_page,omitempty"`
	Status  string `url:"status,omitempty"`
}

// pagedServer serves /items?page=N from pages (1-based). header decides the
// X-Pagination header ("" = none) for a page.
type pagedServer struct {
	srv     *httptest.Server
	fetches atomic.Int32
	queries []string
}

func newPagedServer(t *testing.T, pages [][]int, header func(page int) string, fail map[int]int) *pagedServer {
	ps := &pagedServer{}
	ps.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.fetches.Add(1)
		ps.queries = append(ps.queries, r.URL.RawQuery)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if status := fail[page]; status != 0 {
			w.WriteHeader(status)
			return
		}
		if h := header(page); h != "" {
			w.Header().Set("X-Pagination", h)
		}
		var items []string
		if page >= 1 && page <= len(pages) {
			for _, id := range pages[page-1] {
				items = append(items, fmt.Sprintf(`{"id":%d}`, id))
			}
		}
		_, _ = fmt.Fprintf(w, "[%s]", strings.Join(items, ","))
	}))
	t.Cleanup(ps.srv.Close)
	return ps
}

// blueinkStyle parses "page,total_pages,per_page,total_results".
func blueinkStyle(h http.Header) *Pagination {
	v := h.Get("X-Pagination")
	if v == "" {
		return nil
	}
	var p Pagination
	if _, err := fmt.Sscanf(v, "%d,%d,%d,%d", &p.Page, &p.TotalPages, &p.PerPage, &p.TotalResults); err != nil {
		return nil
	}
	return &p
}

// all is what a provider's All method looks like: the closure copies the
// caller's options and never writes to them.
func all(ctx context.Context, c *Client, opts *pagerListOptions) func(func(*pagerItem, error) bool) {
	return Iterate(ctx, c, func(ctx context.Context, prev *Pagination) ([]*pagerItem, *Response, error) {
		o := pagerListOptions{}
		if opts != nil {
			o = *opts
		}
		o.Page = NextPage(prev, o.Page)
		return Do[[]*pagerItem](ctx, c, http.MethodGet, "items", &o, nil)
	})
}

func collect(t *testing.T, seq func(func(*pagerItem, error) bool), stopAfter int) (ids []int, errs []error) {
	t.Helper()
	for it, err := range seq {
		if len(ids)+len(errs) > 100 {
			t.Fatalf("the iterator does not stop: %d items, %d errors", len(ids), len(errs))
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, it.ID)
		if stopAfter > 0 && len(ids) == stopAfter {
			break
		}
	}
	return ids, errs
}

func honest(total int) func(int) string {
	return func(page int) string { return fmt.Sprintf("%d,%d,2,%d", page, total, total*2) }
}

func TestIterate(t *testing.T) {
	three := [][]int{{1, 2}, {3, 4}, {5, 6}}
	cases := []struct {
		name      string
		pages     [][]int
		header    func(int) string
		fail      map[int]int
		start     int
		stopAfter int
		wantIDs   []int
		wantErrs  int
		fetches   int32
		// skipQueries: the pages asked are not start, start+1, ...
		skipQueries bool
		stalled     bool // the error is ErrPaginationStalled
		decodeErr   bool // the error is a *DecodeError
	}{
		{name: "stops on last page", pages: three, header: honest(3), wantIDs: []int{1, 2, 3, 4, 5, 6}, fetches: 3},
		{name: "starts at the caller's page", pages: three, header: honest(3), start: 2, wantIDs: []int{3, 4, 5, 6}, fetches: 2},
		{name: "stalls on an empty page that announces more", pages: [][]int{{1, 2}, {}, {5, 6}}, header: honest(9), wantIDs: []int{1, 2}, wantErrs: 1, stalled: true, fetches: 2},
		{name: "stops on an empty last page", pages: [][]int{{1, 2}, {}}, header: honest(2), wantIDs: []int{1, 2}, fetches: 2},
		{name: "stops without pagination info", pages: three, header: func(int) string { return "" }, wantIDs: []int{1, 2}, fetches: 1},
		{name: "stops on unparsable pagination", pages: three, header: func(int) string { return "garbage" }, wantIDs: []int{1, 2}, fetches: 1},
		// Page 1 of 3, then a page that no longer says where it is: the
		// iteration cannot tell it is over and says so.
		{name: "fails when a later page loses its pagination", pages: three, header: func(p int) string { return map[int]string{1: "1,3,2,6", 2: "garbage"}[p] }, wantIDs: []int{1, 2, 3, 4}, wantErrs: 1, decodeErr: true, fetches: 2},
		{name: "fails when a later page has no pagination", pages: three, header: func(p int) string { return map[int]string{1: "1,3,2,6"}[p] }, wantIDs: []int{1, 2, 3, 4}, wantErrs: 1, decodeErr: true, fetches: 2},
		{name: "stalls on a page that does not advance", pages: three, header: func(int) string { return "1,3,2,6" }, wantIDs: []int{1, 2, 3, 4}, wantErrs: 1, stalled: true, fetches: 2},
		// Page 1 claims to be page 2, so page 3 is asked next; it claims page 0,
		// which announces no next page: the end.
		{name: "ends on a page that announces no next", pages: three, header: func(p int) string { return fmt.Sprintf("%d,3,2,6", 3-p) }, wantIDs: []int{1, 2, 5, 6}, fetches: 2, skipQueries: true},
		// Page 1 says 2 of 3, page 3 (asked next) says 1 of 3: it went back.
		{name: "stalls on a page that goes back", pages: three, header: func(p int) string { return fmt.Sprintf("%d,3,2,6", map[int]int{1: 2, 3: 1}[p]) }, wantIDs: []int{1, 2, 5, 6}, wantErrs: 1, stalled: true, fetches: 2, skipQueries: true},
		{name: "stops on consumer break", pages: three, header: honest(3), stopAfter: 3, wantIDs: []int{1, 2, 3}, fetches: 2},
		{name: "break on the last item of a page fetches no more", pages: three, header: honest(3), stopAfter: 2, wantIDs: []int{1, 2}, fetches: 1},
		{name: "error yielded once then stop", pages: three, header: honest(3), fail: map[int]int{2: 500}, wantIDs: []int{1, 2}, wantErrs: 1, fetches: 2},
		{name: "error on first page", pages: three, header: honest(3), fail: map[int]int{1: 404}, wantErrs: 1, fetches: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := newPagedServer(t, tc.pages, tc.header, tc.fail)
			c, _ := newClient(t, ps.srv.URL, func(c *Config) { c.Pagination = blueinkStyle; c.MaxRetries = -1; c.Name = "testprov" })
			opts := &pagerListOptions{Page: tc.start, PerPage: 2, Status: "complete"}
			snapshot := *opts
			ids, errs := collect(t, all(context.Background(), c, opts), tc.stopAfter)
			equal(t, "ids", ids, tc.wantIDs)
			equal(t, "errors", len(errs), tc.wantErrs)
			equal(t, "fetches", ps.fetches.Load(), tc.fetches)
			equal(t, "caller options after iteration", *opts, snapshot)
			for i, q := range ps.queries {
				if tc.skipQueries {
					break
				}
				want := fmt.Sprintf("page=%d&per_page=2&status=complete", max(tc.start, 1)+i)
				equal(t, fmt.Sprint("query ", i), q, want)
			}
			var de *DecodeError
			if tc.decodeErr && (!errors.As(errs[0], &de) || !strings.HasPrefix(errs[0].Error(), "GET http") || !strings.Contains(errs[0].Error(), "page=2")) {
				t.Fatalf("error = %v, want a named *DecodeError for page 2", errs[0])
			}
			if tc.wantErrs == 1 && !tc.stalled && !tc.decodeErr && !errors.Is(errs[0], ErrServer) && !errors.Is(errs[0], ErrNotFound) {
				t.Fatalf("error = %v", errs[0])
			}
			if tc.stalled && (!errors.Is(errs[0], ErrPaginationStalled) || !strings.HasPrefix(errs[0].Error(), "testprov: pagination stalled: ")) {
				t.Fatalf("error = %v, want a named ErrPaginationStalled", errs[0])
			}
		})
	}
}

func TestIterateNilOptionsAndReuse(t *testing.T) {
	ps := newPagedServer(t, [][]int{{1}, {2}}, honest(2), nil)
	c, _ := newClient(t, ps.srv.URL, func(c *Config) { c.Pagination = blueinkStyle })
	seq := all(context.Background(), c, nil)
	a, _ := collect(t, seq, 0)
	b, _ := collect(t, seq, 0) // an iterator can be ranged over again: it starts afresh
	equal(t, "first range", a, []int{1, 2})
	equal(t, "second range", b, []int{1, 2})
	equal(t, "fetches", ps.fetches.Load(), int32(4))
}

func TestIterateCancelledContext(t *testing.T) {
	var fetches int
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	seq := Iterate(ctx, nil, func(context.Context, *Pagination) ([]int, *Response, error) { fetches++; return []int{1}, nil, nil })
	var errs []error
	for _, err := range seq {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || fetches != 0 {
		t.Fatalf("errs = %v, fetches = %d", errs, fetches)
	}
	// Cancelled between pages: the error comes once, after the first page.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	fetches = 0
	seq = Iterate(ctx, nil, func(_ context.Context, prev *Pagination) ([]int, *Response, error) {
		fetches++
		return []int{fetches}, &Response{Pagination: &Pagination{Page: fetches, TotalPages: 100}}, nil
	})
	var got []int
	errs = nil
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
		cancel()
	}
	equal(t, "items", got, []int{1})
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("errs = %v", errs)
	}
}

func TestIterateOffsetAndLinkPagination(t *testing.T) {
	// Legalesign-style {meta:{next,total_count,offset,limit}}: offsets advance.
	var offsets []int
	seq := Iterate(context.Background(), nil, func(_ context.Context, prev *Pagination) ([]int, *Response, error) {
		off := 0
		if prev != nil {
			off = prev.Offset + prev.Limit
		}
		offsets = append(offsets, off)
		p := &Pagination{Offset: off, Limit: 2, TotalResults: 5}
		if off+2 < 5 {
			p.Next = fmt.Sprintf("/api/v1/document/?limit=2&offset=%d", off+2)
		}
		items := []int{}
		for i := off; i < min(off+2, 5); i++ {
			items = append(items, i)
		}
		return items, &Response{Pagination: p}, nil
	})
	var got []int
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	equal(t, "items", got, []int{0, 1, 2, 3, 4})
	equal(t, "offsets", offsets, []int{0, 2, 4})

	// Link-only pagination: stops when the same Next comes back.
	calls := 0
	seq = Iterate(context.Background(), nil, func(context.Context, *Pagination) ([]int, *Response, error) {
		calls++
		next := "/items?cursor=b"
		if calls == 1 {
			next = "/items?cursor=a"
		}
		return []int{calls}, &Response{Pagination: &Pagination{Next: next}}, nil
	})
	got = nil
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	equal(t, "link pages", got, []int{1, 2, 3})
	equal(t, "link calls", calls, 3)
	stalled(t, "same next link again", errs)

	// Link-only pagination that cycles (a, b, a, b, ...): every link differs
	// from the one before, but a link already followed stops the iteration.
	calls = 0
	var asked []string
	seq = Iterate(context.Background(), nil, func(_ context.Context, prev *Pagination) ([]int, *Response, error) {
		calls++
		if prev != nil {
			asked = append(asked, prev.Next)
		}
		next := "/items?cursor=a"
		if calls%2 == 0 {
			next = "/items?cursor=b"
		}
		return []int{calls}, &Response{Pagination: &Pagination{Next: next}}, nil
	})
	got, errs = nil, nil
	for v, err := range seq {
		if len(got) > 10 {
			t.Fatal("the iterator follows a cycle of next links forever")
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	equal(t, "cycling link pages", got, []int{1, 2, 3})
	stalled(t, "cycle", errs)
	equal(t, "cycling links followed", asked, []string{"/items?cursor=a", "/items?cursor=b"})

	// Offset pagination whose offset does advance but whose Next link
	// repeats is stopped too.
	calls = 0
	seq = Iterate(context.Background(), nil, func(context.Context, *Pagination) ([]int, *Response, error) {
		calls++
		return []int{calls}, &Response{Pagination: &Pagination{Offset: calls * 10, Limit: 10, TotalResults: 1000, Next: "/same"}}, nil
	})
	got, errs = nil, nil
	for v, err := range seq {
		if len(got) > 10 {
			t.Fatal("the iterator follows the same next link forever")
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	equal(t, "repeated next link pages", got, []int{1, 2})
	stalled(t, "repeated next link", errs)
}

// stalled checks that an iteration ended with exactly one error matching
// ErrPaginationStalled.
func stalled(t *testing.T, name string, errs []error) {
	t.Helper()
	if len(errs) != 1 || !errors.Is(errs[0], ErrPaginationStalled) {
		t.Fatalf("%s: errors = %v, want one ErrPaginationStalled", name, errs)
	}
}

func TestPaginationHasNextAndAfter(t *testing.T) {
	for _, tc := range []struct {
		p    *Pagination
		want bool
	}{
		{nil, false},
		{&Pagination{}, false},
		{&Pagination{Page: 1, TotalPages: 2}, true},
		{&Pagination{Page: 2, TotalPages: 2}, false},
		{&Pagination{Page: 3, TotalPages: 2}, false},
		{&Pagination{Page: 1}, false},
		{&Pagination{Page: 1, Next: "x"}, true},
		{&Pagination{Next: "x"}, true},
		{&Pagination{Offset: 0, Limit: 20, TotalResults: 21}, true},
		{&Pagination{Offset: 20, Limit: 20, TotalResults: 21}, false},
	} {
		equal(t, fmt.Sprintf("HasNext(%+v)", tc.p), tc.p.HasNext(), tc.want)
	}
	for _, tc := range []struct {
		p, prev *Pagination
		want    bool
	}{
		{&Pagination{Page: 1}, nil, true},
		{&Pagination{Page: 2}, &Pagination{Page: 1}, true},
		{&Pagination{Page: 1}, &Pagination{Page: 1}, false},
		{&Pagination{Page: 0}, &Pagination{Page: 1}, false},
		{&Pagination{Offset: 20}, &Pagination{Offset: 0}, true},
		{&Pagination{Offset: 20}, &Pagination{Offset: 20}, false},
		{&Pagination{Next: "b"}, &Pagination{Next: "a"}, true},
		{&Pagination{Next: "a"}, &Pagination{Next: "a"}, false},
		{&Pagination{}, &Pagination{}, false},
	} {
		equal(t, fmt.Sprintf("after(%+v, %+v)", tc.p, tc.prev), tc.p.after(tc.prev), tc.want)
	}
	equal(t, "NextPage(nil, 0)", NextPage(nil, 0), 1)
	equal(t, "NextPage(nil, -3)", NextPage(nil, -3), 1)
	equal(t, "NextPage(nil, 4)", NextPage(nil, 4), 4)
	equal(t, "NextPage(p2, 4)", NextPage(&Pagination{Page: 2}, 4), 3)
}
