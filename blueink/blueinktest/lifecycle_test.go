package blueinktest_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/webhook"
)

func inOrderRequest() *blueink.BundleRequest {
	req := simpleRequest("in order")
	req.InOrder = true
	req.Packets = append(req.Packets, blueink.PacketRequest{Key: "signer-2", Name: "Samir", Email: "samir@example.com"})
	return req
}

func TestInOrderSigning(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	b, _, err := c.Bundles.Create(ctx, inOrderRequest())
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, []int{b.Packets[0].Order, b.Packets[1].Order})
	assert.Equal(t, blueink.PacketSent, b.Packets[0].Status)
	assert.Equal(t, blueink.PacketNew, b.Packets[1].Status, "the second signer waits")

	err = srv.View(ctx, b.ID, b.Packets[1].ID)
	assert.ErrorIs(t, err, blueinktest.ErrState)
	require.NoError(t, srv.Sign(ctx, b.ID, b.Packets[0].ID))
	got, _, err := c.Bundles.Get(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleStarted, got.Status)
	assert.Equal(t, blueink.PacketSent, got.Packets[1].Status, "now it is their turn")
	assert.False(t, got.Packets[0].LastAccessedAt.IsZero(), "completing implies opening")
	require.NoError(t, srv.Sign(ctx, b.ID, b.Packets[1].ID))
	got, _, err = c.Bundles.Get(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleComplete, got.Status)
	assert.ErrorIs(t, srv.Sign(ctx, b.ID, b.Packets[1].ID), blueinktest.ErrState, "already complete")
}

