package legacyv1

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
)

// Limits of the callback form parser.
const (
	maxFormFields   = 256
	maxSignatureLen = 8192 // base64 of a 16384-bit RSA signature is 2732 bytes
)

// Form field and header names of the signed callbacks.
const (
	FieldData       = "data"        // "all" callback: JSON list of changes (signed)
	FieldSigned     = "signed"      // "all" callback: base64 signature of data
	FieldJSONSigned = "json_signed" // per-event callback: signed JSON text
	HeaderSigned    = "X-Signed"    // per-event callback: base64 signature of json_signed
	// Realtime callbacks carry these headers: X-Hmac-Sha256 is an
	// HMAC-SHA256 keyed by the account's webhookHmacSecret (see
	// WithRealtimeSecret); what X-Signed-Sha256 carries is not published.
	HeaderHMACSHA256   = "X-Hmac-Sha256"
	HeaderSignedSHA256 = "X-Signed-Sha256"
)

var errTooManyFields = errors.New("too many form fields")

// form is a decoded callback form: the first value of each field, as the
// exact bytes after form decoding (the bytes Legalesign signed).
type form struct {
	values map[string][]byte
	order  []string
}

func (f *form) get(k string) ([]byte, bool) { v, ok := f.values[k]; return v, ok }

func (f *form) add(k string, v []byte) error {
	if _, dup := f.values[k]; dup {
		switch k {
		case FieldData, FieldSigned, FieldJSONSigned:
			// Two copies of a signed field would let a receiver verify one
			// and use the other; refuse.
			return fmt.Errorf("duplicate %q field", k)
		}
		return nil
	}
	if len(f.values) >= maxFormFields {
		return errTooManyFields
	}
	f.values[k] = v
	f.order = append(f.order, k)
	return nil
}

// parseForm decodes a callback body: application/x-www-form-urlencoded, or
// multipart/form-data when contentType says so or, without a content type,
// when the body starts with a "--boundary" line. It never allocates more
// than a small multiple of len(body), which the caller bounds
// (webhook.WithMaxBodyBytes).
func parseForm(contentType string, body []byte) (*form, error) {
	f := &form{values: make(map[string][]byte, 8)}
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt == "multipart/form-data" {
		return f, parseMultipart(f, params["boundary"], body)
	}
	if b, ok := sniffBoundary(contentType, body); ok {
		return f, parseMultipart(f, b, body)
	}
	for len(body) > 0 {
		var pair []byte
		if i := bytes.IndexByte(body, '&'); i >= 0 {
			pair, body = body[:i], body[i+1:]
		} else {
			pair, body = body, nil
		}
		if len(pair) == 0 {
			continue
		}
		k, v, _ := bytes.Cut(pair, []byte{'='})
		key, err := unescapeForm(k)
		if err != nil {
			return nil, err
		}
		val, err := unescapeForm(v)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", key, err)
		}
		if err := f.add(string(key), val); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// sniffBoundary reads the boundary of a multipart body received without a
// content type: its first line is "--" + boundary (RFC 2046).
func sniffBoundary(contentType string, body []byte) (string, bool) {
	if strings.TrimSpace(contentType) != "" || !bytes.HasPrefix(body, []byte("--")) {
		return "", false
	}
	line, _, ok := bytes.Cut(body[2:], []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if !ok || len(line) == 0 || len(line) > 70 || bytes.ContainsAny(line, " \t\"") {
		return "", false
	}
	return string(line), true
}

func parseMultipart(f *form, boundary string, body []byte) error {
	if boundary == "" {
		return errors.New("multipart body without boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextRawPart() // raw: no transfer decoding, exact bytes
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := part.FormName()
		if name == "" {
			continue
		}
		val, err := io.ReadAll(io.LimitReader(part, int64(len(body))+1))
		if err != nil {
			return err
		}
		if err := f.add(name, val); err != nil {
			return err
		}
	}
}

// unescapeForm decodes one application/x-www-form-urlencoded component:
// '+' is a space, %XX a byte; a malformed escape is an error.
func unescapeForm(s []byte) ([]byte, error) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return nil, fmt.Errorf("malformed escape %q", truncate(s[i:], 3))
			}
			n++
			i += 2
		}
	}
	out := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			out = append(out, ' ')
		case '%':
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// bodyKind is how a callback body is encoded.
type bodyKind int

const (
	kindForm bodyKind = iota
	kindJSON
)

// kindOf decides JSON (realtime) or form (legacy) from the content type,
// sniffing the body when the type is missing or unexpected.
func kindOf(contentType string, body []byte) bodyKind {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch {
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
			return kindJSON
		case mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data":
			return kindForm
		}
	}
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return kindJSON // a form never starts with a bracket
	}
	return kindForm
}
