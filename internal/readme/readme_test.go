// Package readme tests the repository's README.md: TestREADME compiles and
// runs every ```go block of it against the fake servers, and the other
// tests check its claims that are not code (commands, status codes, retry
// behaviour). The package has no non-test code.
//
// How TestREADME works, so the README and this test can change together:
//
//   - Each ```go block becomes the body of a function `func() error` of a
//     generated main package, one function per block, run in README order.
//     Blocks are compiled with `//line README.md:N` directives, so compile
//     errors and panics point at README lines.
//   - A block names packages without importing them: the test imports those
//     of importTable (snippet_test.go) that it names.
//   - Identifiers a block uses without declaring them (ctx, apiKey, secret,
//     body, r, mux, t, ...) come from the prelude, testdata/prelude.go, which
//     documents each; it binds them to the fake servers, which also serve
//     every production API host, so the blocks run for real and offline.
//   - The test inserts `_ = x` after each variable a block declares, and a
//     check after each assignment to err that the block does not look at
//     itself; a block fails when it returns an error, panics, calls t.Fatal,
//     or registers a handler on mux that does not answer its provider's
//     delivery with 200 (see the prelude).
//   - A block whose first line is "// README-test: compile-only" (followed by
//     the reason) is compiled but not run.
//   - All blocks make one program, built once. It is a temporary module whose
//     go.mod requires the core module and the nested modules the blocks use
//     (the dedupe stores), replaced by the checkout, and what they require,
//     so the build needs nothing that is not in their go.sum files.
//
// When an API changes, the failing subtest names the README line; when the
// prelude stops compiling, the error names testdata/prelude.go.
package readme

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// keepDir keeps the generated programs for reading:
// go test ./internal/readme -args -readme.keep=/tmp/readme
var keepDir = flag.String("readme.keep", "", "write the generated programs under this directory and keep them")

// repoRoot is the repository root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(mod), "module github.com/esignkit/esign\n") {
		t.Fatalf("%s is not the repository root (go.mod: %v)", root, err)
	}
	return root
}

// statSources stats every Go source and module file of the repository.
// The generated programs are built from them, but this test's binary does
// not import them: go test's result cache (keyed on the test binary and on
// the files the test opened or stat'ed) would otherwise replay a pass after
// an API change broke the README.
func statSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" {
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// harness holds what every run of snippets needs.
type harness struct {
	root        string          // the repository
	preludePath string          // testdata/prelude.go, absolute
	prelude     []byte          // its content
	names       map[string]bool // its package-level names
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{root: repoRoot(t)}
	var err error
	if h.preludePath, err = filepath.Abs(filepath.Join("testdata", "prelude.go")); err != nil {
		t.Fatal(err)
	}
	if h.prelude, err = os.ReadFile(h.preludePath); err != nil {
		t.Fatal(err)
	}
	if h.names, err = packageNames(h.prelude); err != nil {
		t.Fatalf("testdata/prelude.go: %v", err)
	}
	for name := range importTable {
		if h.names[name] {
			t.Fatalf("testdata/prelude.go declares %s, a package name of importTable", name)
		}
	}
	return h
}

// prepareAll extracts and prepares the ```go blocks of md, reporting every
// block it cannot prepare.
func (h *harness) prepareAll(md []byte) ([]*genSnippet, error) {
	snippets, err := extractSnippets(md)
	if err != nil {
		return nil, err
	}
	if len(snippets) == 0 {
		return nil, errors.New("no ```go block")
	}
	var gens []*genSnippet
	var errs []error
	for _, s := range snippets {
		g, err := prepare(s, h.names)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		gens = append(gens, g)
	}
	return gens, errors.Join(errs...)
}

// clean makes the paths in a message relative to the repository.
func (h *harness) clean(s string) string {
	return strings.ReplaceAll(s, h.root+string(filepath.Separator), "")
}

