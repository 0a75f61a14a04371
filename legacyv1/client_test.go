package legacyv1

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientValidation(t *testing.T) {
	for _, tc := range []struct{ user, secret, field string }{
		{"", "x", "username"},
		{"  ", "x", "username"},
		{"a:b", "x", "username"},
		{"a b", "x", "username"},
		{"user", "", "secret"},
		{"user", " \t", "secret"},
		{"user", "abc\ndef", "secret"},
	} {
		_, err := NewClient(tc.user, tc.secret)
		require.Error(t, err, "%q/%q", tc.user, tc.secret)
		assert.ErrorIs(t, err, ErrValidation)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, tc.field, ve.Field)
		assert.NotContains(t, err.Error(), "abc\ndef")
	}
	_, err := NewClient("user", "secret", WithBaseURL("ftp://example.com"))
	assert.ErrorIs(t, err, ErrValidation)
	_, err = NewClient("user", "secret", WithRetryWait(time.Second, time.Millisecond))
	assert.ErrorIs(t, err, ErrValidation)

	c, err := NewClient("user", "secret")
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
	c, err = NewClient("user", "secret", WithBaseURL(LegacyBaseURL))
	require.NoError(t, err)
	assert.Equal(t, LegacyBaseURL, c.BaseURL())
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv(EnvUsername, "env-user")
	t.Setenv(EnvSecret, "env-secret-value")
	t.Setenv(EnvBaseURL, LegacyBaseURL)
	c, err := NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, LegacyBaseURL, c.BaseURL())
	assert.Equal(t, "legacyv1.Client{BaseURL: "+LegacyBaseURL+", Username: env-user}", c.String())

	c, err = NewClientFromEnv(WithBaseURL("https://example.test/api/v1"))
	require.NoError(t, err)
	assert.Equal(t, "https://example.test/api/v1", c.BaseURL())

	t.Setenv(EnvSecret, "")
	_, err = NewClientFromEnv()
	assert.ErrorIs(t, err, ErrValidation)
}

// TestSecretNeverPrinted prints the client, an API error that echoes the
// credentials, a transport error and the log output, and looks for the secret.
func TestSecretNeverPrinted(t *testing.T) {
	var logs bytes.Buffer
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error": "bad credentials %s"}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c, err := NewClient(testUser, testSecret, WithBaseURL(srv.URL+"/api/v1"), WithMaxRetries(0),
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	_, _, apiErr := c.Documents.Get(context.Background(), docID)
	require.Error(t, apiErr)
	assert.ErrorIs(t, apiErr, ErrUnauthorized)
	var ae *APIError
	require.ErrorAs(t, apiErr, &ae)
	assert.Contains(t, ae.Message, "[REDACTED]")

	dead, err := NewClient(testUser, testSecret, WithBaseURL("http://127.0.0.1:1/api/v1"), WithMaxRetries(0))
	require.NoError(t, err)
	_, _, trErr := dead.Documents.Get(context.Background(), docID)
	var te *TransportError
	require.ErrorAs(t, trErr, &te)

	for _, s := range []string{
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c),
		fmt.Sprintf("%v %+v %#v", *c, *c, *c),
		fmt.Sprintf("%v %+v %#v", apiErr, apiErr, apiErr), string(ae.Body),
		fmt.Sprintf("%v %+v %#v", trErr, trErr, trErr),
		logs.String(),
		fmt.Sprintf("%v %+v %#v", UserCreateRequest{Password: testSecret}, UserCreateRequest{Password: testSecret}, UserCreateRequest{Password: testSecret}),
	} {
		assert.NotContains(t, s, testSecret)
	}
	assert.NotEmpty(t, logs.String())
}

