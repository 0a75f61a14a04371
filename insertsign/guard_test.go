package insertsign_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/webhook"
)

// receiver is an httptest server running webhook.Handler with guard; it
// records the events handed to the application and the handler's log.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events []webhook.Event
	log    bytes.Buffer
}

func newReceiver(t *testing.T, guard insertsign.Guard) *receiver {
	t.Helper()
	rc := &receiver{}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &rc.log, mu: &rc.mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := webhook.NewHandler(insertsign.WebhookProvider(guard), webhook.WithLogger(logger))
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, ev)
		return nil
	})
	rc.srv = httptest.NewServer(h)
	t.Cleanup(rc.srv.Close)
	return rc
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (rc *receiver) received() []webhook.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhook.Event(nil), rc.events...)
}

func (rc *receiver) logged() string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.log.String()
}

// post sends body to the receiver's URL plus suffix (a query string), with
// edit applied to the request, and returns the status and response body.
func (rc *receiver) post(t *testing.T, suffix string, body []byte, edit func(*http.Request)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, rc.srv.URL+"/hooks/insertsign"+suffix, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if edit != nil {
		edit(req)
	}
	resp, err := rc.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func basic(user, pass string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(user, pass) }
}

func TestGuardsEndToEnd(t *testing.T) {
	body := fixture(t, "request_completed.json")
	type attempt struct {
		name   string
		suffix string
		edit   func(*http.Request)
		want   int
		reason string // substring of the logged refusal
	}
	tests := []struct {
		name     string
		guard    insertsign.Guard
		attempts []attempt
	}{
		{"query token", insertsign.QueryToken("token", "s3cret-token"), []attempt{
			{"right", "?token=s3cret-token", nil, 200, ""},
			{"right among other params", "?a=1&token=s3cret-token&b=2", nil, 200, ""},
			{"percent-encoded", "?token=" + url.QueryEscape("s3cret-token"), nil, 200, ""},
			{"wrong", "?token=wrong", nil, 401, "token mismatch"},
			{"prefix", "?token=s3cret-toke", nil, 401, "token mismatch"},
			{"longer", "?token=s3cret-tokenX", nil, 401, "token mismatch"},
			{"other case", "?token=S3CRET-TOKEN", nil, 401, "token mismatch"},
			{"missing", "", nil, 401, "missing token"},
			{"empty", "?token=", nil, 401, "missing token"},
			{"other param", "?Token=s3cret-token", nil, 401, "missing token"},
			{"in a header instead", "", func(r *http.Request) { r.Header.Set("token", "s3cret-token") }, 401, "missing token"},
			{"as basic auth instead", "", basic("token", "s3cret-token"), 401, "missing token"},
		}},
		{"query token rotation, custom param", insertsign.QueryToken("k", "old-token", "", "new-token"), []attempt{
			{"old", "?k=old-token", nil, 200, ""},
			{"new", "?k=new-token", nil, 200, ""},
			{"default param name", "?token=new-token", nil, 401, "missing token"},
			{"empty is not a token", "?k=", nil, 401, "missing token"},
		}},
		{"query token default param", insertsign.QueryToken("", "tok"), []attempt{
			{"right", "?token=tok", nil, 200, ""},
		}},
		{"basic auth", insertsign.BasicAuth("insertsign", "p@ss:word"), []attempt{
			{"right", "", basic("insertsign", "p@ss:word"), 200, ""},
			{"wrong password", "", basic("insertsign", "p@ss:wore"), 401, "token mismatch"},
			{"wrong user", "", basic("insertsigN", "p@ss:word"), 401, "token mismatch"},
			{"empty password", "", basic("insertsign", ""), 401, "token mismatch"},
			{"missing", "", nil, 401, "missing token"},
			{"bearer instead", "", func(r *http.Request) { r.Header.Set("Authorization", "Bearer p@ss:word") }, 401, "missing token"},
			{"as query token instead", "?token=p@ss:word", nil, 401, "missing token"},
			{"credentials in the URL", "", func(r *http.Request) {
				// How InsertSign would send them: the endpoint URL carries
				// user:password@ and net/http turns it into a header.
				r.URL.User = url.UserPassword("insertsign", "p@ss:word")
			}, 200, ""},
		}},
		{"basic auth empty user", insertsign.BasicAuth("", "pw"), []attempt{
			{"right", "", basic("", "pw"), 200, ""},
			{"wrong", "", basic("x", "pw"), 401, "token mismatch"},
		}},
		{"unverified", insertsign.Unverified(), []attempt{
			{"no credentials", "", nil, 200, ""},
			{"anything", "?token=whatever", basic("a", "b"), 200, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, tt.guard)
			accepted := 0
			for _, a := range tt.attempts {
				before := len(rc.logged())
				status, respBody := rc.post(t, a.suffix, body, a.edit)
				assert.Equal(t, a.want, status, a.name)
				if a.want == 200 {
					accepted++
				} else {
					assert.Equal(t, "unauthorized\n", respBody, "%s: the 401 body is generic", a.name)
					logged := rc.logged()[before:]
					assert.True(t, strings.Contains(logged, a.reason), "%s: log %q lacks %q", a.name, logged, a.reason)
				}
				assert.Equal(t, accepted, len(rc.received()), "%s: events handed to the application", a.name)
			}
			for _, ev := range rc.received() {
				c, ok := ev.(*insertsign.RequestCompletedEvent)
				require.True(t, ok, "%T", ev)
				assert.Equal(t, requestID, c.RequestID)
				assert.Equal(t, webhook.Completed, c.Lifecycle())
			}
			for _, secret := range []string{"s3cret-token", "old-token", "new-token", "p@ss:word"} {
				assert.True(t, !strings.Contains(rc.logged(), secret), "secret %q in the log", secret)
			}
		})
	}

	// A guard without its secret is a configuration mistake: NewHandler
	// panics naming it, and the provider alone refuses every request.
	for name, tc := range map[string]struct {
		guard  insertsign.Guard
		reason string
	}{
		"query token without token":    {insertsign.QueryToken("token"), `QueryToken("token") needs a non-empty token`},
		"query token with empty token": {insertsign.QueryToken("token", ""), `QueryToken("token") needs a non-empty token`},
		"basic auth without password":  {insertsign.BasicAuth("user", ""), "BasicAuth needs a non-empty password"},
		"zero guard":                   {insertsign.Guard{}, "no guard chosen"},
	} {
		p := insertsign.WebhookProvider(tc.guard)
		req := httptest.NewRequest(http.MethodPost, "/hooks?token=x", strings.NewReader(string(body)))
		req.SetBasicAuth("user", "")
		err := p.VerifyRequest(req, body)
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
		assert.ErrorContains(t, err, tc.reason, name)
		assert.True(t, strings.HasPrefix(err.Error(), "insertsign: ") && !strings.HasPrefix(err.Error(), "insertsign: insertsign:"), "%s: %v", name, err)
		assert.PanicsWithValue(t, "webhook: NewHandler: "+err.Error(), func() { webhook.NewHandler(p) }, name)
	}
}

