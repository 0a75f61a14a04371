package zigned_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
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

// The content is opened again for each attempt: a 429 answer to the first
// upload is followed by a second, complete upload.
func TestFilesUploadReopensPerAttempt(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var bodies [][]byte
	mt.RegisterResponder(http.MethodPost, apiBase+"/files", func(r *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		bodies = append(bodies, b)
		if len(bodies) == 1 {
			return jsonResponder(429, `{"status":"error","error":{"code":429,"message":"slow down","request_id":"r"}}`)(r)
		}
		return jsonResponder(200, single("file", fileJSON))(r)
	})
	var opens int
	f, _, err := c.Files.Upload(context.Background(), &zigned.FileUpload{Filename: "my-file.pdf",
		Open: func() (io.ReadCloser, error) { opens++; return io.NopCloser(bytes.NewReader(pdfData)), nil }})
	require.NoError(t, err)
	assert.Equal(t, fileID, f.ID)
	assert.Equal(t, 2, opens)
	require.Len(t, bodies, 2)
	for _, b := range bodies {
		assert.True(t, bytes.Contains(b, pdfData), "every attempt carries the whole file")
	}
}

// A failing Open is reported; nothing is retried with a partial body.
func TestFilesUploadOpenError(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"}, zigned.WithMaxRetries(0))
	mt.RegisterResponder(http.MethodPost, apiBase+"/files", func(r *http.Request) (*http.Response, error) {
		_, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		return jsonResponder(200, single("file", fileJSON))(r)
	})
	_, _, err := c.Files.Upload(context.Background(), &zigned.FileUpload{Filename: "a.pdf",
		Open: func() (io.ReadCloser, error) { return nil, errors.New("disk on fire") }})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk on fire")
}
