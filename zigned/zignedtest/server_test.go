package zignedtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

var pdf = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func pdfUpload(name string) *zigned.FileUpload {
	return &zigned.FileUpload{Filename: name, LookupKey: "contracts",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil }}
}

// receiver is a webhook endpoint verifying deliveries with zigned's provider.
type receiver struct {
	mu     sync.Mutex
	events []webhook.Event
	srv    *httptest.Server
}

func newReceiver(t *testing.T, secret func() string) *receiver {
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := webhook.NewHandler(zigned.WebhookProvider(secret()))
		h.OnAny(func(_ context.Context, ev webhook.Event) error {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.events = append(rc.events, ev)
			return nil
		})
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) types() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, e := range rc.events {
		out = append(out, e.Type())
	}
	return out
}

func TestSendAgreementFlow(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()

	var secret string
	rc := newReceiver(t, func() string { return secret })
	hook, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: rc.srv.URL, Status: zigned.WebhookActive,
		Subscriptions: []zigned.EventType{zigned.EventAgreementDraftCreated, zigned.EventAgreementLifecyclePending,
			zigned.EventParticipantLifecycleReceivedInvitation, zigned.EventParticipantLifecycleFulfilled,
			zigned.EventAgreementLifecycleFulfilled, zigned.EventAgreementLifecycleFinalized}})
	require.NoError(t, err)
	secret = hook.Secret.Reveal()
	assert.True(t, strings.HasPrefix(secret, "whsec_"))

	f, _, err := c.Files.Upload(ctx, pdfUpload("contract.pdf"))
	require.NoError(t, err)
	assert.Equal(t, "application/pdf", f.MimeType)
	assert.Equal(t, "contracts", f.Metadata.LookupKey)
	content, ok := srv.FileContent(f.ID)
	require.True(t, ok)
	assert.Equal(t, pdf, content)

	a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "deal-42", TrustLevel: zigned.TrustLevelAES})
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusDraft, a.Status)
	assert.Equal(t, zigned.TrustLevelAES, a.TrustLevel)

	a, _, err = c.Documents.SetMain(ctx, a.ID, f.ID)
	require.NoError(t, err)
	main := a.Documents.OriginalDocuments.Main
	require.True(t, main.Expanded())
	assert.NotEqual(t, f.ID, main.ID, "the main document is a clone")
	assert.Equal(t, "contract.pdf", main.Data.Filename)

	ps, _, err := c.Participants.Batch(ctx, a.ID, []*zigned.ParticipantRequest{
		{Name: "Jane Doe", Email: "jane.doe@example.com"},
		{Name: "John Doe", Email: "john.doe@example.com", Role: zigned.RoleApprover},
	})
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, zigned.ParticipantStatusDraft, ps[0].Status)

	a, _, err = c.Agreements.Send(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusPending, a.Status)
	require.Equal(t, 2, a.Participants.Len())
	for _, p := range a.Participants.Data {
		assert.Equal(t, zigned.ParticipantStatusPending, p.Status)
		assert.True(t, strings.HasPrefix(p.SigningRoomURL, srv.Root()+"/sign/"), p.SigningRoomURL)
	}

	require.NoError(t, srv.Complete(ctx, a.ID))
	a, _, err = c.Agreements.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusFulfilled, a.Status)
	require.True(t, a.Documents.SignedDocument.Expanded())
	assert.Equal(t, "signed-contract.pdf", a.Documents.SignedDocument.Data.Filename)
	signer := a.Participants.Data[0]
	assert.Equal(t, zigned.SignatureMethodVerificationCode, signer.Signature.Method)
	assert.Equal(t, zigned.VerificationCodeStatusConfirmed, signer.Signature.Data.Status)
	assert.False(t, signer.SignedAt.IsZero())
	assert.False(t, a.Participants.Data[1].DecisionMadeAt.IsZero())

	// The signed document's URL serves the bytes.
	resp, err := http.Get(a.Documents.SignedDocument.Data.URL)
	require.NoError(t, err)
	signed, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.True(t, bytes.HasPrefix(signed, pdf))

	assert.Equal(t, []string{
		"agreement.draft.created",
		"agreement.lifecycle.pending",
		"participant.lifecycle.received_invitation", "participant.lifecycle.received_invitation",
		"participant.lifecycle.fulfilled", "participant.lifecycle.fulfilled",
		"agreement.lifecycle.fulfilled", "agreement.lifecycle.finalized",
	}, rc.types())
	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.Status, string(d.Event))
		assert.Equal(t, hook.ID, d.WebhookID)
	}
	rc.mu.Lock()
	last := rc.events[len(rc.events)-1].(*zigned.AgreementEvent)
	rc.mu.Unlock()
	assert.Equal(t, webhook.Completed, last.Lifecycle())
	assert.Equal(t, a.Documents.SignedDocument.ID, last.Agreement.Documents.SignedDocument.ID)

	events, _, err := c.Agreements.Events(ctx, a.ID)
	require.NoError(t, err)
	assert.True(t, len(events) >= 6)
	assert.Equal(t, "Agreement created", events[0].Title)

	assert.Equal(t, 1, srv.TokenGrants(), "one token for the whole flow")
}

