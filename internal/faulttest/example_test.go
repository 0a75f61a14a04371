package faulttest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/esignkit/esign/internal/faulttest"
)

// An Injector with rate 1 fails every request before the wrapped handler
// sees it, except on exempt paths.
func ExampleInjector() {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	in := faulttest.New(ok, 1, 42)
	in.Exempt = []string{"/oauth/"}

	for _, path := range []string{"/oauth/token", "/api/items/"} {
		rec := httptest.NewRecorder()
		in.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, "exempt:", rec.Body.String() == "ok")
	}
	_, total := in.Counts()
	fmt.Println("requests:", total)
	// Output:
	// /oauth/token exempt: true
	// /api/items/ exempt: false
	// requests: 2
}
