package zigned

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/rest"
)

// ResultType is the envelope's result_type.
type ResultType string

// Result types of the v3 envelope.
const (
	ResultSingle        ResultType = "single"
	ResultList          ResultType = "list"
	ResultPaginatedList ResultType = "paginated_list"
	ResultDeleted       ResultType = "deleted"
)

// envelope is every v3 success body and every expanded relation:
// {version, result_type, resource_type, data, pagination?}.
type envelope[T any] struct {
	Version      string     `json:"version"`
	ResultType   ResultType `json:"result_type"`
	ResourceType string     `json:"resource_type"`
	Data         T          `json:"data"`
	Pagination   *pageInfo  `json:"pagination,omitempty"`
}

// DecodeItems decodes the envelope from the answer stream, the data of a
// list (a rest.Items) item by item, at most max items: see
// rest.ItemsDecoder.
func (e *envelope[T]) DecodeItems(dec *rest.Decoder, max int) error {
	return rest.DecodeObject(dec, func(key string) error {
		switch strings.ToLower(key) { // encoding/json matches keys case-insensitively
		case "version":
			return dec.Decode(&e.Version)
		case "result_type":
			return dec.Decode(&e.ResultType)
		case "resource_type":
			return dec.Decode(&e.ResourceType)
		case "pagination":
			return dec.Decode(&e.Pagination)
		case "data":
			if items, ok := any(&e.Data).(rest.ItemsDecoder); ok {
				return items.DecodeItems(dec, max)
			}
			return dec.Decode(&e.Data)
		}
		return rest.SkipValue(dec)
	})
}

// pageInfo is the envelope's pagination object.
type pageInfo struct {
	Limit        int `json:"limit"`
	TotalPages   int `json:"total_pages"`
	Page         int `json:"page"`
	TotalResults int `json:"total_results"`
}

func (p *pageInfo) rest() *rest.Pagination {
	return &rest.Pagination{
		Page:         p.Page,
		PerPage:      p.Limit,
		Limit:        p.Limit,
		TotalPages:   p.TotalPages,
		TotalResults: p.TotalResults,
	}
}

// EnvelopeVersion is the envelope version this package writes.
const EnvelopeVersion = "1.0"

var jsonNull = []byte("null")

// probe reads just enough of an object to tell an envelope from a bare
// resource, without building a map of every key.
type probe struct {
	Version      json.RawMessage `json:"version"`
	ResultType   json.RawMessage `json:"result_type"`
	ResourceType json.RawMessage `json:"resource_type"`
	Data         json.RawMessage `json:"data"`
	ID           json.RawMessage `json:"id"`
}

// probeOf reads the probe's members of the object b with a byte scan (no
// second parse by encoding/json, no copies: the fields are subslices of b).
// A relation is decoded inside a parse that has validated b already.
func probeOf(b []byte) (probe, error) {
	var p probe
	err := jsonscan.Members(b, func(k, v []byte) error {
		switch string(k) {
		case "version":
			p.Version = v
		case "result_type":
			p.ResultType = v
		case "resource_type":
			p.ResourceType = v
		case "data":
			p.Data = v
		case "id":
			p.ID = v
		}
		return nil
	})
	if err != nil {
		return probe{}, fmt.Errorf("zigned: %w", err)
	}
	return p, nil
}

func (p *probe) envelope() bool {
	return p.Data != nil && (p.ResultType != nil || p.Version != nil) && p.ID == nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// identified is implemented by every resource type, so a relation can read
// the id of a decoded resource without parsing it again.
type identified interface{ relationID() string }

// idOf returns the id of a decoded resource v, parsing raw only for types
// outside this package.
func idOf(v any, raw json.RawMessage) string {
	if r, ok := v.(identified); ok {
		return r.relationID()
	}
	var x struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &x)
	return x.ID
}

// Relation is a reference to one related resource. Zigned sends a relation
// as its id ("c8it..."), as a nested envelope ({"version","result_type":
// "single","resource_type","data":{...}}) when the relation is expanded, as
// a bare object, or as null. ID is set in every non-null form; Data only when
// the resource was expanded.
type Relation[T any] struct {
	ID           string
	Data         *T
	ResourceType string // from the nested envelope, when expanded
}

