package signeasy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/webhook"
)

// CallbacksService manages webhook callbacks. Callback management exists
// only in Signeasy's v2 API: every call goes to the v2 endpoint
// (DefaultCallbackURL, see WithCallbackURL) with the client's credentials.
// Methods, bodies and the list answer follow "Migrating Callbacks"
// (https://docs.signeasy.com/v2.1/docs/migrating-callbacks).
type CallbacksService service

// MinCallbackTokenLength is the shortest callback token accepted. Signeasy's
// sample token is named "myloooooooongtokenbiggerthan12chars"; the limit
// itself is not stated, so tokens of 13+ characters are required.
const MinCallbackTokenLength = 13

// Callback is a registered callback URL with its events and token.
type Callback struct {
	URL    string
	Events []EventType
	// Token is sent back in every delivery's metadata.token; it never
	// prints (see webhook.Secret).
	Token webhook.Secret
}

// Format prints the callback with its token hidden, for every verb.
func (c Callback) Format(f fmt.State, verb rune) {
	type callback Callback
	c.Token = hidden(c.Token)
	formatAs(f, verb, callback(c), "signeasy.Callback")
}

// CallbackRequest registers or updates a callback.
type CallbackRequest struct {
	// URL receives the deliveries (absolute http(s) URL).
	URL string
	// Events to deliver, e.g. EventCompleted, EventSigned, or EventTypes().
	Events []EventType
	// Token is echoed in metadata.token of every delivery; verify it with
	// ConstructEvent or WebhookProvider. Optional for Signeasy but strongly
	// recommended: without it deliveries cannot be authenticated.
	Token webhook.Secret
}

// Format prints the request with its token hidden, for every verb.
func (r CallbackRequest) Format(f fmt.State, verb rune) {
	type callbackRequest CallbackRequest
	r.Token = hidden(r.Token)
	formatAs(f, verb, callbackRequest(r), "signeasy.CallbackRequest")
}

// callbackWire is what goes on the wire (Secret hides itself from JSON).
type callbackWire struct {
	URL    string      `json:"url"`
	Events []EventType `json:"events"`
	Token  string      `json:"token,omitempty"`
}

func (r *CallbackRequest) wire() (*callbackWire, error) {
	if r == nil {
		return nil, invalidArg("callback", "request must not be nil")
	}
	if err := absoluteURL("callback url", r.URL); err != nil {
		return nil, err
	}
	if len(r.Events) == 0 {
		return nil, invalidArg("events", "at least one event is required")
	}
	for _, e := range r.Events {
		if strings.TrimSpace(string(e)) == "" {
			return nil, invalidArg("events", "event names must not be empty")
		}
	}
	if r.Token != "" && len(r.Token) < MinCallbackTokenLength {
		return nil, invalidArg("token", "must be at least %d characters", MinCallbackTokenLength)
	}
	return &callbackWire{URL: r.URL, Events: r.Events, Token: r.Token.Reveal()}, nil
}

// remember registers callback tokens with the client's redactor, so a
// token sent or received never shows up in a later error or log line.
func (s *CallbacksService) remember(tokens ...webhook.Secret) {
	for _, t := range tokens {
		s.client.rc.Redactor().Add(t.Reveal())
	}
}

// Create registers a callback: POST {v2}/callback/ with {url, events, token}.
func (s *CallbacksService) Create(ctx context.Context, r *CallbackRequest) (*Response, error) {
	w, err := r.wire()
	if err != nil {
		return nil, err
	}
	s.remember(r.Token)
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, s.client.callbackURL, w)
	return resp, err
}

// Update replaces the events and token of a registered callback URL:
// PUT {v2}/callback/ with {url, events, token}.
func (s *CallbacksService) Update(ctx context.Context, r *CallbackRequest) (*Response, error) {
	w, err := r.wire()
	if err != nil {
		return nil, err
	}
	s.remember(r.Token)
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPut, s.client.callbackURL, w)
	return resp, err
}

// Delete removes a callback URL: DELETE {v2}/callback/ with {"url": u}.
func (s *CallbacksService) Delete(ctx context.Context, callbackURL string) (*Response, error) {
	if err := absoluteURL("callback url", callbackURL); err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, s.client.callbackURL, map[string]string{"url": callbackURL})
	return resp, err
}

// List returns the registered callbacks: GET {v2}/callback/, whose answer
// {"callback_urls": [u, ...], u: {"token": t, "events": [...]}, ...} is
// decoded in callback_urls order.
func (s *CallbacksService) List(ctx context.Context) ([]*Callback, *Response, error) {
	out, resp, err := do[callbackList](ctx, s.client, http.MethodGet, s.client.callbackURL, nil)
	for _, cb := range out {
		s.remember(cb.Token)
	}
	return []*Callback(out), resp, err
}

// callbackList decodes the v2 GET answer.
type callbackList []*Callback

type callbackEntry struct {
	Token  webhook.Secret `json:"token"`
	Events []EventType    `json:"events"`
}

// UnmarshalJSON implements json.Unmarshaler. URLs listed in callback_urls
// come first, in order; other keys whose value is a callback object (a
// lenient fallback) follow in sorted order.
func (l *callbackList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*l = nil
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	var urls []string
	if raw, ok := obj["callback_urls"]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if err := json.Unmarshal(raw, &urls); err != nil {
			return fmt.Errorf("callback_urls: %w", err)
		}
	}
	out := make([]*Callback, 0, len(urls))
	seen := make(map[string]bool, len(urls))
	add := func(u string, raw json.RawMessage, strict bool) error {
		cb := &Callback{URL: u}
		if raw != nil {
			var e callbackEntry
			if err := json.Unmarshal(raw, &e); err != nil {
				if strict {
					return fmt.Errorf("callback %q: %w", u, err)
				}
				return nil
			}
			cb.Token, cb.Events = e.Token, e.Events
		}
		seen[u] = true
		out = append(out, cb)
		return nil
	}
	for _, u := range urls {
		if seen[u] {
			continue
		}
		if err := add(u, obj[u], true); err != nil {
			return err
		}
	}
	var rest []string
	for k, raw := range obj {
		if k == "callback_urls" || seen[k] {
			continue
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
			if u, err := url.Parse(k); err == nil && u.Scheme != "" && u.Host != "" {
				rest = append(rest, k)
			}
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		_ = add(k, obj[k], false)
	}
	*l = out
	return nil
}
