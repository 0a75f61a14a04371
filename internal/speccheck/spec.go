// Package speccheck makes the providers' own API specifications the oracle
// of this repository's tests: a request validator and a spec-driven mock
// server for the clients, and a validating Transport for the fake servers,
// which scenario tests drive through the clients (create, get, list,
// update, lifecycle, delete) so that every answer a fake gives is checked.
// Signeasy publishes no OpenAPI file: its oracle is the endpoint table in
// ../shared/provider-docs, parsed at test time and applied by the same
// mock and Transport (Table).
//
// It is a nested, test-only module so that the core module keeps go 1.23
// and its few dependencies: the validation is kin-openapi's
// (openapi3filter.ValidateRequest / ValidateResponse), never hand-written;
// this package adds only what kin-openapi does not check (undeclared query
// parameters and body properties). The specs are read from ../shared
// beside the repository (never copied in); every test skips cleanly when
// they are absent.
//
// Known defects of the specs are excused by name, with their reason, in one
// list (excuses.go). What is pending work elsewhere is listed in
// pending_test.go: answers the clients cannot decode yet, requests the
// specs refuse, fake answers that do not validate, operations the fakes do
// not serve, Signeasy operations the client lacks. Every entry must still
// be needed: a stale entry fails the tests.
package speccheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/esignkit/esign/internal/spectest"
)

// The spec files, in ../shared/specs.
const (
	BlueInkFile     = "blueink-v2-swagger-2.2.3.json"
	ZignedFile      = "zigned-rest-v3-openapi.yaml"
	ZignedOAuthFile = "zigned-oauth-openapi.yaml"
	LegalesignFile  = "legalesign-v1-openapi.yaml"
)

// routeHost is the host the routers are built for: requests are matched by
// path only, whatever server they were sent to.
const routeHost = "http://spec.invalid"

// Spec is one provider specification, loaded, repaired of its named defects
// and validated by kin-openapi, with a router that matches requests to its
// operations.
type Spec struct {
	// Name is the spec's key in the excuse list: "blueink", "zigned",
	// "zigned-oauth" or "legalesign".
	Name string
	// Doc is the OpenAPI 3 document (BlueInk's Swagger 2.0 converted).
	Doc *openapi3.T
	// Base is the path prefix of the API on its server, e.g. "/api/v2".
	Base string

	router routers.Router
}

// Op names an operation: "METHOD /template", as in the spec.
type Op string

// Operations returns every operation of the spec, sorted.
func (s *Spec) Operations() []Op {
	var out []Op
	for p, item := range s.Doc.Paths.Map() {
		for m := range item.Operations() {
			out = append(out, Op(m+" "+p))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Route finds the operation a request hits. The request's host is ignored;
// its path must start with the spec's base path.
func (s *Spec) Route(r *http.Request) (*routers.Route, map[string]string, error) {
	u := *r.URL
	u.Scheme, u.Host = "http", "spec.invalid"
	rr := r.Clone(r.Context())
	rr.URL = &u
	rr.Host = u.Host
	route, params, err := s.router.FindRoute(rr)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, err)
	}
	return route, params, nil
}

// OpOf names a route's operation.
func OpOf(route *routers.Route) Op { return Op(route.Method + " " + route.Path) }

var (
	loadMu sync.Mutex
	loaded = map[string]*Spec{}
)

// Load returns the spec of one provider ("blueink", "zigned",
// "zigned-oauth", "legalesign"), loaded once per test binary. It skips the
// test when ../shared/specs is absent and fails it when the file does not
// load or does not validate after its named repairs.
func Load(tb testing.TB, name string) *Spec {
	tb.Helper()
	file := map[string]string{"blueink": BlueInkFile, "zigned": ZignedFile,
		"zigned-oauth": ZignedOAuthFile, "legalesign": LegalesignFile}[name]
	if file == "" {
		tb.Fatalf("speccheck: unknown spec %q", name)
	}
	path, ok := spectest.Find("specs", file)
	if !ok {
		tb.Skipf("spec %s not found beside the repository (../shared/specs); skipping", file)
	}
	loadMu.Lock()
	defer loadMu.Unlock()
	if s, ok := loaded[name]; ok {
		return s
	}
	s, err := loadSpec(name, path)
	if err != nil {
		tb.Fatalf("speccheck: %s: %v", file, err)
	}
	loaded[name] = s
	return s
}

func loadSpec(name, path string) (*Spec, error) {
	var doc *openapi3.T
	if strings.HasSuffix(path, ".json") { // Swagger 2.0
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var d2 openapi2.T
		if err := json.Unmarshal(raw, &d2); err != nil {
			return nil, err
		}
		if doc, err = openapi2conv.ToV3(&d2); err != nil {
			return nil, fmt.Errorf("convert to OpenAPI 3: %w", err)
		}
	} else {
		l := openapi3.NewLoader()
		d, err := l.LoadFromFile(path)
		if err != nil {
			return nil, err
		}
		doc = d
	}
	if len(doc.Servers) == 0 {
		return nil, fmt.Errorf("no servers")
	}
	u, err := url.Parse(doc.Servers[0].URL)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(u.Path, "/")
	for _, d := range defects {
		if d.Spec == name && d.Repair != nil {
			if err := d.Repair(doc); err != nil {
				return nil, fmt.Errorf("repair %q: %w", d.Name, err)
			}
		}
	}
	// Examples are validated one by one by TestSpecExamples, where a bad
	// example is excused by name; the rest of the document must be valid.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation(), openapi3.SetRegexCompiler(compilePattern)); err != nil {
		return nil, fmt.Errorf("invalid after the named repairs: %w", err)
	}
	// The router sees a copy whose only server is routeHost+base.
	rdoc := *doc
	rdoc.Servers = openapi3.Servers{{URL: routeHost + base}}
	r, err := legacy.NewRouter(&rdoc, openapi3.DisableExamplesValidation(), openapi3.SetRegexCompiler(compilePattern))
	if err != nil {
		return nil, err
	}
	return &Spec{Name: name, Doc: doc, Base: base, router: r}, nil
}

// cutOp splits an operation name into its method and path.
func cutOp(op Op) (method, path string, ok bool) {
	m, p, ok := strings.Cut(string(op), " ")
	return m, p, ok
}
