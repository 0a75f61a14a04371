package rest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"sync"
)

// Part is one part of a multipart/form-data body: either a field (Value) or a
// file (Open non-nil).
type Part struct {
	Name        string // form field name, e.g. "files[0]"
	Value       string // field value when Open is nil
	FileName    string
	ContentType string
	// Open returns a fresh reader over the file content. It is called once per
	// attempt, so retries re-read the file instead of buffering it.
	Open func() (io.ReadCloser, error)
	// Size is the length of the file content when known (> 0). When every
	// file part of a body has one, the request carries a Content-Length
	// instead of being sent chunked, and an attempt whose file turns out
	// longer or shorter fails instead of sending a truncated body.
	Size int64
}

// Multipart is a streamed multipart/form-data body. Nothing is held in
// memory: each attempt opens the files and pipes them through the encoder.
type Multipart struct {
	Parts    []Part
	boundary string
}

// NewMultipart returns a body with a random boundary.
func NewMultipart(parts ...Part) *Multipart {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return &Multipart{Parts: parts, boundary: "esign-" + hex.EncodeToString(b[:])}
}

// ContentType returns the Content-Type header with the boundary.
func (m *Multipart) ContentType() string {
	return "multipart/form-data; boundary=" + m.boundary
}

// Len returns the encoded length of the body when every file part has a
// Size, else ok == false.
func (m *Multipart) Len() (n int64, ok bool) {
	cw := &countingWriter{}
	if err := m.encode(cw, func(_ io.Writer, p Part) error {
		if p.Size <= 0 {
			return errUnknownSize
		}
		cw.n += p.Size
		return nil
	}); err != nil {
		return 0, false
	}
	return cw.n, true
}

var errUnknownSize = errors.New("unknown size")

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// Open returns a reader over a new encoding of the body that does nothing
// until it is first read: the encoder (and the files) start on the first
// Read, so a body that is opened and closed unread costs nothing. Closing
// the reader stops the encoder and closes the files.
func (m *Multipart) Open() (io.Reader, error) {
	return &lazyPipe{m: m}, nil
}

// open starts a new encoding of the body for one attempt: every file part
// is opened now and its first bytes read, so a part that cannot be opened
// or read fails here, before anything is sent (the call then fails with a
// *ValidationError); the encoder then streams the parts through a pipe.
func (m *Multipart) open() (io.Reader, error) {
	files, err := m.openFiles()
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(m.write(pw, files)) }()
	return &pipeBody{pr: pr}, nil
}

// pipeBody is an encoder's output; closing it stops the encoder.
type pipeBody struct{ pr *io.PipeReader }

func (b *pipeBody) Read(p []byte) (int, error) { return b.pr.Read(p) }
func (b *pipeBody) Close() error               { return b.pr.Close() }

