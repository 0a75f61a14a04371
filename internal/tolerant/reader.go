package tolerant

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/webhook"
)

// Reader decodes one JSON document in a single pass, for decoders written
// by hand (a provider's resource types, whose relations come in several
// shapes). It checks the document as it reads it, so no encoding/json pass
// has to validate it first, and it never decodes a value twice:
//
//   - Malformed JSON stops the reader: every later call returns a zero
//     value and Finish returns encoding/json's own error for the document.
//   - A well-formed value of the wrong kind for what the decoder asks (a
//     number where String is called, a string where Object is) is skipped
//     and listed as a webhook.DecodeIssue with its path, as Decode lists
//     it; the decoder's field keeps its zero value. At the top of the
//     document it is an error instead.
//
// Values follow encoding/json: null leaves a value as it is (Object and
// Array report false, String "", ...); strings are unescaped, invalid UTF-8
// becoming U+FFFD; numbers must fit the type asked for. Object gives each
// member's key folded to lower case (Unicode simple folding, as
// encoding/json matches keys case-insensitively), so a decoder switches on
// lower-case names. Objects and arrays nested deeper than Options.MaxDepth
// (default DefaultMaxDepth) are skipped and listed; skipping is iterative,
// so no document makes the reader recurse.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	d     decoder
	pos   int
	bad   int    // offset of the first syntax error, -1 when none
	err   error  // the document's error, computed once (or given to Abort)
	key   []byte // scratch: a key unescaped or folded
	stack []byte // scratch: the containers Skip is inside
	path  [8]segment
}

// ReaderDecoder is implemented by types that decode themselves in one
// pass with a Reader, such as a provider's answer envelope. Decode and Read
// give them the document directly: no encoding/json pass runs before.
type ReaderDecoder interface {
	ReadJSON(r *Reader)
}

// Read decodes data into v with v's ReadJSON and returns the issues, as
// Decode does (in strict mode, a *StrictError when there are issues).
func Read(data []byte, v ReaderDecoder, opts Options) ([]webhook.DecodeIssue, error) {
	r := NewReader(data, opts)
	v.ReadJSON(r)
	issues, err := r.Finish()
	if err != nil {
		return nil, err
	}
	if opts.Strict && len(issues) > 0 {
		return issues, &StrictError{Issues: issues}
	}
	return issues, nil
}

// maxNesting is encoding/json's limit on nesting: a deeper document is
// malformed for encoding/json, so it is for the Reader too.
const maxNesting = 10000

// NewReader returns a Reader over the JSON document data; opts.MaxIssues
// and opts.MaxDepth bound it (opts.Strict is for the caller to apply).
func NewReader(data []byte, opts Options) *Reader {
	r := &Reader{bad: -1}
	r.d = decoder{data: data, misfit: -1, maxIssues: opts.MaxIssues, maxDepth: opts.MaxDepth}
	if r.d.maxIssues <= 0 {
		r.d.maxIssues = DefaultMaxIssues
	}
	if r.d.maxDepth <= 0 {
		r.d.maxDepth = DefaultMaxDepth
	}
	r.d.path = r.path[:0]
	return r
}

