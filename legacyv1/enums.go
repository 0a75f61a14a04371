package legacyv1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/esignkit/esign/webhook"

	"github.com/esignkit/esign/internal/jsonscan"
)

// DocumentStatus is a signing document's status (DocumentStatusEnum).
type DocumentStatus int

// Document statuses.
const (
	DocumentCreated        DocumentStatus = 10 // initial state; signer statuses tell sent/unsent
	DocumentFieldsComplete DocumentStatus = 20 // every field completed
	DocumentSigned         DocumentStatus = 30 // fully signed (final PDF created)
	DocumentRemoved        DocumentStatus = 40 // removed (voided/archived) before signing
	DocumentRejected       DocumentStatus = 50 // a signer rejected it
)

var documentStatusNames = map[DocumentStatus]string{
	DocumentCreated:        "created",
	DocumentFieldsComplete: "fields_complete",
	DocumentSigned:         "signed",
	DocumentRemoved:        "removed",
	DocumentRejected:       "rejected",
}

// String returns the status name ("signed"), or "DocumentStatus(n)".
func (s DocumentStatus) String() string {
	if n, ok := documentStatusNames[s]; ok {
		return n
	}
	return "DocumentStatus(" + strconv.Itoa(int(s)) + ")"
}

// Known reports whether s is one of the documented statuses.
func (s DocumentStatus) Known() bool { _, ok := documentStatusNames[s]; return ok }

// Lifecycle maps the status to the provider-neutral stage: 10 → Created,
// 30 → Completed, 40 → Cancelled, 50 → Declined, anything else → Other.
func (s DocumentStatus) Lifecycle() webhook.Lifecycle {
	switch s {
	case DocumentCreated:
		return webhook.Created
	case DocumentSigned:
		return webhook.Completed
	case DocumentRemoved:
		return webhook.Cancelled
	case DocumentRejected:
		return webhook.Declined
	}
	return webhook.Other
}

// UnmarshalJSON accepts a number, a numeric string or null.
func (s *DocumentStatus) UnmarshalJSON(b []byte) error {
	n, err := lenientInt(b)
	*s = DocumentStatus(n)
	return err
}

// SignerStatus is a signer's status (SignerStatusEnum).
type SignerStatus int

// Signer statuses.
const (
	SignerUnsent                        SignerStatus = 4  // not sent yet
	SignerScheduled                     SignerStatus = 5  // scheduled to be sent
	SignerSent                          SignerStatus = 10 // sent
	SignerEmailOpened                   SignerStatus = 15 // email opened
	SignerVisited                       SignerStatus = 20 // visited the signing page
	SignerFieldsComplete                SignerStatus = 30 // fields completed
	SignerFieldsCompleteExceptSignature SignerStatus = 35 // fields completed except the signature
	SignerAwaitingWitness               SignerStatus = 39 // waiting for a witness to complete
	SignerSigned                        SignerStatus = 40 // signed
	SignerDownloaded                    SignerStatus = 50 // downloaded the signed document
	SignerRejected                      SignerStatus = 60 // rejected
)

var signerStatusNames = map[SignerStatus]string{
	SignerUnsent:                        "unsent",
	SignerScheduled:                     "scheduled",
	SignerSent:                          "sent",
	SignerEmailOpened:                   "email_opened",
	SignerVisited:                       "visited",
	SignerFieldsComplete:                "fields_complete",
	SignerFieldsCompleteExceptSignature: "fields_complete_except_signature",
	SignerAwaitingWitness:               "awaiting_witness",
	SignerSigned:                        "signed",
	SignerDownloaded:                    "downloaded",
	SignerRejected:                      "rejected",
}

// String returns the status name ("signed"), or "SignerStatus(n)".
func (s SignerStatus) String() string {
	if n, ok := signerStatusNames[s]; ok {
		return n
	}
	return "SignerStatus(" + strconv.Itoa(int(s)) + ")"
}

// Known reports whether s is one of the documented statuses.
func (s SignerStatus) Known() bool { _, ok := signerStatusNames[s]; return ok }

// HasSigned reports whether the signer has signed (40) or downloaded the
// signed document (50).
func (s SignerStatus) HasSigned() bool { return s == SignerSigned || s == SignerDownloaded }

// Lifecycle maps the status to the provider-neutral stage: 4/5 → Created,
// 10 → Sent, 15/20 → Viewed, 40 → Signed, 60 → Declined, anything else
// (fields completed, awaiting witness, downloaded) → Other. Downloaded (50)
// follows Signed and is deliberately Other, so one signature is not reported
// twice.
func (s SignerStatus) Lifecycle() webhook.Lifecycle {
	switch s {
	case SignerUnsent, SignerScheduled:
		return webhook.Created
	case SignerSent:
		return webhook.Sent
	case SignerEmailOpened, SignerVisited:
		return webhook.Viewed
	case SignerSigned:
		return webhook.Signed
	case SignerRejected:
		return webhook.Declined
	}
	return webhook.Other
}

// UnmarshalJSON accepts a number, a numeric string or null.
func (s *SignerStatus) UnmarshalJSON(b []byte) error {
	n, err := lenientInt(b)
	*s = SignerStatus(n)
	return err
}

// Permission is a group member's permission (PermissionsEnum).
type Permission int

