package rest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A create that fails after it may have been processed, and was not
// retried because repeating it could create twice, says so: it matches
// ErrOutcomeUnknown and its text tells the caller to check first.
func TestOutcomeUnknownOnUnsafeFailures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		method  string
		status  int
		key     bool // idempotency key
		safe    bool // WithSafeRetries
		unknown bool
	}{
		{"POST 503", http.MethodPost, 503, false, false, true},
		{"POST 500", http.MethodPost, 500, false, false, true},
		{"PATCH 502", http.MethodPatch, 502, false, false, true},
		{"POST 408", http.MethodPost, 408, false, false, true},
		{"POST 501 (not implemented: refused)", http.MethodPost, 501, false, false, false},
		{"POST 400", http.MethodPost, 400, false, false, false},
		{"POST 409", http.MethodPost, 409, false, false, false},
		{"POST 429 (not processed)", http.MethodPost, 429, false, false, false},
		{"GET 503 (retried, idempotent)", http.MethodGet, 503, false, false, false},
		{"PUT 503", http.MethodPut, 503, false, false, false},
		{"POST 503 marked safe", http.MethodPost, 503, false, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScripted(t, tc.status)
			c, _ := newClient(t, s.srv.URL, func(c *Config) { c.MaxRetries = 1 })
			ctx := context.Background()
			if tc.safe {
				ctx = WithSafeRetries(ctx)
			}
			_, _, err := Do[*okBody](ctx, c, tc.method, "things/", nil, map[string]string{"a": "b"})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
				t.Fatalf("err = %v, want an *APIError %d", err, tc.status)
			}
			equal(t, "errors.Is(err, ErrOutcomeUnknown)", errors.Is(err, ErrOutcomeUnknown), tc.unknown)
			equal(t, "message says not retried", strings.Contains(err.Error(), "not retried: the "+tc.method+" may have been processed"), tc.unknown)
		})
	}
}

func TestOutcomeUnknownOnLostConnection(t *testing.T) {
	// The server reads the request, then drops the connection unanswered.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	c, _ := newClient(t, srv.URL, nil)
	_, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "things/", nil, map[string]string{"a": "b"})
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TransportError", err)
	}
	equal(t, "outcome unknown", errors.Is(err, ErrOutcomeUnknown), true)
	equal(t, "says so", strings.Contains(err.Error(), "not retried: the POST may have been processed"), true)

	// A GET is retried instead, and a spent budget is not "unknown".
	_, _, err = Do[*okBody](context.Background(), c, http.MethodGet, "things/", nil, nil)
	if !errors.As(err, &te) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("GET: err = %v", err)
	}
}

func TestOutcomeKnownWhenNothingWasSent(t *testing.T) {
	// Nothing listens on this address: the dial fails, so the POST was
	// certainly not processed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, _ := newClient(t, "http://"+addr, func(c *Config) { c.MaxRetries = -1 })
	_, _, err = Do[*okBody](context.Background(), c, http.MethodPost, "things/", nil, map[string]string{"a": "b"})
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TransportError", err)
	}
	equal(t, "outcome unknown", errors.Is(err, ErrOutcomeUnknown), false)

	// A cancelled call reports the cancellation, not an unknown outcome.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = Do[*okBody](ctx, c, http.MethodPost, "things/", nil, map[string]string{"a": "b"})
	equal(t, "cancelled", errors.Is(err, context.Canceled), true)
	equal(t, "cancelled: outcome unknown", errors.Is(err, ErrOutcomeUnknown), false)
}
