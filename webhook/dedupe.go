package webhook

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// ClaimState is what DedupeStore.Claim found for an event.
type ClaimState int

// The outcomes of a claim. The zero ClaimState is none of them: a store
// that returns it without an error is treated as failing.
const (
	// Claimed: the event is new, or its previous lease expired (a replica
	// crashed while handling it). The caller owns it for the lease and must
	// Complete or Release it.
	Claimed ClaimState = iota + 1
	// InProgress: another attempt holds a live lease. The Handler answers
	// 409, so the provider tries again later.
	InProgress
	// Done: the event was handled within the TTL. The Handler answers 200
	// without dispatching.
	Done
)

// String returns "claimed", "in progress" or "done".
func (s ClaimState) String() string {
	switch s {
	case Claimed:
		return "claimed"
	case InProgress:
		return "in progress"
	case Done:
		return "done"
	}
	return "ClaimState(" + strconv.Itoa(int(s)) + ")"
}

// DedupeStore records, per event key, who is handling the event and whether
// it was handled. It is lease based, so replicas sharing one store handle
// each event once even when one of them dies mid-event: a claim is owned for
// a lease; success marks the key done for a TTL; failure releases it; a
// lease that expires without either frees the key for a later retry.
//
// owner is a random token the Handler makes for each attempt. A store keeps
// it with the lease and compares it atomically in Complete and Release, so
// an attempt whose lease expired cannot clobber the newer lease of another
// replica. An expired record counts as absent everywhere.
//
// MemoryStore is the in-process implementation; the nested modules
// github.com/esignkit/esign/webhook/redisstore and
// github.com/esignkit/esign/webhook/pgstore share one store between
// replicas. The package github.com/esignkit/esign/webhook/storetest checks
// any implementation against this contract.
type DedupeStore interface {
	// Claim atomically takes key for owner for lease when the key is absent
	// (or its record expired) and returns Claimed; otherwise it changes
	// nothing and returns Done (handled) or InProgress (leased). Of any
	// number of concurrent claims of an absent key, exactly one is Claimed.
	Claim(ctx context.Context, key, owner string, lease time.Duration) (ClaimState, error)
	// Complete marks key done for ttl. It returns ErrLeaseLost, changing
	// nothing, when another owner holds a live lease on key or completed it
	// (owner's lease expired and was taken over). Completing an absent key
	// marks it done.
	Complete(ctx context.Context, key, owner string, ttl time.Duration) error
	// Release removes owner's lease on key, so the next claim succeeds. It
	// does nothing when owner holds no live lease on key.
	Release(ctx context.Context, key, owner string) error
}

// ErrLeaseLost is returned by DedupeStore.Complete when the caller's lease
// expired and another attempt took the event over: the event may have been
// handled twice. Choose a lease longer than your handlers ever run
// (WithDedupeLease).
var ErrLeaseLost = errors.New("webhook: dedupe lease lost to another attempt")

// ErrDedupeStore wraps every error of a DedupeStore the Handler reports.
var ErrDedupeStore = errors.New("webhook: dedupe store")

// DefaultDedupeTTL is how long handled event IDs are remembered by default.
const DefaultDedupeTTL = 24 * time.Hour

// DefaultDedupeLease is how long an attempt owns an event by default. It
// outlasts the time providers wait for an answer (BlueInk: 10 s) by far and
// is shorter than BlueInk's first retry (4 min), so the event of a replica
// that died mid-event is handled on the next retry.
const DefaultDedupeLease = 2 * time.Minute

// MemoryStore is an in-process DedupeStore with per-key expiry and a bound on
// the number of keys. It deduplicates within one process only: replicas need
// a shared store (redisstore, pgstore).
type MemoryStore struct {
	mu   sync.Mutex
	max  int
	now  func() time.Time
	keys map[string]*memEntry
	exp  memHeap // every entry of keys, soonest expiry first
}

type memEntry struct {
	key     string
	owner   string
	done    bool
	expires time.Time
	index   int // in exp
}

// NewMemoryStore returns a store holding at most maxKeys keys (default
// 100,000). When it is full, the key closest to expiry is dropped first.
func NewMemoryStore(maxKeys int) *MemoryStore {
	if maxKeys <= 0 {
		maxKeys = 100_000
	}
	return &MemoryStore{max: maxKeys, now: time.Now, keys: map[string]*memEntry{}}
}

// Claim implements DedupeStore.
func (s *MemoryStore) Claim(ctx context.Context, key, owner string, lease time.Duration) (ClaimState, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if lease <= 0 {
		return 0, fmt.Errorf("webhook: MemoryStore.Claim: lease %v is not positive", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sweep()
	if e, ok := s.keys[key]; ok {
		if e.done {
			return Done, nil
		}
		return InProgress, nil
	}
	s.put(key, owner, false, now.Add(lease))
	return Claimed, nil
}

// Complete implements DedupeStore.
func (s *MemoryStore) Complete(ctx context.Context, key, owner string, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ttl <= 0 {
		return fmt.Errorf("webhook: MemoryStore.Complete: ttl %v is not positive", ttl)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sweep()
	if e, ok := s.keys[key]; ok {
		if e.owner != owner {
			return ErrLeaseLost
		}
		e.done, e.expires = true, now.Add(ttl)
		heap.Fix(&s.exp, e.index)
		return nil
	}
	s.put(key, owner, true, now.Add(ttl))
	return nil
}

// Release implements DedupeStore.
func (s *MemoryStore) Release(ctx context.Context, key, owner string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	if e, ok := s.keys[key]; ok && e.owner == owner && !e.done {
		s.remove(e)
	}
	return nil
}

// Len reports the number of keys remembered (leased or done, not expired).
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	return len(s.keys)
}

// sweep drops expired entries and returns the time it used.
func (s *MemoryStore) sweep() time.Time {
	now := s.now()
	for len(s.exp) > 0 && !now.Before(s.exp[0].expires) {
		s.remove(s.exp[0])
	}
	return now
}

// put adds a new entry, making room first.
func (s *MemoryStore) put(key, owner string, done bool, expires time.Time) {
	for len(s.exp) >= s.max {
		s.remove(s.exp[0])
	}
	e := &memEntry{key: key, owner: owner, done: done, expires: expires}
	s.keys[key] = e
	heap.Push(&s.exp, e)
}

func (s *MemoryStore) remove(e *memEntry) {
	delete(s.keys, e.key)
	heap.Remove(&s.exp, e.index)
}

// memHeap orders entries by expiry (container/heap).
type memHeap []*memEntry

func (h memHeap) Len() int           { return len(h) }
func (h memHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h memHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *memHeap) Push(x any) {
	e := x.(*memEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *memHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
