package rest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
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

// Open starts a new encoding of the body; it satisfies retryablehttp.ReaderFunc.
// The encoder (and the files) start on the first Read, so a body that is
// opened and closed unread (go-retryablehttp probes the ReaderFunc once when
// building the request) costs nothing; closing the reader stops the encoder.
func (m *Multipart) Open() (io.Reader, error) {
	return &lazyPipe{m: m}, nil
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
	go func() { pw.CloseWithError(l.m.write(pw)) }()
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

func (m *Multipart) write(w io.Writer) error {
	return m.encode(w, copyFile)
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

// copyFile streams a file part's content, holding it to its declared Size.
func copyFile(w io.Writer, p Part) error {
	rc, err := p.Open()
	if err != nil {
		return fmt.Errorf("opening %s: %w", p.FileName, err)
	}
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
