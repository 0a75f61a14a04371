package signeasy

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/esignkit/esign/internal/rest"
	"golang.org/x/oauth2"
)

const (
	// DefaultBaseURL is the Signeasy v3 API.
	DefaultBaseURL = "https://api.signeasy.com/v3"
	// DefaultCallbackURL is the v2 callback (webhook) management endpoint;
	// webhook management exists only in v2.
	DefaultCallbackURL = "https://api.signeasy.com/v2/callback/"
	// ProviderName is the name reported by webhook events.
	ProviderName = "signeasy"
)

// Environment variables read by NewClientFromEnv.
const (
	EnvAccessToken  = "SIGNEASY_ACCESS_TOKEN"
	EnvClientID     = "SIGNEASY_CLIENT_ID"
	EnvClientSecret = "SIGNEASY_CLIENT_SECRET"
	EnvAPIURL       = "SIGNEASY_API_URL"
)

// Client is a Signeasy v3 API client. It is safe for concurrent use.
type Client struct {
	rc          *rest.Client
	callbackURL string

	// Originals uploads, lists, downloads and deletes original documents.
	Originals *OriginalsService
	// Templates lists, fetches, updates and deletes templates and opens
	// their editor (EmbedURL).
	Templates *TemplatesService
	// Envelopes creates, lists, fetches and cancels envelopes (signature
	// requests) and downloads their signed documents.
	Envelopes *EnvelopesService
	// Embedded fetches embedded sending URLs and cancels embedded requests.
	Embedded *EmbeddedService
	// Signed downloads signed files and their audit certificates and lists
	// the embedded-signed and self-signed ones.
	Signed *SignedService
	// Users fetches the authenticated user.
	Users *UsersService
	// Callbacks manages v2 webhook callbacks.
	Callbacks *CallbacksService
}

type service struct{ client *Client }

// NewClient is NewClientWithToken, Signeasy's usual way to authenticate:
// a static access token (a sandbox or live token from the Signeasy
// developer dashboard).
func NewClient(accessToken string, opts ...Option) (*Client, error) {
	return NewClientWithToken(accessToken, opts...)
}

// NewClientWithToken returns a client authenticating with a static access
// token ("Authorization: Bearer <token>"). Nothing is refreshed: when the
// token expires, calls fail with ErrUnauthorized. It performs no I/O.
func NewClientWithToken(accessToken string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(accessToken) == "" {
		return nil, invalidArg("access token", "must not be empty")
	}
	cfg, err := configure(opts)
	if err != nil {
		return nil, err
	}
	auth := func(req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+accessToken)
		return nil
	}
	return newClient(cfg, auth, []string{accessToken}, nil, nil)
}

// NewClientWithCredentials returns a client that obtains its access token
// with the OAuth client-credentials grant: a JSON POST of client_id,
// client_secret, audience and grant_type to the token endpoint (see
// WithTokenURL, WithAudience; the endpoint follows WithBaseURL unless
// WithTokenURL is given). The token is fetched on the first call,
// reused until shortly before it expires (oauth2.ReuseTokenSource) and then
// fetched again; a 401 from the API (a revoked token) makes the next call
// fetch a new one. It performs no I/O.
func NewClientWithCredentials(clientID, clientSecret string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, invalidArg("client ID", "must not be empty")
	}
	if strings.TrimSpace(clientSecret) == "" {
		return nil, invalidArg("client secret", "must not be empty")
	}
	cfg, err := configure(opts)
	if err != nil {
		return nil, err
	}
	src, err := newClientCredentials(cfg, clientID, clientSecret)
	if err != nil {
		return nil, err
	}
	// The token is reused until shortly before it expires; a 401 from the
	// API (a revoked token) drops it, so the next call fetches a new one.
	cache := rest.NewTokenCache(func() oauth2.TokenSource {
		return oauth2.ReuseTokenSourceWithExpiry(nil, src, TokenEarlyExpiry)
	})
	return newClient(cfg, nil, []string{clientSecret}, cache, cache.RefusedRequest)
}

