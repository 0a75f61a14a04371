package blueinktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

func TestDeliveryWire(t *testing.T) {
	at := time.Date(2025, 4, 7, 15, 43, 8, 646752000, time.UTC)
	srv := blueinktest.NewServer(t, blueinktest.WithClock(func() time.Time { return at }), blueinktest.WithWebhookSecret("6QGWnZ3cPVnLyAyvqkE2ZTB9R8BUzHjs"))
	c := srv.Client()
	ctx := ctxT(t)
	wh := subscribe(t, c, "http://127.0.0.1:1/unused", blueink.WebhookEventBundleSent)
	_, _, err := c.Webhooks.CreateExtraHeader(ctx, &blueink.WebhookExtraHeader{Webhook: wh.ID, Name: "X-Second", Value: "2", Order: 2})
	require.NoError(t, err)
	_, _, err = c.Webhooks.CreateExtraHeader(ctx, &blueink.WebhookExtraHeader{Webhook: wh.ID, Name: "X-First", Value: "1", Order: 1})
	require.NoError(t, err)
	b, _, err := c.Bundles.Create(ctx, simpleRequest("wire"))
	require.NoError(t, err)

	dels := srv.Deliveries()
	require.Len(t, dels, 1)
	d := dels[0]
	assert.Error(t, d.Err, "nothing listens on port 1")
	assert.Equal(t, 0, d.Status)
	assert.False(t, d.OK())

	var body map[string]any
	require.NoError(t, json.Unmarshal(d.Body, &body))
	assert.Equal(t, map[string]any{
		"event_id": d.EventID, "event_type": "bundle_sent", "event_date": "2025-04-07 15:43:08.646752+00:00",
		"account_id": blueinktest.AccountID, "payload": map[string]any{"bundle_id": b.ID},
	}, body)
	assert.Equal(t, "1", d.Header.Get("X-First"))
	assert.Equal(t, "2", d.Header.Get("X-Second"))
	assert.Equal(t, "application/json", d.Header.Get("Content-Type"))

	// The signature, computed here independently: HMAC-SHA256 over
	// "v0:" + timestamp + ":" + body, hex, as "v0=<hex>".
	assert.Equal(t, "1744040588", d.Header.Get("X-Blueink-Request-Timestamp"))
	want := "v0=" + webhooktest.HMACHex("6QGWnZ3cPVnLyAyvqkE2ZTB9R8BUzHjs", append([]byte("v0:1744040588:"), d.Body...))
	assert.Equal(t, want, d.Header.Get("X-Blueink-Signature"))

	// The failed attempt is in the API's logs.
	we, _, err := c.Webhooks.GetEvent(ctx, d.EventID)
	require.NoError(t, err)
	assert.False(t, we.Success)
	assert.Equal(t, 0, we.Status)
	require.Len(t, we.Deliveries, 1)
	assert.NotEmpty(t, we.Deliveries[0].Message)
	evs, _, err := c.Webhooks.ListEvents(ctx, &blueink.WebhookEventListOptions{Success: ptr(false)})
	require.NoError(t, err)
	assert.Len(t, evs, 1)
}

func TestFormDeliveries(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)
	_, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "test hook", URL: rcv.URL, JSON: ptr(false), EventTypes: []blueink.WebhookEventType{blueink.WebhookEventPacketViewed}})
	require.NoError(t, err)
	b, _, err := c.Bundles.Create(ctx, simpleRequest("form"))
	require.NoError(t, err)
	require.NoError(t, srv.View(ctx, b.ID, b.Packets[0].ID))

	d := srv.Deliveries()[0]
	assert.Equal(t, "application/x-www-form-urlencoded", d.Header.Get("Content-Type"))
	form, err := url.ParseQuery(string(d.Body))
	require.NoError(t, err)
	assert.Equal(t, "packet_viewed", form.Get("event_type"))
	assert.JSONEq(t, `{"bundle_id":"`+b.ID+`","packet_id":"`+b.Packets[0].ID+`"}`, form.Get("payload"))
	require.Len(t, rcv.Events(), 1, "the form body verifies and decodes")
	ev := rcv.Events()[0].(*blueink.PacketViewedEvent)
	assert.Equal(t, b.Packets[0].ID, ev.Payload.PacketID)
	assert.Equal(t, d.EventID, ev.EventID)
}

