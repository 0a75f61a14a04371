// Command webhook-receiver is one HTTP server receiving the webhooks of every
// esign provider, each at its own path:
//
//	POST /hooks/blueink     BlueInk (HMAC, x-blueink-signature)
//	POST /hooks/zigned      Zigned (HMAC, x-zigned-request-signature)
//	POST /hooks/signeasy    Signeasy (callback token in metadata.token)
//	POST /hooks/insertsign  InsertSign (unsigned: ?token=<secret> in the URL)
//	POST /hooks/legacyv1    Legalesign API v1 callbacks (RSA-SHA1, certificate)
//
// Every path is a webhook.Handler (verify, decode, deduplicate, dispatch)
// logging through log/slog. One handler, written once against the
// normalized lifecycle, treats every provider alike: when a document's
// signed files are ready it downloads them — on Completed, except for
// BlueInk, which builds the final documents after the bundle completes and
// says so with its own bundle_docs_ready event (filesReady). A
// provider-specific typed handler (webhook.On[*blueink.BundleCompleteEvent])
// shows the other style.
//
//	go run ./examples/webhook-receiver
//
// With no configuration it runs on a fresh machine: it starts the fake
// servers of the four providers with an API (blueinktest, zignedtest,
// signeasytest, legacyv1test), registers the receiver's URLs with each
// (webhooks, callbacks, subscriptions), drives a signing flow on each to
// completion, sends InsertSign's deliveries with insertsigntest, waits for
// the Completed events, downloads the signed files from the fakes, prints a
// summary and exits.
//
// With any of these set it only serves (on ADDR, default :8080). A provider
// whose secret is missing is not mounted (its path answers 404) and the
// receiver says so at start-up: webhook.NewHandler panics on a provider
// built without its secret, so a misconfiguration is never a silent 401.
//
//	BLUEINK_WEBHOOK_SECRET    BlueInk's shared secret (GET /webhooks/secret/)
//	ZIGNED_WEBHOOK_SECRET     the Zigned webhook's secret
//	SIGNEASY_WEBHOOK_TOKEN    the token given when registering the callback
//	INSERTSIGN_WEBHOOK_TOKEN  the ?token= value of the URL set in InsertSign
//	LEGALESIGN_CERT_PEM_FILE  Legalesign's callback signing certificate (PEM)
//	ADDR                      listen address
//
// In serve mode the handler only logs the downloads it would make: the
// provider API clients need credentials this example does not ask for.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
)

// Provider paths, in the order the summary prints them.
const (
	pBlueInk    = "blueink"
	pZigned     = "zigned"
	pSigneasy   = "signeasy"
	pInsertSign = "insertsign"
	pLegacyV1   = "legacyv1"
)

var providers = []string{pBlueInk, pZigned, pSigneasy, pInsertSign, pLegacyV1}

// Environment variables.
const (
	envBlueInkSecret  = "BLUEINK_WEBHOOK_SECRET"
	envZignedSecret   = "ZIGNED_WEBHOOK_SECRET"
	envSigneasyToken  = "SIGNEASY_WEBHOOK_TOKEN"
	envInsertSignTok  = "INSERTSIGN_WEBHOOK_TOKEN"
	envLegalesignCert = "LEGALESIGN_CERT_PEM_FILE"
	envAddr           = "ADDR"
)

// insertSignTokenParam is the query parameter carrying InsertSign's token.
const insertSignTokenParam = "token"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "webhook-receiver:", err)
		os.Exit(1)
	}
}

