package webhook

import "errors"

// Verification errors. Each scheme wraps one of these, so callers (and the
// Handler's logger) can tell why a delivery was refused; the HTTP answer is
// always a generic 401.
var (
	ErrNoSecret           = errors.New("webhook: no secret configured")
	ErrMissingSignature   = errors.New("webhook: missing signature")
	ErrMalformedSignature = errors.New("webhook: malformed signature")
	ErrSignatureMismatch  = errors.New("webhook: signature mismatch")
	ErrMissingTimestamp   = errors.New("webhook: missing timestamp")
	ErrTimestampTooOld    = errors.New("webhook: timestamp too old")
	ErrTimestampTooNew    = errors.New("webhook: timestamp too far in the future")
	ErrMissingToken       = errors.New("webhook: missing token")
	ErrTokenMismatch      = errors.New("webhook: token mismatch")
	ErrInvalidCertificate = errors.New("webhook: invalid certificate")
)

// Decoding errors.
var (
	// ErrInvalidPayload wraps every failure to decode a delivery body.
	ErrInvalidPayload = errors.New("webhook: invalid payload")
	// ErrBodyTooLarge is returned when a body exceeds the configured bound.
	ErrBodyTooLarge = errors.New("webhook: body too large")
)

// verificationErrors are the sentinels of a refused delivery (401).
var verificationErrors = []error{
	ErrNoSecret, ErrMissingSignature, ErrMalformedSignature, ErrSignatureMismatch, ErrMissingTimestamp,
	ErrTimestampTooOld, ErrTimestampTooNew, ErrMissingToken, ErrTokenMismatch, ErrInvalidCertificate,
}
