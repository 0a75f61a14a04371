package insertsigntest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/esignkit/esign/insertsign"
)

// Values of InsertSign's documentation samples, used when no option
// overrides them.
const (
	DefaultRequestID = "-N1hyGTaCNaIjJrkReq"
	DefaultAccountID = "-Ne_JQph4vWOYBw03Co"
	DefaultTitle     = "NDA for Acme"
)

// DefaultCreatedAt is the samples' created_at, 2024-04-28T04:33:06.277Z.
var DefaultCreatedAt = time.Date(2024, 4, 28, 4, 33, 6, 277e6, time.UTC)

// Doc sample values not exposed as constants.
var (
	docSentDate   = time.UnixMilli(1698640152432).UTC()
	docSignedAt   = time.UnixMilli(1712595976304).UTC()
	docSender     = insertsign.Sender{ID: "1cnViVnv6W6Aqrkkm_x8", Name: "John Doe", Email: "john.doe@acme.com"}
	docJohn       = Signer{ID: "-NeD5nNcbr-nViVjjp", Email: "example@gmail.com", Name: "John Doe"}
	docJohnCEO    = Signer{ID: "-NeD5nNcbr-nViVjjp", Email: "example@gmail.com", Name: "John Doe", Label: "CEO"}
	docJane       = Signer{ID: "-exampleJCDqrO1ZzuAPJCDW", Email: "jane.smith@gmail.com", Name: "Jane Smith", Company: "Acme LLC", CreatedAt: time.UnixMilli(1689893924614).UTC(), Timestamp: -1689893923878}
	docContact    = Signer{ID: "-NeD5nNcbr-nViVjjp", Email: "example@gmail.com", Name: "John Doe", Label: "CEO", Company: "Acme", CreatedAt: time.UnixMilli(1712595976304).UTC()}
	docNDASubject = "NDA for Acme - Signature requested by John Doe"
	docOverdue    = "Overdue: information request for Approval Questionnaire"
)

// Signer describes a participant in a built delivery: a signer of a
// request, the signer of signer.signed, the contact of contact.created or
// the recipient (Email) of an email.* event. Empty fields are left out of
// the JSON, as in InsertSign's samples.
type Signer struct {
	// ID is the signer (or contact) id; it keys data.request.signers.
	ID string
	// Email is the email address (the recipient of email.* events).
	Email string
	// Name is the participant's name.
	Name string
	// Label is the job title or role, e.g. "CEO".
	Label string
	// Company is the participant's company.
	Company string
	// CreatedAt becomes created_at (epoch ms) when set.
	CreatedAt time.Time
	// Timestamp becomes the undocumented "timestamp" value when non-zero.
	Timestamp int64
}

// Option changes a value in the built delivery.
type Option func(*sample)

type sample struct {
	createdAt *time.Time
	requestID *string
	accountID *string
	title     *string
	subject   *string
	status    *insertsign.RequestStatus
	sender    *insertsign.Sender
	signers   []Signer
	signersOK bool
	signer    *Signer
	signedAt  *time.Time
}

// WithCreatedAt sets the delivery's created_at (every event type).
func WithCreatedAt(t time.Time) Option { return func(s *sample) { s.createdAt = &t } }

// WithRequestID sets data.request_id (request.*, signer.signed, email.*).
func WithRequestID(id string) Option { return func(s *sample) { s.requestID = &id } }

// WithAccountID sets data.account_id (every event type).
func WithAccountID(id string) Option { return func(s *sample) { s.accountID = &id } }

// WithTitle sets the request's title (request.*). Unless WithSubject is
// given, email.* subjects become "<title> - Signature requested by <sender name>".
func WithTitle(title string) Option { return func(s *sample) { s.title = &title } }

// WithSubject sets the email subject (email.*).
func WithSubject(subject string) Option { return func(s *sample) { s.subject = &subject } }

// WithStatus sets the request's status (request.*), e.g. the status a
// request.deleted request had before deletion.
func WithStatus(status insertsign.RequestStatus) Option {
	return func(s *sample) { s.status = &status }
}

// WithSender sets the request's sender (request.*).
func WithSender(sender insertsign.Sender) Option { return func(s *sample) { s.sender = &sender } }

// WithSigners sets the request's signers (request.*). request.sent lists
// them in this order in signer_order; request.completed marks them signed.
func WithSigners(signers ...Signer) Option {
	return func(s *sample) { s.signers, s.signersOK = append([]Signer(nil), signers...), true }
}

// WithSigner sets the participant of signer.signed and contact.created, and
// the recipient (Signer.Email) of email.* events.
func WithSigner(signer Signer) Option { return func(s *sample) { s.signer = &signer } }

