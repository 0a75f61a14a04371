package legacyv1test_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
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

// hmacCheck verifies realtime callbacks: X-Hmac-Sha256 is the hex
// HMAC-SHA256 of the body keyed by the realtime secret.
type hmacCheck string

func (k hmacCheck) Verify(h http.Header, body []byte) error {
	if h.Get("X-Hmac-Sha256") != webhooktest.HMACHex(string(k), body) {
		return webhook.ErrSignatureMismatch
	}
	return nil
}

// receiver is a webhook.Handler over legacyv1.WebhookProvider: it verifies
// every kind of callback and keeps the events.
type receiver struct {
	url    string
	mu     sync.Mutex
	events []webhook.Event
}

func newReceiver(t *testing.T, cert []byte, realtimeSecret string) *receiver {
	rc := &receiver{}
	h := webhook.NewHandler(legacyv1.WebhookProvider(cert, legacyv1.WithRealtimeVerifier(hmacCheck(realtimeSecret))))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, ev)
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	rc.url = srv.URL
	return rc
}

func (rc *receiver) types() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := []string{}
	for _, ev := range rc.events {
		out = append(out, ev.Type())
	}
	return out
}

func (rc *receiver) last() webhook.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.events[len(rc.events)-1]
}

// raw sends an authenticated request to the fake and returns the status
// and body.
func raw(t *testing.T, srv *legacyv1test.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	user, secret := srv.Credentials()
	req.Header.Set("Authorization", "ApiKey "+user+":"+secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func rawGet(t *testing.T, srv *legacyv1test.Server, path string) map[string]any {
	t.Helper()
	status, body := raw(t, srv, http.MethodGet, path, "")
	require.Equal(t, http.StatusOK, status, body)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	return m
}

func textDoc(name string, emails ...string) *legacyv1.DocumentCreateRequest {
	req := &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: name, Text: "<p>Terms</p>", Tag: "ref-" + name}
	for _, e := range emails {
		req.Signers = append(req.Signers, &legacyv1.SignerRequest{FirstName: "Joe", LastName: "Bloggs", Email: e})
	}
	return req
}

func TestErrorShapesAndFaults(t *testing.T) {
	srv := legacyv1test.NewServer(t, legacyv1test.WithCredentials("alice", "alice-secret-0001"), legacyv1test.WithRelativeLocation())
	ctx := context.Background()
	bad, err := legacyv1.NewClient("alice", "wrong-secret", legacyv1.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, _, err = bad.Status.Get(ctx, "x")
	assert.ErrorIs(t, err, legacyv1.ErrUnauthorized)

	status, body := raw(t, srv, http.MethodPost, "/document/", `{"group": "/api/v1/group/g/", "signers": [], "tag": "a\"b"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.JSONEq(t, `{"document": {"name": ["This field is required."], "signers": ["This field is required."],
		"group": ["Could not find the provided group object via resource URI '/api/v1/group/g/'."],
		"templatepdf": ["One of templatepdf, template or text is required."],
		"tag": ["Use at most 250 letters, digits, spaces and -[]:;/.,_"]}}`, body)
	status, body = raw(t, srv, http.MethodPost, "/document/", `{"name": 5}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.JSONEq(t, `{"document": {"name": ["wrong type"]}}`, body)
	status, body = raw(t, srv, http.MethodGet, "/document/", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.JSONEq(t, `{"error_message": "the group filter is required"}`, body)
	for _, p := range []string{"/document/nope/", "/document", "/nothing/"} {
		status, body = raw(t, srv, http.MethodGet, p, "")
		assert.Equal(t, http.StatusNotFound, status, p)
		assert.Empty(t, body, "Tastypie's 404 has no body")
	}
	status, _ = raw(t, srv, http.MethodGet, "/document/?group=my-group&archived=maybe", "")
	assert.Equal(t, http.StatusBadRequest, status)

	c := srv.Client()
	srv.FailNext(http.StatusTooManyRequests, 10*time.Millisecond)
	created, _, err := c.Documents.Create(ctx, textDoc("retried", "joe@widgets.com"))
	require.NoError(t, err, "a 429 is retried even for POST")
	assert.Equal(t, "/api/v1/document/"+created.ID+"/", created.Location, "relative Location")
	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Documents.Get(ctx, created.ID)
	require.NoError(t, err, "a 503 is retried for GET")
	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Documents.Create(ctx, textDoc("not retried", "joe@widgets.com"))
	assert.ErrorIs(t, err, legacyv1.ErrServer)
	srv.FailNext(legacyv1test.LoseAnswer, 0)
	_, _, err = c.Documents.Create(ctx, textDoc("lost", "joe@widgets.com"))
	require.Error(t, err)
	srv.FailNext(legacyv1test.DropConnection, 0)
	_, _, err = c.Documents.Create(ctx, textDoc("dropped", "joe@widgets.com"))
	require.Error(t, err)
	var names []string
	for d, err := range c.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup}) {
		require.NoError(t, err)
		names = append(names, d.Name)
	}
	assert.Equal(t, []string{"retried", "lost"}, names, "a lost answer took effect, a dropped request did not")
}

func TestPDFModes(t *testing.T) {
	srv := legacyv1test.NewServer(t, legacyv1test.WithPDFMode(legacyv1test.PDFRedirect))
	c := srv.Client()
	ctx := context.Background()
	created, _, err := c.Documents.Create(ctx, textDoc("pdf", "joe@widgets.com"))
	require.NoError(t, err)

	rc, _, err := c.PDF.Download(ctx, created.ID)
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, legacyv1test.PDF(created.ID), string(b))
	reqs := srv.Requests()
	loc := reqs[len(reqs)-1]
	assert.True(t, strings.HasPrefix(loc.Path, "/download/"), loc.Path)
	assert.Empty(t, loc.Header.Get("Authorization"), "credentials dropped on the redirect")
	resp, err := http.Get(srv.Root() + loc.Path)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "one use")

	// The download location refuses credentials.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/pdf/"+created.ID+"/", nil)
	user, secret := srv.Credentials()
	req.Header.Set("Authorization", "ApiKey "+user+":"+secret)
	resp, err = hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	req, _ = http.NewRequest(http.MethodGet, resp.Header.Get("Location"), nil)
	req.Header.Set("Authorization", "ApiKey "+user+":"+secret)
	resp, err = hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	require.NoError(t, srv.SetPDFMode(created.ID, legacyv1test.PDFArchived))
	_, r, err := c.PDF.Download(ctx, created.ID)
	assert.ErrorIs(t, err, legacyv1.ErrNotReady)
	assert.Equal(t, 201, r.StatusCode)
	require.NoError(t, srv.SetPDFMode(created.ID, legacyv1test.PDFReady))
	rc, r, err = c.PDF.Download(ctx, created.ID)
	require.NoError(t, err)
	rc.Close()
	assert.Equal(t, 200, r.StatusCode)
	assert.ErrorIs(t, srv.SetPDFMode("missing", legacyv1test.PDFReady), legacyv1test.ErrNotFound)
}

