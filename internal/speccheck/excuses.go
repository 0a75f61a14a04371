package speccheck

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Defect is one known error of a provider's spec, excused by name with the
// reason beside it. A defect either repairs the loaded document (Repair:
// the wrong declaration is corrected, never dropped), or excuses the
// validation problems whose message contains Match: of the examples whose
// location starts with At (Kind "example"), or of one operation's requests
// or answers (Kind "request" or "response", Op). Nothing here turns a
// check off.
type Defect struct {
	Spec   string // "blueink", "zigned", "zigned-oauth", "legalesign"
	Name   string
	Reason string

	Repair func(*openapi3.T) error

	Kind  string // "example", "request" or "response"
	At    string // Kind "example": location prefix ("" any example of the spec)
	Op    Op     // Kind "request"/"response": the operation ("" any)
	Match string // substring of the problem's message ("" any problem)
}

// defects is THE list of known spec defects. Keep one entry per defect.
var defects = []Defect{
	// ---- BlueInk
	{
		Spec: "blueink", Name: "bundle-multipart-form-undescribed",
		Reason: "POST /bundles/ consumes multipart/form-data but gives it the JSON body's schema (an allOf that no form " +
			"can carry); BlueInk's reference documents the form as a `bundle_request` field holding that JSON plus " +
			"`files[N]` file parts. The multipart schema is repaired to that form (the JSON itself is checked by the " +
			"JSON request of the same operation)",
		Repair: func(doc *openapi3.T) error {
			op := doc.Paths.Value("/bundles/").Post
			mt := op.RequestBody.Value.Content.Get("multipart/form-data")
			if mt == nil {
				return errors.New("POST /bundles/ takes no multipart/form-data: drop this entry")
			}
			if mt.Schema == nil || mt.Schema.Value == nil || len(mt.Schema.Value.AllOf) == 0 {
				return errors.New("the multipart schema changed: review this entry")
			}
			form := openapi3.NewObjectSchema().WithProperty("bundle_request", openapi3.NewStringSchema().WithMinLength(2))
			form.Required = []string{"bundle_request"}
			for i := 0; i < 20; i++ {
				form.WithProperty(fmt.Sprintf("files[%d]", i), openapi3.NewStringSchema().WithFormat("binary"))
			}
			form.AdditionalProperties = openapi3.AdditionalProperties{Has: ptrBool(false)}
			mt.Schema = openapi3.NewSchemaRef("", form)
			return nil
		},
	},
	{
		Spec: "blueink", Name: "templates-list-declared-as-one-template",
		Reason: "GET /templates/ answers \"a list or Document Templates\" (its own description) and pages like every " +
			"other list (page, per_page, X-Blueink-Pagination; BlueInk's official Python client walks it with its " +
			"PaginatedIterator), but its 200 schema is one DocumentTemplate object, as is the prose reference's sample. " +
			"The answer is repaired to an array of that object",
		Repair: func(doc *openapi3.T) error {
			mt := doc.Paths.Value("/templates/").Get.Responses.Status(200).Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is("object") {
				return errors.New("GET /templates/ no longer answers one object: drop this entry")
			}
			mt.Schema = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: mt.Schema})
			return nil
		},
	},
	{
		Spec: "blueink", Name: "bundle-data-packet-id-null-undeclared",
		Reason: "GET /bundles/{bundleSlug}/data/ gives packet_id \"null if the field value was not filled in by a " +
			"signer (ie, it was an initial_value or default value)\" (its description) without declaring it nullable; " +
			"repaired to nullable",
		Repair: func(doc *openapi3.T) error {
			mt := doc.Paths.Value("/bundles/{bundleSlug}/data/").Get.Responses.Status(200).Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || mt.Schema.Value.Items == nil {
				return errors.New("the data answer changed: review this entry")
			}
			id := mt.Schema.Value.Items.Value.Properties["packet_id"]
			if id == nil || id.Value == nil || id.Value.Nullable {
				return errors.New("packet_id is nullable (or gone): drop this entry")
			}
			id.Value.Nullable = true
			return nil
		},
	},
	{
		Spec: "blueink", Name: "bundle-request-envelope-template-undeclared",
		Reason: "POST /bundles/ also creates a bundle from an envelope template: BlueInk's official JS client 1.4.0 " +
			"(\"the API handles envelope_template in the request body\") and .NET client send packets plus " +
			"envelope_template {template_id, field_values} and no documents; the 2.2.3 spec requires documents and does " +
			"not declare envelope_template. Repaired: envelope_template is declared, and documents is required unless it is given",
		Repair: func(doc *openapi3.T) error {
			mt := doc.Paths.Value("/bundles/").Post.RequestBody.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
				return errors.New("POST /bundles/ takes no JSON: review this entry")
			}
			var req *openapi3.Schema
			for _, part := range mt.Schema.Value.AllOf {
				if part.Value != nil && slices.Contains(part.Value.Required, "documents") {
					req = part.Value
				}
			}
			if req == nil || req.Properties["envelope_template"] != nil {
				return errors.New("documents is optional (or envelope_template declared) now: drop this entry")
			}
			req.Required = slices.DeleteFunc(slices.Clone(req.Required), func(r string) bool { return r == "documents" })
			value := openapi3.NewObjectSchema().WithProperty("key", openapi3.NewStringSchema()).
				WithProperty("initial_value", &openapi3.Schema{})
			value.Required = []string{"key"}
			env := openapi3.NewObjectSchema().WithProperty("template_id", openapi3.NewStringSchema().WithMinLength(1)).
				WithProperty("field_values", openapi3.NewArraySchema().WithItems(value))
			env.Required = []string{"template_id"}
			req.WithProperty("envelope_template", env)
			req.OneOf = openapi3.SchemaRefs{
				openapi3.NewSchemaRef("", &openapi3.Schema{Required: []string{"documents"}}),
				openapi3.NewSchemaRef("", &openapi3.Schema{Required: []string{"envelope_template"}}),
			}
			return nil
		},
	},
	{
		Spec: "blueink", Name: "bundle-list-filters-as-the-reference-documents",
		Reason: "the reference 2.2.4 documents GET /bundles/'s status__in as a comma-separated list (\"Statuses should " +
			"be comma separated\"), ordering with a \"-\" prefix (\"Prefix with '-' to reverse the sort order\"; the " +
			"default is -created) and the created/sent/completed date ranges (created_after, created_before, ..., " +
			"YYYY-MM-DD); the 2.2.3 spec types status__in and ordering as one enum value and lacks the date ranges. " +
			"Repaired: status__in is a comma-separated list of the statuses, ordering takes the \"-\" forms, and " +
			"the six date parameters are declared as dates",
		Repair: func(doc *openapi3.T) error {
			op := doc.Paths.Value("/bundles/").Get
			var statusIn, ordering *openapi3.Parameter
			for _, p := range op.Parameters {
				switch {
				case p.Value == nil:
				case p.Value.Name == "status__in":
					statusIn = p.Value
				case p.Value.Name == "ordering":
					ordering = p.Value
				case strings.HasSuffix(p.Value.Name, "_after"):
					return errors.New("GET /bundles/ declares date ranges now: review this entry")
				}
			}
			if statusIn == nil || ordering == nil || statusIn.Schema == nil || len(statusIn.Schema.Value.Enum) == 0 {
				return errors.New("GET /bundles/ changed its status__in or ordering: review this entry")
			}
			var codes []string
			for _, v := range statusIn.Schema.Value.Enum {
				codes = append(codes, fmt.Sprint(v))
			}
			one := "(" + strings.Join(codes, "|") + ")"
			statusIn.Schema = openapi3.NewSchemaRef("", openapi3.NewStringSchema().WithPattern("^"+one+"(,"+one+")*$"))
			list := ordering.Schema.Value
			for _, v := range slices.Clone(list.Enum) {
				list.Enum = append(list.Enum, "-"+fmt.Sprint(v))
			}
			for _, field := range []string{"created", "sent", "completed"} {
				for _, side := range []string{"_after", "_before"} {
					p := openapi3.NewQueryParameter(field + side).WithSchema(openapi3.NewStringSchema().WithPattern(`^\d{4}-\d{2}-\d{2}$`))
					op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: p})
				}
			}
			return nil
		},
	},
	{
		Spec: "blueink", Name: "webhook-log-filters-as-described",
		Reason: "GET /webhooks/events/ and /webhooks/deliveries/ declare one `date` parameter (a date-time) whose own " +
			"description filters with date_after and date_before (\"Dates are expressed as YYYY-MM-DD\", e.g. " +
			"`?date_after=2022-10-01&date_before=2022-10-31`), and describe event_type__in and status__in lists " +
			"(`?event_type__in=bundle_error,bundle_cancelled`, `?status__in=0,1,2`) they do not declare. Repaired: " +
			"`date` becomes date_after and date_before (YYYY-MM-DD), and the two comma-separated lists are declared",
		Repair: func(doc *openapi3.T) error {
			for _, path := range []string{"/webhooks/events/", "/webhooks/deliveries/"} {
				op := doc.Paths.Value(path).Get
				i := slices.IndexFunc(op.Parameters, func(p *openapi3.ParameterRef) bool { return p.Value != nil && p.Value.Name == "date" })
				if i < 0 {
					return errors.New(path + " declares no `date` parameter now: review this entry")
				}
				param := func(name, pattern string) *openapi3.ParameterRef {
					return &openapi3.ParameterRef{Value: openapi3.NewQueryParameter(name).WithSchema(openapi3.NewStringSchema().WithPattern(pattern))}
				}
				day := `^\d{4}-\d{2}-\d{2}$`
				op.Parameters = slices.Replace(op.Parameters, i, i+1, param("date_after", day), param("date_before", day),
					param("event_type__in", `^[a-z_]+(,[a-z_]+)*$`), param("status__in", `^\d+(,\d+)*$`))
			}
			return nil
		},
	},
	{
		Spec: "blueink", Name: "pagination-parameters-undeclared", Kind: "request",
		Reason: "the list operations declare their filters but not page and per_page, which the reference's " +
			"Overview→Pagination documents for every list (\"Pagination can be controlled via Pagination parameters\")",
		Match: `page" is not declared`, // "page" and "per_page"
	},
	{
		Spec: "blueink", Name: "bundle-request-status-undeclared", Kind: "request", Op: "POST /bundles/",
		Reason: "the API reference 2.2.4 documents a BundleRequest's status (\"dr\" creates a draft that is not sent); " +
			"the 2.2.3 spec's BundleRequest does not declare it",
		Match: "property body.status is not declared",
	},
	{
		Spec: "blueink", Name: "webhook-name-undeclared", Kind: "request",
		Reason: "a webhook's name is required by the API (BlueInk's official JS client 1.4.0: \"Required. A human-readable " +
			"name for the Webhook\"; the .NET client requires it too); the 2.2.3 spec's Webhook does not declare it",
		Match: "property body.name is not declared",
	},
	{
		Spec: "blueink", Name: "event-packet-id-typed-uuid",
		Reason: "Event.packet_id and Bundle.data[].packet_id are typed `format: uuid`, but packets are identified by a " +
			"slug (the reference: \"The slug that uniquely identifies the Packet\"; Packet.id is a plain string); the " +
			"format is dropped",
		Repair: func(doc *openapi3.T) error {
			return repairEach(doc, "no packet_id is a uuid now: drop this entry", func(s *openapi3.Schema) bool {
				p := s.Properties["packet_id"]
				if p == nil || p.Value == nil || p.Value.Format != "uuid" {
					return false
				}
				p.Value.Format = ""
				return true
			})
		},
	},
	// ---- Zigned
	{
		Spec: "zigned", Name: "multipart-allOf-without-object-type",
		Reason: "the multipart/form-data bodies (POST /files, attachments) are an allOf of object schemas with no " +
			"`type: object` of their own, which kin-openapi's form decoder requires; every branch is an object, so " +
			"stating it on the allOf changes no meaning",
		Repair: func(doc *openapi3.T) error {
			n := 0
			for _, p := range doc.Paths.InMatchingOrder() {
				for _, op := range doc.Paths.Value(p).Operations() {
					if op.RequestBody == nil || op.RequestBody.Value == nil {
						continue
					}
					mt := op.RequestBody.Value.Content.Get("multipart/form-data")
					if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
						continue
					}
					sc := mt.Schema.Value
					if sc.Type == nil && len(sc.AllOf) > 0 {
						sc.Type = &openapi3.Types{"object"}
						n++
					}
				}
			}
			if n == 0 {
				return errors.New("no untyped multipart allOf left: drop this entry")
			}
			return nil
		},
	},
	{
		Spec: "zigned", Name: "webhook-subscriptions-oneOf-overlap",
		Reason: "PUT /webhooks/{webhook_id} subscriptions[] is a oneOf of {event} and {event, unsubscribe: true}; the " +
			"first branch does not forbid `unsubscribe`, so every unsubscribe entry matches both and no oneOf can pass. " +
			"Repaired to anyOf (either form)",
		Repair: func(doc *openapi3.T) error {
			body := doc.Paths.Value("/webhooks/{webhook_id}").Put.RequestBody.Value.Content.Get("application/json").Schema.Value
			var items *openapi3.Schema
			walkSchemas(&openapi3.T{Paths: openapi3.NewPaths(), Components: &openapi3.Components{Schemas: openapi3.Schemas{"b": openapi3.NewSchemaRef("", body)}}},
				func(at string, s *openapi3.Schema) {
					if strings.HasSuffix(at, ".subscriptions[]") && len(s.OneOf) == 2 {
						items = s
					}
				})
			if items == nil {
				return errors.New("subscriptions[] is no longer a two-branch oneOf: review this entry")
			}
			items.AnyOf, items.OneOf = items.OneOf, nil
			return nil
		},
	},
	{
		Spec: "zigned", Name: "boolean-discriminator-identity-enforcement",
		Reason: "participants' identity_enforcement is a oneOf with `discriminator: {propertyName: enabled}` over a " +
			"boolean; OpenAPI discriminators name a string property (kin-openapi refuses every value). The two " +
			"branches are told apart by `enabled: enum [true]` / `enum [false]` already, so the discriminator is dropped",
		Repair: func(doc *openapi3.T) error {
			return repairEach(doc, "no discriminator on enabled left: drop this entry", func(s *openapi3.Schema) bool {
				if s.Discriminator == nil || s.Discriminator.PropertyName != "enabled" {
					return false
				}
				s.Discriminator = nil
				return true
			})
		},
	},
	// ---- Legalesign
	{
		Spec: "legalesign", Name: "string-defaults-written-as-booleans",
		Reason: "several `type: string` schemas (the `archived` list filter, TemplatePdfFieldDetail.validation_extra, …) " +
			"give `default: false`, a boolean; the default is rewritten as the string \"false\" (defaults are documentation: " +
			"nothing here sends or relies on them)",
		Repair: func(doc *openapi3.T) error {
			return repairEach(doc, "no boolean default on a string schema: the spec was fixed, drop this entry", func(s *openapi3.Schema) bool {
				if _, ok := s.Default.(bool); !ok || !s.Type.Is("string") {
					return false
				}
				s.Default = fmt.Sprint(s.Default)
				return true
			})
		},
	},
	{
		Spec: "legalesign", Name: "templatepdf-delete-path-parameter-name",
		Reason: "DELETE /templatepdf/{pdfId}/delete/ declares its path parameter as `templatepdf`, not `pdfId`; " +
			"the declaration is renamed to the template's name",
		Repair: func(doc *openapi3.T) error {
			item := doc.Paths.Value("/templatepdf/{pdfId}/delete/")
			if item == nil {
				return errors.New("path /templatepdf/{pdfId}/delete/ is gone")
			}
			for _, p := range item.Parameters {
				if p.Value != nil && p.Value.In == "path" && p.Value.Name == "templatepdf" {
					p.Value.Name = "pdfId"
					return nil
				}
			}
			return errors.New("no path parameter templatepdf: the spec was fixed, drop this entry")
		},
	},
	{
		Spec: "legalesign", Name: "relative-resource-uris-typed-uri",
		Reason: "Tastypie resource references (resource_uri, user, group, members, …) are relative paths " +
			"(/api/v1/group/x/) in every example and answer, but typed `format: uri` (an absolute URI); " +
			"repaired to `uri-reference`, checked as an absolute URL or an absolute path",
		Repair: func(doc *openapi3.T) error {
			return repairEach(doc, "no format uri left: drop this entry", func(s *openapi3.Schema) bool {
				if s.Format != "uri" {
					return false
				}
				s.Format = "uri-reference"
				return true
			})
		},
	},
	{
		Spec: "legalesign", Name: "document-list-cache-undeclared", Kind: "request", Op: "GET /document/",
		Reason: "the callbacks documentation recommends ?cache=1 on the document list for the overnight sync; " +
			"the spec does not declare it",
		Match: `query parameter "cache" is not declared`,
	},
	{
		Spec: "legalesign", Name: "invited-list-pagination-undeclared", Kind: "request", Op: "GET /invited/",
		Reason: "the invitation list declares only group, not the limit and offset every other Tastypie list " +
			"of the API declares (the client sends them only when set)",
		Match: `is not declared`,
	},
	{
		Spec: "legalesign", Name: "example-timestamps-2020-05-20T:15:10", Kind: "example",
		Reason: "every timestamp example is `2020-05-20T:15:10` (no hour, no seconds, no offset), not a date-time",
		Match:  `doesn't match the format "date-time"`,
	},
	{
		Spec: "legalesign", Name: "example-placeholder-uuids", Kind: "example",
		Reason: "example ids are placeholders such as t0t0t0t0-t0t0-… or d0d0d0d0-d0fd0-…, not UUIDs",
		Match:  `doesn't match the format "uuid"`,
	},
	{
		Spec: "legalesign", Name: "document-list-example-signers-as-strings", Kind: "example",
		At:     "#/components/schemas/DocumentListResponse.objects",
		Reason: "the document list example writes each `signers` row as one comma-joined string; the schema (and the API) give an array",
		Match:  `/signers/`,
	},
	{
		Spec: "legalesign", Name: "document-list-example-template-None", Kind: "example",
		At:     "#/components/schemas/DocumentListResponse.objects",
		Reason: "the document list example gives `template: None` (a Python repr of null) where the schema wants a template URI",
		Match:  `"/0/template": string doesn't match the regular expression`,
	},
	{
		Spec: "legalesign", Name: "group-list-example-not-a-list", Kind: "example",
		At:     "#/components/schemas/GroupListResponse.objects",
		Reason: "the `objects` example of the group list is one group object, not an array",
		Match:  "value must be an array",
	},
	{
		Spec: "legalesign", Name: "group-example-footer-height-string", Kind: "example",
		At:     "#/components/schemas/GroupResponse",
		Reason: "the group example's footer_height is not the integer the schema declares",
		Match:  `"/footer_height": value must be an integer`,
	},
	{
		Spec: "legalesign", Name: "templatepdf-fields-example-python-repr", Kind: "example",
		At: "#/components/schemas/TemplatePdfFieldsList.objects",
		Reason: "the PDF template fields example is pasted from a Python repr: `fieldorder: null,` and `page: 1,` " +
			"(trailing commas make strings), `logic_action: null`, `validation: None`",
	},
	{
		Spec: "legalesign", Name: "templatepdf-example-resource-uri-without-slash", Kind: "example",
		At:     "#/components/schemas/TemplatePdfListResponse.objects[]",
		Reason: "the PDF template example's resource_uri is `api/v1/templatepdf/…/` (no leading slash, so neither a URI nor a path)",
		Match:  `"/resource_uri": string doesn't match the format "uri-reference"`,
	},
	{
		Spec: "legalesign", Name: "document-detail-untyped-with-list-example",
		Reason: "DocumentResponseDetail (the answer of GET /document/{docId}/) declares properties but no `type: object`, " +
			"so any JSON value, its own example (a one-element list) included, would pass; repaired to `type: object`",
		Repair: func(doc *openapi3.T) error {
			ref := doc.Components.Schemas["DocumentResponseDetail"]
			if ref == nil || ref.Value == nil || ref.Value.Type != nil {
				return errors.New("DocumentResponseDetail is typed now (or gone): drop this entry")
			}
			ref.Value.Type = &openapi3.Types{"object"}
			return nil
		},
	},
	{
		Spec: "legalesign", Name: "document-detail-example-is-a-list", Kind: "example",
		At:     "#/components/schemas/DocumentResponseDetail (schema example)",
		Reason: "the example of one document is a list holding one document (see document-detail-untyped-with-list-example)",
		Match:  "value must be an object",
	},
	{
		Spec: "legalesign", Name: "document-create-201-body-only-with-signer-links", Kind: "response", Op: "POST /document/",
		Reason: "the 201 of POST /document/ declares an application/json body, which its own description says is sent only " +
			"when return_signer_links is set; otherwise the 201 carries the Location header and no body (so no JSON content type)",
		Match: `response header Content-Type has unexpected value: ""`,
	},
	{
		Spec: "legalesign", Name: "document-signer-decide-later-skip-without-names",
		Reason: "DocumentSignerPost requires email, firstname and lastname on every signers[] entry, while its own " +
			"decide_later (\"If you use this leave all other attributes blank\") and skip (\"Leave all other attributes " +
			"blank\") say such an entry carries nothing else, and the names' patterns refuse blanks: no such signer could " +
			"validate. Repaired: the three are required unless decide_later or skip is true",
		Repair: func(doc *openapi3.T) error {
			ref := doc.Components.Schemas["DocumentSignerPost"]
			if ref == nil || ref.Value == nil {
				return errors.New("DocumentSignerPost is gone: review this entry")
			}
			s := ref.Value
			req := slices.Sorted(slices.Values(s.Required))
			if !slices.Equal(req, []string{"email", "firstname", "lastname"}) || s.Properties["decide_later"] == nil || s.Properties["skip"] == nil {
				return errors.New("DocumentSignerPost's required fields or markers changed: review this entry")
			}
			named := openapi3.NewSchema()
			named.Required = s.Required
			marker := func(p string) *openapi3.SchemaRef {
				m := openapi3.NewSchema().WithProperty(p, &openapi3.Schema{Type: &openapi3.Types{"boolean"}, Enum: []any{true}})
				m.Required = []string{p}
				return openapi3.NewSchemaRef("", m)
			}
			s.Required = nil
			s.AnyOf = openapi3.SchemaRefs{openapi3.NewSchemaRef("", named), marker("decide_later"), marker("skip")}
			return nil
		},
	},
	{
		Spec: "legalesign", Name: "user-groups-pattern-one-uri",
		Reason: "UserPost.groups is described as a \"comma delimited list of groups to add user to\", but its pattern " +
			"(^/api/v1/group/[-\\w]{1,50}/$) admits exactly one group URI. Repaired: a comma-delimited list of such URIs",
		Repair: func(doc *openapi3.T) error {
			const one = `^/api/v1/group/[-\w]{1,50}/$`
			ref := doc.Components.Schemas["UserPost"]
			if ref == nil || ref.Value == nil || ref.Value.Properties["groups"] == nil || ref.Value.Properties["groups"].Value == nil {
				return errors.New("UserPost.groups is gone: review this entry")
			}
			g := ref.Value.Properties["groups"].Value
			if g.Pattern != one {
				return errors.New("UserPost.groups' pattern changed: review this entry")
			}
			g.Pattern = `^/api/v1/group/[-\w]{1,50}/(,/api/v1/group/[-\w]{1,50}/)*$`
			return nil
		},
	},
	{
		Spec: "legalesign", Name: "template-patch-body-typed-string",
		Reason: "PATCH /template/{templateId}/ takes TemplateDetailPatch, declared `type: string` while described as " +
			"\"json with any fields to update\" (a JSON object); repaired to `type: object`",
		Repair: func(doc *openapi3.T) error {
			ref := doc.Components.Schemas["TemplateDetailPatch"]
			if ref == nil || ref.Value == nil || !ref.Value.Type.Is("string") {
				return errors.New("TemplateDetailPatch is no longer a string: drop this entry")
			}
			ref.Value.Type = &openapi3.Types{"object"}
			return nil
		},
	},
}

func ptrBool(b bool) *bool { return &b }

// repairEach applies fix to every schema of the document (walkSchemas) and
// fails with stale when it fixed none: the defect is gone, so its entry
// must go too.
func repairEach(doc *openapi3.T, stale string, fix func(*openapi3.Schema) bool) error {
	n := 0
	walkSchemas(doc, func(_ string, s *openapi3.Schema) {
		if fix(s) {
			n++
		}
	})
	if n == 0 {
		return errors.New(stale)
	}
	return nil
}