func TestErrorDecoding(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		is     error
		msg    string
		fields []FieldError
	}{
		{"tastypie validation", 400, `{"document": {"name": ["This field is required."], "group": ["Invalid group."]}}`, ErrBadRequest, "",
			[]FieldError{{Field: "document.group", Message: "Invalid group."}, {Field: "document.name", Message: "This field is required."}}},
		{"member exists", 400, `{"member": {"exists": "User is already a member of the group"}}`, ErrBadRequest, "",
			[]FieldError{{Field: "member.exists", Message: "User is already a member of the group"}}},
		{"attachment text", 400, `{"text": "Filename must be not more than 250 characters"}`, ErrBadRequest, "Filename must be not more than 250 characters", nil},
		{"tastypie error_message", 500, `{"error_message": "Sorry, this request could not be processed.", "traceback": "..."}`, ErrServer, "Sorry, this request could not be processed.", nil},
		{"not found empty", 404, ``, ErrNotFound, "", nil},
		{"throttled", 429, `throttled`, ErrRateLimited, "throttled", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newMockClient(t, jsonReply(tc.status, tc.body))
			c2, err := NewClient(testUser, testSecret, WithHTTPClient(c.rc.HTTPClient()), WithMaxRetries(0))
			require.NoError(t, err)
			_, _, err = c2.Templates.Create(context.Background(), &TemplateCreateRequest{Title: "t", Group: "g", LatestText: "x"})
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.is)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.StatusCode)
			assert.Equal(t, tc.msg, ae.Message)
			assert.Equal(t, tc.fields, ae.Fields)
		})
	}
}

func TestValidationBeforeIO(t *testing.T) {
	c, m := newMockClient(t)
	ctx := context.Background()
	checks := map[string]error{}
	_, _, checks["documents.list no group"] = c.Documents.List(ctx, &DocumentListOptions{})
	_, _, checks["documents.list nil"] = c.Documents.List(ctx, nil)
	_, _, checks["documents.get empty"] = c.Documents.Get(ctx, " ")
	_, _, checks["documents.create nil"] = c.Documents.Create(ctx, nil)
	_, _, checks["documents.create no signers"] = c.Documents.Create(ctx, &DocumentCreateRequest{Group: "g", Name: "n", TemplatePDF: "p"})
	_, _, checks["documents.create no source"] = c.Documents.Create(ctx, &DocumentCreateRequest{Group: "g", Name: "n", Signers: []*SignerRequest{{}}})
	_, _, checks["documents.create nil signer"] = c.Documents.Create(ctx, &DocumentCreateRequest{Group: "g", Name: "n", Text: "x", Signers: []*SignerRequest{nil}})
	_, _, checks["documents.create first signer decides later"] = c.Documents.Create(ctx, &DocumentCreateRequest{Group: "g", Name: "n", Text: "x",
		Signers: []*SignerRequest{{DecideLater: true}, {FirstName: "A", LastName: "B", Email: "a@b.c"}}})
	_, checks["documents.archive"] = c.Documents.Archive(ctx, "", nil)
	_, checks["documents.delete"] = c.Documents.Delete(ctx, "")
	_, _, checks["pdf.download"] = c.PDF.Download(ctx, "")
	_, _, checks["pdf.preview"] = c.PDF.Preview(ctx, &PDFPreviewRequest{Text: "x"})
	_, _, checks["preview signing"] = c.Documents.PreviewSigning(ctx, &SigningPreviewRequest{})
	_, checks["signer reset"] = c.Signers.Reset(ctx, "s", &SignerResetRequest{})
	_, _, checks["upload nothing"] = c.TemplatePDFs.Upload(ctx, &TemplatePDFUpload{Group: "g"})
	_, _, checks["upload bad base64"] = c.TemplatePDFs.Upload(ctx, &TemplatePDFUpload{Group: "g", PDFBase64: "***"})
	_, _, checks["attachment no filename"] = c.Attachments.Upload(ctx, &AttachmentUpload{Group: "g", PDFBase64: "AAAA"})
	_, checks["subscribe bad url"] = c.Subscriptions.Subscribe(ctx, &SubscribeRequest{URL: "ftp://x", Notify: NotifyAll})
	_, checks["subscribe bad notify"] = c.Subscriptions.Subscribe(ctx, &SubscribeRequest{URL: "https://x", Notify: "everything"})
	_, checks["unsubscribe nil"] = c.Subscriptions.Unsubscribe(ctx, nil)
	_, _, checks["users create"] = c.Users.Create(ctx, &UserCreateRequest{Email: "a@b.c"})
	_, _, checks["members create"] = c.Members.Create(ctx, &MemberCreateRequest{Group: "g"})
	_, _, checks["groups create"] = c.Groups.Create(ctx, &GroupCreateRequest{})
	_, checks["fields nil"] = c.TemplatePDFs.ReplaceFields(ctx, "p", []*PDFField{nil})
	for name, err := range checks {
		assert.ErrorIs(t, err, ErrValidation, name)
	}
	assert.Empty(t, m.Calls())
}