// IsZero reports whether the relation is absent (null).
func (r Relation[T]) IsZero() bool { return r.ID == "" && r.Data == nil }

// Expanded reports whether the related resource itself was sent.
func (r Relation[T]) Expanded() bool { return r.Data != nil }

// RelationTo returns a relation holding only an id.
func RelationTo[T any](id string) Relation[T] { return Relation[T]{ID: id} }

// UnmarshalJSON implements json.Unmarshaler for every form.
func (r *Relation[T]) UnmarshalJSON(b []byte) error {
	*r = Relation[T]{}
	b = bytes.TrimSpace(b)
	switch firstByte(b) {
	case 'n':
		if !bytes.Equal(b, jsonNull) {
			return errors.New("zigned: invalid relation")
		}
		return nil
	case '"':
		return json.Unmarshal(b, &r.ID)
	case '{':
		p, err := probeOf(b)
		if err != nil {
			return err
		}
		raw := json.RawMessage(b)
		if p.envelope() {
			r.ResourceType, _ = jsonscan.Unquote(p.ResourceType)
			raw = p.Data
			switch firstByte(raw) {
			case 'n':
				return nil
			case '"': // an envelope around an id
				return json.Unmarshal(raw, &r.ID)
			case '{':
			default:
				return fmt.Errorf("zigned: relation envelope data is not an object")
			}
		}
		v := new(T)
		if err := json.Unmarshal(raw, v); err != nil {
			return err
		}
		r.Data = v
		r.ID = idOf(v, raw)
		return nil
	default:
		return fmt.Errorf("zigned: a relation must be an id, an object or null, got %.20q", b)
	}
}

// MarshalJSON writes null, the id, or, when expanded, a single envelope.
func (r Relation[T]) MarshalJSON() ([]byte, error) {
	switch {
	case r.Data != nil:
		return json.Marshal(envelope[*T]{Version: EnvelopeVersion, ResultType: ResultSingle, ResourceType: r.ResourceType, Data: r.Data})
	case r.ID != "":
		return json.Marshal(r.ID)
	}
	return jsonNull, nil
}

// RelationList is a reference to several related resources. Zigned sends it
// as a list of ids, as a nested list envelope ({"result_type":"list",
// "data":[...]}) when expanded, or as null; bare arrays of objects and an
// envelope holding one object are accepted too. IDs is set in every non-null
// form; Data only when the resources were expanded.
type RelationList[T any] struct {
	IDs          []string
	Data         []*T
	ResourceType string // from the nested envelope, when expanded
}

// IsZero reports whether the relation is absent (null).
func (r RelationList[T]) IsZero() bool { return r.IDs == nil && r.Data == nil }

// Expanded reports whether the related resources themselves were sent.
func (r RelationList[T]) Expanded() bool { return r.Data != nil }

// Len is the number of related resources.
func (r RelationList[T]) Len() int {
	if r.Data != nil {
		return len(r.Data)
	}
	return len(r.IDs)
}

// UnmarshalJSON implements json.Unmarshaler for every form.
func (r *RelationList[T]) UnmarshalJSON(b []byte) error {
	*r = RelationList[T]{}
	b = bytes.TrimSpace(b)
	switch firstByte(b) {
	case 'n':
		if !bytes.Equal(b, jsonNull) {
			return errors.New("zigned: invalid relation list")
		}
		return nil
	case '"': // a single id where a list was expected
		var id string
		if err := json.Unmarshal(b, &id); err != nil {
			return err
		}
		r.IDs = []string{id}
		return nil
	case '[':
		return r.fromArray(b)
	case '{':
		p, err := probeOf(b)
		if err != nil {
			return err
		}
		if !p.envelope() {
			return r.fromArray(append(append([]byte{'['}, b...), ']'))
		}
		r.ResourceType, _ = jsonscan.Unquote(p.ResourceType)
		switch firstByte(p.Data) {
		case 'n':
			return nil
		case '[':
			return r.fromArray(p.Data)
		case '{':
			return r.fromArray(append(append([]byte{'['}, p.Data...), ']'))
		}
		return fmt.Errorf("zigned: relation list envelope data is not a list")
	default:
		return fmt.Errorf("zigned: a relation list must be a list, an envelope or null, got %.20q", b)
	}
}

