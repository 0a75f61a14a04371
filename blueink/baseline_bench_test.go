// BlueInk's list-page benchmark beside a raw baseline (net/http +
// encoding/json) so the SDK/raw ratio is visible (the webhook pair is in
// webhook_bench_test.go):
//
//	go test -run '^$' -bench 'ListPage100|Webhook' -benchmem ./blueink

package blueink_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/benchtest"
)

const (
	benchKey    = "bench-api-key-0123456789"
	benchSecret = "whsec-bench-0123456789abcdef"
)

// listPage100 is a page of 100 bundles, each with two packets, two
// documents and tags, as BlueInk answers GET /bundles/.
func listPage100() *benchtest.StaticTransport {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"bndl%06d","label":"TPS report %d","in_order":true,`+
			`"email_subject":"eSignature Request","email_message":"Here are the TPS reports that need your signature.",`+
			`"requester_name":"Bill Lumbergh","requester_email":"tps.reports@example.com","cc_emails":["tom@example.com"],`+
			`"custom_key":"tps-%d","team":"95527efb-6695-4aae-916e-c9869b1fb2bd","is_test":false,"status":"co",`+
			`"created":"2024-10-01 15:43:08.646752+00:00","docs_ready":true,"errors":[],"tags":["needs-attention","q4"],`+
			`"packets":[`+
			`{"id":"pkt%06da","key":"signer-1","name":"Peter Gibbons","email":"peter.gibbons@example.com","phone":"505 555 1234",`+
			`"auth_sms":true,"auth_selfie":false,"auth_id":false,"person_id":"087e858e-473c-4f50-b5b0-c1df6c021550","status":"co",`+
			`"deliver_via":"email","completed_at":"2024-10-02T09:12:44Z","last_accessed_at":"2024-10-02 09:05:01.120000+00:00","order":1},`+
			`{"id":"pkt%06db","key":"signer-2","name":"Samir Nagheenanajar","email":"samir@example.com","phone":"",`+
			`"auth_sms":false,"auth_selfie":false,"auth_id":true,"person_id":"2c1f5a3e-9d4b-4e8a-8f6d-0b7e3c2a1f90","status":"co",`+
			`"deliver_via":"embed","completed_at":"2024-10-03T10:00:00Z","last_accessed_at":"2024-10-03T09:58:30Z","order":2}],`+
			`"documents":[{"key":"w9","name":"fw9.pdf","template_id":null},`+
			`{"key":"doc-02","name":"Services Agreement","template_id":"412acd04-ccec-4e74-b695-cff8f6163b40"}]}`,
			i, i, i, i, i)
	}
	b.WriteByte(']')
	return &benchtest.StaticTransport{Body: b.Bytes(), Header: http.Header{
		"Content-Type":         {"application/json"},
		"X-Blueink-Pagination": {"1,10,100,1000"},
	}}
}

func checkPage(b *testing.B, list []*blueink.Bundle) {
	if len(list) != 100 || list[99].ID != "bndl000099" || len(list[99].Packets) != 2 ||
		list[99].Packets[1].Status != blueink.PacketComplete {
		b.Fatalf("bad page: %d bundles", len(list))
	}
}

// BenchmarkListPage100 decodes one page of 100 bundles through
// Bundles.List on an in-memory transport.
func BenchmarkListPage100(b *testing.B) {
	tr := listPage100()
	c, err := blueink.NewClient(benchKey, blueink.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		b.Fatal(err)
	}
	opts := &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 100}}
	ctx := context.Background()
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		list, resp, err := c.Bundles.List(ctx, opts)
		if err != nil || resp.Pagination.TotalResults != 1000 {
			b.Fatal(err)
		}
		checkPage(b, list)
	}
}

// plainBundle is a bundle of the page with the same fields as
// blueink.Bundle, in plain Go types (time.Time where encoding/json parses
// the value, a string where it cannot).
type plainBundle struct {
	ID             string   `json:"id"`
	Label          string   `json:"label"`
	InOrder        bool     `json:"in_order"`
	EmailSubject   string   `json:"email_subject"`
	EmailMessage   string   `json:"email_message"`
	RequesterName  string   `json:"requester_name"`
	RequesterEmail string   `json:"requester_email"`
	CCEmails       []string `json:"cc_emails"`
	CustomKey      string   `json:"custom_key"`
	Team           string   `json:"team"`
	IsTest         bool     `json:"is_test"`
	Status         string   `json:"status"`
	Created        string   `json:"created"`
	DocsReady      bool     `json:"docs_ready"`
	Errors         []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	Tags    []string `json:"tags"`
	Packets []struct {
		ID             string    `json:"id"`
		Key            string    `json:"key"`
		Name           string    `json:"name"`
		Email          string    `json:"email"`
		Phone          string    `json:"phone"`
		AuthSMS        bool      `json:"auth_sms"`
		AuthSelfie     bool      `json:"auth_selfie"`
		AuthID         bool      `json:"auth_id"`
		PersonID       string    `json:"person_id"`
		Status         string    `json:"status"`
		DeliverVia     string    `json:"deliver_via"`
		CompletedAt    time.Time `json:"completed_at"`
		LastAccessedAt string    `json:"last_accessed_at"`
		Order          int       `json:"order"`
	} `json:"packets"`
	Documents []struct {
		Key        string  `json:"key"`
		Name       string  `json:"name"`
		TemplateID *string `json:"template_id"`
	} `json:"documents"`
}

// BenchmarkListPage100Raw is the baseline: the same request through a plain
// http.Client on the same transport, read whole and decoded by
// json.Unmarshal into plain structs with the same fields.
func BenchmarkListPage100Raw(b *testing.B) {
	tr := listPage100()
	hc := &http.Client{Transport: tr}
	ctx := context.Background()
	h := http.Header{"Authorization": {"Token " + benchKey}, "Accept": {"application/json"}}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		var list []*plainBundle
		benchtest.GetJSON(b, ctx, hc, blueink.DefaultBaseURL+"bundles/?per_page=100", h, &list)
		if len(list) != 100 || list[99].ID != "bndl000099" || len(list[99].Packets) != 2 || list[99].Packets[1].Status != "co" {
			b.Fatalf("bad page: %d bundles", len(list))
		}
	}
}
