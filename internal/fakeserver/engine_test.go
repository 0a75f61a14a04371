package fakeserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// A toy provider: boxes hold widgets; a box can be shipped (a step that
// emits "box.shipped").

type box struct {
	Label  string `json:"label"`
	Status string `json:"status"`
}

type widget struct {
	Name string `json:"name"`
}

var (
	boxes   = &fs.Resource[box]{Name: "box", Path: "boxes", Param: "box_id", ID: fs.Counter("box_%d")}
	widgets = &fs.Resource[widget]{Name: "widget", Path: "boxes/{box_id}/widgets", Param: "widget_id",
		Parent: boxes, ID: fs.Counter("w%03d")}
)

func renderBox(c *fs.Call, it *fs.Item[box]) any {
	return map[string]any{"id": it.ID, "label": it.V.Label, "status": it.V.Status, "created": c.Time(it.Created)}
}

func renderWidget(_ *fs.Call, it *fs.Item[widget]) any {
	return map[string]any{"id": it.ID, "box": it.Parent, "name": it.V.Name}
}

func toyRoutes() []fs.Route {
	return fs.Routes(
		boxes.Routes(fs.Behaviour[box]{Ops: fs.CRUD, Render: renderBox,
			List:    fs.HeaderPages{Header: "X-Pages", Default: 2, Max: 3},
			Filters: []fs.Filter[box]{fs.Equal("status", func(it *fs.Item[box]) string { return it.V.Status }, "draft", "shipped")},
			Create: func(c *fs.Call, it *fs.Item[box]) *fs.Error {
				if e := c.Decode(&it.V, "label"); e != nil {
					return e
				}
				it.V.Status = "draft"
				c.Emit("box.created", renderBox(c, it))
				return nil
			},
			CreateStatus: http.StatusCreated,
			Update:       func(c *fs.Call, it *fs.Item[box]) *fs.Error { return c.Decode(&it.V) },
			UpdateMethod: http.MethodPatch,
		}),
		widgets.Routes(fs.Behaviour[widget]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpDelete, Render: renderWidget,
			Create: func(c *fs.Call, it *fs.Item[widget]) *fs.Error { return c.Decode(&it.V, "name") },
		}),
		[]fs.Route{{Method: http.MethodPost, Path: "boxes/{box_id}/ship", Handle: func(c *fs.Call) fs.Reply {
			it, e := boxes.Find(c)
			if e != nil {
				return e.Reply()
			}
			if e := ship(c, it); e != nil {
				return e.Reply()
			}
			return fs.JSON(http.StatusOK, renderBox(c, it))
		}}},
	)
}

func ship(c *fs.Call, it *fs.Item[box]) *fs.Error {
	if it.V.Status != "draft" {
		return fs.Errorf(http.StatusConflict, "box %s is %s", it.ID, it.V.Status)
	}
	it.V.Status = "shipped"
	c.Emit("box.shipped", renderBox(c, it))
	return nil
}

// toy starts the toy fake; hooks receives its deliveries.
func toy(t *testing.T, hooks string, opts ...func(*fs.Config)) *fs.Server {
	cfg := fs.Config{
		Options: fs.Options{Clock: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }, Seeded: true},
		Name:    "toytest", APIPath: "/api/v1", Routes: toyRoutes(),
		Auth: fs.Scheme("Token", "secret-key"),
		Error: func(c *fs.Call, e *fs.Error) fs.Reply {
			return fs.JSON(e.Status, map[string]any{"error": e.Message, "code": e.Code, "fields": len(e.Fields)})
		},
		Events: func(c *fs.Call, event string, data any) []fs.Outgoing {
			if hooks == "" {
				return nil
			}
			body, _ := json.Marshal(map[string]any{"event": event, "data": data})
			return []fs.Outgoing{{WebhookID: "hook1", Event: event, URL: hooks, Body: body,
				Header: http.Header{"Content-Type": {"application/json"}}}}
		},
		Steps: map[fs.Step]fs.StepFunc{
			fs.StepSend: func(c *fs.Call, in fs.StepInput) *fs.Error {
				it := boxes.Get(c, in.Envelope)
				if it == nil {
					return fs.Errorf(http.StatusNotFound, "box %q not found", in.Envelope)
				}
				return ship(c, it)
			},
		},
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := fs.Start(cfg)
	t.Cleanup(s.Close)
	return s
}

