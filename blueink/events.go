package blueink

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// Headers BlueInk signs its webhook deliveries with.
const (
	// SignatureHeader carries HMAC-SHA256(secret, signed string), hex or
	// base64, bare or as "v0=<sig>" (see NewVerifier).
	SignatureHeader = "X-Blueink-Signature"
	// TimestampHeader carries the unix time (seconds) the request was sent.
	TimestampHeader = "X-Blueink-Request-Timestamp"
)

// kit is BlueInk's webhook side: the entry points below are thin calls
// into it (internal/whkit holds the logic every provider shares).
var kit = &whkit.Kit[string]{Name: ProviderName, Build: buildChecks, Parse: parseDelivery}

// buildChecks builds the signature check once per provider value.
func buildChecks(secret string, _ *whopt.Config, opts []webhook.Option) (whkit.Checks, error) {
	v, err := webhook.NewSlackHMAC(SignatureHeader, TimestampHeader, []string{secret}, opts...)
	if err != nil {
		return whkit.Checks{}, fmt.Errorf("no webhook secret (empty or blank; GET /webhooks/secret/ gives it): %w", err)
	}
	return whkit.Checks{Verify: v}, nil
}

// NewVerifier returns the signature check of BlueInk deliveries for secret
// (the account's shared secret: Webhooks.GetSecret, or the dashboard).
// While rotating, add webhook.WithAdditionalSecrets(oldSecret). An empty or
// blank secret is an error wrapping webhook.ErrNoSecret.
//
// The signature is HMAC-SHA256 keyed by the secret, in x-blueink-signature
// (hex or base64, bare or as "v0=<sig>"), with the unix timestamp (seconds,
// milliseconds or seconds with a fraction, like "1743726689.12") in
// x-blueink-request-timestamp; the timestamp must be within the tolerance
// (webhook.WithTolerance, default 5 minutes) of now, both ways. BlueInk
// documents those headers, HMAC-SHA256 and a signature version "v0", but
// not the signed string: the Slack construction "v0:" + timestamp + ":" +
// body is inferred. When a delivery fails, the verifier tries the other
// constructions of webhook.SignedPayload with the same secret; if one
// matches, the delivery is still refused, and the error — the Handler's log
// line — names the construction and the option selecting it, e.g.
// webhook.WithSignedPayload(webhook.SignedTimestampDot).
//
// Verify's errors start with "blueink: " and wrap the webhook sentinels
// (ErrMissingSignature, ErrMissingTimestamp, ErrMalformedSignature,
// ErrSignatureMismatch, ErrTimestampTooOld, ErrTimestampTooNew,
// ErrBodyTooLarge). The verifier never prints its secrets.
func NewVerifier(secret string, opts ...webhook.Option) (webhook.Verifier, error) {
	return kit.NewVerifier(secret, opts)
}

