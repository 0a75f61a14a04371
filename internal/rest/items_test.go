package rest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestDecodeListShapes(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []int
		err  bool
	}{
		{`[1,2,3]`, []int{1, 2, 3}, false},
		{`[]`, []int{}, false},
		{`null`, nil, false},
		{`{"files":[4,5],"count":2}`, []int{4, 5}, false},
		{`{"count":2,"files":[4,5]}`, []int{4, 5}, false},
		{`{"files":null,"data":[6]}`, []int{6}, false},
		{`{"files":[7],"data":[8]}`, []int{7}, false},
		{`{"other":[1]}`, []int{}, false},
		{`{}`, []int{}, false},
		{`"x"`, nil, true},
		{`[1,2,3,4]`, nil, true}, // past the cap of 3
		{`{"files":[1,2,3,4]}`, nil, true},
		{`[1,"a"]`, nil, true},
		{`[1,2`, nil, true},
	} {
		got, err := DecodeList[int](json.NewDecoder(strings.NewReader(tc.body)), 3, "files", "data")
		if (err != nil) != tc.err || (!tc.err && !equalInts(got, tc.want)) {
			t.Errorf("DecodeList(%s) = %v, %v", tc.body, got, err)
		}
	}
	var keys []string
	err := DecodeObject(json.NewDecoder(strings.NewReader(`{"a":1,"b":{"c":[2]},"d":"e"}`)), func(k string) error {
		keys = append(keys, k)
		return SkipValue(json.NewDecoder(strings.NewReader("0")))
	})
	if err == nil {
		t.Fatal("a member that is not consumed must fail the object")
	}
	keys = nil
	dec := json.NewDecoder(strings.NewReader(`{"a":1,"b":{"c":[2]},"d":"e"}`))
	if err := DecodeObject(dec, func(k string) error { keys = append(keys, k); return SkipValue(dec) }); err != nil || strings.Join(keys, ",") != "a,b,d" {
		t.Fatalf("keys %v, %v", keys, err)
	}
}

func equalInts(a, b []int) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzDecodeList: any body decodes without a panic, never past the cap, and
// a bare array that encoding/json reads whole gives the same items.
func FuzzDecodeList(f *testing.F) {
	for _, s := range []string{`[]`, `[{"a":1},{}]`, `null`, `{"files":[{}],"n":1}`, `{"files":{}}`, `[[]]`, `[1,`, `{"files":[1,2,3,4,5]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		const max = 4
		items, err := DecodeList[any](json.NewDecoder(bytes.NewReader(body)), max, "files")
		if err == nil && len(items) > max {
			t.Fatalf("%d items past the cap", len(items))
		}
		arr, err := DecodeArray[any](json.NewDecoder(bytes.NewReader(body)), max)
		var whole []any
		if werr := json.Unmarshal(body, &whole); werr == nil && whole != nil && len(whole) <= max && json.Valid(body) {
			if err != nil || len(arr) != len(whole) {
				t.Fatalf("DecodeArray = %d items, %v; encoding/json read %d", len(arr), err, len(whole))
			}
		}
	})
}
