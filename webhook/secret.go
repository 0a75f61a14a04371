package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/esignkit/esign/internal/jsonscan"
)

// Redacted is what a non-empty Secret prints as.
const Redacted = "[REDACTED]"

// Secret is a secret value received from or sent to a provider: a webhook
// signing secret (BlueInk, Zigned), a callback token (Signeasy). It never
// shows its value by accident: fmt (every verb, %#v included), log/slog and
// encoding/json all render it as "[REDACTED]" ("" when empty). Reveal
// returns the value, for the one place that needs it:
//
//	h := webhook.NewHandler(zigned.WebhookProvider(hook.Secret.Reveal()))
//
// JSON decoding reads a plain JSON string (null is ""), so API answers fill
// a Secret directly; encoding a Secret does not give the value back.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer: "[REDACTED]", or "" when empty.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString implements fmt.GoStringer (%#v): webhook.Secret("[REDACTED]").
func (s Secret) GoString() string { return "webhook.Secret(" + strconv.Quote(s.String()) + ")" }

// Format implements fmt.Formatter so that every verb hides the value: %#v
// prints GoString, %q the quoted String, every other verb String.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, s.GoString())
	case verb == 'q':
		_, _ = io.WriteString(f, strconv.Quote(s.String()))
	default:
		_, _ = io.WriteString(f, s.String())
	}
}

// LogValue implements slog.LogValuer with the value hidden.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON implements json.Marshaler with the value hidden: a Secret
// written to JSON (logs, caches) never leaks.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a JSON string; null is "".
func (s *Secret) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		*s = ""
		return nil
	}
	if len(data) == 0 || data[0] != '"' {
		return fmt.Errorf("webhook: a secret must be a JSON string, got %.10q…", data)
	}
	v, err := jsonscan.Unquote(data)
	if err != nil {
		return err
	}
	*s = Secret(v)
	return nil
}
