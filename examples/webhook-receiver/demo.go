package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// demo is the receiver wired to the fake servers.
type demo struct {
	rcv   *receiver
	hooks *httptest.Server
	sec   secrets
	log   *slog.Logger

	blueInk  *blueinktest.Server
	zigned   *zignedtest.Server
	signeasy *signeasytest.Server
	legacy   *legacyv1test.Server

	blueInkClient  *blueink.Client
	zignedClient   *zigned.Client
	signeasyClient *signeasy.Client
	legacyClient   *legacyv1.Client
}

// runDemo starts the fakes, drives a signing flow on each, waits for the
// Completed events and prints the summary.
func runDemo(ctx context.Context, w io.Writer, log *slog.Logger) error {
	d, err := startDemo(log)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.register(ctx); err != nil {
		return err
	}
	if err := d.drive(ctx); err != nil {
		return err
	}
	if err := d.rcv.waitCompleted(ctx); err != nil {
		return err
	}
	d.rcv.summary(w)
	return nil
}

// startDemo generates the secrets, starts the fake servers configured with
// them and the receiver (on a loopback httptest server) verifying with them.
func startDemo(log *slog.Logger) (*demo, error) {
	d := &demo{log: log}
	d.sec = secrets{blueInk: randomSecret(), zigned: randomSecret(), signeasy: randomSecret(), insertSign: randomSecret()}
	d.legacy = legacyv1test.Start()
	signer, err := d.legacy.Signer()
	if err != nil {
		d.legacy.Close()
		return nil, fmt.Errorf("legacyv1test signer: %w", err)
	}
	d.sec.legalesignCertPEM = signer.CertificatePEM
	d.blueInk = blueinktest.Start(blueinktest.WithWebhookSecret(d.sec.blueInk))
	d.zigned = zignedtest.Start(zignedtest.WithWebhookSecret(d.sec.zigned))
	d.signeasy = signeasytest.Start()

	d.blueInkClient = d.blueInk.Client()
	d.zignedClient = d.zigned.Client()
	d.signeasyClient = d.signeasy.Client()
	d.legacyClient = d.legacy.Client()

	d.rcv = newReceiver(d.sec, log, map[string]downloader{
		pBlueInk:  d.downloadBlueInk,
		pZigned:   d.downloadZigned,
		pSigneasy: d.downloadSigneasy,
		pLegacyV1: d.downloadLegacy,
		// InsertSign has no API: its files are only logged.
	})
	d.hooks = httptest.NewServer(d.rcv)
	return d, nil
}

// Close stops every server.
func (d *demo) Close() {
	d.hooks.Close()
	d.blueInk.Close()
	d.zigned.Close()
	d.signeasy.Close()
	d.legacy.Close()
}

// hookURL is the receiver's URL for one provider.
func (d *demo) hookURL(name string) string { return d.hooks.URL + "/hooks/" + name }

// register subscribes the receiver's URLs with each provider, as an
// application does once (InsertSign's URL is set in its dashboard).
func (d *demo) register(ctx context.Context) error {
	if _, _, err := d.blueInkClient.Webhooks.Create(ctx, &blueink.WebhookRequest{
		Name: "webhook-receiver demo",
		URL:  d.hookURL(pBlueInk),
		EventTypes: []blueink.WebhookEventType{
			blueink.WebhookEventBundleSent, blueink.WebhookEventPacketComplete, blueink.WebhookEventBundleComplete,
			blueink.WebhookEventBundleDocsReady,
		},
	}); err != nil {
		return fmt.Errorf("blueink: create webhook: %w", err)
	}
	if _, _, err := d.zignedClient.Webhooks.Create(ctx, &zigned.WebhookRequest{
		URL:    d.hookURL(pZigned),
		Status: zigned.WebhookActive, // Zigned creates webhooks inactive otherwise: they deliver nothing
		Subscriptions: []zigned.EventType{
			zigned.EventAgreementLifecyclePending, zigned.EventParticipantLifecycleFulfilled,
			zigned.EventAgreementLifecycleFulfilled, zigned.EventAgreementLifecycleFinalized,
		},
	}); err != nil {
		return fmt.Errorf("zigned: create webhook: %w", err)
	}
	if _, err := d.signeasyClient.Callbacks.Create(ctx, &signeasy.CallbackRequest{
		URL:    d.hookURL(pSigneasy),
		Events: signeasy.EventTypes(),
		Token:  webhook.Secret(d.sec.signeasy),
	}); err != nil {
		return fmt.Errorf("signeasy: create callback: %w", err)
	}
	if _, err := d.legacyClient.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{
		URL: d.hookURL(pLegacyV1), Notify: legacyv1.NotifyAll,
	}); err != nil {
		return fmt.Errorf("legacyv1: subscribe: %w", err)
	}
	d.log.InfoContext(ctx, "registered webhook URLs", "base", d.hooks.URL)
	return nil
}

