package zigned

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/webhook"
)

// ProviderName is the provider name reported by every event.
const ProviderName = "zigned"

// SignatureHeader carries a delivery's signature:
// "t=<unix timestamp>,v1=<hex HMAC-SHA256(secret, t + "." + body)>".
const SignatureHeader = "x-zigned-request-signature"

// EventType is a webhook event name, e.g. "agreement.lifecycle.pending".
type EventType string

// EventTypes returns every event name this package knows, in spec order.
func EventTypes() []EventType { return slices.Clone(eventTypes) }

// Known reports whether t is one of EventTypes.
func (t EventType) Known() bool { return slices.Contains(eventTypes, t) }

// Resource is the name's first segment ("agreement", "participant",
// "observer", "sign_event", "email_event").
func (t EventType) Resource() string {
	r, _, _ := strings.Cut(string(t), ".")
	return r
}

// Lifecycle is the normalized stage of an event name:
//
//	agreement.draft.created              Created
//	agreement.lifecycle.pending          Sent
//	participant.lifecycle.received_invitation Sent
//	sign_event.signing_room.entered      Viewed
//	participant.lifecycle.fulfilled      Signed   (one participant done)
//	agreement.lifecycle.fulfilled        Signed   (every participant done; the signed PDF is being generated)
//	agreement.lifecycle.finalized        Completed (the signed document exists)
//	sign_event.approval.disapproved      Declined
//	agreement.lifecycle.cancelled        Cancelled
//	agreement.lifecycle.expired          Expired
//	*.failed, *.delivery_failed, participant.identity_enforcement.failed  Failed
//	anything else                        Other
//
// Completed is kept for finalized, so an application that downloads the
// signed document on Completed finds it there.
func (t EventType) Lifecycle() webhook.Lifecycle {
	switch t {
	case EventAgreementDraftCreated:
		return webhook.Created
	case EventAgreementLifecyclePending, EventParticipantLifecycleReceivedInvitation:
		return webhook.Sent
	case EventSignEventSigningRoomEntered:
		return webhook.Viewed
	case EventParticipantLifecycleFulfilled, EventAgreementLifecycleFulfilled:
		return webhook.Signed
	case EventAgreementLifecycleFinalized:
		return webhook.Completed
	case EventSignEventApprovalDisapproved:
		return webhook.Declined
	case EventAgreementLifecycleCancelled:
		return webhook.Cancelled
	case EventAgreementLifecycleExpired:
		return webhook.Expired
	}
	if t.Known() && (strings.HasSuffix(string(t), ".failed") || strings.HasSuffix(string(t), ".delivery_failed")) {
		return webhook.Failed
	}
	return webhook.Other
}

// AgreementEvent is an agreement.* delivery. Agreement is decoded from data
// when data is an agreement (it is nil otherwise; Data keeps the raw JSON).
type AgreementEvent struct {
	webhook.Meta
	Name         EventType
	ResourceType string
	Data         json.RawMessage
	Agreement    *Agreement
}

// ParticipantEvent is a participant.* delivery.
type ParticipantEvent struct {
	webhook.Meta
	Name         EventType
	ResourceType string
	Data         json.RawMessage
	Participant  *Participant
}

// ObserverEvent is an observer.* delivery.
type ObserverEvent struct {
	webhook.Meta
	Name         EventType
	ResourceType string
	Data         json.RawMessage
	Observer     *Observer
}

// SigningEvent is a sign_event.* delivery (signing room activity,
// signatures, approvals, document views).
type SigningEvent struct {
	webhook.Meta
	Name         EventType
	ResourceType string
	Data         json.RawMessage
	SignEvent    *SignEvent
}

// EmailEvent is an email_event.* delivery. The spec does not describe its
// data; whichever of Agreement, Participant or Observer data's resource_type
// names is decoded, and Data keeps the raw JSON.
type EmailEvent struct {
	webhook.Meta
	Name         EventType
	ResourceType string
	Data         json.RawMessage
	Agreement    *Agreement
	Participant  *Participant
	Observer     *Observer
}

// UnknownEvent is a delivery whose event name is not one of EventTypes
// (a name Zigned added after this package, or a misspelt one). It is not an
// error: Raw() keeps the exact body, and data that names its resource_type
// ("agreement", "participant", "observer", "sign_event") is still decoded.
type UnknownEvent struct {
	webhook.Meta
	Name         EventType
	ResourceType string
	Data         json.RawMessage
	Agreement    *Agreement
	Participant  *Participant
	Observer     *Observer
	SignEvent    *SignEvent
}

// delivery is the observed body: {"event": name, "data": resource}, with the
// name sometimes under "event_type". Identity and time fields are optional.
type delivery struct {
	Event      json.RawMessage `json:"event"`
	EventType  json.RawMessage `json:"event_type"`
	Data       json.RawMessage `json:"data"`
	ID         json.RawMessage `json:"id"`
	EventID    json.RawMessage `json:"event_id"`
	CreatedAt  json.RawMessage `json:"created_at"`
	Timestamp  json.RawMessage `json:"timestamp"`
	OccurredAt json.RawMessage `json:"occurred_at"`
}

