package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Verifier checks one provider's signature on the raw body.
type Verifier interface {
	Verify(h http.Header, body []byte) error
}

// RequestVerifier is implemented by checks that need the whole request (URL
// tokens, basic auth). The Handler prefers it over Verifier when present.
type RequestVerifier interface {
	VerifyRequest(r *http.Request, body []byte) error
}

// maxSignatureHeader bounds every signature header we parse.
const maxSignatureHeader = 4096

func secretsOf(secrets []string) ([][]byte, error) {
	out := make([][]byte, 0, len(secrets))
	for _, s := range secrets {
		if !blank(s) {
			out = append(out, []byte(s))
		}
	}
	if len(out) == 0 {
		return nil, ErrNoSecret
	}
	return out, nil
}

func macSHA256(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// parseUnix reads a unix timestamp in seconds or milliseconds (values past
// 1e11 are taken as milliseconds: that is the year 5138 in seconds).
func parseUnix(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20 {
		return time.Time{}, ErrMalformedSignature
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, fmt.Errorf("%w: timestamp is not a positive integer", ErrMalformedSignature)
	}
	if n > 1e11 {
		return time.UnixMilli(n), nil
	}
	return time.Unix(n, 0), nil
}

// TimestampedHMAC verifies `t=<unix>,v1=<hex>[,v1=<hex>...]` headers whose
// signatures are HMAC-SHA256(secret, t + "." + body), as Zigned sends in
// x-zigned-request-signature (the timestamp may be seconds or milliseconds).
type TimestampedHMAC struct {
	header  string
	secrets [][]byte
	cfg     schemeConfig
}

// NewTimestampedHMAC returns the scheme reading header. Every non-empty secret
// is accepted (rotation); none at all is ErrNoSecret.
func NewTimestampedHMAC(header string, secrets []string, opts ...Option) (*TimestampedHMAC, error) {
	cfg := newSchemeConfig(opts)
	keys, err := cfg.keys(secrets)
	if err != nil {
		return nil, err
	}
	return &TimestampedHMAC{header: header, secrets: keys, cfg: cfg}, nil
}

// String hides the secrets from %v.
func (v TimestampedHMAC) String() string { return "TimestampedHMAC(" + v.header + ")" }

// GoString hides the secrets from %#v.
func (v TimestampedHMAC) GoString() string { return v.String() }

// ParseTimestampedHeader splits a `t=..,v1=..` header into its timestamp and
// v1 signatures. Unknown keys are ignored; a missing t or v1 is an error.
func ParseTimestampedHeader(value string) (ts string, sigs [][]byte, err error) {
	if len(value) > maxSignatureHeader {
		return "", nil, fmt.Errorf("%w: header too long", ErrMalformedSignature)
	}
	for _, part := range strings.Split(value, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "t":
			ts = strings.TrimSpace(v)
		case "v1":
			sig, derr := hex.DecodeString(strings.TrimSpace(v))
			if derr != nil || len(sig) != sha256.Size {
				return "", nil, fmt.Errorf("%w: v1 is not a hex SHA-256 digest", ErrMalformedSignature)
			}
			if len(sigs) < 8 {
				sigs = append(sigs, sig)
			}
		}
	}
	if ts == "" {
		return "", nil, fmt.Errorf("%w: no t= timestamp", ErrMalformedSignature)
	}
	if len(sigs) == 0 {
		return "", nil, fmt.Errorf("%w: no v1= signature", ErrMalformedSignature)
	}
	return ts, sigs, nil
}

// Verify implements Verifier.
func (v *TimestampedHMAC) Verify(h http.Header, body []byte) error {
	value := h.Get(v.header)
	if value == "" {
		return ErrMissingSignature
	}
	ts, sigs, err := ParseTimestampedHeader(value)
	if err != nil {
		return err
	}
	t, err := parseUnix(ts)
	if err != nil {
		return err
	}
	if !anyMAC(v.secrets, sigs, []byte(ts), []byte("."), body) {
		return ErrSignatureMismatch
	}
	return v.cfg.checkTime(t)
}

// anyMAC reports whether any secret's MAC over parts equals any signature,
// comparing in constant time and without stopping early.
func anyMAC(secrets, sigs [][]byte, parts ...[]byte) bool {
	ok := 0
	for _, key := range secrets {
		want := macSHA256(key, parts...)
		for _, sig := range sigs {
			ok |= subtle.ConstantTimeCompare(want, sig)
		}
	}
	return ok == 1
}

// SlackHMAC verifies Slack-style signatures: HMAC-SHA256(secret,
// "v0:" + timestamp + ":" + body), hex encoded, sent as `v0=<hex>` or bare
// hex in one header with the unix timestamp in another.
//
// BlueInk (x-blueink-signature, x-blueink-request-timestamp) documents the
// headers, HMAC-SHA256 and a version "v0", but not the base string; the
// Slack convention is inferred and lives only in slackBase.
type SlackHMAC struct {
	sigHeader, tsHeader string
	secrets             [][]byte
	cfg                 schemeConfig
}

// NewSlackHMAC returns the scheme reading the two headers.
func NewSlackHMAC(sigHeader, tsHeader string, secrets []string, opts ...Option) (*SlackHMAC, error) {
	cfg := newSchemeConfig(opts)
	keys, err := cfg.keys(secrets)
	if err != nil {
		return nil, err
	}
	return &SlackHMAC{sigHeader: sigHeader, tsHeader: tsHeader, secrets: keys, cfg: cfg}, nil
}

// String hides the secrets from %v.
func (v SlackHMAC) String() string { return "SlackHMAC(" + v.sigHeader + ")" }

// GoString hides the secrets from %#v.
func (v SlackHMAC) GoString() string { return v.String() }

// slackBase is the (inferred) signed base string: "v0:<timestamp>:<body>".
func slackBase(ts string, body []byte) [][]byte {
	return [][]byte{[]byte("v0:"), []byte(ts), []byte(":"), body}
}

// Verify implements Verifier.
func (v *SlackHMAC) Verify(h http.Header, body []byte) error {
	value := strings.TrimSpace(h.Get(v.sigHeader))
	if value == "" {
		return ErrMissingSignature
	}
	ts := strings.TrimSpace(h.Get(v.tsHeader))
	if ts == "" {
		return ErrMissingTimestamp
	}
	if len(value) > maxSignatureHeader {
		return fmt.Errorf("%w: header too long", ErrMalformedSignature)
	}
	var sigs [][]byte
	for _, part := range strings.Split(value, ",") {
		part = strings.TrimSpace(part)
		part = strings.TrimPrefix(part, "v0=")
		sig, err := hex.DecodeString(part)
		if err != nil || len(sig) != sha256.Size {
			return fmt.Errorf("%w: not a hex SHA-256 digest", ErrMalformedSignature)
		}
		if len(sigs) < 8 {
			sigs = append(sigs, sig)
		}
	}
	t, err := parseUnix(ts)
	if err != nil {
		return err
	}
	if !anyMAC(v.secrets, sigs, slackBase(ts, body)...) {
		return ErrSignatureMismatch
	}
	return v.cfg.checkTime(t)
}

// blank reports a secret that is empty or only white space: a configuration
// mistake (an unset or mangled environment variable), refused like an empty
// one instead of becoming a guessable key.
func blank(secret string) bool { return strings.TrimSpace(secret) == "" }
