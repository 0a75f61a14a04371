package rest

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Settings are the options every provider client shares. A provider's
// Option is a func(*config) over a config that embeds Settings; its common
// options (WithBaseURL, WithHTTPClient, WithMaxRetries, WithRetryWait,
// WithLogger, WithUserAgent, WithBackoffHook, WithStrictDecoding and, for OAuth providers,
// WithTokenURL and WithScopes) call the setters below, so every provider
// validates them the same way. A setter never fails: it records what is
// wrong and New reports the first such error.
//
// The zero value means "all defaults".
type Settings struct {
	// BaseURL is the API base URL (absolute http or https).
	BaseURL string
	// HTTPClient, when set, is copied; its redirect policy is wrapped so
	// credentials never follow a redirect to another host.
	HTTPClient *http.Client
	// MaxRetries is the retry budget as the core reads it: 0 means
	// DefaultMaxRetries and a negative value disables retries. Users say
	// "0 disables" instead: SetMaxRetries translates, in this one place.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the wait between retries (zero:
	// DefaultRetryWaitMin, DefaultRetryWaitMax). RetryWaitMax also caps a
	// server's Retry-After.
	RetryWaitMin, RetryWaitMax time.Duration
	// Logger receives debug lines for requests and retries, redacted; nil
	// logs nothing.
	Logger *slog.Logger
	// UserAgent is appended to "esign-go/<version>".
	UserAgent string
	// BackoffHook, when set, receives every computed wait and returns the
	// wait actually slept. Tests use it as a fake clock.
	BackoffHook func(attempt int, wait time.Duration) time.Duration
	// TokenURL is the OAuth2 token endpoint; empty means the provider's
	// default, derived from BaseURL when BaseURL is not the provider's
	// production host (see AuthURL).
	TokenURL string
	// Scopes are the OAuth2 scopes requested with a token.
	Scopes []string
	// StrictDecoding turns the values of an answer that did not decode
	// (Response.DecodeIssues) into a *DecodeError listing them.
	StrictDecoding bool

	errs []error
}

// Fail records an invalid option; New returns the first one recorded.
// Provider-specific options report their own problems through it.
func (s *Settings) Fail(err error) {
	if err != nil {
		s.errs = append(s.errs, err)
	}
}

// Err returns the first invalid option recorded, or nil.
func (s *Settings) Err() error {
	if len(s.errs) == 0 {
		return nil
	}
	return s.errs[0]
}

// SetBaseURL validates and sets the API base URL.
func (s *Settings) SetBaseURL(u string) { s.setURL(&s.BaseURL, "base URL", u) }

// SetTokenURL validates and sets the OAuth2 token endpoint.
func (s *Settings) SetTokenURL(u string) { s.setURL(&s.TokenURL, "token URL", u) }

// setURL sets *dst to u, trimmed, when it is an absolute http(s) URL.
func (s *Settings) setURL(dst *string, field, u string) {
	u = strings.TrimSpace(u)
	if err := checkAbsolute(field, u); err != nil {
		s.Fail(err)
		return
	}
	*dst = u
}

// SetHTTPClient sets the *http.Client; nil is an error.
func (s *Settings) SetHTTPClient(hc *http.Client) {
	if hc == nil {
		s.Fail(Invalid("HTTP client", "must not be nil"))
		return
	}
	s.HTTPClient = hc
}

// SetMaxRetries sets how many times a failed call is retried: 0 disables
// retries, a negative value is an error.
func (s *Settings) SetMaxRetries(n int) {
	switch {
	case n < 0:
		s.Fail(Invalid("max retries", "%d is negative", n))
	case n == 0:
		s.MaxRetries = -1 // the core's "disabled"
	default:
		s.MaxRetries = n
	}
}

// SetRetryWait sets the minimum and maximum wait between retries; it needs
// 0 < min <= max.
func (s *Settings) SetRetryWait(min, max time.Duration) {
	if min <= 0 || max < min {
		s.Fail(Invalid("retry wait", "need 0 < min <= max, got %s and %s", min, max))
		return
	}
	s.RetryWaitMin, s.RetryWaitMax = min, max
}

