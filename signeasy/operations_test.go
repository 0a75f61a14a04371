package signeasy

import (
	"context"
	"io"
	"iter"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The operations of the endpoint table's December 2026 edition that the
// client gained: method, exact path (trailing slash included), query,
// headers and body of each, and what it decodes.

func TestTemplateUpdateAndEmbedWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("PUT", api+"template/41", resp{status: 200, contentType: "text/plain"})
	m.on("POST", api+"template/41/embed", ok(`{"url": "https://app.signeasy.com/embed/template?hash=3f2c"}`))
	c := m.client()
	ctx := context.Background()

	yes := true
	resp, err := c.Templates.Update(ctx, 41, &TemplateUpdateRequest{Name: "NDA v2", IsOrdered: &yes})
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	checkCommon(t, m.last(), "PUT", api+"template/41")
	checkJSONRequest(t, m.last(), `{"name": "NDA v2", "is_ordered": true}`)
	_, err = c.Templates.Update(ctx, 41, &TemplateUpdateRequest{Message: "Please sign"})
	require.NoError(t, err)
	checkJSONRequest(t, m.last(), `{"message": "Please sign"}`)

	u, _, err := c.Templates.EmbedURL(ctx, 41)
	require.NoError(t, err)
	checkCommon(t, m.last(), "POST", api+"template/41/embed")
	checkNoBody(t, m.last())
	assert.Equal(t, &EmbeddedURL{URL: "https://app.signeasy.com/embed/template?hash=3f2c"}, u)

	n := len(m.all())
	_, err = c.Templates.Update(ctx, 41, &TemplateUpdateRequest{})
	assert.ErrorIs(t, err, ErrValidation, "an update that sets nothing")
	_, err = c.Templates.Update(ctx, 41, nil)
	assert.ErrorIs(t, err, ErrValidation)
	_, err = c.Templates.Update(ctx, 0, &TemplateUpdateRequest{Name: "x"})
	assert.ErrorIs(t, err, ErrValidation)
	_, _, err = c.Templates.EmbedURL(ctx, -1)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Len(t, m.all(), n, "no I/O")
}

func TestEnvelopeListAndCancelsWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("GET", api+"rs/envelope/", ok(`{"count": 1, "files": [`+envelopeJSON+`]}`))
	m.on("POST", api+"rs/235649/cancel", resp{status: 200}, resp{status: 401, body: `{"message": "Unauthorized", "error_code": "unauthorized_resource"}`})
	m.on("POST", api+"rs/embedded/235649/cancel/", resp{status: 200})
	c := m.client()
	ctx := context.Background()

	list, _, err := c.Envelopes.List(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"rs/envelope/")
	checkNoBody(t, m.last())
	assert.Equal(t, []*Envelope{wantEnvelope()}, list)
	var ids []int64
	for e, err := range c.Envelopes.All(ctx) {
		require.NoError(t, err)
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []int64{235649}, ids, "All")

	resp, err := c.Envelopes.CancelRequest(ctx, 235649)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	checkCommon(t, m.last(), "POST", api+"rs/235649/cancel")
	checkNoBody(t, m.last())
	// A business refusal is a 401 with Signeasy's code.
	_, err = c.Envelopes.CancelRequest(ctx, 235649)
	require.ErrorIs(t, err, ErrUnauthorized)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "unauthorized_resource", apiErr.Code)

	_, err = c.Embedded.Cancel(ctx, 235649)
	require.NoError(t, err)
	checkCommon(t, m.last(), "POST", api+"rs/embedded/235649/cancel/")
	checkNoBody(t, m.last())

	n := len(m.all())
	_, err = c.Envelopes.CancelRequest(ctx, 0)
	assert.ErrorIs(t, err, ErrValidation)
	_, err = c.Embedded.Cancel(ctx, -3)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Len(t, m.all(), n, "no I/O")
}

