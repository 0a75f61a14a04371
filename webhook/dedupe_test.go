package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testClock is a settable clock for MemoryStore.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func clockedStore(max int) (*MemoryStore, *testClock) {
	c := &testClock{now: fixedNow}
	s := NewMemoryStore(max)
	s.now = c.Now
	return s, c
}

// storeCall is one call a recordingStore saw.
type storeCall struct {
	op, key, owner string
	d              time.Duration
}

// recordingStore records every call and forwards it to a MemoryStore, with
// per-operation failures.
type recordingStore struct {
	*MemoryStore
	mu          sync.Mutex
	calls       []storeCall
	claimErr    error
	claimState  ClaimState // returned instead of the store's, when set
	completeErr error
	releaseErr  error
}

func (s *recordingStore) record(c storeCall) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
}

func (s *recordingStore) Claim(ctx context.Context, key, owner string, lease time.Duration) (ClaimState, error) {
	s.record(storeCall{"claim", key, owner, lease})
	if s.claimErr != nil || s.claimState != 0 {
		return s.claimState, s.claimErr
	}
	return s.MemoryStore.Claim(ctx, key, owner, lease)
}

func (s *recordingStore) Complete(ctx context.Context, key, owner string, ttl time.Duration) error {
	s.record(storeCall{"complete", key, owner, ttl})
	if s.completeErr != nil {
		return s.completeErr
	}
	return s.MemoryStore.Complete(ctx, key, owner, ttl)
}

func (s *recordingStore) Release(ctx context.Context, key, owner string) error {
	s.record(storeCall{"release", key, owner, 0})
	if s.releaseErr != nil {
		return s.releaseErr
	}
	return s.MemoryStore.Release(ctx, key, owner)
}

func (s *recordingStore) Calls() []storeCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]storeCall(nil), s.calls...)
}

const completedBody = `{"id":"evt_c","type":"document.completed","data":{"document_id":"d","signers":1}}`

func TestHandlerDedupe(t *testing.T) {
	store := NewMemoryStore(0)
	h := NewHandler(testProvider(t), WithDedupe(store, time.Hour))
	var calls atomic.Int32
	failNext := true
	On(h, func(_ context.Context, ev *completedEvent) error {
		calls.Add(1)
		if failNext {
			failNext = false
			return errors.New("db down")
		}
		return nil
	})
	h.OnAny(func(context.Context, Event) error { return nil })

	// Same event twice: dispatched once, both answered 200.
	equal(t, "first", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "duplicate", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "store size", store.Len(), 1)

	// A failed handler releases the key: the provider's retry is dispatched.
	equal(t, "failing handler", serve(h, signedRequest(completedBody)).Code, http.StatusInternalServerError)
	equal(t, "retry", serve(h, signedRequest(completedBody)).Code, http.StatusOK)
	equal(t, "duplicate of retry", serve(h, signedRequest(completedBody)).Code, http.StatusOK)
	equal(t, "completed calls", calls.Load(), int32(2))

	// Keys are per provider and events without ID are never deduplicated.
	noID := `{"type":"document.completed","data":{"signers":1}}`
	serve(h, signedRequest(noID))
	serve(h, signedRequest(noID))
	equal(t, "calls without id", calls.Load(), int32(4))
	state, err := store.Claim(context.Background(), "test:evt_c", "someone", time.Hour)
	if err != nil || state != Done {
		t.Fatalf("the key must be the provider name and the event ID, marked done: %v %v", state, err)
	}
}

// The Handler claims with a fresh owner per attempt, the default lease and
// TTL, and finishes with the owner it claimed with.
func TestHandlerDedupeStoreCalls(t *testing.T) {
	store := &recordingStore{MemoryStore: NewMemoryStore(0)}
	h := NewHandler(testProvider(t), WithDedupe(store, 0))
	fail := true
	h.OnAny(func(context.Context, Event) error {
		if fail {
			fail = false
			return errors.New("db down")
		}
		return nil
	})
	equal(t, "failing", serve(h, signedRequest(createdBody)).Code, http.StatusInternalServerError)
	equal(t, "retry", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "duplicate", serve(h, signedRequest(createdBody)).Code, http.StatusOK)

	c := store.Calls()
	if len(c) != 5 {
		t.Fatalf("calls: %+v", c)
	}
	want := []storeCall{
		{"claim", "test:evt_1", c[0].owner, DefaultDedupeLease},
		{"release", "test:evt_1", c[0].owner, 0},
		{"claim", "test:evt_1", c[2].owner, DefaultDedupeLease},
		{"complete", "test:evt_1", c[2].owner, DefaultDedupeTTL},
		{"claim", "test:evt_1", c[4].owner, DefaultDedupeLease},
	}
	for i := range want {
		equal(t, fmt.Sprint("call ", i), c[i], want[i])
	}
	owners := map[string]bool{c[0].owner: true, c[2].owner: true, c[4].owner: true}
	if len(owners) != 3 || len(c[0].owner) != 32 {
		t.Fatalf("owners must be distinct random tokens: %+v", c)
	}

	// WithDedupeLease.
	store2 := &recordingStore{MemoryStore: NewMemoryStore(0)}
	h2 := NewHandler(testProvider(t), WithDedupe(store2, time.Minute), WithDedupeLease(7*time.Second))
	h2.OnAny(func(context.Context, Event) error { return nil })
	equal(t, "h2", serve(h2, signedRequest(createdBody)).Code, http.StatusOK)
	c = store2.Calls()
	equal(t, "lease", c[0].d, 7*time.Second)
	equal(t, "ttl", c[1].d, time.Minute)
}

