package zigned_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// UploadPath knows the file's size, so the upload carries a Content-Length
// instead of being sent chunked; the body is exactly that long.
func TestFilesUploadPathSendsContentLength(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contract.pdf")
	content := []byte("%PDF-1.4\n% contract\n%%EOF\n")
	require.NoError(t, os.WriteFile(path, content, 0o600))
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var gotLen, gotRead int64
	var gotTE []string
	mt.RegisterResponder(http.MethodPost, apiBase+"/files", func(r *http.Request) (*http.Response, error) {
		gotLen, gotTE = r.ContentLength, r.TransferEncoding
		n, err := io.Copy(io.Discard, r.Body)
		require.NoError(t, err)
		gotRead = n
		return jsonResponder(201, single("file", `{"id":"f1","filename":"contract.pdf"}`))(r)
	})
	_, _, err := c.Files.UploadPath(context.Background(), path, "")
	require.NoError(t, err)
	assert.Positive(t, gotLen)
	assert.Equal(t, gotLen, gotRead, "Content-Length matches the body")
	assert.Greater(t, gotLen, int64(len(content)), "the body holds the file and the multipart framing")
	assert.Empty(t, gotTE)
}

func TestFilesUploadPathRejectsDirectory(t *testing.T) {
	_, c := newMockClient(t, nil)
	_, _, err := c.Files.UploadPath(context.Background(), t.TempDir(), "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a regular file")
}