// drive runs one signing flow per provider to completion. The fakes
// deliver synchronously, so the webhooks have arrived when it returns.
func (d *demo) drive(ctx context.Context) error {
	pdf := blueinktest.PDF("Master services agreement")
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil }

	// BlueInk: a bundle with one signer, signed by the fake.
	b, _, err := blueink.NewBundleBuilder().Label("MSA").
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
		DocumentFile("msa", blueink.FileFromBytes("msa.pdf", "", pdf)).
		Field("msa", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-1", Page: 1, X: 10, Y: 70, W: 30, H: 8, Editors: []string{"signer-1"}}).
		Create(ctx, d.blueInkClient.Bundles)
	if err != nil {
		return fmt.Errorf("blueink: create bundle: %w", err)
	}
	if err := d.blueInk.Complete(ctx, b.ID); err != nil {
		return fmt.Errorf("blueink: complete: %w", err)
	}

	// Zigned: upload, agreement, main document, participant, send, sign.
	zc := d.zignedClient
	f, _, err := zc.Files.Upload(ctx, &zigned.FileUpload{Filename: "msa.pdf", Open: open})
	if err != nil {
		return fmt.Errorf("zigned: upload: %w", err)
	}
	a, _, err := zc.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "msa-1"})
	if err != nil {
		return fmt.Errorf("zigned: create agreement: %w", err)
	}
	if _, _, err := zc.Documents.SetMain(ctx, a.ID, f.ID); err != nil {
		return fmt.Errorf("zigned: main document: %w", err)
	}
	if _, _, err := zc.Participants.Create(ctx, a.ID, &zigned.ParticipantRequest{Name: "Jane Doe", Email: "jane@example.com"}); err != nil {
		return fmt.Errorf("zigned: participant: %w", err)
	}
	if _, _, err := zc.Agreements.Send(ctx, a.ID); err != nil {
		return fmt.Errorf("zigned: send: %w", err)
	}
	if err := d.zigned.Complete(ctx, a.ID); err != nil {
		return fmt.Errorf("zigned: complete: %w", err)
	}

	// Signeasy: upload an original, create an envelope, sign.
	sc := d.signeasyClient
	orig, _, err := sc.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "msa.pdf", Open: open})
	if err != nil {
		return fmt.Errorf("signeasy: upload: %w", err)
	}
	env, _, err := sc.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: orig.ID, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
	})
	if err != nil {
		return fmt.Errorf("signeasy: create envelope: %w", err)
	}
	if err := d.signeasy.Sign(ctx, strconv.FormatInt(env.ID, 10), "ada@example.com"); err != nil {
		return fmt.Errorf("signeasy: sign: %w", err)
	}

	// InsertSign: no API; send the deliveries its dashboard would.
	for _, body := range [][]byte{
		insertsigntest.RequestSent(insertsigntest.WithTitle("MSA")),
		insertsigntest.SignerSigned(insertsigntest.WithTitle("MSA")),
		insertsigntest.RequestCompleted(insertsigntest.WithTitle("MSA")),
	} {
		if _, err := insertsigntest.Send(ctx, d.hookURL(pInsertSign), body,
			insertsigntest.WithQueryToken(insertSignTokenParam, d.sec.insertSign)); err != nil {
			return fmt.Errorf("insertsign: send: %w", err)
		}
	}

	// Legalesign v1: create a document, sign (the batch callback follows).
	doc, _, err := d.legacyClient.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{
		Group: legacyv1test.DefaultGroup, Name: "MSA", Text: "<p>Terms</p>",
		Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe@widgets.com"}},
	})
	if err != nil {
		return fmt.Errorf("legacyv1: create document: %w", err)
	}
	if err := d.legacy.Complete(ctx, doc.ID); err != nil { // the callbacks are posted before it returns
		return fmt.Errorf("legacyv1: sign: %w", err)
	}
	return nil
}

