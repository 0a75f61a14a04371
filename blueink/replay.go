package blueink

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// Event returns the event a delivery of this log entry produces: the typed
// event (*BundleCompleteEvent, ...) ParseEvent gives for the delivered body,
// with the same ID, so a delivery and its replay deduplicate in a
// webhook.Handler.
//
// Payload is the body BlueInk delivers ("the payload to send on delivery;
// json", the 2.2.3 spec): it is decoded as ParseEvent decodes a delivery
// (a form body, from a json=false webhook, too), an event_id or event_date
// it lacks is taken from the entry (ID, Created), and Raw is Payload. A
// Payload that holds only the event's own payload ({bundle_id, packet_id,
// ...}) becomes the Payload of an event built from the entry (ID,
// EventType, Created), whose Raw is then that event in the delivery shape
// (json.Marshal of the envelope). Values that do not decode are kept at
// their zero value and listed, as in ParseEvent; a Payload that is not
// JSON keeps the entry's fields. An entry without an event type is an
// error wrapping webhook.ErrInvalidPayload.
func (e *WebhookEvent) Event() (webhook.Event, error) {
	if e == nil {
		return nil, fmt.Errorf("%s: %w: nil webhook event", ProviderName, webhook.ErrInvalidPayload)
	}
	ev, err := e.event()
	if err != nil {
		return nil, fmt.Errorf("%s: webhook event %s: %w: %w", ProviderName, e.ID, webhook.ErrInvalidPayload, err)
	}
	return ev, nil
}

func (e *WebhookEvent) event() (webhook.Event, error) {
	raw := bytes.TrimSpace([]byte(e.Payload))
	var (
		env    EventEnvelope
		issues []webhook.DecodeIssue
		err    error
		whole  bool
	)
	switch {
	case len(raw) > 0 && raw[0] == '{':
		if _, whole = jsonscan.Member(raw, "event_type"); whole {
			env, issues, err = decodeJSON(raw)
		}
	case bytes.Contains(raw, []byte("event_type=")): // a json=false delivery's form body
		whole = true
		env, issues, err = decodeForm(raw)
	}
	if whole {
		if err != nil {
			return nil, err
		}
		if env.EventID == "" {
			env.EventID = e.ID
		}
		if env.EventDate.IsZero() {
			env.EventDate = e.Created.UTC()
		}
		return typedEvent(env, issues, raw), nil
	}
	// The entry's own fields, and the payload alone (or nothing usable).
	var (
		p         EventPayload
		collected tolerant.Collector
	)
	if len(raw) > 0 {
		if more, err := p.decode(raw); err != nil {
			p = EventPayload{}
			collected.AddValue("payload", raw, err)
		} else {
			collected.Add("payload", more)
		}
	}
	env, issues, err = envelope(e.ID, string(e.EventType), "", "", p, &collected)
	if err != nil {
		return nil, err
	}
	env.EventDate = e.Created.UTC()
	body, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	return typedEvent(env, issues, body), nil
}

// EventsSince pages the webhook event log (GET /webhooks/events/) and
// yields, for every entry created at or after since, the event a delivery
// of it produces (WebhookEvent.Event), in the log's order. opts filters the
// log as ListEvents does (nil: every entry); opts is never modified.
//
// BlueInk filters the log by day (date_after, YYYY-MM-DD, in a time zone it
// does not document), so the request asks from the day before since and
// entries created before since are skipped here; an entry whose creation
// time did not decode is yielded. Iteration stops at the first error
// (yielded once), as All does.
func (s *WebhooksService) EventsSince(ctx context.Context, since time.Time, opts *WebhookEventListOptions) iter.Seq2[webhook.Event, error] {
	var o WebhookEventListOptions
	if opts != nil {
		o = *opts
	}
	if o.DateAfter.IsZero() && !since.IsZero() {
		o.DateAfter = timeutil.DateOf(since.UTC().AddDate(0, 0, -1))
	}
	return func(yield func(webhook.Event, error) bool) {
		for e, err := range s.AllEvents(ctx, &o) {
			if err != nil {
				yield(nil, err)
				return
			}
			if e == nil || (!since.IsZero() && e.Created.IsValid() && e.Created.Before(since)) {
				continue
			}
			ev, err := e.Event()
			if !yield(ev, err) || err != nil {
				return
			}
		}
	}
}