func TestLocationParsing(t *testing.T) {
	for _, tc := range []struct {
		loc      string
		resource string
		id       string
	}{
		{"https://eu-api.legalesign.com/api/v1/document/" + docID + "/", ResourceDocument, docID},
		{"http://api.legalesign.com/api/v1/document/" + docID, ResourceDocument, docID},
		{"/api/v1/document/" + docID + "/", ResourceDocument, docID},
		{"api/v1/templatepdf/" + pdfID + "/", ResourceTemplatePDF, pdfID},
		{"document/" + docID + "/", ResourceDocument, docID},
		{"https://proxy.example.com/legalesign/api/v1/group/my%20group/?x=1#f", ResourceGroup, "my group"},
	} {
		c, _ := newMockClient(t, locationReply(tc.loc))
		got, _, err := c.Groups.Create(context.Background(), &GroupCreateRequest{Name: "Sales"})
		require.NoError(t, err, tc.loc)
		assert.Equal(t, tc.id, got.ID, tc.loc)
		assert.Equal(t, tc.resource, got.Resource, tc.loc)
		assert.Equal(t, ResourceURI(tc.resource, tc.id), got.ResourceURI, tc.loc)
		assert.Equal(t, tc.loc, got.Location)
	}
	// Members and users may answer without a Location.
	c, _ := newMockClient(t, reply{Status: 201, Header: http.Header{"Location": {"not a uri"}}})
	got, _, err := c.Users.Create(context.Background(), &UserCreateRequest{Email: "a@b.c", FirstName: "A", LastName: "B"})
	require.NoError(t, err)
	assert.Equal(t, &Created{Location: "not a uri"}, got)
}

func TestResourceURIHelpers(t *testing.T) {
	assert.Equal(t, "/api/v1/group/my-group/", GroupURI("my-group"))
	assert.Equal(t, "/api/v1/document/"+docID+"/", DocumentURI(docID))
	assert.Equal(t, "/api/v1/signer/"+signerID+"/", SignerURI(signerID))
	assert.Equal(t, "/api/v1/templatepdf/"+pdfID+"/", TemplatePDFURI(pdfID))
	assert.Equal(t, "/api/v1/template/"+tmplID+"/", TemplateURI(tmplID))
	assert.Equal(t, "/api/v1/user/"+userID+"/", UserURI(userID))
	assert.Equal(t, "/api/v1/attachment/"+attachID+"/", AttachmentURI(attachID))
	assert.Equal(t, "/api/v1/group/a%2Fb/", GroupURI("a/b"))
	r, id, err := ParseResourceURI(GroupURI("a/b"))
	require.NoError(t, err)
	assert.Equal(t, []string{"group", "a/b"}, []string{r, id})
	assert.Equal(t, "my-group", IDFromURI("/api/v1/group/my-group/"))
	assert.Equal(t, "my-group", IDFromURI(" my-group "))
	for _, bad := range []string{"", "   ", "/api/v1/", "/api/v1/group/", "/a/b/c/", "%zz", strings.Repeat("a", 3000)} {
		_, _, err := ParseResourceURI(bad)
		assert.ErrorIs(t, err, ErrInvalidURI, "%q", bad)
	}
}

