package webhook

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// DedupeStore remembers event IDs already handled. Implement it over Redis or
// a database to deduplicate across processes.
type DedupeStore interface {
	// Claim records key for ttl and reports whether it was new. It must be
	// atomic: of two concurrent claims of one key, only one gets true.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Release forgets key, so the provider's retry is handled again after the
	// application's handler failed.
	Release(ctx context.Context, key string) error
}

// MemoryStore is an in-process DedupeStore with per-key expiry and a bound on
// the number of keys (oldest evicted first).
type MemoryStore struct {
	mu    sync.Mutex
	max   int
	now   func() time.Time
	keys  map[string]*list.Element
	order *list.List // of *memEntry, oldest first
}

type memEntry struct {
	key     string
	expires time.Time
}

// DefaultDedupeTTL is how long event IDs are remembered by default.
const DefaultDedupeTTL = 24 * time.Hour

// NewMemoryStore returns a store holding at most maxKeys keys (default 100,000).
func NewMemoryStore(maxKeys int) *MemoryStore {
	if maxKeys <= 0 {
		maxKeys = 100_000
	}
	return &MemoryStore{max: maxKeys, now: time.Now, keys: map[string]*list.Element{}, order: list.New()}
}

// Claim implements DedupeStore.
func (s *MemoryStore) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if el, ok := s.keys[key]; ok {
		if now.Before(el.Value.(*memEntry).expires) {
			return false, nil
		}
		s.remove(el)
	}
	// Drop expired entries from the front (insertion order ≈ expiry order).
	for el := s.order.Front(); el != nil && !now.Before(el.Value.(*memEntry).expires); el = s.order.Front() {
		s.remove(el)
	}
	for s.order.Len() >= s.max {
		s.remove(s.order.Front())
	}
	s.keys[key] = s.order.PushBack(&memEntry{key: key, expires: now.Add(ttl)})
	return true, nil
}

// Release implements DedupeStore.
func (s *MemoryStore) Release(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.keys[key]; ok {
		s.remove(el)
	}
	return nil
}

// Len reports the number of remembered keys.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}

func (s *MemoryStore) remove(el *list.Element) {
	delete(s.keys, el.Value.(*memEntry).key)
	s.order.Remove(el)
}
