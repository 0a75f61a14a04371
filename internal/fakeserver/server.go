package fakeserver

import (
	"bytes"
	"cmp"
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultMaxBody bounds a request body (recorded and handled) unless
// Config.MaxBody says otherwise.
const DefaultMaxBody = 32 << 20

// Options are the settings every fake offers through its ServerOptions
// (WithClock, WithSeed, WithDeliveryClient, WithListener).
type Options struct {
	// Clock is the server's time (default time.Now): timestamps in answers,
	// token expiry, signature timestamps of deliveries.
	Clock func() time.Time
	// Seed, when Seeded, makes every generated value (ids, tokens, request
	// ids) reproducible.
	Seed   uint64
	Seeded bool
	// DeliveryClient posts webhook deliveries (default: 10 s timeout).
	DeliveryClient *http.Client
	// Listener, when set, is where the server listens (e.g. a fixed
	// address for a sandbox) instead of a random loopback port. The server
	// closes it.
	Listener net.Listener
}

// Config declares one provider's fake: its API table and the few
// functions where providers differ. See the package documentation.
type Config struct {
	Options

	// Name is the fake's package name ("zignedtest"): it starts error
	// messages and is the default User-Agent of deliveries.
	Name string
	// APIPath is the path of the API base on the server ("/rest/v3").
	APIPath string
	// Slash is how API paths treat a trailing slash.
	Slash Slash
	// Routes are the API operations, paths relative to APIPath. They are
	// authenticated (Auth) and subject to FailNext.
	Routes []Route
	// Mounts are handlers outside the API (token endpoint, file
	// downloads), paths absolute: no Auth, no faults.
	Mounts []Route

	// Auth checks the credentials of API requests; nil accepts all.
	Auth Auth
	// Error renders an error in the provider's shape. Required.
	Error func(c *Call, e *Error) Reply
	// NotFound builds the error for an unknown id of a resource (title is
	// Resource.Title); nil gives 404 "<title> not found".
	NotFound func(c *Call, title string) *Error
	// Shape wraps single-resource and delete answers (nil: Plain{}).
	Shape Shape
	// Time renders timestamps (nil: RFC 3339 in UTC with nanoseconds).
	Time func(time.Time) any
	// Events prepares the deliveries of an event (Call.Emit): the
	// subscribed webhooks, each with its signed body. nil: Emit does
	// nothing.
	Events func(c *Call, event string, data any) []Outgoing
	// Steps are the lifecycle functions behind Server.Step (and the
	// provider's verbs Send, View, Sign, ...).
	Steps map[Step]StepFunc
	// State is the provider's own value, reachable from handlers through
	// Call.State (typically the provider's *Server).
	State any
	// MaxBody bounds request bodies (default DefaultMaxBody).
	MaxBody int64
}

// Slash is how API paths treat a trailing slash.
type Slash int

// Trailing slash policies.
const (
	// SlashOptional matches a path with or without a trailing slash.
	SlashOptional Slash = iota
	// SlashRequired matches only paths ending in "/" (Django REST
	// framework, Tastypie); others are not found.
	SlashRequired
	// SlashExact matches the trailing slash each route's Path declares
	// (Flask routes, as Signeasy's paths mix both forms): "original/"
	// only with it, "original/{id}" only without it, "me/?" either way.
	SlashExact
)

// Server is the engine behind one fake: it listens, records, injects
// faults, authenticates, routes, runs handlers under one lock and delivers
// webhooks. Its methods are safe for concurrent use.
type Server struct {
	cfg    Config
	srv    *httptest.Server
	api    router
	mounts router
	hc     *http.Client
	now    func() time.Time

	mu       sync.Mutex // the one lock: every store access happens under it
	rng      *rand.Rand
	seq      int
	counters map[string]int
	tables   map[any]table
	tokens   Tokens

	requests   queue[Request]
	faults     queue[fault]
	deliveries queue[Delivery[string]]
}

// Start builds a server from cfg and starts it. It panics when cfg lacks
// Error (a programming error in the fake) and, like httptest.NewServer,
// when it cannot listen.
func Start(cfg Config) *Server {
	if cfg.Error == nil {
		panic("fakeserver: Config.Error is required")
	}
	if cfg.Shape == nil {
		cfg.Shape = Plain{}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	cfg.APIPath = "/" + strings.Trim(cfg.APIPath, "/")
	s := &Server{cfg: cfg, now: cfg.Clock, hc: cfg.DeliveryClient,
		counters: map[string]int{}, tables: map[any]table{}, tokens: Tokens{issued: map[string]time.Time{}}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.hc == nil {
		s.hc = &http.Client{Timeout: 10 * time.Second}
	}
	seed := cfg.Seed
	if !cfg.Seeded {
		var b [8]byte
		_, _ = crand.Read(b[:])
		seed = binary.LittleEndian.Uint64(b[:])
	}
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.api = newRouter(based(cfg.Routes, cfg.APIPath), cfg.Slash)
	s.mounts = newRouter(cfg.Mounts, SlashOptional)
	if cfg.Listener != nil {
		s.srv = httptest.NewUnstartedServer(s)
		_ = s.srv.Listener.Close()
		s.srv.Listener = cfg.Listener
		s.srv.Start()
	} else {
		s.srv = httptest.NewServer(s)
	}
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Root is the server's root URL ("http://127.0.0.1:port").
func (s *Server) Root() string { return s.srv.URL }

// APIURL is the API base URL: Root() + Config.APIPath.
func (s *Server) APIURL() string { return s.srv.URL + s.cfg.APIPath }

// HTTPClient returns an *http.Client that reaches the server.
func (s *Server) HTTPClient() *http.Client { return s.srv.Client() }

// Now is the server's current time.
func (s *Server) Now() time.Time { return s.now() }

// Requests returns a copy of every request received, oldest first.
func (s *Server) Requests() []Request { return s.requests.all() }

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() { s.requests.reset() }

// FailNext makes the next API request fail with status (and Retry-After
// when retryAfter > 0), or drop its connection (DropConnection), or be
// handled and then lose its answer (LoseAnswer). Calls queue up.
func (s *Server) FailNext(status int, retryAfter time.Duration) {
	s.faults.add(fault{status, retryAfter})
}

// Deliveries returns a copy of every delivery attempted, oldest first.
func (s *Server) Deliveries() []Delivery[string] { return s.deliveries.all() }

// Ops lists the API operations ("GET agreements/{agreement_id}"; routes
// outside the API base with their absolute path), in table order.
func (s *Server) Ops() []string {
	out := make([]string, 0, len(s.cfg.Routes))
	for _, r := range s.cfg.Routes {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// Do runs f under the server's lock with a Call that has no request (for
// the provider's verbs and inspection helpers), then, when f succeeds,
// delivers the webhooks f emitted. The error is f's.
func (s *Server) Do(ctx context.Context, f func(c *Call) error) error {
	c := s.newCall(nil, nil, nil)
	err := func() error {
		s.mu.Lock()
		defer s.mu.Unlock()
		err := f(c)
		c.settle(err != nil)
		return err
	}()
	if err != nil {
		return err
	}
	s.flush(ctx, c)
	return nil
}

// Lock runs f under the server's lock with a Call that has no request,
// for helpers that read or seed the store; nothing f emits is delivered.
func (s *Server) Lock(f func(c *Call)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.newCall(nil, nil, nil))
}

// ServeHTTP implements http.Handler: record, then mounts, then the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	s.requests.add(newRequest(r, body))
	if err != nil {
		s.writeError(w, s.newCall(r, body, nil), Errorf(http.StatusRequestEntityTooLarge, "request body too large"))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	escaped := r.URL.EscapedPath()
	if step, ok := strings.CutPrefix(r.URL.Path, ControlPath); ok && r.Method == http.MethodPost {
		s.control(w, r, Step(step), body)
		return
	}
	if rt, params, _ := s.mounts.match(r.Method, escaped); rt != nil {
		s.serve(w, r, body, rt, params, false)
		return
	}
	rt, params, allowed := s.api.match(r.Method, escaped)
	if rt == nil {
		rt = &compiled{Route: Route{Handle: func(c *Call) Reply {
			if len(allowed) > 0 {
				c.Header.Set("Allow", strings.Join(allowed, ", "))
				return Fail(http.StatusMethodNotAllowed, "method %s not allowed", r.Method)
			}
			return Fail(http.StatusNotFound, "%s %s: no such path", r.Method, r.URL.Path)
		}}}
	}
	s.serve(w, r, body, rt, params, true)
}

// serve runs one route: for the API (not mounts) faults and auth, then the
// handler under the lock, the deliveries, the answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, body []byte, rt *compiled, params map[string]string, api bool) {
	c := s.newCall(r, body, params)
	lose := false
	if api {
		if f, ok := s.faults.take(); ok {
			switch f.status {
			case DropConnection:
				panic(http.ErrAbortHandler)
			case LoseAnswer:
				lose = true
			default:
				if ra := retryAfter(f.retryAfter); ra != "" {
					c.Header.Set("Retry-After", ra)
				}
				s.writeError(w, c, Errorf(f.status, "%s (injected by FailNext)", http.StatusText(f.status)))
				return
			}
		}
	}
	rep := s.run(c, func() Reply {
		if api && s.cfg.Auth != nil {
			if e := s.cfg.Auth(c); e != nil {
				return Reply{Err: e}
			}
		}
		return rt.Handle(c)
	})
	if rep.Err == nil {
		s.flush(context.WithoutCancel(r.Context()), c)
	}
	if lose {
		panic(http.ErrAbortHandler)
	}
	s.write(w, c, rep)
}

// run calls h under the lock and renders an error reply.
func (s *Server) run(c *Call, h func() Reply) Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := h()
	c.settle(rep.Err != nil)
	if rep.Err != nil {
		rep = s.render(c, rep.Err)
	}
	return rep
}

// render turns e into the provider's error answer (s.mu held).
func (s *Server) render(c *Call, e *Error) Reply {
	rep := s.cfg.Error(c, e)
	if rep.Status == 0 {
		rep.Status = e.Status
	}
	return rep
}

func (s *Server) writeError(w http.ResponseWriter, c *Call, e *Error) {
	s.write(w, c, s.run(c, func() Reply { return Reply{Err: e} }))
}

// write sends rep with the call's headers.
func (s *Server) write(w http.ResponseWriter, c *Call, rep Reply) {
	for k, vs := range c.Header {
		w.Header()[k] = vs
	}
	if rep.Raw == nil && rep.Body != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep.Body); err != nil {
			http.Error(w, s.cfg.Name+": encoding the answer: "+err.Error(), http.StatusInternalServerError)
			return
		}
		rep.Raw, rep.ContentType = buf.Bytes(), cmp.Or(rep.ContentType, "application/json")
	}
	if rep.ContentType != "" {
		w.Header().Set("Content-Type", rep.ContentType)
	}
	w.WriteHeader(cmp.Or(rep.Status, http.StatusOK))
	_, _ = w.Write(rep.Raw)
}

func (s *Server) newCall(r *http.Request, body []byte, params map[string]string) *Call {
	c := &Call{s: s, Req: r, Body: body, Header: http.Header{}, params: params}
	if r != nil {
		c.Query = r.URL.Query()
	} else {
		c.Query = url.Values{}
	}
	return c
}
