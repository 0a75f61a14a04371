// Package spectest locates the provider specification files that live in
// ../shared/specs beside the repository, for conformance tests. The files are
// reference data and are never copied into this repository.
package spectest

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns the path of ../shared/specs/<name> relative to the module
// root, skipping the test when the file is absent.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	p, ok := Find("specs", name)
	if !ok {
		tb.Skipf("spec %s not found beside the repository (../shared/specs); skipping", name)
	}
	return p
}

// Doc returns the path of ../shared/provider-docs/<name>, skipping when absent.
func Doc(tb testing.TB, name string) string {
	tb.Helper()
	p, ok := Find("provider-docs", name)
	if !ok {
		tb.Skipf("provider doc %s not found beside the repository; skipping", name)
	}
	return p
}

// Find walks up from the working directory to the module root (go.mod) and
// looks for ../shared/<dir>/<name> beside it.
func Find(dir, name string) (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(d), "shared", dir, name)
			if _, err := os.Stat(p); err == nil {
				return p, true
			}
			return "", false
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}
