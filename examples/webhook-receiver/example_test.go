package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
)

// Example runs the receiver as `go run ./examples/webhook-receiver` does on
// a machine with no configuration: the five fake providers drive a signing
// flow each and deliver signed webhooks to one mux. The per-provider summary
// lines are printed (the full output also has the structured log, whose
// ids and times change on every run).
func Example() {
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, line := range regexp.MustCompile(`(?m)^  [a-z0-9]+ +\d+ events, \d+ completed$`).FindAllString(out.String(), -1) {
		fmt.Println(line)
	}
	// Output:
	//   blueink    4 events, 1 completed
	//   zigned     4 events, 1 completed
	//   signeasy   4 events, 1 completed
	//   insertsign 3 events, 1 completed
	//   legacyv1   2 events, 1 completed
}
