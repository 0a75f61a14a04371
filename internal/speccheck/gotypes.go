package speccheck

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Merged flattens a schema's allOf into one schema: the properties and
// required fields of every branch; oneOf, anyOf and the rest are kept (a
// branch's when the schema has none of its own). Schemas without allOf are
// returned as they are.
func Merged(s *openapi3.Schema) *openapi3.Schema {
	if s == nil || len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.AllOf = nil
	out.Properties = openapi3.Schemas{}
	out.Required = append([]string(nil), s.Required...)
	for _, b := range s.AllOf {
		if b == nil || b.Value == nil {
			continue
		}
		bm := Merged(b.Value)
		for k, v := range bm.Properties {
			out.Properties[k] = v
		}
		out.Required = append(out.Required, bm.Required...)
		if out.Type == nil {
			out.Type = bm.Type
		}
		if len(out.OneOf) == 0 {
			out.OneOf = bm.OneOf
		}
		if out.Items == nil {
			out.Items = bm.Items
		}
		if out.Format == "" {
			out.Format = bm.Format
		}
	}
	for k, v := range s.Properties {
		out.Properties[k] = v
	}
	if len(out.Properties) > 0 {
		out.Type = &openapi3.Types{"object"}
	}
	return &out
}

// Alternatives returns the alternatives of a merged schema: one per oneOf
// branch, each combined with the properties and required fields declared
// beside the oneOf (allOf [base, oneOf [...]]), or the schema itself when
// it has no oneOf.
func Alternatives(m *openapi3.Schema) []*openapi3.Schema {
	if len(m.OneOf) == 0 {
		return []*openapi3.Schema{m}
	}
	var out []*openapi3.Schema
	for _, b := range m.OneOf {
		if b == nil || b.Value == nil {
			continue
		}
		bm := Merged(b.Value)
		if len(m.Properties) == 0 {
			out = append(out, Alternatives(bm)...)
			continue
		}
		for _, sub := range Alternatives(bm) {
			c := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{}}
			for k, v := range m.Properties {
				c.Properties[k] = v
			}
			for k, v := range sub.Properties {
				c.Properties[k] = v
			}
			c.Required = append(append([]string(nil), m.Required...), sub.Required...)
			out = append(out, c)
		}
	}
	return out
}

// Properties returns the properties of a schema, allOf merged; for an
// array schema, the properties of its items.
func Properties(s *openapi3.Schema) openapi3.Schemas {
	m := Merged(s)
	if m == nil {
		return nil
	}
	if len(m.Properties) == 0 && m.Items != nil && m.Items.Value != nil {
		return Properties(m.Items.Value)
	}
	return m.Properties
}

// JSONMembers lists the JSON member names of a Go struct value (embedded
// structs flattened), or, for a type with its own MarshalJSON, the members
// of its encoded value.
func JSONMembers(v any) ([]string, error) {
	if _, custom := v.(json.Marshaler); custom {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		return sortedKeys(m), nil
	}
	var walk func(rt reflect.Type) []string
	walk = func(rt reflect.Type) []string {
		var out []string
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-":
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				out = append(out, walk(f.Type)...)
			case !f.IsExported():
			case name != "":
				out = append(out, name)
			default:
				out = append(out, f.Name)
			}
		}
		return out
	}
	return walk(reflect.TypeOf(v)), nil
}

// JSONFields maps the JSON names of a struct type's exported fields to the
// fields.
func JSONFields(t reflect.Type) map[string]reflect.StructField {
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
