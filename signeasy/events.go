package signeasy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/esignkit/esign/webhook"
)

// Webhook event types (metadata.event_type), as listed in "Webhooks"
// (https://docs.signeasy.com/docs/webhooks). Signeasy processes deliveries
// asynchronously, so their order is not guaranteed, and expects a 200
// within 30 seconds.
const (
	EventInitiated         = "rs.initiated"          // signature request created and sent
	EventLinkSent          = "rs.link_sent"          // signing link sent to a recipient
	EventViewed            = "rs.viewed"             // a recipient opened it
	EventSigned            = "rs.signed"             // a recipient signed
	EventDeclined          = "rs.declined"           // a recipient declined
	EventVoided            = "rs.voided"             // the sender cancelled it
	EventReminded          = "rs.reminded"           // a reminder was sent
	EventRemind            = "rs.remind"             // spelling of EventReminded in Signeasy's sample bodies
	EventCompleted         = "rs.completed"          // every recipient signed
	EventExpired           = "rs.expired"            // it expired unsigned
	EventBulkSignCompleted = "rs.bulksign_completed" // a bulk-sign request completed
	EventBulkSignDeclined  = "rs.bulksign_declined"  // a bulk-sign request was declined
	EventDocumentSigned    = "document.signed"       // a document was self-signed
)

// EventTypes lists every event type to subscribe a callback to.
var EventTypes = []string{
	EventInitiated, EventLinkSent, EventViewed, EventSigned, EventDeclined, EventVoided,
	EventReminded, EventCompleted, EventExpired, EventBulkSignCompleted, EventBulkSignDeclined,
	EventDocumentSigned,
}

// EventMetadata is the metadata object of a delivery.
type EventMetadata struct {
	EventType   string `json:"event_type"`
	EventUser   string `json:"event_user"` // email of the user who caused the event
	EventUserID int64  `json:"event_user_id"`
	ClientID    string `json:"client_id"` // the OAuth client the callback belongs to
	// Token is the callback's token (v2 only). It never prints.
	Token Secret `json:"token,omitempty"`
}

// Format prints the metadata with its token hidden, for every verb.
func (m EventMetadata) Format(f fmt.State, verb rune) {
	type metadata EventMetadata
	m.Token = m.Token.hidden()
	formatAs(f, verb, metadata(m), "signeasy.EventMetadata")
}