func TestSendNeedsDocumentAndParticipant(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	a, _, err := c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Agreements.Send(ctx, a.ID)
	assert.ErrorIs(t, err, zigned.ErrBadRequest)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "A main document is required", apiErr.Message)
	assert.Equal(t, "400", apiErr.Code)
	assert.NotEmpty(t, apiErr.RequestID)

	f, _, err := c.Files.Upload(ctx, pdfUpload("a.pdf"))
	require.NoError(t, err)
	_, _, err = c.Documents.SetMain(ctx, a.ID, f.ID)
	require.NoError(t, err)
	_, _, err = c.Agreements.Send(ctx, a.ID)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "At least one participant is required", apiErr.Message)

	_, _, err = c.Agreements.Get(ctx, "cnope")
	assert.ErrorIs(t, err, zigned.ErrNotFound)
}

func TestLifecycleOpenCancelRemindDelete(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	a := sentAgreement(t, c)

	rs, _, err := c.Agreements.Reminders(ctx, a.ID, "")
	require.NoError(t, err)
	assert.Len(t, rs, 1)
	assert.Equal(t, "sent", rs[0].Status)

	_, _, err = c.Agreements.Delete(ctx, a.ID)
	assert.ErrorIs(t, err, zigned.ErrBadRequest, "only drafts can be deleted")

	a, _, err = c.Agreements.Open(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusOpen, a.Status)
	a, _, err = c.Agreements.Update(ctx, a.ID, &zigned.AgreementUpdate{LookupKey: zigned.Set("renamed")})
	require.NoError(t, err)
	assert.Equal(t, "renamed", a.Metadata.LookupKey)

	a, _, err = c.Agreements.Cancel(ctx, a.ID, zigned.Cancellation{Type: zigned.CancellationCustom, Reason: "Wrong party"})
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusCancelled, a.Status)
	assert.Equal(t, "Wrong party", a.CancellationReason)
	_, _, err = c.Agreements.Update(ctx, a.ID, &zigned.AgreementUpdate{LookupKey: zigned.Remove[string]()})
	assert.ErrorIs(t, err, zigned.ErrBadRequest)
	assert.ErrorIs(t, srv.Complete(ctx, a.ID), zignedtest.ErrState)

	d, _, err := c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	p, _, err := c.Participants.Create(ctx, d.ID, &zigned.ParticipantRequest{Email: "x@example.com"})
	require.NoError(t, err)
	p, _, err = c.Participants.Update(ctx, d.ID, p.ID, &zigned.ParticipantUpdate{Name: "X",
		IdentityEnforcement: &zigned.IdentityEnforcementChange{PersonalNumber: "199001011234"}})
	require.NoError(t, err)
	assert.Equal(t, "X", p.Name)
	assert.True(t, p.IdentityEnforcement.Enabled)
	got, _, err := c.Participants.Get(ctx, d.ID, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p.ID, got.ID)
	_, _, err = c.Participants.Delete(ctx, d.ID, p.ID)
	require.NoError(t, err)
	list, _, err := c.Participants.List(ctx, d.ID)
	require.NoError(t, err)
	assert.Empty(t, list)
	deleted, _, err := c.Agreements.Delete(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, d.ID, deleted.ID)
	_, _, err = c.Agreements.Get(ctx, d.ID)
	assert.ErrorIs(t, err, zigned.ErrNotFound)
}

func sentAgreement(t *testing.T, c *zigned.Client) *zigned.Agreement {
	t.Helper()
	ctx := context.Background()
	f, _, err := c.Files.Upload(ctx, pdfUpload("doc.pdf"))
	require.NoError(t, err)
	a, _, err := c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Documents.SetMain(ctx, a.ID, f.ID)
	require.NoError(t, err)
	_, _, err = c.Participants.Create(ctx, a.ID, &zigned.ParticipantRequest{Name: "Jane", Email: "jane@example.com"})
	require.NoError(t, err)
	a, _, err = c.Agreements.Send(ctx, a.ID)
	require.NoError(t, err)
	return a
}