// openFiles opens every file part and reads its first bytes. On failure
// the parts already opened are closed.
func (m *Multipart) openFiles() ([]io.ReadCloser, error) {
	files := make([]io.ReadCloser, 0, len(m.Parts))
	fail := func(err error) ([]io.ReadCloser, error) {
		closeAll(files)
		return nil, err
	}
	for _, p := range m.Parts {
		if p.Open == nil {
			continue
		}
		rc, err := p.Open()
		if err != nil {
			return fail(fmt.Errorf("opening %s: %w", p.FileName, err))
		}
		if rc == nil {
			return fail(fmt.Errorf("opening %s: Open returned no reader", p.FileName))
		}
		pk, err := Peek(rc)
		if err != nil {
			rc.Close()
			return fail(fmt.Errorf("reading %s: %w", p.FileName, err))
		}
		files = append(files, readCloser{Reader: pk, Closer: rc})
	}
	return files, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

func closeAll(files []io.ReadCloser) {
	for _, f := range files {
		if f != nil {
			f.Close()
		}
	}
}

// Peek reads the first bytes of r and returns a reader that replays them,
// then the rest of r: a source that cannot be read at all fails here,
// before a request carrying it is sent. An empty r is not an error.
func Peek(r io.Reader) (io.Reader, error) {
	head := make([]byte, 512)
	n, err := io.ReadAtLeast(r, head, 1)
	switch {
	case errors.Is(err, io.EOF):
		return bytes.NewReader(nil), nil
	case err != nil && n == 0:
		return nil, err
	}
	return io.MultiReader(bytes.NewReader(head[:n]), r), nil
}

// lazyPipe runs the multipart encoder in a goroutine writing to a pipe,
// started by the first Read.
type lazyPipe struct {
	m    *Multipart
	once sync.Once
	pr   *io.PipeReader
	mu   sync.Mutex
	done bool
}

func (l *lazyPipe) start() {
	l.mu.Lock()
	defer l.mu.Unlock()
	pr, pw := io.Pipe()
	l.pr = pr
	if l.done {
		pr.Close()
		pw.Close()
		return
	}
	go func() {
		files, err := l.m.openFiles()
		if err == nil {
			err = l.m.write(pw, files)
		}
		pw.CloseWithError(err)
	}()
}

func (l *lazyPipe) Read(p []byte) (int, error) {
	l.once.Do(l.start)
	return l.pr.Read(p)
}

// Close stops the encoder (its next write fails) and releases the files.
func (l *lazyPipe) Close() error {
	l.mu.Lock()
	l.done = true
	pr := l.pr
	l.mu.Unlock()
	if pr != nil {
		return pr.Close()
	}
	return nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "")

// write encodes the body with the opened file parts (in part order),
// closing every one of them.
func (m *Multipart) write(w io.Writer, files []io.ReadCloser) error {
	defer closeAll(files)
	i := 0
	return m.encode(w, func(w io.Writer, p Part) error {
		f := files[i]
		files[i] = nil
		i++
		return copyFile(w, p, f)
	})
}

// encode writes the body, handing each file part's content to file.
func (m *Multipart) encode(w io.Writer, file func(io.Writer, Part) error) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(m.boundary); err != nil {
		return err
	}
	for _, p := range m.Parts {
		if p.Open == nil {
			if err := mw.WriteField(p.Name, p.Value); err != nil {
				return err
			}
			continue
		}
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`,
			quoteEscaper.Replace(p.Name), quoteEscaper.Replace(p.FileName)))
		ct := p.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		pw, err := mw.CreatePart(h)
		if err != nil {
			return err
		}
		if err := file(pw, p); err != nil {
			return err
		}
	}
	return mw.Close()
}

// copyFile streams a file part's content, holding it to its declared Size,
// and closes it.
func copyFile(w io.Writer, p Part, rc io.ReadCloser) error {
	var r io.Reader = rc
	if p.Size > 0 {
		r = io.LimitReader(rc, p.Size+1)
	}
	n, err := io.Copy(w, r)
	cerr := rc.Close()
	if err != nil {
		return fmt.Errorf("reading %s: %w", p.FileName, err)
	}
	switch {
	case p.Size > 0 && n > p.Size:
		return fmt.Errorf("%s: content is longer than the declared %d bytes", p.FileName, p.Size)
	case p.Size > 0 && n < p.Size:
		return fmt.Errorf("%s: content is %d bytes, not the declared %d", p.FileName, n, p.Size)
	}
	return cerr
}

// bodyError is a request body that could not be opened for an attempt:
// nothing of that attempt was sent.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "opening the request body: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// newBodyOpener adapts a per-attempt body opener for go-retryablehttp, which
// calls it once more than there are attempts: first to probe the body when
// the request is built. That probe gets an empty reader, so no file is
// opened for it; each attempt then opens the body afresh, and a failure to
// open it is a *bodyError.
func newBodyOpener(open func() (io.Reader, error)) func() (io.Reader, error) {
	probed := false
	return func() (io.Reader, error) {
		if !probed {
			probed = true
			return http.NoBody, nil
		}
		r, err := open()
		if err != nil {
			return nil, &bodyError{err: err}
		}
		return r, nil
	}
}