// UnmarshalJSON accepts event_user_id as a number or a numeric string.
func (m *EventMetadata) UnmarshalJSON(b []byte) error {
	type plain EventMetadata
	var w struct {
		plain
		EventUserID json.Number `json:"event_user_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = EventMetadata(w.plain)
	if w.EventUserID != "" {
		id, err := strconv.ParseInt(w.EventUserID.String(), 10, 64)
		if err != nil {
			return fmt.Errorf("event_user_id: %w", err)
		}
		m.EventUserID = id
	}
	return nil
}

// Delivery is the content shared by every typed Signeasy event: the
// envelope ("data") and the metadata of one webhook delivery.
type Delivery struct {
	webhook.Meta
	// Envelope is the delivery's data: the envelope (pending file) with its
	// recipients' statuses.
	Envelope Envelope
	// Metadata is the delivery's metadata.
	Metadata EventMetadata
	// RawData is the undecoded data object, for fields the SDK does not model.
	RawData json.RawMessage

	version int
}

// Format prints the delivery (type, id, envelope, metadata, version) with
// the callback token hidden, for every verb.
func (d *Delivery) Format(f fmt.State, verb rune) {
	formatEvent(f, verb, "signeasy.Delivery", d.Type(), d.ID(), d.Envelope, d.Metadata, nil, d.version)
}

type eventView struct {
	Type     string
	ID       string
	Envelope Envelope
	RawData  json.RawMessage
	Metadata EventMetadata
	Version  int
}

func formatEvent(f fmt.State, verb rune, name, typ, id string, env Envelope, md EventMetadata, raw json.RawMessage, version int) {
	md.Token = md.Token.hidden()
	type view eventView
	formatAs(f, verb, view{Type: typ, ID: id, Envelope: env, RawData: raw, Metadata: md, Version: version}, name)
}

// Version is 2 for v2 deliveries (data.sources or metadata.token present)
// and 1 for v1 deliveries.
func (d *Delivery) Version() int { return d.version }

// Sources returns the documents of the envelope (v2 deliveries; nil for v1).
func (d *Delivery) Sources() []Source { return d.Envelope.Sources }

// FileID returns the single file id of a v1 delivery. A v1 signature request
// is one file, identified by data.id; v2 deliveries list their files in
// Sources and FileID returns 0.
func (d *Delivery) FileID() int64 {
	if d.version == 1 {
		return d.Envelope.ID
	}
	return 0
}

// EnvelopeID returns data.id, the envelope's (pending file's) id.
func (d *Delivery) EnvelopeID() int64 { return d.Envelope.ID }

// Typed events. Each embeds Delivery; register handlers with
// webhook.On[*signeasy.CompletedEvent](h, fn).
type (
	// InitiatedEvent is rs.initiated (lifecycle Created).
	InitiatedEvent struct{ Delivery }
	// LinkSentEvent is rs.link_sent (lifecycle Sent).
	LinkSentEvent struct{ Delivery }
	// ViewedEvent is rs.viewed (lifecycle Viewed).
	ViewedEvent struct{ Delivery }
	// SignedEvent is rs.signed: one recipient signed (lifecycle Signed).
	SignedEvent struct{ Delivery }
	// DeclinedEvent is rs.declined (lifecycle Declined).
	DeclinedEvent struct{ Delivery }
	// VoidedEvent is rs.voided (lifecycle Cancelled).
	VoidedEvent struct{ Delivery }
	// RemindedEvent is rs.reminded, also delivered as rs.remind (lifecycle
	// Other). Type reports the name as received.
	RemindedEvent struct{ Delivery }
	// CompletedEvent is rs.completed (lifecycle Completed).
	CompletedEvent struct{ Delivery }
	// ExpiredEvent is rs.expired (lifecycle Expired).
	ExpiredEvent struct{ Delivery }
	// BulkSignCompletedEvent is rs.bulksign_completed (lifecycle Completed).
	BulkSignCompletedEvent struct{ Delivery }
	// BulkSignDeclinedEvent is rs.bulksign_declined (lifecycle Declined).
	BulkSignDeclinedEvent struct{ Delivery }
	// DocumentSignedEvent is document.signed: a document was self-signed, so
	// it is final (lifecycle Completed). Signeasy shows no sample body for
	// it ("the format remains the same"); data is decoded as an Envelope.
	DocumentSignedEvent struct{ Delivery }
)

// UnknownEvent is a delivery whose event type this SDK does not know. It
// keeps the metadata and the raw data; Raw returns the whole body.
type UnknownEvent struct {
	webhook.Meta
	Metadata EventMetadata
	RawData  json.RawMessage

	version int
}

// Format prints the event with the callback token hidden, for every verb.
func (e *UnknownEvent) Format(f fmt.State, verb rune) {
	formatEvent(f, verb, "signeasy.UnknownEvent", e.Type(), e.ID(), Envelope{}, e.Metadata, e.RawData, e.version)
}

// Version is 2 when the delivery carries a metadata.token or data.sources.
func (e *UnknownEvent) Version() int { return e.version }

var lifecycles = map[string]webhook.Lifecycle{
	EventInitiated:         webhook.Created,
	EventLinkSent:          webhook.Sent,
	EventViewed:            webhook.Viewed,
	EventSigned:            webhook.Signed,
	EventDeclined:          webhook.Declined,
	EventVoided:            webhook.Cancelled,
	EventReminded:          webhook.Other,
	EventRemind:            webhook.Other,
	EventCompleted:         webhook.Completed,
	EventExpired:           webhook.Expired,
	EventBulkSignCompleted: webhook.Completed,
	EventBulkSignDeclined:  webhook.Declined,
	EventDocumentSigned:    webhook.Completed,
}

func typed(t string, d Delivery) webhook.Event {
	switch t {
	case EventInitiated:
		return &InitiatedEvent{d}
	case EventLinkSent:
		return &LinkSentEvent{d}
	case EventViewed:
		return &ViewedEvent{d}
	case EventSigned:
		return &SignedEvent{d}
	case EventDeclined:
		return &DeclinedEvent{d}
	case EventVoided:
		return &VoidedEvent{d}
	case EventReminded, EventRemind:
		return &RemindedEvent{d}
	case EventCompleted:
		return &CompletedEvent{d}
	case EventExpired:
		return &ExpiredEvent{d}
	case EventBulkSignCompleted:
		return &BulkSignCompletedEvent{d}
	case EventBulkSignDeclined:
		return &BulkSignDeclinedEvent{d}
	case EventDocumentSigned:
		return &DocumentSignedEvent{d}
	}
	return nil
}

type wireDelivery struct {
	Data     json.RawMessage `json:"data"`
	Metadata *EventMetadata  `json:"metadata"`
}

// sniffed is the part of a body the token check needs.
type sniffed struct {
	Data struct {
		Sources json.RawMessage `json:"sources"`
	} `json:"data"`
	Metadata struct {
		Token string `json:"token"`
	} `json:"metadata"`
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: signeasy: %s", webhook.ErrInvalidPayload, fmt.Sprintf(format, args...))
}

func checkSize(body []byte) error {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return fmt.Errorf("%w: %w: %d bytes", webhook.ErrInvalidPayload, webhook.ErrBodyTooLarge, len(body))
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// ParseEvent decodes a delivery body without checking its token (use
// ConstructEvent or WebhookProvider for received deliveries). It detects
// the v1 shape (single file, no token) and the v2 shape (data.sources,
// metadata.token). Known types become typed events (*CompletedEvent, ...);
// unknown ones *UnknownEvent. Bodies over webhook.DefaultMaxBodyBytes and
// undecodable bodies are errors wrapping webhook.ErrInvalidPayload. The
// event keeps body (Raw).
//
// Signeasy deliveries carry no event id or timestamp: ID is derived from
// the type, the envelope id and a digest of the body (a retried delivery
// has the same ID), and OccurredAt is the latest last_modified_time of the
// envelope and its recipients.
func ParseEvent(body []byte) (webhook.Event, error) {
	if err := checkSize(body); err != nil {
		return nil, err
	}
	var w wireDelivery
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, invalid("%v", err)
	}
	if w.Metadata == nil || w.Metadata.EventType == "" {
		return nil, invalid("no metadata.event_type")
	}
	t := w.Metadata.EventType
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:8])
	lc, known := lifecycles[t]
	if !known {
		version := 1
		if w.Metadata.Token != "" || hasSources(w.Data) {
			version = 2
		}
		return &UnknownEvent{
			Meta:     webhook.NewMeta(ProviderName, t, t+"::"+digest, time.Time{}, body, webhook.Other),
			Metadata: *w.Metadata,
			RawData:  w.Data,
			version:  version,
		}, nil
	}
	if isNull(w.Data) {
		return nil, invalid("%s delivery has no data", t)
	}
	var env Envelope
	if err := json.Unmarshal(w.Data, &env); err != nil {
		return nil, invalid("%s data: %v", t, err)
	}
	d := Delivery{Envelope: env, Metadata: *w.Metadata, RawData: w.Data, version: 1}
	if env.Sources != nil || w.Metadata.Token != "" {
		d.version = 2
	}
	id := t + ":" + strconv.FormatInt(env.ID, 10) + ":" + digest
	d.Meta = webhook.NewMeta(ProviderName, t, id, occurredAt(&env), body, lc)
	return typed(t, d), nil
}

func hasSources(data json.RawMessage) bool {
	if isNull(data) {
		return false
	}
	var s struct {
		Sources json.RawMessage `json:"sources"`
	}
	return json.Unmarshal(data, &s) == nil && !isNull(s.Sources)
}

func occurredAt(env *Envelope) time.Time {
	at := env.LastModifiedTime.Time
	for i := range env.Recipients {
		if t := env.Recipients[i].LastModifiedTime.Time; t.After(at) {
			at = t
		}
	}
	return at
}

// WebhookOption configures the webhook side (ConstructEvent,
// WebhookProvider). It is distinct from Option, which configures the API
// client.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	allowV1 bool
	tokens  []string
}

// AllowV1 accepts v1 deliveries, which carry no token and therefore cannot
// be authenticated: a v1-shaped body (no data.sources) without a token is
// accepted as is. Use it only while migrating, ideally behind another check
// (webhook.NewQueryTokenGuard on a secret URL). v2-shaped bodies are still
// refused without the right token.
func AllowV1() WebhookOption { return func(c *webhookConfig) { c.allowV1 = true } }

// WithAdditionalTokens accepts deliveries carrying any of tokens as well
// (token rotation: keep the old token until every callback is updated).
func WithAdditionalTokens(tokens ...string) WebhookOption {
	return func(c *webhookConfig) { c.tokens = append(c.tokens, tokens...) }
}

// tokenVerifier checks Signeasy's v2 metadata.token with
// webhook.SharedToken (SHA-256 digests compared in constant time).
type tokenVerifier struct {
	st      *webhook.SharedToken // nil when no token is configured
	allowV1 bool
}

// String hides the tokens.
func (v *tokenVerifier) String() string { return "signeasy token verifier" }

// extractToken reads metadata.token from a JSON body.
func extractToken(_ http.Header, body []byte) (string, error) {
	var s struct {
		Metadata struct {
			Token string `json:"token"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(body, &s); err != nil {
		return "", invalid("%v", err)
	}
	return s.Metadata.Token, nil
}

func newVerifier(token string, opts []WebhookOption) (*tokenVerifier, error) {
	var cfg webhookConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	v := &tokenVerifier{allowV1: cfg.allowV1}
	tokens := append([]string{token}, cfg.tokens...)
	st, err := webhook.NewSharedToken(extractToken, tokens...)
	switch {
	case err == nil:
		v.st = st
	case errors.Is(err, webhook.ErrNoSecret) && cfg.allowV1:
		// v1 only: every token-carrying delivery is refused.
	default:
		return nil, err
	}
	return v, nil
}

// Verify implements webhook.Verifier.
func (v *tokenVerifier) Verify(h http.Header, body []byte) error {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return webhook.ErrBodyTooLarge
	}
	if v.st != nil {
		err := v.st.Verify(h, body)
		if !errors.Is(err, webhook.ErrMissingToken) {
			return err // nil, mismatch or undecodable
		}
	}
	// No token in the body, or none configured.
	var s sniffed
	if err := json.Unmarshal(body, &s); err != nil {
		return invalid("%v", err)
	}
	if s.Metadata.Token != "" {
		return fmt.Errorf("%w: delivery carries a token but none is configured", webhook.ErrNoSecret)
	}
	if isNull(s.Data.Sources) {
		if v.allowV1 {
			return nil
		}
		return fmt.Errorf("%w: v1 delivery without token (pass signeasy.AllowV1() to accept v1)", webhook.ErrMissingToken)
	}
	if v.st == nil {
		return fmt.Errorf("%w: v2 delivery without token", webhook.ErrNoSecret)
	}
	return fmt.Errorf("%w: v2 delivery without metadata.token", webhook.ErrMissingToken)
}

// ConstructEvent checks a delivery's token and decodes it. token is the
// callback token registered with Signeasy (CallbackRequest.Token); it is
// compared in constant time with metadata.token. A delivery without a token
// fails (webhook.ErrMissingToken), unless AllowV1 is given and the body is
// v1-shaped. An empty token without AllowV1 is webhook.ErrNoSecret. header
// is not used (Signeasy sends no signature header) and may be nil.
func ConstructEvent(body []byte, header http.Header, token string, opts ...WebhookOption) (webhook.Event, error) {
	if err := checkSize(body); err != nil {
		return nil, err
	}
	v, err := newVerifier(token, opts)
	if err != nil {
		return nil, err
	}
	if err := v.Verify(header, body); err != nil {
		return nil, err
	}
	return ParseEvent(body)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler. With
// an empty token and no AllowV1 it refuses every delivery.
func WebhookProvider(token string, opts ...WebhookOption) webhook.Provider {
	parse := func(_ http.Header, body []byte) (webhook.Event, error) { return ParseEvent(body) }
	v, err := newVerifier(token, opts)
	if err != nil {
		return webhook.NewProvider(ProviderName, nil, parse)
	}
	return webhook.NewProvider(ProviderName, v, parse)
}
