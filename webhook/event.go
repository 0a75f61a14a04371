package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Lifecycle is the provider-neutral stage an event reports, so an application
// that receives several providers can branch once.
type Lifecycle string

// Normalized lifecycle stages.
const (
	Created   Lifecycle = "created"   // a document/envelope/agreement was created or drafted
	Sent      Lifecycle = "sent"      // sent to signers
	Viewed    Lifecycle = "viewed"    // a signer opened it
	Signed    Lifecycle = "signed"    // one signer signed (others may remain)
	Completed Lifecycle = "completed" // every party signed; final documents exist or will shortly
	Declined  Lifecycle = "declined"  // a signer declined or rejected
	Cancelled Lifecycle = "cancelled" // the sender cancelled, voided or deleted it
	Expired   Lifecycle = "expired"   // it expired unsigned
	Failed    Lifecycle = "failed"    // processing or delivery failed
	Other     Lifecycle = "other"     // anything else (reminders, emails, settings, unknown types)
)

// Event is the common view of every typed event of every provider.
type Event interface {
	// Provider is the provider name: "blueink", "zigned", "signeasy", "insertsign", "legacyv1".
	Provider() string
	// Type is the provider's own event type name, e.g. "bundle_complete".
	Type() string
	// ID identifies the event or delivery for deduplication; "" when the
	// provider sends none.
	ID() string
	// OccurredAt is when the provider says the event happened (zero if unknown).
	OccurredAt() time.Time
	// Raw is the exact body received, except for a verification token a
	// provider sends inside the body (Signeasy's metadata.token), which is
	// replaced by "[REDACTED]" so that a stored or logged Raw never holds
	// it; the provider's ParseEvent reads such a Raw back as the same event.
	Raw() []byte
	// Lifecycle is the normalized stage.
	Lifecycle() Lifecycle
	// DecodeIssues lists the values of the body that did not decode into
	// the event's type (nil when everything decoded): each kept its zero
	// value and everything else was decoded. See DecodeIssue and
	// WithStrictDecoding.
	DecodeIssues() []DecodeIssue
}

// Meta implements Event. Provider packages embed it in their typed events and
// fill it with NewMeta; its fields are unexported so JSON decoding of the
// embedding struct never touches them. An embedding struct must not declare
// fields named like Event's methods (ID, Type, ...), which would hide them.
type Meta struct {
	provider  string
	typ       string
	id        string
	at        time.Time
	raw       []byte
	lifecycle Lifecycle
	issues    []DecodeIssue
}

// NewMeta builds the Event part of a typed event.
func NewMeta(provider, eventType, id string, occurredAt time.Time, raw []byte, lc Lifecycle) Meta {
	if lc == "" {
		lc = Other
	}
	return Meta{provider: provider, typ: eventType, id: id, at: occurredAt, raw: raw, lifecycle: lc}
}

// Provider implements Event.
func (m Meta) Provider() string { return m.provider }

// Type implements Event.
func (m Meta) Type() string { return m.typ }

// ID implements Event.
func (m Meta) ID() string { return m.id }

// OccurredAt implements Event.
func (m Meta) OccurredAt() time.Time { return m.at }

// Raw implements Event.
func (m Meta) Raw() []byte { return m.raw }

// Lifecycle implements Event.
func (m Meta) Lifecycle() Lifecycle { return m.lifecycle }

// DecodeIssues implements Event.
func (m Meta) DecodeIssues() []DecodeIssue { return m.issues }

// SetDecodeIssues records the values of the body that did not decode, for
// the provider decoder that built the event (see the package
// documentation, "Decoding"); their paths start at the body's root.
func (m *Meta) SetDecodeIssues(issues []DecodeIssue) { m.issues = issues }

// BodyID is the event ID for providers that send none: "sha256:" + the hex
// SHA-256 of the exact body, so a redelivery of the same body deduplicates
// while two distinct events never collide.
func BodyID(body []byte) string {
	sum := sha256.Sum256(body)
	var buf [7 + 2*sha256.Size]byte
	return string(hex.AppendEncode(append(buf[:0], "sha256:"...), sum[:]))
}
