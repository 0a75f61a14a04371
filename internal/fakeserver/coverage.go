package fakeserver

import (
	"reflect"
	"sort"
	"strings"
)

// ClientMethods lists the exported methods of a provider's client, for a
// fake's coverage test (every method needs a step): "Service.Method" for
// each exported pointer field of the client struct (its services) and
// "Client.Method" for the client's own methods, sorted, except the names
// in skip (e.g. "Client.String").
func ClientMethods(client any, skip ...string) []string {
	var out []string
	add := func(name string) {
		for _, s := range skip {
			if s == name {
				return
			}
		}
		out = append(out, name)
	}
	v := reflect.Indirect(reflect.ValueOf(client))
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.IsExported() && f.Type.Kind() == reflect.Pointer {
			for j := range f.Type.NumMethod() {
				add(f.Name + "." + f.Type.Method(j).Name)
			}
		}
	}
	for t, j := reflect.TypeOf(client), 0; j < t.NumMethod(); j++ {
		add("Client." + t.Method(j).Name)
	}
	sort.Strings(out)
	return out
}

// Unrequested lists the operations of ops ("GET agreements/{agreement_id}",
// as Server.Ops returns them) that no request of reqs hit, routed as the
// server routes (literal segments win over parameters); reqs outside
// apiPath are ignored. A fake's coverage test asserts it is empty.
func Unrequested(ops []string, reqs []Request, apiPath string) []string {
	routes := make([]Route, len(ops))
	for i, op := range ops {
		routes[i].Method, routes[i].Path, _ = strings.Cut(op, " ")
	}
	rt := newRouter(routes, SlashOptional)
	hit := map[*compiled]bool{}
	for _, r := range reqs {
		if rel, ok := strings.CutPrefix(r.Path, "/"+strings.Trim(apiPath, "/")); ok {
			if c, _, _ := rt.match(r.Method, rel); c != nil {
				hit[c] = true
			}
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
