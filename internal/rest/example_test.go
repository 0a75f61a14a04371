package rest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

type Bundle struct {
	Slug   string `json:"slug"`
	Status string `json:"status"`
}

// A provider's endpoint method is a few lines over rest.Do.
func ExampleDo() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.EscapedPath() != "/api/v2/bundles/b%201/" || r.Header.Get("Authorization") != "Token my-key" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"slug":"b 1","status":"co"}`)
	}))
	defer srv.Close()

	c, err := rest.New(rest.Config{
		Settings: rest.Settings{BaseURL: srv.URL + "/api/v2"},
		Auth:     func(r *http.Request) error { r.Header.Set("Authorization", "Token my-key"); return nil },
		Secrets:  []string{"my-key"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	path, err := rest.Path("bundles/%s/", "b 1")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, resp, err := rest.Do[*Bundle](context.Background(), c, http.MethodGet, path, nil, nil)
	fmt.Println(b.Slug, b.Status, resp.StatusCode, err)
	// Output: b 1 co 200 <nil>
}

// Errors match sentinels with errors.Is and carry the parsed body.
func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"detail":"Not found.","code":"not_found"}`)
	}))
	defer srv.Close()
	c, _ := rest.New(rest.Config{
		Settings: rest.Settings{BaseURL: srv.URL},
		// The provider's error body shape, decoded in the provider.
		ErrorDecoder: func(e *rest.APIError, _ *http.Response, body []byte) {
			m := rest.ErrorObject(body)
			e.Code, e.Detail = rest.FirstString(m, "code"), rest.FirstString(m, "detail")
		},
	})
	_, _, err := rest.Do[*Bundle](context.Background(), c, http.MethodGet, "bundles/nope/", nil, nil)
	var apiErr *rest.APIError
	fmt.Println(errors.Is(err, rest.ErrNotFound), errors.As(err, &apiErr), apiErr.Code, apiErr.Detail)
	// Output: true true not_found Not found.
}

// An empty id fails before any request is sent.
func ExamplePath() {
	_, err := rest.Path("bundles/%s/send/", "")
	fmt.Println(errors.Is(err, rest.ErrValidation), err)
	p, _ := rest.Path("bundles/%s/send/", "a/b c")
	fmt.Println(p)
	// Output:
	// true invalid id: must not be empty
	// bundles/a%2Fb%20c/send/
}

// Iterate turns a page function into an iter.Seq2; the closure copies the
// caller's options instead of mutating them.
func ExampleIterate() {
	type ListOptions struct{ Page, PerPage int }
	opts := &ListOptions{PerPage: 2}
	data := []string{"a", "b", "c", "d", "e"}
	c, _ := rest.New(rest.Config{Settings: rest.Settings{BaseURL: "https://api.example.com/"}, Name: "example"})
	pages := rest.Iterate(context.Background(), c, func(ctx context.Context, prev *rest.Pagination) ([]string, *rest.Response, error) {
		o := *opts
		o.Page = rest.NextPage(prev, o.Page)
		lo, hi := (o.Page-1)*o.PerPage, min(o.Page*o.PerPage, len(data))
		total := (len(data) + o.PerPage - 1) / o.PerPage
		return data[lo:hi], &rest.Response{Pagination: &rest.Pagination{Page: o.Page, TotalPages: total}}, nil
	})
	for item, err := range pages {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Print(item, " ")
	}
	fmt.Println("| options untouched:", opts.Page == 0)
	// Output: a b c d e | options untouched: true
}

// Tests replace the retry sleep with a hook that records it.
func ExampleConfig_backoffHook() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, `{"slug":"x"}`)
	}))
	defer srv.Close()
	c, _ := rest.New(rest.Config{Settings: rest.Settings{BaseURL: srv.URL, BackoffHook: func(attempt int, wait time.Duration) time.Duration {
		fmt.Println("would wait", wait)
		return 0
	}}})
	b, _, err := rest.Do[*Bundle](context.Background(), c, http.MethodPost, "bundles/", nil, map[string]string{"subject": "hi"})
	fmt.Println(b.Slug, err, calls)
	// Output:
	// would wait 2s
	// x <nil> 2
}

// A Redactor hides secrets, their escaped forms and token parameters.
func ExampleRedactor() {
	r := rest.NewRedactor("sk_live_abc/123")
	fmt.Println(r.String(`GET "https://api.example.com/keys/sk_live_abc%2F123?access_token=xyz&page=2": 401`))
	// Output: GET "https://api.example.com/keys/[REDACTED]?access_token=[REDACTED]&page=2": 401
}

// A value that does not decode keeps its zero value and is listed on the
// Response; the call succeeds. A list page keeps every item.
func ExampleResponse_decodeIssues() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"slug":"a","status":"co"},{"slug":"b","status":["co"]}]`)
	}))
	defer srv.Close()
	c, _ := rest.New(rest.Config{Settings: rest.Settings{BaseURL: srv.URL}})
	page, resp, err := rest.Do[rest.Items[*Bundle]](context.Background(), c, http.MethodGet, "bundles/", nil, nil)
	fmt.Println(len(page), page[1].Slug, page[1].Status == "", err)
	for _, is := range resp.DecodeIssues {
		fmt.Println(is.Path, is.Raw)
	}

	// With strict decoding the same answer is an error.
	strict, _ := rest.New(rest.Config{Settings: rest.Settings{BaseURL: srv.URL, StrictDecoding: true}})
	_, _, err = rest.Do[rest.Items[*Bundle]](context.Background(), strict, http.MethodGet, "bundles/", nil, nil)
	var de *rest.DecodeError
	fmt.Println(errors.As(err, &de))
	// Output:
	// 2 b true <nil>
	// [1].status ["co"]
	// true
}
