package legacyv1test_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// The document flow against the fake server: create (the id comes from the
// Location header), sign, read the status, download the PDF in its three
// modes.
func Example() {
	srv := legacyv1test.Start()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	created, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{
		Group: legacyv1test.DefaultGroup, Name: "Supplier agreement", Text: "<p>Terms</p>",
		Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created", created.ID)

	_ = srv.Sign(ctx, created.ID, "joe@widgets.com")
	st, _, _ := c.Status.Get(ctx, created.ID)
	fmt.Println("status", st.Status, st.Status.Lifecycle())

	for _, mode := range []legacyv1test.PDFMode{legacyv1test.PDFReady, legacyv1test.PDFRedirect, legacyv1test.PDFArchived} {
		_ = srv.SetPDFMode(created.ID, mode)
		rc, resp, err := c.PDF.Download(ctx, created.ID)
		if errors.Is(err, legacyv1.ErrNotReady) {
			fmt.Println(resp.StatusCode, "not ready yet")
			continue
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		fmt.Printf("%d %q\n", resp.StatusCode, b[:8])
	}
	// Output:
	// created d0c00000-0000-4000-8000-000000000001
	// status signed completed
	// 200 "%PDF-1.4"
	// 200 "%PDF-1.4"
	// 201 not ready yet
}

// Signed callbacks delivered to a receiver built on legacyv1.WebhookProvider:
// each call that changes statuses posts one "all" batch of its changes.
func ExampleServer_Complete() {
	signer, err := legacyv1test.NewSigner(webhooktest.CertOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2024, 3, 20, 7, 9, 52, 0, time.UTC)
	srv := legacyv1test.Start(legacyv1test.WithSigner(signer), legacyv1test.WithClock(func() time.Time { return at }))
	defer srv.Close()

	h := webhook.NewHandler(legacyv1.WebhookProvider(signer.CertificatePEM))
	batches := make(chan *legacyv1.StatusBatch, 2)
	webhook.On(h, func(_ context.Context, b *legacyv1.StatusBatch) error { batches <- b; return nil })
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	ctx := context.Background()
	c := srv.Client()
	_, _ = c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: receiver.URL, Notify: legacyv1.NotifyAll})
	created, _, _ := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{
		Group: legacyv1test.DefaultGroup, Name: "NDA", Text: "<p>Terms</p>",
		Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com"}},
	})
	if err := srv.Complete(ctx, created.ID); err != nil {
		fmt.Println(err)
		return
	}
	for range 2 {
		b := <-batches
		for _, ch := range b.Changes {
			fmt.Println(ch.Kind, ch.Value, ch.Lifecycle(), ch.Time.Format(time.RFC3339))
		}
	}
	// Output:
	// signer 10 sent 2024-03-20T07:09:52Z
	// signer 40 signed 2024-03-20T07:09:52Z
	// document 30 completed 2024-03-20T07:09:52Z
}

// A Signer makes signed callbacks for your own receiver's tests.
func ExampleSigner() {
	signer, err := legacyv1test.NewSigner(webhooktest.CertOptions{V1: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	body, header, _ := signer.SignLegacy(legacyv1test.LegacyDocument{UUID: "d1", Name: "NDA", Group: "/api/v1/group/my-group/"})
	ev, err := legacyv1.ConstructEvent(body, header, signer.CertificatePEM, legacyv1.WithLegacyEvent("signed"))
	if err != nil {
		fmt.Println(err)
		return
	}
	cb := ev.(*legacyv1.LegacyCallback)
	fmt.Println(cb.Type(), cb.DocumentID(), cb.Name, cb.Lifecycle())
	// Output:
	// legacy.signed d1 NDA completed
}

// Status changes missed while the receiver was down, recovered from the
// documents (Documents.Changes) and run through the Handler that receives
// the callbacks: each change is handled once, whether it came in an "all"
// batch or was recovered. What happened in between is lost: the recovered
// document shows its signer signed, not that it was sent first.
func ExampleServer_recoverMissedChanges() {
	signer, err := legacyv1test.NewSigner(webhooktest.CertOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := legacyv1test.Start(legacyv1test.WithSigner(signer))
	defer srv.Close()

	h := webhook.NewHandler(legacyv1.WebhookProvider(signer.CertificatePEM), webhook.WithDedupe(nil, 0))
	webhook.On(h, func(ctx context.Context, b *legacyv1.StatusBatch) error { return legacyv1.ProcessChanges(ctx, h, b) })
	webhook.On(h, func(_ context.Context, ch *legacyv1.StatusChange) error {
		fmt.Println("handled", ch.Kind, ch.ResourceID, ch.Value)
		return nil
	})
	var down atomic.Bool
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer receiver.Close()

	ctx := context.Background()
	c := srv.Client()
	_, _ = c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: receiver.URL, Notify: legacyv1.NotifyAll})
	send := func(name string) string {
		d, _, _ := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: name, Text: "<p>Terms</p>",
			Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com"}}})
		_ = srv.Complete(ctx, d.ID)
		return d.ID
	}
	send("NDA") // delivered and handled
	down.Store(true)
	send("Lease") // its callbacks are refused: missed
	down.Store(false)

	fmt.Println("recovering")
	for ch, err := range c.Documents.Changes(ctx, &legacyv1.ChangesOptions{Group: legacyv1test.DefaultGroup}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		state, err := h.Process(ctx, ch)
		fmt.Println(ch.Kind, ch.ResourceID, ch.Value, state, err)
	}
	// Output:
	// handled signer 5163e700-0000-4000-8000-000000000001 10
	// handled signer 5163e700-0000-4000-8000-000000000001 40
	// handled document d0c00000-0000-4000-8000-000000000001 30
	// recovering
	// signer 5163e700-0000-4000-8000-000000000001 40 done <nil>
	// document d0c00000-0000-4000-8000-000000000001 30 done <nil>
	// handled signer 5163e700-0000-4000-8000-000000000002 40
	// signer 5163e700-0000-4000-8000-000000000002 40 claimed <nil>
	// handled document d0c00000-0000-4000-8000-000000000002 30
	// document d0c00000-0000-4000-8000-000000000002 30 claimed <nil>
}
