package legacyv1

import (
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/esignkit/esign/webhook"
)

// CertificateSource is what the callback functions accept as Legalesign's
// signing certificate: PEM text ([]byte or string, one or more CERTIFICATE
// blocks, X.509 v1 or v3), a parsed *x509.Certificate, or a slice of them
// (several certificates are accepted for rotation). The certificate is
// configuration: Legalesign hands it out on request; none is embedded here.
type CertificateSource interface {
	~[]byte | ~string | *x509.Certificate | ~[]*x509.Certificate
}

// ErrNoRealtimeVerifier is returned for realtime (JSON) callbacks when no
// verifier was configured with WithRealtimeVerifier. It wraps
// webhook.ErrNoSecret.
var ErrNoRealtimeVerifier = fmt.Errorf("%w: realtime callbacks need WithRealtimeVerifier (their signature algorithm is undocumented)", webhook.ErrNoSecret)

// ErrUnsignedFieldMismatch is returned when a per-event callback's form field
// differs from the same field inside the signed json_signed text. It wraps
// webhook.ErrSignatureMismatch.
var ErrUnsignedFieldMismatch = fmt.Errorf("%w: a form field differs from json_signed", webhook.ErrSignatureMismatch)

// CallbackOption configures callback verification and decoding.
type CallbackOption func(*callbackConfig)

type callbackConfig struct {
	realtime    webhook.Verifier
	legacyEvent string
}

// WithRealtimeVerifier sets how realtime JSON callbacks are verified. Their
// headers X-Hmac-Sha256 and X-Signed-Sha256 are sent, but the algorithm is
// not documented, so no scheme is built in: pass your own webhook.Verifier
// (it receives the headers and the raw body), or webhook.Unverified() to
// accept them unchecked (then protect the URL, e.g. with
// webhook.NewQueryTokenGuard). Without this option realtime callbacks are
// refused with ErrNoRealtimeVerifier.
func WithRealtimeVerifier(v webhook.Verifier) CallbackOption {
	return func(c *callbackConfig) { c.realtime = v }
}

// WithLegacyEvent names the event of per-event form callbacks delivered to
// this receiver: "signed", "sent" or "rejected". Their payload does not say
// which event it reports, so register one URL per event type and tell each
// receiver its event. When unset, an "event" key inside json_signed is used
// if present; otherwise the event is unknown (Type TypeLegacy, Lifecycle
// Other).
func WithLegacyEvent(event string) CallbackOption {
	return func(c *callbackConfig) { c.legacyEvent = event }
}

func newCallbackConfig(opts []CallbackOption) callbackConfig {
	var c callbackConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// CallbackVerifier verifies Legalesign callbacks of every kind; it implements
// webhook.Verifier, choosing JSON or form by the Content-Type header:
//
//   - "all" batches: RSA PKCS#1 v1.5 SHA-1 signature (form field signed,
//     base64) over the exact bytes of the form field data;
//   - per-event callbacks: the same scheme over the exact bytes of form
//     field json_signed, signature in header X-Signed; form fields that also
//     appear inside json_signed must agree with it;
//   - realtime JSON: the verifier given with WithRealtimeVerifier.
type CallbackVerifier struct {
	rsa      *webhook.RSASHA1
	realtime webhook.Verifier
}

// NewCallbackVerifier builds a verifier from Legalesign's certificate. An
// empty source is webhook.ErrNoSecret; unparsable PEM or a non-RSA key is
// webhook.ErrInvalidCertificate.
func NewCallbackVerifier[C CertificateSource](cert C, opts ...CallbackOption) (*CallbackVerifier, error) {
	certs, err := certificatesOf(cert)
	if err != nil {
		return nil, err
	}
	v, err := webhook.NewRSASHA1(extractSigned, certs...)
	if err != nil {
		return nil, err
	}
	cfg := newCallbackConfig(opts)
	return &CallbackVerifier{rsa: v, realtime: cfg.realtime}, nil
}

// String describes the verifier.
func (v *CallbackVerifier) String() string { return "legacyv1.CallbackVerifier" }

// Verify implements webhook.Verifier.
func (v *CallbackVerifier) Verify(h http.Header, body []byte) error {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return webhook.ErrBodyTooLarge
	}
	ct := h.Get("Content-Type")
	if kindOf(ct, body) == kindJSON {
		if v.realtime == nil {
			return ErrNoRealtimeVerifier
		}
		return v.realtime.Verify(h, body)
	}
	if err := v.rsa.Verify(h, body); err != nil {
		return err
	}
	f, err := parseForm(ct, body)
	if err != nil { // unreachable: extractSigned parsed it already
		return fmt.Errorf("%w: %v", webhook.ErrMalformedSignature, err)
	}
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

// extractSigned returns the exact signed bytes and the decoded signature of a
// form callback.
func extractSigned(h http.Header, body []byte) (msg, sig []byte, err error) {
	f, err := parseForm(h.Get("Content-Type"), body)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: form: %v", webhook.ErrMalformedSignature, err)
	}
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
		certs := make([]*x509.Certificate, 0, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			if c, ok := rv.Index(i).Interface().(*x509.Certificate); ok && c != nil {
				certs = append(certs, c)
			}
		}
		if len(certs) == 0 {
			return nil, webhook.ErrNoSecret
		}
		return certs, nil
	}
	return nil, webhook.ErrNoSecret
}

