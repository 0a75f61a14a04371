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

func newRequest(r *http.Request, body []byte) Request {
	return Request{Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
}

// queue is a FIFO list safe for concurrent use (requests, deliveries,
// faults); the zero value is ready to use.
type queue[T any] struct {
	mu    sync.Mutex
	items []T
}

func (q *queue[T]) add(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
}

// all is a copy of every item, oldest first (nil when empty).
func (q *queue[T]) all() []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.items)
}

func (q *queue[T]) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = nil
}

// take removes and returns the oldest item.
func (q *queue[T]) take() (v T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return v, false
	}
	v, q.items = q.items[0], q.items[1:]
	return v, true
}

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

type fault struct {
	status     int
	retryAfter time.Duration
}

// retryAfter is d in whole seconds, rounded up ("" when d <= 0).
func retryAfter(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	secs := int64(d / time.Second)
	if d%time.Second != 0 {
		secs++
	}
	return strconv.FormatInt(secs, 10)
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
