package readme

// The README's claims that are not Go blocks, checked against behaviour:
// each test quotes the sentences it checks.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/webhook"
)

// TestClaimWebhookHandler: "The handler answers 405 to anything but POST,
// 413 over 1 MiB, 401 when verification fails, 400 when the body does not
// decode, 500 when your handler fails (so the provider retries) and 200
// otherwise. With dedupe, an event already handled is answered 200 without
// running your handlers again, and a retry that arrives while another
// attempt [...] still holds the event gets 409 [...]. Unknown event types
// decode to an UnknownEvent, never an error."
func TestClaimWebhookHandler(t *testing.T) {
	const secret = "readme-claims-webhook-secret"
	srv := blueinktest.NewServer(t, blueinktest.WithWebhookSecret(secret))
	event := func(id, typ string) []byte {
		return fmt.Appendf(nil, `{"event_id":%q,"event_type":%q,"event_date":%q,"account_id":%q,"payload":{"bundle_id":"B1"}}`,
			id, typ, srv.Now().UTC().Format(time.RFC3339), blueinktest.AccountID)
	}
	request := func(method string, body []byte, header http.Header) *http.Request {
		r := httptest.NewRequest(method, "/hooks/blueink", bytes.NewReader(body))
		for k, v := range header {
			r.Header[k] = v
		}
		return r
	}
	signed := func(body []byte) *http.Request {
		return request(http.MethodPost, body, srv.SignatureHeaders(body))
	}

	var mu sync.Mutex
	runs := map[string]int{} // handler runs by event id
	failOnce := map[string]bool{"e-fail": true}
	entered, release := make(chan struct{}), make(chan struct{})
	var unknown webhook.Event
	h := webhook.NewHandler(blueink.WebhookProvider(secret), webhook.WithDedupe(nil, 0),
		webhook.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error {
		if ev.ID() == "e-slow" {
			entered <- struct{}{}
			<-release
		}
		mu.Lock()
		defer mu.Unlock()
		runs[ev.ID()]++
		if failOnce[ev.ID()] {
			failOnce[ev.ID()] = false
			return errors.New("the handler failed")
		}
		return nil
	})
	h.OnAny(func(_ context.Context, ev webhook.Event) error {
		if _, ok := ev.(*blueink.UnknownEvent); ok {
			unknown = ev
		}
		return nil
	})
	serve := func(r *http.Request) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	check := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s: answered %d, want %d", what, got, want)
		}
	}

	ok := event("e-ok", "bundle_complete")
	check("GET", serve(request(http.MethodGet, nil, nil)), http.StatusMethodNotAllowed)
	check("PUT, signed", serve(request(http.MethodPut, ok, srv.SignatureHeaders(ok))), http.StatusMethodNotAllowed)
	big := append(event("e-big", "bundle_complete"), bytes.Repeat([]byte(" "), 1<<20)...)
	check("a signed body over 1 MiB", serve(signed(big)), http.StatusRequestEntityTooLarge)
	check("another body's signature", serve(request(http.MethodPost, ok, srv.SignatureHeaders(event("e-other", "bundle_complete")))), http.StatusUnauthorized)
	check("no signature", serve(request(http.MethodPost, ok, nil)), http.StatusUnauthorized)
	check("a signed body that is not JSON", serve(signed([]byte("not json"))), http.StatusBadRequest)

	check("the handler fails", serve(signed(event("e-fail", "bundle_complete"))), http.StatusInternalServerError)
	check("the provider retries", serve(signed(event("e-fail", "bundle_complete"))), http.StatusOK)
	check("a new event", serve(signed(ok)), http.StatusOK)
	check("the same event again", serve(signed(ok)), http.StatusOK)
	mu.Lock()
	if runs["e-fail"] != 2 || runs["e-ok"] != 1 {
		t.Errorf("handler runs: %v, want e-fail twice (failed, retried) and e-ok once (duplicate not run)", runs)
	}
	mu.Unlock()

	first := make(chan int)
	go func() { first <- serve(signed(event("e-slow", "bundle_complete"))) }()
	<-entered
	check("a retry while the first attempt runs", serve(signed(event("e-slow", "bundle_complete"))), http.StatusConflict)
	close(release)
	check("the first attempt", <-first, http.StatusOK)

	check("an unknown event type", serve(signed(event("e-new", "bundle_from_the_future"))), http.StatusOK)
	if unknown == nil || unknown.Type() != "bundle_from_the_future" {
		t.Errorf("unknown event type: handlers got %v, want a *blueink.UnknownEvent", unknown)
	}
}

