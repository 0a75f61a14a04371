package signeasy

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"time"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// EventType is a webhook event type (metadata.event_type).
type EventType string

// Webhook event types, as listed in "Webhooks"
// (https://docs.signeasy.com/docs/webhooks). Signeasy processes deliveries
// asynchronously, so their order is not guaranteed, and expects a 200
// within 30 seconds.
const (
	EventInitiated         EventType = "rs.initiated"          // signature request created and sent
	EventLinkSent          EventType = "rs.link_sent"          // signing link sent to a recipient
	EventViewed            EventType = "rs.viewed"             // a recipient opened it
	EventSigned            EventType = "rs.signed"             // a recipient signed
	EventDeclined          EventType = "rs.declined"           // a recipient declined
	EventVoided            EventType = "rs.voided"             // the sender cancelled it
	EventReminded          EventType = "rs.reminded"           // a reminder was sent
	EventRemind            EventType = "rs.remind"             // spelling of EventReminded in Signeasy's sample bodies
	EventCompleted         EventType = "rs.completed"          // every recipient signed
	EventExpired           EventType = "rs.expired"            // it expired unsigned
	EventBulkSignCompleted EventType = "rs.bulksign_completed" // a bulk-sign request completed
	EventBulkSignDeclined  EventType = "rs.bulksign_declined"  // a bulk-sign request was declined
	EventDocumentSigned    EventType = "document.signed"       // a document was self-signed
)

// EventTypes returns every event type to subscribe a callback to (a new
// slice on each call); EventRemind, a delivery spelling of EventReminded,
// is not one.
func EventTypes() []EventType {
	return []EventType{
		EventInitiated, EventLinkSent, EventViewed, EventSigned, EventDeclined, EventVoided,
		EventReminded, EventCompleted, EventExpired, EventBulkSignCompleted, EventBulkSignDeclined,
		EventDocumentSigned,
	}
}

// String returns the wire value.
func (t EventType) String() string { return string(t) }

// Known reports whether t decodes to a typed event (not *UnknownEvent).
func (t EventType) Known() bool { _, ok := lifecycles[t]; return ok }

// Lifecycle is the normalized stage of events of type t (Other for unknown
// types).
func (t EventType) Lifecycle() webhook.Lifecycle {
	if lc, ok := lifecycles[t]; ok {
		return lc
	}
	return webhook.Other
}

// EventMetadata is the metadata object of a delivery.
type EventMetadata struct {
	EventType   EventType `json:"event_type"`
	EventUser   string    `json:"event_user"` // email of the user who caused the event
	EventUserID int64     `json:"event_user_id"`
	ClientID    string    `json:"client_id"` // the OAuth client the callback belongs to
	// Token is the callback's token (v2 only). It never prints.
	Token webhook.Secret `json:"token,omitempty"`
}

// UnmarshalJSON accepts event_user_id as a number or a numeric string.
func (m *EventMetadata) UnmarshalJSON(b []byte) error {
	var w wireMetadata
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = w.metadata()
	return nil
}

// wireMetadata is EventMetadata as sent; a delivery decodes it in place.
type wireMetadata struct {
	EventType   EventType      `json:"event_type"`
	EventUser   string         `json:"event_user"`
	EventUserID userID         `json:"event_user_id"`
	ClientID    string         `json:"client_id"`
	Token       webhook.Secret `json:"token,omitempty"`
}

func (w *wireMetadata) metadata() EventMetadata {
	return EventMetadata{EventType: w.EventType, EventUser: w.EventUser, EventUserID: int64(w.EventUserID), ClientID: w.ClientID, Token: w.Token}
}

// Format prints the metadata with its token hidden, for every verb.
func (m EventMetadata) Format(f fmt.State, verb rune) {
	type metadata EventMetadata
	m.Token = hidden(m.Token)
	formatAs(f, verb, metadata(m), "signeasy.EventMetadata")
}

// userID is a user id sent as a number or a numeric string.
type userID int64

// UnmarshalJSON accepts a number, a numeric string or null (0).
func (u *userID) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if s == "" {
		*u = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("event_user_id: %w", err)
	}
	*u = userID(n)
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
	md.Token = hidden(md.Token)
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

