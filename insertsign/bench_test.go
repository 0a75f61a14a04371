package insertsign_test

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/webhook"
)

// InsertSign has no REST client in this SDK and signs nothing, so its hot
// path is checking the guard and decoding a delivery, beside the shortest
// correct hand-written Go that does the same (a constant-time comparison of
// the URL token, json.Unmarshal into plain structs with the same fields,
// and the SHA-256 of the body the SDK's event ID is). There is no
// ListPage100 pair. Run with:
//
//	go test -run '^$' -bench 'Webhook' -benchmem -count 5 ./insertsign

const benchToken = "insertsign-url-token-0123456789"

func benchDelivery(b *testing.B) []byte {
	return benchtest.ReadTestdata(b, "request_completed.json")
}

func checkHook(b *testing.B, ev webhook.Event) {
	if e, ok := ev.(*insertsign.RequestCompletedEvent); !ok || len(e.Request.Signers) != 1 || e.OccurredAt().IsZero() {
		b.Fatalf("got %T", ev)
	}
}

// BenchmarkWebhook decodes one request.completed delivery with ParseEvent
// (no verification: InsertSign sends no signature).
func BenchmarkWebhook(b *testing.B) {
	body := benchDelivery(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := insertsign.ParseEvent(body)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// BenchmarkWebhookProvider checks the URL token with the guard and decodes,
// with the provider built once, as a webhook.Handler uses it.
func BenchmarkWebhookProvider(b *testing.B) {
	body := benchDelivery(b)
	p := insertsign.WebhookProvider(insertsign.QueryToken("token", benchToken)).(interface {
		Construct(*http.Request, []byte) (webhook.Event, error)
	})
	r := httptest.NewRequest(http.MethodPost, "/hooks/insertsign?token="+benchToken, nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := p.Construct(r, body)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// plainDelivery has the fields the SDK decodes, in plain Go types.
type plainDelivery struct {
	CreatedAt time.Time `json:"created_at"`
	Type      string    `json:"type"`
	Data      struct {
		RequestID string `json:"request_id"`
		AccountID string `json:"account_id"`
		Request   struct {
			Signers map[string]struct {
				ID, Email, Name, Status, Type, Label, Company string
				CreatedAt                                     int64 `json:"created_at"`
				Timestamp                                     int64 `json:"timestamp"`
			} `json:"signers"`
			SignerOrder []string `json:"signer_order"`
			Progress    int      `json:"progress"`
			SentDate    int64    `json:"sent_date"`
			Status      string   `json:"status"`
			Title       string   `json:"title"`
			Sender      struct {
				ID, Name, Email string
			} `json:"sender"`
		} `json:"request"`
	} `json:"data"`
}

// BenchmarkWebhookRaw is the hand-written baseline of the guard and the
// decoding (with the body digest the SDK uses as the event ID, InsertSign
// sending none). The datetimes the SDK parses are parsed too: created_at
// (RFC 3339, by time.Time), sent_date and each signer's created_at (epoch
// milliseconds, converted with time.UnixMilli).
func BenchmarkWebhookRaw(b *testing.B) {
	body := benchDelivery(b)
	r := httptest.NewRequest(http.MethodPost, "/hooks/insertsign?token="+benchToken, nil)
	want := sha256.Sum256([]byte(benchToken))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		got := sha256.Sum256([]byte(r.URL.Query().Get("token")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			b.Fatal("token")
		}
		var d plainDelivery
		if err := json.Unmarshal(body, &d); err != nil || d.Type != "request.completed" || len(d.Data.Request.Signers) != 1 {
			b.Fatal(err)
		}
		if sent := time.UnixMilli(d.Data.Request.SentDate); sent.Before(signersCreated(&d)) {
			b.Fatal("dates")
		}
		_ = sha256.Sum256(body)
	}
}

// signersCreated converts the signers' created_at and returns the latest.
func signersCreated(d *plainDelivery) time.Time {
	var at time.Time
	for _, s := range d.Data.Request.Signers {
		if t := time.UnixMilli(s.CreatedAt); t.After(at) {
			at = t
		}
	}
	return at
}
