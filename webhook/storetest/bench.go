package storetest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
)

// BenchmarkHandler measures signed deliveries through a webhook.Handler that
// deduplicates in store: each one a new event, so each verifies, decodes,
// claims, dispatches to a no-op handler and completes. It runs 8 deliveries
// per GOMAXPROCS at once (a store is mostly waiting on its server) and
// reports deliveries/s.
func BenchmarkHandler(b *testing.B, store webhook.DedupeStore) {
	sign := newSigner()
	h := webhook.NewHandler(provider{sign}, webhook.WithDedupe(store, time.Hour))
	webhook.On(h, func(context.Context, *testEvent) error { return nil })
	runID := randomHex(6)
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, sign.request("http://receiver.test/hooks", deliveryBody(fmt.Sprintf("bench_%s_%d", runID, i), int(i))))
			if w.Code != http.StatusOK {
				b.Errorf("status %d: %s", w.Code, w.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "deliveries/s")
}
