package zigned

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
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
// {version, result_type, resource_type, data, pagination?}. It decodes in
// one pass (tolerant.ReaderDecoder): data is read straight into its type,
// *X for a resource X or items[X] for a list.
type envelope[T any] struct {
	Version      string     `json:"version"`
	ResultType   ResultType `json:"result_type"`
	ResourceType string     `json:"resource_type"`
	Data         T          `json:"data"`
	Pagination   *pageInfo  `json:"pagination,omitempty"`
}

// ReadJSON implements tolerant.ReaderDecoder: the answer is read once, a
// value of the wrong kind inside it listed, not fatal. The envelope's own
// data is the answer, though: missing, null, or of the wrong kind (an
// array where one resource is expected, an object where a list is) makes
// the whole answer fail, so a call never returns no resource and no error.
func (e *envelope[T]) ReadJSON(r *tolerant.Reader) {
	data := false
	isObject := r.Object(func(k []byte) {
		switch string(k) {
		case "version":
			e.Version = r.String()
		case "result_type":
			e.ResultType = ResultType(r.String())
		case "resource_type":
			e.ResourceType = r.String()
		case "pagination":
			e.Pagination = readNew[pageInfo](r)
		case "data":
			data = true
			if err := dataKindError[T](r.Kind()); err != nil {
				r.Abort(err)
				return
			}
			readData(r, &e.Data)
		}
	})
	switch {
	case data || r.Err() != nil:
	case isObject:
		r.Abort(errNoData)
	default: // null, or another kind (also listed)
		r.Abort(errNoEnvelope)
	}
}

// Errors of an answer that is not an envelope holding data.
var (
	errNoData     = errors.New("zigned: the answer's envelope has no data")
	errNoEnvelope = errors.New("zigned: the answer is not an envelope object")
)

// dataKindError reports an envelope data value (kind as tolerant.Reader.Kind
// gives it) that cannot be T: null, or another kind than T's (an array for
// one resource, an object for a list). 0, a malformed document, is left to
// the reader.
func dataKindError[T any](kind byte) error {
	want := byte(0)
	if _, list := any(new(T)).(dataReader); list {
		want = '['
	} else if t := reflect.TypeFor[T](); t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		want = '{'
	}
	switch {
	case kind == 0:
		return nil
	case kind == 'n':
		return errors.New("zigned: the answer's envelope data is null")
	case want == '[' && kind != '[':
		return fmt.Errorf("zigned: the answer's envelope data is %s, a list was expected", kindName(kind))
	case want == '{' && kind != '{':
		return fmt.Errorf("zigned: the answer's envelope data is %s, an object was expected", kindName(kind))
	}
	return nil
}

// kindName names a value kind as tolerant.Reader.Kind gives it.
func kindName(kind byte) string {
	switch kind {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case '0':
		return "a number"
	}
	return "null"
}

// UnmarshalJSON decodes an answer the same way for encoding/json; values
// that did not decode make it fail with a *tolerant.StrictError.
func (e *envelope[T]) UnmarshalJSON(b []byte) error {
	*e = envelope[T]{}
	return decodeStrict(b, e.ReadJSON)
}

// UnmarshalJSONTolerant implements tolerant.Unmarshaler.
func (e *envelope[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	*e = envelope[T]{}
	return decodeTolerant(b, opts, e.ReadJSON)
}

// dataReader is implemented by envelope data types other than a pointer to
// a resource (items).
type dataReader interface {
	readData(r *tolerant.Reader)
}

// readData reads an envelope's data into *dst: a list (items), a resource
// (T is *X), or any other type, through reflection.
func readData[T any](r *tolerant.Reader, dst *T) {
	if d, ok := any(dst).(dataReader); ok {
		d.readData(r)
		return
	}
	t := reflect.TypeFor[T]()
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		switch r.Kind() {
		case 'n':
			r.Skip()
			return
		case '{':
			v := reflect.New(t.Elem())
			if o, ok := v.Interface().(object); ok {
				if readObject(r, o) {
					*dst = v.Interface().(T)
				}
				return
			}
		}
	}
	r.Value(dst)
}

// items is the data of a list answer: every item is read as X.
type items[X any] []*X

