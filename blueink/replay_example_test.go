package blueink_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

// A receiver that was down catches up from BlueInk's webhook event log:
// Replay runs the events it missed through the same Handler, and nothing
// runs twice — not the event it had handled from its delivery, not the
// missed ones on a second replay.
func ExampleReplay() {
	ctx := context.Background()
	srv := blueinktest.Start() // BlueInk's API, in memory, sending signed deliveries
	defer srv.Close()
	c := srv.Client()

	// The receiver: a Handler with a dedupe store, behind an endpoint that
	// is sometimes down.
	h := webhook.NewHandler(blueink.WebhookProvider(srv.WebhookSecret(), webhook.WithClock(srv.Now)),
		webhook.WithDedupe(nil, 0), webhook.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		fmt.Println("handled", ev.Type())
		return nil
	})
	var down atomic.Bool
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer endpoint.Close()
	wh, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "orders", URL: endpoint.URL,
		EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent, blueink.WebhookEventBundleComplete, blueink.WebhookEventBundleDocsReady}})
	if err != nil {
		panic(err)
	}

	since := srv.Now()
	_ = srv.Emit(ctx, blueink.EventBundleSent, blueink.EventPayload{BundleID: "B1"}) // delivered and handled
	down.Store(true)
	_ = srv.Emit(ctx, blueink.EventBundleComplete, blueink.EventPayload{BundleID: "B1"})  // missed
	_ = srv.Emit(ctx, blueink.EventBundleDocsReady, blueink.EventPayload{BundleID: "B1"}) // missed
	down.Store(false)

	// Back up: replay the log since before the outage. Every event is read
	// (IncludeDelivered); the one already handled is found done.
	res, err := blueink.Replay(ctx, c, h, since, &blueink.ReplayOptions{Webhook: wh.ID, IncludeDelivered: true})
	fmt.Printf("%+v %v\n", res, err)
	res, err = blueink.Replay(ctx, c, h, since, &blueink.ReplayOptions{Webhook: wh.ID, IncludeDelivered: true})
	fmt.Printf("%+v %v\n", res, err)
	// Output:
	// handled bundle_sent
	// handled bundle_complete
	// handled bundle_docs_ready
	// {Handled:2 AlreadyDone:1 InProgress:0} <nil>
	// {Handled:0 AlreadyDone:3 InProgress:0} <nil>
}
