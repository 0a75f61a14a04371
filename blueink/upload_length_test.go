package blueink_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
)

// framing is what the server saw of one upload's body.
type framing struct {
	contentLength, read int64
	chunked             bool
}

// framingServer records every upload whose body arrived complete.
func framingServer(t *testing.T) (*blueink.Client, func() []framing) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []framing
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		seen = append(seen, framing{r.ContentLength, n, len(r.TransferEncoding) > 0})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"b1","slug":"b1","status":"dr"}`)
	}))
	t.Cleanup(srv.Close)
	c, err := blueink.NewClient("bk_test_framing", blueink.WithBaseURL(srv.URL+"/api/v2/"), blueink.WithMaxRetries(0))
	require.NoError(t, err)
	return c, func() []framing {
		mu.Lock()
		defer mu.Unlock()
		return append([]framing(nil), seen...)
	}
}

func twoFileRequest() *blueink.BundleRequest {
	zero, one := 0, 1
	return &blueink.BundleRequest{
		Label:   "framing",
		Packets: []blueink.PacketRequest{{Key: "s1", Name: "Ann Lee", Email: "ann@example.com"}},
		Documents: []blueink.RequestDocument{
			&blueink.DocumentRequest{Key: "d0", FileIndex: &zero},
			&blueink.DocumentRequest{Key: "d1", FileIndex: &one},
		},
	}
}

// The FileFrom helpers know each file's size, so the upload is sent with a
// Content-Length (some servers and proxies refuse chunked uploads).
func TestCreateWithFilesSendsContentLengthWhenSizesKnown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contract.pdf")
	require.NoError(t, os.WriteFile(path, []byte("%PDF-1.4 contract"), 0o600))
	fsys := fstest.MapFS{"docs/terms.pdf": {Data: []byte("%PDF-1.4 terms")}}
	data := []byte("%PDF-1.4 in memory")

	for _, tc := range []struct {
		name     string
		files    []blueink.File
		wantSize []int64
	}{
		{"path and bytes", []blueink.File{blueink.FileFromPath(path), blueink.FileFromBytes("m.pdf", "", data)}, []int64{17, 18}},
		{"fs and reader", []blueink.File{blueink.FileFromFS(fsys, "docs/terms.pdf"),
			blueink.FileFromReaderAt("r.pdf", "application/pdf", strings.NewReader("%PDF"), 4)}, []int64{14, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, f := range tc.files {
				assert.Equal(t, tc.wantSize[i], f.Size, "file %d size", i)
			}
			c, seen := framingServer(t)
			_, _, err := c.Bundles.CreateWithFiles(context.Background(), twoFileRequest(), tc.files...)
			require.NoError(t, err)
			require.Len(t, seen(), 1)
			got := seen()[0]
			assert.False(t, got.chunked, "sent chunked")
			assert.Positive(t, got.contentLength)
			assert.Equal(t, got.contentLength, got.read, "Content-Length matches the body")
		})
	}
}

func TestCreateWithFilesUnknownSizeIsChunked(t *testing.T) {
	c, seen := framingServer(t)
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("%PDF-1.4")), nil }
	_, _, err := c.Bundles.CreateWithFiles(context.Background(), twoFileRequest(),
		blueink.FileFromBytes("a.pdf", "", []byte("%PDF")), blueink.File{Name: "b.pdf", Open: open})
	require.NoError(t, err)
	require.Len(t, seen(), 1)
	assert.True(t, seen()[0].chunked)
	assert.Equal(t, int64(-1), seen()[0].contentLength)
}

func TestCreateWithFilesWrongSizeFailsBeforeTheServerAccepts(t *testing.T) {
	c, seen := framingServer(t)
	f := blueink.FileFromBytes("a.pdf", "", []byte("%PDF-1.4"))
	f.Size = 100
	_, _, err := c.Bundles.CreateWithFiles(context.Background(), twoFileRequest(), f, blueink.FileFromBytes("b.pdf", "", []byte("x")))
	var te *blueink.TransportError
	require.ErrorAs(t, err, &te)
	assert.Contains(t, err.Error(), "not the declared 100")
	assert.Empty(t, seen(), "no complete body reached the server")
}
