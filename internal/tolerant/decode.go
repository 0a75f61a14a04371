package tolerant

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/esignkit/esign/webhook"
)

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType          = reflect.TypeFor[json.Number]()
)

// segment is one step of the path to the value being decoded: an object
// key (its JSON literal, quotes included) or an array index.
type segment struct {
	key   []byte
	index int
}

// decoder is the second pass: one recursive descent over a well-formed
// document, position by position, that never stops at a value that does not
// fit.
type decoder struct {
	data      []byte
	maxIssues int
	maxDepth  int
	path      []segment
	issues    []webhook.DecodeIssue
	dropped   int      // issues found beyond maxIssues
	spans     [][2]int // data[start:end] of each listed issue (for tests)
	rootErr   error
	misfit    int // start of the last value of the wrong kind
	types     map[reflect.Type]*structInfo
}

func newDecoder(data []byte, opts Options) *decoder {
	d := &decoder{misfit: -1, data: data, maxIssues: opts.MaxIssues, maxDepth: opts.MaxDepth, types: map[reflect.Type]*structInfo{}}
	if d.maxIssues <= 0 {
		d.maxIssues = DefaultMaxIssues
	}
	if d.maxDepth <= 0 {
		d.maxDepth = DefaultMaxDepth
	}
	return d
}

// finish returns the issues, ending with a summary entry when some were
// dropped.
func (d *decoder) finish() []webhook.DecodeIssue {
	if d.dropped > 0 {
		d.issues = append(d.issues, webhook.DecodeIssue{Err: &moreIssues{n: d.dropped}})
	}
	return d.issues
}

// keep reports whether the next issue will be listed (root problems are
// errors and always kept).
func (d *decoder) keep() bool {
	return len(d.path) == 0 || len(d.issues) < d.maxIssues
}

// report records that the value data[start:end] did not decode. At the root
// it is the document that does not fit: an error, not an issue.
func (d *decoder) report(start, end int, err error) {
	if len(d.path) == 0 {
		if d.rootErr == nil {
			d.rootErr = err
		}
		return
	}
	if len(d.issues) >= d.maxIssues {
		d.dropped++
		return
	}
	d.issues = append(d.issues, webhook.DecodeIssue{Path: d.pathString(), Raw: excerpt(d.data[start:end]), Err: err})
	d.spans = append(d.spans, [2]int{start, end})
}

// mismatch reports a JSON value of the wrong kind for type t.
func (d *decoder) mismatch(start, end int, what string, t reflect.Type) {
	d.misfit = start
	if !d.keep() {
		d.dropped++
		return
	}
	d.report(start, end, &json.UnmarshalTypeError{Value: what, Type: t, Offset: int64(start)})
}

// value decodes the value at i into v (an invalid v skips it) and returns
// the index just past it.
func (d *decoder) value(i int, v reflect.Value) int {
	i = ws(d.data, i)
	if i >= len(d.data) {
		return i
	}
	if !v.IsValid() {
		return valueEnd(d.data, i)
	}
	// A nil pointer the value turns out not to fit stays nil (encoding/json
	// would leave it pointing at a zero value).
	if v.Kind() == reflect.Pointer && v.IsNil() && v.CanSet() {
		end := d.valueAt(i, v)
		if d.misfit == i {
			v.SetZero()
		}
		return end
	}
	return d.valueAt(i, v)
}

func (d *decoder) valueAt(i int, v reflect.Value) int {
	switch d.data[i] {
	case '{', '[':
		if len(d.path) >= d.maxDepth {
			end := valueEnd(d.data, i)
			d.whole(i, end, v)
			return end
		}
		if d.data[i] == '{' {
			return d.object(i, v)
		}
		return d.array(i, v)
	}
	return d.literal(i, v)
}

