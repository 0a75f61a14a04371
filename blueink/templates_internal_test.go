package blueink

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/esignkit/esign/internal/rest"
)

// FuzzTemplateList: the templates answer decoder takes an array or one
// object and agrees with encoding/json on both (what it decodes whole);
// nothing panics, and the page cap holds.
func FuzzTemplateList(f *testing.F) {
	for _, s := range []string{`[]`, `null`, `{}`, `[{"id":"a"},{"id":"b"}]`, `{"id":"a","name":"NDA","fields":[{"kind":"inp"}]}`,
		`"x"`, `42`, `[null]`, ` {"id":"a"} `, `{"id":`, `[{"id":"a"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var l templateList
		if _, err := rest.DecodeItemsFrom(body, &l, 3); err != nil {
			return
		}
		var one Template
		var many []*Template
		switch {
		case json.Unmarshal(body, &one) == nil && bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")):
			if len(l) != 1 || l[0] == nil || l[0].ID != one.ID {
				t.Fatalf("%q: got %d templates, want the one object", body, len(l))
			}
		case json.Unmarshal(body, &many) == nil:
			if len(l) != len(many) || len(l) > 3 {
				t.Fatalf("%q: got %d templates, encoding/json %d (cap 3)", body, len(l), len(many))
			}
		}
	})
}