// ReplayOptions selects the events Replay runs.
type ReplayOptions struct {
	// Webhook limits the replay to the events of one webhook subscription
	// (its ID). Set it when several webhooks of the account take the same
	// event types: BlueInk logs one event per webhook, each with its own
	// ID, so events meant for another endpoint would run here too.
	Webhook string
	// EventTypes limits the replay to these types (every type when empty).
	EventTypes []EventType
	// IncludeDelivered also replays the events BlueInk delivered
	// successfully. By default only the events whose last delivery failed
	// (or was never made) are replayed: an event a receiver answered 2xx was
	// handled, or found done by its dedupe, and after the dedupe TTL
	// nothing else would stop it from running again.
	IncludeDelivered bool
}

// ReplayResult counts what Replay did with the events it read.
type ReplayResult struct {
	// Handled is how many events ran through the Handler's handlers, which
	// succeeded.
	Handled int
	// AlreadyDone is how many the Handler's dedupe store had done (by a
	// delivery, or an earlier replay): nothing ran.
	AlreadyDone int
	// InProgress is how many another attempt was holding (a delivery
	// arriving meanwhile, another replica): nothing ran here. Replay again
	// once the Handler's lease has passed to be sure they were handled.
	InProgress int
}

// Replay recovers deliveries a receiver missed: it pages BlueInk's webhook
// event log from since (Webhooks.EventsSince) and runs each event through
// h's dedupe and dispatch (webhook.Handler.Process), exactly as a delivery
// of it would run. h is the Handler receiving BlueInk's deliveries (built
// on WebhookProvider), with a dedupe store (webhook.WithDedupe) shared with
// the receiver: an event already handled from a delivery, or by an earlier
// replay, has the same ID and does not run again. Without a store every
// event replayed runs.
//
// By default only events whose delivery failed are read (see
// ReplayOptions). Events run in the log's order. Replay stops at the first
// event whose handlers fail (their claim released, so the next replay or
// BlueInk's retry runs it again) or when reading the log or the dedupe store
// fails, and returns what it did so far with the error. Replaying from the
// same since again is safe: what ran is done.
//
//	since := time.Now().Add(-6 * time.Hour) // before the outage began
//	res, err := blueink.Replay(ctx, c, h, since, &blueink.ReplayOptions{Webhook: webhookID})
func Replay(ctx context.Context, c *Client, h *webhook.Handler, since time.Time, opts *ReplayOptions) (ReplayResult, error) {
	var res ReplayResult
	if c == nil || h == nil {
		return res, invalidArg("replay", "needs a client and a webhook.Handler")
	}
	if opts == nil {
		opts = &ReplayOptions{}
	}
	lo := &WebhookEventListOptions{Webhook: opts.Webhook, EventTypeIn: opts.EventTypes, ListOptions: ListOptions{PerPage: MaxPerPage}}
	if !opts.IncludeDelivered {
		lo.Success = new(bool)
	}
	for ev, err := range c.Webhooks.EventsSince(ctx, since, lo) {
		if err != nil {
			return res, err
		}
		state, err := h.Process(ctx, ev)
		switch {
		case err != nil:
			return res, fmt.Errorf("%s: replay: event %s (%s): %w", ProviderName, ev.ID(), ev.Type(), err)
		case state == webhook.Done:
			res.AlreadyDone++
		case state == webhook.InProgress:
			res.InProgress++
		default:
			res.Handled++
		}
	}
	return res, nil
}
