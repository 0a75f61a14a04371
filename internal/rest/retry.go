package rest

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"
)

type callInfoKey struct{}
type idempotencyKeyKey struct{}

// callInfo travels in the request context because CheckRetry receives no
// request when the transport fails.
type callInfo struct {
	method          string
	idempotencyKey  string
	foreignRedirect bool
}

func withCallInfo(ctx context.Context, ci callInfo) context.Context {
	return context.WithValue(ctx, callInfoKey{}, ci)
}

func callInfoFrom(ctx context.Context) (callInfo, bool) {
	ci, ok := ctx.Value(callInfoKey{}).(callInfo)
	return ci, ok
}

func allowsForeignRedirect(ctx context.Context) bool {
	ci, _ := callInfoFrom(ctx)
	return ci.foreignRedirect
}

// WithIdempotencyKey returns a context whose requests carry the
// Idempotency-Key header. Such requests are retried on 408/5xx and transport
// errors even when their method is not idempotent (POST, PATCH): use it only
// when the provider deduplicates by that key.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyKey{}, key)
}

// IdempotencyKey returns the key set by WithIdempotencyKey, or "".
func IdempotencyKey(ctx context.Context) string {
	k, _ := ctx.Value(idempotencyKeyKey{}).(string)
	return k
}

// Idempotent reports whether method is idempotent per RFC 9110.
func Idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// CheckRetry is the retry policy of every esign client:
//   - never retry once ctx is done;
//   - 429: retry for every method (the request was not processed);
//   - 408, 5xx except 501, and transport errors: retry only idempotent
//     methods, requests carrying an idempotency key, and requests whose
//     context is marked with WithSafeRetries;
//   - never retry any other status.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	ci, ok := callInfoFrom(ctx)
	if !ok && resp != nil && resp.Request != nil {
		ci.method = resp.Request.Method // a request sent through StandardClient
	}
	safe := Idempotent(ci.method) || ci.idempotencyKey != "" || safeRetries(ctx)
	if err != nil {
		if isPermanent(err) {
			return false, err
		}
		return safe, err
	}
	if resp == nil {
		return false, nil
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return true, nil
	case s == http.StatusRequestTimeout:
		return safe, nil
	case s == http.StatusNotImplemented:
		return false, nil
	case s >= 500 && s <= 599:
		return safe, nil
	}
	return false, nil
}

// unsafeToRepeat reports whether a request with method, sent with ctx, was
// kept from 408/5xx/transport retries because repeating it could act twice.
func unsafeToRepeat(ctx context.Context, method string) bool {
	return !Idempotent(method) && IdempotencyKey(ctx) == "" && !safeRetries(ctx)
}

// outcomeUnknownStatus reports the statuses that do not say the request was
// refused untouched: 408 and 5xx except 501.
func outcomeUnknownStatus(status int) bool {
	return status == http.StatusRequestTimeout || (status >= 500 && status <= 599 && status != http.StatusNotImplemented)
}

// sentBeforeFailing reports whether a transport error may have come after
// the request reached the server: not for dial failures (nothing was sent),
// refused redirects, bad URLs or TLS certificate failures.
func sentBeforeFailing(err error) bool {
	if isPermanent(err) {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	return true
}

// isPermanent reports transport errors that a retry cannot fix: refused
// redirects, malformed URLs and TLS certificate failures.
func isPermanent(err error) bool {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"refusing redirect", "stopped after 10 redirects", "unsupported protocol scheme"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// backoff honours Retry-After (seconds or HTTP date) on 429 and 503, capped
// at max; otherwise it is exponential from min with full jitter, capped at
// max. The hook (tests) may replace the slept duration.
func backoff(hook func(attempt int, wait time.Duration) time.Duration) func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	return func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
		wait := Backoff(min, max, attempt, resp, time.Now())
		if hook != nil {
			return hook(attempt, wait)
		}
		return wait
	}
}

// Backoff computes the wait before retry number attempt+1.
func Backoff(min, max time.Duration, attempt int, resp *http.Response, now time.Time) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d := ParseRetryAfter(resp.Header.Get("Retry-After"), now); d > 0 {
			if d > max {
				return max
			}
			return d
		}
	}
	exp := float64(min) * math.Pow(2, float64(attempt))
	if exp > float64(max) || math.IsInf(exp, 0) {
		exp = float64(max)
	}
	// Full jitter between min and the exponential ceiling.
	lo := float64(min)
	if exp <= lo {
		return time.Duration(lo)
	}
	return time.Duration(lo + rand.Float64()*(exp-lo))
}
