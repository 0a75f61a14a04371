package spectest_test

import (
	"fmt"

	"github.com/esignkit/esign/internal/spectest"
)

// Match compares a recorded request path with a spec's path template.
func ExampleMatch() {
	fmt.Println(spectest.Match("/bundles/{bundleSlug}/", "/bundles/9bEmKp3x/"))
	fmt.Println(spectest.Match("/bundles/{bundleSlug}/", "/bundles/9bEmKp3x"))
	fmt.Println(spectest.Match("/bundles/{bundleSlug}/send/", "/bundles/9bEmKp3x/cancel/"))
	// Output:
	// true
	// false
	// false
}

// Uncovered tells which spec operations a test run never called.
func ExampleUncovered() {
	spec := []spectest.Operation{{Method: "GET", Path: "/bundles/"}, {Method: "GET", Path: "/bundles/{slug}/"}, {Method: "POST", Path: "/bundles/"}}
	calls := []spectest.Operation{{Method: "GET", Path: "/api/v2/bundles/"}, {Method: "GET", Path: "/api/v2/bundles/abc/"}}
	missing, extra := spectest.Uncovered(spec, calls, "/api/v2")
	fmt.Println(missing, len(extra))
	// Output: [POST /bundles/] 0
}
