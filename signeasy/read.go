package signeasy

import (
	"fmt"
	"reflect"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// This file reads a delivery in one pass with tolerant.Reader, which checks
// the body as it decodes it: no encoding/json validation pass first, no
// reflection, and data's exact bytes (RawData) come from the same reading.
// A value of the wrong kind keeps its zero value and is listed as a decode
// issue. Values are read as encoding/json reads them into these types (keys
// matched case-insensitively, null leaving a value as it is, a repeated
// member decoded again into the same value); TestReadMatchesEncodingJSON and
// FuzzReadMatchesEncodingJSON hold the two readings equal.

// wireEvent is one delivery as read: the envelope straight into the box of
// the typed event, the metadata beside it.
type wireEvent struct {
	box deliveryBox
	md  wireMetadata
	// data is the exact text of the (last) "data" member; nil when absent.
	data []byte
	// hasData: data is an object (decoded into box.Envelope); sources: it
	// has a "sources" member that is not null (a v2 delivery).
	hasData, sources bool
	// unreadable: metadata, or its token, is there but neither an object
	// (a string) nor null, so the token cannot be checked.
	unreadable bool
	// tokens are the offsets of every metadata.token value but null in the
	// body (a repeated member too), redacted from the event's Raw.
	tokens [][2]int
}

// metadataType is what a metadata member that is not an object misfits.
var metadataType = reflect.TypeFor[EventMetadata]()

// read reads a delivery; without envelope, only what the token check needs
// (metadata.token and whether data has sources) is decoded.
func (w *wireEvent) read(r *tolerant.Reader, envelope bool) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "data":
			// The last "data" counts, as for a *Envelope: objects merge;
			// null, or a value of another kind (kept raw: an unknown type's
			// data may be anything), drops what came before.
			isObject := r.Kind() == '{'
			start := r.Pos()
			switch {
			case isObject && envelope:
				readEnvelope(r, &w.box.Envelope, &w.sources)
			case isObject:
				r.Object(func(k []byte) {
					if string(k) == "sources" {
						w.sources = r.Kind() != 'n'
						r.Skip()
					}
				})
			default:
				r.Skip()
				w.box.Envelope, w.sources = Envelope{}, false
			}
			w.hasData = isObject
			w.data = r.Bytes(start)
		case "metadata":
			switch r.Kind() {
			case 'n':
				r.Skip()
				w.md = wireMetadata{}
			case '{':
				w.md.read(r, envelope, w)
			default:
				w.unreadable = true
				r.SkipMisfit(metadataType)
			}
		}
	})
}

// read reads the metadata object of w; without all, only the token.
func (m *wireMetadata) read(r *tolerant.Reader, all bool, w *wireEvent) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "token":
			switch r.Kind() {
			case '"':
				start := r.Pos()
				tolerant.ReadString(r, &m.Token)
				w.tokens = append(w.tokens, [2]int{start, r.Pos()})
			case 'n':
				r.Skip()
			default:
				w.unreadable = true
				start := r.Pos()
				tolerant.ReadString(r, &m.Token)
				w.tokens = append(w.tokens, [2]int{start, r.Pos()})
			}
		case "event_type":
			if all {
				tolerant.ReadString(r, &m.EventType)
			}
		case "event_user":
			if all {
				tolerant.ReadString(r, &m.EventUser)
			}
		case "event_user_id":
			if all {
				r.Unmarshal(&m.EventUserID)
			}
		case "client_id":
			if all {
				tolerant.ReadString(r, &m.ClientID)
			}
		}
	})
}

// check is the token check of a delivery read.
func (w *wireEvent) check(c *checker) error {
	if w.unreadable {
		return fmt.Errorf("%w: metadata.token is not a string", webhook.ErrMissingToken)
	}
	return c.check(w.md.Token, w.hasData && w.sources)
}

