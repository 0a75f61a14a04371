// Package whkit is the webhook entry points every provider package shares,
// written once: ConstructEvent, ParseEvent, NewVerifier and WebhookProvider
// are thin calls into a Kit. A Kit knows how to build a provider's checks
// from its secret and options (once per provider value), and gives every
// entry point the same body limit (webhook.WithMaxBodyBytes), the same
// "P: " error prefix and the same misconfiguration rule: a provider built
// without a usable secret refuses everything with the reason, and
// webhook.NewHandler panics with it.
package whkit

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// Checks are one provider value's verification and decoding, built once.
type Checks struct {
	// Verify checks a delivery's signature without decoding it (nil for
	// request guards).
	Verify webhook.Verifier
	// Guard checks a request (URL token, basic auth) instead of Verify.
	Guard func(r *http.Request, body []byte) error
	// Construct verifies and decodes in one pass over the body; nil means
	// Verify (or Guard) then the Kit's Parse. Its verification failures
	// must wrap a webhook verification error (never only
	// webhook.ErrInvalidPayload), its decoding failures
	// webhook.ErrInvalidPayload.
	Construct Constructor
}

// Constructor verifies and decodes a delivery in one pass.
type Constructor interface {
	Construct(h http.Header, body []byte) (webhook.Event, error)
}

// Kit is one provider package's webhook side; S is its secret type.
type Kit[S any] struct {
	// Name is the provider name and the error prefix ("blueink").
	Name string
	// Build builds the checks for secret; cfg is opts applied (opts are
	// there to pass on to the webhook scheme constructors). Its error is a
	// configuration mistake naming what is missing ("no webhook secret
	// (empty or blank)"), wrapping webhook.ErrNoSecret or
	// webhook.ErrInvalidCertificate.
	Build func(secret S, cfg *whopt.Config, opts []webhook.Option) (Checks, error)
	// Parse decodes a body (already within the limit) without verifying it.
	Parse func(cfg *whopt.Config, h http.Header, body []byte) (webhook.Event, error)
}

// wrap prefixes err with the provider name, once (an error that already
// starts with it, from a provider's own public type, is left alone).
func (k *Kit[S]) wrap(err error) error {
	if err == nil || strings.HasPrefix(err.Error(), k.Name+": ") {
		return err
	}
	return fmt.Errorf("%s: %w", k.Name, err)
}

// ConstructEvent verifies and decodes one delivery (P.ConstructEvent).
func (k *Kit[S]) ConstructEvent(body []byte, h http.Header, secret S, opts []webhook.Option) (webhook.Event, error) {
	cfg := whopt.Apply(opts)
	if err := webhook.CheckBodySize(body, cfg.MaxBodyBytes); err != nil {
		return nil, k.wrap(err)
	}
	c, err := k.Build(secret, cfg, opts)
	if err != nil {
		return nil, k.wrap(err)
	}
	ev, err := k.construct(&c, cfg, h, body)
	return ev, k.wrap(err)
}

func (k *Kit[S]) construct(c *Checks, cfg *whopt.Config, h http.Header, body []byte) (webhook.Event, error) {
	if c.Construct != nil {
		ev, err := c.Construct.Construct(h, body)
		return strict(cfg, ev, err)
	}
	if err := c.Verify.Verify(h, body); err != nil {
		return nil, err
	}
	return k.parse(cfg, h, body)
}

// parse is the Kit's Parse under webhook.WithStrictDecoding.
func (k *Kit[S]) parse(cfg *whopt.Config, h http.Header, body []byte) (webhook.Event, error) {
	ev, err := k.Parse(cfg, h, body)
	return strict(cfg, ev, err)
}

// strict refuses, under webhook.WithStrictDecoding, an event whose values
// did not all decode: the error wraps webhook.ErrInvalidPayload (a
// Handler answers 400) and every issue (errors.As finds the first).
func strict(cfg *whopt.Config, ev webhook.Event, err error) (webhook.Event, error) {
	if err != nil || ev == nil || !cfg.StrictDecoding {
		return ev, err
	}
	if issues := ev.DecodeIssues(); len(issues) > 0 {
		return nil, fmt.Errorf("%w: %w", webhook.ErrInvalidPayload, &tolerant.StrictError{Issues: issues})
	}
	return ev, nil
}

// ParseEvent decodes one delivery without verifying it (P.ParseEvent).
func (k *Kit[S]) ParseEvent(body []byte, h http.Header, opts []webhook.Option) (webhook.Event, error) {
	cfg := whopt.Apply(opts)
	if err := webhook.CheckBodySize(body, cfg.MaxBodyBytes); err != nil {
		return nil, k.wrap(err)
	}
	ev, err := k.parse(cfg, h, body)
	return ev, k.wrap(err)
}