// TestClaimRetries checks "Retries, idempotency and timeouts" through the
// BlueInk client and its fake:
//   - "429 is retried for every method, honouring Retry-After [...]; the
//     default budget is 5 retries." (The cap on Retry-After is
//     internal/rest's to test.)
//   - "408, 5xx (not 501) and connections lost after the request was sent
//     are retried only for idempotent methods [...] a POST is never
//     repeated on a 5xx: the error matches ErrServer and ErrOutcomeUnknown
//     and says the request may have been processed"
//   - "A create that fails ambiguously [...] looks the object up by its
//     key: [...] not found, the create is sent again"
//   - "WithMaxRetries(n) (0 disables)"
//   - "a cancelled context also ends a backoff sleep at once"
func TestClaimRetries(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client() // millisecond retry waits
	ctx := context.Background()
	create := func(ctx context.Context, c *blueink.Client) (*blueink.Bundle, error) {
		b, _, err := blueink.NewBundleBuilder().Label("claims").Draft().
			Signer(blueink.PacketRequest{Key: "signer-1", Name: "Jane Doe", Email: "jane@example.com"}).
			DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "application/pdf", blueinktest.PDF("claims"))).
			Create(ctx, c.Bundles)
		return b, err
	}
	b, err := create(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	get := func(c *blueink.Client) error {
		_, _, err := c.Bundles.Get(ctx, b.ID)
		return err
	}
	post := func(ctx context.Context) error {
		_, err := create(ctx, c)
		return err
	}
	createOnce := func(ctx context.Context) error {
		req, files, err := blueink.NewBundleBuilder().Label("claims-once").Draft().
			Signer(blueink.PacketRequest{Key: "signer-1", Name: "Jane Doe", Email: "jane@example.com"}).
			DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "application/pdf", blueinktest.PDF("claims"))).Build()
		if err != nil {
			return err
		}
		_, _, err = c.Bundles.CreateOnce(ctx, req, files...)
		return err
	}
	// attempts runs call after failing the next len(statuses) requests and
	// returns how many requests the fake received, and call's error.
	attempts := func(call func() error, statuses ...int) (int, error) {
		srv.ResetRequests()
		for _, s := range statuses {
			srv.FailNext(s, 0)
		}
		err := call()
		return len(srv.Requests()), err
	}
	n5 := []int{503, 503, 503, 503, 503}
	for _, tc := range []struct {
		name     string
		call     func() error
		statuses []int
		wantErr  error // nil: succeeds
		requests int
	}{
		{"POST after 429", func() error { return post(ctx) }, []int{429}, nil, 2},
		{"GET after 429", func() error { return get(c) }, []int{429}, nil, 2},
		{"GET after 408", func() error { return get(c) }, []int{408}, nil, 2},
		{"GET after five 503s (the default budget)", func() error { return get(c) }, n5, nil, 6},
		{"GET after six 503s", func() error { return get(c) }, append(n5, 503), blueink.ErrServer, 6},
		{"GET after 501", func() error { return get(c) }, []int{501}, blueink.ErrServer, 1},
		{"POST after 503", func() error { return post(ctx) }, []int{503}, blueink.ErrOutcomeUnknown, 1},
		{"POST after 408", func() error { return post(ctx) }, []int{408}, blueink.ErrOutcomeUnknown, 1},
		{"CreateOnce after 503 (looked up by its key, then sent again)", func() error { return createOnce(ctx) }, []int{503}, nil, 3},
		{"GET after 503, WithMaxRetries(0)", func() error { return get(srv.Client(blueink.WithMaxRetries(0))) }, []int{503}, blueink.ErrServer, 1},
	} {
		n, err := attempts(tc.call, tc.statuses...)
		switch {
		case tc.wantErr == nil && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.wantErr)
		}
		if n != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.name, n, tc.requests)
		}
	}
	_, err = attempts(func() error { return post(ctx) }, 503)
	if !errors.Is(err, blueink.ErrServer) || !strings.Contains(err.Error(), "may have been processed") {
		t.Errorf("POST after 503: %v, want ErrServer saying the request may have been processed", err)
	}

	// Retry-After is honoured (20 s here, with retry waits of 1 ms to 30 s),
	// and the context's end cuts the sleep short.
	slow := srv.Client(blueink.WithRetryWait(time.Millisecond, 30*time.Second))
	srv.FailNext(http.StatusTooManyRequests, 20*time.Second)
	tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err = slow.Bundles.Get(tctx, b.ID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("GET after 429 with Retry-After 20 s, context ending after 200 ms: %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the backoff sleep went on %s after the context ended", d)
	}
}

