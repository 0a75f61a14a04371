package insertsign

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// ProviderName is the provider name every InsertSign event reports.
const ProviderName = "insertsign"

// EventType is the "type" of a delivery.
type EventType string

// Event types documented by InsertSign.
const (
	EventRequestSent      EventType = "request.sent"
	EventRequestCompleted EventType = "request.completed"
	EventRequestArchived  EventType = "request.archived"
	EventRequestDeleted   EventType = "request.deleted"
	EventContactCreated   EventType = "contact.created"
	EventSignerSigned     EventType = "signer.signed"
	EventEmailDelivered   EventType = "email.delivered"
	EventEmailBounced     EventType = "email.bounced"
	EventEmailSpammed     EventType = "email.spammed"
)

// EventTypes returns every documented event type, in the documentation's
// order (a new slice on each call).
func EventTypes() []EventType {
	return []EventType{
		EventRequestSent, EventRequestCompleted, EventRequestArchived, EventRequestDeleted, EventContactCreated,
		EventSignerSigned, EventEmailDelivered, EventEmailBounced, EventEmailSpammed,
	}
}

// String returns the wire value.
func (t EventType) String() string { return string(t) }

// Known reports whether t decodes to a typed event (not *UnknownEvent).
func (t EventType) Known() bool {
	switch t {
	case EventRequestSent, EventRequestCompleted, EventRequestArchived, EventRequestDeleted,
		EventContactCreated, EventSignerSigned, EventEmailDelivered, EventEmailBounced, EventEmailSpammed:
		return true
	}
	return false
}

// Lifecycle returns the normalized stage of events of type t:
//
//	request.sent       Sent
//	signer.signed      Signed
//	request.completed  Completed
//	request.deleted    Cancelled  (the sender removed the request)
//	email.bounced      Failed     (the participant did not get the email)
//	email.spammed      Failed     (a spam complaint: further mail to the participant is
//	                               likely suppressed; InsertSign asks the sender to reach out,
//	                               as for a bounce)
//	request.archived   Other      (housekeeping; may fire more than once)
//	contact.created    Other      (an address-book entry, not a document)
//	email.delivered    Other
//	anything else      Other
func (t EventType) Lifecycle() webhook.Lifecycle {
	switch t {
	case EventRequestSent:
		return webhook.Sent
	case EventSignerSigned:
		return webhook.Signed
	case EventRequestCompleted:
		return webhook.Completed
	case EventRequestDeleted:
		return webhook.Cancelled
	case EventEmailBounced, EventEmailSpammed:
		return webhook.Failed
	default:
		return webhook.Other
	}
}

// RequestSentEvent is request.sent: a request left "draft" and was sent. It is
// the only event whose Request carries SignerOrder.
type RequestSentEvent struct {
	webhook.Meta
	// RequestID is data.request_id (also Request.ID).
	RequestID string
	// AccountID is the InsertSign account.
	AccountID string
	// Request is the request as sent.
	Request Request
}

// RequestCompletedEvent is request.completed: every signer signed and the
// request is marked complete.
type RequestCompletedEvent struct {
	webhook.Meta
	// RequestID is data.request_id (also Request.ID).
	RequestID string
	// AccountID is the InsertSign account.
	AccountID string
	// Request is the completed request.
	Request Request
}

// RequestArchivedEvent is request.archived: the request's status changed to
// "archived". InsertSign may send it more than once for one request.
type RequestArchivedEvent struct {
	webhook.Meta
	// RequestID is data.request_id (also Request.ID).
	RequestID string
	// AccountID is the InsertSign account.
	AccountID string
	// Request is the archived request.
	Request Request
}

// RequestDeletedEvent is request.deleted. Request holds the request as it
// was BEFORE it was deleted (its Status is its last status, e.g. "archived").
type RequestDeletedEvent struct {
	webhook.Meta
	// RequestID is data.request_id (also Request.ID).
	RequestID string
	// AccountID is the InsertSign account.
	AccountID string
	// Request is the request as it was before deletion.
	Request Request
}

// ContactCreatedEvent is contact.created: a new recipient was added.
type ContactCreatedEvent struct {
	webhook.Meta
	// Contact is the new recipient.
	Contact Contact
}

