package blueink

import (
	"context"
	"errors"
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
// (sent as "Authorization: Token <key>"). It validates its arguments and
// performs no I/O.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	apiKey = strings.TrimSpace(apiKey)
	if apiKey == "" {
		return nil, rest.Invalid("api key", "must not be empty")
	}
	if strings.ContainsAny(apiKey, " \t\r\n") {
		return nil, rest.Invalid("api key", "must not contain whitespace")
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if err := errors.Join(cfg.errs...); err != nil {
		return nil, err
	}
	maxRetries := cfg.maxRetries
	if maxRetries == 0 {
		maxRetries = -1 // rest: <0 disables retries
	}
	auth := "Token " + apiKey
	rc, err := rest.New(rest.Config{
		BaseURL:      cfg.baseURL,
		HTTPClient:   cfg.httpClient,
		Auth:         func(req *http.Request) error { req.Header.Set("Authorization", auth); return nil },
		UserAgent:    cfg.userAgent,
		MaxRetries:   maxRetries,
		RetryWaitMin: cfg.retryWaitMin,
		RetryWaitMax: cfg.retryWaitMax,
		Logger:       cfg.logger,
		Secrets:      []string{apiKey},
		Pagination:   ParsePagination,
		BackoffHook:  cfg.backoffHook,
	})
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
		return nil, rest.Invalid("api key", "environment variable %s is not set", EnvAPIKey)
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

// do runs one JSON call and decodes the answer into a new T.
func do[T any](ctx context.Context, s *service, method, path string, query, body any) (T, *Response, error) {
	return rest.Do[T](ctx, s.client.rc, method, path, query, body)
}

// doNoContent runs one call whose answer has no useful body.
func doNoContent(ctx context.Context, s *service, method, path string, query, body any) (*Response, error) {
	return s.client.rc.Do(ctx, &rest.Request{Method: method, Path: path, Query: query, Body: body}, nil)
}
