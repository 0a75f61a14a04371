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
	// Config.Mounts ("/oauth/token"). An API route whose Path starts with
	// "/" lives outside the API base ("/v2/callback/": a second base of the
	// same API) and is authenticated and faulted like the others. Under
	// SlashExact, a Path ending in "/" matches only with the trailing
	// slash, one without only without it, and one ending in "/?" both ways
	// ("me/?": GET me and GET me/).
	Path string
	// Handle answers the request. It runs under the server's lock.
	Handle func(c *Call) Reply
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
	// trailing is how the pattern ends: with "/" (slashYes), "/?"
	// (slashEither) or neither (slashNo); SlashExact compares it with the
	// request path.
	trailing trailing
}

type trailing int

const (
	slashNo trailing = iota
	slashYes
	slashEither
)

type router struct {
	routes []*compiled
	slash  Slash
}

func newRouter(routes []Route, slash Slash) router {
	rt := router{slash: slash}
	for _, r := range routes {
		p, tr := r.Path, slashNo
		switch {
		case strings.HasSuffix(p, "/?"):
			p, tr = strings.TrimSuffix(p, "?"), slashEither
		case strings.HasSuffix(p, "/") && strings.Trim(p, "/") != "":
			tr = slashYes
		}
		rt.routes = append(rt.routes, &compiled{Route: r, segs: split(p), trailing: tr})
	}
	return rt
}

// based returns routes with the relative paths made absolute under base
// ("/v3" + "/" + "original/"); absolute ones are kept.
func based(routes []Route, base string) []Route {
	out := make([]Route, len(routes))
	for i, r := range routes {
		if !strings.HasPrefix(r.Path, "/") {
			r.Path = strings.TrimSuffix(base, "/") + "/" + r.Path
		}
		out[i] = r
	}
	return out
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
	slashed := strings.HasSuffix(escaped, "/") && len(raw) > 0
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
		if rt.slash == SlashExact && r.trailing != slashEither && (r.trailing == slashYes) != slashed {
			continue
		}
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
