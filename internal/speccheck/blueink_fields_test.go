package speccheck

import (
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/esignkit/esign/blueink"
)

// TestBlueInkStructsCoverSchemas checks, for every schema of BlueInk's
// Swagger 2.2.3 and the nested objects inside them, that the Go type it
// decodes into (or is sent from) has a JSON member for every property, so
// no documented field is silently dropped or sent under a misspelt tag.
func TestBlueInkStructsCoverSchemas(t *testing.T) {
	s := Load(t, "blueink")
	def := func(name string) *openapi3.Schema {
		ref := s.Doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			t.Fatalf("definition %s", name)
		}
		return ref.Value
	}
	prop := func(sc *openapi3.Schema, path ...string) *openapi3.Schema {
		for _, p := range path {
			next := Properties(sc)[p]
			if next == nil || next.Value == nil {
				t.Fatalf("property %s", p)
			}
			sc = next.Value
		}
		return sc
	}
	cases := []struct {
		schema string
		s      *openapi3.Schema
		v      any
		// aliases maps a spec property to the member that carries it ("":
		// read-only, not part of the request).
		aliases map[string]string
	}{
		{"Bundle", def("Bundle"), blueink.Bundle{}, nil},
		{"Bundle.documents[]", prop(def("Bundle"), "documents"), blueink.BundleDocument{}, nil},
		{"Bundle.data[]", prop(def("Bundle"), "data"), blueink.BundleFieldValue{}, nil},
		{"Bundle.errors[]", prop(def("Bundle"), "errors"), blueink.BundleError{}, nil},
		// The spec's misspelt "messsage" decodes into Message.
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
			props := Properties(tc.s)
			if len(props) == 0 {
				t.Fatal("the schema has no properties")
			}
			have, err := JSONMembers(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range sortedKeys(props) {
				want := p
				if alias, ok := tc.aliases[p]; ok {
					if alias == "" {
						continue
					}
					want = alias
				}
				if !slices.Contains(have, want) {
					t.Errorf("%s: property %q has no JSON member in %T (members %v)", tc.schema, p, tc.v, have)
				}
			}
		})
	}
}
