// Package pgstore is a webhook.DedupeStore on PostgreSQL, so several
// replicas of a webhook receiver handle each event exactly once:
//
//	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	store := pgstore.New(pool)
//	if err := store.Migrate(ctx); err != nil { … } // or run Schema yourself
//	h := webhook.NewHandler(blueink.WebhookProvider(secret), webhook.WithDedupe(store, 0))
//
// The store keeps one row per event key in one table (Schema; the name is
// set with WithTable):
//
//	CREATE TABLE IF NOT EXISTS esign_webhook_dedupe (
//	    key        bytea       PRIMARY KEY, -- provider name + ":" + event ID, any bytes
//	    owner      text        NOT NULL,    -- the attempt holding the lease or that completed it
//	    done       boolean     NOT NULL DEFAULT false,
//	    expires_at timestamptz NOT NULL     -- end of the lease, or of the TTL once done
//	);
//	CREATE INDEX IF NOT EXISTS esign_webhook_dedupe_expires_at_idx ON esign_webhook_dedupe (expires_at);
//
// Claim is one statement, INSERT … ON CONFLICT (key) DO UPDATE … WHERE the
// row expired, so of concurrent claims exactly one takes the key; Complete
// and Release compare the owner in their WHERE clause, so an attempt whose
// lease expired never clobbers the newer lease of another replica. Times
// are the server's (statement_timestamp()), so replicas' clocks do not
// matter. Expired rows are harmless but stay until DeleteExpired removes
// them: call it now and then (e.g. hourly).
//
// The store lives in its own module so the esign core does not depend on
// pgx. It passes storetest.Run and storetest.Replicas against a real server.
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultTable is the table name unless WithTable sets another.
const DefaultTable = "esign_webhook_dedupe"

// Schema is the DDL of the default table, the same Migrate runs.
const Schema = `CREATE TABLE IF NOT EXISTS esign_webhook_dedupe (
    key        bytea       PRIMARY KEY,
    owner      text        NOT NULL,
    done       boolean     NOT NULL DEFAULT false,
    expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS esign_webhook_dedupe_expires_at_idx ON esign_webhook_dedupe (expires_at);`

// DB is what the store needs from PostgreSQL: a *pgxpool.Pool (the usual
// choice), or anything else with these two methods that is safe for
// concurrent use.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store implements webhook.DedupeStore on PostgreSQL.
type Store struct {
	db                                      DB
	table                                   []string // identifier parts
	ddl, claim, complete, release, deleteEx string
}

var _ webhook.DedupeStore = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithTable sets the table (default DefaultTable); "schema.table" names a
// table in another schema. The name is quoted as an identifier.
func WithTable(name string) Option {
	return func(s *Store) {
		if name != "" {
			s.table = strings.Split(name, ".")
		}
	}
}

// New returns a Store on db. It does no I/O: create the table with Migrate
// or with Schema.
func New(db DB, opts ...Option) *Store {
	s := &Store{db: db, table: []string{DefaultTable}}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	t := pgx.Identifier(s.table).Sanitize()
	index := pgx.Identifier{s.table[len(s.table)-1] + "_expires_at_idx"}.Sanitize()
	s.ddl = strings.NewReplacer(DefaultTable+"_expires_at_idx", index, DefaultTable, t).Replace(Schema)
	s.claim = fmt.Sprintf(claimSQL, t)
	s.complete = fmt.Sprintf(completeSQL, t)
	s.release = fmt.Sprintf(releaseSQL, t)
	s.deleteEx = fmt.Sprintf(deleteExpiredSQL, t)
	return s
}

// Migrate creates the table and its index if they do not exist (Schema,
// with the WithTable name). Replicas starting together may all call it: a
// transaction-scoped advisory lock runs one at a time.
func (s *Store) Migrate(ctx context.Context) error {
	// One simple-protocol string is one implicit transaction.
	if _, err := s.db.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('esign/webhook/pgstore'));\n"+s.ddl); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	return nil
}

// claimSQL takes the key when absent or expired (the upsert, atomic per
// key) and otherwise reports the live row: 1 claimed, 2 in progress, 3 done
// (webhook.ClaimState values). A row the statement's snapshot does not show
// as live was taken by a concurrent claim: no row, read as in progress.
const claimSQL = `WITH claimed AS (
	INSERT INTO %[1]s AS d (key, owner, done, expires_at)
	VALUES ($1, $2, false, statement_timestamp() + $3::bigint * interval '1 microsecond')
	ON CONFLICT (key) DO UPDATE
		SET owner = excluded.owner, done = false, expires_at = excluded.expires_at
		WHERE d.expires_at <= statement_timestamp()
	RETURNING 1
)
SELECT 1 FROM claimed
UNION ALL
SELECT CASE WHEN done THEN 3 ELSE 2 END FROM %[1]s
	WHERE key = $1 AND expires_at > statement_timestamp() AND NOT EXISTS (SELECT FROM claimed)`

// completeSQL marks the key done unless another owner's row is live.
const completeSQL = `INSERT INTO %[1]s AS d (key, owner, done, expires_at)
VALUES ($1, $2, true, statement_timestamp() + $3::bigint * interval '1 microsecond')
ON CONFLICT (key) DO UPDATE
	SET owner = excluded.owner, done = true, expires_at = excluded.expires_at
	WHERE d.owner = excluded.owner OR d.expires_at <= statement_timestamp()`

const releaseSQL = `DELETE FROM %[1]s WHERE key = $1 AND owner = $2 AND NOT done`

const deleteExpiredSQL = `DELETE FROM %[1]s WHERE expires_at <= statement_timestamp()`

// Claim implements webhook.DedupeStore.
func (s *Store) Claim(ctx context.Context, key, owner string, lease time.Duration) (webhook.ClaimState, error) {
	us, err := micros("lease", lease)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRow(ctx, s.claim, []byte(key), owner, us).Scan(&n)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return webhook.InProgress, nil
	case err != nil:
		return 0, fmt.Errorf("pgstore: claim: %w", err)
	}
	switch st := webhook.ClaimState(n); st {
	case webhook.Claimed, webhook.InProgress, webhook.Done:
		return st, nil
	}
	return 0, fmt.Errorf("pgstore: claim: unexpected result %d", n)
}

// Complete implements webhook.DedupeStore.
func (s *Store) Complete(ctx context.Context, key, owner string, ttl time.Duration) error {
	us, err := micros("ttl", ttl)
	if err != nil {
		return err
	}
	tag, err := s.db.Exec(ctx, s.complete, []byte(key), owner, us)
	if err != nil {
		return fmt.Errorf("pgstore: complete: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return webhook.ErrLeaseLost
	}
	return nil
}

// Release implements webhook.DedupeStore.
func (s *Store) Release(ctx context.Context, key, owner string) error {
	if _, err := s.db.Exec(ctx, s.release, []byte(key), owner); err != nil {
		return fmt.Errorf("pgstore: release: %w", err)
	}
	return nil
}

// DeleteExpired deletes the rows whose lease or TTL has ended and returns
// how many. Expired rows already count as absent; this only reclaims space.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	tag, err := s.db.Exec(ctx, s.deleteEx)
	if err != nil {
		return 0, fmt.Errorf("pgstore: delete expired: %w", err)
	}
	return tag.RowsAffected(), nil
}

// micros converts d to whole microseconds, rounding up.
func micros(what string, d time.Duration) (int64, error) {
	if d <= 0 {
		return 0, fmt.Errorf("pgstore: %s %v is not positive", what, d)
	}
	return int64((d + time.Microsecond - 1) / time.Microsecond), nil
}
