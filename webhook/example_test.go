package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Verify a Zigned-style `t=,v1=` delivery with a fixed clock.
func ExampleNewTimestampedHMAC() {
	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"event":"agreement.lifecycle.fulfilled"}`)
	h := http.Header{}
	h.Set("x-zigned-request-signature", webhooktest.TimestampedHeader(body, now, "whsec_123"))

	v, err := webhook.NewTimestampedHMAC("x-zigned-request-signature", []string{"whsec_123"},
		webhook.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Verify(h, body))
	fmt.Println(errors.Is(v.Verify(h, webhooktest.Tamper(body)), webhook.ErrSignatureMismatch))

	later, _ := webhook.NewTimestampedHMAC("x-zigned-request-signature", []string{"whsec_123"},
		webhook.WithClock(func() time.Time { return now.Add(time.Hour) }))
	fmt.Println(errors.Is(later.Verify(h, body), webhook.ErrTimestampTooOld))

	_, err = webhook.NewTimestampedHMAC("x-zigned-request-signature", []string{""})
	fmt.Println(errors.Is(err, webhook.ErrNoSecret))
	// Output:
	// <nil>
	// true
	// true
	// true
}

// Verify a BlueInk-style delivery: signature and timestamp in two headers.
func ExampleNewSlackHMAC() {
	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"event_type":"bundle_complete"}`)
	sig, ts := webhooktest.SlackHeaders(body, now, "new-secret")
	h := webhooktest.Header("x-blueink-signature", sig, "x-blueink-request-timestamp", ts)
	// During a rotation both secrets are accepted.
	v, _ := webhook.NewSlackHMAC("x-blueink-signature", "x-blueink-request-timestamp",
		[]string{"old-secret", "new-secret"}, webhook.WithClock(func() time.Time { return now }))
	fmt.Println(v.Verify(h, body))
	// Output: <nil>
}

// A typed event of an imaginary provider.
type SignedEvent struct {
	webhook.Meta
	Signer string `json:"signer"`
}

func parse(_ http.Header, body []byte) (webhook.Event, error) {
	var d struct {
		ID, Type string
		Data     json.RawMessage
	}
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, fmt.Errorf("%w: %v", webhook.ErrInvalidPayload, err)
	}
	meta := webhook.NewMeta("acme", d.Type, d.ID, time.Time{}, body, webhook.Other)
	if d.Type == "signed" {
		ev := &SignedEvent{Meta: webhook.NewMeta("acme", d.Type, d.ID, time.Time{}, body, webhook.Signed)}
		err := json.Unmarshal(d.Data, ev)
		return ev, err
	}
	return &meta, nil
}

// A Handler verifies, decodes, deduplicates and dispatches; On registers a
// typed handler and OnAny a catch-all.
func ExampleHandler() {
	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	v, _ := webhook.NewTimestampedHMAC("Acme-Signature", []string{"s3cret"}, webhook.WithClock(func() time.Time { return now }))
	h := webhook.NewHandler(webhook.NewProvider("acme", v, parse), webhook.WithDedupe(nil, time.Hour))
	webhook.On(h, func(ctx context.Context, ev *SignedEvent) error {
		fmt.Println("signed by", ev.Signer)
		return nil
	})
	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
		fmt.Println("any:", ev.Provider(), ev.Type(), ev.Lifecycle())
		return nil
	})

	deliver := func(body string, signed bool) int {
		r := httptest.NewRequest(http.MethodPost, "/hooks/acme", strings.NewReader(body))
		if signed {
			r.Header.Set("Acme-Signature", webhooktest.TimestampedHeader([]byte(body), now, "s3cret"))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	fmt.Println(deliver(`{"id":"e1","type":"signed","data":{"signer":"jane@example.com"}}`, true))
	fmt.Println(deliver(`{"id":"e1","type":"signed","data":{"signer":"jane@example.com"}}`, true)) // duplicate
	fmt.Println(deliver(`{"id":"e2","type":"viewed"}`, true))
	fmt.Println(deliver(`{"id":"e3","type":"signed"}`, false))
	fmt.Println(deliver(`{"id":`, true))
	// Output:
	// signed by jane@example.com
	// any: acme signed signed
	// 200
	// 200
	// any: acme viewed other
	// 200
	// 401
	// 400
}

// Providers that sign nothing are guarded with a secret the receiver chose.
func ExampleNewQueryTokenGuard() {
	g, _ := webhook.NewQueryTokenGuard("token", "my-url-token")
	p := webhook.NewProvider("insertsign", g, parse)
	ok := httptest.NewRequest(http.MethodPost, "/hooks/insertsign?token=my-url-token", nil)
	bad := httptest.NewRequest(http.MethodPost, "/hooks/insertsign?token=guess", nil)
	fmt.Println(p.VerifyRequest(ok, nil), errors.Is(p.VerifyRequest(bad, nil), webhook.ErrTokenMismatch))
	// Output: <nil> true
}

// Process runs events from elsewhere (a provider's event log, your own
// inbox) through the same dedupe as deliveries: an event already handled,
// here or over HTTP on any replica sharing the store, does not run again.
func ExampleHandler_Process() {
	store := webhook.NewMemoryStore(0) // replicas share a redisstore or pgstore
	h := webhook.NewHandler(webhook.NewProvider("acme", webhook.Unverified(), parse), webhook.WithDedupe(store, time.Hour))
	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
		fmt.Println("handling", ev.ID())
		return nil
	})
	ctx := context.Background()
	for _, id := range []string{"e1", "e2", "e1"} {
		ev, _ := parse(nil, []byte(`{"id":"`+id+`","type":"viewed"}`))
		state, err := h.Process(ctx, ev)
		fmt.Println(id, state, err)
	}
	// Output:
	// handling e1
	// e1 claimed <nil>
	// handling e2
	// e2 claimed <nil>
	// e1 done <nil>
}

// A Secret never prints its value; Reveal returns it.
func ExampleSecret() {
	s := webhook.Secret("whsec_live_value")
	out, _ := json.Marshal(map[string]webhook.Secret{"secret": s})
	fmt.Println(s, fmt.Sprintf("%#v", s), string(out), len(s.Reveal()))
	// Output: [REDACTED] webhook.Secret("[REDACTED]") {"secret":"[REDACTED]"} 16
}

// A delivery signed with another construction than the scheme expects is
// refused, with an error naming the construction and the option selecting
// it.
func ExampleWithSignedPayload() {
	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	clock := webhook.WithClock(func() time.Time { return now })
	body := []byte(`{"event_type":"bundle_sent"}`)
	h := webhooktest.Header("Sig", webhooktest.HMACHex("s3cret", append([]byte("1744027200."), body...)), "Ts", "1744027200")

	v, _ := webhook.NewSlackHMAC("Sig", "Ts", []string{"s3cret"}, clock)
	fmt.Println(v.Verify(h, body))
	v, _ = webhook.NewSlackHMAC("Sig", "Ts", []string{"s3cret"}, clock, webhook.WithSignedPayload(webhook.SignedTimestampDot))
	fmt.Println(v.Verify(h, body))
	// Output:
	// webhook: signature mismatch: the delivery verifies with t + "." + body instead (this verifier expects "v0:" + t + ":" + body): select it with webhook.WithSignedPayload(webhook.SignedTimestampDot)
	// <nil>
}
