package legacyv1

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

const (
	testUser   = "api-user-7f3a"
	testSecret = "s3cr3t-0123456789abcdef0123456789abcdef"
	docID      = "d0d0d0d0-1111-4222-8333-d0d0d0d0d0d0"
	signerID   = "s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0"
	pdfID      = "p0p0p0p0-1111-4222-8333-p0p0p0p0p0p0"
	tmplID     = "t0t0t0t0-1111-4222-8333-t0t0t0t0t0t0"
	memberID   = "m0m0m0m0-1111-4222-8333-m0m0m0m0m0m0"
	userID     = "u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0"
	attachID   = "f0f0f0f0-1111-4222-8333-f0f0f0f0f0f0"
	inviteID   = "i0i0i0i0-1111-4222-8333-i0i0i0i0i0i0"
)

// captured is one request seen by a mock transport.
type captured struct {
	Method string
	Host   string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// reply is a canned answer.
type reply struct {
	Status int
	Body   string
	Header http.Header
}

// mock is an httpmock transport that records every request and answers from
// a queue of replies (the last one repeats).
type mock struct {
	mu      sync.Mutex
	calls   []captured
	replies []reply
}

func (m *mock) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	m.mu.Lock()
	m.calls = append(m.calls, captured{Method: req.Method, Host: req.URL.Host, Path: req.URL.EscapedPath(), Query: req.URL.Query(), Header: req.Header.Clone(), Body: body})
	r := reply{Status: 200, Body: "{}"}
	if len(m.replies) > 0 {
		r = m.replies[0]
		if len(m.replies) > 1 {
			m.replies = m.replies[1:]
		}
	}
	m.mu.Unlock()
	resp := httpmock.NewStringResponse(r.Status, r.Body)
	for k, vs := range r.Header {
		resp.Header[k] = vs
	}
	if t := strings.TrimSpace(r.Body); resp.Header.Get("Content-Type") == "" && (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) {
		resp.Header.Set("Content-Type", "application/json")
	}
	resp.Request = req
	return resp, nil
}

func (m *mock) Calls() []captured {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]captured(nil), m.calls...)
}

// newMockClient returns a client whose transport is a recording mock.
func newMockClient(t testing.TB, replies ...reply) (*Client, *mock) {
	t.Helper()
	m := &mock{replies: replies}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(m.respond)
	c, err := NewClient(testUser, testSecret,
		WithHTTPClient(&http.Client{Transport: mt}),
		WithRetryWait(time.Millisecond, 2*time.Millisecond),
		WithUserAgent("legacyv1-test/1.0"), WithStrictDecoding())
	require.NoError(t, err)
	return c, m
}

func jsonReply(status int, body string) reply {
	return reply{Status: status, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
}

func locationReply(loc string) reply {
	return reply{Status: http.StatusCreated, Body: "", Header: http.Header{"Location": {loc}}}
}

// Fixtures, hand-written after the shapes in the published spec.
const documentJSON = `{
  "archived": false,
  "auto_archive": true,
  "append_pdf": true,
  "append_history": false,
  "cc_emails": null,
  "created": "2020-05-20T15:10:00",
  "do_email": false,
  "download_final": true,
  "footer": "",
  "footer_height": null,
  "group": "/api/v1/group/my-group/",
  "has_fields": true,
  "hash_value": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
  "header": "",
  "header_height": 40,
  "modified": "2020-05-21T09:30:15.250000+00:00",
  "name": "test cs_agreement",
  "pdf_password_type": 2,
  "pdftext": {"Company": "Widgets Ltd"},
  "redirect": "https://example.com/redirect-receive/",
  "resource_uri": "/api/v1/document/d0d0d0d0-1111-4222-8333-d0d0d0d0d0d0/",
  "return_signer_links": false,
  "sign_time": "2020-05-21T09:30:00",
  "signature_type": 4,
  "signers": [
    ["/api/v1/signer/s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0/", "Joe", "Biggins", "joe.biggins@widgets.com", "", true, 40, 0],
    ["/api/v1/signer/s1s1s1s1-1111-4222-8333-s1s1s1s1s1s1/", "Betty", "MacLean", "betty.maclean@widgets.com", "+447700900123", "True", "10", "1"]
  ],
  "signer_objects": [
    {"firstname": "Joe", "lastname": "Biggins", "email": "joe.biggins@widgets.com", "order": 0, "role": "signer", "tel": "", "status": 40,
     "uuid": "s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0", "resource_uri": "/api/v1/signer/s0s0s0s0-1111-4222-8333-s0s0s0s0s0s0/"}
  ],
  "signers_in_order": 1,
  "status": 30,
  "tag": "contract2020myref",
  "tag1": "my_other_ref",
  "tag2": "andFinalRef",
  "template": null,
  "templatepdf": "/api/v1/templatepdf/p0p0p0p0-1111-4222-8333-p0p0p0p0p0p0/",
  "text": "",
  "user": "/api/v1/user/u0u0u0u0-1111-4222-8333-u0u0u0u0u0u0/",
  "uuid": "d0d0d0d0-1111-4222-8333-d0d0d0d0d0d0"
}`

// listJSON wraps objects in a Tastypie envelope.
func listJSON(path string, limit, offset, total int, objects ...string) string {
	next := "null"
	if offset+limit < total {
		next = `"` + path + "?limit=" + itoa(limit) + "&offset=" + itoa(offset+limit) + `"`
	}
	prev := "null"
	if offset > 0 {
		prev = `"` + path + "?limit=" + itoa(limit) + "&offset=" + itoa(max(offset-limit, 0)) + `"`
	}
	return `{"meta": {"limit": ` + itoa(limit) + `, "next": ` + next + `, "offset": ` + itoa(offset) +
		`, "previous": ` + prev + `, "total_count": ` + itoa(total) + `}, "objects": [` + strings.Join(objects, ",") + `]}`
}

func itoa(n int) string { return strconv.Itoa(n) }