func TestREADME(t *testing.T) {
	t.Parallel() // with TestHarnessFails: the two builds overlap
	h := newHarness(t)
	statSources(t, h.root)
	readme := filepath.Join(h.root, "README.md")
	md, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	gens, err := h.prepareAll(md)
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	results, output, err := h.buildAndRun(t, readme, gens)
	if output != "" {
		t.Logf("output of the snippets:\n%s", h.clean(output))
	}
	if err != nil && results == nil {
		t.Fatal(h.clean(err.Error()))
	}
	for _, g := range gens {
		res, ran := results[g.Line]
		t.Run(fmt.Sprintf("README.md:%d", g.Line), func(t *testing.T) {
			switch {
			case !ran:
				t.Errorf("no result: the program stopped before this snippet: %v", err)
			case res.Error != "":
				t.Error(h.clean(res.Error))
			case res.Skipped:
				t.Skip("compile-only")
			default:
				t.Logf("ran in %s s (provider %s)", res.Seconds, g.Provider)
			}
		})
	}
}

func moduleName(m string) string {
	if m == "" {
		return "github.com/esignkit/esign"
	}
	return "github.com/esignkit/esign/" + m
}

// snippetResult is one line of the program's results file (readmeResult in
// the prelude).
type snippetResult struct {
	Line    int    `json:"line"`
	Skipped bool   `json:"skipped"`
	Error   string `json:"error"`
	Seconds string `json:"seconds"`
}

// buildAndRun writes the program of the snippets of the Markdown file
// mdPath, builds it and runs it. It returns the results by line and the
// program's output; the error is the build's, or the run's as a whole.
func (h *harness) buildAndRun(t *testing.T, mdPath string, snippets []*genSnippet) (map[int]snippetResult, string, error) {
	dir := filepath.Join(t.TempDir(), "snippets")
	if *keepDir != "" {
		dir = filepath.Join(*keepDir, t.Name())
		t.Logf("the program is in %s", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	modules := map[string]bool{}
	for _, g := range snippets {
		for _, p := range g.Imports {
			if p.module != "" {
				modules[p.module] = true
			}
		}
	}
	gomod, gosum, err := programModule(h.root, modules)
	if err != nil {
		return nil, "", err
	}
	files := map[string][]byte{
		"go.mod":      gomod,
		"go.sum":      gosum,
		"prelude.go":  append([]byte(fmt.Sprintf("//line %s:1\n", h.preludePath)), h.prelude...),
		"snippets.go": program(mdPath, snippets),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return nil, "", err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return nil, "", err
	}
	bin := filepath.Join(dir, "snippets.exe")
	args := []string{"build", "-mod=readonly", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.CommandContext(ctx, goCmd, append(args, ".")...)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off")
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	t.Logf("go build: %.1f s (%.1f s of CPU)", time.Since(start).Seconds(),
		(build.ProcessState.UserTime() + build.ProcessState.SystemTime()).Seconds())
	start = time.Now()
	defer func() { t.Logf("run: %.1f s", time.Since(start).Seconds()) }()
	resultsFile := filepath.Join(dir, "results.json")
	run := exec.CommandContext(ctx, bin, resultsFile)
	run.Dir = dir
	out, runErr := run.CombinedOutput()
	results := map[int]snippetResult{}
	f, err := os.Open(resultsFile)
	if err != nil {
		return nil, string(out), fmt.Errorf("running the snippets: %v (%v)", runErr, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r snippetResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, string(out), fmt.Errorf("results: %v", err)
		}
		results[r.Line] = r
	}
	if runErr != nil {
		runErr = fmt.Errorf("running the snippets: %v", runErr)
	}
	return results, string(out), errors.Join(runErr, sc.Err())
}

// program is the generated snippets.go: the list of snippets and one
// function per snippet, its body on the README's lines.
func program(readmePath string, snippets []*genSnippet) []byte {
	imports := map[string]pkg{}
	for _, g := range snippets {
		for name, p := range g.Imports {
			imports[name] = p
		}
	}
	names := make([]string, 0, len(imports))
	for name := range imports {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("// Code generated by TestREADME (internal/readme) from README.md. DO NOT EDIT.\n\npackage main\n\n")
	if len(names) > 0 {
		b.WriteString("import (\n")
		for _, name := range names {
			fmt.Fprintf(&b, "\t%s %q\n", name, imports[name].path)
		}
		b.WriteString(")\n\n")
	}
	b.WriteString("var readmeSnippets = []readmeSnippet{\n")
	for _, g := range snippets {
		fmt.Fprintf(&b, "\t{Line: %d, Provider: %q, CompileOnly: %t, Run: readmeSnippet%d},\n", g.Line, g.Provider, g.CompileOnly, g.Line)
	}
	b.WriteString("}\n")
	for _, g := range snippets {
		fmt.Fprintf(&b, "\nfunc readmeSnippet%d() error {\n//line %s:%d\n%s\treturn nil\n}\n", g.Line, readmePath, g.Line, g.Body)
	}
	return []byte(b.String())
}

// packageNames returns the names a Go file declares at package level.
func packageNames(src []byte) (map[string]bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "prelude.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range spec.Names {
						names[n.Name] = true
					}
				case *ast.TypeSpec:
					names[spec.Name.Name] = true
				}
			}
		}
	}
	return names, nil
}

