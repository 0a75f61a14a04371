package zigned

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
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
// One reading decodes it: data is kept as a reference into the body
// (rawRef) and decoded once, into the resource its name says.
type delivery struct {
	Event      string `json:"event"`
	EventType  string `json:"event_type"`
	Data       rawRef `json:"data"`
	ID         string `json:"id"`
	EventID    string `json:"event_id"`
	CreatedAt  rawRef `json:"created_at"`
	Timestamp  rawRef `json:"timestamp"`
	OccurredAt rawRef `json:"occurred_at"`
}

// lenientDelivery reads a delivery whose names or ids are not strings (a
// second reading, only for such bodies): they count as absent.
type lenientDelivery struct {
	Event      rawRef `json:"event"`
	EventType  rawRef `json:"event_type"`
	Data       rawRef `json:"data"`
	ID         rawRef `json:"id"`
	EventID    rawRef `json:"event_id"`
	CreatedAt  rawRef `json:"created_at"`
	Timestamp  rawRef `json:"timestamp"`
	OccurredAt rawRef `json:"occurred_at"`
}

// rawRef is a JSON value kept as a reference into the decoded input (no
// copy: the body outlives the event, which keeps it as Raw).
type rawRef []byte

func (r *rawRef) UnmarshalJSON(b []byte) error { *r = b; return nil }

