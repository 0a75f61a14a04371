// Package storetest checks implementations of webhook.DedupeStore: Run is
// the conformance suite every store must pass (the in-memory store, the
// Redis and PostgreSQL stores of this module's nested modules, and yours);
// Replicas runs three webhook.Handlers sharing one store through a
// simulated provider that retries, fails and crashes, and checks that every
// event is handled exactly once; BenchmarkHandler measures deliveries per
// second through a Handler on a store.
//
//	func TestMyStore(t *testing.T) {
//		s := mystore.New(…)
//		storetest.Run(t, s)
//		storetest.Replicas(t, s)
//	}
//
// Every run uses fresh random keys, so the store may be a shared, long-lived
// server that other runs use at the same time.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
)

// Lease is the lease Run gives claims whose expiry it waits for; stores
// must honour leases and TTLs to within a few milliseconds.
const Lease = time.Second

// Run checks s against the webhook.DedupeStore contract: the three claim
// states, owner-checked Complete and Release, lease expiry (a crashed
// attempt's event can be claimed again and its late Complete is refused),
// expiry of done keys, atomicity under concurrent claims, context
// cancellation and keys with arbitrary bytes. It takes a few seconds, most
// of it waiting for leases in parallel subtests.
func Run(t *testing.T, s webhook.DedupeStore) {
	t.Helper()
	r := &run{s: s, prefix: "storetest:" + randomHex(8) + ":"}
	t.Run("ClaimStates", r.claimStates)
	t.Run("ReleaseFreesTheKey", r.releaseFrees)
	t.Run("OwnerChecked", r.ownerChecked)
	t.Run("CompleteAbsentKey", r.completeAbsent)
	t.Run("ConcurrentClaims", r.concurrentClaims)
	t.Run("ContextCancelled", r.contextCancelled)
	t.Run("OddKeys", r.oddKeys)
	t.Run("Expiry", func(t *testing.T) {
		t.Run("LeaseExpires", r.leaseExpires)
		t.Run("DoneExpires", r.doneExpires)
	})
}

type run struct {
	s      webhook.DedupeStore
	prefix string
}

func (r *run) key(name string) string { return r.prefix + name }

func (r *run) claim(t *testing.T, key, owner string, lease time.Duration, want webhook.ClaimState) {
	t.Helper()
	got, err := r.s.Claim(context.Background(), key, owner, lease)
	if err != nil {
		t.Fatalf("Claim(%q, %s): %v", key, owner, err)
	}
	if got != want {
		t.Fatalf("Claim(%q, %s) = %v, want %v", key, owner, got, want)
	}
}

func (r *run) complete(t *testing.T, key, owner string, ttl time.Duration, want error) {
	t.Helper()
	err := r.s.Complete(context.Background(), key, owner, ttl)
	if (want == nil && err != nil) || (want != nil && !errors.Is(err, want)) {
		t.Fatalf("Complete(%q, %s) = %v, want %v", key, owner, err, want)
	}
}

func (r *run) release(t *testing.T, key, owner string) {
	t.Helper()
	if err := r.s.Release(context.Background(), key, owner); err != nil {
		t.Fatalf("Release(%q, %s): %v", key, owner, err)
	}
}

// claimState reads the state of key through a claim by a fresh owner, and
// releases that claim if it succeeded.
func (r *run) claimState(t *testing.T, key string) webhook.ClaimState {
	t.Helper()
	owner := "probe-" + randomHex(4)
	st, err := r.s.Claim(context.Background(), key, owner, time.Minute)
	if err != nil {
		t.Fatalf("Claim(%q): %v", key, err)
	}
	if st == webhook.Claimed {
		r.release(t, key, owner)
	}
	return st
}

func (r *run) claimStates(t *testing.T) {
	k := r.key("states")
	r.claim(t, k, "a", time.Minute, webhook.Claimed)
	r.claim(t, k, "b", time.Minute, webhook.InProgress)
	r.claim(t, k, "a", time.Minute, webhook.InProgress) // even for the holder
	r.complete(t, k, "a", time.Hour, nil)
	r.claim(t, k, "b", time.Minute, webhook.Done)
	r.claim(t, k, "a", time.Minute, webhook.Done)
	r.complete(t, k, "a", time.Hour, nil) // idempotent for the owner
	r.release(t, k, "a")                  // a done key is not released
	r.claim(t, k, "c", time.Minute, webhook.Done)

	// Keys are independent.
	r.claim(t, r.key("states-other"), "b", time.Minute, webhook.Claimed)
}

