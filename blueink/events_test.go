package blueink_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/spectest"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// The bundle_complete example from BlueInk's webhook documentation.
const evDocBundleComplete = `{"event_id":"f413734e-e832-49f2-a09e-a89c5cf4aa39","event_type":"bundle_complete","event_date":"2025-04-04 00:31:28.824236+00:00","account_id":"1b837b55-b16a-4d34-b422-f43a67d886d7","payload":{"bundle_id":"plHoBZRHwM"}}`

const (
	evSecret    = "whsec_3f9Qp2Lk8Zt"
	evTimestamp = int64(1743726689) // 2025-04-04T00:31:29Z
	// evVector is hex(HMAC-SHA256(evSecret, "v0:1743726689:" + evDocBundleComplete)),
	// computed outside Go (Python's hmac module).
	evVector = "97b7b1b28bfc11a567a1b9494c98f681870f146e8748bdf2e324720eb9307aa0"
)

var evSentAt = time.Unix(evTimestamp, 0)

func evClock(t time.Time) webhook.Option { return webhook.WithClock(func() time.Time { return t }) }

// evSign signs body at t with secret, independently of the code under test.
func evSign(secret string, t time.Time, body []byte) http.Header {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	h := http.Header{}
	h.Set("x-blueink-signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	h.Set("x-blueink-request-timestamp", ts)
	return h
}

func TestSignatureTestVector(t *testing.T) {
	body := []byte(evDocBundleComplete)
	// The test's own HMAC reproduces the external vector...
	h := evSign(evSecret, evSentAt, body)
	if got := h.Get("X-Blueink-Signature"); got != "v0="+evVector {
		t.Fatalf("independent HMAC = %s, want v0=%s", got, evVector)
	}
	// ...and the foundation's signing helper agrees with it.
	if sig, ts := webhooktest.SlackHeaders(body, evSentAt, evSecret); sig != "v0="+evVector || ts != "1743726689" {
		t.Fatalf("webhooktest.SlackHeaders = %s, %s", sig, ts)
	}
	for _, sig := range []string{"v0=" + evVector, evVector, "  v0=" + evVector + " "} {
		hdr := http.Header{}
		hdr.Set("X-Blueink-Signature", sig)
		hdr.Set("X-Blueink-Request-Timestamp", "1743726689")
		ev, err := blueink.ConstructEvent(body, hdr, evSecret, evClock(evSentAt.Add(30*time.Second)))
		if err != nil {
			t.Fatalf("signature %q refused: %v", sig, err)
		}
		bc, ok := ev.(*blueink.BundleCompleteEvent)
		if !ok {
			t.Fatalf("got %T, want *blueink.BundleCompleteEvent", ev)
		}
		if bc.Payload.BundleID != "plHoBZRHwM" || bc.ID() != "f413734e-e832-49f2-a09e-a89c5cf4aa39" {
			t.Fatalf("decoded %+v", bc.EventEnvelope)
		}
	}
}

func TestConstructEventRejects(t *testing.T) {
	body := []byte(evDocBundleComplete)
	good := evSign(evSecret, evSentAt, body)
	without := func(name string) http.Header { h := good.Clone(); h.Del(name); return h }
	with := func(name, value string) http.Header { h := good.Clone(); h.Set(name, value); return h }
	cases := []struct {
		name   string
		body   []byte
		header http.Header
		secret string
		now    time.Time
		want   error
	}{
		{"tampered body", webhooktest.Tamper(body), good, evSecret, evSentAt, webhook.ErrSignatureMismatch},
		{"appended byte", append(append([]byte(nil), body...), ' '), good, evSecret, evSentAt, webhook.ErrSignatureMismatch},
		{"wrong secret", body, good, "whsec_other", evSentAt, webhook.ErrSignatureMismatch},
		{"signed by another secret", body, evSign("whsec_other", evSentAt, body), evSecret, evSentAt, webhook.ErrSignatureMismatch},
		{"timestamp header changed", body, with("X-Blueink-Request-Timestamp", "1743726690"), evSecret, evSentAt, webhook.ErrSignatureMismatch},
		{"stale", body, good, evSecret, evSentAt.Add(webhook.DefaultTolerance + time.Second), webhook.ErrTimestampTooOld},
		{"future", body, good, evSecret, evSentAt.Add(-webhook.DefaultTolerance - time.Second), webhook.ErrTimestampTooNew},
		{"missing signature", body, without("X-Blueink-Signature"), evSecret, evSentAt, webhook.ErrMissingSignature},
		{"missing timestamp", body, without("X-Blueink-Request-Timestamp"), evSecret, evSentAt, webhook.ErrMissingTimestamp},
		{"no headers", body, http.Header{}, evSecret, evSentAt, webhook.ErrMissingSignature},
		{"signature not hex", body, with("X-Blueink-Signature", "v0=zz"), evSecret, evSentAt, webhook.ErrMalformedSignature},
		{"signature truncated", body, with("X-Blueink-Signature", "v0="+evVector[:40]), evSecret, evSentAt, webhook.ErrMalformedSignature},
		{"timestamp not a number", body, with("X-Blueink-Request-Timestamp", "yesterday"), evSecret, evSentAt, webhook.ErrMalformedSignature},
		{"empty secret", body, good, "", evSentAt, webhook.ErrNoSecret},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := blueink.ConstructEvent(tc.body, tc.header, tc.secret, evClock(tc.now))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if ev != nil {
				t.Fatalf("event %T returned with an error", ev)
			}
		})
	}
}