// SignerSignedEvent is signer.signed: one signer signed a request (others may
// remain; request.completed follows the last one).
type SignerSignedEvent struct {
	webhook.Meta
	// Signing describes who signed, when and from where.
	Signing Signing
}

// EmailDeliveredEvent is email.delivered: an email reached a participant's inbox.
type EmailDeliveredEvent struct {
	webhook.Meta
	// Email is the delivered email.
	Email Email
}

// EmailBouncedEvent is email.bounced: an email to a participant bounced
// (InsertSign advises checking the address).
type EmailBouncedEvent struct {
	webhook.Meta
	// Email is the bounced email.
	Email Email
}

// EmailSpammedEvent is email.spammed: the recipient marked an email as spam
// (InsertSign advises reaching out to the recipient).
type EmailSpammedEvent struct {
	webhook.Meta
	// Email is the email marked as spam.
	Email Email
}

// UnknownEvent is any delivery whose type this package does not know. It is
// not an error: Type, OccurredAt and Raw are filled, Data holds data as sent.
type UnknownEvent struct {
	webhook.Meta
	// Data is the delivery's "data" member, undecoded (nil when absent).
	Data json.RawMessage
}

// RequestEvent is implemented by the request.* events (*RequestSentEvent,
// *RequestCompletedEvent, *RequestArchivedEvent, *RequestDeletedEvent), so
// one handler can serve all four:
//
//	if re, ok := ev.(insertsign.RequestEvent); ok { sync(re.SignatureRequest()) }
type RequestEvent interface {
	webhook.Event
	// SignatureRequest returns the event's Request (not a copy).
	SignatureRequest() *Request
}

// EmailEvent is implemented by the email.* events (*EmailDeliveredEvent,
// *EmailBouncedEvent, *EmailSpammedEvent).
type EmailEvent interface {
	webhook.Event
	// EmailMessage returns the event's Email (not a copy).
	EmailMessage() *Email
}

// SignatureRequest implements RequestEvent.
func (e *RequestSentEvent) SignatureRequest() *Request { return &e.Request }

// SignatureRequest implements RequestEvent.
func (e *RequestCompletedEvent) SignatureRequest() *Request { return &e.Request }

// SignatureRequest implements RequestEvent.
func (e *RequestArchivedEvent) SignatureRequest() *Request { return &e.Request }

// SignatureRequest implements RequestEvent.
func (e *RequestDeletedEvent) SignatureRequest() *Request { return &e.Request }

// EmailMessage implements EmailEvent.
func (e *EmailDeliveredEvent) EmailMessage() *Email { return &e.Email }

// EmailMessage implements EmailEvent.
func (e *EmailBouncedEvent) EmailMessage() *Email { return &e.Email }

// EmailMessage implements EmailEvent.
func (e *EmailSpammedEvent) EmailMessage() *Email { return &e.Email }

// envelope is every delivery: {created_at: ISO 8601, type, data}.
type envelope struct {
	CreatedAt timeutil.Time   `json:"created_at"`
	Type      *string         `json:"type"`
	Data      json.RawMessage `json:"data"`
}

// wireRequestData is data of the request.* events.
type wireRequestData struct {
	RequestID string      `json:"request_id"`
	AccountID string      `json:"account_id"`
	Request   wireRequest `json:"request"`
}

// ParseEvent decodes a delivery without any authenticity check (InsertSign
// signs nothing; see the package documentation and WebhookProvider); opts
// may set webhook.WithMaxBodyBytes. It returns one of the *...Event types
// of this package, or *UnknownEvent for a type it does not know.
//
// Decoding is tolerant, because InsertSign never sends a delivery twice: a
// value that does not read (a datetime in an unknown shape, a string where
// a number belongs, a signer that is not an object) keeps its zero value,
// everything else is decoded, and the value is listed by the event's
// DecodeIssues. Numbers sent as strings, epoch-millisecond datetimes sent
// as ISO 8601 strings and signers sent as an array are read as meant. Only
// a body that cannot be an InsertSign delivery fails, with an error
// wrapping webhook.ErrInvalidPayload: not one JSON object, no (or an
// empty) "type", or a known type whose "data" is missing or not an object.
// Bodies over the limit (1 MiB by default) are refused
// (webhook.ErrBodyTooLarge). Errors start with "insertsign: ".
//
// InsertSign sends no event id, so ID() is webhook.BodyID(body): "sha256:" +
// the hex SHA-256 of the exact body, which lets webhook.WithDedupe drop a
// repeated delivery. The event keeps body as its Raw bytes (not copied).
func ParseEvent(body []byte, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ParseEvent(body, nil, opts)
}

