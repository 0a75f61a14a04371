package spectest

import (
	"os"
	"path/filepath"
	"testing"
)

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

// TestFindPassesOverNestedModules: from inside a nested module the root is
// still the directory whose go.mod declares the repository's module.
func TestFindPassesOverNestedModules(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "esign")
	nested := filepath.Join(root, "internal", "check")
	shared := filepath.Join(base, "shared", "specs")
	for _, d := range []string{nested, shared} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for p, content := range map[string]string{
		filepath.Join(root, "go.mod"):   "module " + rootModule + "\n\ngo 1.23\n",
		filepath.Join(nested, "go.mod"): "module " + rootModule + "/internal/check\n",
		filepath.Join(shared, "x.yaml"): "openapi: 3.0.0\n",
	} {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(nested); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chdir(wd) })
	p, ok := Find("specs", "x.yaml")
	if !ok || p != filepath.Join(shared, "x.yaml") {
		t.Fatalf("Find = %q, %v", p, ok)
	}
	if _, ok := Find("specs", "y.yaml"); ok {
		t.Fatal("Find found a missing file")
	}
}
