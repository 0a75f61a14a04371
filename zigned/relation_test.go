package zigned_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
)

func TestRelationForms(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		id       string
		expanded bool
		rt       string
		zero     bool
	}{
		{name: "id", in: `"` + fileID + `"`, id: fileID},
		{name: "null", in: `null`, zero: true},
		{name: "nested envelope", in: single("file", fileJSON), id: fileID, expanded: true, rt: "file"},
		{name: "bare object", in: fileJSON, id: fileID, expanded: true},
		{name: "envelope with null data", in: `{"version":"1.0","result_type":"single","resource_type":"file","data":null}`, zero: true, rt: "file"},
		{name: "envelope around an id", in: `{"version":"1.0","result_type":"single","resource_type":"file","data":"` + fileID + `"}`, id: fileID, rt: "file"},
		{name: "whitespace", in: " \n\t\"" + fileID + "\" ", id: fileID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r zigned.Relation[zigned.File]
			require.NoError(t, json.Unmarshal([]byte(tc.in), &r))
			assert.Equal(t, tc.id, r.ID)
			assert.Equal(t, tc.expanded, r.Expanded())
			assert.Equal(t, tc.zero, r.IsZero())
			assert.Equal(t, tc.rt, r.ResourceType)
			if tc.expanded {
				checkFile(t, r.Data)
			}
		})
	}
}

func TestRelationInvalid(t *testing.T) {
	for _, in := range []string{`42`, `true`, `["a"]`, `{"version":"1.0","result_type":"single","data":[1]}`, `{"id": 5}`, `nul`} {
		var r zigned.Relation[zigned.File]
		assert.Error(t, json.Unmarshal([]byte(in), &r), in)
	}
}

func TestRelationListForms(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		ids      []string
		expanded bool
		rt       string
		zero     bool
	}{
		{name: "ids", in: `["` + participantID + `","` + approverID + `"]`, ids: []string{participantID, approverID}},
		{name: "empty list", in: `[]`, ids: []string{}},
		{name: "null", in: `null`, zero: true},
		{name: "list envelope", in: list("participant", signerJSON, approverJSON), ids: []string{participantID, approverID}, expanded: true, rt: "participant"},
		{name: "empty list envelope", in: list("participant"), ids: []string{}, rt: "participant"},
		{name: "single envelope (signing group spec form)", in: single("participant", signerJSON), ids: []string{participantID}, expanded: true, rt: "participant"},
		{name: "array of objects", in: "[" + signerJSON + "," + approverJSON + "]", ids: []string{participantID, approverID}, expanded: true},
		{name: "bare object", in: signerJSON, ids: []string{participantID}, expanded: true},
		{name: "single id", in: `"` + participantID + `"`, ids: []string{participantID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r zigned.RelationList[zigned.Participant]
			require.NoError(t, json.Unmarshal([]byte(tc.in), &r))
			assert.Equal(t, tc.ids, r.IDs)
			assert.Equal(t, tc.expanded, r.Expanded())
			assert.Equal(t, tc.zero, r.IsZero())
			assert.Equal(t, tc.rt, r.ResourceType)
			assert.Equal(t, len(tc.ids), r.Len())
			if tc.expanded {
				checkSigner(t, r.Data[0])
			}
		})
	}
}

func TestRelationListInvalid(t *testing.T) {
	for _, in := range []string{`42`, `[1]`, `[["a"]]`, `["a",` + signerJSON + `]`, `{"version":"1.0","result_type":"list","data":3}`, `[{"id":1}]`} {
		var r zigned.RelationList[zigned.Participant]
		assert.Error(t, json.Unmarshal([]byte(in), &r), in)
	}
}

