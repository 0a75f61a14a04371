package zigned

import (
	"context"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/timeutil"
)

// Error types, shared with the other esign providers.
type (
	// APIError is a non-2xx answer, from the API or from the OAuth2 token
	// endpoint. Zigned's body {"status":"error","error":{"code","message",
	// "request_id"}} fills Code, Message and RequestID.
	APIError = rest.APIError
	// FieldError is one per-field problem.
	FieldError = rest.FieldError
	// RateLimitError is a 429 answer once retries are spent; it wraps *APIError.
	RateLimitError = rest.RateLimitError
	// ValidationError is an invalid argument, reported before any I/O.
	ValidationError = rest.ValidationError
	// TransportError is a failure to get any answer.
	TransportError = rest.TransportError
	// DecodeError is a 2xx answer whose body could not be decoded.
	DecodeError = rest.DecodeError
	// Response wraps *http.Response; list calls fill Pagination from the
	// envelope's "pagination" object.
	Response = rest.Response
	// Pagination is a list page's position.
	Pagination = rest.Pagination
	// Time decodes Zigned's ISO timestamps leniently; the zero value is null.
	Time = timeutil.Time
)

// Sentinel errors: every *APIError matches the one for its status code with
// errors.Is (a 401 from the token endpoint or the API is ErrUnauthorized).
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
)

// WithIdempotencyKey returns a context whose requests carry an
// Idempotency-Key header and may therefore be retried on 5xx even when they
// are POSTs. Zigned does not document idempotency keys: use it only if your
// account confirms support.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return rest.WithIdempotencyKey(ctx, key)
}
