package fakeserver

import (
	"reflect"
	"strings"
)

// ClientMethods lists the methods of a client's services as
// "Service.Method": every exported method of every exported pointer field of
// the struct client points to (c.Documents.Get is "Documents.Get"). A fake's
// coverage test checks that each one is called.
func ClientMethods(client any) []string {
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

// Unrequested returns the operations of ops (a fake's table, as Server.Ops
// lists them: "GET agreements/{agreement_id}", paths relative to the API
// base) that no request of reqs reached. apiPath is the API base path the
// requests carry ("/rest/v3"); a trailing slash on either side is ignored.
// A "{name}" segment matches one non-empty segment.
func Unrequested(ops []string, reqs []Request, apiPath string) []string {
	base := strings.Trim(apiPath, "/")
	var out []string
	for _, op := range ops {
		method, pattern, _ := strings.Cut(op, " ")
		hit := false
		for _, r := range reqs {
			rel, ok := strings.CutPrefix(strings.Trim(r.Path, "/"), base)
			if r.Method == method && ok && matchSegments(strings.Trim(pattern, "/"), strings.Trim(rel, "/")) {
				hit = true
				break
			}
		}
		if !hit {
			out = append(out, op)
		}
	}
	return out
}

// matchSegments matches path against pattern segment by segment.
func matchSegments(pattern, path string) bool {
	ps, ss := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(ss) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if ss[i] == "" {
				return false
			}
		} else if p != ss[i] {
			return false
		}
	}
	return true
}
