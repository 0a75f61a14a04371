package legacyv1test_test

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Requests as Legalesign's own clients send them (found by running their
// official generated Python SDK against this fake from outside).

// The spec's PdfFieldsPost requires signer (an integer, at least 1) on
// every field, sender fields included, so a client that follows it sends
// one with an admin field; a sender field has no signer, and reads back
// with signer null (TemplatePdfFieldDetail: "Null if sender field").
func TestSenderFieldWithSignerNumber(t *testing.T) {
	srv := legacyv1test.NewServer(t)
	status, body := raw(t, srv, http.MethodPost, "/templatepdf/", `{"group":"/api/v1/group/`+legacyv1test.DefaultGroup+`/",`+
		`"pdf_file":"`+pdfBase64("Contract")+`","title":"Contract"}`)
	require.Equal(t, http.StatusCreated, status, body)
	list := rawGet(t, srv, "/templatepdf/?group="+legacyv1test.DefaultGroup)
	id := list["objects"].([]any)[0].(map[string]any)["uuid"].(string)

	status, body = raw(t, srv, http.MethodPost, "/templatepdf/"+id+"/fields/",
		`[{"ax":0.1,"ay":0.1,"bx":0.4,"by":0.15,"element_type":"signature","page":1,"signer":1},`+
			`{"ax":0.5,"ay":0.3,"bx":0.9,"by":0.35,"element_type":"admin","page":1,"signer":1,"label":"Ref"}]`)
	require.Equal(t, http.StatusCreated, status, body)
	fields := rawGet(t, srv, "/templatepdf/"+id+"/fields/")["objects"].([]any)
	require.Len(t, fields, 2)
	admin := fields[1].(map[string]any)
	assert.Equal(t, "admin", admin["element_type"])
	assert.Contains(t, admin, "signer")
	assert.Nil(t, admin["signer"], "a sender field reads back with signer null")

	// A signer number outside the spec's range is still refused.
	status, body = raw(t, srv, http.MethodPost, "/templatepdf/"+id+"/fields/",
		`[{"ax":0.5,"ay":0.3,"bx":0.9,"by":0.35,"element_type":"admin","page":1,"signer":0}]`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, `"fields[0].signer"`)
}

// POST /document/preview/ answers 302 to a one-use page; an HTTP client
// that follows redirects (as Legalesign's SDKs do) must land on a page,
// not a 404.
func TestSigningPreviewFollowed(t *testing.T) {
	srv := legacyv1test.NewServer(t)
	user, secret := srv.Credentials()
	req, err := http.NewRequest(http.MethodPost, srv.URL()+"/document/preview/",
		strings.NewReader(`{"group":"/api/v1/group/`+legacyv1test.DefaultGroup+`/","text":"<p>Preview me</p>","title":"T","signee_count":1}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "ApiKey "+user+":"+secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req) // follows the 302
	require.NoError(t, err)
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(page))
	assert.True(t, strings.HasPrefix(resp.Request.URL.Path, "/preview/"), resp.Request.URL.Path)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, string(page), "<p>Preview me</p>")

	// The link is for one use.
	again, err := http.Get(resp.Request.URL.String())
	require.NoError(t, err)
	again.Body.Close()
	assert.Equal(t, http.StatusNotFound, again.StatusCode)
}

func pdfBase64(text string) string {
	return base64.StdEncoding.EncodeToString([]byte(legacyv1test.PDF(text)))
}
