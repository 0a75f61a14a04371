package legacyv1

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// CertificateSource is what the webhook functions accept as Legalesign's
// signing certificate: PEM text ([]byte or string, one or more CERTIFICATE
// blocks, X.509 v1 or v3), a parsed *x509.Certificate, or a slice of them
// (several certificates are accepted for rotation). The certificate is
// configuration: Legalesign publishes it on its verify-callback page; none
// is embedded here.
type CertificateSource interface {
	~[]byte | ~string | *x509.Certificate | ~[]*x509.Certificate
}

// ErrNoRealtimeVerifier is returned for realtime (JSON) callbacks when no
// realtime check is configured (WithRealtimeSecret or
// WithRealtimeVerifier). It wraps webhook.ErrNoSecret.
var ErrNoRealtimeVerifier = fmt.Errorf("%w: realtime callbacks need WithRealtimeSecret (the account's webhookHmacSecret) or WithRealtimeVerifier", webhook.ErrNoSecret)

// ErrUnsignedFieldMismatch is returned when a per-event callback's form field
// differs from the same field inside the signed json_signed text. It wraps
// webhook.ErrSignatureMismatch.
var ErrUnsignedFieldMismatch = fmt.Errorf("%w: a form field differs from json_signed", webhook.ErrSignatureMismatch)

// WithRealtimeSecret verifies realtime JSON callbacks with an HMAC-SHA256
// keyed by secret, the account's webhookHmacSecret (Legalesign's GraphQL
// User type: "Webhook payloads are signed with an HMAC secret available on
// the User type"). The signature is read from the X-Hmac-Sha256 header,
// hex or base64 (bare or as "sha256=<sig>"), and is assumed to cover the
// exact body: Legalesign publishes neither the signed bytes nor the
// encoding, nor what X-Signed-Sha256 carries. A delivery that fails is
// refused; if it verifies under another construction of
// webhook.SignedPayload with the same secret, the error says which, and
// webhook.WithSignedPayload selects it. While rotating, add
// webhook.WithAdditionalSecrets(oldSecret).
func WithRealtimeSecret(secret string) webhook.Option {
	return func(c *whopt.Config) { c.LegacyV1.RealtimeSecrets = append(c.LegacyV1.RealtimeSecrets, secret) }
}

// WithRealtimeVerifier replaces the realtime check with v (it receives the
// headers and the raw body), or webhook.Unverified() to accept realtime
// callbacks unchecked (then protect the URL, e.g. with
// webhook.NewQueryTokenGuard). Without this option or WithRealtimeSecret,
// realtime callbacks are refused with ErrNoRealtimeVerifier.
func WithRealtimeVerifier(v webhook.Verifier) webhook.Option {
	return func(c *whopt.Config) { c.LegacyV1.Realtime = v }
}

// WithLegacyEvent names the event of per-event form callbacks delivered to
// this receiver: "signed", "sent" or "rejected". Their payload does not say
// which event it reports, so register one URL per event type and tell each
// receiver its event. When unset, an "event" key inside json_signed is used
// if present; otherwise the event is unknown (Type EventLegacy, Lifecycle
// Other).
func WithLegacyEvent(event string) webhook.Option {
	return func(c *whopt.Config) { c.LegacyV1.Event = event }
}

// certs is a CertificateSource turned into certificates (or the reason it
// could not be).
type certs struct {
	list []*x509.Certificate
	err  error
}

func certsOf[C CertificateSource](src C) certs {
	list, err := certificatesOf(src)
	return certs{list, err}
}

// kit is Legalesign's webhook side: the entry points below are thin calls
// into it (internal/whkit holds the logic every provider shares).
var kit = &whkit.Kit[certs]{Name: ProviderName, Build: buildChecks, Parse: parseDelivery}

// checks verifies the three kinds of callback.
type checks struct {
	rsa      *webhook.RSASHA1 // nil: no certificate (realtime only)
	realtime webhook.Verifier // nil: realtime callbacks refused
	event    string
}

// buildChecks builds the checks once per provider value. A certificate is
// required unless a realtime check is configured (then form callbacks are
// refused).
func buildChecks(c certs, cfg *whopt.Config, opts []webhook.Option) (whkit.Checks, error) {
	ch := &checks{event: cfg.LegacyV1.Event}
	switch {
	case cfg.LegacyV1.Realtime != nil:
		ch.realtime = cfg.LegacyV1.Realtime
	case len(cfg.LegacyV1.RealtimeSecrets) > 0:
		v, err := webhook.NewBodyHMAC(HeaderHMACSHA256, cfg.LegacyV1.RealtimeSecrets, opts...)
		if err != nil {
			return whkit.Checks{}, fmt.Errorf("WithRealtimeSecret: no secret (empty or blank; the account's webhookHmacSecret): %w", err)
		}
		ch.realtime = v
	}
	if c.err == nil {
		v, err := webhook.NewRSASHA1(nil, c.list...)
		if err != nil {
			return whkit.Checks{}, fmt.Errorf("callback certificate: %w", err)
		}
		ch.rsa = v
	} else if ch.realtime == nil || !errors.Is(c.err, webhook.ErrNoSecret) {
		return whkit.Checks{}, fmt.Errorf("no callback certificate (Legalesign publishes it on its verify-callback page): %w", c.err)
	}
	return whkit.Checks{Verify: ch, Construct: ch}, nil
}