// readData implements dataReader: an array of objects, at most
// rest.DefaultMaxPageItems of them (the answer is refused at the first item
// past that, so a hostile answer cannot make a client allocate without
// bound). null is no page (nil); an item that is not an object is listed
// and left out.
func (l *items[X]) readData(r *tolerant.Reader) {
	if r.Kind() == 'n' {
		r.Skip()
		*l = nil
		return
	}
	out := items[X]{}
	r.Array(func(i int) {
		if i >= rest.DefaultMaxPageItems {
			r.Abort(fmt.Errorf("the list page has more than %d items", rest.DefaultMaxPageItems))
			return
		}
		if r.Kind() != '{' {
			r.SkipMisfit(reflect.TypeFor[X]())
			return
		}
		v := new(X)
		o, ok := any(v).(object)
		if !ok {
			r.Value(v)
		} else if !readObject(r, o) {
			return
		}
		out = append(out, v)
	})
	*l = out
}

// pageInfo is the envelope's pagination object.
type pageInfo struct {
	Limit        int `json:"limit"`
	TotalPages   int `json:"total_pages"`
	Page         int `json:"page"`
	TotalResults int `json:"total_results"`
}

func (p *pageInfo) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "limit":
		p.Limit = r.Int()
	case "total_pages":
		p.TotalPages = r.Int()
	case "page":
		p.Page = r.Int()
	case "total_results":
		p.TotalResults = r.Int()
	}
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
// It serves the rare shapes only (a relation to a type of the caller's, a
// delivery whose data is wrapped or not the resource its name says).
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

// readRelationObject reads the object of a relation in one pass, not
// knowing yet whether it is a nested envelope or the resource itself: the
// envelope's data is read with data, every other member into o. It reports
// whether the object was an envelope (data, version or result_type, and no
// id), in which case o is to be dropped.
func readRelationObject(rd *tolerant.Reader, o resource, data func(*tolerant.Reader)) bool {
	var version, resultType, hasData, id bool
	rd.Object(func(k []byte) {
		switch string(k) {
		case "version":
			version = true
		case "result_type":
			resultType = true
		case "data":
			hasData = true
			data(rd)
		case "id":
			id = true
			o.readMember(rd, k)
		default:
			o.readMember(rd, k)
		}
	})
	return hasData && (version || resultType) && !id
}

// errMixed is listed for an item of a relation list whose kind (an id or
// an object) differs from the first item's.
var errMixed = errors.New("zigned: a relation list mixes ids and objects")

// Relation is a reference to one related resource. Zigned sends a relation
// as its id ("c8it..."), as a nested envelope ({"version","result_type":
// "single","resource_type","data":{...}}) when the relation is expanded, as
// a bare object, or as null. ID is set in every non-null form; Data only when
// the resource was expanded.
//
// A relation decodes in the same pass as the answer around it. A value of
// the wrong kind inside the expanded resource keeps its zero value and is
// listed (Response.DecodeIssues); the rest of the resource is kept.
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

// UnmarshalJSON implements json.Unmarshaler for every form. Values inside
// an expanded resource that did not decode make it fail with an error
// listing them, the rest of the relation decoded.
func (r *Relation[T]) UnmarshalJSON(b []byte) error {
	return decodeStrict(b, r.read)
}

