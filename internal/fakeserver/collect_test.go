package fakeserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// A call's changes become one delivery per key (Collect), only when the
// call succeeds, and the time filters bound lists inclusively (Since) or
// strictly (After).
func TestCollectAndTimeFilters(t *testing.T) {
	var (
		mu   sync.Mutex
		got  []string
		tick = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	)
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Changes []string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		got = append(got, fmt.Sprint(body.Changes))
		mu.Unlock()
	}))
	defer hooks.Close()
	flush := func(c *fs.Call, items []any) {
		body, _ := json.Marshal(map[string]any{"Changes": items})
		c.Queue(fs.Outgoing{Event: "batch", URL: hooks.URL, Body: body})
	}
	change := func(c *fs.Call, what string) {
		c.Collect("batch", what, flush)
		c.Collect("other", what, func(*fs.Call, []any) {}) // another key: its own flush
	}
	s := fs.Start(fs.Config{
		Options: fs.Options{Clock: func() time.Time { tick = tick.Add(time.Second); return tick }},
		Name:    "toytest", APIPath: "/api",
		Routes: fs.Routes(boxes.Routes(fs.Behaviour[box]{Ops: fs.OpList | fs.OpCreate, Render: renderBox,
			Filters: []fs.Filter[box]{fs.Since("since", fs.CreatedAt[box], nil), fs.After("after", fs.CreatedAt[box], nil)},
			Create: func(c *fs.Call, it *fs.Item[box]) *fs.Error {
				if e := c.Decode(&it.V, "label"); e != nil {
					return e
				}
				change(c, it.V.Label+" created")
				change(c, it.V.Label+" labelled")
				if it.V.Label == "bad" {
					return fs.Errorf(http.StatusConflict, "refused after collecting")
				}
				return nil
			},
		})),
		Error: func(_ *fs.Call, e *fs.Error) fs.Reply {
			return fs.JSON(e.Status, map[string]string{"error": e.Message})
		},
	})
	defer s.Close()
	c := newClient(t, s)

	status, _, _ := c.do("POST", "/boxes", `{"label":"a"}`)
	require.Equal(t, http.StatusOK, status)
	status, _, _ = c.do("POST", "/boxes", `{"label":"bad"}`)
	require.Equal(t, http.StatusConflict, status)
	require.NoError(t, s.Do(context.Background(), func(c *fs.Call) error { change(c, "step"); return nil }))
	require.Error(t, s.Do(context.Background(), func(c *fs.Call) error { change(c, "failed step"); return errors.New("no") }))
	mu.Lock()
	assert.Equal(t, []string{"[a created a labelled]", "[step]"}, got, "one delivery per successful call")
	mu.Unlock()
	require.Len(t, s.Deliveries(), 2)

	c.do("POST", "/boxes", `{"label":"b"}`)
	var page []map[string]any
	req, _ := http.NewRequest(http.MethodGet, s.APIURL()+"/boxes", nil)
	resp, err := s.HTTPClient().Do(req)
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&page))
	resp.Body.Close()
	require.Len(t, page, 2)
	first := page[0]["created"].(string)
	labels := func(query string) []string {
		var out []map[string]any
		resp, err := s.HTTPClient().Get(s.APIURL() + "/boxes?" + query)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		var ls []string
		for _, b := range out {
			ls = append(ls, b["label"].(string))
		}
		return ls
	}
	assert.Equal(t, []string{"a", "b"}, labels("since="+first), "Since is inclusive")
	assert.Equal(t, []string{"b"}, labels("after="+first), "After is strict")
	status, _, _ = c.do("GET", "/boxes?after=yesterday", "")
	assert.Equal(t, http.StatusBadRequest, status)
}

// On routes an operation to the item its path names, or the 404.
func TestOn(t *testing.T) {
	s := fs.Start(fs.Config{Name: "toytest", Routes: fs.Routes(
		boxes.Routes(fs.Behaviour[box]{Ops: fs.OpCreate, Render: renderBox,
			Create: func(c *fs.Call, it *fs.Item[box]) *fs.Error { return c.Decode(&it.V, "label") }}),
		[]fs.Route{boxes.On(http.MethodPost, "boxes/{box_id}/open", func(c *fs.Call, it *fs.Item[box]) fs.Reply {
			it.V.Status = "open"
			return fs.JSON(http.StatusOK, renderBox(c, it))
		})}),
		Error: func(_ *fs.Call, e *fs.Error) fs.Reply {
			return fs.JSON(e.Status, map[string]string{"error": e.Message})
		},
	})
	defer s.Close()
	c := newClient(t, s)
	c.do("POST", "/boxes", `{"label":"a"}`)
	status, _, b := c.do("POST", "/boxes/box_1/open", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "open", b["status"])
	status, _, b = c.do("POST", "/boxes/box_9/open", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "Box not found", b["error"])
}