func TestListPaginationAndFilters(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	var ids []string
	for i := 0; i < 5; i++ {
		key := "odd"
		if i%2 == 0 {
			key = "even"
		}
		a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: key})
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	var got []string
	for a, err := range c.Agreements.All(ctx, &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 2, OrderBy: zigned.OrderAsc}}) {
		require.NoError(t, err)
		got = append(got, a.ID)
		require.True(t, len(got) <= 5, "iterator does not stop")
	}
	assert.Equal(t, ids, got)

	page, resp, err := c.Agreements.List(ctx, &zigned.AgreementListOptions{LookupKey: "even"})
	require.NoError(t, err)
	assert.Len(t, page, 3)
	assert.Equal(t, ids[4], page[0].ID, "newest first by default")
	assert.Equal(t, zigned.Pagination{Page: 1, PerPage: 50, Limit: 50, TotalPages: 1, TotalResults: 3}, *resp.Pagination)

	page, _, err = c.Agreements.List(ctx, &zigned.AgreementListOptions{Status: zigned.AgreementStatusPending})
	require.NoError(t, err)
	assert.Empty(t, page)

	page, _, err = c.Agreements.List(ctx, &zigned.AgreementListOptions{DateFilter: zigned.DateFilter{StartDate: time.Now().Add(time.Hour)}})
	require.NoError(t, err)
	assert.Empty(t, page)

	for i := 0; i < 3; i++ {
		_, _, err := c.Files.Upload(ctx, pdfUpload("f.pdf"))
		require.NoError(t, err)
	}
	n := 0
	for f, err := range c.Files.All(ctx, &zigned.FileListOptions{ListOptions: zigned.ListOptions{Limit: 1}, MimeType: zigned.MimeTypePDF}) {
		require.NoError(t, err)
		assert.Equal(t, "f.pdf", f.Filename)
		n++
		require.True(t, n <= 3, "iterator does not stop")
	}
	assert.Equal(t, 3, n)
	files, _, err := c.Files.List(ctx, &zigned.FileListOptions{MimeType: zigned.MimeTypePNG})
	require.NoError(t, err)
	assert.Empty(t, files)
}

func TestWebhooksCRUD(t *testing.T) {
	srv := zignedtest.NewServer(t, zignedtest.WithWebhookSecret("whsec_fixed_for_tests"))
	c := srv.Client()
	ctx := context.Background()
	h, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: "https://example.com/hook",
		Subscriptions: []zigned.EventType{zigned.EventAgreementLifecyclePending}})
	require.NoError(t, err)
	assert.Equal(t, zigned.WebhookInactive, h.Status, "inactive by default")
	assert.Equal(t, zigned.WebhookProduction, h.Type)
	assert.Equal(t, zigned.WebhookScope{Type: zigned.WebhookScopeClient}, h.Scope)
	assert.Equal(t, "whsec_fixed_for_tests", h.Secret.Reveal())

	h, _, err = c.Webhooks.Update(ctx, h.ID, &zigned.WebhookUpdate{Status: zigned.WebhookActive,
		Subscriptions: append(zigned.Subscribe(zigned.EventAgreementLifecycleFinalized), zigned.Unsubscribe(zigned.EventAgreementLifecyclePending)...)})
	require.NoError(t, err)
	assert.Equal(t, zigned.WebhookActive, h.Status)
	assert.Equal(t, []zigned.EventType{zigned.EventAgreementLifecycleFinalized}, h.Subscriptions)

	// The PUT body carried subscription objects, the POST body plain names.
	var post, put string
	for _, r := range srv.Requests() {
		switch r.Method + " " + r.Path {
		case "POST /rest/v3/webhooks":
			post = string(r.Body)
		case "PUT /rest/v3/webhooks/" + h.ID:
			put = string(r.Body)
		}
	}
	assert.JSONEq(t, `{"url":"https://example.com/hook","subscriptions":["agreement.lifecycle.pending"]}`, post)
	assert.JSONEq(t, `{"status":"active","subscriptions":[{"event":"agreement.lifecycle.finalized"},{"event":"agreement.lifecycle.pending","unsubscribe":true}]}`, put)

	got, _, err := c.Webhooks.Get(ctx, h.ID)
	require.NoError(t, err)
	assert.Equal(t, h.Subscriptions, got.Subscriptions)
	all, _, err := c.Webhooks.List(ctx)
	require.NoError(t, err)
	assert.Len(t, all, 1)
	_, _, err = c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: "https://example.com/x", Subscriptions: []zigned.EventType{"nope.nope.nope"}})
	assert.ErrorIs(t, err, zigned.ErrBadRequest)
	_, _, err = c.Webhooks.Delete(ctx, h.ID)
	require.NoError(t, err)
	_, _, err = c.Webhooks.Get(ctx, h.ID)
	assert.ErrorIs(t, err, zigned.ErrNotFound)
}

