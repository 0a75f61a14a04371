package zigned_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// Send an agreement for signing and follow it through signed webhooks. The
// flow runs against zignedtest, an in-memory Zigned; with a real account,
// build the client with zigned.NewClient(clientID, clientSecret).
func Example_sendAgreement() {
	srv := zignedtest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	// A webhook receiver: verify the signature, then decode.
	var secret string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := zigned.ConstructEvent(body, r.Header, secret)
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if a, ok := ev.(*zigned.AgreementEvent); ok {
			fmt.Printf("webhook: %s (%s), agreement %s\n", a.Name, a.Lifecycle(), a.Agreement.Status)
		}
	}))
	defer receiver.Close()
	hook, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{
		URL:    receiver.URL,
		Status: zigned.WebhookActive,
		Subscriptions: []zigned.EventType{
			zigned.EventAgreementLifecyclePending,
			zigned.EventAgreementLifecycleFinalized,
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	secret = hook.Secret.Reveal()

	// 1. Upload the PDF (streamed; Open is called per attempt).
	pdf := []byte("%PDF-1.7\n%%EOF\n")
	file, _, err := c.Files.Upload(ctx, &zigned.FileUpload{
		Filename: "contract.pdf",
		Open:     func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("uploaded:", file.Filename, file.MimeType)

	// 2. Create the agreement, 3. attach the main document, 4. add a signer.
	agreement, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "deal-42"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", agreement.ID, agreement.Status)
	if _, _, err := c.Documents.SetMain(ctx, agreement.ID, file.ID); err != nil {
		log.Fatal(err)
	}
	signer, _, err := c.Participants.Create(ctx, agreement.ID, &zigned.ParticipantRequest{
		Name: "Jane Doe", Email: "jane.doe@example.com",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("participant:", signer.Name, signer.Role, signer.Status)

	// 5. Send it: the agreement becomes pending.
	agreement, _, err = c.Agreements.Send(ctx, agreement.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent:", agreement.Status)

	// The fake server lets the signer sign.
	if err := srv.Complete(ctx, agreement.ID); err != nil {
		log.Fatal(err)
	}
	agreement, _, err = c.Agreements.Get(ctx, agreement.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("final:", agreement.Status, agreement.Documents.SignedDocument.Data.Filename)

	// Output:
	// uploaded: contract.pdf application/pdf
	// created: cagr0000000000000001zt draft
	// participant: Jane Doe signer draft
	// webhook: agreement.lifecycle.pending (sent), agreement pending
	// sent: pending
	// webhook: agreement.lifecycle.finalized (completed), agreement fulfilled
	// final: fulfilled signed-contract.pdf
}

// Verify and decode a delivery in your own handler.
func ExampleConstructEvent() {
	secret := "whsec_example"
	body := []byte(`{"event":"participant.lifecycle.fulfilled","data":{"id":"cpar1","resource_type":"participant","name":"Jane Doe","status":"fulfilled","role":"signer"}}`)
	header := http.Header{}
	header.Set(zigned.SignatureHeader, webhooktest.TimestampedHeader(body, time.Now(), secret))

	ev, err := zigned.ConstructEvent(body, header, secret)
	if err != nil {
		log.Fatal(err)
	}
	switch ev := ev.(type) {
	case *zigned.ParticipantEvent:
		fmt.Println(ev.Name, ev.Participant.Name, ev.Lifecycle())
	case *zigned.UnknownEvent:
		fmt.Println("unknown:", ev.Name)
	}

	_, err = zigned.ConstructEvent(webhooktest.Tamper(body), header, secret)
	fmt.Println(err)
	// Output:
	// participant.lifecycle.fulfilled Jane Doe signed
	// zigned: webhook: signature mismatch
}

// Iterate over every agreement, page after page.
func ExampleAgreementsService_All() {
	srv := zignedtest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: fmt.Sprint("order-", i)}); err != nil {
			log.Fatal(err)
		}
	}
	opts := &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 2, OrderBy: zigned.OrderAsc}}
	for a, err := range c.Agreements.All(ctx, opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.ID, a.Metadata.LookupKey)
	}
	// Output:
	// cagr0000000000000001zt order-0
	// cagr0000000000000002zt order-1
	// cagr0000000000000003zt order-2
}

// Relations decode from every form Zigned sends.
func ExampleRelation() {
	var a struct {
		Theme zigned.Relation[zigned.Theme]           `json:"theme"`
		Main  zigned.Relation[zigned.File]            `json:"main"`
		Group zigned.RelationList[zigned.Participant] `json:"participants"`
	}
	err := jsonUnmarshal(`{
		"theme": "ctheme1",
		"main": {"version":"1.0","result_type":"single","resource_type":"file","data":{"id":"cfile1","filename":"a.pdf"}},
		"participants": null
	}`, &a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Theme.ID, a.Theme.Expanded())
	fmt.Println(a.Main.ID, a.Main.Expanded(), a.Main.Data.Filename)
	fmt.Println(a.Group.IsZero())
	// Output:
	// ctheme1 false
	// cfile1 true a.pdf
	// true
}

// Create an agreement exactly once: the fake commits the create and loses
// the answer, and CreateOnce finds the agreement by its lookup key instead
// of creating a second one.
func ExampleAgreementsService_CreateOnce() {
	srv := zignedtest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	srv.FailNext(zignedtest.LoseAnswer, 0)
	a, resp, err := c.Agreements.CreateOnce(ctx, &zigned.AgreementRequest{LookupKey: "order-42"})
	if err != nil {
		log.Fatal(err)
	}
	all, _, _ := c.Agreements.List(ctx, &zigned.AgreementListOptions{LookupKey: "order-42"})
	fmt.Println(a.Metadata.LookupKey, resp.Recovered, len(all))
	// Output: order-42 true 1
}

// Call an endpoint through the escape hatch: the client's credentials,
// retries and error types, the raw envelope back.
func ExampleClient_Do() {
	srv := zignedtest.Start()
	defer srv.Close()
	c := srv.Client()
	var env struct {
		ResultType string `json:"result_type"`
	}
	_, err := c.Do(context.Background(), &zigned.Request{Path: "agreements"}, &env)
	fmt.Println(env.ResultType, err)
	_, err = c.Do(context.Background(), &zigned.Request{Path: "agreements/nope"}, nil)
	fmt.Println(errors.Is(err, zigned.ErrNotFound), strings.HasPrefix(err.Error(), "zigned: GET "))
	// Output:
	// paginated_list <nil>
	// true true
}

// Recover deliveries a receiver missed: here the webhook was left inactive
// (as Zigned creates them), so the signing reached no one. Replay rebuilds
// the events that happen once per agreement or participant, with the IDs
// their deliveries carry, and the receiver's Handler runs each once:
// replaying twice, or a late delivery, runs nothing again.
func ExampleAgreementsService_Replay() {
	srv := zignedtest.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	hook, _, _ := c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: "https://receiver.example/zigned"}) // inactive
	h := webhook.NewHandler(zigned.WebhookProvider(hook.Secret.Reveal()), webhook.WithDedupe(nil, 0))
	webhook.On(h, func(_ context.Context, ev *zigned.AgreementEvent) error {
		fmt.Println("handled:", ev.Name, ev.Agreement.Status)
		return nil
	})

	file, _, _ := c.Files.Upload(ctx, &zigned.FileUpload{Filename: "contract.pdf",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("%PDF-1.7\n%%EOF\n")), nil }})
	a, _, _ := c.Agreements.Create(ctx, nil)
	_, _, _ = c.Documents.SetMain(ctx, a.ID, file.ID)
	_, _, _ = c.Participants.Create(ctx, a.ID, &zigned.ParticipantRequest{Name: "Jane", Email: "jane@example.com"})
	_, _, _ = c.Agreements.Send(ctx, a.ID)
	_ = srv.Complete(ctx, a.ID)
	fmt.Println("deliveries:", len(srv.Deliveries()))

	for range 2 {
		evs, _, err := c.Agreements.Replay(ctx, a.ID)
		if err != nil {
			log.Fatal(err)
		}
		for _, ev := range evs {
			state, err := h.Process(ctx, ev)
			fmt.Println(ev.Type(), state == webhook.Claimed, err)
		}
	}
	// Output:
	// deliveries: 0
	// participant.lifecycle.fulfilled true <nil>
	// handled: agreement.lifecycle.fulfilled fulfilled
	// agreement.lifecycle.fulfilled true <nil>
	// handled: agreement.lifecycle.finalized fulfilled
	// agreement.lifecycle.finalized true <nil>
	// participant.lifecycle.fulfilled false <nil>
	// agreement.lifecycle.fulfilled false <nil>
	// agreement.lifecycle.finalized false <nil>
}
