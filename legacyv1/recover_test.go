package legacyv1

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/webhook"
)

// Changes reads the unarchived and archived documents modified since a
// time and yields their current statuses as the changes a batch gives.
func TestChangesFromDocuments(t *testing.T) {
	c, m := newMockClient(t, jsonReply(200, listJSON("/api/v1/document/", 100, 0, 1, documentJSON)),
		jsonReply(200, listJSON("/api/v1/document/", 100, 0, 0)))
	since := time.Date(2020, 5, 21, 9, 0, 0, 1500, time.UTC)
	var got []*StatusChange
	for ch, err := range c.Documents.Changes(context.Background(), &ChangesOptions{Group: "my-group", Since: since}) {
		require.NoError(t, err)
		got = append(got, ch)
	}
	calls := m.Calls()
	require.Len(t, calls, 2)
	for i, archived := range []string{"false", "true"} {
		assert.Equal(t, "/api/v1/document/", calls[i].Path)
		assert.Equal(t, "my-group", calls[i].Query.Get("group"))
		assert.Equal(t, archived, calls[i].Query.Get("archived"))
		assert.Equal(t, "2020-05-21T09:00:00.000002Z", calls[i].Query.Get("modified_gt"))
		assert.Empty(t, calls[i].Query.Get("nosigners"), "the signers' statuses are needed")
	}
	var ids []string
	for _, ch := range got {
		ids = append(ids, ch.ID())
	}
	assert.Equal(t, []string{"signer:s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0:status=40", "signer:s1s1s1s1-1111-4222-8333-s1s1s1s1s1s1:status=10",
		"document:" + docID + ":status=30"}, ids)
	doc := got[2]
	assert.Equal(t, string(EventDocumentStatus), doc.Type())
	assert.Equal(t, webhook.Completed, doc.Lifecycle())
	assert.Equal(t, time.Date(2020, 5, 21, 9, 30, 0, 0, time.UTC), doc.OccurredAt(), "a signed document's sign_time")
	assert.JSONEq(t, `{"timestamp": "2020-05-21T09:30:00Z", "name": "status", "value": "30", "resource_uri": "/api/v1/document/`+docID+`/"}`, string(doc.Raw()))

	// The same change decoded from a batch has the same ID.
	b, err := parseBatch(nil, []byte(`[{"timestamp": "2020-05-21T09:29:58", "name": "status", "value": "30", "resource_uri": "/api/v1/document/`+docID+`/"}]`))
	require.NoError(t, err)
	assert.Equal(t, doc.ID(), b.Changes[0].ID())

	for ch, err := range c.Documents.Changes(context.Background(), &ChangesOptions{}) {
		assert.Nil(t, ch)
		assert.ErrorIs(t, err, ErrValidation)
	}
}

// ProcessChanges runs each change of a batch through the Handler's dedupe:
// one handled before is not run again; a failing one is released.
func TestProcessChanges(t *testing.T) {
	h := webhook.NewHandler(WebhookProvider(signingCert(t).pem), webhook.WithDedupe(nil, 0))
	var ran []string
	fail := errors.New("handler down")
	webhook.On(h, func(_ context.Context, ch *StatusChange) error {
		ran = append(ran, ch.ID())
		if ch.Value == "60" && len(ran) < 4 {
			return fail
		}
		return nil
	})
	batch := func(values ...string) *StatusBatch {
		data := "["
		for i, v := range values {
			if i > 0 {
				data += ","
			}
			data += `{"timestamp": "2024-01-02T03:04:05", "name": "status", "value": "` + v + `", "resource_uri": "/api/v1/signer/s1/"}`
		}
		b, err := parseBatch(nil, []byte(data+"]"))
		require.NoError(t, err)
		return b
	}
	ctx := context.Background()
	require.NoError(t, ProcessChanges(ctx, h, batch("10", "40")))
	err := ProcessChanges(ctx, h, batch("40", "60"))
	require.ErrorIs(t, err, fail)
	require.NoError(t, ProcessChanges(ctx, h, batch("10", "40", "60")), "the failed change runs again, the others do not")
	assert.Equal(t, []string{"signer:s1:status=10", "signer:s1:status=40", "signer:s1:status=60", "signer:s1:status=60"}, ran)
}