func TestPDFDownloadOutcomes(t *testing.T) {
	var storageAuth atomic.Value
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		storageAuth.Store(r.Header.Get("Authorization") + "|" + r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = io.WriteString(w, pdfBytes)
	}))
	defer storage.Close()
	var localAuth atomic.Value
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/files/local.pdf" { // a download location on the API host itself
			localAuth.Store(r.Header.Get("Authorization") + "|" + r.URL.RawQuery)
			w.Header().Set("Content-Type", "application/pdf")
			_, _ = io.WriteString(w, pdfBytes)
			return
		}
		if r.Header.Get("Authorization") != "ApiKey "+testUser+":"+testSecret || r.Header.Get("Accept") != "application/pdf" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/api/v1/pdf/ready/":
			w.Header().Set("Content-Type", "application/pdf")
			_, _ = io.WriteString(w, pdfBytes)
		case "/api/v1/pdf/moved/":
			http.Redirect(w, r, storage.URL+"/download/moved.pdf?sig=abc", http.StatusFound)
		case "/api/v1/pdf/local/":
			http.Redirect(w, r, "/files/local.pdf?sig=def", http.StatusFound)
		case "/api/v1/pdf/archived/":
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, "Being de-archived, available in 4 hours")
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer api.Close()
	c, err := NewClient(testUser, testSecret, WithBaseURL(api.URL+"/api/v1"), WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()

	t.Run("200 streams the PDF", func(t *testing.T) {
		rc, resp, err := c.PDF.Download(ctx, "ready")
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, pdfBytes, string(b))
		assert.Equal(t, 200, resp.StatusCode)
	})
	t.Run("302 is followed to another host without credentials", func(t *testing.T) {
		rc, resp, err := c.PDF.Download(ctx, "moved")
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, pdfBytes, string(b))
		assert.Equal(t, "|sig=abc", storageAuth.Load(), "no Authorization header on the download host")
		assert.Equal(t, "/download/moved.pdf", resp.Request.URL.Path)
	})
	t.Run("302 to the API host is followed without credentials", func(t *testing.T) {
		rc, resp, err := c.PDF.Download(ctx, "local")
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, pdfBytes, string(b))
		assert.Equal(t, "|sig=def", localAuth.Load(), "the spec: do not use Legalesign authentication on the download location")
		assert.Equal(t, 200, resp.StatusCode)
		// Other calls keep their credentials: the next API call still authenticates.
		_, _, err = c.PDF.Download(ctx, "ready")
		require.NoError(t, err)
	})
	t.Run("201 is a not-ready error", func(t *testing.T) {
		rc, resp, err := c.PDF.Download(ctx, "archived")
		assert.Nil(t, rc)
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrNotReady)
		var nr *NotReadyError
		require.ErrorAs(t, err, &nr)
		assert.Equal(t, "archived", nr.DocumentID)
		assert.Equal(t, "Being de-archived, available in 4 hours", nr.Message)
		assert.Equal(t, 201, resp.StatusCode)
	})
	t.Run("404", func(t *testing.T) {
		_, _, err := c.PDF.Download(ctx, "missing")
		assert.ErrorIs(t, err, ErrNotFound)
	})
}

// TestOneUseLinksAreNotFollowed: a 302 from the preview endpoint is returned,
// not followed (the link is one-use).
func TestOneUseLinksAreNotFollowed(t *testing.T) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer target.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/document/preview/":
			http.Redirect(w, r, target.URL+"/preview/once/", http.StatusFound)
		case "/api/v1/signer/s/new-link/":
			http.Redirect(w, r, "/api/v1/same-host/", http.StatusFound)
		case "/api/v1/same-host/":
			hits.Add(1)
		}
	}))
	defer api.Close()
	c, err := NewClient(testUser, testSecret, WithBaseURL(api.URL+"/api/v1"))
	require.NoError(t, err)
	u, resp, err := c.Documents.PreviewSigning(context.Background(), &SigningPreviewRequest{Text: "<p>x</p>"})
	require.NoError(t, err)
	assert.Equal(t, target.URL+"/preview/once/", u)
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	u, _, err = c.Signers.NewLink(context.Background(), "s")
	require.NoError(t, err)
	assert.Equal(t, "/api/v1/same-host/", u)
	assert.Zero(t, hits.Load())

	// A link answer without Location is a decode error.
	c2, _ := newMockClient(t, reply{Status: 201})
	_, _, err = c2.Signers.NewLink(context.Background(), "s")
	var de *DecodeError
	assert.ErrorAs(t, err, &de)
}