func TestRelationMarshalRoundTrip(t *testing.T) {
	for _, in := range []string{`null`, `"` + fileID + `"`, single("file", fileJSON)} {
		var r zigned.Relation[zigned.File]
		require.NoError(t, json.Unmarshal([]byte(in), &r))
		out, err := json.Marshal(r)
		require.NoError(t, err)
		var back zigned.Relation[zigned.File]
		require.NoError(t, json.Unmarshal(out, &back))
		assert.Equal(t, r.ID, back.ID)
		assert.Equal(t, r.Expanded(), back.Expanded())
		if r.Expanded() {
			assert.Contains(t, string(out), `"result_type":"single"`)
			assert.Contains(t, string(out), `"resource_type":"file"`)
			assert.Equal(t, r.Data.Filename, back.Data.Filename)
		}
	}
	out, err := json.Marshal(zigned.RelationTo[zigned.File]("abc"))
	require.NoError(t, err)
	assert.Equal(t, `"abc"`, string(out))

	for _, in := range []string{`null`, `["a","b"]`, list("participant", signerJSON)} {
		var r zigned.RelationList[zigned.Participant]
		require.NoError(t, json.Unmarshal([]byte(in), &r))
		out, err := json.Marshal(r)
		require.NoError(t, err)
		var back zigned.RelationList[zigned.Participant]
		require.NoError(t, json.Unmarshal(out, &back))
		assert.Equal(t, r.IDs, back.IDs)
		assert.Equal(t, r.Expanded(), back.Expanded())
	}
}

// TestAgreementRoundTrip encodes a decoded agreement and decodes it again:
// relations keep their form.
func TestAgreementRoundTrip(t *testing.T) {
	var a zigned.Agreement
	require.NoError(t, json.Unmarshal([]byte(agreementJSON), &a))
	out, err := json.Marshal(&a)
	require.NoError(t, err)
	var b zigned.Agreement
	require.NoError(t, json.Unmarshal(out, &b))
	checkAgreement(t, &b)
}

func TestRemovable(t *testing.T) {
	out, err := json.Marshal(zigned.AgreementUpdate{
		LookupKey: zigned.Remove[string](), SuccessCallbackURL: zigned.Set("https://x.example"),
		Theme: zigned.ConnectTheme(themeID),
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"lookup_key":{"remove":true},"success_callback_url":"https://x.example","theme":{"id":"`+themeID+`"}}`, string(out))

	var u zigned.AgreementUpdate
	require.NoError(t, json.Unmarshal(out, &u))
	_, set := u.LookupKey.Value()
	assert.False(t, set)
	v, set := u.SuccessCallbackURL.Value()
	assert.True(t, set)
	assert.Equal(t, "https://x.example", v)
}

func TestWebhookScopeForms(t *testing.T) {
	for in, want := range map[string]zigned.WebhookScope{
		`{"type":"user","user_id":"u1"}`: {Type: zigned.WebhookScopeUser, UserID: "u1"},
		`{"type":"global"}`:              {Type: zigned.WebhookScopeGlobal},
		`{}`:                             {},
		`"client"`:                       {Type: zigned.WebhookScopeClient},
		`null`:                           {},
	} {
		var s zigned.WebhookScope
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s, in)
	}
}

func TestSignatureBeforeSigning(t *testing.T) {
	in := strings.Replace(signerJSON, signerJSON[strings.Index(signerJSON, `"signature": {`):strings.Index(signerJSON, `"identity_enforcement"`)],
		`"signature": {"method": null, "data": null}, `, 1)
	in = strings.Replace(in, `{"enabled": true, "status": "passed", "enforcement_method": "swe_pno_crosscheck"}`,
		`{"enabled": false, "status": null, "enforcement_method": null}`, 1)
	var p zigned.Participant
	require.NoError(t, json.Unmarshal([]byte(in), &p))
	require.NotNil(t, p.Signature)
	assert.Equal(t, zigned.SignatureMethod(""), p.Signature.Method)
	assert.Equal(t, zigned.SignatureData{}, p.Signature.Data)
	assert.Equal(t, &zigned.IdentityEnforcement{}, p.IdentityEnforcement)
}

// userResource is a type outside the package: relations still find its id.
type userResource struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func TestRelationOfExternalType(t *testing.T) {
	var r zigned.RelationList[userResource]
	require.NoError(t, json.Unmarshal([]byte(list("thing", `{"id":"u1","name":"a"}`, `{"id":"u2","name":"b"}`)), &r))
	assert.Equal(t, []string{"u1", "u2"}, r.IDs)
	assert.Equal(t, "b", r.Data[1].Name)
	assert.Error(t, json.Unmarshal([]byte(`[{"id":"u1"},"u2"]`), &r))

	var one zigned.Relation[userResource]
	require.NoError(t, json.Unmarshal([]byte(single("thing", `{"id":"u3","name":"c"}`)), &one))
	assert.Equal(t, "u3", one.ID)
	assert.Equal(t, "c", one.Data.Name)
}