func rawString(raw json.RawMessage) string {
	if firstByte(raw) != '"' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

func rawTime(raw json.RawMessage) time.Time {
	if len(raw) == 0 {
		return time.Time{}
	}
	var t Time
	if json.Unmarshal(raw, &t) != nil {
		return time.Time{}
	}
	return t.Time
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: zigned: "+format, append([]any{webhook.ErrInvalidPayload}, args...)...)
}

// ParseEvent decodes a delivery without verifying it (use ConstructEvent for
// untrusted input). Bodies over webhook.DefaultMaxBodyBytes are refused.
// The event name comes from "event" or "event_type"; data is decoded to the
// resource its name's prefix (or its own resource_type) says, also when it is
// wrapped in a v3 envelope. Names outside EventTypes give an *UnknownEvent
// (its data decoded only when it carries a resource_type).
//
// ID() is the delivery's "id" or "event_id" when present; otherwise it is
// "sha256:" + the hex SHA-256 of the body, so a redelivered body
// deduplicates. OccurredAt() is the delivery's created_at/timestamp/
// occurred_at, else data's updated_at.
func ParseEvent(body []byte) (webhook.Event, error) {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return nil, fmt.Errorf("%w: %d bytes (limit %d)", webhook.ErrBodyTooLarge, len(body), webhook.DefaultMaxBodyBytes)
	}
	var d delivery
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, invalid("%v", err)
	}
	name := rawString(d.Event)
	if name == "" {
		name = rawString(d.EventType)
	}
	if strings.TrimSpace(name) == "" {
		return nil, invalid(`no "event" or "event_type" name`)
	}
	typ := EventType(name)

	data := d.Data
	var dp dataProbe
	switch firstByte(data) {
	case '{':
		if err := json.Unmarshal(data, &dp); err != nil {
			return nil, invalid("data: %v", err)
		}
		if dp.envelope() {
			data = dp.Data
			dp = dataProbe{}
			if firstByte(data) == '{' {
				if err := json.Unmarshal(data, &dp); err != nil {
					return nil, invalid("data: %v", err)
				}
			}
		}
	}
	if firstByte(data) == 'n' {
		data = nil
	}
	resourceType := rawString(dp.ResourceType)
	if resourceType == "" && data != nil && typ.Known() {
		switch typ.Resource() {
		case "agreement", "participant", "observer", "sign_event":
			resourceType = typ.Resource()
		}
	}

	id := rawString(d.ID)
	if id == "" {
		id = rawString(d.EventID)
	}
	if id == "" {
		id = webhook.BodyID(body)
	}
	at := rawTime(d.CreatedAt)
	if at.IsZero() {
		at = rawTime(d.Timestamp)
	}
	if at.IsZero() {
		at = rawTime(d.OccurredAt)
	}
	if at.IsZero() {
		at = rawTime(dp.UpdatedAt)
	}
	meta := webhook.NewMeta(ProviderName, name, id, at, body, typ.Lifecycle())

	var r resources
	if !typ.Known() {
		// Never an error: data that does not decode stays raw.
		if r.decode(resourceType, data) != nil {
			r = resources{}
		}
		return &UnknownEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data,
			Agreement: r.agreement, Participant: r.participant, Observer: r.observer, SignEvent: r.signEvent}, nil
	}
	if err := r.decode(resourceType, data); err != nil {
		return nil, invalid("%s data: %v", name, err)
	}
	switch typ.Resource() {
	case "agreement":
		return &AgreementEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data, Agreement: r.agreement}, nil
	case "participant":
		return &ParticipantEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data, Participant: r.participant}, nil
	case "observer":
		return &ObserverEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data, Observer: r.observer}, nil
	case "sign_event":
		return &SigningEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data, SignEvent: r.signEvent}, nil
	case "email_event":
		return &EmailEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data,
			Agreement: r.agreement, Participant: r.participant, Observer: r.observer}, nil
	}
	return &UnknownEvent{Meta: meta, Name: typ, ResourceType: resourceType, Data: data}, nil
}

// dataProbe reads what ParseEvent needs from a delivery's data.
type dataProbe struct {
	probe
	UpdatedAt json.RawMessage `json:"updated_at"`
}

// resources holds the one resource a delivery's data decoded to.
type resources struct {
	agreement   *Agreement
	participant *Participant
	observer    *Observer
	signEvent   *SignEvent
}

func (r *resources) decode(resourceType string, data json.RawMessage) error {
	if firstByte(data) != '{' {
		return nil
	}
	var target any
	switch resourceType {
	case "agreement":
		r.agreement = new(Agreement)
		target = r.agreement
	case "participant":
		r.participant = new(Participant)
		target = r.participant
	case "observer":
		r.observer = new(Observer)
		target = r.observer
	case "sign_event":
		r.signEvent = new(SignEvent)
		target = r.signEvent
	default:
		return nil
	}
	return json.Unmarshal(data, target)
}

// NewVerifier returns the signature check of Zigned deliveries for one or more
// secrets (several during a rotation). Options set the tolerance (default
// 5 minutes, checked both ways) and the clock.
func NewVerifier(secrets []string, opts ...webhook.Option) (webhook.Verifier, error) {
	v, err := webhook.NewTimestampedHMAC(SignatureHeader, secrets, opts...)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ConstructEvent verifies the x-zigned-request-signature header of a
// delivery with the webhook's secret and decodes it. The timestamp may be
// unix seconds or milliseconds. An empty secret is webhook.ErrNoSecret.
// While rotating, pass webhook.WithAdditionalSecrets(oldSecret).
func ConstructEvent(body []byte, header http.Header, secret string, opts ...webhook.Option) (webhook.Event, error) {
	v, err := NewVerifier([]string{secret}, opts...)
	if err != nil {
		return nil, err
	}
	if err := v.Verify(header, body); err != nil {
		return nil, err
	}
	return ParseEvent(body)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler. An
// empty secret gives a provider that refuses every delivery. While
// rotating, pass webhook.WithAdditionalSecrets(oldSecret).
func WebhookProvider(secret string, opts ...webhook.Option) webhook.Provider {
	v, err := NewVerifier([]string{secret}, opts...)
	if err != nil {
		return webhook.NewProvider(ProviderName, nil, parse)
	}
	return webhook.NewProvider(ProviderName, v, parse)
}

func parse(_ http.Header, body []byte) (webhook.Event, error) { return ParseEvent(body) }