func certificatesFromPEM(b []byte) ([]*x509.Certificate, error) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, webhook.ErrNoSecret
	}
	return webhook.ParseCertificatesPEM(b)
}

// ConstructCallback verifies a callback against Legalesign's certificate and
// decodes it: a *StatusBatch ("all"), a *LegacyCallback (per-event form), a
// *RealtimeEvent (JSON; needs WithRealtimeVerifier) or an *UnknownEvent.
// contentType is the request's Content-Type (it wins over header's); body is
// the raw request body, at most webhook.DefaultMaxBodyBytes.
//
//	ev, err := legacyv1.ConstructCallback(body, r.Header, r.Header.Get("Content-Type"), certPEM)
//
// Build a CallbackVerifier once instead when you verify many callbacks: the
// certificate is parsed on every call here.
func ConstructCallback[C CertificateSource](body []byte, header http.Header, contentType string, cert C, opts ...CallbackOption) (webhook.Event, error) {
	v, err := NewCallbackVerifier(cert, opts...)
	if err != nil {
		return nil, err
	}
	return v.Construct(body, header, contentType, opts...)
}

// Construct verifies and decodes one callback (see ConstructCallback).
func (v *CallbackVerifier) Construct(body []byte, header http.Header, contentType string, opts ...CallbackOption) (webhook.Event, error) {
	h := withContentType(header, contentType)
	if err := v.Verify(h, body); err != nil {
		return nil, err
	}
	return parseCallback(h.Get("Content-Type"), body, parseOptions{legacyEvent: newCallbackConfig(opts).legacyEvent})
}

// withContentType returns h with Content-Type set to ct (a copy when it
// changes; h itself is never modified).
func withContentType(h http.Header, ct string) http.Header {
	if h == nil {
		h = http.Header{}
	}
	if ct == "" || h.Get("Content-Type") == ct {
		return h
	}
	c := h.Clone()
	c.Set("Content-Type", ct)
	return c
}

// ParseCallback decodes a callback without verifying it (tests, replays of
// stored deliveries). Bodies over webhook.DefaultMaxBodyBytes and malformed
// bodies are errors wrapping webhook.ErrInvalidPayload; deliveries of no
// known shape are *UnknownEvent.
func ParseCallback(body []byte, contentType string, opts ...CallbackOption) (webhook.Event, error) {
	return parseCallback(contentType, body, parseOptions{legacyEvent: newCallbackConfig(opts).legacyEvent})
}

// WebhookProvider returns the webhook.Provider for webhook.Handler. When
// the certificate is missing or invalid, the provider refuses every delivery
// (the cause — webhook.ErrNoSecret or webhook.ErrInvalidCertificate — goes to
// the handler's logger); call NewCallbackVerifier at start-up to surface it.
//
//	h := webhook.NewHandler(legacyv1.WebhookProvider(certPEM, legacyv1.WithLegacyEvent("signed")))
//	webhook.On(h, func(ctx context.Context, b *legacyv1.StatusBatch) error { ... })
func WebhookProvider[C CertificateSource](cert C, opts ...CallbackOption) webhook.Provider {
	po := parseOptions{legacyEvent: newCallbackConfig(opts).legacyEvent}
	parse := func(h http.Header, body []byte) (webhook.Event, error) {
		return parseCallback(h.Get("Content-Type"), body, po)
	}
	v, err := NewCallbackVerifier(cert, opts...)
	if err != nil {
		return webhook.NewProvider(ProviderName, refuse{err}, parse)
	}
	return webhook.NewProvider(ProviderName, v, parse)
}

// refuse is a Verifier that rejects everything with a configuration error.
type refuse struct{ err error }

func (r refuse) Verify(http.Header, []byte) error { return r.err }

var _ webhook.Verifier = (*CallbackVerifier)(nil)
