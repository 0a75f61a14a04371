package zigned_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/esignkit/esign/zigned"
)

// openAPI is the REST v3 spec, decoded generically, with just enough of
// OpenAPI ($ref, allOf, oneOf, nullable, enum) to validate our requests and
// compare our types with the spec's schemas.
type openAPI struct{ *spectest.Tree }

var (
	specOnce sync.Once
	specDoc  *openAPI
	specErr  error
)

// loadOpenAPI decodes the spec once per test binary (it is read only).
func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	path := spectest.Path(t, specFile)
	specOnce.Do(func() {
		tree, err := spectest.ParseTree(path)
		specDoc, specErr = &openAPI{tree}, err
	})
	require.NoError(t, specErr)
	return specDoc
}

func mapOf(v any) map[string]any { return spectest.M(v) }

func listOf(v any) []any { return spectest.L(v) }

// merged flattens allOf into one object schema: properties and required of
// every branch. oneOf and anyOf are left in place.
func (s *openAPI) merged(node any) map[string]any {
	m := s.Deref(node)
	all := listOf(m["allOf"])
	if len(all) == 0 {
		return m
	}
	out := map[string]any{}
	props := map[string]any{}
	var required []any
	for k, v := range m {
		if k != "allOf" {
			out[k] = v
		}
	}
	for _, b := range all {
		bm := s.merged(b)
		for k, v := range bm {
			switch k {
			case "properties":
				for pk, pv := range mapOf(v) {
					props[pk] = pv
				}
			case "required":
				required = append(required, listOf(v)...)
			default:
				out[k] = v
			}
		}
	}
	if len(props) > 0 {
		out["properties"] = props
		out["type"] = "object"
	}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// branches returns the alternatives of a schema: one per oneOf branch, each
// combined with the properties and required fields declared beside the
// oneOf (allOf [base, oneOf [...]] is how the spec writes participants and
// signatures), or the schema itself when it has no oneOf.
func (s *openAPI) branches(m map[string]any) []map[string]any {
	one := listOf(m["oneOf"])
	if len(one) == 0 {
		return []map[string]any{m}
	}
	var out []map[string]any
	for _, b := range one {
		bm := s.merged(b)
		if len(mapOf(m["properties"])) == 0 {
			out = append(out, s.branches(bm)...)
			continue
		}
		for _, sub := range s.branches(bm) {
			c := map[string]any{"type": "object"}
			props := map[string]any{}
			for k, v := range mapOf(m["properties"]) {
				props[k] = v
			}
			for k, v := range mapOf(sub["properties"]) {
				props[k] = v
			}
			c["properties"] = props
			c["required"] = append(slices.Clone(listOf(m["required"])), listOf(sub["required"])...)
			out = append(out, c)
		}
	}
	return out
}

// validate checks a decoded JSON value against a schema, refusing
// properties the schema does not declare (the spec declares every field it
// accepts). It returns one message per problem.
func (s *openAPI) validate(v any, node any, at string) []string {
	m := s.merged(node)
	if m == nil {
		return nil
	}
	if v == nil {
		if m["nullable"] == true || m["format"] == "null" {
			return nil
		}
		if one := listOf(m["oneOf"]); len(one) > 0 {
			for _, b := range s.branches(m) {
				if len(s.validate(nil, b, at)) == 0 {
					return nil
				}
			}
		}
		return []string{at + ": null is not allowed"}
	}
	if one := listOf(m["oneOf"]); len(one) > 0 {
		var all []string
		for i, b := range s.branches(m) {
			errs := s.validate(v, b, at)
			if len(errs) == 0 {
				return nil
			}
			all = append(all, fmt.Sprintf("[oneOf %d] %s", i, strings.Join(errs, "; ")))
		}
		return []string{at + ": matches no oneOf branch: " + strings.Join(all, " | ")}
	}
	if enum := listOf(m["enum"]); len(enum) > 0 {
		if !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
			return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
		}
	}
	switch m["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T is not an object", at, v)}
		}
		var errs []string
		props := mapOf(m["properties"])
		for _, r := range listOf(m["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: required", at, r))
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p, ok := props[k]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: not in the spec", at, k))
				continue
			}
			errs = append(errs, s.validate(obj[k], p, at+"."+k)...)
		}
		return errs
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T is not an array", at, v)}
		}
		var errs []string
		for i, it := range arr {
			errs = append(errs, s.validate(it, m["items"], fmt.Sprintf("%s[%d]", at, i))...)
		}
		return errs
	case "string":
		if _, ok := v.(string); !ok {
			return []string{fmt.Sprintf("%s: %T is not a string", at, v)}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{fmt.Sprintf("%s: %T is not a boolean", at, v)}
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return []string{fmt.Sprintf("%s: %v is not an integer", at, v)}
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return []string{fmt.Sprintf("%s: %T is not a number", at, v)}
		}
	}
	return nil
}

// recorded is one request of a wire case, as it left the client.
type recorded struct {
	req  *http.Request
	body []byte
	v    any
}

