package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/esignkit/esign/internal/whopt"
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

// maxSignatureHeader bounds every signature header we parse; maxSignatures
// bounds the signatures one header may carry.
const (
	maxSignatureHeader = 4096
	maxSignatures      = 8
)

// SignedPayload is what an HMAC scheme signs, built from the delivery's
// timestamp t (as received, unparsed) and its exact body. Where a provider
// does not publish its construction (BlueInk; Legalesign realtime), the
// scheme assumes one and, when a delivery fails, tries the others of this
// table with the same secret: if one matches, the delivery is still refused
// but the error (and so the Handler's log line) names the construction and
// the option selecting it, e.g.
//
//	webhook: signature mismatch: the delivery verifies with t + "." + body
//	instead: select it with webhook.WithSignedPayload(webhook.SignedTimestampDot)
type SignedPayload int

// The constructions an HMAC scheme can sign.
const (
	SignedV0Colon        SignedPayload = iota + 1 // "v0:" + t + ":" + body (Slack style)
	SignedTimestampDot                            // t + "." + body (Stripe style)
	SignedTimestampColon                          // t + ":" + body
	SignedBodyOnly                                // body alone
)

// signedPayloads is the one table of constructions: what is written before
// the body, around the timestamp.
var signedPayloads = [...]struct {
	name, constant string
	prefix, sep    string
	timestamped    bool
}{
	SignedV0Colon:        {`"v0:" + t + ":" + body`, "SignedV0Colon", "v0:", ":", true},
	SignedTimestampDot:   {`t + "." + body`, "SignedTimestampDot", "", ".", true},
	SignedTimestampColon: {`t + ":" + body`, "SignedTimestampColon", "", ":", true},
	SignedBodyOnly:       {"body", "SignedBodyOnly", "", "", false},
}

func (p SignedPayload) valid() bool { return p > 0 && int(p) < len(signedPayloads) }

// String describes the construction, e.g. `t + "." + body`.
func (p SignedPayload) String() string {
	if !p.valid() {
		return fmt.Sprintf("SignedPayload(%d)", int(p))
	}
	return signedPayloads[p].name
}

// WithSignedPayload makes an HMAC scheme (and the providers built on one:
// BlueInk, Zigned, Legalesign realtime) verify construction p instead of
// its default. Use it when a refused delivery's log line says another
// construction matches.
func WithSignedPayload(p SignedPayload) Option {
	return func(c *whopt.Config) { c.Payload = int(p) }
}

// headerStyle is where an HMAC scheme finds its signatures and timestamp.
type headerStyle uint8

const (
	styleInline   headerStyle = iota // "t=<ts>,v1=<sig>[,v1=<sig>]" in one header
	styleSeparate                    // "[v0=]<sig>[,...]" with the timestamp in a second header
	styleBody                        // "[sha256=]<sig>[,...]", no timestamp
)

// HMAC verifies HMAC-SHA256 signatures of a delivery: NewTimestampedHMAC
// (Zigned), NewSlackHMAC (BlueInk) and NewBodyHMAC (Legalesign realtime)
// differ in where the signature and timestamp are found and in the
// construction signed by default (SignedPayload; WithSignedPayload changes
// it). Signatures may be hex or base64 (standard or URL alphabet, padded or
// not): the encoding is told by the length, so accepting both costs no
// security. Timestamps are unix seconds, milliseconds (values past 1e11) or
// seconds with a fraction ("1743726689.12"); the signed text is the header
// value as received.
//
// Every non-empty secret is accepted (rotation); comparisons are constant
// time and never stop early. An HMAC never prints its secrets, and is safe
// for concurrent use.
type HMAC struct {
	desc                string
	sigHeader, tsHeader string
	style               headerStyle
	payload             SignedPayload
	keys                []hmacKey
	tolerance           time.Duration
	now                 func() time.Time
}

// hmacKey keeps keyed HMAC states of one secret for reuse: Reset returns a
// state to "keyed, nothing written", so the key schedule is computed once
// per state. A few states are kept (as many as concurrent verifications
// usually need); more are built and dropped.
type hmacKey struct {
	secret string
	spare  [4]atomic.Pointer[macState]
}

// macState is one keyed HMAC with the scratch space of one verification.
type macState struct {
	h   hash.Hash
	sum [sha256.Size]byte
	buf [64]byte // prefix + timestamp + separator, when short enough
}

func (k *hmacKey) get() *macState {
	for i := range k.spare {
		if st := k.spare[i].Swap(nil); st != nil {
			st.h.Reset()
			return st
		}
	}
	return &macState{h: hmac.New(sha256.New, []byte(k.secret))}
}

func (k *hmacKey) put(st *macState) {
	for i := range k.spare {
		if k.spare[i].CompareAndSwap(nil, st) {
			return
		}
	}
}

