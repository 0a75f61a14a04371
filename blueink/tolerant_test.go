package blueink_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/tolerant"
)

// The package's own JSON methods decode a whole object (a field error with
// its misspelt key, a request whose documents are two types, an event
// payload). The tolerant decoder keeps every member of such an object but
// the one that does not fit, instead of losing the object.
func TestCustomDecodersAreTolerant(t *testing.T) {
	t.Run("BundleFieldError", func(t *testing.T) {
		body := strings.Replace(fixture(t, "bundle_failed.json"), `"field": "documents[0].key"`, `"field": ["documents", 0, "key"]`, 1)
		var b blueink.Bundle
		issues, err := tolerant.Decode([]byte(body), &b, tolerant.Options{})
		require.NoError(t, err)
		require.Len(t, issues, 1)
		assert.Equal(t, "errors[0].errors[1].field", issues[0].Path)
		fe := b.Errors[0].Errors
		require.Len(t, fe, 2)
		assert.Equal(t, blueink.BundleFieldError{Field: "documents[0].file_url",
			Message: "Could not download https://blueink.com/does/not/exist/fw9.pdf"}, fe[0])
		assert.Equal(t, blueink.BundleFieldError{Message: "This field is required."}, fe[1], "the message is kept")
	})
	t.Run("BundleRequest", func(t *testing.T) {
		body := `{"label":"NDA","is_test":"yes","packets":[{"key":"signer-1","email":"a@example.com"}],"documents":[
			{"key":"w9","file_url":"https://example.com/w9.pdf","parse_tags":"no"},
			null,
			{"key":"tpl","template_id":"T1","assignments":[{"role":"customer","signer":"signer-1"}]}]}`
		var r blueink.BundleRequest
		issues, err := tolerant.Decode([]byte(body), &r, tolerant.Options{})
		require.NoError(t, err)
		var paths []string
		for _, is := range issues {
			paths = append(paths, is.Path)
		}
		assert.ElementsMatch(t, []string{"is_test", "documents[0].parse_tags", "documents[1]"}, paths)
		assert.Equal(t, "NDA", r.Label)
		assert.Equal(t, "signer-1", r.Packets[0].Key)
		require.Len(t, r.Documents, 2)
		assert.Equal(t, &blueink.DocumentRequest{Key: "w9", FileURL: "https://example.com/w9.pdf"}, r.Documents[0])
		assert.Equal(t, &blueink.TemplateRequest{Key: "tpl", TemplateID: "T1",
			Assignments: []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}}}, r.Documents[1])
	})
	t.Run("EventPayload", func(t *testing.T) {
		var env blueink.EventEnvelope
		issues, err := tolerant.Decode([]byte(`{"event_id":"e1","event_type":"bundle_sent",
			"payload":{"bundle_id":"B1","packet_id":{"id":"P1"},"note":"kept"}}`), &env, tolerant.Options{})
		require.NoError(t, err)
		require.Len(t, issues, 1)
		assert.Equal(t, "payload.packet_id", issues[0].Path)
		assert.Equal(t, `{"id":"P1"}`, issues[0].Raw)
		assert.Equal(t, "B1", env.Payload.BundleID)
		assert.Equal(t, `"kept"`, string(env.Payload.Other["note"]))
	})
	t.Run("VerifyResult", func(t *testing.T) {
		var v blueink.VerifyResult
		issues, err := tolerant.Decode([]byte(`{"valid":"maybe","signed_at":["x"]}`), &v, tolerant.Options{})
		require.NoError(t, err)
		assert.Empty(t, issues, "a map of raw members takes any member")
		assert.Equal(t, "maybe", v.Fields["valid"])
	})
}
