package blueink

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// ProviderName identifies BlueInk in webhook events and logs.
const ProviderName = "blueink"

// DefaultBaseURL is the production BlueInk API v2 base URL.
const DefaultBaseURL = "https://api.blueink.com/api/v2/"

// Environment variables read by NewClientFromEnv.
const (
	EnvAPIKey = "BLUEINK_PRIVATE_API_KEY"
	EnvAPIURL = "BLUEINK_API_URL"
)

// Client is a BlueInk API v2 client. It is safe for concurrent use. Create
// one with NewClient or NewClientFromEnv and use its services:
//
//	b, resp, err := c.Bundles.Get(ctx, slug)
//
// The API key is never stored in an exported field and never printed.
type Client struct {
	// Bundles manages Bundles (/bundles/).
	Bundles *BundlesService
	// Packets manages Packets, i.e. signers (/packets/).
	Packets *PacketsService
	// Templates manages document templates (/templates/).
	Templates *TemplatesService
	// EnvelopeTemplates reads envelope templates (/envelope-templates/).
	EnvelopeTemplates *EnvelopeTemplatesService
	// Persons manages Persons and their contact channels (/persons/).
	Persons *PersonsService
	// Webhooks manages webhook subscriptions, extra headers, events,
	// deliveries and the shared secret (/webhooks/).
	Webhooks *WebhooksService

	rc     *rest.Client
	common service
}

// service is the shared state of every service.
type service struct {
	client *Client
}

// NewClient returns a client authenticating with the BlueInk private API key
// (sent as "Authorization: Token <key>"): BlueInk's one way to
// authenticate. It validates its arguments and performs no I/O.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	apiKey = strings.TrimSpace(apiKey)
	if apiKey == "" {
		return nil, invalidArg("api key", "must not be empty")
	}
	if strings.ContainsAny(apiKey, " \t\r\n") {
		return nil, invalidArg("api key", "must not contain whitespace")
	}
	cfg := newConfig(opts)
	auth := "Token " + apiKey
	rcfg := coreConfig(cfg.Settings)
	rcfg.Auth = func(req *http.Request) error { req.Header.Set("Authorization", auth); return nil }
	rcfg.Secrets = []string{apiKey}
	rcfg.Pagination = ParsePagination
	rc, err := rest.New(rcfg)
	if err != nil {
		return nil, err
	}
	c := &Client{rc: rc}
	c.common.client = c
	c.Bundles = (*BundlesService)(&c.common)
	c.Packets = (*PacketsService)(&c.common)
	c.Templates = (*TemplatesService)(&c.common)
	c.EnvelopeTemplates = (*EnvelopeTemplatesService)(&c.common)
	c.Persons = (*PersonsService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	return c, nil
}

// NewClientFromEnv builds a client from BLUEINK_PRIVATE_API_KEY (required)
// and BLUEINK_API_URL (optional base URL). Options given explicitly win over
// the environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	key := os.Getenv(EnvAPIKey)
	if strings.TrimSpace(key) == "" {
		return nil, invalidArg("api key", "environment variable %s is not set", EnvAPIKey)
	}
	if u := strings.TrimSpace(os.Getenv(EnvAPIURL)); u != "" {
		opts = append([]Option{WithBaseURL(u)}, opts...)
	}
	return NewClient(key, opts...)
}

// BaseURL returns the API base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.rc.BaseURL().String() }

// String describes the client without any credential.
func (c *Client) String() string {
	if c == nil || c.rc == nil {
		return "blueink.Client(nil)"
	}
	return "blueink.Client{BaseURL: " + c.BaseURL() + "}"
}

// GoString implements fmt.GoStringer (used by %#v) without credentials.
func (c *Client) GoString() string { return c.String() }

// Format prints the same credential-free description for every verb.
func (c *Client) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(c.String())) }

// do is the call helper of every service: one JSON call, its answer
// decoded into a new T (rest.NoBody discards it).
func do[T any](ctx context.Context, s *service, method, path string, query, body any) (T, *Response, error) {
	return rest.Do[T](ctx, s.client.rc, method, path, query, body)
}

// del is the delete helper: DELETE of format with id (204, no body).
func del(ctx context.Context, s *service, format, id string) (*Response, error) {
	path, err := pathOf(format, id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s, http.MethodDelete, path, nil, nil)
	return resp, err
}

// pathOf is the path helper: it escapes each id into format, rejecting
// empty ids, "." and ".." before any I/O.
func pathOf(format string, ids ...string) (string, error) {
	p, err := rest.Path(format, ids...)
	return p, fromCore(err)
}