// Verify checks a callback without decoding it.
func (ch *checks) Verify(h http.Header, body []byte) error {
	_, err := ch.construct(h, body, false)
	return err
}

// Construct verifies and decodes a callback in one reading.
func (ch *checks) Construct(h http.Header, body []byte) (webhook.Event, error) {
	return ch.construct(h, body, true)
}

// construct verifies a callback and, with decode, decodes it: the body is
// parsed once, the signature checked on the parsed form, the event built
// from it.
func (ch *checks) construct(h http.Header, body []byte, decode bool) (webhook.Event, error) {
	ct := h.Get("Content-Type")
	if kindOf(ct, body) == kindJSON {
		if ch.realtime == nil {
			return nil, ErrNoRealtimeVerifier
		}
		if err := ch.realtime.Verify(h, body); err != nil {
			return nil, err
		}
		if !decode {
			return nil, nil
		}
		return parseRealtime(body)
	}
	if ch.rsa == nil {
		return nil, fmt.Errorf("%w: form callbacks need Legalesign's certificate", webhook.ErrNoSecret)
	}
	f, err := parseForm(ct, body)
	if err != nil {
		return nil, fmt.Errorf("%w: form: %w", webhook.ErrMalformedSignature, err)
	}
	msg, sig, err := signedPart(h, f)
	if err != nil {
		return nil, err
	}
	if err := ch.rsa.Check(msg, sig); err != nil {
		return nil, err
	}
	if err := checkUnsignedFields(f); err != nil {
		return nil, err
	}
	if !decode {
		return nil, nil
	}
	return decodeForm(body, f, ch.event)
}

// signedPart returns the exact signed bytes and the decoded signature of a
// form callback.
func signedPart(h http.Header, f *form) (msg, sig []byte, err error) {
	if data, ok := f.get(FieldData); ok {
		s, _ := f.get(FieldSigned)
		sig, err := decodeSignature(string(s))
		return data, sig, err
	}
	if js, ok := f.get(FieldJSONSigned); ok {
		sig, err := decodeSignature(h.Get(HeaderSigned))
		return js, sig, err
	}
	return nil, nil, fmt.Errorf("%w: neither %q nor %q in the form", webhook.ErrMissingSignature, FieldData, FieldJSONSigned)
}

// checkUnsignedFields refuses a per-event callback whose plain form fields
// contradict the signed json_signed.
func checkUnsignedFields(f *form) error {
	if _, batch := f.get(FieldData); batch {
		return nil
	}
	js, _ := f.get(FieldJSONSigned)
	signed := signedObject(js)
	for _, k := range legacyFields {
		fv, inForm := f.get(k)
		sv, inSigned := signed[k]
		if inForm && inSigned && string(fv) != sv {
			return fmt.Errorf("%w (field %q)", ErrUnsignedFieldMismatch, k)
		}
	}
	return nil
}

// decodeSignature decodes a base64 signature leniently: line breaks and
// blanks are removed, a space is read as '+' (an unescaped '+' in a form
// becomes a space), and standard, unpadded and URL-safe alphabets are tried.
func decodeSignature(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, webhook.ErrMissingSignature
	}
	if len(s) > maxSignatureLen {
		return nil, fmt.Errorf("%w: signature too long", webhook.ErrMalformedSignature)
	}
	s = signatureCleaner.Replace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) > 0 {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%w: signature is not base64", webhook.ErrMalformedSignature)
}

// signatureCleaner drops line breaks and restores '+' turned into ' ' by
// form decoding. Replacers are safe for concurrent use; build it once.
var signatureCleaner = strings.NewReplacer("\r", "", "\n", "", "\t", "", " ", "+")

