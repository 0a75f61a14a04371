package legacyv1

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 2xx create is never an error: an answer without a usable Location
// returns what can be known and says so (issue 14).

func TestUploadWithoutLocationFindsTheAttachment(t *testing.T) {
	older := `{"created": "2024-01-01T10:00:00", "description": "Terms", "filename": "terms.pdf", "group": "/api/v1/group/my-group/",` +
		` "resource_uri": "/api/v1/attachment/a0000000-1111-4222-8333-000000000001/", "uuid": "a0000000-1111-4222-8333-000000000001"}`
	newer := strings.ReplaceAll(strings.ReplaceAll(older, "000000000001", "000000000002"), "2024-01-01T10:00:00", "2024-03-01T10:00:00.5")
	other := strings.ReplaceAll(strings.ReplaceAll(newer, "000000000002", "000000000003"), `"terms.pdf"`, `"other.pdf"`)
	c, m := newMockClient(t,
		reply{Status: http.StatusCreated}, // no Location, no body
		jsonReply(200, listJSON("/api/v1/attachment/", 100, 0, 3, older, newer, other)))
	cr, resp, err := c.Attachments.Upload(context.Background(), &AttachmentUpload{Group: "my-group", Filename: "terms.pdf",
		Description: "Terms", PDFBase64: "JVBERi0xLjQK"})
	require.NoError(t, err, "a 201 is a success: reporting it as a failure invites a duplicate upload")
	assert.Equal(t, "a0000000-1111-4222-8333-000000000002", cr.ID, "the newest attachment with what was sent")
	assert.Equal(t, ResourceAttachment, cr.Resource)
	assert.Empty(t, cr.Location)
	require.NotNil(t, resp)
	assert.True(t, resp.Recovered, "the Response says the object was found by what was sent")
	calls := m.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, "POST /api/v1/attachment/", calls[0].Method+" "+calls[0].Path)
	assert.Equal(t, "GET /api/v1/attachment/", calls[1].Method+" "+calls[1].Path)
	assert.Equal(t, "my-group", calls[1].Query.Get("group"))
}

func TestCreateWithoutLocation(t *testing.T) {
	ctx := context.Background()
	req := &DocumentCreateRequest{Group: "my-group", Name: "test cs_agreement", Text: "<p>x</p>", Tag: "contract2020myref",
		Tag1: "my_other_ref", Tag2: "andFinalRef", Signers: []*SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com"}}}

	t.Run("found by what was sent", func(t *testing.T) {
		c, m := newMockClient(t, jsonReply(http.StatusCreated, `{"signer_1": "https://app1.legalesign.com/esign/one/"}`),
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 1, documentJSON)))
		d, resp, err := c.Documents.Create(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, docID, d.ID)
		assert.Equal(t, map[string]string{"signer_1": "https://app1.legalesign.com/esign/one/"}, d.SignerLinks, "the body is still read")
		assert.True(t, resp.Recovered)
		calls := m.Calls()
		require.Len(t, calls, 3, "the create, then the unarchived and archived documents of its first signer")
		for i, archived := range []string{"false", "true"} {
			assert.Equal(t, "joe.biggins@widgets.com", calls[1+i].Query.Get("email"))
			assert.Equal(t, "my-group", calls[1+i].Query.Get("group"))
			assert.Equal(t, archived, calls[1+i].Query.Get("archived"))
		}
	})

	t.Run("named by the body", func(t *testing.T) {
		c, m := newMockClient(t, jsonReply(http.StatusCreated, `{"resource_uri": "/api/v1/group/sales/", "name": "Sales"}`))
		g, resp, err := c.Groups.Create(ctx, &GroupCreateRequest{Name: "Sales"})
		require.NoError(t, err)
		assert.Equal(t, &Created{ID: "sales", ResourceURI: "/api/v1/group/sales/", Resource: ResourceGroup}, g)
		assert.False(t, resp.Recovered)
		assert.Len(t, m.Calls(), 1, "no lookup")
	})

	for _, loc := range []string{"", "https://eu-api.legalesign.com/", "/api/v1/document/", "/api/v1/document/a/b/"} {
		t.Run("not found "+loc, func(t *testing.T) {
			var logs bytes.Buffer
			c, m := newMockClient(t, reply{Status: http.StatusCreated, Header: http.Header{"Location": {loc}}},
				jsonReply(200, listJSON("/api/v1/document/", 100, 0, 0)))
			c.logger = slog.New(slog.NewTextHandler(&logs, nil))
			d, resp, err := c.Documents.Create(ctx, req)
			require.NoError(t, err, "a 201 is never an error")
			assert.Equal(t, &CreatedDocument{Created: Created{Location: loc}}, d)
			assert.Equal(t, 201, resp.StatusCode)
			assert.False(t, resp.Recovered)
			require.Len(t, resp.DecodeIssues, 1, "the Response says the answer named nothing")
			assert.Equal(t, "Location", resp.DecodeIssues[0].Path)
			assert.Equal(t, loc, resp.DecodeIssues[0].Raw)
			assert.Contains(t, logs.String(), "without saying which object it created")
			assert.Len(t, m.Calls(), 3, "the create, then both document lists (unarchived, archived)")
		})
	}

	t.Run("members may answer without one", func(t *testing.T) {
		var logs bytes.Buffer
		c, m := newMockClient(t, reply{Status: http.StatusCreated})
		c.logger = slog.New(slog.NewTextHandler(&logs, nil))
		cr, resp, err := c.Members.Create(ctx, &MemberCreateRequest{Group: "my-group", Email: "new@widgets.com"})
		require.NoError(t, err)
		assert.Equal(t, &Created{}, cr)
		assert.False(t, resp.Recovered)
		assert.Empty(t, logs.String(), "an invitation is expected to name no object")
		assert.Empty(t, resp.DecodeIssues)
		assert.Len(t, m.Calls(), 1)
	})
}