func TestConstructEventToleranceEdges(t *testing.T) {
	body := []byte(evDocBundleComplete)
	h := evSign(evSecret, evSentAt, body)
	for _, now := range []time.Time{evSentAt.Add(webhook.DefaultTolerance), evSentAt.Add(-webhook.DefaultTolerance)} {
		if _, err := blueink.ConstructEvent(body, h, evSecret, evClock(now)); err != nil {
			t.Errorf("at the tolerance edge (%v): %v", now.Sub(evSentAt), err)
		}
	}
	late := evSentAt.Add(9 * time.Minute)
	if _, err := blueink.ConstructEvent(body, h, evSecret, evClock(late)); !errors.Is(err, webhook.ErrTimestampTooOld) {
		t.Fatalf("default tolerance: %v", err)
	}
	if _, err := blueink.ConstructEvent(body, h, evSecret, evClock(late), webhook.WithTolerance(10*time.Minute)); err != nil {
		t.Fatalf("WithTolerance(10m): %v", err)
	}
}

func TestVerifierRotation(t *testing.T) {
	const oldSecret, newSecret = "whsec_old_7Yd2", "whsec_new_Q81x"
	body := []byte(evDocBundleComplete)
	rotate := webhook.WithAdditionalSecrets("", oldSecret)
	v, err := blueink.NewVerifier(newSecret, evClock(evSentAt), rotate)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{oldSecret, newSecret} {
		if err := v.Verify(evSign(s, evSentAt, body), body); err != nil {
			t.Fatalf("signed with %s: %v", s, err)
		}
		ev, err := blueink.ConstructEvent(body, evSign(s, evSentAt, body), newSecret, evClock(evSentAt), rotate)
		if err != nil || ev.Type() != "bundle_complete" {
			t.Fatalf("ConstructEvent signed with %s: %v", s, err)
		}
	}
	if err := v.Verify(evSign("whsec_third", evSentAt, body), body); !errors.Is(err, webhook.ErrSignatureMismatch) {
		t.Fatalf("third secret: %v", err)
	}
	// Two signatures in one header (BlueInk signing with both during its own rotation).
	h := evSign("whsec_unknown", evSentAt, body)
	h.Set("X-Blueink-Signature", h.Get("X-Blueink-Signature")+","+evSign(oldSecret, evSentAt, body).Get("X-Blueink-Signature"))
	if err := v.Verify(h, body); err != nil {
		t.Fatalf("header with two signatures: %v", err)
	}
	// A single-secret verifier refuses the old one.
	only, err := blueink.NewVerifier(newSecret, evClock(evSentAt))
	if err != nil {
		t.Fatal(err)
	}
	if err := only.Verify(evSign(oldSecret, evSentAt, body), body); !errors.Is(err, webhook.ErrSignatureMismatch) {
		t.Fatalf("old secret after rotation: %v", err)
	}
	for _, secret := range []string{"", " \t"} {
		if _, err := blueink.NewVerifier(secret, webhook.WithAdditionalSecrets("")); !errors.Is(err, webhook.ErrNoSecret) ||
			!strings.HasPrefix(err.Error(), "blueink: ") {
			t.Fatalf("no secret %q: %v", secret, err)
		}
	}
}

// evCase is one realistic delivery of each type.
type evCase struct {
	typ       blueink.EventType
	eventID   string
	date      string
	want      time.Time
	accountID string
	bundleID  string
	packetID  string
	lifecycle webhook.Lifecycle
	goType    string
	// templateID is the payload of a doc_template_* event (its only field,
	// template_id, lands in Payload.Other); bundleID is then empty.
	templateID string
}

const evAccount = "1b837b55-b16a-4d34-b422-f43a67d886d7"

