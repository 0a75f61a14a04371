package rest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestDecodeListShapes(t *testing.T) {
	for _, tc := range []struct {
		body   string
		want   []int
		err    bool
		issues []string
	}{
		{`[1,2,3]`, []int{1, 2, 3}, false, nil},
		{`[]`, []int{}, false, nil},
		{`null`, nil, false, nil},
		{`{"files":[4,5],"count":2}`, []int{4, 5}, false, nil},
		{`{"count":2,"files":[4,5]}`, []int{4, 5}, false, nil},
		{`{"files":null,"data":[6]}`, []int{6}, false, nil},
		{`{"files":[7],"data":[8]}`, []int{7}, false, nil},
		{`{"files":null,"count":0}`, []int{}, false, nil},
		// An object with none of the list's members is not a list answer.
		{`{"other":[1]}`, nil, true, nil},
		{`{}`, nil, true, nil},
		{`{"count":3}`, nil, true, nil},
		{`"x"`, nil, true, nil},
		{`[1,2,3,4]`, nil, true, nil}, // past the cap of 3
		{`{"files":[1,2,3,4]}`, nil, true, nil},
		{`[1,2`, nil, true, nil},
		{`{"files":[1,2]`, nil, true, nil},
		{`{"files":[1,2]}x`, nil, true, nil},
		{`7`, nil, true, nil},
		// Values that do not decode are listed, not fatal.
		{`[1,"a",3]`, []int{1, 0, 3}, false, []string{"[1]"}},
		{`{"files":[1,"x"]}`, []int{1, 0}, false, []string{"files[1]"}},
		{`{"Files":{"a":1},"count":0}`, []int{}, false, []string{"Files"}},
		{`{"files":"none","data":[6]}`, []int{6}, false, nil}, // another member holds the list
	} {
		d := NewDecoder([]byte(tc.body))
		var got []int
		var err error
		if got, err = DecodeList[int](d, 3, "files", "data"); err == nil {
			err = d.end()
		}
		if (err != nil) != tc.err || (!tc.err && !equalInts(got, tc.want)) {
			t.Errorf("DecodeList(%s) = %v, %v", tc.body, got, err)
		}
		var paths []string
		for _, is := range d.Issues() {
			paths = append(paths, is.Path)
		}
		if !tc.err && !slices.Equal(paths, tc.issues) {
			t.Errorf("DecodeList(%s) issues %q, want %q", tc.body, paths, tc.issues)
		}
	}
	var keys []string
	err := DecodeObject(NewDecoder([]byte(`{"a":1,"b":{"c":[2]},"d":"e"}`)), func(k string) error {
		keys = append(keys, k)
		return SkipValue(NewDecoder([]byte("0")))
	})
	if err == nil {
		t.Fatal("a member that is not consumed must fail the object")
	}
	keys = nil
	dec := NewDecoder([]byte(`{"a":1,"b":{"c":[2]},"d":"e"}`))
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
		items, err := DecodeList[any](NewDecoder(body), max, "files")
		if err == nil && len(items) > max {
			t.Fatalf("%d items past the cap", len(items))
		}
		arr, err := DecodeArray[any](NewDecoder(body), max)
		var whole []any
		if werr := json.Unmarshal(body, &whole); werr == nil && whole != nil && len(whole) <= max && json.Valid(body) {
			if err != nil || len(arr) != len(whole) {
				t.Fatalf("DecodeArray = %d items, %v; encoding/json read %d", len(arr), err, len(whole))
			}
		}
	})
}
