// Zigned's list-page benchmark beside a raw baseline (net/http +
// encoding/json) so the SDK/raw ratio is visible (the webhook pair is in
// webhook_bench_test.go):
//
//	go test -run '^$' -bench 'ListPage100|Webhook' -benchmem ./zigned

package zigned_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/zigned"
)

const (
	benchToken  = "bench-access-token-0123456789"
	benchSecret = "whsec-3f9a1c7e5b2d4a6f8e0c"
)

const participantJSON = `{"id":"c4zatmug6d5jtfyl1b5%s","resource_type":"participant","name":"Jane Doe",` +
	`"email":"jane.doe@example.com","status":"fulfilled","order":%d,"signing_group":null,` +
	`"agreement":"%s","signing_room_url":"https://www.zigned.se/sign/cxxpq0s5zpixsnygktqexample/cg9sj91x077akg93vpr",` +
	`"locale":"sv-SE","role":"signer","signed_at":"2024-01-03 09:15:00+00:00",` +
	`"created_at":"2024-01-01 00:00:00+00:00","updated_at":"2024-01-01 00:00:00+00:00"}`

// benchAgreementJSON is one agreement with its participants and main document
// expanded, as Zigned answers GET /agreements.
func benchAgreementJSON(id string) string {
	return `{"id":"` + id + `","resource_type":"agreement","test_mode":true,"status":"fulfilled","trust_level":"AES",` +
		`"cancellation_reason":null,"theme":"clwh9fjrvr3txyinulhexample",` +
		`"issuer":{"name":"John Doe","email":"example@example.com","role":"observer","participant_id":"c2d94vyd9ezq2uj4cs1example","signing_room_url":null,"locale":"sv-SE"},` +
		`"participants":{"version":"1.0","result_type":"list","resource_type":"participant","data":[` +
		fmt.Sprintf(participantJSON, "a", 1, id) + `,` + fmt.Sprintf(participantJSON, "b", 2, id) + `]},` +
		`"observers":["cbfypkunj2jjodaz5ldexample"],"signing_groups":null,` +
		`"documents":{"original_documents":{"main":{"version":"1.0","result_type":"single","resource_type":"file","data":` +
		`{"id":"cfxitvxeikfpz9rhuu6example","resource_type":"file","filename":"my-file.pdf","mime_type":"application/pdf",` +
		`"url":"https://zigned.se/files/cfxitvxeikfpz9rhuu6example?sig=abc","metadata":{"lookup_key":"my-file-tag"},` +
		`"created_at":"2024-01-01 00:00:00+00:00","updated_at":"2024-01-02T10:30:00.000Z"}},` +
		`"attachments":["c7om7pqvwcldpl3apkuexample"]},"signed_document":null},` +
		`"signing_order":{"enabled":false,"grouped":false},` +
		`"communication":{"send_emails":true,"default_locale":"en-US","automatic_reminders":{"enabled":true,"intensity":"normal"},"recipient_messages":null},` +
		`"metadata":{"lookup_key":"my-internal-customer-id","success_callback_url":"https://yourdomain.com/sign-complete"},` +
		`"expires_at":"2024-02-01 00:00:00+00:00","updated_at":"2024-01-01 12:00:00+00:00","created_at":"2024-01-01 00:00:00+00:00"}`
}

func listPage100() *benchtest.StaticTransport {
	items := make([]string, 100)
	for i := range items {
		items[i] = benchAgreementJSON(fmt.Sprintf("c8itw4ybiyldtndi9qn%07d", i))
	}
	return &benchtest.StaticTransport{Body: []byte(`{"version":"1.0","result_type":"paginated_list","resource_type":"agreement","data":[` +
		strings.Join(items, ",") + `],"pagination":{"limit":100,"total_pages":10,"page":1,"total_results":1000}}`)}
}

func checkPage(b *testing.B, list []*zigned.Agreement) {
	if len(list) != 100 || list[99].ID != "c8itw4ybiyldtndi9qn0000099" || len(list[99].Participants.Data) != 2 ||
		list[99].Documents.OriginalDocuments.Main.Data == nil {
		b.Fatalf("bad page: %d agreements", len(list))
	}
}

// BenchmarkListPage100 decodes one page of 100 agreements (participants and
// main document expanded) through Agreements.List on an in-memory transport.
func BenchmarkListPage100(b *testing.B) {
	tr := listPage100()
	c, err := zigned.NewClientWithToken(benchToken, zigned.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		b.Fatal(err)
	}
	opts := &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 100}}
	ctx := context.Background()
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		list, resp, err := c.Agreements.List(ctx, opts)
		if err != nil || resp.Pagination.TotalResults != 1000 {
			b.Fatal(err)
		}
		checkPage(b, list)
	}
}

// rawPage is the paginated envelope, declared here for the baseline.
type rawPage struct {
	Version      string              `json:"version"`
	ResultType   string              `json:"result_type"`
	ResourceType string              `json:"resource_type"`
	Data         []*zigned.Agreement `json:"data"`
	Pagination   struct {
		Limit        int `json:"limit"`
		TotalPages   int `json:"total_pages"`
		Page         int `json:"page"`
		TotalResults int `json:"total_results"`
	} `json:"pagination"`
}

// BenchmarkListPage100Raw is the baseline: the same request through a plain
// http.Client on the same transport, decoded by encoding/json into the same
// *zigned.Agreement type.
func BenchmarkListPage100Raw(b *testing.B) {
	tr := listPage100()
	hc := &http.Client{Transport: tr}
	ctx := context.Background()
	h := http.Header{"Authorization": {"Bearer " + benchToken}, "Accept": {"application/json"}}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var page rawPage
		benchtest.GetJSON(b, ctx, hc, zigned.DefaultBaseURL+"/agreements?limit=100", h, &page)
		if page.Pagination.TotalResults != 1000 {
			b.Fatalf("total_results %d, want 1000", page.Pagination.TotalResults)
		}
		checkPage(b, page.Data)
	}
}
