package signeasy

import (
	"context"

	"github.com/esignkit/esign/internal/rest"
)

// Error types shared by every esign provider.
type (
	// APIError is a non-2xx answer from Signeasy (or from its token
	// endpoint). Use errors.Is with the sentinels below, or errors.As.
	APIError = rest.APIError
	// FieldError is one per-field problem in an APIError.
	FieldError = rest.FieldError
	// RateLimitError is a 429 answer once retries are spent; it carries
	// RetryAfter and wraps the *APIError.
	RateLimitError = rest.RateLimitError
	// ValidationError is an invalid argument detected before any I/O.
	ValidationError = rest.ValidationError
	// TransportError is a failure to get any HTTP answer.
	TransportError = rest.TransportError
	// DecodeError is a 2xx answer whose body could not be decoded.
	DecodeError = rest.DecodeError
	// Response wraps the *http.Response of a call.
	Response = rest.Response
	// Pagination is unused by Signeasy (its lists are not paginated) and is
	// kept for symmetry with the other providers.
	Pagination = rest.Pagination
)

// Sentinel errors matched by errors.Is.
var (
	ErrBadRequest   = rest.ErrBadRequest   // 400, 422
	ErrUnauthorized = rest.ErrUnauthorized // 401 (API or token endpoint)
	ErrForbidden    = rest.ErrForbidden    // 403 (API or token endpoint)
	ErrNotFound     = rest.ErrNotFound     // 404, 410
	ErrConflict     = rest.ErrConflict     // 409
	ErrRateLimited  = rest.ErrRateLimited  // 429
	ErrServer       = rest.ErrServer       // 5xx
	ErrValidation   = rest.ErrValidation   // *ValidationError
	// ErrOutcomeUnknown: a POST/PATCH failed after it may have been
	// processed (408, 5xx, lost connection) and was not retried; check
	// before sending it again.
	ErrOutcomeUnknown = rest.ErrOutcomeUnknown
)

// WithIdempotencyKey returns a context whose requests carry an
// Idempotency-Key header and may therefore be retried on 408/5xx even when
// they are POSTs. Signeasy does not document idempotency keys: use it only
// for calls that are safe to repeat.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return rest.WithIdempotencyKey(ctx, key)
}