// parseDelivery decodes a body within the limit. Its type is found first
// by a byte scan, so a delivery of a known type is read once, straight
// into its typed data (read.go); other shapes (unknown types, a repeated
// "type") are read as an envelope first.
func parseDelivery(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: body is not a JSON object", webhook.ErrInvalidPayload)
	}
	if raw, ok := jsonscan.Member(trimmed, "type"); ok {
		if t, ok := knownType(raw); ok {
			if ev, done, err := decodeKnown(body, t); done {
				return ev, err
			}
		}
	}
	var env envelope
	issues, err := tolerant.Decode(body, &env, tolerant.Options{})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", webhook.ErrInvalidPayload, err)
	}
	if env.Type == nil || *env.Type == "" {
		return nil, fmt.Errorf("%w: missing event type", webhook.ErrInvalidPayload)
	}
	typ := EventType(*env.Type)
	if typ.Known() { // a known type the scan did not find first (a repeated key)
		ev, _, err := decodeKnown(body, typ)
		return ev, err
	}
	ev := &UnknownEvent{Meta: webhook.NewMeta(ProviderName, string(typ), webhook.BodyID(body), env.CreatedAt.UTC(), body, typ.Lifecycle())}
	ev.SetDecodeIssues(issues)
	if data := bytes.TrimSpace(env.Data); len(data) > 0 {
		ev.Data = json.RawMessage(data)
	}
	return ev, nil
}

// decodeKnown decodes a delivery of known type typ in one reading. done
// is false when the body's type turns out to be another one.
func decodeKnown(body []byte, typ EventType) (ev webhook.Event, done bool, err error) {
	var k known
	r := tolerant.NewReader(body, tolerant.Options{})
	k.read(r, typ)
	issues, err := r.Finish()
	switch {
	case err != nil:
		return nil, true, fmt.Errorf("%w: %s: %w", webhook.ErrInvalidPayload, typ, err)
	case k.typ != string(typ):
		return nil, false, nil
	case !k.hasData:
		return nil, true, fmt.Errorf("%w: %s: data is missing or not an object", webhook.ErrInvalidPayload, typ)
	}
	m := webhook.NewMeta(ProviderName, string(typ), webhook.BodyID(body), k.at.UTC(), body, typ.Lifecycle())
	m.SetDecodeIssues(issues)
	switch typ {
	case EventRequestSent, EventRequestCompleted, EventRequestArchived, EventRequestDeleted:
		d := &k.request
		reqID, accountID, req := d.RequestID, d.AccountID, d.Request.request(d.RequestID, d.AccountID)
		switch typ {
		case EventRequestSent:
			return &RequestSentEvent{Meta: m, RequestID: reqID, AccountID: accountID, Request: req}, true, nil
		case EventRequestCompleted:
			return &RequestCompletedEvent{Meta: m, RequestID: reqID, AccountID: accountID, Request: req}, true, nil
		case EventRequestArchived:
			return &RequestArchivedEvent{Meta: m, RequestID: reqID, AccountID: accountID, Request: req}, true, nil
		default:
			return &RequestDeletedEvent{Meta: m, RequestID: reqID, AccountID: accountID, Request: req}, true, nil
		}
	case EventContactCreated:
		return &ContactCreatedEvent{Meta: m, Contact: k.contact.contact()}, true, nil
	case EventSignerSigned:
		return &SignerSignedEvent{Meta: m, Signing: k.signing.signing()}, true, nil
	case EventEmailDelivered:
		return &EmailDeliveredEvent{Meta: m, Email: k.email}, true, nil
	case EventEmailBounced:
		return &EmailBouncedEvent{Meta: m, Email: k.email}, true, nil
	default:
		return &EmailSpammedEvent{Meta: m, Email: k.email}, true, nil
	}
}
