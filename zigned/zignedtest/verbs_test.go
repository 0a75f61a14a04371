package zignedtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// hooked returns a server whose every event reaches a verifying receiver.
func hooked(t *testing.T) (*zignedtest.Server, *zigned.Client, *receiver) {
	srv := zignedtest.NewServer(t, zignedtest.WithWebhookSecret("whsec_verbs"))
	c := srv.Client()
	rc := newReceiver(t, func() string { return "whsec_verbs" })
	_, _, err := c.Webhooks.Create(context.Background(), &zigned.WebhookRequest{URL: rc.srv.URL, Status: zigned.WebhookActive,
		Subscriptions: zigned.EventTypes()})
	require.NoError(t, err)
	return srv, c, rc
}

func TestDeclineCancelsTheAgreement(t *testing.T) {
	srv, c, rc := hooked(t)
	ctx := context.Background()
	a := sentAgreement(t, c)
	ps, _, err := c.Participants.List(ctx, a.ID)
	require.NoError(t, err)

	assert.ErrorIs(t, srv.Decline(ctx, a.ID, "nobody@example.com", ""), zignedtest.ErrNotFound)
	assert.ErrorIs(t, srv.Decline(ctx, "cnope", "jane@example.com", ""), zignedtest.ErrNotFound)
	require.NoError(t, srv.Decline(ctx, a.ID, "JANE@example.com", "Wrong amount"))
	got, _, err := c.Agreements.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusCancelled, got.Status)
	assert.Equal(t, "Wrong amount", got.CancellationReason)
	assert.Equal(t, zigned.ParticipantStatusRejected, got.Participants.Data[0].Status)
	assert.Equal(t, ps[0].ID, got.Participants.Data[0].ID)
	types := rc.types()
	assert.Equal(t, []string{"sign_event.sign.cancelled_sign", "agreement.lifecycle.cancelled"}, types[len(types)-2:])
	assert.ErrorIs(t, srv.Sign(ctx, a.ID, ps[0].ID), zignedtest.ErrState)
}

func TestExpireAndCancel(t *testing.T) {
	srv, c, rc := hooked(t)
	ctx := context.Background()
	a := sentAgreement(t, c)
	require.NoError(t, srv.Expire(ctx, a.ID))
	got, _, err := c.Agreements.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusExpired, got.Status)
	assert.False(t, got.ExpiresAt.IsZero())
	assert.Contains(t, rc.types(), "agreement.lifecycle.expired")
	assert.ErrorIs(t, srv.Expire(ctx, a.ID), zignedtest.ErrState)
	assert.ErrorIs(t, srv.Cancel(ctx, a.ID), zignedtest.ErrState)

	d, _, err := c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	require.NoError(t, srv.Cancel(ctx, d.ID))
	got, _, err = c.Agreements.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusCancelled, got.Status)
	assert.Equal(t, "Cancelled by the issuer", got.CancellationReason)
	assert.ErrorIs(t, srv.Send(ctx, d.ID), zignedtest.ErrState)
	assert.ErrorIs(t, srv.View(ctx, d.ID, "x"), zignedtest.ErrNotFound)
}

func TestSendVerbAndSigningOrder(t *testing.T) {
	srv, c, _ := hooked(t)
	ctx := context.Background()
	f, _, err := c.Files.Upload(ctx, pdfUpload("doc.pdf"))
	require.NoError(t, err)
	a, _, err := c.Agreements.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Documents.SetMain(ctx, a.ID, f.ID)
	require.NoError(t, err)
	ps, _, err := c.Participants.Batch(ctx, a.ID, []*zigned.ParticipantRequest{{Name: "A", Email: "a@example.com"}, {Name: "B", Email: "b@example.com"}})
	require.NoError(t, err)
	_, _, err = c.SigningGroups.Create(ctx, a.ID, &zigned.SigningGroupRequest{Name: "first"})
	require.NoError(t, err)
	_, _, err = c.SigningGroups.Create(ctx, a.ID, &zigned.SigningGroupRequest{Name: "second", Participants: []string{ps[0].ID}})
	require.NoError(t, err)
	require.NoError(t, srv.Send(ctx, a.ID))

	assert.ErrorIs(t, srv.Sign(ctx, a.ID, ps[0].ID), zignedtest.ErrState, "A is in the second group")
	require.NoError(t, srv.Sign(ctx, a.ID, "b@example.com"))
	require.NoError(t, srv.Sign(ctx, a.ID, ps[0].ID))
	got, _, err := c.Agreements.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusFulfilled, got.Status)
	for _, g := range got.SigningGroups.Data {
		assert.Equal(t, zigned.SigningGroupStatusFulfilled, g.Status)
	}
	content, ok := srv.FileContent(got.Documents.SignedDocument.ID)
	require.True(t, ok)
	assert.Contains(t, string(content), "signed with zignedtest")
}

// A lost answer: the create happened, the client cannot know.
func TestLoseAnswerAndDropConnection(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client(zigned.WithMaxRetries(0))
	ctx := context.Background()
	_, _, err := c.Webhooks.List(ctx) // fetch the token first
	require.NoError(t, err)

	srv.FailNext(zignedtest.DropConnection, 0)
	_, _, err = c.Agreements.Create(ctx, nil)
	require.Error(t, err)
	srv.FailNext(zignedtest.LoseAnswer, 0)
	_, _, err = c.Agreements.Create(ctx, nil)
	require.Error(t, err)
	as, _, err := c.Agreements.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, as, 1, "the dropped create never happened, the lost one did")
	assert.Equal(t, "cagr0000000000000001zt", as[0].ID)
}

// The lifecycle steps over HTTP, as the sandbox command offers them.
func TestControlEndpoint(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	a := sentAgreement(t, c)
	body, _ := json.Marshal(map[string]string{"envelope": a.ID})
	resp, err := http.Post(srv.Root()+"/_fakeserver/steps/complete", "application/json", strings.NewReader(string(body)))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	got, _, err := c.Agreements.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, zigned.AgreementStatusFulfilled, got.Status)
}

// Zigned's date-times are UTC with Z only.
func TestDateTimesRefuseOffsets(t *testing.T) {
	srv := zignedtest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	status, body := rawCall(t, srv, "GET", "/agreements?start_date=2024-01-01T00:00:00%2B01:00", "")
	assert.Equal(t, http.StatusBadRequest, status, body)
	status, _ = rawCall(t, srv, "GET", "/agreements?start_date=2024-01-01", "")
	assert.Equal(t, http.StatusOK, status)
	status, body = rawCall(t, srv, "POST", "/agreements", `{"expires_at":"2030-01-01T00:00:00+02:00"}`)
	assert.Equal(t, http.StatusBadRequest, status, body)
	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{ExpiresAt: &exp})
	require.NoError(t, err)
	assert.True(t, exp.Equal(a.ExpiresAt.Time))
	a, _, err = c.Agreements.Update(ctx, a.ID, &zigned.AgreementUpdate{ExpiresAt: zigned.Remove[time.Time]()})
	require.NoError(t, err)
	assert.True(t, a.ExpiresAt.IsZero())
}

// rawCall sends a request with a fresh token and returns the status and
// body.
func rawCall(t *testing.T, srv *zignedtest.Server, method, path, body string) (int, string) {
	t.Helper()
	id, secret := srv.Credentials()
	resp, err := http.PostForm(srv.TokenURL(), map[string][]string{
		"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	require.NoError(t, err)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
