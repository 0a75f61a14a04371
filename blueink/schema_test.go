package blueink_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/spectest"
)

// swaggerSchema is the part of a Swagger 2.0 schema the test needs.
type swaggerSchema struct {
	Ref        string                    `json:"$ref"`
	AllOf      []*swaggerSchema          `json:"allOf"`
	Properties map[string]*swaggerSchema `json:"properties"`
	Items      *swaggerSchema            `json:"items"`
}

type swaggerDoc struct {
	Definitions map[string]*swaggerSchema `json:"definitions"`
}

// resolve follows $ref and merges allOf into one set of properties.
func (d *swaggerDoc) resolve(t *testing.T, s *swaggerSchema) map[string]*swaggerSchema {
	t.Helper()
	if s == nil {
		return nil
	}
	if s.Ref != "" {
		def, ok := d.Definitions[strings.TrimPrefix(s.Ref, "#/definitions/")]
		require.True(t, ok, "unresolved %s", s.Ref)
		return d.resolve(t, def)
	}
	if s.Items != nil && len(s.Properties) == 0 && len(s.AllOf) == 0 {
		return d.resolve(t, s.Items)
	}
	props := map[string]*swaggerSchema{}
	for _, part := range s.AllOf {
		for k, v := range d.resolve(t, part) {
			props[k] = v
		}
	}
	for k, v := range s.Properties {
		props[k] = v
	}
	return props
}

// jsonNames lists the JSON member names of a struct type (embedded structs
// flattened), or, for types with their own MarshalJSON, the members of the
// encoded zero value.
func jsonNames(t *testing.T, v any) []string {
	t.Helper()
	if _, custom := v.(json.Marshaler); custom {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		var out []string
		for k := range m {
			out = append(out, k)
		}
		return out
	}
	var walk func(rt reflect.Type) []string
	walk = func(rt reflect.Type) []string {
		var out []string
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			tag := f.Tag.Get("json")
			name, _, _ := strings.Cut(tag, ",")
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
	return walk(reflect.TypeOf(v))
}

// TestStructsCoverSwaggerSchemas checks, for every schema of BlueInk's
// Swagger 2.2.3 and the nested objects inside them, that the Go type it
// decodes into has a JSON member for every property, so no documented
// field is silently dropped (or sent under a misspelled tag).
func TestStructsCoverSwaggerSchemas(t *testing.T) {
	raw, err := os.ReadFile(spectest.Path(t, "blueink-v2-swagger-2.2.3.json"))
	require.NoError(t, err)
	var doc swaggerDoc
	require.NoError(t, json.Unmarshal(raw, &doc))

	def := func(name string) *swaggerSchema {
		s, ok := doc.Definitions[name]
		require.True(t, ok, "definition %s", name)
		return s
	}
	prop := func(s *swaggerSchema, path ...string) *swaggerSchema {
		for _, p := range path {
			props := doc.resolve(t, s)
			next, ok := props[p]
			require.True(t, ok, "property %s", p)
			s = next
		}
		return s
	}
	cases := []struct {
		schema string
		s      *swaggerSchema
		v      any
		// aliases maps a spec property to the member that carries it.
		aliases map[string]string
	}{
		{"Bundle", def("Bundle"), blueink.Bundle{}, nil},
		{"Bundle.documents[]", prop(def("Bundle"), "documents"), blueink.BundleDocument{}, nil},
		{"Bundle.data[]", prop(def("Bundle"), "data"), blueink.BundleFieldValue{}, nil},
		{"Bundle.errors[]", prop(def("Bundle"), "errors"), blueink.BundleError{}, nil},
		// The spec's misspelled "messsage" decodes into Message (see
		// TestBundleFieldErrorSpellings).
		{"Bundle.errors[].errors[]", prop(def("Bundle"), "errors", "errors"), blueink.BundleFieldError{}, map[string]string{"messsage": "message"}},
		{"BundleRequest", def("BundleRequest"), blueink.BundleRequest{}, nil},
		{"PacketRequest", def("PacketRequest"), blueink.PacketRequest{}, nil},
		{"DocumentRequest", def("DocumentRequest"), blueink.DocumentRequest{}, nil},
		{"DocumentRequestField", def("DocumentRequestField"), blueink.DocumentRequestField{}, nil},
		{"TemplateRequest", def("TemplateRequest"), blueink.TemplateRequest{}, nil},
		{"TemplateRequest.assignments[]", prop(def("TemplateRequest"), "assignments"), blueink.TemplateAssignment{}, nil},
		{"TemplateRequest.field_values[]", prop(def("TemplateRequest"), "field_values"), blueink.TemplateFieldValue{}, nil},
		{"Packet", def("Packet"), blueink.Packet{}, nil},
		{"PacketCommon (PacketUpdate)", def("PacketCommon"), blueink.PacketUpdate{}, nil},
		{"BundleCommon (BundleUpdate)", def("BundleCommon"), blueink.BundleUpdate{}, nil},
		{"Event", def("Event"), blueink.BundleEvent{}, nil},
		{"File", def("File"), blueink.BundleFile{}, nil},
		{"BundleFieldData", def("BundleFieldData"), blueink.BundleFieldData{}, nil},
		{"BundleFieldData.attachments[]", prop(def("BundleFieldData"), "attachments"), blueink.Attachment{}, nil},
		{"DocumentTemplate", def("DocumentTemplate"), blueink.Template{}, nil},
		{"DocumentTemplate.roles[]", prop(def("DocumentTemplate"), "roles"), blueink.TemplateRole{}, nil},
		{"DocumentTemplateField", def("DocumentTemplateField"), blueink.TemplateField{}, nil},
		{"EmbedURL", def("EmbedURL"), blueink.EmbedURL{}, nil},
		{"Person", def("Person"), blueink.Person{}, nil},
		{"Person (PersonRequest)", def("Person"), blueink.PersonRequest{}, map[string]string{"id": "", "is_user": ""}},
		{"ContactChannel", def("ContactChannel"), blueink.ContactChannel{}, nil},
		{"Webhook", def("Webhook"), blueink.Webhook{}, nil},
		{"Webhook (WebhookRequest)", def("Webhook"), blueink.WebhookRequest{}, map[string]string{"id": ""}},
		{"Webhook.extra_headers[]", prop(def("Webhook"), "extra_headers"), blueink.WebhookExtraHeader{}, nil},
		{"WebhookExtraHeader", def("WebhookExtraHeader"), blueink.WebhookExtraHeader{}, nil},
		{"WebhookEvent", def("WebhookEvent"), blueink.WebhookEvent{}, nil},
		{"WebhookEvent.deliveries[]", prop(def("WebhookEvent"), "deliveries"), blueink.WebhookDelivery{}, nil},
		{"WebhookDelivery", def("WebhookDelivery"), blueink.WebhookDelivery{}, nil},
		{"WebhookSecret", def("WebhookSecret"), blueink.WebhookSecret{}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.schema, func(t *testing.T) {
			props := doc.resolve(t, tc.s)
			require.NotEmpty(t, props, "schema has no properties")
			have := jsonNames(t, tc.v)
			for p := range props {
				want := p
				if alias, ok := tc.aliases[p]; ok {
					if alias == "" {
						continue // read-only, not part of the request
					}
					want = alias
				}
				assert.True(t, slices.Contains(have, want), "%s: property %q has no JSON member in %T (members %v)", tc.schema, p, tc.v, have)
			}
		})
	}
}
