// Signeasy's list-page benchmark beside a raw baseline (net/http +
// encoding/json) so the SDK/raw ratio is visible (the webhook pair is in
// webhook_bench_test.go):
//
//	go test -run '^$' -bench 'ListPage100|Webhook' -benchmem ./signeasy

package signeasy_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/signeasy"
)

const benchToken = "bench-access-token-0123456789"

// listPage100 is GET /original/ answering 100 files ({"count","files"};
// Signeasy's lists are not paginated, so this is the whole list).
func listPage100() *benchtest.StaticTransport {
	var b bytes.Buffer
	b.WriteString(`{"count": 100, "files": [`)
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "Offer letter %d.pdf", "created_time": 1557465368, "last_modified_time": 1557465371}`, 235600+i, i)
	}
	b.WriteString(`]}`)
	return &benchtest.StaticTransport{Body: b.Bytes()}
}

func checkPage(b *testing.B, list []*signeasy.Original) {
	if len(list) != 100 || list[99].ID != 235699 || list[99].LastModifiedTime.Unix() != 1557465371 {
		b.Fatalf("bad page: %d originals", len(list))
	}
}

// BenchmarkListPage100 decodes a list of 100 originals through
// Originals.List on an in-memory transport.
func BenchmarkListPage100(b *testing.B) {
	tr := listPage100()
	c, err := signeasy.NewClient(benchToken, signeasy.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		list, _, err := c.Originals.List(ctx)
		if err != nil {
			b.Fatal(err)
		}
		checkPage(b, list)
	}
}

// BenchmarkListPage100Raw is the baseline: the same request through a plain
// http.Client on the same transport, read whole and decoded by
// json.Unmarshal into plain structs with the same fields as
// signeasy.Original (unix times as int64).
func BenchmarkListPage100Raw(b *testing.B) {
	tr := listPage100()
	hc := &http.Client{Transport: tr}
	ctx := context.Background()
	h := http.Header{"Authorization": {"Bearer " + benchToken}, "Accept": {"application/json"}}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		var page struct {
			Count int `json:"count"`
			Files []*struct {
				ID               int64  `json:"id"`
				Name             string `json:"name"`
				CreatedTime      int64  `json:"created_time"`
				LastModifiedTime int64  `json:"last_modified_time"`
			} `json:"files"`
		}
		benchtest.GetJSON(b, ctx, hc, signeasy.DefaultBaseURL+"/original/", h, &page)
		if list := page.Files; len(list) != 100 || list[99].ID != 235699 || list[99].LastModifiedTime != 1557465371 {
			b.Fatalf("bad page: %d originals", len(list))
		}
	}
}
