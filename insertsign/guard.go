package insertsign

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// Guard decides whether a delivery really comes from your InsertSign
// account. InsertSign signs nothing, so the only proof available is a secret
// you put in the endpoint URL configured in InsertSign's dashboard: a token
// in the query string (QueryToken) or basic-auth credentials (BasicAuth). Or
// you opt out explicitly with Unverified.
//
// Build one with QueryToken, BasicAuth or Unverified. A Guard whose secret is
// missing (and the zero Guard) fails closed: Err reports why and
// VerifyRequest refuses every request with an error wrapping
// webhook.ErrNoSecret, so a misconfigured receiver answers 401 instead of
// accepting forged events. Check Err at startup to fail fast.
//
// Guard implements webhook.Verifier and webhook.RequestVerifier, so it can
// also be passed to webhook.NewProvider or called from your own router. Its
// String and GoString never show the secret.
type Guard struct {
	v    webhook.RequestVerifier
	desc string
	err  error
}

// QueryToken returns a Guard accepting requests whose URL carries one of
// tokens in the query parameter param ("token" when empty). Configure the
// endpoint in InsertSign as https://app.example/hooks/insertsign?token=<secret>.
// Several tokens may be given to rotate without downtime; empty ones are
// ignored, and none at all fails closed. Comparison is constant time.
//
// Query strings often end up in access logs (yours, proxies', InsertSign's
// dashboard): use a long random token, keep such logs private, and rotate
// the token if it leaks.
func QueryToken(param string, tokens ...string) Guard {
	if param == "" {
		param = "token"
	}
	desc := "insertsign.QueryToken(" + param + ")"
	g, err := webhook.NewQueryTokenGuard(param, tokens...)
	if err != nil {
		return Guard{desc: desc, err: fmt.Errorf("insertsign: QueryToken(%q) needs a non-empty token: %w", param, err)}
	}
	return Guard{v: g, desc: desc}
}

// BasicAuth returns a Guard accepting requests that carry these HTTP basic
// auth credentials. Configure the endpoint in InsertSign as
// https://user:password@app.example/hooks/insertsign (percent-encode reserved
// characters); the client then sends an Authorization header. That
// InsertSign's dashboard accepts credentials in the URL is not documented:
// check it with the dashboard's Test button, or use QueryToken. An empty
// password fails closed; user may be empty. Comparison is constant time.
func BasicAuth(user, password string) Guard {
	desc := "insertsign.BasicAuth"
	g, err := webhook.NewBasicAuthGuard(user, password)
	if err != nil {
		return Guard{desc: desc, err: fmt.Errorf("insertsign: BasicAuth needs a non-empty password: %w", err)}
	}
	return Guard{v: g, desc: desc}
}

// Unverified returns a Guard that accepts every request. Anyone who learns
// the endpoint URL can then forge events (mark a request completed, invent
// signers). Use it only when something else authenticates InsertSign (a
// gateway, mutual TLS, an IP allow list you maintain) or for local tests.
func Unverified() Guard {
	return Guard{v: requestVerifier{webhook.Unverified()}, desc: "insertsign.Unverified"}
}

type requestVerifier struct{ webhook.Verifier }

func (r requestVerifier) VerifyRequest(req *http.Request, body []byte) error {
	return r.Verify(req.Header, body)
}

// Err reports why the Guard refuses everything: nil for a usable Guard, an
// error wrapping webhook.ErrNoSecret for a missing secret or the zero Guard.
func (g Guard) Err() error {
	if g.err != nil {
		return g.err
	}
	if g.v == nil {
		return fmt.Errorf("insertsign: no guard chosen (use QueryToken, BasicAuth or Unverified): %w", webhook.ErrNoSecret)
	}
	return nil
}

// VerifyRequest implements webhook.RequestVerifier: nil when r carries the
// expected secret, otherwise an error wrapping webhook.ErrMissingToken,
// webhook.ErrTokenMismatch or (misconfigured Guard) webhook.ErrNoSecret.
func (g Guard) VerifyRequest(r *http.Request, body []byte) error {
	if err := g.Err(); err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("insertsign: no request: %w", webhook.ErrMissingToken)
	}
	if r.URL == nil {
		r2 := *r
		r2.URL = &url.URL{}
		r = &r2
	}
	return g.v.VerifyRequest(r, body)
}

// Verify implements webhook.Verifier with only the headers: BasicAuth and
// Unverified work; QueryToken needs the URL and reports webhook.ErrMissingToken.
func (g Guard) Verify(h http.Header, body []byte) error {
	return g.VerifyRequest(&http.Request{Header: h, URL: &url.URL{}}, body)
}

// String describes the Guard without its secret.
func (g Guard) String() string {
	if g.desc == "" {
		return "insertsign.Guard(none)"
	}
	if g.err != nil {
		return g.desc + "(misconfigured)"
	}
	return g.desc
}

// GoString is String, so %#v never prints secret material.
func (g Guard) GoString() string { return g.String() }

// kit is InsertSign's webhook side: the entry points are thin calls into
// it (internal/whkit holds the logic every provider shares).
var kit = &whkit.Kit[Guard]{Name: ProviderName, Build: buildChecks, Parse: parseDelivery}

func buildChecks(g Guard, _ *whopt.Config, _ []webhook.Option) (whkit.Checks, error) {
	if err := g.Err(); err != nil {
		return whkit.Checks{}, err
	}
	return whkit.Checks{Guard: g.VerifyRequest}, nil
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler: it
// checks every delivery with guard (InsertSign signs nothing, so the guard
// — a secret in the endpoint URL you chose — is the only proof of origin)
// and decodes it with ParseEvent. opts may set webhook.WithMaxBodyBytes.
// The guard is mandatory: a misconfigured or zero Guard makes
// webhook.NewHandler panic with the reason (the provider itself refuses
// every delivery, 401), see Guard.
//
//	h := webhook.NewHandler(insertsign.WebhookProvider(insertsign.QueryToken("token", secret)))
func WebhookProvider(guard Guard, opts ...webhook.Option) webhook.Provider {
	return kit.Provider(guard, opts)
}
