package blueink

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/webhook"
)

// Headers BlueInk signs its webhook deliveries with.
const (
	// SignatureHeader carries hex(HMAC-SHA256(secret, base string)), bare or
	// as "v0=<hex>".
	SignatureHeader = "X-Blueink-Signature"
	// TimestampHeader carries the unix time (seconds) the request was sent.
	TimestampHeader = "X-Blueink-Request-Timestamp"
)

// Verifier checks BlueInk webhook signatures with one or more secrets (the
// shared secret from GET /webhooks/secret/, or the BlueInk dashboard).
//
// The signature is HMAC-SHA256 with the secret, hex encoded, in
// x-blueink-signature, with the unix timestamp in
// x-blueink-request-timestamp. BlueInk documents those headers, HMAC-SHA256
// and a signature version "v0", but not the exact signed string: the
// Slack-style base string "v0:" + timestamp + ":" + body is inferred (it is
// built by webhook.NewSlackHMAC, in one small function there). The timestamp
// must be within the tolerance (default webhook.DefaultTolerance) of now,
// both ways.
//
// A Verifier never prints its secrets, whatever the fmt verb.
type Verifier struct {
	v *webhook.SlackHMAC
}

// NewVerifier returns a Verifier accepting a signature made with any of the
// non-empty secrets (give the new and the old one while rotating). No
// non-empty secret is webhook.ErrNoSecret. opts set the tolerance and clock.
func NewVerifier(secrets []string, opts ...webhook.Option) (*Verifier, error) {
	v, err := webhook.NewSlackHMAC(SignatureHeader, TimestampHeader, secrets, opts...)
	if err != nil {
		return nil, fmt.Errorf("blueink: %w", err)
	}
	return &Verifier{v: v}, nil
}

// Verify implements webhook.Verifier: it checks the signature headers of a
// delivery against its exact body. Errors wrap the webhook sentinels
// (ErrMissingSignature, ErrMissingTimestamp, ErrMalformedSignature,
// ErrSignatureMismatch, ErrTimestampTooOld, ErrTimestampTooNew); a nil
// Verifier refuses everything with ErrNoSecret.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	if v == nil || v.v == nil {
		return fmt.Errorf("blueink: %w", webhook.ErrNoSecret)
	}
	if err := v.v.Verify(h, body); err != nil {
		return fmt.Errorf("blueink: %w", err)
	}
	return nil
}

// ConstructEvent verifies a delivery and decodes it (see ParseEvent).
func (v *Verifier) ConstructEvent(body []byte, header http.Header) (webhook.Event, error) {
	if err := checkSize(body); err != nil {
		return nil, err
	}
	if err := v.Verify(header, body); err != nil {
		return nil, err
	}
	return ParseEvent(body)
}

// Provider returns a webhook.Provider that verifies with v, for
// webhook.NewHandler.
func (v *Verifier) Provider() webhook.Provider {
	if v == nil {
		return webhook.NewProvider(ProviderName, nil, parseDelivery)
	}
	return webhook.NewProvider(ProviderName, v, parseDelivery)
}

// String describes the verifier without its secrets.
func (v *Verifier) String() string { return "blueink.Verifier(" + SignatureHeader + ")" }

// GoString describes the verifier without its secrets.
func (v *Verifier) GoString() string { return v.String() }

// Format prints String for every verb, so no fmt verb can reach the secrets.
func (v *Verifier) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.String()) }