func TestSignedWire(t *testing.T) {
	m := newMockAPI(t)
	m.on("GET", api+"signed/998/download", resp{status: 200, body: "%PDF-1.7 merged", contentType: "application/pdf"})
	m.on("GET", api+"rs/envelope/signed/998/certificate", resp{status: 200, body: "%PDF-1.7 audit trail", contentType: "application/pdf"})
	m.on("GET", api+"rs/embedded/signed", ok(`{"count": 1, "files": [{"checksum": "9f86d081884c7d65", "id": 998,
	  "name": "Offer letter", "public_identifier": "b1c2d3", "created_time": 1557465368, "last_modified_time": 1557465371,
	  "pending_file": `+envelopeJSON+`}]}`))
	m.on("GET", api+"me/signed/", ok(`{"count": 1, "files": [{"id": 5001, "name": "self-signed lease",
	  "created_time": 1606849029, "last_modified_time": 1606849108.0}]}`))
	c := m.client()
	ctx := context.Background()
	read := func(rc io.ReadCloser, _ *Response, err error) string {
		t.Helper()
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		return string(b)
	}

	assert.Equal(t, "%PDF-1.7 merged", read(c.Signed.Download(ctx, 998, nil)))
	checkCommon(t, m.last(), "GET", api+"signed/998/download?include_certificate=false&type=merged")
	checkNoBody(t, m.last())
	assert.Equal(t, "application/pdf, application/octet-stream, */*", m.last().Header.Get("Accept"))
	read(c.Signed.Download(ctx, 998, &SignedDownloadOptions{Type: SignedSplit, IncludeCertificate: true}))
	assert.Equal(t, "include_certificate=true&type=split", m.last().RawQuery)
	read(c.Signed.Download(ctx, 998, &SignedDownloadOptions{IncludeCertificate: true}))
	assert.Equal(t, "include_certificate=true&type=merged", m.last().RawQuery)

	assert.Equal(t, "%PDF-1.7 audit trail", read(c.Signed.Certificate(ctx, 998)))
	checkCommon(t, m.last(), "GET", api+"rs/envelope/signed/998/certificate")
	checkNoBody(t, m.last())

	emb, _, err := c.Signed.ListEmbedded(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"rs/embedded/signed")
	assert.Equal(t, []*SignedFile{{ID: 998, Name: "Offer letter", Checksum: "9f86d081884c7d65", PublicIdentifier: "b1c2d3",
		CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371), PendingFile: wantEnvelope()}}, emb)
	self, _, err := c.Signed.ListSelfSigned(ctx)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"me/signed/")
	assert.Equal(t, []*SignedFile{{ID: 5001, Name: "self-signed lease", CreatedTime: ts(1606849029), LastModifiedTime: ts(1606849108)}}, self)
	for _, seq := range []func(context.Context) iter.Seq2[*SignedFile, error]{c.Signed.AllEmbedded, c.Signed.AllSelfSigned} {
		n := 0
		for _, err := range seq(ctx) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 1, n)
	}

	calls := len(m.all())
	_, _, err = c.Signed.Download(ctx, 998, &SignedDownloadOptions{Type: "zip"})
	assert.ErrorIs(t, err, ErrValidation)
	_, _, err = c.Signed.Download(ctx, 0, nil)
	assert.ErrorIs(t, err, ErrValidation)
	_, _, err = c.Signed.Certificate(ctx, 0)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Len(t, m.all(), calls, "no I/O")
}

// countingBody counts what the client read of an answer.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}

func (b *countingBody) Close() error { return nil }

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The signed download and the certificate are streamed: the call returns
// before the answer is read, and the caller reads it.
func TestSignedDownloadsStream(t *testing.T) {
	const size = 8 << 20
	var body *countingBody
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		body = &countingBody{r: io.LimitReader(zeros{}, size)}
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/pdf"}}, Body: body,
			ContentLength: size, Request: r}, nil
	})}
	c, err := NewClient(testToken, WithHTTPClient(hc))
	require.NoError(t, err)
	for name, call := range map[string]func() (io.ReadCloser, *Response, error){
		"download":    func() (io.ReadCloser, *Response, error) { return c.Signed.Download(context.Background(), 1, nil) },
		"certificate": func() (io.ReadCloser, *Response, error) { return c.Signed.Certificate(context.Background(), 1) },
	} {
		rc, _, err := call()
		require.NoError(t, err, name)
		assert.Less(t, body.read.Load(), int64(64<<10), "%s: read before returning", name)
		n, err := io.Copy(io.Discard, rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		assert.Equal(t, int64(size), n, name)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