var evCases = []evCase{
	{blueink.EventBundleSent, "0c9c3a4e-52a2-4c39-9f0b-3b8f3d1c7a10", "2025-04-03 21:02:11.104220+00:00",
		time.Date(2025, 4, 3, 21, 2, 11, 104220000, time.UTC), evAccount, "plHoBZRHwM", "", webhook.Sent, "*blueink.BundleSentEvent", ""},
	{blueink.EventBundleComplete, "f413734e-e832-49f2-a09e-a89c5cf4aa39", "2025-04-04 00:31:28.824236+00:00",
		time.Date(2025, 4, 4, 0, 31, 28, 824236000, time.UTC), evAccount, "plHoBZRHwM", "", webhook.Completed, "*blueink.BundleCompleteEvent", ""},
	{blueink.EventBundleDocsReady, "6d1f0a7c-2b55-4f0e-8a0e-5c9a3d7e2b41", "2025-04-04 00:31:35.002913+00:00",
		time.Date(2025, 4, 4, 0, 31, 35, 2913000, time.UTC), evAccount, "plHoBZRHwM", "", webhook.Other, "*blueink.BundleDocsReadyEvent", ""},
	{blueink.EventBundleError, "a7e5e0d2-8f61-4c52-b7a4-0f3e9b2c6d58", "2025-04-05 09:14:00.000001+00:00",
		time.Date(2025, 4, 5, 9, 14, 0, 1000, time.UTC), evAccount, "Xq3LmN8pRt", "", webhook.Failed, "*blueink.BundleErrorEvent", ""},
	{blueink.EventBundleCancelled, "3b2f9e61-0d4a-4a9b-86c3-e1f7a2d5c904", "2025-04-06 12:00:00+00:00",
		time.Date(2025, 4, 6, 12, 0, 0, 0, time.UTC), evAccount, "Xq3LmN8pRt", "", webhook.Cancelled, "*blueink.BundleCancelledEvent", ""},
	{blueink.EventPacketViewed, "c163d38f-e7ff-4e1b-b7dc-1fc027bf35ae", "2025-04-07 15:43:08.646752+00:00",
		time.Date(2025, 4, 7, 15, 43, 8, 646752000, time.UTC), evAccount, "HMXKQ0jhdJ", "dtipO7RrCw", webhook.Viewed, "*blueink.PacketViewedEvent", ""},
	{blueink.EventPacketComplete, "e2a4c6b8-1d3f-4e5a-9b7c-0d2e4f6a8b1c", "2025-04-07 15:47:51.310045+00:00",
		time.Date(2025, 4, 7, 15, 47, 51, 310045000, time.UTC), evAccount, "HMXKQ0jhdJ", "dtipO7RrCw", webhook.Signed, "*blueink.PacketCompleteEvent", ""},
	{blueink.EventPacketDeclined, "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "2025-04-08 08:05:44.918273-04:00",
		time.Date(2025, 4, 8, 12, 5, 44, 918273000, time.UTC), evAccount, "Zr7TyU2iOp", "Kl9MnB4vCx", webhook.Declined, "*blueink.PacketDeclinedEvent", ""},
	{blueink.EventBundleSignerReassigned, "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "2025-04-08 10:20:30.405060+00:00",
		time.Date(2025, 4, 8, 10, 20, 30, 405060000, time.UTC), evAccount, "Zr7TyU2iOp", "Kl9MnB4vCx", webhook.Other, "*blueink.BundleSignerReassignedEvent", ""},
	{blueink.EventDocTemplateCreated, "7b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9", "2025-04-09 09:00:00.100000+00:00",
		time.Date(2025, 4, 9, 9, 0, 0, 100000000, time.UTC), evAccount, "", "", webhook.Other, "*blueink.DocTemplateCreatedEvent",
		"412acd04-ccec-4e74-b695-cff8f6163b40"},
	{blueink.EventDocTemplateUpdated, "8c2d3e4f-5061-4728-93a4-b5c6d7e8f90a", "2025-04-09 09:05:00.200000+00:00",
		time.Date(2025, 4, 9, 9, 5, 0, 200000000, time.UTC), evAccount, "", "", webhook.Other, "*blueink.DocTemplateUpdatedEvent",
		"412acd04-ccec-4e74-b695-cff8f6163b40"},
	{blueink.EventDocTemplateDeleted, "9d3e4f50-6172-4839-a4b5-c6d7e8f90a1b", "2025-04-09 09:10:00.300000+00:00",
		time.Date(2025, 4, 9, 9, 10, 0, 300000000, time.UTC), evAccount, "", "", webhook.Other, "*blueink.DocTemplateDeletedEvent",
		"412acd04-ccec-4e74-b695-cff8f6163b40"},
}

func (c evCase) json() []byte {
	payload := `{"bundle_id": "` + c.bundleID + `"}`
	if c.packetID != "" {
		payload = `{"bundle_id": "` + c.bundleID + `", "packet_id": "` + c.packetID + `"}`
	}
	if c.templateID != "" {
		payload = `{"template_id": "` + c.templateID + `"}`
	}
	return []byte(`{
  "event_id": "` + c.eventID + `",
  "event_type": "` + string(c.typ) + `",
  "event_date": "` + c.date + `",
  "account_id": "` + c.accountID + `",
  "payload": ` + payload + `
}`)
}

// form encodings a json=false webhook may use.
func (c evCase) forms() map[string][]byte {
	base := func() url.Values {
		return url.Values{"event_id": {c.eventID}, "event_type": {string(c.typ)}, "event_date": {c.date}, "account_id": {c.accountID}}
	}
	flat, jsonField, bracket, dot := base(), base(), base(), base()
	p := map[string]string{}
	if c.templateID != "" {
		flat.Set("template_id", c.templateID)
		bracket.Set("payload[template_id]", c.templateID)
		dot.Set("payload.template_id", c.templateID)
		p["template_id"] = c.templateID
	} else {
		flat.Set("bundle_id", c.bundleID)
		bracket.Set("payload[bundle_id]", c.bundleID)
		dot.Set("payload.bundle_id", c.bundleID)
		p["bundle_id"] = c.bundleID
	}
	if c.packetID != "" {
		flat.Set("packet_id", c.packetID)
		bracket.Set("payload[packet_id]", c.packetID)
		dot.Set("payload.packet_id", c.packetID)
		p["packet_id"] = c.packetID
	}
	pj, _ := json.Marshal(p)
	jsonField.Set("payload", string(pj))
	return map[string][]byte{
		"flat": []byte(flat.Encode()), "payload-json": []byte(jsonField.Encode()),
		"payload-brackets": []byte(bracket.Encode()), "payload-dots": []byte(dot.Encode()),
	}
}

