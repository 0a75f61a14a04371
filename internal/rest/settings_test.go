package rest

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Every common option is validated once, here, for every provider.
func TestSettingsValidation(t *testing.T) {
	bad := map[string]func(*Settings){
		"empty base URL":      func(s *Settings) { s.SetBaseURL(" ") },
		"relative base URL":   func(s *Settings) { s.SetBaseURL("/api/v2") },
		"ftp base URL":        func(s *Settings) { s.SetBaseURL("ftp://x/") },
		"nil HTTP client":     func(s *Settings) { s.SetHTTPClient(nil) },
		"negative retries":    func(s *Settings) { s.SetMaxRetries(-1) },
		"zero retry wait":     func(s *Settings) { s.SetRetryWait(0, time.Second) },
		"max below min":       func(s *Settings) { s.SetRetryWait(time.Second, time.Millisecond) },
		"user agent newline":  func(s *Settings) { s.SetUserAgent("app/1\r\nX-Evil: 1") },
		"relative token URL":  func(s *Settings) { s.SetTokenURL("oauth/token") },
		"empty scope":         func(s *Settings) { s.SetScopes("a", "") },
		"scope with a space":  func(s *Settings) { s.SetScopes("a b") },
		"provider's own fail": func(s *Settings) { s.Fail(Invalid("audience", "must not be empty")) },
	}
	for name, set := range bad {
		var s Settings
		set(&s)
		s.SetLogger(nil) // a valid option after the bad one: the first error stays
		err := s.Err()
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
			t.Errorf("%s: Err() = %v, want a *ValidationError", name, err)
			continue
		}
		if _, err := New(Config{Settings: s}); !errors.Is(err, ErrValidation) {
			t.Errorf("%s: New accepted it: %v", name, err)
		}
	}

	var s Settings
	s.SetBaseURL(" https://api.example.com/v2 ")
	s.SetHTTPClient(&http.Client{})
	s.SetRetryWait(time.Millisecond, time.Second)
	s.SetUserAgent(" app/1.0 ")
	s.SetTokenURL("https://auth.example.com/oauth/token")
	s.SetScopes("read", "write")
	s.SetLogger(slog.Default())
	equal(t, "valid settings", s.Err(), nil)
	equal(t, "base URL trimmed", s.BaseURL, "https://api.example.com/v2")
	equal(t, "user agent trimmed", s.UserAgent, "app/1.0")
	equal(t, "scopes", s.Scopes, []string{"read", "write"})
}

// "0 disables retries" is translated in one place: SetMaxRetries. The
// core's own reading (0 = default) is for an option that was never set.
func TestMaxRetriesZeroDisables(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*Settings)
		want int
	}{
		{"unset", func(*Settings) {}, DefaultMaxRetries},
		{"0 disables", func(s *Settings) { s.SetMaxRetries(0) }, 0},
		{"3", func(s *Settings) { s.SetMaxRetries(3) }, 3},
	} {
		s := Settings{BaseURL: "https://api.example.com/"}
		tc.set(&s)
		c, err := New(Config{Settings: s})
		if err != nil {
			t.Fatal(err)
		}
		equal(t, tc.name, c.rc.RetryMax, tc.want)
	}
}

// The token endpoint follows the base URL unless set, and a client whose
// API is not production never sends its secret to the production auth host.
func TestResolveTokenURL(t *testing.T) {
	const prodBase, prodToken = "https://api.example.com/rest/v3", "https://auth.example.com/oauth/token"
	for _, tc := range []struct {
		name, base, token, want, err string
	}{
		{"production", prodBase, "", prodToken, ""},
		{"production, trailing slash", prodBase + "/", "", prodToken, ""},
		{"explicit", prodBase, "https://sso.example.org/token", "https://sso.example.org/token", ""},
		{"derived from a proxy", "http://127.0.0.1:8080/proxy/rest/v3/", "", "http://127.0.0.1:8080/proxy/oauth/token", ""},
		{"derived, no API suffix", "https://sandbox.example.net/api", "", "https://sandbox.example.net/oauth/token", ""},
		{"explicit on a fake", "http://127.0.0.1:9/rest/v3", "http://127.0.0.1:9/oauth/token", "http://127.0.0.1:9/oauth/token", ""},
		{"production auth for a fake base", "http://127.0.0.1:9/rest/v3", prodToken, "", "production auth server"},
	} {
		s := Settings{BaseURL: tc.base, TokenURL: tc.token}
		got, err := s.ResolveTokenURL(prodBase, prodToken, "/rest/v3")
		if tc.err != "" {
			if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want a refusal", tc.name, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}