func TestHandlerDispatchAndRefusals(t *testing.T) {
	guard := insertsign.QueryToken("token", "tok")
	h := webhook.NewHandler(insertsign.WebhookProvider(guard))
	var got []string
	webhook.On(h, func(_ context.Context, ev *insertsign.SignerSignedEvent) error {
		got = append(got, "signed:"+ev.Signing.SignerID)
		return nil
	})
	webhook.On(h, func(_ context.Context, ev *insertsign.EmailBouncedEvent) error {
		got = append(got, "bounced:"+ev.Email.To)
		return errors.New("could not persist")
	})
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		got = append(got, "any:"+ev.Type())
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	send := func(query string, body []byte) int {
		resp, err := srv.Client().Post(srv.URL+query, "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, 200, send("?token=tok", fixture(t, "signer_signed.json")))
	assert.Equal(t, 200, send("?token=tok", []byte(`{"type":"request.viewed","data":{}}`)))
	assert.Equal(t, 400, send("?token=tok", []byte(`{"type":"request.sent","data":"nope"}`)))
	assert.Equal(t, 400, send("?token=tok", []byte(`not json`)))
	assert.Equal(t, 401, send("?token=bad", fixture(t, "signer_signed.json")))
	assert.Equal(t, 500, send("?token=tok", fixture(t, "email_bounced.json")))
	assert.Equal(t, []string{"signed:" + johnID, "any:signer.signed", "any:request.viewed", "bounced:example@gmail.com"}, got)

	resp, err := srv.Client().Get(srv.URL + "?token=tok")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestGuardErrAndVerify(t *testing.T) {
	for _, g := range []insertsign.Guard{insertsign.QueryToken("t", "x"), insertsign.BasicAuth("u", "p"), insertsign.Unverified()} {
		require.NoError(t, g.Err(), g.String())
	}
	for _, g := range []insertsign.Guard{insertsign.QueryToken("t"), insertsign.QueryToken("t", "", ""),
		insertsign.BasicAuth("u", ""), insertsign.BasicAuth("", ""), {}} {
		assert.ErrorIs(t, g.Err(), webhook.ErrNoSecret)
		assert.ErrorIs(t, g.VerifyRequest(httptest.NewRequest("POST", "/?t=", nil), nil), webhook.ErrNoSecret)
		assert.ErrorIs(t, g.Verify(http.Header{}, nil), webhook.ErrNoSecret)
	}

	q := insertsign.QueryToken("t", "x")
	assert.ErrorIs(t, q.VerifyRequest(httptest.NewRequest("POST", "/?t=y", nil), nil), webhook.ErrTokenMismatch)
	assert.ErrorIs(t, q.VerifyRequest(httptest.NewRequest("POST", "/", nil), nil), webhook.ErrMissingToken)
	require.NoError(t, q.VerifyRequest(httptest.NewRequest("POST", "/?t=x", nil), nil))
	assert.ErrorIs(t, q.Verify(http.Header{}, nil), webhook.ErrMissingToken) // needs the URL
	assert.ErrorIs(t, q.VerifyRequest(nil, nil), webhook.ErrMissingToken)
	assert.ErrorIs(t, q.VerifyRequest(&http.Request{}, nil), webhook.ErrMissingToken) // nil URL: no panic

	b := insertsign.BasicAuth("u", "p")
	r := httptest.NewRequest("POST", "/", nil)
	r.SetBasicAuth("u", "p")
	require.NoError(t, b.Verify(r.Header, nil), "basic auth works from the headers alone")
	require.NoError(t, b.VerifyRequest(r, nil))
	r.SetBasicAuth("u", "q")
	assert.ErrorIs(t, b.Verify(r.Header, nil), webhook.ErrTokenMismatch)
	assert.ErrorIs(t, b.Verify(nil, nil), webhook.ErrMissingToken)

	require.NoError(t, insertsign.Unverified().Verify(nil, nil))
	require.NoError(t, insertsign.Unverified().VerifyRequest(&http.Request{}, nil))

	// Guard satisfies both verifier interfaces, so it also plugs into
	// webhook.NewProvider directly.
	var _ webhook.Verifier = insertsign.Guard{}
	var _ webhook.RequestVerifier = insertsign.Guard{}
	assert.Equal(t, "insertsign", insertsign.WebhookProvider(insertsign.Unverified()).Name())
}

func TestGuardNeverPrintsSecrets(t *testing.T) {
	guards := map[string]insertsign.Guard{
		"insertsign.QueryToken(tk)":                insertsign.QueryToken("tk", "TOKEN-AAA", "TOKEN-BBB"),
		"insertsign.BasicAuth":                     insertsign.BasicAuth("USER-CCC", "PASS-DDD"),
		"insertsign.Unverified":                    insertsign.Unverified(),
		"insertsign.BasicAuth(misconfigured)":      insertsign.BasicAuth("USER-CCC", ""),
		"insertsign.QueryToken(tk)(misconfigured)": insertsign.QueryToken("tk"),
		"insertsign.Guard(none)":                   {},
	}
	for want, g := range guards {
		assert.Equal(t, want, g.String())
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(f, g) + fmt.Sprintf(f, &g) + fmt.Sprintf(f, insertsign.WebhookProvider(g))
			for _, secret := range []string{"TOKEN-AAA", "TOKEN-BBB", "PASS-DDD"} {
				assert.True(t, !strings.Contains(out, secret), "%s of %s leaks %s: %s", f, want, secret, out)
			}
		}
		if err := g.Err(); err != nil {
			assert.True(t, !strings.Contains(err.Error(), "USER-CCC"), "error mentions the user: %v", err)
		}
	}
}
