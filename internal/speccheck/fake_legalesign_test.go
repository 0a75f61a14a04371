package speccheck

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
)

// legalesignScenario walks a callback subscription and a document (its
// status, signer, PDF, archive, deletion) through the client, then calls
// every other operation the client has with the request drivers' ids: the
// fake serves none of those yet (pendingServe). When it serves one, give it
// a step here on an object the scenario created.
func legalesignScenario() []fakeStep[*legacyv1.Client] {
	type C = *legacyv1.Client
	var doc, signer string
	const callback = "https://app.example/callbacks/legalesign"
	steps := []fakeStep[C]{
		{name: "Subscriptions.Subscribe", call: func(ctx context.Context, c C) error {
			_, err := c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: callback, Notify: legacyv1.NotifyAll})
			return err
		}},
		{name: "Subscriptions.List", call: func(ctx context.Context, c C) error { _, _, err := c.Subscriptions.List(ctx); return err }},
		{name: "Documents.Create", call: func(ctx context.Context, c C) error {
			d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: "my-group", Name: "Supplier agreement",
				TemplatePDF: pdfID, Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com"}},
				Tag: "scenario"})
			if err == nil {
				doc = d.ID
			}
			return err
		}},
		{name: "Documents.Get", call: func(ctx context.Context, c C) error {
			d, _, err := c.Documents.Get(ctx, doc)
			if err == nil {
				for _, s := range d.SignerObjects {
					signer = s.UUID
				}
				if signer == "" {
					return errors.New("the document lists no signer object")
				}
			}
			return err
		}},
		{name: "Documents.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group", Status: legacyv1.DocumentCreated})
			return errors.Join(err, first(c.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: "my-group"})))
		}},
		{name: "Status.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Status.Get(ctx, doc); return err }},
		{name: "Status.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Status.List(ctx, nil)
			return errors.Join(err, first(c.Status.All(ctx, nil)))
		}},
		{name: "Signers.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Signers.Get(ctx, signer); return err }},
		{name: "PDF.Download (not signed)", call: func(ctx context.Context, c C) error {
			rc, _, err := c.PDF.Download(ctx, doc)
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			return err
		}},
		{name: "Documents.Archive", call: func(ctx context.Context, c C) error {
			_, err := c.Documents.Archive(ctx, doc, &legacyv1.DocumentArchiveOptions{})
			return err
		}},
		{name: "Documents.Delete", call: func(ctx context.Context, c C) error { _, err := c.Documents.Delete(ctx, doc); return err }},
		{name: "Documents.Get (deleted)", wantErr: legacyv1.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.Get(ctx, doc)
			return err
		}},
		{name: "Subscriptions.Unsubscribe", call: func(ctx context.Context, c C) error {
			_, err := c.Subscriptions.Unsubscribe(ctx, &legacyv1.UnsubscribeRequest{URL: callback})
			return err
		}},
	}
	scenario := map[Op]bool{
		"POST /subscribe/": true, "GET /notifications/": true, "POST /document/": true, "GET /document/{docId}/": true,
		"GET /document/": true, "GET /status/{docId}/": true, "GET /status/": true, "GET /signer/{signerId}/": true,
		"GET /pdf/{docId}/": true, "DELETE /document/{docId}/": true, "DELETE /document/{docId}/delete/": true,
		"POST /unsubscribe/": true,
	}
	for _, d := range legalesignDrivers() {
		if !scenario[d.op] {
			steps = append(steps, fakeStep[C]{name: string(d.op) + " (driver)", call: d.call})
		}
	}
	return steps
}

// TestLegalesignFakeScenario runs the scenario against legacyv1test.
func TestLegalesignFakeScenario(t *testing.T) {
	tr := &Transport{Spec: Load(t, "legalesign")}
	srv := legacyv1test.NewServer(t)
	c := srv.Client(lsOptions(legacyv1.WithHTTPClient(&http.Client{Transport: tr}))...)
	runScenario(t, "legalesign", tr, c, legalesignScenario(), func(method, path string) string {
		if method == http.MethodGet && strings.HasPrefix(path, "/download/") {
			return "PDF download from the storage host the API redirects to"
		}
		return ""
	})
}
