package fakeserver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
)

// Outgoing is a webhook delivery prepared under the lock (by Config.Events
// or by hand) and posted once the lock is released.
type Outgoing struct {
	// WebhookID names the provider's webhook or subscription ("" for
	// one-off deliveries).
	WebhookID string
	// EventID is the provider's id of the event, when it has one.
	EventID string
	// Event is the event type.
	Event string
	URL   string
	// Header is sent as is (Content-Type, signature, ...); the
	// User-Agent defaults to the fake's name.
	Header http.Header
	Body   []byte
	// Done, when set, runs under the lock after the attempt (to keep a
	// provider's own delivery log).
	Done func(c *Call, d Delivery[string])
}

// Delivery is one webhook delivery the server attempted: exactly what was
// sent, and the receiver's answer. E is the provider's event type; each
// fake declares type Delivery = fakeserver.Delivery[P.EventType].
type Delivery[E ~string] struct {
	WebhookID string
	EventID   string
	Event     E
	URL       string
	Header    http.Header
	Body      []byte
	// Status is the receiver's HTTP status, 0 when no answer came (Err).
	Status int
	Err    error
}

// OK reports whether the receiver answered 2xx.
func (d Delivery[E]) OK() bool { return d.Err == nil && d.Status >= 200 && d.Status < 300 }

// Deliveries converts deliveries to a provider's event type.
func Deliveries[E ~string](ds []Delivery[string]) []Delivery[E] {
	out := make([]Delivery[E], len(ds))
	for i, d := range ds {
		out[i] = Delivery[E]{WebhookID: d.WebhookID, EventID: d.EventID, Event: E(d.Event), URL: d.URL,
			Header: d.Header, Body: d.Body, Status: d.Status, Err: d.Err}
	}
	return out
}

// flush posts c's queued deliveries.
func (s *Server) flush(ctx context.Context, c *Call) {
	q := c.queue
	c.queue = nil
	s.deliver(ctx, c, q)
}

// Deliver posts deliveries now, in order, one attempt each, and returns
// what happened (also kept in Deliveries). The lock must not be held.
func (s *Server) Deliver(ctx context.Context, out ...Outgoing) []Delivery[string] {
	return s.deliver(ctx, s.newCall(nil, nil, nil), out)
}

func (s *Server) deliver(ctx context.Context, c *Call, out []Outgoing) []Delivery[string] {
	ds := make([]Delivery[string], 0, len(out))
	for _, o := range out {
		d := s.post(ctx, o)
		if o.Done != nil {
			s.mu.Lock()
			o.Done(c, d)
			s.mu.Unlock()
		}
		ds = append(ds, d)
	}
	return ds
}

// post sends one delivery and records it.
func (s *Server) post(ctx context.Context, o Outgoing) Delivery[string] {
	h := o.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", s.cfg.Name)
	}
	d := Delivery[string]{WebhookID: o.WebhookID, EventID: o.EventID, Event: o.Event, URL: o.URL, Header: h, Body: slices.Clone(o.Body)}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.URL, bytes.NewReader(o.Body))
	if err == nil {
		req.Header = h.Clone()
		var resp *http.Response
		if resp, err = s.hc.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			d.Status = resp.StatusCode
		}
	}
	d.Err = err
	s.deliveries.add(d)
	return d
}
