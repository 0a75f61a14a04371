package blueinktest_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

// TestContractFlow is the flow of the package documentation, kept
// compiling and passing.
func TestContractFlow(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()

	// Your webhook endpoint, verifying with the shared secret.
	secret, _, err := c.Webhooks.GetSecret(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := webhook.NewHandler(blueink.WebhookProvider(secret.Secret.Reveal()))
	completed := make(chan string, 1)
	webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error {
		completed <- ev.Payload.BundleID
		return nil
	})
	hooks := httptest.NewServer(h)
	defer hooks.Close()
	_, _, err = c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "test hook", URL: hooks.URL,
		EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleComplete}})
	if err != nil {
		t.Fatal(err)
	}

	// The code under test creates a bundle...
	b, _, err := blueink.NewBundleBuilder().Label("NDA").
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
		DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "", blueinktest.PDF("Mutual NDA"))).
		Create(ctx, c.Bundles)
	if err != nil {
		t.Fatal(err)
	}
	// ...the signer signs...
	if err := srv.Complete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	// ...and the webhook has arrived, verified, before Complete returned.
	select {
	case got := <-completed:
		if got != b.ID {
			t.Fatalf("completed %s, want %s", got, b.ID)
		}
	default:
		t.Fatal("bundle_complete was not delivered before Complete returned")
	}
	files, _, err := c.Bundles.ListFiles(ctx, b.ID) // the signed PDF, downloadable
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v, %v", files, err)
	}
}
