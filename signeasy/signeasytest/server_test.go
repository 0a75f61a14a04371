package signeasytest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/webhook"
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func equal[T any](t testing.TB, got, want T, what string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}

func isErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v does not match %v", err, target)
	}
}

func open(s string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
}

// receiver is an application endpoint verifying Signeasy deliveries.
type receiver struct {
	mu     sync.Mutex
	events []webhook.Event
	srv    *httptest.Server
}

func newReceiver(t *testing.T, token string, opts ...signeasy.WebhookOption) *receiver {
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
	_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: rcv.srv.URL, Events: signeasy.EventTypes, Token: hookToken})
	must(t, err)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: rcv.srv.URL, Events: signeasy.EventTypes})
	isErr(t, err, signeasy.ErrConflict)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: "https://other.example/hooks", Events: []string{signeasy.EventCompleted}})
	must(t, err)
	cbs, _, err := c.Callbacks.List(ctx)
	must(t, err)
	equal(t, len(cbs), 2, "callbacks")
	equal(t, cbs[0].URL, rcv.srv.URL, "first callback")
	equal(t, cbs[0].Events, signeasy.EventTypes, "events")
	equal(t, cbs[0].Token.Reveal(), hookToken, "token")
	_, err = c.Callbacks.Update(ctx, &signeasy.CallbackRequest{URL: "https://other.example/hooks", Events: []string{signeasy.EventVoided}})
	must(t, err)
	_, err = c.Callbacks.Delete(ctx, "https://other.example/hooks")
	must(t, err)
	_, err = c.Callbacks.Delete(ctx, "https://other.example/hooks")
	isErr(t, err, signeasy.ErrNotFound)
	cbs, _, err = c.Callbacks.List(ctx)
	must(t, err)
	equal(t, len(cbs), 1, "callbacks after delete")

	// Originals.
	orig, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer: letter", FileName: "offer.pdf", Open: open("%PDF-1.4 offer")})
	must(t, err)
	equal(t, orig.Name, "Offer letter", "name sanitized like Signeasy")
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer letter", FileName: "offer.pdf", Open: open("x")})
	isErr(t, err, signeasy.ErrConflict)
	dup, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer letter", FileName: "offer.pdf", Open: open("x"), RenameIfExists: true})
	must(t, err)
	equal(t, dup.Name, "Offer letter (1)", "renamed")
	list, _, err := c.Originals.List(ctx)
	must(t, err)
	equal(t, len(list), 2, "originals")
	got, _, err := c.Originals.Get(ctx, orig.ID)
	must(t, err)
	equal(t, got.ID, orig.ID, "get original")
	body, _, err := c.Originals.Download(ctx, orig.ID)
	must(t, err)
	b, _ := io.ReadAll(body)
	body.Close()
	equal(t, string(b), "%PDF-1.4 offer", "download")
	_, err = c.Originals.Delete(ctx, dup.ID)
	must(t, err)
	_, _, err = c.Originals.Get(ctx, dup.ID)
	isErr(t, err, signeasy.ErrNotFound)

	// Templates.
	tplID := srv.AddTemplate("NDA", "Employee")
	tpls, _, err := c.Templates.List(ctx)
	must(t, err)
	equal(t, len(tpls), 1, "templates")
	equal(t, tpls[0].Metadata.Roles[0].Name, "Employee", "role")

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
	must(t, err)
	equal(t, env.Status, signeasy.EnvelopeIncomplete, "created status")
	equal(t, len(env.Recipients), 2, "recipients")
	equal(t, env.Recipients[0].Status, signeasy.RecipientNotViewed, "recipient status")
	equal(t, env.Sources[1], signeasy.Source{ID: tplID, Type: signeasy.SourceTemplate, Name: "NDA", SourceID: 2}, "sources")

	u, _, err := c.Envelopes.SigningURL(ctx, env.ID, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com"})
	must(t, err)
	if !strings.HasPrefix(u.URL, srv.URL+"/sign/") {
		t.Errorf("signing URL %q", u.URL)
	}
	_, _, err = c.Envelopes.GetSigned(ctx, env.ID)
	isErr(t, err, signeasy.ErrNotFound)

	must(t, srv.View(ctx, env.ID, "ada@example.com"))
	must(t, srv.Sign(ctx, env.ID, "ada@example.com"))
	must(t, srv.Sign(ctx, env.ID, "alan@example.com"))
	equal(t, rcv.types(), []string{"rs.initiated", "rs.viewed", "rs.signed", "rs.signed", "rs.completed"}, "delivered events")

	final, _, err := c.Envelopes.Get(ctx, env.ID)
	must(t, err)
	equal(t, final.Status, signeasy.EnvelopeComplete, "completed")
	signed, _, err := c.Envelopes.GetSigned(ctx, env.ID)
	must(t, err)
	equal(t, signed.PendingFileID, env.ID, "signed lookup")
	rc, _, err := c.Envelopes.DownloadSigned(ctx, signed.ID, 1)
	must(t, err)
	b, _ = io.ReadAll(rc)
	rc.Close()
	equal(t, string(b), "%PDF-1.4 offer", "signed download")
	_, err = c.Envelopes.Cancel(ctx, env.ID)
	isErr(t, err, signeasy.ErrBadRequest)

	// The deliveries the receiver verified are typed v2 events with sources.
	rcv.mu.Lock()
	last := rcv.events[len(rcv.events)-1].(*signeasy.CompletedEvent)
	rcv.mu.Unlock()
	equal(t, last.Version(), 2, "v2 delivery")
	equal(t, last.EnvelopeID(), env.ID, "envelope id")
	equal(t, len(last.Sources()), 2, "sources")
	equal(t, last.Metadata.ClientID, srv.ClientID(), "client id")
	equal(t, last.Lifecycle(), webhook.Completed, "lifecycle")

	// Cancel another envelope: rs.voided.
	env2, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: orig.ID, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "ada@example.com"}},
	})
	must(t, err)
	_, err = c.Envelopes.Cancel(ctx, env2.ID)
	must(t, err)
	st, ok := srv.Envelope(env2.ID)
	equal(t, ok, true, "envelope known")
	equal(t, st.Status, signeasy.EnvelopeCanceled, "canceled")
	types := rcv.types()
	equal(t, types[len(types)-1], "rs.voided", "voided delivered")
	_, _, err = c.Envelopes.SigningURL(ctx, env2.ID, &signeasy.SigningURLRequest{RecipientEmail: "ada@example.com"})
	isErr(t, err, signeasy.ErrBadRequest) // not embedded

	// Embedded sending and /me/.
	su, _, err := c.Embedded.SendingURL(ctx, &signeasy.SendingURLRequest{FileID: orig.ID})
	must(t, err)
	if !strings.HasPrefix(su.URL, srv.URL+"/embedded/send/") {
		t.Errorf("sending URL %q", su.URL)
	}
	_, _, err = c.Embedded.SendingURL(ctx, &signeasy.SendingURLRequest{FileID: 999})
	isErr(t, err, signeasy.ErrBadRequest)
	me, _, err := c.Users.Me(ctx)
	must(t, err)
	equal(t, me.Email, signeasytest.OwnerEmail, "me")

	// One token grant served the whole session.
	equal(t, srv.TokenGrants(), 1, "token grants")
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
		{URL: good.srv.URL, Events: []string{signeasy.EventInitiated}, Token: hookToken},
		{URL: wrong.srv.URL, Events: []string{signeasy.EventInitiated}, Token: hookToken},
		{URL: tokenless.srv.URL, Events: []string{signeasy.EventInitiated}},
		{URL: v1ok.srv.URL, Events: []string{signeasy.EventVoided}},
	} {
		_, err := c.Callbacks.Create(ctx, &cb)
		must(t, err)
	}
	id := srv.AddOriginal("a.pdf", []byte("%PDF"))
	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: id, Type: signeasy.SourceOriginal, SourceID: 1}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "ada@example.com"}},
	})
	must(t, err)
	status := map[string]int{}
	for _, d := range srv.Deliveries() {
		status[d.URL] = d.Status
		var body struct {
			Metadata map[string]any `json:"metadata"`
		}
		must(t, json.Unmarshal(d.Body, &body))
		if d.URL == tokenless.srv.URL {
			if _, has := body.Metadata["token"]; has {
				t.Error("token sent to a callback registered without one")
			}
		} else if body.Metadata["token"] != hookToken {
			t.Errorf("delivery to %s carries token %v", d.URL, body.Metadata["token"])
		}
	}
	equal(t, status, map[string]int{good.srv.URL: 200, wrong.srv.URL: 401, tokenless.srv.URL: 401}, "receivers' answers")
	equal(t, good.types(), []string{"rs.initiated"}, "verified delivery")

	// A v2 delivery without token is refused even by a receiver allowing v1:
	// it is v2-shaped (data.sources).
	_, err = c.Envelopes.Cancel(ctx, env.ID)
	must(t, err)
	equal(t, len(v1ok.types()), 0, "tokenless v2 delivery refused")
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
	must(t, err)

	srv.FailNext(http.StatusServiceUnavailable, 0)
	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, _, err = c.Users.Me(ctx) // GET retried twice
	must(t, err)

	srv.FailNext(http.StatusServiceUnavailable, 0)
	_, err = c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: "https://a.example/h", Events: []string{signeasy.EventSigned}})
	isErr(t, err, signeasy.ErrServer) // POST not retried

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
	equal(t, apiErr.Code, "injected_failure", "Signeasy-shaped error body")

	reqs := srv.Requests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.Method+" "+r.Path)
	}
	equal(t, paths, []string{
		"POST /oauth/token", "POST /oauth/token", "GET /v3/me/",
		"GET /v3/me/", "GET /v3/me/", "GET /v3/me/",
		"POST /v2/callback/",
		"GET /v3/me/", "GET /v3/me/", "GET /v3/me/",
	}, "recorded requests")
	tokenReq := reqs[0]
	var grant map[string]string
	must(t, json.Unmarshal(tokenReq.Body, &grant))
	equal(t, grant, map[string]string{"client_id": srv.ClientID(), "client_secret": srv.ClientSecret(),
		"audience": signeasy.DefaultAudience, "grant_type": "client_credentials"}, "token request body")
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
	must(t, err)
	_, _, err = bad.Users.Me(ctx)
	isErr(t, err, signeasy.ErrUnauthorized)
	var apiErr *signeasy.APIError
	errors.As(err, &apiErr)
	equal(t, apiErr.Code, "access_denied", "OAuth error code")

	wrongAud := srv.Client(signeasy.WithAudience("https://elsewhere.example/"))
	_, _, err = wrongAud.Users.Me(ctx)
	isErr(t, err, signeasy.ErrForbidden)

	c := srv.Client()
	for range 3 {
		_, _, err = c.Users.Me(ctx)
		must(t, err)
	}
	equal(t, srv.TokenGrants(), 1, "reused")

	// The server's clock moves past the token's expiry: the server refuses
	// the token although the client still holds it.
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	_, _, err = c.Users.Me(ctx)
	isErr(t, err, signeasy.ErrUnauthorized)

	_, _, err = srv.StaticClient().Users.Me(ctx)
	must(t, err)
	nobody, err := signeasy.NewClient("not-a-token", signeasy.WithBaseURL(srv.BaseURL()))
	must(t, err)
	_, _, err = nobody.Users.Me(ctx)
	isErr(t, err, signeasy.ErrUnauthorized)
}

