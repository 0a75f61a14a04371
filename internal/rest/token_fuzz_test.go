package rest

import (
	"strings"
	"testing"
	"time"
)

// FuzzTokenAnswer: a token endpoint's answers (success and OAuth error
// bodies, both bounded by the core) never panic the decoders; a token
// always has an access token and an expiry within (now, now +
// MaxTokenLifetime]; an error code is only ever a single word.
func FuzzTokenAnswer(f *testing.F) {
	for _, s := range []string{
		`{"access_token": "eyJhbGciOiJSU...dssJg", "scope": "rs:read rs:update", "expires_in": 2592000, "token_type": "Bearer"}`,
		`{"access_token": "t", "expires_in": "120"}`, `{"access_token": "t", "expires_in": 1e400}`,
		`{"access_token": "t", "expires_in": 1e30}`, `{"access_token": "t", "expires_in": -5}`,
		`{"access_token": "t", "expires_in": "NaN"}`, `{"access_token": "t", "expires_in": "-Inf"}`,
		`{"access_token": "t", "expires_in": {"s": 1}}`, `{"access_token": 7}`,
		`{"error": "access_denied", "error_description": "Unauthorized"}`, `{"error": {"code": 1}}`,
		`{"error": "two words"}`, `{"error": ""}`, `null`, `[]`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := ParseTokenAnswer(b, now, time.Hour)
		if err == nil {
			if strings.TrimSpace(tok.AccessToken) == "" || tok.TokenType != "Bearer" {
				t.Fatalf("bad token %+v", tok)
			}
			if !tok.Expiry.After(now) || tok.Expiry.After(now.Add(MaxTokenLifetime)) {
				t.Fatalf("expiry %v out of (now, now+MaxTokenLifetime]", tok.Expiry)
			}
		}
		e := &APIError{StatusCode: 401, Message: "fallback"}
		DecodeOAuthError(e, nil, b)
		if strings.ContainsAny(e.Code, " \t") {
			t.Fatalf("error code %q has spaces", e.Code)
		}
	})
}
