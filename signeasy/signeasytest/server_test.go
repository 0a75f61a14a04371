package signeasytest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/webhook"
)

func open(s string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
}

// receiver is an application endpoint verifying Signeasy deliveries.
type receiver struct {
	mu     sync.Mutex
	events []webhook.Event
	srv    *httptest.Server
}

func newReceiver(t *testing.T, token string, opts ...webhook.Option) *receiver {
	r := &receiver{}
	h := webhook.NewHandler(signeasy.WebhookProvider(token, opts...))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.events = append(r.events, ev)
		return nil
	})
	r.srv = httptest.NewServer(h)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) types() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		out = append(out, e.Type())
	}
	return out
}

const hookToken = "receiver-token-0123456789"

func TestDeliveriesCarryTheRegisteredToken(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.StaticClient()
	ctx := context.Background()
	good := newReceiver(t, hookToken)
	wrong := newReceiver(t, "a-different-token-value")
	tokenless := newReceiver(t, hookToken)
	v1ok := newReceiver(t, hookToken, signeasy.AllowV1())
	for _, cb := range []signeasy.CallbackRequest{
		{URL: good.srv.URL, Events: []signeasy.EventType{signeasy.EventInitiated}, Token: hookToken},
		{URL: wrong.srv.URL, Events: []signeasy.EventType{signeasy.EventInitiated}, Token: hookToken},
		{URL: tokenless.srv.URL, Events: []signeasy.EventType{signeasy.EventInitiated}},
		{URL: v1ok.srv.URL, Events: []signeasy.EventType{signeasy.EventVoided}},
	} {
		_, err := c.Callbacks.Create(ctx, &cb)
		require.NoError(t, err)
	}
	id := srv.AddOriginal("a.pdf", []byte("%PDF"))
	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: id, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "ada@example.com"}},
	})
	require.NoError(t, err)
	status := map[string]int{}
	for _, d := range srv.Deliveries() {
		status[d.URL] = d.Status
		var body struct {
			Metadata map[string]any `json:"metadata"`
		}
		require.NoError(t, json.Unmarshal(d.Body, &body))
		if d.URL == tokenless.srv.URL {
			if _, has := body.Metadata["token"]; has {
				t.Error("token sent to a callback registered without one")
			}
		} else if body.Metadata["token"] != hookToken {
			t.Errorf("delivery to %s carries token %v", d.URL, body.Metadata["token"])
		}
	}
	assert.Equal(t, map[string]int{good.srv.URL: 200, wrong.srv.URL: 401, tokenless.srv.URL: 401}, status, "receivers' answers")
	assert.Equal(t, []string{"rs.initiated"}, good.types(), "verified delivery")

	// A v2 delivery without token is refused even by a receiver allowing v1:
	// it is v2-shaped (data.sources).
	_, err = c.Envelopes.Cancel(ctx, env.ID)
	require.NoError(t, err)
	assert.Equal(t, 0, len(v1ok.types()), "tokenless v2 delivery refused")
	err = srv.Emit(ctx, signeasy.EventVoided, strconv.FormatInt(env.ID, 10))
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Errorf("Emit should report the refusal: %v", err)
	}
	require.ErrorIs(t, srv.Emit(ctx, signeasy.EventVoided, "42"), signeasytest.ErrNotFound)
}

