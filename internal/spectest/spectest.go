// Package spectest locates the reference data that lives beside the
// repository, in ../shared/specs (provider specifications) and
// ../shared/provider-docs (provider documents), for the tests that check
// against them. The files are never copied into this repository. The
// validation itself is internal/speccheck's (a nested test-only module).
package spectest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Path returns the path of ../shared/specs/<name> beside the repository
// root, skipping the test when the file is absent.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	p, ok := Find("specs", name)
	if !ok {
		tb.Skipf("spec %s not found beside the repository (../shared/specs); skipping", name)
	}
	return p
}

// Doc returns the path of ../shared/provider-docs/<name> beside the
// repository root, skipping the test when the file is absent.
func Doc(tb testing.TB, name string) string {
	tb.Helper()
	p, ok := Find("provider-docs", name)
	if !ok {
		tb.Skipf("provider doc %s not found beside the repository; skipping", name)
	}
	return p
}

// Find looks for ../shared/<dir>/<name> beside the repository root: the
// directory, found walking up from the working directory, whose go.mod
// declares the module github.com/esignkit/esign (nested modules, such as
// internal/speccheck, are passed over).
func Find(dir, name string) (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isRoot(d) {
			p := filepath.Join(filepath.Dir(d), "shared", dir, name)
			_, err := os.Stat(p)
			return p, err == nil
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// isRoot reports whether dir holds the repository's root go.mod.
func isRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "module "+rootModule {
			return true
		}
	}
	return false
}

// rootModule is the repository's module path.
const rootModule = "github.com/esignkit/esign"
