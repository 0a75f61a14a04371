package zigned

import (
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// Option configures a Client. Options only validate and record values
// (invalid ones are reported by the constructor as a *ValidationError); the
// constructor performs no I/O. The common options (WithBaseURL,
// WithHTTPClient, WithMaxRetries, WithRetryWait, WithLogger, WithUserAgent,
// WithBackoffHook, WithTokenURL, WithScopes) are the same in every esign
// package.
type Option func(*config)

// config is what the options set: the settings every esign client shares,
// plus Zigned's own.
type config struct {
	rest.Settings
	expiryDelta time.Duration
}

// defaultConfig is where the options start from.
func defaultConfig() *config { return &config{Settings: rest.Settings{BaseURL: DefaultBaseURL}} }

// WithTokenExpiryDelta makes a cached OAuth2 token count as expired d before
// its real expiry (default 10 s, the oauth2 package's default).
func WithTokenExpiryDelta(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.Fail(invalidArg("token expiry delta", "%s is negative", d))
			return
		}
		c.expiryDelta = d
	}
}
