package legacyv1

import (
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/rest"
)

// Legalesign's error bodies are decoded here, in the provider, not in the
// core.
func TestDecodeErrorBodyShapes(t *testing.T) {
	type fe = rest.FieldError
	for _, tc := range []struct {
		name, body string
		want       rest.APIError
	}{
		{"error string", `{"error":"Document not found"}`, rest.APIError{Message: "Document not found"}},
		{"error_message", `{"error_message":"Document not found"}`, rest.APIError{Message: "Document not found"}},
		{"text", `{"text":"Filename must be not more than 250 characters"}`, rest.APIError{Message: "Filename must be not more than 250 characters"}},
		{"tastypie nested", `{"document":{"name":["This field is required."],"group":"Bad group"}}`,
			rest.APIError{Fields: []fe{{Field: "document.group", Message: "Bad group"}, {Field: "document.name", Message: "This field is required."}}}},
		{"member exists", `{"member":{"exists":"User is already a member of the group"}}`,
			rest.APIError{Fields: []fe{{Field: "member.exists", Message: "User is already a member of the group"}}}},
		{"field map", `{"email":["Enter a valid email address."]}`, rest.APIError{Fields: []fe{{Field: "email", Message: "Enter a valid email address."}}}},
		{"empty keys skipped", `{"":["x"],"a":{"":"y"}}`, rest.APIError{}},
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
