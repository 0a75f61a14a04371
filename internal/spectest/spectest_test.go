package spectest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOperationsJSON(t *testing.T) {
	p := write(t, "s.json", `{"swagger":"2.0","paths":{
		"/bundles/":{"get":{},"post":{},"parameters":[]},
		"/bundles/{slug}/":{"GET":{},"delete":{},"x-extension":{}}}}`)
	ops, err := Operations(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []Operation{{"DELETE", "/bundles/{slug}/"}, {"GET", "/bundles/"}, {"GET", "/bundles/{slug}/"}, {"POST", "/bundles/"}}
	if !reflect.DeepEqual(ops, want) {
		t.Fatalf("ops = %v", ops)
	}
}

func TestOperationsYAML(t *testing.T) {
	p := write(t, "s.yaml", `openapi: 3.0.0
info:
  title: x
  description: |
    get:
paths: # the operations
  /agreements:
    get:
      responses:
        "200":
          content:
            application/json:
              schema:
                properties:
                  get:
                    type: string
    post:
      summary: create
  '/agreements/{id}':  
      parameters:
      - name: id
        in: path
      get:
        operationId: x
      delete:
        operationId: y
  # a comment between items
  "/files/{file_id}/":
    parameters: []
    put:
      x: 1
components:
  paths:
    /not/an/op:
      get: {}
`)
	ops, err := Operations(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []Operation{
		{"DELETE", "/agreements/{id}"}, {"GET", "/agreements"}, {"GET", "/agreements/{id}"},
		{"POST", "/agreements"}, {"PUT", "/files/{file_id}/"},
	}
	if !reflect.DeepEqual(ops, want) {
		t.Fatalf("ops = %v\nwant %v", ops, want)
	}
	if ops[0].String() != "DELETE /agreements/{id}" {
		t.Fatal(ops[0].String())
	}
}

func TestOperationsErrors(t *testing.T) {
	for name, content := range map[string]string{
		"empty.yaml":   "",
		"nopaths.yaml": "openapi: 3.0.0\ninfo:\n  title: x\n",
		"bad.json":     `{"paths":`,
		"empty.json":   `{"paths":{}}`,
	} {
		if _, err := Operations(write(t, name, content)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if _, err := Operations(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Fatal("missing file: want an error")
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		template, concrete string
		want               bool
	}{
		{"/bundles/{slug}/", "/bundles/abc/", true},
		{"/bundles/{slug}/", "/bundles/abc", false},
		{"/bundles/{slug}", "/bundles/abc/", false},
		{"/bundles/{slug}/", "/bundles//", false},
		{"/bundles/{slug}/send/", "/bundles/a%20b/send/", true},
		{"/bundles/{slug}/send/", "/bundles/x/cancel/", false},
		{"/bundles/", "/bundles/", true},
		{"bundles/", "/bundles/", true},
		{"/bundles/{slug}/", "/bundles/a/b/", false},
		{"/a/{x}/b/{y}", "/a/1/b/2", true},
		{"/a/{x}/b/{y}", "/a/1/c/2", false},
		{"/", "/", true},
	} {
		if got := Match(tc.template, tc.concrete); got != tc.want {
			t.Errorf("Match(%q, %q) = %v", tc.template, tc.concrete, got)
		}
	}
}

func TestUncovered(t *testing.T) {
	ops := []Operation{{"GET", "/bundles/"}, {"GET", "/bundles/{slug}/"}, {"POST", "/bundles/"}, {"PUT", "/bundles/{slug}/cancel/"}}
	calls := []Operation{
		{"GET", "/api/v2/bundles/"}, {"GET", "/api/v2/bundles/abc/"}, {"GET", "/api/v2/bundles/def/"},
		{"POST", "/api/v2/bundles/abc/"}, {"GET", "/api/v2/unknown/"},
	}
	missing, extra := Uncovered(ops, calls, "/api/v2/")
	if !reflect.DeepEqual(missing, []Operation{{"POST", "/bundles/"}, {"PUT", "/bundles/{slug}/cancel/"}}) {
		t.Fatalf("missing = %v", missing)
	}
	if !reflect.DeepEqual(extra, []Operation{{"POST", "/bundles/abc/"}, {"GET", "/unknown/"}}) {
		t.Fatalf("extra = %v", extra)
	}
	if m, e := Uncovered(nil, nil, ""); m != nil || e != nil {
		t.Fatal("empty")
	}
}

func TestLocatorSkipsWhenAbsent(t *testing.T) {
	var inner *testing.T
	t.Run("missing spec", func(t *testing.T) {
		inner = t
		Path(t, "no-such-spec.yaml")
		t.Error("Path must skip when the file is absent")
	})
	if !inner.Skipped() {
		t.Fatal("not skipped")
	}
	t.Run("missing doc", func(t *testing.T) {
		inner = t
		Doc(t, "no-such-doc.md")
		t.Error("Doc must skip when the file is absent")
	})
	if !inner.Skipped() {
		t.Fatal("not skipped")
	}
	if _, ok := Find("specs", "no-such-spec.yaml"); ok {
		t.Fatal("Find found a missing file")
	}
}

// The real specs beside the repository (skipped when absent) parse, and the
// operations a naive reader misses are found.
func TestRealSpecs(t *testing.T) {
	for file, mustHave := range map[string][]Operation{
		"blueink-v2-swagger-2.2.3.json": {{"GET", "/bundles/"}, {"POST", "/bundles/"}},
		"legalesign-v1-openapi.yaml":    {{"GET", "/document/"}, {"DELETE", "/document/{docId}/delete/"}, {"GET", "/document/{docId}/auditlog/"}, {"DELETE", "/templatepdf/{pdfId}/delete/"}},
		"zigned-rest-v3-openapi.yaml":   {{"GET", "/agreements"}, {"DELETE", "/agreements/{agreement_id}"}},
	} {
		t.Run(file, func(t *testing.T) {
			ops, err := Operations(Path(t, file))
			if err != nil {
				t.Fatal(err)
			}
			have := map[Operation]bool{}
			for _, op := range ops {
				if have[op] {
					t.Errorf("duplicate %v", op)
				}
				have[op] = true
				if !strings.HasPrefix(op.Path, "/") || !methods[strings.ToLower(op.Method)] {
					t.Errorf("odd operation %v", op)
				}
			}
			for _, op := range mustHave {
				if !have[op] {
					t.Errorf("%s lacks %v", file, op)
				}
			}
		})
	}
}

func TestTreeDerefAndOperation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.yaml")
	doc := `paths:
  /items/{id}:
    get: {operationId: getItem}
  " /items/batch ":
    get: {operationId: batch}
  /items:
    post:
      requestBody: {$ref: "#/components/bodies/Item"}
components:
  bodies:
    Item: {$ref: "#/components/schemas/Item"}
  schemas:
    Item: {type: object, properties: {name: {type: string}}}
    Loop: {$ref: "#/components/schemas/Loop"}
`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	tr, err := ParseTree(path)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, item, op := tr.Operation("GET", "/items/batch")
	if tmpl != "/items/batch" || op["operationId"] != "batch" || item == nil {
		t.Fatalf("literal segment must win: %q %v", tmpl, op)
	}
	if tmpl, _, op = tr.Operation("GET", "/items/42"); tmpl != "/items/{id}" || op["operationId"] != "getItem" {
		t.Fatalf("parameter: %q %v", tmpl, op)
	}
	if tmpl, _, op = tr.Operation("DELETE", "/items/42"); tmpl != "" || op != nil {
		t.Fatalf("no such operation: %q %v", tmpl, op)
	}
	_, _, post := tr.Operation("POST", "/items")
	body := tr.Deref(post["requestBody"])
	if body["type"] != "object" || M(M(body["properties"])["name"])["type"] != "string" {
		t.Fatalf("deref through two refs: %v", body)
	}
	if loop := tr.Deref(M(M(tr.Root["components"])["schemas"])["Loop"]); loop != nil {
		t.Fatalf("a $ref cycle must end in nil, got %v", loop)
	}
	if L([]any{1}) == nil || L("x") != nil || M("x") != nil {
		t.Fatal("M/L conversions")
	}
}

type fakeService struct{}

func (*fakeService) Get()  {}
func (*fakeService) List() {}

type fakeClient struct {
	Things *fakeService
	Other  fakeService // not a pointer: not a service
	Name   string
}

func (*fakeClient) Verify()        {}
func (*fakeClient) String() string { return "" }

func TestMethods(t *testing.T) {
	got := Methods(&fakeClient{}, "Client.String")
	want := []string{"Client.Verify", "Things.Get", "Things.List"}
	if len(got) != len(want) {
		t.Fatalf("Methods = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Methods = %v, want %v", got, want)
		}
	}
}