// Member permissions.
const (
	PermissionAdmin          Permission = 1 // administrator
	PermissionTeamCreateSend Permission = 2 // team docs visible, create and send
	PermissionTeamSend       Permission = 3 // team docs visible, send only
	PermissionSoloSend       Permission = 4 // no team sent docs visible, send only
	PermissionSoloCreateSend Permission = 5 // no team docs visible, create and send
	PermissionTeamReadOnly   Permission = 6 // team docs visible, read only
)

var permissionNames = map[Permission]string{
	PermissionAdmin:          "admin",
	PermissionTeamCreateSend: "team_create_send",
	PermissionTeamSend:       "team_send",
	PermissionSoloSend:       "solo_send",
	PermissionSoloCreateSend: "solo_create_send",
	PermissionTeamReadOnly:   "team_read_only",
}

// String returns the permission name, or "Permission(n)".
func (p Permission) String() string {
	if n, ok := permissionNames[p]; ok {
		return n
	}
	return "Permission(" + strconv.Itoa(int(p)) + ")"
}

// UnmarshalJSON accepts a number, a numeric string or null.
func (p *Permission) UnmarshalJSON(b []byte) error {
	n, err := lenientInt(b)
	*p = Permission(n)
	return err
}

// Notify is the callback type requested with Subscriptions.Subscribe.
type Notify string

// Callback types.
const (
	NotifyAll      Notify = "all"      // every status change, batched every 6 minutes (signed form POST)
	NotifySigned   Notify = "signed"   // a document was signed (final PDF created)
	NotifySent     Notify = "sent"     // a document was sent
	NotifyRejected Notify = "rejected" // a document was rejected
	NotifyRealtime Notify = "realtime" // realtime JSON events (see EventFilter)
)

// NotifyWhen is the numeric callback type reported by Subscriptions.List.
type NotifyWhen int

// Numeric callback types.
const (
	NotifyWhenAll      NotifyWhen = 1  // every 6 minutes
	NotifyWhenSigned   NotifyWhen = 2  // upon signing
	NotifyWhenSent     NotifyWhen = 3  // sent
	NotifyWhenRejected NotifyWhen = 4  // rejected
	NotifyWhenRealtime NotifyWhen = 10 // realtime
)

// Notify returns the subscription name of n ("" when unknown).
func (n NotifyWhen) Notify() Notify {
	switch n {
	case NotifyWhenAll:
		return NotifyAll
	case NotifyWhenSigned:
		return NotifySigned
	case NotifyWhenSent:
		return NotifySent
	case NotifyWhenRejected:
		return NotifyRejected
	case NotifyWhenRealtime:
		return NotifyRealtime
	}
	return ""
}

// String returns the subscription name, or "NotifyWhen(n)".
func (n NotifyWhen) String() string {
	if s := n.Notify(); s != "" {
		return string(s)
	}
	return "NotifyWhen(" + strconv.Itoa(int(n)) + ")"
}

// UnmarshalJSON accepts a number, a numeric string or null.
func (n *NotifyWhen) UnmarshalJSON(b []byte) error {
	v, err := lenientInt(b)
	*n = NotifyWhen(v)
	return err
}

// EventFilter narrows realtime callbacks (WebhookEventFilterEnum). The empty
// filter means every event.
type EventFilter string

// Event filters.
const (
	FilterAll                     EventFilter = ""
	FilterDocumentAll             EventFilter = "document.*"
	FilterDocumentCreated         EventFilter = "document.created"
	FilterDocumentRejected        EventFilter = "document.rejected"
	FilterDocumentFinalPDFCreated EventFilter = "document.finalPdfCreated"
	FilterRecipientAll            EventFilter = "recipient.*"
	FilterRecipientCompleted      EventFilter = "recipient.completed"
	FilterRecipientRejected       EventFilter = "recipient.rejected"
	FilterRecipientEmailOpened    EventFilter = "recipient.emailOpened"
	FilterRecipientVisiting       EventFilter = "recipient.visiting"
	FilterRecipientBounced        EventFilter = "recipient.bounced"
)

// ElementType is a PDF field's kind.
type ElementType string

// PDF field kinds.
const (
	ElementSignature ElementType = "signature" // signature field
	ElementInitials  ElementType = "initials"  // initials field
	ElementText      ElementType = "text"      // signer field
	ElementAdmin     ElementType = "admin"     // sender field, filled with pdftext when sending
)

// FieldValidation is a PDF field's type/validation code (PdfFieldValidationEnum:
// 1 email, 2–19 dates, 20 dropdown, 24–26 checkboxes, 30–48 automatic dates,
// 50–72 numbers and lengths, 73 secret code, 74–76 file attachments, 77–79
// case, 80–85 month/year, 90 drawn, 91 countries, 92 honorifics).
type FieldValidation int

// UnmarshalJSON accepts a number, a numeric string, null or "None".
func (v *FieldValidation) UnmarshalJSON(b []byte) error {
	n, err := lenientInt(b)
	*v = FieldValidation(n)
	return err
}

// lenientInt decodes a JSON number, a numeric string, null, "" or "None".
func lenientInt(b []byte) (int, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return 0, nil
	}
	if n, ok := jsonscan.Int(b); ok && n == int64(int(n)) { // the common case, without a second parse
		return int(n), nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
		if s == "" || s == "None" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("legacyv1: %q is not an integer", s)
		}
		return n, nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return 0, fmt.Errorf("legacyv1: %s is not an integer", b)
	}
	if f > 1<<53 || f < -(1<<53) || f != float64(int(f)) {
		return 0, fmt.Errorf("legacyv1: %s is not an integer", b)
	}
	return int(f), nil
}
