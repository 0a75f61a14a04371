package zigned

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/tolerant"
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
//
// The body is read once, checked as it is read, for a delivery whose name
// comes before its data and whose data is the resource the name says (the
// observed shape); other shapes cost a second reading of data. A value
// inside that does not decode (a timestamp in an unknown shape, a string
// where a list is expected) keeps its zero value and is listed; it never
// fails the delivery. Only a body that is not JSON, not an object, or
// without an event name is refused (webhook.ErrInvalidPayload).
//
// ID() is the delivery's "id" or "event_id" when present. Zigned documents
// none, so otherwise: for the events that happen once per agreement or
// participant (agreement.lifecycle.fulfilled, .finalized, .cancelled,
// .expired, participant.lifecycle.fulfilled) it is the name and the
// resource's id, "agreement.lifecycle.finalized/<agreement id>", which
// Agreements.Replay gives its events too; for the others it is "sha256:" +
// the hex SHA-256 of the body, so a redelivered body deduplicates.
// OccurredAt() is the delivery's created_at/timestamp/
// occurred_at, else data's updated_at. Errors start with "zigned: ".
func ParseEvent(body []byte, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ParseEvent(body, nil, opts)
}

// delivery is what a body says about itself, read in the same pass as its
// data: {"event": name, "data": resource}, the name sometimes under
// "event_type", identity and time fields optional.
type delivery struct {
	event, eventType, id, eventID    string
	createdAt, timestamp, occurredAt Time
	data                             []byte    // data's exact bytes
	read                             EventType // the name data was read as, "" when it was not
	res                              resources
}

// name is the delivery's event name.
func (d *delivery) name() string {
	if d.event != "" {
		return d.event
	}
	return d.eventType
}

// at is when the delivery says the event happened.
func (d *delivery) at() time.Time {
	for _, t := range []*Time{&d.createdAt, &d.timestamp, &d.occurredAt} {
		if !t.IsZero() {
			return t.Time
		}
	}
	return time.Time{}
}

// readDelivery reads a body in one pass: data is read straight into the
// resource the name read so far says, when there is one.
func readDelivery(r *tolerant.Reader, d *delivery) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "event":
			d.event = r.String()
		case "event_type":
			d.eventType = r.String()
		case "id":
			d.id = readID(r)
		case "event_id":
			d.eventID = readID(r)
		case "created_at":
			readTime(r, &d.createdAt)
		case "timestamp":
			readTime(r, &d.timestamp)
		case "occurred_at":
			readTime(r, &d.occurredAt)
		case "data":
			r.Kind()
			start := r.Pos()
			d.res, d.read = resources{}, ""
			if typ := EventType(d.name()); typ.Known() && r.Kind() == '{' && d.res.read(r, typ.Resource()) {
				d.read = typ
			} else {
				r.Skip() // data of another shape, read again below
			}
			d.data = r.Bytes(start)
		}
	})
}

// readID reads an id: a string, or a number's text.
func readID(r *tolerant.Reader) string {
	if r.Kind() == '0' {
		return string(r.Raw())
	}
	return r.String()
}

// parseDelivery decodes a body within the limit.
func parseDelivery(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
	r := tolerant.NewReader(body, tolerant.Options{})
	var d delivery
	readDelivery(r, &d)
	issues, err := r.Finish()
	if err != nil {
		return nil, invalid("%v", err)
	}
	name := d.name()
	if strings.TrimSpace(name) == "" {
		return nil, invalid(`no "event" or "event_type" name`)
	}
	typ := EventType(name)
	data := d.data
	if firstByte(data) == 'n' {
		data = nil
	}
	if d.read != typ || !d.res.fits(typ.Resource()) {
		// Another shape (a v3 envelope, another resource, an email event,
		// an unknown name, data before the name): find the resource type,
		// then read data again as that.
		issues = tolerant.Outside("data", issues)
		var more []webhook.DecodeIssue
		data, d.res, more = decodeData(typ, data)
		issues = append(issues, more...)
	}
	id := d.id
	if id == "" {
		id = d.eventID
	}
	if id == "" {
		id = d.res.onceID(typ)
	}
	return d.res.event(typ, id, d.at(), body, data, issues), nil
}