// ConstructEvent verifies a BlueInk delivery with secret and decodes it:
// body is the exact request body, header the request headers. Verification
// errors wrap the webhook sentinels (errors.Is(err,
// webhook.ErrSignatureMismatch), ...); an empty secret is
// webhook.ErrNoSecret; decoding errors wrap webhook.ErrInvalidPayload.
// Bodies over webhook.DefaultMaxBodyBytes are refused before any work
// (webhook.ErrBodyTooLarge). While rotating, pass
// webhook.WithAdditionalSecrets(oldSecret) (or build a NewVerifier).
//
//	ev, err := blueink.ConstructEvent(body, r.Header, secret)
//	switch ev := ev.(type) {
//	case *blueink.BundleCompleteEvent:
//		download(ev.Payload.BundleID)
//	}
func ConstructEvent(body []byte, header http.Header, secret string, opts ...webhook.Option) (webhook.Event, error) {
	v, err := NewVerifier([]string{secret}, opts...)
	if err != nil {
		return nil, err
	}
	return v.ConstructEvent(body, header)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler:
// signatures are checked as described on Verifier (the base string
// "v0:<timestamp>:<body>" is inferred, not documented by BlueInk), bodies
// are decoded by ParseEvent. An empty secret gives a provider that refuses
// every delivery (webhook.ErrNoSecret). While rotating, pass
// webhook.WithAdditionalSecrets(oldSecret).
//
//	h := webhook.NewHandler(blueink.WebhookProvider(secret), webhook.WithDedupe(nil, 0))
//	webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error { ... })
func WebhookProvider(secret string, opts ...webhook.Option) webhook.Provider {
	v, err := NewVerifier([]string{secret}, opts...)
	if err != nil {
		return webhook.NewProvider(ProviderName, nil, parseDelivery)
	}
	return v.Provider()
}

// ParseEvent decodes a delivery body without verifying it (use
// ConstructEvent for requests from the network).
//
// BlueInk posts JSON ({event_id, event_type, event_date, account_id,
// payload{bundle_id, packet_id}}), or, for webhooks created with
// json=false, the same fields form-encoded. The format is detected from the
// body's shape (a JSON object starts with '{', which a form body never
// does), so the Content-Type header is not needed. BlueInk does not document
// how json=false nests the payload, so form bodies may carry it as a JSON
// object in a "payload" field, as payload[bundle_id] or payload.bundle_id
// fields, or as top-level bundle_id / packet_id fields (that order of
// precedence; other fields go to Payload.Other as JSON strings). A
// "payload" field that is not JSON is an error rather than a silent loss.
//
// Known types give the typed event (*BundleCompleteEvent, ...); any other
// event_type gives *UnknownEvent with the envelope and the raw body. A body
// that is not a BlueInk event (undecodable, no event_type, a bad
// event_date) is an error wrapping webhook.ErrInvalidPayload; a body over
// webhook.DefaultMaxBodyBytes is refused with an error wrapping both
// webhook.ErrBodyTooLarge and webhook.ErrInvalidPayload. The event keeps
// body as its Raw bytes (not copied).
func ParseEvent(body []byte) (webhook.Event, error) {
	if err := checkSize(body); err != nil {
		return nil, err
	}
	var (
		env EventEnvelope
		err error
	)
	if isJSON(body) {
		env, err = decodeJSON(body)
	} else {
		env, err = decodeForm(body)
	}
	if err != nil {
		return nil, fmt.Errorf("blueink: %w: %w", webhook.ErrInvalidPayload, err)
	}
	meta := webhook.NewMeta(ProviderName, string(env.EventType), env.EventID, env.EventDate, body, env.EventType.Lifecycle())
	return newTypedEvent(meta, env), nil
}

// parseDelivery is the webhook.ParseFunc; the shape decides the format.
func parseDelivery(_ http.Header, body []byte) (webhook.Event, error) { return ParseEvent(body) }

func checkSize(body []byte) error {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return fmt.Errorf("blueink: %w: %w: %d bytes (limit %d)",
			webhook.ErrInvalidPayload, webhook.ErrBodyTooLarge, len(body), webhook.DefaultMaxBodyBytes)
	}
	return nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

func isJSON(body []byte) bool {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, utf8BOM), " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// wireEvent is the JSON delivery, decoded leniently.
type wireEvent struct {
	EventID   flexString   `json:"event_id"`
	EventType flexString   `json:"event_type"`
	EventDate flexString   `json:"event_date"`
	AccountID flexString   `json:"account_id"`
	Payload   EventPayload `json:"payload"`
}

func decodeJSON(body []byte) (EventEnvelope, error) {
	var w wireEvent
	if err := json.Unmarshal(bytes.TrimPrefix(body, utf8BOM), &w); err != nil {
		return EventEnvelope{}, err
	}
	return envelope(string(w.EventID), string(w.EventType), string(w.EventDate), string(w.AccountID), w.Payload)
}

func envelope(id, typ, date, account string, p EventPayload) (EventEnvelope, error) {
	typ = strings.TrimSpace(typ)
	if typ == "" {
		return EventEnvelope{}, errors.New("missing event_type")
	}
	env := EventEnvelope{
		EventID:   strings.TrimSpace(id),
		EventType: EventType(typ),
		AccountID: strings.TrimSpace(account),
		Payload:   p,
	}
	if strings.TrimSpace(date) != "" {
		t, err := timeutil.Parse(date)
		if err != nil {
			return EventEnvelope{}, fmt.Errorf("event_date: %w", err)
		}
		env.EventDate = t.UTC()
	}
	return env, nil
}

// envelopeKeys are the form fields that are not payload fields.
var envelopeKeys = map[string]bool{"event_id": true, "event_type": true, "event_date": true, "account_id": true}

func decodeForm(body []byte) (EventEnvelope, error) {
	vals, err := url.ParseQuery(string(bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))))
	if err != nil {
		return EventEnvelope{}, fmt.Errorf("form body: %w", err)
	}
	var p EventPayload
	if s := strings.TrimSpace(vals.Get("payload")); s != "" {
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			return EventEnvelope{}, fmt.Errorf("form field payload: %w", err)
		}
	}
	// Payload fields by precedence: the JSON "payload" field, then
	// payload[name], then payload.name, then top-level name.
	for _, style := range []string{"bracket", "dot", "flat"} {
		for k, vs := range vals {
			name, ok := payloadFieldName(k, style)
			if !ok || len(vs) == 0 {
				continue
			}
			if err := p.setFormField(name, vs[0]); err != nil {
				return EventEnvelope{}, fmt.Errorf("form field %q: %w", k, err)
			}
		}
	}
	return envelope(vals.Get("event_id"), vals.Get("event_type"), vals.Get("event_date"), vals.Get("account_id"), p)
}

// payloadFieldName maps a form key to a payload field name for one style.
func payloadFieldName(key, style string) (string, bool) {
	var name string
	switch style {
	case "bracket":
		inner, ok := strings.CutPrefix(key, "payload[")
		if !ok || !strings.HasSuffix(inner, "]") {
			return "", false
		}
		name = strings.TrimSuffix(inner, "]")
	case "dot":
		inner, ok := strings.CutPrefix(key, "payload.")
		if !ok {
			return "", false
		}
		name = inner
	default:
		if envelopeKeys[key] || key == "payload" || strings.HasPrefix(key, "payload[") || strings.HasPrefix(key, "payload.") {
			return "", false
		}
		name = key
	}
	return name, name != ""
}

// setFormField sets a payload field from a form value unless already set.
func (p *EventPayload) setFormField(name, value string) error {
	switch name {
	case "bundle_id":
		if p.BundleID == "" {
			p.BundleID = strings.TrimSpace(value)
		}
	case "packet_id":
		if p.PacketID == "" {
			p.PacketID = strings.TrimSpace(value)
		}
	default:
		if _, dup := p.Other[name]; dup {
			return nil
		}
		raw, err := json.Marshal(value)
		if err != nil {
			return err
		}
		if p.Other == nil {
			p.Other = make(map[string]json.RawMessage)
		}
		p.Other[name] = raw
	}
	return nil
}
