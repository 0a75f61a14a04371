package speccheck

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
)

// signeasyScenario walks the whole API: an original and envelopes made
// from it (signing and sending URLs, the lifecycle played by srv, the
// signed files, downloads and certificate, every cancel), a template made
// by srv (the API creates none), the self-signed list and the v2
// callbacks, through the client.
func signeasyScenario(srv *signeasytest.Server) []fakeStep[*signeasy.Client] {
	type C = *signeasy.Client
	var original, template, envelope, embedded, signed int64
	const callback = "https://app.example/callbacks/signeasy"
	readAll := func(rc io.ReadCloser, _ *signeasy.Response, err error) error {
		if err != nil {
			return err
		}
		defer rc.Close()
		_, err = io.Copy(io.Discard, rc)
		return err
	}
	create := func(ctx context.Context, c C, embedded bool, out *int64) error {
		e, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
			Sources:    []signeasy.Source{{ID: original, Type: signeasy.SourceOriginal, Name: "lease"}},
			Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
			FieldsPayload: []signeasy.Field{{RecipientID: 1, SourceID: 1, Type: signeasy.FieldSignature, Required: true, PageNumber: "1",
				Position: signeasy.FieldPosition{X: 100, Y: 100, Width: 120, Height: 40}}},
			EmbeddedSigning: embedded, Message: "Please sign."})
		if err == nil {
			*out = e.ID
		}
		return err
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return []fakeStep[C]{
		{name: "Users.Me", call: func(ctx context.Context, c C) error { _, _, err := c.Users.Me(ctx); return err }},
		{name: "Originals.Upload", call: func(ctx context.Context, c C) error {
			o, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "lease", FileName: "lease.pdf", RenameIfExists: true,
				Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(PDF)), nil }})
			if err == nil {
				original = o.ID
			}
			return err
		}},
		{name: "Originals.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Originals.Get(ctx, original); return err }},
		{name: "Originals.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Originals.List(ctx)
			return errors.Join(err, first(c.Originals.All(ctx)))
		}},
		{name: "Originals.Download", call: func(ctx context.Context, c C) error { return readAll(c.Originals.Download(ctx, original)) }},
		// Templates: made by the fake (Signeasy's editor).
		{name: "Templates.List", call: func(ctx context.Context, c C) error {
			template = srv.AddTemplate("nda", "Tenant")
			_, _, err := c.Templates.List(ctx)
			return errors.Join(err, first(c.Templates.All(ctx)))
		}},
		{name: "Templates.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Templates.Get(ctx, template); return err }},
		{name: "Templates.Update", call: func(ctx context.Context, c C) error {
			_, err := c.Templates.Update(ctx, template, &signeasy.TemplateUpdateRequest{Name: "nda v2", Message: "Please sign."})
			return err
		}},
		{name: "Templates.EmbedURL", call: func(ctx context.Context, c C) error { _, _, err := c.Templates.EmbedURL(ctx, template); return err }},
		{name: "Envelopes.Create", call: func(ctx context.Context, c C) error { return create(ctx, c, true, &envelope) }},
		{name: "Envelopes.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Envelopes.Get(ctx, envelope); return err }},
		{name: "Envelopes.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Envelopes.List(ctx)
			return errors.Join(err, first(c.Envelopes.All(ctx)))
		}},
		{name: "Envelopes.SigningURL", call: func(ctx context.Context, c C) error {
			_, _, err := c.Envelopes.SigningURL(ctx, envelope, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com",
				RedirectURL: "https://app.example/signed"})
			return err
		}},
		{name: "Envelopes.GetSigned (not complete)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Envelopes.GetSigned(ctx, envelope)
			return err
		}},
		{name: "Embedded.SendingURL", call: func(ctx context.Context, c C) error {
			_, _, err := c.Embedded.SendingURL(ctx, &signeasy.SendingURLRequest{FileID: original, Message: "Please prepare.",
				Recipients: []signeasy.SendingURLRecipient{{FirstName: "Ada", Email: "ada@example.com", RoleID: 1}}})
			return err
		}},
		// The signer signs (played by the fake): a signed file.
		{name: "Envelopes.GetSigned", call: func(ctx context.Context, c C) error {
			if err := srv.Sign(ctx, id(envelope), "ada@example.com"); err != nil {
				return err
			}
			s, _, err := c.Envelopes.GetSigned(ctx, envelope)
			if err == nil {
				signed = s.ID
			}
			return err
		}},
		{name: "Envelopes.DownloadSigned", call: func(ctx context.Context, c C) error {
			return readAll(c.Envelopes.DownloadSigned(ctx, signed, 1))
		}},
		{name: "Signed.Download", call: func(ctx context.Context, c C) error {
			return errors.Join(readAll(c.Signed.Download(ctx, signed, nil)),
				readAll(c.Signed.Download(ctx, signed, &signeasy.SignedDownloadOptions{Type: signeasy.SignedSplit, IncludeCertificate: true})))
		}},
		{name: "Signed.Certificate", call: func(ctx context.Context, c C) error { return readAll(c.Signed.Certificate(ctx, signed)) }},
		{name: "Signed.ListEmbedded", call: func(ctx context.Context, c C) error {
			fs, _, err := c.Signed.ListEmbedded(ctx)
			if err == nil && len(fs) != 1 {
				err = errors.New("the signed envelope is not listed")
			}
			return errors.Join(err, first(c.Signed.AllEmbedded(ctx)))
		}},
		{name: "Signed.ListSelfSigned", call: func(ctx context.Context, c C) error {
			srv.AddSelfSigned("self-signed lease", []byte(PDF))
			_, _, err := c.Signed.ListSelfSigned(ctx)
			return errors.Join(err, first(c.Signed.AllSelfSigned(ctx)))
		}},
		// Cancels: a complete envelope is refused (401 unauthorized_resource).
		{name: "Envelopes.Cancel (complete)", wantErr: signeasy.ErrUnauthorized, call: func(ctx context.Context, c C) error {
			_, err := c.Envelopes.Cancel(ctx, envelope)
			return err
		}},
		{name: "Envelopes.Cancel", call: func(ctx context.Context, c C) error {
			if err := create(ctx, c, false, &envelope); err != nil {
				return err
			}
			_, err := c.Envelopes.Cancel(ctx, envelope)
			return err
		}},
		{name: "Envelopes.CancelRequest", call: func(ctx context.Context, c C) error {
			if err := create(ctx, c, false, &envelope); err != nil {
				return err
			}
			_, err := c.Envelopes.CancelRequest(ctx, envelope)
			return err
		}},
		{name: "Embedded.Cancel", call: func(ctx context.Context, c C) error {
			if err := create(ctx, c, true, &embedded); err != nil {
				return err
			}
			_, err := c.Embedded.Cancel(ctx, embedded)
			return err
		}},
		{name: "Envelopes.Get (canceled)", call: func(ctx context.Context, c C) error { _, _, err := c.Envelopes.Get(ctx, embedded); return err }},
		{name: "Templates.Delete", call: func(ctx context.Context, c C) error { _, err := c.Templates.Delete(ctx, template); return err }},
		{name: "Templates.Get (deleted)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.Get(ctx, template)
			return err
		}},
		// Callbacks (v2).
		{name: "Callbacks.Create", call: func(ctx context.Context, c C) error {
			_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: callback,
				Events: []signeasy.EventType{signeasy.EventInitiated, signeasy.EventCompleted}, Token: "callback-token-0123456789"})
			return err
		}},
		{name: "Callbacks.List", call: func(ctx context.Context, c C) error {
			cbs, _, err := c.Callbacks.List(ctx)
			if err == nil && (len(cbs) != 1 || cbs[0].URL != callback) {
				err = errors.New("the created callback is not listed")
			}
			return err
		}},
		{name: "Callbacks.Update", call: func(ctx context.Context, c C) error {
			_, err := c.Callbacks.Update(ctx, &signeasy.CallbackRequest{URL: callback, Events: []signeasy.EventType{signeasy.EventCompleted}})
			return err
		}},
		{name: "Callbacks.Delete", call: func(ctx context.Context, c C) error { _, err := c.Callbacks.Delete(ctx, callback); return err }},
		// Teardown.
		{name: "Originals.Delete", call: func(ctx context.Context, c C) error { _, err := c.Originals.Delete(ctx, original); return err }},
		{name: "Originals.Get (deleted)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Originals.Get(ctx, original)
			return err
		}},
	}
}

// TestSigneasyFakeScenario runs the scenario against signeasytest, every
// exchange checked with the endpoint table's rules (the token grant
// included), and checks that it reached every operation of the table.
func TestSigneasyFakeScenario(t *testing.T) {
	tbl := LoadTable(t, SigneasyFile)
	tr := &Transport{Table: tbl}
	srv := signeasytest.NewServer(t)
	c := srv.Client(seOptions(signeasy.WithHTTPClient(&http.Client{Transport: tr}))...)
	n := runScenario(t, "signeasy", tr, c, signeasyScenario(srv), func(string, string) string { return "" })
	if n.ops != len(tbl.Counted) {
		t.Errorf("the scenario reached %d of the table's %d operations", n.ops, len(tbl.Counted))
	}
}
