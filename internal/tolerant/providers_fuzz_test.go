package tolerant_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/zigned"
)

// FuzzDecodeProviderTypes decodes any input into real provider types (with
// their custom UnmarshalJSON methods and timestamps): no panic, malformed
// input fails, encoding/json's result is kept when it succeeds, issues stay
// bounded.
func FuzzDecodeProviderTypes(f *testing.F) {
	for _, s := range []string{
		`[{"id":"b0","created":"string","packets":[{"completed_at":"string","order":"None"}],"tags":"x"}]`,
		`{"id":"agr","test_mode":"yes","expires_at":"next week","participants":{"data":[{"id":1}]},"issuer":{"email":[]}}`,
		`{"meta":{"total_count":"1"},"objects":[{"created":"2020-05-20T:15:10","signers":["x",[1,2]],"status":"10"}]}`,
		`[{"packets":{}},null,{"created":1e400},{"documents":[{"key":1}]}]`,
		`{"objects":7}`, `[`, `{"id":"x"} {}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check[[]*blueink.Bundle](t, data)
		check[zigned.Agreement](t, data)
		check[struct {
			Objects []legacyv1.Document `json:"objects"`
		}](t, data)
	})
}

func check[T any](t *testing.T, data []byte) {
	var v T
	issues, err := tolerant.Decode(data, &v, tolerant.Options{MaxIssues: 3})
	if !json.Valid(data) {
		if err == nil {
			t.Fatalf("%q: malformed input accepted", data)
		}
		return
	}
	var want T
	if json.Unmarshal(data, &want) == nil {
		if err != nil || issues != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("%q: encoding/json decodes it, Decode gave %v %v", data, issues, err)
		}
		return
	}
	if len(issues) > 4 {
		t.Fatalf("%q: %d issues", data, len(issues))
	}
	for _, is := range issues {
		if len(is.Raw) > 256+len("…") || is.Err == nil {
			t.Fatalf("%q: issue %+v", data, is)
		}
	}
}