func TestFailNextAndRetries(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.Client(signeasy.WithMaxRetries(2))
	ctx := context.Background()

	srv.FailNext(http.StatusTooManyRequests, 2*time.Second)
	_, _, err := c.Users.Me(ctx) // the API call gets the 429 and is retried
	require.NoError(t, err)

	srv.FailNext(http.StatusServiceUnavailable, 0)
	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Users.Me(ctx) // GET retried twice
	require.NoError(t, err)

	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: "https://a.example/h", Events: []signeasy.EventType{signeasy.EventSigned}})
	require.ErrorIs(t, err, signeasy.ErrServer) // POST not retried; the v2 base is faulted too

	for range 3 {
		srv.FailNext(http.StatusTooManyRequests, time.Second)
	}
	_, _, err = c.Users.Me(ctx)
	var rl *signeasy.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > time.Second {
		t.Fatalf("want a RateLimitError with RetryAfter clamped to the client's max wait, got %v", err)
	}
	// With a maximum wait above it, RetryAfter is the header's value.
	srv.FailNext(http.StatusTooManyRequests, time.Second)
	_, _, err = srv.Client(signeasy.WithMaxRetries(0), signeasy.WithRetryWait(time.Millisecond, time.Minute)).Users.Me(ctx)
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("want a RateLimitError with RetryAfter 1s, got %v", err)
	}
	var apiErr *signeasy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "rate_limited", apiErr.Code, "Signeasy-shaped error body")

	reqs := srv.Requests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{
		"POST /oauth/token", "GET /v3/me/", "GET /v3/me/",
		"GET /v3/me/", "GET /v3/me/", "GET /v3/me/",
		"POST /v2/callback/",
		"GET /v3/me/", "GET /v3/me/", "GET /v3/me/",
		"POST /oauth/token", "GET /v3/me/", // the client without retries
	}, paths, "recorded requests")
	var grant map[string]string
	require.NoError(t, json.Unmarshal(reqs[0].Body, &grant))
	id, secret := srv.Credentials()
	assert.Equal(t, map[string]string{"client_id": id, "client_secret": secret,
		"audience": signeasy.DefaultAudience, "grant_type": "client_credentials"}, grant, "token request body")
	assert.True(t, strings.HasPrefix(reqs[1].Header.Get("Authorization"), "Bearer set-"), reqs[1].Header.Get("Authorization"))

	// A dropped connection changes nothing; a lost answer's create took effect.
	srv.FailNext(signeasytest.DropConnection, 0)
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "a.pdf", Open: open("%PDF")})
	require.Error(t, err)
	srv.FailNext(signeasytest.LoseAnswer, 0)
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "b.pdf", Open: open("%PDF")})
	require.ErrorIs(t, err, signeasy.ErrOutcomeUnknown)
	list, _, err := c.Originals.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "b.pdf", list[0].Name)
}

