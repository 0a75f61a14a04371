package speccheck

import (
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Sample builds a value of a schema for answers the spec gives no example
// of: the schema's own example when it validates, else the first enum
// value, else a value generated from the type and format (every property
// of an object, one item of an array). It is deterministic. Validation is
// not its job: the mock server validates what it answers with kin-openapi.
func Sample(ref *openapi3.SchemaRef) any { return sample(ref, 0) }

// maxDepth bounds recursive schemas (a schema met again on its own path
// stops there too).
const maxDepth = 40

func sample(ref *openapi3.SchemaRef, depth int) any {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	if s.Example != nil && s.VisitJSON(s.Example, schemaOptions()...) == nil {
		return s.Example
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	if len(s.AllOf) > 0 {
		out := map[string]any{}
		for _, b := range s.AllOf {
			if m, ok := sample(b, depth).(map[string]any); ok {
				for k, v := range m {
					out[k] = v
				}
			}
		}
		if m, ok := sampleObject(s, depth).(map[string]any); ok {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	for _, alts := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf} {
		for _, b := range alts {
			if b.Value == nil || b.Value.Format == "null" {
				continue
			}
			v := sample(b, depth)
			if len(s.Properties) > 0 { // properties beside the oneOf
				if m, ok := v.(map[string]any); ok {
					for k, pv := range sampleObject(s, depth).(map[string]any) {
						m[k] = pv
					}
				}
			}
			return v
		}
	}
	switch {
	case s.Type.Is("object") || (s.Type == nil && len(s.Properties) > 0):
		return sampleObject(s, depth)
	case s.Type.Is("array"):
		if depth >= maxDepth {
			return []any{}
		}
		n := 1
		if s.MinItems > 1 {
			n = int(s.MinItems)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = sample(s.Items, depth+1)
		}
		return out
	case s.Type.Is("string"):
		return sampleString(s)
	case s.Type.Is("integer"):
		if s.Min != nil {
			return int64(*s.Min)
		}
		return int64(1)
	case s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 1.5
	case s.Type.Is("boolean"):
		return true
	}
	if s.Nullable {
		return nil
	}
	return "sample"
}

func sampleObject(s *openapi3.Schema, depth int) any {
	out := map[string]any{}
	if depth >= maxDepth {
		return out
	}
	for _, k := range sortedKeys(s.Properties) {
		out[k] = sample(s.Properties[k], depth+1)
	}
	return out
}

func sampleString(s *openapi3.Schema) string {
	v := "sample"
	switch s.Format {
	case "date-time":
		v = "2024-01-02T03:04:05Z"
	case "date":
		v = "2024-01-02"
	case "email":
		v = "jane@example.com"
	case "uuid":
		v = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	case "uri", "url", "uri-reference":
		v = "https://example.com/sample"
	case "cuid":
		v = "csampleabcdefghijklmnopqr"
	case "phone":
		v = "505 555 1234"
	case "b58":
		v = "3yQbnNf7"
	case "binary":
		v = "%PDF-1.4"
	case "byte":
		v = "c2FtcGxl"
	}
	if s.Pattern != "" {
		v = patternSample(s.Pattern, v)
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = strings.Repeat("x", int(*s.MaxLength))
	}
	return v
}

// resourcePattern matches the Tastypie resource-URI patterns of the
// Legalesign spec: ^/api/v1/<resource>/[-\w]{1,N}/$.
var resourcePattern = regexp.MustCompile(`^\^(/api/v1/[a-z]+/)\[-\\w\]\{1,\d+\}/\$$`)

// patternSample returns v when it matches the pattern, else a value built
// for the pattern shapes the specs use.
func patternSample(pattern, v string) string {
	re, err := compilePattern(pattern)
	if err != nil || re.MatchString(v) {
		return v
	}
	if m := resourcePattern.FindStringSubmatch(pattern); m != nil {
		return m[1] + "3f2504e0-4f89-41d3-9a0c-0305e82c3301/"
	}
	for _, cand := range []string{"sample", "https://example.com/sample", "2024-01-02T03:04:05Z", "default", ""} {
		if re.MatchString(cand) {
			return cand
		}
	}
	return v
}
