package signeasy

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
	"golang.org/x/oauth2"
)

// Token endpoint defaults, per "Client Credentials Flow"
// (https://docs.signeasy.com/docs/client-credentials-flow): a JSON POST of
// {client_id, client_secret, audience, grant_type} answered with
// {access_token, scope, expires_in: 2592000, token_type: "Bearer"}.
const (
	// DefaultTokenURL is Signeasy's OAuth token endpoint (client credentials).
	DefaultTokenURL = "https://auth.signeasy.com/oauth/token"
	// DefaultAudience is the audience of the client-credentials grant.
	DefaultAudience = "https://api-ext.signeasy.com/"
	// DefaultTokenLifetime is assumed when a token response carries no
	// expires_in (Signeasy issues 30-day tokens).
	DefaultTokenLifetime = 30 * 24 * time.Hour
	// MaxTokenLifetime bounds the lifetime read from a token response: a
	// larger expires_in (even 1e30) is clamped to it.
	MaxTokenLifetime = 365 * 24 * time.Hour
	// TokenEarlyExpiry is how long before its expiry a token is replaced.
	TokenEarlyExpiry = time.Minute
	// maxTokenBody bounds a token response body.
	maxTokenBody = 64 << 10
)

// clientCredentials is an oauth2.TokenSource that POSTs Signeasy's JSON
// client-credentials grant with the user's *http.Client through the shared
// HTTP core (bounded bodies, typed errors, redaction, retries).
type clientCredentials struct {
	rc       *rest.Client
	tokenURL string
	form     tokenRequest
	ttl      time.Duration
	now      func() time.Time
}

type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Audience     string `json:"audience"`
	GrantType    string `json:"grant_type"`
	Scope        string `json:"scope,omitempty"` // WithScopes, space-separated
}

type tokenResponse struct {
	AccessToken string      `json:"access_token"`
	TokenType   string      `json:"token_type"`
	ExpiresIn   json.Number `json:"expires_in"`
	Scope       string      `json:"scope"`
}

// String hides the credentials.
func (s *clientCredentials) String() string {
	return "signeasy client credentials (" + s.tokenURL + ")"
}

// GoString hides the credentials.
func (s *clientCredentials) GoString() string { return s.String() }

func newClientCredentials(cfg *config, clientID, clientSecret string) (*clientCredentials, error) {
	tokenURL, err := cfg.ResolveTokenURL(DefaultBaseURL, DefaultTokenURL, "/v3")
	if err != nil {
		return nil, fromCore(err)
	}
	settings := cfg.Settings
	settings.BaseURL = tokenURL
	// Its errors stay the core's: the API client that asked for the token
	// converts them, once, on the way out.
	rc, err := rest.New(rest.Config{
		Settings:       settings,
		Name:           "signeasy",
		Secrets:        []string{clientSecret},
		ErrorDecoder:   decodeOAuthError,
		MaxDecodeBytes: maxTokenBody,
	})
	if err != nil {
		return nil, fromCore(err)
	}
	return &clientCredentials{
		rc:       rc,
		tokenURL: tokenURL,
		form: tokenRequest{ClientID: clientID, ClientSecret: clientSecret, Audience: cfg.audience, GrantType: "client_credentials",
			Scope: strings.Join(cfg.Scopes, " ")},
		ttl: cfg.tokenTTL,
		now: time.Now,
	}, nil
}

// Token implements oauth2.TokenSource. A 401/403 from the endpoint is an
// *APIError matching ErrUnauthorized/ErrForbidden.
func (s *clientCredentials) Token() (*oauth2.Token, error) {
	// A token grant is safe to repeat: 5xx answers and dropped connections
	// are retried as for idempotent requests.
	ctx, cancel := context.WithTimeout(rest.WithSafeRetries(context.Background()), rest.TokenFetchTimeout)
	defer cancel()
	var out tokenResponse
	_, err := s.rc.Do(ctx, &rest.Request{Method: http.MethodPost, Path: s.tokenURL, Body: s.form}, &out)
	if err != nil {
		return nil, err
	}
	if out.AccessToken == "" {
		u, _ := url.Parse(s.tokenURL)
		return nil, &rest.DecodeError{Method: http.MethodPost, URL: s.rc.Redactor().URL(u),
			Err: errors.New("token response has no access_token")}
	}
	ttl := s.ttl
	if d, ok := rest.ParseSeconds(out.ExpiresIn.String(), MaxTokenLifetime); ok {
		ttl = d // a huge expires_in is clamped, never wrapped to a negative lifetime
	}
	tok := &oauth2.Token{AccessToken: out.AccessToken, TokenType: "Bearer", Expiry: s.now().Add(ttl)}
	if out.Scope != "" {
		tok = tok.WithExtra(map[string]any{"scope": out.Scope})
	}
	return tok, nil
}

// decodeOAuthError reads the OAuth error shape {"error": code,
// "error_description": text} that the token endpoint (Auth0) answers with.
func decodeOAuthError(e *rest.APIError, _ *http.Response, body []byte) {
	var m struct {
		Error       json.RawMessage `json:"error"`
		Description string          `json:"error_description"`
	}
	if json.Unmarshal(body, &m) != nil {
		return
	}
	var code string
	if json.Unmarshal(m.Error, &code) == nil && code != "" && !strings.ContainsAny(code, " \t") {
		e.Code = code
		if m.Description != "" {
			e.Message = m.Description
		} else if e.Message == code {
			e.Message = ""
		}
	}
}