// programModule returns the go.mod and go.sum of the program: it requires
// the core module and the nested modules (directories) the snippets use,
// replaced by the checkout, and everything they require, at the highest
// version any of them asks for, so `go build -mod=readonly` accepts it.
func programModule(root string, nested map[string]bool) (gomod, gosum []byte, err error) {
	mods := []string{""}
	for m := range nested {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	versions := map[string]string{}
	var sums []string
	var own strings.Builder
	for _, m := range mods {
		dir := filepath.Join(root, filepath.FromSlash(m))
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			return nil, nil, err
		}
		for _, req := range requires(string(b)) {
			if strings.HasPrefix(req[0], "github.com/esignkit/esign") {
				continue
			}
			if v, ok := versions[req[0]]; !ok || compareVersions(req[1], v) > 0 {
				versions[req[0]] = req[1]
			}
		}
		s, err := os.ReadFile(filepath.Join(dir, "go.sum"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, err
		}
		sums = append(sums, strings.Split(strings.TrimSpace(string(s)), "\n")...)
		path := moduleName(m)
		fmt.Fprintf(&own, "require %s v0.0.0-00010101000000-000000000000\n", path)
		fmt.Fprintf(&own, "replace %s => %s\n", path, strconv.Quote(dir))
	}
	var b strings.Builder
	b.WriteString("module readme.test/snippets\n\ngo 1.23.0\n\n")
	b.WriteString(own.String())
	paths := make([]string, 0, len(versions))
	for p := range versions {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) > 0 {
		b.WriteString("\nrequire (\n")
		for _, p := range paths {
			fmt.Fprintf(&b, "\t%s %s\n", p, versions[p])
		}
		b.WriteString(")\n")
	}
	sort.Strings(sums)
	sums = slices.Compact(sums)
	return []byte(b.String()), []byte(strings.TrimSpace(strings.Join(sums, "\n")) + "\n"), nil
}

// requires returns the module paths and versions a go.mod requires.
func requires(gomod string) [][2]string {
	var out [][2]string
	inBlock := false
	for _, line := range strings.Split(gomod, "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case inBlock && f[0] == ")":
			inBlock = false
		case inBlock && len(f) >= 2:
			out = append(out, [2]string{f[0], f[1]})
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case f[0] == "require" && len(f) >= 3:
			out = append(out, [2]string{f[1], f[2]})
		}
	}
	return out
}

// compareVersions compares two module versions (vMAJOR.MINOR.PATCH, with
// an optional pre-release, pseudo-versions included) as semver does.
func compareVersions(a, b string) int {
	split := func(v string) (nums [3]int, pre string) {
		v = strings.TrimPrefix(v, "v")
		v, _, _ = strings.Cut(v, "+")
		core, pre, _ := strings.Cut(v, "-")
		for i, s := range strings.SplitN(core, ".", 3) {
			nums[i], _ = strconv.Atoi(s)
		}
		return nums, pre
	}
	an, ap := split(a)
	bn, bp := split(b)
	for i := range an {
		if an[i] != bn[i] {
			if an[i] < bn[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case ap == bp:
		return 0
	case ap == "":
		return 1
	case bp == "":
		return -1
	}
	return strings.Compare(ap, bp)
}
