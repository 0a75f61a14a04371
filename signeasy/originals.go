package signeasy

import (
	"context"
	"io"
	"iter"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// OriginalsService handles original documents: the uploaded files that
// envelopes are built from.
type OriginalsService service

// Original is an uploaded original document.
type Original struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	CreatedTime      Time   `json:"created_time"`
	LastModifiedTime Time   `json:"last_modified_time"`
}

// UploadRequest describes a document to upload.
type UploadRequest struct {
	// Name is the document name in Signeasy (form field "name"). Signeasy
	// strips the characters / : * < > | from it. Default: FileName.
	Name string
	// FileName is the file name of the multipart file part. Default: Name.
	FileName string
	// ContentType of the file part. Default: from the file name's extension,
	// else application/octet-stream.
	ContentType string
	// Open returns a fresh reader over the content. It is called once per
	// attempt, so a retry re-reads the file and nothing is buffered in
	// memory. See OpenFile.
	Open func() (io.ReadCloser, error)
	// Size is the content length, when known: the upload then carries a
	// Content-Length instead of being sent chunked, and an attempt whose
	// content has another length fails.
	Size int64
	// RenameIfExists asks Signeasy to rename the document instead of failing
	// when the name is taken (form field "rename_if_exists"=1).
	RenameIfExists bool
}

// OpenFile returns an UploadRequest.Open function reading the file at path.
func OpenFile(path string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return os.Open(path) }
}

// Upload uploads an original (up to 40 MB): POST /original/ as
// multipart/form-data with a "file" part and a "name" field, streamed from
// r.Open. The path and "file" part are those third-party extractions of
// docs.signeasy.com list; "name" and "rename_if_exists" are what
// integrations send (see the package doc).
func (s *OriginalsService) Upload(ctx context.Context, r *UploadRequest) (*Original, *Response, error) {
	if r == nil || r.Open == nil {
		return nil, nil, invalidArg("upload", "Open must be set")
	}
	name, fileName := strings.TrimSpace(r.Name), strings.TrimSpace(r.FileName)
	if name == "" {
		name = fileName
	}
	if fileName == "" {
		fileName = name
	}
	if name == "" {
		return nil, nil, invalidArg("upload", "Name or FileName must be set")
	}
	ct := r.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(fileName)))
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	parts := []rest.Part{
		{Name: "file", FileName: fileName, ContentType: ct, Open: r.Open, Size: r.Size},
		{Name: "name", Value: name},
	}
	if r.RenameIfExists {
		parts = append(parts, rest.Part{Name: "rename_if_exists", Value: "1"})
	}
	return do[*Original](ctx, s.client, http.MethodPost, "original/", rest.NewMultipart(parts...))
}

// List returns every original: GET /original/ (not paginated; path not
// confirmed on a Signeasy page; see the package doc).
func (s *OriginalsService) List(ctx context.Context) ([]*Original, *Response, error) {
	return do[list[Original]](ctx, s.client, http.MethodGet, "original/", nil)
}

// All iterates every original, stopping at the first error.
func (s *OriginalsService) All(ctx context.Context) iter.Seq2[*Original, error] {
	return iterate[Original](ctx, s.client, "original/")
}

// Get fetches one original: GET /original/{id}/ (path not confirmed on a
// Signeasy page; see the package doc).
func (s *OriginalsService) Get(ctx context.Context, id int64) (*Original, *Response, error) {
	path, err := pathOf("original/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Original](ctx, s.client, http.MethodGet, path, nil)
}

// Download streams the original's content: GET /original/{id}/download
// (no trailing slash: the only v3 evidence has none; not confirmed on a
// Signeasy page, see the package doc). The body is streamed: the caller
// reads and closes it.
func (s *OriginalsService) Download(ctx context.Context, id int64) (io.ReadCloser, *Response, error) {
	path, err := pathOf("original/%s/download", id)
	if err != nil {
		return nil, nil, err
	}
	return s.client.download(ctx, path, nil)
}

// Delete deletes an original: DELETE /original/{id} (no trailing slash:
// the only v3 evidence has none; not confirmed on a Signeasy page, see the
// package doc).
func (s *OriginalsService) Delete(ctx context.Context, id int64) (*Response, error) {
	path, err := pathOf("original/%s", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, path, nil)
	return resp, err
}

// download streams a file, following a redirect to storage on another host
// with credentials dropped. Nothing is buffered: the caller reads and
// closes the body.
func (c *Client) download(ctx context.Context, path string, query url.Values) (io.ReadCloser, *Response, error) {
	return c.rc.Stream(ctx, &rest.Request{
		Method:               http.MethodGet,
		Path:                 path,
		Query:                query,
		Header:               http.Header{"Accept": {"application/pdf, application/octet-stream, */*"}},
		AllowForeignRedirect: true,
	})
}
