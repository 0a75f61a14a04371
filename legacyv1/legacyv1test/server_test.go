package legacyv1test_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	signerOnce sync.Once
	testSigner *legacyv1test.Signer
	signerErr  error
)

func sharedSigner(t *testing.T) *legacyv1test.Signer {
	t.Helper()
	signerOnce.Do(func() { testSigner, signerErr = legacyv1test.NewSigner(webhooktest.CertOptions{}) })
	require.NoError(t, signerErr)
	return testSigner
}

func newDoc(name string, signers ...string) *legacyv1.DocumentCreateRequest {
	req := &legacyv1.DocumentCreateRequest{Group: "my-group", Name: name, TemplatePDF: "p0p0p0p0-1111-4222-8333-p0p0p0p0p0p0", Tag: "ref-" + name}
	for _, email := range signers {
		req.Signers = append(req.Signers, &legacyv1.SignerRequest{FirstName: "Joe", LastName: "Biggins", Email: email})
	}
	return req
}

func TestDocumentFlow(t *testing.T) {
	srv := legacyv1test.NewServer(t)
	c := srv.Client()
	ctx := context.Background()

	created, resp, err := c.Documents.Create(ctx, newDoc("Supplier agreement", "joe@widgets.com", "betty@widgets.com"))
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	assert.Equal(t, srv.URL+"/document/"+created.ID+"/", created.Location, "absolute Location")
	assert.Equal(t, []string{created.ID}, srv.DocumentIDs())

	d, _, err := c.Documents.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, "Supplier agreement", d.Name)
	assert.Equal(t, legacyv1.DocumentCreated, d.Status)
	assert.Equal(t, "/api/v1/group/my-group/", d.Group)
	require.Len(t, d.Signers, 2)
	assert.Equal(t, legacyv1.SignerSent, d.Signers[0].Status)
	assert.Equal(t, srv.SignerIDs(created.ID), []string{d.Signers[0].SignerID(), d.Signers[1].SignerID()})

	sg, _, err := c.Signers.Get(ctx, d.Signers[1].SignerID())
	require.NoError(t, err)
	assert.Equal(t, "betty@widgets.com", sg.Email)
	assert.Equal(t, created.ID, sg.DocumentID())

	require.NoError(t, srv.SignAll(created.ID))
	st, _, err := c.Status.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, legacyv1.DocumentSigned, st.Status)
	assert.True(t, st.DownloadFinal)
	assert.Equal(t, created.ID, st.DocumentID())

	rc, _, err := c.PDF.Download(ctx, created.ID)
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, legacyv1test.PDF(created.ID), string(b))

	_, err = c.Documents.Archive(ctx, created.ID, nil)
	require.NoError(t, err)
	d, _, err = c.Documents.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.True(t, d.Archived)
	assert.Equal(t, legacyv1.DocumentSigned, d.Status, "a signed document keeps its status")

	_, err = c.Documents.Delete(ctx, created.ID)
	require.NoError(t, err)
	_, _, err = c.Documents.Get(ctx, created.ID)
	assert.ErrorIs(t, err, legacyv1.ErrNotFound)
}

func TestListPagination(t *testing.T) {
	srv := legacyv1test.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		_, _, err := c.Documents.Create(ctx, newDoc(name, name+"@widgets.com"))
		require.NoError(t, err)
	}
	other := newDoc("other", "x@widgets.com")
	other.Group = "other-group"
	_, _, err := c.Documents.Create(ctx, other)
	require.NoError(t, err)

	page, resp, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group", ListOptions: legacyv1.ListOptions{Limit: 2, Offset: 2}})
	require.NoError(t, err)
	require.Len(t, page, 2)
	assert.Equal(t, "c", page[0].Name)
	assert.Equal(t, legacyv1.Pagination{Offset: 2, Limit: 2, TotalResults: 5, Next: "/api/v1/document/?group=my-group&limit=2&offset=4"}, *resp.Pagination)

	var names []string
	for d, err := range c.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: "/api/v1/group/my-group/", NoSigners: true, ListOptions: legacyv1.ListOptions{Limit: 2}}) {
		require.NoError(t, err)
		assert.Empty(t, d.Signers, "nosigners")
		names = append(names, d.Name)
	}
	assert.Equal(t, []string{"a", "b", "c", "d", "e"}, names)

	got, _, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group", Email: "D@widgets.com"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "d", got[0].Name)

	var statuses int
	for _, err := range c.Status.All(ctx, &legacyv1.StatusListOptions{ListOptions: legacyv1.ListOptions{Limit: 4}}) {
		require.NoError(t, err)
		statuses++
	}
	assert.Equal(t, 6, statuses)

	var offsets []string
	for _, r := range srv.Requests() {
		if r.Path == "/api/v1/status/" {
			offsets = append(offsets, r.Query.Get("offset"))
		}
	}
	assert.Equal(t, []string{"", "4"}, offsets)

	_, _, err = c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "none"})
	require.NoError(t, err)
}

