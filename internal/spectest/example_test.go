package spectest_test

import (
	"fmt"

	"github.com/esignkit/esign/internal/spectest"
)

// Find locates reference data beside the repository; tests use Path and
// Doc, which skip when it is absent.
func ExampleFind() {
	_, ok := spectest.Find("specs", "no-such-spec.yaml")
	fmt.Println(ok)
	// Output: false
}
