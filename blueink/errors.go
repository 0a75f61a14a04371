package blueink

import (
	"context"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/timeutil"
)

// Error types shared by every esign provider. Use errors.As to inspect them
// and errors.Is with the sentinels below to branch on the kind of failure.
type (
	// APIError is a non-2xx answer. BlueInk sends its errors in three
	// shapes, all decoded into Code, Message, Detail and Fields:
	//   {"code", "message", "errors": [{"field", "message"|"messsage"}]}
	//   {"detail", "code", "errors"}
	//   {"errorCode", "errorMessage", "fieldErrors"}
	APIError = rest.APIError
	// FieldError is one per-field problem of an APIError.
	FieldError = rest.FieldError
	// RateLimitError is a 429 answer (after retries); RetryAfter holds the
	// server's requested wait.
	RateLimitError = rest.RateLimitError
	// ValidationError is an invalid argument detected before any I/O.
	ValidationError = rest.ValidationError
	// TransportError is a failure to get any HTTP answer.
	TransportError = rest.TransportError
	// DecodeError is a 2xx answer whose body could not be decoded.
	DecodeError = rest.DecodeError
	// Response wraps the *http.Response with the parsed Pagination and
	// RequestID. It is returned even with an error when an answer arrived.
	Response = rest.Response
	// Pagination is what a list answer's X-Blueink-Pagination header says.
	Pagination = rest.Pagination
	// Time is a timestamp that decodes leniently: RFC 3339, Python's
	// str(datetime) ("2025-04-07 15:43:08.646752+00:00"), zone-less values
	// (UTC) and unix seconds or milliseconds. It encodes as RFC 3339.
	Time = timeutil.Time
	// Date is a calendar date sent as YYYY-MM-DD in list filters.
	Date = timeutil.Date
)

// Sentinel errors, matched with errors.Is.
var (
	ErrBadRequest   = rest.ErrBadRequest   // 400, 422
	ErrUnauthorized = rest.ErrUnauthorized // 401
	ErrForbidden    = rest.ErrForbidden    // 403
	ErrNotFound     = rest.ErrNotFound     // 404, 410
	ErrConflict     = rest.ErrConflict     // 409
	ErrRateLimited  = rest.ErrRateLimited  // 429
	ErrServer       = rest.ErrServer       // 5xx
	ErrValidation   = rest.ErrValidation   // *ValidationError, before any I/O
	// ErrOutcomeUnknown: a POST/PATCH failed after it may have been
	// processed (408, 5xx, lost connection) and was not retried; check
	// before sending it again.
	ErrOutcomeUnknown = rest.ErrOutcomeUnknown
)

// WithIdempotencyKey returns a context whose requests carry an
// Idempotency-Key header and may therefore be retried on 408/5xx and
// transport errors even for POST and PATCH. Use it only for calls the
// server deduplicates.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return rest.WithIdempotencyKey(ctx, key)
}