type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func (c client) do(method, path, body string) (int, http.Header, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Token secret-key")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		require.NoError(c.t, json.Unmarshal(raw, &out), string(raw))
	} else if len(raw) > 0 {
		out = map[string]any{"raw": string(raw)}
	}
	return resp.StatusCode, resp.Header, out
}

func newClient(t *testing.T, s *fs.Server) client {
	return client{t: t, base: s.APIURL(), hc: s.HTTPClient()}
}

func TestCRUDAndChildren(t *testing.T) {
	s := toy(t, "")
	c := newClient(t, s)

	status, _, b := c.do("POST", "/boxes", `{"label":"one"}`)
	require.Equal(t, http.StatusCreated, status, b)
	assert.Equal(t, map[string]any{"id": "box_1", "label": "one", "status": "draft", "created": "2026-01-02T03:04:05Z"}, b)
	status, _, b = c.do("GET", "/boxes/box_1", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "one", b["label"])
	status, _, b = c.do("PATCH", "/boxes/box_1", `{"label":"uno"}`)
	require.Equal(t, http.StatusOK, status, b)
	_, _, b = c.do("GET", "/boxes/box_1/", "") // a trailing slash is optional by default
	assert.Equal(t, "uno", b["label"], "updates show")

	status, _, b = c.do("POST", "/boxes", `{}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "label is required", b["error"])
	status, _, b = c.do("POST", "/boxes", `{"label":3}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "label must be a string, not number", b["error"])
	status, _, b = c.do("POST", "/boxes", `{"label":`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, b["error"], "invalid JSON body")

	// Children belong to their parent.
	_, _, _ = c.do("POST", "/boxes", `{"label":"two"}`)
	status, _, w := c.do("POST", "/boxes/box_1/widgets", `{"name":"cog"}`)
	require.Equal(t, http.StatusOK, status, w)
	assert.Equal(t, map[string]any{"id": "w001", "box": "box_1", "name": "cog"}, w)
	status, _, b = c.do("GET", "/boxes/box_2/widgets/w001", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "Widget not found", b["error"])
	status, _, b = c.do("GET", "/boxes/box_9/widgets", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "Box not found", b["error"], "the parent's 404 first")
	status, _, b = c.do("POST", "/boxes/box_9/widgets", `{"name":"x"}`)
	assert.Equal(t, http.StatusNotFound, status, b)

	// Deleting a parent deletes its children.
	status, _, _ = c.do("DELETE", "/boxes/box_1", "")
	assert.Equal(t, http.StatusNoContent, status)
	status, _, _ = c.do("GET", "/boxes/box_1", "")
	assert.Equal(t, http.StatusNotFound, status, "deletes give 404 after")
	require.NoError(t, s.Do(context.Background(), func(call *fs.Call) error {
		assert.Nil(t, widgets.Get(call, "w001"), "cascaded")
		assert.Len(t, boxes.All(call), 1)
		return nil
	}))

	// Unknown paths and methods.
	status, _, b = c.do("GET", "/nothing", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, b["error"], "no such path")
	status, h, _ := c.do("PUT", "/boxes/box_2", "{}")
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "GET, PATCH, DELETE", h.Get("Allow"))

	assert.Equal(t, []string{
		"GET boxes", "POST boxes", "GET boxes/{box_id}", "PATCH boxes/{box_id}", "DELETE boxes/{box_id}",
		"GET boxes/{box_id}/widgets", "POST boxes/{box_id}/widgets", "GET boxes/{box_id}/widgets/{widget_id}",
		"DELETE boxes/{box_id}/widgets/{widget_id}", "POST boxes/{box_id}/ship",
	}, s.Ops())
}

