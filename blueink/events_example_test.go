package blueink_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// A signed delivery, as BlueInk posts it. The clock is fixed so the
// example's timestamp stays valid; real code omits webhook.WithClock.
func ExampleConstructEvent() {
	secret := "whsec_3f9Qp2Lk8Zt" // from GET /webhooks/secret/
	body := []byte(`{"event_id":"c163d38f-e7ff-4e1b-b7dc-1fc027bf35ae","event_type":"packet_viewed",` +
		`"event_date":"2025-04-07 15:43:08.646752+00:00","account_id":"1b837b55-b16a-4d34-b422-f43a67d886d7",` +
		`"payload":{"bundle_id":"HMXKQ0jhdJ","packet_id":"dtipO7RrCw"}}`)
	sentAt := time.Date(2025, 4, 7, 15, 43, 9, 0, time.UTC)
	sig, ts := webhooktest.SlackHeaders(body, sentAt, secret)
	header := http.Header{}
	header.Set(blueink.SignatureHeader, sig)
	header.Set(blueink.TimestampHeader, ts)

	ev, err := blueink.ConstructEvent(body, header, secret,
		webhook.WithClock(func() time.Time { return sentAt.Add(2 * time.Second) }))
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	switch ev := ev.(type) {
	case *blueink.PacketViewedEvent:
		fmt.Println(ev.Type(), ev.Lifecycle(), ev.Payload.BundleID, ev.Payload.PacketID)
		fmt.Println(ev.EventDate.Format(time.RFC3339Nano))
	}

	// The same body with one byte changed is refused.
	_, err = blueink.ConstructEvent(webhooktest.Tamper(body), header, secret,
		webhook.WithClock(func() time.Time { return sentAt }))
	fmt.Println(err)
	// Output:
	// packet_viewed viewed HMXKQ0jhdJ dtipO7RrCw
	// 2025-04-07T15:43:08.646752Z
	// blueink: webhook: signature mismatch
}

// Receiving BlueInk webhooks with webhook.Handler: typed handlers per event,
// and a catch-all on the normalized lifecycle.
func ExampleWebhookProvider() {
	secret := "whsec_3f9Qp2Lk8Zt"
	now := time.Date(2025, 4, 4, 0, 31, 30, 0, time.UTC)
	h := webhook.NewHandler(
		blueink.WebhookProvider(secret, webhook.WithClock(func() time.Time { return now })),
		webhook.WithDedupe(nil, 0),
	)
	webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error {
		fmt.Println("bundle complete:", ev.Payload.BundleID)
		return nil // an error answers 500, so BlueInk retries
	})
	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
		fmt.Println("lifecycle:", ev.Lifecycle())
		return nil
	})
	// mux.Handle("POST /hooks/blueink", h) in a real server; here, one delivery:
	body := []byte(`{"event_id":"f413734e-e832-49f2-a09e-a89c5cf4aa39","event_type":"bundle_complete",` +
		`"event_date":"2025-04-04 00:31:28.824236+00:00","account_id":"1b837b55-b16a-4d34-b422-f43a67d886d7",` +
		`"payload":{"bundle_id":"plHoBZRHwM"}}`)
	sig, ts := webhooktest.SlackHeaders(body, now, secret)
	for _, signature := range []string{sig, "v0=" + webhooktest.HMACHex("wrong", body)} {
		r := httptest.NewRequest(http.MethodPost, "/hooks/blueink", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(blueink.SignatureHeader, signature)
		r.Header.Set(blueink.TimestampHeader, ts)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println("status:", w.Code)
	}
	// Output:
	// bundle complete: plHoBZRHwM
	// lifecycle: completed
	// status: 200
	// status: 401
}

// Webhooks created with json=false post the same fields form-encoded;
// ParseEvent recognises the format from the body.
func ExampleParseEvent() {
	body := []byte("event_id=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a&event_type=packet_declined" +
		"&event_date=2025-04-08+12%3A05%3A44.918273%2B00%3A00&account_id=1b837b55-b16a-4d34-b422-f43a67d886d7" +
		"&bundle_id=Zr7TyU2iOp&packet_id=Kl9MnB4vCx")
	ev, err := blueink.ParseEvent(body) // no verification: use ConstructEvent for network input
	if err != nil {
		fmt.Println(err)
		return
	}
	if env, ok := blueink.EnvelopeOf(ev); ok {
		fmt.Printf("%T %s bundle=%s packet=%s at %s\n", ev, ev.Lifecycle(),
			env.Payload.BundleID, env.Payload.PacketID, ev.OccurredAt().Format(time.DateTime))
	}
	// Output:
	// *blueink.PacketDeclinedEvent declined bundle=Zr7TyU2iOp packet=Kl9MnB4vCx at 2025-04-08 12:05:44
}

// Rotating the webhook secret: accept the new and the old one until every
// delivery signed with the old secret has arrived.
func ExampleNewVerifier() {
	v, err := blueink.NewVerifier("whsec_new", webhook.WithAdditionalSecrets("whsec_old"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v)
	_, err = blueink.NewVerifier("")
	fmt.Println(err)
	// Output:
	// blueink webhook verifier
	// blueink: no webhook secret (empty or blank; GET /webhooks/secret/ gives it): webhook: no secret configured
}

// BlueInk does not publish the string it signs. When a delivery fails but
// verifies under another construction with the same secret, the error (and
// the Handler's log line) says which one and how to select it.
func ExampleNewVerifier_diagnosis() {
	secret := "whsec_3f9Qp2Lk8Zt"
	body := []byte(`{"event_id":"e1","event_type":"bundle_sent","payload":{"bundle_id":"B1"}}`)
	now := time.Date(2025, 4, 7, 15, 43, 9, 0, time.UTC)
	clock := webhook.WithClock(func() time.Time { return now })
	// Suppose BlueInk signed timestamp + "." + body, Stripe style.
	header := webhooktest.Header(blueink.TimestampHeader, "1744040589",
		blueink.SignatureHeader, webhooktest.HMACHex(secret, []byte("1744040589."+string(body))))
	_, err := blueink.ConstructEvent(body, header, secret, clock)
	fmt.Println(err)
	ev, err := blueink.ConstructEvent(body, header, secret, clock, webhook.WithSignedPayload(webhook.SignedTimestampDot))
	fmt.Println(ev.Type(), err)
	// Output:
	// blueink: webhook: signature mismatch: the delivery verifies with t + "." + body instead (this verifier expects "v0:" + t + ":" + body): select it with webhook.WithSignedPayload(webhook.SignedTimestampDot)
	// bundle_sent <nil>
}