func TestListTimeFilters(t *testing.T) {
	clock := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := legacyv1test.NewServer(t, legacyv1test.WithClock(func() time.Time { return clock }))
	c := srv.Client()
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"jan", "feb", "mar"} {
		created, _, err := c.Documents.Create(ctx, newDoc(name, name+"@widgets.com"))
		require.NoError(t, err)
		ids = append(ids, created.ID)
		clock = clock.AddDate(0, 1, 0)
	}
	require.NoError(t, srv.SetDocumentStatus(ids[0], legacyv1.DocumentSigned)) // modified 2024-04-01

	names := func(opts *legacyv1.DocumentListOptions) []string {
		t.Helper()
		opts.Group = "my-group"
		var out []string
		for d, err := range c.Documents.All(ctx, opts) {
			require.NoError(t, err)
			out = append(out, d.Name)
		}
		return out
	}
	assert.Equal(t, []string{"feb", "mar"}, names(&legacyv1.DocumentListOptions{CreatedAfter: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)}))
	assert.Equal(t, []string{"jan"}, names(&legacyv1.DocumentListOptions{ModifiedAfter: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), Cache: true}))
	assert.Equal(t, []string{"jan"}, names(&legacyv1.DocumentListOptions{Status: legacyv1.DocumentSigned}))
	// Sent as RFC 3339 in UTC, whatever the caller's zone.
	names(&legacyv1.DocumentListOptions{CreatedAfter: time.Date(2024, 1, 15, 2, 0, 0, 0, time.FixedZone("CET", 3600))})
	reqs := srv.Requests()
	assert.Equal(t, "2024-01-15T01:00:00Z", reqs[len(reqs)-1].Query.Get("created_gt"))
}

func TestPDFModes(t *testing.T) {
	srv := legacyv1test.NewServer(t, legacyv1test.WithPDFMode(legacyv1test.PDFRedirect))
	c := srv.Client()
	ctx := context.Background()
	created, _, err := c.Documents.Create(ctx, newDoc("pdf", "joe@widgets.com"))
	require.NoError(t, err)

	rc, resp, err := c.PDF.Download(ctx, created.ID)
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, legacyv1test.PDF(created.ID), string(b))
	assert.NotEqual(t, strings.TrimPrefix(srv.URL, "http://"), resp.Request.URL.Host, "served by the download host")
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "/download/"+created.ID+".pdf", last.Path)
	assert.Empty(t, last.Header.Get("Authorization"), "credentials dropped on the redirect")

	require.NoError(t, srv.SetPDFMode(created.ID, legacyv1test.PDFArchived))
	_, resp, err = c.PDF.Download(ctx, created.ID)
	assert.ErrorIs(t, err, legacyv1.ErrNotReady)
	assert.Equal(t, 201, resp.StatusCode)

	require.NoError(t, srv.SetPDFMode(created.ID, legacyv1test.PDFReady))
	rc, resp, err = c.PDF.Download(ctx, created.ID)
	require.NoError(t, err)
	rc.Close()
	assert.Equal(t, 200, resp.StatusCode)

	assert.Error(t, srv.SetPDFMode("missing", legacyv1test.PDFReady))
	_, _, err = c.PDF.Download(ctx, "missing")
	assert.ErrorIs(t, err, legacyv1.ErrNotFound)
}

