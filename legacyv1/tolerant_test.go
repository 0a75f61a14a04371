package legacyv1

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// A signers row that is not an array (the spec's example writes each row
// as one comma-joined string) is listed as a decode issue, never silently
// an empty signer; the rest of the document decodes.
func TestSignerRowNotAnArrayIsAnIssue(t *testing.T) {
	doc := strings.Replace(documentJSON, `"signers": [`, `"signers": ["/api/v1/signers/s9/, Ann, Other, ann@widgets.com, '', true, 20, 0", {"uri": "x"}, `, 1)
	require.NotEqual(t, documentJSON, doc)

	var strict Document
	require.Error(t, json.Unmarshal([]byte(doc), &strict), "plain encoding/json fails on it (so a strict client reports it)")

	var d Document
	issues, err := tolerant.Decode([]byte(doc), &d, tolerant.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"signers[0]", "signers[1]"}, issuePaths(issues))
	assert.Contains(t, issues[0].Error(), "a signer must be a JSON array")
	assert.Contains(t, issues[1].Error(), "got an object")
	require.Len(t, d.Signers, 4)
	assert.Equal(t, SignerSummary{}, d.Signers[0])
	assert.Equal(t, SignerSummary{}, d.Signers[1])
	assert.Equal(t, "joe.biggins@widgets.com", d.Signers[2].Email)
	assert.Equal(t, SignerSigned, d.Signers[2].Status)
	assert.Equal(t, docID, d.UUID, "the rest of the document")

	// An element that is an object: the row keeps what did read.
	var s SignerSummary
	err = json.Unmarshal([]byte(`["/api/v1/signer/s1/", "Joe", "Bloggs", "joe@example.com", {"sms": 1}, "True", "40", "2", "extra"]`), &s)
	require.ErrorContains(t, err, "signer element 4 is an object")
	assert.Equal(t, SignerSummary{ResourceURI: "/api/v1/signer/s1/", FirstName: "Joe", LastName: "Bloggs", Email: "joe@example.com",
		HasFields: true, Status: SignerSigned, Order: 2}, s)
	require.NoError(t, json.Unmarshal([]byte(`null`), &s))
	assert.Equal(t, SignerSummary{}, s)
}

// A batch keeps every change that reads: an entry that is not an object,
// a member that is not a value, a timestamp in an unknown shape are
// skipped or left zero (and listed), never failing the batch.
func TestBatchDecodesTolerantly(t *testing.T) {
	data := `[{"timestamp": "2018-03-20T07:09:52", "name": "status", "value": "40", "resource_uri": "/api/v1/signer/s1/"},
		1,
		{"timestamp": "sometime", "name": "status", "value": "30", "resource_uri": "/api/v1/document/d1/"},
		{"timestamp": "2018-03-20T07:09:53", "name": {"x": 1}, "value": "10", "resource_uri": "/api/v1/signer/s2/"}]`
	ev, err := ParseEvent(batchForm(t, signingCert(t), data))
	require.NoError(t, err)
	b := ev.(*StatusBatch)
	require.Len(t, b.Changes, 3)
	assert.Equal(t, "signer:s1:status=40", b.Changes[0].ID())
	assert.Equal(t, "document:d1:status=30", b.Changes[1].ID())
	assert.True(t, b.Changes[1].Time.IsZero())
	assert.Equal(t, DocumentSigned, b.Changes[1].DocumentStatus)
	assert.Equal(t, "", b.Changes[2].Name)
	assert.Equal(t, webhook.Completed, b.Lifecycle())
	_, issues, err := decodeBatch(nil, []byte(data))
	require.NoError(t, err)
	assert.Equal(t, []string{"data[1]", "data[2].timestamp", "data[3].name"}, issuePaths(issues))
	assert.Equal(t, issues, ev.DecodeIssues(), "listed on the event")
	_, err = ParseEvent(batchForm(t, signingCert(t), data), webhook.WithStrictDecoding())
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload, "strict decoding refuses it")
	assert.Equal(t, "1", issues[0].Raw)
	assert.Contains(t, issues[1].Error(), `unrecognized timestamp "sometime"`)

	// At most 100 issues, then one summary entry.
	many := "[" + strings.Repeat(`1,`, 150) + "1]"
	_, issues, err = decodeBatch(nil, []byte(many))
	require.NoError(t, err)
	require.Len(t, issues, 101)
	assert.ErrorIs(t, issues[100].Err, webhook.ErrTooManyDecodeIssues)
	assert.Contains(t, issues[100].Error(), "51 more")

	for _, bad := range []string{`{"a": 1}`, `nope`, `[1,`} {
		_, err := parseBatch(nil, []byte(bad))
		assert.ErrorIs(t, err, webhook.ErrInvalidPayload, bad)
	}
}

