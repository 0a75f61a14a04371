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

type callStateKey struct{}

// callState travels in the request context because CheckRetry receives no
// request when the transport fails. It belongs to one call; the attempts
// of a call run one after another, so it needs no lock.
type callState struct {
	method          string
	foreignRedirect bool
	// attempts counts the requests sent (or tried) for the call, and
	// maxAttempts bounds them (1 + the retry budget) across every round.
	attempts, maxAttempts int
	// dialFailed is set when the last attempt could not connect at all.
	dialFailed bool
}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

func allowsForeignRedirect(ctx context.Context) bool {
	st := callStateFrom(ctx)
	return st != nil && st.foreignRedirect
}

// DialRetries is how many times a call whose attempt could not connect
// (connection refused, no route, a DNS lookup that failed temporarily) is
// tried again, RetryWaitMin apart, whatever its method: nothing was sent.
// A host that does not exist (DNS "no such host") is not tried again. So an
// unreachable host fails after about a second with the defaults, not after
// the whole exponential budget.
const DialRetries = 2

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
//     methods and requests whose context is marked with WithSafeRetries;
//   - a failure to connect is left to the caller's short dial retries
//     (DialRetries), for every method;
//   - never retry any other status, nor past the call's attempt budget.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := callStateFrom(ctx)
	if st == nil {
		st = &callState{}
		if resp != nil && resp.Request != nil {
			st.method = resp.Request.Method
		}
	}
	st.attempts++
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if st.maxAttempts > 0 && st.attempts >= st.maxAttempts {
		return false, err
	}
	safe := Idempotent(st.method) || safeRetries(ctx)
	if err != nil {
		if isPermanent(err) {
			return false, err
		}
		if isDialFailure(err) {
			st.dialFailed = !hostNotFound(err)
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

// isDialFailure reports a transport error that happened while connecting:
// nothing was sent.
func isDialFailure(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// hostNotFound reports a DNS answer that the host does not exist: trying
// again a second later will not change it.
func hostNotFound(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}

// unsafeToRepeat reports whether a request with method, sent with ctx, was
// kept from 408/5xx/transport retries because repeating it could act twice.
func unsafeToRepeat(ctx context.Context, method string) bool {
	return !Idempotent(method) && !safeRetries(ctx)
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
	return !isDialFailure(err)
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