func TestErrorsAndFaults(t *testing.T) {
	srv := legacyv1test.NewServer(t, legacyv1test.WithCredentials("alice", "alice-secret-0001"), legacyv1test.WithRelativeLocation())
	ctx := context.Background()

	bad, err := legacyv1.NewClient("alice", "wrong-secret", legacyv1.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, _, err = bad.Status.Get(ctx, "x")
	assert.ErrorIs(t, err, legacyv1.ErrUnauthorized)

	c := srv.Client()
	req := newDoc("bad group", "joe@widgets.com")
	req.Group = "/api/v1/grp/not-a-group/"
	_, _, err = c.Documents.Create(ctx, req)
	require.Error(t, err)
	var ae *legacyv1.APIError
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, legacyv1.ErrBadRequest)
	assert.Equal(t, []legacyv1.FieldError{
		{Field: "document.group", Message: "This field is required and must be a group resource URI."},
	}, ae.Fields)

	// The server validates on its own too (raw request, bypassing the client).
	raw, err := http.NewRequest(http.MethodPost, srv.URL+"/document/", strings.NewReader(`{"group": "/api/v1/group/g/", "signers": []}`))
	require.NoError(t, err)
	raw.Header.Set("Authorization", "ApiKey alice:alice-secret-0001")
	rawResp, err := http.DefaultClient.Do(raw)
	require.NoError(t, err)
	rawBody, _ := io.ReadAll(rawResp.Body)
	rawResp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, rawResp.StatusCode)
	assert.JSONEq(t, `{"document": {"name": ["This field is required."], "signers": ["This field is required."],
		"templatepdf": ["One of templatepdf, template or text is required."]}}`, string(rawBody))

	_, _, err = c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group"})
	require.NoError(t, err)

	srv.FailNext(http.StatusTooManyRequests, 10*time.Millisecond)
	created, _, err := c.Documents.Create(ctx, newDoc("retried", "joe@widgets.com"))
	require.NoError(t, err, "a 429 is retried even for POST")
	assert.Equal(t, "/api/v1/document/"+created.ID+"/", created.Location, "relative Location")

	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Documents.Get(ctx, created.ID)
	require.NoError(t, err, "a 503 is retried for GET")

	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Documents.Create(ctx, newDoc("not retried", "joe@widgets.com"))
	assert.ErrorIs(t, err, legacyv1.ErrServer)

	_, _, err = c.Templates.Get(ctx, "t")
	var ae2 *legacyv1.APIError
	require.ErrorAs(t, err, &ae2)
	assert.Equal(t, http.StatusNotImplemented, ae2.StatusCode)

	assert.Error(t, srv.SetSignerStatus("missing", legacyv1.SignerSigned))
	assert.Error(t, srv.SetDocumentStatus("missing", legacyv1.DocumentSigned))
	assert.Error(t, srv.SignAll("missing"))
}

// receiver is a webhook.Handler over legacyv1.WebhookProvider.
type receiver struct {
	mu      sync.Mutex
	batches []*legacyv1.StatusBatch
	legacy  []*legacyv1.LegacyCallback
}

func newReceiver(t *testing.T, cert []byte, opts ...webhook.Option) (*receiver, string) {
	rc := &receiver{}
	h := webhook.NewHandler(legacyv1.WebhookProvider(cert, opts...))
	webhook.On(h, func(_ context.Context, b *legacyv1.StatusBatch) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.batches = append(rc.batches, b)
		return nil
	})
	webhook.On(h, func(_ context.Context, l *legacyv1.LegacyCallback) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.legacy = append(rc.legacy, l)
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return rc, srv.URL
}

func TestDeliverCallbacks(t *testing.T) {
	sg := sharedSigner(t)
	clock := time.Date(2024, 3, 20, 7, 9, 52, 0, time.UTC)
	srv := legacyv1test.NewServer(t, legacyv1test.WithSigner(sg), legacyv1test.WithClock(func() time.Time { return clock }))
	c := srv.Client()
	ctx := context.Background()

	all, allURL := newReceiver(t, sg.CertificatePEM)
	signed, signedURL := newReceiver(t, sg.CertificatePEM, legacyv1.WithLegacyEvent("signed"))
	_, err := c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: allURL, Notify: legacyv1.NotifyAll})
	require.NoError(t, err)
	_, err = c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: signedURL, Notify: legacyv1.NotifySigned})
	require.NoError(t, err)
	subs, _, err := c.Subscriptions.List(ctx)
	require.NoError(t, err)
	require.Len(t, subs, 2)

	created, _, err := c.Documents.Create(ctx, newDoc("contract", "joe@widgets.com"))
	require.NoError(t, err)
	signerID := srv.SignerIDs(created.ID)[0]
	require.NoError(t, srv.SetSignerStatus(signerID, legacyv1.SignerVisited))
	require.NoError(t, srv.SetSignerStatus(signerID, legacyv1.SignerSigned))
	require.Len(t, srv.PendingChanges(), 4)
	require.NoError(t, srv.DeliverCallbacks(ctx))
	assert.Empty(t, srv.PendingChanges())

	all.mu.Lock()
	require.Len(t, all.batches, 1)
	b := all.batches[0]
	all.mu.Unlock()
	require.Len(t, b.Changes, 4)
	want := []struct {
		kind string
		lc   webhook.Lifecycle
	}{{legacyv1.ResourceSigner, webhook.Sent}, {legacyv1.ResourceSigner, webhook.Viewed}, {legacyv1.ResourceSigner, webhook.Signed}, {legacyv1.ResourceDocument, webhook.Completed}}
	for i, w := range want {
		assert.Equal(t, w.kind, b.Changes[i].Kind, i)
		assert.Equal(t, w.lc, b.Changes[i].Lifecycle(), i)
		assert.Equal(t, clock, b.Changes[i].Time)
	}
	assert.Equal(t, legacyv1.DocumentSigned, b.Changes[3].DocumentStatus)
	assert.Equal(t, created.ID, b.Changes[3].ResourceID)
	assert.Equal(t, webhook.Completed, b.Lifecycle())

	signed.mu.Lock()
	require.Len(t, signed.legacy, 1)
	l := signed.legacy[0]
	signed.mu.Unlock()
	assert.Equal(t, created.ID, l.DocumentID())
	assert.Equal(t, "contract", l.Name)
	assert.Equal(t, "ref-contract", l.Tag)
	assert.Equal(t, string(legacyv1.EventLegacySigned), l.Type())
	assert.Equal(t, webhook.Completed, l.Lifecycle())

	// Nothing new: nothing posted. Unsubscribe works.
	require.NoError(t, srv.DeliverCallbacks(ctx))
	_, err = c.Subscriptions.Unsubscribe(ctx, &legacyv1.UnsubscribeRequest{URL: allURL})
	require.NoError(t, err)
	assert.Len(t, srv.Subscriptions(), 1)

	// A receiver configured with another certificate refuses the delivery,
	// and the changes stay queued.
	other, err := legacyv1test.NewSigner(webhooktest.CertOptions{Bits: 1024})
	require.NoError(t, err)
	_, wrongURL := newReceiver(t, other.CertificatePEM)
	_, err = c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: wrongURL, Notify: legacyv1.NotifyAll})
	require.NoError(t, err)
	_, _, err = c.Documents.Create(ctx, newDoc("second", "x@widgets.com"))
	require.NoError(t, err)
	err = srv.DeliverCallbacks(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "answered 401")
	assert.Len(t, srv.PendingChanges(), 1)
}

