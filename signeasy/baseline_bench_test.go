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

// benchList times list (the SDK's List) on tr, checking each page.
func benchList[T any](b *testing.B, tr *benchtest.StaticTransport, list func(*signeasy.Client) ([]*T, error), ok func([]*T) bool) {
	c, err := signeasy.NewClient(benchToken, signeasy.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		page, err := list(c)
		if err != nil || !ok(page) {
			b.Fatal("bad page", err)
		}
	}
}

// benchRaw times the hand-written baseline: the same GET through a plain
// http.Client on tr, decoded by encoding/json into {count, files: []*T}
// with T a plain struct.
func benchRaw[T any](b *testing.B, tr *benchtest.StaticTransport, path string, ok func([]*T) bool) {
	hc := &http.Client{Transport: tr}
	ctx := context.Background()
	h := http.Header{"Authorization": {"Bearer " + benchToken}, "Accept": {"application/json"}}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		var page struct {
			Count int  `json:"count"`
			Files []*T `json:"files"`
		}
		benchtest.GetJSON(b, ctx, hc, signeasy.DefaultBaseURL+path, h, &page)
		if !ok(page.Files) {
			b.Fatal("bad page")
		}
	}
}

// BenchmarkListPage100 decodes a list of 100 originals through
// Originals.List on an in-memory transport.
func BenchmarkListPage100(b *testing.B) {
	benchList(b, listPage100(), func(c *signeasy.Client) ([]*signeasy.Original, error) {
		l, _, err := c.Originals.List(context.Background())
		return l, err
	}, func(l []*signeasy.Original) bool {
		return len(l) == 100 && l[99].ID == 235699 && l[99].LastModifiedTime.Unix() == 1557465371
	})
}

// plainOriginal is what a hand-written client decodes an original into:
// the same fields, the times as the epoch seconds they are.
type plainOriginal struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	CreatedTime      int64  `json:"created_time"`
	LastModifiedTime int64  `json:"last_modified_time"`
}

// BenchmarkListPage100Raw is the hand-written baseline of ListPage100.
func BenchmarkListPage100Raw(b *testing.B) {
	benchRaw(b, listPage100(), "/original/", func(l []*plainOriginal) bool {
		return len(l) == 100 && l[99].ID == 235699 && l[99].LastModifiedTime == 1557465371
	})
}

// envelopePage100 is GET /rs/envelope/ answering 100 envelopes of two
// recipients and one source each, as Signeasy writes them (0/1 flags,
// epoch seconds, nulls).
func envelopePage100() *benchtest.StaticTransport {
	var b bytes.Buffer
	b.WriteString(`{"count": 100, "files": [`)
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "Offer letter %d.pdf", "status": "incomplete", "is_ordered": 1, "is_in_person": 0,
			"has_markers": 1, "aadhaar_enabled": null, "next": 377928, "logo": null, "owner_user_id": 3625900,
			"owner_email": "owner@example.com", "owner_first_name": "Sunil", "owner_last_name": "Patro", "owner_company": "",
			"created_time": 1557465368, "last_modified_time": 1557465371,
			"recipients": [{"recipient_id": 377928, "recipient_user_id": 3625901, "email": "ada@example.com", "first_name": "Ada",
				"last_name": "Lovelace", "order_id": 1, "status": "viewed", "created_time": 1557465369, "last_modified_time": 1591780421},
				{"recipient_id": 377929, "recipient_user_id": 3625902, "email": "alan@example.com", "first_name": "Alan",
				"last_name": "Turing", "order_id": 2, "status": "not_viewed", "created_time": 1557465369, "last_modified_time": 1591780421}],
			"sources": [{"id": 223221, "name": "Offer letter", "type": "original"}]}`, 235600+i, i)
	}
	b.WriteString(`]}`)
	return &benchtest.StaticTransport{Body: b.Bytes()}
}

// BenchmarkEnvelopeList100 decodes 100 envelopes through Envelopes.List.
func BenchmarkEnvelopeList100(b *testing.B) {
	benchList(b, envelopePage100(), func(c *signeasy.Client) ([]*signeasy.Envelope, error) {
		l, _, err := c.Envelopes.List(context.Background())
		return l, err
	}, func(l []*signeasy.Envelope) bool {
		return len(l) == 100 && l[99].ID == 235699 && bool(l[99].IsOrdered) && len(l[99].Recipients) == 2
	})
}

// plainEnvelope is what a hand-written client decodes an envelope into: the
// same fields, flags as the 0/1 integers they are, times as epoch seconds.
type plainEnvelope struct {
	ID               int64   `json:"id"`
	Name             string  `json:"name"`
	Status           string  `json:"status"`
	IsOrdered        int     `json:"is_ordered"`
	IsInPerson       int     `json:"is_in_person"`
	HasMarkers       int     `json:"has_markers"`
	AadhaarEnabled   *int    `json:"aadhaar_enabled"`
	Next             int64   `json:"next"`
	Logo             *string `json:"logo"`
	OwnerUserID      int64   `json:"owner_user_id"`
	OwnerEmail       string  `json:"owner_email"`
	OwnerFirstName   string  `json:"owner_first_name"`
	OwnerLastName    string  `json:"owner_last_name"`
	OwnerCompany     string  `json:"owner_company"`
	CreatedTime      int64   `json:"created_time"`
	LastModifiedTime int64   `json:"last_modified_time"`
	Recipients       []struct {
		RecipientID      int64  `json:"recipient_id"`
		RecipientUserID  int64  `json:"recipient_user_id"`
		Email            string `json:"email"`
		FirstName        string `json:"first_name"`
		LastName         string `json:"last_name"`
		OrderID          int    `json:"order_id"`
		Status           string `json:"status"`
		CreatedTime      int64  `json:"created_time"`
		LastModifiedTime int64  `json:"last_modified_time"`
	} `json:"recipients"`
	Sources []struct {
		ID   int64  `json:"id"`
		Type string `json:"type"`
		Name string `json:"name"`
	} `json:"sources"`
}

// BenchmarkEnvelopeList100Raw is the hand-written baseline of
// EnvelopeList100.
func BenchmarkEnvelopeList100Raw(b *testing.B) {
	benchRaw(b, envelopePage100(), "/rs/envelope/", func(l []*plainEnvelope) bool {
		return len(l) == 100 && l[99].ID == 235699 && l[99].IsOrdered == 1 && len(l[99].Recipients) == 2
	})
}
