package readme

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExtractSnippets(t *testing.T) {
	md := "# T\n\n```go\na := 1\n```\n\n```sh\ngo test\n```\n\n````\n```go\n```\n````\n" +
		"```go title\n// README-test: compile-only (why)\nb := 2\n\nc := 3\n```\n"
	got, err := extractSnippets([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []snippet{
		{Line: 4, Code: "a := 1\n"},
		{Line: 16, Code: "// README-test: compile-only (why)\nb := 2\n\nc := 3\n", CompileOnly: true},
	}
	// What the 4-backtick block quotes is not a block.
	if !slices.Equal(got, want) {
		t.Errorf("extractSnippets:\n got %+v\nwant %+v", got, want)
	}
	if _, err := extractSnippets([]byte("```go\nx := 1\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("unclosed block: err = %v, want one naming line 1", err)
	}
}

func TestPrepare(t *testing.T) {
	prelude := map[string]bool{"ctx": true, "apiKey": true, "c": true, "slug": true}
	for _, tc := range []struct {
		name, code string
		body       string // want; "" when an error is wanted
		imports    []string
		provider   string
		err        string // a substring of the wanted error
	}{{
		name:     "declared, then unchecked err",
		code:     "c, err := blueink.NewClient(apiKey) // comment\n",
		body:     "c, err := blueink.NewClient(apiKey); _ = c; _ = err; if err != nil { return readmeErr(10, err) } // comment\n",
		imports:  []string{"blueink"},
		provider: "blueink",
	}, {
		name:     "err read by the next statement is the snippet's business",
		code:     "_, _, err := c.Bundles.Get(ctx, slug)\nfmt.Println(errors.Is(err, blueink.ErrNotFound))\n",
		body:     "_, _, err := c.Bundles.Get(ctx, slug); _ = err\nfmt.Println(errors.Is(err, blueink.ErrNotFound))\n",
		imports:  []string{"blueink", "errors", "fmt"},
		provider: "blueink",
	}, {
		name: "err assigned again before it is read: both checked",
		code: "a, err := strconv.Atoi(\"1\")\nb, err := strconv.Atoi(\"2\")\n",
		body: "a, err := strconv.Atoi(\"1\"); _ = a; _ = err; if err != nil { return readmeErr(10, err) }\n" +
			"b, err := strconv.Atoi(\"2\"); _ = b; _ = err; if err != nil { return readmeErr(11, err) }\n",
		imports:  []string{"strconv"},
		provider: "blueink",
	}, {
		name:    "plain assignment, and err read inside a later block",
		code:    "var err error\nerr = os.Remove(\"x\")\nif true {\n\tfmt.Println(err)\n}\n",
		body:    "var err error; _ = err\nerr = os.Remove(\"x\")\nif true {\n\tfmt.Println(err)\n}\n",
		imports: []string{"fmt", "os"}, provider: "blueink",
	}, {
		name:    "no check inside a function literal: its err is its own",
		code:    "f := func() {\n\t_, err := strconv.Atoi(\"x\")\n}\n",
		body:    "f := func() {\n\t_, err := strconv.Atoi(\"x\"); _ = err\n}; _ = f\n",
		imports: []string{"strconv"}, provider: "blueink",
	}, {
		name:     "range variables, err unread",
		code:     "for v, err := range zigned.X {\n\tfmt.Println(v)\n}\n",
		body:     "for v, err := range zigned.X { _ = v; _ = err; if err != nil { return readmeErr(10, err) };\n\tfmt.Println(v)\n}\n",
		imports:  []string{"fmt", "zigned"},
		provider: "zigned",
	}, {
		name:    "range variables, err read",
		code:    "for v, err := range signeasy.X { if err != nil { return err } }\n",
		body:    "for v, err := range signeasy.X { _ = v; _ = err; if err != nil { return err } }\n",
		imports: []string{"signeasy"}, provider: "signeasy",
	}, {
		name:    "if and for initializers, type switch",
		code:    "if n, err := strconv.Atoi(\"1\"); true {\n}\nfor i := 0; ; {\n}\nswitch v := any(1).(type) {\ncase int:\n}\n",
		body:    "if n, err := strconv.Atoi(\"1\"); true { _ = n; _ = err;\n}\nfor i := 0; ; { _ = i;\n}\nswitch v := any(1).(type) {\ncase int: _ = v;\n}\n",
		imports: []string{"strconv"}, provider: "blueink",
	}, {
		name:     "the first provider named wins; a local variable is no package",
		code:     "http := 1\n_ = legacyv1test.X\n_ = zigned.Y\n_ = http\n",
		body:     "http := 1; _ = http\n_ = legacyv1test.X\n_ = zigned.Y\n_ = http\n",
		imports:  []string{"legacyv1test", "zigned"},
		provider: "legacyv1",
	}, {
		name: "undeclared identifier",
		code: "x := 1\nfoo.Bar(x)\n",
		err:  "README.md:11: foo is declared neither by the snippet, nor by the prelude",
	}, {
		name: "syntax error",
		code: "x := 1\ny := …\n",
		err:  "README.md:11: expected operand, found 'ILLEGAL'",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := prepare(snippet{Line: 10, Code: tc.code}, prelude)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.Body != tc.body {
				t.Errorf("body:\n got %q\nwant %q", g.Body, tc.body)
			}
			var imports []string
			for name := range g.Imports {
				imports = append(imports, name)
			}
			slices.Sort(imports)
			if !slices.Equal(imports, tc.imports) {
				t.Errorf("imports = %v, want %v", imports, tc.imports)
			}
			if g.Provider != tc.provider {
				t.Errorf("provider = %q, want %q", g.Provider, tc.provider)
			}
		})
	}
}

// TestHarnessFails runs snippets that must fail, and two that must not,
// through the whole harness: each failure names its line.
func TestHarnessFails(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	md := strings.Join([]string{
		/* 1 */ "```go",
		/* 2 */ "x := 1 // declared, unused: fine",
		/* 3 */ "```",
		/* 4 */ "```go",
		/* 5 */ "_, _, err := c.Bundles.Get(ctx, slug) // 404, unchecked",
		/* 6 */ "```",
		/* 7 */ "```go",
		/* 8 */ "var m map[string]int",
		/* 9 */ "m[\"x\"] = 1 // panics",
		/* 10 */ "```",
		/* 11 */ "```go",
		/* 12 */ "t.Fatal(\"boom\")",
		/* 13 */ "```",
		/* 14 */ "```go",
		/* 15 */ "mux.HandleFunc(\"/hooks/blueink\", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })",
		/* 16 */ "```",
		/* 17 */ "```go",
		/* 18 */ "_, err := http.Get(\"https://example.com/\") // no fake serves it",
		/* 19 */ "```",
		/* 20 */ "```go",
		/* 21 */ "// README-test: compile-only (it would fail)",
		/* 22 */ "panic(1)",
		/* 23 */ "```",
		/* 24 */ "```go",
		/* 25 */ "return errors.New(\"returned\")",
		/* 26 */ "```",
		/* 27 */ "```go",
		/* 28 */ "c, err := blueink.NewClient(apiKey) // the production URL, served by the fake",
		/* 29 */ "_, _, err = c.Webhooks.GetSecret(ctx)",
		/* 30 */ "```",
	}, "\n") + "\n"
	gens, err := h.prepareAll([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	mdPath := filepath.Join(t.TempDir(), "T.md")
	results, output, err := h.buildAndRun(t, mdPath, gens)
	if results == nil {
		t.Fatalf("%v\n%s", err, output)
	}
	if err == nil {
		t.Error("the program succeeded")
	}
	for line, want := range map[int]string{
		2:  "",
		5:  "README.md:5: err is not nil: ", // then the client's 404 error
		8:  "README.md:8: panic: assignment to entry in nil map",
		12: "README.md:12: t.FailNow: boom",
		15: "README.md:15: the blueink delivery replayed to /hooks/blueink on mux was answered 500",
		18: "README.md:18: err is not nil: Get \"https://example.com/\": README test: no fake server for https://example.com/",
		25: "README.md:25: returned: returned",
		28: "",
	} {
		res, ok := results[line]
		switch {
		case !ok:
			t.Errorf("line %d: no result", line)
		case want == "" && res.Error != "":
			t.Errorf("line %d: %s", line, res.Error)
		case !strings.HasPrefix(res.Error, want):
			t.Errorf("line %d: error %q, want it to start with %q", line, res.Error, want)
		}
	}
	if res := results[5]; !strings.Contains(res.Error, "404") {
		t.Errorf("line 5: error %q, want the 404", res.Error)
	}
	if res := results[21]; !res.Skipped || res.Error != "" {
		t.Errorf("line 21 (compile-only): %+v, want skipped", res)
	}
	if res := results[8]; !strings.Contains(res.Error, filepath.Base(mdPath)+":9") {
		t.Errorf("the panic's stack does not name T.md:9:\n%s", res.Error)
	}

	// A compile error names its line in the Markdown file.
	gens, err = h.prepareAll([]byte("```go\nx := 1\n```\n\n```go\nvar s string = 1\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = h.buildAndRun(t, mdPath, gens)
	if err == nil || !strings.Contains(err.Error(), "T.md:6") {
		t.Errorf("build error %v, want one naming T.md:6", err)
	}
}

// TestPreludeNames: the prelude declares each name its doc lists, and
// lists each name a snippet may use.
func TestPreludeNames(t *testing.T) {
	h := newHarness(t)
	doc, _, _ := strings.Cut(string(h.prelude), "\npackage main")
	listed := map[string]bool{}
	for _, line := range strings.Split(doc, "\n") {
		column, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			continue
		}
		column, _, _ = strings.Cut(column, "  ")
		for _, name := range strings.Split(column, ",") {
			if name = strings.TrimSpace(name); name != "" {
				listed[name] = true
			}
		}
	}
	want := []string{"ctx", "t", "apiKey", "clientID", "clientSecret", "accessToken", "username", "apiSecret",
		"c", "slug", "signedID", "sourceID", "secret", "webhookSecret", "callbackToken", "certPEM", "body", "r", "p", "w", "mux"}
	for _, name := range want {
		if !h.names[name] {
			t.Errorf("the prelude does not declare %s", name)
		}
		if !listed[name] {
			t.Errorf("the prelude's doc does not list %s", name)
		}
	}
	for name := range listed {
		if !slices.Contains(want, name) {
			t.Errorf("the prelude's doc lists %s, which this test does not know", name)
		}
	}
}
