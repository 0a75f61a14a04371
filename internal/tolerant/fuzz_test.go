package tolerant

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/esignkit/esign/webhook"
)

// FuzzDecode checks, for any input and three targets (a struct using every
// rule, a slice, a map):
//   - input that is not JSON fails, and so does a top-level value of the
//     wrong shape;
//   - a document encoding/json decodes gives the same value and no issue,
//     through Decode and through the second pass alone;
//   - otherwise, replacing each reported value with null gives a document
//     encoding/json decodes into exactly Decode's result (nothing but the
//     reported values was lost);
//   - issues are bounded in number, excerpt and path.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		fullKitchen,
		`{"name":"n","i64":"None","list":[{"a":1},{"a":"x","b":"kept"},{"a":3}],"f64":"","bool":"yes"}`,
		`{"strict":"x","pair":{"x":1},"tree":{"v":1,"kids":[{"v":"two"},{"v":3}]},"name":"kept"}`,
		`{"upper":"bad","text_map":{"bad1":1,"ok":2},"uint_map":{"-1":true,"x":false,"2":true},"int_map":{"300":"x"}}`,
		`{"q":12,"QB":"maybe","qp":"x","qs":"unquoted","str":"x","bytes":"!","num":"abc"}`,
		`{"qp":"\"x\"","qs":"\"ok\"","q":" 1","QB":"null","qp":"{}"}`,
		`{"list":"oops","nested":{"a":[1]},"anys":5,"Map":{"a.b":{"a":"x"}},"arr":[1.5,2,3]}`,
		`[{"a":1},{"a":"x"},{"d":"s"},null,7,"s",[]]`,
		`{"a":{"a":1},"b":{"a":[]},"c":[],"d":null}`,
		`[` + strings.Repeat(`{"a":"x"},`, 20) + `{}]`,
		strings.Repeat(`{"tree":{"kids":[`, 30) + strings.Repeat(`]}}`, 30),
		strings.Repeat(`[`, 200) + strings.Repeat(`]`, 200),
		`{"name":"\ud800\udc00\u0000\"","n\u0061me":1,"NAME":"x","\u212a":2}`,
		`{"f64":1e999,"i64":-9223372036854775809,"u8":-0,"f32":-1e-50}`,
		``, `{`, `{"name":"x"} junk`, `nul`, `"x"`, `[]`, `7`, `null`, "\xef\xbb\xbf{}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzTarget[kitchen](t, data)
		fuzzTarget[[]inner](t, data)
		fuzzTarget[map[string]inner](t, data)
	})
}

func fuzzTarget[T any](t *testing.T, data []byte) {
	t.Helper()
	issues, err, more := checkInvariants[T](t, data, 5)
	if !more {
		return
	}
	first := data[ws(data, 0)]
	var zero T
	wantOpen := byte('{')
	if _, ok := any(zero).([]inner); ok {
		wantOpen = '['
	}
	if first != wantOpen && first != 'n' {
		if err == nil {
			t.Fatalf("Decode(%q) into %T: top-level %c accepted", data, zero, first)
		}
		return
	}
	if err != nil {
		t.Fatalf("Decode(%q) into %T: %v", data, zero, err)
	}
	if len(issues) == 0 {
		t.Fatalf("Decode(%q): no issue after encoding/json failed", data)
	}
	for i, is := range issues {
		if (is.Path == "") != (i == 5) {
			t.Fatalf("issue %d of %q: %+v", i, data, is)
		}
	}
	checkRepair[T](t, data)
}

// checkInvariants decodes data into a T with at most maxIssues issues and
// checks what holds for any input: malformed input fails; a document
// encoding/json decodes gives its result, with no issue, through Decode and
// through the second pass alone; issues are bounded. more reports that the
// document is well formed and encoding/json failed on it (the caller may
// check more).
func checkInvariants[T any](t testing.TB, data []byte, maxIssues int) (issues []webhook.DecodeIssue, err error, more bool) {
	t.Helper()
	var v T
	issues, err = Decode(data, &v, Options{MaxIssues: maxIssues})
	if !json.Valid(data) {
		if err == nil {
			t.Fatalf("Decode(%q) accepted malformed input", data)
		}
		return issues, err, false
	}
	var probe T
	if json.Unmarshal(data, &probe) == nil {
		if err != nil || issues != nil || !reflect.DeepEqual(v, probe) {
			t.Fatalf("Decode(%q) = %v, %v; encoding/json decodes it", data, issues, err)
		}
		checkAgrees[T](t, data)
		return issues, err, false
	}
	if len(issues) > maxIssues+1 {
		t.Fatalf("Decode(%q): %d issues, limit %d", data, len(issues), maxIssues)
	}
	for _, is := range issues {
		if len(is.Raw) > rawLimit+len("…") || is.Err == nil {
			t.Fatalf("Decode(%q): issue %+v", data, is)
		}
	}
	return issues, err, true
}
