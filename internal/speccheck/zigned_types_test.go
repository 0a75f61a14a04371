package speccheck

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/esignkit/esign/zigned"
)

var (
	zTimeType       = reflect.TypeOf(zigned.Time{})
	zRelationPrefix = reflect.TypeOf(zigned.Relation[zigned.File]{}).PkgPath() + ".Relation"
)

func zIsRelation(t reflect.Type) bool {
	return strings.HasPrefix(t.PkgPath()+"."+t.Name(), zRelationPrefix)
}

// zIsRelationSchema reports a polymorphic relation: a cuid (or a list of
// cuids) beside a nested envelope (data) in a oneOf, or an envelope alone.
func zIsRelationSchema(m *openapi3.Schema) bool {
	var id, env bool
	for _, b := range m.OneOf {
		if b == nil || b.Value == nil {
			continue
		}
		bm := Merged(b.Value)
		switch {
		case bm.Type.Is("string") && bm.Format == "cuid":
			id = true
		case bm.Type.Is("array") && bm.Items != nil && bm.Items.Value != nil && bm.Items.Value.Format == "cuid":
			id = true
		case bm.Properties["data"] != nil:
			env = true
		}
	}
	return (id && env) || (m.Properties["data"] != nil && m.Properties["result_type"] != nil)
}

// zCompareType walks a Go type beside a Zigned answer schema and reports
// every property the type cannot hold: missing fields and incompatible
// kinds. Relations must be Relation or RelationList; alternatives (oneOf)
// must all fit.
func zCompareType(goType reflect.Type, ref *openapi3.SchemaRef, at string) []string {
	for goType.Kind() == reflect.Pointer {
		goType = goType.Elem()
	}
	if ref == nil || ref.Value == nil {
		return nil
	}
	m := Merged(ref.Value)
	if zIsRelationSchema(m) {
		if !zIsRelation(goType) {
			return []string{fmt.Sprintf("%s: a relation (id, ids, envelope or null) held in %s", at, goType)}
		}
		return nil
	}
	if m.Format == "null" {
		return nil // a "null" alternative: any field holds its zero value
	}
	if len(m.OneOf) > 0 {
		var errs []string
		for _, b := range Alternatives(m) {
			errs = append(errs, zCompareType(goType, openapi3.NewSchemaRef("", b), at)...)
		}
		slices.Sort(errs)
		return slices.Compact(errs)
	}
	typ := ""
	switch {
	case m.Type.Is("object") || (m.Type == nil && len(m.Properties) > 0):
		typ = "object"
	case m.Type != nil && len(*m.Type) == 1:
		typ = (*m.Type)[0]
	}
	kindOK := func(ok bool) []string {
		if ok {
			return nil
		}
		return []string{fmt.Sprintf("%s: spec type %s held in %s", at, typ, goType)}
	}
	switch typ {
	case "object":
		if goType.Kind() != reflect.Struct || goType == zTimeType {
			return kindOK(false)
		}
		fields := JSONFields(goType)
		var errs []string
		for _, name := range sortedKeys(m.Properties) {
			f, ok := fields[name]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: no field in %s", at, name, goType))
				continue
			}
			errs = append(errs, zCompareType(f.Type, m.Properties[name], at+"."+name)...)
		}
		return errs
	case "array":
		if goType.Kind() != reflect.Slice {
			return kindOK(false)
		}
		return zCompareType(goType.Elem(), m.Items, at+"[]")
	case "string":
		return kindOK(goType.Kind() == reflect.String || goType == zTimeType)
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
		return nil // null alternatives and free-form values
	}
	return kindOK(false)
}

// TestZignedResponseTypes compares the Go type each client method returns
// with the data schema of its operation's 200 answer: every property the
// spec lists has a field of a compatible kind, relations are Relation or
// RelationList, nested objects are compared field by field.
func TestZignedResponseTypes(t *testing.T) {
	s := Load(t, "zigned")
	m := NewMock(t, s)
	c, err := zigned.NewClientWithToken("tok_test", zOptions(zigned.WithBaseURL(m.URL))...)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range zignedDrivers() {
		t.Run(string(d.op), func(t *testing.T) {
			var got []any
			_ = d.call(context.WithValue(context.Background(), zresults{}, &got), c)
			method, path, _ := strings.Cut(string(d.op), " ")
			item := s.Doc.Paths.Value(path)
			if item == nil || item.GetOperation(method) == nil {
				t.Fatalf("%s: not in the spec", d.op)
			}
			resp := item.GetOperation(method).Responses.Value("200")
			if resp == nil || resp.Value == nil || resp.Value.Content.Get("application/json") == nil {
				t.Fatalf("%s: no JSON 200 answer", d.op)
			}
			env := Merged(resp.Value.Content.Get("application/json").Schema.Value)
			data := env.Properties["data"]
			if data == nil {
				t.Fatalf("%s: the answer has no data", d.op)
			}
			if len(got) == 0 {
				t.Fatalf("%s: no call returned a value", d.op)
			}
			for _, v := range got {
				n++
				for _, p := range zCompareType(reflect.TypeOf(v), data, "data") {
					t.Error(p)
				}
			}
		})
	}
	t.Logf("%d results compared with their answer schemas", n)

	// The comparison fails what it must: a type without the agreement's
	// fields, and a string where the spec has an object.
	agreement := Merged(s.Doc.Paths.Value("/agreements/{agreement_id}").Get.Responses.Value("200").Value.
		Content.Get("application/json").Schema.Value).Properties["data"]
	if errs := zCompareType(reflect.TypeOf(struct {
		ID string `json:"id"`
	}{}), agreement, "data"); len(errs) == 0 {
		t.Error("a struct with only an id passed for an agreement")
	}
	if errs := zCompareType(reflect.TypeOf(""), agreement, "data"); len(errs) == 0 {
		t.Error("a string passed for an agreement")
	}
}