func TestHandlerDedupeStoreFailure(t *testing.T) {
	for name, store := range map[string]*recordingStore{
		"claim error":         {MemoryStore: NewMemoryStore(0), claimErr: errors.New("redis unreachable")},
		"claim invalid state": {MemoryStore: NewMemoryStore(0), claimState: ClaimState(42)},
	} {
		logger, logs := logBuffer()
		h := NewHandler(testProvider(t), WithDedupe(store, time.Minute), WithLogger(logger))
		var calls int
		h.OnAny(func(context.Context, Event) error { calls++; return nil })
		w := serve(h, signedRequest(createdBody))
		equal(t, name+" status", w.Code, http.StatusInternalServerError)
		equal(t, name+" body", strings.TrimSpace(w.Body.String()), "internal error")
		equal(t, name+" not dispatched", calls, 0)
		if !strings.Contains(logs.String(), "dedupe store failed") {
			t.Fatalf("%s: not logged: %s", name, logs.String())
		}
	}
}

// A release that fails leaves the lease in place: the retry is answered 409
// until the lease expires, then handled (never dropped as a duplicate).
func TestHandlerDedupeReleaseFailure(t *testing.T) {
	logger, logs := logBuffer()
	mem, clk := clockedStore(0)
	store := &recordingStore{MemoryStore: mem, releaseErr: errors.New("redis unreachable on release")}
	h := NewHandler(testProvider(t), WithDedupe(store, time.Hour), WithDedupeLease(time.Minute), WithLogger(logger))
	var calls int
	h.OnAny(func(context.Context, Event) error {
		calls++
		if calls == 1 {
			return errors.New("db down")
		}
		return nil
	})
	equal(t, "failing handler", serve(h, signedRequest(createdBody)).Code, http.StatusInternalServerError)
	if !strings.Contains(logs.String(), "redis unreachable on release") || !strings.Contains(logs.String(), "db down") {
		t.Fatalf("release failure or handler error not logged: %s", logs.String())
	}
	equal(t, "retry within the lease", serve(h, signedRequest(createdBody)).Code, http.StatusConflict)
	clk.Add(time.Minute)
	equal(t, "retry after the lease", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "handler calls", calls, 2)
}