// SetLogger sets the logger; nil turns logging off.
func (s *Settings) SetLogger(l *slog.Logger) { s.Logger = l }

// SetUserAgent sets the User-Agent suffix; control characters are an error.
func (s *Settings) SetUserAgent(ua string) {
	if strings.ContainsFunc(ua, isControl) {
		s.Fail(Invalid("user agent", "must not contain control characters"))
		return
	}
	s.UserAgent = strings.TrimSpace(ua)
}

// SetBackoffHook sets the retry-wait hook (nil: sleep the computed waits).
func (s *Settings) SetBackoffHook(h func(attempt int, wait time.Duration) time.Duration) {
	s.BackoffHook = h
}

// SetStrictDecoding makes every call whose answer has values that did not
// decode fail with a *DecodeError listing them (see Response.DecodeIssues).
func (s *Settings) SetStrictDecoding() { s.StrictDecoding = true }

// SetScopes sets the OAuth2 scopes; an empty scope or one with white space
// (scopes travel space-separated) is an error.
func (s *Settings) SetScopes(scopes ...string) {
	for _, sc := range scopes {
		if sc == "" || strings.ContainsFunc(sc, func(r rune) bool { return r == ' ' || isControl(r) }) {
			s.Fail(Invalid("scopes", "%q is not a valid scope", sc))
			return
		}
	}
	s.Scopes = append([]string(nil), scopes...)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// checkAbsolute reports whether u is an absolute http(s) URL with a host.
func checkAbsolute(field, u string) error {
	if u == "" {
		return Invalid(field, "must not be empty")
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || (p.Scheme != "https" && p.Scheme != "http") {
		return Invalid(field, "%q is not an absolute http(s) URL", u)
	}
	return nil
}

// ResolveTokenURL returns the OAuth2 token endpoint of a client with
// settings s, whose provider serves its API at prodBase and issues tokens
// at prodToken:
//
//   - TokenURL when it was set;
//   - else prodToken when BaseURL is on prodBase's host;
//   - else BaseURL's origin, plus the part of its path before the API
//     suffix apiSuffix (e.g. "/rest/v3") when it ends with it, plus
//     "/oauth/token": a proxy, staging or fake server gets the token
//     request too.
//
// A token URL on prodToken's host is refused while BaseURL is not on
// prodBase's host: a client pointed elsewhere never sends its client
// secret to the production auth server.
func (s *Settings) ResolveTokenURL(prodBase, prodToken, apiSuffix string) (string, error) {
	base, err := url.Parse(s.BaseURL)
	if err != nil || base.Host == "" {
		return "", Invalid("base URL", "%q is not an absolute URL", s.BaseURL)
	}
	pb, _ := url.Parse(prodBase)
	pt, _ := url.Parse(prodToken)
	production := strings.EqualFold(base.Host, pb.Host)
	tokenURL := s.TokenURL
	switch {
	case tokenURL != "":
	case production:
		tokenURL = prodToken
	default:
		prefix, ok := strings.CutSuffix(strings.TrimSuffix(base.Path, "/"), apiSuffix)
		if !ok {
			prefix = ""
		}
		tokenURL = base.Scheme + "://" + base.Host + prefix + "/oauth/token"
	}
	tu, err := url.Parse(tokenURL)
	if err != nil || tu.Host == "" || (tu.Scheme != "https" && tu.Scheme != "http") {
		return "", Invalid("token URL", "%q is not an absolute http(s) URL", tokenURL)
	}
	if !production && strings.EqualFold(tu.Host, pt.Host) {
		return "", Invalid("token URL", "%s is the production auth server but the base URL %s is not the production API: the client secret would leave for production (set both, or neither)", tu.Host, base.Host)
	}
	return tokenURL, nil
}
