package insertsign

import (
	"fmt"
	"sort"
	"time"

	"github.com/esignkit/esign/internal/timeutil"
)

// RequestStatus is the status of a signature request ("What do the Request
// statuses mean?" in InsertSign's documentation). Other values may appear;
// compare with the constants and treat anything else as unknown.
type RequestStatus string

// Request statuses seen in InsertSign's webhook documentation.
const (
	RequestDraft    RequestStatus = "draft"    // not sent yet (request.sent fires when it leaves draft)
	RequestSent     RequestStatus = "sent"     // out for signature
	RequestComplete RequestStatus = "complete" // every signer signed (request.completed)
	RequestArchived RequestStatus = "archived" // archived (request.archived; also seen on request.deleted)
)

// SignerStatus is a signer's status inside a request.
type SignerStatus string

// Signer statuses seen in InsertSign's webhook documentation.
const (
	SignerStatusSigned SignerStatus = "signed"
)

// SignerType is the kind of participant. InsertSign uses "signer" and
// "sender" in signer.signed deliveries and "type_signer" for the signers
// listed inside a request (request.completed).
type SignerType string

// Signer types seen in InsertSign's webhook documentation.
const (
	SignerTypeSigner        SignerType = "signer"      // signer.signed: a recipient signed
	SignerTypeSender        SignerType = "sender"      // signer.signed: the sender signed
	SignerTypeRequestSigner SignerType = "type_signer" // request.*: a signer of the request
)

// Device is the kind of device a signer signed on (signer.signed).
type Device string

// Devices documented for signer.signed.
const (
	DeviceDesktop Device = "desktop"
	DeviceMobile  Device = "mobile"
	DeviceTablet  Device = "tablet"
)

// Request is the signature request carried by request.* deliveries
// (data.request, plus data.request_id as ID and data.account_id as AccountID).
type Request struct {
	// ID is data.request_id; the request object itself carries no id.
	ID string
	// AccountID is data.account_id: the InsertSign account.
	AccountID string
	// Title is the name of the request.
	Title string
	// Status is the request's status at the time of the event.
	Status RequestStatus
	// Progress is the completion in percent (0 to 100).
	Progress Progress
	// SentDate is when the request was first finalized and sent (zero if absent).
	SentDate time.Time
	// Sender is the user or team member who sent the request.
	Sender Sender
	// Signers lists every signer in signing order: the order of SignerOrder
	// when InsertSign sends it (request.sent only), otherwise sorted by
	// signer id (InsertSign's ids look like Firebase push ids, which sort
	// by creation time, but that is not documented). Signers that appear in
	// the map but not in SignerOrder follow, sorted by id. The elements are
	// the same pointers as in SignersByID.
	Signers []*Signer
	// SignersByID is data.request.signers as sent: signers keyed by id.
	SignersByID map[string]*Signer
	// SignerOrder is data.request.signer_order as sent (request.sent only;
	// nil otherwise). It may name ids absent from SignersByID; Signers
	// skips those.
	SignerOrder []string
}

// Signer returns the signer with the given id, or nil.
func (r *Request) Signer(id string) *Signer { return r.SignersByID[id] }

// Sender is the InsertSign user who sent a request.
type Sender struct {
	// ID identifies the InsertSign user.
	ID string `json:"id"`
	// Name is the user's name.
	Name string `json:"name"`
	// Email is the user's email address.
	Email string `json:"email"`
}

// Signer is one entry of data.request.signers. The documented fields are
// id, email, name, label and company; status, type, created_at and
// timestamp appear in the samples depending on the event.
type Signer struct {
	// ID identifies the signer (the map key when the entry has no id).
	ID string
	// Email is the signer's email address.
	Email string
	// Name is the signer's name.
	Name string
	// Label is the signer's job title or role, e.g. "CEO".
	Label string
	// Company is the signer's company ("" when none was given).
	Company string
	// Status is the signer's status, e.g. SignerStatusSigned (request.completed).
	Status SignerStatus
	// Type is the participant kind, e.g. SignerTypeRequestSigner.
	Type SignerType
	// CreatedAt is when the signer (contact) was created (zero if absent).
	CreatedAt time.Time
	// Timestamp is the undocumented "timestamp" value kept as sent. The
	// documentation's sample carries a negative epoch-millisecond value
	// (apparently a reverse sort key); it is not interpreted.
	Timestamp int64
}

type wireSigner struct {
	wirePerson
	Status    SignerStatus `json:"status"`
	Type      SignerType   `json:"type"`
	Timestamp rawInt       `json:"timestamp"`
}

// wirePerson is what a signer and a contact (wireContact) carry alike.
type wirePerson struct {
	ID        string          `json:"id"`
	Email     string          `json:"email"`
	Name      string          `json:"name"`
	Label     string          `json:"label"`
	Company   string          `json:"company"`
	CreatedAt timeutil.Millis `json:"created_at"`
}

// wireRequest is data.request. signers is an object keyed by signer id;
// an array of signer objects is accepted too (readSigners).
type wireRequest struct {
	Signers     map[string]*wireSigner `json:"signers"`
	SignerOrder []string               `json:"signer_order"`
	Progress    Progress               `json:"progress"`
	SentDate    timeutil.Millis        `json:"sent_date"`
	Status      RequestStatus          `json:"status"`
	Title       string                 `json:"title"`
	Sender      Sender                 `json:"sender"`
}

// signersByID keys a list of signers by id (by position when they have
// none).
func signersByID(list []*wireSigner) map[string]*wireSigner {
	m := make(map[string]*wireSigner, len(list))
	for i, s := range list {
		if s == nil {
			continue
		}
		key := s.ID
		if key == "" {
			key = fmt.Sprint(i)
		}
		m[key] = s
	}
	return m
}

func (w *wireRequest) request(id, accountID string) Request {
	r := Request{
		ID:          id,
		AccountID:   accountID,
		Title:       w.Title,
		Status:      w.Status,
		Progress:    w.Progress,
		SentDate:    w.SentDate.Time.Time,
		SignerOrder: w.SignerOrder,
	}
	r.Sender = w.Sender
	if w.Signers != nil {
		r.SignersByID = make(map[string]*Signer, len(w.Signers))
	}
	for key, ws := range w.Signers {
		if ws == nil {
			ws = &wireSigner{}
		}
		s := &Signer{
			ID: ws.ID, Email: ws.Email, Name: ws.Name, Label: ws.Label, Company: ws.Company,
			Status: ws.Status, Type: ws.Type, CreatedAt: ws.CreatedAt.Time.Time, Timestamp: int64(ws.Timestamp),
		}
		if s.ID == "" {
			s.ID = key
		}
		r.SignersByID[key] = s
	}
	r.Signers = orderSigners(r.SignersByID, r.SignerOrder)
	return r
}

// orderSigners lists byID in the order of order (ids absent from byID and
// repeated ids are skipped), then the remaining keys sorted bytewise.
func orderSigners(byID map[string]*Signer, order []string) []*Signer {
	switch len(byID) {
	case 0:
		return nil
	case 1:
		for _, s := range byID {
			return []*Signer{s}
		}
	}
	out := make([]*Signer, 0, len(byID))
	seen := make(map[string]bool, len(byID))
	for _, id := range order {
		if s, ok := byID[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, s)
		}
	}
	rest := make([]string, 0, len(byID)-len(out))
	for k := range byID {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, byID[k])
	}
	return out
}
