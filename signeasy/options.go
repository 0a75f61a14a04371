package signeasy

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// Option configures a Client.
type Option func(*config)

type config struct {
	baseURL     string
	tokenURL    string
	audience    string
	callbackURL string
	httpClient  *http.Client
	maxRetries  int // as passed to rest: 0 default, <0 disabled
	waitMin     time.Duration
	waitMax     time.Duration
	logger      *slog.Logger
	userAgent   string
	tokenTTL    time.Duration
	backoffHook func(int, time.Duration) time.Duration
	err         error
}

func newConfig(opts []Option) (*config, error) {
	c := &config{baseURL: DefaultBaseURL, tokenURL: DefaultTokenURL, audience: DefaultAudience, tokenTTL: DefaultTokenLifetime}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	if c.callbackURL == "" {
		c.callbackURL = deriveCallbackURL(c.baseURL)
	}
	b, _ := url.Parse(c.baseURL)
	cb, _ := url.Parse(c.callbackURL)
	if !strings.EqualFold(b.Host, cb.Host) {
		// The client sends its credentials to the API host only.
		return nil, rest.Invalid("callback URL", "host %q is not the API host %q", cb.Host, b.Host)
	}
	return c, nil
}

func (c *config) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func absoluteURL(field, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return rest.Invalid(field, "%q is not an absolute http(s) URL", s)
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

// WithBaseURL sets the v3 API base URL (default DefaultBaseURL). Unless
// WithCallbackURL is given, the v2 callback endpoint is derived from it by
// replacing a trailing /v3 with /v2/callback/.
func WithBaseURL(u string) Option {
	return func(c *config) {
		if err := absoluteURL("base URL", u); err != nil {
			c.fail(err)
			return
		}
		c.baseURL = u
	}
}

// WithTokenURL sets the OAuth token endpoint used by the client-credentials
// flow (default DefaultTokenURL).
func WithTokenURL(u string) Option {
	return func(c *config) {
		if err := absoluteURL("token URL", u); err != nil {
			c.fail(err)
			return
		}
		c.tokenURL = u
	}
}

// WithAudience sets the audience requested in the client-credentials grant
// (default DefaultAudience).
func WithAudience(aud string) Option {
	return func(c *config) {
		if strings.TrimSpace(aud) == "" {
			c.fail(rest.Invalid("audience", "must not be empty"))
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
			c.fail(err)
			return
		}
		c.callbackURL = u
	}
}

// WithHTTPClient sets the *http.Client used for every call, including the
// token endpoint. It is copied; its redirect policy is wrapped so credentials
// never follow a redirect to another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc == nil {
			c.fail(rest.Invalid("HTTP client", "must not be nil"))
			return
		}
		c.httpClient = hc
	}
}

// WithMaxRetries sets how many times a failed call is retried (default 5;
// 0 disables retries). See the package doc for what is retried.
func WithMaxRetries(n int) Option {
	return func(c *config) {
		switch {
		case n < 0:
			c.fail(rest.Invalid("max retries", "must not be negative"))
		case n == 0:
			c.maxRetries = -1
		default:
			c.maxRetries = n
		}
	}
}

// WithRetryWait sets the minimum and maximum wait between retries (defaults
// 500 ms and 30 s); max also caps a Retry-After the server asks for.
func WithRetryWait(min, max time.Duration) Option {
	return func(c *config) {
		if min <= 0 || max < min {
			c.fail(rest.Invalid("retry wait", "need 0 < min <= max, got %s and %s", min, max))
			return
		}
		c.waitMin, c.waitMax = min, max
	}
}

// WithLogger logs requests (debug) and retries with secrets redacted.
// Without it the client logs nothing.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithUserAgent appends ua to the "esign-go/<version>" User-Agent.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithTokenLifetime sets the lifetime assumed for a client-credentials token
// whose response carries no expires_in (default DefaultTokenLifetime).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.fail(rest.Invalid("token lifetime", "must be positive"))
			return
		}
		c.tokenTTL = d
	}
}

// withBackoffHook is used by tests to observe retry waits without sleeping.
func withBackoffHook(h func(int, time.Duration) time.Duration) Option {
	return func(c *config) { c.backoffHook = h }
}
