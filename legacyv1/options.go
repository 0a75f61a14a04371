package legacyv1

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a Client.
type Option func(*config)

type config struct {
	baseURL      string
	httpClient   *http.Client
	maxRetries   int
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	logger       *slog.Logger
	userAgent    string
}

// WithBaseURL sets the API base URL, including the /api/v1 path. The default
// is DefaultBaseURL (the EU host); older accounts use LegacyBaseURL.
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = u } }

// WithHTTPClient sets the *http.Client used for every call. It is copied;
// the copy's redirect policy is wrapped (credentials never follow a redirect
// to another host).
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithMaxRetries sets how many times a failed call is retried (429 for every
// method; 408, 5xx and transport errors only for idempotent methods). 0
// disables retries. The default is 5.
func WithMaxRetries(n int) Option {
	return func(c *config) {
		if n <= 0 {
			c.maxRetries = -1
			return
		}
		c.maxRetries = n
	}
}

// WithRetryWait sets the minimum and maximum wait between retries. The
// maximum also caps a Retry-After header.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *config) { c.retryWaitMin, c.retryWaitMax = minWait, maxWait }
}

// WithLogger logs every request (method, redacted URL, status, duration) at
// debug level. The default is no logging at all.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithUserAgent appends s to the "esign-go/<version>" User-Agent.
func WithUserAgent(s string) Option { return func(c *config) { c.userAgent = s } }