func (c evCase) check(t *testing.T, ev webhook.Event, body []byte) {
	t.Helper()
	if got := fmt.Sprintf("%T", ev); got != c.goType {
		t.Fatalf("type %s, want %s", got, c.goType)
	}
	env, ok := blueink.EnvelopeOf(ev)
	if !ok {
		t.Fatalf("EnvelopeOf(%T) = false", ev)
	}
	evEq(t, "Provider()", ev.Provider(), "blueink")
	evEq(t, "Type()", ev.Type(), string(c.typ))
	evEq(t, "ID()", ev.ID(), c.eventID)
	evEq(t, "Lifecycle()", ev.Lifecycle(), c.lifecycle)
	evEq(t, "Lifecycle() vs EventType.Lifecycle()", ev.Lifecycle(), c.typ.Lifecycle())
	if !ev.OccurredAt().Equal(c.want) || ev.OccurredAt().Location() != time.UTC {
		t.Errorf("OccurredAt() = %v, want %v (UTC)", ev.OccurredAt(), c.want)
	}
	if !bytes.Equal(ev.Raw(), body) {
		t.Errorf("Raw() = %q, want the body", ev.Raw())
	}
	evEq(t, "EventID", env.EventID, c.eventID)
	evEq(t, "EventType", env.EventType, c.typ)
	evEq(t, "EventDate", env.EventDate, c.want)
	evEq(t, "AccountID", env.AccountID, c.accountID)
	evEq(t, "Payload.BundleID", env.Payload.BundleID, c.bundleID)
	evEq(t, "Payload.PacketID", env.Payload.PacketID, c.packetID)
	switch {
	case c.templateID != "":
		if got := string(env.Payload.Other["template_id"]); len(env.Payload.Other) != 1 || got != `"`+c.templateID+`"` {
			t.Errorf("Payload.Other = %s, want {template_id: %q}", env.Payload.Other, c.templateID)
		}
	case env.Payload.Other != nil:
		t.Errorf("Payload.Other = %v, want nil", env.Payload.Other)
	}
}

func evEq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestParseEventJSONEveryType(t *testing.T) {
	if len(evCases) != len(blueink.EventTypes()) {
		t.Fatalf("%d cases for %d event types", len(evCases), len(blueink.EventTypes()))
	}
	for _, c := range evCases {
		t.Run(string(c.typ), func(t *testing.T) {
			body := c.json()
			ev, err := blueink.ParseEvent(body)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, ev, body)
		})
	}
}

func TestParseEventFormEveryType(t *testing.T) {
	for _, c := range evCases {
		for style, body := range c.forms() {
			t.Run(string(c.typ)+"/"+style, func(t *testing.T) {
				ev, err := blueink.ParseEvent(body)
				if err != nil {
					t.Fatalf("%s: %v", body, err)
				}
				c.check(t, ev, body)
			})
		}
	}
}

func TestTypedEventFields(t *testing.T) {
	// Field access on the concrete types, as a handler would use them.
	ev, err := blueink.ParseEvent(evCases[5].json())
	if err != nil {
		t.Fatal(err)
	}
	pv := ev.(*blueink.PacketViewedEvent)
	evEq(t, "EventID", pv.EventID, "c163d38f-e7ff-4e1b-b7dc-1fc027bf35ae")
	evEq(t, "EventType", pv.EventType, blueink.EventPacketViewed)
	evEq(t, "AccountID", pv.AccountID, evAccount)
	evEq(t, "BundleID", pv.Payload.BundleID, "HMXKQ0jhdJ")
	evEq(t, "PacketID", pv.Payload.PacketID, "dtipO7RrCw")
	evEq(t, "EventDate", pv.EventDate, time.Date(2025, 4, 7, 15, 43, 8, 646752000, time.UTC))
	evEq(t, "ID()", pv.ID(), pv.EventID)
	evEq(t, "Type()", pv.Type(), string(pv.EventType))
}

func TestParseEventUnknownType(t *testing.T) {
	bodies := map[string][]byte{
		"json": []byte(`{"event_id":"77e0c1a2-3b4c-4d5e-8f90-a1b2c3d4e5f6","event_type":"bundle_expired","event_date":"2025-05-01 00:00:00.5+00:00","account_id":"` + evAccount + `","payload":{"bundle_id":"Qw12Er34Ty","reason":"deadline","count":2}}`),
		"form": []byte(`event_id=77e0c1a2-3b4c-4d5e-8f90-a1b2c3d4e5f6&event_type=bundle_expired&event_date=2025-05-01+00%3A00%3A00.5%2B00%3A00&account_id=` + evAccount + `&bundle_id=Qw12Er34Ty&reason=deadline&count=2`),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			ev, err := blueink.ParseEvent(body)
			if err != nil {
				t.Fatal(err)
			}
			u, ok := ev.(*blueink.UnknownEvent)
			if !ok {
				t.Fatalf("got %T, want *blueink.UnknownEvent", ev)
			}
			if !bytes.Equal(u.Raw(), body) {
				t.Fatalf("Raw() = %q", u.Raw())
			}
			evEq(t, "Type()", u.Type(), "bundle_expired")
			evEq(t, "EventType.Known()", u.EventType.Known(), false)
			evEq(t, "Lifecycle()", u.Lifecycle(), webhook.Other)
			evEq(t, "ID()", u.ID(), "77e0c1a2-3b4c-4d5e-8f90-a1b2c3d4e5f6")
			evEq(t, "EventDate", u.EventDate, time.Date(2025, 5, 1, 0, 0, 0, 500000000, time.UTC))
			evEq(t, "BundleID", u.Payload.BundleID, "Qw12Er34Ty")
			evEq(t, "Other[reason]", string(u.Payload.Other["reason"]), `"deadline"`)
			wantCount := `2`
			if name == "form" {
				wantCount = `"2"` // form values are strings
			}
			evEq(t, "Other[count]", string(u.Payload.Other["count"]), wantCount)
			evEq(t, "len(Other)", len(u.Payload.Other), 2)
		})
	}
}

