// Signeasy's hot-path benchmarks, each beside a raw baseline (net/http +
// encoding/json, crypto/subtle) so the SDK/raw ratio is visible:
//
//	go test -run '^$' -bench 'ListPage100|Webhook' -benchmem ./signeasy

package signeasy_test

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/signeasy"
)

const (
	benchToken = "bench-access-token-0123456789"
	// hookToken is metadata.token in testdata/webhooks/rs.completed.v2.json.
	hookToken = "myloooooooongtokenbiggerthan12chars"
)

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
	for range b.N {
		list, _, err := c.Originals.List(ctx)
		if err != nil {
			b.Fatal(err)
		}
		checkPage(b, list)
	}
}

// BenchmarkListPage100Raw is the baseline: the same request through a plain
// http.Client on the same transport, decoded by encoding/json into the same
// *signeasy.Original type.
func BenchmarkListPage100Raw(b *testing.B) {
	tr := listPage100()
	hc := &http.Client{Transport: tr}
	ctx := context.Background()
	h := http.Header{"Authorization": {"Bearer " + benchToken}, "Accept": {"application/json"}}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var page struct {
			Count int                  `json:"count"`
			Files []*signeasy.Original `json:"files"`
		}
		benchtest.GetJSON(b, ctx, hc, signeasy.DefaultBaseURL+"/original/", h, &page)
		checkPage(b, page.Files)
	}
}

func hookBody(b *testing.B) []byte {
	return benchtest.ReadTestdata(b, "webhooks", "rs.completed.v2.json")
}

// BenchmarkWebhook checks the callback token (metadata.token, constant
// time) and decodes one v2 rs.completed delivery with ConstructEvent.
// Signeasy signs nothing: the token is the whole verification.
func BenchmarkWebhook(b *testing.B) {
	body := hookBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ev, err := signeasy.ConstructEvent(body, nil, hookToken)
		if err != nil {
			b.Fatal(err)
		}
		if ev.Type() != "rs.completed" {
			b.Fatalf("got %s", ev.Type())
		}
	}
}

// BenchmarkWebhookRaw is the baseline: json.Unmarshal into the same
// signeasy.Envelope and signeasy.EventMetadata types, then a constant-time
// token comparison.
func BenchmarkWebhookRaw(b *testing.B) {
	body := hookBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var d struct {
			Data     signeasy.Envelope      `json:"data"`
			Metadata signeasy.EventMetadata `json:"metadata"`
		}
		if err := json.Unmarshal(body, &d); err != nil {
			b.Fatal(err)
		}
		if subtle.ConstantTimeCompare([]byte(d.Metadata.Token), []byte(hookToken)) != 1 {
			b.Fatal("token mismatch")
		}
		if d.Metadata.EventType != "rs.completed" || d.Data.ID != 235649 {
			b.Fatal("bad decode")
		}
	}
}
