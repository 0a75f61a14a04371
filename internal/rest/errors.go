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

// Sentinel errors. They are shared values: every provider package
// re-exports the same ones (blueink.ErrNotFound == zigned.ErrNotFound), so
// code handling several providers can test errors.Is(err, blueink.ErrNotFound)
// on any of them. Every *APIError matches the sentinel for its status code,
// so callers can branch without inspecting status codes. Their text carries
// no provider name: the error that wraps one names the provider.
var (
	ErrBadRequest   = errors.New("bad request")        // 400 and 422
	ErrUnauthorized = errors.New("unauthorized")       // 401
	ErrForbidden    = errors.New("forbidden")          // 403
	ErrNotFound     = errors.New("not found")          // 404 and 410
	ErrConflict     = errors.New("conflict")           // 409
	ErrRateLimited  = errors.New("rate limited")       // 429
	ErrServer       = errors.New("server error")       // 5xx
	ErrValidation   = errors.New("invalid argument")   // *ValidationError, before any I/O
	ErrNotReady     = errors.New("resource not ready") // provider-specific "try later" answers

	// ErrOutcomeUnknown matches a failure that may have happened after the
	// provider acted on the request (408, a 5xx other than 501, or a
	// connection lost once the request was sent) when the request was not
	// retried because repeating it could act twice: a POST or PATCH. Check
	// whether it took effect (e.g. look it up by your own key) before
	// sending it again. The exactly-once creates (CreateOnce) do that check
	// themselves and return this error only when the check itself failed.
	ErrOutcomeUnknown = errors.New("outcome unknown, not retried")

	// ErrPaginationStalled matches an iteration that stopped because the
	// provider's pagination stopped advancing (the same page or next link
	// again, a cycle of next links, or an empty page that still announces a
	// next one): items may be missing, so the iterator says so instead of
	// ending quietly.
	ErrPaginationStalled = errors.New("pagination stalled")
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
func (e *APIError) Is(target error) bool { return MatchStatus(e.StatusCode, e.OutcomeUnknown, target) }

// MatchStatus reports whether an answer with status (and the outcome-unknown
// mark) matches target, one of the sentinels: the one rule behind every
// APIError.Is of every provider.
func MatchStatus(status int, outcomeUnknown bool, target error) bool {
	switch target {
	case ErrBadRequest:
		return status == http.StatusBadRequest || status == http.StatusUnprocessableEntity
	case ErrUnauthorized:
		return status == http.StatusUnauthorized
	case ErrForbidden:
		return status == http.StatusForbidden
	case ErrNotFound:
		return status == http.StatusNotFound || status == http.StatusGone
	case ErrConflict:
		return status == http.StatusConflict
	case ErrRateLimited:
		return status == http.StatusTooManyRequests
	case ErrServer:
		return status >= 500
	case ErrOutcomeUnknown:
		return outcomeUnknown
	}
	return false
}

// RateLimitError is returned for 429 answers once retries are exhausted (or
// disabled). It wraps the *APIError.
type RateLimitError struct {
	*APIError
	// RetryAfter is the provider's requested wait (Retry-After), zero when
	// it sent none, clamped to the client's maximum retry wait (the max of
	// WithRetryWait, 30 s by default): a hostile or broken header cannot
	// make a caller that sleeps for it wait longer than the client would.
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
	// Err is the cause, when there is one (a file that cannot be opened).
	Err error
}

// Unwrap returns the cause, if any.
func (e *ValidationError) Unwrap() error { return e.Err }

// Error implements error. The text names no provider: the provider's own
// ValidationError adds its name.
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return "invalid argument: " + e.Message
	}
	return "invalid " + e.Field + ": " + e.Message
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
	// Attempts is how many times the request was tried (1 + retries), and
	// Elapsed how long the call took, waits included.
	Attempts int
	Elapsed  time.Duration
}

// Error implements error.
func (e *TransportError) Error() string {
	s := e.Method + " " + e.URL + ": " + e.Err.Error()
	if e.Attempts > 0 {
		s += " (" + plural(e.Attempts, "attempt") + " over " + e.Elapsed.Round(time.Millisecond).String() + ")"
	}
	if e.OutcomeUnknown {
		s += notRetriedNote(e.Method)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
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

// parseErrorBody is the generic fallback every provider gets before its
// own ErrorDecoder runs: a short plain-text body becomes Message, and so
// does the "message" string of a JSON object. It never fails: an
// undecodable body leaves the fields empty (the raw body is kept on the
// error). Each provider's own error shapes are decoded in its package.
func parseErrorBody(e *APIError, body []byte) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return
	}
	if body[0] == '{' {
		e.Message = FirstString(ErrorObject(body), "message")
		return
	}
	if body[0] != '[' && len(body) <= 200 && !bytes.ContainsAny(body, "<{") {
		e.Message = string(body)
	}
}

