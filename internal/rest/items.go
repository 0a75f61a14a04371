package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// DefaultMaxPageItems is how many items one list page may hold unless the
// provider sets Config.MaxPageItems. It bounds the memory a page takes
// while it is decoded: list pages are decoded item by item, and the page
// fails with a *DecodeError at the first item past the cap, so a hostile or
// broken answer (a 1 MiB body of "[{},{},…]" is 350,000 items) cannot make
// a client allocate a multiple of its body cap (MaxDecodeBytes). The
// providers' page sizes are 100 (BlueInk, Zigned) or a limit the caller
// chooses (Legalesign).
const DefaultMaxPageItems = 10_000

// ItemsDecoder is implemented by list page types that decode themselves
// item by item, with at most max items: Do uses it instead of decoding the
// whole body into one value.
type ItemsDecoder interface {
	DecodeItems(dec *Decoder, max int) error
}

// Decoder reads one answer body, held in memory, value by value: the
// decoder of ItemsDecoder types. Each value is decoded by encoding/json
// (through a json.Decoder, so a clean answer costs what encoding/json
// costs); a value that does not fit inside a well-formed answer (a
// timestamp in an unknown shape, "None" for a number, an object where a
// list is expected) is decoded again from its own bytes by the tolerant
// decoder: it keeps its zero value, everything else is decoded, and the
// problem is listed (Issues) with its path in the whole answer, the keys as
// sent: "objects[3].created", "data[7].expires_at", "[2].packets[0].order"
// for a bare array. A body that is not JSON, or whose top-level value is
// not the expected shape, is an error.
type Decoder struct {
	data   []byte
	dec    *json.Decoder
	path   []segment
	issues tolerant.Collector
}

// segment is one step of the path to the value being decoded: an object
// key, or an array index when key is not set.
type segment struct {
	key   string
	isKey bool
	index int
}

// NewDecoder returns a Decoder reading the JSON document data.
func NewDecoder(data []byte) *Decoder {
	return &Decoder{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
}

// Issues returns the values that did not decode so far (nil when none),
// ending with a summary entry past tolerant.DefaultMaxIssues.
func (d *Decoder) Issues() []webhook.DecodeIssue { return d.issues.Issues() }

// Decode decodes the next value into v (a pointer). A value of the wrong
// shape inside the document is listed (see Issues) and leaves v's target at
// its zero value; only the document's own top-level value not fitting, or
// malformed JSON, is an error.
func (d *Decoder) Decode(v any) error {
	start := d.dec.InputOffset()
	err := d.dec.Decode(v)
	if err == nil {
		return nil
	}
	raw := trimValue(d.data[start:d.dec.InputOffset()])
	var inv *json.InvalidUnmarshalError
	if len(raw) == 0 || errors.As(err, &inv) {
		// Nothing was read: malformed JSON or a cut body (the
		// json.Decoder only skips the separator before a value it
		// cannot read).
		return err
	}
	issues, err := tolerant.Recover(raw, v, d.issues.Options(), err)
	if err != nil {
		if len(d.path) == 0 {
			return err
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero()
		}
		d.issues.AddValue(d.pathString(), raw, err)
		return nil
	}
	if len(issues) > 0 {
		d.issues.Add(d.pathString(), issues)
	}
	return nil
}

// trimValue cuts the white space and the separator (',' or ':') that the
// json.Decoder may have read before a value, and white space after it.
func trimValue(b []byte) []byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) > 0 && (b[0] == ',' || b[0] == ':') {
		b = bytes.TrimLeft(b[1:], " \t\r\n")
	}
	return bytes.TrimRight(b, " \t\r\n")
}

func (d *Decoder) pushKey(key string) { d.path = append(d.path, segment{key: key, isKey: true}) }
func (d *Decoder) pushIndex(i int)    { d.path = append(d.path, segment{index: i}) }
func (d *Decoder) pop()               { d.path = d.path[:len(d.path)-1] }

// pathString renders the current path (only when a problem is listed).
func (d *Decoder) pathString() string {
	p := ""
	for _, s := range d.path {
		if s.isKey {
			p = tolerant.JoinKey(p, s.key)
		} else {
			p = tolerant.JoinIndex(p, s.index)
		}
	}
	return p
}

// misfit handles a value, whose first token tok started at start, that is
// not what the caller expected (want): at the top level an error; inside
// the document the value is skipped and listed.
func (d *Decoder) misfit(start int64, tok json.Token, want string) error {
	if tok == json.Delim('{') || tok == json.Delim('[') {
		if err := skipRest(d.dec); err != nil {
			return err
		}
	}
	err := fmt.Errorf("expected %s, got %v", want, describeToken(tok))
	if len(d.path) == 0 {
		return err
	}
	d.issues.AddValue(d.pathString(), trimValue(d.data[start:d.dec.InputOffset()]), err)
	return nil
}

// end checks that nothing but white space follows the document's value.
func (d *Decoder) end() error {
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("invalid data after the top-level value")
		}
		return err
	}
	return nil
}

// DecodeItemsFrom decodes the JSON document data into v item by item, as
// Do decodes an answer, at most max items per list, and returns the values
// that did not decode (see Decoder). An ItemsDecoder type uses it in its
// UnmarshalJSONTolerant method (tolerant.Unmarshaler), when it appears
// inside another answer.
func DecodeItemsFrom(data []byte, v ItemsDecoder, max int) ([]webhook.DecodeIssue, error) {
	d := NewDecoder(data)
	if err := v.DecodeItems(d, max); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return d.Issues(), nil
}

