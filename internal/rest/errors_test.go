package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jarcoal/httpmock"
)

var allSentinels = []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer, ErrValidation, ErrNotReady}

func TestStatusSentinels(t *testing.T) {
	cases := map[int]error{
		400: ErrBadRequest, 422: ErrBadRequest, 401: ErrUnauthorized, 403: ErrForbidden,
		404: ErrNotFound, 410: ErrNotFound, 409: ErrConflict, 429: ErrRateLimited,
		500: ErrServer, 501: ErrServer, 502: ErrServer, 503: ErrServer, 504: ErrServer, 599: ErrServer,
		402: nil, 405: nil, 418: nil,
	}
	for status, want := range cases {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder("POST", "https://api.example.com/x", httpmock.NewStringResponder(status, `{"message":"nope"}`))
		c, _ := newClient(t, "https://api.example.com", func(c *Config) { c.HTTPClient = &http.Client{Transport: mt} })
		_, resp, err := Do[*okBody](context.Background(), c, "POST", "x", nil, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%d: err = %T %v, want *APIError", status, err, err)
		}
		equal(t, fmt.Sprint(status, " StatusCode"), apiErr.StatusCode, status)
		equal(t, fmt.Sprint(status, " resp"), resp.StatusCode, status)
		for _, s := range allSentinels {
			if got := errors.Is(err, s); got != (s == want) {
				t.Errorf("%d: errors.Is(err, %v) = %v", status, s, got)
			}
		}
		var rl *RateLimitError
		equal(t, fmt.Sprint(status, " is RateLimitError"), errors.As(err, &rl), status == 429)
	}
	// Non-API errors match no status sentinel.
	ve := Invalid("id", "x")
	if !errors.Is(ve, ErrValidation) || errors.Is(ve, ErrNotFound) {
		t.Fatal("ValidationError sentinels")
	}
}

