package zignedtest_test

// A small stand-in for testify's assert/require: go.mod lists testify, but
// go.sum lacks its dependencies (go-spew, go-difflib, yaml), so it cannot be
// built here. The method names and argument order follow testify.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type checker struct{ fatal bool }

var (
	assert  = checker{}
	require = checker{fatal: true}
)

func (c checker) fail(t testing.TB, what string, args []any) bool {
	t.Helper()
	if len(args) > 0 {
		if f, ok := args[0].(string); ok {
			what += ": " + fmt.Sprintf(f, args[1:]...)
		} else {
			what += ": " + fmt.Sprint(args...)
		}
	}
	if c.fatal {
		t.Fatal(what)
	}
	t.Error(what)
	return false
}

func show(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	if b, ok := v.([]byte); ok {
		return fmt.Sprintf("[]byte(%q)", b)
	}
	return fmt.Sprintf("%#v", v)
}

func equal(want, got any) bool {
	wb, ok1 := want.([]byte)
	gb, ok2 := got.([]byte)
	if ok1 && ok2 {
		return bytes.Equal(wb, gb)
	}
	return reflect.DeepEqual(want, got)
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}

func isEmpty(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return rv.Len() == 0
	case reflect.Pointer:
		if rv.IsNil() {
			return true
		}
		return isEmpty(rv.Elem().Interface())
	}
	return rv.IsZero()
}

func (c checker) Equal(t testing.TB, want, got any, args ...any) bool {
	t.Helper()
	if !equal(want, got) {
		return c.fail(t, fmt.Sprintf("not equal:\nwant %s\n got %s", show(want), show(got)), args)
	}
	return true
}

func (c checker) NotEqual(t testing.TB, notWant, got any, args ...any) bool {
	t.Helper()
	if equal(notWant, got) {
		return c.fail(t, "should differ from "+show(got), args)
	}
	return true
}

func (c checker) True(t testing.TB, v bool, args ...any) bool {
	t.Helper()
	if !v {
		return c.fail(t, "should be true", args)
	}
	return true
}

func (c checker) Truef(t testing.TB, v bool, format string, args ...any) bool {
	t.Helper()
	return c.True(t, v, append([]any{format}, args...)...)
}

func (c checker) False(t testing.TB, v bool, args ...any) bool {
	t.Helper()
	if v {
		return c.fail(t, "should be false", args)
	}
	return true
}

func (c checker) Nil(t testing.TB, v any, args ...any) bool {
	t.Helper()
	if !isNil(v) {
		return c.fail(t, "should be nil, is "+show(v), args)
	}
	return true
}

func (c checker) NotNil(t testing.TB, v any, args ...any) bool {
	t.Helper()
	if isNil(v) {
		return c.fail(t, "should not be nil", args)
	}
	return true
}

func (c checker) NoError(t testing.TB, err error, args ...any) bool {
	t.Helper()
	if err != nil {
		return c.fail(t, "unexpected error: "+err.Error(), args)
	}
	return true
}

func (c checker) Error(t testing.TB, err error, args ...any) bool {
	t.Helper()
	if err == nil {
		return c.fail(t, "expected an error", args)
	}
	return true
}

func (c checker) ErrorIs(t testing.TB, err, target error, args ...any) bool {
	t.Helper()
	if !errors.Is(err, target) {
		return c.fail(t, fmt.Sprintf("error %v is not %v", err, target), args)
	}
	return true
}

func (c checker) NotErrorIs(t testing.TB, err, target error, args ...any) bool {
	t.Helper()
	if errors.Is(err, target) {
		return c.fail(t, fmt.Sprintf("error %v should not be %v", err, target), args)
	}
	return true
}

func (c checker) ErrorAs(t testing.TB, err error, target any, args ...any) bool {
	t.Helper()
	if !errors.As(err, target) {
		return c.fail(t, fmt.Sprintf("error %v (%T) is not a %T", err, err, target), args)
	}
	return true
}

func (c checker) Len(t testing.TB, v any, n int, args ...any) bool {
	t.Helper()
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		if rv.Len() != n {
			return c.fail(t, fmt.Sprintf("length %d, want %d", rv.Len(), n), args)
		}
		return true
	}
	return c.fail(t, fmt.Sprintf("%T has no length", v), args)
}

func (c checker) Empty(t testing.TB, v any, args ...any) bool {
	t.Helper()
	if !isEmpty(v) {
		return c.fail(t, "should be empty, is "+show(v), args)
	}
	return true
}

func (c checker) NotEmpty(t testing.TB, v any, args ...any) bool {
	t.Helper()
	if isEmpty(v) {
		return c.fail(t, "should not be empty", args)
	}
	return true
}

func contains(s, sub any) (bool, bool) {
	if str, ok := s.(string); ok {
		substr, ok := sub.(string)
		return ok && strings.Contains(str, substr), true
	}
	rv := reflect.ValueOf(s)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if equal(rv.Index(i).Interface(), sub) {
				return true, true
			}
		}
		return false, true
	case reflect.Map:
		for _, k := range rv.MapKeys() {
			if equal(k.Interface(), sub) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

func (c checker) Contains(t testing.TB, s, sub any, args ...any) bool {
	t.Helper()
	if ok, valid := contains(s, sub); !ok || !valid {
		return c.fail(t, fmt.Sprintf("%s does not contain %s", show(s), show(sub)), args)
	}
	return true
}

func (c checker) NotContains(t testing.TB, s, sub any, args ...any) bool {
	t.Helper()
	if ok, valid := contains(s, sub); ok || !valid {
		return c.fail(t, fmt.Sprintf("%s should not contain %s", show(s), show(sub)), args)
	}
	return true
}

func (c checker) JSONEq(t testing.TB, want, got string, args ...any) bool {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		return c.fail(t, "expected value is not JSON: "+err.Error(), args)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		return c.fail(t, fmt.Sprintf("not JSON (%v): %s", err, got), args)
	}
	if !reflect.DeepEqual(w, g) {
		return c.fail(t, fmt.Sprintf("JSON differs:\nwant %s\n got %s", want, got), args)
	}
	return true
}
