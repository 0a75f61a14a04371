package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func noEnv(string) string { return "" }

// TestRunOnTheFake runs the program's main logic as `go run` does without
// an API key and checks every step of its log.
func TestRunOnTheFake(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(testCtx(t), &out, noEnv))
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")

	slug := `[A-Za-z0-9]{10}`
	want := []string{
		`^esign quickstart: BLUEINK_PRIVATE_API_KEY is not set, so this runs on an in-process fake BlueInk \(blueinktest\)\.$`,
		`^\[1\] started the fake BlueInk API in-process and a blueink.Client for it$`,
		`^\[2\] registered webhook [0-9a-f-]{36} for 12 event types; deliveries are verified with the shared secret \(32 characters, not shown\)$`,
		`^\[3\] generated a one-page PDF \(\d+ bytes\)$`,
		`^\[4\] created draft bundle (` + slug + `) by multipart upload: "Quickstart NDA", 2 signers, document nda.pdf \(status dr\)$`,
		`^\[5\] sent bundle ` + slug + ` \(status se\)$`,
		`^    <- webhook bundle_sent       signature verified, bundle ` + slug + `, lifecycle sent$`,
		`^\[6\] listed bundles with status=se and search=quickstart through the iterator: 1 found: ` + slug + ` "Quickstart NDA"$`,
		`^\[7\] Peter Gibbons \(packet ` + slug + `\) opened and signed the bundle$`,
		`^    <- webhook packet_viewed     signature verified, packet ` + slug + `, lifecycle viewed$`,
		`^    <- webhook packet_complete   signature verified, packet ` + slug + `, lifecycle signed$`,
		`^\[8\] Samir Nagheenanajar \(packet ` + slug + `\) opened and signed the bundle$`,
		`^    <- webhook packet_viewed     signature verified, packet ` + slug + `, lifecycle viewed$`,
		`^    <- webhook packet_complete   signature verified, packet ` + slug + `, lifecycle signed$`,
		`^    <- webhook bundle_complete   signature verified, bundle ` + slug + `, lifecycle completed$`,
		`^    <- webhook bundle_docs_ready signature verified, bundle ` + slug + `, lifecycle other$`,
		`^\[9\] bundle ` + slug + ` is co \(docs ready: true\); downloaded the signed PDF \(\d+ bytes, starts with "%PDF-"\); POST /verify/ says verified=true$`,
		`^\[10\] field data \(3 values\):$`,
		`^    nda.company = "Initech", filled by signer-1 \(Peter Gibbons\)$`,
		`^    nda.sig-1 = "Peter Gibbons", filled by signer-1 \(Peter Gibbons\)$`,
		`^    nda.sig-2 = "Samir Nagheenanajar", filled by signer-2 \(Samir Nagheenanajar\)$`,
		`^\[11\] certificates of evidence:$`,
		`^    Peter Gibbons: \d+ bytes, sha256 [0-9a-f]{12}…, checksum matches$`,
		`^    Samir Nagheenanajar: \d+ bytes, sha256 [0-9a-f]{12}…, checksum matches$`,
		`^\[12\] 7 webhooks received and verified; BlueInk's delivery log shows 7 deliveries, 7 answered 200$`,
		`^done\.$`,
	}
	require.Len(t, lines, len(want), "output:\n%s", out.String())
	for i, re := range want {
		assert.Regexp(t, regexp.MustCompile(re), lines[i], "line %d", i+1)
	}
	// The same bundle throughout.
	created := regexp.MustCompile(want[4]).FindStringSubmatch(lines[4])[1]
	for _, i := range []int{5, 6, 7, 14, 15, 16} {
		assert.Contains(t, lines[i], created, "line %d", i+1)
	}
}

// TestRunLiveIsReadOnly points the API-key mode at a fake server: the
// program lists what exists, sends only GET requests and never prints the
// secret.
func TestRunLiveIsReadOnly(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := testCtx(t)
	var slugs []string
	for i := range 7 {
		b, _, err := c.Bundles.Create(ctx, &blueink.BundleRequest{
			Label:     "Contract " + strconv.Itoa(i),
			Packets:   []blueink.PacketRequest{{Key: "signer-1", Name: "Ann", Email: "ann@example.com"}},
			Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "doc", FileURL: "https://example.com/c.pdf"}},
		})
		require.NoError(t, err)
		slugs = append(slugs, b.ID)
	}
	_, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "test hook", URL: "https://example.com/hooks", EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleComplete}})
	require.NoError(t, err)
	srv.ResetRequests()

	env := map[string]string{blueink.EnvAPIKey: srv.APIKey(), blueink.EnvAPIURL: srv.URL()}
	var out bytes.Buffer
	require.NoError(t, run(ctx, &out, func(k string) string { return env[k] }))
	text := out.String()

	assert.Contains(t, text, "read-only tour of the BlueInk API at "+srv.URL())
	assert.Contains(t, text, "[1] bundles, newest first (at most 5): 5\n")
	for _, s := range slugs[2:] {
		assert.Contains(t, text, s)
	}
	assert.NotContains(t, text, slugs[0], "only the newest five")
	assert.Contains(t, text, `"Contract 6"`)
	assert.Contains(t, text, "[2] webhooks: 1\n")
	assert.Contains(t, text, "https://example.com/hooks  enabled=true  1 event types")
	assert.Contains(t, text, "[3] webhook shared secret: present (created ")
	assert.NotContains(t, text, srv.WebhookSecret())
	assert.True(t, strings.HasSuffix(text, "done.\n"))

	for _, r := range srv.Requests() {
		assert.Equal(t, "GET", r.Method, "%s %s", r.Method, r.Path)
	}
	assert.Len(t, srv.Requests(), 3, "one page of bundles, one of webhooks, the secret")
}

func TestRunLiveWithoutSecret(t *testing.T) {
	srv := blueinktest.NewServer(t, blueinktest.WithWebhookSecret(""))
	env := map[string]string{blueink.EnvAPIKey: srv.APIKey(), blueink.EnvAPIURL: srv.URL()}
	var out bytes.Buffer
	require.NoError(t, run(testCtx(t), &out, func(k string) string { return env[k] }))
	assert.Contains(t, out.String(), "[1] bundles, newest first (at most 5): 0\n")
	assert.Contains(t, out.String(), "[3] webhook shared secret: not generated yet\n")
}

func TestRunLiveWithAWrongKey(t *testing.T) {
	srv := blueinktest.NewServer(t)
	env := map[string]string{blueink.EnvAPIKey: "wrong-key-123", blueink.EnvAPIURL: srv.URL()}
	var out bytes.Buffer
	err := run(testCtx(t), &out, func(k string) string { return env[k] })
	assert.ErrorIs(t, err, blueink.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-key-123")
}
