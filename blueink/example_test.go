package blueink_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/esignkit/esign/blueink"
)

// exampleAPI is a tiny stand-in for BlueInk used by the examples (the
// blueinktest package offers a complete fake server).
type exampleAPI struct {
	mu    sync.Mutex
	parts []string // multipart parts of the last upload
}

func newExampleAPI() (*httptest.Server, *exampleAPI) {
	api := &exampleAPI{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/bundles/{slug}/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Token example-key" {
			http.Error(w, `{"detail":"Invalid token.","code":"authentication_failed"}`, http.StatusUnauthorized)
			return
		}
		if r.PathValue("slug") != "plHoBZRHwM" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"code":"not_found","message":"Not found."}`)
			return
		}
		io.WriteString(w, `{"id":"plHoBZRHwM","label":"Lease","status":"co","created":"2024-10-01 15:43:08.646752+00:00",
			"packets":[{"id":"1WpOeqB3KY","name":"Peter Gibbons","status":"co","completed_at":"2024-10-02T09:12:44Z"}]}`)
	})
	mux.HandleFunc("GET /api/v2/bundles/", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page < 1 {
			page = 1
		}
		all := []string{"b1", "b2", "b3", "b4", "b5"}
		per := 2
		var items []string
		for i := (page - 1) * per; i < page*per && i < len(all); i++ {
			items = append(items, `{"id":"`+all[i]+`","status":"co"}`)
		}
		w.Header().Set("X-Blueink-Pagination", fmt.Sprintf("%d,%d,%d,%d", page, 3, per, len(all)))
		io.WriteString(w, "["+strings.Join(items, ",")+"]")
	})
	mux.HandleFunc("POST /api/v2/bundles/", func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, `{"code":"parse_error","message":"expected multipart"}`, http.StatusBadRequest)
			return
		}
		var parts []string
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				http.Error(w, `{"code":"parse_error","message":"bad multipart"}`, http.StatusBadRequest)
				return
			}
			data, _ := io.ReadAll(p)
			desc := p.FormName()
			if p.FileName() != "" {
				desc += fmt.Sprintf(" (%s, %d bytes)", p.FileName(), len(data))
			}
			parts = append(parts, desc)
		}
		api.mu.Lock()
		api.parts = parts
		api.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"Nw2mK8pQzL","label":"NDA","status":"se"}`)
	})
	return httptest.NewServer(mux), api
}

func ExampleNewClient() {
	srv, _ := newExampleAPI()
	defer srv.Close()

	c, err := blueink.NewClient("example-key", blueink.WithBaseURL(srv.URL+"/api/v2/"))
	if err != nil {
		panic(err)
	}
	b, _, err := c.Bundles.Get(context.Background(), "plHoBZRHwM")
	if err != nil {
		panic(err)
	}
	fmt.Println(b.ID, b.Label, b.Status == blueink.BundleComplete)
	fmt.Println(b.Created.UTC().Format("2006-01-02 15:04"), b.Packets[0].Name, b.Packets[0].CompletedAt.Format("Jan 2"))
	// Output:
	// plHoBZRHwM Lease true
	// 2024-10-01 15:43 Peter Gibbons Oct 2
}

func ExampleBundlesService_Get_notFound() {
	srv, _ := newExampleAPI()
	defer srv.Close()
	c, _ := blueink.NewClient("example-key", blueink.WithBaseURL(srv.URL+"/api/v2/"))

	_, _, err := c.Bundles.Get(context.Background(), "missing")
	var apiErr *blueink.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(errors.Is(err, blueink.ErrNotFound), apiErr.StatusCode, apiErr.Code, apiErr.Message)
	}
	_, _, err = c.Bundles.Get(context.Background(), "")
	fmt.Println(errors.Is(err, blueink.ErrValidation))
	// Output:
	// true 404 not_found Not found.
	// true
}

func ExampleBundlesService_All() {
	srv, _ := newExampleAPI()
	defer srv.Close()
	c, _ := blueink.NewClient("example-key", blueink.WithBaseURL(srv.URL+"/api/v2/"))

	opts := &blueink.BundleListOptions{Status: blueink.BundleComplete, ListOptions: blueink.ListOptions{PerPage: 2}}
	for b, err := range c.Bundles.All(context.Background(), opts) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Print(b.ID, " ")
	}
	fmt.Println()
	// Output:
	// b1 b2 b3 b4 b5
}

