package blueink

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// EventType is the event_type of a delivered BlueInk webhook event.
type EventType string

// The event types BlueInk delivers. Swagger 2.2.3 lists the first seven;
// packet_declined and bundle_signer_reassigned come from BlueInk's newer
// webhook documentation, the doc_template_* events from its official JS
// client (1.4.0). Any other value decodes to *UnknownEvent.
const (
	EventBundleSent             EventType = "bundle_sent"              // *BundleSentEvent
	EventBundleComplete         EventType = "bundle_complete"          // *BundleCompleteEvent
	EventBundleDocsReady        EventType = "bundle_docs_ready"        // *BundleDocsReadyEvent
	EventBundleError            EventType = "bundle_error"             // *BundleErrorEvent
	EventBundleCancelled        EventType = "bundle_cancelled"         // *BundleCancelledEvent
	EventPacketViewed           EventType = "packet_viewed"            // *PacketViewedEvent
	EventPacketComplete         EventType = "packet_complete"          // *PacketCompleteEvent
	EventPacketDeclined         EventType = "packet_declined"          // *PacketDeclinedEvent
	EventBundleSignerReassigned EventType = "bundle_signer_reassigned" // *BundleSignerReassignedEvent
	EventDocTemplateCreated     EventType = "doc_template_created"     // *DocTemplateCreatedEvent
	EventDocTemplateUpdated     EventType = "doc_template_updated"     // *DocTemplateUpdatedEvent
	EventDocTemplateDeleted     EventType = "doc_template_deleted"     // *DocTemplateDeletedEvent
)

// EventTypes returns every event type this package decodes to a typed
// struct, in a stable order (a new slice on each call).
func EventTypes() []EventType {
	return []EventType{
		EventBundleSent, EventBundleComplete, EventBundleDocsReady, EventBundleError,
		EventBundleCancelled, EventPacketViewed, EventPacketComplete, EventPacketDeclined,
		EventBundleSignerReassigned, EventDocTemplateCreated, EventDocTemplateUpdated, EventDocTemplateDeleted,
	}
}

// String returns the wire value.
func (t EventType) String() string { return string(t) }

// Known reports whether t decodes to a typed event (not *UnknownEvent).
func (t EventType) Known() bool {
	switch t {
	case EventBundleSent, EventBundleComplete, EventBundleDocsReady, EventBundleError,
		EventBundleCancelled, EventPacketViewed, EventPacketComplete, EventPacketDeclined,
		EventBundleSignerReassigned, EventDocTemplateCreated, EventDocTemplateUpdated, EventDocTemplateDeleted:
		return true
	}
	return false
}

// Lifecycle is the normalized stage of events of type t:
//
//	bundle_sent              Sent
//	bundle_complete          Completed
//	bundle_docs_ready        Other (see BundleDocsReadyEvent)
//	bundle_error             Failed
//	bundle_cancelled         Cancelled
//	packet_viewed            Viewed
//	packet_complete          Signed (one signer; the bundle may still wait for others)
//	packet_declined          Declined
//	bundle_signer_reassigned Other
//	doc_template_created     Other
//	doc_template_updated     Other
//	doc_template_deleted     Other
//	anything else            Other
//
// The doc_template_* events are about a document template, not a document
// sent for signature, so they report no stage of a signing flow: an
// application branching on Lifecycle alone (Created, Cancelled, ...) never
// mistakes a template for a bundle.
func (t EventType) Lifecycle() webhook.Lifecycle {
	switch t {
	case EventBundleSent:
		return webhook.Sent
	case EventBundleComplete:
		return webhook.Completed
	case EventBundleError:
		return webhook.Failed
	case EventBundleCancelled:
		return webhook.Cancelled
	case EventPacketViewed:
		return webhook.Viewed
	case EventPacketComplete:
		return webhook.Signed
	case EventPacketDeclined:
		return webhook.Declined
	}
	return webhook.Other
}

// EventPayload is the event-specific part of a delivery ("payload").
type EventPayload struct {
	// BundleID is the slug of the bundle the event concerns.
	BundleID string
	// PacketID is the packet (signer) the event concerns; empty for
	// bundle-level events.
	PacketID string
	// Other holds any further payload fields as raw JSON values (form
	// values appear as JSON strings); nil when there are none.
	Other map[string]json.RawMessage
}

