package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
)

// Example runs the quickstart as `go run ./examples/quickstart` does with no
// BLUEINK_PRIVATE_API_KEY: on the in-process fake BlueInk. Its first line
// and the first words of each numbered step are printed (slugs and sizes
// change on every run).
func Example() {
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		fmt.Println("error:", err)
		return
	}
	first, _, _ := bytes.Cut(out.Bytes(), []byte("\n"))
	fmt.Printf("%s\n", first)
	for _, m := range regexp.MustCompile(`(?m)^\[(\d+)\] (\S+)`).FindAllStringSubmatch(out.String(), -1) {
		fmt.Println(m[1], m[2])
	}
	// Output:
	// esign quickstart: BLUEINK_PRIVATE_API_KEY is not set, so this runs on an in-process fake BlueInk (blueinktest).
	// 1 started
	// 2 registered
	// 3 generated
	// 4 created
	// 5 sent
	// 6 listed
	// 7 Peter
	// 8 Samir
	// 9 bundle
	// 10 field
	// 11 certificates
	// 12 7
}
