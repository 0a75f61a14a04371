package webhook

import (
	"fmt"
	"net/http"
)

// ParseFunc decodes a verified delivery into a typed Event. h carries the
// request headers (Content-Type decides JSON vs form for some providers).
type ParseFunc func(h http.Header, body []byte) (Event, error)

// Provider is what a Handler needs from a provider package: its name, how to
// verify a delivery and how to decode it. Provider packages build one with
// NewProvider (blueink.WebhookProvider(secret), zigned.WebhookProvider(...)).
type Provider interface {
	Name() string
	VerifyRequest(r *http.Request, body []byte) error
	Parse(h http.Header, body []byte) (Event, error)
}

type provider struct {
	name  string
	v     Verifier
	parse ParseFunc
}

// NewProvider assembles a Provider. v may also implement RequestVerifier
// (guards), which is then used instead of Verify.
func NewProvider(name string, v Verifier, parse ParseFunc) Provider {
	return &provider{name: name, v: v, parse: parse}
}

func (p *provider) Name() string { return p.name }

func (p *provider) VerifyRequest(r *http.Request, body []byte) error {
	if p.v == nil {
		return ErrNoSecret
	}
	if rv, ok := p.v.(RequestVerifier); ok {
		return rv.VerifyRequest(r, body)
	}
	return p.v.Verify(r.Header, body)
}

func (p *provider) Parse(h http.Header, body []byte) (Event, error) {
	if p.parse == nil {
		return nil, fmt.Errorf("%w: provider %q has no decoder", ErrInvalidPayload, p.name)
	}
	return p.parse(h, body)
}
