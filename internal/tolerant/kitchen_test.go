package tolerant

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The types below exercise every rule of the second pass. Their methods
// assign only on success, so a value that fails stays zero: the repair
// oracle (see checkRepair) relies on it.

type inner struct {
	A int      `json:"a"`
	B string   // untagged: matched by Go name, case-insensitively
	C *float64 `json:"c,omitempty"`
	D []string `json:"d"`
}

type Embedded struct {
	E1     string
	Shadow int `json:"shadow"` // hidden by kitchen.Shadow
	Deep   int `json:"deep"`
}

type EmbeddedP struct {
	P1 int `json:"p1"`
}

type embeddedLower struct {
	L1 int `json:"l1"` // promoted although the embedded type is unexported
}

// Conflict makes "conflict" ambiguous (two untagged at the same depth).
type ConflictA struct{ Conflict int }
type ConflictB struct{ Conflict int }

// textKey is a map key decoded through UnmarshalText.
type textKey string

func (k *textKey) UnmarshalText(b []byte) error {
	if strings.HasPrefix(string(b), "bad") {
		return errors.New("bad key")
	}
	*k = textKey("k:" + string(b))
	return nil
}

// upper is a TextUnmarshaler leaf.
type upper string

func (u *upper) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("upper: bad")
	}
	*u = upper(strings.ToUpper(string(b)))
	return nil
}

// strictInt is a json.Unmarshaler leaf that refuses anything but a number
// (null leaves it alone, as encoding/json's own types do).
type strictInt int

func (s *strictInt) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("strictInt: %w", err)
	}
	*s = strictInt(n)
	return nil
}

// pair is an Unmarshaler on a composite: it is a leaf, never descended into.
type pair struct{ X, Y int }

func (p *pair) UnmarshalJSON(b []byte) error {
	var a [2]int
	if string(b) == "null" {
		return nil
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	*p = pair{a[0], a[1]}
	return nil
}

type node struct {
	V    int     `json:"v"`
	Kids []*node `json:"kids"`
}

type kitchen struct {
	Embedded
	*EmbeddedP
	embeddedLower
	ConflictA
	ConflictB

	Shadow string `json:"shadow"`
	Name   string `json:"name"`
	Skip   string `json:"-"`
	//lint:ignore SA5008 "-," names the field "-", a rule under test
	Dash string `json:"-,"`
	Odd  string `json:"odd key!"`
	//lint:ignore SA5008 an invalid tag name falls back to the Go name, a rule under test
	Bad     string          `json:"bad\"tag"`
	Q       int             `json:"q,string"`
	QB      bool            `json:",string"`
	QP      *int64          `json:"qp,omitempty,string"`
	QS      string          `json:"qs,string"`
	F32     float32         `json:"f32"`
	F64     float64         `json:"f64"`
	U8      uint8           `json:"u8"`
	I64     int64           `json:"i64"`
	Bool    bool            `json:"bool"`
	Bytes   []byte          `json:"bytes"`
	Num     json.Number     `json:"num"`
	Raw     json.RawMessage `json:"raw"`
	Any     any             `json:"any"`
	Str     fmt.Stringer    `json:"str"`
	Ptr     *inner          `json:"ptr"`
	PP      **inner         `json:"pp"`
	List    []inner         `json:"list"`
	Arr     [2]int          `json:"arr"`
	Map     map[string]inner
	IntMap  map[int8]string     `json:"int_map"`
	UintMap map[uint8]bool      `json:"uint_map"`
	TextMap map[textKey]int     `json:"text_map"`
	Upper   upper               `json:"upper"`
	UpperP  *upper              `json:"upper_p"`
	Strict  strictInt           `json:"strict"`
	Pair    pair                `json:"pair"`
	Nested  [][]int             `json:"nested"`
	MapList map[string][]*inner `json:"map_list"`
	Tree    *node               `json:"tree"`
	Anys    []any               `json:"anys"`
}

// second runs the second pass alone (as if json.Unmarshal had failed).
func second(t testing.TB, data []byte, v any, opts Options) (*decoder, error) {
	t.Helper()
	return secondPass(data, reflect.ValueOf(v), opts)
}

// checkAgrees checks that on a document encoding/json decodes without
// error, the second pass decodes exactly the same value with no issue.
func checkAgrees[T any](t testing.TB, data []byte) {
	t.Helper()
	var want T
	if err := json.Unmarshal(data, &want); err != nil {
		return
	}
	var got T
	d, err := second(t, data, &got, Options{})
	if err != nil || len(d.issues) > 0 {
		t.Fatalf("second pass on %s: %v %v (encoding/json decodes it)", data, err, d.issues)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("second pass on %s:\n got %#v\nwant %#v", data, got, want)
	}
}

// checkRepair is the oracle for documents with issues: replacing every
// reported value with null gives a document encoding/json decodes without
// error into exactly what Decode produced. It proves that each issue left
// its value zero and that nothing else was lost. Documents with an issue on
// a map key (which null cannot replace) and documents repeating a key (a
// null would then undo the earlier value, which a failed value keeps) are
// skipped.
func checkRepair[T any](t testing.TB, data []byte) {
	t.Helper()
	if repeatsKey(data) {
		return
	}
	var got T
	d, err := second(t, data, &got, Options{MaxIssues: 1 << 30, MaxDepth: 1 << 20})
	if err != nil || len(d.issues) == 0 {
		return
	}
	var fixed []byte
	last := 0
	for _, sp := range d.spans { // in document order, never nested
		if j := ws(data, sp[1]); j < len(data) && data[j] == ':' {
			return // a key
		}
		fixed = append(append(fixed, data[last:sp[0]]...), "null"...)
		last = sp[1]
	}
	fixed = append(fixed, data[last:]...)
	var want T
	if err := json.Unmarshal(fixed, &want); err != nil {
		t.Fatalf("repaired %s -> %s: %v (issues %v)", data, fixed, err, d.issues)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("repair of %s (%v):\n got %#v\nwant %#v", data, d.issues, got, want)
	}
}

// repeatsKey reports whether an object of the document has two keys equal
// up to case.
func repeatsKey(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		keys   map[string]bool
		object bool
		expect bool // the next string token of an object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.expect {
			if k, ok := tok.(string); ok {
				f := string(appendFolded(nil, []byte(k)))
				if top.keys[f] {
					return true
				}
				top.keys[f] = true
				top.expect = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{keys: map[string]bool{}, object: true, expect: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: the enclosing object expects a key next.
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].expect = true
		}
	}
}