// ErrorShape says where a provider's error body keeps each part of an
// APIError: for each part, the keys to try in order (the first one holding
// a string or a number wins). A provider's ErrorDecoder declares its shape
// and applies it with Fill.
type ErrorShape struct {
	Code, Message, Detail, RequestID []string
	// Fields are the keys holding per-field errors (see ErrorFields), and
	// FieldMessage the keys of one field error's message.
	Fields, FieldMessage []string
}

// Fill sets the parts of e still empty from the members m of an error
// object.
func (s ErrorShape) Fill(e *APIError, m map[string]json.RawMessage) {
	for _, part := range []struct {
		dst  *string
		keys []string
	}{{&e.Code, s.Code}, {&e.Message, s.Message}, {&e.Detail, s.Detail}, {&e.RequestID, s.RequestID}} {
		if *part.dst == "" {
			*part.dst = FirstString(m, part.keys...)
		}
	}
	for _, k := range s.Fields {
		if raw, ok := m[k]; ok && len(e.Fields) == 0 {
			e.Fields = ErrorFields(raw, s.FieldMessage...)
		}
	}
}

// ErrorObject decodes an error body that is a JSON object into its members;
// anything else gives nil.
func ErrorObject(body []byte) map[string]json.RawMessage {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	return m
}

// FirstString returns the first of keys whose member of m is a JSON string
// or number, as a string; "" when none is.
func FirstString(m map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if s := JSONString(m[k]); s != "" {
			return s
		}
	}
	return ""
}

// ErrorFields decodes the per-field errors of an error body in any of the
// common forms: a list of objects ({"field": f, <message key>: m}, the
// message under the first of messageKeys present), a list of strings, or an
// object mapping fields to a message or a list of messages (FieldMap).
func ErrorFields(raw json.RawMessage, messageKeys ...string) []FieldError {
	var list []map[string]json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		out := make([]FieldError, 0, len(list))
		for _, item := range list {
			f := FieldError{Field: JSONString(item["field"]), Message: FirstString(item, messageKeys...)}
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
		return FieldMap(m)
	}
	return nil
}

// FieldMap decodes {"field": ["msg", ...] | "msg"} in key order (Django REST
// framework's validation errors).
func FieldMap(m map[string]json.RawMessage) []FieldError {
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
		if s := JSONString(raw); s != "" {
			out = append(out, FieldError{Field: k, Message: s})
		}
	}
	return out
}

// JSONString decodes a JSON string or number to a string; anything else is "".
func JSONString(raw json.RawMessage) string {
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

// MaxRetryAfter is the longest Retry-After ParseRetryAfter reports: a
// larger value, however many digits it has, is clamped to it (never wrapped
// or ignored). The client's RetryWaitMax caps the wait further.
const MaxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// It returns 0 when the header is absent or malformed, and clamps a delay
// past MaxRetryAfter (even one too long for any integer type) to it.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, ok := ClampedUint(v, int64(MaxRetryAfter/time.Second)); ok {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now) // Sub saturates instead of wrapping
		return min(max(d, 0), MaxRetryAfter)
	}
	return 0
}

// ClampedUint parses s, a non-empty run of ASCII digits, as a number no
// larger than limit: a larger value (however many digits) gives limit.
// ok is false when s is not a run of digits.
func ClampedUint(s string, limit int64) (n int64, ok bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (limit-int64(c-'0'))/10 {
			n = limit // keep scanning: a later non-digit still makes s invalid
			continue
		}
		if n < limit {
			n = n*10 + int64(c-'0')
		}
	}
	return n, true
}

// ParseSeconds reads a positive number of seconds (an integer, a fraction
// or an exponent, such as a token's expires_in) as a duration clamped to
// limit: a value too large for a time.Duration, or for a float64, gives
// limit instead of wrapping into a negative duration. ok is false for a
// value that is not a positive number.
func ParseSeconds(s string, limit time.Duration) (d time.Duration, ok bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil && !(errors.Is(err, strconv.ErrRange) && f > 0) {
		return 0, false
	}
	if !(f > 0) { // also NaN
		return 0, false
	}
	if f >= limit.Seconds() {
		return limit, true
	}
	return time.Duration(f * float64(time.Second)), true
}