// whole decodes data[start:end] into v with encoding/json, as one unit.
func (d *decoder) whole(start, end int, v reflect.Value) {
	if !v.CanAddr() || !v.Addr().CanInterface() {
		d.report(start, end, fmt.Errorf("cannot decode into %v", v.Type()))
		return
	}
	if err := json.Unmarshal(d.data[start:end], v.Addr().Interface()); err != nil {
		d.report(start, end, err)
	}
}

// methods handles an object or array at start whose target type has a
// method encoding/json defers to: json.Unmarshaler (or this package's
// Unmarshaler) decides; encoding.TextUnmarshaler only takes strings. done
// reports that it did (end is then past the value); otherwise pv is the value
// to decode into, past pointers.
func (d *decoder) methods(start int, v reflect.Value) (pv reflect.Value, done bool, end int) {
	u, ut, pv := indirect(v, false)
	if u == nil && ut == nil {
		return pv, false, -1
	}
	end = valueEnd(d.data, start)
	if u != nil {
		d.unmarshal(u, d.data[start:end], start, end, false)
	} else {
		d.mismatch(start, end, kindOf(d.data[start]), v.Type())
	}
	return pv, true, end
}

// unmarshal runs u on item: data[start:end], through UnmarshalJSONTolerant
// when u has it, or the contents of a ",string" field (fromQuoted). It
// reports whether u succeeded.
func (d *decoder) unmarshal(u json.Unmarshaler, item []byte, start, end int, fromQuoted bool) bool {
	if tu, ok := u.(Unmarshaler); ok && !fromQuoted {
		return d.nested(tu, start, end)
	}
	if err := u.UnmarshalJSON(item); err != nil {
		d.report(start, end, err)
		return false
	}
	return true
}

func (d *decoder) object(i int, v reflect.Value) int {
	v, done, end := d.methods(i, v)
	if done {
		return end
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.NumMethod() == 0 {
			end := valueEnd(d.data, i)
			d.whole(i, end, v)
			return end
		}
	case reflect.Struct:
		return d.structObject(i, v)
	case reflect.Map:
		kt := v.Type().Key()
		switch kt.Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return d.mapObject(i, v)
		}
		if reflect.PointerTo(kt).Implements(textUnmarshalerType) {
			return d.mapObject(i, v)
		}
	}
	end = valueEnd(d.data, i)
	d.mismatch(i, end, "object", v.Type())
	return end
}

// members walks the object at i, pushing each key on the path while member
// decodes its value: member gets the key literal data[keyStart:keyEnd]
// (quotes included) and the index of the value, and returns the index past
// the value.
func (d *decoder) members(i int, member func(keyStart, keyEnd, value int) int) int {
	i++ // {
	for {
		i = ws(d.data, i)
		if i >= len(d.data) {
			return i
		}
		switch d.data[i] {
		case '}':
			return i + 1
		case ',':
			i++
			continue
		}
		keyStart := i
		keyEnd, _ := stringEnd(d.data, i)
		i = ws(d.data, keyEnd)
		if i < len(d.data) && d.data[i] == ':' {
			i++
		}
		d.path = append(d.path, segment{key: d.data[keyStart:keyEnd]})
		i = member(keyStart, keyEnd, ws(d.data, i))
		d.path = d.path[:len(d.path)-1]
	}
}

func (d *decoder) structObject(i int, v reflect.Value) int {
	info := d.types[v.Type()]
	if info == nil {
		info = structFields(v.Type())
		d.types[v.Type()] = info
	}
	return d.members(i, func(keyStart, keyEnd, i int) int {
		lit := d.data[keyStart:keyEnd]
		name := lit[1:max(1, len(lit)-1)]
		if bytes.IndexByte(name, '\\') >= 0 {
			if s, ok := unquote(lit); ok {
				name = []byte(s)
			}
		}
		f := info.lookup(name)
		if f == nil {
			return valueEnd(d.data, i)
		}
		fv, err := fieldByIndex(v, f.index)
		switch {
		case err != nil:
			end := valueEnd(d.data, i)
			d.report(i, end, err)
			return end
		case f.quoted:
			return d.quoted(i, fv)
		}
		return d.value(i, fv)
	})
}

