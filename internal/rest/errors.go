package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Every *APIError matches the sentinel for its status code
// with errors.Is, so callers can branch without inspecting status codes.
var (
	ErrBadRequest   = errors.New("esign: bad request")        // 400 and 422
	ErrUnauthorized = errors.New("esign: unauthorized")       // 401
	ErrForbidden    = errors.New("esign: forbidden")          // 403
	ErrNotFound     = errors.New("esign: not found")          // 404
	ErrConflict     = errors.New("esign: conflict")           // 409
	ErrRateLimited  = errors.New("esign: rate limited")       // 429
	ErrServer       = errors.New("esign: server error")       // 5xx
	ErrValidation   = errors.New("esign: invalid argument")   // *ValidationError, before any I/O
	ErrNotReady     = errors.New("esign: resource not ready") // provider-specific "try later" answers

	// ErrOutcomeUnknown matches a failure that may have happened after the
	// provider acted on the request (408, a 5xx other than 501, or a
	// connection lost once the request was sent) when the request was not
	// retried because repeating it could act twice: a POST or PATCH without
	// an idempotency key. Check whether it took effect (e.g. list by your
	// reference) before sending it again.
	ErrOutcomeUnknown = errors.New("esign: outcome unknown, not retried")
)

// FieldError is one per-field problem reported by a provider.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// APIError is a non-2xx answer from a provider API. Body holds the raw
// response body (at most 1 MiB) with known secrets redacted.
type APIError struct {
	StatusCode int
	Method     string
	URL        string // redacted
	Code       string
	Message    string
	Detail     string
	Fields     []FieldError
	RequestID  string
	Body       []byte
	// OutcomeUnknown is set when the request was not safe to repeat and the
	// answer does not say it was refused (408, 5xx except 501): it matches
	// ErrOutcomeUnknown.
	OutcomeUnknown bool
}

// Error implements error. It never contains credentials.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.URL, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if e.Code != "" {
		b.WriteString(" [" + e.Code + "]")
	}
	msg := e.Message
	if msg == "" {
		msg = e.Detail
	}
	if msg != "" {
		b.WriteString(": " + msg)
	}
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		if f.Field != "" {
			b.WriteString(f.Field + ": ")
		}
		b.WriteString(f.Message)
		if i == len(e.Fields)-1 {
			b.WriteString(")")
		}
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	if e.OutcomeUnknown {
		b.WriteString(notRetriedNote(e.Method))
	}
	return b.String()
}

// Is matches the sentinel errors by status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusGone
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	case ErrOutcomeUnknown:
		return e.OutcomeUnknown
	}
	return false
}

// RateLimitError is returned for 429 answers once retries are exhausted (or
// disabled). It wraps the *APIError.
type RateLimitError struct {
	*APIError
	// RetryAfter is the provider's requested wait, zero when it sent none.
	RetryAfter time.Duration
}

// Error implements error.
func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return e.APIError.Error() + " (retry after " + e.RetryAfter.String() + ")"
	}
	return e.APIError.Error()
}

// Unwrap returns the underlying *APIError.
func (e *RateLimitError) Unwrap() error { return e.APIError }

// ValidationError reports an invalid argument detected before any I/O.
type ValidationError struct {
	Field   string
	Message string
}

// Error implements error.
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return "esign: invalid argument: " + e.Message
	}
	return "esign: invalid " + e.Field + ": " + e.Message
}

// Is makes errors.Is(err, ErrValidation) true.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// Invalid is shorthand for a *ValidationError.
func Invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// RequireID returns a *ValidationError when id is empty or blank.
func RequireID(field, id string) error {
	if strings.TrimSpace(id) == "" {
		return &ValidationError{Field: field, Message: "must not be empty"}
	}
	return nil
}

// TransportError is a failure to get any HTTP answer (DNS, TLS, reset
// connection, timeout) after the retry budget was spent.
type TransportError struct {
	Method string
	URL    string // redacted
	Err    error
	// OutcomeUnknown is set when the connection failed after the request
	// may have reached the provider and the request was not safe to repeat:
	// it matches ErrOutcomeUnknown.
	OutcomeUnknown bool
}

// Error implements error.
func (e *TransportError) Error() string {
	s := e.Method + " " + e.URL + ": " + e.Err.Error()
	if e.OutcomeUnknown {
		s += notRetriedNote(e.Method)
	}
	return s
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true when OutcomeUnknown is set.
func (e *TransportError) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.OutcomeUnknown
}

