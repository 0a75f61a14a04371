package legacyv1

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specDoc is the Legalesign OpenAPI file decoded generically.
type specDoc struct{ *spectest.Tree }

func loadSpec(t *testing.T) *specDoc {
	t.Helper()
	return &specDoc{spectest.Load(t, "legalesign-v1-openapi.yaml")}
}

func asMap(v any) map[string]any { return spectest.M(v) }

func asList(v any) []any { return spectest.L(v) }

// queryParams lists the query parameters declared on the path item and the
// operation.
func (s *specDoc) queryParams(item, op map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, src := range [][]any{asList(item["parameters"]), asList(op["parameters"])} {
		for _, p := range src {
			pm := s.Deref(p)
			if pm["in"] == "query" {
				out[pm["name"].(string)] = true
			}
		}
	}
	return out
}

// undeclaredKeys walks a JSON value against a schema and returns the object
// keys the schema does not declare (schemas without properties accept any).
func (s *specDoc) undeclaredKeys(schema any, v any, at string) []string {
	sc := s.Deref(schema)
	if sc == nil {
		return nil
	}
	var out []string
	switch val := v.(type) {
	case map[string]any:
		props := asMap(sc["properties"])
		if props == nil {
			return nil
		}
		for k, sub := range val {
			if _, ok := props[k]; !ok {
				out = append(out, at+k)
				continue
			}
			out = append(out, s.undeclaredKeys(props[k], sub, at+k+".")...)
		}
	case []any:
		for _, el := range val {
			out = append(out, s.undeclaredKeys(sc["items"], el, at+"[].")...)
		}
	}
	return out
}

// Documented outside the OpenAPI file, hence allowed on the wire:
var specExtras = map[string]bool{
	// "?cache=1" on /document/: the callbacks documentation recommends it for
	// the overnight sync.
	"GET /document/ query cache": true,
	// "text" on POST /document/: described by POST /template/ ("You can use
	// the 'text' attribute in /document/ to create and send your HTML").
	"POST /document/ body text": true,
	// limit/offset on /invited/: the spec declares only group, but it is a
	// Tastypie list like the others (sent only when set).
	"GET /invited/ query limit":  true,
	"GET /invited/ query offset": true,
}

// TestSpecParametersAndBodies checks every request of the wire cases against
// the official spec: each query parameter is one the operation declares
// (filter names exactly as in the spec), and each JSON body key is a
// property of the operation's request schema, nested objects included.
func TestSpecParametersAndBodies(t *testing.T) {
	spec := loadSpec(t)
	for _, tc := range wireCases() {
		c, m := newMockClient(t, tc.reply)
		_, err := tc.call(context.Background(), c)
		require.NoError(t, err, tc.name)
		for _, call := range m.Calls() {
			path := strings.TrimPrefix(call.Path, "/api/v1")
			tmpl, item, op := spec.Operation(call.Method, path)
			require.NotNil(t, op, "%s: %s %s is not in the spec", tc.name, call.Method, path)
			opName := call.Method + " " + tmpl

			declared := spec.queryParams(item, op)
			for k := range call.Query {
				assert.True(t, declared[k] || specExtras[opName+" query "+k], "%s: query parameter %q is not declared by %s", tc.name, k, opName)
			}

			if len(call.Body) == 0 {
				continue
			}
			schema := asMap(asMap(asMap(asMap(op["requestBody"])["content"])["application/json"]))["schema"]
			require.NotNil(t, schema, "%s: %s declares no JSON body", tc.name, opName)
			var body any
			require.NoError(t, json.Unmarshal(call.Body, &body), tc.name)
			var bad []string
			for _, k := range spec.undeclaredKeys(schema, body, "") {
				if !specExtras[opName+" body "+k] {
					bad = append(bad, k)
				}
			}
			sort.Strings(bad)
			assert.Empty(t, bad, "%s: body keys %s does not declare", tc.name, opName)
		}
	}
}

// TestSpecListFilters builds each list's query from its options type with
// every field set and compares the parameter names with the spec's: every
// declared filter is reachable and none is misspelt.
func TestSpecListFilters(t *testing.T) {
	spec := loadSpec(t)
	page := ListOptions{Limit: 10, Offset: 20}
	docQ, err := (&DocumentListOptions{Group: "g", Archived: Bool(true), Status: DocumentSigned, Email: "a@b.c",
		CreatedAfter: time.Unix(1, 0), ModifiedAfter: time.Unix(2, 0), NoSigners: true, Cache: true, ListOptions: page}).values()
	require.NoError(t, err)
	pageQ := url.Values{}
	page.apply(pageQ)
	tmplQ := (&TemplateListOptions{Group: "g", Archive: Bool(false), ListOptions: page}).values()
	groupQ := (&GroupListOptions{Group: "g", ListOptions: page}).values()
	for path, q := range map[string]url.Values{
		"/document/":    docQ,
		"/status/":      (&StatusListOptions{Filter: "true", ListOptions: page}).values(),
		"/templatepdf/": tmplQ,
		"/template/":    tmplQ,
		"/group/":       pageQ,
		"/member/":      groupQ,
		"/attachment/":  groupQ,
		"/invited/":     groupQ,
	} {
		_, item, op := spec.Operation("GET", path)
		require.NotNil(t, op, path)
		var want, got []string
		for k := range spec.queryParams(item, op) {
			want = append(want, k)
		}
		for k := range q {
			got = append(got, k)
			if !spec.queryParams(item, op)[k] {
				assert.True(t, specExtras["GET "+path+" query "+k], "%s: %q is not a declared filter", path, k)
				want = append(want, k)
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		assert.Equal(t, want, got, "%s: every declared filter is settable", path)
	}
}
