package pgstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/pgstore"
	"github.com/esignkit/esign/webhook/storetest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pool connects to ESIGN_TEST_POSTGRES_URL. The tests skip when it is unset
// and fail when it is set but unreachable.
func pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	url := os.Getenv("ESIGN_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ESIGN_TEST_POSTGRES_URL is not set")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatalf("ESIGN_TEST_POSTGRES_URL: %v", err)
	}
	cfg.MaxConns = 32
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("ESIGN_TEST_POSTGRES_URL: %v", err)
	}
	t.Cleanup(p.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Ping(ctx); err != nil {
		t.Fatalf("ESIGN_TEST_POSTGRES_URL is set but PostgreSQL at %s:%d is unreachable: %v", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return p
}

// store returns a migrated Store on a table of its own, dropped after the test.
func store(t testing.TB, db *pgxpool.Pool) (*pgstore.Store, string) {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	table := "esign_test_" + hex.EncodeToString(b)
	s := pgstore.New(db, pgstore.WithTable(table))
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = db.Exec(context.Background(), "DROP TABLE IF EXISTS "+pgx.Identifier{table}.Sanitize()) })
	return s, table
}

func TestConformance(t *testing.T) {
	s, _ := store(t, pool(t))
	storetest.Run(t, s)
}

func TestReplicas(t *testing.T) {
	s, _ := store(t, pool(t))
	storetest.Replicas(t, s)
}

func BenchmarkHandlerPGStore(b *testing.B) {
	s, _ := store(b, pool(b))
	storetest.BenchmarkHandler(b, s)
}

// The rows the store writes: the key's bytes, the owner, done and an expiry
// set by the server's clock from the lease, then from the TTL.
func TestRows(t *testing.T) {
	db := pool(t)
	s, table := store(t, db)
	ctx := context.Background()
	key := "blueink:evt_1\x00\xff"
	if st, err := s.Claim(ctx, key, "owner-a", 90*time.Second); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v %v", st, err)
	}
	row := func() (owner string, done bool, left time.Duration) {
		t.Helper()
		var secs float64
		err := db.QueryRow(ctx, "SELECT owner, done, extract(epoch FROM expires_at - now()) FROM "+pgx.Identifier{table}.Sanitize()+" WHERE key = $1", []byte(key)).
			Scan(&owner, &done, &secs)
		if err != nil {
			t.Fatal(err)
		}
		return owner, done, time.Duration(secs * float64(time.Second))
	}
	if o, d, left := row(); o != "owner-a" || d || left <= 85*time.Second || left > 90*time.Second {
		t.Fatalf("leased row: %q %v %v", o, d, left)
	}
	if err := s.Complete(ctx, key, "owner-a", 48*time.Hour); err != nil {
		t.Fatal(err)
	}
	if o, d, left := row(); o != "owner-a" || !d || left <= 48*time.Hour-5*time.Second || left > 48*time.Hour {
		t.Fatalf("done row: %q %v %v", o, d, left)
	}
}

// Migrate is idempotent and safe when replicas start together; the DDL it
// runs is Schema's, with the table's name.
func TestMigrate(t *testing.T) {
	db := pool(t)
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	table := "esign_migrate_" + hex.EncodeToString(b)
	t.Cleanup(func() { _, _ = db.Exec(context.Background(), "DROP TABLE IF EXISTS "+pgx.Identifier{table}.Sanitize()) })
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- pgstore.New(db, pgstore.WithTable(table)).Migrate(ctx)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent Migrate: %v", err)
		}
	}
	var cols string
	err := db.QueryRow(ctx, `SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_name = $1`, table).Scan(&cols)
	if err != nil {
		t.Fatal(err)
	}
	if want := "key bytea NO, owner text NO, done boolean NO, expires_at timestamp with time zone NO"; cols != want {
		t.Fatalf("columns: %s, want %s", cols, want)
	}
	var index string
	if err := db.QueryRow(ctx, `SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2`, table, table+"_expires_at_idx").Scan(&index); err != nil {
		t.Fatalf("expiry index: %v", err)
	}

	// Schema is exactly the default table's DDL.
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "DROP TABLE IF EXISTS esign_webhook_dedupe"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, pgstore.Schema); err != nil {
		t.Fatalf("Schema: %v", err)
	}
	s := pgstore.New(tx)
	if st, err := s.Claim(ctx, "k", "o", time.Minute); err != nil || st != webhook.Claimed {
		t.Fatalf("claim on the Schema table: %v %v", st, err)
	}
}

// A table in another schema, and a name that needs quoting.
func TestWithTableQuoting(t *testing.T) {
	db := pool(t)
	ctx := context.Background()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	schema := "esign test " + hex.EncodeToString(b)
	if _, err := db.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	})
	s := pgstore.New(db, pgstore.WithTable(schema+`.Dedupe"; DROP TABLE x; --`))
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Claim(ctx, "k", "o", time.Minute); err != nil || st != webhook.Claimed {
		t.Fatalf("claim: %v %v", st, err)
	}
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`,
		schema, `Dedupe"; DROP TABLE x; --`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("table in schema: %d %v", n, err)
	}
}

func TestDeleteExpired(t *testing.T) {
	db := pool(t)
	s, _ := store(t, db)
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		if _, err := s.Claim(ctx, k, "o", 50*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Claim(ctx, "live", "o", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Complete(ctx, "c", "o", time.Hour); err != nil { // done: kept
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	n, err := s.DeleteExpired(ctx)
	if err != nil || n != 2 {
		t.Fatalf("DeleteExpired = %d %v, want 2", n, err)
	}
	if st, _ := s.Claim(ctx, "c", "p", time.Hour); st != webhook.Done {
		t.Fatalf("c: %v", st)
	}
	if st, _ := s.Claim(ctx, "live", "p", time.Hour); st != webhook.InProgress {
		t.Fatalf("live: %v", st)
	}
}

// Without a server every operation fails with an error naming the store.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	db, err := pgxpool.New(context.Background(), "postgres://u:p@"+addr+"/db?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := pgstore.New(db)
	ctx := context.Background()
	for what, err := range map[string]error{
		"claim":    func() error { _, err := s.Claim(ctx, "k", "o", time.Minute); return err }(),
		"complete": s.Complete(ctx, "k", "o", time.Minute),
		"release":  s.Release(ctx, "k", "o"),
		"migrate":  s.Migrate(ctx),
		"delete expired": func() error {
			_, err := s.DeleteExpired(ctx)
			return err
		}(),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "pgstore: "+what+": ") {
			t.Errorf("%s: %v", what, err)
		}
	}
}

func TestNonPositiveDurations(t *testing.T) {
	s := pgstore.New(nil)
	ctx := context.Background()
	if _, err := s.Claim(ctx, "k", "o", 0); err == nil || !strings.Contains(err.Error(), "lease") {
		t.Fatalf("zero lease: %v", err)
	}
	if err := s.Complete(ctx, "k", "o", -time.Second); err == nil || !strings.Contains(err.Error(), "ttl") {
		t.Fatalf("negative ttl: %v", err)
	}
}
