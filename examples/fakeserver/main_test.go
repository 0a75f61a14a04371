package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/zigned"
)

// output is an io.Writer the test reads while run writes.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// serve runs the command for provider on a free port and returns what it
// printed once it is ready, as "label" → value.
func serve(t *testing.T, provider string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &output{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-provider", provider, "-addr", "127.0.0.1:0"}, out) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	line := regexp.MustCompile(`(?m)^  ([a-zA-Z ]+): +(\S+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if s := out.String(); strings.Contains(s, "API base URL") {
			info := map[string]string{}
			for _, m := range line.FindAllStringSubmatch(s, -1) {
				info[m[1]] = m[2]
			}
			return info
		}
		select {
		case err := <-done:
			t.Fatalf("run ended: %v\n%s", err, out.String())
		default:
		}
		require.True(t, time.Now().Before(deadline), "no banner: %s", out.String())
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServesEveryProvider starts the command for each provider and makes
// one authenticated call with the provider's client, with only what the
// command printed.
func TestServesEveryProvider(t *testing.T) {
	ctx := context.Background()
	t.Run("blueink", func(t *testing.T) {
		info := serve(t, "blueink")
		c, err := blueink.NewClient(info["API key"], blueink.WithBaseURL(info["API base URL"]))
		require.NoError(t, err)
		_, _, err = c.Persons.List(ctx, nil)
		require.NoError(t, err)
		bad, err := blueink.NewClient("wrong-key", blueink.WithBaseURL(info["API base URL"]))
		require.NoError(t, err)
		_, _, err = bad.Persons.List(ctx, nil)
		assert.ErrorIs(t, err, blueink.ErrUnauthorized)

		// Served natively: file links and the lifecycle endpoint are on the
		// printed address.
		b, _, err := c.Bundles.Create(ctx, &blueink.BundleRequest{
			Packets:   []blueink.PacketRequest{{Key: "signer-1", Name: "Ann", Email: "ann@example.com"}},
			Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "doc", FileURL: "https://example.com/c.pdf"}}})
		require.NoError(t, err)
		root := strings.TrimSuffix(info["API base URL"], "/api/v2/")
		resp, err := http.Post(root+"/_fakeserver/steps/complete", "application/json", strings.NewReader(`{"envelope":"`+b.ID+`"}`))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
		files, _, err := c.Bundles.ListFiles(ctx, b.ID)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(files[0].FileURL, root+"/files/"), files[0].FileURL)
	})
	t.Run("zigned", func(t *testing.T) {
		info := serve(t, "zigned")
		c, err := zigned.NewClient(info["client ID"], info["client secret"],
			zigned.WithBaseURL(info["API base URL"]), zigned.WithTokenURL(info["token URL"]))
		require.NoError(t, err)
		a, _, err := c.Agreements.Create(ctx, nil)
		require.NoError(t, err)

		// The lifecycle endpoint plays the steps without credentials.
		root := strings.TrimSuffix(info["API base URL"], zignedtestAPIPath)
		resp, err := http.Post(root+"/_fakeserver/steps/cancel", "application/json",
			strings.NewReader(`{"envelope":"`+a.ID+`"}`))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
		a, _, err = c.Agreements.Get(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, zigned.AgreementStatusCancelled, a.Status)
	})
	t.Run("signeasy", func(t *testing.T) {
		info := serve(t, "signeasy")
		c, err := signeasy.NewClientWithCredentials(info["client ID"], info["client secret"],
			signeasy.WithBaseURL(info["API base URL"]), signeasy.WithTokenURL(info["token URL"]))
		require.NoError(t, err)
		o, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "nda.pdf",
			Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("%PDF-1.4")), nil }})
		require.NoError(t, err)
		e, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{Sources: []signeasy.Source{{ID: o.ID, Type: signeasy.SourceOriginal}},
			Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, Email: "ada@example.com"}}})
		require.NoError(t, err)

		// The lifecycle endpoint plays the signers without credentials.
		root := strings.TrimSuffix(info["API base URL"], "/v3")
		resp, err := http.Post(root+"/_fakeserver/steps/sign", "application/json",
			strings.NewReader(fmt.Sprintf(`{"envelope": "%d", "signer": "ada@example.com"}`, e.ID)))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
		e, _, err = c.Envelopes.Get(ctx, e.ID)
		require.NoError(t, err)
		assert.Equal(t, signeasy.EnvelopeComplete, e.Status)
		static, err := signeasy.NewClientWithToken(info["access token"], signeasy.WithBaseURL(info["API base URL"]))
		require.NoError(t, err)
		cbs, _, err := static.Callbacks.List(ctx)
		require.NoError(t, err)
		assert.Empty(t, cbs)
	})
	t.Run("legacyv1", func(t *testing.T) {
		info := serve(t, "legacyv1")
		c, err := legacyv1.NewClient(info["username"], info["secret"], legacyv1.WithBaseURL(info["API base URL"]))
		require.NoError(t, err)
		d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: info["group"], Name: "NDA", Text: "<p>Terms</p>",
			Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Bloggs", Email: "joe@example.com"}}})
		require.NoError(t, err)

		// The lifecycle endpoint plays the signers; the certificate is served.
		root := strings.TrimSuffix(info["API base URL"], "/api/v1")
		resp, err := http.Post(root+"/_fakeserver/steps/complete", "application/json", strings.NewReader(`{"envelope":"`+d.ID+`"}`))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
		st, _, err := c.Status.Get(ctx, d.ID)
		require.NoError(t, err)
		assert.Equal(t, legacyv1.DocumentSigned, st.Status)
		resp, err = http.Get(info["certificate"])
		require.NoError(t, err)
		pem, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Contains(t, string(pem), "-----BEGIN CERTIFICATE-----")
	})
}

const zignedtestAPIPath = "/rest/v3"

func TestRefusesUnknownProviderAndBusyAddress(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-provider", "docusign"}, &out)
	assert.EqualError(t, err, `-provider must be one of blueink, legacyv1, signeasy, zigned, not "docusign"`)

	info := serve(t, "zigned")
	addr := strings.TrimPrefix(strings.TrimSuffix(info["API base URL"], zignedtestAPIPath), "http://")
	err = run(context.Background(), []string{"-provider", "zigned", "-addr", addr}, &out)
	assert.ErrorContains(t, err, "address already in use")

	err = run(context.Background(), []string{"-nope"}, &out)
	assert.Error(t, err)
	assert.Contains(t, out.String(), "-provider string")
}

// The banner lists what a client needs, for each provider.
func TestBanner(t *testing.T) {
	for provider, want := range map[string][]string{
		"blueink":  {"API base URL", "API key", "lifecycle"},
		"zigned":   {"API base URL", "token URL", "client ID", "client secret", "lifecycle"},
		"signeasy": {"API base URL", "token URL", "client ID", "client secret", "access token", "callbacks URL", "lifecycle"},
		"legacyv1": {"API base URL", "username", "secret", "group", "HMAC secret", "certificate", "lifecycle"},
	} {
		info := serve(t, provider)
		for _, label := range want {
			assert.NotEmpty(t, info[label], "%s: %s", provider, label)
		}
		assert.Len(t, info, len(want), provider)
		b, _ := json.Marshal(info)
		assert.Contains(t, string(b), "http://127.0.0.1:", provider)
	}
}
