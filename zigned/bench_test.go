package zigned_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

// BenchmarkAgreementsListPage decodes one page of 100 agreements (each with
// an expanded participant list and main document) through the client, on
// an in-memory transport.
func BenchmarkAgreementsListPage(b *testing.B) {
	items := make([]string, 100)
	for i := range items {
		items[i] = strings.Replace(agreementJSON, agreementID, fmt.Sprintf("agr-%03d", i), 1)
	}
	page := []byte(paginated("agreement", 1, 10, 100, 1000, items...))
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", apiBase+"/agreements", func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(200, page)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	c, err := zigned.NewClientWithToken("bench-token", zigned.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		b.Fatal(err)
	}
	opts := &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 100}}
	ctx := context.Background()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		list, resp, err := c.Agreements.List(ctx, opts)
		if err != nil || len(list) != 100 || resp.Pagination.TotalResults != 1000 {
			b.Fatalf("list: %v (%d items)", err, len(list))
		}
	}
}

// BenchmarkConstructEvent verifies and decodes one signed agreement delivery.
func BenchmarkConstructEvent(b *testing.B) {
	body := delivery("agreement.lifecycle.finalized", agreementJSON)
	now := time.Unix(1717243200, 0)
	header := http.Header{"X-Zigned-Request-Signature": {webhooktest.TimestampedHeader(body, now, webhookSecret)}}
	clock := webhook.WithClock(func() time.Time { return now })
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev, err := zigned.ConstructEvent(body, header, webhookSecret, clock)
		if err != nil || ev.(*zigned.AgreementEvent).Agreement == nil {
			b.Fatal(err)
		}
	}
}

// zeroReader yields n zero bytes without holding them.
type zeroReader struct{ n int64 }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > z.n {
		p = p[:z.n]
	}
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

func (z *zeroReader) Close() error { return nil }

// drainTransport reads every request body to the end and answers with a
// file envelope.
type drainTransport struct{ resp []byte }

func (d drainTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return nil, err
		}
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(d.resp)), Request: r}, nil
}

// BenchmarkFilesUploadStreamed uploads a 16 MiB file: B/op stays far below
// the file's size because the multipart body is streamed, never buffered.
func BenchmarkFilesUploadStreamed(b *testing.B) {
	const size = 16 << 20
	c, err := zigned.NewClientWithToken("bench-token",
		zigned.WithHTTPClient(&http.Client{Transport: drainTransport{resp: []byte(single("file", fileJSON))}}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, _, err := c.Files.Upload(ctx, &zigned.FileUpload{Filename: "big.pdf", Size: size,
			Open: func() (io.ReadCloser, error) { return &zeroReader{n: size}, nil }})
		if err != nil || f.ID != fileID {
			b.Fatal(err)
		}
	}
}