func TestTokenEndpointAndExpiry(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := signeasytest.NewServer(t, signeasytest.WithClock(clock), signeasytest.WithTokenLifetime(time.Hour),
		signeasytest.WithCredentials("my-id", "my-secret-value"))
	ctx := context.Background()

	bad, err := signeasy.NewClientWithCredentials("my-id", "wrong-secret", signeasy.WithBaseURL(srv.URL()), signeasy.WithTokenURL(srv.TokenURL()))
	require.NoError(t, err)
	_, _, err = bad.Users.Me(ctx)
	require.ErrorIs(t, err, signeasy.ErrUnauthorized)
	var apiErr *signeasy.APIError
	errors.As(err, &apiErr)
	assert.Equal(t, "access_denied", apiErr.Code, "OAuth error code")

	wrongAud := srv.Client(signeasy.WithAudience("https://elsewhere.example/"))
	_, _, err = wrongAud.Users.Me(ctx)
	require.ErrorIs(t, err, signeasy.ErrForbidden)

	c := srv.Client()
	for range 3 {
		_, _, err = c.Users.Me(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.TokenGrants(), "reused")

	// The server's clock moves past the token's expiry: the server refuses
	// the token although the client still holds it.
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	_, _, err = c.Users.Me(ctx)
	require.ErrorIs(t, err, signeasy.ErrUnauthorized)

	_, _, err = srv.StaticClient().Users.Me(ctx)
	require.NoError(t, err)
	nobody, err := signeasy.NewClient("not-a-token", signeasy.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, _, err = nobody.Users.Me(ctx)
	require.ErrorIs(t, err, signeasy.ErrUnauthorized)
}

func TestServerValidation(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.StaticClient()
	ctx := context.Background()
	_, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: 12345, Type: signeasy.SourceOriginal}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "a@example.com"}},
	})
	require.ErrorIs(t, err, signeasy.ErrNotFound, "an unknown document")
	id := srv.AddOriginal("a.pdf", nil)
	_, _, err = c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: id, Type: signeasy.SourceOriginal}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "not-an-email"}},
	})
	require.ErrorIs(t, err, signeasy.ErrBadRequest)
	require.ErrorIs(t, srv.Sign(ctx, "999", "a@example.com"), signeasytest.ErrNotFound)

	// Requests are recorded with their multipart bodies.
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "b.pdf", Open: open("%PDF-b")})
	require.NoError(t, err)
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "POST /v3/original/", last.Method+" "+last.Path, "upload recorded")
	if !bytes.Contains(last.Body, []byte("%PDF-b")) || !strings.HasPrefix(last.Header.Get("Content-Type"), "multipart/form-data; boundary=") {
		t.Errorf("multipart upload not recorded: %q", last.Header.Get("Content-Type"))
	}

	// Paths are served with the trailing slash Signeasy's table gives them.
	for path, want := range map[string]int{
		"/v3/original/": 200, "/v3/original": 404, "/v3/original/" + strconv.FormatInt(id, 10) + "/": 200,
		"/v3/original/" + strconv.FormatInt(id, 10): 405, "/v3/me": 200, "/v3/me/": 200, "/v3/template": 200,
		"/v3/template/": 200, "/v2/callback": 200, "/v2/callback/": 200, "/v3/rs/embedded/signed/": 404,
		"/v3/rs/embedded/signed": 200, "/v3/me/signed": 404,
	} {
		assert.Equal(t, want, status(t, srv, http.MethodGet, path, ""), path)
	}
	// Bad bodies get Signeasy's error object.
	assert.Equal(t, http.StatusBadRequest, status(t, srv, http.MethodPut, "/v3/template/"+strconv.FormatInt(srv.AddTemplate("T"), 10), `[1]`))
	assert.Equal(t, http.StatusBadRequest, status(t, srv, http.MethodPost, "/v2/callback", `{"url": "https://a.example", "events": ["rs.signed"], "token": "short"}`))
	signed := strconv.FormatInt(srv.AddSelfSigned("mine", []byte("%PDF")), 10)
	assert.Equal(t, http.StatusOK, status(t, srv, http.MethodGet, "/v3/signed/"+signed+"/download?type=split", ""))
	assert.Equal(t, http.StatusBadRequest, status(t, srv, http.MethodGet, "/v3/signed/"+signed+"/download?type=zip", ""))
	assert.Equal(t, http.StatusBadRequest, status(t, srv, http.MethodGet, "/v3/signed/"+signed+"/download?include_certificate=1", ""))
}

// status sends a request with the static token and returns the answer's
// status, after checking that an error answer is Signeasy's error object.
func status(t *testing.T, srv *signeasytest.Server, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, srv.Root()+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.AccessToken())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		var e map[string]string
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&e), path)
		assert.NotEmpty(t, e["message"], path)
		assert.NotEmpty(t, e["error_code"], path)
	}
	return resp.StatusCode
}

