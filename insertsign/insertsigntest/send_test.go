package insertsigntest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/webhook"
)

type recorded struct {
	method, path, rawQuery, contentType, auth string
	body                                      []byte
}

// recorder answers status to every request and records it.
func recorder(t *testing.T, status int, answer string) (*httptest.Server, func() []recorded) {
	t.Helper()
	var mu sync.Mutex
	var reqs []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), b})
		mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []recorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]recorded(nil), reqs...)
	}
}

func TestSendWire(t *testing.T) {
	srv, got := recorder(t, 200, "ok")
	ctx := context.Background()
	body := insertsigntest.RequestCompleted()

	status, err := insertsigntest.Send(ctx, srv.URL+"/hooks/insertsign", body)
	require.NoError(t, err)
	assert.Equal(t, 200, status)
	status, err = insertsigntest.Send(ctx, srv.URL+"/hooks/insertsign?tenant=a b&x=1", body,
		insertsigntest.WithQueryToken("", "tok&en=1"))
	require.NoError(t, err)
	assert.Equal(t, 200, status)
	_, err = insertsigntest.Send(ctx, srv.URL+"/h?k=old", body, insertsigntest.WithQueryToken("k", "new"))
	require.NoError(t, err)
	_, err = insertsigntest.Send(ctx, srv.URL+"/h", body, insertsigntest.WithBasicAuth("insertsign", "pw:1"))
	require.NoError(t, err)
	u, _ := url.Parse(srv.URL + "/h")
	u.User = url.UserPassword("us er", "p@ss")
	_, err = insertsigntest.Send(ctx, u.String(), body)
	require.NoError(t, err)

	reqs := got()
	require.True(t, len(reqs) == 5, "%d requests", len(reqs))
	for _, r := range reqs {
		assert.Equal(t, http.MethodPost, r.method)
		assert.Equal(t, "application/json", r.contentType)
		assert.Equal(t, string(body), string(r.body), "the body is sent unchanged")
	}
	assert.Equal(t, "/hooks/insertsign", reqs[0].path)
	assert.Equal(t, "", reqs[0].rawQuery)
	assert.Equal(t, "", reqs[0].auth)
	q, _ := url.ParseQuery(reqs[1].rawQuery)
	assert.Equal(t, url.Values{"tenant": {"a b"}, "x": {"1"}, "token": {"tok&en=1"}}, q, "token added, other parameters kept")
	assert.Equal(t, "k=new", reqs[2].rawQuery, "the token replaces a stale one")
	assert.Equal(t, "Basic aW5zZXJ0c2lnbjpwdzox", reqs[3].auth) // insertsign:pw:1
	assert.Equal(t, "Basic dXMgZXI6cEBzcw==", reqs[4].auth)     // "us er:p@ss" from the URL
}

func TestSendFailures(t *testing.T) {
	ctx := context.Background()
	body := insertsigntest.EmailBounced()

	srv, _ := recorder(t, 401, "unauthorized\n")
	status, err := insertsigntest.Send(ctx, srv.URL, body)
	assert.Equal(t, 401, status)
	var se *insertsigntest.StatusError
	require.True(t, errors.As(err, &se), "%v", err)
	assert.Equal(t, 401, se.StatusCode)
	assert.Equal(t, "unauthorized\n", se.Body)
	assert.True(t, strings.Contains(err.Error(), "401"), err.Error())

	// 204 is not 200: InsertSign documents 200.
	srv204, _ := recorder(t, 204, "")
	status, err = insertsigntest.Send(ctx, srv204.URL, body)
	assert.Equal(t, 204, status)
	require.True(t, errors.As(err, &se), "%v", err)

	// Long answers are cut to 1 KiB.
	srvLong, _ := recorder(t, 500, strings.Repeat("x", 5000))
	_, err = insertsigntest.Send(ctx, srvLong.URL, body)
	require.True(t, errors.As(err, &se), "%v", err)
	assert.Equal(t, 1024, len(se.Body))

	// Redirects are not followed by default.
	redir := httptest.NewServer(http.RedirectHandler(srv.URL, http.StatusFound))
	defer redir.Close()
	status, err = insertsigntest.Send(ctx, redir.URL, body)
	assert.Equal(t, http.StatusFound, status)
	require.True(t, errors.As(err, &se), "%v", err)

	// Transport failures and bad URLs: status 0, secrets kept out of the error.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	u, _ := url.Parse(deadURL + "/h")
	u.User = url.UserPassword("user", "URLPASS")
	status, err = insertsigntest.Send(ctx, u.String()+"?token=QUERYTOKEN", body, insertsigntest.WithQueryToken("t", "OPTTOKEN"))
	assert.Equal(t, 0, status)
	require.Error(t, err)
	for _, secret := range []string{"URLPASS", "QUERYTOKEN", "OPTTOKEN"} {
		assert.True(t, !strings.Contains(err.Error(), secret), "error leaks %s: %v", secret, err)
	}
	for _, bad := range []string{"", "::", "ftp://example.com/h", "/relative"} {
		status, err = insertsigntest.Send(ctx, bad, body)
		assert.Equal(t, 0, status, bad)
		require.Error(t, err, bad)
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	status, err = insertsigntest.Send(cctx, srv.URL, body)
	assert.Equal(t, 0, status)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSendWithHTTPClientTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	_, err := insertsigntest.Send(context.Background(), srv.URL, insertsigntest.RequestSent())
	require.Error(t, err, "the default client does not trust the test certificate")
	status, err := insertsigntest.Send(context.Background(), srv.URL, insertsigntest.RequestSent(),
		insertsigntest.WithHTTPClient(srv.Client()), insertsigntest.WithHTTPClient(nil))
	require.NoError(t, err)
	assert.Equal(t, 200, status)
}

// Every delivery, sent with each guard's secret, reaches the application as
// its typed event; without the secret none does.
func TestSendToWebhookHandler(t *testing.T) {
	cases := []struct {
		name  string
		guard insertsign.Guard
		right []insertsigntest.SendOption
		wrong []insertsigntest.SendOption
	}{
		{"query token", insertsign.QueryToken("token", "s3cret"),
			[]insertsigntest.SendOption{insertsigntest.WithQueryToken("token", "s3cret")},
			[]insertsigntest.SendOption{insertsigntest.WithQueryToken("token", "guess")}},
		{"basic auth", insertsign.BasicAuth("insertsign", "pw"),
			[]insertsigntest.SendOption{insertsigntest.WithBasicAuth("insertsign", "pw")},
			[]insertsigntest.SendOption{insertsigntest.WithBasicAuth("insertsign", "pW")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := webhook.NewHandler(insertsign.WebhookProvider(c.guard))
			var got []string
			h.OnAny(func(_ context.Context, ev webhook.Event) error {
				got = append(got, ev.Type())
				return nil
			})
			srv := httptest.NewServer(h)
			defer srv.Close()
			var want []string
			for _, d := range insertsigntest.All() {
				status, err := insertsigntest.Send(context.Background(), srv.URL, d.Body, c.wrong...)
				assert.Equal(t, 401, status, d.Type)
				require.Error(t, err)
				status, err = insertsigntest.Send(context.Background(), srv.URL, d.Body)
				assert.Equal(t, 401, status, d.Type)
				require.Error(t, err)
				status, err = insertsigntest.Send(context.Background(), srv.URL, d.Body, c.right...)
				require.NoError(t, err, d.Type)
				assert.Equal(t, 200, status)
				want = append(want, d.Type)
			}
			assert.Equal(t, want, got)
		})
	}
}
