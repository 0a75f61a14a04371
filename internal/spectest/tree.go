package spectest

import (
	"os"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// Tree is an OpenAPI or Swagger document (YAML or JSON) parsed into generic
// maps, for tests that check query parameters, bodies and schemas against
// the provider's specification.
type Tree struct {
	Root map[string]any
}

// Load parses ../shared/specs/<name>, skipping the test when the file is
// absent and failing it when the file does not parse.
func Load(tb testing.TB, name string) *Tree {
	tb.Helper()
	t, err := ParseTree(Path(tb, name))
	if err != nil {
		tb.Fatalf("spectest: %s: %v", name, err)
	}
	return t
}

// ParseTree parses the document at path.
func ParseTree(path string) (*Tree, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil { // YAML is a superset of JSON
		return nil, err
	}
	return &Tree{Root: root}, nil
}

// M returns v as an object, or nil.
func M(v any) map[string]any { m, _ := v.(map[string]any); return m }

// L returns v as a list, or nil.
func L(v any) []any { l, _ := v.([]any); return l }

// Deref follows local $ref pointers ("#/components/schemas/X") until the
// node is a plain object; cycles end after 32 hops (nil).
func (t *Tree) Deref(node any) map[string]any {
	m := M(node)
	for i := 0; m != nil && i < 32; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = t.Root
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = M(cur)[part]
		}
		m = M(cur)
	}
	if m != nil {
		if _, ok := m["$ref"]; ok {
			return nil
		}
	}
	return m
}

// Operation returns the path template, path item and operation that a
// request with method and concrete path hits, or "" and nils. A literal
// segment wins over a parameter (/participants/batch over
// /participants/{id}). Templates are matched with surrounding space
// trimmed (some specs carry it).
func (t *Tree) Operation(method, path string) (template string, item, op map[string]any) {
	for raw, it := range M(t.Root["paths"]) {
		tmpl := strings.TrimSpace(raw)
		if !Match(tmpl, path) {
			continue
		}
		o := M(M(it)[strings.ToLower(method)])
		if o != nil && (op == nil || strings.Count(tmpl, "{") < strings.Count(template, "{")) {
			template, item, op = tmpl, M(it), o
		}
	}
	return template, item, op
}