// certificatesOf turns a CertificateSource into certificates.
func certificatesOf[C CertificateSource](src C) ([]*x509.Certificate, error) {
	switch v := any(src).(type) {
	case *x509.Certificate:
		if v == nil {
			return nil, webhook.ErrNoSecret
		}
		return []*x509.Certificate{v}, nil
	}
	rv := reflect.ValueOf(src)
	switch {
	case rv.Kind() == reflect.String:
		return certificatesFromPEM([]byte(rv.String()))
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8:
		return certificatesFromPEM(rv.Bytes())
	case rv.Kind() == reflect.Slice:
		list := make([]*x509.Certificate, 0, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			if c, ok := rv.Index(i).Interface().(*x509.Certificate); ok && c != nil {
				list = append(list, c)
			}
		}
		if len(list) == 0 {
			return nil, webhook.ErrNoSecret
		}
		return list, nil
	}
	return nil, webhook.ErrNoSecret
}

func certificatesFromPEM(b []byte) ([]*x509.Certificate, error) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, webhook.ErrNoSecret
	}
	return webhook.ParseCertificatesPEM(b)
}

// NewVerifier returns the check of Legalesign callbacks of every kind,
// choosing JSON or form by the Content-Type header (sniffing the body when
// it is missing):
//
//   - "all" batches: RSA PKCS#1 v1.5 SHA-1 signature (form field signed,
//     base64) over the exact bytes of the form field data;
//   - per-event callbacks: the same scheme over the exact bytes of form
//     field json_signed, signature in header X-Signed; form fields that also
//     appear inside json_signed must agree with it;
//   - realtime JSON: WithRealtimeSecret (HMAC-SHA256 in X-Hmac-Sha256) or
//     WithRealtimeVerifier; refused without either.
//
// cert is Legalesign's certificate, published on its verify-callback page
// (PEM bytes or text, or parsed; see CertificateSource). No certificate is
// an error wrapping webhook.ErrNoSecret (unless a realtime check is
// configured: form callbacks are then refused); unparsable PEM or a non-RSA
// key wraps webhook.ErrInvalidCertificate. Errors start with "legacyv1: ".
func NewVerifier[C CertificateSource](cert C, opts ...webhook.Option) (webhook.Verifier, error) {
	return kit.NewVerifier(certsOf(cert), opts)
}

// ConstructEvent verifies a callback against Legalesign's certificate (see
// NewVerifier) and decodes it (see ParseEvent); the content type is read
// from header (the body is sniffed when it has none). A receiver of many
// callbacks builds WebhookProvider once instead: the certificate is parsed
// on every call here.
//
//	ev, err := legacyv1.ConstructEvent(body, r.Header, certPEM)
func ConstructEvent[C CertificateSource](body []byte, header http.Header, cert C, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ConstructEvent(body, header, certsOf(cert), opts)
}

// ParseEvent decodes a callback without verifying it (tests, replays of
// stored deliveries): a *StatusBatch ("all"), a *LegacyCallback
// (per-event form), a *RealtimeEvent (JSON, of a known realtime type) or an
// *UnknownEvent (anything else, an unknown realtime event included). It tells
// JSON from a form by the body itself (a JSON object starts with '{'; a
// multipart body with its "--boundary" line). opts may set
// webhook.WithMaxBodyBytes (default 1 MiB, about 8,000 batch entries) and
// WithLegacyEvent. Bodies over the limit and malformed bodies are errors
// wrapping webhook.ErrInvalidPayload; errors start with "legacyv1: ".
func ParseEvent(body []byte, opts ...webhook.Option) (webhook.Event, error) {
	return kit.ParseEvent(body, nil, opts)
}

// WebhookProvider returns the webhook.Provider for webhook.NewHandler; its
// checks (see NewVerifier) are built once, here. A missing or invalid
// certificate makes webhook.NewHandler panic with the reason.
//
//	h := webhook.NewHandler(legacyv1.WebhookProvider(certPEM, legacyv1.WithLegacyEvent("signed")))
//	webhook.On(h, func(ctx context.Context, b *legacyv1.StatusBatch) error { ... })
func WebhookProvider[C CertificateSource](cert C, opts ...webhook.Option) webhook.Provider {
	return kit.Provider(certsOf(cert), opts)
}

// parseDelivery decodes any callback without verification.
func parseDelivery(cfg *whopt.Config, h http.Header, body []byte) (webhook.Event, error) {
	var ct string
	if h != nil {
		ct = h.Get("Content-Type")
	}
	if kindOf(ct, body) == kindJSON {
		return parseRealtime(body)
	}
	f, err := parseForm(ct, body)
	if err != nil {
		return nil, fmt.Errorf("%w: form: %w", webhook.ErrInvalidPayload, err)
	}
	return decodeForm(body, f, cfg.LegacyV1.Event)
}

// formDigest is a digest of a form's fields (sorted, decoded), so an ID
// derived from it is the same for a redelivery whatever its encoding and
// differs for two callbacks that differ in any field.
func formDigest(f *form) string {
	keys := slices.Sorted(maps.Keys(f.values))
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%d:%s=%d:", len(k), k, len(f.values[k]))
		h.Write(f.values[k])
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
