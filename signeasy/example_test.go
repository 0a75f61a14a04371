package signeasy_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/webhook"
)

// The tour runs against the in-memory fake; with real credentials use
// signeasy.NewClientWithCredentials(id, secret) or signeasy.NewClientFromEnv().
func Example() {
	srv := signeasytest.Start()
	defer srv.Close()
	c := srv.Client() // client credentials against the fake's token endpoint
	ctx := context.Background()

	orig, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{
		Name:     "Offer letter",
		FileName: "offer.pdf",
		Open:     func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("%PDF-1.4 ...")), nil },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: orig.ID, Type: signeasy.SourceOriginal, Name: "Offer letter", SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
		Message:    "Please sign",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("original:", orig.ID, orig.Name)
	fmt.Println("envelope:", env.ID, env.Status, env.Recipients[0].Email, env.Recipients[0].Status)

	_, err = c.Envelopes.Cancel(ctx, env.ID)
	fmt.Println("cancel:", err)
	_, err = c.Envelopes.Cancel(ctx, env.ID)
	var apiErr *signeasy.APIError
	if errors.As(err, &apiErr) { // Signeasy refuses with 401 unauthorized_resource
		fmt.Println("cancel again:", apiErr.StatusCode, apiErr.Code)
	}
	// Output:
	// original: 100001 Offer letter
	// envelope: 300001 incomplete ada@example.com not_viewed
	// cancel: <nil>
	// cancel again: 401 unauthorized_resource
}

// Fields go next to a text found in the document, or at fixed points
// (0,0 is the bottom left corner); dates take their format in
// AdditionalInfo. Sources without a SourceID are numbered 1, 2, ...
func ExampleEnvelopesService_Create() {
	srv := signeasytest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	lease := srv.AddOriginal("lease.pdf", []byte("%PDF-1.4 lease"))
	nda := srv.AddTemplate("NDA", "Tenant")

	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources: []signeasy.Source{{ID: lease, Type: signeasy.SourceOriginal}, {ID: nda, Type: signeasy.SourceTemplate}},
		Recipients: []signeasy.EnvelopeRecipient{
			{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"},
		},
		RecipientRoleMapping: []signeasy.RoleMapping{{SourceID: 2, RoleID: 1, RecipientID: 1}},
		MergeFields:          []signeasy.MergeField{{SourceID: 2, Label: "tenant", Value: "Ada Lovelace"}},
		FieldsPayload: []signeasy.Field{
			{RecipientID: 1, SourceID: 1, Type: signeasy.FieldSignature, Required: true, PageNumber: "all",
				Position: signeasy.FieldPosition{ReferenceText: "Tenant signature", YOffset: 10, Width: 120, Height: 40}},
			{RecipientID: 1, SourceID: 1, Type: signeasy.FieldDate, PageNumber: "1",
				Position:       signeasy.FieldPosition{X: 400, Y: 72, Width: 90, Height: 20},
				AdditionalInfo: map[string]any{"format": "DD/MM/YYYY"}},
		},
		EmbeddedSigning:     true,
		SignaturePanelTypes: []string{signeasy.PanelDraw},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range env.Sources {
		fmt.Println("source", s.SourceID, s.Type, s.Name)
	}
	u, _, err := c.Envelopes.SigningURL(ctx, env.ID, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com"})
	fmt.Println(err == nil && u.URL != "", env.Status, bool(env.HasMarkers))
	// Output:
	// source 1 original lease.pdf
	// source 2 template NDA
	// true incomplete true
}

const delivery = `{
  "data": {"id": 235649, "name": "Offer letter - Prashanth.pdf", "status": "complete",
    "sources": [{"id": 223221, "name": "Offer letter", "type": "original"}],
    "recipients": [{"recipient_id": 377928, "email": "prashanth.signeasy@gmail.com", "status": "finalized", "last_modified_time": 1591780621}]},
  "metadata": {"token": "myloooooooongtokenbiggerthan12chars", "event_type": "rs.completed",
    "event_user_id": 1, "client_id": "6xkfd7cC9TEcXPOy1jxbHg9k8O8IpmQRAt7AWrTm", "event_user": "prashanth.signeasy@gmail.com"}
}`

func ExampleConstructEvent() {
	ev, err := signeasy.ConstructEvent([]byte(delivery), nil, "myloooooooongtokenbiggerthan12chars")
	if err != nil {
		fmt.Println(err)
		return
	}
	switch e := ev.(type) {
	case *signeasy.CompletedEvent:
		fmt.Println(e.Type(), e.Lifecycle(), "v", e.Version())
		fmt.Println("envelope", e.EnvelopeID(), e.Envelope.Status)
		for _, s := range e.Sources() {
			fmt.Println("source", s.ID, s.Type, s.Name)
		}
		fmt.Println("token:", e.Metadata.Token) // never printed
		fmt.Println("at:", e.OccurredAt().UTC().Format("2006-01-02 15:04:05"))
	}

	_, err = signeasy.ConstructEvent([]byte(delivery), nil, "some-other-token-value")
	fmt.Println(err)
	// Output:
	// rs.completed completed v 2
	// envelope 235649 complete
	// source 223221 original Offer letter
	// token: [REDACTED]
	// at: 2020-06-10 09:17:01
	// signeasy: webhook: token mismatch
}

// v1 deliveries carry no token and a single file: accept them only
// explicitly, while migrating.
func ExampleAllowV1() {
	v1 := `{"data": {"id": 235649, "status": "incomplete", "recipients": []},
	  "metadata": {"event_type": "rs.viewed", "event_user_id": 1, "client_id": "c", "event_user": "a@example.com"}}`
	_, err := signeasy.ConstructEvent([]byte(v1), nil, "myloooooooongtokenbiggerthan12chars")
	fmt.Println(err)

	ev, _ := signeasy.ConstructEvent([]byte(v1), nil, "myloooooooongtokenbiggerthan12chars", signeasy.AllowV1())
	viewed := ev.(*signeasy.ViewedEvent)
	fmt.Println(viewed.Type(), "v", viewed.Version(), "file", viewed.FileID(), "sources", viewed.Sources())
	// Output:
	// signeasy: webhook: missing token: v1 delivery without token (pass signeasy.AllowV1() to accept v1)
	// rs.viewed v 1 file 235649 sources []
}

func ExampleWebhookProvider() {
	h := webhook.NewHandler(signeasy.WebhookProvider("myloooooooongtokenbiggerthan12chars"))
	webhook.On(h, func(_ context.Context, ev *signeasy.CompletedEvent) error {
		fmt.Println("completed:", ev.EnvelopeID())
		return nil
	})
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		fmt.Println("lifecycle:", ev.Lifecycle())
		return nil
	})

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/hooks/signeasy", strings.NewReader(delivery)))
	fmt.Println(rec.Code)

	rec = httptest.NewRecorder()
	forged := strings.Replace(delivery, "myloooooooong", "forged-token-", 1)
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/hooks/signeasy", strings.NewReader(forged)))
	fmt.Println(rec.Code)
	// Output:
	// completed: 235649
	// lifecycle: completed
	// 200
	// 401
}

