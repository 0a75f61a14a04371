package speccheck

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/webhook"
)

// The tolerant decoder fed the spec's own examples (this test reads the
// spec, so it lives with the other spec readers; internal/tolerant keeps
// its tests on inline fixtures).

func wantPaths(t *testing.T, issues []webhook.DecodeIssue, want ...string) {
	t.Helper()
	var got []string
	for _, is := range issues {
		got = append(got, is.Path)
	}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("issue paths:\n got %q\nwant %q\n%v", got, want, issues)
	}
}

// Legalesign's spec examples: created/modified like "2020-05-20T:15:10",
// "None" for nullable strings, signers as strings instead of positional
// arrays.
func TestTolerantLegalesignExamples(t *testing.T) {
	schemas := Load(t, "legalesign").Doc.Components.Schemas
	example := func(ref *openapi3.SchemaRef) []byte {
		t.Helper()
		if ref == nil || ref.Value == nil || ref.Value.Example == nil {
			t.Fatalf("no example in %v", ref)
		}
		ex := ref.Value.Example
		b, err := json.Marshal(ex)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	// The list answer's objects (the example sits on the objects array),
	// in the Tastypie envelope legacyv1 decodes.
	objects := example(schemas["DocumentListResponse"].Value.Properties["objects"])
	page := []byte(`{"meta":{"limit":20,"next":null,"offset":0,"previous":null,"total_count":1},"objects":` + string(objects) + `}`)
	var env struct {
		Meta struct {
			TotalCount int `json:"total_count"`
		} `json:"meta"`
		Objects []legacyv1.Document `json:"objects"`
	}
	issues, err := tolerant.Decode(page, &env, tolerant.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, issues, "objects[0].created", "objects[0].modified", "objects[0].signers[0]", "objects[0].signers[1]")
	if env.Meta.TotalCount != 1 || len(env.Objects) != 1 {
		t.Fatalf("envelope: %+v", env)
	}
	d := env.Objects[0]
	if d.Created.Raw() != "2020-05-20T:15:10" || d.Name != "test cs_agreement" || d.Status != 10 || d.Tag2 != "andFinalRef" || len(d.Signers) != 2 {
		t.Fatalf("document: %+v", d)
	}

	var m legacyv1.Member
	issues, err = tolerant.Decode(example(schemas["MemberResponse"]), &m, tolerant.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, issues, "created", "modified")
	if m.Permission != 1 || m.User == "" || m.Modified.Raw() != "2020-05-20T:15:10" {
		t.Fatalf("member: %+v", m)
	}
}

// Zigned agreements: a bad timestamp and a wrong shape among typed fields.
