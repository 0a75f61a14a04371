package rest

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// patternFile is a generated file: size bytes of a repeating pattern, read
// without ever being held in memory.
type patternFile struct {
	size, off int64
	closed    *atomic.Int32
	onClose   chan struct{} // closed by Close when set
}

func (p *patternFile) Read(b []byte) (int, error) {
	if p.off >= p.size {
		return 0, io.EOF
	}
	n := int64(len(b))
	if rem := p.size - p.off; n > rem {
		n = rem
	}
	for i := int64(0); i < n; i++ {
		b[i] = byte('a' + (p.off+i)%26)
	}
	p.off += n
	return int(n), nil
}

func (p *patternFile) Close() error {
	if p.closed != nil {
		p.closed.Add(1)
	}
	if p.onClose != nil {
		close(p.onClose)
	}
	return nil
}

func patternCRC(size int64) uint32 {
	h := crc32.NewIEEE()
	_, _ = io.Copy(h, &patternFile{size: size})
	return h.Sum32()
}

// uploadServer reads multipart bodies as a stream and reports what it saw.
type uploadServer struct {
	srv      *httptest.Server
	mu       sync.Mutex
	fields   map[string]string
	files    map[string]fileSeen
	attempts atomic.Int32
	failN    int32 // answer 503 to the first failN attempts (after reading the body)
	// framing of the last request: its Content-Length (-1: none, chunked) and
	// the number of body bytes the server read
	contentLength, bodyBytes int64
	chunked                  bool
}

type countingReader struct {
	r io.ReadCloser
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Close() error { return c.r.Close() }

type fileSeen struct {
	name, contentType string
	size              int64
	crc               uint32
}

func newUploadServer(t testing.TB) *uploadServer {
	u := &uploadServer{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := u.attempts.Add(1)
		fields, files := map[string]string{}, map[string]fileSeen{}
		cb := &countingReader{r: r.Body}
		r.Body = cb
		defer func() {
			u.mu.Lock()
			u.contentLength, u.bodyBytes = r.ContentLength, cb.n
			u.chunked = len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked"
			u.mu.Unlock()
		}()
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			if part.FileName() == "" {
				b, _ := io.ReadAll(part)
				fields[part.FormName()] = string(b)
				continue
			}
			h := crc32.NewIEEE()
			size, err := io.Copy(h, part)
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			files[part.FormName()] = fileSeen{part.FileName(), part.Header.Get("Content-Type"), size, h.Sum32()}
		}
		u.mu.Lock()
		u.fields, u.files = fields, files
		u.mu.Unlock()
		if n <= u.failN {
			w.WriteHeader(503)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func TestMultipartStreamsFieldsAndFiles(t *testing.T) {
	u := newUploadServer(t)
	c, _ := newClient(t, u.srv.URL, nil)
	var opens, closes atomic.Int32
	const size = 3<<20 + 17
	body := NewMultipart(
		Part{Name: "title", Value: "Lease \"2025\""},
		Part{Name: "files[0]", FileName: "le\"ase.pdf", ContentType: "application/pdf", Open: func() (io.ReadCloser, error) {
			opens.Add(1)
			return &patternFile{size: size, closed: &closes}, nil
		}},
		Part{Name: "files[1]", FileName: "notes.txt", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader("hello")), nil
		}},
	)
	mt, params, err := mime.ParseMediaType(body.ContentType())
	if err != nil || mt != "multipart/form-data" || !strings.HasPrefix(params["boundary"], "esign-") {
		t.Fatalf("ContentType = %q", body.ContentType())
	}
	if NewMultipart().ContentType() == body.ContentType() {
		t.Fatal("boundaries must be random")
	}
	out, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "documents/", nil, body)
	if err != nil || !out.OK {
		t.Fatalf("upload: %v", err)
	}
	equal(t, "fields", u.fields, map[string]string{"title": `Lease "2025"`})
	equal(t, "file 0", u.files["files[0]"], fileSeen{`le"ase.pdf`, "application/pdf", size, patternCRC(size)})
	equal(t, "file 1", u.files["files[1]"], fileSeen{"notes.txt", "application/octet-stream", 5, crc32.ChecksumIEEE([]byte("hello"))})
	equal(t, "opens", opens.Load(), int32(1))
	equal(t, "closes", closes.Load(), int32(1))
}