var lifecycles = map[EventType]webhook.Lifecycle{
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

// deliveryBox has the layout of every typed event (struct{ Delivery }),
// so a *deliveryBox converts to any of them without a copy.
type deliveryBox struct{ Delivery }

// event returns the box as the typed event of t (nil for an unknown t).
func (b *deliveryBox) event(t EventType) webhook.Event {
	switch t {
	case EventInitiated:
		return (*InitiatedEvent)(b)
	case EventLinkSent:
		return (*LinkSentEvent)(b)
	case EventViewed:
		return (*ViewedEvent)(b)
	case EventSigned:
		return (*SignedEvent)(b)
	case EventDeclined:
		return (*DeclinedEvent)(b)
	case EventVoided:
		return (*VoidedEvent)(b)
	case EventReminded, EventRemind:
		return (*RemindedEvent)(b)
	case EventCompleted:
		return (*CompletedEvent)(b)
	case EventExpired:
		return (*ExpiredEvent)(b)
	case EventBulkSignCompleted:
		return (*BulkSignCompletedEvent)(b)
	case EventBulkSignDeclined:
		return (*BulkSignDeclinedEvent)(b)
	case EventDocumentSigned:
		return (*DocumentSignedEvent)(b)
	}
	return nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", webhook.ErrInvalidPayload, fmt.Sprintf(format, args...))
}

// kit is Signeasy's webhook side: the entry points below are thin calls
// into it (internal/whkit holds the logic every provider shares).
var kit = &whkit.Kit[string]{Name: ProviderName, Build: buildChecks, Parse: parseDelivery}

// buildChecks builds the token check once per provider value. Signeasy
// signs nothing: the token echoed in the body is the whole check, so
// checking and decoding are one reading of the body.
func buildChecks(token string, cfg *whopt.Config, _ []webhook.Option) (whkit.Checks, error) {
	tokens := []string{token}
	if len(cfg.Secrets) > 0 {
		tokens = append(tokens, cfg.Secrets...)
	}
	st, err := webhook.NewSharedToken(nil, tokens...)
	if err != nil && !cfg.Signeasy.AllowV1 {
		return whkit.Checks{}, fmt.Errorf("no callback token (empty or blank; pass signeasy.AllowV1() to accept token-less v1 deliveries): %w", err)
	}
	c := &checker{tokens: st, allowV1: cfg.Signeasy.AllowV1}
	return whkit.Checks{Verify: c, Construct: c}, nil
}

// checker checks a delivery's metadata.token (SHA-256 digests compared in
// constant time).
type checker struct {
	tokens  *webhook.SharedToken // nil: no token configured (AllowV1 alone)
	allowV1 bool
}

// check decides on a delivery from its token and shape (v2 has
// data.sources).
func (c *checker) check(token webhook.Secret, v2 bool) error {
	if token != "" {
		if c.tokens == nil {
			return fmt.Errorf("%w: delivery carries a token but none is configured", webhook.ErrNoSecret)
		}
		return c.tokens.Check(token.Reveal())
	}
	switch {
	case !v2 && c.allowV1:
		return nil
	case !v2:
		return fmt.Errorf("%w: v1 delivery without token (pass signeasy.AllowV1() to accept v1)", webhook.ErrMissingToken)
	case c.tokens == nil:
		return fmt.Errorf("%w: v2 delivery without token", webhook.ErrNoSecret)
	}
	return fmt.Errorf("%w: v2 delivery without metadata.token", webhook.ErrMissingToken)
}

// Construct checks the token and decodes the delivery in one reading.
func (c *checker) Construct(_ http.Header, body []byte) (webhook.Event, error) {
	return decode(body, c)
}

// Verify is the check alone (NewVerifier): the body is read as Construct
// reads it, decoding only the token and whether data has sources.
func (c *checker) Verify(_ http.Header, body []byte) error {
	var w wireEvent
	r := tolerant.NewReader(body, tolerant.Options{})
	w.read(r, false)
	if _, err := r.Finish(); err != nil {
		return malformed(err)
	}
	return w.check(c)
}

// malformed is the error for a body that is not JSON (or not an object):
// no token can be read from it, and it is no delivery either.
func malformed(err error) error {
	return fmt.Errorf("%w: %w", webhook.ErrMissingToken, invalid("%v", err))
}

// ParseEvent decodes a delivery body without checking its token (use
// ConstructEvent or WebhookProvider for received deliveries); opts may set
// webhook.WithMaxBodyBytes. It detects the v1 shape (single file, no token)
// and the v2 shape (data.sources, metadata.token). Known types become typed
// events (*CompletedEvent, ...); unknown ones *UnknownEvent (data kept
// raw). The body is read once.
//
// Decoding is tolerant: a value that does not read (a timestamp in an
// unknown shape, a string where a number belongs, a list that is not one)
// keeps its zero value, everything else is decoded, and the event's
// DecodeIssues lists it (webhook.WithStrictDecoding refuses it instead).
// Only a body that cannot be a delivery fails, with an error wrapping
// webhook.ErrInvalidPayload: over the limit (1 MiB by default), not one
// JSON object, no metadata.event_type, or a known type whose data is
// missing or not an object. Errors start with "signeasy: ". The event
// keeps body (Raw) with its callback token replaced by "[REDACTED]", so a
// stored or logged Raw never carries it (ParseEvent reads it back).
//
// Signeasy deliveries carry no event id or timestamp: ID is derived from
// the type, the envelope id and a digest of Raw (a retried delivery has
// the same ID, and so has ParseEvent of a stored Raw), and OccurredAt is the latest last_modified_time of the
// envelope and its recipients.
func ParseEvent(body []byte, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ParseEvent(body, nil, opts)
}

func parseDelivery(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
	return decode(body, nil)
}

// decode reads a delivery once (read.go); with c, its token is checked
// before the event is built (a decoding error is reported only for a
// delivery that passed the check). A known type is decoded straight into
// its event; an unknown one keeps data raw.
func decode(body []byte, c *checker) (webhook.Event, error) {
	w := new(wireEvent)
	r := tolerant.NewReader(body, tolerant.Options{})
	w.read(r, true)
	issues, err := r.Finish()
	if err != nil {
		if c != nil {
			return nil, malformed(err)
		}
		return nil, invalid("%v", err)
	}
	if c != nil {
		if err := w.check(c); err != nil {
			return nil, err
		}
	}
	t := w.md.EventType
	if t == "" {
		return nil, invalid("no metadata.event_type")
	}
	version := 1
	if w.hasData && w.sources || w.md.Token != "" {
		version = 2
	}
	lc, known := lifecycles[t]
	if !known {
		raw := w.redacted(body)
		meta := webhook.NewMeta(ProviderName, string(t), deliveryID(t, -1, raw), time.Time{}, raw, webhook.Other)
		// data is kept raw, not decoded: what it holds is no issue.
		meta.SetDecodeIssues(tolerant.Outside("data", issues))
		return &UnknownEvent{Meta: meta, Metadata: w.md.metadata(), RawData: w.data, version: version}, nil
	}
	if !w.hasData {
		if w.data != nil && string(w.data) != "null" {
			return nil, invalid("%s data is not an object", t)
		}
		return nil, invalid("%s delivery has no data", t)
	}
	d := &w.box.Delivery
	d.Metadata, d.RawData, d.version = w.md.metadata(), w.data, version
	raw := w.redacted(body)
	d.Meta = webhook.NewMeta(ProviderName, string(t), deliveryID(t, d.Envelope.ID, raw), occurredAt(&d.Envelope), raw, lc)
	d.SetDecodeIssues(issues)
	return w.box.event(t), nil
}

// deliveryID is "<type>:<envelope id>:<digest>" (for unknown types
// "<type>::<digest>"): Signeasy sends no event id, and two deliveries of
// one type for one envelope (two signers signing) differ only in their
// body. The digest is 64 bits of two hardware CRC-32s (IEEE, Castagnoli)
// of the body, in hex: stable across processes (a retry has the same ID
// on every replica), and a tenth of a SHA-256's cost. It need not resist
// forgery: only verified deliveries reach it.
func deliveryID(t EventType, envID int64, body []byte) string {
	var buf [80]byte
	b := append(buf[:0], t...)
	b = append(b, ':')
	if envID >= 0 {
		b = strconv.AppendInt(b, envID, 10)
	}
	b = append(b, ':')
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], crc32.ChecksumIEEE(body))
	binary.BigEndian.PutUint32(sum[4:], crc32.Checksum(body, castagnoli))
	b = hex.AppendEncode(b, sum[:])
	return string(b)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func occurredAt(env *Envelope) time.Time {
	at := env.LastModifiedTime.Time
	for i := range env.Recipients {
		if t := env.Recipients[i].LastModifiedTime.Time; t.After(at) {
			at = t
		}
	}
	return at
}