// UnmarshalItems is DecodeItemsFrom for an ItemsDecoder type's UnmarshalJSON
// method: values that did not decode make it fail with a
// *tolerant.StrictError listing them, as encoding/json can report nothing
// else (the tolerant decoder then decodes the type through its
// UnmarshalJSONTolerant method, when it has one).
func UnmarshalItems(data []byte, v ItemsDecoder, max int) error {
	issues, err := DecodeItemsFrom(data, v, max)
	if err == nil && len(issues) > 0 {
		err = &tolerant.StrictError{Issues: issues}
	}
	return err
}

// Items is a list page that is a bare JSON array (or null).
type Items[T any] []T

// DecodeItems implements ItemsDecoder.
func (l *Items[T]) DecodeItems(dec *Decoder, max int) error {
	items, err := DecodeArray[T](dec, max)
	*l = items
	return err
}

// DecodeArray reads a JSON array (or null, giving nil) from dec item by
// item; an array with more than max items fails at the first one past the
// cap, before it is decoded. An item that does not decode is listed by dec
// and kept at its zero value: the page keeps every item.
func DecodeArray[T any](dec *Decoder, max int) ([]T, error) {
	start := dec.dec.InputOffset()
	tok, err := dec.dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		return nil, dec.misfit(start, tok, "a JSON array")
	}
	return arrayItems[T](dec, max)
}

// arrayItems reads the items of an array whose '[' was read, and its ']'.
func arrayItems[T any](dec *Decoder, max int) ([]T, error) {
	out := []T{}
	for dec.dec.More() {
		if len(out) >= max {
			return nil, fmt.Errorf("the list page has more than %d items", max)
		}
		var zero T
		out = append(out, zero)
		dec.pushIndex(len(out) - 1)
		err := dec.Decode(&out[len(out)-1]) // no per-item holder to allocate
		dec.pop()
		if err != nil {
			return nil, err
		}
	}
	if _, err := dec.dec.Token(); err != nil { // ']'
		return nil, err
	}
	return out, nil
}

// DecodeList reads a list that is either a bare JSON array or an object
// holding the array under one of keys (matched case-insensitively, as
// encoding/json does; the first such member that is an array wins; every
// other member is skipped), item by item, at most max items. null, or a
// listed member that is null, gives an empty list; a listed member that is
// neither an array nor null is listed as an issue when no member holds the
// array. An object with none of the listed members is not a list answer:
// an error (the top-level shape is wrong).
func DecodeList[T any](dec *Decoder, max int, keys ...string) ([]T, error) {
	start := dec.dec.InputOffset()
	tok, err := dec.dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case nil:
		return nil, nil
	case json.Delim('['):
		return arrayItems[T](dec, max)
	case json.Delim('{'):
	default:
		return nil, dec.misfit(start, tok, "a JSON array or object")
	}
	var out []T
	found, present := false, false
	var odd struct { // the first listed member that is not an array
		key        string
		start, end int64
		tok        json.Token
	}
	for dec.dec.More() {
		tok, err := dec.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if found || !slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, key) }) {
			if err := SkipValue(dec); err != nil {
				return nil, err
			}
			continue
		}
		vstart := dec.dec.InputOffset()
		tok, err = dec.dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case json.Delim('['):
			dec.pushKey(key)
			out, err = arrayItems[T](dec, max)
			dec.pop()
			if err != nil {
				return nil, err
			}
			found = true
			continue
		case json.Delim('{'):
			if err := skipRest(dec.dec); err != nil {
				return nil, err
			}
		case nil:
			present = true
			continue
		}
		present = true
		if odd.tok == nil {
			odd.key, odd.start, odd.end, odd.tok = key, vstart, dec.dec.InputOffset(), tok
		}
	}
	if _, err := dec.dec.Token(); err != nil { // '}'
		return nil, err
	}
	if !found && !present {
		return nil, fmt.Errorf("expected a JSON array, or an object holding one under %s; the object has none of them", quoteKeys(keys))
	}
	if !found && odd.tok != nil {
		dec.pushKey(odd.key)
		dec.issues.AddValue(dec.pathString(), trimValue(dec.data[odd.start:odd.end]),
			fmt.Errorf("expected a JSON array, got %v", describeToken(odd.tok)))
		dec.pop()
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}

// quoteKeys renders keys for an error: "a", "b" or "c".
func quoteKeys(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = strconv.Quote(k)
	}
	switch len(q) {
	case 0:
		return "no key"
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// DecodeObject reads a JSON object from dec, calling member with each key;
// member must consume the key's value (dec.Decode, DecodeArray or
// SkipValue), and the key is the path of what it decodes. A JSON null is an
// empty object.
func DecodeObject(dec *Decoder, member func(key string) error) error {
	start := dec.dec.InputOffset()
	tok, err := dec.dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('{') {
		return dec.misfit(start, tok, "a JSON object")
	}
	for dec.dec.More() {
		tok, err := dec.dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("expected an object key, got %v", describeToken(tok))
		}
		dec.pushKey(key)
		err = member(key)
		dec.pop()
		if err != nil {
			return err
		}
	}
	_, err = dec.dec.Token() // '}'
	return err
}

// skipRest consumes the rest of an object or array whose opening delimiter
// was read.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// SkipValue consumes the next JSON value of dec without keeping it.
func SkipValue(dec *Decoder) error {
	var skip json.RawMessage
	return dec.dec.Decode(&skip)
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return "an object"
		case '[':
			return "an array"
		}
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	}
	return fmt.Sprintf("%v", tok)
}