// Finish checks that only white space follows the document's value and
// returns the issues found (nil when none, ending with a summary entry
// when more than Options.MaxIssues were found), or the error that makes
// the document unusable: malformed JSON, or a top-level value of the wrong
// kind.
func (r *Reader) Finish() ([]webhook.DecodeIssue, error) {
	r.ws()
	if r.bad < 0 && r.pos < len(r.d.data) {
		r.fail()
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if r.d.rootErr != nil {
		return nil, r.d.rootErr
	}
	return r.d.finish(), nil
}

// Abort stops the reader: the document cannot be used (a list longer than
// the caller accepts, say), and Finish returns err.
func (r *Reader) Abort(err error) {
	if r.bad < 0 {
		r.bad, r.err = r.pos, err
	}
	r.pos = len(r.d.data)
}

// Err returns the error of a malformed document (encoding/json's error for
// it) or the one given to Abort, or nil while the document is well formed
// so far.
func (r *Reader) Err() error {
	if r.bad < 0 {
		return nil
	}
	if r.err == nil {
		var raw json.RawMessage
		r.err = json.Unmarshal(r.d.data, &raw)
		if r.err == nil { // well formed after all: nested beyond maxNesting
			r.err = fmt.Errorf("invalid JSON at offset %d", r.bad)
		}
	}
	return r.err
}

// Pos is the offset of the reader in the document: where the next value
// starts, once Kind has skipped the white space before it.
func (r *Reader) Pos() int { return r.pos }

// Bytes returns the document's bytes from start (a Pos) to the reader's
// position: the exact text of the values read since.
func (r *Reader) Bytes(start int) []byte {
	if start < 0 || start > r.pos {
		return nil
	}
	return r.d.data[start:r.pos]
}

// fail records a syntax error at the reader's position and stops it.
func (r *Reader) fail() {
	if r.bad < 0 {
		r.bad = r.pos
	}
	r.pos = len(r.d.data)
}

func (r *Reader) ws() {
	data := r.d.data
	for r.pos < len(data) {
		switch data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// Kind skips white space and returns the first byte of the next value: '{',
// '[', '"', 't', 'f', 'n', or '0' for any number. It returns 0 once the
// document is malformed or at its end (then marking it malformed).
func (r *Reader) Kind() byte {
	if r.bad >= 0 {
		return 0
	}
	r.ws()
	if r.pos >= len(r.d.data) {
		r.fail()
		return 0
	}
	switch c := r.d.data[r.pos]; c {
	case '{', '[', '"', 't', 'f', 'n':
		return c
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	r.fail()
	return 0
}

// Object reads an object, calling member with each key (folded to lower
// case; valid only during the call) while the path points at the member.
// member reads the value with one call of the Reader, or reads nothing and
// the value is skipped. Object reports whether it read an object: null
// gives false, and so does a value of another kind, which is listed (see
// Reader).
func (r *Reader) Object(member func(key []byte)) bool {
	if !r.enter('{', mapType) {
		return false
	}
	data := r.d.data
	if r.pos < len(data) && data[r.pos] == '}' {
		r.pos++
		return true
	}
	for {
		if r.pos >= len(data) || data[r.pos] != '"' {
			r.fail()
			return false
		}
		keyStart := r.pos
		escaped, ascii := r.scanString()
		if r.bad >= 0 {
			return false
		}
		keyEnd := r.pos
		r.ws()
		if r.pos >= len(data) || data[r.pos] != ':' {
			r.fail()
			return false
		}
		r.pos++
		r.ws()
		valueStart := r.pos
		r.d.path = append(r.d.path, segment{key: data[keyStart:keyEnd]})
		member(r.foldKey(data[keyStart:keyEnd], escaped, ascii))
		if r.bad >= 0 {
			return false
		}
		if r.ws(); r.pos == valueStart {
			r.Skip()
		}
		r.d.path = r.d.path[:len(r.d.path)-1]
		if more, ok := r.next('}'); !more {
			return ok
		}
	}
}

// next reads what follows a member or an item: ',' (more follow) or the
// container's closing byte (done; ok). Anything else is malformed.
func (r *Reader) next(closing byte) (more, ok bool) {
	r.ws()
	switch {
	case r.pos >= len(r.d.data):
	case r.d.data[r.pos] == ',':
		r.pos++
		r.ws()
		return true, true
	case r.d.data[r.pos] == closing:
		r.pos++
		return false, true
	}
	r.fail()
	return false, false
}

// Key returns the key of the member being read, unescaped but not folded
// (for a decoder that keeps keys, such as a map's), or "" outside an
// object.
func (r *Reader) Key() string {
	if n := len(r.d.path); n > 0 && r.d.path[n-1].key != nil {
		return keyText(r.d.path[n-1].key)
	}
	return ""
}

// enter reads the opening byte of an object or an array (open) and the
// white space after it. It reports false, having read the whole value, for
// null, for a value of another kind (listed as not fitting t) and for a
// container nested too deep.
func (r *Reader) enter(open byte, t reflect.Type) bool {
	switch r.Kind() {
	case open:
	case 'n':
		r.literal("null")
		return false
	case 0:
		return false
	default:
		r.SkipMisfit(t)
		return false
	}
	if len(r.d.path) >= r.d.maxDepth || len(r.d.path) >= maxNesting {
		r.tooDeep()
		return false
	}
	r.pos++
	r.ws()
	return true
}

// foldKey returns the key of the literal lit as a decoder matches it.
func (r *Reader) foldKey(lit []byte, escaped, ascii bool) []byte {
	key := lit[1 : len(lit)-1]
	if escaped || !ascii {
		s, err := jsonscan.Unquote(lit)
		if err != nil {
			return key
		}
		r.key = append(r.key[:0], s...)
		key = r.key
	}
	lower := true
	for _, c := range key {
		if 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			lower = false
			break
		}
	}
	if lower {
		return key
	}
	folded := appendFolded(make([]byte, 0, len(key)), key)
	for i, c := range folded {
		if 'A' <= c && c <= 'Z' {
			folded[i] = c + 'a' - 'A'
		}
	}
	r.key = append(r.key[:0], folded...)
	return r.key
}

// Array reads an array, calling item with each index while the path points
// at the item; item reads the value with one call of the Reader, or reads
// nothing and the value is skipped. Array reports whether it read an
// array: null gives false, and so does a value of another kind, which is
// listed (see Reader).
func (r *Reader) Array(item func(i int)) bool {
	if !r.enter('[', sliceType) {
		return false
	}
	data := r.d.data
	if r.pos < len(data) && data[r.pos] == ']' {
		r.pos++
		return true
	}
	for i := 0; ; i++ {
		valueStart := r.pos
		r.d.path = append(r.d.path, segment{index: i})
		item(i)
		if r.bad >= 0 {
			return false
		}
		if r.ws(); r.pos == valueStart {
			r.Skip()
		}
		r.d.path = r.d.path[:len(r.d.path)-1]
		if more, ok := r.next(']'); !more {
			return ok
		}
	}
}

var (
	stringType  = reflect.TypeFor[string]()
	boolType    = reflect.TypeFor[bool]()
	float64Type = reflect.TypeFor[float64]()
	int64Type   = reflect.TypeFor[int64]()
	intType     = reflect.TypeFor[int]()
	mapType     = reflect.TypeFor[map[string]any]()
	sliceType   = reflect.TypeFor[[]any]()
)

// String reads a string; null gives "".
func (r *Reader) String() string {
	switch r.Kind() {
	case '"':
		start := r.pos
		escaped, ascii := r.scanString()
		if r.bad >= 0 {
			return ""
		}
		return r.text(r.d.data[start:r.pos], escaped, ascii)
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.SkipMisfit(stringType)
	}
	return ""
}

// text returns the contents of the checked string literal lit.
func (r *Reader) text(lit []byte, escaped, ascii bool) string {
	content := lit[1 : len(lit)-1]
	if !escaped && (ascii || utf8.Valid(content)) {
		return string(content)
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		r.fail()
		return ""
	}
	return s
}

// Bool reads true or false; null gives false.
func (r *Reader) Bool() bool {
	switch r.Kind() {
	case 't':
		return r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.SkipMisfit(boolType)
	}
	return false
}

// Float64 reads a number; null gives 0, and so does a number out of
// float64's range, which is listed.
func (r *Reader) Float64() float64 {
	f, _ := r.Float64OK()
	return f
}

// Float64OK is Float64 that also reports whether it read a number.
func (r *Reader) Float64OK() (float64, bool) {
	switch r.Kind() {
	case '0':
		start := r.pos
		r.scanNumber()
		if r.bad >= 0 {
			return 0, false
		}
		lit := r.d.data[start:r.pos]
		if n, ok := jsonscan.Int(lit); ok {
			return float64(n), true
		}
		f, err := strconv.ParseFloat(string(lit), 64)
		if err != nil {
			r.misfit(start, "number "+string(lit), float64Type)
			return 0, false
		}
		return f, true
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.SkipMisfit(float64Type)
	}
	return 0, false
}

// Int64 reads an integer; null gives 0, and so does a number with a
// fraction or out of int64's range, which is listed.
func (r *Reader) Int64() int64 {
	switch r.Kind() {
	case '0':
		start := r.pos
		r.scanNumber()
		if r.bad >= 0 {
			return 0
		}
		lit := r.d.data[start:r.pos]
		if n, ok := jsonscan.Int(lit); ok {
			return n
		}
		n, err := strconv.ParseInt(string(lit), 10, 64)
		if err != nil {
			r.misfit(start, "number "+string(lit), int64Type)
			return 0
		}
		return n
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.SkipMisfit(int64Type)
	}
	return 0
}

// Int reads an integer that fits an int (see Int64).
func (r *Reader) Int() int {
	start := r.pos
	n := r.Int64()
	if n > math.MaxInt || n < math.MinInt {
		r.misfit(start, "number "+strconv.FormatInt(n, 10), intType)
		return 0
	}
	return int(n)
}

// Raw reads any value and returns its exact text (a subslice of the
// document), nil once the document is malformed.
func (r *Reader) Raw() []byte {
	if r.Kind() == 0 {
		return nil
	}
	start := r.pos
	r.Skip()
	if r.bad >= 0 {
		return nil
	}
	return r.d.data[start:r.pos]
}

// Unmarshal reads any value and gives its text to u: this package's
// Unmarshaler when u has it, else u's UnmarshalJSON. What u reports is
// listed under the current path (see Reader); u keeps what it decoded.
func (r *Reader) Unmarshal(u json.Unmarshaler) {
	raw := r.Raw()
	if raw == nil {
		return
	}
	start := r.pos - len(raw)
	if tu, ok := u.(Unmarshaler); ok {
		r.d.nested(tu, start, r.pos)
		return
	}
	if err := u.UnmarshalJSON(raw); err != nil {
		r.d.report(start, r.pos, err)
	}
}

// Value reads any value into v (a non-nil pointer) as Decode does, listing
// its issues under the current path: for types a hand-written decoder
// leaves to reflection.
func (r *Reader) Value(v any) {
	raw := r.Raw()
	if raw == nil {
		return
	}
	start := r.pos - len(raw)
	r.d.nested(decodeInto{v}, start, r.pos)
}

// decodeInto adapts Decode to Unmarshaler.
type decodeInto struct{ v any }

func (d decodeInto) UnmarshalJSONTolerant(data []byte, opts Options) ([]webhook.DecodeIssue, error) {
	return Decode(data, d.v, opts)
}

// Issue lists the value read since start (a Pos) under the current path as
// not decoded because of err (at the top of the document: the document's
// error).
func (r *Reader) Issue(start int, err error) {
	if r.bad >= 0 || start < 0 || start > r.pos {
		return
	}
	r.d.report(start, r.pos, err)
}

// SkipMisfit skips the next value and lists it as not fitting t (a
// *json.UnmarshalTypeError naming its JSON kind), as Decode lists a value
// of the wrong kind.
func (r *Reader) SkipMisfit(t reflect.Type) {
	if r.Kind() == 0 {
		return
	}
	start := r.pos
	what := kindOf(r.d.data[start])
	r.Skip()
	r.misfit(start, what, t)
}

func (r *Reader) misfit(start int, what string, t reflect.Type) {
	if r.bad >= 0 {
		return
	}
	r.d.mismatch(start, r.pos, what, t)
}

// errTooDeep is the cause of a value nested beyond Options.MaxDepth.
var errTooDeep = errors.New("nested too deep")

func (r *Reader) tooDeep() {
	if len(r.d.path) >= maxNesting {
		r.fail()
		return
	}
	start := r.pos
	r.Skip()
	r.Issue(start, fmt.Errorf("%w (more than %d levels)", errTooDeep, r.d.maxDepth))
}

// literal reads the literal lit (true, false or null) and reports whether
// it was true.
func (r *Reader) literal(lit string) bool {
	data := r.d.data
	if len(data)-r.pos < len(lit) || string(data[r.pos:r.pos+len(lit)]) != lit {
		r.fail()
		return false
	}
	r.pos += len(lit)
	return lit == "true"
}

// scanString reads the string literal at the reader's position, checking
// it, and reports whether it has escapes and whether it is all ASCII.
func (r *Reader) scanString() (escaped, ascii bool) {
	data := r.d.data
	ascii = true
	for i := r.pos + 1; i < len(data); {
		c := data[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return escaped, ascii
		case c == '\\':
			escaped = true
			if i+1 >= len(data) {
				r.pos = i
				r.fail()
				return
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) || !isHex(data[i+5]) {
					r.pos = i
					r.fail()
					return
				}
				i += 6
			default:
				r.pos = i
				r.fail()
				return
			}
		case c < 0x20:
			r.pos = i
			r.fail()
			return
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			i++
		}
	}
	r.pos = len(data)
	r.fail()
	return
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scanNumber reads the number at the reader's position, checking its
// grammar.
func (r *Reader) scanNumber() {
	data := r.d.data
	i := r.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		for i++; i < len(data) && '0' <= data[i] && data[i] <= '9'; i++ {
		}
	default:
		r.pos = i
		r.fail()
		return
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			r.pos = i
			r.fail()
			return
		}
		for ; i < len(data) && '0' <= data[i] && data[i] <= '9'; i++ {
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			r.pos = i
			r.fail()
			return
		}
		for ; i < len(data) && '0' <= data[i] && data[i] <= '9'; i++ {
		}
	}
	r.pos = i
}

// Skip reads any value without keeping it, checking it, iteratively.
func (r *Reader) Skip() {
	if r.Kind() == 0 {
		return
	}
	data := r.d.data
	stack := r.stack[:0]
	defer func() { r.stack = stack[:0] }()
	for {
		// A value.
		switch k := r.Kind(); k {
		case '{', '[':
			if len(r.d.path)+len(stack) >= maxNesting {
				r.fail()
				return
			}
			r.pos++
			r.ws()
			if r.pos < len(data) && data[r.pos] == k+2 { // '}' or ']'
				r.pos++
				break
			}
			stack = append(stack, k)
			if k == '{' && !r.memberKey() {
				return
			}
			continue
		case '"':
			r.scanString()
		case '0':
			r.scanNumber()
		case 't':
			r.literal("true")
		case 'f':
			r.literal("false")
		case 'n':
			r.literal("null")
		default:
			return
		}
		// After a value: close containers, or go on to the next value.
		for {
			if r.bad >= 0 || len(stack) == 0 {
				return
			}
			r.ws()
			if r.pos >= len(data) {
				r.fail()
				return
			}
			top := stack[len(stack)-1]
			c := data[r.pos]
			if c == ',' {
				r.pos++
				if top == '{' && !r.memberKey() {
					return
				}
				break
			}
			if c == top+2 { // '}' or ']'
				r.pos++
				stack = stack[:len(stack)-1]
				continue
			}
			r.fail()
			return
		}
	}
}

// memberKey reads `"key":` inside an object being skipped.
func (r *Reader) memberKey() bool {
	data := r.d.data
	r.ws()
	if r.pos >= len(data) || data[r.pos] != '"' {
		r.fail()
		return false
	}
	r.scanString()
	r.ws()
	if r.bad >= 0 || r.pos >= len(data) || data[r.pos] != ':' {
		r.fail()
		return false
	}
	r.pos++
	return true
}
