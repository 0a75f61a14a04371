package webhook

import "time"

// DefaultTolerance is how far a signed timestamp may be from now, either way.
const DefaultTolerance = 5 * time.Minute

// Option configures a verification scheme.
type Option func(*schemeConfig)

type schemeConfig struct {
	tolerance time.Duration
	now       func() time.Time
	secrets   []string // WithAdditionalSecrets
}

func newSchemeConfig(opts []Option) schemeConfig {
	c := schemeConfig{tolerance: DefaultTolerance, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithTolerance sets the allowed clock difference, checked both ways
// (too old and too new). Non-positive values keep the default.
func WithTolerance(d time.Duration) Option {
	return func(c *schemeConfig) {
		if d > 0 {
			c.tolerance = d
		}
	}
}

// WithAdditionalSecrets makes a secret-based scheme (TimestampedHMAC,
// SlackHMAC, and the providers' ConstructEvent and WebhookProvider built on
// them) accept signatures made with any of secrets as well. Use it while
// rotating: keep the old secret until every sender has the new one.
func WithAdditionalSecrets(secrets ...string) Option {
	return func(c *schemeConfig) { c.secrets = append(c.secrets, secrets...) }
}

// keys returns the non-empty secrets of primary and WithAdditionalSecrets
// (none at all is ErrNoSecret) and drops the latter from c, so a scheme
// keeps its secrets in one place.
func (c *schemeConfig) keys(primary []string) ([][]byte, error) {
	all := append(append([]string(nil), primary...), c.secrets...)
	c.secrets = nil
	return secretsOf(all)
}

// WithClock injects the clock used for timestamp checks (tests).
func WithClock(now func() time.Time) Option {
	return func(c *schemeConfig) {
		if now != nil {
			c.now = now
		}
	}
}

func (c schemeConfig) checkTime(t time.Time) error {
	now := c.now()
	if now.Sub(t) > c.tolerance {
		return ErrTimestampTooOld
	}
	if t.Sub(now) > c.tolerance {
		return ErrTimestampTooNew
	}
	return nil
}
