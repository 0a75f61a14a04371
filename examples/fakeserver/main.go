// Command fakeserver serves one of the esign fake providers over HTTP, as a
// local sandbox for code in any language (like stripe-mock, but stateful):
//
//	go run ./examples/fakeserver -provider zigned -addr 127.0.0.1:8080
//
// -provider is blueink, zigned, signeasy or legacyv1; -addr defaults to
// 127.0.0.1:8080 (port 0 picks a free one). It prints the API base URL and
// the credentials the fake accepts, then serves until interrupted (Ctrl-C).
// Everything lives in memory: objects created through the API come back
// from it, lifecycle changes deliver signed webhooks to the webhooks
// registered through the API, and nothing survives a restart.
//
// The fakes, all built on internal/fakeserver (blueinktest, zignedtest,
// signeasytest, legacyv1test), listen on -addr themselves and also serve
// their lifecycle steps without credentials, so a test in another language
// can play the signers:
//
//	curl -X POST http://127.0.0.1:8080/_fakeserver/steps/sign \
//	     -d '{"envelope": "cagr0000000000000001zt", "signer": "jane@example.com"}'
//
// (steps: send, view, sign, decline, complete, expire, cancel; 204 when
// done, 404 / 409 / 501 with {"error": ...} otherwise; each banner lists
// the steps its provider has).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/esignkit/esign/blueink/blueinktest"
	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/signeasy/signeasytest"
	"github.com/esignkit/esign/zigned/zignedtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakeserver:", err)
		os.Exit(2)
	}
}

// sandbox is one provider's fake, listening on l: what to print, and how
// to stop it.
type sandbox struct {
	lines []string // "label: value"
	close func()
}

// providers start each fake on a listener.
var providers = map[string]func(l net.Listener) (sandbox, error){
	"blueink":  startBlueInk,
	"zigned":   startZigned,
	"signeasy": startSignEasy,
	"legacyv1": startLegacyV1,
}

func providerNames() string {
	names := make([]string, 0, len(providers))
	for n := range providers {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// run parses args, starts the fake, prints how to reach it and serves until
// ctx ends.
func run(ctx context.Context, args []string, w io.Writer) error {
	flags := flag.NewFlagSet("fakeserver", flag.ContinueOnError)
	flags.SetOutput(w)
	provider := flags.String("provider", "", "the fake to serve: "+providerNames())
	addr := flags.String("addr", "127.0.0.1:8080", "listen address (port 0: any free port)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	start, ok := providers[*provider]
	if !ok {
		return fmt.Errorf("-provider must be one of %s, not %q", providerNames(), *provider)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	sb, err := start(l)
	if err != nil {
		_ = l.Close()
		return err
	}
	defer sb.close()
	var banner strings.Builder // written at once: readers see it whole
	fmt.Fprintf(&banner, "fake %s listening on http://%s (in memory; Ctrl-C stops it)\n", *provider, l.Addr())
	for _, line := range sb.lines {
		label, value, _ := strings.Cut(line, ": ")
		fmt.Fprintf(&banner, "  %-15s %s\n", label+":", value)
	}
	if _, err := io.WriteString(w, banner.String()); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

// stepsLine describes the lifecycle endpoint of an engine-based fake and
// the steps it plays.
func stepsLine(root, steps string) string {
	return "lifecycle: POST " + root + fs.ControlPath + "{" + steps + "} " +
		`{"envelope": id, "signer": id or email, "reason": text}`
}

func startZigned(l net.Listener) (sandbox, error) {
	srv := zignedtest.Start(zignedtest.WithListener(l))
	id, secret := srv.Credentials()
	return sandbox{close: srv.Close, lines: []string{
		"API base URL: " + srv.URL(),
		"token URL: " + srv.TokenURL() + " (OAuth2 client credentials)",
		"client ID: " + id,
		"client secret: " + secret,
		stepsLine(srv.Root(), "send,view,sign,decline,complete,expire,cancel"),
	}}, nil
}

func startSignEasy(l net.Listener) (sandbox, error) {
	srv := signeasytest.Start(signeasytest.WithListener(l))
	id, secret := srv.Credentials()
	return sandbox{close: srv.Close, lines: []string{
		"API base URL: " + srv.URL(),
		"token URL: " + srv.TokenURL() + " (OAuth2 client credentials, JSON body)",
		"client ID: " + id,
		"client secret: " + secret,
		"access token: " + srv.AccessToken() + " (static, for Bearer authentication)",
		"callbacks URL: " + srv.CallbackURL(),
		stepsLine(srv.Root(), "view,sign,decline,complete,expire,cancel"),
	}}, nil
}

func startLegacyV1(l net.Listener) (sandbox, error) {
	srv := legacyv1test.Start(legacyv1test.WithListener(l))
	user, secret := srv.Credentials()
	return sandbox{close: srv.Close, lines: []string{
		"API base URL: " + srv.URL(),
		"username: " + user,
		"secret: " + secret + ` (header "Authorization: ApiKey <username>:<secret>")`,
		"group: " + legacyv1test.DefaultGroup,
		"HMAC secret: " + srv.RealtimeSecret() + " (webhookHmacSecret: X-Hmac-Sha256 of realtime callbacks)",
		"certificate: " + srv.Root() + legacyv1test.CertificatePath + " (PEM; verifies the legacy callbacks)",
		stepsLine(srv.Root(), "view,sign,decline,complete,cancel"),
	}}, nil
}

func startBlueInk(l net.Listener) (sandbox, error) {
	srv := blueinktest.Start(blueinktest.WithListener(l))
	return sandbox{close: srv.Close, lines: []string{
		"API base URL: " + srv.URL(),
		"API key: " + srv.APIKey() + ` (header "Authorization: Token <key>")`,
		stepsLine(srv.Root(), "send,view,sign,decline,complete,expire,cancel"),
	}}, nil
}
