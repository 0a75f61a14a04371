package insertsign_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/webhook"
)

// A receiver: the guard checks the secret token registered in InsertSign's
// dashboard as https://app.example/hooks/insertsign?token=<secret>; the
// handler persists every delivery before answering 200, because InsertSign
// never sends an event twice.
func Example_handler() {
	guard := insertsign.QueryToken("token", "a-long-random-secret")
	if err := guard.Err(); err != nil {
		fmt.Println(err) // fail at startup (log it and exit), not at the first delivery
		return
	}

	var mu sync.Mutex
	var stored [][]byte // stands for your database or queue
	h := webhook.NewHandler(insertsign.WebhookProvider(guard))
	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
		mu.Lock()
		stored = append(stored, ev.Raw()) // persist first; a failure here answers 500
		mu.Unlock()
		switch ev := ev.(type) {
		case *insertsign.RequestCompletedEvent:
			fmt.Printf("completed: %s (%d%%)\n", ev.Request.Title, ev.Request.Progress)
		case *insertsign.SignerSignedEvent:
			fmt.Printf("signed: %s on %s at %s\n", ev.Signing.Name, ev.Signing.Device, ev.Signing.SignedAt.Format("2006-01-02 15:04 MST"))
		case insertsign.EmailEvent:
			fmt.Printf("%s: %s (%s)\n", ev.Type(), ev.EmailMessage().To, ev.Lifecycle())
		}
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	ctx := context.Background()
	for _, body := range [][]byte{insertsigntest.SignerSigned(), insertsigntest.RequestCompleted(), insertsigntest.EmailBounced()} {
		if _, err := insertsigntest.Send(ctx, srv.URL+"/hooks/insertsign", body,
			insertsigntest.WithQueryToken("token", "a-long-random-secret")); err != nil {
			fmt.Println(err)
		}
	}
	status, _ := insertsigntest.Send(ctx, srv.URL+"/hooks/insertsign", insertsigntest.RequestCompleted()) // no token
	fmt.Println("forged delivery:", status)
	mu.Lock()
	fmt.Println("stored:", len(stored))
	mu.Unlock()
	// Output:
	// signed: John Doe on desktop at 2024-04-08 17:06 UTC
	// completed: NDA for Acme (100%)
	// email.bounced: example@gmail.com (failed)
	// forged delivery: 401
	// stored: 3
}

func ExampleParseEvent() {
	body := []byte(`{"created_at":"2024-04-28T04:33:06.277Z","type":"request.sent","data":{
		"request_id":"-N1hyGTaCNaIjJrkReq","account_id":"-Ne_JQph4vWOYBw03Co",
		"request":{"title":"NDA for Acme","status":"sent","progress":0,"sent_date":1698640152432,
			"signers":{"-b":{"id":"-b","name":"Bea"},"-a":{"id":"-a","name":"Al"}},
			"signer_order":["-b","-a"]}}}`)
	ev, err := insertsign.ParseEvent(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	sent := ev.(*insertsign.RequestSentEvent)
	fmt.Println(ev.Type(), ev.Lifecycle(), ev.OccurredAt().Format("2006-01-02T15:04:05.000Z07:00"))
	fmt.Println(sent.Request.Title, sent.Request.Status, sent.Request.SentDate.Format("2006-01-02 15:04:05.000"))
	for i, s := range sent.Request.Signers {
		fmt.Println(i+1, s.Name)
	}
	// Output:
	// request.sent sent 2024-04-28T04:33:06.277Z
	// NDA for Acme sent 2023-10-30 04:29:12.432
	// 1 Bea
	// 2 Al
}

func ExampleParseEvent_unknown() {
	ev, err := insertsign.ParseEvent([]byte(`{"created_at":"2025-01-01T00:00:00.000Z","type":"request.viewed","data":{"request_id":"r1"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	u := ev.(*insertsign.UnknownEvent)
	fmt.Println(u.Type(), u.Lifecycle(), string(u.Data))
	// Output: request.viewed other {"request_id":"r1"}
}

// A guard built without its secret refuses everything instead of accepting
// forged deliveries.
func ExampleGuard_Err() {
	guard := insertsign.BasicAuth("insertsign", "") // e.g. an unset environment variable
	fmt.Println(guard)
	fmt.Println(guard.Err())
	// Output:
	// insertsign.BasicAuth(misconfigured)
	// insertsign: BasicAuth needs a non-empty password: webhook: no secret configured
}

func ExampleEventType_Lifecycle() {
	for _, typ := range []insertsign.EventType{insertsign.EventRequestSent, insertsign.EventSignerSigned, insertsign.EventRequestCompleted,
		insertsign.EventRequestDeleted, insertsign.EventEmailSpammed, insertsign.EventRequestArchived} {
		fmt.Println(typ, typ.Lifecycle())
	}
	// Output:
	// request.sent sent
	// signer.signed signed
	// request.completed completed
	// request.deleted cancelled
	// email.spammed failed
	// request.archived other
}

// The five lines of the package documentation's Testing section: a
// receiver under test gets a delivery built and posted by insertsigntest.
func Example_testing() {
	ctx := context.Background()
	var got string
	h := webhook.NewHandler(insertsign.WebhookProvider(insertsign.QueryToken("token", "test-secret")))
	webhook.On(h, func(ctx context.Context, ev *insertsign.RequestCompletedEvent) error { got = ev.RequestID; return nil })
	srv := httptest.NewServer(h)
	defer srv.Close()
	_, err := insertsigntest.Send(ctx, srv.URL, insertsigntest.RequestCompleted(insertsigntest.WithRequestID("req-42")),
		insertsigntest.WithQueryToken("token", "test-secret"))
	fmt.Println(got, err)
	// Output:
	// req-42 <nil>
}