func TestDeclineReassignExpireFail(t *testing.T) {
	ctx := ctxT(t)

	t.Run("decline cancels", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		rcv := newReceiver(t, srv)
		subscribe(t, c, rcv.URL)
		b, _, err := c.Bundles.Create(ctx, inOrderRequest())
		require.NoError(t, err)
		require.NoError(t, srv.Decline(ctx, b.ID, b.Packets[0].ID, "wrong name"))
		assert.Equal(t, []string{"bundle_sent", "packet_declined", "bundle_cancelled"}, rcv.Types())
		assert.Equal(t, webhook.Declined, rcv.Events()[1].Lifecycle())
		got, _, err := c.Bundles.Get(ctx, b.ID)
		require.NoError(t, err)
		assert.Equal(t, blueink.BundleCancelled, got.Status)
		assert.Equal(t, blueink.PacketCancelled, got.Packets[1].Status)
		hist, _, err := c.Bundles.ListEvents(ctx, b.ID)
		require.NoError(t, err)
		assert.Equal(t, "Peter Gibbons declined to sign: wrong name", hist[len(hist)-2].Description)
	})

	t.Run("reassign", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		rcv := newReceiver(t, srv)
		subscribe(t, c, rcv.URL)
		b, _, err := c.Bundles.Create(ctx, simpleRequest("reassign"))
		require.NoError(t, err)
		require.NoError(t, srv.View(ctx, b.ID, b.Packets[0].ID))
		newID, err := srv.Reassign(ctx, b.ID, b.Packets[0].ID, "Michael Bolton", "michael@example.com")
		require.NoError(t, err)
		got, _, err := c.Bundles.Get(ctx, b.ID)
		require.NoError(t, err)
		require.Len(t, got.Packets, 2)
		assert.Equal(t, blueink.PacketReassigned, got.Packets[0].Status)
		assert.Equal(t, blueink.Packet{ID: newID, Key: "signer-1", Name: "Michael Bolton", Email: "michael@example.com",
			Status: blueink.PacketSent, DeliverVia: blueink.DeliverViaEmail}, *got.Packets[1])
		ev := rcv.Events()[len(rcv.Events())-1].(*blueink.BundleSignerReassignedEvent)
		assert.Equal(t, newID, ev.Payload.PacketID)
		id, found := srv.PacketID(b.ID, "signer-1")
		require.True(t, found)
		assert.Equal(t, newID, id)
		assert.ErrorIs(t, srv.Sign(ctx, b.ID, b.Packets[0].ID), blueinktest.ErrState)
		require.NoError(t, srv.Complete(ctx, b.ID))
		got, _, err = c.Bundles.Get(ctx, b.ID)
		require.NoError(t, err)
		assert.Equal(t, blueink.BundleComplete, got.Status)
	})

	t.Run("expire", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		b, _, err := srv.Client().Bundles.Create(ctx, simpleRequest("expire"))
		require.NoError(t, err)
		require.NoError(t, srv.Expire(ctx, b.ID))
		assert.Equal(t, blueink.BundleExpired, srv.Bundle(b.ID).Status)
		assert.ErrorIs(t, srv.Expire(ctx, b.ID), blueinktest.ErrState)
		assert.ErrorIs(t, srv.Cancel(ctx, b.ID), blueinktest.ErrState)
	})

	t.Run("fail", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		rcv := newReceiver(t, srv)
		subscribe(t, c, rcv.URL, blueink.WebhookEventBundleError)
		b, _, err := c.Bundles.Create(ctx, simpleRequest("fail"))
		require.NoError(t, err)
		require.NoError(t, srv.Fail(ctx, b.ID, "Could not download https://www.irs.gov/pub/irs-pdf/fw9.pdf"))
		got, _, err := c.Bundles.Get(ctx, b.ID)
		require.NoError(t, err)
		assert.Equal(t, blueink.BundleFailed, got.Status)
		assert.Equal(t, []blueink.BundleError{{Code: blueink.ErrorCodeError, Message: "Could not download https://www.irs.gov/pub/irs-pdf/fw9.pdf", Errors: []blueink.BundleFieldError{}}}, got.Errors)
		assert.Equal(t, []string{"bundle_error"}, rcv.Types())
		assert.Equal(t, webhook.Failed, rcv.Events()[0].Lifecycle())
	})

	t.Run("invalid initial value fails asynchronously", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		req := simpleRequest("initial")
		req.Documents[0].(*blueink.DocumentRequest).Fields = []blueink.DocumentRequestField{{Kind: blueink.FieldCheckbox, Key: "chk-1", InitialValue: "yes", Editors: []string{"signer-1"}}}
		b, resp, err := c.Bundles.Create(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.Equal(t, blueink.BundleFailed, b.Status)
		require.Len(t, b.Errors, 1)
		assert.Equal(t, []blueink.BundleFieldError{{Field: "documents[0].fields[0].initial_value",
			Message: `Invalid initial_value for a checkbox: "yes" (expected true or false).`}}, b.Errors[0].Errors, "decoded from the spec's \"messsage\" key")
	})

	t.Run("base64 documents", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		req := simpleRequest("b64")
		req.Documents = []blueink.RequestDocument{&blueink.DocumentRequest{Key: "inline", FileB64: base64.StdEncoding.EncodeToString(blueinktest.PDF("inline"))}}
		b, _, err := srv.Client().Bundles.Create(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, blueink.BundleSent, b.Status)
		assert.Equal(t, "inline.pdf", b.Documents[0].Name)
	})

	t.Run("helpers on unknown ids", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		for _, err := range []error{
			srv.Send(ctx, "nope"), srv.View(ctx, "nope", "signer-1"), srv.Sign(ctx, "nope", "signer-1"),
			srv.SignWith(ctx, "nope", "signer-1", nil), srv.Complete(ctx, "nope"), srv.Decline(ctx, "nope", "signer-1", ""), srv.Cancel(ctx, "nope"),
			srv.Expire(ctx, "nope"), srv.Fail(ctx, "nope", "x"),
		} {
			assert.ErrorIs(t, err, blueinktest.ErrNotFound)
		}
		_, err := srv.Reassign(ctx, "nope", "signer-1", "a", "a@example.com")
		assert.ErrorIs(t, err, blueinktest.ErrNotFound)
		assert.Nil(t, srv.Bundle("nope"))
		_, found := srv.PacketID("nope", "signer-1")
		assert.False(t, found)
		b, _, err := srv.Client().Bundles.Create(ctx, simpleRequest("known"))
		require.NoError(t, err)
		assert.ErrorIs(t, srv.Sign(ctx, b.ID, "signer-9"), blueinktest.ErrNotFound, "an unknown signer of a known bundle")
		require.NoError(t, srv.View(ctx, b.ID, "PETER@example.com"), "a signer by email")
		require.NoError(t, srv.Sign(ctx, b.ID, "signer-1"), "a signer by key")
		assert.Equal(t, blueink.BundleComplete, srv.Bundle(b.ID).Status)
	})

	t.Run("helpers check state and field keys", func(t *testing.T) {
		srv := blueinktest.NewServer(t)
		c := srv.Client()
		draftReq := simpleRequest("draft")
		draftReq.Status = blueink.BundleDraft
		d, _, err := c.Bundles.Create(ctx, draftReq)
		require.NoError(t, err)
		assert.ErrorIs(t, srv.View(ctx, d.ID, d.Packets[0].ID), blueinktest.ErrState, "drafts are not sent yet")
		assert.ErrorIs(t, srv.Complete(ctx, d.ID), blueinktest.ErrState)
		require.NoError(t, srv.Send(ctx, d.ID))
		assert.ErrorIs(t, srv.Send(ctx, d.ID), blueinktest.ErrState)
		err = srv.SignWith(ctx, d.ID, d.Packets[0].ID, map[string]any{"no-such-field": 1})
		assert.ErrorContains(t, err, `cannot fill field "no-such-field"`)
		assert.Equal(t, blueink.BundleSent, srv.Bundle(d.ID).Status, "nothing changed")
	})
}