// fromArray decodes a JSON array of ids or of objects in one pass; a mix is
// an error.
func (r *RelationList[T]) fromArray(b []byte) error {
	inner := bytes.TrimLeft(b, " \t\r\n")
	if len(inner) > 0 {
		inner = inner[1:] // '['
	}
	switch firstByte(inner) {
	case '{':
		if _, ok := any(new(T)).(identified); !ok {
			return r.fromRawItems(b)
		}
		var items []*T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		r.Data = make([]*T, 0, len(items))
		r.IDs = make([]string, 0, len(items))
		for _, it := range items {
			if it == nil {
				return errors.New("zigned: relation list mixes ids and objects")
			}
			r.Data = append(r.Data, it)
			r.IDs = append(r.IDs, idOf(it, nil))
		}
		return nil
	default:
		var ids []string
		if err := json.Unmarshal(b, &ids); err != nil {
			return fmt.Errorf("zigned: relation list items must all be ids or all objects: %w", err)
		}
		if ids == nil {
			ids = []string{}
		}
		r.IDs = ids
		return nil
	}
}

// fromRawItems is fromArray for resource types outside this package, whose
// ids are read from each item's JSON.
func (r *RelationList[T]) fromRawItems(b []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	r.Data = make([]*T, 0, len(items))
	r.IDs = make([]string, 0, len(items))
	for _, it := range items {
		if firstByte(it) != '{' {
			return errors.New("zigned: relation list mixes ids and objects")
		}
		v := new(T)
		if err := json.Unmarshal(it, v); err != nil {
			return err
		}
		r.Data = append(r.Data, v)
		r.IDs = append(r.IDs, idOf(v, it))
	}
	return nil
}

// MarshalJSON writes null, the list of ids, or, when expanded, a list envelope.
func (r RelationList[T]) MarshalJSON() ([]byte, error) {
	switch {
	case r.Data != nil:
		return json.Marshal(envelope[[]*T]{Version: EnvelopeVersion, ResultType: ResultList, ResourceType: r.ResourceType, Data: r.Data})
	case r.IDs != nil:
		return json.Marshal(r.IDs)
	}
	return jsonNull, nil
}

// Removable is an update field that is either set to a value or removed:
// Zigned takes the value itself, or {"remove": true}. Build it with Set or
// Remove; a nil *Removable leaves the field unchanged.
type Removable[T any] struct {
	value  T
	remove bool
}

// Set returns a Removable that sets the field to v.
func Set[T any](v T) *Removable[T] { return &Removable[T]{value: v} }

// Remove returns a Removable that removes the field.
func Remove[T any]() *Removable[T] { return &Removable[T]{remove: true} }

// Value returns the value and whether the field is set (not removed).
func (r *Removable[T]) Value() (T, bool) { return r.value, !r.remove }

// MarshalJSON implements json.Marshaler.
func (r Removable[T]) MarshalJSON() ([]byte, error) {
	if r.remove {
		return []byte(`{"remove":true}`), nil
	}
	return json.Marshal(r.value)
}

// UnmarshalJSON implements json.Unmarshaler (used by fake servers).
func (r *Removable[T]) UnmarshalJSON(b []byte) error {
	var rm struct {
		Remove bool `json:"remove"`
	}
	if firstByte(b) == '{' && json.Unmarshal(b, &rm) == nil && rm.Remove {
		*r = Removable[T]{remove: true}
		return nil
	}
	*r = Removable[T]{}
	return json.Unmarshal(b, &r.value)
}

func (a *Agreement) relationID() string               { return a.ID }
func (p *Participant) relationID() string             { return p.ID }
func (o *Observer) relationID() string                { return o.ID }
func (g *SigningGroup) relationID() string            { return g.ID }
func (a *Attachment) relationID() string              { return a.ID }
func (f *File) relationID() string                    { return f.ID }
func (t *Theme) relationID() string                   { return t.ID }
func (m *RecipientMessage) relationID() string        { return m.ID }
func (m *MessageTemplate) relationID() string         { return m.ID }
func (v *MessageTemplateVariable) relationID() string { return v.ID }
func (w *Webhook) relationID() string                 { return w.ID }
func (e *SignEvent) relationID() string               { return e.ID }
func (a *AgreementActivity) relationID() string       { return a.ID }