// The fake checks fields, merge fields and role mappings the way Signeasy's
// documentation describes them; what the SDK sends passes, hand-made bodies
// missing documented parts do not.
func TestFakeChecksEnvelopeBodies(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.StaticClient()
	ctx := context.Background()
	doc := srv.AddOriginal("lease.pdf", []byte("%PDF lease"))
	tpl := srv.AddTemplate("NDA", "Tenant")

	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:              []signeasy.Source{{ID: doc, Type: signeasy.SourceOriginal}, {ID: tpl, Type: signeasy.SourceTemplate}},
		Recipients:           []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", Email: "ada@example.com"}},
		RecipientRoleMapping: []signeasy.RoleMapping{{SourceID: 2, RoleID: 1, RecipientID: 1}},
		MergeFields:          []signeasy.MergeField{{SourceID: 2, Label: "tenant", Value: "Ada"}},
		FieldsPayload: []signeasy.Field{
			{RecipientID: 1, SourceID: 1, Type: signeasy.FieldSignature, Required: true, PageNumber: "all",
				Position: signeasy.FieldPosition{ReferenceText: "Tenant signature", Width: 120, Height: 40}},
			{RecipientID: 1, SourceID: 1, Type: signeasy.FieldDate, PageNumber: "1",
				Position: signeasy.FieldPosition{X: 0, Y: 0, Width: 80, Height: 20}, AdditionalInfo: map[string]any{"format": "DD/MM/YYYY"}},
		},
		EmbeddedSigning: true,
		Message:         "Lease",
	})
	require.NoError(t, err)
	assert.True(t, bool(env.HasMarkers), "fields recorded")
	assert.True(t, bool(env.IsEmbeddedSigning), "embedded")
	assert.Equal(t, "Lease", env.Message, "message")
	assert.Equal(t, []signeasy.Source{{ID: doc, Type: signeasy.SourceOriginal, Name: "lease.pdf", SourceID: 1},
		{ID: tpl, Type: signeasy.SourceTemplate, Name: "NDA", SourceID: 2}}, env.Sources, "sources numbered by the SDK")

	u, _, err := c.Envelopes.SigningURL(ctx, env.ID, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com", AllowDecline: true})
	require.NoError(t, err)
	assert.Contains(t, u.URL, "/sign/", "signing URL")
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "POST /v3/rs/envelope/"+strconv.FormatInt(env.ID, 10)+"/signing/url/", last.Method+" "+last.Path)
	assert.JSONEq(t, `{"recipient_email": "ada@example.com", "allow_decline": true}`, string(last.Body))

	post := func(body string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, srv.URL()+"/rs/envelope/", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+srv.AccessToken())
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var e struct {
			Code string `json:"error_code"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Code
	}
	base := `"sources": [{"id": ` + strconv.FormatInt(doc, 10) + `, "type": "original", "source_id": 1},
	  {"id": ` + strconv.FormatInt(tpl, 10) + `, "type": "template", "source_id": 2}],
	  "recipients": [{"recipient_id": 1, "email": "ada@example.com"}]`
	field := func(f string) string { return `{` + base + `, "fields_payload": [` + f + `]}` }
	for name, tc := range map[string]struct {
		body, code string
	}{
		"no additional_info": {field(`{"recipient_id": 1, "source_id": 1, "type": "signature", "page_number": "1", "position": {"mode": "fixed", "x": 1, "y": 1}}`), "invalid_fields_payload"},
		"numeric page":       {field(`{"recipient_id": 1, "source_id": 1, "type": "signature", "page_number": 1, "position": {"mode": "fixed", "x": 1, "y": 1}, "additional_info": {}}`), "invalid_request"},
		"old reference key":  {field(`{"recipient_id": 1, "source_id": 1, "type": "signature", "page_number": "1", "position": {"mode": "referenceText", "reference_text": "x"}, "additional_info": {}}`), "invalid_fields_payload"},
		"fixed without y":    {field(`{"recipient_id": 1, "source_id": 1, "type": "signature", "page_number": "1", "position": {"mode": "fixed", "x": 1}, "additional_info": {}}`), "invalid_fields_payload"},
		"unknown source":     {field(`{"recipient_id": 1, "source_id": 9, "type": "signature", "page_number": "1", "position": {"mode": "fixed", "x": 1, "y": 1}, "additional_info": {}}`), "invalid_fields_payload"},
		"role on original":   {`{` + base + `, "recipient_role_mapping": [{"source_id": 1, "role_id": 1, "recipient_id": 1}]}`, "invalid_role_mapping"},
		"merge on original":  {`{` + base + `, "merge_fields": [{"source_id": 1, "label": "x", "value": "y"}]}`, "invalid_merge_fields"},
	} {
		status, code := post(tc.body)
		assert.Equal(t, http.StatusBadRequest, status, name)
		assert.Equal(t, tc.code, code, name)
	}
	status, _ := post(field(`{"recipient_id": 1, "source_id": 1, "type": "signature", "page_number": "1", "position": {"mode": "fixed", "x": 0, "y": 0}, "additional_info": {}}`))
	assert.Equal(t, http.StatusOK, status, "documented shape accepted")
}

// The verbs move an envelope through Signeasy's lifecycle and deliver its
// events, to v2 callbacks (with their token) and to v1 ones (without
// sources and token); the recipients of an ordered envelope act in turn.
func TestLifecycleVerbs(t *testing.T) {
	v1 := newReceiver(t, "", signeasy.AllowV1())
	srv := signeasytest.NewServer(t, signeasytest.WithV1Callbacks(v1.srv.URL))
	c := srv.StaticClient()
	ctx := context.Background()
	v2 := newReceiver(t, hookToken)
	_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: v2.srv.URL, Events: signeasy.EventTypes(), Token: hookToken})
	require.NoError(t, err)
	doc := srv.AddOriginal("contract.pdf", []byte("%PDF"))
	create := func(ordered bool) string {
		e, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
			Sources:    []signeasy.Source{{ID: doc, Type: signeasy.SourceOriginal}},
			Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "ada@example.com"}, {RecipientID: 2, Email: "alan@example.com"}},
			IsOrdered:  ordered,
		})
		require.NoError(t, err)
		return strconv.FormatInt(e.ID, 10)
	}
	status := func(id string) signeasy.EnvelopeStatus {
		n, _ := strconv.ParseInt(id, 10, 64)
		e, _, err := c.Envelopes.Get(ctx, n)
		require.NoError(t, err)
		return e.Status
	}

	ordered := create(true)
	require.ErrorIs(t, srv.Sign(ctx, ordered, "alan@example.com"), signeasytest.ErrState, "not alan's turn")
	require.ErrorIs(t, srv.View(ctx, ordered, "nobody@example.com"), signeasytest.ErrNotFound)
	require.ErrorIs(t, srv.View(ctx, "999", "ada@example.com"), signeasytest.ErrNotFound)
	require.NoError(t, srv.Complete(ctx, ordered))
	assert.Equal(t, signeasy.EnvelopeComplete, status(ordered))
	require.ErrorIs(t, srv.Sign(ctx, ordered, "ada@example.com"), signeasytest.ErrState, "complete")
	require.ErrorIs(t, srv.Cancel(ctx, ordered), signeasytest.ErrState)

	declined := create(false)
	require.NoError(t, srv.Sign(ctx, declined, "alan@example.com"), "unordered: anyone first")
	require.NoError(t, srv.Decline(ctx, declined, "ada@example.com", "Wrong address"))
	assert.Equal(t, signeasy.EnvelopeRecipientDeclined, status(declined))
	n, _ := strconv.ParseInt(declined, 10, 64)
	e, _, err := c.Envelopes.Get(ctx, n)
	require.NoError(t, err)
	assert.Equal(t, signeasy.RecipientDeclined, e.Recipients[0].Status)

	expiring := create(false)
	require.NoError(t, srv.Expire(ctx, expiring))
	assert.Equal(t, signeasy.EnvelopeStatus("expired"), status(expiring))
	canceled := create(false)
	require.NoError(t, srv.Cancel(ctx, canceled))
	assert.Equal(t, signeasy.EnvelopeCanceled, status(canceled))

	want := []string{
		"rs.initiated", "rs.link_sent", "rs.signed", "rs.link_sent", "rs.signed", "rs.completed", // ordered, Complete
		"rs.initiated", "rs.link_sent", "rs.signed", "rs.declined",
		"rs.initiated", "rs.link_sent", "rs.expired",
		"rs.initiated", "rs.link_sent", "rs.voided",
	}
	assert.Equal(t, want, v2.types(), "v2 deliveries, verified with the token")
	assert.Equal(t, want, v1.types(), "v1 deliveries")
	for _, d := range srv.Deliveries() {
		require.Equal(t, 200, d.Status, "%s to %s", d.Event, d.URL)
		has := bytes.Contains(d.Body, []byte(`"sources"`))
		assert.Equal(t, d.URL == v2.srv.URL, has, "sources in v2 deliveries only")
	}

	// The sandbox plays the same steps over HTTP, without credentials.
	last := create(false)
	resp, err := http.Post(srv.Root()+"/_fakeserver/steps/complete", "application/json", strings.NewReader(`{"envelope": "`+last+`"}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, signeasy.EnvelopeComplete, status(last))
	resp, err = http.Post(srv.Root()+"/_fakeserver/steps/send", "application/json", strings.NewReader(`{"envelope": "`+last+`"}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotImplemented, resp.StatusCode, "Signeasy has no Send: Create sends")
}
