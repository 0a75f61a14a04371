package fakeserver_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/esignkit/esign/internal/fakeserver"
)

// A minimal fake: record every request, then answer an injected failure
// (with Retry-After) or 200.
func Example() {
	var (
		rec    fakeserver.Recorder
		faults fakeserver.Faults
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.Record(r, body)
		if status, retryAfter, ok := faults.Take(); ok {
			fakeserver.SetRetryAfter(w.Header(), retryAfter)
			w.WriteHeader(status)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()

	faults.FailNext(http.StatusTooManyRequests, 1200*time.Millisecond)
	for range 2 {
		resp, err := http.Get(srv.URL + "/things?page=2")
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%d %q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	for _, r := range rec.Requests() {
		fmt.Println(r.Method, r.Path, r.Query.Get("page"))
	}
	// Output:
	// 429 "2"
	// 200 ""
	// GET /things 2
	// GET /things 2
}
