package blueinktest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Headers of a delivery.
const (
	signatureHeader = "x-blueink-signature"
	timestampHeader = "x-blueink-request-timestamp"
	deliveryAgent   = "BlueInk-Webhooks (blueinktest)"
)

// pendingDelivery is a delivery prepared under s.mu and sent after it is
// released (so a receiver may call the API while handling it).
type pendingDelivery struct {
	ev      *webhookEvent
	webhook string
	url     string
	typ     blueink.EventType
	header  http.Header
	body    []byte
}

// wireEvent is the JSON body of a delivery.
type wireEvent struct {
	EventID   string          `json:"event_id"`
	EventType string          `json:"event_type"`
	EventDate string          `json:"event_date"`
	AccountID string          `json:"account_id"`
	Payload   json.RawMessage `json:"payload"`
}

// payloadJSON encodes a delivery payload: bundle_id, packet_id when set, and
// the other fields.
func payloadJSON(p blueink.EventPayload) json.RawMessage {
	m := map[string]json.RawMessage{}
	for k, v := range p.Other {
		m[k] = v
	}
	m["bundle_id"], _ = json.Marshal(p.BundleID)
	if p.PacketID != "" {
		m["packet_id"], _ = json.Marshal(p.PacketID)
	}
	b, _ := json.Marshal(m)
	return b
}

// queueEvent records an event of type typ for every enabled webhook
// subscribed to it (or, when only is set, for that webhook whatever its
// subscriptions) and prepares the signed deliveries (s.mu held).
func (s *Server) queueEvent(q *[]*pendingDelivery, typ blueink.EventType, payload blueink.EventPayload, only string) {
	targets := sortedBySeq(s.webhooks, func(w *webhookSub) int { return w.seq })
	for _, w := range targets {
		if only != "" {
			if w.id != only {
				continue
			}
		} else if !w.enabled || !slices.Contains(w.eventTypes, string(typ)) {
			continue
		}
		now := s.now()
		ev := &webhookEvent{seq: s.nextSeq(), id: s.uuid(), webhook: w.id, eventType: string(typ), created: now}
		wire := wireEvent{EventID: ev.id, EventType: string(typ), EventDate: eventTime(now), AccountID: AccountID, Payload: payloadJSON(payload)}
		js, _ := json.Marshal(wire)
		ev.payload = string(js)
		s.events[ev.id] = ev

		body, ctype := js, "application/json"
		if !w.json {
			form := url.Values{
				"event_id": {wire.EventID}, "event_type": {wire.EventType}, "event_date": {wire.EventDate},
				"account_id": {wire.AccountID}, "payload": {string(wire.Payload)},
			}
			body, ctype = []byte(form.Encode()), "application/x-www-form-urlencoded"
		}
		h := http.Header{}
		h.Set("Content-Type", ctype)
		h.Set("User-Agent", deliveryAgent)
		for _, eh := range s.headersOf(w.id) {
			h.Add(eh.name, eh.value)
		}
		for k, vs := range s.signatureHeaders(body) {
			h[k] = vs
		}
		*q = append(*q, &pendingDelivery{ev: ev, webhook: w.id, url: w.url, typ: typ, header: h, body: body})
	}
}

// signatureHeaders signs body with the current secret at the server's
// current time (s.mu held); none without a secret.
func (s *Server) signatureHeaders(body []byte) http.Header {
	h := http.Header{}
	if s.secret == "" {
		return h
	}
	sig, ts := webhooktest.SlackHeaders(body, s.now(), s.secret)
	h.Set(signatureHeader, sig)
	h.Set(timestampHeader, ts)
	return h
}

// SignatureHeaders returns the x-blueink-signature and
// x-blueink-request-timestamp headers a delivery of body would carry now,
// signed with the current shared secret (empty when there is none). Use it
// to call a webhook handler directly, without the network.
func (s *Server) SignatureHeaders(body []byte) http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.signatureHeaders(body)
}

// deliver posts the prepared deliveries in order, one attempt each, and
// records the outcomes (in Deliveries and in the webhook event and
// delivery logs of the API).
func (s *Server) deliver(ctx context.Context, q []*pendingDelivery) {
	for _, p := range q {
		s.mu.Lock()
		started := s.now()
		s.mu.Unlock()
		status, msg, err := s.post(ctx, p)
		s.mu.Lock()
		rec := &deliveryRecord{seq: s.nextSeq(), id: s.uuid(), event: p.ev, status: status, message: msg, timestamp: started}
		s.deliveryBy[rec.id] = rec
		p.ev.deliveries = append(p.ev.deliveries, rec)
		p.ev.status = status
		p.ev.success = err == nil && status >= 200 && status < 300
		s.deliveries = append(s.deliveries, Delivery{
			WebhookID: p.webhook, URL: p.url, EventID: p.ev.id, EventType: p.typ,
			Header: p.header.Clone(), Body: slices.Clone(p.body), Status: status, Err: err,
		})
		s.mu.Unlock()
	}
}

func (s *Server) post(ctx context.Context, p *pendingDelivery) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(p.body))
	if err != nil {
		return 0, err.Error(), err
	}
	req.Header = p.header.Clone()
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, err.Error(), err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, "HTTP " + strconv.Itoa(resp.StatusCode), nil
}
