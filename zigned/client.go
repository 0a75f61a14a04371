package zigned

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// Default endpoints.
const (
	// DefaultBaseURL is the Zigned REST v3 base URL.
	DefaultBaseURL = "https://api.zigned.se/rest/v3"
	// DefaultTokenURL is the Zigned OAuth2 token endpoint.
	DefaultTokenURL = "https://api.zigned.se/oauth/token"
)

// Environment variables read by NewClientFromEnv.
const (
	EnvClientID     = "ZIGNED_CLIENT_ID"
	EnvClientSecret = "ZIGNED_CLIENT_SECRET"
	EnvAPIURL       = "ZIGNED_API_URL"
	EnvTokenURL     = "ZIGNED_TOKEN_URL" // optional; derived from ZIGNED_API_URL when unset
)

// Client is a Zigned REST v3 client. It is safe for concurrent use. Build it
// with NewClient (OAuth2 client credentials), NewClientWithToken (a static
// access token) or NewClientFromEnv.
type Client struct {
	rc   *rest.Client
	auth *tokenAuth
	base string

	common service

	// Agreements: list, create, get, update, delete, events, lifecycle
	// (send/open/cancel) and reminders.
	Agreements *AgreementsService
	// Participants of an agreement (signers and approvers).
	Participants *ParticipantsService
	// Observers of an agreement.
	Observers *ObserversService
	// SigningGroups of an agreement (signing order).
	SigningGroups *SigningGroupsService
	// Documents of an agreement: the main document and attachments.
	Documents *DocumentsService
	// Files in the account's archive (upload, list, get, delete).
	Files *FilesService
	// Themes of the account.
	Themes *ThemesService
	// RecipientMessages of an agreement, with message templates and variables.
	RecipientMessages *RecipientMessagesService
	// Webhooks of the account.
	Webhooks *WebhooksService
}

type service struct{ client *Client }

// NewClient returns a client that authenticates with the OAuth2 client
// credentials grant (form body: grant_type, client_id, client_secret). The
// token is fetched on the first call, cached and refreshed when it expires,
// through the same *http.Client as the API calls. No I/O happens here.
func NewClient(clientID, clientSecret string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, rest.Invalid("client ID", "must not be empty")
	}
	if strings.TrimSpace(clientSecret) == "" {
		return nil, rest.Invalid("client secret", "must not be empty")
	}
	cfg := newConfig(opts)
	c, err := newClient(cfg, []string{clientSecret})
	if err != nil {
		return nil, err
	}
	tokenURL, err := resolveTokenURL(cfg)
	if err != nil {
		return nil, err
	}
	c.auth = newCredentialsAuth(clientID, clientSecret, tokenURL, cfg, c.rc)
	return c, nil
}

// NewClientWithToken returns a client that sends a fixed Bearer access token
// (obtained elsewhere, e.g. by another process). Nothing is refreshed: when
// the token expires, calls fail with ErrUnauthorized.
func NewClientWithToken(accessToken string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(accessToken) == "" {
		return nil, rest.Invalid("access token", "must not be empty")
	}
	cfg := newConfig(opts)
	c, err := newClient(cfg, []string{accessToken})
	if err != nil {
		return nil, err
	}
	c.auth = newStaticAuth(accessToken)
	return c, nil
}

// NewClientFromEnv reads ZIGNED_CLIENT_ID, ZIGNED_CLIENT_SECRET and,
// optionally, ZIGNED_API_URL (base URL) and ZIGNED_TOKEN_URL. Options given
// here override the environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	var pre []Option
	if u := strings.TrimSpace(os.Getenv(EnvAPIURL)); u != "" {
		pre = append(pre, WithBaseURL(u))
	}
	if u := strings.TrimSpace(os.Getenv(EnvTokenURL)); u != "" {
		pre = append(pre, WithTokenURL(u))
	}
	id := os.Getenv(EnvClientID)
	secret := os.Getenv(EnvClientSecret)
	if strings.TrimSpace(id) == "" {
		return nil, rest.Invalid(EnvClientID, "is not set")
	}
	if strings.TrimSpace(secret) == "" {
		return nil, rest.Invalid(EnvClientSecret, "is not set")
	}
	return NewClient(id, secret, append(pre, opts...)...)
}

