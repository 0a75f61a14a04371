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

func TestEndToEnd(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	rcv := newReceiver(t, hookToken)

	// Callbacks CRUD (v2).
	_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: rcv.srv.URL, Events: signeasy.EventTypes(), Token: hookToken})
	require.NoError(t, err)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: rcv.srv.URL, Events: signeasy.EventTypes()})
	require.ErrorIs(t, err, signeasy.ErrConflict)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: "https://other.example/hooks", Events: []signeasy.EventType{signeasy.EventCompleted}})
	require.NoError(t, err)
	cbs, _, err := c.Callbacks.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, len(cbs), "callbacks")
	assert.Equal(t, rcv.srv.URL, cbs[0].URL, "first callback")
	assert.Equal(t, signeasy.EventTypes(), cbs[0].Events, "events")
	assert.Equal(t, hookToken, cbs[0].Token.Reveal(), "token")
	_, err = c.Callbacks.Update(ctx, &signeasy.CallbackRequest{URL: "https://other.example/hooks", Events: []signeasy.EventType{signeasy.EventVoided}})
	require.NoError(t, err)
	_, err = c.Callbacks.Delete(ctx, "https://other.example/hooks")
	require.NoError(t, err)
	_, err = c.Callbacks.Delete(ctx, "https://other.example/hooks")
	require.ErrorIs(t, err, signeasy.ErrNotFound)
	cbs, _, err = c.Callbacks.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, len(cbs), "callbacks after delete")

	// Originals.
	orig, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer: letter", FileName: "offer.pdf", Open: open("%PDF-1.4 offer")})
	require.NoError(t, err)
	assert.Equal(t, "Offer letter", orig.Name, "name sanitized like Signeasy")
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer letter", FileName: "offer.pdf", Open: open("x")})
	require.ErrorIs(t, err, signeasy.ErrConflict)
	dup, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer letter", FileName: "offer.pdf", Open: open("x"), RenameIfExists: true})
	require.NoError(t, err)
	assert.Equal(t, "Offer letter (1)", dup.Name, "renamed")
	list, _, err := c.Originals.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, len(list), "originals")
	got, _, err := c.Originals.Get(ctx, orig.ID)
	require.NoError(t, err)
	assert.Equal(t, orig.ID, got.ID, "get original")
	body, _, err := c.Originals.Download(ctx, orig.ID)
	require.NoError(t, err)
	b, _ := io.ReadAll(body)
	body.Close()
	assert.Equal(t, "%PDF-1.4 offer", string(b), "download")
	_, err = c.Originals.Delete(ctx, dup.ID)
	require.NoError(t, err)
	_, _, err = c.Originals.Get(ctx, dup.ID)
	require.ErrorIs(t, err, signeasy.ErrNotFound)

	// Templates.
	tplID := srv.AddTemplate("NDA", "Employee")
	tpls, _, err := c.Templates.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, len(tpls), "templates")
	assert.Equal(t, "Employee", tpls[0].Metadata.Roles[0].Name, "role")

	// Envelope: create (rs.initiated), sign by both (rs.signed ×2, rs.completed), download.
	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources: []signeasy.Source{
			{ID: orig.ID, Type: signeasy.SourceOriginal, Name: "Offer letter", SourceID: 1},
			{ID: tplID, Type: signeasy.SourceTemplate, Name: "NDA", SourceID: 2},
		},
		Recipients: []signeasy.EnvelopeRecipient{
			{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"},
			{RecipientID: 2, FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"},
		},
		RecipientRoleMapping: []signeasy.RoleMapping{{SourceID: 2, RoleID: 1, RecipientID: 2}},
		EmbeddedSigning:      true,
	})
	require.NoError(t, err)
	assert.Equal(t, signeasy.EnvelopeIncomplete, env.Status, "created status")
	assert.Equal(t, 2, len(env.Recipients), "recipients")
	assert.Equal(t, signeasy.RecipientNotViewed, env.Recipients[0].Status, "recipient status")
	assert.Equal(t, signeasy.Source{ID: tplID, Type: signeasy.SourceTemplate, Name: "NDA", SourceID: 2}, env.Sources[1], "sources")

	u, _, err := c.Envelopes.SigningURL(ctx, env.ID, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com"})
	require.NoError(t, err)
	if !strings.HasPrefix(u.URL, srv.URL+"/sign/") {
		t.Errorf("signing URL %q", u.URL)
	}
	_, _, err = c.Envelopes.GetSigned(ctx, env.ID)
	require.ErrorIs(t, err, signeasy.ErrNotFound)

	require.NoError(t, srv.View(ctx, env.ID, "ada@example.com"))
	require.NoError(t, srv.Sign(ctx, env.ID, "ada@example.com"))
	require.NoError(t, srv.Sign(ctx, env.ID, "alan@example.com"))
	assert.Equal(t, []string{"rs.initiated", "rs.viewed", "rs.signed", "rs.signed", "rs.completed"}, rcv.types(), "delivered events")

	final, _, err := c.Envelopes.Get(ctx, env.ID)
	require.NoError(t, err)
	assert.Equal(t, signeasy.EnvelopeComplete, final.Status, "completed")
	signed, _, err := c.Envelopes.GetSigned(ctx, env.ID)
	require.NoError(t, err)
	assert.Equal(t, env.ID, signed.PendingFileID, "signed lookup")
	rc, _, err := c.Envelopes.DownloadSigned(ctx, signed.ID, 1)
	require.NoError(t, err)
	b, _ = io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, "%PDF-1.4 offer", string(b), "signed download")
	_, err = c.Envelopes.Cancel(ctx, env.ID)
	require.ErrorIs(t, err, signeasy.ErrBadRequest)

	// The deliveries the receiver verified are typed v2 events with sources.
	rcv.mu.Lock()
	last := rcv.events[len(rcv.events)-1].(*signeasy.CompletedEvent)
	rcv.mu.Unlock()
	assert.Equal(t, 2, last.Version(), "v2 delivery")
	assert.Equal(t, env.ID, last.EnvelopeID(), "envelope id")
	assert.Equal(t, 2, len(last.Sources()), "sources")
	assert.Equal(t, srv.ClientID(), last.Metadata.ClientID, "client id")
	assert.Equal(t, webhook.Completed, last.Lifecycle(), "lifecycle")

	// Cancel another envelope: rs.voided.
	env2, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: orig.ID, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "ada@example.com"}},
	})
	require.NoError(t, err)
	_, err = c.Envelopes.Cancel(ctx, env2.ID)
	require.NoError(t, err)
	st, ok := srv.Envelope(env2.ID)
	assert.True(t, ok, "envelope known")
	assert.Equal(t, signeasy.EnvelopeCanceled, st.Status, "canceled")
	types := rcv.types()
	assert.Equal(t, "rs.voided", types[len(types)-1], "voided delivered")
	_, _, err = c.Envelopes.SigningURL(ctx, env2.ID, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com"})
	require.ErrorIs(t, err, signeasy.ErrBadRequest) // not embedded

	// Embedded sending and /me/.
	su, _, err := c.Embedded.SendingURL(ctx, &signeasy.SendingURLRequest{FileID: orig.ID})
	require.NoError(t, err)
	if !strings.HasPrefix(su.URL, srv.URL+"/embedded/send/") {
		t.Errorf("sending URL %q", su.URL)
	}
	_, _, err = c.Embedded.SendingURL(ctx, &signeasy.SendingURLRequest{FileID: 999})
	require.ErrorIs(t, err, signeasy.ErrBadRequest)
	me, _, err := c.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, signeasytest.OwnerEmail, me.Email, "me")

	// One token grant served the whole session.
	assert.Equal(t, 1, srv.TokenGrants(), "token grants")
	for _, d := range srv.Deliveries() {
		if d.Err != nil || d.Status != 200 {
			t.Errorf("delivery %s to %s: %d %v", d.EventType, d.URL, d.Status, d.Err)
		}
	}
}

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
	err = srv.Emit(ctx, signeasy.EventVoided, env.ID)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("Emit should report the refusal: %v", err)
	}
	if err := srv.Emit(ctx, signeasy.EventVoided, 42); err == nil {
		t.Error("Emit for an unknown envelope succeeded")
	}
}

