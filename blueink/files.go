package blueink

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// File is a file uploaded by CreateWithFiles. Open is called once per
// attempt (retries re-open the file) and its content is streamed, so a large
// PDF is never held in memory.
type File struct {
	// Name is the file name sent to BlueInk, e.g. "contract.pdf".
	Name string
	// ContentType defaults to the type of Name's extension, else
	// application/octet-stream.
	ContentType string
	// Open returns a fresh reader over the content.
	Open func() (io.ReadCloser, error)
	// Size is the content length, when known. With a Size on every file the
	// upload carries a Content-Length instead of being sent chunked, and an
	// attempt whose content has another length fails. The FileFrom helpers
	// set it.
	Size int64
}

func (f File) validate() error {
	if strings.TrimSpace(f.Name) == "" {
		return errors.New("file name must not be empty")
	}
	if f.Open == nil {
		return errors.New("file " + f.Name + " has no Open function")
	}
	return nil
}

func (f File) contentType() string {
	if f.ContentType != "" {
		return f.ContentType
	}
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(f.Name))); t != "" {
		return t
	}
	return "application/octet-stream"
}

// FileFromPath uploads the file at p (opened when the request is sent), named
// after its base name. Its size is read now; a file that cannot be read
// fails the upload when it is opened.
func FileFromPath(p string) File {
	f := File{
		Name: filepath.Base(p),
		Open: func() (io.ReadCloser, error) { return os.Open(p) },
	}
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
		f.Size = fi.Size()
	}
	return f
}

// FileFromFS uploads the file name of fsys (e.g. an embed.FS).
func FileFromFS(fsys fs.FS, name string) File {
	f := File{
		Name: path.Base(name),
		Open: func() (io.ReadCloser, error) { return fsys.Open(name) },
	}
	if fi, err := fs.Stat(fsys, name); err == nil && fi.Mode().IsRegular() {
		f.Size = fi.Size()
	}
	return f
}

// FileFromBytes uploads data in memory under the given name. An empty
// contentType is derived from the name.
func FileFromBytes(name, contentType string, data []byte) File {
	return File{
		Name:        name,
		ContentType: contentType,
		Open:        func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
		Size:        int64(len(data)),
	}
}

// FileFromReaderAt uploads size bytes of r (an *os.File, a bytes.Reader, a
// section of an archive...) under the given name; each attempt reads from
// offset 0 through its own io.SectionReader.
func FileFromReaderAt(name, contentType string, r io.ReaderAt, size int64) File {
	return File{
		Name:        name,
		ContentType: contentType,
		Open:        func() (io.ReadCloser, error) { return io.NopCloser(io.NewSectionReader(r, 0, size)), nil },
		Size:        size,
	}
}