func TestParseEventLenientShapes(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		bundleID string
		packetID string
		id       string
		date     time.Time
	}{
		{"numeric ids", `{"event_id":123,"event_type":"packet_complete","event_date":"2025-04-07T15:47:51Z","account_id":7,"payload":{"bundle_id":"B1","packet_id":42}}`,
			"B1", "42", "123", time.Date(2025, 4, 7, 15, 47, 51, 0, time.UTC)},
		{"double-encoded payload", `{"event_id":"e1","event_type":"packet_complete","event_date":"2025-04-07 15:47:51","payload":"{\"bundle_id\":\"B1\",\"packet_id\":\"P1\"}"}`,
			"B1", "P1", "e1", time.Date(2025, 4, 7, 15, 47, 51, 0, time.UTC)},
		{"unix seconds date, null payload", `{"event_id":"e1","event_type":"packet_complete","event_date":"1743726689","payload":null}`,
			"", "", "e1", evSentAt.UTC()},
		{"empty payload string", `{"event_id":"e1","event_type":"packet_complete","payload":""}`, "", "", "e1", time.Time{}},
		{"no date", `{"event_id":"e1","event_type":"packet_complete","payload":{"bundle_id":null}}`, "", "", "e1", time.Time{}},
		{"BOM and whitespace", "\ufeff \n\t{\"event_id\":\"e1\",\"event_type\":\"packet_complete\",\"payload\":{\"bundle_id\":\"B1\"}}\n", "B1", "", "e1", time.Time{}},
		{"form with spaces and repeated key", "event_type=packet_complete&event_id=e1&event_id=e2&bundle_id=+B1+&payload.packet_id=%20P1%09\n", "B1", "P1", "e1", time.Time{}},
		{"form precedence", "event_type=packet_complete&payload=%7B%22bundle_id%22%3A%22J%22%7D&payload%5Bbundle_id%5D=K&payload.bundle_id=D&bundle_id=F&payload%5Bpacket_id%5D=PK&packet_id=PF", "J", "PK", "", time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := blueink.ParseEvent([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			env, _ := blueink.EnvelopeOf(ev)
			if _, ok := ev.(*blueink.PacketCompleteEvent); !ok {
				t.Fatalf("got %T", ev)
			}
			evEq(t, "BundleID", env.Payload.BundleID, tc.bundleID)
			evEq(t, "PacketID", env.Payload.PacketID, tc.packetID)
			evEq(t, "ID()", ev.ID(), tc.id)
			evEq(t, "OccurredAt()", ev.OccurredAt(), tc.date)
		})
	}
}

// One value that does not fit never fails a delivery (issue 14): the event
// is typed and dispatched, the value keeps its zero value, every other
// value is decoded, and the event lists the value with its path. Before,
// each of these bodies was refused (400, so BlueInk retried it in vain).
func TestParseEventToleratesOddValues(t *testing.T) {
	const head = `"event_id":"e1","event_type":"bundle_sent","account_id":"a1"`
	for name, tc := range map[string]struct {
		body     string
		path     string // the issue
		bundleID string
		date     time.Time
	}{
		"bad event_date": {`{` + head + `,"event_date":"next tuesday","payload":{"bundle_id":"B1"}}`, "event_date", "B1", time.Time{}},
		"payload array":  {`{` + head + `,"event_date":"2025-04-07T15:47:51Z","payload":["B1"]}`, "payload", "", time.Date(2025, 4, 7, 15, 47, 51, 0, time.UTC)},
		"payload string not object": {`{` + head + `,"event_date":"2025-04-07T15:47:51Z","payload":"B1"}`, "payload", "",
			time.Date(2025, 4, 7, 15, 47, 51, 0, time.UTC)},
		"bundle_id object": {`{` + head + `,"payload":{"bundle_id":{"id":"B1"},"packet_id":"P1","extra":1}}`, "payload.bundle_id", "", time.Time{}},
		"account_id list":  {`{"event_id":"e1","event_type":"bundle_sent","account_id":["a1"],"payload":{"bundle_id":"B1"}}`, "account_id", "B1", time.Time{}},
		"form python dict payload": {"event_id=e1&event_type=bundle_sent&account_id=a1&bundle_id=B1&payload=%7B%27bundle_id%27%3A+%27X%27%7D",
			"payload", "B1", time.Time{}},
		"form payload not object": {"event_id=e1&event_type=bundle_sent&account_id=a1&payload=bundle_id&bundle_id=B1", "payload", "B1", time.Time{}},
		"form bad date":           {"event_id=e1&event_type=bundle_sent&account_id=a1&bundle_id=B1&event_date=2025-13-45", "event_date", "B1", time.Time{}},
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := blueink.ParseEvent([]byte(tc.body))
			require.NoError(t, err)
			e, ok := ev.(*blueink.BundleSentEvent)
			require.True(t, ok, "got %T", ev)
			assert.Equal(t, "e1", e.ID())
			assert.Equal(t, tc.bundleID, e.Payload.BundleID)
			assert.Equal(t, tc.date, e.OccurredAt())
			assert.Equal(t, []byte(tc.body), e.Raw())
			issues := ev.DecodeIssues()
			require.Len(t, issues, 1, "%v", issues)
			assert.Equal(t, tc.path, issues[0].Path)
			assert.NotEmpty(t, issues[0].Raw)
			assert.Error(t, issues[0].Err)
			if name == "bundle_id object" {
				assert.Equal(t, "P1", e.Payload.PacketID, "the rest of the payload is kept")
				assert.Equal(t, "1", string(e.Payload.Other["extra"]))
			}
			if name != "account_id list" && !strings.HasPrefix(name, "form") {
				assert.Equal(t, "a1", e.AccountID)
			}
			// Strict decoding refuses it, naming the value.
			_, err = blueink.ParseEvent([]byte(tc.body), webhook.WithStrictDecoding())
			assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
			assert.ErrorContains(t, err, tc.path)
		})
	}
	// A body that parses lists nothing.
	ev, err := blueink.ParseEvent(evCases[0].json())
	require.NoError(t, err)
	assert.Empty(t, ev.DecodeIssues())
}