// run is the program; env reads the environment (os.Getenv in main). With
// nothing configured it runs the demo against the fake servers, otherwise
// it serves until ctx ends.
func run(ctx context.Context, w io.Writer, env func(string) string) error {
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sec, configured, err := secretsFromEnv(env)
	if err != nil {
		return err
	}
	if configured {
		addr := strings.TrimSpace(env(envAddr))
		if addr == "" {
			addr = ":8080"
		}
		return serve(ctx, addr, newReceiver(sec, log, nil), log)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return runDemo(ctx, w, log)
}

// secrets are what the receiver verifies deliveries with. They are never
// logged.
type secrets struct {
	blueInk, zigned, signeasy, insertSign string
	legalesignCertPEM                     []byte
}

// secretsFromEnv reads the secrets; configured reports whether any
// variable was set.
func secretsFromEnv(env func(string) string) (sec secrets, configured bool, err error) {
	get := func(k string) string {
		v := strings.TrimSpace(env(k))
		if v != "" {
			configured = true
		}
		return v
	}
	sec.blueInk = get(envBlueInkSecret)
	sec.zigned = get(envZignedSecret)
	sec.signeasy = get(envSigneasyToken)
	sec.insertSign = get(envInsertSignTok)
	if f := get(envLegalesignCert); f != "" {
		if sec.legalesignCertPEM, err = os.ReadFile(f); err != nil {
			return sec, true, fmt.Errorf("%s: %w", envLegalesignCert, err)
		}
	}
	if get(envAddr) != "" {
		configured = true
	}
	return sec, configured, nil
}

// downloader fetches the signed files of a Completed event and describes
// what it got ("contract.pdf, 1234 bytes").
type downloader func(ctx context.Context, ev webhook.Event) (string, error)

// receiver is the ServeMux with one webhook.Handler per provider, and a
// record of what arrived (for the summary and the tests).
type receiver struct {
	mux *http.ServeMux
	log *slog.Logger

	mu      sync.Mutex
	stats   map[string]*providerStats
	changed chan struct{} // closed and replaced on every event
}

// providerStats is what one provider delivered.
type providerStats struct {
	Events    []string // "type (lifecycle)", in arrival order
	Completed []string // ids of the Completed events
	Downloads []string // what the Completed handler downloaded
	Typed     []string // what the provider-specific typed handler saw
}

// newReceiver builds the mux. downloads maps a provider path name to its
// downloader; providers without one only log the download.
func newReceiver(sec secrets, log *slog.Logger, downloads map[string]downloader) *receiver {
	r := &receiver{
		mux:     http.NewServeMux(),
		log:     log,
		stats:   make(map[string]*providerStats),
		changed: make(chan struct{}),
	}
	ps := map[string]webhook.Provider{
		pBlueInk:    blueink.WebhookProvider(sec.blueInk),
		pZigned:     zigned.WebhookProvider(sec.zigned),
		pSigneasy:   signeasy.WebhookProvider(sec.signeasy),
		pInsertSign: insertsign.WebhookProvider(insertsign.QueryToken(insertSignTokenParam, sec.insertSign)),
		pLegacyV1:   legacyv1.WebhookProvider(sec.legalesignCertPEM),
	}
	for _, name := range providers {
		r.stats[name] = &providerStats{}
		// A provider without its secret would make webhook.NewHandler panic
		// (misconfiguration is loud); here it is skipped, with the reason.
		if err := configError(ps[name]); err != nil {
			log.Warn(name+" is not mounted: its deliveries will be answered 404", "reason", err)
			continue
		}
		plog := log.With("provider", name)
		// The handler adds provider=<name> to its own log lines.
		h := webhook.NewHandler(ps[name], webhook.WithDedupe(nil, 0), webhook.WithLogger(log))
		if name == pBlueInk {
			// The provider-specific style: a typed handler for one event.
			webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error {
				plog.InfoContext(ctx, "blueink bundle complete (typed handler)", "bundle_id", ev.Payload.BundleID)
				r.record(name, func(s *providerStats) { s.Typed = append(s.Typed, ev.Payload.BundleID) })
				return nil
			})
		}
		// The provider-neutral style: one handler for every provider.
		h.OnAny(r.onEvent(name, plog, downloads[name]))
		r.mux.Handle("POST /hooks/"+name, h)
	}
	return r
}