func ExampleBundleBuilder() {
	req, files, err := blueink.NewBundleBuilder().
		Label("NDA").Test(true).
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
		DocumentURL("nda", "https://example.com/nda.pdf").
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-01",
			Page: 1, X: 15, Y: 68, W: 30, H: 12, Editors: []string{"signer-1"}}).
		Build()
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(req)
	fmt.Println(len(files), "files")
	fmt.Println(string(out))

	_, _, err = blueink.NewBundleBuilder().
		Signer(blueink.PacketRequest{Key: "s", Email: "peter@example.com"}).
		DocumentURL("nda", "https://example.com/nda.pdf").
		Build()
	fmt.Println(errors.Is(err, blueink.ErrValidation), err)
	// Output:
	// 0 files
	// {"label":"NDA","is_test":true,"packets":[{"key":"signer-1","name":"Peter Gibbons","email":"peter@example.com"}],"documents":[{"key":"nda","file_url":"https://example.com/nda.pdf","fields":[{"kind":"sig","key":"sig-01","page":1,"x":15,"y":68,"w":30,"h":12,"editors":["signer-1"]}]}]}
	// true blueink: invalid packets[0]: key "s" must be 2-20 characters
}

func ExampleBundlesService_CreateWithFiles() {
	srv, api := newExampleAPI()
	defer srv.Close()
	c, _ := blueink.NewClient("example-key", blueink.WithBaseURL(srv.URL+"/api/v2/"))

	// BundleBuilder.DocumentFile sets the file indexes; BundleBuilder.Create
	// then calls CreateWithFiles. Files are streamed from File.Open.
	b, resp, err := blueink.NewBundleBuilder().
		Label("NDA").
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
		DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "application/pdf", []byte("%PDF-1.4 ..."))).
		DocumentFile("w9", blueink.FileFromReaderAt("fw9.pdf", "", strings.NewReader("%PDF-1.7 W-9"), 12)).
		Create(context.Background(), c.Bundles)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, b.ID, b.Status)
	for _, p := range api.parts {
		fmt.Println(p)
	}
	// Output:
	// 201 Nw2mK8pQzL se
	// bundle_request
	// files[0] (nda.pdf, 12 bytes)
	// files[1] (fw9.pdf, 12 bytes)
}

func ExampleParsePagination() {
	h := http.Header{}
	h.Set("x-blueink-pagination", "2,7,50,330")
	p := blueink.ParsePagination(h)
	fmt.Printf("page %d of %d, %d per page, %d results, more: %v\n", p.Page, p.TotalPages, p.PerPage, p.TotalResults, p.HasNext())
	fmt.Println(blueink.ParsePagination(http.Header{"X-Blueink-Pagination": {"garbage"}}) == nil)
	// Output:
	// page 2 of 7, 50 per page, 330 results, more: true
	// true
}

// The escape hatch reaches an endpoint this package does not cover, with
// the client's credentials, retries and error types; WithHeader adds a
// header to any call made with the context.
func ExampleClient_Do() {
	srv, _ := newExampleAPI()
	defer srv.Close()
	c, _ := blueink.NewClient("example-key", blueink.WithBaseURL(srv.URL+"/api/v2/"))
	ctx := blueink.WithHeader(context.Background(), "X-Trace-Id", "t-1")

	var b struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	_, err := c.Do(ctx, &blueink.Request{Path: "bundles/plHoBZRHwM/"}, &b)
	fmt.Println(b.ID, b.Status, err)
	_, err = c.Do(ctx, &blueink.Request{Path: "bundles/missing/"}, nil)
	fmt.Println(strings.Replace(err.Error(), srv.URL, "http://SERVER", 1))
	// Output:
	// plHoBZRHwM co <nil>
	// blueink: GET http://SERVER/api/v2/bundles/missing/: 404 Not Found [not_found]: Not found.
}
