package webhook

import (
	"crypto/sha256"
	"net/http"
)

// unverified accepts every delivery.
type unverified struct{}

func (unverified) Verify(http.Header, []byte) error { return nil }

// Unverified returns a Verifier that accepts everything. Use it only for
// providers that sign nothing (InsertSign) and only when another layer
// authenticates the sender; prefer QueryTokenGuard or BasicAuthGuard.
func Unverified() Verifier { return unverified{} }

// QueryTokenGuard accepts requests whose URL carries one of tokens in the
// query parameter param (e.g. https://app.example/hooks/insertsign?token=...).
// Comparison is constant time.
type QueryTokenGuard struct {
	param  string
	hashes [][32]byte
}

// NewQueryTokenGuard returns the guard; no non-empty token is ErrNoSecret.
func NewQueryTokenGuard(param string, tokens ...string) (*QueryTokenGuard, error) {
	if param == "" {
		param = "token"
	}
	var hashes [][32]byte
	for _, t := range tokens {
		if !blank(t) {
			hashes = append(hashes, hashToken(t))
		}
	}
	if len(hashes) == 0 {
		return nil, ErrNoSecret
	}
	return &QueryTokenGuard{param: param, hashes: hashes}, nil
}

// String hides the tokens from %v.
func (g QueryTokenGuard) String() string { return "QueryTokenGuard(" + g.param + ")" }

// GoString hides the tokens from %#v.
func (g QueryTokenGuard) GoString() string { return g.String() }

// Verify implements Verifier; a guard needs the request, so it always fails.
func (g *QueryTokenGuard) Verify(http.Header, []byte) error { return ErrMissingToken }

// VerifyRequest implements RequestVerifier.
func (g *QueryTokenGuard) VerifyRequest(r *http.Request, _ []byte) error {
	got := r.URL.Query().Get(g.param)
	if got == "" {
		return ErrMissingToken
	}
	if !matchToken(g.hashes, got) {
		return ErrTokenMismatch
	}
	return nil
}

// BasicAuthGuard accepts requests carrying the given HTTP basic auth
// credentials (embedded in the endpoint URL configured at the provider:
// https://user:pass@app.example/hooks). Comparison is constant time.
type BasicAuthGuard struct {
	hash [32]byte
}

// NewBasicAuthGuard returns the guard; an empty password is ErrNoSecret.
func NewBasicAuthGuard(user, password string) (*BasicAuthGuard, error) {
	if blank(password) {
		return nil, ErrNoSecret
	}
	return &BasicAuthGuard{hash: sha256.Sum256([]byte(user + ":" + password))}, nil
}

// String hides the credentials from %v.
func (g BasicAuthGuard) String() string { return "BasicAuthGuard" }

// GoString hides the credentials from %#v.
func (g BasicAuthGuard) GoString() string { return g.String() }

// Verify implements Verifier; a guard needs the request, so it always fails.
func (g *BasicAuthGuard) Verify(http.Header, []byte) error { return ErrMissingToken }

// VerifyRequest implements RequestVerifier.
func (g *BasicAuthGuard) VerifyRequest(r *http.Request, _ []byte) error {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return ErrMissingToken
	}
	if !matchToken([][32]byte{g.hash}, user+":"+pass) {
		return ErrTokenMismatch
	}
	return nil
}
