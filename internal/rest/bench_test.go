package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/esignkit/esign/internal/benchtest"
)

// benchBundle is a small JSON object, like a provider's GET answer.
type benchBundle struct {
	Slug    string `json:"slug"`
	Status  string `json:"status"`
	Subject string `json:"email_subject"`
	Signers int    `json:"signers"`
}

const benchBody = `{"slug":"9bEmKp3x","status":"co","email_subject":"Please sign the lease","signers":2}`

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(benchBody))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkRestGet is one GET round trip through the SDK core: request
// building, auth, retry wrapper, response wrapping and JSON decoding.
func BenchmarkRestGet(b *testing.B) {
	srv := benchServer(b)
	c, err := New(Config{Settings: Settings{BaseURL: srv.URL + "/api/v2"}, Auth: func(r *http.Request) error {
		r.Header.Set("Authorization", "Token bench-key-123")
		return nil
	}, Secrets: []string{"bench-key-123"}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for i := 0; i < b.N; i++ {
		path, err := Path("bundles/%s/", "9bEmKp3x")
		if err != nil {
			b.Fatal(err)
		}
		out, _, err := Do[*benchBundle](ctx, c, http.MethodGet, path, nil, nil)
		if err != nil || out.Slug != "9bEmKp3x" {
			b.Fatal(out, err)
		}
	}
}

// BenchmarkRawGet is the baseline: the same round trip with net/http and
// encoding/json only.
func BenchmarkRawGet(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for i := 0; i < b.N; i++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v2/bundles/9bEmKp3x/", nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Token bench-key-123")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out benchBundle
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || out.Slug != "9bEmKp3x" {
			b.Fatal(fmt.Sprint(out, err))
		}
	}
}

// BenchmarkMultipartUpload uploads a generated 64 MiB file through the SDK
// core to a server that reads and discards it. B/op stays far below the
// file size because the body is streamed, never buffered (run with
// -benchmem; TestMultipartLargeUploadIsStreamed checks the behaviour).
func BenchmarkMultipartUpload(b *testing.B) {
	const size = 64 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	b.Cleanup(srv.Close)
	c, err := New(Config{Settings: Settings{BaseURL: srv.URL}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body := NewMultipart(Part{Name: "file", FileName: "big.pdf", ContentType: "application/pdf", Size: size,
			Open: func() (io.ReadCloser, error) { return &patternFile{size: size}, nil }})
		out, _, err := Do[*okBody](ctx, c, http.MethodPost, "documents/", nil, body)
		if err != nil || !out.OK {
			b.Fatal(out, err)
		}
	}
}
