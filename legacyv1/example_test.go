package legacyv1_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/webhook/webhooktest"
)

func ExampleNewClient() {
	c, err := legacyv1.NewClient("api-user", "api-secret-value", legacyv1.WithBaseURL(legacyv1.LegacyBaseURL))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c) // never prints the secret
	_, err = legacyv1.NewClient("api-user", "")
	fmt.Println(errors.Is(err, legacyv1.ErrValidation), err)
	// Output:
	// legacyv1.Client{BaseURL: https://api.legalesign.com/api/v1, Username: api-user}
	// true legacyv1: invalid secret: must not be empty
}

func ExampleParseResourceURI() {
	for _, s := range []string{
		"https://eu-api.legalesign.com/api/v1/document/d0d0d0d0-1111-4222-8333-d0d0d0d0d0d0/",
		"/api/v1/group/my-group/",
	} {
		resource, id, err := legacyv1.ParseResourceURI(s)
		fmt.Println(resource, id, err)
	}
	fmt.Println(legacyv1.GroupURI("my-group"), legacyv1.IDFromURI("/api/v1/signer/abc/"))
	// Output:
	// document d0d0d0d0-1111-4222-8333-d0d0d0d0d0d0 <nil>
	// group my-group <nil>
	// /api/v1/group/my-group/ abc
}

func ExampleSignerStatus() {
	for _, s := range []legacyv1.SignerStatus{legacyv1.SignerSent, legacyv1.SignerEmailOpened, legacyv1.SignerSigned, legacyv1.SignerRejected} {
		fmt.Println(int(s), s, s.Lifecycle())
	}
	fmt.Println(int(legacyv1.DocumentSigned), legacyv1.DocumentSigned, legacyv1.DocumentSigned.Lifecycle())
	// Output:
	// 10 sent sent
	// 15 email_opened viewed
	// 40 signed signed
	// 60 rejected declined
	// 30 signed completed
}

// The "all" callback of Legalesign's documentation, decoded without
// verification.
func ExampleParseEvent() {
	data := `[{"timestamp": "2018-03-20T07:09:52", "name": "status", "value": "40", "resource_uri": "/api/v1/signer/[signer-id]/"},
		{"timestamp": "2018-03-20T07:09:52", "name": "status", "value": "30", "resource_uri": "/api/v1/document/[doc-id]/"}]`
	body := []byte(url.Values{"data": {data}, "signed": {"not-checked-here"}}.Encode())
	ev, err := legacyv1.ParseEvent(body) // a form: JSON bodies start with '{'.
	if err != nil {
		fmt.Println(err)
		return
	}
	batch := ev.(*legacyv1.StatusBatch)
	fmt.Println(batch.Type(), batch.Lifecycle())
	for _, ch := range batch.Changes {
		fmt.Println(ch.Kind, ch.ResourceID, ch.Value, ch.Lifecycle(), ch.Time)
	}
	// Output:
	// status_batch completed
	// signer [signer-id] 40 signed 2018-03-20 07:09:52 +0000 UTC
	// document [doc-id] 30 completed 2018-03-20 07:09:52 +0000 UTC
}

// Verify and decode a signed callback with the certificate Legalesign gave
// you (here a test certificate).
func ExampleConstructEvent() {
	signer, err := legacyv1test.NewSigner(webhooktest.CertOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	body, header, _ := signer.SignBatchData(`[{"timestamp": "2024-01-02T03:04:05", "name": "status", "value": "60", "resource_uri": "/api/v1/signer/s1/"}]`)

	ev, err := legacyv1.ConstructEvent(body, header, signer.CertificatePEM)
	if err != nil {
		fmt.Println(err)
		return
	}
	ch := ev.(*legacyv1.StatusBatch).Changes[0]
	fmt.Println(ch.Kind, ch.ResourceID, ch.SignerStatus, ch.Lifecycle())

	_, err = legacyv1.ConstructEvent(webhooktest.Tamper(body), header, signer.CertificatePEM)
	fmt.Println(err != nil)
	// Output:
	// signer s1 rejected declined
	// true
}

// Iterate over every document of a group; pages are fetched as needed.
func ExampleDocumentsService_All() {
	srv := legacyv1test.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	for _, name := range []string{"NDA", "Lease", "Invoice"} {
		_, _, _ = c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: "my-group", Name: name, Text: "<p>" + name + "</p>",
			Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com"}}})
	}
	for d, err := range c.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: "my-group", ListOptions: legacyv1.ListOptions{Limit: 2}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.Name, d.Status)
	}
	// Output:
	// NDA created
	// Lease created
	// Invoice created
}

func ExamplePDFService_Download() {
	srv := legacyv1test.Start(legacyv1test.WithPDFMode(legacyv1test.PDFArchived))
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	created, _, _ := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: "my-group", Name: "Old", Text: "<p>x</p>",
		Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com"}}})
	_, _, err := c.PDF.Download(ctx, created.ID)
	var nr *legacyv1.NotReadyError
	fmt.Println(errors.Is(err, legacyv1.ErrNotReady), errors.As(err, &nr), nr.Message)
	// Output:
	// true true Being de-archived, available in 4 hours
}