func TestParseEventInvalid(t *testing.T) {
	for name, body := range map[string]string{
		"empty":                   ``,
		"whitespace":              " \n",
		"JSON null":               `null`,
		"JSON array":              `[{"event_type":"bundle_sent"}]`,
		"JSON string":             `"bundle_sent"`,
		"truncated JSON":          `{"event_id":"e1","event_type":"bundle_sent"`,
		"trailing data":           `{"event_type":"bundle_sent"} {}`,
		"no event_type":           `{"event_id":"e1","payload":{"bundle_id":"B1"}}`,
		"blank event_type":        `{"event_id":"e1","event_type":"  "}`,
		"event_type object":       `{"event_type":{"name":"bundle_sent"}}`,
		"plain text":              `hello`,
		"form without event_type": `event_id=e1&bundle_id=B1`,
		"form bad escape":         `event_type=bundle_sent&bundle_id=%zz`,
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := blueink.ParseEvent([]byte(body))
			if !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("err = %v (event %T), want ErrInvalidPayload", err, ev)
			}
			if ev != nil {
				t.Fatalf("event %T returned with an error", ev)
			}
			if !strings.HasPrefix(err.Error(), "blueink: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestOversizedBody(t *testing.T) {
	head := []byte(`{"event_type":"bundle_sent","event_id":"e1","pad":"`)
	big := append(head, bytes.Repeat([]byte("a"), webhook.DefaultMaxBodyBytes-len(head)-2)...)
	big = append(big, '"', '}')
	if len(big) != webhook.DefaultMaxBodyBytes {
		t.Fatalf("setup: %d bytes", len(big))
	}
	if _, err := blueink.ParseEvent(big); err != nil {
		t.Fatalf("body of exactly the limit: %v", err)
	}
	over := append(big[:len(big)-2:len(big)-2], 'a', '"', '}')
	if _, err := blueink.ParseEvent(over); !errors.Is(err, webhook.ErrBodyTooLarge) || !errors.Is(err, webhook.ErrInvalidPayload) {
		t.Fatalf("ParseEvent over the limit: %v", err)
	}
	// ConstructEvent refuses before verifying, even with a valid signature.
	if _, err := blueink.ConstructEvent(over, evSign(evSecret, evSentAt, over), evSecret, evClock(evSentAt)); !errors.Is(err, webhook.ErrBodyTooLarge) {
		t.Fatalf("ConstructEvent over the limit: %v", err)
	}
}

func TestEventJSONRoundTrip(t *testing.T) {
	for _, c := range evCases {
		ev, err := blueink.ParseEvent(c.json())
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		back, err := blueink.ParseEvent(out)
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if reflect.TypeOf(back) != reflect.TypeOf(ev) {
			t.Fatalf("%T became %T", ev, back)
		}
		a, _ := blueink.EnvelopeOf(ev)
		b, _ := blueink.EnvelopeOf(back)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip through %s:\n got %+v\nwant %+v", out, b, a)
		}
	}
	// Other payload fields survive as well.
	ev, err := blueink.ParseEvent([]byte(`{"event_type":"bundle_signer_reassigned","payload":{"bundle_id":"B1","packet_id":"P1","previous":{"email":"a@example.com"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(ev)
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	p := m["payload"].(map[string]any)
	if p["bundle_id"] != "B1" || p["packet_id"] != "P1" || p["previous"].(map[string]any)["email"] != "a@example.com" {
		t.Fatalf("marshalled %s", out)
	}
}

func TestEventTypes(t *testing.T) {
	want := map[blueink.EventType]webhook.Lifecycle{
		"bundle_sent": webhook.Sent, "bundle_complete": webhook.Completed, "bundle_docs_ready": webhook.Other,
		"bundle_error": webhook.Failed, "bundle_cancelled": webhook.Cancelled, "packet_viewed": webhook.Viewed,
		"packet_complete": webhook.Signed, "packet_declined": webhook.Declined, "bundle_signer_reassigned": webhook.Other,
		"doc_template_created": webhook.Other, "doc_template_updated": webhook.Other, "doc_template_deleted": webhook.Other,
	}
	types := blueink.EventTypes()
	if len(types) != len(want) {
		t.Fatalf("EventTypes() = %v", types)
	}
	for _, typ := range types {
		lc, ok := want[typ]
		if !ok {
			t.Fatalf("unexpected type %q", typ)
		}
		if !typ.Known() || typ.Lifecycle() != lc || typ.String() != string(typ) {
			t.Errorf("%s: Known=%v Lifecycle=%s", typ, typ.Known(), typ.Lifecycle())
		}
		delete(want, typ) // duplicates would fail the lookup above
	}
	for _, typ := range []blueink.EventType{"", "bundle_expired", "BUNDLE_SENT"} {
		if typ.Known() || typ.Lifecycle() != webhook.Other {
			t.Errorf("%q: Known=%v Lifecycle=%s", typ, typ.Known(), typ.Lifecycle())
		}
	}
	types[0] = "mutated"
	if blueink.EventTypes()[0] != blueink.EventBundleSent {
		t.Fatal("EventTypes shares its slice")
	}
}

// TestEventTypesCoverSwagger checks every event_type enum value of the
// published API description decodes to a typed event.
func TestEventTypesCoverSwagger(t *testing.T) {
	raw, err := os.ReadFile(spectest.Path(t, "blueink-v2-swagger-2.2.3.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Definitions map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	enum := spec.Definitions["WebhookEvent"].Properties["event_type"].Enum
	if len(enum) < 7 {
		t.Fatalf("WebhookEvent.event_type enum not found (%v)", enum)
	}
	for _, v := range enum {
		if !blueink.EventType(v).Known() {
			t.Errorf("swagger event type %q is not decoded to a typed event", v)
		}
		ev, err := blueink.ParseEvent([]byte(`{"event_type":"` + v + `"}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, unknown := ev.(*blueink.UnknownEvent); unknown {
			t.Errorf("%q decodes to *UnknownEvent", v)
		}
	}
}

func TestEnvelopeOfForeignEvent(t *testing.T) {
	foreign := &struct{ webhook.Meta }{webhook.NewMeta("zigned", "agreement.finalized", "z1", time.Time{}, nil, webhook.Completed)}
	if _, ok := blueink.EnvelopeOf(foreign); ok {
		t.Fatal("EnvelopeOf accepted a zigned event")
	}
}

func TestWebhookProviderWithHandler(t *testing.T) {
	body := evCases[1].json() // bundle_complete
	form := evCases[6].forms()["flat"]
	now := evSentAt.Add(2 * time.Second)

	var got []*blueink.BundleCompleteEvent
	var lifecycles []webhook.Lifecycle
	h := webhook.NewHandler(blueink.WebhookProvider(evSecret, evClock(now)), webhook.WithDedupe(nil, 0))
	webhook.On(h, func(_ context.Context, ev *blueink.BundleCompleteEvent) error { got = append(got, ev); return nil })
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		lifecycles = append(lifecycles, ev.Lifecycle())
		return nil
	})

	post := func(body []byte, hdr http.Header, contentType string) int {
		r := httptest.NewRequest(http.MethodPost, "/hooks/blueink", bytes.NewReader(body))
		for k, v := range hdr {
			r.Header[k] = v
		}
		r.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if code := post(body, evSign(evSecret, evSentAt, body), "application/json"); code != http.StatusOK {
		t.Fatalf("signed JSON: %d", code)
	}
	if len(got) != 1 || got[0].Payload.BundleID != "plHoBZRHwM" || got[0].ID() != evCases[1].eventID {
		t.Fatalf("dispatched %+v", got)
	}
	// Same event again: deduplicated by event_id, answered 200, not dispatched.
	if code := post(body, evSign(evSecret, evSentAt, body), "application/json"); code != http.StatusOK || len(got) != 1 {
		t.Fatalf("duplicate: %d, %d dispatches", code, len(got))
	}
	if code := post(form, evSign(evSecret, evSentAt, form), "application/x-www-form-urlencoded"); code != http.StatusOK {
		t.Fatalf("signed form: %d", code)
	}
	if want := []webhook.Lifecycle{webhook.Completed, webhook.Signed}; !reflect.DeepEqual(lifecycles, want) {
		t.Fatalf("lifecycles %v, want %v", lifecycles, want)
	}
	for name, tc := range map[string]struct {
		body []byte
		hdr  http.Header
		want int
	}{
		"tampered":     {webhooktest.Tamper(body), evSign(evSecret, evSentAt, body), http.StatusUnauthorized},
		"wrong secret": {body, evSign("whsec_other", evSentAt, body), http.StatusUnauthorized},
		"stale":        {body, evSign(evSecret, now.Add(-time.Hour), body), http.StatusUnauthorized},
		"unsigned":     {body, http.Header{}, http.StatusUnauthorized},
		"signed junk":  {[]byte("junk"), evSign(evSecret, evSentAt, []byte("junk")), http.StatusBadRequest},
	} {
		if code := post(tc.body, tc.hdr, "application/json"); code != tc.want {
			t.Errorf("%s: %d, want %d", name, code, tc.want)
		}
	}
	if len(got) != 1 || len(lifecycles) != 2 {
		t.Fatalf("refused deliveries were dispatched: %d, %d", len(got), len(lifecycles))
	}

	// No secret: the provider refuses every delivery, and NewHandler
	// panics naming the provider and what is missing.
	p := blueink.WebhookProvider("")
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header = evSign(evSecret, time.Now(), body)
	if err := p.VerifyRequest(r, body); !errors.Is(err, webhook.ErrNoSecret) {
		t.Fatalf("provider without secret: %v", err)
	}
	if p.Name() != blueink.ProviderName {
		t.Fatalf("Name() = %q", p.Name())
	}
	func() {
		defer func() {
			msg := fmt.Sprint(recover())
			if !strings.Contains(msg, "blueink") || !strings.Contains(msg, "no webhook secret") {
				t.Fatalf("NewHandler with an empty secret: panic %q", msg)
			}
		}()
		webhook.NewHandler(blueink.WebhookProvider("  "))
	}()
}