// onceEvents happen at most once for the resource their data is: an
// agreement is fulfilled, finalized, cancelled or expired once, a
// participant signs once. A delivery of one of them is identified by its
// name and that resource's id, which a replay (Agreements.Replay) builds
// from the resource alike, so the two deduplicate.
var onceEvents = map[EventType]string{
	EventAgreementLifecycleFulfilled:   "agreement",
	EventAgreementLifecycleFinalized:   "agreement",
	EventAgreementLifecycleCancelled:   "agreement",
	EventAgreementLifecycleExpired:     "agreement",
	EventParticipantLifecycleFulfilled: "participant",
}

// onceID is the id of a delivery of a once event: "<name>/<resource id>",
// or "" for other events and for data without an id.
func (r *resources) onceID(typ EventType) string {
	var id string
	switch onceEvents[typ] {
	case "agreement":
		if r.agreement != nil && r.resourceType == "agreement" {
			id = r.agreement.ID
		}
	case "participant":
		if r.participant != nil && r.resourceType == "participant" {
			id = r.participant.ID
		}
	}
	if id == "" {
		return ""
	}
	return string(typ) + "/" + id
}

// decodeData decodes data whose resource its name does not settle: the
// resource inside a v3 envelope, or the one its resource_type names, else
// the one the name's prefix names. It returns the data the event keeps
// (the envelope's data when wrapped), the resource and the issues found.
func decodeData(typ EventType, data []byte) ([]byte, resources, []webhook.DecodeIssue) {
	var res resources
	path := "data"
	var p probe
	if firstByte(data) == '{' {
		p, _ = probeOf(data) // data was checked by the first reading
		if p.envelope() {
			data, path, p = p.Data, "data.data", probe{}
			if firstByte(data) == '{' {
				p, _ = probeOf(data)
			}
		}
	}
	if firstByte(data) != '{' {
		if firstByte(data) == 'n' {
			data = nil
		}
		return data, res, nil
	}
	rt, _ := jsonscan.Unquote(p.ResourceType)
	if rt == "" && typ.Known() {
		switch typ.Resource() {
		case "agreement", "participant", "observer", "sign_event":
			rt = typ.Resource()
		}
	}
	res.resourceType = rt
	r := tolerant.NewReader(data, tolerant.Options{})
	if !res.read(r, rt) {
		return data, res, nil
	}
	issues, err := r.Finish()
	if err != nil { // not possible for data the first reading checked
		return data, resources{resourceType: rt}, nil
	}
	return data, res, tolerant.Within(path, issues)
}

// event builds the typed event of a delivery whose resource is decoded,
// with the values of the body that did not decode (paths from its root).
func (r *resources) event(typ EventType, id string, at time.Time, body, data []byte, issues []webhook.DecodeIssue) webhook.Event {
	if id == "" {
		id = webhook.BodyID(body)
	}
	if at.IsZero() {
		at = r.updatedAt()
	}
	meta := webhook.NewMeta(ProviderName, string(typ), id, at, body, typ.Lifecycle())
	if len(issues) > 0 {
		meta.SetDecodeIssues(issues)
	}
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

// read reads the next value as resourceType; it reports false (reading
// nothing) for other types.
func (r *resources) read(rd *tolerant.Reader, resourceType string) bool {
	switch resourceType {
	case "agreement":
		r.agreement = readNew[Agreement](rd)
	case "participant":
		r.participant = readNew[Participant](rd)
	case "observer":
		r.observer = readNew[Observer](rd)
	case "sign_event":
		r.signEvent = readNew[SignEvent](rd)
	default:
		return false
	}
	return true
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
