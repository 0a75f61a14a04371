package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"
)

// finishTimeout bounds DedupeStore.Complete and Release, which run even when
// the delivery's request was cancelled (the outcome must be recorded).
const finishTimeout = 10 * time.Second

// WithDedupeLease sets how long one attempt owns an event before another
// replica may take it over (default DefaultDedupeLease). Choose it longer
// than your handlers ever run: the context they receive ends with the
// lease, and after it a retry may run the event again. It only matters with
// WithDedupe.
func WithDedupeLease(d time.Duration) Option {
	return handlerOption(func(h *Handler) {
		if d > 0 {
			h.lease = d
		}
	})
}

// Process runs an already verified and decoded event through the Handler's
// dedupe and dispatch, exactly as ServeHTTP does for a delivery: use it to
// replay events from a provider's event log or from your own inbox table
// without running any of them twice. It returns
//
//   - Claimed, nil: the handlers ran and succeeded; the event is done.
//   - Done, nil: the event was already handled; nothing ran.
//   - InProgress, nil: another attempt holds the event; nothing ran. Try
//     again after the lease.
//   - Claimed and the handlers' error: they failed; the claim was released,
//     so a later attempt runs them again.
//   - an error wrapping ErrDedupeStore: the store failed; nothing ran.
//
// Without WithDedupe, or for an event without an ID, the handlers always run
// (Claimed).
func (h *Handler) Process(ctx context.Context, ev Event) (ClaimState, error) {
	return h.process(ctx, ev)
}

func (h *Handler) process(ctx context.Context, ev Event) (ClaimState, error) {
	if h.store == nil || ev == nil || ev.ID() == "" {
		return Claimed, h.Dispatch(ctx, ev)
	}
	key := h.provider().Name() + ":" + ev.ID()
	owner, err := newOwner()
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrDedupeStore, err)
	}
	lease := h.lease
	if lease <= 0 {
		lease = DefaultDedupeLease
	}
	ttl := h.ttl
	if ttl <= 0 {
		ttl = DefaultDedupeTTL
	}
	state, err := h.store.Claim(ctx, key, owner, lease)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%w: claim: %w", ErrDedupeStore, err)
	case state == InProgress || state == Done:
		return state, nil
	case state != Claimed:
		return 0, fmt.Errorf("%w: claim returned %v", ErrDedupeStore, state)
	}

	// The handlers' context ends with the lease: past it, another attempt
	// may own the event.
	dctx, cancel := context.WithTimeout(ctx, lease)
	derr := h.Dispatch(dctx, ev)
	cancel()

	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if derr != nil {
		if err := h.store.Release(fctx, key, owner); err != nil {
			h.logEvent(ctx, slog.LevelWarn, "dedupe store release failed (the event is retried once its lease expires)", ev, err)
		}
		return Claimed, derr
	}
	if err := h.store.Complete(fctx, key, owner, ttl); err != nil {
		// The handlers succeeded: answer success; a duplicate arriving
		// after the lease may run them again.
		h.logEvent(ctx, slog.LevelWarn, "dedupe store could not mark the event done", ev, err)
	}
	return Claimed, nil
}

// newOwner returns a random token identifying one attempt.
func newOwner() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

func (h *Handler) logEvent(ctx context.Context, level slog.Level, msg string, ev Event, err error) {
	h.log().LogAttrs(ctx, level, "webhook: "+msg, slog.String("provider", h.provider().Name()),
		slog.String("type", ev.Type()), slog.String("id", ev.ID()), slog.String("error", err.Error()))
}
