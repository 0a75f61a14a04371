package webhook

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/esignkit/esign/internal/whopt"
)

// ParseFunc decodes a verified delivery into a typed Event. h carries the
// request headers (Content-Type decides JSON vs form for some providers).
type ParseFunc func(h http.Header, body []byte) (Event, error)

// Provider is what a Handler needs from a provider package: its name, how to
// verify a delivery and how to decode it. The provider packages build one
// with their WebhookProvider function (blueink.WebhookProvider(secret), …);
// NewProvider assembles one from a Verifier and a ParseFunc.
//
// The Providers of the esign packages and NewProvider's also have these
// methods, which NewHandler and the Handler use (a Provider of your own may
// add all four too):
//
//	ConfigError() error                    // a configuration mistake: NewHandler panics with it
//	MaxBodyBytes() int64                   // the body limit of its verifier and decoder
//	WithOptions(opts ...Option) Provider   // the same provider with the Handler's options added
//	Construct(r *http.Request, body []byte) (Event, error) // verify and decode in one pass
//
// Construct's errors wrap ErrBodyTooLarge (413), ErrInvalidPayload (400,
// the delivery is authentic but undecodable) or anything else (401,
// refused).
type Provider interface {
	Name() string
	VerifyRequest(r *http.Request, body []byte) error
	Parse(h http.Header, body []byte) (Event, error)
}

// configurable is the Provider methods of the comment above.
type configurable interface {
	Provider
	ConfigError() error
	MaxBodyBytes() int64
	WithOptions(opts ...Option) Provider
	Construct(r *http.Request, body []byte) (Event, error)
}

// provider is NewProvider's Provider.
type provider struct {
	name  string
	v     Verifier
	parse ParseFunc
	opts  []Option
	max   int64
	err   error
}

// NewProvider assembles a Provider from a verification and a decoder: v may
// also implement RequestVerifier (guards), which is then used instead of
// Verify. opts may set WithMaxBodyBytes, which Parse and VerifyRequest
// honour; a Handler's own options are added by NewHandler.
//
// A nil v or parse is a configuration mistake: NewHandler panics, and the
// Provider refuses every delivery (ErrNoSecret).
func NewProvider(name string, v Verifier, parse ParseFunc, opts ...Option) Provider {
	cfg := whopt.Apply(opts)
	p := &provider{name: name, v: v, parse: parse, opts: opts, max: cfg.MaxBody()}
	switch {
	case v == nil:
		p.err = fmt.Errorf("webhook: provider %q has no Verifier: %w", name, ErrNoSecret)
	case parse == nil:
		p.err = fmt.Errorf("webhook: provider %q has no ParseFunc: %w", name, ErrNoSecret)
	}
	return p
}

func (p *provider) Name() string { return p.name }

// ConfigError reports a nil Verifier or ParseFunc.
func (p *provider) ConfigError() error { return p.err }

// MaxBodyBytes is the body limit of VerifyRequest and Parse.
func (p *provider) MaxBodyBytes() int64 { return p.max }

// WithOptions returns p with opts added after its own.
func (p *provider) WithOptions(opts ...Option) Provider {
	return NewProvider(p.name, p.v, p.parse, append(append([]Option(nil), p.opts...), opts...)...)
}

func (p *provider) VerifyRequest(r *http.Request, body []byte) error {
	if p.err != nil {
		return p.err
	}
	if err := CheckBodySize(body, p.max); err != nil {
		return err
	}
	if rv, ok := p.v.(RequestVerifier); ok {
		return rv.VerifyRequest(r, body)
	}
	return p.v.Verify(r.Header, body)
}

func (p *provider) Parse(h http.Header, body []byte) (Event, error) {
	if p.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPayload, p.err)
	}
	if err := CheckBodySize(body, p.max); err != nil {
		return nil, err
	}
	return p.parse(h, body)
}

// Construct verifies, then decodes. A verifier error is made to wrap a
// verification error (401) and a decoder error ErrInvalidPayload (400).
func (p *provider) Construct(r *http.Request, body []byte) (Event, error) {
	if err := p.VerifyRequest(r, body); err != nil {
		if !errorsIsAny(err, verificationErrors...) && !errors.Is(err, ErrBodyTooLarge) {
			err = fmt.Errorf("%w: %w", ErrSignatureMismatch, err) // refused: never a 400
		}
		return nil, err
	}
	ev, err := p.parse(r.Header, body)
	if err != nil && !errors.Is(err, ErrInvalidPayload) {
		err = fmt.Errorf("%w: %w", ErrInvalidPayload, err)
	}
	return ev, err
}

// CheckBodySize returns an error wrapping ErrBodyTooLarge and
// ErrInvalidPayload when body is longer than limit (non-positive:
// DefaultMaxBodyBytes). Every verifier and decoder of the provider packages
// calls it with the limit set by WithMaxBodyBytes.
func CheckBodySize(body []byte, limit int64) error {
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	if int64(len(body)) > limit {
		return fmt.Errorf("%w: %w: %d bytes (limit %d)", ErrInvalidPayload, ErrBodyTooLarge, len(body), limit)
	}
	return nil
}
