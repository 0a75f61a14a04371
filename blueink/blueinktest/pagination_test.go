package blueinktest_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/internal/timeutil"
)

// clock is a settable clock for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestPaginationHeaderAndPages(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	var created []string
	for i := range 7 {
		b, _, err := c.Bundles.Create(ctx, simpleRequest(fmt.Sprintf("bundle %d", i)))
		require.NoError(t, err)
		created = append(created, b.ID)
	}

	for _, tc := range []struct {
		query, header string
		n             int
		next          string // x-next, after URL()
	}{
		{"", "1,1,50,7", 7, ""},
		{"?per_page=3", "1,3,3,7", 3, "bundles/?page=2&per_page=3"},
		{"?per_page=3&page=2&status=se", "2,3,3,7", 3, "bundles/?page=3&per_page=3&status=se"},
		{"?per_page=3&page=3", "3,3,3,7", 1, ""},
		{"?per_page=500", "1,1,100,7", 7, ""},
		{"?per_page=abc", "1,1,50,7", 7, ""},
		{"?per_page=0", "1,1,50,7", 7, ""},
		{"?status=co", "1,1,50,0", 0, ""},
	} {
		resp := raw(t, srv, "GET", "bundles/"+tc.query, "", nil)
		require.Equal(t, http.StatusOK, resp.Status, tc.query)
		assert.Equal(t, tc.header, resp.Header.Get("X-Blueink-Pagination"), tc.query)
		if assert.Equal(t, tc.next != "", resp.Header.Get("X-Next") != "", "x-next: %s", tc.query) && tc.next != "" {
			assert.Equal(t, srv.URL()+tc.next, resp.Header.Get("X-Next"), tc.query)
		}
		var list []any
		require.NoError(t, jsonUnmarshal(resp.Body, &list))
		assert.Len(t, list, tc.n, tc.query)
	}
	for _, q := range []string{"?page=0", "?page=abc", "?per_page=3&page=4", "?page=2"} {
		resp := raw(t, srv, "GET", "bundles/"+q, "", nil)
		assert.Equal(t, http.StatusNotFound, resp.Status, q)
		assert.Equal(t, map[string]any{"code": "not_found", "message": "Invalid page.", "errors": []any{}}, resp.JSON(t), q)
	}

	t.Run("the iterator walks every page", func(t *testing.T) {
		srv.ResetRequests()
		opts := &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 2}, Ordering: blueink.OrderCreated}
		var got []string
		for b, err := range c.Bundles.All(ctx, opts) {
			require.NoError(t, err)
			got = append(got, b.ID)
		}
		assert.Equal(t, created, got)
		assert.Equal(t, 0, opts.Page, "options are not modified")
		var pages []string
		for _, r := range srv.Requests() {
			pages = append(pages, r.Query.Get("page")+"/"+r.Query.Get("per_page"))
		}
		assert.Equal(t, []string{"1/2", "2/2", "3/2", "4/2"}, pages)
	})
	t.Run("the iterator starts at the given page and stops on break", func(t *testing.T) {
		srv.ResetRequests()
		var got []string
		for b, err := range c.Bundles.All(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{Page: 2, PerPage: 3}, Ordering: blueink.OrderCreated}) {
			require.NoError(t, err)
			got = append(got, b.ID)
			if len(got) == 4 {
				break
			}
		}
		assert.Equal(t, created[3:7], got)
		assert.Len(t, srv.Requests(), 2)
	})
	t.Run("List reports the pagination", func(t *testing.T) {
		page, resp, err := c.Bundles.List(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{Page: 3, PerPage: 3}})
		require.NoError(t, err)
		assert.Len(t, page, 1)
		assert.Equal(t, blueink.Pagination{Page: 3, TotalPages: 3, PerPage: 3, TotalResults: 7}, *resp.Pagination)
		assert.False(t, resp.Pagination.HasNext())
		_, resp, err = c.Bundles.List(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{Page: 2, PerPage: 3}})
		require.NoError(t, err)
		assert.Equal(t, srv.URL()+"bundles/?page=3&per_page=3", resp.Pagination.Next, "x-next")
	})
	t.Run("an iterator error is yielded once", func(t *testing.T) {
		srv.FailNext(http.StatusBadRequest, 0)
		n := 0
		for _, err := range c.Bundles.All(ctx, nil) {
			assert.ErrorIs(t, err, blueink.ErrBadRequest)
			n++
		}
		assert.Equal(t, 1, n)
	})
}

