package redisstore_test

import (
	"context"
	"net/http"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/redisstore"
	"github.com/redis/go-redis/v9"
)

// Every replica builds the same Handler on the same Redis: each event is
// handled once, whichever replica each delivery and retry reaches.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	var provider webhook.Provider // e.g. blueink.WebhookProvider(secret)

	h := webhook.NewHandler(provider,
		webhook.WithDedupe(redisstore.New(rdb), 7*24*time.Hour), // remember handled events for a week
		webhook.WithDedupeLease(time.Minute))                    // longer than any handler runs
	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
		return nil // your work
	})
	http.Handle("/hooks/blueink", h)
}