// Each call posts one "all" batch of its changes to the subscriptions of
// the document's group; realtime events follow the event filter.
func TestCallbacks(t *testing.T) {
	sg := sharedSigner(t)
	at := time.Date(2024, 3, 20, 7, 9, 52, 123456789, time.UTC)
	srv := legacyv1test.NewServer(t, legacyv1test.WithSigner(sg), legacyv1test.WithClock(func() time.Time { return at }))
	c := srv.Client()
	ctx := context.Background()
	mine, other := newReceiver(t, sg.CertificatePEM, srv.RealtimeSecret()), newReceiver(t, sg.CertificatePEM, "")
	_, _, err := c.Groups.Create(ctx, &legacyv1.GroupCreateRequest{Name: "Other team"})
	require.NoError(t, err)
	for _, s := range []legacyv1.SubscribeRequest{
		{URL: mine.url, Notify: legacyv1.NotifyAll, Group: legacyv1test.DefaultGroup},
		{URL: mine.url + "/rt", Notify: legacyv1.NotifyRealtime, EventFilter: legacyv1.FilterRecipientAll},
		{URL: other.url, Notify: legacyv1.NotifyAll, Group: "other-team"},
	} {
		_, err := c.Subscriptions.Subscribe(ctx, &s)
		require.NoError(t, err)
	}
	d, _, err := c.Documents.Create(ctx, textDoc("contract", "joe@widgets.com", "ann@widgets.com"))
	require.NoError(t, err)
	require.NoError(t, srv.Complete(ctx, d.ID))

	assert.Equal(t, []string{"status_batch", "recipient.completed", "recipient.completed", "status_batch"}, mine.types())
	assert.Empty(t, other.types(), "another group's subscription")
	b := mine.last().(*legacyv1.StatusBatch)
	require.Len(t, b.Changes, 3, "one batch per call")
	assert.Equal(t, []webhook.Lifecycle{webhook.Signed, webhook.Signed, webhook.Completed},
		[]webhook.Lifecycle{b.Changes[0].Lifecycle(), b.Changes[1].Lifecycle(), b.Changes[2].Lifecycle()})
	assert.Equal(t, d.ID, b.Changes[2].ResourceID)
	assert.Equal(t, at.Truncate(time.Second), b.Changes[2].Time)
	for _, dl := range srv.Deliveries() {
		assert.True(t, dl.OK(), "%s: %d", dl.Event, dl.Status)
	}

	// A receiver with another certificate or secret refuses: the attempt
	// is kept with the receiver's answer.
	_, err = c.Subscriptions.Unsubscribe(ctx, &legacyv1.UnsubscribeRequest{URL: mine.url + "/rt"})
	require.NoError(t, err)
	_, err = c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: other.url + "/rt", Notify: legacyv1.NotifyRealtime})
	require.NoError(t, err)
	d, _, err = c.Documents.Create(ctx, textDoc("second", "joe@widgets.com"))
	require.NoError(t, err)
	ds := srv.Deliveries()
	last := ds[len(ds)-2] // then the "all" batch of the call
	assert.Equal(t, "document.created", last.Event)
	assert.Equal(t, http.StatusUnauthorized, last.Status)
	var ev map[string]any
	require.NoError(t, json.Unmarshal(last.Body, &ev))
	assert.Equal(t, map[string]any{"version": "1", "object": "document", "event": "created", "id": last.EventID,
		"created": "2024-03-20T07:09:52.123456+00:00", "data": map[string]any{"uuid": d.ID, "resource_uri": legacyv1.DocumentURI(d.ID),
			"name": "second", "group": legacyv1.GroupURI(legacyv1test.DefaultGroup), "status": 10.0, "tag": "ref-second", "tag1": "", "tag2": ""}}, ev)
}

