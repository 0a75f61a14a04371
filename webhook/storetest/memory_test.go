package storetest_test

import (
	"testing"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, webhook.NewMemoryStore(0))
}

func TestMemoryStoreReplicas(t *testing.T) {
	storetest.Replicas(t, webhook.NewMemoryStore(0))
}

func BenchmarkHandlerMemoryStore(b *testing.B) {
	storetest.BenchmarkHandler(b, webhook.NewMemoryStore(0))
}