func TestDeletionRefused(t *testing.T) {
	c, _ := newMockClient(t, reply{Status: 200, Body: "You must allow automated deletions for this group"})
	_, err := c.Documents.Delete(context.Background(), docID)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrDeletionRefused)
	var dr *DeletionRefusedError
	require.ErrorAs(t, err, &dr)
	assert.Equal(t, DeletionRefusedError{Resource: "document", ID: docID, Message: "You must allow automated deletions for this group"}, *dr)
	_, err = c.TemplatePDFs.Delete(context.Background(), pdfID)
	assert.ErrorIs(t, err, ErrDeletionRefused)
	assert.Contains(t, err.Error(), "templatepdf "+pdfID)
}

func TestRetries(t *testing.T) {
	// GET retried on 503, POST not; 429 retried for POST.
	c, m := newMockClient(t, reply{Status: 503}, jsonReply(200, documentJSON))
	_, _, err := c.Documents.Get(context.Background(), docID)
	require.NoError(t, err)
	assert.Len(t, m.Calls(), 2)

	c, m = newMockClient(t, reply{Status: 503}, locationReply("/api/v1/group/g/"))
	_, _, err = c.Groups.Create(context.Background(), &GroupCreateRequest{Name: "Group"})
	assert.ErrorIs(t, err, ErrServer)
	assert.Len(t, m.Calls(), 1)

	c, m = newMockClient(t, reply{Status: 429, Header: http.Header{"Retry-After": {"0"}}}, locationReply("/api/v1/group/g/"))
	got, _, err := c.Groups.Create(context.Background(), &GroupCreateRequest{Name: "Group"})
	require.NoError(t, err)
	assert.Equal(t, "g", got.ID)
	assert.Len(t, m.Calls(), 2)

	c, m = newMockClient(t, reply{Status: 429, Header: http.Header{"Retry-After": {"7"}}})
	c2, err := NewClient(testUser, testSecret, WithHTTPClient(c.rc.HTTPClient()), WithMaxRetries(0))
	require.NoError(t, err)
	_, _, err = c2.Documents.Get(context.Background(), docID)
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 7*time.Second, rl.RetryAfter)
	assert.Len(t, m.Calls(), 1)
}

func TestContextCanceled(t *testing.T) {
	c, _ := newMockClient(t, jsonReply(200, documentJSON))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := c.Documents.Get(ctx, docID)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	for range c.Documents.All(ctx, &DocumentListOptions{Group: "g"}) {
		break
	}
	n := 0
	for _, err := range c.Documents.All(ctx, &DocumentListOptions{Group: "g"}) {
		n++
		assert.ErrorIs(t, err, context.Canceled)
	}
	assert.Equal(t, 1, n)
}

// Passwords the client sends (a new user's, a PDF's) are redacted from
// every later error, even when the API echoes them.
func TestSentPasswordsRedactedFromErrors(t *testing.T) {
	const pw, pdfpw = "hunter2-correct-horse", "pdf-pass-battery-staple"
	c, _ := newMockClient(t,
		jsonReply(400, `{"error":"password `+pw+` is too weak"}`),
		jsonReply(400, `{"error":"pdf_password `+pdfpw+` is not ascii"}`))
	_, _, err := c.Users.Create(context.Background(), &UserCreateRequest{Email: "a@example.com", FirstName: "A", LastName: "B", Password: pw})
	if !errors.Is(err, ErrBadRequest) || strings.Contains(err.Error(), pw) {
		t.Fatalf("err = %v", err)
	}
	_, _, err = c.Documents.Create(context.Background(), &DocumentCreateRequest{Group: "g", Name: "n", Text: "<p>x</p>", PDFPassword: pdfpw,
		Signers: []*SignerRequest{{FirstName: "A", LastName: "B", Email: "a@example.com"}}})
	if !errors.Is(err, ErrBadRequest) || strings.Contains(err.Error(), pdfpw) {
		t.Fatalf("err = %v", err)
	}
}