// The downloaders, one per provider with an API: each finds the signed
// files of a files-ready event (filesReady) and reads them from the fake.

func (d *demo) downloadBlueInk(ctx context.Context, ev webhook.Event) (string, error) {
	var bundleID string
	switch e := ev.(type) {
	case *blueink.BundleDocsReadyEvent:
		bundleID = e.Payload.BundleID
	default:
		return "", fmt.Errorf("unexpected files-ready event %T", ev)
	}
	files, _, err := d.blueInkClient.Bundles.ListFiles(ctx, bundleID)
	if err != nil {
		return "", err
	}
	var total int64
	for _, f := range files {
		n, err := fetch(ctx, f.FileURL)
		if err != nil {
			return "", err
		}
		total += n
	}
	return fmt.Sprintf("bundle %s: %d file(s), %d bytes", bundleID, len(files), total), nil
}

func (d *demo) downloadZigned(ctx context.Context, ev webhook.Event) (string, error) {
	e, ok := ev.(*zigned.AgreementEvent)
	if !ok || e.Agreement == nil {
		return "", fmt.Errorf("unexpected completed event %T", ev)
	}
	id := e.Agreement.Documents.SignedDocument.ID
	if id == "" {
		return "", errors.New("agreement finalized without a signed document")
	}
	f, _, err := d.zignedClient.Files.Get(ctx, id)
	if err != nil {
		return "", err
	}
	n, err := fetch(ctx, f.URL)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("agreement %s: %s, %d bytes", e.Agreement.ID, f.Filename, n), nil
}

func (d *demo) downloadSigneasy(ctx context.Context, ev webhook.Event) (string, error) {
	e, ok := ev.(interface {
		EnvelopeID() int64
		Sources() []signeasy.Source
	})
	if !ok {
		return "", fmt.Errorf("unexpected completed event %T", ev)
	}
	signed, _, err := d.signeasyClient.Envelopes.GetSigned(ctx, e.EnvelopeID())
	if err != nil {
		return "", err
	}
	var total int64
	for _, src := range e.Sources() {
		rc, _, err := d.signeasyClient.Envelopes.DownloadSigned(ctx, signed.ID, int64(src.SourceID))
		if err != nil {
			return "", err
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return "", err
		}
		total += n
	}
	return fmt.Sprintf("envelope %d: %d document(s), %d bytes", e.EnvelopeID(), len(e.Sources()), total), nil
}

func (d *demo) downloadLegacy(ctx context.Context, ev webhook.Event) (string, error) {
	var ids []string
	switch e := ev.(type) {
	case *legacyv1.StatusBatch:
		// A batch mixes documents: act on its completed document changes.
		for _, ch := range e.Changes {
			if ch.IsDocument() && ch.Lifecycle() == webhook.Completed {
				ids = append(ids, ch.ResourceID)
			}
		}
	case *legacyv1.LegacyCallback:
		ids = append(ids, e.DocumentID())
	default:
		return "", fmt.Errorf("unexpected completed event %T", ev)
	}
	var total int64
	for _, id := range ids {
		rc, _, err := d.legacyClient.PDF.Download(ctx, id)
		if err != nil {
			return "", err
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return "", err
		}
		total += n
	}
	return fmt.Sprintf("%d document(s) %v, %d bytes", len(ids), ids, total), nil
}

// fetch reads a pre-signed file URL (no credentials) and counts its bytes.
func fetch(ctx context.Context, url string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET file: %s", resp.Status)
	}
	return io.Copy(io.Discard, resp.Body)
}

// randomSecret makes a webhook secret for the demo.
func randomSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
