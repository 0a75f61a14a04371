package tolerant

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/esignkit/esign/webhook"
)

func pathsOf(issues []webhook.DecodeIssue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Path)
	}
	return out
}

// Values decoded one by one, collected under one cap: the list reads as
// Decode's would for the whole document, summary entry included.
func TestCollectorMatchesDecode(t *testing.T) {
	type item struct {
		A int    `json:"a"`
		B string `json:"b"`
	}
	var items []string
	for i := range 8 {
		items = append(items, fmt.Sprintf(`{"a":"x%d","b":%d}`, i, i))
	}
	doc := `[` + strings.Join(items, ",") + `]`
	whole, err := Decode([]byte(doc), new([]item), Options{MaxIssues: 5})
	if err != nil {
		t.Fatal(err)
	}
	c := Collector{MaxIssues: 5}
	for i, raw := range items {
		var it item
		issues, err := Recover([]byte(raw), &it, c.Options(), json.Unmarshal([]byte(raw), &it))
		if err != nil {
			t.Fatal(err)
		}
		c.Add(JoinIndex("", i), issues)
	}
	got := c.Issues()
	if !slices.Equal(pathsOf(got), pathsOf(whole)) || Count(got) != 16 || Count(whole) != 16 || c.Len() != 16 {
		t.Fatalf("collected %q (%d), whole %q (%d)", pathsOf(got), Count(got), pathsOf(whole), Count(whole))
	}
	if last := got[len(got)-1]; last.Path != "" || !errors.Is(last.Err, webhook.ErrTooManyDecodeIssues) ||
		!strings.Contains(last.Err.Error(), "11 more") {
		t.Fatalf("summary entry: %v", last)
	}

	// A nested list's own summary adds up in the collector's.
	var c2 Collector
	c2.Add("objects[2]", got)
	if Count(c2.Issues()) != 16 || c2.Issues()[0].Path != "objects[2][0].a" {
		t.Fatalf("nested: %q, %d", pathsOf(c2.Issues()), Count(c2.Issues()))
	}
	var empty Collector
	if empty.Issues() != nil || empty.Len() != 0 || empty.Options().MaxIssues != DefaultMaxIssues {
		t.Fatal("the zero Collector lists nothing and keeps the default cap")
	}
	empty.AddValue("data", []byte(`{"long":"`+strings.Repeat("é", 300)+`"}`), errors.New("not a list"))
	if is := empty.Issues()[0]; is.Path != "data" || !strings.HasSuffix(is.Raw, "…") || len(is.Raw) > rawLimit+len("…") {
		t.Fatalf("AddValue: %+v", is)
	}
}

// Recover runs the second pass only: nil for a nil error, the error for
// malformed JSON, the issues otherwise.
func TestRecover(t *testing.T) {
	var v struct{ N int }
	if issues, err := Recover([]byte(`{"N":"x"}`), &v, Options{}, nil); issues != nil || err != nil {
		t.Fatal("a nil error recovers nothing")
	}
	data := []byte(`{"N":"None"}`)
	issues, err := Recover(data, &v, Options{}, json.Unmarshal(data, &v))
	if err != nil || len(issues) != 1 || issues[0].Path != "N" || issues[0].Raw != `"None"` {
		t.Fatalf("Recover = %v, %v", issues, err)
	}
	bad := []byte(`{"N":`)
	if _, err := Recover(bad, &v, Options{}, json.Unmarshal(bad, &v)); err == nil {
		t.Fatal("malformed JSON must stay an error")
	}
}

func TestJoin(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{JoinKey("", "objects"), "objects"},
		{JoinKey("objects[3]", "created"), "objects[3].created"},
		{JoinKey("meta", "odd key"), `meta["odd key"]`},
		{JoinKey("", "2fa"), `["2fa"]`},
		{JoinIndex("", 3), "[3]"},
		{JoinIndex("data", 7), "data[7]"},
		{JoinKey("", strings.Repeat("k", 100)), `["` + strings.Repeat("k", keyLimit) + `…"]`},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	// The same notation as the decoder's own paths.
	var v map[string]map[string]int
	long := strings.Repeat("k", 100)
	issues, _ := Decode([]byte(`{"odd key":{"2fa":"x"},"`+long+`":{"a":"y"}}`), &v, Options{})
	want := []string{JoinKey(JoinKey("", "odd key"), "2fa"), JoinKey(JoinKey("", long), "a")}
	if !slices.Equal(pathsOf(issues), want) {
		t.Fatalf("decoder paths %q, JoinKey %q", pathsOf(issues), want)
	}
}