func TestVerbsAndDeletion(t *testing.T) {
	srv := legacyv1test.NewServer(t, legacyv1test.WithoutAutomatedDeletion())
	c := srv.Client()
	ctx := context.Background()
	d, _, err := c.Documents.Create(ctx, textDoc("nda", "joe@widgets.com"))
	require.NoError(t, err)
	assert.ErrorIs(t, srv.Sign(ctx, "nope", "joe@widgets.com"), legacyv1test.ErrNotFound)
	assert.ErrorIs(t, srv.View(ctx, d.ID, "nobody@widgets.com"), legacyv1test.ErrNotFound)
	assert.ErrorIs(t, srv.Forward(ctx, d.ID, "nobody@widgets.com", "x@widgets.com"), legacyv1test.ErrNotFound)
	require.NoError(t, srv.Cancel(ctx, d.ID))
	assert.ErrorIs(t, srv.Sign(ctx, d.ID, "joe@widgets.com"), legacyv1test.ErrState)
	assert.ErrorIs(t, srv.Complete(ctx, d.ID), legacyv1test.ErrState)
	st, _, err := c.Status.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, legacyv1.DocumentRemoved, st.Status)

	_, err = c.Documents.Delete(ctx, d.ID)
	assert.ErrorIs(t, err, legacyv1.ErrDeletionRefused)
	_, _, err = c.Documents.Get(ctx, d.ID)
	require.NoError(t, err, "nothing deleted")

	// The lifecycle is served over HTTP too (the sandbox command).
	d, _, err = c.Documents.Create(ctx, textDoc("nda 2", "joe@widgets.com"))
	require.NoError(t, err)
	resp, err := http.Post(srv.Root()+"/_fakeserver/steps/sign", "application/json",
		strings.NewReader(`{"envelope": "`+d.ID+`", "signer": "joe@widgets.com"}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	st, _, err = c.Status.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, legacyv1.DocumentSigned, st.Status)
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

	rc := newReceiver(t, sg.CertificatePEM, "")
	require.NoError(t, sg.PostBatch(context.Background(), rc.url, changes))
	require.NoError(t, sg.PostLegacy(context.Background(), rc.url, legacyv1test.LegacyDocument{UUID: "d1", Name: "n", Event: "rejected"}))
	assert.Equal(t, []string{"status_batch", "legacy.rejected"}, rc.types())
	assert.Len(t, rc.events[0].(*legacyv1.StatusBatch).Changes, 2)
	body, h, err := sg.SignBatch(changes)
	require.NoError(t, err)
	err = sg.Post(context.Background(), rc.url, webhooktest.Tamper(body), h)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401")

	v1, err := legacyv1test.NewSigner(webhooktest.CertOptions{V1: true, Bits: 1024})
	require.NoError(t, err)
	assert.Equal(t, 1, v1.Certificate.Version)
	body, h, err = v1.SignBatchData("[]")
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(body, []byte("data=")))
	require.NoError(t, newReceiverPost(t, v1, body, h))
	err = sg.Post(context.Background(), rc.url, body, h)
	assert.True(t, err != nil && strings.Contains(err.Error(), "401"), "the v1 signer's batch does not verify with another certificate: %v", err)
}

// newReceiverPost posts a signed body to a receiver of sg's certificate.
func newReceiverPost(t *testing.T, sg *legacyv1test.Signer, body []byte, h http.Header) error {
	rc := newReceiver(t, sg.CertificatePEM, "")
	if err := sg.Post(context.Background(), rc.url, body, h); err != nil {
		return err
	}
	if len(rc.types()) != 1 {
		return errors.New("not received")
	}
	return nil
}

// Unsubscribing names the group by the integer /notifications/ lists
// (CallbackDeletePost.group); only that group's callback goes.
func TestUnsubscribeByGroupID(t *testing.T) {
	srv := legacyv1test.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	_, _, err := c.Groups.Create(ctx, &legacyv1.GroupCreateRequest{Name: "Other team"})
	require.NoError(t, err)
	for _, g := range []string{legacyv1test.DefaultGroup, "other-team"} {
		_, err := c.Subscriptions.Subscribe(ctx, &legacyv1.SubscribeRequest{URL: "https://app.example/hooks", Notify: legacyv1.NotifyAll, Group: g})
		require.NoError(t, err)
	}
	subs, _, err := c.Subscriptions.List(ctx)
	require.NoError(t, err)
	require.Len(t, subs, 2)
	require.NotNil(t, subs[1].GroupID)
	_, err = c.Subscriptions.Unsubscribe(ctx, subs[1].UnsubscribeRequest())
	require.NoError(t, err)
	left, _, err := c.Subscriptions.List(ctx)
	require.NoError(t, err)
	require.Len(t, left, 1)
	assert.Equal(t, *subs[0].GroupID, *left[0].GroupID)
	last := srv.Requests()[len(srv.Requests())-2]
	assert.JSONEq(t, `{"url": "https://app.example/hooks", "group": `+strconv.Itoa(*subs[1].GroupID)+`}`, string(last.Body))

	_, err = c.Subscriptions.Unsubscribe(ctx, &legacyv1.UnsubscribeRequest{URL: "https://app.example/hooks", GroupID: 999})
	assert.ErrorIs(t, err, legacyv1.ErrBadRequest, "an unknown group")
}
