package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

// syncBuffer is a bytes.Buffer safe for the handlers' concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noEnv(string) string { return "" }

// TestRunDemo runs the program as `go run` does without configuration.
func TestRunDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out syncBuffer
	require.NoError(t, run(ctx, &out, noEnv))
	got := out.String()
	summary := got[strings.Index(got, "\nSummary\n"):]
	for _, want := range []string{
		"blueink    4 events, 1 completed",
		"zigned     4 events, 1 completed",
		"signeasy   4 events, 1 completed",
		"insertsign 3 events, 1 completed",
		"legacyv1   2 events, 1 completed",
		"event     agreement.lifecycle.finalized (completed)",
		"typed     BundleCompleteEvent ",
		"download  (download logged only)",
	} {
		assert.Contains(t, summary, want)
	}
	assert.Equal(t, 4, strings.Count(summary, " bytes\n"), "one real download per provider with an API:\n%s", summary)
	// The structured log: one line per verified event, none refused.
	assert.Contains(t, got, `level=INFO msg=event provider=zigned type=agreement.lifecycle.finalized`)
	assert.NotContains(t, got, "verification failed")
	assert.NotContains(t, got, "level=ERROR")
}

// startFlow runs the whole demo flow in a test and returns the demo (its
// servers closed at the end of the test) and its log.
func startFlow(t *testing.T) (*demo, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	logs := &syncBuffer{}
	d, err := startDemo(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	require.NoError(t, err)
	t.Cleanup(d.Close)
	require.NoError(t, d.register(ctx))
	require.NoError(t, d.drive(ctx))
	require.NoError(t, d.rcv.waitCompleted(ctx))
	return d, logs
}

// post delivers body with header to one provider's hook and returns the
// status.
func post(t *testing.T, url string, body []byte, header http.Header) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func TestEndToEnd(t *testing.T) {
	d, logs := startFlow(t)
	ctx := context.Background()

	// Every provider's Completed event arrived, verified (a refused
	// delivery never reaches the handlers), and its files were fetched.
	for _, name := range providers {
		s := d.rcv.snapshot(name)
		require.Len(t, s.Completed, 1, name)
		require.Len(t, s.Downloads, 1, name)
		if name != pInsertSign {
			assert.Regexp(t, `, [1-9][0-9]* bytes$`, s.Downloads[0], name)
		}
	}
	assert.NotContains(t, logs.String(), "verification failed")

	// The fakes saw every delivery answered 200.
	for _, dl := range d.blueInk.Deliveries() {
		assert.Equal(t, http.StatusOK, dl.Status, "blueink %s", dl.Event)
	}
	for _, dl := range d.zigned.Deliveries() {
		assert.Equal(t, http.StatusOK, dl.Status, "zigned %s", dl.Event)
	}
	for _, dl := range d.signeasy.Deliveries() {
		assert.Equal(t, http.StatusOK, dl.Status, "signeasy %s", dl.Event)
	}

	// The typed handler saw BlueInk's bundle_complete.
	bi := d.rcv.snapshot(pBlueInk)
	require.Len(t, bi.Typed, 1)
	assert.Contains(t, bi.Downloads[0], "bundle "+bi.Typed[0]+":")

	// Signed deliveries to replay and tamper with.
	type delivery struct {
		name   string
		body   []byte
		header http.Header
		forged func() ([]byte, http.Header) // a tampered copy
	}
	var all []delivery
	for _, dl := range d.blueInk.Deliveries() {
		if dl.Event == blueink.EventBundleComplete {
			all = append(all, delivery{name: pBlueInk, body: dl.Body, header: dl.Header})
		}
	}
	for _, dl := range d.zigned.Deliveries() {
		if dl.Event == zigned.EventAgreementLifecycleFinalized {
			all = append(all, delivery{name: pZigned, body: dl.Body, header: dl.Header})
		}
	}
	for _, dl := range d.signeasy.Deliveries() {
		if dl.Event == signeasy.EventCompleted {
			body := dl.Body
			all = append(all, delivery{
				name: pSigneasy, body: body, header: webhooktest.Header("Content-Type", "application/json"),
				// The token is the only proof: a delivery with another one is forged.
				forged: func() ([]byte, http.Header) {
					require.Contains(t, string(body), d.sec.signeasy)
					return bytes.ReplaceAll(body, []byte(d.sec.signeasy), []byte(strings.Repeat("x", len(d.sec.signeasy)))),
						webhooktest.Header("Content-Type", "application/json")
				},
			})
		}
	}
	signer, err := d.legacy.Signer()
	require.NoError(t, err)
	docs, _, err := d.legacyClient.Documents.List(context.Background(), &legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup})
	require.NoError(t, err)
	docID := docs[0].UUID
	body, header, err := signer.SignBatch([]legacyv1test.Change{
		legacyv1test.DocumentStatusChange(docID, legacyv1.DocumentSigned, time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)),
	})
	require.NoError(t, err)
	// A batch the receiver has not seen yet: processed once, then a duplicate.
	require.Equal(t, http.StatusOK, post(t, d.hookURL(pLegacyV1), body, header))
	require.Len(t, d.rcv.snapshot(pLegacyV1).Completed, 2)
	all = append(all, delivery{name: pLegacyV1, body: body, header: header})
	require.Len(t, all, 4, "one signed Completed delivery per provider with an API")

	for _, dv := range all {
		t.Run(dv.name, func(t *testing.T) {
			before := d.rcv.snapshot(dv.name)

			// A duplicate delivery (a provider retry) answers 200 and
			// dispatches nothing.
			assert.Equal(t, http.StatusOK, post(t, d.hookURL(dv.name), dv.body, dv.header))
			assert.Equal(t, before, d.rcv.snapshot(dv.name), "duplicate was dispatched")

			// A tampered delivery is refused.
			forged, fh := webhooktest.Tamper(dv.body), dv.header
			if dv.forged != nil {
				forged, fh = dv.forged()
			}
			assert.Equal(t, http.StatusUnauthorized, post(t, d.hookURL(dv.name), forged, fh))
			assert.Equal(t, before, d.rcv.snapshot(dv.name), "forged delivery was dispatched")
		})
	}
	assert.Equal(t, 4, strings.Count(logs.String(), `msg="webhook: duplicate delivery"`), logs.String())
	assert.Equal(t, 4, strings.Count(logs.String(), `msg="webhook: verification failed"`))

	// InsertSign signs nothing: the URL's token is the guard.
	t.Run(pInsertSign, func(t *testing.T) {
		before := d.rcv.snapshot(pInsertSign)
		completed := insertsigntest.RequestCompleted(insertsigntest.WithTitle("MSA"))
		var se *insertsigntest.StatusError
		_, err := insertsigntest.Send(ctx, d.hookURL(pInsertSign), completed,
			insertsigntest.WithQueryToken(insertSignTokenParam, "wrong-"+d.sec.insertSign))
		require.True(t, errors.As(err, &se), "%v", err)
		_, err = insertsigntest.Send(ctx, d.hookURL(pInsertSign), completed)
		require.True(t, errors.As(err, &se), "%v", err)
		assert.Equal(t, before, d.rcv.snapshot(pInsertSign))
		assert.Equal(t, 6, strings.Count(logs.String(), `msg="webhook: verification failed"`))
		// InsertSign sends no event id (ID() is ""), so the handler cannot
		// deduplicate its deliveries: a replay is dispatched again and the
		// application must be idempotent itself (here, per request id).
	})
}

// TestServeMode: with a secret configured the program only serves;
// providers without a secret are not mounted, and it says why.
func TestServeMode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	env := map[string]string{envInsertSignTok: "s3cret-token", envAddr: "127.0.0.1:0"}
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, &out, func(k string) string { return env[k] }) }()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "listening") }, 3*time.Second, 5*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	got := out.String()
	assert.Contains(t, got, `msg="blueink is not mounted: its deliveries will be answered 404" reason="blueink: no webhook secret`)
	assert.Contains(t, got, `msg="legacyv1 is not mounted`)
	assert.NotContains(t, got, "insertsign is not mounted")
	assert.NotContains(t, got, "s3cret-token")
}

func TestSecretsFromEnvMissingCert(t *testing.T) {
	_, configured, err := secretsFromEnv(func(k string) string {
		if k == envLegalesignCert {
			return "/nonexistent/cert.pem"
		}
		return ""
	})
	assert.True(t, configured)
	assert.ErrorContains(t, err, envLegalesignCert)
}