func TestRemindIntervalAndLinkExpiry(t *testing.T) {
	clk := newClock(time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC))
	srv := blueinktest.NewServer(t, blueinktest.WithClock(clk.Now))
	c := srv.Client()
	ctx := ctxT(t)
	b, _, err := c.Bundles.Create(ctx, simpleRequest("remind"))
	require.NoError(t, err)
	_, _, err = c.Packets.Remind(ctx, b.Packets[0].ID)
	require.NoError(t, err)
	clk.Advance(59 * time.Minute)
	_, _, err = c.Packets.Remind(ctx, b.Packets[0].ID)
	assert.ErrorIs(t, err, blueink.ErrConflict)
	clk.Advance(time.Minute)
	_, _, err = c.Packets.Remind(ctx, b.Packets[0].ID)
	assert.NoError(t, err)

	require.NoError(t, srv.Complete(ctx, b.ID))
	files, _, err := c.Bundles.ListFiles(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, clk.Now().Add(blueinktest.LinkLifetime), files[0].Expires.Time)
	clk.Advance(blueinktest.LinkLifetime + time.Second)
	status, body := download(t, files[0].FileURL)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, string(body), "Request has expired")
	files, _, err = c.Bundles.ListFiles(ctx, b.ID)
	require.NoError(t, err)
	status, _ = download(t, files[0].FileURL)
	assert.Equal(t, http.StatusOK, status, "a fresh link works")
	status, _ = download(t, srv.Root()+"/files/unknown/x.pdf")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestPersonsAndPackets(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	p, _, err := c.Persons.Create(ctx, &blueink.PersonRequest{Name: "Tom", Channels: []blueink.ContactChannel{{Kind: blueink.ChannelEmail, Email: "tom@example.com"}}})
	require.NoError(t, err)
	req := simpleRequest("person")
	req.Packets = []blueink.PacketRequest{{Key: "signer-1", PersonID: p.ID}}
	b, _, err := c.Bundles.Create(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, "tom@example.com", b.Packets[0].Email)
	assert.Equal(t, p.ID, b.Packets[0].PersonID)

	_, err = c.Persons.Delete(ctx, p.ID)
	assert.ErrorIs(t, err, blueink.ErrConflict, "linked to a live bundle")

	// Updating the packet adds the new contact to the Person.
	_, _, err = c.Packets.Update(ctx, b.Packets[0].ID, &blueink.PacketUpdate{Name: "Thomas", Email: "thomas@example.com"})
	require.NoError(t, err)
	got, _, err := c.Persons.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, "Thomas", got.Name)
	require.Len(t, got.Channels, 2)
	assert.Equal(t, "thomas@example.com", got.Channels[1].Email)

	// Packet updates must stay deliverable.
	_, _, err = c.Packets.Update(ctx, b.Packets[0].ID, &blueink.PacketUpdate{DeliverVia: blueink.DeliverViaPhone})
	var apiErr *blueink.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []blueink.FieldError{{Field: "non_field_errors", Message: "A phone number is required to deliver by phone."}}, apiErr.Fields)
	resp := rawJSON(t, srv, "PATCH", "packets/"+b.Packets[0].ID+"/", map[string]any{"deliver_via": "embed"})
	assert.Equal(t, http.StatusBadRequest, resp.Status)

	require.NoError(t, srv.Complete(ctx, b.ID))
	_, err = c.Persons.Delete(ctx, p.ID)
	assert.NoError(t, err, "the bundle is finished")
	_, _, err = c.Packets.Update(ctx, b.Packets[0].ID, &blueink.PacketUpdate{Name: "Late"})
	assert.ErrorIs(t, err, blueink.ErrBadRequest, "a complete packet cannot change")
}