func recordWireCases(t *testing.T) map[string]recorded {
	t.Helper()
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var (
		cur  *wireCase
		last recorded
	)
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		last.req = r
		last.body = nil
		if r.Body != nil {
			last.body, _ = io.ReadAll(r.Body)
		}
		return jsonResponder(200, cur.resp)(r)
	})
	out := map[string]recorded{}
	for _, tc := range wireCases() {
		cur, last = &tc, recorded{}
		v, _, err := tc.call(context.Background(), c)
		require.NoError(t, err, tc.name)
		require.NotNil(t, last.req, tc.name)
		last.v = v
		out[tc.name] = last
	}
	return out
}

// TestSpecRequests validates every request of the wire table against its
// spec operation: each query parameter is declared (in: query) with a valid
// value, each JSON body validates against the request body schema with no
// undeclared property, and multipart fields are the schema's.
func TestSpecRequests(t *testing.T) {
	spec := loadOpenAPI(t)
	for name, rec := range recordWireCases(t) {
		t.Run(name, func(t *testing.T) {
			path := strings.TrimPrefix(rec.req.URL.Path, "/rest/v3")
			tmpl, _, op := spec.Operation(rec.req.Method, path)
			require.NotNil(t, op, "%s %s is not in the spec", rec.req.Method, path)

			params := map[string]map[string]any{}
			for _, p := range listOf(op["parameters"]) {
				pm := spec.Deref(p)
				if pm["in"] == "query" {
					params[pm["name"].(string)] = pm
				}
			}
			for k, vs := range rec.req.URL.Query() {
				p, ok := params[k]
				if !assert.True(t, ok, "query parameter %q is not declared by %s %s", k, rec.req.Method, tmpl) {
					continue
				}
				for _, v := range vs {
					sch := spec.Deref(p["schema"])
					if enum := listOf(sch["enum"]); len(enum) > 0 {
						assert.Contains(t, enum, v, "query %s", k)
					}
					if pat, ok := sch["pattern"].(string); ok {
						assert.Regexp(t, pat, v, "query %s", k)
					}
				}
			}

			rb := spec.Deref(op["requestBody"])
			content := mapOf(rb["content"])
			if len(rec.body) == 0 {
				assert.True(t, rb == nil || rb["required"] != true, "%s %s needs a body", rec.req.Method, tmpl)
				return
			}
			ct, params2, err := mime.ParseMediaType(rec.req.Header.Get("Content-Type"))
			require.NoError(t, err)
			media := mapOf(content[ct])
			require.NotNil(t, media, "%s %s takes no %s body", rec.req.Method, tmpl, ct)
			schema := media["schema"]
			switch ct {
			case "application/json":
				var v any
				require.NoError(t, json.Unmarshal(rec.body, &v))
				assert.Empty(t, spec.validate(v, schema, "body"))
			case "multipart/form-data":
				fields := map[string]any{}
				mr := multipart.NewReader(bytes.NewReader(rec.body), params2["boundary"])
				for {
					p, err := mr.NextPart()
					if err == io.EOF {
						break
					}
					require.NoError(t, err)
					data, _ := io.ReadAll(p)
					fields[p.FormName()] = string(data)
				}
				assert.Empty(t, spec.validate(fields, schema, "form"))
			default:
				t.Fatalf("unexpected content type %s", ct)
			}
		})
	}
}

// specFixtureExceptions are the wire fixtures that deliberately leave the
// spec, to prove that the client copes with what Zigned actually sends.
var specFixtureExceptions = map[string]string{
	// The spec describes a signing group's expanded participants as a
	// "single" envelope of a signing_group; we send the participant.
	"signing groups get": "expanded signing group participants",
}

// TestSpecResponseFixtures validates the canned answers of the wire table
// against the spec's 200 response schemas, so the decoding assertions run on
// spec-shaped bodies.
func TestSpecResponseFixtures(t *testing.T) {
	spec := loadOpenAPI(t)
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			if why, ok := specFixtureExceptions[tc.name]; ok {
				t.Skip(why)
			}
			_, _, op := spec.Operation(tc.method, tc.path)
			require.NotNil(t, op)
			resp := spec.Deref(mapOf(op["responses"])["200"])
			schema := mapOf(mapOf(resp["content"])["application/json"])["schema"]
			var v any
			require.NoError(t, json.Unmarshal([]byte(tc.resp), &v))
			assert.Empty(t, spec.validate(v, schema, "response"))
		})
	}
}

var (
	timeType       = reflect.TypeOf(zigned.Time{})
	relationPrefix = reflect.TypeOf(zigned.Relation[zigned.File]{}).PkgPath() + ".Relation"
)

// jsonFields maps the JSON names of a struct's fields to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func isRelation(t reflect.Type) bool {
	return strings.HasPrefix(t.PkgPath()+"."+t.Name(), relationPrefix)
}