func TestDeliveryTargets(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	complete := newReceiver(t, srv)
	everything := newReceiver(t, srv)
	disabled := newReceiver(t, srv)
	subscribe(t, c, complete.URL, blueink.WebhookEventBundleComplete)
	subscribe(t, c, everything.URL)
	off := subscribe(t, c, disabled.URL)
	_, _, err := c.Webhooks.Patch(ctx, off.ID, &blueink.WebhookRequest{Enabled: ptr(false)})
	require.NoError(t, err)

	b, _, err := c.Bundles.Create(ctx, simpleRequest("targets"))
	require.NoError(t, err)
	require.NoError(t, srv.Complete(ctx, b.ID))
	assert.Equal(t, []string{"bundle_complete"}, complete.Types())
	assert.Equal(t, []string{"bundle_sent", "packet_viewed", "packet_complete", "bundle_complete", "bundle_docs_ready"}, everything.Types())
	assert.Empty(t, disabled.Types())
	// Each webhook has its own event record and id.
	assert.NotEqual(t, complete.Events()[0].ID(), everything.Events()[3].ID())
}

func TestSecretRotationAndReceiverFailures(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	old := srv.WebhookSecret()
	rcv := newReceiver(t, srv)
	subscribe(t, c, rcv.URL)

	_, _, err := c.Webhooks.RegenerateSecret(ctx)
	require.NoError(t, err)
	_, _, err = c.Bundles.Create(ctx, simpleRequest("rotated"))
	require.NoError(t, err)
	d := srv.Deliveries()[0]
	require.True(t, d.OK())
	_, err = blueink.ConstructEvent(d.Body, d.Header, srv.WebhookSecret())
	assert.NoError(t, err)
	_, err = blueink.ConstructEvent(d.Body, d.Header, old)
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch, "the old secret no longer verifies")

	// A receiver that fails is recorded, and the API shows the failure.
	rcv.answer(http.StatusInternalServerError)
	_, _, err = c.Bundles.Create(ctx, simpleRequest("failing receiver"))
	require.NoError(t, err, "a failing receiver does not fail the API call")
	d = srv.Deliveries()[1]
	assert.Equal(t, http.StatusInternalServerError, d.Status)
	assert.False(t, d.OK())
	we, _, err := c.Webhooks.GetEvent(ctx, d.EventID)
	require.NoError(t, err)
	assert.Equal(t, 500, we.Status)
	assert.False(t, we.Success)
	assert.Equal(t, "HTTP 500", we.Deliveries[0].Message)
}

func TestUnsignedWithoutSecret(t *testing.T) {
	srv := blueinktest.NewServer(t, blueinktest.WithWebhookSecret(""))
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)
	subscribe(t, c, rcv.URL)
	_, _, err := c.Bundles.Create(ctx, simpleRequest("unsigned"))
	require.NoError(t, err)
	d := srv.Deliveries()[0]
	assert.Empty(t, d.Header.Get("X-Blueink-Signature"))
	assert.Equal(t, http.StatusUnauthorized, d.Status, "the receiver refuses unsigned deliveries")
	assert.Empty(t, rcv.Events())
}

func TestFixedClockNeedsTheSameClockToVerify(t *testing.T) {
	at := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	srv := blueinktest.NewServer(t, blueinktest.WithClock(func() time.Time { return at }))
	c := srv.Client()
	ctx := ctxT(t)
	stale := newReceiver(t, srv)
	inSync := newReceiver(t, srv, webhook.WithClock(srv.Now))
	subscribe(t, c, stale.URL)
	subscribe(t, c, inSync.URL)
	_, _, err := c.Bundles.Create(ctx, simpleRequest("clock"))
	require.NoError(t, err)
	assert.Empty(t, stale.Events(), "a 2025 timestamp is stale for the real clock")
	assert.Equal(t, []string{"bundle_sent"}, inSync.Types())
}

