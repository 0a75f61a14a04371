package blueink_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// A log entry gives the event its delivery gives: same type, ID, date and
// payload, so a Handler deduplicates the two.
func TestWebhookEventEventMatchesTheDelivery(t *testing.T) {
	delivery := evCases[6].json() // packet_complete
	want, err := blueink.ParseEvent(delivery)
	require.NoError(t, err)
	wantEnv, _ := blueink.EnvelopeOf(want)

	entry := &blueink.WebhookEvent{ID: wantEnv.EventID, EventType: wantEnv.EventType, Payload: string(delivery),
		Created: blueink.Time{Time: wantEnv.EventDate.Add(time.Second)}}
	ev, err := entry.Event()
	require.NoError(t, err)
	assert.IsType(t, want, ev)
	assert.Equal(t, want.ID(), ev.ID())
	assert.Equal(t, want.Type(), ev.Type())
	assert.Equal(t, want.OccurredAt(), ev.OccurredAt(), "event_date, not the log's created")
	assert.Equal(t, want.Lifecycle(), ev.Lifecycle())
	assert.Equal(t, delivery, ev.Raw())
	env, _ := blueink.EnvelopeOf(ev)
	assert.Equal(t, wantEnv.Payload, env.Payload)
	assert.Equal(t, wantEnv.AccountID, env.AccountID)
}

func TestWebhookEventEventShapes(t *testing.T) {
	created := blueink.Time{Time: time.Date(2024, 10, 3, 10, 0, 1, 250000000, time.UTC)}
	const pk = "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b"
	cases := []struct {
		name     string
		typ      blueink.EventType
		payload  string
		id       string
		bundleID string
		at       time.Time
		issue    string // the path of the one issue, if any
		raw      string // "" : the payload itself
	}{
		{"delivery body without event_id (the fixture)", "bundle_complete", fixtureEvent(t).Payload, pk, "plHoBZRHwM", created.Time, "", ""},
		{"delivery body with its own id and date", "bundle_complete",
			`{"event_id":"e-1","event_type":"bundle_complete","event_date":"2024-10-03 10:00:00+00:00","payload":{"bundle_id":"B1"}}`,
			"e-1", "B1", time.Date(2024, 10, 3, 10, 0, 0, 0, time.UTC), "", ""},
		{"form body (json=false)", "bundle_complete", "event_id=e-2&event_type=bundle_complete&bundle_id=B2", "e-2", "B2", created.Time, "", ""},
		{"the payload alone", "packet_viewed", `{"bundle_id":"B3","packet_id":"P3"}`, pk, "B3", created.Time, "",
			`{"event_id":"` + pk + `","event_type":"packet_viewed","event_date":"2024-10-03T10:00:01.25Z","account_id":"",` +
				`"payload":{"bundle_id":"B3","packet_id":"P3"}}`},
		{"no payload", "bundle_sent", "", pk, "", created.Time, "",
			`{"event_id":"` + pk + `","event_type":"bundle_sent","event_date":"2024-10-03T10:00:01.25Z","account_id":"","payload":{"bundle_id":""}}`},
		{"payload not JSON", "bundle_sent", "B4", pk, "", created.Time, "payload", "-"},
		{"odd value in the body", "bundle_complete", `{"event_type":"bundle_complete","payload":{"bundle_id":["B5"]}}`, pk, "", created.Time,
			"payload.bundle_id", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &blueink.WebhookEvent{ID: pk, EventType: tc.typ, Payload: tc.payload, Created: created}
			ev, err := e.Event()
			require.NoError(t, err)
			assert.Equal(t, "blueink", ev.Provider())
			assert.Equal(t, string(tc.typ), ev.Type())
			assert.Equal(t, tc.id, ev.ID())
			assert.Equal(t, tc.at, ev.OccurredAt())
			env, ok := blueink.EnvelopeOf(ev)
			require.True(t, ok)
			assert.Equal(t, tc.bundleID, env.Payload.BundleID)
			switch tc.raw {
			case "":
				assert.Equal(t, tc.payload, string(ev.Raw()))
			case "-":
			default:
				assert.JSONEq(t, tc.raw, string(ev.Raw()))
				again, err := blueink.ParseEvent(ev.Raw())
				require.NoError(t, err, "Raw is a delivery body")
				assert.Equal(t, ev.ID(), again.ID())
			}
			issues := ev.DecodeIssues()
			if tc.issue == "" {
				assert.Empty(t, issues)
			} else if assert.Len(t, issues, 1) {
				assert.Equal(t, tc.issue, issues[0].Path)
			}
		})
	}
	_, err := (&blueink.WebhookEvent{ID: pk, Payload: `{"bundle_id":"B1"}`}).Event()
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload, "no event type anywhere")
	assert.True(t, strings.HasPrefix(err.Error(), "blueink: "), err.Error())
	_, err = (*blueink.WebhookEvent)(nil).Event()
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
}

