package speccheck

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

// blueinkScenario walks persons, webhooks (extra headers, events,
// deliveries, the secret) and bundles (packets, tags, files, drafts,
// lifecycle; a template document with pre-filled values, signed and
// completed by srv) through create → get → list → update → lifecycle →
// delete.
func blueinkScenario(srv *blueinktest.Server) []fakeStep[*blueink.Client] {
	type C = *blueink.Client
	var (
		person, hook, header, bundle, packet, embedded, draft, scratch string
		event, delivery, tmpl, signed, env                             string
	)
	request := func(label string) *blueink.BundleRequest {
		r := biBundleRequest()
		r.Label, r.CustomKey = label, label
		r.Documents = r.Documents[:1] // the fake knows no template
		r.Packets = append(r.Packets, blueink.PacketRequest{Key: "signer-2", Name: "Samir Nagheenanajar",
			Email: "samir@example.com", DeliverVia: blueink.DeliverViaEmbed})
		return r
	}
	return []fakeStep[C]{
		// Persons.
		{name: "Persons.Create", call: func(ctx context.Context, c C) error {
			p, _, err := c.Persons.Create(ctx, biPersonRequest())
			if err == nil {
				person = p.ID
			}
			return err
		}},
		{name: "Persons.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Persons.Get(ctx, person); return err }},
		{name: "Persons.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Persons.List(ctx, &blueink.PersonListOptions{Search: "Tom"})
			return errors.Join(err, first(c.Persons.All(ctx, nil)))
		}},
		{name: "Persons.Update", call: func(ctx context.Context, c C) error {
			r := biPersonRequest()
			r.Name = "Tom Smykowski Jr."
			_, _, err := c.Persons.Update(ctx, person, r)
			return err
		}},
		{name: "Persons.Patch", call: func(ctx context.Context, c C) error {
			_, _, err := c.Persons.Patch(ctx, person, &blueink.PersonRequest{Name: "Tom"})
			return err
		}},
		{name: "Persons.Delete", call: func(ctx context.Context, c C) error { _, err := c.Persons.Delete(ctx, person); return err }},
		{name: "Persons.Get (deleted)", wantErr: blueink.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Persons.Get(ctx, person)
			return err
		}},
		// Webhooks.
		{name: "Webhooks.Create", call: func(ctx context.Context, c C) error {
			w, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "scenario", URL: "https://app.example/hooks/blueink", Enabled: ptr(true),
				JSON: ptr(true), EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent, blueink.WebhookEventBundleComplete}})
			if err == nil {
				hook = w.ID
			}
			return err
		}},
		{name: "Webhooks.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Webhooks.Get(ctx, hook); return err }},
		{name: "Webhooks.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.List(ctx, nil)
			return errors.Join(err, first(c.Webhooks.All(ctx, nil)))
		}},
		{name: "Webhooks.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Update(ctx, hook, &blueink.WebhookRequest{Name: "scenario", URL: "https://app.example/hooks/blueink2", Enabled: ptr(true),
				JSON: ptr(true), EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleSent}})
			return err
		}},
		{name: "Webhooks.Patch", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Patch(ctx, hook, &blueink.WebhookRequest{Enabled: ptr(true)})
			return err
		}},
		{name: "Webhooks.CreateExtraHeader", call: func(ctx context.Context, c C) error {
			h, _, err := c.Webhooks.CreateExtraHeader(ctx, &blueink.WebhookExtraHeader{Webhook: hook, Name: "X-Receiver-Token", Value: "rcv-1", Order: 1})
			if err == nil {
				header = h.ID
			}
			return err
		}},
		{name: "Webhooks.GetExtraHeader", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.GetExtraHeader(ctx, header)
			return err
		}},
		{name: "Webhooks.ListExtraHeaders", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.ListExtraHeaders(ctx, nil)
			return err
		}},
		{name: "Webhooks.UpdateExtraHeader", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.UpdateExtraHeader(ctx, header, &blueink.WebhookExtraHeader{Webhook: hook, Name: "X-Receiver-Token", Value: "rcv-2", Order: 1})
			return err
		}},
		{name: "Webhooks.PatchExtraHeader", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.PatchExtraHeader(ctx, header, &blueink.WebhookExtraHeader{Value: "rcv-3"})
			return err
		}},
		{name: "Webhooks.GetSecret", call: func(ctx context.Context, c C) error { _, _, err := c.Webhooks.GetSecret(ctx); return err }},
		{name: "Webhooks.RegenerateSecret", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.RegenerateSecret(ctx)
			return err
		}},
		// Bundles and packets.
		{name: "Bundles.Create", call: func(ctx context.Context, c C) error {
			b, _, err := c.Bundles.Create(ctx, request("tps-1"))
			if err == nil {
				bundle = b.ID
				for _, p := range b.Packets {
					switch p.Key {
					case "signer-1":
						packet = p.ID
					case "signer-2":
						embedded = p.ID
					}
				}
			}
			return err
		}},
		{name: "Bundles.CreateWithFiles", call: func(ctx context.Context, c C) error {
			r := request("tps-2")
			r.Documents = []blueink.RequestDocument{&blueink.DocumentRequest{Key: "w9", FileIndex: ptr(0)}}
			_, _, err := c.Bundles.CreateWithFiles(ctx, r, blueink.FileFromBytes("fw9.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n")))
			return err
		}},
		{name: "Bundles.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.Get(ctx, bundle); return err }},
		{name: "Bundles.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.List(ctx, &blueink.BundleListOptions{Search: "tps", ListOptions: blueink.ListOptions{Page: 1, PerPage: 10}})
			return errors.Join(err, first(c.Bundles.All(ctx, nil)))
		}},
		{name: "Bundles.List (x-next)", call: func(ctx context.Context, c C) error {
			_, resp, err := c.Bundles.List(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: 1}})
			if err == nil && resp.Pagination.Next == "" {
				err = errors.New("no x-next on the first of two pages")
			}
			return err
		}},
		{name: "Bundles.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Update(ctx, bundle, &blueink.BundleUpdate{Label: "TPS reports (Q4)"})
			return err
		}},
		{name: "Bundles.AddTags", call: func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.AddTags(ctx, bundle, "q4", "urgent")
			return err
		}},
		{name: "Bundles.RemoveTags", call: func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.RemoveTags(ctx, bundle, "urgent")
			return err
		}},
		{name: "Bundles.ListEvents", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.ListEvents(ctx, bundle); return err }},
		{name: "Bundles.ListFiles (not complete)", wantErr: blueink.ErrConflict, call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.ListFiles(ctx, bundle); return err }},
		{name: "Bundles.GenerateInterimFiles", call: func(ctx context.Context, c C) error {
			_, err := c.Bundles.GenerateInterimFiles(ctx, bundle)
			return err
		}},
		{name: "Bundles.GetData (not complete)", wantErr: blueink.ErrConflict, call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.GetData(ctx, bundle); return err }},
		{name: "Packets.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Packets.Get(ctx, packet); return err }},
		{name: "Packets.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Packets.Update(ctx, packet, &blueink.PacketUpdate{Name: "Peter Gibbons", Email: "peter@example.com"})
			return err
		}},
		{name: "Packets.EmbedURL", call: func(ctx context.Context, c C) error { _, _, err := c.Packets.EmbedURL(ctx, embedded); return err }},
		{name: "Packets.Remind", call: func(ctx context.Context, c C) error { _, _, err := c.Packets.Remind(ctx, packet); return err }},
		{name: "Packets.Certificate (not complete)", wantErr: blueink.ErrConflict, call: func(ctx context.Context, c C) error {
			_, _, err := c.Packets.Certificate(ctx, packet)
			return err
		}},
		{name: "Webhooks.ListEvents", call: func(ctx context.Context, c C) error {
			evs, _, err := c.Webhooks.ListEvents(ctx, nil)
			if err == nil && len(evs) > 0 {
				event = evs[0].ID
			}
			return err
		}},
		{name: "Webhooks.GetEvent", call: func(ctx context.Context, c C) error { _, _, err := c.Webhooks.GetEvent(ctx, event); return err }},
		{name: "Webhooks.ListDeliveries", call: func(ctx context.Context, c C) error {
			ds, _, err := c.Webhooks.ListDeliveries(ctx, nil)
			if err == nil && len(ds) > 0 {
				delivery = ds[0].ID
			}
			return err
		}},
		{name: "Webhooks.GetDelivery", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.GetDelivery(ctx, delivery)
			return err
		}},
		{name: "Bundles.Cancel", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.Cancel(ctx, bundle); return err }},
		{name: "Bundles.Create (draft)", call: func(ctx context.Context, c C) error {
			r := request("tps-draft")
			r.Status = blueink.BundleDraft
			b, _, err := c.Bundles.Create(ctx, r)
			if err == nil {
				draft = b.ID
			}
			return err
		}},
		{name: "Bundles.Validate", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.Validate(ctx, draft); return err }},
		{name: "Bundles.Send", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.Send(ctx, draft); return err }},
		{name: "Bundles.Expire", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.Expire(ctx, draft); return err }},
		{name: "Bundles.Create (to delete)", call: func(ctx context.Context, c C) error {
			r := request("tps-scratch")
			r.Status = blueink.BundleDraft
			b, _, err := c.Bundles.Create(ctx, r)
			if err == nil {
				scratch = b.ID
			}
			return err
		}},
		{name: "Bundles.Delete", call: func(ctx context.Context, c C) error { _, err := c.Bundles.Delete(ctx, scratch); return err }},
		{name: "Bundles.Get (deleted)", wantErr: blueink.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.Get(ctx, scratch)
			return err
		}},
		// Templates: the client creates none; the fake adds one as BlueInk's
		// UI would, and a bundle made from it is signed and completed.
		{name: "Templates.Get", call: func(ctx context.Context, c C) error {
			tmpl = srv.AddTemplate(blueink.Template{Name: "MSA", Roles: []blueink.TemplateRole{{Key: "customer", Label: "Customer"}},
				Fields: []blueink.TemplateField{
					{Kind: blueink.FieldInput, Key: "inp-200", Label: "Company", Page: 1, X: 1, Y: 2, W: 3, H: 4, DefaultValue: "ACME",
						EditorRoles: []string{"customer"}},
					{Kind: blueink.FieldSignature, Key: "sig-c", Page: 1, X: 1, Y: 9, W: 3, H: 4, EditorRoles: []string{"customer"}},
				}})
			_, _, err := c.Templates.Get(ctx, tmpl)
			return err
		}},
		{name: "Templates.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.List(ctx, nil)
			return errors.Join(err, first(c.Templates.All(ctx, nil)))
		}},
		{name: "Templates.CreatePreparationSession", call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.CreatePreparationSession(ctx, &blueink.TemplatePreparationSessionRequest{TemplateID: tmpl})
			return err
		}},
		{name: "Bundles.CreateFromEnvelopeTemplate", call: func(ctx context.Context, c C) error {
			var err error
			if env, err = srv.AddEnvelopeTemplate(blueink.EnvelopeTemplate{Name: "Onboarding"}, tmpl); err != nil {
				return err
			}
			_, _, err = c.Bundles.CreateFromEnvelopeTemplate(ctx, &blueink.BundleRequest{Label: "onboarding",
				Packets:          []blueink.PacketRequest{{Key: "customer", Name: "Ann", Email: "ann@example.com"}},
				EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: env, FieldValues: []blueink.TemplateFieldValue{{Key: "inp-200", InitialValue: "Initech"}}}})
			return err
		}},
		{name: "Bundles.Create (template, pre-filled)", call: func(ctx context.Context, c C) error {
			r := biBundleRequest()
			r.CustomKey = "tps-template"
			r.Documents[0].(*blueink.DocumentRequest).Fields[0].InitialValue = "peter@example.com"
			r.Documents[1].(*blueink.TemplateRequest).TemplateID = tmpl
			b, _, err := c.Bundles.Create(ctx, r)
			if err != nil {
				return err
			}
			signed = b.ID
			return srv.Complete(ctx, signed)
		}},
		{name: "Bundles.Get (complete)", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.Get(ctx, signed); return err }},
		{name: "Bundles.ListEvents (complete)", call: func(ctx context.Context, c C) error {
			_, _, err := c.Bundles.ListEvents(ctx, signed)
			return err
		}},
		{name: "Bundles.GetData", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.GetData(ctx, signed); return err }},
		{name: "Bundles.ListFiles", call: func(ctx context.Context, c C) error { _, _, err := c.Bundles.ListFiles(ctx, signed); return err }},
		{name: "Packets.Certificate", call: func(ctx context.Context, c C) error {
			id, _ := srv.PacketID(signed, "signer-1")
			_, _, err := c.Packets.Certificate(ctx, id)
			return err
		}},
		{name: "Templates.Get (unknown)", wantErr: blueink.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.Get(ctx, biTplID)
			return err
		}},
		{name: "EnvelopeTemplates.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.EnvelopeTemplates.List(ctx, nil)
			return err
		}},
		{name: "Templates.Delete", call: func(ctx context.Context, c C) error { _, err := c.Templates.Delete(ctx, tmpl); return err }},
		{name: "Templates.Get (deleted)", wantErr: blueink.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.Get(ctx, tmpl)
			return err
		}},
		{name: "Webhooks.EventsSince", call: func(ctx context.Context, c C) error {
			return first(c.Webhooks.EventsSince(ctx, srv.Now().Add(-time.Hour), nil))
		}},
		{name: "Client.Verify", call: func(ctx context.Context, c C) error {
			_, _, err := c.Verify(ctx, strings.Repeat("ab", 32))
			return err
		}},
		// Teardown.
		{name: "Webhooks.DeleteExtraHeader", call: func(ctx context.Context, c C) error {
			_, err := c.Webhooks.DeleteExtraHeader(ctx, header)
			return err
		}},
		{name: "Webhooks.Delete", call: func(ctx context.Context, c C) error { _, err := c.Webhooks.Delete(ctx, hook); return err }},
		{name: "Webhooks.Get (deleted)", wantErr: blueink.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Get(ctx, hook)
			return err
		}},
	}
}

