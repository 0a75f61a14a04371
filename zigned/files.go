package zigned

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

// FilesService manages the account's file archive: /files.
type FilesService service

// File is the file resource. URL is a signed, short-lived read URL.
type File struct {
	ID           string       `json:"id"`
	ResourceType string       `json:"resource_type"`
	Filename     string       `json:"filename"`
	MimeType     string       `json:"mime_type"`
	URL          string       `json:"url,omitempty"`
	Metadata     FileMetadata `json:"metadata"`
	CreatedAt    Time         `json:"created_at"`
	UpdatedAt    Time         `json:"updated_at"`
}

// FileMetadata holds the caller's own reference.
type FileMetadata struct {
	LookupKey string `json:"lookup_key,omitempty"`
}

// FileListOptions filter GET /files.
type FileListOptions struct {
	ListOptions
	DateFilter
	// MimeType is one of MimeTypePDF, MimeTypePNG, MimeTypeJPEG.
	MimeType  string
	LookupKey string
}

func (o *FileListOptions) values(page int) (url.Values, error) {
	var opts FileListOptions
	if o != nil {
		opts = *o
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	v := url.Values{}
	opts.ListOptions.add(v, page)
	opts.DateFilter.add(v)
	if opts.MimeType != "" {
		v.Set("mime_type", opts.MimeType)
	}
	if opts.LookupKey != "" {
		v.Set("lookup_key", opts.LookupKey)
	}
	return v, nil
}

// FileUpload describes a file to upload. The content is streamed: Open is
// called once per attempt and nothing is buffered in memory.
type FileUpload struct {
	// Filename is the complete file name with extension, e.g. "contract.pdf".
	Filename string
	// ContentType defaults to the type of Filename's extension.
	ContentType string
	// Open returns a fresh reader over the content.
	Open func() (io.ReadCloser, error)
	// Size is the content length, when known: the upload then carries a
	// Content-Length instead of being sent chunked, and an attempt whose
	// content has another length fails. UploadPath sets it.
	Size int64
	// LookupKey is an optional reference of yours.
	LookupKey string
}

// List returns one page of files.
func (s *FilesService) List(ctx context.Context, opts *FileListOptions) ([]*File, *Response, error) {
	return s.list(ctx, opts, 0)
}

func (s *FilesService) list(ctx context.Context, opts *FileListOptions, page int) ([]*File, *Response, error) {
	q, err := opts.values(page)
	if err != nil {
		return nil, nil, err
	}
	return do[items[File]](ctx, s.client, http.MethodGet, "files", q, nil)
}

// All iterates over every file matching opts, starting at opts.Page.
func (s *FilesService) All(ctx context.Context, opts *FileListOptions) iter.Seq2[*File, error] {
	var start int
	if opts != nil {
		start = opts.Page
	}
	return iterate(ctx, s.client, start, func(ctx context.Context, page int) ([]*File, *Response, error) {
		return s.list(ctx, opts, page)
	})
}

// Upload uploads a file to the archive (multipart POST /files).
func (s *FilesService) Upload(ctx context.Context, f *FileUpload) (*File, *Response, error) {
	if f == nil || f.Open == nil {
		return nil, nil, invalidArg("file", "needs an Open function")
	}
	if strings.TrimSpace(f.Filename) == "" {
		return nil, nil, invalidArg("filename", "must not be empty")
	}
	ct := f.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(f.Filename)))
	}
	var parts []rest.Part
	if f.LookupKey != "" {
		parts = append(parts, rest.Part{Name: "lookup_key", Value: f.LookupKey})
	}
	parts = append(parts, rest.Part{Name: "file", FileName: f.Filename, ContentType: ct, Open: f.Open, Size: f.Size})
	return do[*File](ctx, s.client, http.MethodPost, "files", nil, rest.NewMultipart(parts...))
}

// UploadOnce uploads a file exactly once, even when an answer is lost. The
// file carries a lookup key: f.LookupKey, or a fresh random one ("esign-…")
// when it is empty (f itself is not modified; the key is in the returned
// file's Metadata). When the upload fails after Zigned may have stored the
// file (a timeout, a reset connection, a 408 or 5xx), UploadOnce looks it
// up by that key (GET /files?lookup_key=…): found, it is returned and
// resp.Recovered is set; not found, the upload is sent again (f.Open is
// called again) within the retry budget. Give each file a key of its own:
// the lookup returns the first file that carries it. Only when the lookup itself fails
// does the call end with an error matching ErrOutcomeUnknown; call
// UploadOnce again with the same key after checking with Files.List
// (LookupKey), since Zigned does not refuse a second file with a key
// already used.
func (s *FilesService) UploadOnce(ctx context.Context, f *FileUpload) (*File, *Response, error) {
	var up FileUpload
	if f != nil {
		up = *f
	}
	if up.LookupKey == "" {
		up.LookupKey = rest.NewKey()
	}
	return once(ctx, s.client, up.LookupKey,
		func(ctx context.Context) (*File, *Response, error) { return s.Upload(ctx, &up) },
		func(ctx context.Context) ([]*File, *Response, error) {
			return s.list(ctx, &FileListOptions{LookupKey: up.LookupKey}, 0)
		},
		func(f *File) string { return f.Metadata.LookupKey })
}

// UploadPath uploads the file at path, reopening it for each attempt.
func (s *FilesService) UploadPath(ctx context.Context, path, lookupKey string) (*File, *Response, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, invalidArg("path", "%v", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, invalidArg("path", "%s is not a regular file", path)
	}
	return s.Upload(ctx, &FileUpload{
		Filename:  filepath.Base(path),
		Open:      func() (io.ReadCloser, error) { return os.Open(path) },
		Size:      fi.Size(),
		LookupKey: lookupKey,
	})
}

// Get returns a file with a fresh signed URL.
func (s *FilesService) Get(ctx context.Context, id string) (*File, *Response, error) {
	p, err := pathOf("files/%s", []string{"file ID"}, id)
	if err != nil {
		return nil, nil, err
	}
	return do[*File](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Delete deletes a file and returns it as it was.
func (s *FilesService) Delete(ctx context.Context, id string) (*File, *Response, error) {
	p, err := pathOf("files/%s", []string{"file ID"}, id)
	if err != nil {
		return nil, nil, err
	}
	return do[*File](ctx, s.client, http.MethodDelete, p, nil, nil)
}