// A Complete that fails after the handlers succeeded still answers 200 and
// says so in the log.
func TestHandlerDedupeCompleteFailure(t *testing.T) {
	logger, logs := logBuffer()
	store := &recordingStore{MemoryStore: NewMemoryStore(0), completeErr: ErrLeaseLost}
	h := NewHandler(testProvider(t), WithDedupe(store, time.Hour), WithLogger(logger))
	h.OnAny(func(context.Context, Event) error { return nil })
	equal(t, "status", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	if !strings.Contains(logs.String(), "could not mark the event done") || !strings.Contains(logs.String(), ErrLeaseLost.Error()) {
		t.Fatalf("not logged: %s", logs.String())
	}
}

// Two replicas sharing one store: a retry landing on B while A still
// handles the event is answered 409, not 200; when A then fails, the next
// retry is handled. (With the old Claim/Release contract, B answered 200
// and the event was lost.)
func TestHandlerReplicasShareLeases(t *testing.T) {
	store := NewMemoryStore(0)
	a := NewHandler(testProvider(t), WithDedupe(store, time.Hour))
	b := NewHandler(testProvider(t), WithDedupe(store, time.Hour))
	entered, release := make(chan struct{}), make(chan error)
	a.OnAny(func(context.Context, Event) error { close(entered); return <-release })
	var bCalls int
	b.OnAny(func(context.Context, Event) error { bCalls++; return nil })

	first := make(chan int, 1)
	go func() { first <- serve(a, signedRequest(createdBody)).Code }()
	<-entered
	equal(t, "retry on B while A holds the lease", serve(b, signedRequest(createdBody)).Code, http.StatusConflict)
	equal(t, "B ran nothing", bCalls, 0)
	release <- errors.New("db down")
	equal(t, "A", <-first, http.StatusInternalServerError)
	equal(t, "next retry on B", serve(b, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "duplicate on A", serve(a, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "B ran it", bCalls, 1)
}

// A replica that dies mid-event never completes or releases: once its lease
// expires, a retry on another replica handles the event, and the dead
// attempt's late Complete cannot undo that.
func TestHandlerCrashedReplicaLeaseExpires(t *testing.T) {
	store, clk := clockedStore(0)
	logger, logs := logBuffer()
	dead := NewHandler(testProvider(t), WithDedupe(store, time.Hour), WithDedupeLease(time.Minute), WithLogger(logger))
	live := NewHandler(testProvider(t), WithDedupe(store, time.Hour), WithDedupeLease(time.Minute))
	entered, resume := make(chan struct{}), make(chan struct{})
	dead.OnAny(func(context.Context, Event) error { close(entered); <-resume; return nil })
	var liveCalls int
	live.OnAny(func(context.Context, Event) error { liveCalls++; return nil })

	deadDone := make(chan int, 1)
	go func() { deadDone <- serve(dead, signedRequest(createdBody)).Code }()
	<-entered
	equal(t, "within the lease", serve(live, signedRequest(createdBody)).Code, http.StatusConflict)
	clk.Add(time.Minute)
	equal(t, "after the lease", serve(live, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "live ran it", liveCalls, 1)

	close(resume) // the "dead" attempt comes back late: its Complete is refused
	equal(t, "late attempt", <-deadDone, http.StatusOK)
	if !strings.Contains(logs.String(), ErrLeaseLost.Error()) {
		t.Fatalf("lost lease not logged: %s", logs.String())
	}
	equal(t, "duplicate", serve(live, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "live calls", liveCalls, 1)
}

// The handlers' context ends with the lease.
func TestHandlerDedupeLeaseBoundsHandlerContext(t *testing.T) {
	h := NewHandler(testProvider(t), WithDedupe(nil, time.Hour), WithDedupeLease(50*time.Millisecond))
	var deadline time.Time
	start := time.Now()
	h.OnAny(func(ctx context.Context, _ Event) error {
		deadline, _ = ctx.Deadline()
		<-ctx.Done()
		return ctx.Err()
	})
	equal(t, "status", serve(h, signedRequest(createdBody)).Code, http.StatusInternalServerError)
	if deadline.IsZero() || deadline.Sub(start) > 50*time.Millisecond+time.Second {
		t.Fatalf("deadline %v, want about start+50ms", deadline.Sub(start))
	}
	// The failed attempt released its claim.
	h2 := NewHandler(testProvider(t), WithDedupe(h.store, time.Hour))
	h2.OnAny(func(context.Context, Event) error { return nil })
	equal(t, "retry", serve(h2, signedRequest(createdBody)).Code, http.StatusOK)
}

func TestHandlerProcess(t *testing.T) {
	ctx := context.Background()
	ev := &createdEvent{Meta: NewMeta("test", "document.created", "evt_p", fixedNow, nil, Created)}
	store := &recordingStore{MemoryStore: NewMemoryStore(0)}
	h := NewHandler(testProvider(t), WithDedupe(store, time.Hour))
	var calls int
	var fail error
	h.OnAny(func(context.Context, Event) error { calls++; return fail })

	fail = errors.New("db down")
	state, err := h.Process(ctx, ev)
	if state != Claimed || !errors.Is(err, fail) {
		t.Fatalf("failing handler: %v %v", state, err)
	}
	fail = nil
	state, err = h.Process(ctx, ev)
	equal(t, "handled", state, Claimed)
	equal(t, "handled err", err, nil)
	state, err = h.Process(ctx, ev)
	equal(t, "replayed", state, Done)
	equal(t, "replayed err", err, nil)
	equal(t, "calls", calls, 2)
	// A delivery of the same event over HTTP is a duplicate of the replay.
	body := strings.Replace(createdBody, "evt_1", "evt_p", 1)
	equal(t, "delivery after replay", serve(h, signedRequest(body)).Code, http.StatusOK)
	equal(t, "calls after delivery", calls, 2)

	// In progress elsewhere.
	if _, err := store.MemoryStore.Claim(ctx, "test:evt_q", "other", time.Hour); err != nil {
		t.Fatal(err)
	}
	state, err = h.Process(ctx, &createdEvent{Meta: NewMeta("test", "document.created", "evt_q", fixedNow, nil, Created)})
	equal(t, "in progress", state, InProgress)
	equal(t, "in progress err", err, nil)
	equal(t, "calls", calls, 2)

	// Store failure.
	store.claimErr = errors.New("redis unreachable")
	state, err = h.Process(ctx, &createdEvent{Meta: NewMeta("test", "document.created", "evt_r", fixedNow, nil, Created)})
	if state != 0 || !errors.Is(err, ErrDedupeStore) || !strings.Contains(err.Error(), "redis unreachable") {
		t.Fatalf("store failure: %v %v", state, err)
	}
	equal(t, "calls", calls, 2)

	// Without dedupe, or without an ID, the handlers always run.
	plain := NewHandler(testProvider(t))
	plain.OnAny(func(context.Context, Event) error { calls++; return nil })
	for i := 0; i < 2; i++ {
		state, err = plain.Process(ctx, ev)
		equal(t, "no dedupe", state, Claimed)
		equal(t, "no dedupe err", err, nil)
	}
	store.claimErr = nil
	noID := &createdEvent{Meta: NewMeta("test", "document.created", "", fixedNow, nil, Created)}
	for i := 0; i < 2; i++ {
		state, err = h.Process(ctx, noID)
		equal(t, "no id", state, Claimed)
		equal(t, "no id err", err, nil)
	}
	equal(t, "calls", calls, 6)
	if _, err := h.Process(ctx, nil); !errors.Is(err, ErrInvalidPayload) {
		t.Fatalf("nil event: %v", err)
	}
}

func TestClaimStateString(t *testing.T) {
	for s, want := range map[ClaimState]string{Claimed: "claimed", InProgress: "in progress", Done: "done", 0: "ClaimState(0)", 9: "ClaimState(9)"} {
		equal(t, "String", s.String(), want)
	}
}

func TestMemoryStoreExpiryAndEviction(t *testing.T) {
	ctx := context.Background()
	s, clk := clockedStore(3)
	claim := func(k string, lease time.Duration) ClaimState {
		t.Helper()
		st, err := s.Claim(ctx, k, "o-"+k, lease)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	complete := func(k string, ttl time.Duration) {
		t.Helper()
		if err := s.Complete(ctx, k, "o-"+k, ttl); err != nil {
			t.Fatal(err)
		}
	}
	equal(t, "a new", claim("a", time.Minute), Claimed)
	equal(t, "a leased", claim("a", time.Minute), InProgress)
	clk.Add(59 * time.Second)
	equal(t, "a before lease end", claim("a", time.Minute), InProgress)
	clk.Add(time.Second)
	equal(t, "a after lease end", claim("a", time.Minute), Claimed)
	complete("a", time.Hour)
	equal(t, "a done", claim("a", time.Minute), Done)
	clk.Add(time.Hour - time.Second)
	equal(t, "a done before ttl", claim("a", time.Minute), Done)
	clk.Add(time.Second)
	equal(t, "a after ttl", claim("a", time.Minute), Claimed)
	equal(t, "len", s.Len(), 1)

	// Expired entries are swept whatever their order of insertion.
	complete("a", 10*time.Minute)
	equal(t, "b", claim("b", time.Minute), Claimed) // expires first
	clk.Add(2 * time.Minute)
	equal(t, "len after the lease of b", s.Len(), 1)

	// Full: the entry closest to expiry goes first.
	equal(t, "c", claim("c", 5*time.Minute), Claimed)
	equal(t, "d", claim("d", 3*time.Minute), Claimed)
	equal(t, "len", s.Len(), 3)
	equal(t, "e", claim("e", time.Hour), Claimed) // evicts d
	equal(t, "len capped", s.Len(), 3)
	equal(t, "d evicted", claim("d", time.Hour), Claimed) // evicts c
	equal(t, "a kept", claim("a", time.Hour), Done)
	equal(t, "e kept", claim("e", time.Hour), InProgress)

	equal(t, "default max", NewMemoryStore(-1).max, 100_000)
	if _, err := s.Claim(ctx, "z", "o", 0); err == nil {
		t.Fatal("a zero lease must be refused")
	}
	if err := s.Complete(ctx, "z", "o", -time.Second); err == nil {
		t.Fatal("a negative ttl must be refused")
	}
}