// NewClientFromTokenSource returns a client that takes its tokens from ts
// (for example an OAuth authorization-code flow you run yourself). ts is
// called before every request: wrap it in oauth2.ReuseTokenSource when it
// fetches tokens over the network.
func NewClientFromTokenSource(ts oauth2.TokenSource, opts ...Option) (*Client, error) {
	if ts == nil {
		return nil, invalidArg("token source", "must not be nil")
	}
	cfg, err := configure(opts)
	if err != nil {
		return nil, err
	}
	return newClient(cfg, nil, nil, ts, nil)
}

// NewClientFromEnv builds a client from the environment: SIGNEASY_ACCESS_TOKEN
// (a static token) or else SIGNEASY_CLIENT_ID and SIGNEASY_CLIENT_SECRET
// (client credentials); SIGNEASY_API_URL overrides the base URL. opts are
// applied after the environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	if u := strings.TrimSpace(os.Getenv(EnvAPIURL)); u != "" {
		opts = append([]Option{WithBaseURL(u)}, opts...)
	}
	if tok := strings.TrimSpace(os.Getenv(EnvAccessToken)); tok != "" {
		return NewClient(tok, opts...)
	}
	id, secret := strings.TrimSpace(os.Getenv(EnvClientID)), strings.TrimSpace(os.Getenv(EnvClientSecret))
	if id != "" || secret != "" {
		return NewClientWithCredentials(id, secret, opts...)
	}
	return nil, invalidArg("environment", "set %s, or %s and %s", EnvAccessToken, EnvClientID, EnvClientSecret)
}

func newClient(cfg *config, auth rest.Authenticator, secrets []string, ts oauth2.TokenSource, onUnauthorized func(*http.Request)) (*Client, error) {
	c := &Client{callbackURL: cfg.callbackURL}
	if ts != nil {
		// The token is registered with the redactor as soon as it is known.
		auth = func(req *http.Request) error { return rest.BearerAuth(ts, c.rc.Redactor(), nil)(req) }
	}
	rcfg := coreConfig(cfg.Settings)
	rcfg.Auth = auth
	rcfg.Secrets = secrets
	rcfg.OnUnauthorized = onUnauthorized
	// A 401 "unauthorized_resource" refuses the request (a cancel not
	// allowed, ...), not the token: the token is kept.
	rcfg.RefusalCodes = []string{"unauthorized_resource"}
	// Signeasy's lists are not paginated: one answer holds them all.
	rcfg.MaxPageItems = maxListItems
	rc, err := rest.New(rcfg)
	if err != nil {
		return nil, err
	}
	c.rc = rc
	c.Originals = &OriginalsService{client: c}
	c.Templates = &TemplatesService{client: c}
	c.Envelopes = &EnvelopesService{client: c}
	c.Embedded = &EmbeddedService{client: c}
	c.Signed = &SignedService{client: c}
	c.Users = &UsersService{client: c}
	c.Callbacks = &CallbacksService{client: c}
	return c, nil
}

// String describes the client without credentials.
func (c *Client) String() string {
	if c == nil {
		return "signeasy.Client(nil)"
	}
	return "signeasy.Client{" + c.rc.BaseURL().String() + "}"
}

// GoString describes the client without credentials.
func (c *Client) GoString() string { return c.String() }

// Format prints the client without credentials for every verb.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, c.String()) }

// pathOf is the path helper: it formats a path from positive integer ids,
// rejecting others before any I/O.
func pathOf(format string, ids ...int64) (string, error) {
	segs := make([]string, len(ids))
	for i, id := range ids {
		if id <= 0 {
			return "", invalidArg("id", "must be a positive integer, got %d", id)
		}
		segs[i] = strconv.FormatInt(id, 10)
	}
	p, err := rest.Path(format, segs...)
	return p, fromCore(err)
}

// do is the call helper of every service: one JSON call, its answer decoded
// into a new T (rest.NoBody discards it; list[X] decodes a list item by
// item).
func do[T any](ctx context.Context, c *Client, method, path string, body any) (T, *Response, error) {
	return rest.Do[T](ctx, c.rc, method, path, nil, body)
}