func TestListFilters(t *testing.T) {
	clk := newClock(time.Date(2024, 10, 1, 12, 0, 0, 0, time.UTC))
	srv := blueinktest.NewServer(t, blueinktest.WithClock(clk.Now))
	c := srv.Client()
	ctx := ctxT(t)
	tmpl := srv.AddTemplate(blueink.Template{Name: "MSA", Roles: []blueink.TemplateRole{{Key: "customer"}}})

	mk := func(label, email string, draft bool, tags ...string) *blueink.Bundle {
		req := simpleRequest(label)
		req.Packets[0].Email = email
		req.CustomKey = "ck-" + label
		if draft {
			req.Status = blueink.BundleDraft
		}
		b, _, err := c.Bundles.Create(ctx, req)
		require.NoError(t, err)
		if len(tags) > 0 {
			_, _, err = c.Bundles.AddTags(ctx, b.ID, tags...)
			require.NoError(t, err)
		}
		clk.Advance(24 * time.Hour)
		return b
	}
	a := mk("alpha", "ann@example.com", false, "q4", "vip")     // created 10-01
	b := mk("beta", "bob@example.com", true, "q4")              // 10-02, draft
	d := mk("delta", "dan@example.com", false)                  // 10-03
	require.NoError(t, srv.Complete(ctx, a.ID))                 // completed 10-04
	tb, _, err := c.Bundles.Create(ctx, &blueink.BundleRequest{ // 10-04
		Packets: []blueink.PacketRequest{{Key: "signer-1", Name: "Tess", Email: "tess@example.com"}},
		Documents: []blueink.RequestDocument{&blueink.TemplateRequest{Key: "msa", TemplateID: tmpl,
			Assignments: []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}}}},
	})
	require.NoError(t, err)
	_, _, err = c.Bundles.Cancel(ctx, d.ID)
	require.NoError(t, err)

	date := func(s string) blueink.Date {
		tm, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return timeutil.DateOf(tm)
	}
	for _, tc := range []struct {
		name string
		opts blueink.BundleListOptions
		want []string
	}{
		{"default order is newest first", blueink.BundleListOptions{}, []string{tb.ID, d.ID, b.ID, a.ID}},
		{"ordering created", blueink.BundleListOptions{Ordering: blueink.OrderCreated}, []string{a.ID, b.ID, d.ID, tb.ID}},
		{"status", blueink.BundleListOptions{Status: blueink.BundleComplete}, []string{a.ID}},
		{"status__in", blueink.BundleListOptions{StatusIn: []blueink.BundleStatus{blueink.BundleDraft, blueink.BundleCancelled}}, []string{d.ID, b.ID}},
		{"tag", blueink.BundleListOptions{Tag: "q4"}, []string{b.ID, a.ID}},
		{"tag__in", blueink.BundleListOptions{TagIn: []string{"vip", "nope"}}, []string{a.ID}},
		{"search label", blueink.BundleListOptions{Search: "ALPHA"}, []string{a.ID}},
		{"search signer email", blueink.BundleListOptions{Search: "bob@"}, []string{b.ID}},
		{"search custom key", blueink.BundleListOptions{Search: "ck-delta"}, []string{d.ID}},
		{"search slug", blueink.BundleListOptions{Search: tb.ID}, []string{tb.ID}},
		{"created range is inclusive", blueink.BundleListOptions{CreatedAfter: date("2024-10-02"), CreatedBefore: date("2024-10-03")}, []string{d.ID, b.ID}},
		{"sent range skips drafts", blueink.BundleListOptions{SentBefore: date("2024-10-02")}, []string{a.ID}},
		{"completed range", blueink.BundleListOptions{CompletedAfter: date("2024-10-04")}, []string{a.ID}},
		{"template", blueink.BundleListOptions{Template: tmpl}, []string{tb.ID}},
		{"filters combine", blueink.BundleListOptions{Tag: "q4", Status: blueink.BundleDraft}, []string{b.ID}},
		{"ordering completed_at desc", blueink.BundleListOptions{Ordering: blueink.OrderCompletedAtDesc, StatusIn: []blueink.BundleStatus{blueink.BundleComplete}}, []string{a.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for bb, err := range c.Bundles.All(ctx, &tc.opts) {
				require.NoError(t, err)
				got = append(got, bb.ID)
			}
			assert.Equal(t, tc.want, got)
		})
	}

	t.Run("webhook event filters", func(t *testing.T) {
		rcv := newReceiver(t, srv, webhookClock(clk))
		wh := subscribe(t, c, rcv.URL, blueink.WebhookEventBundleSent, blueink.WebhookEventBundleCancelled)
		x, _, err := c.Bundles.Create(ctx, simpleRequest("x"))
		require.NoError(t, err)
		clk.Advance(48 * time.Hour)
		_, _, err = c.Bundles.Cancel(ctx, x.ID)
		require.NoError(t, err)
		evs, _, err := c.Webhooks.ListEvents(ctx, &blueink.WebhookEventListOptions{Webhook: wh.ID, DateAfter: timeutil.DateOf(clk.Now())})
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Equal(t, blueink.WebhookEventBundleCancelled, evs[0].EventType)
		evs, _, err = c.Webhooks.ListEvents(ctx, &blueink.WebhookEventListOptions{EventTypeIn: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}, Success: ptr(false)})
		require.NoError(t, err)
		assert.Empty(t, evs)
		ds, _, err := c.Webhooks.ListDeliveries(ctx, &blueink.WebhookDeliveryListOptions{EventType: blueink.WebhookEventBundleSent, Status: ptr(200)})
		require.NoError(t, err)
		assert.Len(t, ds, 1)
	})
}

func TestPersonsPaginate(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	for i := range 5 {
		_, _, err := c.Persons.Create(ctx, &blueink.PersonRequest{Name: fmt.Sprintf("Person %d", i)})
		require.NoError(t, err)
	}
	var names []string
	for p, err := range c.Persons.All(ctx, &blueink.PersonListOptions{ListOptions: blueink.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"Person 0", "Person 1", "Person 2", "Person 3", "Person 4"}, names)
	assert.Len(t, srv.Requests(), 5+3)
}
