package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Providers lists every package generated from the template, with the
// parameters of its generate directive.
var Providers = []Params{
	{Pkg: "blueink", Name: "BlueInk"},
	{Pkg: "zigned", Name: "Zigned", OAuth: true},
	{Pkg: "signeasy", Name: "Signeasy", OAuth: true},
	{Pkg: "legacyv1", Name: "Legalesign"},
}

// Every generated file is up to date: run `go generate ./...` after
// changing the template.
func TestGeneratedFilesUpToDate(t *testing.T) {
	for _, p := range Providers {
		want, err := Render(p)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "..", p.Pkg, "esign_gen.go")
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./%s", path, p.Pkg)
		}
	}
}

// Every provider's Response doc lists the same fields, every field of
// rest.Response but the embedded *http.Response.
func TestResponseDocListsEveryField(t *testing.T) {
	for _, p := range Providers {
		src, err := Render(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, field := range []string{"Pagination", "RequestID", "RateLimit", "Recovered", "DecodeIssues"} {
			if !bytes.Contains(src, []byte("//   - "+field+": ")) {
				t.Errorf("%s: the Response doc does not list %s", p.Pkg, field)
			}
		}
		if !bytes.Contains(src, []byte("\ntype Response = rest.Response\n")) {
			t.Errorf("%s: no Response alias", p.Pkg)
		}
	}
}