// readEnvelope reads an envelope object into e; sources reports whether it
// has sources (of any kind but null).
func readEnvelope(r *tolerant.Reader, e *Envelope, sources *bool) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "id":
			tolerant.ReadInt64(r, &e.ID)
		case "name":
			tolerant.ReadString(r, &e.Name)
		case "status":
			tolerant.ReadString(r, &e.Status)
		case "is_ordered":
			r.Unmarshal(&e.IsOrdered)
		case "is_in_person":
			r.Unmarshal(&e.IsInPerson)
		case "has_markers":
			r.Unmarshal(&e.HasMarkers)
		case "aadhaar_enabled":
			r.Unmarshal(&e.AadhaarEnabled)
		case "next":
			tolerant.ReadInt64(r, &e.Next)
		case "logo":
			tolerant.ReadString(r, &e.Logo)
		case "owner_user_id":
			tolerant.ReadInt64(r, &e.OwnerUserID)
		case "owner_email":
			tolerant.ReadString(r, &e.OwnerEmail)
		case "owner_first_name":
			tolerant.ReadString(r, &e.OwnerFirstName)
		case "owner_last_name":
			tolerant.ReadString(r, &e.OwnerLastName)
		case "owner_company":
			tolerant.ReadString(r, &e.OwnerCompany)
		case "created_time":
			r.Unmarshal(&e.CreatedTime)
		case "last_modified_time":
			r.Unmarshal(&e.LastModifiedTime)
		case "recipients":
			tolerant.ReadList(r, &e.Recipients, readRecipient)
		case "sources":
			*sources = r.Kind() != 'n'
			tolerant.ReadList(r, &e.Sources, readSource)
		case "is_envelope":
			r.Unmarshal(&e.IsEnvelope)
		case "is_embedded_signing":
			r.Unmarshal(&e.IsEmbeddedSigning)
		case "message":
			tolerant.ReadString(r, &e.Message)
		case "subject":
			tolerant.ReadString(r, &e.Subject)
		case "expiry_time":
			r.Unmarshal(&e.ExpiryTime)
		case "request_info":
			r.Unmarshal(&e.RequestInfo)
		case "signed_file_id":
			tolerant.ReadInt64(r, &e.SignedFileID)
		}
	})
}

func readRecipient(r *tolerant.Reader, p *Recipient) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "recipient_id":
			tolerant.ReadInt64(r, &p.RecipientID)
		case "recipient_user_id":
			tolerant.ReadInt64(r, &p.RecipientUserID)
		case "email":
			tolerant.ReadString(r, &p.Email)
		case "first_name":
			tolerant.ReadString(r, &p.FirstName)
		case "last_name":
			tolerant.ReadString(r, &p.LastName)
		case "order_id":
			tolerant.ReadInt(r, &p.OrderID)
		case "status":
			tolerant.ReadString(r, &p.Status)
		case "created_time":
			r.Unmarshal(&p.CreatedTime)
		case "last_modified_time":
			r.Unmarshal(&p.LastModifiedTime)
		}
	})
}

func readSource(r *tolerant.Reader, s *Source) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "id":
			tolerant.ReadInt64(r, &s.ID)
		case "type":
			tolerant.ReadString(r, &s.Type)
		case "name":
			tolerant.ReadString(r, &s.Name)
		case "source_id":
			tolerant.ReadInt(r, &s.SourceID)
		}
	})
}

// redacted returns body with every metadata.token value of w replaced by
// "[REDACTED]": the event's Raw, which users store and log, never carries
// the callback token, and the event's ID is a digest of it, so ParseEvent
// of a stored Raw gives the ID the delivery had (a body without a token is
// returned as it is, no copy).
func (w *wireEvent) redacted(body []byte) []byte {
	if len(w.tokens) == 0 {
		return body
	}
	out := make([]byte, 0, len(body)+len(w.tokens)*len(webhook.Redacted))
	last := 0
	for _, t := range w.tokens {
		out = append(out, body[last:t[0]]...)
		out = append(out, `"`+webhook.Redacted+`"`...)
		last = t[1]
	}
	return append(out, body[last:]...)
}
