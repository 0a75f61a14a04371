package legacyv1

import (
	"context"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// SubscriptionsService manages callback subscriptions (webhooks):
// /notifications/, /subscribe/ and /unsubscribe/.
type SubscriptionsService service

// Subscription is a registered callback URL.
type Subscription struct {
	URL         string      `json:"url"`
	Active      bool        `json:"active"`
	NotifyWhen  NotifyWhen  `json:"notify_when"`
	GroupID     *int        `json:"group_id"`
	EventFilter EventFilter `json:"event_filter"`
}

// List returns the registered callbacks. GET /notifications/
func (s *SubscriptionsService) List(ctx context.Context) ([]*Subscription, *Response, error) {
	return getArray[*Subscription](ctx, s.client, "notifications/")
}

// SubscribeRequest is the body of POST /subscribe/ (CallbackCreatePost).
type SubscribeRequest struct {
	URL    string `json:"url"`
	Notify Notify `json:"notify"`
	// EventFilter narrows realtime callbacks.
	EventFilter EventFilter `json:"eventFilter,omitempty"`
	// Group restricts the callback to one group (slug or resource URI).
	Group string `json:"group,omitempty"`
}

func validCallbackURL(u string) error {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return invalidArg("url", "must start with http:// or https://")
	}
	return nil
}

// Subscribe registers a callback URL. POST /subscribe/
func (s *SubscriptionsService) Subscribe(ctx context.Context, req *SubscribeRequest) (*Response, error) {
	if req == nil {
		return nil, invalidArg("request", "must not be nil")
	}
	if err := validCallbackURL(req.URL); err != nil {
		return nil, err
	}
	switch req.Notify {
	case NotifyAll, NotifySigned, NotifySent, NotifyRejected, NotifyRealtime:
	default:
		return nil, invalidArg("notify", "%q is not all, signed, sent, rejected or realtime", req.Notify)
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, "subscribe/", nil, req)
	return resp, err
}

// UnsubscribeRequest is the body of POST /unsubscribe/ (CallbackDeletePost).
// Subscription.UnsubscribeRequest builds the one that removes a listed
// callback.
type UnsubscribeRequest struct {
	// URL must match a registered callback exactly.
	URL         string      `json:"url"`
	EventFilter EventFilter `json:"eventFilter,omitempty"`
	// GroupID is the group filter the callback was registered with, as the
	// integer Subscriptions.List reports (Subscription.GroupID); the spec
	// types this field as an integer. 0 sends none.
	GroupID int `json:"group,omitempty"`
}

// UnsubscribeRequest returns the request that removes this callback: its
// URL, event filter and group.
func (s *Subscription) UnsubscribeRequest() *UnsubscribeRequest {
	r := &UnsubscribeRequest{URL: s.URL, EventFilter: s.EventFilter}
	if s.GroupID != nil {
		r.GroupID = *s.GroupID
	}
	return r
}

// Unsubscribe removes a callback URL; the API answers 200 whether or not the
// URL was subscribed. POST /unsubscribe/
func (s *SubscriptionsService) Unsubscribe(ctx context.Context, req *UnsubscribeRequest) (*Response, error) {
	if req == nil {
		return nil, invalidArg("request", "must not be nil")
	}
	if err := validCallbackURL(req.URL); err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, "unsubscribe/", nil, req)
	return resp, err
}
