package zigned_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

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
		check func(t *testing.T, ev webhook.Event)
	}{
		"bad id": {`{"event":"agreement.lifecycle.pending","data":{"id":42,"status":"pending"}}`, func(t *testing.T, ev webhook.Event) {
			a := as[*zigned.AgreementEvent](t, ev).Agreement
			require.NotNil(t, a)
			assert.Equal(t, zigned.AgreementStatusPending, a.Status)
			assert.Empty(t, a.ID)
		}},
		"bad relation": {`{"event":"agreement.lifecycle.pending","data":{"id":"a","participants":7,"status":"pending"}}`, func(t *testing.T, ev webhook.Event) {
			a := as[*zigned.AgreementEvent](t, ev).Agreement
			require.NotNil(t, a)
			assert.Equal(t, "a", a.ID)
			assert.True(t, a.Participants.IsZero())
		}},
		"bad order": {`{"event":"participant.draft.created","data":{"id":"p","resource_type":"participant","order":"first","name":"Jane"}}`, func(t *testing.T, ev webhook.Event) {
			p := as[*zigned.ParticipantEvent](t, ev).Participant
			require.NotNil(t, p)
			assert.Equal(t, "Jane", p.Name)
			assert.Nil(t, p.Order)
		}},
		"bad timestamp": {`{"event":"agreement.lifecycle.pending","created_at":"soon","data":{"id":"a","updated_at":"2024-01-01T00:00:00Z"}}`, func(t *testing.T, ev webhook.Event) {
			assert.Equal(t, "a", as[*zigned.AgreementEvent](t, ev).Agreement.ID)
			assert.Equal(t, 2024, ev.OccurredAt().Year(), "data's updated_at stands in")
		}},
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := zigned.ParseEvent([]byte(tc.body))
			require.NoError(t, err)
			tc.check(t, ev)
		})
	}
}
