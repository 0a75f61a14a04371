package insertsign_test

import (
	"encoding/json"
	"testing"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/internal/benchtest"
)

// InsertSign has no REST client in this SDK and signs nothing, so its only
// hot path is decoding a delivery: BenchmarkWebhook (ParseEvent) beside
// BenchmarkWebhookRaw (json.Unmarshal into a map). There is no
// ListPage100 pair. Run with:
//
//	go test -run '^$' -bench 'ListPage100|Webhook' -benchmem ./insertsign

func benchDelivery(b *testing.B) []byte {
	return benchtest.ReadTestdata(b, "request_completed.json")
}

// BenchmarkWebhook decodes one request.completed delivery with ParseEvent
// (no verification: InsertSign sends no signature).
func BenchmarkWebhook(b *testing.B) {
	body := benchDelivery(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ev, err := insertsign.ParseEvent(body)
		if err != nil {
			b.Fatal(err)
		}
		if ev.Type() != "request.completed" || ev.OccurredAt().IsZero() {
			b.Fatalf("got %s", ev.Type())
		}
	}
}

// BenchmarkWebhookRaw is the baseline: json.Unmarshal of the same body into
// a map.
func BenchmarkWebhookRaw(b *testing.B) {
	body := benchDelivery(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
		if m["type"] != "request.completed" || m["data"] == nil {
			b.Fatal("bad decode")
		}
	}
}