func TestMultipartRetryReopensFiles(t *testing.T) {
	u := newUploadServer(t)
	u.failN = 1
	c, rec := newClient(t, u.srv.URL, nil)
	var opens atomic.Int32
	const size = 1 << 20
	body := NewMultipart(Part{Name: "file", FileName: "a.pdf", Open: func() (io.ReadCloser, error) {
		opens.Add(1)
		return &patternFile{size: size}, nil
	}})
	// PUT: a failed attempt is retried (a POST would not be, see CreateOnce).
	if _, _, err := Do[*okBody](context.Background(), c, http.MethodPut, "documents/", nil, body); err != nil {
		t.Fatal(err)
	}
	equal(t, "attempts", u.attempts.Load(), int32(2))
	equal(t, "opens (one per attempt)", opens.Load(), int32(2))
	equal(t, "waits", len(rec.all()), 1)
	equal(t, "second attempt's file", u.files["file"], fileSeen{"a.pdf", "application/octet-stream", size, patternCRC(size)})
}

// A part that cannot be opened, or read at all, fails before the first
// byte is sent: a *ValidationError, never an unknown outcome.
func TestMultipartOpenFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	for name, open := range map[string]func() (io.ReadCloser, error){
		"open fails":   func() (io.ReadCloser, error) { return nil, boom },
		"read fails":   func() (io.ReadCloser, error) { return io.NopCloser(iotestErrReader{boom}), nil },
		"nil reader":   func() (io.ReadCloser, error) { return nil, nil },
		"second fails": nil, // the second of two parts
	} {
		t.Run(name, func(t *testing.T) {
			u := newUploadServer(t)
			c, _ := newClient(t, u.srv.URL, nil)
			var closed atomic.Int32
			first := Part{Name: "a", FileName: "a.pdf", Open: func() (io.ReadCloser, error) {
				return &patternFile{size: 10, closed: &closed}, nil
			}}
			parts := []Part{first, {Name: "file", FileName: "b.pdf", Open: open}}
			if open == nil {
				parts[1].Open = func() (io.ReadCloser, error) { return nil, boom }
			}
			_, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "documents/", nil, NewMultipart(parts...))
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) || errors.Is(err, ErrOutcomeUnknown) {
				t.Fatalf("err = %T %v, want a *ValidationError", err, err)
			}
			if name != "nil reader" && !strings.Contains(err.Error(), "disk on fire") {
				t.Fatalf("err = %v, want the cause", err)
			}
			equal(t, "requests sent", u.attempts.Load(), int32(0))
			equal(t, "opened parts closed", closed.Load(), int32(1))
		})
	}
}

type iotestErrReader struct{ err error }

func (r iotestErrReader) Read([]byte) (int, error) { return 0, r.err }

func TestMultipartOpenedUnreadCostsNothing(t *testing.T) {
	var opens atomic.Int32
	body := NewMultipart(Part{Name: "f", FileName: "f", Open: func() (io.ReadCloser, error) {
		opens.Add(1)
		return &patternFile{size: 10}, nil
	}})
	before := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		r, err := body.Open()
		if err != nil {
			t.Fatal(err)
		}
		_ = r.(io.Closer).Close()
		if n, err := r.Read(make([]byte, 8)); n != 0 || !errors.Is(err, io.ErrClosedPipe) {
			t.Fatalf("read after close = %d, %v", n, err)
		}
	}
	equal(t, "files opened", opens.Load(), int32(0))
	if after := runtime.NumGoroutine(); after > before+5 {
		t.Fatalf("goroutines: %d before, %d after", before, after)
	}
	// Closing mid-stream stops the encoder and closes the file.
	closedCh := make(chan struct{})
	body = NewMultipart(Part{Name: "f", FileName: "f", Open: func() (io.ReadCloser, error) {
		return &patternFile{size: 10 << 20, onClose: closedCh}, nil
	}})
	r, _ := body.Open()
	if _, err := io.ReadFull(r, make([]byte, 64<<10)); err != nil {
		t.Fatal(err)
	}
	_ = r.(io.Closer).Close()
	select {
	case <-closedCh:
	case <-time.After(10 * time.Second):
		t.Fatal("the file was not closed after the body was")
	}
}

// gatedFile is a generated file whose reads stop at gateAt bytes until gate
// is closed (or stop is, when the test gives up).
type gatedFile struct {
	patternFile
	gateAt     int64
	gate, stop <-chan struct{}
}

func (g *gatedFile) Read(b []byte) (int, error) {
	if g.off >= g.gateAt {
		select {
		case <-g.gate:
		case <-g.stop:
			return 0, errors.New("test over")
		}
	} else if rem := g.gateAt - g.off; int64(len(b)) > rem {
		b = b[:rem]
	}
	return g.patternFile.Read(b)
}

