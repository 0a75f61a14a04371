package blueink

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/webhook"
)

// WebhooksService manages webhook subscriptions (/webhooks/): the webhooks
// themselves, extra headers BlueInk adds to deliveries, the event and
// delivery logs, and the shared secret that signs deliveries.
type WebhooksService service

// Webhook is a webhook subscription.
type Webhook struct {
	ID string `json:"id"`
	// Name is the webhook's human-readable name. BlueInk requires it on
	// creation (its official JS and .NET clients); the 2.2.3 spec predates
	// it.
	Name         string               `json:"name,omitempty"`
	URL          string               `json:"url"`
	Enabled      bool                 `json:"enabled"`
	JSON         bool                 `json:"json"`
	EventTypes   []WebhookEventType   `json:"event_types,omitempty"`
	ExtraHeaders []WebhookExtraHeader `json:"extra_headers,omitempty"`
}

// WebhookRequest creates or changes a webhook. Name and URL are required
// by Create and Update (PUT replaces the webhook); Patch sends only what is
// set. Enabled and JSON default to true on creation; set them to change
// that. ExtraHeaders are checked before any I/O like CreateExtraHeader's
// (RFC 7230 name of at most 80 characters, value of at most 240 without
// CR, LF or NUL).
type WebhookRequest struct {
	// Name is a human-readable name for the webhook, required by BlueInk
	// ("A human-readable name for the Webhook", its official clients).
	Name string `json:"name,omitempty"`
	// URL is the full http(s) URL BlueInk posts to.
	URL          string               `json:"url,omitempty"`
	Enabled      *bool                `json:"enabled,omitempty"`
	JSON         *bool                `json:"json,omitempty"`
	EventTypes   []WebhookEventType   `json:"event_types,omitempty"`
	ExtraHeaders []WebhookExtraHeader `json:"extra_headers,omitempty"`
}