func fixtureEvent(t *testing.T) *blueink.WebhookEvent {
	var e blueink.WebhookEvent
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "webhook_event.json")), &e))
	return &e
}

// logEntry is one entry of a fake event log.
type logEntry struct {
	id, typ, bundle string
	created         time.Time
	success         bool
}

func (l logEntry) json() string {
	body, _ := json.Marshal(map[string]any{"event_id": l.id, "event_type": l.typ,
		"event_date": l.created.Format(time.RFC3339Nano), "payload": map[string]string{"bundle_id": l.bundle}})
	js, _ := json.Marshal(map[string]any{"pk": l.id, "webhook": webhookID, "event_type": l.typ, "payload": string(body),
		"status": map[bool]int{true: 200, false: 503}[l.success], "success": l.success,
		"created": l.created.Format("2006-01-02 15:04:05.000000-07:00"), "deliveries": []any{}})
	return string(js)
}

// eventLog serves GET /webhooks/events/ from entries, two a page, honouring
// success and webhook like BlueInk.
func eventLog(w *wire, entries []logEntry) {
	w.mt.RegisterResponder("GET", wireBase+"webhooks/events/", func(req *http.Request) (*http.Response, error) {
		w.record(req)
		w.guard(20)
		q := req.URL.Query()
		var sel []logEntry
		for _, e := range entries {
			if s := q.Get("success"); s != "" && s != fmt.Sprint(e.success) {
				continue
			}
			sel = append(sel, e)
		}
		page := 1
		fmt.Sscan(q.Get("page"), &page)
		lo, hi := min((page-1)*2, len(sel)), min(page*2, len(sel))
		items := make([]string, 0, 2)
		for _, e := range sel[lo:hi] {
			items = append(items, e.json())
		}
		resp := newResp(req, 200, "["+strings.Join(items, ",")+"]")
		resp.Header.Set("X-Blueink-Pagination", fmt.Sprintf("%d,%d,2,%d", page, (len(sel)+1)/2, len(sel)))
		return resp, nil
	})
}

// EventsSince asks the log from the day before since (BlueInk filters by
// day) and skips what was created before since.
func TestEventsSince(t *testing.T) {
	since := time.Date(2024, 10, 3, 9, 0, 0, 0, time.UTC)
	entries := []logEntry{
		{"e0", "bundle_sent", "B0", since.Add(-time.Hour), false},
		{"e1", "bundle_sent", "B1", since, true},
		{"e2", "bundle_complete", "B1", since.Add(time.Minute), false},
	}
	w := newWire(t)
	eventLog(w, entries)
	var ids []string
	for ev, err := range w.c.Webhooks.EventsSince(w.ctx(), since, &blueink.WebhookEventListOptions{Webhook: webhookID}) {
		require.NoError(t, err)
		ids = append(ids, ev.ID())
	}
	assert.Equal(t, []string{"e1", "e2"}, ids)
	reqs := w.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "date_after=2024-10-02&page=1&webhook="+webhookID, reqs[0].Query)
	assert.Equal(t, "date_after=2024-10-02&page=2&webhook="+webhookID, reqs[1].Query)
}

// recorder is a webhook.Handler whose handlers record what ran.
type recorder struct {
	h    *webhook.Handler
	mu   sync.Mutex
	ran  []string
	fail map[string]bool
}

func newRecorder(secret string, now time.Time, store webhook.DedupeStore) *recorder {
	r := &recorder{fail: map[string]bool{}}
	r.h = webhook.NewHandler(blueink.WebhookProvider(secret, webhook.WithClock(func() time.Time { return now })),
		webhook.WithDedupe(store, 0), webhook.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	r.h.OnAny(func(_ context.Context, ev webhook.Event) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.fail[ev.ID()] {
			return errors.New("handler failed")
		}
		r.ran = append(r.ran, ev.ID())
		return nil
	})
	return r
}

