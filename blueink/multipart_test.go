package blueink_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"testing/iotest"

	"github.com/esignkit/esign/blueink"
)

type part struct {
	name, filename, contentType string
	data                        []byte
}

func readParts(t *testing.T, r recorded) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	chk{t}.noErr(err)
	chk{t}.eq(mt, "multipart/form-data", "media type")
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	var parts []part
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		chk{t}.noErr(err)
		data, err := io.ReadAll(p)
		chk{t}.noErr(err)
		parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data})
	}
	return parts
}

func TestBundlesCreateWithFiles(t *testing.T) {
	w := newWire(t)
	w.on("POST", "bundles/", 201, fixture(t, "bundle.json"))
	pdf := []byte("%PDF-1.4\n% W-9 form\n%%EOF\n")
	dir := t.TempDir()
	notes := filepath.Join(dir, "terms.txt")
	chk{t}.noErr(os.WriteFile(notes, []byte("Terms and conditions"), 0o600))
	req := &blueink.BundleRequest{
		Label: "label here", IsTest: true,
		Packets: []blueink.PacketRequest{{Key: "signer-1", Name: "Peter Gibbons", Email: "peter.gibbons@example.com", DeliverVia: blueink.DeliverViaEmail}},
		Documents: []blueink.RequestDocument{
			&blueink.DocumentRequest{Key: "w9", FileIndex: wptr(0), Fields: []blueink.DocumentRequestField{
				{Kind: blueink.FieldSignature, Key: "sig-01", Page: 1, X: 15, Y: 68, W: 30, H: 12, Editors: []string{"signer-1"}}}},
			&blueink.DocumentRequest{Key: "terms", FileIndex: wptr(1)},
		},
	}
	b, resp, err := w.c.Bundles.CreateWithFiles(context.Background(), req,
		blueink.FileFromBytes("fw9.pdf", "", pdf), blueink.FileFromPath(notes))
	chk{t}.noErr(err)
	chk{t}.eq(resp.StatusCode, 201, "status")
	checkBundle(chk{t}, b)

	r := w.only("POST", "/api/v2/bundles/", "")
	parts := readParts(t, r)
	if len(parts) != 3 {
		t.Fatalf("got %d parts, want 3", len(parts))
	}
	chk{t}.eq([]string{parts[0].name, parts[1].name, parts[2].name}, []string{"bundle_request", "files[0]", "files[1]"}, "part names")
	chk{t}.eq(parts[0].filename, "", "bundle_request is a plain field")
	chk{t}.jsonEq(parts[0].data, `{"label":"label here","is_test":true,
		"packets":[{"key":"signer-1","name":"Peter Gibbons","email":"peter.gibbons@example.com","deliver_via":"email"}],
		"documents":[{"key":"w9","file_index":0,"fields":[{"kind":"sig","key":"sig-01","page":1,"x":15,"y":68,"w":30,"h":12,"editors":["signer-1"]}]},
			{"key":"terms","file_index":1}]}`, "bundle_request")
	chk{t}.eq(parts[1].filename, "fw9.pdf", "files[0] name")
	chk{t}.eq(parts[1].contentType, "application/pdf", "files[0] type")
	chk{t}.eq(parts[1].data, pdf, "files[0] content")
	chk{t}.eq(parts[2].filename, "terms.txt", "files[1] name")
	chk{t}.truef(strings.HasPrefix(parts[2].contentType, "text/plain"), "files[1] type %q", parts[2].contentType)
	chk{t}.eq(string(parts[2].data), "Terms and conditions", "files[1] content")
}

