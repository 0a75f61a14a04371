package speccheck

import (
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// walkSchemas calls f once on every schema reachable from the document
// (components, parameters, bodies, responses, headers; nested schemas
// included), in a stable order, with a readable location.
func walkSchemas(doc *openapi3.T, f func(at string, s *openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(at string, r *openapi3.SchemaRef)
	walk = func(at string, r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		f(at, s)
		for _, k := range sortedKeys(s.Properties) {
			walk(at+"."+k, s.Properties[k])
		}
		walk(at+"[]", s.Items)
		for i, b := range s.AllOf {
			walk(at+".allOf", b)
			_ = i
		}
		for _, b := range s.OneOf {
			walk(at+".oneOf", b)
		}
		for _, b := range s.AnyOf {
			walk(at+".anyOf", b)
		}
		walk(at+".not", s.Not)
		if s.AdditionalProperties.Schema != nil {
			walk(at+".*", s.AdditionalProperties.Schema)
		}
	}
	params := func(at string, ps openapi3.Parameters) {
		for _, p := range ps {
			if p.Value != nil {
				walk(at+" "+p.Value.In+" "+p.Value.Name, p.Value.Schema)
			}
		}
	}
	content := func(at string, c openapi3.Content) {
		for _, mt := range sortedKeys(c) {
			walk(at+" "+mt, c[mt].Schema)
		}
	}
	if doc.Components != nil {
		for _, k := range sortedKeys(doc.Components.Schemas) {
			walk("#/components/schemas/"+k, doc.Components.Schemas[k])
		}
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		params(p, item.Parameters)
		for _, m := range sortedKeys(item.Operations()) {
			op := item.Operations()[m]
			at := m + " " + p
			params(at, op.Parameters)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(at+" body", op.RequestBody.Value.Content)
			}
			if op.Responses == nil {
				continue
			}
			for _, code := range sortedKeys(op.Responses.Map()) {
				r := op.Responses.Value(code)
				if r == nil || r.Value == nil {
					continue
				}
				content(at+" "+code, r.Value.Content)
				for _, h := range sortedKeys(r.Value.Headers) {
					if hv := r.Value.Headers[h]; hv != nil && hv.Value != nil {
						walk(at+" "+code+" header "+h, hv.Value.Schema)
					}
				}
			}
		}
	}
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
