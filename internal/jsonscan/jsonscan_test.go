package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMembers(t *testing.T) {
	obj := []byte(` {"a": 1, "b\u0022": {"x": [1, "]}\"", {"y": null}]}, "c": "d\\", "e": true, "a": -2.5e3 } `)
	var keys, vals []string
	err := Members(obj, func(k, v []byte) error {
		keys = append(keys, string(k))
		vals = append(vals, string(v))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keys, "|"); got != `a|b"|c|e|a` {
		t.Fatalf("keys %q", got)
	}
	want := []string{`1`, `{"x": [1, "]}\"", {"y": null}]}`, `"d\\"`, `true`, `-2.5e3`}
	for i, v := range want {
		if vals[i] != v {
			t.Errorf("value %d = %q, want %q", i, vals[i], v)
		}
	}
	if v, ok := Member(obj, `b"`); !ok || string(v) != want[1] {
		t.Errorf("Member with an escaped key: %q %v", v, ok)
	}
	if v, ok := Member(obj, "a"); !ok || string(v) != "1" {
		t.Errorf("Member returns the first: %q", v)
	}
	if _, ok := Member(obj, "zz"); ok {
		t.Error("found a missing key")
	}
	for _, bad := range []string{``, `[]`, `{`, `{"a"}`, `{"a":1,}`, `{"a":1} x`, `{"a":"1}`, `{"a":[1}`, `{"a":1 "b":2}`} {
		if err := Members([]byte(bad), func(k, v []byte) error { return nil }); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if err := Members([]byte(`{}`), func(k, v []byte) error { t.Fatal("called"); return nil }); err != nil {
		t.Fatal(err)
	}
}

// FuzzMembers: on any input the scan never panics or loops; on valid JSON
// objects it agrees with encoding/json on the members.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":"\"}"}`, `{"a":{"b":[1,{"c":"]"}]},"d":null}`, `{`, `{"a":"\\"}`, ` { } `, `{"\u00e9":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := map[string]string{}
		err := Members(b, func(k, v []byte) error { got[string(k)] = string(v); return nil })
		var want map[string]json.RawMessage
		if json.Unmarshal(b, &want) != nil || want == nil {
			return // the scan's result on invalid input is unspecified
		}
		if err != nil {
			t.Fatalf("valid object %q refused: %v", b, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d members, encoding/json %d", b, len(got), len(want))
		}
		for k, v := range want {
			if strings.TrimSpace(got[k]) != strings.TrimSpace(string(v)) {
				t.Fatalf("%q: member %q = %q, encoding/json %q", b, k, got[k], v)
			}
		}
	})
}

func TestInt(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "42": 42, "-7": -7, "123456789012345678": 123456789012345678} {
		if n, ok := Int([]byte(in)); !ok || n != want {
			t.Errorf("%s: %d %v", in, n, ok)
		}
	}
	for _, in := range []string{"", "-", "1.5", "1e3", `"1"`, "1234567890123456789", "+1", " 1"} {
		if _, ok := Int([]byte(in)); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestElements(t *testing.T) {
	arr := []byte(` ["/api/v1/signer/x/", "Jo\"e", 40, true, null, [1, "]"], {"a": "]"}, -2.5e3 ] `)
	var got []string
	if err := Elements(arr, func(v []byte) error { got = append(got, string(v)); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []string{`"/api/v1/signer/x/"`, `"Jo\"e"`, `40`, `true`, `null`, `[1, "]"]`, `{"a": "]"}`, `-2.5e3`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("elements %q, want %q", got, want)
	}
	for _, bad := range []string{``, `{}`, `[`, `[1,]`, `[1 2]`, `[1] x`, `["1]`, `[,1]`} {
		if err := Elements([]byte(bad), func([]byte) error { return nil }); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if err := Elements([]byte(` [ ] `), func([]byte) error { t.Fatal("called"); return nil }); err != nil {
		t.Fatal(err)
	}
}

// FuzzElements: on any input the scan never panics or loops; on valid JSON
// arrays it agrees with encoding/json on the elements.
func FuzzElements(f *testing.F) {
	for _, s := range []string{`[1]`, `["a","]"]`, `[[1,{"c":"]"}],null]`, `[`, `["\\"]`, ` [ ] `, `[1,`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var got []string
		err := Elements(b, func(v []byte) error { got = append(got, string(v)); return nil })
		var want []json.RawMessage
		if json.Unmarshal(b, &want) != nil || want == nil {
			return // the scan's result on invalid input is unspecified
		}
		if err != nil {
			t.Fatalf("valid array %q refused: %v", b, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d elements, encoding/json %d", b, len(got), len(want))
		}
		for i, v := range want {
			if strings.TrimSpace(got[i]) != strings.TrimSpace(string(v)) {
				t.Fatalf("%q: element %d = %q, encoding/json %q", b, i, got[i], v)
			}
		}
	})
}

// BenchmarkMember finds the member after a 1 KiB object (a webhook
// delivery's data, then its metadata), the scan the decoders run to keep
// a member's exact bytes.
func BenchmarkMember(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"data": {"id": 235649, "name": "Offer letter.pdf", "is_ordered": 1, "logo": null, "recipients": [`)
	for i := range 6 {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(`{"email": "signer@example.com", "first_name": "Ada", "status": "finalized", "created_time": 1557465369, "note": "a \"quoted\" {brace}"}`)
	}
	sb.WriteString(`]}, "metadata": {"event_type": "rs.completed", "token": "t"}}`)
	obj := []byte(sb.String())
	b.SetBytes(int64(len(obj)))
	for range b.N {
		if _, ok := Member(obj, "metadata"); !ok {
			b.Fatal("not found")
		}
	}
}