func TestInactiveOrUnsubscribedWebhooksGetNothing(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	rc := newReceiver(t, func() string { return "unused" })
	_, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: rc.srv.URL,
		Subscriptions: []zigned.EventType{zigned.EventAgreementDraftCreated}}) // inactive
	require.NoError(t, err)
	_, _, err = c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: rc.srv.URL, Status: zigned.WebhookActive,
		Subscriptions: []zigned.EventType{zigned.EventAgreementLifecycleCancelled}})
	require.NoError(t, err)
	_, _, err = c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, srv.Deliveries())
}

func TestMillisecondSignatures(t *testing.T) {
	srv := zignedtest.NewServer(t, zignedtest.WithMillisecondTimestamps())
	c := srv.Client()
	ctx := context.Background()
	var secret string
	rc := newReceiver(t, func() string { return secret })
	h, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: rc.srv.URL, Status: zigned.WebhookActive,
		Subscriptions: []zigned.EventType{zigned.EventAgreementDraftCreated}})
	require.NoError(t, err)
	secret = h.Secret.Reveal()
	_, _, err = c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	ds := srv.Deliveries()
	require.Len(t, ds, 1)
	assert.Equal(t, 200, ds[0].Status)
	sig := ds[0].Header.Get(zigned.SignatureHeader)
	ts := strings.TrimPrefix(strings.Split(sig, ",")[0], "t=")
	assert.Len(t, ts, 13, "milliseconds")
	ev, err := zigned.ConstructEvent(ds[0].Body, ds[0].Header, secret)
	require.NoError(t, err)
	assert.Equal(t, "agreement.draft.created", ev.Type())
}

func TestEmit(t *testing.T) {
	srv := zignedtest.NewServer(t)
	rc := newReceiver(t, func() string { return "whsec_emit" })
	d, err := srv.Emit(context.Background(), rc.srv.URL, "whsec_emit", zigned.EventSignEventSigningRoomEntered,
		map[string]any{"id": "cse1", "resource_type": "sign_event", "title": "Entered signing room", "participant": "cpar1"})
	require.NoError(t, err)
	assert.Equal(t, 200, d.Status)
	require.Equal(t, []string{"sign_event.signing_room.entered"}, rc.types())
	rc.mu.Lock()
	ev := rc.events[0].(*zigned.SigningEvent)
	rc.mu.Unlock()
	assert.Equal(t, "cpar1", ev.SignEvent.Participant.ID)

	_, err = srv.Emit(context.Background(), rc.srv.URL, "wrong-secret", zigned.EventAgreementDraftCreated, map[string]any{"id": "a"})
	assert.Error(t, err, "the receiver refuses a bad signature")
}