func TestSignerDirect(t *testing.T) {
	sg := sharedSigner(t)
	at := time.Date(2018, 3, 20, 7, 9, 52, 0, time.UTC)
	changes := []legacyv1test.Change{
		legacyv1test.SignerStatusChange("s1", legacyv1.SignerSigned, at),
		legacyv1test.DocumentStatusChange("d1", legacyv1.DocumentSigned, at),
	}
	assert.Equal(t, `[{"timestamp":"2018-03-20T07:09:52","name":"status","value":"40","resource_uri":"/api/v1/signer/s1/"},`+
		`{"timestamp":"2018-03-20T07:09:52","name":"status","value":"30","resource_uri":"/api/v1/document/d1/"}]`, legacyv1test.BatchData(changes))

	body, h, err := sg.SignBatch(changes)
	require.NoError(t, err)
	ev, err := legacyv1.ConstructEvent(body, h, sg.Certificate)
	require.NoError(t, err)
	assert.Len(t, ev.(*legacyv1.StatusBatch).Changes, 2)
	_, err = legacyv1.ConstructEvent(webhooktest.Tamper(body), h, sg.Certificate)
	assert.Error(t, err)

	body, h, err = sg.SignLegacy(legacyv1test.LegacyDocument{UUID: "d1", Name: "n", Event: "rejected"})
	require.NoError(t, err)
	ev, err = legacyv1.ConstructEvent(body, h, sg.CertificatePEM)
	require.NoError(t, err)
	assert.Equal(t, string(legacyv1.EventLegacyRejected), ev.Type())

	rc, url := newReceiver(t, sg.CertificatePEM)
	require.NoError(t, sg.PostBatch(context.Background(), url, changes))
	require.NoError(t, sg.PostLegacy(context.Background(), url, legacyv1test.LegacyDocument{UUID: "d1"}))
	rc.mu.Lock()
	assert.Len(t, rc.batches, 1)
	assert.Len(t, rc.legacy, 1)
	rc.mu.Unlock()
	err = sg.Post(context.Background(), url, []byte("data=x"), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401")

	v1, err := legacyv1test.NewSigner(webhooktest.CertOptions{V1: true})
	require.NoError(t, err)
	assert.Equal(t, 1, v1.Certificate.Version)
	body, h, err = v1.SignBatchData("[]")
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(body, []byte("data=")))
	ev, err = legacyv1.ConstructEvent(body, h, v1.CertificatePEM)
	require.NoError(t, err)
	assert.Empty(t, ev.(*legacyv1.StatusBatch).Changes)
	_, err = legacyv1.ConstructEvent(body, h, sg.CertificatePEM)
	assert.True(t, errors.Is(err, webhook.ErrSignatureMismatch), "the v1 signer's batch does not verify with another certificate: %v", err)
}
