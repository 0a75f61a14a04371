package insertsign_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/internal/spectest"
)

// jsLiteralToJSON converts the JavaScript object literals of InsertSign's
// documentation (unquoted keys such as -NeD5nNcbr-nViVjjp, one trailing
// "// signer or sender" comment) to JSON. Strings, numbers and arrays are
// already JSON there.
func jsLiteralToJSON(s string) (string, error) {
	s = strings.Replace(s, "// signer or sender ", "", 1)
	var out strings.Builder
	var stack []byte
	expectKey := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return "", fmt.Errorf("unterminated string at %d", i)
			}
			out.WriteString(s[i : j+1])
			i, expectKey = j+1, false
		case c == '{' || c == '[':
			stack = append(stack, c)
			out.WriteByte(c)
			i, expectKey = i+1, c == '{'
		case c == '}' || c == ']':
			if len(stack) == 0 {
				return "", fmt.Errorf("unbalanced %q at %d", c, i)
			}
			stack = stack[:len(stack)-1]
			out.WriteByte(c)
			i, expectKey = i+1, false
		case c == ',':
			out.WriteByte(c)
			i, expectKey = i+1, len(stack) > 0 && stack[len(stack)-1] == '{'
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			out.WriteByte(c)
			i++
		case expectKey:
			j := strings.IndexByte(s[i:], ':')
			if j < 0 {
				return "", fmt.Errorf("key without colon at %d", i)
			}
			key, _ := json.Marshal(strings.TrimSpace(s[i : i+j]))
			out.Write(key)
			i, expectKey = i+j, false
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String(), nil
}

// The fixtures in testdata are the documentation's samples converted to
// JSON: this test redoes the conversion from the doc (when it is present
// beside the repository) and compares.
func TestFixturesMatchProviderDoc(t *testing.T) {
	doc, err := os.ReadFile(spectest.Doc(t, "insertsign-webhooks.txt"))
	require.NoError(t, err)
	found := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		if !strings.HasPrefix(line, "{ created_at:") {
			continue
		}
		js, err := jsLiteralToJSON(line)
		require.NoError(t, err, line)
		var probe struct {
			Type string `json:"type"`
		}
		require.NoError(t, json.Unmarshal([]byte(js), &probe), js)
		found[probe.Type] = true
		file := strings.ReplaceAll(probe.Type, ".", "_") + ".json"
		assert.JSONEq(t, js, string(fixture(t, file)))

		// And the converted sample decodes to the typed event.
		ev, err := insertsign.ParseEvent([]byte(js))
		require.NoError(t, err, probe.Type)
		_, unknown := ev.(*insertsign.UnknownEvent)
		assert.True(t, !unknown, probe.Type)
	}
	assert.Equal(t, map[string]bool{
		"request.sent": true, "request.completed": true, "request.archived": true, "request.deleted": true,
		"contact.created": true, "signer.signed": true,
		"email.delivered": true, "email.bounced": true, "email.spammed": true,
	}, found)
}

func TestJSLiteralToJSON(t *testing.T) {
	got, err := jsLiteralToJSON(`{ a: "x, y: z", -b_c: [1, -2], d: { e: "\"" }, f: "s", // signer or sender g: 1 }`)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"x, y: z","-b_c":[1,-2],"d":{"e":"\""},"f":"s","g":1}`, got)
}
