package blueinktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// rawResponse is an answer to a hand-made request.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r rawResponse) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), "body: %s", r.Body)
	return m
}

// raw sends a request with the server's API key (unless header overrides
// Authorization) to a path relative to the API base.
func raw(t *testing.T, srv *blueinktest.Server, method, path, contentType string, body []byte, header ...string) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Token "+srv.APIKey())
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func rawJSON(t *testing.T, srv *blueinktest.Server, method, path string, body any) rawResponse {
	t.Helper()
	var b []byte
	switch v := body.(type) {
	case nil:
	case string:
		b = []byte(v)
	default:
		var err error
		b, err = json.Marshal(v)
		require.NoError(t, err)
	}
	return raw(t, srv, method, path, "application/json", b)
}

// receiver is a webhook endpoint built the way an application builds one:
// a webhook.Handler verifying with the server's current shared secret.
type receiver struct {
	URL    string
	mu     sync.Mutex
	events []webhook.Event
	status int // answer when non-zero (instead of the handler's)
}

func newReceiver(t *testing.T, srv *blueinktest.Server, opts ...webhook.Option) *receiver {
	t.Helper()
	r := &receiver{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		forced := r.status
		r.mu.Unlock()
		if forced != 0 {
			w.WriteHeader(forced)
			return
		}
		secret := srv.WebhookSecret()
		if secret == "" { // a server that signs nothing; the receiver still has a secret
			secret = "receiver-side-secret"
		}
		h := webhook.NewHandler(blueink.WebhookProvider(secret, opts...))
		h.OnAny(func(_ context.Context, ev webhook.Event) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.events = append(r.events, ev)
			return nil
		})
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(hs.Close)
	r.URL = hs.URL
	return r
}

func (r *receiver) Events() []webhook.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]webhook.Event(nil), r.events...)
}

func (r *receiver) Types() []string {
	var out []string
	for _, ev := range r.Events() {
		out = append(out, ev.Type())
	}
	return out
}

func (r *receiver) answer(status int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status = status
}

// allEventTypes subscribes a webhook to everything.
func allEventTypes() []blueink.WebhookEventType {
	var out []blueink.WebhookEventType
	for _, t := range blueink.EventTypes() {
		out = append(out, blueink.WebhookEventType(t))
	}
	return out
}

func subscribe(t *testing.T, c *blueink.Client, url string, types ...blueink.WebhookEventType) *blueink.Webhook {
	t.Helper()
	if len(types) == 0 {
		types = allEventTypes()
	}
	wh, _, err := c.Webhooks.Create(ctxT(t), &blueink.WebhookRequest{Name: "test hook", URL: url, EventTypes: types})
	require.NoError(t, err)
	return wh
}

func ptr[T any](v T) *T { return &v }

// nda builds a two-signer bundle uploading a generated PDF.
func nda() *blueink.BundleBuilder {
	return blueink.NewBundleBuilder().
		Label("NDA").Test(true).CustomKey("nda-1").
		Requester("Bill Lumbergh", "tps.reports@example.com").
		Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
		Signer(blueink.PacketRequest{Key: "signer-2", Name: "Samir Nagheenanajar", Email: "samir@example.com"}).
		DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "application/pdf", blueinktest.PDF("Mutual NDA"))).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-1", Page: 1, X: 10, Y: 70, W: 30, H: 8, Editors: []string{"signer-1"}}).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldSignature, Key: "sig-2", Page: 1, X: 50, Y: 70, W: 30, H: 8, Editors: []string{"signer-2"}}).
		Field("nda", blueink.DocumentRequestField{Kind: blueink.FieldInput, Key: "company", Label: "Company", Page: 1, X: 10, Y: 60, W: 30, H: 3, Editors: []string{"signer-1"}})
}

// simpleRequest is a valid one-signer JSON request with a document URL.
func simpleRequest(label string) *blueink.BundleRequest {
	return &blueink.BundleRequest{
		Label:     label,
		IsTest:    true,
		Packets:   []blueink.PacketRequest{{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}},
		Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "w9", FileURL: "https://www.irs.gov/pub/irs-pdf/fw9.pdf"}},
	}
}

func download(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// webhookClock makes a receiver verify timestamps against the test clock.
func webhookClock(c *clock) webhook.Option { return webhook.WithClock(c.Now) }
