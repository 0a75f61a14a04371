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
// after its base name.
func FileFromPath(p string) File {
	return File{
		Name: filepath.Base(p),
		Open: func() (io.ReadCloser, error) { return os.Open(p) },
	}
}

// FileFromFS uploads the file name of fsys (e.g. an embed.FS).
func FileFromFS(fsys fs.FS, name string) File {
	return File{
		Name: path.Base(name),
		Open: func() (io.ReadCloser, error) { return fsys.Open(name) },
	}
}

// FileFromBytes uploads data in memory under the given name. An empty
// contentType is derived from the name.
func FileFromBytes(name, contentType string, data []byte) File {
	return File{
		Name:        name,
		ContentType: contentType,
		Open:        func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
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
	}
}