func (r *run) releaseFrees(t *testing.T) {
	k := r.key("release")
	r.claim(t, k, "a", time.Minute, webhook.Claimed)
	r.release(t, k, "a")
	r.claim(t, k, "b", time.Minute, webhook.Claimed)
	r.release(t, k, "b")
	r.release(t, k, "b") // releasing twice, or an absent key, is a no-op
	r.release(t, r.key("release-never-claimed"), "x")
	r.claim(t, k, "c", time.Minute, webhook.Claimed)
}

func (r *run) ownerChecked(t *testing.T) {
	k := r.key("owner")
	r.claim(t, k, "a", time.Minute, webhook.Claimed)
	r.release(t, k, "b") // not b's lease: nothing happens
	r.claim(t, k, "c", time.Minute, webhook.InProgress)
	r.complete(t, k, "b", time.Hour, webhook.ErrLeaseLost)
	r.claim(t, k, "c", time.Minute, webhook.InProgress) // still a's lease, not done
	r.complete(t, k, "a", time.Hour, nil)
	r.complete(t, k, "b", time.Hour, webhook.ErrLeaseLost) // done by a
	r.release(t, k, "b")
	r.claim(t, k, "c", time.Minute, webhook.Done)
}

func (r *run) completeAbsent(t *testing.T) {
	// A lease that expired before Complete, with no one taking over, leaves
	// the key absent (or expired): Complete still marks it done.
	k := r.key("complete-absent")
	r.complete(t, k, "a", time.Hour, nil)
	r.claim(t, k, "b", time.Minute, webhook.Done)
}

func (r *run) concurrentClaims(t *testing.T) {
	const claimers = 24
	for round := 0; round < 10; round++ {
		k := r.key(fmt.Sprint("concurrent-", round))
		states := make([]webhook.ClaimState, claimers)
		errs := make([]error, claimers)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < claimers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				states[i], errs[i] = r.s.Claim(context.Background(), k, fmt.Sprint("o", i), time.Minute)
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i := range states {
			if errs[i] != nil {
				t.Fatalf("round %d claimer %d: %v", round, i, errs[i])
			}
			switch states[i] {
			case webhook.Claimed:
				if winner >= 0 {
					t.Fatalf("round %d: claimers %d and %d both got the key", round, winner, i)
				}
				winner = i
			case webhook.InProgress:
			default:
				t.Fatalf("round %d claimer %d: %v, want claimed or in progress", round, i, states[i])
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: no claimer got the key", round)
		}

		// Claims racing the winner's Complete see in progress or done, never
		// a free key.
		var done sync.WaitGroup
		for i := 0; i < claimers; i++ {
			done.Add(1)
			go func() {
				defer done.Done()
				st, err := r.s.Claim(context.Background(), k, fmt.Sprint("late", i), time.Minute)
				if err != nil || (st != webhook.InProgress && st != webhook.Done) {
					t.Errorf("round %d: claim racing Complete: %v %v", round, st, err)
				}
			}()
		}
		r.complete(t, k, fmt.Sprint("o", winner), time.Hour, nil)
		done.Wait()
		r.claim(t, k, "after", time.Minute, webhook.Done)
	}

	// Concurrent claims of distinct keys all succeed.
	var wg sync.WaitGroup
	for i := 0; i < claimers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := r.s.Claim(context.Background(), r.key(fmt.Sprint("distinct-", i)), "o", time.Minute)
			if err != nil || st != webhook.Claimed {
				t.Errorf("distinct key %d: %v %v", i, st, err)
			}
		}()
	}
	wg.Wait()
}

func (r *run) contextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	k := r.key("cancelled")
	if st, err := r.s.Claim(ctx, k, "a", time.Minute); !errors.Is(err, context.Canceled) {
		t.Fatalf("Claim with a cancelled context = %v, %v; want an error wrapping context.Canceled", st, err)
	}
	r.claim(t, k, "a", time.Minute, webhook.Claimed) // the cancelled claim took nothing
	if err := r.s.Release(ctx, k, "a"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Release with a cancelled context = %v; want an error wrapping context.Canceled", err)
	}
	r.claim(t, k, "b", time.Minute, webhook.InProgress) // still leased
	if err := r.s.Complete(ctx, k, "a", time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Complete with a cancelled context = %v; want an error wrapping context.Canceled", err)
	}
	r.claim(t, k, "b", time.Minute, webhook.InProgress) // not done
	r.complete(t, k, "a", time.Hour, nil)
	r.claim(t, k, "b", time.Minute, webhook.Done)
}

