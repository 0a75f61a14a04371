package signeasy

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/webhook"
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

// EmbeddedURL is a URL to load in an iframe or pop-up (embedded sending or
// signing).
type EmbeddedURL struct {
	URL string `json:"url"`
}

// hidden returns webhook.Redacted for a non-empty secret: a value that is
// safe to print even by fmt's reflection fallback (bad verbs call no
// methods).
func hidden(s webhook.Secret) webhook.Secret {
	if s == "" {
		return ""
	}
	return webhook.Redacted
}

// formatAs prints v (a method-less copy of a type holding a secret) with
// the verb and flags of f, naming it typeName under %#v.
func formatAs(f fmt.State, verb rune, v any, typeName string) {
	out := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		out = strings.Replace(out, fmt.Sprintf("%T", v), typeName, 1)
	}
	_, _ = io.WriteString(f, out)
}
