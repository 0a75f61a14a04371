package spectest

import (
	"reflect"
	"sort"
)

// Methods lists the exported methods a client offers, for tests that check
// every method is exercised: "Service.Method" for each exported pointer
// field of the client struct (its services) and "Client.Method" for the
// client's own methods, sorted, except the names in skip (e.g.
// "Client.String").
func Methods(client any, skip ...string) []string {
	var out []string
	add := func(name string) {
		for _, s := range skip {
			if s == name {
				return
			}
		}
		out = append(out, name)
	}
	v := reflect.ValueOf(client)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.IsExported() && f.Type.Kind() == reflect.Pointer {
			for j := range f.Type.NumMethod() {
				add(f.Name + "." + f.Type.Method(j).Name)
			}
		}
	}
	ct := reflect.TypeOf(client)
	for j := range ct.NumMethod() {
		add("Client." + ct.Method(j).Name)
	}
	sort.Strings(out)
	return out
}