func newClient(cfg *config, secrets []string) (*Client, error) {
	c := &Client{base: cfg.baseURL}
	rc, err := rest.New(rest.Config{
		BaseURL:      cfg.baseURL,
		HTTPClient:   cfg.httpClient,
		Auth:         func(r *http.Request) error { return c.auth.authenticate(r) },
		UserAgent:    cfg.userAgent,
		MaxRetries:   cfg.maxRetries,
		RetryWaitMin: cfg.retryWaitMin,
		RetryWaitMax: cfg.retryWaitMax,
		Logger:       cfg.logger,
		Secrets:      secrets,
		BackoffHook:  cfg.backoffHook,
		// A 401 drops the cached OAuth token: the next call fetches anew.
		OnUnauthorized: func(r *http.Request) { c.auth.refused(r) },
	})
	if err != nil {
		return nil, err
	}
	c.rc = rc
	c.common.client = c
	c.Agreements = (*AgreementsService)(&c.common)
	c.Participants = (*ParticipantsService)(&c.common)
	c.Observers = (*ObserversService)(&c.common)
	c.SigningGroups = (*SigningGroupsService)(&c.common)
	c.Documents = (*DocumentsService)(&c.common)
	c.Files = (*FilesService)(&c.common)
	c.Themes = (*ThemesService)(&c.common)
	c.RecipientMessages = (*RecipientMessagesService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	return c, nil
}

// resolveTokenURL returns the token URL set with WithTokenURL or, when only
// the base URL was changed, the base URL's origin plus any prefix before
// "/rest/v3", followed by "/oauth/token". A proxy or fake server then gets the
// token request too, instead of credentials leaving for api.zigned.se.
func resolveTokenURL(cfg *config) (string, error) {
	tokenURL := cfg.tokenURL
	if !cfg.tokenURLSet && cfg.baseURL != DefaultBaseURL {
		if b, err := url.Parse(cfg.baseURL); err == nil && b.Host != "" {
			p := strings.TrimSuffix(b.Path, "/")
			prefix := ""
			if strings.HasSuffix(p, "/rest/v3") {
				prefix = strings.TrimSuffix(p, "/rest/v3")
			}
			tokenURL = b.Scheme + "://" + b.Host + prefix + "/oauth/token"
		}
	}
	u, err := url.Parse(tokenURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", rest.Invalid("token URL", "%q is not an absolute http(s) URL", tokenURL)
	}
	return tokenURL, nil
}

// BaseURL returns the REST base URL the client calls.
func (c *Client) BaseURL() string { return c.rc.BaseURL().String() }

// String describes the client without any credential.
func (c *Client) String() string { return "zigned.Client(" + c.base + ")" }

// GoString is String, so %#v prints no internals either.
func (c *Client) GoString() string { return c.String() }

// call performs one request and unwraps the v3 envelope into T, copying the
// envelope's pagination into Response.Pagination.
func call[T any](ctx context.Context, c *Client, method, path string, query, body any) (T, *Response, error) {
	var env envelope[T]
	resp, err := c.rc.Do(ctx, &rest.Request{Method: method, Path: path, Query: query, Body: body}, &env)
	if err != nil {
		var zero T
		return zero, resp, err
	}
	if resp != nil && env.Pagination != nil {
		resp.Pagination = env.Pagination.rest()
	}
	return env.Data, resp, nil
}

// pathOf validates and escapes path segments; names label validation errors.
func pathOf(format string, names []string, ids ...string) (string, error) {
	for i, id := range ids {
		if err := rest.RequireID(names[i], id); err != nil {
			return "", err
		}
	}
	return rest.Path(format, ids...)
}