func TestCreateWithFilesValidatesBeforeIO(t *testing.T) {
	w := newWire(t)
	w.onAny(201, fixture(t, "bundle.json"))
	pdf := blueink.FileFromBytes("a.pdf", "application/pdf", []byte("%PDF"))
	cases := map[string]func() error{
		"no files": func() error {
			_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), validFilesRequest())
			return err
		},
		"index out of range": func() error {
			req := validFilesRequest()
			req.Documents[0].(*blueink.DocumentRequest).FileIndex = wptr(1)
			_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), req, pdf)
			return err
		},
		"unreferenced file": func() error {
			_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), pdf, pdf)
			return err
		},
		"file without opener": func() error {
			_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), blueink.File{Name: "a.pdf"})
			return err
		},
		"file without name": func() error {
			f := pdf
			f.Name = ""
			_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), f)
			return err
		},
		"file_index with JSON create": func() error {
			_, _, err := w.c.Bundles.Create(context.Background(), validFilesRequest())
			return err
		},
		"nil request": func() error {
			_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), nil, pdf)
			return err
		},
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) { chk{t}.errIs(call(), blueink.ErrValidation) })
	}
	chk{t}.eq(len(w.requests()), 0, "requests sent")
}

// A retried upload re-opens the file and sends it whole again.
func TestCreateWithFilesReopensOnRetry(t *testing.T) {
	ws := &waits{}
	w := newWire(t, blueink.WithMaxRetries(1), blueink.WithBackoffHook(ws.hook))
	var attempts int
	w.mt.RegisterResponder("POST", wireBase+"bundles/", func(req *http.Request) (*http.Response, error) {
		r := w.record(req)
		attempts++
		if attempts == 1 {
			chk{t}.truef(bytes.Contains(r.Body, []byte("%PDF-1.4 body")), "first attempt carries the file")
			resp := newResp(req, 429, `{"code":"throttled","message":"Request was throttled."}`)
			resp.Header.Set("Retry-After", "1")
			return resp, nil
		}
		return newResp(req, 201, fixture(t, "bundle.json")), nil
	})
	var opens atomic.Int32
	f := blueink.File{Name: "fw9.pdf", Open: func() (io.ReadCloser, error) {
		opens.Add(1)
		return io.NopCloser(strings.NewReader("%PDF-1.4 body")), nil
	}}
	_, _, err := w.c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), f)
	chk{t}.noErr(err)
	chk{t}.eq(attempts, 2, "attempts")
	chk{t}.eq(opens.Load(), int32(2), "file opened once per attempt")
	reqs := w.requests()
	chk{t}.eq(readParts(t, reqs[1])[1].data, []byte("%PDF-1.4 body"), "second attempt carries the whole file")
}

// A file that cannot be opened fails before anything is sent: a
// *ValidationError (never "the POST may have been processed"), wrapping the
// cause.
func TestCreateWithFilesOpenError(t *testing.T) {
	sink := &sinkTransport{}
	c := uploadClient(t, sink)
	f := blueink.File{Name: "missing.pdf", Open: func() (io.ReadCloser, error) { return nil, os.ErrNotExist }}
	_, _, err := c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), f)
	var ve *blueink.ValidationError
	chk{t}.truef(errors.As(err, &ve), "error %v (%T) is not a *ValidationError", err, err)
	chk{t}.truef(errors.Is(err, blueink.ErrValidation) && !errors.Is(err, blueink.ErrOutcomeUnknown), "error %v", err)
	chk{t}.truef(err != nil && strings.Contains(err.Error(), "missing.pdf"), "error %v", err)
	chk{t}.truef(errors.Is(err, os.ErrNotExist), "error %v does not wrap the open error", err)
	chk{t}.eq(sink.calls(), 0, "requests sent")
	_, _, err = c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), blueink.FileFromPath(filepath.Join(t.TempDir(), "gone.pdf")))
	chk{t}.truef(errors.Is(err, blueink.ErrValidation) && errors.Is(err, fs.ErrNotExist), "missing path: %v", err)
	unreadable := blueink.File{Name: "locked.pdf", Open: func() (io.ReadCloser, error) { return io.NopCloser(iotest.ErrReader(os.ErrPermission)), nil }}
	_, _, err = c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), unreadable)
	chk{t}.truef(errors.Is(err, blueink.ErrValidation) && errors.Is(err, os.ErrPermission), "unreadable reader: %v", err)
	chk{t}.eq(sink.calls(), 0, "requests sent")
}

