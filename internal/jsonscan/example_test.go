package jsonscan_test

import (
	"fmt"

	"github.com/esignkit/esign/internal/jsonscan"
)

// Find a delivery's members without decoding it a second time.
func ExampleMembers() {
	body := []byte(`{"event": "agreement.lifecycle.finalized", "data": {"id": "a1", "tags": ["x"]}}`)
	_ = jsonscan.Members(body, func(k, v []byte) error {
		fmt.Printf("%s = %s\n", k, v)
		return nil
	})
	data, ok := jsonscan.Member(body, "data")
	fmt.Println(string(data), ok)
	// Output:
	// event = "agreement.lifecycle.finalized"
	// data = {"id": "a1", "tags": ["x"]}
	// {"id": "a1", "tags": ["x"]} true
}
