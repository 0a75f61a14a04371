// Package webhooktest builds signed (and deliberately broken) webhook
// deliveries for every scheme in package webhook, for tests of the esign
// providers and of applications that receive their webhooks:
//
//	NewTimestampedHMAC  TimestampedHeader, TimestampedHeaderMillis
//	NewSlackHMAC        SlackHeaders
//	NewBodyHMAC         HMACHex (of the body)
//	SharedToken         SetToken
//	RSASHA1             NewRSACertificate, SignRSASHA1
//	QueryTokenGuard     QueryTokenURL
//	BasicAuthGuard      BasicAuthHeader
//
// Tamper changes a body after signing; TooOld and TooNew give signing times
// outside the default tolerance (expired and future deliveries); a wrong
// secret or token gives a refused one.
package webhooktest

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the scheme under test uses SHA-1
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// HMACHex returns hex(HMAC-SHA256(secret, msg)).
func HMACHex(secret string, msg []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(msg)
	return hex.EncodeToString(m.Sum(nil))
}

// TimestampedHeader returns a `t=<unix>,v1=<hex>` header value signing body
// at t with each secret (webhook.NewTimestampedHMAC; Zigned).
func TimestampedHeader(body []byte, t time.Time, secrets ...string) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return timestamped(ts, body, secrets)
}

// TimestampedHeaderMillis is TimestampedHeader with a millisecond timestamp.
func TimestampedHeaderMillis(body []byte, t time.Time, secrets ...string) string {
	return timestamped(strconv.FormatInt(t.UnixMilli(), 10), body, secrets)
}

func timestamped(ts string, body []byte, secrets []string) string {
	var b bytes.Buffer
	b.WriteString("t=" + ts)
	for _, s := range secrets {
		b.WriteString(",v1=" + HMACHex(s, append([]byte(ts+"."), body...)))
	}
	return b.String()
}

// SlackHeaders returns the signature (`v0=<hex>`) and timestamp header values
// for webhook.NewSlackHMAC (BlueInk).
func SlackHeaders(body []byte, t time.Time, secret string) (signature, timestamp string) {
	ts := strconv.FormatInt(t.Unix(), 10)
	msg := append([]byte("v0:"+ts+":"), body...)
	return "v0=" + HMACHex(secret, msg), ts
}

// defaultTolerance mirrors webhook.DefaultTolerance (this package cannot
// import webhook: webhook's own tests import this package).
const defaultTolerance = 5 * time.Minute

// TooOld returns a signing time one minute beyond the default tolerance
// (5 minutes) before now: a delivery signed then is expired and refused
// with webhook.ErrTimestampTooOld by a scheme whose clock reads now.
func TooOld(now time.Time) time.Time { return now.Add(-defaultTolerance - time.Minute) }

// TooNew returns a signing time one minute beyond the default tolerance
// after now: refused with webhook.ErrTimestampTooNew.
func TooNew(now time.Time) time.Time { return now.Add(defaultTolerance + time.Minute) }

// QueryTokenURL returns rawURL with param=token set in its query, other
// parameters kept (a delivery for webhook.QueryTokenGuard; param "" is
// "token"). Pass a wrong token for a refused delivery.
func QueryTokenURL(rawURL, param, token string) (string, error) {
	if param == "" {
		param = "token"
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set(param, token)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// BasicAuthHeader returns a header carrying HTTP basic-auth credentials (a
// delivery for webhook.BasicAuthGuard).
func BasicAuthHeader(user, password string) http.Header {
	r := &http.Request{Header: http.Header{}}
	r.SetBasicAuth(user, password)
	return r.Header
}

// SetToken returns a copy of the JSON object body with the string token set
// at path, a dot-separated list of object keys created as needed (a
// delivery for webhook.SharedToken, e.g. SetToken(body, "metadata.token",
// tok) for Signeasy v2). The object is re-encoded: key order and spacing
// may change; numbers are kept exactly.
func SetToken(body []byte, path, token string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("webhooktest: empty token path")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("webhooktest: body is not a JSON object: %w", err)
	}
	if root == nil {
		root = map[string]any{}
	}
	keys := strings.Split(path, ".")
	obj := root
	for _, k := range keys[:len(keys)-1] {
		next, ok := obj[k].(map[string]any)
		if !ok {
			if obj[k] != nil {
				return nil, fmt.Errorf("webhooktest: %q in %q is not an object", k, path)
			}
			next = map[string]any{}
			obj[k] = next
		}
		obj = next
	}
	obj[keys[len(keys)-1]] = token
	return json.Marshal(root)
}

// Header builds an http.Header from key/value pairs.
func Header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// Tamper returns a copy of body with one byte changed.
func Tamper(body []byte) []byte {
	out := append([]byte(nil), body...)
	if len(out) == 0 {
		return []byte{'x'}
	}
	out[len(out)/2] ^= 0x01
	return out
}

// SignRSASHA1 returns base64(RSA-PKCS1v15-SHA1(key, msg)).
func SignRSASHA1(key *rsa.PrivateKey, msg []byte) (string, error) {
	sum := sha1.Sum(msg) //nolint:gosec
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA1, sum[:])
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// CertOptions shapes a generated self-signed certificate.
type CertOptions struct {
	Bits      int  // RSA key size, default 2048
	V1        bool // produce an X.509 v1 certificate (no extensions), as old signers use
	NotBefore time.Time
	NotAfter  time.Time
}

// NewRSACertificate generates an RSA key and a self-signed certificate for
// it, returning the key, the parsed certificate and its PEM encoding.
func NewRSACertificate(opts CertOptions) (*rsa.PrivateKey, *x509.Certificate, []byte, error) {
	if opts.Bits == 0 {
		opts.Bits = 2048
	}
	key, err := rsa.GenerateKey(rand.Reader, opts.Bits)
	if err != nil {
		return nil, nil, nil, err
	}
	if opts.NotBefore.IsZero() {
		opts.NotBefore = time.Now().Add(-time.Hour)
	}
	if opts.NotAfter.IsZero() {
		opts.NotAfter = opts.NotBefore.Add(365 * 24 * time.Hour)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "esign webhooktest signer"},
		NotBefore:    opts.NotBefore,
		NotAfter:     opts.NotAfter,
	}
	if !opts.V1 {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		tmpl.BasicConstraintsValid = true
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, err
	}
	if opts.V1 {
		// crypto/x509 always writes v3; rewrite the TBS as v1 and re-sign.
		der, err = toV1(der, key)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("building v1 certificate: %w", err)
		}
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, err
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return key, cert, pemBytes, nil
}
