package blueink_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/esignkit/esign/blueink"
)

// pageServer answers GET /bundles/?page=N from pre-encoded pages.
type pageServer struct {
	pages  [][]byte
	header []string
}

func newPageServer(total, perPage int) *pageServer {
	s := &pageServer{}
	n := (total + perPage - 1) / perPage
	for p := 1; p <= n; p++ {
		var b bytes.Buffer
		b.WriteByte('[')
		for i := (p - 1) * perPage; i < p*perPage && i < total; i++ {
			if i > (p-1)*perPage {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"bndl%06d","label":"Lease %d","status":"co","in_order":false,"is_test":false,`+
				`"created":"2024-10-01 15:43:08.646752+00:00","docs_ready":true,"tags":["q4"],`+
				`"packets":[{"id":"pkt%06d","key":"signer-1","name":"Peter Gibbons","email":"peter@example.com",`+
				`"status":"co","deliver_via":"email","completed_at":"2024-10-02T09:12:44Z","order":1}],`+
				`"documents":[{"key":"lease","name":"lease.pdf"}]}`, i, i, i)
		}
		b.WriteByte(']')
		s.pages = append(s.pages, b.Bytes())
		s.header = append(s.header, fmt.Sprintf("%d,%d,%d,%d", p, n, perPage, total))
	}
	return s
}

func (s *pageServer) RoundTrip(req *http.Request) (*http.Response, error) {
	p, err := strconv.Atoi(req.URL.Query().Get("page"))
	if err != nil || p < 1 || p > len(s.pages) {
		p = len(s.pages) + 1
	}
	body, hdr := []byte("[]"), ""
	if p <= len(s.pages) {
		body, hdr = s.pages[p-1], s.header[p-1]
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if hdr != "" {
		h.Set("X-Blueink-Pagination", hdr)
	}
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: req}, nil
}

// BenchmarkBundlesAll iterates 10,000 bundles served as 100 pages of 100.
func BenchmarkBundlesAll(b *testing.B) {
	srv := newPageServer(10_000, 100)
	c, err := blueink.NewClient(wireKey, blueink.WithBaseURL(wireBase), blueink.WithHTTPClient(&http.Client{Transport: srv}))
	if err != nil {
		b.Fatal(err)
	}
	opts := &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 100}, Status: blueink.BundleComplete}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for bundle, err := range c.Bundles.All(context.Background(), opts) {
			if err != nil {
				b.Fatal(err)
			}
			if bundle.Packets[0].Status != blueink.PacketComplete {
				b.Fatal("bad decode")
			}
			n++
		}
		if n != 10_000 {
			b.Fatalf("iterated %d bundles", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10_000, "ns/bundle")
}

// The benchmark's server is also a test: every bundle, once, in order.
func TestBundlesAllTenThousand(t *testing.T) {
	srv := newPageServer(10_000, 100)
	c, err := blueink.NewClient(wireKey, blueink.WithBaseURL(wireBase), blueink.WithHTTPClient(&http.Client{Transport: srv}))
	chk{t}.noErr(err)
	i := 0
	for bundle, err := range c.Bundles.All(context.Background(), &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 100}}) {
		chk{t}.noErr(err)
		if want := fmt.Sprintf("bndl%06d", i); bundle.ID != want {
			t.Fatalf("bundle %d is %s, want %s", i, bundle.ID, want)
		}
		i++
	}
	chk{t}.eq(i, 10_000, "bundles")
}
