package legacyv1

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 2xx create is never an error: an answer without a usable Location
// returns what can be known and says so (issue 14).

// createdAt returns fixture JSON with its "created" time replaced by at
// (Legalesign's zone-less layout, to the microsecond).
func createdAt(fixture string, at time.Time) string {
	return regexp.MustCompile(`"created": "[^"]*"`).ReplaceAllString(fixture,
		`"created": "`+at.UTC().Format("2006-01-02T15:04:05.999999")+`"`)
}

// notRecovered asserts what a 201 naming no object that could be recovered
// returns: an empty Created, no error, Recovered false and a "Location"
// decode issue whose error wraps why.
func notRecovered(t *testing.T, cr *Created, resp *Response, err error, loc string, why error) {
	t.Helper()
	require.NoError(t, err, "a 201 is never an error")
	assert.Equal(t, &Created{Location: loc}, cr)
	require.NotNil(t, resp)
	assert.Equal(t, 201, resp.StatusCode)
	assert.False(t, resp.Recovered)
	require.Len(t, resp.DecodeIssues, 1, "the Response says the answer named nothing")
	assert.Equal(t, "Location", resp.DecodeIssues[0].Path)
	assert.Equal(t, loc, resp.DecodeIssues[0].Raw)
	assert.ErrorIs(t, resp.DecodeIssues[0].Err, errNoCreated)
	if why != nil {
		assert.ErrorIs(t, resp.DecodeIssues[0].Err, why)
	}
}

func TestUploadWithoutLocationFindsTheAttachment(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	older := `{"created": "2024-01-01T10:00:00", "description": "Terms", "filename": "terms.pdf", "group": "/api/v1/group/my-group/",` +
		` "resource_uri": "/api/v1/attachment/a0000000-1111-4222-8333-000000000001/", "uuid": "a0000000-1111-4222-8333-000000000001"}`
	newer := createdAt(strings.ReplaceAll(older, "000000000001", "000000000002"), now)
	other := strings.ReplaceAll(strings.ReplaceAll(newer, "000000000002", "000000000003"), `"terms.pdf"`, `"other.pdf"`)
	skewed := createdAt(strings.ReplaceAll(older, "000000000001", "000000000004"), now.Add(-CreateLookupSkew+10*time.Second))
	up := &AttachmentUpload{Group: "my-group", Filename: "terms.pdf", Description: "Terms", PDFBase64: "JVBERi0xLjQK"}

	t.Run("the one created since", func(t *testing.T) {
		c, m := newMockClient(t,
			reply{Status: http.StatusCreated}, // no Location, no body
			jsonReply(200, listJSON("/api/v1/attachment/", 100, 0, 3, older, newer, other)))
		cr, resp, err := c.Attachments.Upload(ctx, up)
		require.NoError(t, err, "a 201 is a success: reporting it as a failure invites a duplicate upload")
		assert.Equal(t, "a0000000-1111-4222-8333-000000000002", cr.ID, "the attachment created since, with what was sent")
		assert.Equal(t, ResourceAttachment, cr.Resource)
		assert.Empty(t, cr.Location)
		require.NotNil(t, resp)
		assert.True(t, resp.Recovered, "the Response says the object was found by what was sent")
		assert.Empty(t, resp.DecodeIssues)
		calls := m.Calls()
		require.Len(t, calls, 2)
		assert.Equal(t, "POST /api/v1/attachment/", calls[0].Method+" "+calls[0].Path)
		assert.Equal(t, "GET /api/v1/attachment/", calls[1].Method+" "+calls[1].Path)
		assert.Equal(t, "my-group", calls[1].Query.Get("group"))
	})

	t.Run("within the clocks' skew", func(t *testing.T) {
		c, _ := newMockClient(t, reply{Status: http.StatusCreated},
			jsonReply(200, listJSON("/api/v1/attachment/", 100, 0, 2, older, skewed)))
		cr, resp, err := c.Attachments.Upload(ctx, up)
		require.NoError(t, err)
		assert.Equal(t, "a0000000-1111-4222-8333-000000000004", cr.ID, "Legalesign's clock may be behind this machine's")
		assert.True(t, resp.Recovered)
	})

	t.Run("only older ones", func(t *testing.T) {
		c, _ := newMockClient(t, reply{Status: http.StatusCreated},
			jsonReply(200, listJSON("/api/v1/attachment/", 100, 0, 2, older, other)))
		cr, resp, err := c.Attachments.Upload(ctx, up)
		notRecovered(t, cr, resp, err, "", errNotFound)
	})

	t.Run("two created since", func(t *testing.T) {
		c, _ := newMockClient(t, reply{Status: http.StatusCreated},
			jsonReply(200, listJSON("/api/v1/attachment/", 100, 0, 3, older, newer, skewed)))
		cr, resp, err := c.Attachments.Upload(ctx, up)
		notRecovered(t, cr, resp, err, "", errAmbiguous)
	})
}

