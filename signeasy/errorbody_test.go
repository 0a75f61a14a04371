package signeasy

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/rest"
)

// Signeasy's error bodies are decoded here, in the provider, not in the core.
func TestDecodeErrorBodyShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       rest.APIError
	}{
		{"message/error_code", `{"message":"Invalid template id","error_code":4001}`, rest.APIError{Code: "4001", Message: "Invalid template id"}},
		{"error string", `{"error":"invalid_token"}`, rest.APIError{Message: "invalid_token"}},
		{"error_message", `{"error_message":"Document not found"}`, rest.APIError{Message: "Document not found"}},
		{"field errors", `{"message":"Bad request","errors":[{"field":"recipients","message":"required"}]}`,
			rest.APIError{Message: "Bad request", Fields: []rest.FieldError{{Field: "recipients", Message: "required"}}}},
		{"array", `["x"]`, rest.APIError{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e rest.APIError
			decodeErrorBody(&e, nil, []byte(tc.body))
			if !reflect.DeepEqual(e, tc.want) {
				t.Fatalf("decoded %+v\nwant    %+v", e, tc.want)
			}
		})
	}
}

// FuzzDecodeErrorBody: any error body decodes without a panic, and nothing
// is read from a body that is not JSON.
func FuzzDecodeErrorBody(f *testing.F) {
	for _, s := range []string{`{"status":"error","error":{"code":1,"message":"m","request_id":"r","errors":[{"field":"f","msg":"x"}]}}`,
		`{"error":"x","error_description":"d"}`, `{"message":"m","error_code":4001}`, `{"error":null}`, `{`, ``, `[1]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var e rest.APIError
		decodeErrorBody(&e, nil, body)
		_ = e.Error()
		if (e.Message != "" || e.Code != "" || len(e.Fields) > 0) && !json.Valid(body) {
			t.Fatalf("%+v from an invalid body %q", e, body)
		}
	})
}
