package zigned

import (
	"context"
	"net/http"
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
// with NewClient or NewClientWithCredentials (OAuth2 client credentials),
// NewClientWithToken (a static access token) or NewClientFromEnv.
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

// NewClient is NewClientWithCredentials, Zigned's usual way to
// authenticate: the OAuth2 client credentials of an API client.
func NewClient(clientID, clientSecret string, opts ...Option) (*Client, error) {
	return NewClientWithCredentials(clientID, clientSecret, opts...)
}

// NewClientWithCredentials returns a client that authenticates with the
// OAuth2 client credentials grant (form body: grant_type, client_id,
// client_secret). The token is fetched on the first call, cached and
// refreshed when it expires, through the same *http.Client as the API
// calls; a 401 from the API drops it, so the next call fetches a new one.
// The token endpoint follows WithBaseURL unless WithTokenURL is given (see
// WithTokenURL). No I/O happens here.
func NewClientWithCredentials(clientID, clientSecret string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, invalidArg("client ID", "must not be empty")
	}
	if strings.TrimSpace(clientSecret) == "" {
		return nil, invalidArg("client secret", "must not be empty")
	}
	cfg := newConfig(opts)
	c, err := newClient(cfg, []string{clientSecret})
	if err != nil {
		return nil, err
	}
	tokenURL, err := cfg.ResolveTokenURL(DefaultBaseURL, DefaultTokenURL, "/rest/v3")
	if err != nil {
		return nil, fromCore(err)
	}
	if c.auth, err = newCredentialsAuth(clientID, clientSecret, tokenURL, cfg, c.rc); err != nil {
		return nil, fromCore(err)
	}
	return c, nil
}

// NewClientWithToken returns a client that sends a fixed Bearer access token
// (obtained elsewhere, e.g. by another process). Nothing is refreshed: when
// the token expires, calls fail with ErrUnauthorized.
func NewClientWithToken(accessToken string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(accessToken) == "" {
		return nil, invalidArg("access token", "must not be empty")
	}
	cfg := newConfig(opts)
	c, err := newClient(cfg, []string{accessToken})
	if err != nil {
		return nil, err
	}
	// A fixed token needs no token URL, except to be revoked (RevokeToken).
	tokenURL, urlErr := cfg.ResolveTokenURL(DefaultBaseURL, DefaultTokenURL, "/rest/v3")
	c.auth = newStaticAuth(accessToken, tokenURL, urlErr)
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
		return nil, invalidArg(EnvClientID, "is not set")
	}
	if strings.TrimSpace(secret) == "" {
		return nil, invalidArg(EnvClientSecret, "is not set")
	}
	return NewClientWithCredentials(id, secret, append(pre, opts...)...)
}

func newClient(cfg *config, secrets []string) (*Client, error) {
	c := &Client{base: cfg.BaseURL}
	rcfg := coreConfig(cfg.Settings)
	rcfg.Auth = func(r *http.Request) error { return c.auth.authenticate(r) }
	rcfg.Secrets = secrets
	// A 401 drops the cached OAuth token: the next call fetches anew.
	rcfg.OnUnauthorized = func(r *http.Request) { c.auth.refused(r) }
	rc, err := rest.New(rcfg)
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

// BaseURL returns the REST base URL the client calls.
func (c *Client) BaseURL() string { return c.rc.BaseURL().String() }

// String describes the client without any credential.
func (c *Client) String() string { return "zigned.Client(" + c.base + ")" }

// GoString is String, so %#v prints no internals either.
func (c *Client) GoString() string { return c.String() }

// do is the call helper of every service: one request whose v3 envelope is
// unwrapped into T (rest.Items[X] for lists, decoded item by item), the
// envelope's pagination copied into Response.Pagination.
func do[T any](ctx context.Context, c *Client, method, path string, query, body any) (T, *Response, error) {
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

// pathOf is the path helper: it escapes each id into format, rejecting an
// empty id (named by names) before any I/O.
func pathOf(format string, names []string, ids ...string) (string, error) {
	for i, id := range ids {
		if err := requireID(names[i], id); err != nil {
			return "", err
		}
	}
	p, err := rest.Path(format, ids...)
	return p, fromCore(err)
}

// requireID reports an empty or blank id before any I/O.
func requireID(field, id string) error { return fromCore(rest.RequireID(field, id)) }

// once is the exactly-once helper of creates that carry a lookup_key (see
// rest.CreateOnce): create, and after an ambiguous failure look the object
// up with find (a list filtered by key), keeping the item whose keyOf is
// key.
func once[T any](ctx context.Context, c *Client, key string, create func(context.Context) (*T, *Response, error),
	find func(context.Context) ([]*T, *Response, error), keyOf func(*T) string) (*T, *Response, error) {
	return rest.CreateOnce(ctx, c.rc, create, func(ctx context.Context) (*T, *Response, bool, error) {
		items, resp, err := find(ctx)
		for _, it := range items {
			if it != nil && keyOf(it) == key {
				return it, resp, true, nil
			}
		}
		return nil, resp, false, err
	})
}