// A large upload is streamed: the server receives the start of the file
// while the client has not read the rest of it yet. The file withholds its
// second half until the server has seen 1 MiB of it, so a client that
// buffered the body before sending would never get past the first half.
// (Allocation figures are in BenchmarkMultipartUpload.)
func TestMultipartLargeUploadIsStreamed(t *testing.T) {
	const size, gateAt, serverNeeds = 8 << 20, 4 << 20, 1 << 20
	for _, declared := range []int64{0, size} { // chunked, then with Content-Length
		t.Run(fmt.Sprint("declared size ", declared), func(t *testing.T) {
			// A watchdog, not a measurement: a buffering client would wait
			// for the second half forever; the file gives up when ctx ends.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			gate := make(chan struct{})
			var openGate sync.Once
			var received atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mr, err := r.MultipartReader()
				if err != nil {
					http.Error(w, err.Error(), 400)
					return
				}
				part, err := mr.NextPart()
				if err != nil {
					http.Error(w, err.Error(), 400)
					return
				}
				buf := make([]byte, 32<<10)
				for {
					n, err := part.Read(buf)
					if received.Add(int64(n)) >= serverNeeds {
						openGate.Do(func() { close(gate) })
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						http.Error(w, err.Error(), 400)
						return
					}
				}
				_, _ = io.WriteString(w, `{"ok":true}`)
			}))
			defer srv.Close()
			c, _ := newClient(t, srv.URL, nil)
			body := NewMultipart(Part{Name: "file", FileName: "big.pdf", Size: declared, Open: func() (io.ReadCloser, error) {
				return &gatedFile{patternFile: patternFile{size: size}, gateAt: gateAt, gate: gate, stop: ctx.Done()}, nil
			}})
			out, _, err := Do[*okBody](ctx, c, http.MethodPost, "documents/", nil, body)
			if err != nil {
				t.Fatalf("upload: %v (the server received %d bytes: the body was buffered, not streamed)", err, received.Load())
			}
			equal(t, "ok", out.OK, true)
			equal(t, "bytes received", received.Load(), int64(size))
		})
	}
}

func TestMultipartKnownSizesSendContentLength(t *testing.T) {
	u := newUploadServer(t)
	c, _ := newClient(t, u.srv.URL, nil)
	const size = 2<<20 + 3
	body := NewMultipart(
		Part{Name: "bundle_request", Value: `{"label":"x"}`},
		Part{Name: "files[0]", FileName: "a.pdf", ContentType: "application/pdf", Size: size,
			Open: func() (io.ReadCloser, error) { return &patternFile{size: size}, nil }},
		Part{Name: "files[1]", FileName: "b.txt", Size: 5,
			Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("hello")), nil }},
	)
	n, ok := body.Len()
	if !ok {
		t.Fatal("Len: unknown with every size given")
	}
	if _, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "bundles/", nil, body); err != nil {
		t.Fatal(err)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	equal(t, "Content-Length sent", u.contentLength, n)
	equal(t, "bytes on the wire", u.bodyBytes, n)
	equal(t, "chunked", u.chunked, false)
	equal(t, "file 0", u.files["files[0]"], fileSeen{"a.pdf", "application/pdf", size, patternCRC(size)})
	equal(t, "field", u.fields["bundle_request"], `{"label":"x"}`)
}

func TestMultipartUnknownSizeIsChunked(t *testing.T) {
	u := newUploadServer(t)
	c, _ := newClient(t, u.srv.URL, nil)
	body := NewMultipart(
		Part{Name: "a", FileName: "a.txt", Size: 3, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("abc")), nil }},
		Part{Name: "b", FileName: "b.txt", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("de")), nil }},
	)
	if _, ok := body.Len(); ok {
		t.Fatal("Len known although one file has no size")
	}
	if _, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "bundles/", nil, body); err != nil {
		t.Fatal(err)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	equal(t, "Content-Length", u.contentLength, int64(-1))
	equal(t, "chunked", u.chunked, true)
	equal(t, "file b", u.files["b"].size, int64(2))
}

func TestMultipartWrongDeclaredSizeFailsTheAttempt(t *testing.T) {
	for _, tc := range []struct {
		name     string
		declared int64
		want     string
	}{
		{"shorter", 10, "is 5 bytes, not the declared 10"},
		{"longer", 3, "longer than the declared 3 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := newUploadServer(t)
			c, _ := newClient(t, u.srv.URL, nil)
			body := NewMultipart(Part{Name: "f", FileName: "f.txt", Size: tc.declared,
				Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("hello")), nil }})
			_, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "bundles/", nil, body)
			var te *TransportError
			if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a *TransportError saying %q", err, tc.want)
			}
			if got := u.files["f"]; got.size != 0 {
				t.Fatalf("the server accepted a file of %d bytes", got.size)
			}
		})
	}
}
