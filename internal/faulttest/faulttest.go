// Package faulttest injects faults in front of an HTTP handler for the
// suite's fault-injection tests: a seeded random share of requests is
// answered 429 (with Retry-After), 503, or has its connection dropped before
// the wrapped handler sees it, so the handler's own counters show exactly
// which requests were processed. One more fault, LostAnswer, lets the
// handler process the request and then drops the connection instead of
// answering: the server committed, the client never learns it.
package faulttest

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
)

// Fault is one injected failure.
type Fault int

// Faults.
const (
	None Fault = iota
	TooManyRequests
	Unavailable
	Dropped
	// LostAnswer passes the request to the wrapped handler, discards its
	// answer and drops the connection: the request was processed.
	LostAnswer
)

// DefaultKinds are the faults an Injector draws from unless Kinds is set:
// all of them come before the wrapped handler sees the request.
var DefaultKinds = []Fault{TooManyRequests, Unavailable, Dropped}

func (f Fault) String() string {
	switch f {
	case TooManyRequests:
		return "429"
	case Unavailable:
		return "503"
	case Dropped:
		return "dropped"
	case LostAnswer:
		return "lost answer"
	}
	return "none"
}

// Injector is an http.Handler that fails a share of requests at random
// (seeded, so a run is reproducible) and passes the rest to Next.
type Injector struct {
	Next http.Handler
	// Rate is the share of requests that fail, e.g. 0.3.
	Rate float64
	// RetryAfter is the Retry-After value sent with 429 answers ("1").
	RetryAfter string
	// Exempt lists path prefixes never faulted (e.g. an OAuth token endpoint).
	Exempt []string
	// Kinds are the faults drawn, with equal chances (DefaultKinds when
	// empty).
	Kinds []Fault

	mu     sync.Mutex
	rng    *rand.Rand
	counts map[Fault]int
	total  int
	log    []Event
}

// Event is one request the Injector saw and what it did with it.
type Event struct {
	Method, Path string
	Fault        Fault
}

// New returns an Injector failing rate of the requests to next, seeded.
func New(next http.Handler, rate float64, seed uint64) *Injector {
	return &Injector{Next: next, Rate: rate, RetryAfter: "1", rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), counts: map[Fault]int{}}
}

func (in *Injector) pick(method, path string) Fault {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.total++
	f := None
	exempt := false
	for _, p := range in.Exempt {
		if strings.HasPrefix(path, p) {
			exempt = true
			break
		}
	}
	// Exempt requests draw nothing from the generator, so they do not shift
	// the faults the other requests get.
	if !exempt && in.rng.Float64() < in.Rate {
		kinds := in.Kinds
		if len(kinds) == 0 {
			kinds = DefaultKinds
		}
		f = kinds[in.rng.IntN(len(kinds))]
	}
	in.counts[f]++
	in.log = append(in.log, Event{Method: method, Path: path, Fault: f})
	return f
}

// ServeHTTP implements http.Handler.
func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch in.pick(r.Method, r.URL.Path) {
	case TooManyRequests:
		w.Header().Set("Retry-After", in.RetryAfter)
		http.Error(w, `{"error":"rate limited"}`, http.StatusTooManyRequests)
	case Unavailable:
		http.Error(w, `{"error":"unavailable"}`, http.StatusServiceUnavailable)
	case Dropped:
		drop(w)
	case LostAnswer:
		in.Next.ServeHTTP(&discard{header: http.Header{}}, r)
		drop(w)
	default:
		in.Next.ServeHTTP(w, r)
	}
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

// discard is a ResponseWriter that keeps nothing of the answer.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// Counts returns how many requests got each fault, and the total.
func (in *Injector) Counts() (map[Fault]int, int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make(map[Fault]int, len(in.counts))
	for k, v := range in.counts {
		out[k] = v
	}
	return out, in.total
}

// Log returns every request seen so far, in arrival order, with its fault.
func (in *Injector) Log() []Event {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]Event(nil), in.log...)
}
