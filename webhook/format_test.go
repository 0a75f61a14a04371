package webhook

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestSchemesNeverPrintSecrets formats every scheme holding a secret with
// every verb and looks for the secret in plain and hex form.
func TestSchemesNeverPrintSecrets(t *testing.T) {
	const secret = "whsec_do-not-print-me"
	ts, err := NewTimestampedHMAC("x-sig", []string{secret})
	if err != nil {
		t.Fatal(err)
	}
	sl, err := NewSlackHMAC("x-sig", "x-ts", []string{secret})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := NewSharedToken(func(http.Header, []byte) (string, error) { return "", nil }, secret)
	if err != nil {
		t.Fatal(err)
	}
	qt, err := NewQueryTokenGuard("token", secret)
	if err != nil {
		t.Fatal(err)
	}
	ba, err := NewBasicAuthGuard("user", secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{ts, sl, tok, qt, ba} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			for _, needle := range []string{secret, hex.EncodeToString([]byte(secret))} {
				if strings.Contains(out, needle) {
					t.Errorf("%T printed with %s leaks the secret: %s", v, verb, out)
				}
			}
		}
	}
}
