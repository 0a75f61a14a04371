package signeasy

import (
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
	MaxTokenLifetime = rest.MaxTokenLifetime
	// TokenEarlyExpiry is how long before its expiry a token is replaced.
	TokenEarlyExpiry = time.Minute
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
	// Its errors stay the core's: the API client that asked for the token
	// converts them, once, on the way out.
	rc, err := rest.NewTokenClient(cfg.Settings, "signeasy", tokenURL, clientSecret, rest.DecodeOAuthError)
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

// Token implements oauth2.TokenSource: the shared grant (rest.GrantToken),
// whose answer is read tolerantly (an expires_in above MaxTokenLifetime is
// clamped to it; missing, zero, negative or unreadable, the token lives
// WithTokenLifetime). A 401/403 from the endpoint is an *APIError matching
// ErrUnauthorized/ErrForbidden.
func (s *clientCredentials) Token() (*oauth2.Token, error) {
	return rest.GrantToken(s.rc, s.tokenURL, s.form, s.now, s.ttl)
}