func TestListsFilterAndPage(t *testing.T) {
	s := toy(t, "")
	c := newClient(t, s)
	for _, l := range []string{"a", "b", "c"} {
		c.do("POST", "/boxes", `{"label":"`+l+`"}`)
	}
	c.do("POST", "/boxes/box_2/ship", "")

	status, h, _ := c.do("GET", "/boxes?page=2", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "2,2,2,3", h.Get("X-Pages"))
	status, _, b := c.do("GET", "/boxes?page=3", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "Invalid page.", b["error"])

	req, _ := http.NewRequest("GET", s.APIURL()+"/boxes?status=shipped", nil)
	req.Header.Set("Authorization", "Token secret-key")
	resp, err := s.HTTPClient().Do(req)
	require.NoError(t, err)
	var page []map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&page))
	resp.Body.Close()
	require.Len(t, page, 1)
	assert.Equal(t, "box_2", page[0]["id"])

	status, _, b = c.do("GET", "/boxes?status=lost", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, `status must be one of draft, shipped, not "lost"`, b["error"])
	assert.EqualValues(t, 1, b["fields"])
}

func TestAuthAndFaults(t *testing.T) {
	s := toy(t, "")
	c := newClient(t, s)

	resp, err := s.HTTPClient().Get(s.APIURL() + "/boxes")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	s.FailNext(http.StatusServiceUnavailable, 1500*time.Millisecond)
	status, h, b := c.do("GET", "/boxes", "")
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, "2", h.Get("Retry-After"))
	assert.Equal(t, "Service Unavailable (injected by FailNext)", b["error"])

	count := func() (n int) {
		_ = s.Do(context.Background(), func(call *fs.Call) error { n = len(boxes.All(call)); return nil })
		return n
	}
	post := func() error {
		req, _ := http.NewRequest("POST", s.APIURL()+"/boxes", strings.NewReader(`{"label":"x"}`))
		req.Header.Set("Authorization", "Token secret-key")
		resp, err := s.HTTPClient().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	s.FailNext(fs.DropConnection, 0)
	require.Error(t, post(), "no answer")
	assert.Equal(t, 0, count(), "a dropped request never happened")

	s.FailNext(fs.LoseAnswer, 0)
	require.Error(t, post(), "no answer")
	assert.Equal(t, 1, count(), "a lost answer's request took effect")

	require.NoError(t, post())
	assert.Equal(t, 2, count(), "faults are used up")
	assert.Len(t, s.Requests(), 5)
}

func TestDeliveries(t *testing.T) {
	var (
		mu  sync.Mutex
		got []string
		s   *fs.Server
	)
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev struct{ Event string }
		_ = json.NewDecoder(r.Body).Decode(&ev)
		mu.Lock()
		got = append(got, ev.Event)
		mu.Unlock()
		// The receiver may call the API while handling a delivery.
		req, _ := http.NewRequest("GET", s.APIURL()+"/boxes", nil)
		req.Header.Set("Authorization", "Token secret-key")
		resp, err := s.HTTPClient().Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		resp.Body.Close()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer hooks.Close()
	s = toy(t, hooks.URL)
	c := newClient(t, s)

	c.do("POST", "/boxes", `{"label":"a"}`)
	status, _, _ := c.do("POST", "/boxes/box_1/ship", "")
	require.Equal(t, http.StatusOK, status)
	status, _, _ = c.do("POST", "/boxes/box_1/ship", "")
	require.Equal(t, http.StatusConflict, status, "a refused request delivers nothing")
	mu.Lock()
	assert.Equal(t, []string{"box.created", "box.shipped"}, got, "delivered before the answer")
	mu.Unlock()

	ds := s.Deliveries()
	require.Len(t, ds, 2)
	assert.Equal(t, "hook1", ds[1].WebhookID)
	assert.Equal(t, "box.shipped", ds[1].Event)
	assert.Equal(t, http.StatusAccepted, ds[1].Status)
	assert.True(t, ds[1].OK())
	assert.Equal(t, "toytest", ds[1].Header.Get("User-Agent"))

	type eventType string
	typed := fs.Deliveries[eventType](ds)
	assert.Equal(t, eventType("box.created"), typed[0].Event)

	// Deliver posts prepared deliveries directly; Done keeps a log.
	var done []int
	d := s.Deliver(context.Background(), fs.Outgoing{Event: "custom", URL: hooks.URL, Body: []byte(`{"event":"custom"}`),
		Done: func(_ *fs.Call, d fs.Delivery[string]) { done = append(done, d.Status) }})
	assert.Equal(t, http.StatusAccepted, d[0].Status)
	assert.Equal(t, []int{http.StatusAccepted}, done)
	d = s.Deliver(context.Background(), fs.Outgoing{URL: "http://127.0.0.1:1/unreachable"})
	assert.Error(t, d[0].Err)
	assert.False(t, d[0].OK())
}

