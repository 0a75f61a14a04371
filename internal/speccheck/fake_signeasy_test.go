package speccheck

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
)

// signeasyScenario walks an original and an envelope made from it (signing
// and sending URLs, cancellation), the templates the client can reach and
// the v2 callbacks through the client.
func signeasyScenario() []fakeStep[*signeasy.Client] {
	type C = *signeasy.Client
	var original, envelope int64
	const callback = "https://app.example/callbacks/signeasy"
	readAll := func(rc io.ReadCloser, _ *signeasy.Response, err error) error {
		if err != nil {
			return err
		}
		defer rc.Close()
		_, err = io.Copy(io.Discard, rc)
		return err
	}
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
		{name: "Envelopes.Create", call: func(ctx context.Context, c C) error {
			e, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
				Sources:    []signeasy.Source{{ID: original, Type: signeasy.SourceOriginal, Name: "lease"}},
				Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
				FieldsPayload: []signeasy.Field{{RecipientID: 1, SourceID: 1, Type: signeasy.FieldSignature, Required: true, PageNumber: "1",
					Position: signeasy.FieldPosition{X: 100, Y: 100, Width: 120, Height: 40}}},
				EmbeddedSigning: true, Message: "Please sign."})
			if err == nil {
				envelope = e.ID
			}
			return err
		}},
		{name: "Envelopes.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Envelopes.Get(ctx, envelope); return err }},
		{name: "Envelopes.SigningURL", call: func(ctx context.Context, c C) error {
			_, _, err := c.Envelopes.SigningURL(ctx, envelope, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com",
				RedirectURL: "https://app.example/signed"})
			return err
		}},
		{name: "Envelopes.GetSigned (not complete)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Envelopes.GetSigned(ctx, envelope)
			return err
		}},
		{name: "Envelopes.DownloadSigned (not complete)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			return readAll(c.Envelopes.DownloadSigned(ctx, envelope, 1))
		}},
		{name: "Embedded.SendingURL", call: func(ctx context.Context, c C) error {
			_, _, err := c.Embedded.SendingURL(ctx, &signeasy.SendingURLRequest{FileID: original, Message: "Please prepare.",
				Recipients: []signeasy.SendingURLRecipient{{FirstName: "Ada", Email: "ada@example.com", RoleID: 1}}})
			return err
		}},
		{name: "Envelopes.Cancel", call: func(ctx context.Context, c C) error { _, err := c.Envelopes.Cancel(ctx, envelope); return err }},
		{name: "Envelopes.Get (canceled)", call: func(ctx context.Context, c C) error { _, _, err := c.Envelopes.Get(ctx, envelope); return err }},
		// Templates: the client creates none.
		{name: "Templates.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.List(ctx)
			return errors.Join(err, first(c.Templates.All(ctx)))
		}},
		{name: "Templates.Get (unknown)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Templates.Get(ctx, seTemplateID)
			return err
		}},
		{name: "Templates.Delete (unknown)", wantErr: signeasy.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, err := c.Templates.Delete(ctx, seTemplateID)
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
// included).
func TestSigneasyFakeScenario(t *testing.T) {
	tr := &Transport{Table: LoadTable(t, SigneasyFile)}
	srv := signeasytest.NewServer(t)
	c := srv.Client(seOptions(signeasy.WithHTTPClient(&http.Client{Transport: tr}))...)
	runScenario(t, "signeasy", tr, c, signeasyScenario(), func(string, string) string { return "" })
}