func issuePaths(issues []webhook.DecodeIssue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Path)
	}
	return out
}

// A realtime delivery keeps what reads: a created time in an unknown shape
// or a member that is not a value is left empty and listed.
func TestRealtimeDecodesTolerantly(t *testing.T) {
	body := []byte(`{"version": {"v": 2}, "object": "document", "event": "finalPdfCreated", "id": "ev-1", "created": "soon", "data": {"uuid": "d1"}}`)
	ev, issues, err := decodeRealtime(body)
	require.NoError(t, err)
	e := ev.(*RealtimeEvent)
	assert.Equal(t, "document.finalPdfCreated", e.Type())
	assert.Equal(t, "ev-1", e.ID())
	assert.Equal(t, webhook.Completed, e.Lifecycle())
	assert.Empty(t, e.Version)
	assert.True(t, e.Created.IsZero())
	assert.JSONEq(t, `{"uuid": "d1"}`, string(e.Data))
	assert.Equal(t, []string{"version", "created"}, issuePaths(issues))

	ev, err = ParseEvent(body)
	require.NoError(t, err, "one odd field never fails a delivery")
	assert.Equal(t, "ev-1", ev.ID())
	assert.Equal(t, []string{"version", "created"}, issuePaths(ev.DecodeIssues()))
	_, err = ParseEvent([]byte(`["not", "an", "object"]`))
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
}

// A per-event callback whose json_signed is not a JSON object keeps its
// form fields and lists json_signed.
func TestLegacyJSONSignedNotAnObject(t *testing.T) {
	ev, err := ParseEvent([]byte("name=NDA&uuid=d1&json_signed=" + url.QueryEscape(`["not", "an object"]`)))
	require.NoError(t, err)
	cb := ev.(*LegacyCallback)
	assert.Equal(t, "d1", cb.DocumentID())
	assert.Nil(t, cb.Signed)
	assert.Equal(t, []string{"json_signed"}, issuePaths(cb.DecodeIssues()))
}

// A meta value that does not read leaves the page intact and is listed.
func TestListMetaDrift(t *testing.T) {
	c, _ := newMockClient(t, jsonReply(200, `{"meta": {"limit": 20, "next": null, "offset": "None", "previous": null, "total_count": "1"}, "objects": [`+attachmentJSON+`]}`))
	c, err := NewClient(testUser, testSecret, WithHTTPClient(c.rc.HTTPClient()))
	require.NoError(t, err)
	list, resp, err := c.Attachments.List(context.Background(), &GroupListOptions{Group: "my-group"})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "attach1.pdf", list[0].Filename)
	require.NotNil(t, resp.Pagination)
	assert.Equal(t, 20, resp.Pagination.Limit)
	assert.Equal(t, []string{"meta.offset", "meta.total_count"}, issuePaths(resp.DecodeIssues))
}

// Array answers (fields, callback subscriptions) decode item by item: one
// value that does not read is listed, every item is kept.
func TestArrayAnswerDrift(t *testing.T) {
	c, _ := newMockClient(t, jsonReply(200, `[{"url": "https://a.example/", "active": "maybe", "notify_when": 1}, {"url": "https://b.example/", "active": true, "notify_when": 2}]`))
	c, err := NewClient(testUser, testSecret, WithHTTPClient(c.rc.HTTPClient()))
	require.NoError(t, err)
	subs, resp, err := c.Subscriptions.List(context.Background())
	require.NoError(t, err)
	require.Len(t, subs, 2)
	assert.Equal(t, "https://a.example/", subs[0].URL)
	assert.False(t, subs[0].Active)
	assert.True(t, subs[1].Active)
	assert.Equal(t, []string{"[0].active"}, issuePaths(resp.DecodeIssues))
}
