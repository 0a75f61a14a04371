package blueink

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/rest"
)

// BlueInk's error bodies come in three shapes plus Django REST framework's;
// all of them are decoded here, in the provider, not in the core.
func TestDecodeErrorBodyShapes(t *testing.T) {
	type fe = rest.FieldError
	for _, tc := range []struct {
		name, body string
		want       rest.APIError
	}{
		{"code/message/errors", `{"code":"invalid_request","message":"Validation failed","errors":[{"field":"documents","message":"This field is required."},{"field":"packets[0].email","messsage":"Enter a valid email address."}]}`,
			rest.APIError{Code: "invalid_request", Message: "Validation failed", Fields: []fe{{Field: "documents", Message: "This field is required."}, {Field: "packets[0].email", Message: "Enter a valid email address."}}}},
		{"detail/code/errors", `{"detail":"Not found.","code":"not_found","errors":["Bundle does not exist"]}`,
			rest.APIError{Code: "not_found", Detail: "Not found.", Fields: []fe{{Message: "Bundle does not exist"}}}},
		{"errorCode/errorMessage/fieldErrors list", `{"errorCode":"E1002","errorMessage":"Bad packet","fieldErrors":[{"field":"phone","errorMessage":"Invalid"}]}`,
			rest.APIError{Code: "E1002", Message: "Bad packet", Fields: []fe{{Field: "phone", Message: "Invalid"}}}},
		{"errorCode/errorMessage/fieldErrors map", `{"errorCode":1003,"errorMessage":"Bad input","fieldErrors":{"email":["required","invalid"],"name":"too long"}}`,
			rest.APIError{Code: "1003", Message: "Bad input", Fields: []fe{{Field: "email", Message: "required"}, {Field: "email", Message: "invalid"}, {Field: "name", Message: "too long"}}}},
		{"drf field map", `{"email":["Enter a valid email address."],"name":["This field is required.","Too short."],"n":3}`,
			rest.APIError{Fields: []fe{{Field: "email", Message: "Enter a valid email address."}, {Field: "n", Message: "3"}, {Field: "name", Message: "This field is required."}, {Field: "name", Message: "Too short."}}}},
		{"drf non_field_errors", `{"non_field_errors":["Bundle already sent"]}`, rest.APIError{Fields: []fe{{Field: "non_field_errors", Message: "Bundle already sent"}}}},
		{"drf list", `["Bundle already sent","Try later"]`, rest.APIError{Fields: []fe{{Message: "Bundle already sent"}, {Message: "Try later"}}}},
		{"empty field items skipped", `{"message":"m","errors":[{},{"field":"f"}]}`, rest.APIError{Message: "m", Fields: []fe{{Field: "f"}}}},
		{"not json", `<html>502</html>`, rest.APIError{}},
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

// FuzzDecodeErrorBody: any error body decodes without a panic, and what it
// reads comes from the body.
func FuzzDecodeErrorBody(f *testing.F) {
	for _, s := range []string{`{"code":"c","message":"m","errors":[{"field":"f","messsage":"x"}]}`, `{"detail":"d","errors":["a"]}`,
		`{"errorCode":1,"errorMessage":"m","fieldErrors":{"a":["b"],"c":"d"}}`, `["x"]`, `{"email":["bad"]}`, `{`, ``, `null`,
		`{"fieldErrors":[null,1,"x",{"field":2}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var e rest.APIError
		decodeErrorBody(&e, nil, body)
		_ = e.Error()
		if e.Message != "" && !json.Valid(body) {
			t.Fatalf("message %q from an invalid body %q", e.Message, body)
		}
	})
}
