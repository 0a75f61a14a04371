package readme

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"
)

// snippet is one ```go block of a Markdown file.
type snippet struct {
	Line        int    // line of the block's first line of code (the one after the fence)
	Code        string // the block's text, without the fences
	CompileOnly bool   // its first line is "// README-test: compile-only ..."
}

// compileOnlyDirective, as the first line of a block, makes the test compile
// the block without running it. The rest of the line says why.
const compileOnlyDirective = "// README-test: compile-only"

// extractSnippets returns every ```go block of markdown, in order.
func extractSnippets(markdown []byte) ([]snippet, error) { return extractBlocks(markdown, "go") }

// extractBlocks returns every code block of markdown whose info string
// starts with lang, in order. A block that is not closed is an error.
// Fences are CommonMark's: a run of at least three backticks or tildes,
// closed by a run of the same character at least as long.
func extractBlocks(markdown []byte, lang string) ([]snippet, error) {
	var out []snippet
	var (
		fence  string // the open fence, "" outside a block
		isLang bool
		opened int
		code   []string
	)
	sc := bufio.NewScanner(bytes.NewReader(markdown))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if fence == "" {
			f := fenceOf(trimmed)
			if f == "" {
				continue
			}
			fence, opened, code = f, n, code[:0]
			info := strings.Fields(strings.TrimPrefix(trimmed, f))
			isLang = len(info) > 0 && info[0] == lang
			continue
		}
		if f := fenceOf(trimmed); f != "" && f == trimmed && f[0] == fence[0] && len(f) >= len(fence) {
			if isLang {
				out = append(out, snippet{
					Line:        opened + 1,
					Code:        strings.Join(code, "\n") + "\n",
					CompileOnly: len(code) > 0 && strings.HasPrefix(strings.TrimSpace(code[0]), compileOnlyDirective),
				})
			}
			fence = ""
			continue
		}
		code = append(code, line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if fence != "" {
		return nil, fmt.Errorf("the code block of line %d is not closed", opened)
	}
	return out, nil
}

// fenceOf returns the code fence line starts with ("```", "~~~~", ...), or "".
func fenceOf(line string) string {
	for _, ch := range "`~" {
		if n := len(line) - len(strings.TrimLeft(line, string(ch))); n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// pkg is a package snippets may name: its import path and the module that
// provides it ("" for the core module, else the nested module's directory).
type pkg struct{ path, module string }

// importTable maps the package names snippets use to their packages: a
// snippet names a package without importing it, and the test imports it.
// Add a package here when the README starts using it.
var importTable = map[string]pkg{
	// The suite.
	"blueink":        {path: "github.com/esignkit/esign/blueink"},
	"blueinktest":    {path: "github.com/esignkit/esign/blueink/blueinktest"},
	"zigned":         {path: "github.com/esignkit/esign/zigned"},
	"zignedtest":     {path: "github.com/esignkit/esign/zigned/zignedtest"},
	"signeasy":       {path: "github.com/esignkit/esign/signeasy"},
	"signeasytest":   {path: "github.com/esignkit/esign/signeasy/signeasytest"},
	"insertsign":     {path: "github.com/esignkit/esign/insertsign"},
	"insertsigntest": {path: "github.com/esignkit/esign/insertsign/insertsigntest"},
	"legacyv1":       {path: "github.com/esignkit/esign/legacyv1"},
	"legacyv1test":   {path: "github.com/esignkit/esign/legacyv1/legacyv1test"},
	"webhook":        {path: "github.com/esignkit/esign/webhook"},
	"webhooktest":    {path: "github.com/esignkit/esign/webhook/webhooktest"},
	"storetest":      {path: "github.com/esignkit/esign/webhook/storetest"},
	"httpmock":       {path: "github.com/jarcoal/httpmock"},
	// The dedupe stores are modules of their own, with their dependencies.
	"redisstore": {path: "github.com/esignkit/esign/webhook/redisstore", module: "webhook/redisstore"},
	"redis":      {path: "github.com/redis/go-redis/v9", module: "webhook/redisstore"},
	"pgstore":    {path: "github.com/esignkit/esign/webhook/pgstore", module: "webhook/pgstore"},
	"pgxpool":    {path: "github.com/jackc/pgx/v5/pgxpool", module: "webhook/pgstore"},
	"pgx":        {path: "github.com/jackc/pgx/v5", module: "webhook/pgstore"},
	// The standard library.
	"bufio":    {path: "bufio"},
	"bytes":    {path: "bytes"},
	"context":  {path: "context"},
	"errors":   {path: "errors"},
	"fmt":      {path: "fmt"},
	"http":     {path: "net/http"},
	"httptest": {path: "net/http/httptest"},
	"io":       {path: "io"},
	"json":     {path: "encoding/json"},
	"log":      {path: "log"},
	"os":       {path: "os"},
	"filepath": {path: "path/filepath"},
	"slog":     {path: "log/slog"},
	"slices":   {path: "slices"},
	"strconv":  {path: "strconv"},
	"strings":  {path: "strings"},
	"sync":     {path: "sync"},
	"testing":  {path: "testing"},
	"time":     {path: "time"},
	"url":      {path: "net/url"},
}

// providerOf maps package names to the provider whose prelude bindings a
// snippet naming them gets (the first one it names wins).
var providerOf = map[string]string{
	"blueink": "blueink", "blueinktest": "blueink",
	"zigned": "zigned", "zignedtest": "zigned",
	"signeasy": "signeasy", "signeasytest": "signeasy",
	"insertsign": "insertsign", "insertsigntest": "insertsign",
	"legacyv1": "legacyv1", "legacyv1test": "legacyv1",
}

// defaultProvider binds the snippets that name no provider package.
const defaultProvider = "blueink"

// genSnippet is a snippet made ready to compile as the body of a function.
type genSnippet struct {
	snippet
	Body     string         // Code with the inserted statements, on the same lines
	Imports  map[string]pkg // by package name
	Provider string
}

// prepare turns a snippet into a function body: it finds the packages the
// snippet names (Imports) and its provider, and inserts, without
// moving any code to another line,
//   - `_ = x` after every variable the snippet declares, so a snippet may
//     declare what it does not use;
//   - `if err != nil { return readmeErr(line, err) }` after every assignment
//     to err, outside function literals, that the snippet does not look at
//     before err is assigned again (so no failure goes unnoticed).
//
// preludeNames are the prelude's package-level names: with the universe's
// and importTable's, the only identifiers a snippet may use undeclared.
func prepare(s snippet, preludeNames map[string]bool) (*genSnippet, error) {
	const head = "package main\n\nfunc _() error {\n"
	src := head + s.Code + "}\n"
	readmeLine := func(p token.Position) int { return s.Line + p.Line - strings.Count(head, "\n") - 1 }
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", src, parser.AllErrors)
	if err != nil {
		var list scanner.ErrorList
		if !errors.As(err, &list) {
			return nil, err
		}
		list.RemoveMultiples()
		var msgs []string
		for _, e := range list {
			msgs = append(msgs, fmt.Sprintf("README.md:%d: %s", readmeLine(e.Pos), e.Msg))
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	g := &genSnippet{snippet: s, Imports: map[string]pkg{}}

	// Free identifiers: packages, prelude names, the universe.
	selX := map[*ast.Ident]bool{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if se, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := se.X.(*ast.Ident); ok {
				selX[id] = true
			}
		}
		return true
	})
	var problems []string
	firstProvider := token.NoPos
	for _, id := range f.Unresolved {
		name := id.Name
		switch p, isPkg := importTable[name]; {
		case isPkg && selX[id]:
			g.Imports[name] = p
			if pr, ok := providerOf[name]; ok && (firstProvider == token.NoPos || id.Pos() < firstProvider) {
				firstProvider, g.Provider = id.Pos(), pr
			}
		case preludeNames[name], types.Universe.Lookup(name) != nil:
		default:
			problems = append(problems, fmt.Sprintf("README.md:%d: %s is declared neither by the snippet, nor by the prelude (testdata/prelude.go), nor is it a package of importTable",
				readmeLine(fset.Position(id.Pos())), name))
		}
	}
	if g.Provider == "" {
		g.Provider = defaultProvider
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, errors.New(strings.Join(slices.Compact(problems), "\n"))
	}

	ed := &editor{}
	offset := func(p token.Pos) int { return fset.Position(p).Offset - len(head) }
	lineOf := func(n ast.Node) int { return readmeLine(fset.Position(n.Pos())) }
	var stack []ast.Node
	inFuncLit := func() bool {
		for _, n := range stack {
			if _, ok := n.(*ast.FuncLit); ok {
				return true
			}
		}
		return false
	}
	// list handles the statements of one list (a block or a case body).
	list := func(stmts []ast.Stmt) {
		for i, st := range stmts {
			var extra []string
			switch st := st.(type) {
			case *ast.AssignStmt:
				if st.Tok == token.DEFINE {
					extra = append(extra, useAll(st.Lhs)...)
				}
				if o := errObject(st.Lhs); o != nil && !inFuncLit() && !readBeforeWrite(stmts[i+1:], o) {
					extra = append(extra, fmt.Sprintf("if err != nil { return readmeErr(%d, err) }", lineOf(st)))
				}
			case *ast.DeclStmt:
				if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, spec := range gd.Specs {
						for _, n := range spec.(*ast.ValueSpec).Names {
							extra = append(extra, useAll([]ast.Expr{n})...)
						}
					}
				}
			}
			if len(extra) > 0 {
				ed.insert(offset(st.End()), "; "+strings.Join(extra, "; "))
			}
		}
	}
	// atStart inserts statements at the start of a block.
	atStart := func(b *ast.BlockStmt, stmts []string) {
		if b != nil && len(stmts) > 0 {
			ed.insert(offset(b.Lbrace)+1, " "+strings.Join(stmts, "; ")+";")
		}
	}
	definedBy := func(st ast.Stmt) []string {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			return useAll(a.Lhs)
		}
		return nil
	}
	// firstClause inserts statements at the start of a switch's first clause.
	firstClause := func(body *ast.BlockStmt, stmts []string) {
		if len(body.List) == 0 || len(stmts) == 0 {
			return
		}
		switch cl := body.List[0].(type) {
		case *ast.CaseClause:
			ed.insert(offset(cl.Colon)+1, " "+strings.Join(stmts, "; ")+";")
		case *ast.CommClause:
			ed.insert(offset(cl.Colon)+1, " "+strings.Join(stmts, "; ")+";")
		}
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.BlockStmt:
			list(n.List)
		case *ast.CaseClause:
			list(n.Body)
		case *ast.CommClause:
			list(n.Body)
			if n.Comm != nil {
				if stmts := definedBy(n.Comm); len(stmts) > 0 {
					ed.insert(offset(n.Colon)+1, " "+strings.Join(stmts, "; ")+";")
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				stmts := useAll([]ast.Expr{n.Key, n.Value})
				if o := errObject([]ast.Expr{n.Key, n.Value}); o != nil && !inFuncLit() && !mentions(n.Body, o) {
					stmts = append(stmts, fmt.Sprintf("if err != nil { return readmeErr(%d, err) }", lineOf(n)))
				}
				atStart(n.Body, stmts)
			}
		case *ast.IfStmt:
			atStart(n.Body, definedBy(n.Init))
		case *ast.ForStmt:
			atStart(n.Body, definedBy(n.Init))
		case *ast.SwitchStmt:
			firstClause(n.Body, definedBy(n.Init))
		case *ast.TypeSwitchStmt:
			firstClause(n.Body, append(definedBy(n.Init), definedBy(n.Assign)...))
		}
		stack = append(stack, n)
		return true
	})
	g.Body = ed.apply(s.Code)
	return g, nil
}