// configError is the reason p would make webhook.NewHandler panic (nil
// when p is usable).
func configError(p webhook.Provider) error {
	if c, ok := p.(interface{ ConfigError() error }); ok {
		return c.ConfigError()
	}
	return nil
}

// ServeHTTP serves the hooks.
func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) { r.mux.ServeHTTP(w, req) }

// filesReady reports whether ev says a document's signed files can be
// downloaded: the Completed lifecycle for every provider but BlueInk, whose
// files exist only once its bundle_docs_ready event arrives (BlueInk's
// documentation: download on docs ready, not on bundle_complete).
func filesReady(ev webhook.Event) bool {
	if ev.Provider() == blueink.ProviderName {
		_, ok := ev.(*blueink.BundleDocsReadyEvent)
		return ok
	}
	return ev.Lifecycle() == webhook.Completed
}

// onEvent is the handler written once against the normalized lifecycle:
// log every event; when the signed files are ready, download them.
func (r *receiver) onEvent(name string, log *slog.Logger, dl downloader) func(context.Context, webhook.Event) error {
	return func(ctx context.Context, ev webhook.Event) error {
		lc := ev.Lifecycle()
		log.InfoContext(ctx, "event", "type", ev.Type(), "id", ev.ID(), "lifecycle", lc)
		r.record(name, func(s *providerStats) { s.Events = append(s.Events, fmt.Sprintf("%s (%s)", ev.Type(), lc)) })
		if !filesReady(ev) {
			return nil
		}
		log.InfoContext(ctx, "signed files ready: download them", "id", ev.ID())
		got := "(download logged only)"
		if dl != nil {
			var err error
			if got, err = dl(ctx, ev); err != nil {
				// An error answers 500: the provider retries, and the
				// dedupe claim is released so the retry is processed.
				log.ErrorContext(ctx, "download failed", "id", ev.ID(), "err", err)
				return err
			}
			log.InfoContext(ctx, "downloaded", "id", ev.ID(), "files", got)
		}
		r.record(name, func(s *providerStats) {
			s.Completed = append(s.Completed, ev.ID())
			s.Downloads = append(s.Downloads, got)
		})
		return nil
	}
}

func (r *receiver) record(name string, f func(*providerStats)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(r.stats[name])
	close(r.changed)
	r.changed = make(chan struct{})
}

// snapshot returns a copy of one provider's stats.
func (r *receiver) snapshot(name string) providerStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stats[name]
	return providerStats{
		Events:    slices.Clone(s.Events),
		Completed: slices.Clone(s.Completed),
		Downloads: slices.Clone(s.Downloads),
		Typed:     slices.Clone(s.Typed),
	}
}

// waitCompleted waits until every provider has had a Completed event.
func (r *receiver) waitCompleted(ctx context.Context) error {
	for {
		r.mu.Lock()
		var missing []string
		for _, name := range providers {
			if len(r.stats[name].Completed) == 0 {
				missing = append(missing, name)
			}
		}
		ch := r.changed
		r.mu.Unlock()
		if len(missing) == 0 {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("no Completed event from %s: %w", strings.Join(missing, ", "), ctx.Err())
		}
	}
}

// summary prints what each provider delivered.
func (r *receiver) summary(w io.Writer) {
	fmt.Fprintln(w, "\nSummary")
	for _, name := range providers {
		s := r.snapshot(name)
		fmt.Fprintf(w, "  %-10s %d events, %d completed\n", name, len(s.Events), len(s.Completed))
		for _, e := range s.Events {
			fmt.Fprintf(w, "    event     %s\n", e)
		}
		for _, d := range s.Downloads {
			fmt.Fprintf(w, "    download  %s\n", d)
		}
		for _, t := range s.Typed {
			fmt.Fprintf(w, "    typed     BundleCompleteEvent %s\n", t)
		}
	}
}

// serve listens on addr until ctx ends.
func serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("listening", "addr", addr, "paths", "/hooks/{"+strings.Join(providers, ",")+"}")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