func TestParseErrorBodyShapes(t *testing.T) {
	cases := []struct {
		name string
		body string
		want APIError
	}{
		{"blueink code/message/errors", `{"code":"invalid_request","message":"Validation failed","errors":[{"field":"documents","message":"This field is required."},{"field":"packets[0].email","messsage":"Enter a valid email address."}]}`,
			APIError{Code: "invalid_request", Message: "Validation failed", Fields: []FieldError{{"documents", "This field is required."}, {"packets[0].email", "Enter a valid email address."}}}},
		{"blueink detail/code/errors", `{"detail":"Not found.","code":"not_found","errors":["Bundle does not exist"]}`,
			APIError{Code: "not_found", Detail: "Not found.", Fields: []FieldError{{"", "Bundle does not exist"}}}},
		{"blueink errorCode/errorMessage/fieldErrors list", `{"errorCode":"E1002","errorMessage":"Bad packet","fieldErrors":[{"field":"phone","errorMessage":"Invalid"}]}`,
			APIError{Code: "E1002", Message: "Bad packet", Fields: []FieldError{{"phone", "Invalid"}}}},
		{"blueink errorCode/errorMessage/fieldErrors map", `{"errorCode":1003,"errorMessage":"Bad input","fieldErrors":{"email":["required","invalid"],"name":"too long"}}`,
			APIError{Code: "1003", Message: "Bad input", Fields: []FieldError{{"email", "required"}, {"email", "invalid"}, {"name", "too long"}}}},
		{"zigned nested error", `{"status":"error","error":{"code":"agreement_not_found","message":"Agreement not found","request_id":"zr-77"}}`,
			APIError{Code: "agreement_not_found", Message: "Agreement not found", RequestID: "zr-77"}},
		{"zigned nested error with field errors", `{"error":{"code":"validation_error","message":"Invalid","errors":[{"field":"title","msg":"required"}]}}`,
			APIError{Code: "validation_error", Message: "Invalid", Fields: []FieldError{{"title", "required"}}}},
		{"error string", `{"error":"invalid_token"}`, APIError{Message: "invalid_token"}},
		{"oauth error + description", `{"error":{"x":1},"error_description":"The access token expired"}`, APIError{Message: "The access token expired"}},
		{"error_message", `{"error_message":"Document not found"}`, APIError{Message: "Document not found"}},
		{"signeasy message/error_code", `{"message":"Invalid template id","error_code":4001}`, APIError{Code: "4001", Message: "Invalid template id"}},
		{"drf field map", `{"email":["Enter a valid email address."],"name":["This field is required.","Too short."],"n":3}`,
			APIError{Fields: []FieldError{{"email", "Enter a valid email address."}, {"n", "3"}, {"name", "This field is required."}, {"name", "Too short."}}}},
		{"drf non_field_errors", `{"non_field_errors":["Bundle already sent"]}`, APIError{Fields: []FieldError{{"non_field_errors", "Bundle already sent"}}}},
		{"plain text", "Service Unavailable: maintenance\n", APIError{Message: "Service Unavailable: maintenance"}},
		{"html page", `<html><body>502 Bad Gateway</body></html>`, APIError{}},
		{"long text", strings.Repeat("x", 300), APIError{}},
		{"empty", ``, APIError{}},
		{"broken json", `{"message":`, APIError{}},
		{"json array of junk", `[1,2]`, APIError{}},
		{"drf list", `["Bundle already sent","Try later"]`, APIError{Fields: []FieldError{{"", "Bundle already sent"}, {"", "Try later"}}}},
		{"message not a string", `{"message":{"a":1},"code":true}`, APIError{}},
		{"empty field items skipped", `{"message":"m","errors":[{},{"field":"f"}]}`, APIError{Message: "m", Fields: []FieldError{{"f", ""}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e APIError
			parseErrorBody(&e, []byte(tc.body))
			e.Body = nil
			equal(t, "parsed", e, tc.want)
		})
	}
}

func TestAPIErrorString(t *testing.T) {
	e := &APIError{StatusCode: 422, Method: "POST", URL: "https://api.example.com/bundles/", Code: "invalid", Message: "Validation failed",
		Fields: []FieldError{{"email", "bad"}, {"", "general"}}, RequestID: "r1"}
	equal(t, "Error", e.Error(), "POST https://api.example.com/bundles/: 422 Unprocessable Entity [invalid]: Validation failed (email: bad; general) (request id r1)")
	e2 := &APIError{StatusCode: 404, Method: "GET", URL: "u", Detail: "Not found."}
	equal(t, "Error with detail", e2.Error(), "GET u: 404 Not Found: Not found.")
	e3 := &APIError{StatusCode: 799, Method: "GET", URL: "u"}
	equal(t, "unknown status", e3.Error(), "GET u: 799")
	rl := &RateLimitError{APIError: &APIError{StatusCode: 429, Method: "GET", URL: "u"}}
	equal(t, "RateLimitError without RetryAfter", rl.Error(), "GET u: 429 Too Many Requests")
	de := &DecodeError{Method: "GET", URL: "u", Err: errors.New("boom")}
	equal(t, "DecodeError", de.Error(), "GET u: decoding response: boom")
	if errors.Unwrap(de).Error() != "boom" {
		t.Fatal("DecodeError.Unwrap")
	}
}

func TestErrorBodyCappedAt1MiB(t *testing.T) {
	huge := bytes.Repeat([]byte("e"), 3*MaxErrorBodyBytes)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write(huge)
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL, nil)
	_, _, err := Do[*okBody](context.Background(), c, "GET", "x", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	equal(t, "body length", len(apiErr.Body), MaxErrorBodyBytes)
	if len(err.Error()) > 1000 {
		t.Fatalf("Error() is %d bytes: the raw body must not be printed", len(err.Error()))
	}
}

func TestErrorDecoderHook(t *testing.T) {
	mt := httpmock.NewMockTransport()
	resp := httpmock.NewStringResponse(400, `{"weird":{"why":"custom shape"}}`)
	resp.Header.Set("X-Trace", "tr-1")
	mt.RegisterResponder("GET", "https://api.example.com/x", httpmock.ResponderFromResponse(resp))
	c, _ := newClient(t, "https://api.example.com", func(c *Config) {
		c.HTTPClient = &http.Client{Transport: mt}
		c.ErrorDecoder = func(e *APIError, r *http.Response, body []byte) {
			if bytes.Contains(body, []byte("custom shape")) {
				e.Message = "custom shape decoded"
				e.RequestID = r.Header.Get("X-Trace")
			}
		}
	})
	_, _, err := Do[*okBody](context.Background(), c, "GET", "x", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "custom shape decoded" || apiErr.RequestID != "tr-1" {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"code":"c","message":"m","errors":[{"field":"f","messsage":"x"}]}`,
		`{"detail":"d","code":"c","errors":["a"]}`,
		`{"errorCode":"E","errorMessage":"m","fieldErrors":{"a":["b"]}}`,
		`{"status":"error","error":{"code":"c","message":"m","request_id":"r"}}`,
		`{"error":"x"}`, `{"email":["bad"]}`, `plain`, ``, `{`, `{"errors":{"a":{"b":1}}}`, `{"error":null}`,
		`{"message":1e400}`, `{"fieldErrors":[null,1,"x",{"field":2}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var e APIError
		parseErrorBody(&e, body)
		if len(body) == 0 && (e.Message != "" || e.Fields != nil) {
			t.Fatal("empty body produced fields")
		}
		_ = e.Error()
		if !utf8.Valid(body) {
			return
		}
		// Whatever came out was in the body (never invented).
		if e.Message != "" && !json.Valid(body) && !strings.Contains(string(body), e.Message) {
			t.Fatalf("message %q not from body %q", e.Message, body)
		}
	})
}
