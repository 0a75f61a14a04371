package spectest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"reflect"
	"sort"
	"strings"
)

// Operation is one (method, path template) pair of a spec.
type Operation struct {
	Method string // upper case
	Path   string // template as in the spec, e.g. /bundles/{bundleSlug}/
}

func (o Operation) String() string { return o.Method + " " + o.Path }

var methods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true}

// Operations reads every operation of an OpenAPI/Swagger file, JSON or YAML.
// The YAML reader is deliberately small: it reads the top-level `paths:` block
// by indentation. Path keys sit at the block's first indentation; each path
// item's keys at the next one (learned per item, since specs are not
// consistent: Legalesign's indents some items by four spaces, others by six).
func Operations(file string) ([]Operation, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var ops []Operation
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		var doc struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, err
		}
		for p, item := range doc.Paths {
			for m := range item {
				if methods[strings.ToLower(m)] {
					ops = append(ops, Operation{strings.ToUpper(m), p})
				}
			}
		}
	} else {
		yops, err := yamlOperations(data)
		if err != nil {
			return nil, err
		}
		ops = yops
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("%s: no operations found", file)
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].String() < ops[j].String() })
	return ops, nil
}

// Match reports whether a concrete request path matches a spec template:
// `{name}` matches one non-empty segment; trailing slashes must agree.
func Match(template, concrete string) bool {
	t := strings.Split(path.Clean("/"+template), "/")
	c := strings.Split(path.Clean("/"+concrete), "/")
	if len(t) != len(c) || strings.HasSuffix(template, "/") != strings.HasSuffix(concrete, "/") {
		return false
	}
	for i := range t {
		if strings.HasPrefix(t[i], "{") && strings.HasSuffix(t[i], "}") {
			if c[i] == "" {
				return false
			}
			continue
		}
		if t[i] != c[i] {
			return false
		}
	}
	return true
}

// Uncovered returns the spec operations that no recorded call matches, and
// the recorded calls that match no operation. Recorded paths are relative to
// the API base path (pass basePath to strip, e.g. "/api/v2").
func Uncovered(ops []Operation, calls []Operation, basePath string) (missing, extra []Operation) {
	hit := make([]bool, len(ops))
	for _, call := range calls {
		p := strings.TrimPrefix(call.Path, strings.TrimSuffix(basePath, "/"))
		found := false
		for i, op := range ops {
			if op.Method == call.Method && Match(op.Path, p) {
				hit[i], found = true, true
			}
		}
		if !found {
			extra = append(extra, Operation{call.Method, p})
		}
	}
	for i, op := range ops {
		if !hit[i] {
			missing = append(missing, op)
		}
	}
	return missing, extra
}

// Served turns a fake's operations ("GET agreements/{agreement_id}", paths
// relative to the API base) into Operations, each path ending in suffix
// ("/" for APIs whose paths end in a slash), to compare with the spec's
// (Uncovered).
func Served(ops []string, suffix string) []Operation {
	out := make([]Operation, len(ops))
	for i, op := range ops {
		method, pattern, _ := strings.Cut(op, " ")
		out[i] = Operation{Method: method, Path: "/" + pattern + suffix}
	}
	return out
}

// Methods lists the methods of a client's services as "Service.Method":
// every exported method of every exported pointer field of the struct
// client points to (c.Documents.Get is "Documents.Get"), for tests that
// check each one is called.
func Methods(client any) []string {
	var out []string
	v := reflect.ValueOf(client).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer {
			continue
		}
		for j := range f.Type.NumMethod() {
			out = append(out, f.Name+"."+f.Type.Method(j).Name)
		}
	}
	return out
}

// yamlOperations reads the operations of the top-level `paths:` block of a
// YAML document by indentation.
func yamlOperations(data []byte) ([]Operation, error) {
	var ops []Operation
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	in, cur := false, ""
	pathIndent, itemIndent := -1, -1
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(trimmed)
		if indent == 0 {
			key, _, _ := strings.Cut(trimmed, "#")
			in = strings.TrimSpace(key) == "paths:"
			cur, pathIndent, itemIndent = "", -1, -1
			continue
		}
		if !in {
			continue
		}
		if pathIndent < 0 || indent <= pathIndent {
			pathIndent = indent
			cur = strings.Trim(strings.TrimSuffix(trimmed, ":"), `'"`)
			itemIndent = -1
			continue
		}
		if itemIndent < 0 {
			itemIndent = indent
		}
		if indent == itemIndent && cur != "" {
			if m, ok := strings.CutSuffix(trimmed, ":"); ok && methods[m] {
				ops = append(ops, Operation{strings.ToUpper(m), cur})
			}
		}
	}
	return ops, sc.Err()
}
