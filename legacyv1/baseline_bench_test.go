// Legalesign v1's list-page benchmark beside a raw baseline (net/http +
// encoding/json) so the SDK/raw ratio is visible (the webhook pair is in
// webhook_bench_test.go):
//
//	go test -run '^$' -bench 'ListPage100|Webhook' -benchmem ./legacyv1
//
// They use the external test package, as a caller would.

package legacyv1_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/legacyv1"
)

const (
	benchUser   = "api-user-7f3a"
	benchSecret = "s3cr3t-0123456789abcdef0123456789abcdef"
)

// documentJSON is one Tastypie document with its signers (positional
// arrays, mixed types as the API sends them) and signer objects.
func documentJSON(id string) string {
	return `{"archived":false,"auto_archive":true,"append_pdf":true,"append_history":false,"cc_emails":null,` +
		`"created":"2020-05-20T15:10:00","do_email":false,"download_final":true,"footer":"","footer_height":null,` +
		`"group":"/api/v1/group/my-group/","has_fields":true,` +
		`"hash_value":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","header":"","header_height":40,` +
		`"modified":"2020-05-21T09:30:15.250000+00:00","name":"test cs_agreement","pdf_password_type":2,` +
		`"pdftext":{"Company":"Widgets Ltd"},"redirect":"https://example.com/redirect-receive/",` +
		`"resource_uri":"/api/v1/document/` + id + `/","return_signer_links":false,"sign_time":"2020-05-21T09:30:00","signature_type":4,` +
		`"signers":[["/api/v1/signer/s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0/","Joe","Biggins","joe.biggins@widgets.com","",true,40,0],` +
		`["/api/v1/signer/s1s1s1s1-1111-4222-8333-s1s1s1s1s1s1/","Betty","MacLean","betty.maclean@widgets.com","+447700900123","True","10","1"]],` +
		`"signer_objects":[{"firstname":"Joe","lastname":"Biggins","email":"joe.biggins@widgets.com","order":0,"role":"signer","tel":"","status":40,` +
		`"uuid":"s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0","resource_uri":"/api/v1/signer/s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0/"}],` +
		`"signers_in_order":1,"status":30,"tag":"contract2020myref","tag1":"my_other_ref","tag2":"andFinalRef","template":null,` +
		`"templatepdf":"/api/v1/templatepdf/p0p0p0p0-1111-4222-8333-p0p0p0p0p0p0/","text":"",` +
		`"user":"/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/","uuid":"` + id + `"}`
}

// listPage100 is GET /document/ answering a Tastypie page of 100 documents.
func listPage100() *benchtest.StaticTransport {
	objs := make([]string, 100)
	for i := range objs {
		objs[i] = documentJSON(fmt.Sprintf("d0d0d0d0-1111-4222-8333-%012d", i))
	}
	return &benchtest.StaticTransport{Body: []byte(`{"meta":{"limit":100,"next":"/api/v1/document/?limit=100&offset=100",` +
		`"offset":0,"previous":null,"total_count":1000},"objects":[` + strings.Join(objs, ",") + `]}`)}
}

func checkPage(b *testing.B, docs []*legacyv1.Document) {
	if len(docs) != 100 || docs[99].UUID != "d0d0d0d0-1111-4222-8333-000000000099" || len(docs[99].Signers) != 2 {
		b.Fatalf("bad page: %d documents", len(docs))
	}
}

// BenchmarkListPage100 decodes one page of 100 documents through
// Documents.List on an in-memory transport.
func BenchmarkListPage100(b *testing.B) {
	tr := listPage100()
	c, err := legacyv1.NewClient(benchUser, benchSecret, legacyv1.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		b.Fatal(err)
	}
	opts := &legacyv1.DocumentListOptions{Group: "my-group", ListOptions: legacyv1.ListOptions{Limit: 100}}
	ctx := context.Background()
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		docs, resp, err := c.Documents.List(ctx, opts)
		if err != nil || resp.Pagination.Next == "" {
			b.Fatal(err)
		}
		checkPage(b, docs)
	}
}

// plainDocument is a document of the page with the same fields as
// legacyv1.Document, in plain Go types (time.Time where encoding/json
// parses the value, a string where it cannot; the positional signer
// arrays as []any).
type plainDocument struct {
	UUID              string          `json:"uuid"`
	ResourceURI       string          `json:"resource_uri"`
	Name              string          `json:"name"`
	Group             string          `json:"group"`
	User              string          `json:"user"`
	Status            int             `json:"status"`
	Archived          bool            `json:"archived"`
	AutoArchive       bool            `json:"auto_archive"`
	AppendPDF         bool            `json:"append_pdf"`
	AppendHistory     bool            `json:"append_history"`
	CCEmails          *string         `json:"cc_emails"`
	Created           string          `json:"created"`
	Modified          time.Time       `json:"modified"`
	DoEmail           bool            `json:"do_email"`
	DownloadFinal     bool            `json:"download_final"`
	Footer            string          `json:"footer"`
	FooterHeight      *int            `json:"footer_height"`
	Header            string          `json:"header"`
	HeaderHeight      *int            `json:"header_height"`
	HasFields         bool            `json:"has_fields"`
	HashValue         string          `json:"hash_value"`
	PDFPasswordType   int             `json:"pdf_password_type"`
	PDFText           json.RawMessage `json:"pdftext"`
	Redirect          string          `json:"redirect"`
	ReturnSignerLinks bool            `json:"return_signer_links"`
	SignTime          string          `json:"sign_time"`
	SignatureType     int             `json:"signature_type"`
	Signers           [][]any         `json:"signers"`
	SignerObjects     []struct {
		FirstName   string `json:"firstname"`
		LastName    string `json:"lastname"`
		Email       string `json:"email"`
		Order       int    `json:"order"`
		Role        string `json:"role"`
		Tel         string `json:"tel"`
		Status      int    `json:"status"`
		UUID        string `json:"uuid"`
		ResourceURI string `json:"resource_uri"`
	} `json:"signer_objects"`
	SignersInOrder int     `json:"signers_in_order"`
	Tag            string  `json:"tag"`
	Tag1           string  `json:"tag1"`
	Tag2           string  `json:"tag2"`
	Template       *string `json:"template"`
	TemplatePDF    string  `json:"templatepdf"`
	Text           string  `json:"text"`
}

// BenchmarkListPage100Raw is the baseline: the same request through a plain
// http.Client on the same transport, read whole and decoded by
// json.Unmarshal into plain structs with the same fields.
func BenchmarkListPage100Raw(b *testing.B) {
	tr := listPage100()
	hc := &http.Client{Transport: tr}
	ctx := context.Background()
	h := http.Header{"Authorization": {"ApiKey " + benchUser + ":" + benchSecret}, "Accept": {"application/json"}}
	b.SetBytes(int64(len(tr.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		var page struct {
			Meta struct {
				Limit      int     `json:"limit"`
				Next       string  `json:"next"`
				Offset     int     `json:"offset"`
				Previous   *string `json:"previous"`
				TotalCount int     `json:"total_count"`
			} `json:"meta"`
			Objects []*plainDocument `json:"objects"`
		}
		benchtest.GetJSON(b, ctx, hc, legacyv1.DefaultBaseURL+"/document/?group=my-group&limit=100", h, &page)
		if docs := page.Objects; page.Meta.Next == "" || len(docs) != 100 ||
			docs[99].UUID != "d0d0d0d0-1111-4222-8333-000000000099" || len(docs[99].Signers) != 2 {
			b.Fatalf("bad page: %d documents", len(docs))
		}
	}
}
