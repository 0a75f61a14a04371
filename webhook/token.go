package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
)

// TokenFunc extracts a shared token from a delivery, e.g. Signeasy v2's
// metadata.token inside the JSON body. It returns "" when there is none.
type TokenFunc func(h http.Header, body []byte) (string, error)

// SharedToken compares a token carried by the delivery with the configured
// ones in constant time.
type SharedToken struct {
	extract TokenFunc
	hashes  [][32]byte
}

// NewSharedToken returns the scheme. Every non-empty token is accepted
// (rotation); none at all is ErrNoSecret. extract may be nil when only
// Check is used.
func NewSharedToken(extract TokenFunc, tokens ...string) (*SharedToken, error) {
	var hashes [][32]byte
	for _, t := range tokens {
		if !blank(t) {
			hashes = append(hashes, hashToken(t))
		}
	}
	if len(hashes) == 0 {
		return nil, ErrNoSecret
	}
	return &SharedToken{extract: extract, hashes: hashes}, nil
}

// String hides the tokens from %v.
func (v SharedToken) String() string { return "SharedToken" }

// GoString hides the tokens from %#v.
func (v SharedToken) GoString() string { return v.String() }

// Verify implements Verifier.
func (v *SharedToken) Verify(h http.Header, body []byte) error {
	if v.extract == nil {
		return ErrMissingToken
	}
	got, err := v.extract(h, body)
	if err != nil {
		return err
	}
	return v.Check(got)
}

// Check compares a token already read from a delivery (by a decoder that
// reads the whole body once) with the configured ones: nil,
// ErrMissingToken ("") or ErrTokenMismatch.
func (v *SharedToken) Check(token string) error {
	if token == "" {
		return ErrMissingToken
	}
	if !matchToken(v.hashes, token) {
		return ErrTokenMismatch
	}
	return nil
}

// matchToken compares SHA-256 digests so the comparison time depends on
// neither the token length nor its content.
func matchToken(hashes [][32]byte, got string) bool {
	sum := hashToken(got)
	ok := 0
	for _, h := range hashes {
		ok |= subtle.ConstantTimeCompare(h[:], sum[:])
	}
	return ok == 1
}

// hashToken is the SHA-256 of t, hashed from the stack for a token of up
// to 128 bytes (a plain []byte(t) is copied to the heap beyond 32 bytes).
func hashToken(t string) [32]byte {
	var buf [128]byte
	return sha256.Sum256(append(buf[:0], t...))
}
