package zignedtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// Start a fake Zigned and use a real client against it. In tests, prefer
// zignedtest.NewServer(t), which closes the server when the test ends.
func Example() {
	srv := zignedtest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "deal-42"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, a.Status, a.Metadata.LookupKey)

	_, _, err = c.Agreements.Send(ctx, a.ID)
	var apiErr *zigned.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println("tokens issued:", srv.TokenGrants())
	// Output:
	// cagr0000000000000001zt draft deal-42
	// 400 A main document is required
	// tokens issued: 1
}

// Inject failures to test retry and error handling.
func ExampleServer_FailNext() {
	srv := zignedtest.Start()
	defer srv.Close()
	ctx := context.Background()

	srv.FailNext(503, 0) // a GET is retried: the caller never sees it
	_, _, err := srv.Client().Webhooks.List(ctx)
	fmt.Println("after 503:", err)

	// RetryAfter is at most the client's maximum retry wait (the test
	// client's is short: raise it to see the header's value).
	srv.FailNext(429, 2*time.Second)
	_, _, err = srv.Client(zigned.WithMaxRetries(0), zigned.WithRetryWait(time.Millisecond, time.Minute)).Agreements.Create(ctx, nil)
	var rl *zigned.RateLimitError
	if errors.As(err, &rl) {
		fmt.Println("rate limited, retry after", rl.RetryAfter)
	}
	// Output:
	// after 503: <nil>
	// rate limited, retry after 2s
}