func TestFailNextAndRetries(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.Client(signeasy.WithMaxRetries(2))
	ctx := context.Background()

	srv.FailNext(http.StatusTooManyRequests, 2*time.Second)
	_, _, err := c.Users.Me(ctx) // the token request gets the 429 and is retried
	require.NoError(t, err)

	srv.FailNext(http.StatusServiceUnavailable, 0)
	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Users.Me(ctx) // GET retried twice
	require.NoError(t, err)

	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: "https://a.example/h", Events: []signeasy.EventType{signeasy.EventSigned}})
	require.ErrorIs(t, err, signeasy.ErrServer) // POST not retried

	for range 3 {
		srv.FailNext(http.StatusTooManyRequests, time.Second)
	}
	_, _, err = c.Users.Me(ctx)
	var rl *signeasy.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("want a RateLimitError with RetryAfter 1s, got %v", err)
	}
	var apiErr *signeasy.APIError
	errors.As(err, &apiErr)
	assert.Equal(t, "injected_failure", apiErr.Code, "Signeasy-shaped error body")

	reqs := srv.Requests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{
		"POST /oauth/token", "POST /oauth/token", "GET /v3/me/",
		"GET /v3/me/", "GET /v3/me/", "GET /v3/me/",
		"POST /v2/callback/",
		"GET /v3/me/", "GET /v3/me/", "GET /v3/me/",
	}, paths, "recorded requests")
	tokenReq := reqs[0]
	var grant map[string]string
	require.NoError(t, json.Unmarshal(tokenReq.Body, &grant))
	assert.Equal(t, map[string]string{"client_id": srv.ClientID(), "client_secret": srv.ClientSecret(),
		"audience": signeasy.DefaultAudience, "grant_type": "client_credentials"}, grant, "token request body")
	if !strings.HasPrefix(reqs[2].Header.Get("Authorization"), "Bearer set-") {
		t.Errorf("API request authorization %q", reqs[2].Header.Get("Authorization"))
	}
}

