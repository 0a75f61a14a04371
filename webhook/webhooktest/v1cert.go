package webhooktest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
)

// toV1 re-encodes a certificate that has no extensions as X.509 v1 (no
// version field, which defaults to v1) and signs it again with key.
func toV1(der []byte, key *rsa.PrivateKey) ([]byte, error) {
	var cert struct {
		TBS       asn1.RawValue
		Algorithm asn1.RawValue
		Signature asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		return nil, err
	}
	// Walk the TBS sequence and drop the [0] EXPLICIT version element and
	// any [3] extensions.
	rest := cert.TBS.Bytes
	var elems []byte
	for len(rest) > 0 {
		var v asn1.RawValue
		var err error
		rest, err = asn1.Unmarshal(rest, &v)
		if err != nil {
			return nil, err
		}
		if v.Class == asn1.ClassContextSpecific && (v.Tag == 0 || v.Tag == 3) {
			continue
		}
		elems = append(elems, v.FullBytes...)
	}
	tbs, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: elems})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(tbs)
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return nil, err
	}
	out, err := asn1.Marshal(struct {
		TBS       asn1.RawValue
		Algorithm asn1.RawValue
		Signature asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, cert.Algorithm, asn1.BitString{Bytes: sig, BitLength: len(sig) * 8}})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("empty certificate")
	}
	return out, nil
}
