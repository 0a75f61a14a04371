package redisstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/redisstore"
	"github.com/esignkit/esign/webhook/storetest"
	"github.com/redis/go-redis/v9"
)

// client connects to ESIGN_TEST_REDIS_URL (redis://host:port/db). The
// tests skip when it is unset and fail when it is set but unreachable.
func client(t testing.TB) *redis.Client {
	t.Helper()
	url := os.Getenv("ESIGN_TEST_REDIS_URL")
	if url == "" {
		t.Skip("ESIGN_TEST_REDIS_URL is not set")
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("ESIGN_TEST_REDIS_URL: %v", err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("ESIGN_TEST_REDIS_URL is set but Redis at %s is unreachable: %v", opt.Addr, err)
	}
	return rdb
}

func randomPrefix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "esign-test:" + hex.EncodeToString(b) + ":"
}

func TestConformance(t *testing.T) {
	storetest.Run(t, redisstore.New(client(t), redisstore.WithPrefix(randomPrefix())))
}

func TestReplicas(t *testing.T) {
	storetest.Replicas(t, redisstore.New(client(t), redisstore.WithPrefix(randomPrefix())))
}

func BenchmarkHandlerRedisStore(b *testing.B) {
	storetest.BenchmarkHandler(b, redisstore.New(client(b), redisstore.WithPrefix(randomPrefix())))
}

// What the store keeps in Redis: one string per key under the prefix, "L" +
// owner with the lease as expiry, then "D" + owner with the TTL.
func TestKeysInRedis(t *testing.T) {
	rdb := client(t)
	ctx := context.Background()
	prefix := randomPrefix()
	s := redisstore.New(rdb, redisstore.WithPrefix(prefix))
	k := "blueink:evt_1"
	if st, err := s.Claim(ctx, k, "owner-a", 1500*time.Millisecond); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v %v", st, err)
	}
	check := func(wantVal string, wantTTL time.Duration) {
		t.Helper()
		v, err := rdb.Get(ctx, prefix+k).Result()
		if err != nil || v != wantVal {
			t.Fatalf("GET %s = %q %v, want %q", prefix+k, v, err, wantVal)
		}
		ttl, err := rdb.PTTL(ctx, prefix+k).Result()
		if err != nil || ttl <= wantTTL-time.Second || ttl > wantTTL {
			t.Fatalf("PTTL = %v %v, want about %v", ttl, err, wantTTL)
		}
	}
	check("Lowner-a", 1500*time.Millisecond)
	if err := s.Complete(ctx, k, "owner-a", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	check("Downer-a", 24*time.Hour)
	if n, _ := rdb.Exists(ctx, k).Result(); n != 0 {
		t.Fatal("a key was written without the prefix")
	}

	// Default prefix.
	d := redisstore.New(rdb)
	dk := "storetest-default-prefix:" + randomPrefix()
	if _, err := d.Claim(ctx, dk, "o", time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Del(context.Background(), redisstore.DefaultPrefix+dk) })
	if v, _ := rdb.Get(ctx, redisstore.DefaultPrefix+dk).Result(); v != "Lo" {
		t.Fatalf("default prefix: %q", v)
	}

	// Two prefixes are two stores.
	other := redisstore.New(rdb, redisstore.WithPrefix(randomPrefix()))
	if st, err := other.Claim(ctx, k, "owner-b", time.Minute); err != nil || st != webhook.Claimed {
		t.Fatalf("other prefix: %v %v", st, err)
	}
}

// The scripts are loaded again after SCRIPT FLUSH (or a failover to a
// replica that never saw them).
func TestScriptFlush(t *testing.T) {
	rdb := client(t)
	ctx := context.Background()
	s := redisstore.New(rdb, redisstore.WithPrefix(randomPrefix()))
	if _, err := s.Claim(ctx, "k1", "o", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Claim(ctx, "k2", "o", time.Minute); err != nil || st != webhook.Claimed {
		t.Fatalf("after SCRIPT FLUSH: %v %v", st, err)
	}
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.Complete(ctx, "k2", "o", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, "k1", "o"); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Claim(ctx, "k1", "p", time.Minute); err != nil || st != webhook.Claimed {
		t.Fatalf("release after SCRIPT FLUSH: %v %v", st, err)
	}
}

// Without a server every operation fails with an error naming the store
// (the Handler answers 500 and dispatches nothing).
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second, DialerRetries: 1, DialerRetryTimeout: time.Millisecond})
	defer rdb.Close()
	s := redisstore.New(rdb)
	ctx := context.Background()
	if _, err := s.Claim(ctx, "k", "o", time.Minute); err == nil || !strings.HasPrefix(err.Error(), "redisstore: claim: ") {
		t.Fatalf("claim: %v", err)
	}
	if err := s.Complete(ctx, "k", "o", time.Minute); err == nil || !strings.HasPrefix(err.Error(), "redisstore: complete: ") {
		t.Fatalf("complete: %v", err)
	}
	if err := s.Release(ctx, "k", "o"); err == nil || !strings.HasPrefix(err.Error(), "redisstore: release: ") {
		t.Fatalf("release: %v", err)
	}
}

func TestNonPositiveDurations(t *testing.T) {
	s := redisstore.New(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}))
	ctx := context.Background()
	if _, err := s.Claim(ctx, "k", "o", 0); err == nil || !strings.Contains(err.Error(), "lease") {
		t.Fatalf("zero lease: %v", err)
	}
	if err := s.Complete(ctx, "k", "o", -time.Second); err == nil || !strings.Contains(err.Error(), "ttl") {
		t.Fatalf("negative ttl: %v", err)
	}
}
