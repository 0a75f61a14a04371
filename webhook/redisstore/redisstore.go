// Package redisstore is a webhook.DedupeStore on Redis, so several replicas
// of a webhook receiver handle each event exactly once:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	h := webhook.NewHandler(blueink.WebhookProvider(secret),
//		webhook.WithDedupe(redisstore.New(rdb), 0))
//
// Each key is one Redis string under a prefix (default "esign:webhook:"):
// "L" + owner while an attempt holds its lease, "D" + owner once handled,
// with the lease or the TTL as its expiry (PX), so Redis forgets expired
// keys by itself. Claim, Complete and Release are each one Lua script,
// atomic on the server: a claim takes the key only when it is absent, and
// Complete and Release compare the owner first, so an attempt whose lease
// expired never clobbers the newer lease of another replica. Every script
// touches one key, so a Redis Cluster works too.
//
// The store lives in its own module so the esign core does not depend on
// go-redis. It passes storetest.Run and storetest.Replicas against a real
// server.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/redis/go-redis/v9"
)

// DefaultPrefix is prepended to every key.
const DefaultPrefix = "esign:webhook:"

// Store implements webhook.DedupeStore on Redis.
type Store struct {
	rdb    redis.Scripter
	prefix string
}

var _ webhook.DedupeStore = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithPrefix sets the prefix of every key (default DefaultPrefix), e.g. to
// keep two applications sharing one Redis apart.
func WithPrefix(p string) Option { return func(s *Store) { s.prefix = p } }

// New returns a Store on rdb: a *redis.Client, *redis.ClusterClient,
// *redis.Ring or any redis.UniversalClient. It does no I/O.
func New(rdb redis.Scripter, opts ...Option) *Store {
	s := &Store{rdb: rdb, prefix: DefaultPrefix}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s
}

// claimScript: take KEYS[1] for owner ARGV[1] for ARGV[2] ms if absent.
// Returns 1 claimed, 2 in progress, 3 done (webhook.ClaimState values).
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], 'L' .. ARGV[1], 'PX', ARGV[2])
  return 1
end
if string.sub(v, 1, 1) == 'D' then
  return 3
end
return 2
`)

// completeScript: mark KEYS[1] done for ARGV[2] ms unless another owner
// holds it. Returns 1, or 0 when the lease was lost.
var completeScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 2) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], 'D' .. ARGV[1], 'PX', ARGV[2])
return 1
`)

// releaseScript: delete KEYS[1] if owner ARGV[1] holds its lease.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == 'L' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// Claim implements webhook.DedupeStore.
func (s *Store) Claim(ctx context.Context, key, owner string, lease time.Duration) (webhook.ClaimState, error) {
	ms, err := millis("lease", lease)
	if err != nil {
		return 0, err
	}
	n, err := claimScript.Run(ctx, s.rdb, []string{s.prefix + key}, owner, ms).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: claim: %w", err)
	}
	switch st := webhook.ClaimState(n); st {
	case webhook.Claimed, webhook.InProgress, webhook.Done:
		return st, nil
	}
	return 0, fmt.Errorf("redisstore: claim: unexpected script result %d", n)
}

// Complete implements webhook.DedupeStore.
func (s *Store) Complete(ctx context.Context, key, owner string, ttl time.Duration) error {
	ms, err := millis("ttl", ttl)
	if err != nil {
		return err
	}
	n, err := completeScript.Run(ctx, s.rdb, []string{s.prefix + key}, owner, ms).Int()
	if err != nil {
		return fmt.Errorf("redisstore: complete: %w", err)
	}
	if n == 0 {
		return webhook.ErrLeaseLost
	}
	return nil
}

// Release implements webhook.DedupeStore.
func (s *Store) Release(ctx context.Context, key, owner string) error {
	if err := releaseScript.Run(ctx, s.rdb, []string{s.prefix + key}, owner).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("redisstore: release: %w", err)
	}
	return nil
}

// millis converts d to whole milliseconds for PX, rounding up.
func millis(what string, d time.Duration) (int64, error) {
	if d <= 0 {
		return 0, fmt.Errorf("redisstore: %s %v is not positive", what, d)
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond), nil
}