// UnmarshalJSONTolerant is the tolerant decoder's hook (it is not meant to
// be called directly): it decodes like UnmarshalJSON and returns the values
// that did not decode instead of failing.
func (r *Relation[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	return decodeTolerant(b, opts, r.read)
}

// read reads a relation in any form.
func (r *Relation[T]) read(rd *tolerant.Reader) {
	*r = Relation[T]{}
	switch rd.Kind() {
	case 'n':
		rd.Skip()
	case '"':
		r.ID = rd.String()
	case '{':
		v := new(T)
		o, ok := any(v).(resource)
		if !ok {
			rd.Unmarshal(foreignRelation[T]{r})
			return
		}
		var inner Relation[T]
		if readRelationObject(rd, o, inner.readData) {
			*r = inner
			r.ResourceType = o.resourceType()
			return
		}
		r.Data, r.ID = v, o.relationID()
	case 0:
	default:
		rd.SkipMisfit(reflect.TypeFor[Relation[T]]())
	}
}

// readData reads an envelope's data: null, an id, or the resource.
func (r *Relation[T]) readData(rd *tolerant.Reader) {
	switch rd.Kind() {
	case 'n':
		rd.Skip()
	case '"':
		r.ID = rd.String()
	case '{':
		v := new(T)
		o := any(v).(resource)
		if readObject(rd, o) {
			r.Data, r.ID = v, o.relationID()
		}
	case 0:
	default:
		rd.SkipMisfit(reflect.TypeFor[T]())
	}
}

// foreignRelation decodes a relation to a type of the caller's (one
// without this package's decoder) from the object's bytes.
type foreignRelation[T any] struct{ r *Relation[T] }

func (f foreignRelation[T]) UnmarshalJSON(b []byte) error { return decodeStrictWith(b, f) }

func (f foreignRelation[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	p, err := probeOf(b)
	if err != nil {
		return nil, err
	}
	prefix := ""
	if p.envelope() {
		f.r.ResourceType, _ = jsonscan.Unquote(p.ResourceType)
		b, prefix = p.Data, "data"
		switch firstByte(b) {
		case 'n':
			return nil, nil
		case '"':
			f.r.ID, _ = jsonscan.Unquote(bytes.TrimSpace(b))
			return nil, nil
		case '{':
		default:
			return []webhook.DecodeIssue{{Path: prefix, Raw: string(b), Err: errors.New("zigned: relation envelope data is not an object")}}, nil
		}
	}
	v := new(T)
	issues, err := tolerant.Decode(b, v, opts)
	if err != nil {
		if prefix == "" {
			return nil, err
		}
		return []webhook.DecodeIssue{{Path: prefix, Raw: string(b), Err: err}}, nil
	}
	f.r.Data, f.r.ID = v, foreignID(b)
	return tolerant.Within(prefix, issues), nil
}

// decodeStrictWith runs u's tolerant decoding and fails on issues, as
// decodeStrict does.
func decodeStrictWith(b []byte, u tolerant.Unmarshaler) error {
	issues, err := u.UnmarshalJSONTolerant(b, tolerant.Options{})
	if err == nil && len(issues) > 0 {
		err = &tolerant.StrictError{Issues: issues}
	}
	return prefixed(err)
}

// foreignID reads the "id" member of the object b.
func foreignID(b []byte) string {
	v, _ := jsonscan.Member(b, "id")
	id, _ := jsonscan.Unquote(bytes.TrimSpace(v))
	return id
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
//
// A list decodes in the same pass as the answer around it. A value of the
// wrong kind inside an expanded resource keeps its zero value and is
// listed; an item of the other kind than the first (an id among objects)
// is listed and left out.
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

// UnmarshalJSON implements json.Unmarshaler for every form. Values that did
// not decode make it fail with an error listing them, the rest decoded.
func (r *RelationList[T]) UnmarshalJSON(b []byte) error {
	return decodeStrict(b, r.read)
}

// UnmarshalJSONTolerant is the tolerant decoder's hook (it is not meant to
// be called directly): it decodes like UnmarshalJSON and returns the values
// that did not decode instead of failing.
func (r *RelationList[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	return decodeTolerant(b, opts, r.read)
}

// read reads a relation list in any form.
func (r *RelationList[T]) read(rd *tolerant.Reader) {
	*r = RelationList[T]{}
	switch rd.Kind() {
	case 'n':
		rd.Skip()
	case '"': // a single id where a list was expected
		r.IDs = []string{rd.String()}
	case '[':
		r.readArray(rd)
	case '{':
		v := new(T)
		o, ok := any(v).(resource)
		if !ok {
			rd.Unmarshal(foreignList[T]{r})
			return
		}
		var inner RelationList[T]
		if readRelationObject(rd, o, inner.readData) {
			*r = inner
			r.ResourceType = o.resourceType()
			return
		}
		r.Data, r.IDs = []*T{v}, []string{o.relationID()}
	case 0:
	default:
		rd.SkipMisfit(reflect.TypeFor[RelationList[T]]())
	}
}

// readData reads an envelope's data: null, a list, or one object.
func (r *RelationList[T]) readData(rd *tolerant.Reader) {
	switch rd.Kind() {
	case 'n':
		rd.Skip()
	case '[':
		r.readArray(rd)
	case '{':
		v := new(T)
		o := any(v).(resource)
		if readObject(rd, o) {
			r.Data, r.IDs = []*T{v}, []string{o.relationID()}
		}
	case 0:
	default:
		rd.SkipMisfit(reflect.TypeFor[[]*T]())
	}
}

// readArray reads an array of ids or of objects (decided by the first
// item); an item of the other kind is listed and left out.
func (r *RelationList[T]) readArray(rd *tolerant.Reader) {
	objects := false
	r.IDs = []string{}
	rd.Array(func(i int) {
		kind := rd.Kind()
		if i == 0 && kind == '{' {
			objects = true
			r.Data = []*T{}
		}
		switch {
		case objects && kind == '{':
			v := new(T)
			if o, ok := any(v).(resource); ok {
				if readObject(rd, o) {
					r.Data, r.IDs = append(r.Data, v), append(r.IDs, o.relationID())
				}
				return
			}
			var id string
			rd.Unmarshal(foreignItem[T]{&v, &id})
			if v != nil {
				r.Data, r.IDs = append(r.Data, v), append(r.IDs, id)
			}
		case !objects && (kind == '"' || kind == 'n'):
			r.IDs = append(r.IDs, rd.String())
		case kind != 0:
			start := rd.Pos()
			rd.Skip()
			rd.Issue(start, errMixed)
		}
	})
}

// foreignList decodes a relation list object (an envelope or one object)
// of a type of the caller's from its bytes.
type foreignList[T any] struct{ r *RelationList[T] }

func (f foreignList[T]) UnmarshalJSON(b []byte) error { return decodeStrictWith(b, f) }

func (f foreignList[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	p, err := probeOf(b)
	if err != nil {
		return nil, err
	}
	prefix, data := "", b
	if p.envelope() {
		f.r.ResourceType, _ = jsonscan.Unquote(p.ResourceType)
		prefix, data = "data", p.Data
	}
	var raws []json.RawMessage
	switch firstByte(data) {
	case 'n':
		return nil, nil
	case '{':
		raws = []json.RawMessage{data}
	case '[':
		if err := json.Unmarshal(data, &raws); err != nil {
			return nil, err
		}
		f.r.IDs = []string{}
	default:
		return []webhook.DecodeIssue{{Path: prefix, Raw: string(data), Err: errors.New("zigned: relation list envelope data is not a list")}}, nil
	}
	var issues []webhook.DecodeIssue
	for i, raw := range raws {
		path := prefix
		if firstByte(data) == '[' {
			path = fmt.Sprintf("%s[%d]", prefix, i)
		}
		var v *T
		var id string
		is, err := foreignItem[T]{&v, &id}.UnmarshalJSONTolerant(raw, opts)
		if err != nil {
			issues = append(issues, webhook.DecodeIssue{Path: path, Raw: string(raw), Err: err})
			continue
		}
		issues = append(issues, tolerant.Within(path, is)...)
		f.r.Data, f.r.IDs = append(f.r.Data, v), append(f.r.IDs, id)
	}
	return issues, nil
}

// foreignItem decodes one object of a relation list of a type of the
// caller's, and its id.
type foreignItem[T any] struct {
	v  **T
	id *string
}

func (f foreignItem[T]) UnmarshalJSON(b []byte) error { return decodeStrictWith(b, f) }

func (f foreignItem[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	if firstByte(b) != '{' {
		*f.v = nil
		return nil, errMixed
	}
	v := new(T)
	issues, err := tolerant.Decode(b, v, opts)
	if err != nil {
		*f.v = nil
		return nil, err
	}
	*f.v, *f.id = v, foreignID(b)
	return issues, nil
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

// UnmarshalJSON implements json.Unmarshaler (used by fake servers): a
// value that does not fully decode keeps what did and fails with an error
// listing the rest.
func (r *Removable[T]) UnmarshalJSON(b []byte) error { return decodeStrictWith(b, r) }

// UnmarshalJSONTolerant is the tolerant decoder's hook (it is not meant to
// be called directly): {"remove": true}, or the value, decoded tolerantly.
func (r *Removable[T]) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	*r = Removable[T]{}
	if firstByte(b) == '{' {
		if v, ok := jsonscan.Member(b, "remove"); ok && string(bytes.TrimSpace(v)) == "true" {
			r.remove = true
			return nil, nil
		}
	}
	return tolerant.Decode(b, &r.value, opts)
}
