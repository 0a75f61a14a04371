package legacyv1

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/timeutil"
)

// Re-exported core types.
type (
	// APIError is a non-2xx answer. errors.Is matches the Err* sentinels by status.
	APIError = rest.APIError
	// FieldError is one per-field problem (Tastypie's {"document": {"name": [...]}}
	// becomes Field "document.name").
	FieldError = rest.FieldError
	// RateLimitError is a 429 answer once retries are spent; it carries RetryAfter.
	RateLimitError = rest.RateLimitError
	// ValidationError is an invalid argument detected before any I/O.
	ValidationError = rest.ValidationError
	// TransportError is a failure to get any HTTP answer.
	TransportError = rest.TransportError
	// DecodeError is a 2xx answer that could not be decoded.
	DecodeError = rest.DecodeError
	// Response wraps the *http.Response; list calls fill Pagination from the
	// Tastypie meta (Offset, Limit, TotalResults, Next).
	Response = rest.Response
	// Pagination is a list answer's position.
	Pagination = rest.Pagination
	// Time decodes Legalesign timestamps leniently; zone-less values are UTC.
	Time = timeutil.Time
)

// Sentinel errors, matched with errors.Is.
var (
	ErrBadRequest   = rest.ErrBadRequest
	ErrUnauthorized = rest.ErrUnauthorized
	ErrForbidden    = rest.ErrForbidden
	ErrNotFound     = rest.ErrNotFound
	ErrConflict     = rest.ErrConflict
	ErrRateLimited  = rest.ErrRateLimited
	ErrServer       = rest.ErrServer
	ErrValidation   = rest.ErrValidation
	// ErrOutcomeUnknown: a POST/PATCH failed after it may have been
	// processed (408, 5xx, lost connection) and was not retried; check
	// before sending it again.
	ErrOutcomeUnknown = rest.ErrOutcomeUnknown
	// ErrNotReady matches *NotReadyError: the final PDF is being de-archived.
	ErrNotReady = rest.ErrNotReady
	// ErrDeletionRefused matches *DeletionRefusedError: a permanent deletion
	// answered 200 instead of 204 (the spec: "something went wrong, probably
	// you need to allow automated deletions").
	ErrDeletionRefused = errors.New("legacyv1: permanent deletion refused")
)

// WithIdempotencyKey returns a context whose requests carry an
// Idempotency-Key header and are therefore retried on 5xx even when they are
// POSTs. Legalesign does not document idempotency keys: a retried POST
// /document/ may send a document twice, so use this only if you accept that.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return rest.WithIdempotencyKey(ctx, key)
}

// NotReadyError is returned by PDF.Download when the API answers 201: the
// document is archived and is being restored ("available in 4 hours"). It
// matches ErrNotReady.
type NotReadyError struct {
	DocumentID string
	// Message is the answer body (trimmed, at most 1 KiB), if any.
	Message string
}

// Error implements error.
func (e *NotReadyError) Error() string {
	msg := "legacyv1: PDF of document " + e.DocumentID + " is being de-archived; try again later"
	if e.Message != "" {
		msg += " (" + e.Message + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrNotReady) true.
func (e *NotReadyError) Is(target error) bool { return target == ErrNotReady }

// DeletionRefusedError is returned by the permanent delete calls when the API
// answers 200 instead of 204. It matches ErrDeletionRefused.
type DeletionRefusedError struct {
	Resource string // "document" or "templatepdf"
	ID       string
	Message  string // the answer body, trimmed, at most 1 KiB
}

// Error implements error.
func (e *DeletionRefusedError) Error() string {
	msg := "legacyv1: permanent deletion of " + e.Resource + " " + e.ID + " refused (200; enable automated deletion for the group)"
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is makes errors.Is(err, ErrDeletionRefused) true.
func (e *DeletionRefusedError) Is(target error) bool { return target == ErrDeletionRefused }

// decodeError completes the core's lenient parse with Legalesign's shapes:
//
//	{"text": "Filename must be not more than 250 characters"}      (attachments)
//	{"document": {"name": ["This field is required."]}}             (Tastypie validation)
//	{"member": {"exists": "User is already a member of the group"}}
func decodeError(e *rest.APIError, _ *http.Response, body []byte) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return
	}
	if raw, ok := m["text"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" {
			if e.Message == "" {
				e.Message = s
			}
			e.Fields = slices.DeleteFunc(e.Fields, func(f rest.FieldError) bool { return f.Field == "text" })
			if len(e.Fields) == 0 {
				e.Fields = nil
			}
		}
	}
	if e.Message != "" || e.Detail != "" || len(e.Fields) > 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var nested map[string]json.RawMessage
		if json.Unmarshal(m[k], &nested) != nil {
			continue
		}
		sub := make([]string, 0, len(nested))
		for s := range nested {
			sub = append(sub, s)
		}
		slices.Sort(sub)
		for _, s := range sub {
			field := k + "." + s
			var msgs []string
			var msg string
			switch {
			case json.Unmarshal(nested[s], &msgs) == nil:
				for _, x := range msgs {
					e.Fields = append(e.Fields, rest.FieldError{Field: field, Message: x})
				}
			case json.Unmarshal(nested[s], &msg) == nil:
				e.Fields = append(e.Fields, rest.FieldError{Field: field, Message: msg})
			}
		}
	}
}

// bodyText reads a short answer body for error messages.
func bodyText(resp *Response) string {
	if resp == nil || resp.Body == nil {
		return ""
	}
	b := make([]byte, 1024)
	n, _ := io.ReadFull(resp.Body, b)
	return strings.TrimSpace(string(b[:n]))
}