func TestWebhookProviderRotation(t *testing.T) {
	body := evCases[0].json()
	p := blueink.WebhookProvider("whsec_new", evClock(evSentAt), webhook.WithAdditionalSecrets("whsec_old"))
	for _, s := range []string{"whsec_old", "whsec_new"} {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header = evSign(s, evSentAt, body)
		if err := p.VerifyRequest(r, body); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		ev, err := p.Parse(r.Header, body)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ev.(*blueink.BundleSentEvent); !ok {
			t.Fatalf("got %T", ev)
		}
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	const secret = "whsec_DoNotPrint_91kQ"
	hexSecret := hex.EncodeToString([]byte(secret))
	v, err := blueink.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(evDocBundleComplete)
	_, verr := blueink.ConstructEvent(body, evSign("whsec_other", time.Now(), body), secret)
	_, terr := blueink.ConstructEvent(webhooktest.Tamper(body), evSign(secret, time.Now(), body), secret)
	ws := blueink.WebhookSecret{Secret: secret}
	for _, x := range []any{v, blueink.WebhookProvider(secret), verr, terr, ws, &ws} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			out := fmt.Sprintf(verb, x)
			if strings.Contains(out, secret) || strings.Contains(out, hexSecret) || strings.Contains(out, "0x77, 0x68, 0x73") {
				t.Fatalf("%s of %T prints the secret: %s", verb, x, out)
			}
		}
	}
}