// WebhookExtraHeader is a header BlueInk adds to every delivery of a
// webhook (e.g. a token your receiver checks). Name is at most 80 and
// Value at most 240 characters (RFC 7230).
type WebhookExtraHeader struct {
	ID      string `json:"id,omitempty"`
	Webhook string `json:"webhook,omitempty"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	// Order sorts the headers; BlueInk's default is 1.
	Order int `json:"order,omitempty"`
}

// WebhookEvent is an event BlueInk recorded for a webhook, with its
// delivery attempts.
type WebhookEvent struct {
	ID        string           `json:"pk"`
	Webhook   string           `json:"webhook,omitempty"`
	EventType WebhookEventType `json:"event_type"`
	// Payload is the JSON body that was (or will be) delivered.
	Payload    string            `json:"payload,omitempty"`
	Status     int               `json:"status"`
	Success    bool              `json:"success"`
	Created    Time              `json:"created"`
	Deliveries []WebhookDelivery `json:"deliveries,omitempty"`
}

// WebhookDelivery is one attempt to deliver a webhook event: the 2.2.3
// spec's WebhookDelivery (pk, status, message, timestamp), as listed in
// WebhookEvent.Deliveries and returned by GetDelivery. Entries of the
// delivery log (ListDeliveries) also name their webhook, event and event
// type, the fields that log is filtered by.
type WebhookDelivery struct {
	ID string `json:"pk"`
	// Status is the HTTP status the receiver answered, 0 for none (a
	// timeout, a refused connection).
	Status  int    `json:"status"`
	Message string `json:"message,omitempty"`
	// Timestamp is when the attempt started.
	Timestamp Time `json:"timestamp"`
	// Webhook, WebhookEvent and EventType identify the attempt's webhook,
	// event (WebhookEvent.ID) and event type in delivery log entries;
	// empty inside WebhookEvent.Deliveries.
	Webhook      string           `json:"webhook,omitempty"`
	WebhookEvent string           `json:"webhook_event,omitempty"`
	EventType    WebhookEventType `json:"event_type,omitempty"`
}

// WebhookSecret is the account's webhook shared secret, used to verify
// deliveries (blueink.WebhookProvider(s.Secret.Reveal())). Secret never
// prints: fmt, slog and JSON encoding show "[REDACTED]".
type WebhookSecret struct {
	// Secret is the shared secret.
	Secret webhook.Secret `json:"secret"`
	// CreateDate is when the secret was (re)generated.
	CreateDate Time `json:"create_date"`
}

// WebhookListOptions filters Webhooks.List and All.
type WebhookListOptions struct {
	ListOptions
	Enabled     *bool              `url:"enabled,omitempty"`
	EventType   WebhookEventType   `url:"event_type,omitempty"`
	EventTypeIn []WebhookEventType `url:"event_type__in,omitempty,comma"`
}

// WebhookExtraHeaderListOptions filters ListExtraHeaders.
type WebhookExtraHeaderListOptions struct {
	ListOptions
	// Webhook is a webhook id.
	Webhook     string             `url:"webhook,omitempty"`
	EventType   WebhookEventType   `url:"event_type,omitempty"`
	EventTypeIn []WebhookEventType `url:"event_type__in,omitempty,comma"`
}

// WebhookEventListOptions filters ListEvents.
type WebhookEventListOptions struct {
	ListOptions
	Webhook     string             `url:"webhook,omitempty"`
	EventType   WebhookEventType   `url:"event_type,omitempty"`
	EventTypeIn []WebhookEventType `url:"event_type__in,omitempty,comma"`
	Status      *int               `url:"status,omitempty"`
	StatusIn    []int              `url:"status__in,omitempty,comma"`
	Success     *bool              `url:"success,omitempty"`
	DateAfter   Date               `url:"date_after,omitempty"`
	DateBefore  Date               `url:"date_before,omitempty"`
}

// WebhookDeliveryListOptions filters ListDeliveries.
type WebhookDeliveryListOptions struct {
	ListOptions
	Webhook string `url:"webhook,omitempty"`
	// WebhookEvent is a webhook event id.
	WebhookEvent string             `url:"webhook_event,omitempty"`
	EventType    WebhookEventType   `url:"event_type,omitempty"`
	EventTypeIn  []WebhookEventType `url:"event_type__in,omitempty,comma"`
	Status       *int               `url:"status,omitempty"`
	StatusIn     []int              `url:"status__in,omitempty,comma"`
	DateAfter    Date               `url:"date_after,omitempty"`
	DateBefore   Date               `url:"date_before,omitempty"`
}

func (o *WebhookListOptions) listOptions() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

func (o *WebhookExtraHeaderListOptions) listOptions() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

func (o *WebhookEventListOptions) listOptions() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

func (o *WebhookDeliveryListOptions) listOptions() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

// List returns one page of webhooks.
func (s *WebhooksService) List(ctx context.Context, opts *WebhookListOptions) ([]*Webhook, *Response, error) {
	if err := opts.listOptions().validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*Webhook]](ctx, (*service)(s), http.MethodGet, "webhooks/", opts, nil)
}

// All iterates over every webhook matching opts (see BundlesService.All).
func (s *WebhooksService) All(ctx context.Context, opts *WebhookListOptions) iter.Seq2[*Webhook, error] {
	return pages(ctx, (*service)(s), opts, s.List)
}

// Create creates a webhook (201). req.Name and req.URL are required.
func (s *WebhooksService) Create(ctx context.Context, req *WebhookRequest) (*Webhook, *Response, error) {
	if err := req.validateFull(); err != nil {
		return nil, nil, err
	}
	return do[*Webhook](ctx, (*service)(s), http.MethodPost, "webhooks/", nil, req)
}

// Get returns the webhook with the given id.
func (s *WebhooksService) Get(ctx context.Context, id string) (*Webhook, *Response, error) {
	return s.webhookCall(ctx, http.MethodGet, "webhooks/%s/", id, nil)
}

// Update replaces a webhook (PUT): event types omitted from req are
// unsubscribed. req.Name and req.URL are required, as for Create.
func (s *WebhooksService) Update(ctx context.Context, id string, req *WebhookRequest) (*Webhook, *Response, error) {
	if err := req.validateFull(); err != nil {
		return nil, nil, err
	}
	return s.webhookCall(ctx, http.MethodPut, "webhooks/%s/", id, req)
}

// Patch partially updates a webhook (PATCH).
func (s *WebhooksService) Patch(ctx context.Context, id string, req *WebhookRequest) (*Webhook, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	return s.webhookCall(ctx, http.MethodPatch, "webhooks/%s/", id, req)
}

// Delete deletes a webhook (204).
func (s *WebhooksService) Delete(ctx context.Context, id string) (*Response, error) {
	return del(ctx, (*service)(s), "webhooks/%s/", id)
}

// ListExtraHeaders returns one page of extra headers.
func (s *WebhooksService) ListExtraHeaders(ctx context.Context, opts *WebhookExtraHeaderListOptions) ([]*WebhookExtraHeader, *Response, error) {
	if err := opts.listOptions().validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*WebhookExtraHeader]](ctx, (*service)(s), http.MethodGet, "webhooks/headers/", opts, nil)
}

// AllExtraHeaders iterates over every extra header matching opts (see
// BundlesService.All).
func (s *WebhooksService) AllExtraHeaders(ctx context.Context, opts *WebhookExtraHeaderListOptions) iter.Seq2[*WebhookExtraHeader, error] {
	return pages(ctx, (*service)(s), opts, s.ListExtraHeaders)
}

// CreateExtraHeader adds an extra header to a webhook (h.Webhook) (201).
func (s *WebhooksService) CreateExtraHeader(ctx context.Context, h *WebhookExtraHeader) (*WebhookExtraHeader, *Response, error) {
	if err := validExtraHeader(h); err != nil {
		return nil, nil, err
	}
	if h.Webhook == "" {
		return nil, nil, invalidArg("webhook", "is required")
	}
	return do[*WebhookExtraHeader](ctx, (*service)(s), http.MethodPost, "webhooks/headers/", nil, h)
}

// GetExtraHeader returns the extra header with the given id.
func (s *WebhooksService) GetExtraHeader(ctx context.Context, id string) (*WebhookExtraHeader, *Response, error) {
	return s.headerCall(ctx, http.MethodGet, id, nil)
}

// UpdateExtraHeader replaces an extra header (PUT).
func (s *WebhooksService) UpdateExtraHeader(ctx context.Context, id string, h *WebhookExtraHeader) (*WebhookExtraHeader, *Response, error) {
	if err := validExtraHeader(h); err != nil {
		return nil, nil, err
	}
	return s.headerCall(ctx, http.MethodPut, id, h)
}

// PatchExtraHeader partially updates an extra header (PATCH). Only the
// non-empty fields of h are sent, so patching the value alone leaves the
// name as it is.
func (s *WebhooksService) PatchExtraHeader(ctx context.Context, id string, h *WebhookExtraHeader) (*WebhookExtraHeader, *Response, error) {
	if h == nil {
		return nil, nil, invalidArg("extra header", "must not be nil")
	}
	patch := map[string]any{}
	if h.Webhook != "" {
		patch["webhook"] = h.Webhook
	}
	if h.Name != "" {
		patch["name"] = h.Name
	}
	if h.Value != "" {
		patch["value"] = h.Value
	}
	if h.Order != 0 {
		patch["order"] = h.Order
	}
	return s.headerCall(ctx, http.MethodPatch, id, patch)
}

// DeleteExtraHeader deletes an extra header (204).
func (s *WebhooksService) DeleteExtraHeader(ctx context.Context, id string) (*Response, error) {
	return del(ctx, (*service)(s), "webhooks/headers/%s/", id)
}

// ListEvents returns one page of the webhook event log.
func (s *WebhooksService) ListEvents(ctx context.Context, opts *WebhookEventListOptions) ([]*WebhookEvent, *Response, error) {
	if err := opts.listOptions().validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*WebhookEvent]](ctx, (*service)(s), http.MethodGet, "webhooks/events/", opts, nil)
}

// AllEvents iterates over every webhook event matching opts (see
// BundlesService.All).
func (s *WebhooksService) AllEvents(ctx context.Context, opts *WebhookEventListOptions) iter.Seq2[*WebhookEvent, error] {
	return pages(ctx, (*service)(s), opts, s.ListEvents)
}

// GetEvent returns one webhook event with its deliveries.
func (s *WebhooksService) GetEvent(ctx context.Context, id string) (*WebhookEvent, *Response, error) {
	path, err := pathOf("webhooks/events/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*WebhookEvent](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

// ListDeliveries returns one page of the webhook delivery log: every
// delivery attempt, filtered by webhook, event, event type, status and
// date.
//
// The 2.2.3 spec gives this list's answer the WebhookEvents schema (and
// the reference titles it "List WebhookEvents", like the event list): a
// copy of the event list's declaration, as the filters by webhook_event,
// the path and the spec's own unused WebhookDeliveries definition show.
// The entries decode as WebhookDelivery; an answer of events would keep
// its pk, status, webhook and event_type.
func (s *WebhooksService) ListDeliveries(ctx context.Context, opts *WebhookDeliveryListOptions) ([]*WebhookDelivery, *Response, error) {
	if err := opts.listOptions().validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*WebhookDelivery]](ctx, (*service)(s), http.MethodGet, "webhooks/deliveries/", opts, nil)
}

// AllDeliveries iterates over every delivery attempt matching opts (see
// BundlesService.All).
func (s *WebhooksService) AllDeliveries(ctx context.Context, opts *WebhookDeliveryListOptions) iter.Seq2[*WebhookDelivery, error] {
	return pages(ctx, (*service)(s), opts, s.ListDeliveries)
}

// GetDelivery returns one delivery attempt.
func (s *WebhooksService) GetDelivery(ctx context.Context, id string) (*WebhookDelivery, *Response, error) {
	path, err := pathOf("webhooks/deliveries/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*WebhookDelivery](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

// GetSecret returns the webhook shared secret. The client redacts it from
// every later error and log line.
func (s *WebhooksService) GetSecret(ctx context.Context) (*WebhookSecret, *Response, error) {
	return s.remember(do[*WebhookSecret](ctx, (*service)(s), http.MethodGet, "webhooks/secret/", nil, nil))
}

// remember registers a secret the API returned with the client's
// redactor, so it never shows up in a later error or log line.
func (s *WebhooksService) remember(secret *WebhookSecret, resp *Response, err error) (*WebhookSecret, *Response, error) {
	if secret != nil && secret.Secret != "" {
		s.client.rc.Redactor().Add(secret.Secret.Reveal())
	}
	return secret, resp, err
}

// RegenerateSecret replaces the webhook shared secret and returns the new
// one (redacted by the client from then on, like GetSecret's). Deliveries
// signed with the old secret stop verifying: accept both secrets while you
// roll over.
//
// It sends one GET, the method BlueInk's 2.2.3 spec documents (some official
// clients send POST); it never probes one method and then the other.
func (s *WebhooksService) RegenerateSecret(ctx context.Context) (*WebhookSecret, *Response, error) {
	return s.remember(do[*WebhookSecret](ctx, (*service)(s), http.MethodGet, "webhooks/secret/regenerate/", nil, nil))
}

func (s *WebhooksService) webhookCall(ctx context.Context, method, format, id string, body any) (*Webhook, *Response, error) {
	path, err := pathOf(format, id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Webhook](ctx, (*service)(s), method, path, nil, body)
}

func (s *WebhooksService) headerCall(ctx context.Context, method, id string, body any) (*WebhookExtraHeader, *Response, error) {
	path, err := pathOf("webhooks/headers/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*WebhookExtraHeader](ctx, (*service)(s), method, path, nil, body)
}

// validateFull checks a request that creates or replaces a webhook: it
// must carry a name and a URL.
func (r *WebhookRequest) validateFull() error {
	if err := r.validate(); err != nil {
		return err
	}
	if strings.TrimSpace(r.Name) == "" {
		return invalidArg("name", "is required (a human-readable name for the webhook)")
	}
	if r.URL == "" {
		return invalidArg("url", "is required")
	}
	return nil
}

// validate checks the request and its extra headers before any I/O.
func (r *WebhookRequest) validate() error {
	if r == nil {
		return invalidArg("webhook request", "must not be nil")
	}
	for i := range r.ExtraHeaders {
		if err := validExtraHeader(&r.ExtraHeaders[i]); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return invalidArg(fmt.Sprintf("extra_headers[%d].%s", i, ve.Field), "%s", ve.Message)
			}
			return err
		}
	}
	return nil
}

// Extra header limits from the API schema.
const (
	maxExtraHeaderName  = 80
	maxExtraHeaderValue = 240
)

func validExtraHeader(h *WebhookExtraHeader) error {
	if h == nil {
		return invalidArg("extra header", "must not be nil")
	}
	if h.Name == "" || len(h.Name) > maxExtraHeaderName {
		return invalidArg("name", "must be 1-%d characters", maxExtraHeaderName)
	}
	for _, c := range h.Name {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return invalidArg("name", "%q is not a valid header name", h.Name)
		}
	}
	if len(h.Value) > maxExtraHeaderValue {
		return invalidArg("value", "is longer than %d characters", maxExtraHeaderValue)
	}
	for _, c := range h.Value {
		if c == '\r' || c == '\n' || c == 0 {
			return invalidArg("value", "must not contain CR, LF or NUL")
		}
	}
	return nil
}
