package storetest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/storetest"
)

// mapStore is a DedupeStore over a map, the shape of a store over any other
// engine: one record per key with its owner, state and expiry, each method
// one atomic step.
type mapStore struct {
	mu sync.Mutex
	m  map[string]record
}

type record struct {
	owner   string
	done    bool
	expires time.Time
}

// live returns key's record unless it is absent or expired.
func (s *mapStore) live(key string) (record, bool) {
	r, ok := s.m[key]
	return r, ok && time.Now().Before(r.expires)
}

func (s *mapStore) Claim(ctx context.Context, key, owner string, lease time.Duration) (webhook.ClaimState, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.live(key); ok {
		if r.done {
			return webhook.Done, nil
		}
		return webhook.InProgress, nil
	}
	s.m[key] = record{owner: owner, expires: time.Now().Add(lease)}
	return webhook.Claimed, nil
}

func (s *mapStore) Complete(ctx context.Context, key, owner string, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.live(key); ok && r.owner != owner {
		return webhook.ErrLeaseLost
	}
	s.m[key] = record{owner: owner, done: true, expires: time.Now().Add(ttl)}
	return nil
}

func (s *mapStore) Release(ctx context.Context, key, owner string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.live(key); ok && r.owner == owner && !r.done {
		delete(s.m, key)
	}
	return nil
}

// A store of your own runs the same checks as the stores shipped here.
func TestMapStore(t *testing.T) {
	s := &mapStore{m: map[string]record{}}
	storetest.Run(t, s)
	storetest.Replicas(t, s)
}

// Run and Replicas take a *testing.T: call them from your store's tests.
func Example() {
	var s webhook.DedupeStore = &mapStore{m: map[string]record{}}
	_ = func(t *testing.T) {
		storetest.Run(t, s)      // the contract
		storetest.Replicas(t, s) // three Handlers, retries, a crash: exactly once
	}
}