func TestTokens(t *testing.T) {
	srv := zignedtest.NewServer(t, zignedtest.WithCredentials("my-id", "my-secret-value"))
	id, secret := srv.Credentials()
	assert.Equal(t, "my-id", id)
	assert.Equal(t, "my-secret-value", secret)
	ctx := context.Background()

	bad, err := zigned.NewClient("my-id", "wrong-secret", zigned.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, _, err = bad.Webhooks.List(ctx)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	var apiErr *zigned.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_client", apiErr.Code)

	c := srv.Client()
	for i := 0; i < 3; i++ {
		_, _, err := c.Webhooks.List(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.TokenGrants())

	// A token the server forgot is refused once; the client then drops it
	// and the next call fetches a new one.
	srv.ExpireTokens()
	_, _, err = c.Webhooks.List(ctx)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)
	_, _, err = c.Webhooks.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokenGrants())

	static, err := zigned.NewClientWithToken("made-up", zigned.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, _, err = static.Webhooks.List(ctx)
	assert.ErrorIs(t, err, zigned.ErrUnauthorized)

	// Short-lived tokens are fetched again.
	short := zignedtest.NewServer(t, zignedtest.WithTokenTTL(time.Second))
	sc := short.Client()
	for i := 0; i < 3; i++ {
		_, _, err := sc.Webhooks.List(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 3, short.TokenGrants())
}

func TestFailNext(t *testing.T) {
	srv := zignedtest.NewServer(t)
	ctx := context.Background()
	c := srv.Client()
	srv.FailNext(503, 0)
	_, _, err := c.Webhooks.List(ctx) // GET: retried
	require.NoError(t, err)

	srv.FailNext(429, 1500*time.Millisecond)
	_, _, err = c.Agreements.Create(ctx, nil) // 429: retried for POST too
	require.NoError(t, err)

	// RetryAfter is clamped to the client's maximum retry wait: raise the
	// test client's to see the header's value.
	noRetry := srv.Client(zigned.WithMaxRetries(0), zigned.WithRetryWait(time.Millisecond, time.Minute))
	srv.FailNext(429, 1500*time.Millisecond)
	_, _, err = noRetry.Agreements.Create(ctx, nil)
	var rl *zigned.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 2*time.Second, rl.RetryAfter)
	assert.Contains(t, rl.Message, "FailNext")

	srv.FailNext(500, 0)
	_, _, err = noRetry.Agreements.Create(ctx, nil)
	assert.ErrorIs(t, err, zigned.ErrServer)
}

func TestRequestsAreRecorded(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client(zigned.WithUserAgent("recorder-test"))
	ctx := context.Background()
	_, _, err := c.Agreements.List(ctx, &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 5}, Status: zigned.AgreementStatusDraft})
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, "/oauth/token", reqs[0].Path)
	assert.Contains(t, string(reqs[0].Body), "grant_type=client_credentials")
	r := reqs[1]
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/rest/v3/agreements", r.Path)
	assert.Equal(t, "5", r.Query.Get("limit"))
	assert.Equal(t, "draft", r.Query.Get("status"))
	assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "Bearer zt-access-"))
	assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "esign-go/"))
	assert.Contains(t, r.Header.Get("User-Agent"), "recorder-test")
}

func TestStart(t *testing.T) {
	srv := zignedtest.Start()
	c := srv.Client()
	_, _, err := c.Webhooks.List(context.Background())
	require.NoError(t, err)
	srv.Close()
	_, _, err = c.Webhooks.List(context.Background())
	assert.Error(t, err, "closed")
}

// The fake holds clients to the two subscription forms: plain names when
// creating, {event, unsubscribe?} objects when updating.
func TestWebhookSubscriptionFormsEnforced(t *testing.T) {
	srv := zignedtest.NewServer(t)
	status, _ := rawCall(t, srv, "POST", "/webhooks", `{"url":"https://example.com/h","subscriptions":[{"event":"agreement.lifecycle.pending"}]}`)
	assert.Equal(t, 400, status, "POST takes plain names")
	status, body := rawCall(t, srv, "POST", "/webhooks", `{"url":"https://example.com/h","subscriptions":["agreement.lifecycle.pending"]}`)
	require.Equal(t, 200, status, body)
	var created struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &created))
	status, _ = rawCall(t, srv, "PUT", "/webhooks/"+created.Data.ID, `{"subscriptions":["agreement.lifecycle.finalized"]}`)
	assert.Equal(t, 400, status, "PUT takes subscription objects")
	status, body = rawCall(t, srv, "PUT", "/webhooks/"+created.Data.ID, `{"subscriptions":[{"event":"agreement.lifecycle.finalized"},{"event":"agreement.lifecycle.pending","unsubscribe":true}]}`)
	require.Equal(t, 200, status, body)
	assert.Contains(t, body, `"subscriptions":["agreement.lifecycle.finalized"]`)
}

// JPEG uploads are listed under the API's own MIME spelling, image/jpg.
func TestJPEGMimeType(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	f, _, err := c.Files.Upload(ctx, &zigned.FileUpload{Filename: "logo.jpg",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("\xff\xd8\xff")), nil }})
	require.NoError(t, err)
	assert.Equal(t, zigned.MimeTypeJPEG, f.MimeType)
	files, _, err := c.Files.List(ctx, &zigned.FileListOptions{MimeType: zigned.MimeTypeJPEG})
	require.NoError(t, err)
	require.Len(t, files, 1)
	assert.Equal(t, f.ID, files[0].ID)
}