// CreateOnce carries a key in tag2 and, when the answer is lost, finds the
// document by it instead of sending it twice.
func TestCreateOnce(t *testing.T) {
	ctx := context.Background()
	req := &DocumentCreateRequest{Group: "my-group", Name: "test cs_agreement", Text: "<p>x</p>",
		Signers: []*SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com"}}}

	t.Run("a generated key", func(t *testing.T) {
		c, m := newMockClient(t, locationReply("/api/v1/document/"+docID+"/"))
		d, resp, err := c.Documents.CreateOnce(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, docID, d.ID)
		assert.False(t, resp.Recovered)
		assert.Regexp(t, `^esign-[0-9a-f]{32}$`, d.Key)
		var sent map[string]any
		require.NoError(t, json.Unmarshal(m.Calls()[0].Body, &sent))
		assert.Equal(t, d.Key, sent["tag2"])
		assert.Empty(t, req.Tag2, "the caller's request is not modified")
	})

	t.Run("lost answer recovered", func(t *testing.T) {
		keyed := *req
		keyed.Tag2 = "andFinalRef" // the fixture's tag2
		other := strings.ReplaceAll(strings.ReplaceAll(documentJSON, docID, "d1d1d1d1-1111-4222-8333-d1d1d1d1d1d1"), `"andFinalRef"`, `"another"`)
		c, m := newMockClient(t, jsonReply(http.StatusServiceUnavailable, `{"error": "busy"}`),
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 2, other, documentJSON)))
		before := time.Now()
		d, resp, err := c.Documents.CreateOnce(ctx, &keyed)
		require.NoError(t, err)
		assert.Equal(t, docID, d.ID)
		assert.Equal(t, "andFinalRef", d.Key)
		assert.True(t, resp.Recovered)
		assert.Equal(t, 200, resp.StatusCode, "the lookup's answer")
		calls := m.Calls()
		require.Len(t, calls, 2, "one create, one lookup; never a second create")
		assert.Equal(t, "GET", calls[1].Method)
		assert.Equal(t, "my-group", calls[1].Query.Get("group"))
		assert.Equal(t, "false", calls[1].Query.Get("archived"))
		assert.Empty(t, calls[1].Query.Get("email"))
		since, err := time.Parse(time.RFC3339Nano, calls[1].Query.Get("created_gt"))
		require.NoError(t, err)
		assert.WithinDuration(t, before.Add(-CreateOnceWindow), since, time.Minute)
	})

	t.Run("not found: sent again", func(t *testing.T) {
		c, m := newMockClient(t, jsonReply(http.StatusBadGateway, ``),
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 0)), jsonReply(200, listJSON("/api/v1/document/", 100, 0, 0)),
			locationReply("/api/v1/document/"+docID+"/"))
		d, resp, err := c.Documents.CreateOnce(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, docID, d.ID)
		assert.False(t, resp.Recovered)
		var methods []string
		for _, call := range m.Calls() {
			methods = append(methods, call.Method)
		}
		assert.Equal(t, []string{"POST", "GET", "GET", "POST"}, methods)
		var first, second map[string]any
		require.NoError(t, json.Unmarshal(m.Calls()[0].Body, &first))
		require.NoError(t, json.Unmarshal(m.Calls()[3].Body, &second))
		assert.Equal(t, first["tag2"], second["tag2"], "the same key")
	})
}
