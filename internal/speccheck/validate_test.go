package speccheck

import (
	"net/http"
	"strings"
	"testing"
)

// TestUndeclaredRefused checks what the oracle adds to kin-openapi: a query
// parameter or a body property the operation does not declare is refused
// (nested ones included), and a declared one is not.
func TestUndeclaredRefused(t *testing.T) {
	s := Load(t, "zigned")
	check := func(method, target, body string) []string {
		r, err := http.NewRequest(method, "http://x/rest/v3"+target, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Authorization", "Bearer tok")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		res, _, _ := s.CheckRequest(r, []byte(body))
		var out []string
		for _, p := range res.Problems {
			out = append(out, p.Message)
		}
		return out
	}
	has := func(probs []string, want string) bool {
		for _, p := range probs {
			if strings.Contains(p, want) {
				return true
			}
		}
		return false
	}
	if p := check("GET", "/agreements?status=pending&bogus=1", ""); !has(p, `query parameter "bogus" is not declared`) || has(p, `"status"`) {
		t.Errorf("query: %v", p)
	}
	p := check("POST", "/agreements", `{"send_emails": false, "bogus": 1, "issuer": {"name": "Jane", "email": "jane@example.com", "nested_bogus": true}}`)
	if !has(p, "property body.bogus is not declared") || !has(p, "property body.issuer.nested_bogus is not declared") || has(p, "body.send_emails") || has(p, "body.issuer.name") {
		t.Errorf("body: %v", p)
	}
}