// MarshalJSON encodes the payload as BlueInk sends it, Other fields inline.
func (p EventPayload) MarshalJSON() ([]byte, error) {
	m := make(map[string]json.RawMessage, len(p.Other)+2)
	for k, v := range p.Other {
		m[k] = v
	}
	var err error
	if m["bundle_id"], err = json.Marshal(p.BundleID); err != nil {
		return nil, err
	}
	if p.PacketID != "" {
		if m["packet_id"], err = json.Marshal(p.PacketID); err != nil {
			return nil, err
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes a payload object leniently: ids may be strings or
// numbers, null is empty, and a JSON string holding a JSON object (a
// double-encoded payload) is accepted. The object is scanned in place, so
// decoding a delivery reads its bytes once. An id of another kind (an
// object, a list) is an error here; the tolerant decoder
// (UnmarshalJSONTolerant) keeps the rest of the payload instead.
func (p *EventPayload) UnmarshalJSON(b []byte) error {
	issues, err := p.decode(b)
	if err == nil && len(issues) > 0 {
		err = fmt.Errorf("payload %s: %w", issues[0].Path, issues[0].Err)
	}
	return err
}

// UnmarshalJSONTolerant decodes the payload as UnmarshalJSON does, but an
// id that does not decode stays empty and is returned as an issue (path
// "bundle_id" or "packet_id") while the other members are kept. A value
// that is not a payload at all (a list, a number, a string that holds no
// JSON object) is an error. It implements the tolerant decoder's
// Unmarshaler.
func (p *EventPayload) UnmarshalJSONTolerant(b []byte, _ tolerant.Options) ([]webhook.DecodeIssue, error) {
	return p.decode(b)
}

// decode fills p from b, listing the ids that do not decode.
func (p *EventPayload) decode(b []byte) ([]webhook.DecodeIssue, error) {
	*p = EventPayload{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return nil, nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, err
		}
		if s == "" {
			return nil, nil
		}
		b = bytes.TrimSpace([]byte(s))
		if len(b) == 0 || b[0] != '{' || !json.Valid(b) {
			return nil, fmt.Errorf("payload string is not a JSON object")
		}
	}
	var issues tolerant.Collector
	err := jsonscan.Members(b, func(k, v []byte) error {
		var dst *string
		switch {
		case member(k, "bundle_id"):
			dst = &p.BundleID
		case member(k, "packet_id"):
			dst = &p.PacketID
		default:
			if p.Other == nil {
				p.Other = make(map[string]json.RawMessage)
			}
			p.Other[string(k)] = bytes.Clone(v)
			return nil
		}
		var s flexString
		if err := s.UnmarshalJSON(v); err != nil {
			issues.AddValue(tolerant.JoinKey("", string(k)), v, err)
			return nil
		}
		*dst = string(s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return issues.Issues(), nil
}

// EventEnvelope holds the fields every BlueInk delivery carries. It is
// embedded in every typed event, so ev.EventID, ev.Payload.BundleID etc. are
// available directly; EnvelopeOf reads it from a webhook.Event.
//
// json.Marshal of a typed event produces the BlueInk delivery shape (with
// event_date in RFC 3339), which ParseEvent reads back.
type EventEnvelope struct {
	EventID   string       `json:"event_id"`   // unique UUID of the event (used for deduplication)
	EventType EventType    `json:"event_type"` // e.g. bundle_complete
	EventDate time.Time    `json:"event_date"` // when the event happened, in UTC
	AccountID string       `json:"account_id"` // UUID of the BlueInk account
	Payload   EventPayload `json:"payload"`    // bundle_id, packet_id, ...
}

// Envelope returns a copy of the envelope.
func (e EventEnvelope) Envelope() EventEnvelope { return e }

// EnvelopeOf returns the BlueInk envelope of ev, and false when ev is not one
// of this package's events.
func EnvelopeOf(ev webhook.Event) (EventEnvelope, bool) {
	if e, ok := ev.(interface{ Envelope() EventEnvelope }); ok {
		return e.Envelope(), true
	}
	return EventEnvelope{}, false
}

// BundleSentEvent (bundle_sent): the bundle has been sent to its signers.
// Lifecycle: Sent.
type BundleSentEvent struct {
	webhook.Meta
	EventEnvelope
}

// BundleCompleteEvent (bundle_complete): every signer has completed the
// bundle. Lifecycle: Completed.
type BundleCompleteEvent struct {
	webhook.Meta
	EventEnvelope
}

// BundleDocsReadyEvent (bundle_docs_ready): the bundle's final documents are
// ready for download.
//
// Lifecycle: Other, deliberately. It follows bundle_complete for the same
// bundle, which already reports Completed ("final documents exist or will
// shortly"); reporting Completed twice would make an application that
// branches on Lifecycle alone process each completion twice. Register a
// handler for *BundleDocsReadyEvent to download the files.
type BundleDocsReadyEvent struct {
	webhook.Meta
	EventEnvelope
}

// BundleErrorEvent (bundle_error): an error occurred with the bundle.
// Lifecycle: Failed.
type BundleErrorEvent struct {
	webhook.Meta
	EventEnvelope
}

// BundleCancelledEvent (bundle_cancelled): the bundle was cancelled.
// Lifecycle: Cancelled.
type BundleCancelledEvent struct {
	webhook.Meta
	EventEnvelope
}

// PacketViewedEvent (packet_viewed): a signer viewed their packet
// (Payload.PacketID). Lifecycle: Viewed.
type PacketViewedEvent struct {
	webhook.Meta
	EventEnvelope
}

// PacketCompleteEvent (packet_complete): one signer completed their packet;
// others may remain. Lifecycle: Signed.
type PacketCompleteEvent struct {
	webhook.Meta
	EventEnvelope
}

// PacketDeclinedEvent (packet_declined): a signer declined to sign.
// Lifecycle: Declined.
type PacketDeclinedEvent struct {
	webhook.Meta
	EventEnvelope
}

// BundleSignerReassignedEvent (bundle_signer_reassigned): a packet was
// reassigned to another signer; any details BlueInk adds are in
// Payload.Other. Lifecycle: Other.
type BundleSignerReassignedEvent struct {
	webhook.Meta
	EventEnvelope
}

// DocTemplateCreatedEvent (doc_template_created): a document template was
// created. BlueInk does not document this event's payload: its fields
// (the template's id, presumably) are in Payload.Other. Lifecycle: Other.
type DocTemplateCreatedEvent struct {
	webhook.Meta
	EventEnvelope
}

// DocTemplateUpdatedEvent (doc_template_updated): a document template was
// changed; payload fields are in Payload.Other. Lifecycle: Other.
type DocTemplateUpdatedEvent struct {
	webhook.Meta
	EventEnvelope
}

// DocTemplateDeletedEvent (doc_template_deleted): a document template was
// deleted (TemplatesService.Delete, or in BlueInk's UI); payload fields are
// in Payload.Other. Lifecycle: Other.
type DocTemplateDeletedEvent struct {
	webhook.Meta
	EventEnvelope
}

// UnknownEvent is any delivery whose event_type this package does not know.
// It keeps the envelope and the exact body (Raw), so nothing is lost when
// BlueInk adds event types. Lifecycle: Other.
type UnknownEvent struct {
	webhook.Meta
	EventEnvelope
}

// Compile-time checks: every typed event implements webhook.Event.
var (
	_ webhook.Event = (*BundleSentEvent)(nil)
	_ webhook.Event = (*BundleCompleteEvent)(nil)
	_ webhook.Event = (*BundleDocsReadyEvent)(nil)
	_ webhook.Event = (*BundleErrorEvent)(nil)
	_ webhook.Event = (*BundleCancelledEvent)(nil)
	_ webhook.Event = (*PacketViewedEvent)(nil)
	_ webhook.Event = (*PacketCompleteEvent)(nil)
	_ webhook.Event = (*PacketDeclinedEvent)(nil)
	_ webhook.Event = (*BundleSignerReassignedEvent)(nil)
	_ webhook.Event = (*DocTemplateCreatedEvent)(nil)
	_ webhook.Event = (*DocTemplateUpdatedEvent)(nil)
	_ webhook.Event = (*DocTemplateDeletedEvent)(nil)
	_ webhook.Event = (*UnknownEvent)(nil)
)

// newTypedEvent wraps meta and env in the struct for env.EventType.
func newTypedEvent(meta webhook.Meta, env EventEnvelope) webhook.Event {
	switch env.EventType {
	case EventBundleSent:
		return &BundleSentEvent{meta, env}
	case EventBundleComplete:
		return &BundleCompleteEvent{meta, env}
	case EventBundleDocsReady:
		return &BundleDocsReadyEvent{meta, env}
	case EventBundleError:
		return &BundleErrorEvent{meta, env}
	case EventBundleCancelled:
		return &BundleCancelledEvent{meta, env}
	case EventPacketViewed:
		return &PacketViewedEvent{meta, env}
	case EventPacketComplete:
		return &PacketCompleteEvent{meta, env}
	case EventPacketDeclined:
		return &PacketDeclinedEvent{meta, env}
	case EventBundleSignerReassigned:
		return &BundleSignerReassignedEvent{meta, env}
	case EventDocTemplateCreated:
		return &DocTemplateCreatedEvent{meta, env}
	case EventDocTemplateUpdated:
		return &DocTemplateUpdatedEvent{meta, env}
	case EventDocTemplateDeleted:
		return &DocTemplateDeletedEvent{meta, env}
	}
	return &UnknownEvent{meta, env}
}

// flexString decodes a JSON string, number or null into a string.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*s = ""
		return nil
	case b[0] == '"':
		v, err := jsonscan.Unquote(b)
		if err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*s = flexString(n.String())
		return nil
	}
	return fmt.Errorf("expected a string, got %.20s", b)
}