func TestFileHelpers(t *testing.T) {
	fsys := fstest.MapFS{"docs/nda.pdf": {Data: []byte("%PDF nda")}}
	f := blueink.FileFromFS(fsys, "docs/nda.pdf")
	chk{t}.eq(f.Name, "nda.pdf", "FileFromFS name")
	rc, err := f.Open()
	chk{t}.noErr(err)
	data, _ := io.ReadAll(rc)
	rc.Close()
	chk{t}.eq(string(data), "%PDF nda", "FileFromFS content")

	g := blueink.FileFromReaderAt("scan.pdf", "application/pdf", strings.NewReader("0123456789"), 4)
	for i := 0; i < 2; i++ { // every Open starts over
		rc, err := g.Open()
		chk{t}.noErr(err)
		data, _ := io.ReadAll(rc)
		chk{t}.eq(string(data), "0123", "FileFromReaderAt content")
	}
	h := blueink.FileFromPath(filepath.Join(t.TempDir(), "absent.pdf"))
	chk{t}.eq(h.Name, "absent.pdf", "FileFromPath name")
	_, err = h.Open()
	chk{t}.truef(errors.Is(err, os.ErrNotExist), "FileFromPath opens lazily: %v", err)
}

// zeroReader yields n bytes without allocating them.
type zeroReader struct{ left int64 }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > z.left {
		n = z.left
	}
	clear(p[:n])
	z.left -= n
	return int(n), nil
}

// sinkTransport drains request bodies and answers 201 with a small bundle.
type sinkTransport struct {
	received atomic.Int64
	n        atomic.Int32
}

func (s *sinkTransport) calls() int { return int(s.n.Load()) }

func (s *sinkTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s.n.Add(1)
	n, err := io.Copy(io.Discard, req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	s.received.Add(n)
	return &http.Response{StatusCode: 201, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"id":"plHoBZRHwM","status":"se"}`)), Request: req}, nil
}

func bigFile(size int64) blueink.File {
	return blueink.File{Name: "big.pdf", ContentType: "application/pdf",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(&zeroReader{left: size}), nil }}
}

func uploadClient(tb testing.TB, sink *sinkTransport) *blueink.Client {
	c, err := blueink.NewClient(wireKey, blueink.WithBaseURL(wireBase), blueink.WithHTTPClient(&http.Client{Transport: sink}), blueink.WithMaxRetries(0))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// measureUpload returns the bytes allocated while uploading a file of size.
func measureUpload(t *testing.T, size int64) uint64 {
	sink := &sinkTransport{}
	c := uploadClient(t, sink)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := c.Bundles.CreateWithFiles(context.Background(), validFilesRequest(), bigFile(size))
	runtime.ReadMemStats(&after)
	chk{t}.noErr(err)
	chk{t}.truef(sink.received.Load() > size, "received %d bytes for a %d-byte file", sink.received.Load(), size)
	return after.TotalAlloc - before.TotalAlloc
}

// Uploading a 64 MiB file allocates about as much as uploading 1 MiB: the
// file is streamed through the multipart encoder, never buffered.
func TestCreateWithFilesMemoryDoesNotGrowWithFileSize(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 64 MiB")
	}
	small := measureUpload(t, 1<<20)
	large := measureUpload(t, 64<<20)
	t.Logf("allocated %d KiB for 1 MiB, %d KiB for 64 MiB", small>>10, large>>10)
	chk{t}.truef(large < 4<<20, "64 MiB upload allocated %d bytes", large)
	chk{t}.truef(large < small+(2<<20), "allocation grew with file size: %d -> %d bytes", small, large)
}

func BenchmarkCreateWithFilesUpload(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int64
	}{{"1MiB", 1 << 20}, {"64MiB", 64 << 20}} {
		b.Run(size.name, func(b *testing.B) {
			sink := &sinkTransport{}
			c := uploadClient(b, sink)
			req := validFilesRequest()
			f := bigFile(size.n)
			b.SetBytes(size.n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, _, err := c.Bundles.CreateWithFiles(context.Background(), req, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