func TestTokenEndpointAndExpiry(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := signeasytest.NewServer(t, signeasytest.WithClock(clock), signeasytest.WithTokenLifetime(time.Hour),
		signeasytest.WithCredentials("my-id", "my-secret-value"))
	ctx := context.Background()

	bad, err := signeasy.NewClientWithCredentials("my-id", "wrong-secret", signeasy.WithBaseURL(srv.BaseURL()), signeasy.WithTokenURL(srv.TokenURL()))
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
	nobody, err := signeasy.NewClient("not-a-token", signeasy.WithBaseURL(srv.BaseURL()))
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
	require.ErrorIs(t, err, signeasy.ErrBadRequest)
	id := srv.AddOriginal("a.pdf", nil)
	_, _, err = c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: id, Type: signeasy.SourceOriginal}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "not-an-email"}},
	})
	require.ErrorIs(t, err, signeasy.ErrBadRequest)
	_, _, err = c.Envelopes.Get(ctx, 999)
	require.ErrorIs(t, err, signeasy.ErrNotFound)
	_, err = c.Envelopes.Cancel(ctx, 999)
	require.ErrorIs(t, err, signeasy.ErrNotFound)
	_, err = c.Templates.Delete(ctx, 999)
	require.ErrorIs(t, err, signeasy.ErrNotFound)
	_, err = c.Callbacks.Update(ctx, &signeasy.CallbackRequest{URL: "https://nowhere.example/", Events: []signeasy.EventType{"rs.signed"}})
	require.ErrorIs(t, err, signeasy.ErrNotFound)
	if err := srv.Sign(ctx, 999, "a@example.com"); err == nil {
		t.Error("Sign on an unknown envelope")
	}

	// Requests are recorded with their multipart bodies.
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "b.pdf", Open: open("%PDF-b")})
	require.NoError(t, err)
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "POST /v3/original/", last.Method+" "+last.Path, "upload recorded")
	if !bytes.Contains(last.Body, []byte("%PDF-b")) || !strings.HasPrefix(last.Header.Get("Content-Type"), "multipart/form-data; boundary=") {
		t.Errorf("multipart upload not recorded: %q", last.Header.Get("Content-Type"))
	}
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
		req, err := http.NewRequest(http.MethodPost, srv.BaseURL()+"/rs/envelope/", strings.NewReader(body))
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

func TestFakeMe(t *testing.T) {
	srv := signeasytest.NewServer(t)
	srv.AddOriginal("a.pdf", nil)
	me, _, err := srv.StaticClient().Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(signeasytest.OwnerUserID), me.ID)
	assert.Equal(t, 100, me.DocumentCredits, "document_credits")
	assert.Equal(t, 1, me.ImportedFileCount, "imported files")
	assert.True(t, bool(me.EmailVerified), "verified")
	assert.True(t, me.SubscriptionExpiryTime.IsZero(), "null expiry")
}
