package webhook

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // SHA-1 is what Legalesign signs with; we only verify.
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
)

// SignedMessageFunc extracts the exact signed bytes and the raw (decoded)
// signature from a delivery.
type SignedMessageFunc func(h http.Header, body []byte) (msg, sig []byte, err error)

// RSASHA1 verifies RSA PKCS#1 v1.5 signatures with SHA-1 against the public
// keys of X.509 certificates supplied by the caller (Legalesign's legacy
// callbacks). Several certificates may be given for rotation.
type RSASHA1 struct {
	extract SignedMessageFunc
	keys    []*rsa.PublicKey
}

// NewRSASHA1 returns the scheme. Certificates must carry RSA public keys; v1
// and v3 certificates are both accepted (only the key is used, no chain).
// No certificate is ErrNoSecret. extract may be nil when only Check is used.
func NewRSASHA1(extract SignedMessageFunc, certs ...*x509.Certificate) (*RSASHA1, error) {
	var keys []*rsa.PublicKey
	for _, c := range certs {
		if c == nil {
			continue
		}
		k, ok := c.PublicKey.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("%w: certificate key is %T, not RSA", ErrInvalidCertificate, c.PublicKey)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, ErrNoSecret
	}
	return &RSASHA1{extract: extract, keys: keys}, nil
}

// Verify implements Verifier.
func (v *RSASHA1) Verify(h http.Header, body []byte) error {
	if v.extract == nil {
		return ErrMissingSignature
	}
	msg, sig, err := v.extract(h, body)
	if err != nil {
		return err
	}
	return v.Check(msg, sig)
}

// Check verifies sig over msg, already taken from a delivery by a decoder
// that reads the body once: nil, ErrMissingSignature (empty sig) or
// ErrSignatureMismatch.
func (v *RSASHA1) Check(msg, sig []byte) error {
	if len(sig) == 0 {
		return ErrMissingSignature
	}
	sum := sha1.Sum(msg) //nolint:gosec
	for _, k := range v.keys {
		if rsa.VerifyPKCS1v15(k, crypto.SHA1, sum[:], sig) == nil {
			return nil
		}
	}
	return ErrSignatureMismatch
}

// ParseCertificatesPEM parses every CERTIFICATE block in data (v1 or v3).
func ParseCertificatesPEM(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidCertificate, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("%w: no CERTIFICATE block", ErrInvalidCertificate)
	}
	return certs, nil
}
