package legacyv1

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/webhook"
)

// BenchmarkDocumentsListPage decodes one Tastypie page of 100 documents.
func BenchmarkDocumentsListPage(b *testing.B) {
	objs := make([]string, 100)
	for i := range objs {
		objs[i] = strings.Replace(documentJSON, docID, fmt.Sprintf("d0d0d0d0-1111-4222-8333-%012d", i), -1)
	}
	body := []byte(listJSON("/api/v1/document/", 100, 0, 1000, objs...))
	c, err := NewClient(testUser, testSecret, WithHTTPClient(&http.Client{Transport: &benchtest.StaticTransport{Body: body}}))
	if err != nil {
		b.Fatal(err)
	}
	opts := &DocumentListOptions{Group: "my-group", ListOptions: ListOptions{Limit: 100}}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		docs, resp, err := c.Documents.List(ctx, opts)
		if err != nil || len(docs) != 100 || resp.Pagination.Next == "" {
			b.Fatalf("%v %d", err, len(docs))
		}
	}
}

// BenchmarkConstructEvent verifies and decodes a signed batch of 20
// changes with a 2048-bit key: with a provider built once, and with the
// one-liner that parses the PEM certificate on every call.
func BenchmarkConstructEvent(b *testing.B) {
	c := signingCert(b)
	entries := make([]string, 20)
	for i := range entries {
		entries[i] = fmt.Sprintf(`{"timestamp": "2018-03-20T07:%02d:52", "name": "status", "value": "40", "resource_uri": "/api/v1/signer/s%04d/"}`, i, i)
	}
	body := batchForm(b, c, "["+strings.Join(entries, ",")+"]")
	h := formHeader()
	b.Run("provider", func(b *testing.B) {
		p := WebhookProvider(c.cert).(interface {
			Construct(*http.Request, []byte) (webhook.Event, error)
		})
		req := &http.Request{Header: h}
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			ev, err := p.Construct(req, body)
			if err != nil || len(ev.(*StatusBatch).Changes) != 20 {
				b.Fatal(err)
			}
		}
	})
	b.Run("pem", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			if _, err := ConstructEvent(body, h, c.pem); err != nil {
				b.Fatal(err)
			}
		}
	})
}
