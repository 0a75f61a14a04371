// Command quickstart is the esign tour: the BlueInk client, its webhooks and
// the blueinktest fake server, in one short program.
//
//	go run ./examples/quickstart
//
// Without BLUEINK_PRIVATE_API_KEY it starts blueinktest in-process and runs
// the whole flow against it: it builds a small PDF, creates a draft bundle
// by multipart upload, registers a local webhook.Handler (verifying with the
// shared secret from GET /webhooks/secret/), sends the bundle, lists bundles
// through the iterator with a filter, lets the fake's signers view and sign,
// and fetches the signed file, the field data and the certificates of
// evidence, printing one line per step and one per verified webhook.
//
// With BLUEINK_PRIVATE_API_KEY set (and optionally BLUEINK_API_URL) it runs
// read-only steps against that API: it lists a few bundles and the
// webhooks, and says whether a webhook secret exists. It creates nothing and
// never prints the secret.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is the program: env reads the environment (os.Getenv in main).
func run(ctx context.Context, w io.Writer, env func(string) string) error {
	if key := strings.TrimSpace(env(blueink.EnvAPIKey)); key != "" {
		return runLive(ctx, w, key, strings.TrimSpace(env(blueink.EnvAPIURL)))
	}
	return runFake(ctx, w)
}

// printer prints numbered steps and indented details.
type printer struct {
	w    io.Writer
	step int
}

func (l *printer) Step(format string, args ...any) {
	l.step++
	fmt.Fprintf(l.w, "[%d] %s\n", l.step, fmt.Sprintf(format, args...))
}

func (l *printer) Detail(format string, args ...any) {
	fmt.Fprintf(l.w, "    %s\n", fmt.Sprintf(format, args...))
}

// inbox collects the webhooks the local handler accepted (verified and
// decoded); the main goroutine prints them after each step.
type inbox struct {
	mu     sync.Mutex
	events []webhook.Event
	read   int
}

func (in *inbox) add(_ context.Context, ev webhook.Event) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.events = append(in.events, ev)
	return nil
}

// drain prints the webhooks received since the last call.
func (in *inbox) drain(l *printer) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, ev := range in.events[in.read:] {
		env, _ := blueink.EnvelopeOf(ev)
		subject := "bundle " + env.Payload.BundleID
		if env.Payload.PacketID != "" {
			subject = "packet " + env.Payload.PacketID
		}
		l.Detail("<- webhook %-17s signature verified, %s, lifecycle %s", ev.Type(), subject, ev.Lifecycle())
	}
	in.read = len(in.events)
}

func (in *inbox) count() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.events)
}

