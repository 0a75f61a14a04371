package blueinktest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

// The whole flow on a deterministic server: create a bundle from an
// uploaded PDF, let the signer sign, receive the verified webhooks, fetch
// the signed file.
func Example() {
	ctx := context.Background()
	srv := blueinktest.Start(
		blueinktest.WithSeed(1),
		blueinktest.WithClock(func() time.Time { return time.Date(2025, 4, 7, 15, 43, 8, 0, time.UTC) }),
	)
	defer srv.Close()
	c := srv.Client()

	// A webhook endpoint verifying with the shared secret (and the server's
	// fixed clock, since the signature timestamp comes from it).
	secret, _, err := c.Webhooks.GetSecret(ctx)
	if err != nil {
		panic(err)
	}
	var (
		mu     sync.Mutex
		events []string
	)
	h := webhook.NewHandler(blueink.WebhookProvider(secret.Secret.Reveal(), webhook.WithClock(srv.Now)))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, fmt.Sprintf("%s (%s)", ev.Type(), ev.Lifecycle()))
		return nil
	})
	hooks := httptest.NewServer(h)
	defer hooks.Close()
	_, _, err = c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "test hook", URL: hooks.URL, EventTypes: []blueink.WebhookEventType{
		blueink.WebhookEventBundleSent, blueink.WebhookEventPacketComplete, blueink.WebhookEventBundleComplete,
	}})
	if err != nil {
		panic(err)
	}

	b, _, err := blueink.NewBundleBuilder().Label("NDA").Test(true).
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
		DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "", blueinktest.PDF("Mutual NDA"))).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-1", Page: 1, X: 10, Y: 70, W: 30, H: 8, Editors: []string{"signer-1"}}).
		Create(ctx, c.Bundles)
	if err != nil {
		panic(err)
	}
	fmt.Println("created", b.ID, b.Status, "signer", b.Packets[0].ID)

	if err := srv.Complete(ctx, b.ID); err != nil {
		panic(err)
	}
	b, _, err = c.Bundles.Get(ctx, b.ID)
	if err != nil {
		panic(err)
	}
	fmt.Println("now", b.Status, "docs ready:", b.DocsReady)

	files, _, err := c.Bundles.ListFiles(ctx, b.ID)
	if err != nil {
		panic(err)
	}
	resp, err := http.Get(files[0].FileURL)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println("signed file:", resp.Header.Get("Content-Type"), "expires", files[0].Expires.Format(time.RFC3339))

	mu.Lock()
	defer mu.Unlock()
	for _, e := range events {
		fmt.Println("webhook:", e)
	}
	// Output:
	// created Ts4bQUZp2D se signer OZHSJQzhp9
	// now co docs ready: true
	// signed file: application/pdf expires 2025-04-07T15:53:08Z
	// webhook: bundle_sent (sent)
	// webhook: packet_complete (signed)
	// webhook: bundle_complete (completed)
}

// FailNext makes the next request fail, here with 503: the client retries
// the GET and succeeds.
func ExampleServer_FailNext() {
	srv := blueinktest.Start()
	defer srv.Close()
	c := srv.Client()

	srv.FailNext(http.StatusServiceUnavailable, time.Second)
	_, resp, err := c.Bundles.List(context.Background(), nil)
	fmt.Println(resp.StatusCode, err)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path)
	}
	// Output:
	// 200 <nil>
	// GET /api/v2/bundles/
	// GET /api/v2/bundles/
}

// SignWith fills the signer's fields; GetData then shows the values
// and who entered them: the signer's packet key, or "initial" for a value
// pre-filled at creation that the signer left as it was.
func ExampleServer_SignWith() {
	ctx := context.Background()
	srv := blueinktest.Start()
	defer srv.Close()
	c := srv.Client()

	b, _, err := blueink.NewBundleBuilder().
		Signer(blueink.PacketRequest{Key: "buyer", Name: "Ann Smith", Email: "ann@example.com"}).
		DocumentURL("offer", "https://example.com/offer.pdf").
		Field("offer", blueink.DocumentRequestField{Kind: blueink.FieldInput, Key: "terms", InitialValue: "Net 30", Editors: []string{"buyer"}}).
		Field("offer", blueink.DocumentRequestField{Kind: blueink.FieldInput, Key: "price", Editors: []string{"buyer"}}).
		Field("offer", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig", Editors: []string{"buyer"}}).
		Create(ctx, c.Bundles)
	if err != nil {
		panic(err)
	}
	if err := srv.SignWith(ctx, b.ID, "buyer", map[string]any{"price": "1200"}); err != nil {
		panic(err)
	}
	data, _, err := c.Bundles.GetData(ctx, b.ID)
	if err != nil {
		panic(err)
	}
	for _, d := range data {
		fmt.Printf("%s = %v (by %s)\n", d.FieldKey, d.Value, d.FilledBy)
	}
	// Output:
	// terms = Net 30 (by initial)
	// price = 1200 (by buyer)
	// sig = Ann Smith (by buyer)
}

// EmitTo delivers any event, even one BlueInk does not define, to test how
// a receiver copes; it arrives as *blueink.UnknownEvent.
func ExampleServer_EmitTo() {
	ctx := context.Background()
	srv := blueinktest.Start()
	defer srv.Close()
	c := srv.Client()

	h := webhook.NewHandler(blueink.WebhookProvider(srv.WebhookSecret()))
	got := make(chan webhook.Event, 1)
	h.OnAny(func(_ context.Context, ev webhook.Event) error { got <- ev; return nil })
	hooks := httptest.NewServer(h)
	defer hooks.Close()
	wh, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "test hook", URL: hooks.URL})
	if err != nil {
		panic(err)
	}

	if err := srv.EmitTo(ctx, wh.ID, "bundle_archived", blueink.EventPayload{BundleID: "plHoBZRHwM"}); err != nil {
		panic(err)
	}
	ev := <-got
	fmt.Printf("%T %s %s\n", ev, ev.Type(), ev.Lifecycle())
	// Output:
	// *blueink.UnknownEvent bundle_archived other
}

// PDF makes a small valid document to upload.
func ExamplePDF() {
	pdf := blueinktest.PDF("Hello")
	fmt.Printf("%s %d bytes\n", pdf[:8], len(pdf))
	// Output: %PDF-1.4 589 bytes
}