// WithSignedAt sets signer.signed's signed_at.
func WithSignedAt(t time.Time) Option { return func(s *sample) { s.signedAt = &t } }

func build(opts []Option) sample {
	var s sample
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

func or[T any](p *T, def T) T {
	if p != nil {
		return *p
	}
	return def
}

// Body builds a delivery of any type, e.g. one this SDK does not know yet:
// {"created_at": createdAt (ISO 8601, ms, UTC), "data": data, "type": eventType}.
// A zero createdAt is DefaultCreatedAt. It fails only when data cannot be
// encoded as JSON.
func Body(eventType string, createdAt time.Time, data any) ([]byte, error) {
	if createdAt.IsZero() {
		createdAt = DefaultCreatedAt
	}
	b, err := json.Marshal(struct {
		CreatedAt string `json:"created_at"`
		Data      any    `json:"data"`
		Type      string `json:"type"`
	}{createdAt.UTC().Format("2006-01-02T15:04:05.000Z07:00"), data, eventType})
	if err != nil {
		return nil, fmt.Errorf("insertsigntest: encoding %s delivery: %w", eventType, err)
	}
	return b, nil
}

// body is Body for this package's own data types (strings, integers and
// maps of them), which always encode.
func body(eventType string, createdAt time.Time, data any) []byte {
	b, _ := Body(eventType, createdAt, data)
	return b
}

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

type wireSigner struct {
	Company   string `json:"company,omitempty"`
	CreatedAt int64  `json:"created_at,omitempty"`
	ID        string `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Label     string `json:"label,omitempty"`
	Status    string `json:"status,omitempty"`
	Type      string `json:"type,omitempty"`
	Timestamp int64  `json:"timestamp,omitempty"`
}

type wireRequest struct {
	Signers     map[string]wireSigner `json:"signers"`
	SignerOrder []string              `json:"signer_order,omitempty"`
	Progress    int                   `json:"progress"`
	SentDate    int64                 `json:"sent_date"`
	Status      string                `json:"status"`
	Title       string                `json:"title"`
	Sender      insertsign.Sender     `json:"sender"`
}

type requestData struct {
	RequestID string      `json:"request_id"`
	AccountID string      `json:"account_id"`
	Request   wireRequest `json:"request"`
}

// request builds a request.* body; defaults are the doc sample's values.
func request(eventType string, opts []Option, defSigners []Signer, status insertsign.RequestStatus,
	progress int, signed, withOrder bool) []byte {
	s := build(opts)
	signers := defSigners
	if s.signersOK {
		signers = s.signers
	}
	r := wireRequest{
		Signers:  make(map[string]wireSigner, len(signers)),
		Progress: progress,
		SentDate: millis(docSentDate),
		Status:   string(or(s.status, status)),
		Title:    or(s.title, DefaultTitle),
		Sender:   or(s.sender, docSender),
	}
	for _, sg := range signers {
		w := wireSigner{ID: sg.ID, Email: sg.Email, Name: sg.Name, Label: sg.Label, Company: sg.Company,
			CreatedAt: millis(sg.CreatedAt), Timestamp: sg.Timestamp}
		if signed {
			w.Status, w.Type = string(insertsign.SignerStatusSigned), string(insertsign.SignerTypeRequestSigner)
		}
		r.Signers[sg.ID] = w
		if withOrder {
			r.SignerOrder = append(r.SignerOrder, sg.ID)
		}
	}
	if withOrder && r.SignerOrder == nil {
		r.SignerOrder = []string{}
	}
	return body(eventType, or(s.createdAt, DefaultCreatedAt), requestData{
		RequestID: or(s.requestID, DefaultRequestID),
		AccountID: or(s.accountID, DefaultAccountID),
		Request:   r,
	})
}

// RequestSent builds a request.sent delivery (the only one with
// signer_order). Default: the documentation's sample (Jane Smith, then
// John Doe, progress 0, status "sent").
func RequestSent(opts ...Option) []byte {
	return request(string(insertsign.EventRequestSent), opts, []Signer{docJane, docJohnCEO}, insertsign.RequestSent, 0, false, true)
}

// RequestCompleted builds a request.completed delivery; its signers carry
// status "signed" and type "type_signer". Default: the documentation's sample.
func RequestCompleted(opts ...Option) []byte {
	return request(string(insertsign.EventRequestCompleted), opts, []Signer{docJohn}, insertsign.RequestComplete, 100, true, false)
}

// RequestArchived builds a request.archived delivery. Default: the
// documentation's sample.
func RequestArchived(opts ...Option) []byte {
	return request(string(insertsign.EventRequestArchived), opts, []Signer{docJohnCEO}, insertsign.RequestArchived, 100, false, false)
}

// RequestDeleted builds a request.deleted delivery, carrying the request as
// it was before deletion (WithStatus sets that last status). Default: the
// documentation's sample (status "archived").
func RequestDeleted(opts ...Option) []byte {
	return request(string(insertsign.EventRequestDeleted), opts, []Signer{docJohn}, insertsign.RequestArchived, 100, false, false)
}

// ContactCreated builds a contact.created delivery for WithSigner's
// participant (its CreatedAt becomes data.created_at). Default: the
// documentation's sample.
func ContactCreated(opts ...Option) []byte {
	s := build(opts)
	c := or(s.signer, docContact)
	createdAt := c.CreatedAt
	if createdAt.IsZero() {
		createdAt = docContact.CreatedAt
	}
	return body(string(insertsign.EventContactCreated), or(s.createdAt, DefaultCreatedAt), struct {
		Email     string `json:"email"`
		Name      string `json:"name"`
		Label     string `json:"label"`
		Company   string `json:"company"`
		ID        string `json:"id"`
		AccountID string `json:"account_id"`
		CreatedAt int64  `json:"created_at"`
	}{c.Email, c.Name, c.Label, c.Company, c.ID, or(s.accountID, DefaultAccountID), millis(createdAt)})
}

// SignerSigned builds a signer.signed delivery for WithSigner's participant
// (type "signer", desktop, 127.0.0.1). Default: the documentation's sample.
func SignerSigned(opts ...Option) []byte {
	s := build(opts)
	sg := or(s.signer, docJohn)
	return body(string(insertsign.EventSignerSigned), or(s.createdAt, DefaultCreatedAt), struct {
		Email     string `json:"email"`
		Name      string `json:"name"`
		Type      string `json:"type"`
		Device    string `json:"device"`
		IP        string `json:"ip"`
		SignedAt  int64  `json:"signed_at"`
		RequestID string `json:"request_id"`
		ID        string `json:"id"`
		AccountID string `json:"account_id"`
	}{sg.Email, sg.Name, string(insertsign.SignerTypeSigner), string(insertsign.DeviceDesktop), "127.0.0.1",
		millis(or(s.signedAt, docSignedAt)), or(s.requestID, DefaultRequestID), sg.ID, or(s.accountID, DefaultAccountID)})
}

func email(eventType, defSubject string, opts []Option) []byte {
	s := build(opts)
	subject := defSubject
	if s.title != nil {
		subject = *s.title + " - Signature requested by " + or(s.sender, docSender).Name
	}
	return body(eventType, or(s.createdAt, DefaultCreatedAt), insertsign.Email{
		Subject:   or(s.subject, subject),
		To:        or(s.signer, docJohn).Email,
		RequestID: or(s.requestID, DefaultRequestID),
		AccountID: or(s.accountID, DefaultAccountID),
	})
}

// EmailDelivered builds an email.delivered delivery to WithSigner's Email.
// Default: the documentation's sample.
func EmailDelivered(opts ...Option) []byte {
	return email(string(insertsign.EventEmailDelivered), docNDASubject, opts)
}

// EmailBounced builds an email.bounced delivery to WithSigner's Email.
// Default: the documentation's sample.
func EmailBounced(opts ...Option) []byte {
	return email(string(insertsign.EventEmailBounced), docOverdue, opts)
}

// EmailSpammed builds an email.spammed delivery to WithSigner's Email.
// Default: the documentation's sample.
func EmailSpammed(opts ...Option) []byte {
	return email(string(insertsign.EventEmailSpammed), docNDASubject, opts)
}

// Delivery is one built delivery and its event type.
type Delivery struct {
	// Type is the event type, e.g. "request.sent".
	Type string
	// Body is the JSON body to Send.
	Body []byte
}

// All builds one delivery of every documented type, in the documentation's
// order, with the same options.
func All(opts ...Option) []Delivery {
	return []Delivery{
		{string(insertsign.EventRequestSent), RequestSent(opts...)},
		{string(insertsign.EventRequestCompleted), RequestCompleted(opts...)},
		{string(insertsign.EventRequestArchived), RequestArchived(opts...)},
		{string(insertsign.EventRequestDeleted), RequestDeleted(opts...)},
		{string(insertsign.EventContactCreated), ContactCreated(opts...)},
		{string(insertsign.EventSignerSigned), SignerSigned(opts...)},
		{string(insertsign.EventEmailDelivered), EmailDelivered(opts...)},
		{string(insertsign.EventEmailBounced), EmailBounced(opts...)},
		{string(insertsign.EventEmailSpammed), EmailSpammed(opts...)},
	}
}