func TestSeedMakesServersDeterministic(t *testing.T) {
	run := func() []string {
		srv := blueinktest.NewServer(t, blueinktest.WithSeed(42))
		c := srv.Client()
		b, _, err := c.Bundles.Create(ctxT(t), simpleRequest("seeded"))
		require.NoError(t, err)
		p, _, err := c.Persons.Create(ctxT(t), &blueink.PersonRequest{Name: "x"})
		require.NoError(t, err)
		return []string{srv.WebhookSecret(), b.ID, b.Packets[0].ID, p.ID}
	}
	first, second := run(), run()
	assert.Equal(t, first, second)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`), first[3])
	other := blueinktest.NewServer(t, blueinktest.WithSeed(43)).WebhookSecret()
	assert.NotEqual(t, first[0], other)
}

// TestPDF: blueinktest.PDF is the engine's PDF (its structure is tested
// in internal/fakeserver), text escaped.
func TestPDF(t *testing.T) {
	pdf := blueinktest.PDF("Hello (world) \\ ünïcode")
	assert.Equal(t, fakeserver.PDF("Hello (world) \\ ünïcode"), pdf)
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")))
	assert.Contains(t, string(pdf), `(Hello \(world\) \\ ?n?code) Tj`)
}

// TestConcurrentUse hammers the server from several goroutines (run with
// -race).
func TestConcurrentUse(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)
	subscribe(t, c, rcv.URL)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _, err := c.Bundles.Create(ctx, simpleRequest(fmt.Sprint("c", i)))
			if !assert.NoError(t, err) {
				return
			}
			assert.NoError(t, srv.Complete(ctx, b.ID))
			_, _, err = c.Bundles.List(ctx, nil)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Len(t, rcv.Events(), 8*5)
	assert.Len(t, srv.Deliveries(), 8*5)
}

// GetData reports who entered each value as the 2.2.3 schema documents:
// filled_by is the signer's packet key (with packet_id), "initial" for an
// initial_value the signer left as it was, "default" for a template's
// default value (both with a null packet_id).
func TestFieldDataFilledBy(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	tmpl := srv.AddTemplate(blueink.Template{
		Name:  "MSA",
		Roles: []blueink.TemplateRole{{Key: "customer"}},
		Fields: []blueink.TemplateField{
			{Kind: blueink.FieldInput, Key: "t-default", DefaultValue: "ACME", EditorRoles: []string{"customer"}},
			{Kind: blueink.FieldInput, Key: "t-value", DefaultValue: "ACME", EditorRoles: []string{"customer"}},
			{Kind: blueink.FieldSignature, Key: "t-sig", EditorRoles: []string{"customer"}},
		},
	})
	req := simpleRequest("filled by")
	req.Documents = []blueink.RequestDocument{
		&blueink.DocumentRequest{Key: "w9", FileURL: "https://www.irs.gov/pub/irs-pdf/fw9.pdf", Fields: []blueink.DocumentRequestField{
			{Kind: blueink.FieldInput, Key: "f-init", InitialValue: "Net 30", Editors: []string{"signer-1"}},
			{Kind: blueink.FieldInput, Key: "f-typed", Editors: []string{"signer-1"}},
		}},
		&blueink.TemplateRequest{Key: "msa", TemplateID: tmpl,
			Assignments: []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}},
			FieldValues: []blueink.TemplateFieldValue{{Key: "t-value", InitialValue: "Initech"}}},
	}
	b, _, err := c.Bundles.Create(ctx, req)
	require.NoError(t, err)
	p := b.Packets[0].ID
	require.NoError(t, srv.View(ctx, b.ID, p))
	require.NoError(t, srv.SignWith(ctx, b.ID, p, map[string]any{"f-typed": "typed"}))

	data, _, err := c.Bundles.GetData(ctx, b.ID)
	require.NoError(t, err)
	got := map[string][3]any{}
	for _, d := range data {
		got[d.DocKey+"."+d.FieldKey] = [3]any{d.FilledBy, d.PacketID, d.Value}
	}
	assert.Equal(t, map[string][3]any{
		"w9.f-init":     {blueink.FilledByInitial, "", "Net 30"},
		"w9.f-typed":    {"signer-1", p, "typed"},
		"msa.t-default": {blueink.FilledByDefault, "", "ACME"},
		"msa.t-value":   {blueink.FilledByInitial, "", "Initech"},
		"msa.t-sig":     {"signer-1", p, "Peter Gibbons"},
	}, got)

	// A signer who types over a pre-filled value becomes its filler.
	b2, _, err := c.Bundles.Create(ctx, req)
	require.NoError(t, err)
	p2 := b2.Packets[0].ID
	require.NoError(t, srv.View(ctx, b2.ID, p2))
	require.NoError(t, srv.SignWith(ctx, b2.ID, p2, map[string]any{"f-init": "Net 60", "t-default": "Globex"}))
	data, _, err = c.Bundles.GetData(ctx, b2.ID)
	require.NoError(t, err)
	for _, d := range data {
		switch d.FieldKey {
		case "f-init", "t-default":
			assert.Equal(t, "signer-1", d.FilledBy, d.FieldKey)
			assert.Equal(t, p2, d.PacketID, d.FieldKey)
		case "t-value":
			assert.Equal(t, blueink.FilledByInitial, d.FilledBy)
			assert.Empty(t, d.PacketID)
		}
	}
}

// PATCH of a Person's existing channel (by id) also changes where the live
// bundles linked to the Person send, as BlueInk documents; finished packets
// keep the old address.
func TestPatchPersonChannelUpdatesLiveBundles(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	p, _, err := c.Persons.Create(ctx, &blueink.PersonRequest{Name: "Tom", Channels: []blueink.ContactChannel{
		{Kind: blueink.ChannelEmail, Email: "tom@example.com"}, {Kind: blueink.ChannelMobilePhone, Phone: "505 555 1234"}}})
	require.NoError(t, err)
	req := simpleRequest("person")
	req.Packets = []blueink.PacketRequest{{Key: "signer-1", PersonID: p.ID}}
	live, _, err := c.Bundles.Create(ctx, req)
	require.NoError(t, err)
	done, _, err := c.Bundles.Create(ctx, req)
	require.NoError(t, err)
	require.NoError(t, srv.Complete(ctx, done.ID))

	_, _, err = c.Persons.Patch(ctx, p.ID, &blueink.PersonRequest{Channels: []blueink.ContactChannel{
		{ID: p.Channels[0].ID, Kind: blueink.ChannelEmail, Email: "thomas@example.com"},
		{ID: p.Channels[1].ID, Kind: blueink.ChannelMobilePhone, Phone: "505 555 9999"}}})
	require.NoError(t, err)

	pk, _, err := c.Packets.Get(ctx, live.Packets[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "thomas@example.com", pk.Email)
	assert.Equal(t, "505 555 9999", pk.Phone)
	old, _, err := c.Packets.Get(ctx, done.Packets[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "tom@example.com", old.Email, "a finished packet keeps its address")
	assert.Equal(t, "505 555 1234", old.Phone)
}

// The API's send, cancel and expire and the verbs Send, Cancel and Expire
// run the same change: they refuse the same states with the same 409, and
// each plays what the other would.
func TestVerbsAndAPIShareTheLifecycle(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)
	rcv := newReceiver(t, srv)
	subscribe(t, c, rcv.URL, blueink.WebhookEventBundleSent, blueink.WebhookEventBundleCancelled)

	draftReq := simpleRequest("draft")
	draftReq.Status = blueink.BundleDraft
	d, _, err := c.Bundles.Create(ctx, draftReq)
	require.NoError(t, err)
	v, _, err := c.Bundles.Validate(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, blueink.BundleValidation{CanSend: true, NumDocs: 1}, *v, "a draft can always be sent")
	require.NoError(t, srv.Send(ctx, d.ID))
	_, _, err = c.Bundles.Send(ctx, d.ID)
	var apiErr *blueink.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, `Only draft bundles can be sent (status "se").`, apiErr.Message)
	err = srv.Send(ctx, d.ID)
	assert.ErrorIs(t, err, blueinktest.ErrState)
	assert.EqualError(t, err, `blueinktest: send: Only draft bundles can be sent (status "se").`)

	_, _, err = c.Bundles.Cancel(ctx, d.ID)
	require.NoError(t, err)
	err = srv.Cancel(ctx, d.ID)
	assert.ErrorIs(t, err, blueinktest.ErrState)
	assert.EqualError(t, err, `blueinktest: cancel: Cannot cancel the bundle, probably because it is completed (status "ca").`)
	_, _, err = c.Bundles.Expire(ctx, d.ID)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusConflict, apiErr.StatusCode)
	assert.EqualError(t, srv.Expire(ctx, d.ID), `blueinktest: expire: Cannot expire a bundle with status "ca".`)
	assert.Equal(t, []string{"bundle_sent", "bundle_cancelled"}, rcv.Types(), "each change delivered once")
	assert.EqualError(t, srv.Fail(ctx, d.ID, "late"), `blueinktest: fail: bundle `+d.ID+` has status "ca"`)
	assert.ErrorIs(t, srv.Fail(ctx, d.ID, "late"), blueinktest.ErrState)
}
