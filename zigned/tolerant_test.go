package zigned_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
)

// issuePaths lists the paths of the issues err carries (a
// *tolerant.StrictError unwraps to them).
func issuePaths(err error) []string {
	var paths []string
	var multi interface{ Unwrap() []error }
	if errors.As(err, &multi) {
		for _, e := range multi.Unwrap() {
			var is webhook.DecodeIssue
			if errors.As(e, &is) {
				paths = append(paths, is.Path)
			}
		}
	}
	return paths
}

// badSigner is signerJSON with an order that is not a number.
var badSigner = strings.Replace(signerJSON, `"order": 1`, `"order": "first"`, 1)

// One bad field inside an expanded relation no longer costs the relation:
// the resource is kept, the field is zero, and the error names the path.
func TestRelationKeepsTheResourceAroundABadField(t *testing.T) {
	require.Contains(t, signerJSON, `"order": 1`)
	var r zigned.Relation[zigned.Participant]
	err := json.Unmarshal([]byte(single("participant", badSigner)), &r)
	require.Error(t, err)
	assert.Equal(t, []string{"data.order"}, issuePaths(err))
	assert.True(t, strings.HasPrefix(err.Error(), "zigned: 1 value did not decode: data.order"), err.Error())
	require.NotNil(t, r.Data, "the participant is kept")
	assert.Equal(t, participantID, r.ID)
	assert.Nil(t, r.Data.Order)
	assert.Equal(t, "Jane Doe", r.Data.Name)
	assert.Equal(t, "participant", r.ResourceType)
}

func TestRelationListKeepsEveryItem(t *testing.T) {
	var l zigned.RelationList[zigned.Participant]
	err := json.Unmarshal([]byte(list("participant", signerJSON, badSigner, approverJSON)), &l)
	require.Error(t, err)
	assert.Equal(t, []string{"data[1].order"}, issuePaths(err))
	assert.Equal(t, []string{participantID, participantID, approverID}, l.IDs)
	require.Len(t, l.Data, 3)
	assert.NotNil(t, l.Data[0].Order)
	assert.Nil(t, l.Data[1].Order)

	// An id among objects is listed and left out; the objects are kept.
	err = json.Unmarshal([]byte(`[`+signerJSON+`,"x",`+approverJSON+`]`), &l)
	require.Error(t, err)
	assert.Equal(t, []string{"[1]"}, issuePaths(err))
	assert.Equal(t, []string{participantID, approverID}, l.IDs)
}

// A value that is not the right kind for the relation itself is zero; the
// agreement around it decodes (the call failed as a whole before).
func TestAgreementKeepsEverythingButTheBadRelation(t *testing.T) {
	in := strings.Replace(agreementJSON, `"theme": "clwh9fjrvr3txyinulhexample"`, `"theme": 7`, 1)
	require.NotEqual(t, agreementJSON, in)
	mt, c := newTokenClient(t)
	mt.RegisterResponder(http.MethodGet, apiBase+"/agreements/"+agreementID, jsonResponder(200, single("agreement", in)))
	a, resp, err := c.Agreements.Get(context.Background(), agreementID)
	require.NoError(t, err)
	require.Len(t, resp.DecodeIssues, 1)
	assert.Equal(t, "data.theme", resp.DecodeIssues[0].Path)
	assert.Equal(t, "7", resp.DecodeIssues[0].Raw)
	assert.True(t, a.Theme.IsZero())
	a.Theme = zigned.RelationTo[zigned.Theme]("clwh9fjrvr3txyinulhexample")
	checkAgreement(t, a)
}

// A list page with one bad value in one item keeps every item: the call
// succeeds (it failed as a whole before).
func TestListPageKeepsEveryItemAroundABadValue(t *testing.T) {
	bad := strings.Replace(agreementJSON, agreementID, "agr-2", 1)
	bad = strings.Replace(bad, `"participants": `+list("participant", signerJSON, approverJSON),
		`"participants": `+list("participant", badSigner, approverJSON), 1)
	require.NotEqual(t, agreementJSON, bad)
	mt, c := newTokenClient(t)
	mt.RegisterResponder(http.MethodGet, apiBase+"/agreements",
		jsonResponder(200, paginated("agreement", 1, 1, 50, 2, agreementJSON, bad)))
	page, resp, err := c.Agreements.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, page, 2)
	require.Len(t, resp.DecodeIssues, 1, "one value, at its own path")
	assert.Equal(t, "data[1].participants.data[0].order", resp.DecodeIssues[0].Path)
	assert.Equal(t, `"first"`, resp.DecodeIssues[0].Raw)
	assert.Equal(t, "agr-2", page[1].ID)
	require.Len(t, page[1].Participants.Data, 2)
	assert.Nil(t, page[1].Participants.Data[0].Order)
	assert.Equal(t, "Jane Doe", page[1].Participants.Data[0].Name)
	checkAgreement(t, page[0])
}

