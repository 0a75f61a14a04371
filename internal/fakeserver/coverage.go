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
// base, or absolute for routes outside it) that no request of reqs
// reached, routed as the server routes them (literal segments win over
// parameters; a trailing slash is ignored). apiPath is the API base path
// the requests carry ("/rest/v3").
func Unrequested(ops []string, reqs []Request, apiPath string) []string {
	routes := make([]Route, len(ops))
	for i, op := range ops {
		routes[i].Method, routes[i].Path, _ = strings.Cut(op, " ")
	}
	rt := newRouter(based(routes, "/"+strings.Trim(apiPath, "/")), SlashOptional)
	hit := map[*compiled]bool{}
	for _, r := range reqs {
		if c, _, _ := rt.match(r.Method, r.Path); c != nil {
			hit[c] = true
		}
	}
	var out []string
	for i, c := range rt.routes {
		if !hit[c] {
			out = append(out, ops[i])
		}
	}
	return out
}