func TestEmit(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)
	wh := subscribe(t, c, rcv.URL, blueink.WebhookEventBundleError)

	require.NoError(t, srv.Emit(ctx, blueink.EventBundleError, blueink.EventPayload{BundleID: "Zq81kXw0Pd"}))
	require.NoError(t, srv.Emit(ctx, blueink.EventBundleSent, blueink.EventPayload{BundleID: "Zq81kXw0Pd"}), "not subscribed: nothing sent")
	require.NoError(t, srv.EmitTo(ctx, wh.ID, "bundle_archived", blueink.EventPayload{BundleID: "Zq81kXw0Pd",
		Other: map[string]json.RawMessage{"reason": json.RawMessage(`"retention"`)}}))
	assert.ErrorIs(t, srv.EmitTo(ctx, "nope", blueink.EventBundleSent, blueink.EventPayload{}), blueinktest.ErrNotFound)

	evs := rcv.Events()
	require.Len(t, evs, 2)
	assert.IsType(t, &blueink.BundleErrorEvent{}, evs[0])
	unknown, isUnknown := evs[1].(*blueink.UnknownEvent)
	require.True(t, isUnknown)
	assert.Equal(t, "bundle_archived", unknown.Type())
	assert.JSONEq(t, `"retention"`, string(unknown.Payload.Other["reason"]))
	assert.Equal(t, webhook.Other, unknown.Lifecycle())
}

func TestSignatureHeadersForDirectCalls(t *testing.T) {
	srv := blueinktest.NewServer(t)
	h := webhook.NewHandler(blueink.WebhookProvider(srv.WebhookSecret()))
	var got webhook.Event
	webhook.On(h, func(_ context.Context, ev *blueink.BundleCompleteEvent) error { got = ev; return nil })
	body := []byte(`{"event_id":"e1","event_type":"bundle_complete","event_date":"2025-04-07 15:43:08.646752+00:00","account_id":"a","payload":{"bundle_id":"plHoBZRHwM"}}`)

	req := httptest.NewRequest(http.MethodPost, "/hooks/blueink", bytes.NewReader(body))
	for k, vs := range srv.SignatureHeaders(body) {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	require.NotNil(t, got)
	assert.Equal(t, "plHoBZRHwM", got.(*blueink.BundleCompleteEvent).Payload.BundleID)

	req = httptest.NewRequest(http.MethodPost, "/hooks/blueink", bytes.NewReader(webhooktest.Tamper(body)))
	for k, vs := range srv.SignatureHeaders(body) {
		req.Header[k] = vs
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
}

// The event and delivery logs are what the server delivered: each
// delivery's event id, status and success are in them, and a receiver that
// was down replays exactly the events whose delivery failed, under the ids
// their deliveries carried (form deliveries too).
func TestReplayFromTheLogs(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)
	subscribe(t, c, rcv.URL)
	form, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "form", URL: rcv.URL, JSON: ptr(false), EventTypes: allEventTypes()})
	require.NoError(t, err)
	since := srv.Now()
	b, _, err := c.Bundles.Create(ctx, simpleRequest("replay")) // delivered
	require.NoError(t, err)
	rcv.answer(http.StatusServiceUnavailable)
	require.NoError(t, srv.Complete(ctx, b.ID)) // four events to each webhook, missed
	rcv.answer(0)

	var failed []string
	for _, d := range srv.Deliveries() {
		ev, _, err := c.Webhooks.GetEvent(ctx, d.EventID)
		require.NoError(t, err)
		assert.Equal(t, []any{d.WebhookID, string(d.Event), d.OK(), d.Status}, []any{ev.Webhook, string(ev.EventType), ev.Success, ev.Status})
		require.Len(t, ev.Deliveries, 1)
		assert.Equal(t, d.Status, ev.Deliveries[0].Status)
		if !d.OK() {
			failed = append(failed, d.EventID)
		}
	}
	require.Len(t, failed, 8)

	h := webhook.NewHandler(blueink.WebhookProvider(srv.WebhookSecret()), webhook.WithDedupe(nil, 0))
	var ran []string
	h.OnAny(func(_ context.Context, ev webhook.Event) error { ran = append(ran, ev.ID()); return nil })
	res, err := blueink.Replay(ctx, c, h, since, nil)
	require.NoError(t, err)
	assert.Equal(t, blueink.ReplayResult{Handled: 8}, res)
	assert.Equal(t, failed, ran, "the failed deliveries, in order")
	res, err = blueink.Replay(ctx, c, h, since, &blueink.ReplayOptions{Webhook: form.ID, IncludeDelivered: true})
	require.NoError(t, err)
	assert.Equal(t, blueink.ReplayResult{Handled: 1, AlreadyDone: 4}, res, "the form webhook's delivered bundle_sent runs here")
}