// newTokenClient is a client with a static token on a fresh mock transport.
func newTokenClient(t *testing.T, opts ...zigned.Option) (*httpmock.MockTransport, *zigned.Client) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	c, err := zigned.NewClientWithToken("tok_test", append([]zigned.Option{zigned.WithHTTPClient(&http.Client{Transport: mt})}, opts...)...)
	require.NoError(t, err)
	return mt, c
}

// With strict decoding the same answer is an error naming the path.
func TestStrictDecodingRefusesTheBadValue(t *testing.T) {
	in := strings.Replace(agreementJSON, `"theme": "clwh9fjrvr3txyinulhexample"`, `"theme": 7`, 1)
	mt, c := newTokenClient(t, zigned.WithStrictDecoding())
	mt.RegisterResponder(http.MethodGet, apiBase+"/agreements/"+agreementID, jsonResponder(200, single("agreement", in)))
	_, resp, err := c.Agreements.Get(context.Background(), agreementID)
	var de *zigned.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, err.Error(), "data.theme")
	require.NotNil(t, resp)
	assert.Len(t, resp.DecodeIssues, 1)
}

type removableThing struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func TestRemovableKeepsWhatDecoded(t *testing.T) {
	var r zigned.Removable[removableThing]
	err := json.Unmarshal([]byte(`{"name":"kept","count":"many"}`), &r)
	require.Error(t, err)
	assert.Equal(t, []string{"count"}, issuePaths(err))
	v, set := r.Value()
	assert.True(t, set)
	assert.Equal(t, removableThing{Name: "kept"}, v)

	require.NoError(t, json.Unmarshal([]byte(`{"remove": true}`), &r))
	_, set = r.Value()
	assert.False(t, set)
}

func TestWebhookScopeWrongKind(t *testing.T) {
	var s zigned.WebhookScope
	err := json.Unmarshal([]byte(`{"type":"user","user_id":42}`), &s)
	require.Error(t, err)
	assert.Equal(t, []string{"user_id"}, issuePaths(err))
	assert.Equal(t, zigned.WebhookScopeUser, s.Type)
}

// A delivery with one value of the wrong kind is dispatched, decoded; only
// that value is zero.
func TestDeliveryWithABadValueDecodes(t *testing.T) {
	for name, tc := range map[string]struct {
		body  string
		path  string
		check func(t *testing.T, ev webhook.Event)
	}{
		"bad id": {`{"event":"agreement.lifecycle.pending","data":{"id":42,"status":"pending"}}`, "data.id", func(t *testing.T, ev webhook.Event) {
			a := as[*zigned.AgreementEvent](t, ev).Agreement
			require.NotNil(t, a)
			assert.Equal(t, zigned.AgreementStatusPending, a.Status)
			assert.Empty(t, a.ID)
		}},
		"bad relation": {`{"event":"agreement.lifecycle.pending","data":{"id":"a","participants":7,"status":"pending"}}`, "data.participants", func(t *testing.T, ev webhook.Event) {
			a := as[*zigned.AgreementEvent](t, ev).Agreement
			require.NotNil(t, a)
			assert.Equal(t, "a", a.ID)
			assert.True(t, a.Participants.IsZero())
		}},
		"bad order": {`{"event":"participant.draft.created","data":{"id":"p","resource_type":"participant","order":"first","name":"Jane"}}`, "data.order", func(t *testing.T, ev webhook.Event) {
			p := as[*zigned.ParticipantEvent](t, ev).Participant
			require.NotNil(t, p)
			assert.Equal(t, "Jane", p.Name)
			assert.Nil(t, p.Order)
		}},
		"bad value in a wrapped resource": {`{"event":"agreement.lifecycle.pending","data":{"version":"1.0","result_type":"single","data":{"id":"a","test_mode":"yes"}}}`, "data.data.test_mode", func(t *testing.T, ev webhook.Event) {
			a := as[*zigned.AgreementEvent](t, ev).Agreement
			require.NotNil(t, a)
			assert.Equal(t, "a", a.ID)
		}},
		"bad timestamp": {`{"event":"agreement.lifecycle.pending","created_at":"soon","data":{"id":"a","updated_at":"2024-01-01T00:00:00Z"}}`, "created_at", func(t *testing.T, ev webhook.Event) {
			assert.Equal(t, "a", as[*zigned.AgreementEvent](t, ev).Agreement.ID)
			assert.Equal(t, 2024, ev.OccurredAt().Year(), "data's updated_at stands in")
		}},
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := zigned.ParseEvent([]byte(tc.body))
			require.NoError(t, err)
			tc.check(t, ev)
			require.Len(t, ev.DecodeIssues(), 1)
			assert.Equal(t, tc.path, ev.DecodeIssues()[0].Path)

			// Strict decoding refuses the delivery instead, naming the path.
			_, err = zigned.ParseEvent([]byte(tc.body), webhook.WithStrictDecoding())
			require.ErrorIs(t, err, webhook.ErrInvalidPayload)
			var is webhook.DecodeIssue
			require.ErrorAs(t, err, &is)
			assert.Equal(t, tc.path, is.Path)
		})
	}
}