// isRelationSchema reports a polymorphic relation: an id string beside a
// nested envelope (data) in a oneOf.
func (s *openAPI) isRelationSchema(m map[string]any) bool {
	var id, env bool
	for _, b := range listOf(m["oneOf"]) {
		bm := s.merged(b)
		switch {
		case bm["type"] == "string" && bm["format"] == "cuid":
			id = true
		case bm["type"] == "array" && s.Deref(bm["items"])["format"] == "cuid":
			id = true
		case mapOf(bm["properties"])["data"] != nil:
			env = true
		}
	}
	props := mapOf(m["properties"])
	return (id && env) || (props["data"] != nil && props["result_type"] != nil) // an envelope alone

}

// compareType walks a Go type beside a response schema and reports every
// property the type cannot hold: missing fields and incompatible kinds.
func (s *openAPI) compareType(goType reflect.Type, node any, at string) []string {
	for goType.Kind() == reflect.Pointer {
		goType = goType.Elem()
	}
	m := s.merged(node)
	if s.isRelationSchema(m) {
		if !isRelation(goType) {
			return []string{fmt.Sprintf("%s: a relation (id, ids, envelope or null) held in %s", at, goType)}
		}
		return nil
	}
	if m["format"] == "null" {
		return nil // a "null" alternative: any field holds its zero value
	}
	if one := listOf(m["oneOf"]); len(one) > 0 {
		// Alternatives (approver/signer, signature methods, scope kinds,
		// enabled or not): the type must hold the union of their properties.
		var errs []string
		for _, b := range s.branches(m) {
			errs = append(errs, s.compareType(goType, b, at)...)
		}
		slices.Sort(errs)
		return slices.Compact(errs)
	}
	typ, _ := m["type"].(string)
	if typ == "" && m["properties"] != nil {
		typ = "object"
	}
	kindOK := func(ok bool) []string {
		if ok {
			return nil
		}
		return []string{fmt.Sprintf("%s: spec type %s held in %s", at, typ, goType)}
	}
	switch typ {
	case "object":
		if goType.Kind() != reflect.Struct || goType == timeType {
			return kindOK(false)
		}
		fields := jsonFields(goType)
		var errs []string
		for name, p := range mapOf(m["properties"]) {
			f, ok := fields[name]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: no field in %s", at, name, goType))
				continue
			}
			errs = append(errs, s.compareType(f.Type, p, at+"."+name)...)
		}
		return errs
	case "array":
		if goType.Kind() != reflect.Slice {
			return kindOK(false)
		}
		return s.compareType(goType.Elem(), m["items"], at+"[]")
	case "string":
		return kindOK(goType.Kind() == reflect.String || goType == timeType)
	case "boolean":
		return kindOK(goType.Kind() == reflect.Bool)
	case "integer":
		switch goType.Kind() {
		case reflect.Int, reflect.Int32, reflect.Int64:
			return nil
		}
		return kindOK(false)
	case "number":
		return kindOK(goType.Kind() == reflect.Float64)
	case "":
		return nil // "type: null" alternatives and free-form values
	}
	return kindOK(false)
}

// TestSpecResponseTypes compares the Go type each method returns with the
// data schema of the operation's 200 response: every property the spec
// lists has a field of a compatible kind, relations are Relation or
// RelationList, and nested objects are compared field by field.
func TestSpecResponseTypes(t *testing.T) {
	spec := loadOpenAPI(t)
	for name, rec := range recordWireCases(t) {
		t.Run(name, func(t *testing.T) {
			path := strings.TrimPrefix(rec.req.URL.Path, "/rest/v3")
			_, _, op := spec.Operation(rec.req.Method, path)
			require.NotNil(t, op)
			resp := spec.Deref(mapOf(op["responses"])["200"])
			env := spec.merged(mapOf(mapOf(resp["content"])["application/json"])["schema"])
			data := mapOf(env["properties"])["data"]
			require.NotNil(t, data)
			assert.Empty(t, spec.compareType(reflect.TypeOf(rec.v), data, "data"))
		})
	}
}

// TestSpecErrorShape checks that the error bodies the error tests decode
// (TestAPI401IsUnauthorized, TestAPIErrorsMapToSentinels) are the spec's
// error schema, and that every operation documents that same schema.
func TestSpecErrorShape(t *testing.T) {
	spec := loadOpenAPI(t)
	n := 0
	for tmpl, item := range mapOf(spec.Root["paths"]) {
		for method, op := range mapOf(item) {
			resp := spec.Deref(mapOf(mapOf(op)["responses"])["400"])
			require.NotNil(t, resp, "%s %s documents no error", method, tmpl)
			schema := mapOf(mapOf(resp["content"])["application/json"])["schema"]
			for _, body := range []string{
				zignedUnauthorized,
				`{"status":"error","error":{"code":404,"message":"nope","request_id":"r-1"}}`,
			} {
				var v any
				require.NoError(t, json.Unmarshal([]byte(body), &v))
				assert.Empty(t, spec.validate(v, schema, "error"), "%s %s", method, tmpl)
			}
			n++
		}
	}
	assert.Equal(t, 62, n)
}