func TestCreateWithoutLocation(t *testing.T) {
	ctx := context.Background()
	req := &DocumentCreateRequest{Group: "my-group", Name: "test cs_agreement", Text: "<p>x</p>", Tag: "contract2020myref",
		Tag1: "my_other_ref", Tag2: "andFinalRef", Signers: []*SignerRequest{{FirstName: "Joe", LastName: "Biggins", Email: "joe.biggins@widgets.com"}}}
	fresh := createdAt(documentJSON, time.Now())
	const secondID = "d1d1d1d1-1111-4222-8333-d1d1d1d1d1d1"

	t.Run("found by what was sent", func(t *testing.T) {
		c, m := newMockClient(t, jsonReply(http.StatusCreated, `{"signer_1": "https://app1.legalesign.com/esign/one/"}`),
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 1, fresh)))
		before := time.Now()
		d, resp, err := c.Documents.Create(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, docID, d.ID)
		assert.Equal(t, map[string]string{"signer_1": "https://app1.legalesign.com/esign/one/"}, d.SignerLinks, "the body is still read")
		assert.True(t, resp.Recovered)
		assert.Empty(t, resp.DecodeIssues)
		calls := m.Calls()
		require.Len(t, calls, 3, "the create, then the unarchived and archived documents of its first signer")
		for i, archived := range []string{"false", "true"} {
			assert.Equal(t, "joe.biggins@widgets.com", calls[1+i].Query.Get("email"))
			assert.Equal(t, "my-group", calls[1+i].Query.Get("group"))
			assert.Equal(t, archived, calls[1+i].Query.Get("archived"))
			since, err := time.Parse(time.RFC3339Nano, calls[1+i].Query.Get("created_gt"))
			require.NoError(t, err, "only documents created since the create was sent are listed")
			assert.WithinDuration(t, before.Add(-CreateLookupSkew), since, 5*time.Second)
		}
	})

	// A recurring NDA to the same person: the documents of earlier years
	// carry the same name, tags and signer. Even when the list ignores
	// created_gt, none of them is reported as the one just created.
	t.Run("only older documents", func(t *testing.T) {
		y2019 := createdAt(documentJSON, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
		y2020 := strings.ReplaceAll(documentJSON, docID, secondID)
		c, m := newMockClient(t, reply{Status: http.StatusCreated},
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 2, y2019, y2020)))
		d, resp, err := c.Documents.Create(ctx, req)
		notRecovered(t, &d.Created, resp, err, "", errNotFound)
		assert.Len(t, m.Calls(), 3)
	})

	t.Run("two created since", func(t *testing.T) {
		c, _ := newMockClient(t, reply{Status: http.StatusCreated},
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 2, fresh, strings.ReplaceAll(fresh, docID, secondID))))
		d, resp, err := c.Documents.Create(ctx, req)
		notRecovered(t, &d.Created, resp, err, "", errAmbiguous)
	})

	t.Run("listed twice is one", func(t *testing.T) {
		c, _ := newMockClient(t, reply{Status: http.StatusCreated},
			jsonReply(200, listJSON("/api/v1/document/", 100, 0, 2, fresh, fresh)))
		d, resp, err := c.Documents.Create(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, docID, d.ID)
		assert.True(t, resp.Recovered)
	})

	t.Run("lookup fails", func(t *testing.T) {
		var logs bytes.Buffer
		c, _ := newMockClient(t, reply{Status: http.StatusCreated}, reply{Status: 200, Body: "not json", Header: http.Header{"Content-Type": {"text/html"}}})
		c.logger = slog.New(slog.NewTextHandler(&logs, nil))
		d, resp, err := c.Documents.Create(ctx, req)
		notRecovered(t, &d.Created, resp, err, "", nil)
		var de *DecodeError
		assert.ErrorAs(t, resp.DecodeIssues[0].Err, &de, "the lookup's failure is kept, not swallowed")
		assert.Contains(t, resp.DecodeIssues[0].Err.Error(), "looking it up failed")
		assert.Contains(t, logs.String(), "looking it up failed")
	})

	for _, loc := range []string{"", "https://eu-api.legalesign.com/", "/api/v1/document/", "/api/v1/document/a/b/"} {
		t.Run("not found "+loc, func(t *testing.T) {
			var logs bytes.Buffer
			c, m := newMockClient(t, reply{Status: http.StatusCreated, Header: http.Header{"Location": {loc}}},
				jsonReply(200, listJSON("/api/v1/document/", 100, 0, 0)))
			c.logger = slog.New(slog.NewTextHandler(&logs, nil))
			d, resp, err := c.Documents.Create(ctx, req)
			notRecovered(t, &d.Created, resp, err, loc, errNotFound)
			assert.Nil(t, d.SignerLinks)
			assert.Contains(t, logs.String(), "without saying which object it created")
			assert.Len(t, m.Calls(), 3, "the create, then both document lists (unarchived, archived)")
		})
	}

	t.Run("named by the body", func(t *testing.T) {
		c, m := newMockClient(t, jsonReply(http.StatusCreated, `{"resource_uri": "/api/v1/group/sales/", "name": "Sales"}`))
		g, resp, err := c.Groups.Create(ctx, &GroupCreateRequest{Name: "Sales"})
		require.NoError(t, err)
		assert.Equal(t, &Created{ID: "sales", ResourceURI: "/api/v1/group/sales/", Resource: ResourceGroup}, g)
		assert.False(t, resp.Recovered)
		assert.Len(t, m.Calls(), 1, "no lookup")
	})

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

	// A 201 naming no document looks the key up among the documents
	// created since that request, not since CreateOnceWindow: a document
	// an earlier call made with the same key (an order id) is not the new
	// one.
	t.Run("201 without Location", func(t *testing.T) {
		keyed := *req
		keyed.Tag2 = "andFinalRef" // the fixture's tag2
		earlier := createdAt(documentJSON, time.Now().Add(-30*time.Minute))
		fresh := createdAt(strings.ReplaceAll(documentJSON, docID, "d1d1d1d1-1111-4222-8333-d1d1d1d1d1d1"), time.Now())
		for _, tc := range []struct {
			name string
			list []string
			id   string
		}{
			{"only an earlier one", []string{earlier}, ""},
			{"the new one", []string{earlier, fresh}, "d1d1d1d1-1111-4222-8333-d1d1d1d1d1d1"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c, m := newMockClient(t, reply{Status: http.StatusCreated},
					jsonReply(200, listJSON("/api/v1/document/", 100, 0, len(tc.list), tc.list...)))
				before := time.Now()
				d, resp, err := c.Documents.CreateOnce(ctx, &keyed)
				require.NoError(t, err, "a 201 is never an error")
				assert.Equal(t, tc.id, d.ID)
				assert.Equal(t, tc.id != "", resp.Recovered)
				assert.Equal(t, "andFinalRef", d.Key)
				calls := m.Calls()
				require.Len(t, calls, 3, "one create, then both lists; never a second create")
				since, err := time.Parse(time.RFC3339Nano, calls[1].Query.Get("created_gt"))
				require.NoError(t, err)
				assert.WithinDuration(t, before.Add(-CreateLookupSkew), since, 5*time.Second)
			})
		}
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