// OddKeys are event keys a store must keep apart and intact: separators,
// glob and SQL metacharacters, control bytes, NUL, invalid UTF-8, a Redis
// hash tag and a long key.
var OddKeys = []string{
	"plain",
	"Plain",
	"with space",
	"colon:separated:key",
	"slash/and\\backslash",
	"glob*?[a-z]",
	"percent%2F%00",
	"quote'\"`",
	"'; DROP TABLE esign_webhook_dedupe; --",
	"newline\nand\ttab\r",
	"nul\x00byte",
	"nul\x00byte\x00",
	"\x00",
	"invalid utf-8 \xff\xfe\xc3\x28",
	"unicode ünïcødé 🚀 中文",
	"{hash}tag",
	strings.Repeat("long-key-", 56), // 504 bytes
}

func (r *run) oddKeys(t *testing.T) {
	for i, name := range OddKeys {
		k := r.key(name)
		owner := fmt.Sprint("o", i)
		r.claim(t, k, owner, time.Minute, webhook.Claimed)
		r.claim(t, k, "x", time.Minute, webhook.InProgress)
		if i%2 == 0 {
			r.complete(t, k, owner, time.Hour, nil)
		}
	}
	for i, name := range OddKeys {
		k := r.key(name)
		want := webhook.InProgress
		if i%2 == 0 {
			want = webhook.Done
		}
		if got := r.claimState(t, k); got != want {
			t.Fatalf("key %q: %v, want %v (keys must not collide or be altered)", name, got, want)
		}
		if i%2 == 1 {
			r.release(t, k, fmt.Sprint("o", i))
			if got := r.claimState(t, k); got != webhook.Claimed {
				t.Fatalf("key %q after release: %v", name, got)
			}
		}
	}
}

// leaseExpires: a crashed attempt never completes or releases; once its
// lease expires the event is claimed again, and the crashed attempt's late
// Complete or Release cannot clobber the new owner.
func (r *run) leaseExpires(t *testing.T) {
	t.Parallel()
	k := r.key("lease-expires")
	start := time.Now()
	r.claim(t, k, "crashed", Lease, webhook.Claimed)
	st, err := r.s.Claim(context.Background(), k, "b", Lease)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < Lease*3/4 && st != webhook.InProgress {
		t.Fatalf("claim within the lease = %v, want in progress", st)
	}
	sleepUntil(start.Add(Lease + 100*time.Millisecond))
	r.claim(t, k, "b", time.Minute, webhook.Claimed)
	r.complete(t, k, "crashed", time.Hour, webhook.ErrLeaseLost)
	r.release(t, k, "crashed")
	r.claim(t, k, "c", time.Minute, webhook.InProgress) // still b's
	r.complete(t, k, "b", time.Hour, nil)
	r.claim(t, k, "c", time.Minute, webhook.Done)

	// An expired lease that nobody took over may still be completed by its
	// owner (the key counts as absent).
	k2 := r.key("lease-expired-complete")
	start = time.Now()
	r.claim(t, k2, "slow", Lease, webhook.Claimed)
	sleepUntil(start.Add(Lease + 100*time.Millisecond))
	r.complete(t, k2, "slow", time.Hour, nil)
	r.claim(t, k2, "c", time.Minute, webhook.Done)
}

// doneExpires: a done key is forgotten after its TTL.
func (r *run) doneExpires(t *testing.T) {
	t.Parallel()
	k := r.key("done-expires")
	r.claim(t, k, "a", time.Minute, webhook.Claimed)
	start := time.Now()
	r.complete(t, k, "a", Lease, nil)
	st, err := r.s.Claim(context.Background(), k, "b", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < Lease*3/4 && st != webhook.Done {
		t.Fatalf("claim within the TTL = %v, want done", st)
	}
	sleepUntil(start.Add(Lease + 100*time.Millisecond))
	r.claim(t, k, "b", time.Minute, webhook.Claimed)
}

func sleepUntil(t time.Time) { time.Sleep(time.Until(t)) }

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}
