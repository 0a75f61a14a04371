package blueink

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// Option configures a Client. Invalid values are reported by NewClient.
type Option func(*config)

type config struct {
	baseURL      string
	httpClient   *http.Client
	maxRetries   int
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	logger       *slog.Logger
	userAgent    string
	backoffHook  func(attempt int, wait time.Duration) time.Duration
	errs         []error
}

// DefaultMaxRetries is how many times a failed call is retried unless
// WithMaxRetries says otherwise (the same budget as every esign provider).
const DefaultMaxRetries = rest.DefaultMaxRetries

func defaultConfig() config {
	return config{baseURL: DefaultBaseURL, maxRetries: DefaultMaxRetries}
}

// WithBaseURL sets the API base URL, e.g. a sandbox or the blueinktest fake
// server. The "/api/v2/" prefix is part of the URL you pass.
func WithBaseURL(u string) Option {
	return func(c *config) {
		if strings.TrimSpace(u) == "" {
			c.errs = append(c.errs, rest.Invalid("base URL", "must not be empty"))
			return
		}
		c.baseURL = strings.TrimSpace(u)
	}
}

// WithHTTPClient sets the *http.Client used for requests (transport, proxy,
// timeouts). The client is copied; its redirect policy is wrapped so that
// credentials never reach another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc == nil {
			c.errs = append(c.errs, rest.Invalid("http client", "must not be nil"))
			return
		}
		c.httpClient = hc
	}
}

// WithMaxRetries sets how many times a failed call is retried (429 for every
// method; 408, 5xx and transport errors only for idempotent methods or with
// WithIdempotencyKey). 0 disables retries; the default is
// DefaultMaxRetries (5).
func WithMaxRetries(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.errs = append(c.errs, rest.Invalid("max retries", "%d is negative", n))
			return
		}
		c.maxRetries = n
	}
}

// WithRetryWait sets the minimum and maximum wait between retries. The
// maximum also caps a server's Retry-After.
func WithRetryWait(min, max time.Duration) Option {
	return func(c *config) {
		if min <= 0 || max <= 0 || max < min {
			c.errs = append(c.errs, rest.Invalid("retry wait", "need 0 < min (%s) <= max (%s)", min, max))
			return
		}
		c.retryWaitMin, c.retryWaitMax = min, max
	}
}

// WithLogger logs every request (method, redacted URL, status, duration) at
// debug level. Without it nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithUserAgent appends ua to the "esign-go/<version>" User-Agent.
func WithUserAgent(ua string) Option {
	return func(c *config) { c.userAgent = ua }
}