// AllowV1 accepts v1 deliveries, which carry no token and therefore cannot
// be authenticated: a v1-shaped body (no data.sources) without a token is
// accepted as is. Use it only while migrating, ideally behind another check
// (webhook.NewQueryTokenGuard on a secret URL). v2-shaped bodies are still
// refused without the right token. With AllowV1, an empty token is allowed
// (v1 only).
func AllowV1() webhook.Option { return func(c *whopt.Config) { c.Signeasy.AllowV1 = true } }

// NewVerifier returns the token check of Signeasy deliveries: token is the
// callback token registered with Signeasy (CallbackRequest.Token), compared
// in constant time with metadata.token. A delivery without a token fails
// (webhook.ErrMissingToken) unless AllowV1 is given and the body is
// v1-shaped. While rotating, add webhook.WithAdditionalSecrets(oldToken).
// An empty token without AllowV1 is webhook.ErrNoSecret.
func NewVerifier(token string, opts ...webhook.Option) (webhook.Verifier, error) {
	return kit.NewVerifier(token, opts)
}

// ConstructEvent checks a delivery's token (see NewVerifier) and decodes it
// (see ParseEvent), reading the body once. header is not used (Signeasy
// sends no signature header) and may be nil. Errors start with
// "signeasy: ".
func ConstructEvent(body []byte, header http.Header, token string, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ConstructEvent(body, header, token, opts)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler. An
// empty or blank token without AllowV1 makes webhook.NewHandler panic with
// the reason.
//
//	h := webhook.NewHandler(signeasy.WebhookProvider(token), webhook.WithDedupe(nil, 0))
func WebhookProvider(token string, opts ...webhook.Option) webhook.Provider {
	return kit.Provider(token, opts)
}
