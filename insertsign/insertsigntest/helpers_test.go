package insertsigntest_test

// Small assertion helpers. testify is listed in go.mod, but go.sum lacks
// its dependencies (go-spew, go-difflib, yaml), so these tests use the
// standard library only.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func show(v any) string {
	if b, err := json.Marshal(v); err == nil && !bytes.Equal(b, []byte("{}")) {
		return fmt.Sprintf("%T %s", v, b)
	}
	return fmt.Sprintf("%#v", v)
}

func msg(args []any) string {
	if len(args) == 0 {
		return ""
	}
	if f, ok := args[0].(string); ok {
		return ": " + fmt.Sprintf(f, args[1:]...)
	}
	return ": " + fmt.Sprint(args...)
}

// equal reports want != got (reflect.DeepEqual) as an error.
func equal(t testing.TB, want, got any, args ...any) bool {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("not equal%s\nwant: %s\n got: %s", msg(args), show(want), show(got))
		return false
	}
	return true
}

func isTrue(t testing.TB, cond bool, args ...any) {
	t.Helper()
	if !cond {
		t.Errorf("expected true%s", msg(args))
	}
}

func mustTrue(t testing.TB, cond bool, args ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("expected true%s", msg(args))
	}
}

func must(t testing.TB, err error, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error%s: %v", msg(args), err)
	}
}

func mustErr(t testing.TB, err error, args ...any) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error%s", msg(args))
	}
}

func errorIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("error %v does not wrap %v", err, target)
	}
}

func isNil(t testing.TB, v any, args ...any) {
	t.Helper()
	if v == nil {
		return
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		if rv.IsNil() {
			return
		}
	}
	t.Errorf("expected nil%s, got %s", msg(args), show(v))
}

func jsonEq(t testing.TB, want, got string) {
	t.Helper()
	var w, g any
	must(t, json.Unmarshal([]byte(want), &w), "want JSON")
	must(t, json.Unmarshal([]byte(got), &g), "got JSON")
	if !reflect.DeepEqual(w, g) {
		t.Errorf("JSON differs\nwant: %s\n got: %s", want, got)
	}
}
