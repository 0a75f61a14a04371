package insertsign

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/webhook"
)

// ProviderName is the provider name every InsertSign event reports.
const ProviderName = "insertsign"

// Event types documented by InsertSign (the "type" of a delivery).
const (
	TypeRequestSent      = "request.sent"
	TypeRequestCompleted = "request.completed"
	TypeRequestArchived  = "request.archived"
	TypeRequestDeleted   = "request.deleted"
	TypeContactCreated   = "contact.created"
	TypeSignerSigned     = "signer.signed"
	TypeEmailDelivered   = "email.delivered"
	TypeEmailBounced     = "email.bounced"
	TypeEmailSpammed     = "email.spammed"
)

// Lifecycle returns the normalized stage of an InsertSign event type:
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
func Lifecycle(eventType string) webhook.Lifecycle {
	switch eventType {
	case TypeRequestSent:
		return webhook.Sent
	case TypeSignerSigned:
		return webhook.Signed
	case TypeRequestCompleted:
		return webhook.Completed
	case TypeRequestDeleted:
		return webhook.Cancelled
	case TypeEmailBounced, TypeEmailSpammed:
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
	RequestID string       `json:"request_id"`
	AccountID string       `json:"account_id"`
	Request   *wireRequest `json:"request"`
}

// ParseEvent decodes a delivery without any authenticity check (InsertSign
// signs nothing; see the package documentation and WebhookProvider). It
// returns one of the *...Event types of this package, or *UnknownEvent for a
// type it does not know. Bodies over webhook.DefaultMaxBodyBytes are refused
// (webhook.ErrBodyTooLarge), and every decoding failure wraps
// webhook.ErrInvalidPayload: a body that is not one JSON object, a missing
// or empty "type", an unreadable "created_at", or a known type whose "data"
// is missing or not shaped as documented. Numbers sent as strings and
// epoch-millisecond datetimes sent as ISO 8601 strings are accepted.
//
// InsertSign sends no event id, so ID() is webhook.BodyID(body): "sha256:" +
// the hex SHA-256 of the exact body, which lets webhook.WithDedupe drop a
// repeated delivery. The body is copied:
// Raw() stays valid if the caller reuses its buffer.
func ParseEvent(body []byte) (webhook.Event, error) {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return nil, fmt.Errorf("insertsign: body of %d bytes exceeds %d: %w: %w",
			len(body), webhook.DefaultMaxBodyBytes, webhook.ErrInvalidPayload, webhook.ErrBodyTooLarge)
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("insertsign: %w: body is not a JSON object", webhook.ErrInvalidPayload)
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("insertsign: %w: %w", webhook.ErrInvalidPayload, err)
	}
	if env.Type == nil || *env.Type == "" {
		return nil, fmt.Errorf("insertsign: %w: missing event type", webhook.ErrInvalidPayload)
	}
	typ := *env.Type
	raw := bytes.Clone(body)
	meta := webhook.NewMeta(ProviderName, typ, webhook.BodyID(body), env.CreatedAt.UTC(), raw, Lifecycle(typ))

	data := bytes.TrimSpace(env.Data)
	if !knownType(typ) {
		ev := &UnknownEvent{Meta: meta}
		if len(data) > 0 {
			ev.Data = json.RawMessage(bytes.Clone(data))
		}
		return ev, nil
	}
	if len(data) == 0 || data[0] != '{' {
		return nil, fmt.Errorf("insertsign: %w: %s: data is missing or not an object", webhook.ErrInvalidPayload, typ)
	}
	ev, err := decodeKnown(meta, typ, data)
	if err != nil {
		return nil, fmt.Errorf("insertsign: %w: %s: %w", webhook.ErrInvalidPayload, typ, err)
	}
	return ev, nil
}

func knownType(typ string) bool {
	switch typ {
	case TypeRequestSent, TypeRequestCompleted, TypeRequestArchived, TypeRequestDeleted,
		TypeContactCreated, TypeSignerSigned, TypeEmailDelivered, TypeEmailBounced, TypeEmailSpammed:
		return true
	}
	return false
}

func decodeKnown(meta webhook.Meta, typ string, data []byte) (webhook.Event, error) {
	switch typ {
	case TypeRequestSent, TypeRequestCompleted, TypeRequestArchived, TypeRequestDeleted:
		var d wireRequestData
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, err
		}
		req := Request{ID: d.RequestID, AccountID: d.AccountID}
		if d.Request != nil {
			req = d.Request.request(d.RequestID, d.AccountID)
		}
		switch typ {
		case TypeRequestSent:
			return &RequestSentEvent{Meta: meta, RequestID: d.RequestID, AccountID: d.AccountID, Request: req}, nil
		case TypeRequestCompleted:
			return &RequestCompletedEvent{Meta: meta, RequestID: d.RequestID, AccountID: d.AccountID, Request: req}, nil
		case TypeRequestArchived:
			return &RequestArchivedEvent{Meta: meta, RequestID: d.RequestID, AccountID: d.AccountID, Request: req}, nil
		default:
			return &RequestDeletedEvent{Meta: meta, RequestID: d.RequestID, AccountID: d.AccountID, Request: req}, nil
		}
	case TypeContactCreated:
		var c wireContact
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, err
		}
		return &ContactCreatedEvent{Meta: meta, Contact: c.contact()}, nil
	case TypeSignerSigned:
		var s wireSigning
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, err
		}
		return &SignerSignedEvent{Meta: meta, Signing: s.signing()}, nil
	default: // email.*
		var e Email
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		switch typ {
		case TypeEmailDelivered:
			return &EmailDeliveredEvent{Meta: meta, Email: e}, nil
		case TypeEmailBounced:
			return &EmailBouncedEvent{Meta: meta, Email: e}, nil
		default:
			return &EmailSpammedEvent{Meta: meta, Email: e}, nil
		}
	}
}

// parse adapts ParseEvent to webhook.ParseFunc.
func parse(_ http.Header, body []byte) (webhook.Event, error) { return ParseEvent(body) }
