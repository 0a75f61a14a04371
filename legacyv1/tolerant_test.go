package legacyv1

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/tolerant"
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
	var paths []string
	for _, is := range issues {
		paths = append(paths, is.Path)
	}
	assert.Equal(t, []string{"signers[0]", "signers[1]"}, paths)
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
