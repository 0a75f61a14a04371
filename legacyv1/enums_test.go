package legacyv1

import (
	"encoding/json"
	"testing"

	"github.com/esignkit/esign/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDocumentStatus(t *testing.T) {
	for _, tc := range []struct {
		s    DocumentStatus
		name string
		lc   webhook.Lifecycle
	}{
		{DocumentCreated, "created", webhook.Created},
		{DocumentFieldsComplete, "fields_complete", webhook.Other},
		{DocumentSigned, "signed", webhook.Completed},
		{DocumentRemoved, "removed", webhook.Cancelled},
		{DocumentRejected, "rejected", webhook.Declined},
		{DocumentStatus(99), "DocumentStatus(99)", webhook.Other},
	} {
		assert.Equal(t, tc.name, tc.s.String())
		assert.Equal(t, tc.lc, tc.s.Lifecycle(), tc.name)
		assert.Equal(t, tc.s != 99, tc.s.Known())
	}
	assert.Equal(t, []int{10, 20, 30, 40, 50}, []int{int(DocumentCreated), int(DocumentFieldsComplete), int(DocumentSigned), int(DocumentRemoved), int(DocumentRejected)})
}

func TestSignerStatus(t *testing.T) {
	for _, tc := range []struct {
		s      SignerStatus
		n      int
		name   string
		lc     webhook.Lifecycle
		signed bool
	}{
		{SignerUnsent, 4, "unsent", webhook.Created, false},
		{SignerScheduled, 5, "scheduled", webhook.Created, false},
		{SignerSent, 10, "sent", webhook.Sent, false},
		{SignerEmailOpened, 15, "email_opened", webhook.Viewed, false},
		{SignerVisited, 20, "visited", webhook.Viewed, false},
		{SignerFieldsComplete, 30, "fields_complete", webhook.Other, false},
		{SignerFieldsCompleteExceptSignature, 35, "fields_complete_except_signature", webhook.Other, false},
		{SignerAwaitingWitness, 39, "awaiting_witness", webhook.Other, false},
		{SignerSigned, 40, "signed", webhook.Signed, true},
		{SignerDownloaded, 50, "downloaded", webhook.Other, true},
		{SignerRejected, 60, "rejected", webhook.Declined, false},
	} {
		assert.Equal(t, tc.n, int(tc.s))
		assert.Equal(t, tc.name, tc.s.String())
		assert.Equal(t, tc.lc, tc.s.Lifecycle(), tc.name)
		assert.Equal(t, tc.signed, tc.s.HasSigned(), tc.name)
		assert.True(t, tc.s.Known())
	}
	assert.Equal(t, "SignerStatus(41)", SignerStatus(41).String())
	assert.False(t, SignerStatus(41).Known())
}

func TestOtherEnums(t *testing.T) {
	assert.Equal(t, "admin", PermissionAdmin.String())
	assert.Equal(t, "team_read_only", PermissionTeamReadOnly.String())
	assert.Equal(t, "Permission(9)", Permission(9).String())
	assert.Equal(t, "realtime", NotifyWhenRealtime.String())
	assert.Equal(t, NotifySigned, NotifyWhenSigned.Notify())
	assert.Equal(t, "NotifyWhen(7)", NotifyWhen(7).String())
}

func TestLenientJSONEnums(t *testing.T) {
	var v struct {
		D DocumentStatus  `json:"d"`
		S SignerStatus    `json:"s"`
		P Permission      `json:"p"`
		N NotifyWhen      `json:"n"`
		F FieldValidation `json:"f"`
		B FlexBool        `json:"b"`
		X FlexString      `json:"x"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"d": "30", "s": 40, "p": "2", "n": null, "f": "None", "b": "True", "x": 12}`), &v))
	assert.Equal(t, DocumentSigned, v.D)
	assert.Equal(t, SignerSigned, v.S)
	assert.Equal(t, PermissionTeamCreateSend, v.P)
	assert.Equal(t, NotifyWhen(0), v.N)
	assert.Equal(t, FieldValidation(0), v.F)
	assert.True(t, bool(v.B))
	assert.Equal(t, FlexString("12"), v.X)
	for _, bad := range []string{`{"d": "x"}`, `{"s": 1.5}`, `{"d": true}`, `{"s": 1e300}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &v), bad)
	}
	b, err := json.Marshal(FlexBool(true))
	require.NoError(t, err)
	assert.Equal(t, "true", string(b))
}
