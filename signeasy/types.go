package signeasy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/esignkit/esign/internal/timeutil"
)

// Time is a timestamp decoded leniently: Signeasy sends unix seconds
// (sometimes with a fraction); RFC 3339 strings are accepted too.
type Time = timeutil.Time

// Bool is a boolean that Signeasy sends either as true/false or as 0/1
// (webhook bodies use 0/1). null decodes to false. It encodes as a JSON bool.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (b *Bool) UnmarshalJSON(data []byte) error {
	switch string(bytes.TrimSpace(data)) {
	case "true", "1", `"1"`, `"true"`:
		*b = true
	case "false", "0", `"0"`, `"false"`, "null", `""`:
		*b = false
	default:
		return fmt.Errorf("signeasy: %.20q is not a boolean", data)
	}
	return nil
}

// Secret holds a secret value (a callback token) that never prints: fmt
// verbs (%v, %+v, %#v, %s, %q, ...), slog and encoding/json all render it as
// "[REDACTED]" ("" when empty). Call Reveal for the value itself.
type Secret string

const redacted = "[REDACTED]"

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer with the value hidden.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer with the value hidden.
func (s Secret) GoString() string { return fmt.Sprintf("signeasy.Secret(%q)", s.String()) }

// Format implements fmt.Formatter so that every verb hides the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// LogValue implements slog.LogValuer with the value hidden.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON hides the value: a Secret written to JSON (logs, caches) never
// leaks. The SDK sends the real value to Signeasy through its own wire types.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a JSON string (null is "").
func (s *Secret) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*s = ""
		return nil
	}
	var v string
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*s = Secret(v)
	return nil
}

// EmbeddedURL is a URL to load in an iframe or pop-up (embedded sending or
// signing).
type EmbeddedURL struct {
	URL string `json:"url"`
}

// hidden returns Secret(redacted) for a non-empty secret: a value that is
// safe to print even by fmt's reflection fallback (bad verbs call no
// methods).
func (s Secret) hidden() Secret {
	if s == "" {
		return ""
	}
	return redacted
}

// formatAs prints v (a method-less copy of a type holding a Secret) with
// the verb and flags of f, naming it typeName under %#v.
func formatAs(f fmt.State, verb rune, v any, typeName string) {
	out := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		out = strings.Replace(out, fmt.Sprintf("%T", v), typeName, 1)
	}
	_, _ = io.WriteString(f, out)
}
