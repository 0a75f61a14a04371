package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Example serves the fake Zigned as
// `go run ./examples/fakeserver -provider zigned -addr 127.0.0.1:0` does,
// prints its banner (with the port, which changes, masked), and stops.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	out := &output{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-provider", "zigned", "-addr", "127.0.0.1:0"}, out) }()
	for !strings.Contains(out.String(), "lifecycle") {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		fmt.Println(err)
	}
	fmt.Print(regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out.String(), "127.0.0.1:PORT"))
	// Output:
	// fake zigned listening on http://127.0.0.1:PORT (in memory; Ctrl-C stops it)
	//   API base URL:   http://127.0.0.1:PORT/rest/v3
	//   token URL:      http://127.0.0.1:PORT/oauth/token (OAuth2 client credentials)
	//   client ID:      zignedtest-client
	//   client secret:  zignedtest-secret-0123456789
	//   lifecycle:      POST http://127.0.0.1:PORT/_fakeserver/steps/{send,view,sign,decline,complete,expire,cancel} {"envelope": id, "signer": id or email, "reason": text}
}
