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

// The core decodes only what every provider shares: a short plain-text
// body, or the "message" of a JSON object. Each provider's own shapes are
// decoded by its ErrorDecoder (tested in the provider packages).
func TestParseErrorBodyFallback(t *testing.T) {
	cases := []struct {
		name string
		body string
		want APIError
	}{
		{"message", `{"message":"Validation failed","code":"x","errors":[{"field":"f","message":"m"}]}`, APIError{Message: "Validation failed"}},
		{"message number", `{"message":42}`, APIError{Message: "42"}},
		{"provider shapes are left to the provider", `{"status":"error","error":{"code":"agreement_not_found","message":"Agreement not found"}}`, APIError{}},
		{"drf field map left to the provider", `{"email":["Enter a valid email address."]}`, APIError{}},
		{"plain text", "Service Unavailable: maintenance\n", APIError{Message: "Service Unavailable: maintenance"}},
		{"html page", `<html><body>502 Bad Gateway</body></html>`, APIError{}},
		{"long text", strings.Repeat("x", 300), APIError{}},
		{"empty", ``, APIError{}},
		{"broken json", `{"message":`, APIError{}},
		{"json array", `["Bundle already sent"]`, APIError{}},
		{"message not a string", `{"message":{"a":1}}`, APIError{}},
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

// The JSON helpers providers build their error decoders from.
func TestErrorBodyHelpers(t *testing.T) {
	m := ErrorObject([]byte(` {"code":1003,"msg":"x","errors":[{"field":"phone","errorMessage":"Invalid"},{},{"field":"f"}],"map":{"email":["required","invalid"],"name":"too long","n":3}} `))
	equal(t, "FirstString number", FirstString(m, "nope", "code"), "1003")
	equal(t, "FirstString none", FirstString(m, "nope", "errors"), "")
	equal(t, "ErrorFields list", ErrorFields(m["errors"], "message", "errorMessage"), []FieldError{{"phone", "Invalid"}, {"f", ""}})
	equal(t, "ErrorFields map", ErrorFields(m["map"]), []FieldError{{"email", "required"}, {"email", "invalid"}, {"n", "3"}, {"name", "too long"}})
	equal(t, "ErrorFields strings", ErrorFields(json.RawMessage(`["a","b"]`)), []FieldError{{"", "a"}, {"", "b"}})
	equal(t, "ErrorFields junk", ErrorFields(json.RawMessage(`[1,2]`)), []FieldError(nil))
	equal(t, "ErrorObject of an array", ErrorObject([]byte(`[1]`)) == nil, true)
	equal(t, "ErrorObject of junk", ErrorObject([]byte(`{"a":`)) == nil, true)
	equal(t, "JSONString bool", JSONString(json.RawMessage(`true`)), "")
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

// An ErrorShape fills only the parts still empty, from the first key that
// holds a string or a number.
func TestErrorShapeFill(t *testing.T) {
	shape := ErrorShape{Code: []string{"c1", "c2"}, Message: []string{"m"}, Detail: []string{"d"}, RequestID: []string{"r"},
		Fields: []string{"errs"}, FieldMessage: []string{"msg"}}
	e := &APIError{Message: "kept"}
	shape.Fill(e, ErrorObject([]byte(`{"c1":{"x":1},"c2":7,"m":"new","d":"detail","r":"rid","errs":[{"field":"f","msg":"bad"}]}`)))
	equal(t, "filled", *e, APIError{Code: "7", Message: "kept", Detail: "detail", RequestID: "rid", Fields: []FieldError{{"f", "bad"}}})
	shape.Fill(e, nil) // nothing to read: nothing changes
	equal(t, "unchanged", e.Code, "7")
}
