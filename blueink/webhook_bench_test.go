// The webhook path beside the shortest correct hand-written Go that does
// the same work (crypto/hmac over the same signed string, the timestamp
// check, json.Unmarshal into a plain struct with the same fields):
//
//	go test -run '^$' -bench 'Webhook' -benchmem -count 5 ./blueink

package blueink_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

var (
	hookAt   = time.Unix(1727968801, 0)
	hookBody = []byte(`{"event_id":"c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b","event_type":"bundle_complete",` +
		`"event_date":"2024-10-03T15:20:01Z","account_id":"95527efb-6695-4aae-916e-c9869b1fb2bd",` +
		`"payload":{"bundle_id":"plHoBZRHwM","packet_id":"1WpOeqB3KY"}}`)
)

func hookHeader() http.Header {
	sig, ts := webhooktest.SlackHeaders(hookBody, hookAt, benchSecret)
	return http.Header{blueink.SignatureHeader: {sig}, blueink.TimestampHeader: {ts}}
}

func checkHook(b *testing.B, ev webhook.Event) {
	if e, ok := ev.(*blueink.BundleCompleteEvent); !ok || e.Payload.BundleID != "plHoBZRHwM" || e.EventDate.IsZero() {
		b.Fatalf("got %T", ev)
	}
}

// BenchmarkWebhook verifies (HMAC-SHA256 over "v0:<ts>:<body>", timestamp
// tolerance) and decodes one delivery with ConstructEvent: the one-liner,
// which builds its check on every call.
func BenchmarkWebhook(b *testing.B) {
	h := hookHeader()
	clock := webhook.WithClock(func() time.Time { return hookAt })
	b.SetBytes(int64(len(hookBody)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := blueink.ConstructEvent(hookBody, h, benchSecret, clock)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// constructor is the one-pass verify-and-decode every esign Provider has
// (what webhook.Handler calls).
type constructor interface {
	Construct(r *http.Request, body []byte) (webhook.Event, error)
}

// BenchmarkWebhookProvider is the same with the provider built once, as a
// webhook.Handler uses it.
func BenchmarkWebhookProvider(b *testing.B) {
	p := blueink.WebhookProvider(benchSecret, webhook.WithClock(func() time.Time { return hookAt })).(constructor)
	r := &http.Request{Header: hookHeader()}
	b.SetBytes(int64(len(hookBody)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := p.Construct(r, hookBody)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// plainEvent is the delivery with the same fields as the SDK's envelope,
// in plain Go types.
type plainEvent struct {
	EventID   string    `json:"event_id"`
	EventType string    `json:"event_type"`
	EventDate time.Time `json:"event_date"`
	AccountID string    `json:"account_id"`
	Payload   struct {
		BundleID string `json:"bundle_id"`
		PacketID string `json:"packet_id"`
	} `json:"payload"`
}

// BenchmarkWebhookRaw is the hand-written baseline.
func BenchmarkWebhookRaw(b *testing.B) {
	h := hookHeader()
	now := hookAt
	b.SetBytes(int64(len(hookBody)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ts := h.Get(blueink.TimestampHeader)
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > 5*time.Minute {
			b.Fatal("timestamp")
		}
		sig, err := hex.DecodeString(strings.TrimPrefix(h.Get(blueink.SignatureHeader), "v0="))
		if err != nil {
			b.Fatal(err)
		}
		mac := hmac.New(sha256.New, []byte(benchSecret))
		mac.Write([]byte("v0:" + ts + ":"))
		mac.Write(hookBody)
		if !hmac.Equal(mac.Sum(nil), sig) {
			b.Fatal("signature")
		}
		var ev plainEvent
		if err := json.Unmarshal(hookBody, &ev); err != nil || ev.Payload.BundleID != "plHoBZRHwM" || ev.EventDate.IsZero() {
			b.Fatal(err)
		}
	}
}