// Signers of the demo bundle.
var signers = []blueink.PacketRequest{
	{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"},
	{Key: "signer-2", Name: "Samir Nagheenanajar", Email: "samir@example.com"},
}

func runFake(ctx context.Context, w io.Writer) error {
	l := &printer{w: w}
	fmt.Fprintln(w, "esign quickstart: BLUEINK_PRIVATE_API_KEY is not set, so this runs on an in-process fake BlueInk (blueinktest).")

	srv := blueinktest.Start(blueinktest.WithSeed(2024))
	defer srv.Close()
	c := srv.Client()
	l.Step("started the fake BlueInk API in-process and a blueink.Client for it")

	// A local webhook endpoint that verifies every delivery with the shared
	// secret and decodes it to a typed event.
	secret, _, err := c.Webhooks.GetSecret(ctx)
	if err != nil {
		return fmt.Errorf("get webhook secret: %w", err)
	}
	in := &inbox{}
	h := webhook.NewHandler(blueink.WebhookProvider(secret.Secret.Reveal()), webhook.WithDedupe(nil, 0))
	h.OnAny(in.add)
	receiver := httptest.NewServer(h)
	defer receiver.Close()
	var types []blueink.WebhookEventType
	for _, t := range blueink.EventTypes() {
		types = append(types, blueink.WebhookEventType(t))
	}
	wh, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "quickstart receiver", URL: receiver.URL, EventTypes: types})
	if err != nil {
		return fmt.Errorf("register webhook: %w", err)
	}
	l.Step("registered webhook %s for %d event types; deliveries are verified with the shared secret (%d characters, not shown)", wh.ID, len(wh.EventTypes), len(secret.Secret.Reveal()))

	pdf := blueinktest.PDF("Mutual non-disclosure agreement", "Signed with esign's quickstart.")
	l.Step("generated a one-page PDF (%d bytes)", len(pdf))

	b, _, err := blueink.NewBundleBuilder().
		Label("Quickstart NDA").Test(true).Draft().
		Signer(signers[0]).Signer(signers[1]).
		DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "application/pdf", pdf)).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldInput, Key: "company", Label: "Company", Page: 1, X: 10, Y: 60, W: 30, H: 3, Editors: []string{"signer-1"}}).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-1", Page: 1, X: 10, Y: 70, W: 30, H: 8, Editors: []string{"signer-1"}}).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-2", Page: 1, X: 50, Y: 70, W: 30, H: 8, Editors: []string{"signer-2"}}).
		Create(ctx, c.Bundles)
	if err != nil {
		return fmt.Errorf("create bundle: %w", err)
	}
	if len(b.Documents) == 0 {
		return fmt.Errorf("create bundle: bundle %s has no documents", b.ID)
	}
	l.Step("created draft bundle %s by multipart upload: %q, %d signers, document %s (status %s)",
		b.ID, b.Label, len(b.Packets), b.Documents[0].Name, b.Status)
	in.drain(l)

	b, _, err = c.Bundles.Send(ctx, b.ID)
	if err != nil {
		return fmt.Errorf("send bundle: %w", err)
	}
	l.Step("sent bundle %s (status %s)", b.ID, b.Status)
	in.drain(l)

	n := 0
	var listed []string
	for lb, err := range c.Bundles.All(ctx, &blueink.BundleListOptions{Status: blueink.BundleSent, Search: "quickstart"}) {
		if err != nil {
			return fmt.Errorf("list bundles: %w", err)
		}
		n++
		listed = append(listed, fmt.Sprintf("%s %q", lb.ID, lb.Label))
	}
	l.Step("listed bundles with status=se and search=quickstart through the iterator: %d found: %s", n, strings.Join(listed, ", "))

	values := map[string]map[string]any{"signer-1": {"company": "Initech"}}
	for _, p := range b.Packets {
		if err := srv.View(ctx, b.ID, p.ID); err != nil {
			return err
		}
		if err := srv.SignWith(ctx, b.ID, p.ID, values[p.Key]); err != nil {
			return err
		}
		l.Step("%s (packet %s) opened and signed the bundle", p.Name, p.ID)
		in.drain(l)
	}

	b, _, err = c.Bundles.Get(ctx, b.ID)
	if err != nil {
		return fmt.Errorf("get bundle: %w", err)
	}
	files, _, err := c.Bundles.ListFiles(ctx, b.ID)
	if err != nil {
		return fmt.Errorf("list files: %w", err)
	}
	if len(files) == 0 {
		return fmt.Errorf("list files: bundle %s has no files", b.ID)
	}
	signed, err := fetch(ctx, files[0].FileURL)
	if err != nil {
		return fmt.Errorf("download signed file: %w", err)
	}
	sum := sha256.Sum256(signed)
	vr, _, err := c.Verify(ctx, hex.EncodeToString(sum[:]))
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	l.Step("bundle %s is %s (docs ready: %t); downloaded the signed PDF (%d bytes, starts with %q); POST /verify/ says verified=%v",
		b.ID, b.Status, b.DocsReady, len(signed), prefix(string(signed), 5), vr.Fields["verified"])

	data, _, err := c.Bundles.GetData(ctx, b.ID)
	if err != nil {
		return fmt.Errorf("get data: %w", err)
	}
	l.Step("field data (%d values):", len(data))
	names := map[string]string{} // filled_by is a packet key
	for _, p := range signers {
		names[p.Key] = p.Name
	}
	for _, d := range data {
		by := d.FilledBy
		if name, ok := names[by]; ok {
			by += " (" + name + ")"
		}
		l.Detail("%s.%s = %q, filled by %s", d.DocKey, d.FieldKey, fmt.Sprint(d.Value), by)
	}

	l.Step("certificates of evidence:")
	for _, p := range b.Packets {
		coe, _, err := c.Packets.Certificate(ctx, p.ID)
		if err != nil {
			return fmt.Errorf("certificate: %w", err)
		}
		body, err := fetch(ctx, coe.FileURL)
		if err != nil {
			return fmt.Errorf("download certificate: %w", err)
		}
		got := sha256.Sum256(body)
		state := "matches"
		if hex.EncodeToString(got[:]) != coe.SHA256 {
			state = "DOES NOT MATCH"
		}
		l.Detail("%s: %d bytes, sha256 %s…, checksum %s", p.Name, len(body), prefix(coe.SHA256, 12), state)
	}

	deliveries, _, err := c.Webhooks.ListDeliveries(ctx, &blueink.WebhookDeliveryListOptions{Webhook: wh.ID})
	if err != nil {
		return fmt.Errorf("list deliveries: %w", err)
	}
	okCount := 0
	for _, d := range deliveries {
		if d.Status == http.StatusOK {
			okCount++
		}
	}
	l.Step("%d webhooks received and verified; BlueInk's delivery log shows %d deliveries, %d answered 200", in.count(), len(deliveries), okCount)
	if in.count() != len(deliveries) || okCount != len(deliveries) {
		return errors.New("some webhook deliveries failed")
	}
	fmt.Fprintln(w, "done.")
	return nil
}

