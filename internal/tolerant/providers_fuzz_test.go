package tolerant_test

import (
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/zigned"
)

// FuzzDecodeProviderTypes decodes any input into real provider types (with
// their custom UnmarshalJSON methods and timestamps) and checks the
// invariants of FuzzDecode that hold for any type: no panic, malformed input
// fails, encoding/json's result is kept when it succeeds (and the second
// pass agrees with it), issues stay bounded.
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
		tolerant.CheckInvariants[[]*blueink.Bundle](t, data, 3)
		tolerant.CheckInvariants[zigned.Agreement](t, data, 3)
		tolerant.CheckInvariants[struct {
			Objects []legacyv1.Document `json:"objects"`
		}](t, data, 3)
	})
}
