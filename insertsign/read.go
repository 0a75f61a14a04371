package insertsign

import (
	"bytes"
	"reflect"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
)

// This file reads a delivery of a known type in one pass with
// tolerant.Reader, which checks the body as it decodes it (no
// encoding/json validation pass first, no reflection): data goes straight
// into the wire type of its type. A value of the wrong kind keeps its zero
// value and is listed as a decode issue. Values are read as encoding/json
// reads them into the wire types (keys matched case-insensitively, null
// leaving a value as it is, a repeated member decoded again into the same
// value), except that signers may also be an array;
// TestReadMatchesEncodingJSON and FuzzReadMatchesEncodingJSON hold the two
// readings equal.

// knownTypes is every type decodeKnown reads (EventType.Known).
var knownTypes = [...]EventType{
	EventRequestSent, EventRequestCompleted, EventRequestArchived, EventRequestDeleted, EventContactCreated,
	EventSignerSigned, EventEmailDelivered, EventEmailBounced, EventEmailSpammed,
}

// knownType returns the known type the JSON string raw names, without
// allocating for a plain one.
func knownType(raw []byte) (EventType, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	name := raw[1 : len(raw)-1]
	for _, t := range knownTypes {
		if string(name) == string(t) {
			return t, true
		}
	}
	if bytes.IndexByte(name, '\\') >= 0 { // escaped: rare, unquoted the long way
		if s, err := jsonscan.Unquote(raw); err == nil && EventType(s).Known() {
			return EventType(s), true
		}
	}
	return "", false
}

// known is a delivery of a known type as read.
type known struct {
	at  timeutil.Time
	typ string
	// hasData: the (last) "data" is an object, read into the field of its
	// type below.
	hasData bool
	request wireRequestData
	contact wireContact
	signing wireSigning
	email   Email
}

// read reads a delivery, data as typ's.
func (k *known) read(r *tolerant.Reader, typ EventType) {
	r.Object(func(key []byte) {
		switch string(key) {
		case "created_at":
			r.Unmarshal(&k.at)
		case "type":
			tolerant.ReadString(r, &k.typ)
		case "data":
			// The last "data" counts, as for a *T: objects merge; null,
			// or a value of another kind, drops what came before.
			k.hasData = r.Kind() == '{'
			if !k.hasData {
				r.Skip()
				k.request, k.contact, k.signing, k.email = wireRequestData{}, wireContact{}, wireSigning{}, Email{}
				return
			}
			switch typ {
			case EventRequestSent, EventRequestCompleted, EventRequestArchived, EventRequestDeleted:
				k.request.read(r)
			case EventContactCreated:
				k.contact.read(r)
			case EventSignerSigned:
				k.signing.read(r)
			default:
				readEmail(r, &k.email)
			}
		}
	})
}

func (w *wireRequestData) read(r *tolerant.Reader) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "request_id":
			tolerant.ReadString(r, &w.RequestID)
		case "account_id":
			tolerant.ReadString(r, &w.AccountID)
		case "request":
			w.Request.read(r)
		}
	})
}

func (w *wireRequest) read(r *tolerant.Reader) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "signers":
			readSigners(r, &w.Signers)
		case "signer_order":
			tolerant.ReadList(r, &w.SignerOrder, tolerant.ReadString[string])
		case "progress":
			r.Unmarshal(&w.Progress)
		case "sent_date":
			r.Unmarshal(&w.SentDate)
		case "status":
			tolerant.ReadString(r, &w.Status)
		case "title":
			tolerant.ReadString(r, &w.Title)
		case "sender":
			r.Object(func(k []byte) {
				switch string(k) {
				case "id":
					tolerant.ReadString(r, &w.Sender.ID)
				case "name":
					tolerant.ReadString(r, &w.Sender.Name)
				case "email":
					tolerant.ReadString(r, &w.Sender.Email)
				}
			})
		}
	})
}

var (
	signerType  = reflect.TypeFor[wireSigner]()
	signersType = reflect.TypeFor[map[string]*wireSigner]()
)

// readSigners reads data.request.signers: an object keyed by signer id, or
// an array of signers (keyed by their id, or by position). An object adds
// to the signers read before, an array replaces them; a signer that is not an object is
// listed and keeps its key (nil: a signer with only its id) in an object,
// and is left out of an array.
func readSigners(r *tolerant.Reader, m *map[string]*wireSigner) {
	switch r.Kind() {
	case 'n':
		r.Skip()
		*m = nil
	case '{': // into the map already there, as encoding/json does
		if *m == nil {
			*m = map[string]*wireSigner{}
		}
		byID := *m
		r.Object(func([]byte) { byID[r.Key()] = readSigner(r) })
	case '[':
		var list []*wireSigner
		r.Array(func(int) { list = append(list, readSigner(r)) })
		*m = signersByID(list)
	default:
		r.SkipMisfit(signersType)
		*m = nil
	}
}

// readSigner reads a signer: nil for null and for a value of another kind
// (listed).
func readSigner(r *tolerant.Reader) *wireSigner {
	switch r.Kind() {
	case '{':
	case 'n':
		r.Skip()
		return nil
	default:
		r.SkipMisfit(signerType)
		return nil
	}
	s := new(wireSigner)
	r.Object(func(k []byte) {
		switch string(k) {
		case "status":
			tolerant.ReadString(r, &s.Status)
		case "type":
			tolerant.ReadString(r, &s.Type)
		case "timestamp":
			r.Unmarshal(&s.Timestamp)
		default:
			s.readMember(r, k)
		}
	})
	return s
}

func (w *wireContact) read(r *tolerant.Reader) {
	r.Object(func(k []byte) {
		if string(k) == "account_id" {
			tolerant.ReadString(r, &w.AccountID)
			return
		}
		w.readMember(r, k)
	})
}

// readMember reads the member k of a signer or a contact, if it is one of
// theirs.
func (p *wirePerson) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		tolerant.ReadString(r, &p.ID)
	case "email":
		tolerant.ReadString(r, &p.Email)
	case "name":
		tolerant.ReadString(r, &p.Name)
	case "label":
		tolerant.ReadString(r, &p.Label)
	case "company":
		tolerant.ReadString(r, &p.Company)
	case "created_at":
		r.Unmarshal(&p.CreatedAt)
	}
}

func (w *wireSigning) read(r *tolerant.Reader) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "id":
			tolerant.ReadString(r, &w.ID)
		case "request_id":
			tolerant.ReadString(r, &w.RequestID)
		case "account_id":
			tolerant.ReadString(r, &w.AccountID)
		case "email":
			tolerant.ReadString(r, &w.Email)
		case "name":
			tolerant.ReadString(r, &w.Name)
		case "type":
			tolerant.ReadString(r, &w.Type)
		case "device":
			tolerant.ReadString(r, &w.Device)
		case "ip":
			tolerant.ReadString(r, &w.IP)
		case "signed_at":
			r.Unmarshal(&w.SignedAt)
		}
	})
}

func readEmail(r *tolerant.Reader, e *Email) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "subject":
			tolerant.ReadString(r, &e.Subject)
		case "to":
			tolerant.ReadString(r, &e.To)
		case "request_id":
			tolerant.ReadString(r, &e.RequestID)
		case "account_id":
			tolerant.ReadString(r, &e.AccountID)
		}
	})
}