// NewVerifier builds the provider's signature check (P.NewVerifier): it
// honours the body limit and prefixes its errors.
func (k *Kit[S]) NewVerifier(secret S, opts []webhook.Option) (webhook.Verifier, error) {
	cfg := whopt.Apply(opts)
	c, err := k.Build(secret, cfg, opts)
	if err != nil {
		return nil, k.wrap(err)
	}
	if c.Verify == nil {
		return nil, k.wrap(errors.New("no header-only verification (use WebhookProvider)"))
	}
	return &verifier{name: k.Name, limit: cfg.MaxBody(), v: c.Verify}, nil
}

// verifier is NewVerifier's webhook.Verifier.
type verifier struct {
	name  string
	limit int64
	v     webhook.Verifier
}

// Verify implements webhook.Verifier.
func (v *verifier) Verify(h http.Header, body []byte) error {
	if err := webhook.CheckBodySize(body, v.limit); err != nil {
		return fmt.Errorf("%s: %w", v.name, err)
	}
	if err := v.v.Verify(h, body); err != nil {
		return fmt.Errorf("%s: %w", v.name, err)
	}
	return nil
}

// String describes the verifier; its secrets never print.
func (v *verifier) String() string { return v.name + " webhook verifier" }

// GoString describes the verifier; its secrets never print.
func (v *verifier) GoString() string { return v.String() }

// Format prints String for every verb.
func (v *verifier) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, v.String()) }

// Provider builds the provider for webhook.NewHandler (P.WebhookProvider):
// its checks are built here, once.
func (k *Kit[S]) Provider(secret S, opts []webhook.Option) webhook.Provider {
	p := &provider[S]{kit: k, secret: secret, opts: opts, cfg: whopt.Apply(opts)}
	c, err := k.Build(secret, p.cfg, opts)
	if err != nil {
		p.err = k.wrap(err)
	} else {
		p.checks = c
	}
	return p
}

// provider is a Kit's webhook.Provider; it implements the methods the
// Handler looks for (see webhook.Provider).
type provider[S any] struct {
	kit    *Kit[S]
	secret S
	opts   []webhook.Option
	cfg    *whopt.Config
	checks Checks
	err    error
}

func (p *provider[S]) Name() string { return p.kit.Name }

// ConfigError is the reason the provider refuses everything (nil when it
// is usable).
func (p *provider[S]) ConfigError() error { return p.err }

// MaxBodyBytes is the limit of the provider's verifier and decoder.
func (p *provider[S]) MaxBodyBytes() int64 { return p.cfg.MaxBody() }

// WithOptions rebuilds the provider with opts added after its own.
func (p *provider[S]) WithOptions(opts ...webhook.Option) webhook.Provider {
	all := append(append([]webhook.Option(nil), p.opts...), opts...)
	return p.kit.Provider(p.secret, all)
}

func (p *provider[S]) check(body []byte) error {
	if p.err != nil {
		return p.err
	}
	return p.kit.wrap(webhook.CheckBodySize(body, p.cfg.MaxBodyBytes))
}

// VerifyRequest implements webhook.Provider.
func (p *provider[S]) VerifyRequest(r *http.Request, body []byte) error {
	if err := p.check(body); err != nil {
		return err
	}
	if p.checks.Guard != nil {
		return p.kit.wrap(p.checks.Guard(r, body))
	}
	return p.kit.wrap(p.checks.Verify.Verify(r.Header, body))
}

// Parse implements webhook.Provider.
func (p *provider[S]) Parse(h http.Header, body []byte) (webhook.Event, error) {
	if err := p.kit.wrap(webhook.CheckBodySize(body, p.cfg.MaxBodyBytes)); err != nil {
		return nil, err
	}
	ev, err := p.kit.parse(p.cfg, h, body)
	return ev, p.kit.wrap(err)
}

// Construct verifies and decodes one delivery in one pass.
func (p *provider[S]) Construct(r *http.Request, body []byte) (webhook.Event, error) {
	if err := p.check(body); err != nil {
		return nil, err
	}
	if p.checks.Guard != nil {
		if err := p.checks.Guard(r, body); err != nil {
			return nil, p.kit.wrap(err)
		}
		ev, err := p.kit.parse(p.cfg, r.Header, body)
		return ev, p.kit.wrap(err)
	}
	ev, err := p.kit.construct(&p.checks, p.cfg, r.Header, body)
	return ev, p.kit.wrap(err)
}

// String describes the provider; its secrets never print.
func (p *provider[S]) String() string { return p.kit.Name + " webhook provider" }

// GoString describes the provider; its secrets never print.
func (p *provider[S]) GoString() string { return p.String() }

// Format prints String for every verb.
func (p *provider[S]) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, p.String()) }
