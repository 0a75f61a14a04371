package rest

import (
	"fmt"
	"io"
	"strings"
)

// FormatAs prints v, a method-less copy of a value whose secrets were
// already replaced (by Redacted), with the verb and flags of f, naming it
// typeName under %#v. A type that holds a secret in a plain field
// implements fmt.Formatter with it, so no verb prints the secret.
func FormatAs(f fmt.State, verb rune, v any, typeName string) {
	out := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		out = strings.Replace(out, fmt.Sprintf("%T", v), typeName, 1)
	}
	_, _ = io.WriteString(f, out)
}

// Hide returns Redacted for a non-empty secret, "" for an empty one.
func Hide(secret string) string {
	if secret == "" {
		return ""
	}
	return Redacted
}
