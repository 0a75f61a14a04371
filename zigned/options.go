package zigned

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a Client. Options only validate and record values; the
// constructor performs no I/O.
type Option func(*config)

type config struct {
	baseURL      string
	tokenURL     string
	tokenURLSet  bool
	httpClient   *http.Client
	maxRetries   int
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	logger       *slog.Logger
	userAgent    string
	backoffHook  func(attempt int, wait time.Duration) time.Duration
	expiryDelta  time.Duration
	scopes       []string
}

func newConfig(opts []Option) *config {
	c := &config{baseURL: DefaultBaseURL, tokenURL: DefaultTokenURL}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// WithBaseURL sets the REST v3 base URL (default DefaultBaseURL), e.g. a
// zignedtest server's APIURL.
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = u } }

// WithTokenURL sets the OAuth2 token endpoint (default DefaultTokenURL).
// When only WithBaseURL is given, the token URL is derived from it: the
// origin plus any prefix before "/rest/v3", then "/oauth/token".
func WithTokenURL(u string) Option {
	return func(c *config) { c.tokenURL, c.tokenURLSet = u, true }
}

// WithHTTPClient sets the *http.Client used for every call, the OAuth2 token
// request included.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithMaxRetries sets how many times a retryable failure is retried; 0
// disables retries (the default is 5).
func WithMaxRetries(n int) Option {
	return func(c *config) {
		if n <= 0 {
			c.maxRetries = -1
			return
		}
		c.maxRetries = n
	}
}

// WithRetryWait sets the minimum and maximum wait between retries; the
// maximum also caps a server's Retry-After.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *config) { c.retryWaitMin, c.retryWaitMax = minWait, maxWait }
}

// WithLogger enables debug logging of requests (secrets redacted). Without it
// the client logs nothing.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithUserAgent appends ua to the "esign-go/<version>" User-Agent.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithBackoffHook receives every computed retry wait and returns the wait to
// actually sleep (tests use it as a fake clock).
func WithBackoffHook(h func(attempt int, wait time.Duration) time.Duration) Option {
	return func(c *config) { c.backoffHook = h }
}

// WithTokenExpiryDelta makes a cached OAuth2 token count as expired d before
// its real expiry (default 10 s, the oauth2 package's default).
func WithTokenExpiryDelta(d time.Duration) Option { return func(c *config) { c.expiryDelta = d } }

// WithScopes requests OAuth2 scopes with the client credentials grant. Zigned
// documents none; the option exists for accounts that need them.
func WithScopes(scopes ...string) Option {
	return func(c *config) { c.scopes = append([]string(nil), scopes...) }
}
