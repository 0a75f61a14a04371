package fakeserver

import (
	"net/url"
	"slices"
	"strings"
)

// Route is one operation of a fake: a method and a path pattern whose
// "{name}" segments are parameters (Call.Param), and its handler.
type Route struct {
	Method string
	// Path is relative to the API base for Config.Routes
	// ("agreements/{agreement_id}/lifecycle") and absolute for
	// Config.Mounts ("/oauth/token").
	Path string
	// Handle answers the request. It runs under the server's lock.
	Handle func(c *Call) Reply
	// Faulty makes a mount subject to FailNext (API routes always are).
	Faulty bool
}

// Routes joins route lists (a resource's generated routes, custom ones).
func Routes(lists ...[]Route) []Route {
	var out []Route
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

type compiled struct {
	Route
	segs []string
}

type router struct {
	routes []*compiled
	slash  Slash
}

func newRouter(routes []Route, slash Slash) router {
	rt := router{slash: slash}
	for _, r := range routes {
		rt.routes = append(rt.routes, &compiled{Route: r, segs: split(r.Path)})
	}
	return rt
}

func split(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// match finds the route of method and an escaped path. Literal segments
// win over parameters; allowed lists the methods of a path matched with
// another method (for 405).
func (rt router) match(method, escaped string) (*compiled, map[string]string, []string) {
	if rt.slash == SlashRequired && !strings.HasSuffix(escaped, "/") {
		return nil, nil, nil
	}
	raw := split(escaped)
	segs := make([]string, len(raw))
	for i, r := range raw {
		u, err := url.PathUnescape(r)
		if err != nil || u == "" {
			return nil, nil, nil
		}
		segs[i] = u
	}
	var (
		best    *compiled
		score   = -1
		params  map[string]string
		allowed []string
	)
	for _, r := range rt.routes {
		p, sc, ok := matchSegs(r.segs, segs)
		if !ok {
			continue
		}
		if r.Method != method {
			if !slices.Contains(allowed, r.Method) {
				allowed = append(allowed, r.Method)
			}
			continue
		}
		if sc > score {
			best, score, params = r, sc, p
		}
	}
	if best != nil {
		return best, params, nil
	}
	return nil, nil, allowed
}

func matchSegs(pattern, segs []string) (map[string]string, int, bool) {
	if len(pattern) != len(segs) {
		return nil, 0, false
	}
	var params map[string]string
	score := 0
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if params == nil {
				params = map[string]string{}
			}
			params[p[1:len(p)-1]] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		score++
	}
	return params, score, true
}