func TestServerValidation(t *testing.T) {
	srv := signeasytest.NewServer(t)
	c := srv.StaticClient()
	ctx := context.Background()
	_, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: 12345, Type: signeasy.SourceOriginal}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "a@example.com"}},
	})
	isErr(t, err, signeasy.ErrBadRequest)
	id := srv.AddOriginal("a.pdf", nil)
	_, _, err = c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
		Sources:    []signeasy.Source{{ID: id, Type: signeasy.SourceOriginal}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "not-an-email"}},
	})
	isErr(t, err, signeasy.ErrBadRequest)
	_, _, err = c.Envelopes.Get(ctx, 999)
	isErr(t, err, signeasy.ErrNotFound)
	_, err = c.Envelopes.Cancel(ctx, 999)
	isErr(t, err, signeasy.ErrNotFound)
	_, err = c.Templates.Delete(ctx, 999)
	isErr(t, err, signeasy.ErrNotFound)
	_, err = c.Callbacks.Update(ctx, &signeasy.CallbackRequest{URL: "https://nowhere.example/", Events: []string{"rs.signed"}})
	isErr(t, err, signeasy.ErrNotFound)
	if err := srv.Sign(ctx, 999, "a@example.com"); err == nil {
		t.Error("Sign on an unknown envelope")
	}

	// Requests are recorded with their multipart bodies.
	_, _, err = c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "b.pdf", Open: open("%PDF-b")})
	must(t, err)
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	equal(t, last.Method+" "+last.Path, "POST /v3/original/", "upload recorded")
	if !bytes.Contains(last.Body, []byte("%PDF-b")) || !strings.HasPrefix(last.Header.Get("Content-Type"), "multipart/form-data; boundary=") {
		t.Errorf("multipart upload not recorded: %q", last.Header.Get("Content-Type"))
	}
}
