package zigned

import (
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/rest"
)

// Zigned's error envelope is decoded here, in the provider, not in the core.
func TestDecodeErrorBodyShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       rest.APIError
	}{
		{"envelope", `{"status":"error","error":{"code":"agreement_not_found","message":"Agreement not found","request_id":"zr-77"}}`,
			rest.APIError{Code: "agreement_not_found", Message: "Agreement not found", RequestID: "zr-77"}},
		{"envelope with field errors", `{"error":{"code":"validation_error","message":"Invalid","errors":[{"field":"title","msg":"required"}]}}`,
			rest.APIError{Code: "validation_error", Message: "Invalid", Fields: []rest.FieldError{{Field: "title", Message: "required"}}}},
		{"numeric code", `{"status":"error","error":{"code":401,"message":"Unauthorized"}}`, rest.APIError{Code: "401", Message: "Unauthorized"}},
		{"top level", `{"code":"x","message":"y","request_id":"r"}`, rest.APIError{Code: "x", Message: "y", RequestID: "r"}},
		{"oauth", `{"error":"invalid_client","error_description":"Client authentication failed"}`, rest.APIError{Message: "Client authentication failed"}},
		{"oauth without description", `{"error":"invalid_client"}`, rest.APIError{Message: "invalid_client"}},
		{"not json", `Bad Gateway`, rest.APIError{}},
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