// fieldByIndex walks the embedded-struct path, allocating nil embedded
// pointers on the way (encoding/json does the same, and fails the same way
// for a pointer to an unexported struct type).
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, error) {
	for _, x := range index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, fmt.Errorf("json: cannot set embedded pointer to unexported struct: %v", v.Type().Elem())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

func (d *decoder) mapObject(i int, v reflect.Value) int {
	t := v.Type()
	if v.IsNil() {
		v.Set(reflect.MakeMap(t))
	}
	return d.members(i, func(keyStart, keyEnd, i int) int {
		elem := reflect.New(t.Elem()).Elem()
		end := d.value(i, elem)
		if kv, ok := d.mapKey(keyStart, keyEnd, t.Key()); ok {
			v.SetMapIndex(kv, elem)
		}
		return end
	})
}

// mapKey converts the key literal data[start:end] to a map key of type kt.
func (d *decoder) mapKey(start, end int, kt reflect.Type) (reflect.Value, bool) {
	if reflect.PointerTo(kt).Implements(textUnmarshalerType) {
		kv := reflect.New(kt)
		u, ut, _ := indirect(kv, false)
		var err error
		switch {
		case u != nil:
			err = u.UnmarshalJSON(d.data[start:end])
		case ut != nil:
			s, ok := unquote(d.data[start:end])
			if !ok {
				err = fmt.Errorf("invalid key")
			} else {
				err = ut.UnmarshalText([]byte(s))
			}
		}
		if err != nil {
			d.report(start, end, err)
			return reflect.Value{}, false
		}
		return kv.Elem(), true
	}
	s, ok := unquote(d.data[start:end])
	if !ok {
		d.report(start, end, fmt.Errorf("invalid key"))
		return reflect.Value{}, false
	}
	kv := reflect.New(kt).Elem()
	switch kt.Kind() {
	case reflect.String:
		kv.SetString(s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || kt.OverflowInt(n) {
			d.mismatch(start, end, "number "+s, kt)
			return reflect.Value{}, false
		}
		kv.SetInt(n)
	default: // unsigned integers: object() admits no other kind
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || kt.OverflowUint(n) {
			d.mismatch(start, end, "number "+s, kt)
			return reflect.Value{}, false
		}
		kv.SetUint(n)
	}
	return kv, true
}

func (d *decoder) array(i int, v reflect.Value) int {
	v, done, end := d.methods(i, v)
	if done {
		return end
	}
	switch {
	case v.Kind() == reflect.Slice, v.Kind() == reflect.Array:
	case v.Kind() == reflect.Interface && v.NumMethod() == 0:
		end := valueEnd(d.data, i)
		d.whole(i, end, v)
		return end
	default:
		end := valueEnd(d.data, i)
		d.mismatch(i, end, "array", v.Type())
		return end
	}
	slice := v.Kind() == reflect.Slice
	n := 0
	i++ // [
	for {
		i = ws(d.data, i)
		if i >= len(d.data) {
			break
		}
		if d.data[i] == ']' {
			i++
			break
		}
		if d.data[i] == ',' {
			i++
			continue
		}
		if slice {
			if n >= v.Cap() {
				v.Grow(1)
			}
			if n >= v.Len() {
				v.SetLen(n + 1)
			}
		}
		d.path = append(d.path, segment{index: n})
		if n < v.Len() {
			i = d.value(i, v.Index(n))
		} else {
			i = valueEnd(d.data, i)
		}
		d.path = d.path[:len(d.path)-1]
		n++
	}
	if n < v.Len() {
		if slice {
			v.SetLen(n)
		} else {
			for j := n; j < v.Len(); j++ {
				v.Index(j).SetZero()
			}
		}
	}
	if n == 0 && slice {
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	}
	return i
}

// literal decodes the string, number, true, false or null at i.
func (d *decoder) literal(i int, v reflect.Value) int {
	end := literalEnd(d.data, i)
	d.store(d.data[i:end], v, i, end, false)
	return end
}

// quoted decodes a ",string" field: a JSON string holding a literal, or
// null.
func (d *decoder) quoted(i int, v reflect.Value) int {
	if i >= len(d.data) {
		return i
	}
	switch d.data[i] {
	case 'n':
		return d.literal(i, v)
	case '"':
		end := literalEnd(d.data, i)
		s, ok := unquote(d.data[i:end])
		if !ok {
			d.report(i, end, errQuoted(d.data[i:end], v.Type()))
			return end
		}
		wasNil := v.Kind() == reflect.Pointer && v.IsNil() && v.CanSet()
		if !d.store([]byte(s), v, i, end, true) && wasNil {
			v.SetZero() // allocated on the way to a value that failed
		}
		return end
	}
	end := valueEnd(d.data, i)
	d.report(i, end, fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal unquoted value into %v", v.Type()))
	return end
}

func errQuoted(item []byte, t reflect.Type) error {
	return fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal %q into %v", item, t)
}

// store decodes one literal item into v with encoding/json's rules,
// reporting problems against data[start:end]. fromQuoted is set for the
// contents of a ",string" field, which encoding/json parses without
// re-checking JSON syntax (so "00" is 0 there, and here). It reports whether
// the value decoded.
func (d *decoder) store(item []byte, v reflect.Value, start, end int, fromQuoted bool) bool {
	fail := func(what string) bool {
		if fromQuoted {
			d.report(start, end, errQuoted(item, v.Type()))
		} else {
			d.mismatch(start, end, what, v.Type())
		}
		return false
	}
	if len(item) == 0 {
		return fail("string")
	}
	c := item[0]
	u, ut, pv := indirect(v, c == 'n')
	switch {
	case u != nil:
		return d.unmarshal(u, item, start, end, fromQuoted)
	case ut != nil:
		if c != '"' {
			return fail(kindOf(c))
		}
		s, ok := unquote(item)
		if !ok {
			return fail("string")
		}
		if err := ut.UnmarshalText([]byte(s)); err != nil {
			d.report(start, end, err)
			return false
		}
		return true
	}
	v = pv
	switch c {
	case 'n':
		if fromQuoted && string(item) != "null" {
			return fail("null")
		}
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
			v.SetZero()
		}
	case 't', 'f':
		if fromQuoted && string(item) != "true" && string(item) != "false" {
			return fail("bool")
		}
		b := c == 't'
		switch {
		case v.Kind() == reflect.Bool:
			v.SetBool(b)
		case v.Kind() == reflect.Interface && v.NumMethod() == 0:
			v.Set(reflect.ValueOf(b))
		default:
			return fail("bool")
		}
	case '"':
		switch {
		case v.Kind() == reflect.String && v.Type() != numberType,
			v.Kind() == reflect.Interface && v.NumMethod() == 0:
			s, ok := unquote(item)
			if !ok {
				return fail("string")
			}
			if v.Kind() == reflect.String {
				v.SetString(s)
			} else {
				v.Set(reflect.ValueOf(s))
			}
		case v.Kind() == reflect.String, // json.Number: encoding/json checks the number
			v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8: // base64
			if !v.CanAddr() || !v.Addr().CanInterface() {
				return fail("string")
			}
			if err := json.Unmarshal(item, v.Addr().Interface()); err != nil {
				d.report(start, end, err)
				return false
			}
		default:
			return fail("string")
		}
	default: // number
		if c != '-' && (c < '0' || c > '9') {
			return fail("number")
		}
		return d.number(item, v, start, end, fromQuoted)
	}
	return true
}

// number stores a number literal into v.
func (d *decoder) number(item []byte, v reflect.Value, start, end int, fromQuoted bool) bool {
	var ok bool
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(string(item), 10, 64)
		if ok = err == nil && !v.OverflowInt(n); ok {
			v.SetInt(n)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(string(item), 10, 64)
		if ok = err == nil && !v.OverflowUint(n); ok {
			v.SetUint(n)
		}
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(string(item), v.Type().Bits())
		if ok = err == nil && !v.OverflowFloat(f); ok {
			v.SetFloat(f)
		}
	case reflect.Interface:
		if v.NumMethod() == 0 {
			f, err := strconv.ParseFloat(string(item), 64)
			if ok = err == nil; ok {
				v.Set(reflect.ValueOf(f))
			}
			break
		}
		fallthrough
	default:
		if v.Kind() == reflect.String && v.Type() == numberType && (!fromQuoted || json.Valid(item)) {
			v.SetString(string(item))
			return true
		}
		if fromQuoted {
			d.report(start, end, errQuoted(item, v.Type()))
		} else {
			d.mismatch(start, end, "number", v.Type())
		}
		return false
	}
	switch {
	case ok:
	case fromQuoted:
		d.report(start, end, errQuoted(item, v.Type()))
	case !d.keep():
		d.misfit = start
		d.dropped++
	default: // named as encoding/json names it: "number 1e30"
		d.mismatch(start, end, "number "+string(item), v.Type())
	}
	return ok
}

// plainString returns the contents of the string literal lit when it needs
// no unescaping (the common case), without going through encoding/json.
func plainString(lit []byte) (string, bool) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", false
	}
	b := lit[1 : len(lit)-1]
	ascii := true
	for _, c := range b {
		switch {
		case c == '\\' || c == '"' || c < ' ':
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	// encoding/json replaces invalid UTF-8 with U+FFFD: leave that to it.
	if !ascii && !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// unquote returns the contents of lit when it is exactly one string literal.
func unquote(lit []byte) (string, bool) {
	if s, ok := plainString(lit); ok {
		return s, true
	}
	if len(lit) < 2 || lit[0] != '"' {
		return "", false
	}
	if end, _ := stringEnd(lit, 0); end != len(lit) {
		return "", false
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return "", false
	}
	return s, true
}

// indirect walks v the way encoding/json does before storing a value:
// through pointers (allocating nil ones, except that null stops at a
// settable pointer) and through non-nil interfaces holding non-nil pointers,
// stopping at the first type implementing json.Unmarshaler or, unless
// decoding null, encoding.TextUnmarshaler. Named addressable values are
// checked through their address so pointer methods are found.
func indirect(v reflect.Value, decodingNull bool) (json.Unmarshaler, encoding.TextUnmarshaler, reflect.Value) {
	v0 := v
	haveAddr := false
	if v.Kind() != reflect.Pointer && v.Type().Name() != "" && v.CanAddr() {
		haveAddr = true
		v = v.Addr()
	}
	for {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			e := v.Elem()
			if e.Kind() == reflect.Pointer && !e.IsNil() && (!decodingNull || e.Elem().Kind() == reflect.Pointer) {
				haveAddr = false
				v = e
				continue
			}
		}
		if v.Kind() != reflect.Pointer {
			break
		}
		if decodingNull && v.CanSet() {
			break
		}
		// An interface holding its own address (var x any; x = &x).
		if v.Elem().Kind() == reflect.Interface && v.Elem().Elem().Equal(v) {
			v = v.Elem()
			break
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if v.Type().NumMethod() > 0 && v.CanInterface() {
			if u, ok := v.Interface().(json.Unmarshaler); ok {
				return u, nil, reflect.Value{}
			}
			if !decodingNull {
				if u, ok := v.Interface().(encoding.TextUnmarshaler); ok {
					return nil, u, reflect.Value{}
				}
			}
		}
		if haveAddr {
			v = v0
			haveAddr = false
		} else {
			v = v.Elem()
		}
	}
	return nil, nil, v
}

// excerpt bounds a raw value for DecodeIssue.Raw.
func excerpt(b []byte) string {
	if len(b) <= rawLimit {
		return string(b)
	}
	cut := rawLimit
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return string(b[:cut]) + "…"
}