func ExampleCallbacksService_List() {
	srv := signeasytest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{
		URL:    "https://app.example/hooks/signeasy",
		Events: []signeasy.EventType{signeasy.EventCompleted, signeasy.EventDeclined},
		Token:  "myloooooooongtokenbiggerthan12chars",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	cbs, _, _ := c.Callbacks.List(ctx)
	for _, cb := range cbs {
		fmt.Printf("%+v\n", *cb) // the token is hidden
		fmt.Println(len(cb.Token.Reveal()))
	}
	// Output:
	// {URL:https://app.example/hooks/signeasy Events:[rs.completed rs.declined] Token:[REDACTED]}
	// 35
}

// A completed envelope's signed file: found from the envelope, downloaded
// merged with its audit certificate (streamed), listed among the
// embedded-signed files.
func ExampleSignedService_Download() {
	srv := signeasytest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	doc := srv.AddOriginal("nda.pdf", []byte("%PDF-1.4 ..."))
	env, err := func() (*signeasy.Envelope, error) {
		env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
			Sources:         []signeasy.Source{{ID: doc, Type: signeasy.SourceOriginal}},
			Recipients:      []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", Email: "ada@example.com"}},
			EmbeddedSigning: true,
		})
		if err != nil {
			return nil, err
		}
		return env, srv.Complete(ctx, strconv.FormatInt(env.ID, 10)) // the fake plays the signer
	}()
	if err != nil {
		fmt.Println(err)
		return
	}
	signed, _, err := c.Envelopes.GetSigned(ctx, env.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	pdf, resp, err := c.Signed.Download(ctx, signed.ID, &signeasy.SignedDownloadOptions{IncludeCertificate: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pdf.Close()
	n, _ := io.Copy(io.Discard, pdf)
	fmt.Println(resp.Header.Get("Content-Type"), n > 0)

	files, _, _ := c.Signed.ListEmbedded(ctx)
	fmt.Println(files[0].ID == signed.ID, files[0].PendingFile.ID == env.ID)
	// Output:
	// application/pdf true
	// true true
}