// useAll returns `_ = x` for each named identifier of exprs.
func useAll(exprs []ast.Expr) []string {
	var out []string
	for _, x := range exprs {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			out = append(out, "_ = "+id.Name)
		}
	}
	return out
}

// object is what an identifier refers to, as go/parser resolves it without
// type information: enough to tell a snippet's variables apart (an err in a
// function literal from the snippet's own), which is all prepare needs.
// Composite literal keys, the reason for the deprecation, are never err.
//
//lint:ignore SA1019 syntax-only resolution is what prepare needs (see above)
type object = *ast.Object

// errObject returns the object of the identifier err among exprs, if any.
func errObject(exprs []ast.Expr) object {
	for _, x := range exprs {
		if id, ok := x.(*ast.Ident); ok && id.Name == "err" && id.Obj != nil {
			return id.Obj
		}
	}
	return nil
}

// mentions reports whether n refers to the object o.
func mentions(n ast.Node, o object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj == o {
			found = true
		}
		return !found
	})
	return found
}

// readBeforeWrite reports whether the first of stmts that refers to o reads
// it (rather than assigning it again without reading it).
func readBeforeWrite(stmts []ast.Stmt, o object) bool {
	for _, st := range stmts {
		if a, ok := st.(*ast.AssignStmt); ok {
			for _, x := range a.Rhs {
				if mentions(x, o) {
					return true
				}
			}
			for _, x := range a.Lhs {
				if id, ok := x.(*ast.Ident); ok && id.Obj == o {
					return false
				}
				if mentions(x, o) {
					return true
				}
			}
			continue
		}
		if mentions(st, o) {
			return true
		}
	}
	return false
}

// editor collects insertions into a text and applies them.
type editor struct {
	edits []struct {
		off  int
		text string
	}
}

func (e *editor) insert(off int, text string) {
	e.edits = append(e.edits, struct {
		off  int
		text string
	}{off, text})
}

// apply returns s with the insertions; insertions at one offset keep their
// order.
func (e *editor) apply(s string) string {
	sort.SliceStable(e.edits, func(i, j int) bool { return e.edits[i].off < e.edits[j].off })
	var b strings.Builder
	last := 0
	for _, ed := range e.edits {
		b.WriteString(s[last:ed.off])
		b.WriteString(ed.text)
		last = ed.off
	}
	b.WriteString(s[last:])
	return b.String()
}