// NewTimestampedHMAC returns the scheme of `t=<unix>,v1=<sig>[,v1=<sig>...]`
// headers signing t + "." + body (SignedTimestampDot), as Zigned sends in
// x-zigned-request-signature. Unknown keys are ignored. No non-empty secret
// (here or with WithAdditionalSecrets) is ErrNoSecret.
func NewTimestampedHMAC(header string, secrets []string, opts ...Option) (*HMAC, error) {
	return newHMAC(whopt.Apply(opts), "TimestampedHMAC("+header+")", header, "", styleInline, SignedTimestampDot, secrets)
}

// NewSlackHMAC returns the scheme of Slack-style signatures: one header
// carrying `v0=<sig>` or a bare signature (several, comma-separated, during
// a rotation), another the unix timestamp, signed by default as
// "v0:" + t + ":" + body (SignedV0Colon).
//
// BlueInk (x-blueink-signature, x-blueink-request-timestamp) documents the
// headers, HMAC-SHA256 and a version "v0", but not the signed string: the
// Slack construction is an inference (see SignedPayload for how a wrong
// guess is reported).
func NewSlackHMAC(sigHeader, tsHeader string, secrets []string, opts ...Option) (*HMAC, error) {
	return newHMAC(whopt.Apply(opts), "SlackHMAC("+sigHeader+")", sigHeader, tsHeader, styleSeparate, SignedV0Colon, secrets)
}

// NewBodyHMAC returns the scheme of a header carrying the HMAC of the body
// alone (SignedBodyOnly), bare or as `sha256=<sig>`, with no timestamp:
// Legalesign's realtime X-Hmac-Sha256, as far as it is known. Without a
// timestamp there is no replay window; deduplicate by event ID.
func NewBodyHMAC(header string, secrets []string, opts ...Option) (*HMAC, error) {
	return newHMAC(whopt.Apply(opts), "BodyHMAC("+header+")", header, "", styleBody, SignedBodyOnly, secrets)
}

func newHMAC(cfg *whopt.Config, desc, sigHeader, tsHeader string, style headerStyle, def SignedPayload, secrets []string) (*HMAC, error) {
	n := 0
	for _, list := range [2][]string{secrets, cfg.Secrets} {
		for _, s := range list {
			if !blank(s) {
				n++
			}
		}
	}
	if n == 0 {
		return nil, ErrNoSecret
	}
	p := def
	if cfg.Payload != 0 {
		p = SignedPayload(cfg.Payload)
	}
	if !p.valid() {
		return nil, fmt.Errorf("webhook: %s: unknown signed payload %d", desc, cfg.Payload)
	}
	if style == styleBody && signedPayloads[p].timestamped {
		return nil, fmt.Errorf("webhook: %s: %s needs a timestamp, and this scheme has none", desc, p)
	}
	v := &HMAC{desc: desc, sigHeader: sigHeader, tsHeader: tsHeader, style: style, payload: p,
		tolerance: cfg.Window(), now: cfg.Clock()}
	v.keys = make([]hmacKey, 0, n)
	for _, list := range [2][]string{secrets, cfg.Secrets} {
		for _, s := range list {
			if !blank(s) {
				v.keys = append(v.keys, hmacKey{secret: s})
			}
		}
	}
	return v, nil
}

// String hides the secrets from %v.
func (v HMAC) String() string { return v.desc }

// GoString hides the secrets from %#v.
func (v HMAC) GoString() string { return v.desc }

// Format prints String for every verb, so no verb reaches the secrets.
func (v HMAC) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.desc) }

// Payload is the construction the scheme verifies.
func (v *HMAC) Payload() SignedPayload { return v.payload }

// signatures is a parsed signature header: up to maxSignatures digests.
type signatures struct {
	ts   string
	n    int
	sigs [maxSignatures][sha256.Size]byte
}

// Verify implements Verifier. Errors wrap ErrMissingSignature,
// ErrMissingTimestamp, ErrMalformedSignature, ErrSignatureMismatch (naming
// another construction when one matches), ErrTimestampTooOld or
// ErrTimestampTooNew.
func (v *HMAC) Verify(h http.Header, body []byte) error {
	var s signatures
	if err := v.parse(h, &s); err != nil {
		return err
	}
	var at time.Time
	if v.style != styleBody {
		t, err := parseTimestamp(s.ts)
		if err != nil {
			return err
		}
		at = t
	}
	if !v.match(v.payload, &s, body) {
		if hint := v.diagnose(&s, body); hint != "" {
			return fmt.Errorf("%w: %s", ErrSignatureMismatch, hint)
		}
		return ErrSignatureMismatch
	}
	if v.style == styleBody {
		return nil
	}
	return checkTime(at, v.now(), v.tolerance)
}

