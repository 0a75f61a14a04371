package webhook

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // verifying the legacy scheme
	"crypto/x509"
	"encoding/base64"
)

func rsaVerifyIndependently(cert *x509.Certificate, msg []byte, sigB64 string) error {
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil {
		return err
	}
	sum := sha1.Sum(msg) //nolint:gosec
	return rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA1, sum[:], sig)
}