func TestSteps(t *testing.T) {
	s := toy(t, "")
	c := newClient(t, s)
	ctx := context.Background()
	c.do("POST", "/boxes", `{"label":"a"}`)

	require.NoError(t, s.Step(ctx, fs.StepSend, fs.StepInput{Envelope: "box_1"}))
	_, _, b := c.do("GET", "/boxes/box_1", "")
	assert.Equal(t, "shipped", b["status"])
	err := s.Step(ctx, fs.StepSend, fs.StepInput{Envelope: "box_1"})
	assert.ErrorIs(t, err, fs.ErrState)
	assert.EqualError(t, err, "toytest: send: box box_1 is shipped")
	assert.ErrorIs(t, s.Step(ctx, fs.StepSend, fs.StepInput{Envelope: "nope"}), fs.ErrNotFound)
	assert.ErrorIs(t, s.Step(ctx, fs.StepSign, fs.StepInput{}), fs.ErrUnsupported)

	// The same steps over HTTP, without credentials.
	control := func(step, body string) (int, string) {
		resp, err := http.Post(s.Root()+fs.ControlPath+step, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	c.do("POST", "/boxes", `{"label":"b"}`)
	status, _ := control("send", `{"envelope":"box_2"}`)
	assert.Equal(t, http.StatusNoContent, status)
	status, body := control("send", `{"envelope":"box_2"}`)
	assert.Equal(t, http.StatusConflict, status)
	assert.JSONEq(t, `{"error":"toytest: send: box box_2 is shipped"}`, body)
	status, _ = control("send", `{"envelope":"nope"}`)
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = control("sign", `{}`)
	assert.Equal(t, http.StatusNotImplemented, status)
	status, _ = control("send", `{`)
	assert.Equal(t, http.StatusBadRequest, status)
}

func TestClientCredentials(t *testing.T) {
	cc := fs.ClientCredentials{Path: "/oauth/token", ClientID: "id", ClientSecret: "secret", TTL: time.Hour, Prefix: "tok-"}
	jc := fs.ClientCredentials{Path: "/json/token", ClientID: "id", ClientSecret: "secret", TTL: time.Hour, JSON: true,
		Audience: "https://api.example/", BadClient: "access_denied", Scope: "all"}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := toy(t, "", func(cfg *fs.Config) {
		cfg.Mounts = []fs.Route{cc.Route(), jc.Route()}
		cfg.Auth = fs.Bearer("static-token")
		cfg.Clock = func() time.Time { return now }
	})
	token := func(form url.Values) (int, map[string]any) {
		resp, err := http.PostForm(s.Root()+"/oauth/token", form)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	status, b := token(url.Values{"grant_type": {"client_credentials"}, "client_id": {"id"}, "client_secret": {"wrong"}})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid_client", b["error"])
	status, b = token(url.Values{"grant_type": {"password"}})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "unsupported_grant_type", b["error"])
	status, b = token(url.Values{"grant_type": {"client_credentials"}, "client_id": {"id"}, "client_secret": {"secret"}})
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 3600, b["expires_in"])
	tok := b["access_token"].(string)
	assert.True(t, strings.HasPrefix(tok, "tok-"))

	get := func(bearer string) int {
		req, _ := http.NewRequest("GET", s.APIURL()+"/boxes", nil)
		req.Header.Set("Authorization", "Bearer "+bearer)
		resp, err := s.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusOK, get(tok))
	assert.Equal(t, http.StatusOK, get("static-token"))
	assert.Equal(t, http.StatusUnauthorized, get("made-up"))
	now = now.Add(2 * time.Hour)
	assert.Equal(t, http.StatusUnauthorized, get(tok), "expired")

	post := func(body string) (int, map[string]any) {
		resp, err := http.Post(s.Root()+"/json/token", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	status, _ = post(`{"grant_type":"client_credentials","client_id":"id","client_secret":"secret","audience":"x"}`)
	assert.Equal(t, http.StatusForbidden, status)
	status, b = post(`{"grant_type":"client_credentials","client_id":"id","client_secret":"no","audience":"https://api.example/"}`)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "access_denied", b["error"])
	status, b = post(`{"grant_type":"client_credentials","client_id":"id","client_secret":"secret","audience":"https://api.example/"}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "all", b["scope"])
	assert.Equal(t, http.StatusOK, get(b["access_token"].(string)))
	s.Tokens(func(tk *fs.Tokens) {
		assert.Equal(t, 2, tk.Grants())
		assert.True(t, tk.Revoke(b["access_token"].(string)))
		assert.False(t, tk.Revoke("unknown"))
	})
	assert.Equal(t, http.StatusUnauthorized, get(b["access_token"].(string)), "revoked")
}

func TestListersShapes(t *testing.T) {
	items := []any{"a", "b", "c", "d", "e"}
	mk := func(rawQuery string) *fs.Call {
		var c *fs.Call
		s := toy(t, "", func(cfg *fs.Config) {
			cfg.Routes = []fs.Route{{Method: "GET", Path: "x", Handle: func(call *fs.Call) fs.Reply { c = call; return fs.Reply{} }}}
			cfg.Auth = nil
		})
		resp, err := s.HTTPClient().Get(s.APIURL() + "/x?" + rawQuery)
		require.NoError(t, err)
		resp.Body.Close()
		return c
	}
	rep := fs.EnvelopePages{Default: 2, Max: 3}.List(mk("page=2"), "thing", items)
	assert.Equal(t, map[string]any{"version": "1.0", "result_type": "paginated_list", "resource_type": "thing",
		"data": []any{"c", "b"}, "pagination": map[string]int{"limit": 2, "total_pages": 3, "page": 2, "total_results": 5}}, rep.Body)
	rep = fs.EnvelopePages{Default: 2, Max: 3}.List(mk("order_by=asc&limit=3"), "thing", items)
	assert.Equal(t, []any{"a", "b", "c"}, rep.Body.(map[string]any)["data"])
	for _, q := range []string{"limit=4", "limit=0", "page=0", "page=x", "order_by=up"} {
		rep = fs.EnvelopePages{Default: 2, Max: 3}.List(mk(q), "thing", items)
		require.NotNil(t, rep.Err, q)
		assert.Equal(t, http.StatusBadRequest, rep.Err.Status, q)
	}
	rep = fs.EnvelopePages{Default: 2, Max: 3}.List(mk(""), "thing", nil)
	assert.Equal(t, map[string]int{"limit": 2, "total_pages": 1, "page": 1, "total_results": 0}, rep.Body.(map[string]any)["pagination"])

	rep = fs.MetaObjects{Default: 2, Max: 10}.List(mk("offset=2&group=g"), "thing", items)
	body := rep.Body.(map[string]any)
	assert.Equal(t, []any{"c", "d"}, body["objects"])
	meta := body["meta"].(map[string]any)
	assert.Equal(t, "/api/v1/x?group=g&limit=2&offset=4", meta["next"])
	assert.Equal(t, "/api/v1/x?group=g&limit=2&offset=0", meta["previous"])
	assert.Equal(t, 5, meta["total_count"])
	rep = fs.MetaObjects{Default: 2, Max: 10}.List(mk("offset=4"), "thing", items)
	assert.Nil(t, rep.Body.(map[string]any)["meta"].(map[string]any)["next"])

	rep = fs.CountFiles{}.List(mk(""), "thing", nil)
	assert.Equal(t, map[string]any{"count": 0, "files": []any{}}, rep.Body)
	rep = fs.Bare{}.List(mk(""), "thing", items[:1])
	assert.Equal(t, []any{"a"}, rep.Body)

	env := fs.Envelope{}
	assert.Equal(t, "single", env.One(nil, 200, "thing", 1).Body.(map[string]any)["result_type"])
	assert.Equal(t, "deleted", env.Deleted(nil, "thing", 1).Body.(map[string]any)["result_type"])
	assert.Equal(t, http.StatusNoContent, fs.Plain{}.Deleted(nil, "thing", 1).Status)
}

func TestSlashRequiredAndListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := toy(t, "", func(cfg *fs.Config) {
		cfg.Slash = fs.SlashRequired
		cfg.Listener = l
		cfg.Routes = boxes.Routes(fs.Behaviour[box]{Ops: fs.OpGet, Render: renderBox})
	})
	assert.Equal(t, "http://"+l.Addr().String(), s.Root())
	c := newClient(t, s)
	status, _, _ := c.do("GET", "/boxes/x/", "")
	assert.Equal(t, http.StatusNotFound, status)
	status, _, b := c.do("GET", "/boxes/x", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, b["error"], "no such path", "a path without its slash is not found")
}

func TestPatchAndDecodeList(t *testing.T) {
	s := "old"
	fs.Patch(&s, "")
	assert.Equal(t, "old", s, "a zero value leaves it")
	fs.Patch(&s, "new")
	assert.Equal(t, "new", s)

	var got []string
	var errs []string
	srv := toy(t, "", func(cfg *fs.Config) {
		cfg.Auth = nil
		cfg.Routes = []fs.Route{{Method: "POST", Path: "batch", Handle: func(c *fs.Call) fs.Reply {
			items, e := fs.DecodeList[string](c, "items")
			if e != nil {
				errs = append(errs, e.Message)
				return e.Reply()
			}
			got = items
			return fs.JSON(200, items)
		}}}
	})
	for _, body := range []string{`{"items":["a","b"]}`, `{"items":[]}`, `{}`, `{"items":[1]}`} {
		resp, err := srv.HTTPClient().Post(srv.APIURL()+"/batch", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
	}
	assert.Equal(t, []string{"a", "b"}, got)
	assert.Equal(t, []string{"items must not be empty", "items is required", "items must be a string, not number"}, errs)
}

func TestErrorIs(t *testing.T) {
	assert.ErrorIs(t, fs.Errorf(404, "x"), fs.ErrNotFound)
	assert.NotErrorIs(t, fs.Errorf(404, "x"), fs.ErrState)
	assert.ErrorIs(t, fs.Errorf(409, "x"), fs.ErrState)
	assert.False(t, errors.Is(fs.Invalid("x"), fs.ErrNotFound))
	assert.Nil(t, fs.Enum("f", "", "a"))
}

// SlashExact matches the trailing slash each route declares ("/?" either
// way); Behaviour.Paths spells generated routes; a route whose path starts
// with "/" is served outside the API base, authenticated and faulted.
func TestSlashExactPathsAndAbsoluteRoutes(t *testing.T) {
	s := toy(t, "", func(cfg *fs.Config) {
		cfg.Slash = fs.SlashExact
		cfg.Routes = fs.Routes(
			boxes.Routes(fs.Behaviour[box]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpDelete, Render: renderBox,
				Create: func(c *fs.Call, it *fs.Item[box]) *fs.Error { return c.Decode(&it.V, "label") },
				Paths:  map[fs.Ops]string{fs.OpList: "boxes/?", fs.OpCreate: "boxes/", fs.OpGet: "boxes/{box_id}/"}}),
			[]fs.Route{{Method: http.MethodGet, Path: "/v2/hello/", Handle: func(*fs.Call) fs.Reply {
				return fs.JSON(http.StatusOK, map[string]string{"hello": "v2"})
			}}},
		)
	})
	c := newClient(t, s)
	status, h, _ := c.do("POST", "/boxes", `{"label":"a"}`)
	assert.Equal(t, http.StatusMethodNotAllowed, status, "POST boxes/ only with its slash")
	assert.Equal(t, "GET", h.Get("Allow"))
	status, _, b := c.do("POST", "/boxes/", `{"label":"a"}`)
	require.Equal(t, http.StatusOK, status, b)
	for _, p := range []string{"/boxes", "/boxes/"} {
		status, _, _ = c.do("GET", p, "")
		assert.Equal(t, http.StatusOK, status, "GET %s: either way", p)
	}
	status, h, _ = c.do("GET", "/boxes/box_1", "")
	assert.Equal(t, http.StatusMethodNotAllowed, status, "GET boxes/{id}/ only with its slash")
	assert.Equal(t, "DELETE", h.Get("Allow"))
	status, _, b = c.do("GET", "/boxes/box_1/x/", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, b["error"], "no such path")
	status, _, b = c.do("GET", "/boxes/box_1/", "")
	assert.Equal(t, http.StatusOK, status, b)
	status, h, _ = c.do("DELETE", "/boxes/box_1/", "")
	assert.Equal(t, http.StatusMethodNotAllowed, status, "DELETE boxes/{id} has no slash; GET boxes/{id}/ has")
	assert.Equal(t, "GET", h.Get("Allow"))
	status, _, _ = c.do("DELETE", "/boxes/box_1", "")
	assert.Equal(t, http.StatusNoContent, status)

	// The absolute route: outside /api/v1, with the API's auth and faults.
	root := client{t: t, base: s.Root(), hc: s.HTTPClient()}
	status, _, b = root.do("GET", "/v2/hello/", "")
	require.Equal(t, http.StatusOK, status, b)
	assert.Equal(t, "v2", b["hello"])
	status, _, _ = root.do("GET", "/api/v1/v2/hello/", "")
	assert.Equal(t, http.StatusNotFound, status, "not under the API base")
	s.FailNext(http.StatusServiceUnavailable, 0)
	status, _, _ = root.do("GET", "/v2/hello/", "")
	assert.Equal(t, http.StatusServiceUnavailable, status)
	resp, err := s.HTTPClient().Get(s.Root() + "/v2/hello/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	ops := s.Ops()
	assert.Equal(t, []string{"GET boxes/?", "POST boxes/", "GET boxes/{box_id}/", "DELETE boxes/{box_id}", "GET /v2/hello/"}, ops)
	assert.Equal(t, []string{"POST boxes/"}, fs.Unrequested(ops, []fs.Request{
		{Method: "GET", Path: "/api/v1/boxes"}, {Method: "GET", Path: "/api/v1/boxes/b/"},
		{Method: "DELETE", Path: "/api/v1/boxes/b"}, {Method: "GET", Path: "/v2/hello"},
	}, "/api/v1"))
}

// Parts reads a multipart/form-data body in order; other bodies are 400.
func TestParts(t *testing.T) {
	var got []fs.Part
	s := toy(t, "", func(cfg *fs.Config) {
		cfg.Routes = []fs.Route{{Method: http.MethodPost, Path: "upload", Handle: func(c *fs.Call) fs.Reply {
			parts, e := c.Parts()
			if e != nil {
				return e.Reply()
			}
			got = parts
			return fs.Reply{Status: http.StatusNoContent}
		}}}
	})
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "a.pdf")
	require.NoError(t, err)
	_, _ = fw.Write([]byte("%PDF"))
	require.NoError(t, mw.WriteField("name", "Lease"))
	require.NoError(t, mw.Close())
	post := func(ct, body string) int {
		req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"/upload", strings.NewReader(body))
		req.Header.Set("Authorization", "Token secret-key")
		req.Header.Set("Content-Type", ct)
		resp, err := s.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusNoContent, post(mw.FormDataContentType(), body.String()))
	require.NoError(t, s.Do(context.Background(), func(c *fs.Call) error {
		rep := c.File("application/pdf", "lease 1.pdf", []byte("%PDF"))
		assert.Equal(t, fs.Reply{Status: http.StatusOK, Raw: []byte("%PDF"), ContentType: "application/pdf"}, rep)
		assert.Equal(t, `attachment; filename="lease 1.pdf"`, c.Header.Get("Content-Disposition"))
		return nil
	}))
	assert.Equal(t, []fs.Part{
		{Name: "file", FileName: "a.pdf", ContentType: "application/octet-stream", Data: []byte("%PDF")},
		{Name: "name", Data: []byte("Lease")},
	}, got)
	assert.Equal(t, http.StatusBadRequest, post("application/json", "{}"))
	assert.Equal(t, http.StatusBadRequest, post(mw.FormDataContentType(), "--"+mw.Boundary()+"\r\nbroken"))
}