func notRetriedNote(method string) string {
	return " (not retried: the " + method + " may have been processed; check before sending it again)"
}

// Unwrap returns the cause (context.Canceled, *net.OpError, ...).
func (e *TransportError) Unwrap() error { return e.Err }

// DecodeError reports a 2xx answer whose body could not be decoded.
type DecodeError struct {
	Method string
	URL    string // redacted
	Err    error
}

// Error implements error.
func (e *DecodeError) Error() string {
	return e.Method + " " + e.URL + ": decoding response: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// parseErrorBody fills Code/Message/Detail/Fields/RequestID from any of the
// error shapes our providers use. It never fails: an undecodable body leaves
// the fields empty (the raw body is kept on the error).
//
// Shapes handled:
//
//	{"code":..,"message":..,"errors":[{"field":..,"message"|"messsage":..}]}   BlueInk
//	{"detail":..,"code":..,"errors":..}                                         BlueInk/DRF
//	{"errorCode":..,"errorMessage":..,"fieldErrors":[..]|{field:[msgs]}}        BlueInk
//	{"status":"error","error":{"code":..,"message":..,"request_id":..}}         Zigned
//	{"error":"message"} / {"error_message":..} / {"message":..,"error_code":..} Legalesign, Signeasy
//	{"field":["msg",..],...}                                                    DRF field map
//	["msg",..]                                                                  DRF list
//	plain text up to 200 bytes                                                  any
func parseErrorBody(e *APIError, body []byte) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' && json.Valid(body) {
		e.Fields = fieldList(body) // DRF: ["message", ...]
		return
	}
	if len(body) == 0 || body[0] != '{' {
		if len(body) > 0 && len(body) <= 200 && !bytes.ContainsAny(body, "<{") {
			e.Message = string(body)
		}
		return
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return
	}
	if raw, ok := m["error"]; ok {
		var nested map[string]json.RawMessage
		if json.Unmarshal(raw, &nested) == nil {
			fillFrom(e, nested)
		} else if s := str(raw); s != "" {
			e.Message = s
		}
	}
	fillFrom(e, m)
	if e.Message == "" && e.Detail == "" && e.Code == "" && len(e.Fields) == 0 {
		// DRF-style {"field": ["message", ...]}
		e.Fields = fieldMap(m)
	}
}

func fillFrom(e *APIError, m map[string]json.RawMessage) {
	for _, k := range []string{"code", "errorCode", "error_code"} {
		if e.Code == "" {
			e.Code = str(m[k])
		}
	}
	for _, k := range []string{"message", "errorMessage", "error_message", "error_description"} {
		if e.Message == "" {
			e.Message = str(m[k])
		}
	}
	if e.Detail == "" {
		e.Detail = str(m["detail"])
	}
	if e.RequestID == "" {
		e.RequestID = str(m["request_id"])
	}
	for _, k := range []string{"errors", "fieldErrors", "field_errors"} {
		raw, ok := m[k]
		if !ok || len(e.Fields) > 0 {
			continue
		}
		e.Fields = fieldList(raw)
	}
}

func fieldList(raw json.RawMessage) []FieldError {
	var list []map[string]json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		out := make([]FieldError, 0, len(list))
		for _, item := range list {
			f := FieldError{Field: str(item["field"])}
			for _, k := range []string{"message", "messsage", "msg", "error", "errorMessage"} {
				if f.Message == "" {
					f.Message = str(item[k])
				}
			}
			if f.Field == "" && f.Message == "" {
				continue
			}
			out = append(out, f)
		}
		return out
	}
	var strs []string
	if json.Unmarshal(raw, &strs) == nil {
		out := make([]FieldError, 0, len(strs))
		for _, s := range strs {
			out = append(out, FieldError{Message: s})
		}
		return out
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		return fieldMap(m)
	}
	return nil
}

// fieldMap decodes {"field": ["msg", ...] | "msg"} in key order.
func fieldMap(m map[string]json.RawMessage) []FieldError {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []FieldError
	for _, k := range keys {
		raw := m[k]
		var msgs []string
		if json.Unmarshal(raw, &msgs) == nil {
			for _, s := range msgs {
				out = append(out, FieldError{Field: k, Message: s})
			}
			continue
		}
		if s := str(raw); s != "" {
			out = append(out, FieldError{Field: k, Message: s})
		}
	}
	return out
}

// str decodes a JSON string or number to a string; anything else is "".
func str(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// ParseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// It returns 0 when the header is absent or malformed.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
