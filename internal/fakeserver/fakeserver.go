package fakeserver

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Request is one request a fake server received.
type Request struct {
	Method string
	// Host is the Host the request was sent to.
	Host string
	// Path is the request path as received, e.g. "/api/v2/bundles/".
	Path string
	// Query is the parsed query string.
	Query url.Values
	// Header holds the request headers (Authorization included).
	Header http.Header
	// Body is the request body as read by the fake (possibly bounded).
	Body []byte
}

// NewRequest describes r with the given body: method, host, r.URL.Path, the
// parsed query, a copy of the headers and body as is (not copied).
func NewRequest(r *http.Request, body []byte) Request {
	return Request{Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
}

// Log is an append-only list safe for concurrent use. The zero value is
// ready to use.
type Log[T any] struct {
	mu    sync.Mutex
	items []T
}

// Append adds v at the end.
func (l *Log[T]) Append(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items = append(l.items, v)
}

// All returns a copy of every item, oldest first (nil when empty).
func (l *Log[T]) All() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.items)
}

// Len returns the number of items.
func (l *Log[T]) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Reset forgets every item.
func (l *Log[T]) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items = nil
}

// Recorder records the requests a fake server receives. The zero value is
// ready to use; it is safe for concurrent use.
type Recorder struct {
	log Log[Request]
}

// Record appends NewRequest(r, body) and returns it.
func (rec *Recorder) Record(r *http.Request, body []byte) Request {
	req := NewRequest(r, body)
	rec.log.Append(req)
	return req
}

// Requests returns a copy of every recorded request, oldest first.
func (rec *Recorder) Requests() []Request { return rec.log.All() }

// Reset forgets the recorded requests.
func (rec *Recorder) Reset() { rec.log.Reset() }

// Pseudo-statuses of FailNext: instead of an error answer, the connection
// is closed without one.
const (
	// DropConnection closes the connection before the request is handled:
	// nothing happened on the server, and the client sees a transport error.
	DropConnection = -1
	// LoseAnswer handles the request (its effects are committed, its
	// webhooks delivered), then closes the connection without answering:
	// the client cannot tell whether the request took effect.
	LoseAnswer = -2
)

// Fault is one injected failure: an answer with Status (and a Retry-After
// header when RetryAfter > 0), or DropConnection or LoseAnswer.
type Fault struct {
	Status     int
	RetryAfter time.Duration
}

// Faults is a FIFO queue of injected failures (what a fake's FailNext
// feeds). The zero value is ready to use; it is safe for concurrent use.
type Faults struct {
	mu sync.Mutex
	q  []Fault
}

// FailNext queues a failure with status (or DropConnection or LoseAnswer);
// a positive retryAfter is meant to be sent as Retry-After (see
// SetRetryAfter).
func (f *Faults) FailNext(status int, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.q = append(f.q, Fault{Status: status, RetryAfter: retryAfter})
}

// Take removes and returns the oldest queued failure; ok is false when the
// queue is empty.
func (f *Faults) Take() (status int, retryAfter time.Duration, ok bool) {
	ft, ok := f.take()
	return ft.Status, ft.RetryAfter, ok
}

func (f *Faults) take() (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.q) == 0 {
		return Fault{}, false
	}
	ft := f.q[0]
	f.q = f.q[1:]
	return ft, true
}

// Pending returns how many failures are queued.
func (f *Faults) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.q)
}

// RetryAfterSeconds is d in whole seconds, rounded up (0 when d <= 0).
func RetryAfterSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	secs := int64(d / time.Second)
	if d%time.Second != 0 {
		secs++
	}
	return secs
}

// SetRetryAfter sets the Retry-After header of h to d in whole seconds,
// rounded up, when d > 0; otherwise it leaves h alone.
func SetRetryAfter(h http.Header, d time.Duration) {
	if d > 0 {
		h.Set("Retry-After", strconv.FormatInt(RetryAfterSeconds(d), 10))
	}
}

// CloseOnCleanup registers s.Close with tb.Cleanup and returns s: the body
// of every fake's NewServer(tb, opts...) is CloseOnCleanup(tb, Start(opts...)).
func CloseOnCleanup[S interface{ Close() }](tb testing.TB, s S) S {
	tb.Helper()
	tb.Cleanup(s.Close)
	return s
}

// ClientOrFail returns c when err is nil. Otherwise it reports err, which
// comes from invalid client options: to tb with Fatalf when the fake was
// started by NewServer(tb), else (Start, no test at hand) by panicking, as
// httptest.NewServer does when it cannot listen. pkg prefixes the message.
func ClientOrFail[C any](tb testing.TB, pkg string, c C, err error) C {
	if err == nil {
		return c
	}
	if tb != nil {
		tb.Helper()
		tb.Fatalf("%s: Client: %v", pkg, err)
	}
	panic(pkg + ": " + err.Error())
}
