package rest

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitRecorder is a fake clock for the retry backoff: it records every
// computed wait and makes the client sleep for none of it.
type waitRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *waitRecorder) hook(_ int, wait time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waits = append(w.waits, wait)
	return 0
}

func (w *waitRecorder) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.waits...)
}

// newClient builds a client for base with a recording zero-sleep backoff.
func newClient(t testing.TB, base string, mut func(*Config)) (*Client, *waitRecorder) {
	t.Helper()
	rec := &waitRecorder{}
	cfg := Config{Settings: Settings{BaseURL: base, BackoffHook: rec.hook}}
	if mut != nil {
		mut(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, rec
}

// scripted serves the given statuses in order (the last one repeats),
// counting hits and keeping every request's headers.
type scripted struct {
	srv      *httptest.Server
	hits     atomic.Int32
	mu       sync.Mutex
	headers  []http.Header
	statuses []int
	header   http.Header // added to every answer
	body     string      // body of 2xx answers
}

func newScripted(t testing.TB, statuses ...int) *scripted {
	t.Helper()
	s := &scripted{statuses: statuses, header: http.Header{}, body: `{"ok":true}`}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.hits.Add(1))
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Clone())
		status := s.statuses[min(n, len(s.statuses))-1]
		for k, v := range s.header {
			w.Header()[k] = v
		}
		s.mu.Unlock()
		_, _ = readAllDiscard(r)
		if status >= 200 && status < 300 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(s.body))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"message":"scripted failure"}`))
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func readAllDiscard(r *http.Request) (int64, error) {
	var n int64
	buf := make([]byte, 32<<10)
	for {
		m, err := r.Body.Read(buf)
		n += int64(m)
		if err != nil {
			return n, nil
		}
	}
}

func equal[T any](t testing.TB, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s = %#v, want %#v", what, got, want)
	}
}

// countingTransport counts round trips through the default transport.
type countingTransport struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	if c.next == nil {
		return http.DefaultTransport.RoundTrip(r)
	}
	return c.next.RoundTrip(r)
}
