package insertsigntest_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/webhook"
)

// Send one delivery of every type to a receiver guarded by basic auth.
func Example() {
	h := webhook.NewHandler(insertsign.WebhookProvider(insertsign.BasicAuth("insertsign", "pw")))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		fmt.Printf("%-17s %-9s %T\n", ev.Type(), ev.Lifecycle(), ev)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	for _, d := range insertsigntest.All(insertsigntest.WithRequestID("req-42")) {
		if _, err := insertsigntest.Send(context.Background(), srv.URL, d.Body,
			insertsigntest.WithBasicAuth("insertsign", "pw")); err != nil {
			fmt.Println(d.Type, err)
		}
	}
	// Output:
	// request.sent      sent      *insertsign.RequestSentEvent
	// request.completed completed *insertsign.RequestCompletedEvent
	// request.archived  other     *insertsign.RequestArchivedEvent
	// request.deleted   cancelled *insertsign.RequestDeletedEvent
	// contact.created   other     *insertsign.ContactCreatedEvent
	// signer.signed     signed    *insertsign.SignerSignedEvent
	// email.delivered   other     *insertsign.EmailDeliveredEvent
	// email.bounced     failed    *insertsign.EmailBouncedEvent
	// email.spammed     failed    *insertsign.EmailSpammedEvent
}

// Build a delivery with the values a test needs, and see what the receiver decodes.
func ExampleRequestCompleted() {
	body := insertsigntest.RequestCompleted(
		insertsigntest.WithRequestID("req-42"),
		insertsigntest.WithTitle("Lease"),
		insertsigntest.WithSigners(
			insertsigntest.Signer{ID: "s2", Name: "Bob", Email: "bob@example.com"},
			insertsigntest.Signer{ID: "s1", Name: "Ann", Email: "ann@example.com"},
		),
	)
	ev, err := insertsign.ParseEvent(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := ev.(*insertsign.RequestCompletedEvent).Request
	fmt.Println(r.ID, r.Title, r.Status, r.Progress)
	for _, s := range r.Signers { // no signer_order outside request.sent: by id
		fmt.Println(s.ID, s.Name, s.Status)
	}
	// Output:
	// req-42 Lease complete 100
	// s1 Ann signed
	// s2 Bob signed
}

// A delivery whose type this SDK does not know yet.
func ExampleBody() {
	body, err := insertsigntest.Body("request.viewed", insertsigntest.DefaultCreatedAt, map[string]string{"request_id": "req-42"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(body))
	// Output: {"created_at":"2024-04-28T04:33:06.277Z","data":{"request_id":"req-42"},"type":"request.viewed"}
}
