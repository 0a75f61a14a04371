package zigned

import (
	"context"
	"iter"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// WebhooksService manages the account's webhooks: /webhooks.
type WebhooksService service

// Webhook is the webhook resource. Secret keys the HMAC of every delivery
// (zigned.WebhookProvider(hook.Secret.Reveal())); it never prints, and JSON
// encoding writes "[REDACTED]" in its place. Zigned creates webhooks
// inactive (Status WebhookInactive) unless asked otherwise: an inactive
// webhook delivers nothing.
type Webhook struct {
	ID            string         `json:"id"`
	Name          string         `json:"name,omitempty"`
	ResourceType  string         `json:"resource_type"`
	URL           string         `json:"url"`
	Secret        webhook.Secret `json:"secret"`
	Type          WebhookType    `json:"type"`
	Scope         WebhookScope   `json:"scope"`
	Status        WebhookStatus  `json:"status"`
	Subscriptions []EventType    `json:"subscriptions"`
	CreatedAt     Time           `json:"created_at"`
	UpdatedAt     Time           `json:"updated_at"`
}

// WebhookScope is whose agreements notify a webhook: {"type":"global"} or
// {"type":"user","user_id":..}. A bare string is accepted too.
type WebhookScope struct {
	Type   WebhookScopeType `json:"type,omitempty"`
	UserID string           `json:"user_id,omitempty"`
}

// UnmarshalJSON accepts the object form, a bare scope name, and null. A
// member of the wrong kind keeps its zero value and makes it fail with an
// error listing it (the other member is decoded).
func (s *WebhookScope) UnmarshalJSON(b []byte) error { return decodeStrict(b, s.read) }

// UnmarshalJSONTolerant is the tolerant decoder's hook (it is not meant to
// be called directly): it decodes like UnmarshalJSON and returns the values
// that did not decode instead of failing.
func (s *WebhookScope) UnmarshalJSONTolerant(b []byte, opts tolerant.Options) ([]webhook.DecodeIssue, error) {
	return decodeTolerant(b, opts, s.read)
}

// WebhookRequest is the body of POST /webhooks: subscriptions are plain
// event names. Zigned creates webhooks inactive unless Status is
// WebhookActive.
type WebhookRequest struct {
	URL           string           `json:"url"` // HTTPS
	Name          string           `json:"name,omitempty"`
	Status        WebhookStatus    `json:"status,omitempty"`
	Type          WebhookType      `json:"type,omitempty"`
	Scope         WebhookScopeType `json:"scope,omitempty"`
	Subscriptions []EventType      `json:"subscriptions,omitempty"`
}

// Subscription is one change of PUT /webhooks/{id}: subscribe to Event, or
// unsubscribe from it.
type Subscription struct {
	Event       EventType `json:"event"`
	Unsubscribe bool      `json:"unsubscribe,omitempty"`
}

// Subscribe returns subscriptions adding events.
func Subscribe(events ...EventType) []Subscription {
	out := make([]Subscription, len(events))
	for i, e := range events {
		out[i] = Subscription{Event: e}
	}
	return out
}

// Unsubscribe returns subscriptions removing events.
func Unsubscribe(events ...EventType) []Subscription {
	out := make([]Subscription, len(events))
	for i, e := range events {
		out[i] = Subscription{Event: e, Unsubscribe: true}
	}
	return out
}

// WebhookUpdate is the body of PUT /webhooks/{id}: unlike creation,
// subscriptions are objects {"event", "unsubscribe"?}, so a call adds and
// removes events. Empty fields are left unchanged.
type WebhookUpdate struct {
	URL           string           `json:"url,omitempty"`
	Name          string           `json:"name,omitempty"`
	Type          WebhookType      `json:"type,omitempty"`
	Status        WebhookStatus    `json:"status,omitempty"`
	Scope         WebhookScopeType `json:"scope,omitempty"`
	Subscriptions []Subscription   `json:"subscriptions,omitempty"`
}

func webhookPath(id string) (string, error) {
	return pathOf("webhooks/%s", []string{"webhook ID"}, id)
}

// remember registers received secrets with the client's redactor, so they
// never show up in a later error or log line.
func (s *WebhooksService) remember(hooks ...*Webhook) {
	for _, h := range hooks {
		if h != nil && h.Secret != "" {
			s.client.rc.Redactor().Add(string(h.Secret))
		}
	}
}

// List lists the account's webhooks.
func (s *WebhooksService) List(ctx context.Context) ([]*Webhook, *Response, error) {
	hooks, resp, err := do[items[Webhook]](ctx, s.client, http.MethodGet, "webhooks", nil, nil)
	s.remember(hooks...)
	return hooks, resp, err
}

// All iterates over the account's webhooks (one request: the API answers
// the list whole).
func (s *WebhooksService) All(ctx context.Context) iter.Seq2[*Webhook, error] {
	return all(ctx, s.client, s.List)
}

// Create creates a webhook. Zigned creates it inactive unless req.Status is
// WebhookActive, and an inactive webhook delivers nothing: set
// Status: zigned.WebhookActive (or activate it later with Update). The
// answer carries the secret that signs deliveries (Webhook.Secret).
func (s *WebhooksService) Create(ctx context.Context, req *WebhookRequest) (*Webhook, *Response, error) {
	if req == nil || strings.TrimSpace(req.URL) == "" {
		return nil, nil, invalidArg("url", "must not be empty")
	}
	h, resp, err := do[*Webhook](ctx, s.client, http.MethodPost, "webhooks", nil, req)
	s.remember(h)
	return h, resp, err
}

// Get returns a webhook.
func (s *WebhooksService) Get(ctx context.Context, id string) (*Webhook, *Response, error) {
	p, err := webhookPath(id)
	if err != nil {
		return nil, nil, err
	}
	h, resp, err := do[*Webhook](ctx, s.client, http.MethodGet, p, nil, nil)
	s.remember(h)
	return h, resp, err
}

// Update changes a webhook.
func (s *WebhooksService) Update(ctx context.Context, id string, req *WebhookUpdate) (*Webhook, *Response, error) {
	p, err := webhookPath(id)
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalidArg("update", "must not be nil")
	}
	h, resp, err := do[*Webhook](ctx, s.client, http.MethodPut, p, nil, req)
	s.remember(h)
	return h, resp, err
}

// Delete deletes a webhook and returns it as it was (secret included).
func (s *WebhooksService) Delete(ctx context.Context, id string) (*Webhook, *Response, error) {
	p, err := webhookPath(id)
	if err != nil {
		return nil, nil, err
	}
	h, resp, err := do[*Webhook](ctx, s.client, http.MethodDelete, p, nil, nil)
	s.remember(h)
	return h, resp, err
}
