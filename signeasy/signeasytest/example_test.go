package signeasytest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/webhook"
)

// A test (or a demo) runs a real client against the fake and receives the
// webhooks the fake sends, verified with the registered token.
func Example() {
	srv := signeasytest.Start() // in a test: signeasytest.NewServer(t)
	defer srv.Close()
	ctx := context.Background()

	// The application's webhook endpoint.
	const token = "my-callback-token-0123456789"
	h := webhook.NewHandler(signeasy.WebhookProvider(token))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		fmt.Println("webhook:", ev.Type(), ev.Lifecycle())
		return nil
	})
	app := httptest.NewServer(h)
	defer app.Close()

	c := srv.Client()
	if _, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: app.URL, Events: signeasy.EventTypes(), Token: token}); err != nil {
		fmt.Println(err)
		return
	}
	doc := srv.AddOriginal("contract.pdf", []byte("%PDF-1.4 contract"))
	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: doc, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", Email: "ada@example.com"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Sign(ctx, strconv.FormatInt(env.ID, 10), "ada@example.com"); err != nil {
		fmt.Println(err)
		return
	}
	final, _, _ := c.Envelopes.Get(ctx, env.ID)
	fmt.Println("status:", final.Status)

	// Fault injection: the next request fails once with 503; the GET is retried.
	srv.FailNext(503, 0)
	_, _, err = c.Envelopes.Get(ctx, env.ID)
	fmt.Println("after a 503:", err)

	fmt.Println("token grants:", srv.TokenGrants())
	// Output:
	// webhook: rs.initiated created
	// webhook: rs.link_sent sent
	// webhook: rs.signed signed
	// webhook: rs.completed completed
	// status: complete
	// after a 503: <nil>
	// token grants: 1
}

// Expiry: with a fake clock and a short token lifetime, the server refuses
// a token once its clock passes the token's expiry.
func ExampleWithTokenLifetime() {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := signeasytest.Start(signeasytest.WithTokenLifetime(time.Hour), signeasytest.WithClock(clock))
	defer srv.Close()
	c := srv.Client()

	_, _, err := c.Users.Me(context.Background())
	fmt.Println("fresh token:", err)

	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	_, _, err = c.Users.Me(context.Background())
	fmt.Println("expired token refused:", errors.Is(err, signeasy.ErrUnauthorized))
	// Output:
	// fresh token: <nil>
	// expired token refused: true
}
