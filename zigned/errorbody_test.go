package zigned

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/tolerant"
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

// FuzzEnvelope: the one-pass envelope decoder never panics, refuses what
// is not JSON exactly as encoding/json does, and decodes a clean answer to
// what it encodes back to.
func FuzzEnvelope(f *testing.F) {
	for _, s := range []string{`{"version":"1.0","result_type":"paginated_list","resource_type":"agreement","data":[{"id":"a"}],"pagination":{"page":1,"total_pages":2,"limit":1,"total_results":2}}`,
		`{"data":null}`, `{"data":{}}`, `{"pagination":7}`, `[]`, `null`, `{"data":[1]}`,
		`{"data":[{"id":"a","participants":{"version":"1.0","result_type":"list","data":[{"id":"p","order":"x"}]},"theme":7}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var env envelope[items[Agreement]]
		issues, err := tolerant.Decode(body, &env, tolerant.Options{})
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("%q: not JSON, decoded", body)
			}
			return
		}
		if err != nil || len(issues) > 0 {
			return
		}
		out, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		var again envelope[items[Agreement]]
		if issues, err := tolerant.Decode(out, &again, tolerant.Options{}); err != nil || len(issues) > 0 {
			t.Fatalf("%q: re-encoded as %s, which fails: %v %v", body, out, err, issues)
		}
		if out2, _ := json.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("%q: %s then %s", body, out, out2)
		}
	})
}