// runLive runs read-only calls against the real API (or BLUEINK_API_URL).
func runLive(ctx context.Context, w io.Writer, key, baseURL string) error {
	var opts []blueink.Option
	if baseURL != "" {
		opts = append(opts, blueink.WithBaseURL(baseURL))
	}
	c, err := blueink.NewClient(key, opts...)
	if err != nil {
		return err
	}
	l := &printer{w: w}
	fmt.Fprintf(w, "esign quickstart: read-only tour of the BlueInk API at %s (nothing is created).\n", c.BaseURL())

	const show = 5
	var lines []string
	for b, err := range c.Bundles.All(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: show}}) {
		if err != nil {
			return fmt.Errorf("list bundles: %w", err)
		}
		lines = append(lines, fmt.Sprintf("%s  %-2s  %q  created %s", b.ID, b.Status, b.Label, b.Created.Format(time.DateOnly)))
		if len(lines) == show {
			break
		}
	}
	l.Step("bundles, newest first (at most %d): %d", show, len(lines))
	for _, line := range lines {
		l.Detail("%s", line)
	}

	var hooks []*blueink.Webhook
	for h, err := range c.Webhooks.All(ctx, nil) {
		if err != nil {
			return fmt.Errorf("list webhooks: %w", err)
		}
		hooks = append(hooks, h)
	}
	l.Step("webhooks: %d", len(hooks))
	for _, h := range hooks {
		l.Detail("%s  %s  enabled=%t  %d event types", h.ID, h.URL, h.Enabled, len(h.EventTypes))
	}

	secret, _, err := c.Webhooks.GetSecret(ctx)
	switch {
	case errors.Is(err, blueink.ErrNotFound):
		l.Step("webhook shared secret: not generated yet")
	case err != nil:
		return fmt.Errorf("get webhook secret: %w", err)
	case secret.Secret.Reveal() == "":
		l.Step("webhook shared secret: empty")
	default:
		l.Step("webhook shared secret: present (created %s; not shown)", secret.CreateDate.Format(time.DateOnly))
	}
	fmt.Fprintln(w, "done.")
	return nil
}

// prefix returns at most the first n bytes of s.
func prefix(s string, n int) string { return s[:min(n, len(s))] }

// fetch downloads a pre-signed file URL (no credentials).
func fetch(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET file: %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 32<<20))
}