// A receiver that was down replays the log: the events it missed run once,
// the one it had handled from its delivery does not run again, and a second
// replay runs nothing.
func TestReplayRunsEachEventOnce(t *testing.T) {
	now := time.Date(2024, 10, 3, 12, 0, 0, 0, time.UTC)
	since := now.Add(-3 * time.Hour)
	entries := []logEntry{
		{"e1", "bundle_sent", "B1", since.Add(time.Minute), true},
		{"e2", "packet_viewed", "B1", since.Add(2 * time.Minute), false},
		{"e3", "bundle_complete", "B1", since.Add(3 * time.Minute), false},
		{"e4", "bundle_docs_ready", "B1", since.Add(4 * time.Minute), false},
	}
	rec := newRecorder("whsec-replay", now, nil)
	// e1 arrived as a delivery before the receiver went down.
	delivered := []byte(`{"event_id":"e1","event_type":"bundle_sent","payload":{"bundle_id":"B1"}}`)
	sig, ts := webhooktest.SlackHeaders(delivered, now, "whsec-replay")
	r := httptest.NewRequest(http.MethodPost, "/hooks/blueink", bytes.NewReader(delivered))
	r.Header.Set(blueink.SignatureHeader, sig)
	r.Header.Set(blueink.TimestampHeader, ts)
	rw := httptest.NewRecorder()
	rec.h.ServeHTTP(rw, r)
	require.Equal(t, http.StatusOK, rw.Code)

	for _, include := range []bool{false, true} {
		t.Run(fmt.Sprintf("IncludeDelivered=%v", include), func(t *testing.T) {
			w := newWire(t)
			eventLog(w, entries)
			res, err := blueink.Replay(w.ctx(), w.c, rec.h, since, &blueink.ReplayOptions{Webhook: webhookID, IncludeDelivered: include})
			require.NoError(t, err)
			q, _ := url.ParseQuery(w.requests()[0].Query)
			if include {
				assert.False(t, q.Has("success"))
				assert.Equal(t, blueink.ReplayResult{AlreadyDone: 4}, res, "the first replay ran them all")
			} else {
				assert.Equal(t, "false", q.Get("success"), "only undelivered events by default")
				assert.Equal(t, blueink.ReplayResult{Handled: 3}, res)
			}
			assert.Equal(t, webhookID, q.Get("webhook"))
			assert.Equal(t, "100", q.Get("per_page"))
		})
	}
	assert.Equal(t, []string{"e1", "e2", "e3", "e4"}, rec.ran, "each event ran once, in the log's order")
}

// A handler failure stops the replay with the event named; its claim is
// released, so the next replay runs it (and what ran stays done).
func TestReplayStopsAtAFailure(t *testing.T) {
	now := time.Date(2024, 10, 3, 12, 0, 0, 0, time.UTC)
	since := now.Add(-time.Hour)
	entries := []logEntry{
		{"e1", "bundle_sent", "B1", since.Add(time.Minute), false},
		{"e2", "bundle_complete", "B1", since.Add(2 * time.Minute), false},
		{"e3", "bundle_docs_ready", "B1", since.Add(3 * time.Minute), false},
	}
	rec := newRecorder("whsec-replay", now, nil)
	rec.fail["e2"] = true
	w := newWire(t)
	eventLog(w, entries)
	res, err := blueink.Replay(w.ctx(), w.c, rec.h, since, nil)
	assert.Equal(t, blueink.ReplayResult{Handled: 1}, res)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "blueink: replay: event e2 (bundle_complete): handler failed")

	rec.fail["e2"] = false
	res, err = blueink.Replay(w.ctx(), w.c, rec.h, since, nil)
	require.NoError(t, err)
	assert.Equal(t, blueink.ReplayResult{Handled: 2, AlreadyDone: 1}, res)
	assert.Equal(t, []string{"e1", "e2", "e3"}, rec.ran)

	_, err = blueink.Replay(w.ctx(), nil, rec.h, since, nil)
	assert.ErrorIs(t, err, blueink.ErrValidation)
}
