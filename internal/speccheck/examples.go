package speccheck

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// Example is one example value the spec gives, with the schema it is an
// example of.
type Example struct {
	At     string // location, e.g. "GET /bundles/ 200 application/json"
	Schema *openapi3.Schema
	Value  any
	// Op and Status are set for the examples of an operation's answers.
	Op     Op
	Status string
}

// Examples lists every example of the document: schema examples, and the
// examples of parameters, request bodies and answers.
func (s *Spec) Examples() []Example {
	var out []Example
	walkSchemas(s.Doc, func(at string, sc *openapi3.Schema) {
		if sc.Example != nil {
			out = append(out, Example{At: at + " (schema example)", Schema: sc, Value: sc.Example})
		}
	})
	media := func(at string, op Op, status string, c openapi3.Content) {
		for _, ct := range sortedKeys(c) {
			mt := c[ct]
			if mt.Schema == nil || mt.Schema.Value == nil {
				continue
			}
			if mt.Example != nil {
				out = append(out, Example{At: at + " " + ct, Schema: mt.Schema.Value, Value: mt.Example, Op: op, Status: status})
			}
			for _, name := range sortedKeys(mt.Examples) {
				if e := mt.Examples[name]; e != nil && e.Value != nil {
					out = append(out, Example{At: at + " " + ct + " " + name, Schema: mt.Schema.Value, Value: e.Value.Value, Op: op, Status: status})
				}
			}
		}
	}
	params := func(at string, ps openapi3.Parameters) {
		for _, p := range ps {
			if p.Value == nil || p.Value.Schema == nil || p.Value.Schema.Value == nil {
				continue
			}
			if p.Value.Example != nil {
				out = append(out, Example{At: at + " " + p.Value.In + " " + p.Value.Name, Schema: p.Value.Schema.Value, Value: p.Value.Example})
			}
		}
	}
	for _, p := range s.Doc.Paths.InMatchingOrder() {
		item := s.Doc.Paths.Value(p)
		params(p, item.Parameters)
		for _, m := range sortedKeys(item.Operations()) {
			op := item.Operations()[m]
			name := Op(m + " " + p)
			params(string(name), op.Parameters)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				media(string(name)+" body", "", "", op.RequestBody.Value.Content)
			}
			if op.Responses == nil {
				continue
			}
			for _, code := range sortedKeys(op.Responses.Map()) {
				if r := op.Responses.Value(code); r != nil && r.Value != nil {
					media(string(name)+" "+code, name, code, r.Value.Content)
				}
			}
		}
	}
	return out
}

// CheckExample validates an example against its schema; problems a named
// defect excuses are left out.
func (s *Spec) CheckExample(e Example) (problems []string, excused []string) {
	for _, err := range flatten(e.Schema.VisitJSON(e.Value, schemaOptions()...)) {
		msg := oneLine(err.Error())
		if d := s.defectAt("example", e.At, msg); d != nil {
			excused = append(excused, d.Name)
			continue
		}
		problems = append(problems, msg)
	}
	return problems, excused
}