func rawString(raw []byte) string {
	if firstByte(raw) != '"' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

func rawTime(raw []byte) time.Time {
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
	return fmt.Errorf("%w: "+format, append([]any{webhook.ErrInvalidPayload}, args...)...)
}

// kit is Zigned's webhook side: the entry points below are thin calls into
// it (internal/whkit holds the logic every provider shares).
var kit = &whkit.Kit[string]{Name: ProviderName, Build: buildChecks, Parse: parseDelivery}

// buildChecks builds the signature check once per provider value.
func buildChecks(secret string, _ *whopt.Config, opts []webhook.Option) (whkit.Checks, error) {
	v, err := webhook.NewTimestampedHMAC(SignatureHeader, []string{secret}, opts...)
	if err != nil {
		return whkit.Checks{}, fmt.Errorf("no webhook secret (empty or blank; the webhook resource's secret): %w", err)
	}
	return whkit.Checks{Verify: v}, nil
}

// ParseEvent decodes a delivery without verifying it (use ConstructEvent for
// untrusted input); opts may set webhook.WithMaxBodyBytes (bodies over the
// limit, 1 MiB by default, are refused with webhook.ErrBodyTooLarge). The
// event name comes from "event" or "event_type"; data is decoded to the
// resource its name's prefix (or its own resource_type) says, also when it
// is wrapped in a v3 envelope. Names outside EventTypes give an
// *UnknownEvent (its data decoded only when it carries a resource_type).
// The body is read once for a delivery of a known name whose data is its
// resource; other shapes cost a second reading of data.
//
// ID() is the delivery's "id" or "event_id" when present; otherwise it is
// "sha256:" + the hex SHA-256 of the body, so a redelivered body
// deduplicates. OccurredAt() is the delivery's created_at/timestamp/
// occurred_at, else data's updated_at. Errors start with "zigned: ".
func ParseEvent(body []byte, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ParseEvent(body, nil, opts)
}

// parseDelivery decodes a body within the limit.
func parseDelivery(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
	if ev := parseKnown(body); ev != nil {
		return ev, nil
	}
	var d delivery
	err := json.Unmarshal(body, &d)
	if jsonscan.IsTypeError(err) {
		var l lenientDelivery
		if err := json.Unmarshal(body, &l); err != nil {
			return nil, invalid("%v", err)
		}
		d = delivery{Event: rawString(l.Event), EventType: rawString(l.EventType), Data: l.Data,
			ID: rawString(l.ID), EventID: rawString(l.EventID), CreatedAt: l.CreatedAt, Timestamp: l.Timestamp, OccurredAt: l.OccurredAt}
	} else if err != nil {
		return nil, invalid("%v", err)
	}
	name := d.Event
	if name == "" {
		name = d.EventType
	}
	if strings.TrimSpace(name) == "" {
		return nil, invalid(`no "event" or "event_type" name`)
	}
	typ := EventType(name)
	data := []byte(d.Data)
	if firstByte(data) == 'n' {
		data = nil
	}

	var r resources
	switch {
	case typ.Known() && firstByte(data) == '{' && r.decode(typ.Resource(), data) == nil && r.fits(typ.Resource()):
		// The common case: data is the resource the name says, read once.
	default:
		// Another shape (a v3 envelope, another resource, an email event,
		// an unknown name): find the resource type, then decode.
		r = resources{}
		var dp probe
		if firstByte(data) == '{' {
			if err := json.Unmarshal(data, &dp); err != nil {
				return nil, invalid("data: %v", err)
			}
			if dp.envelope() {
				data, dp = dp.Data, probe{}
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
		r.resourceType = rawString(dp.ResourceType)
		if r.resourceType == "" && data != nil && typ.Known() {
			switch typ.Resource() {
			case "agreement", "participant", "observer", "sign_event":
				r.resourceType = typ.Resource()
			}
		}
		if err := r.decode(r.resourceType, data); err != nil {
			if typ.Known() {
				return nil, invalid("%s data: %v", name, err)
			}
			// An unknown name is never an error: data that does not
			// decode stays raw.
			r = resources{resourceType: r.resourceType}
		}
	}

	id := d.ID
	if id == "" {
		id = d.EventID
	}
	at := rawTime(d.CreatedAt)
	if at.IsZero() {
		at = rawTime(d.Timestamp)
	}
	if at.IsZero() {
		at = rawTime(d.OccurredAt)
	}
	return r.event(typ, id, at, body, data), nil
}

// typedDelivery is a delivery whose data decodes straight into T.
type typedDelivery[T any] struct {
	Event      string `json:"event"`
	EventType  string `json:"event_type"`
	Data       *T     `json:"data"`
	ID         string `json:"id"`
	EventID    string `json:"event_id"`
	CreatedAt  rawRef `json:"created_at"`
	Timestamp  rawRef `json:"timestamp"`
	OccurredAt rawRef `json:"occurred_at"`
}

// parseKnown is the common case read once by encoding/json: a byte scan
// finds the event name and the data, then the body decodes with data
// straight into the resource its name says. It returns nil for any other
// shape (an unknown or missing name, an email event, data that is not that
// resource, a v3 envelope, a body that does not decode), which
// parseDelivery then reads the general way.
func parseKnown(body []byte) webhook.Event {
	var name string
	var data []byte
	err := jsonscan.Members(body, func(k, v []byte) error {
		switch string(k) {
		case "event":
			name, _ = jsonscan.Unquote(v)
		case "event_type":
			if name == "" {
				name, _ = jsonscan.Unquote(v)
			}
		case "data":
			data = v
		}
		return nil
	})
	typ := EventType(name)
	if err != nil || !typ.Known() || firstByte(data) != '{' {
		return nil
	}
	var r resources
	var meta *typedMeta
	switch typ.Resource() {
	case "agreement":
		meta, r.agreement = decodeTyped[Agreement](body)
	case "participant":
		meta, r.participant = decodeTyped[Participant](body)
	case "observer":
		meta, r.observer = decodeTyped[Observer](body)
	case "sign_event":
		meta, r.signEvent = decodeTyped[SignEvent](body)
	default:
		return nil
	}
	if meta == nil || meta.name != name || !r.fits(typ.Resource()) {
		return nil
	}
	return r.event(typ, meta.id, meta.at, body, data)
}

// typedMeta is what a delivery says about itself.
type typedMeta struct {
	name, id string
	at       time.Time
}

func decodeTyped[T any](body []byte) (*typedMeta, *T) {
	var d typedDelivery[T]
	if json.Unmarshal(body, &d) != nil || d.Data == nil {
		return nil, nil
	}
	m := &typedMeta{name: d.Event, id: d.ID}
	if m.name == "" {
		m.name = d.EventType
	}
	if m.id == "" {
		m.id = d.EventID
	}
	m.at = rawTime(d.CreatedAt)
	if m.at.IsZero() {
		m.at = rawTime(d.Timestamp)
	}
	if m.at.IsZero() {
		m.at = rawTime(d.OccurredAt)
	}
	return m, d.Data
}

// event builds the typed event of a delivery whose resource is decoded.
func (r *resources) event(typ EventType, id string, at time.Time, body, data []byte) webhook.Event {
	if id == "" {
		id = webhook.BodyID(body)
	}
	if at.IsZero() {
		at = r.updatedAt()
	}
	meta := webhook.NewMeta(ProviderName, string(typ), id, at, body, typ.Lifecycle())
	raw := json.RawMessage(data)
	if !typ.Known() {
		return &UnknownEvent{Meta: meta, Name: typ, ResourceType: r.resourceType, Data: raw,
			Agreement: r.agreement, Participant: r.participant, Observer: r.observer, SignEvent: r.signEvent}
	}
	switch typ.Resource() {
	case "agreement":
		return &AgreementEvent{Meta: meta, Name: typ, ResourceType: r.resourceType, Data: raw, Agreement: r.agreement}
	case "participant":
		return &ParticipantEvent{Meta: meta, Name: typ, ResourceType: r.resourceType, Data: raw, Participant: r.participant}
	case "observer":
		return &ObserverEvent{Meta: meta, Name: typ, ResourceType: r.resourceType, Data: raw, Observer: r.observer}
	case "sign_event":
		return &SigningEvent{Meta: meta, Name: typ, ResourceType: r.resourceType, Data: raw, SignEvent: r.signEvent}
	}
	return &EmailEvent{Meta: meta, Name: typ, ResourceType: r.resourceType, Data: raw,
		Agreement: r.agreement, Participant: r.participant, Observer: r.observer}
}

// resources holds the one resource a delivery's data decoded to.
type resources struct {
	resourceType string
	agreement    *Agreement
	participant  *Participant
	observer     *Observer
	signEvent    *SignEvent
}

// decode decodes data as resourceType (nothing for other types).
func (r *resources) decode(resourceType string, data []byte) error {
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

// fits reports whether the resource decoded as resourceType is one: its
// resource_type is that type or absent, and it has an id (a v3 envelope
// has none).
func (r *resources) fits(resourceType string) bool {
	var id, rt string
	switch {
	case r.agreement != nil:
		id, rt = r.agreement.ID, r.agreement.ResourceType
	case r.participant != nil:
		id, rt = r.participant.ID, r.participant.ResourceType
	case r.observer != nil:
		id, rt = r.observer.ID, r.observer.ResourceType
	case r.signEvent != nil:
		id, rt = r.signEvent.ID, r.signEvent.ResourceType
	default:
		return false
	}
	if id == "" || (rt != "" && rt != resourceType) {
		return false
	}
	r.resourceType = resourceType
	return true
}

// updatedAt is the decoded resource's updated_at.
func (r *resources) updatedAt() time.Time {
	switch {
	case r.agreement != nil:
		return r.agreement.UpdatedAt.Time
	case r.participant != nil:
		return r.participant.UpdatedAt.Time
	case r.observer != nil:
		return r.observer.UpdatedAt.Time
	case r.signEvent != nil:
		return r.signEvent.UpdatedAt.Time
	}
	return time.Time{}
}

// NewVerifier returns the signature check of Zigned deliveries for the
// webhook's secret: the x-zigned-request-signature header,
// "t=<timestamp>,v1=<HMAC-SHA256(secret, t + "." + body)>" (hex; base64 is
// accepted too), t in unix seconds or milliseconds, within the tolerance
// (webhook.WithTolerance, default 5 minutes) of now, both ways. Zigned
// documents the header and the HMAC; the rest comes from a production
// receiver, so a failing delivery that verifies under another construction
// of webhook.SignedPayload is refused with an error naming it and the
// option that selects it. While rotating, pass
// webhook.WithAdditionalSecrets(oldSecret). An empty or blank secret is an
// error wrapping webhook.ErrNoSecret.
func NewVerifier(secret string, opts ...webhook.Option) (webhook.Verifier, error) {
	return kit.NewVerifier(secret, opts)
}

// ConstructEvent verifies a delivery with the webhook's secret (see
// NewVerifier) and decodes it (see ParseEvent). Errors start with
// "zigned: " and wrap the webhook sentinels; an empty secret is
// webhook.ErrNoSecret. A receiver of many deliveries builds WebhookProvider
// once instead.
//
//	ev, err := zigned.ConstructEvent(body, r.Header, hook.Secret.Reveal())
func ConstructEvent(body []byte, header http.Header, secret string, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ConstructEvent(body, header, secret, opts)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler; its
// signature check (see NewVerifier) is built once, here. An empty or blank
// secret makes webhook.NewHandler panic with the reason. While rotating,
// pass webhook.WithAdditionalSecrets(oldSecret).
//
// Zigned creates webhooks inactive unless the request says
// Status: WebhookActive: an inactive webhook delivers nothing, however
// well the receiver is configured.
func WebhookProvider(secret string, opts ...webhook.Option) webhook.Provider {
	return kit.Provider(secret, opts)
}