// ConstructEvent verifies a BlueInk delivery with secret (see NewVerifier)
// and decodes it (see ParseEvent): body is the exact request body, header
// the request headers. Errors start with "blueink: "; verification errors
// wrap the webhook sentinels (errors.Is(err, webhook.ErrSignatureMismatch),
// …), an empty secret is webhook.ErrNoSecret, decoding errors wrap
// webhook.ErrInvalidPayload, and a body over the limit
// (webhook.WithMaxBodyBytes, default 1 MiB) is webhook.ErrBodyTooLarge,
// refused before any work.
//
//	ev, err := blueink.ConstructEvent(body, r.Header, secret)
//	switch ev := ev.(type) {
//	case *blueink.BundleDocsReadyEvent:
//		download(ev.Payload.BundleID)
//	}
//
// A receiver of many deliveries builds WebhookProvider once instead.
func ConstructEvent(body []byte, header http.Header, secret string, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ConstructEvent(body, header, secret, opts)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler; its
// signature check (see NewVerifier) is built once, here. An empty or blank
// secret makes webhook.NewHandler panic with the reason (the provider
// itself refuses every delivery). While rotating, pass
// webhook.WithAdditionalSecrets(oldSecret).
//
//	h := webhook.NewHandler(blueink.WebhookProvider(secret), webhook.WithDedupe(nil, 0))
//	webhook.On(h, func(ctx context.Context, ev *blueink.BundleDocsReadyEvent) error { ... })
func WebhookProvider(secret string, opts ...webhook.Option) webhook.Provider {
	return kit.Provider(secret, opts)
}

// ParseEvent decodes a delivery body without verifying it (use
// ConstructEvent for requests from the network); opts may set
// webhook.WithMaxBodyBytes.
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
// "payload" field that is not a JSON object is listed as an issue (never a
// silent loss) and the other payload fields are used.
//
// A JSON body is checked by json.Valid and read once, in place, straight
// into the typed event. Decoding is tolerant: a value that does not fit (an
// id sent as an object, an event_date in an unknown shape, a payload that
// is not an object) never fails the delivery; it keeps its zero value (ids
// sent as numbers are kept as their text) and the event lists it with its
// path ("event_date", "payload.bundle_id").
//
// Known types give the typed event (*BundleCompleteEvent, ...); any other
// event_type gives *UnknownEvent with the envelope and the raw body. A body
// that is not a BlueInk event (not a JSON object or form, no event_type)
// is an error wrapping webhook.ErrInvalidPayload; a body over
// the limit is refused with an error wrapping both webhook.ErrBodyTooLarge
// and webhook.ErrInvalidPayload. ID() is event_id ("" when absent: such a
// delivery is not deduplicated). The event keeps body as its Raw bytes (not
// copied).
func ParseEvent(body []byte, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ParseEvent(body, nil, opts)
}

// parseDelivery decodes a body within the limit; the shape decides the
// format.
func parseDelivery(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
	var (
		env    EventEnvelope
		issues []webhook.DecodeIssue
		err    error
	)
	if isJSON(body) {
		env, issues, err = decodeJSON(body)
	} else {
		env, issues, err = decodeForm(body)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", webhook.ErrInvalidPayload, err)
	}
	return typedEvent(env, issues, body), nil
}

// typedEvent builds the event of env, whose body is raw and whose values
// listed in issues did not decode.
func typedEvent(env EventEnvelope, issues []webhook.DecodeIssue, raw []byte) webhook.Event {
	meta := webhook.NewMeta(ProviderName, string(env.EventType), env.EventID, env.EventDate, raw, env.EventType.Lifecycle())
	meta.SetDecodeIssues(issues)
	return newTypedEvent(meta, env)
}

var utf8BOM = []byte("\xef\xbb\xbf")

func isJSON(body []byte) bool {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, utf8BOM), " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// decodeJSON decodes a JSON delivery in place: json.Valid checks the body
// (a body that is not JSON fails with encoding/json's own error), then its
// members are read where they lie, each into its field, the payload
// scanned once by EventPayload. There is no reflection and no second
// reading, and decoding is tolerant by construction: a member that does not
// fit its field (an object for an id, a list for the payload) is listed
// with its path and leaves the field empty, the others are decoded. Member
// names match as encoding/json matches them (exactly, else ignoring case;
// a repeated member's last value wins).
func decodeJSON(body []byte) (EventEnvelope, []webhook.DecodeIssue, error) {
	body = bytes.TrimPrefix(body, utf8BOM)
	if !json.Valid(body) {
		var v any
		return EventEnvelope{}, nil, json.Unmarshal(body, &v)
	}
	var (
		id, typ, date, account flexString
		p                      EventPayload
		issues                 tolerant.Collector
	)
	err := jsonscan.Members(body, func(k, v []byte) error {
		var dst *flexString
		switch {
		case member(k, "event_id"):
			dst = &id
		case member(k, "event_type"):
			dst = &typ
		case member(k, "event_date"):
			dst = &date
		case member(k, "account_id"):
			dst = &account
		case member(k, "payload"):
			more, err := p.decode(v)
			if err != nil {
				p = EventPayload{}
				issues.AddValue("payload", v, err)
			} else if len(more) > 0 {
				issues.Add("payload", more)
			}
			return nil
		default:
			return nil
		}
		if err := dst.UnmarshalJSON(v); err != nil {
			*dst = ""
			issues.AddValue(tolerant.JoinKey("", string(k)), v, err)
		}
		return nil
	})
	if err != nil {
		return EventEnvelope{}, nil, err
	}
	return envelope(string(id), string(typ), string(date), string(account), p, &issues)
}

// member reports whether the member key k names field, as encoding/json
// matches names: exactly, else case-insensitively.
func member(k []byte, field string) bool {
	return string(k) == field || len(k) == len(field) && strings.EqualFold(string(k), field)
}

// envelope builds the envelope of a decoded delivery; issues holds the
// values that did not decode so far. Without an event_type the body is no
// BlueInk event; an event_date in an unknown shape is one more issue.
func envelope(id, typ, date, account string, p EventPayload, issues *tolerant.Collector) (EventEnvelope, []webhook.DecodeIssue, error) {
	typ = strings.TrimSpace(typ)
	if typ == "" {
		return EventEnvelope{}, nil, errors.New("missing event_type")
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
			raw, _ := json.Marshal(date)
			issues.AddValue("event_date", raw, err)
		} else {
			env.EventDate = t.UTC()
		}
	}
	return env, issues.Issues(), nil
}

// envelopeKeys are the form fields that are not payload fields.
var envelopeKeys = map[string]bool{"event_id": true, "event_type": true, "event_date": true, "account_id": true}

func decodeForm(body []byte) (EventEnvelope, []webhook.DecodeIssue, error) {
	vals, err := url.ParseQuery(string(bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))))
	if err != nil {
		return EventEnvelope{}, nil, fmt.Errorf("form body: %w", err)
	}
	var (
		p      EventPayload
		issues tolerant.Collector
	)
	if s := strings.TrimSpace(vals.Get("payload")); s != "" {
		if more, err := p.decode([]byte(s)); err != nil {
			p = EventPayload{}
			issues.AddValue("payload", []byte(s), err)
		} else {
			issues.Add("payload", more)
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
				return EventEnvelope{}, nil, fmt.Errorf("form field %q: %w", k, err)
			}
		}
	}
	return envelope(vals.Get("event_id"), vals.Get("event_type"), vals.Get("event_date"), vals.Get("account_id"), p, &issues)
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
