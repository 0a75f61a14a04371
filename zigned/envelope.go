package zigned

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

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

// isEnvelope reports whether a JSON object is a v3 envelope rather than a
// bare resource: it has "data" and a "result_type" (or "version") but no "id".
func isEnvelope(m map[string]json.RawMessage) bool {
	_, data := m["data"]
	_, rt := m["result_type"]
	_, v := m["version"]
	_, id := m["id"]
	return data && (rt || v) && !id
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// idOf reads the "id" of a JSON object ("" when absent).
func idOf(raw json.RawMessage) string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.ID
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
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		raw := json.RawMessage(b)
		if isEnvelope(m) {
			_ = json.Unmarshal(m["resource_type"], &r.ResourceType)
			raw = m["data"]
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
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		r.Data = &v
		r.ID = idOf(raw)
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
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		if !isEnvelope(m) {
			return r.fromArray(append(append([]byte{'['}, b...), ']'))
		}
		_ = json.Unmarshal(m["resource_type"], &r.ResourceType)
		data := m["data"]
		switch firstByte(data) {
		case 'n':
			return nil
		case '[':
			return r.fromArray(data)
		case '{':
			return r.fromArray(append(append([]byte{'['}, data...), ']'))
		}
		return fmt.Errorf("zigned: relation list envelope data is not a list")
	default:
		return fmt.Errorf("zigned: a relation list must be a list, an envelope or null, got %.20q", b)
	}
}

func (r *RelationList[T]) fromArray(b []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	r.IDs = make([]string, 0, len(items))
	for _, it := range items {
		switch firstByte(it) {
		case '"':
			var id string
			if err := json.Unmarshal(it, &id); err != nil {
				return err
			}
			r.IDs = append(r.IDs, id)
		case '{':
			var v T
			if err := json.Unmarshal(it, &v); err != nil {
				return err
			}
			if r.Data == nil {
				r.Data = make([]*T, 0, len(items))
			}
			r.Data = append(r.Data, &v)
			r.IDs = append(r.IDs, idOf(it))
		default:
			return fmt.Errorf("zigned: relation list item must be an id or an object")
		}
	}
	if r.Data != nil && len(r.Data) != len(r.IDs) {
		return errors.New("zigned: relation list mixes ids and objects")
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