// TestBlueInkFakeScenario runs the scenario against blueinktest.
func TestBlueInkFakeScenario(t *testing.T) {
	s := Load(t, "blueink")
	tr := &Transport{Spec: s}
	srv := blueinktest.NewServer(t)
	c := srv.Client(biOptions(blueink.WithHTTPClient(&http.Client{Transport: tr}))...)
	runScenario(t, "blueink", tr, c, blueinkScenario(srv), func(method, path string) string {
		if op := blueinkNewerOp(method, apiPath(path, s.Base)); op != "" {
			return "newer than the spec: " + string(op)
		}
		return ""
	})
}

// TestBlueInkFakeServesTheSpec compares the fake's table with the spec's
// operations and the newer ones (blueinkNewer, and POST for the secret's
// regeneration, which BlueInk's official clients send): blueinktest serves
// the whole API and nothing else.
func TestBlueInkFakeServesTheSpec(t *testing.T) {
	s := Load(t, "blueink")
	norm := func(op string) string {
		segs := strings.Split(strings.Trim(strings.Replace(op, " /", " ", 1), "/"), "/")
		for j, seg := range segs {
			if strings.HasPrefix(seg, "{") {
				segs[j] = "{}"
			}
		}
		return strings.Join(segs, "/")
	}
	var want, served []string
	for _, op := range s.Operations() {
		want = append(want, norm(string(op)))
	}
	for op := range blueinkNewer {
		want = append(want, norm(string(op)))
	}
	// Older official clients create a bundle from an envelope template on
	// a dedicated route (today's send envelope_template to POST /bundles/).
	want = append(want, norm("POST /webhooks/secret/regenerate/"), norm("POST /bundles/create_from_envelope_template/"))
	for _, op := range blueinktest.NewServer(t).Ops() {
		served = append(served, norm(op))
	}
	for _, op := range pendingFakeOps["blueink"] {
		n := norm(string(op))
		if slices.Contains(served, n) {
			t.Errorf("pendingFakeOps[blueink] is stale: the fake serves %s now; delete the entry", op)
		}
		want = slices.DeleteFunc(want, func(w string) bool { return w == n })
	}
	slices.Sort(want)
	slices.Sort(served)
	if !slices.Equal(served, want) {
		t.Errorf("the fake's table differs from the spec and the newer operations:\n fake %v\n want %v", served, want)
	}
	if newer := len(blueinkNewer) + 2; len(s.Operations()) != 37 || len(served)+len(pendingFakeOps["blueink"]) != 37+newer {
		t.Errorf("the fake serves %d operations; the spec has %d (37 expected) and %d are newer", len(served), len(s.Operations()), newer)
	}
}
