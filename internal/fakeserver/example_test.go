package fakeserver_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/fakeserver"
)

// A minimal fake: every request is recorded; FailNext answers the next
// one with the provider's error body and Retry-After.
func Example() {
	srv := fakeserver.Start(fakeserver.Config{
		Name: "minimal", APIPath: "/api",
		Routes: []fakeserver.Route{{Method: http.MethodGet, Path: "things", Handle: func(c *fakeserver.Call) fakeserver.Reply {
			return fakeserver.JSON(http.StatusOK, []string{})
		}}},
		Error: func(c *fakeserver.Call, e *fakeserver.Error) fakeserver.Reply {
			return fakeserver.JSON(e.Status, map[string]string{"message": e.Message})
		},
	})
	defer srv.Close()

	srv.FailNext(http.StatusTooManyRequests, 1200*time.Millisecond)
	for range 2 {
		resp, err := srv.HTTPClient().Get(srv.APIURL() + "/things?page=2")
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%d %q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Query.Get("page"))
	}
	// Output:
	// 429 "2"
	// 200 ""
	// GET /api/things 2
	// GET /api/things 2
}

// A provider's fake is a table of resources and routes plus the functions
// where providers differ (error bodies, deliveries, steps). This one
// serves notes: create, get, list, update and delete, with its 404 and its
// validation errors.
func Example_table() {
	type note struct {
		Text string `json:"text"`
	}
	notes := &fakeserver.Resource[note]{Name: "note", Path: "notes", Param: "note_id", ID: fakeserver.Counter("n%d")}
	render := func(c *fakeserver.Call, it *fakeserver.Item[note]) any {
		return map[string]any{"id": it.ID, "text": it.V.Text}
	}
	srv := fakeserver.Start(fakeserver.Config{
		Name: "notetest", APIPath: "/v1",
		Routes: notes.Routes(fakeserver.Behaviour[note]{Ops: fakeserver.CRUD, Render: render,
			Create: func(c *fakeserver.Call, it *fakeserver.Item[note]) *fakeserver.Error { return c.Decode(&it.V, "text") },
			Update: func(c *fakeserver.Call, it *fakeserver.Item[note]) *fakeserver.Error { return c.Decode(&it.V) },
		}),
		Error: func(c *fakeserver.Call, e *fakeserver.Error) fakeserver.Reply {
			return fakeserver.JSON(e.Status, map[string]string{"message": e.Message})
		},
	})
	defer srv.Close()

	call := func(method, path, body string) {
		req, _ := http.NewRequest(method, srv.APIURL()+path, strings.NewReader(body))
		resp, err := srv.HTTPClient().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		fmt.Println(strings.TrimSpace(fmt.Sprint(method, " ", path, " ", resp.StatusCode, " ", strings.TrimSpace(string(b)))))
	}
	call("POST", "/notes", `{}`)
	call("POST", "/notes", `{"text":"hello"}`)
	call("PUT", "/notes/n1", `{"text":"hello, world"}`)
	call("GET", "/notes", "")
	call("DELETE", "/notes/n1", "")
	call("GET", "/notes/n1", "")
	// Output:
	// POST /notes 400 {"message":"text is required"}
	// POST /notes 200 {"id":"n1","text":"hello"}
	// PUT /notes/n1 200 {"id":"n1","text":"hello, world"}
	// GET /notes 200 [{"id":"n1","text":"hello, world"}]
	// DELETE /notes/n1 204
	// GET /notes/n1 404 {"message":"Note not found"}
}