// BlueInk does not publish its signed string. A delivery signed another
// plausible way is still refused, but the Handler's log line names the
// construction that matched and the option selecting it; selecting it
// makes the delivery pass.
func TestUnconfirmedSchemeIsDiagnosable(t *testing.T) {
	body := []byte(evDocBundleComplete)
	ts := "1743726689"
	for _, c := range []struct {
		msg     string
		payload webhook.SignedPayload
		option  string
	}{
		{ts + "." + string(body), webhook.SignedTimestampDot, "webhook.WithSignedPayload(webhook.SignedTimestampDot)"},
		{ts + ":" + string(body), webhook.SignedTimestampColon, "webhook.WithSignedPayload(webhook.SignedTimestampColon)"},
		{string(body), webhook.SignedBodyOnly, "webhook.WithSignedPayload(webhook.SignedBodyOnly)"},
	} {
		for _, enc := range []string{"hex", "base64"} {
			m := hmac.New(sha256.New, []byte(evSecret))
			m.Write([]byte(c.msg))
			sig := hex.EncodeToString(m.Sum(nil))
			if enc == "base64" {
				sig = base64.StdEncoding.EncodeToString(m.Sum(nil))
			}
			h := http.Header{}
			h.Set("X-Blueink-Signature", "v0="+sig)
			h.Set("X-Blueink-Request-Timestamp", ts)

			var logs bytes.Buffer
			handler := webhook.NewHandler(blueink.WebhookProvider(evSecret, evClock(evSentAt)),
				webhook.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			r := httptest.NewRequest(http.MethodPost, "/hooks/blueink", bytes.NewReader(body))
			r.Header = h
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, r)
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("%s/%s: status %d, want 401", c.payload, enc, w.Code)
			}
			if !strings.Contains(logs.String(), c.option) || !strings.Contains(logs.String(), "the delivery verifies with") {
				t.Errorf("%s/%s: the log does not name the construction and its option: %s", c.payload, enc, logs.String())
			}
			if strings.Contains(logs.String(), evSecret) || strings.Contains(w.Body.String(), "verifies") {
				t.Errorf("%s/%s: the secret or the reason leaked", c.payload, enc)
			}
			if _, err := blueink.ConstructEvent(body, h, evSecret, evClock(evSentAt), webhook.WithSignedPayload(c.payload)); err != nil {
				t.Errorf("%s/%s selected: %v", c.payload, enc, err)
			}
		}
	}
}

// Timestamps may arrive as float strings; the signed text is the header
// value as received.
func TestFloatTimestamp(t *testing.T) {
	body := []byte(evDocBundleComplete)
	const ts = "1743726689.12"
	m := hmac.New(sha256.New, []byte(evSecret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	h := http.Header{}
	h.Set("X-Blueink-Signature", hex.EncodeToString(m.Sum(nil)))
	h.Set("X-Blueink-Request-Timestamp", ts)
	if _, err := blueink.ConstructEvent(body, h, evSecret, evClock(evSentAt)); err != nil {
		t.Fatalf("float timestamp refused: %v", err)
	}
	if _, err := blueink.ConstructEvent(body, h, evSecret, evClock(evSentAt.Add(time.Hour))); !errors.Is(err, webhook.ErrTimestampTooOld) {
		t.Fatalf("a stale float timestamp: %v", err)
	}
}
