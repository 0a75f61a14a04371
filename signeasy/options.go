package signeasy

import (
	"net/url"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// Option configures a Client. Invalid values are reported by the
// constructor as a *ValidationError. The common options (WithBaseURL,
// WithHTTPClient, WithMaxRetries, WithRetryWait, WithLogger, WithUserAgent,
// WithBackoffHook, WithTokenURL, WithScopes) are the same in every esign
// package.
type Option func(*config)

// config is what the options set: the settings every esign client shares,
// plus Signeasy's own.
type config struct {
	rest.Settings
	audience    string
	callbackURL string
	tokenTTL    time.Duration
}

// defaultConfig is where the options start from.
func defaultConfig() *config {
	return &config{Settings: rest.Settings{BaseURL: DefaultBaseURL}, audience: DefaultAudience, tokenTTL: DefaultTokenLifetime}
}

// configure applies opts and checks the result: the first invalid option,
// and a callback URL off the API host, are errors.
func configure(opts []Option) (*config, error) {
	c := newConfig(opts)
	if err := c.Err(); err != nil {
		return nil, fromCore(err)
	}
	if c.callbackURL == "" {
		c.callbackURL = deriveCallbackURL(c.BaseURL)
	}
	b, _ := url.Parse(c.BaseURL)
	cb, _ := url.Parse(c.callbackURL)
	if !strings.EqualFold(b.Host, cb.Host) {
		// The client sends its credentials to the API host only.
		return nil, invalidArg("callback URL", "host %q is not the API host %q", cb.Host, b.Host)
	}
	return c, nil
}

func absoluteURL(field, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidArg(field, "%q is not an absolute http(s) URL", s)
	}
	return nil
}

// deriveCallbackURL maps the v3 base URL onto the v2 callback endpoint:
// https://api.signeasy.com/v3 → https://api.signeasy.com/v2/callback/. A base
// URL that does not end in /v3 gets /v2/callback/ appended.
func deriveCallbackURL(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return DefaultCallbackURL
	}
	p := strings.TrimSuffix(u.Path, "/")
	p = strings.TrimSuffix(p, "/v3")
	u.Path = p + "/v2/callback/"
	u.RawPath = ""
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// WithAudience sets the audience requested in the client-credentials grant
// (default DefaultAudience).
func WithAudience(aud string) Option {
	return func(c *config) {
		if strings.TrimSpace(aud) == "" {
			c.Fail(invalidArg("audience", "must not be empty"))
			return
		}
		c.audience = aud
	}
}

// WithCallbackURL sets the v2 callback-management endpoint (default derived
// from the base URL, normally DefaultCallbackURL). It must be on the base
// URL's host: the client sends its credentials to no other host.
func WithCallbackURL(u string) Option {
	return func(c *config) {
		if err := absoluteURL("callback URL", u); err != nil {
			c.Fail(err)
			return
		}
		c.callbackURL = u
	}
}

// WithTokenLifetime sets the lifetime assumed for a client-credentials token
// whose response carries no expires_in (default DefaultTokenLifetime).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.Fail(invalidArg("token lifetime", "must be positive"))
			return
		}
		c.tokenTTL = d
	}
}
