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
	"time"

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
	defer benchtest.CPU(b)()
	for range b.N {
		list, resp, err := c.Agreements.List(ctx, opts)
		if err != nil || resp.Pagination.TotalResults != 1000 {
			b.Fatal(err)
		}
		checkPage(b, list)
	}
}

// plainEnvelope is Zigned's v3 envelope in plain Go.
type plainEnvelope[T any] struct {
	Version      string `json:"version"`
	ResultType   string `json:"result_type"`
	ResourceType string `json:"resource_type"`
	Data         T      `json:"data"`
}

// plainAgreement is an agreement of the page with the same fields as
// zigned.Agreement, in plain Go types shaped as the page sends them: the
// expanded relations as envelopes, the others as ids (time.Time where
// encoding/json parses the value, a string where it cannot).
type plainAgreement struct {
	ID                 string  `json:"id"`
	ResourceType       string  `json:"resource_type"`
	TestMode           bool    `json:"test_mode"`
	Status             string  `json:"status"`
	TrustLevel         string  `json:"trust_level"`
	CancellationReason *string `json:"cancellation_reason"`
	Theme              string  `json:"theme"`
	Issuer             struct {
		Name           string  `json:"name"`
		Email          string  `json:"email"`
		Role           string  `json:"role"`
		ParticipantID  string  `json:"participant_id"`
		SigningRoomURL *string `json:"signing_room_url"`
		Locale         string  `json:"locale"`
	} `json:"issuer"`
	Participants  plainEnvelope[[]*plainParticipant] `json:"participants"`
	Observers     []string                           `json:"observers"`
	SigningGroups []string                           `json:"signing_groups"`
	Documents     struct {
		OriginalDocuments struct {
			Main        plainEnvelope[*plainFile] `json:"main"`
			Attachments []string                  `json:"attachments"`
		} `json:"original_documents"`
		SignedDocument *plainEnvelope[*plainFile] `json:"signed_document"`
	} `json:"documents"`
	SigningOrder struct {
		Enabled bool `json:"enabled"`
		Grouped bool `json:"grouped"`
	} `json:"signing_order"`
	Communication struct {
		SendEmails         bool   `json:"send_emails"`
		DefaultLocale      string `json:"default_locale"`
		AutomaticReminders struct {
			Enabled   bool   `json:"enabled"`
			Intensity string `json:"intensity"`
		} `json:"automatic_reminders"`
		RecipientMessages *string `json:"recipient_messages"`
	} `json:"communication"`
	Metadata struct {
		LookupKey          string `json:"lookup_key"`
		SuccessCallbackURL string `json:"success_callback_url"`
	} `json:"metadata"`
	ExpiresAt string `json:"expires_at"`
	UpdatedAt string `json:"updated_at"`
	CreatedAt string `json:"created_at"`
}

type plainParticipant struct {
	ID             string  `json:"id"`
	ResourceType   string  `json:"resource_type"`
	Name           string  `json:"name"`
	Email          string  `json:"email"`
	Status         string  `json:"status"`
	Order          int     `json:"order"`
	SigningGroup   *string `json:"signing_group"`
	Agreement      string  `json:"agreement"`
	SigningRoomURL string  `json:"signing_room_url"`
	Locale         string  `json:"locale"`
	Role           string  `json:"role"`
	SignedAt       string  `json:"signed_at"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
}

type plainFile struct {
	ID           string `json:"id"`
	ResourceType string `json:"resource_type"`
	Filename     string `json:"filename"`
	MimeType     string `json:"mime_type"`
	URL          string `json:"url"`
	Metadata     struct {
		LookupKey string `json:"lookup_key"`
	} `json:"metadata"`
	CreatedAt string    `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// BenchmarkListPage100Raw is the baseline: the same request through a plain
// http.Client on the same transport, read whole and decoded by
// json.Unmarshal into plain structs with the same fields, and the 11
// timestamps of each agreement parsed as the SDK parses them.
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
			plainEnvelope[[]*plainAgreement]
			Pagination struct {
				Limit        int `json:"limit"`
				TotalPages   int `json:"total_pages"`
				Page         int `json:"page"`
				TotalResults int `json:"total_results"`
			} `json:"pagination"`
		}
		benchtest.GetJSON(b, ctx, hc, zigned.DefaultBaseURL+"/agreements?limit=100", h, &page)
		if list := page.Data; page.Pagination.TotalResults != 1000 || len(list) != 100 || list[99].ID != "c8itw4ybiyldtndi9qn0000099" ||
			len(list[99].Participants.Data) != 2 || list[99].Documents.OriginalDocuments.Main.Data == nil {
			b.Fatalf("bad page: %d agreements", len(list))
		}
		if n := parsePageTimes(page.Data); n != 100*10 {
			b.Fatalf("%d timestamps parsed", n)
		}
	}
}

// parsePageTimes parses the timestamps the SDK parses that the plain
// structs keep as strings (the file's updated_at, RFC 3339, is a time.Time
// already): 10 per agreement.
func parsePageTimes(list []*plainAgreement) int {
	n := 0
	for _, a := range list {
		n += parseTime(a.ExpiresAt) + parseTime(a.UpdatedAt) + parseTime(a.CreatedAt)
		for _, p := range a.Participants.Data {
			n += parseTime(p.SignedAt) + parseTime(p.CreatedAt) + parseTime(p.UpdatedAt)
		}
		n += parseTime(a.Documents.OriginalDocuments.Main.Data.CreatedAt)
	}
	return n
}