// parse reads the signatures and timestamp from h.
func (v *HMAC) parse(h http.Header, s *signatures) error {
	value := headerValue(h, v.sigHeader)
	if strings.TrimSpace(value) == "" {
		return ErrMissingSignature
	}
	if len(value) > maxSignatureHeader {
		return fmt.Errorf("%w: header too long", ErrMalformedSignature)
	}
	for rest := value; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		part = strings.TrimSpace(part)
		switch v.style {
		case styleInline:
			k, val, ok := strings.Cut(part, "=")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "t":
				s.ts = strings.TrimSpace(val)
				continue
			case "v1":
				part = strings.TrimSpace(val)
			default:
				continue
			}
		case styleSeparate:
			part = strings.TrimPrefix(part, "v0=")
		case styleBody:
			part = strings.TrimPrefix(part, "sha256=")
		}
		if s.n == maxSignatures {
			continue
		}
		if !decodeSignature(part, &s.sigs[s.n]) {
			return fmt.Errorf("%w: a signature is neither hex nor base64 of a SHA-256 digest", ErrMalformedSignature)
		}
		s.n++
	}
	switch v.style {
	case styleInline:
		if s.ts == "" {
			return fmt.Errorf("%w: no t= timestamp", ErrMalformedSignature)
		}
		if s.n == 0 {
			return fmt.Errorf("%w: no v1= signature", ErrMalformedSignature)
		}
	case styleSeparate:
		s.ts = strings.TrimSpace(headerValue(h, v.tsHeader))
		if s.ts == "" {
			return ErrMissingTimestamp
		}
	}
	return nil
}

// headerValue is h.Get(key) without canonicalizing key when it is already
// canonical (the common case costs no allocation).
func headerValue(h http.Header, key string) string {
	if vs, ok := h[key]; ok {
		if len(vs) == 0 {
			return ""
		}
		return vs[0]
	}
	return h.Get(key)
}

// decodeSignature decodes a hex (64 characters) or base64 (43 or 44) SHA-256
// digest into dst.
func decodeSignature(s string, dst *[sha256.Size]byte) bool {
	switch len(s) {
	case 2 * sha256.Size:
		n, err := hex.Decode(dst[:], []byte(s))
		return err == nil && n == sha256.Size
	case 43, 44:
		var buf [33]byte
		for _, enc := range [...]*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			if n, err := enc.Decode(buf[:], []byte(s)); err == nil && n == sha256.Size {
				copy(dst[:], buf[:n])
				return true
			}
		}
	}
	return false
}

// match reports whether any secret's MAC of construction p equals any of
// the signatures, computing every MAC and comparing in constant time.
func (v *HMAC) match(p SignedPayload, s *signatures, body []byte) bool {
	c := &signedPayloads[p]
	ok := 0
	for i := range v.keys {
		k := &v.keys[i]
		st := k.get()
		if c.timestamped {
			st.h.Write(append(append(append(st.buf[:0], c.prefix...), s.ts...), c.sep...))
		}
		st.h.Write(body)
		sum := st.h.Sum(st.sum[:0])
		for j := range s.n {
			ok |= subtle.ConstantTimeCompare(sum, s.sigs[j][:])
		}
		k.put(st)
	}
	return ok == 1
}

// diagnose names the first other construction of the table under which
// the delivery verifies, with the option that selects it ("" when none).
func (v *HMAC) diagnose(s *signatures, body []byte) string {
	for p := SignedPayload(1); p.valid(); p++ {
		if p == v.payload || (signedPayloads[p].timestamped && s.ts == "") {
			continue
		}
		if v.match(p, s, body) {
			return fmt.Sprintf("the delivery verifies with %s instead (this verifier expects %s): select it with webhook.WithSignedPayload(webhook.%s)",
				signedPayloads[p].name, v.payload, signedPayloads[p].constant)
		}
	}
	return ""
}

// parseTimestamp reads a unix timestamp: integer seconds, milliseconds
// (values past 1e11, the year 5138 in seconds) or seconds with a decimal
// fraction. It never overflows and allocates nothing.
func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, ErrMissingTimestamp
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 15 || (hasFrac && (frac == "" || len(frac) > 9)) {
		return time.Time{}, errBadTimestamp
	}
	var n int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return time.Time{}, errBadTimestamp
		}
		n = n*10 + int64(c-'0')
	}
	var nanos int64
	for i := 0; i < 9; i++ {
		nanos *= 10
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return time.Time{}, errBadTimestamp
			}
			nanos += int64(c - '0')
		}
	}
	switch {
	case n <= 0 && nanos == 0:
		return time.Time{}, errBadTimestamp
	case n > 1e11 && !hasFrac:
		return time.UnixMilli(n), nil
	case n > 1e11:
		return time.Time{}, errBadTimestamp
	}
	return time.Unix(n, nanos), nil
}

var errBadTimestamp = fmt.Errorf("%w: timestamp is not a positive unix time", ErrMalformedSignature)

// checkTime refuses t outside now ± tolerance.
func checkTime(t, now time.Time, tolerance time.Duration) error {
	if now.Sub(t) > tolerance {
		return ErrTimestampTooOld
	}
	if t.Sub(now) > tolerance {
		return ErrTimestampTooNew
	}
	return nil
}

// blank reports a secret that is empty or only white space: a configuration
// mistake (an unset or mangled environment variable), refused like an empty
// one instead of becoming a guessable key.
func blank(secret string) bool { return whopt.Blank(secret) }

// errorsIsAny reports whether err matches one of targets.
func errorsIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
