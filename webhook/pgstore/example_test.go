package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/pgstore"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Every replica builds the same Handler on the same database: each event is
// handled once, whichever replica each delivery and retry reaches.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		panic(err)
	}
	store := pgstore.New(pool)
	if err := store.Migrate(ctx); err != nil { // or apply pgstore.Schema with your migrations
		panic(err)
	}
	var provider webhook.Provider // e.g. blueink.WebhookProvider(secret)
	h := webhook.NewHandler(provider, webhook.WithDedupe(store, 7*24*time.Hour))
	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
		return nil // your work
	})
	http.Handle("/hooks/blueink", h)

	go func() { // reclaim the space of expired rows now and then
		for range time.Tick(time.Hour) {
			_, _ = store.DeleteExpired(ctx)
		}
	}()
}

// InsertSign posts each event once and never retries: persist, then answer
// 200. The receiving Handler's only handler stores the delivery in an inbox
// table, so 200 means "stored" and a 500 (nothing stored) is the only loss.
// Workers, on any number of replicas, then replay the inbox through a
// second Handler with a shared pgstore: Process runs each event's handlers
// once, retries failures on the next pass, and skips what another worker
// holds.
func Example_insertSign() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		panic(err)
	}
	store := pgstore.New(pool)
	if err := store.Migrate(ctx); err != nil {
		panic(err)
	}
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS insertsign_inbox (
		id          text        PRIMARY KEY,
		body        bytea       NOT NULL,
		received_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		panic(err)
	}
	provider := insertsign.WebhookProvider(insertsign.QueryToken("token", os.Getenv("INSERTSIGN_WEBHOOK_TOKEN")))

	// Receiving: store, then answer 200.
	receiver := webhook.NewHandler(provider)
	receiver.OnAny(func(ctx context.Context, ev webhook.Event) error {
		_, err := pool.Exec(ctx, `INSERT INTO insertsign_inbox (id, body) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
			ev.ID(), ev.Raw())
		return err // 500 only when the event could not be stored
	})
	http.Handle("/hooks/insertsign", receiver)

	// Working: the application's handlers, deduplicated across workers.
	worker := webhook.NewHandler(provider, webhook.WithDedupe(store, 30*24*time.Hour))
	webhook.On(worker, func(ctx context.Context, ev *insertsign.RequestCompletedEvent) error {
		fmt.Println("completed:", ev.RequestID) // download the signed PDF, update your records, …
		return nil
	})

	drain := func(ctx context.Context) error {
		rows, err := pool.Query(ctx, `SELECT id, body FROM insertsign_inbox ORDER BY received_at LIMIT 100`)
		if err != nil {
			return err
		}
		type row struct {
			id   string
			body []byte
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.body); err != nil {
				return err
			}
			batch = append(batch, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range batch {
			ev, err := insertsign.ParseEvent(r.body)
			if err != nil {
				return err // the receiver stored only bodies that decoded
			}
			state, err := worker.Process(ctx, ev)
			switch {
			case errors.Is(err, webhook.ErrDedupeStore):
				return err // try the whole batch later
			case err != nil, state == webhook.InProgress:
				continue // failed (released) or held by another worker: next pass
			}
			// Handled now (Claimed) or before (Done): the inbox row is no longer needed.
			if _, err := pool.Exec(ctx, `DELETE FROM insertsign_inbox WHERE id = $1`, r.id); err != nil {
				return err
			}
		}
		return nil
	}
	go func() {
		for range time.Tick(10 * time.Second) {
			_ = drain(ctx)
		}
	}()
}
