package signeasy

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With a Size the upload carries a Content-Length (not chunked); without,
// its length is unknown and it is streamed chunked.
func TestOriginalsUploadContentLength(t *testing.T) {
	for _, tc := range []struct {
		name    string
		size    int64
		chunked bool
	}{
		{"size known", int64(len("%PDF-1.4 offer")), false},
		{"size unknown", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMockAPI(t)
			var gotLen, gotRead int64
			var gotTE []string
			m.mt.RegisterResponder("POST", api+"original/", func(r *http.Request) (*http.Response, error) {
				gotLen, gotTE = r.ContentLength, r.TransferEncoding
				n, err := io.Copy(io.Discard, r.Body)
				require.NoError(t, err)
				gotRead = n
				return jsonResponse(r, 200, `{"id": 1, "name": "offer.pdf"}`), nil
			})
			_, _, err := m.client().Originals.Upload(context.Background(), &UploadRequest{
				FileName: "offer.pdf", Size: tc.size,
				Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("%PDF-1.4 offer")), nil },
			})
			require.NoError(t, err)
			if tc.chunked {
				// On the client side (httpmock sees the outgoing request) an
				// unknown length is 0 with a non-empty body: net/http sends it
				// chunked.
				assert.Equal(t, int64(0), gotLen)
				assert.Positive(t, gotRead)
			} else {
				assert.Equal(t, gotRead, gotLen, "Content-Length matches the body")
				assert.Empty(t, gotTE)
			}
		})
	}
}
