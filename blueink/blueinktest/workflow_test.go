package blueinktest_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

// TestWorkflowEndToEnd runs the whole BlueInk flow through the real client
// and a real webhook.Handler: multipart draft → send → view → complete →
// signed webhooks received and verified → files, data, COE, verify, logs.
func TestWorkflowEndToEnd(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)

	secret, _, err := c.Webhooks.GetSecret(ctx)
	require.NoError(t, err)
	require.Len(t, secret.Secret.Reveal(), 32)
	require.Equal(t, srv.WebhookSecret(), secret.Secret.Reveal())
	wh := subscribe(t, c, rcv.URL)

	// Create a draft from an uploaded PDF (multipart).
	srv.ResetRequests()
	b, resp, err := nda().Draft().Create(ctx, c.Bundles)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, "/api/v2/bundles/", reqs[0].Path)
	assert.Equal(t, "Token "+blueinktest.DefaultAPIKey, reqs[0].Header.Get("Authorization"))
	mt, params, err := mime.ParseMediaType(reqs[0].Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	parts := map[string][]byte{}
	mr := multipart.NewReader(bytes.NewReader(reqs[0].Body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		data, _ := io.ReadAll(p)
		parts[p.FormName()] = data
	}
	assert.Contains(t, string(parts["bundle_request"]), `"file_index":0`)
	assert.True(t, bytes.HasPrefix(parts["files[0]"], []byte("%PDF-")))

	assert.Len(t, b.ID, 10)
	assert.Equal(t, blueink.BundleDraft, b.Status)
	assert.Equal(t, "NDA", b.Label)
	assert.Equal(t, "nda-1", b.CustomKey)
	assert.True(t, b.IsTest)
	assert.False(t, b.Created.IsZero())
	require.Len(t, b.Documents, 1)
	assert.Equal(t, blueink.BundleDocument{Key: "nda", Name: "nda.pdf"}, b.Documents[0])
	require.Len(t, b.Packets, 2)
	for i, p := range b.Packets {
		assert.Len(t, p.ID, 10)
		assert.Equal(t, blueink.PacketNew, p.Status)
		assert.Equal(t, []string{"signer-1", "signer-2"}[i], p.Key)
		assert.Equal(t, blueink.DeliverViaEmail, p.DeliverVia)
	}
	assert.Empty(t, rcv.Events(), "a draft sends nothing")

	v, _, err := c.Bundles.Validate(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleValidation{CanSend: true, NumDocs: 1}, *v)

	// Send.
	b, _, err = c.Bundles.Send(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleSent, b.Status)
	assert.Equal(t, blueink.PacketSent, b.Packets[0].Status)
	assert.Equal(t, []string{"bundle_sent"}, rcv.Types(), "delivered before Send returned")

	_, _, err = c.Bundles.ListFiles(ctx, b.ID)
	assert.ErrorIs(t, err, blueink.ErrConflict, "files are not ready before completion")
	_, _, err = c.Packets.Certificate(ctx, b.Packets[0].ID)
	assert.ErrorIs(t, err, blueink.ErrConflict)

	// Signer 1 views and completes, filling the company field.
	p1, p2 := b.Packets[0].ID, b.Packets[1].ID
	require.NoError(t, srv.View(ctx, b.ID, p1))
	got, _, err := c.Bundles.Get(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleStarted, got.Status)
	assert.Equal(t, blueink.PacketStarted, got.Packets[0].Status)
	assert.False(t, got.Packets[0].LastAccessedAt.IsZero())
	require.NoError(t, srv.SignWith(ctx, b.ID, p1, map[string]any{"company": "Initech"}))
	_, _, err = c.Bundles.GetData(ctx, b.ID)
	assert.ErrorIs(t, err, blueink.ErrConflict, "data waits for the bundle")

	// Signer 2 through the convenience helper.
	require.NoError(t, srv.Complete(ctx, b.ID))

	assert.Equal(t, []string{
		"bundle_sent", "packet_viewed", "packet_complete", "packet_viewed", "packet_complete",
		"bundle_complete", "bundle_docs_ready",
	}, rcv.Types())
	wantPacket := []string{"", p1, p1, p2, p2, "", ""}
	for i, ev := range rcv.Events() {
		env, isBlueInk := blueink.EnvelopeOf(ev)
		require.True(t, isBlueInk)
		assert.Equal(t, b.ID, env.Payload.BundleID, ev.Type())
		assert.Equal(t, wantPacket[i], env.Payload.PacketID, ev.Type())
		assert.Equal(t, blueinktest.AccountID, env.AccountID)
		assert.False(t, env.EventDate.IsZero())
		assert.Equal(t, blueink.ProviderName, ev.Provider())
		// The event id is the webhook event record of the API.
		we, _, err := c.Webhooks.GetEvent(ctx, ev.ID())
		require.NoError(t, err)
		assert.Equal(t, wh.ID, we.Webhook)
		assert.Equal(t, blueink.WebhookEventType(ev.Type()), we.EventType)
		assert.True(t, we.Success)
		assert.Equal(t, 200, we.Status)
		require.Len(t, we.Deliveries, 1)
		assert.Equal(t, string(ev.Raw()), we.Payload)
	}
	evs := rcv.Events()
	assert.IsType(t, &blueink.BundleSentEvent{}, evs[0])
	assert.IsType(t, &blueink.PacketViewedEvent{}, evs[1])
	assert.IsType(t, &blueink.PacketCompleteEvent{}, evs[2])
	assert.IsType(t, &blueink.BundleCompleteEvent{}, evs[5])
	assert.IsType(t, &blueink.BundleDocsReadyEvent{}, evs[6])
	assert.Equal(t, webhook.Completed, evs[5].Lifecycle())

	// Every delivery verifies independently with the shared secret.
	dels := srv.Deliveries()
	require.Len(t, dels, 7)
	for _, d := range dels {
		assert.True(t, d.OK())
		assert.Equal(t, rcv.URL, d.URL)
		assert.Equal(t, "application/json", d.Header.Get("Content-Type"))
		assert.True(t, strings.HasPrefix(d.Header.Get("X-Blueink-Signature"), "v0="))
		ev, err := blueink.ConstructEvent(d.Body, d.Header, secret.Secret.Reveal())
		require.NoError(t, err)
		assert.Equal(t, string(d.Event), ev.Type())
		_, err = blueink.ConstructEvent(d.Body, d.Header, "wrong-secret")
		assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
	}

	// The bundle is complete with its documents ready.
	got, _, err = c.Bundles.Get(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleComplete, got.Status)
	assert.True(t, got.DocsReady)
	for _, p := range got.Packets {
		assert.Equal(t, blueink.PacketComplete, p.Status)
		assert.False(t, p.CompletedAt.IsZero())
	}

	// Files: a real PDF whose SHA-256 Verify recognizes.
	files, _, err := c.Bundles.ListFiles(ctx, b.ID)
	require.NoError(t, err)
	require.Len(t, files, 1)
	assert.True(t, files[0].Expires.After(srv.Now()))
	status, pdf := download(t, files[0].FileURL)
	require.Equal(t, http.StatusOK, status)
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-1.4")))
	assert.Contains(t, string(pdf), b.ID)
	sum := sha256.Sum256(pdf)
	vr, _, err := c.Verify(ctx, hex.EncodeToString(sum[:]))
	require.NoError(t, err)
	assert.Equal(t, true, vr.Fields["verified"])
	assert.Equal(t, b.ID, vr.Fields["bundle_id"])

	// Data: the values each signer entered.
	data, _, err := c.Bundles.GetData(ctx, b.ID)
	require.NoError(t, err)
	byKey := map[string]*blueink.BundleFieldData{}
	for _, d := range data {
		byKey[d.FieldKey] = d
	}
	require.Len(t, byKey, 3)
	assert.Equal(t, blueink.BundleFieldData{DocKey: "nda", FieldKey: "company", Kind: blueink.FieldInput, Label: "Company",
		FilledBy: "signer-1", PacketID: p1, Value: "Initech", Attachments: []blueink.Attachment{}}, *byKey["company"])
	assert.Equal(t, "Peter Gibbons", byKey["sig-1"].Value)
	assert.Equal(t, "Samir Nagheenanajar", byKey["sig-2"].Value)
	assert.Equal(t, p2, byKey["sig-2"].PacketID)
	assert.Len(t, got.Data, 3, "Bundle.data carries the same values")

	// Certificates of Evidence: the checksum matches the served file.
	for _, id := range []string{p1, p2} {
		coe, _, err := c.Packets.Certificate(ctx, id)
		require.NoError(t, err)
		status, body := download(t, coe.FileURL)
		require.Equal(t, http.StatusOK, status)
		sum := sha256.Sum256(body)
		assert.Equal(t, hex.EncodeToString(sum[:]), coe.SHA256)
		assert.Contains(t, string(body), id)
	}

	// History and delivery log.
	hist, _, err := c.Bundles.ListEvents(ctx, b.ID)
	require.NoError(t, err)
	var kinds []string
	for _, h := range hist {
		kinds = append(kinds, h.Kind)
	}
	assert.Equal(t, []string{"dr", "se", "se", "se", "st", "co", "st", "co", "co"}, kinds)
	dl, resp, err := c.Webhooks.ListDeliveries(ctx, &blueink.WebhookDeliveryListOptions{Webhook: wh.ID})
	require.NoError(t, err)
	assert.Len(t, dl, 7)
	assert.Equal(t, 7, resp.Pagination.TotalResults)
	for _, d := range dl {
		assert.Equal(t, 200, d.Status)
		assert.Equal(t, "HTTP 200", d.Message)
	}
}