// TestClaimCommands checks the README's commands: each `go run ./dir` is a
// main package, and the benchmark commands select benchmarks in every
// package they name; "Each provider benchmarks a webhook verify+parse
// (BenchmarkWebhook) and, when it has an API (all but InsertSign), a
// 100-item list page (BenchmarkListPage100), beside a raw [...] baseline
// (…Raw)".
func TestClaimCommands(t *testing.T) {
	root := repoRoot(t)
	md, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := extractBlocks(md, "sh")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, b := range blocks {
		for _, line := range strings.Split(b.Code, "\n") {
			if cmd, _, _ := strings.Cut(line, "#"); strings.TrimSpace(cmd) != "" {
				lines = append(lines, strings.TrimSpace(cmd))
			}
		}
	}
	// Inline commands of the text too: `go test -run '^$' -bench Handler ./webhook/storetest`.
	for _, m := range regexp.MustCompile("`(go (?:run|test) [^`]+)`").FindAllStringSubmatch(string(md), -1) {
		lines = append(lines, m[1])
	}
	var runs, benches int
	for _, line := range lines {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "go" && f[1] == "run":
			runs++
			dir := filepath.Join(root, filepath.FromSlash(f[2]))
			if name := packageName(t, dir); name != "main" {
				t.Errorf("%q: %s is package %q, not a command", line, f[2], name)
			}
		case len(f) >= 2 && f[0] == "go" && f[1] == "test" && strings.Contains(line, "-bench"):
			benches++
			checkBenchCommand(t, root, line, f)
		}
	}
	t.Logf("checked %d commands: %q", len(lines), lines)
	if runs == 0 || benches == 0 {
		t.Fatalf("found %d go run and %d benchmark commands in the README: the parser is out of date", runs, benches)
	}
	withAPI := map[string]bool{"blueink": true, "zigned": true, "signeasy": true, "legacyv1": true, "insertsign": false}
	for p, api := range withAPI {
		names := benchmarks(t, filepath.Join(root, p))
		want := []string{"BenchmarkWebhook", "BenchmarkWebhookRaw"}
		if api {
			want = append(want, "BenchmarkListPage100", "BenchmarkListPage100Raw")
		}
		for _, w := range want {
			if !names[w] {
				t.Errorf("%s has no %s", p, w)
			}
		}
	}
}

// checkBenchCommand checks that the -bench pattern of a go test command
// matches benchmarks in each package it names, and each alternative of the
// pattern some benchmark.
func checkBenchCommand(t *testing.T, root, line string, f []string) {
	t.Helper()
	var pattern string
	var pkgs []string
	for i := 2; i < len(f); i++ {
		switch {
		case f[i] == "-bench" && i+1 < len(f):
			i++
			pattern = strings.Trim(f[i], `'"`)
		case f[i] == "-run" && i+1 < len(f):
			i++
		case strings.HasPrefix(f[i], "./"):
			pkgs = append(pkgs, f[i])
		}
	}
	re, err := regexp.Compile(pattern)
	if err != nil || len(pkgs) == 0 {
		t.Errorf("%q: cannot read the command (pattern %q: %v, packages %v)", line, pattern, err, pkgs)
		return
	}
	used := map[string]bool{}
	for _, p := range pkgs {
		matched := false
		for name := range benchmarks(t, filepath.Join(root, filepath.FromSlash(p))) {
			if re.MatchString(strings.TrimPrefix(name, "Benchmark")) {
				matched = true
				for _, alt := range strings.Split(pattern, "|") {
					if regexp.MustCompile(alt).MatchString(strings.TrimPrefix(name, "Benchmark")) {
						used[alt] = true
					}
				}
			}
		}
		if !matched {
			t.Errorf("%q: no benchmark of %s matches %q", line, p, pattern)
		}
	}
	for _, alt := range strings.Split(pattern, "|") {
		if !used[alt] {
			t.Errorf("%q: %q selects no benchmark", line, alt)
		}
	}
}

// benchmarks returns the names of the benchmarks of the package in dir.
func benchmarks(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no test files (%v)", dir, err)
	}
	names := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func (Benchmark\w*)\(\w+ \*testing\.B\)`)
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range decl.FindAllSubmatch(src, -1) {
			names[string(m[1])] = true
		}
	}
	return names
}

// packageName returns the name of the Go package in dir.
func packageName(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.PackageClauseOnly)
		if err != nil {
			t.Fatal(err)
		}
		return f.Name.Name
	}
	return ""
}
