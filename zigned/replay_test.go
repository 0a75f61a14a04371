package zigned_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// replayWorld is a fake Zigned with an active webhook pointed at a
// webhook.Handler (with dedupe) that can be down, and an agreement ready
// to be sent.
type replayWorld struct {
	srv     *zignedtest.Server
	c       *zigned.Client
	h       *webhook.Handler
	down    atomic.Bool
	mu      sync.Mutex
	handled map[string]int // event ID → how often its handlers ran
	agr     *zigned.Agreement
}

func newReplayWorld(t *testing.T) *replayWorld {
	t.Helper()
	w := &replayWorld{srv: zignedtest.NewServer(t), handled: map[string]int{}}
	w.c = w.srv.Client()
	ctx := context.Background()
	var secret string
	var once sync.Once
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if w.down.Load() {
			http.Error(rw, "down", http.StatusServiceUnavailable)
			return
		}
		once.Do(func() {
			w.h = webhook.NewHandler(zigned.WebhookProvider(secret), webhook.WithDedupe(nil, 0))
			w.h.OnAny(func(_ context.Context, ev webhook.Event) error {
				w.mu.Lock()
				w.handled[ev.ID()]++
				w.mu.Unlock()
				return nil
			})
		})
		w.h.ServeHTTP(rw, r)
	}))
	t.Cleanup(hook.Close)
	wh, _, err := w.c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: hook.URL, Status: zigned.WebhookActive,
		Subscriptions: zigned.EventTypes()})
	require.NoError(t, err)
	secret = wh.Secret.Reveal()

	f, _, err := w.c.Files.Upload(ctx, &zigned.FileUpload{Filename: "c.pdf",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte("%PDF-1.7\n%%EOF\n"))), nil }})
	require.NoError(t, err)
	w.agr, _, err = w.c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = w.c.Documents.SetMain(ctx, w.agr.ID, f.ID)
	require.NoError(t, err)
	for _, email := range []string{"a@example.com", "b@example.com"} {
		_, _, err = w.c.Participants.Create(ctx, w.agr.ID, &zigned.ParticipantRequest{Name: email, Email: email})
		require.NoError(t, err)
	}
	_, _, err = w.c.Agreements.Send(ctx, w.agr.ID)
	require.NoError(t, err)
	return w
}

func (w *replayWorld) runs(id string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.handled[id]
}

// A replay of what was delivered gives the deliveries' own IDs: the
// Handler runs nothing twice.
func TestReplayDeduplicatesWithDeliveries(t *testing.T) {
	w := newReplayWorld(t)
	ctx := context.Background()
	require.NoError(t, w.srv.Complete(ctx, w.agr.ID))

	evs, resp, err := w.c.Agreements.Replay(ctx, w.agr.ID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	var names []string
	for _, ev := range evs {
		names = append(names, ev.Type())
		assert.Equal(t, 1, w.runs(ev.ID()), "%s %s was delivered once", ev.Type(), ev.ID())
		state, err := w.h.Process(ctx, ev)
		require.NoError(t, err)
		assert.Equal(t, webhook.Done, state, ev.Type())
		assert.Equal(t, 1, w.runs(ev.ID()))
	}
	assert.Equal(t, []string{"participant.lifecycle.fulfilled", "participant.lifecycle.fulfilled",
		"agreement.lifecycle.fulfilled", "agreement.lifecycle.finalized"}, names)
	fin := evs[3].(*zigned.AgreementEvent)
	assert.Equal(t, "agreement.lifecycle.finalized/"+w.agr.ID, fin.ID())
	assert.Equal(t, webhook.Completed, fin.Lifecycle())
	assert.True(t, fin.Agreement.Documents.SignedDocument.Expanded() || fin.Agreement.Documents.SignedDocument.ID != "")
}

// Deliveries missed while the receiver was down are recovered by a replay,
// each run once however often the replay runs.
func TestReplayRecoversMissedDeliveries(t *testing.T) {
	w := newReplayWorld(t)
	ctx := context.Background()
	w.down.Store(true)
	require.NoError(t, w.srv.Cancel(ctx, w.agr.ID))
	w.down.Store(false)
	missed := 0
	for _, d := range w.srv.Deliveries() {
		if d.Event == zigned.EventAgreementLifecycleCancelled {
			assert.Equal(t, http.StatusServiceUnavailable, d.Status)
			missed++
		}
	}
	require.Equal(t, 1, missed)

	for range 2 {
		evs, _, err := w.c.Agreements.Replay(ctx, w.agr.ID)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Equal(t, "agreement.lifecycle.cancelled", evs[0].Type())
		_, err = w.h.Process(ctx, evs[0])
		require.NoError(t, err)
		assert.Equal(t, 1, w.runs(evs[0].ID()), "handled once")
	}
}

func TestReplayOfAnAgreementInFlight(t *testing.T) {
	w := newReplayWorld(t)
	evs, _, err := w.c.Agreements.Replay(context.Background(), w.agr.ID)
	require.NoError(t, err)
	assert.Empty(t, evs, "a pending agreement has nothing that happens once yet")
	_, _, err = w.c.Agreements.Replay(context.Background(), "cnope")
	assert.ErrorIs(t, err, zigned.ErrNotFound)
	_, _, err = w.c.Agreements.Replay(context.Background(), " ")
	assert.ErrorIs(t, err, zigned.ErrValidation)
}

// The events that happen once per resource are identified by name and
// resource id, so two bodies of one such event (a redelivery rendered
// anew, a replay) deduplicate; an id the delivery carries still wins, and
// other events keep the body's hash.
func TestOnceEventIDs(t *testing.T) {
	parse := func(body string) webhook.Event {
		t.Helper()
		ev, err := zigned.ParseEvent([]byte(body))
		require.NoError(t, err)
		return ev
	}
	a := parse(`{"event":"agreement.lifecycle.finalized","data":{"id":"agr1","resource_type":"agreement","updated_at":"2024-01-01T00:00:00Z"}}`)
	b := parse(`{"event":"agreement.lifecycle.finalized","data":{"id":"agr1","resource_type":"agreement","updated_at":"2024-01-02T00:00:00Z"}}`)
	assert.Equal(t, "agreement.lifecycle.finalized/agr1", a.ID())
	assert.Equal(t, a.ID(), b.ID())
	p := parse(`{"event":"participant.lifecycle.fulfilled","data":{"id":"p1","resource_type":"participant"}}`)
	assert.Equal(t, "participant.lifecycle.fulfilled/p1", p.ID())
	assert.Equal(t, "evt_9", parse(`{"id":"evt_9","event":"agreement.lifecycle.finalized","data":{"id":"agr1"}}`).ID())
	assert.Equal(t, "123", parse(`{"id":123,"event":"agreement.lifecycle.finalized","data":{"id":"agr1"}}`).ID(), "a numeric id is an id")
	assert.True(t, strings.HasPrefix(parse(`{"event":"agreement.lifecycle.pending","data":{"id":"agr1"}}`).ID(), "sha256:"))
	// Data that is not the resource the name says keeps the body's hash.
	assert.True(t, strings.HasPrefix(parse(`{"event":"agreement.lifecycle.finalized","data":{"id":"p1","resource_type":"participant"}}`).ID(), "sha256:"))
}
