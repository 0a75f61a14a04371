package rest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

type okBody struct {
	OK bool `json:"ok"`
}

func TestGETRetriedUntilSuccess(t *testing.T) {
	s := newScripted(t, 503, 503, 200)
	c, rec := newClient(t, s.srv.URL, nil)
	out, resp, err := Do[*okBody](context.Background(), c, http.MethodGet, "things/", nil, nil)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(3))
	equal(t, "status", resp.StatusCode, 200)
	equal(t, "ok", out.OK, true)
	equal(t, "backoff waits computed", len(rec.all()), 2)
}

func TestGETGivesUpAfterMaxRetries(t *testing.T) {
	s := newScripted(t, 503)
	c, _ := newClient(t, s.srv.URL, func(c *Config) { c.MaxRetries = 2 })
	_, resp, err := Do[*okBody](context.Background(), c, http.MethodGet, "things/", nil, nil)
	equal(t, "attempts", s.hits.Load(), int32(3))
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	if resp == nil || resp.StatusCode != 503 {
		t.Fatalf("resp = %+v, want the final 503 response", resp)
	}
}

func TestMaxRetriesNegativeDisablesRetries(t *testing.T) {
	s := newScripted(t, 503, 200)
	c, _ := newClient(t, s.srv.URL, func(c *Config) { c.MaxRetries = -1 })
	_, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil)
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(1))
}

func TestPOST500NotRetried(t *testing.T) {
	s := newScripted(t, 500, 200)
	c, rec := newClient(t, s.srv.URL, nil)
	_, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "things/", nil, map[string]string{"a": "b"})
	equal(t, "attempts", s.hits.Load(), int32(1))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want *APIError 500", err)
	}
	equal(t, "waits", len(rec.all()), 0)
}

func TestNonIdempotentMethodsNotRetriedOn5xx(t *testing.T) {
	for _, m := range []string{http.MethodPost, http.MethodPatch} {
		for _, status := range []int{408, 500, 502, 503, 504} {
			t.Run(fmt.Sprint(m, status), func(t *testing.T) {
				s := newScripted(t, status, 200)
				c, _ := newClient(t, s.srv.URL, nil)
				_, _, err := Do[*okBody](context.Background(), c, m, "x", nil, nil)
				if err == nil {
					t.Fatal("want error")
				}
				equal(t, "attempts", s.hits.Load(), int32(1))
			})
		}
	}
}

func TestIdempotentMethodsRetriedOn408And5xx(t *testing.T) {
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		for _, status := range []int{408, 500, 502, 503, 504} {
			t.Run(fmt.Sprint(m, status), func(t *testing.T) {
				s := newScripted(t, status, 204)
				c, _ := newClient(t, s.srv.URL, nil)
				_, err := c.Do(context.Background(), &Request{Method: m, Path: "x"}, nil)
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				equal(t, "attempts", s.hits.Load(), int32(2))
			})
		}
	}
}

func TestPOST429RetryAfterSecondsHonoured(t *testing.T) {
	s := newScripted(t, 429, 201)
	s.header.Set("Retry-After", "1")
	c, rec := newClient(t, s.srv.URL, nil)
	_, resp, err := Do[*okBody](context.Background(), c, http.MethodPost, "things/", nil, map[string]int{"n": 1})
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	equal(t, "status", resp.StatusCode, 201)
	equal(t, "attempts", s.hits.Load(), int32(2))
	equal(t, "waits", rec.all(), []time.Duration{time.Second})
}

func TestRetryAfterHTTPDateHonoured(t *testing.T) {
	s := newScripted(t, 429, 200)
	s.header.Set("Retry-After", time.Now().Add(2*time.Minute).UTC().Format(http.TimeFormat))
	c, rec := newClient(t, s.srv.URL, func(c *Config) { c.RetryWaitMax = 10 * time.Minute })
	if _, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	waits := rec.all()
	if len(waits) != 1 || waits[0] < 118*time.Second || waits[0] > 120*time.Second {
		t.Fatalf("waits = %v, want one wait of about 2m", waits)
	}
}

func TestRetryAfterCappedByRetryWaitMax(t *testing.T) {
	for _, ra := range []string{"3600", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)} {
		s := newScripted(t, 503, 200)
		s.header.Set("Retry-After", ra)
		c, rec := newClient(t, s.srv.URL, func(c *Config) { c.RetryWaitMin = time.Second; c.RetryWaitMax = 5 * time.Second })
		if _, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil); err != nil {
			t.Fatalf("Do: %v", err)
		}
		equal(t, "waits for Retry-After "+ra, rec.all(), []time.Duration{5 * time.Second})
	}
}

// No provider documents an Idempotency-Key header, so none is ever sent and
// a POST is never retried on its strength: a 503 to a POST ends the call.
// A caller cannot add the header either (net/http replays requests that
// carry it on its own).
func TestPOSTNeverRetriedNorKeyed(t *testing.T) {
	s := newScripted(t, 503, 502, 200)
	c, _ := newClient(t, s.srv.URL, nil)
	_, _, err := Do[*okBody](context.Background(), c, http.MethodPost, "things/", nil, map[string]string{"a": "b"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(1))
	equal(t, "Idempotency-Key sent", s.headers[0].Values("Idempotency-Key"), []string(nil))
	for _, name := range []string{"Idempotency-Key", "x-idempotency-key"} {
		ctx := WithHeader(context.Background(), name, "k-1")
		if _, _, err := Do[*okBody](ctx, c, http.MethodPost, "things/", nil, nil); !errors.Is(err, ErrValidation) {
			t.Fatalf("%s via WithHeader: err = %v, want ErrValidation", name, err)
		}
	}
	equal(t, "attempts after refused headers", s.hits.Load(), int32(1))
}

func Test501NotRetried(t *testing.T) {
	s := newScripted(t, 501, 200)
	c, _ := newClient(t, s.srv.URL, nil)
	_, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil)
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(1))
}

func Test4xxNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 405, 409, 410, 422} {
		s := newScripted(t, status, 200)
		c, _ := newClient(t, s.srv.URL, nil)
		_, _, err := Do[*okBody](context.Background(), c, http.MethodGet, "x", nil, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Fatalf("%d: err = %v", status, err)
		}
		equal(t, fmt.Sprint(status, " attempts"), s.hits.Load(), int32(1))
	}
}

func TestCancelStopsBackoffAtOnce(t *testing.T) {
	s := newScripted(t, 503)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sleeping := make(chan struct{})
	c, _ := newClient(t, s.srv.URL, func(c *Config) {
		// The backoff asks for an hour; the test cancels once the client is
		// about to sleep it. Nothing but ctx can end that sleep.
		c.BackoffHook = func(int, time.Duration) time.Duration {
			close(sleeping)
			return time.Hour
		}
	})
	go func() {
		<-sleeping
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, _, err := Do[*okBody](ctx, c, http.MethodGet, "x", nil, nil)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute): // a watchdog, not a measurement: the sleep is an hour
		t.Fatal("Do is still sleeping its backoff after ctx was cancelled")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T, want *TransportError", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(1))
}

func TestCancelledContextSendsNothing(t *testing.T) {
	s := newScripted(t, 200)
	c, _ := newClient(t, s.srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Do[*okBody](ctx, c, http.MethodGet, "x", nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	equal(t, "attempts", s.hits.Load(), int32(0))
}

func TestTransportErrorRetriedOnlyWhenSafe(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	cases := []struct {
		method string
		ctx    context.Context
		want   int32
	}{
		// A refused connection sent nothing: every method is tried again,
		// DialRetries times, whatever the (larger) retry budget.
		{http.MethodGet, context.Background(), 1 + DialRetries},
		{http.MethodDelete, context.Background(), 1 + DialRetries},
		{http.MethodPost, context.Background(), 1 + DialRetries},
		{http.MethodPatch, context.Background(), 1 + DialRetries},
	}
	for _, tc := range cases {
		ct := &countingTransport{}
		c, rec := newClient(t, deadURL, func(c *Config) {
			c.MaxRetries = 5
			c.RetryWaitMin = 7 * time.Millisecond
			c.HTTPClient = &http.Client{Transport: ct}
		})
		_, _, err := Do[*okBody](tc.ctx, c, tc.method, "x", nil, nil)
		var te *TransportError
		if !errors.As(err, &te) {
			t.Fatalf("%s: err = %v, want *TransportError", tc.method, err)
		}
		equal(t, tc.method+" round trips", ct.n.Load(), tc.want)
		equal(t, tc.method+" waits", int32(len(rec.all())), tc.want-1)
		for _, w := range rec.all() {
			equal(t, tc.method+" wait between dials", w, 7*time.Millisecond)
		}
		equal(t, "TransportError.Method", te.Method, tc.method)
		equal(t, "TransportError.Attempts", te.Attempts, int(tc.want))
		if te.OutcomeUnknown {
			t.Errorf("%s: a refused connection sent nothing, yet the outcome is unknown", tc.method)
		}
		if want := fmt.Sprintf("(%d attempts over ", tc.want); !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not say %q", tc.method, err, want)
		}
	}
}

func TestCheckRetryPolicy(t *testing.T) {
	resp := func(code int) *http.Response { return &http.Response{StatusCode: code, Header: http.Header{}} }
	ctxFor := func(method, safe string) context.Context {
		ctx := withCallState(context.Background(), &callState{method: method})
		if safe != "" {
			ctx = WithSafeRetries(ctx)
		}
		return ctx
	}
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	netErr := errors.New("connection reset by peer")
	cases := []struct {
		name   string
		ctx    context.Context
		resp   *http.Response
		err    error
		retry  bool
		hasErr bool
	}{
		{"GET 200", ctxFor("GET", ""), resp(200), nil, false, false},
		{"GET 429", ctxFor("GET", ""), resp(429), nil, true, false},
		{"POST 429", ctxFor("POST", ""), resp(429), nil, true, false},
		{"GET 408", ctxFor("GET", ""), resp(408), nil, true, false},
		{"POST 408", ctxFor("POST", ""), resp(408), nil, false, false},
		{"POST safe 408", ctxFor("POST", "safe"), resp(408), nil, true, false},
		{"GET 500", ctxFor("GET", ""), resp(500), nil, true, false},
		{"GET 501", ctxFor("GET", ""), resp(501), nil, false, false},
		{"POST safe 501", ctxFor("POST", "safe"), resp(501), nil, false, false},
		{"PUT 599", ctxFor("PUT", ""), resp(599), nil, true, false},
		{"GET 404", ctxFor("GET", ""), resp(404), nil, false, false},
		{"GET 400", ctxFor("GET", ""), resp(400), nil, false, false},
		{"GET 302", ctxFor("GET", ""), resp(302), nil, false, false},
		{"GET transport", ctxFor("GET", ""), nil, netErr, true, true},
		{"POST transport", ctxFor("POST", ""), nil, netErr, false, true},
		{"POST safe transport", ctxFor("POST", "safe"), nil, netErr, true, true},
		{"GET dial (left to the dial retries)", ctxFor("GET", ""), nil, dialErr, false, true},
		{"no call info transport", context.Background(), nil, netErr, false, true},
		{"GET refused redirect", ctxFor("GET", ""), nil, errors.New(`Get "x": refusing redirect to another host (evil)`), false, true},
		{"GET bad scheme", ctxFor("GET", ""), nil, errors.New(`unsupported protocol scheme "ftp"`), false, true},
		{"GET bad cert", ctxFor("GET", ""), nil, fmt.Errorf("tls: %w", &tls.CertificateVerificationError{Err: errors.New("x509: unknown authority")}), false, true},
		{"nil everything", ctxFor("GET", ""), nil, nil, false, false},
	}
	for _, tc := range cases {
		retry, err := CheckRetry(tc.ctx, tc.resp, tc.err)
		if retry != tc.retry || (err != nil) != tc.hasErr {
			t.Errorf("%s: CheckRetry = %v, %v; want %v, err %v", tc.name, retry, err, tc.retry, tc.hasErr)
		}
	}
	// A done context stops everything, even a 429, and reports the ctx error.
	ctx, cancel := context.WithCancel(ctxFor("GET", ""))
	cancel()
	for _, r := range []*http.Response{resp(429), resp(503), nil} {
		retry, err := CheckRetry(ctx, r, netErr)
		if retry || !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled ctx: CheckRetry = %v, %v", retry, err)
		}
	}
	dctx, dcancel := context.WithDeadline(ctxFor("GET", ""), time.Now().Add(-time.Second))
	defer dcancel()
	if retry, err := CheckRetry(dctx, resp(503), nil); retry || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("expired ctx: CheckRetry = %v, %v", retry, err)
	}
}

func TestIdempotent(t *testing.T) {
	for m, want := range map[string]bool{"GET": true, "HEAD": true, "PUT": true, "DELETE": true, "OPTIONS": true, "TRACE": true, "POST": false, "PATCH": false, "": false, "get": false} {
		equal(t, "Idempotent("+m+")", Idempotent(m), want)
	}
}

func TestBackoffBounds(t *testing.T) {
	min, max := 100*time.Millisecond, 3*time.Second
	now := time.Now()
	for attempt := 0; attempt < 12; attempt++ {
		ceiling := min << attempt
		if ceiling > max || ceiling <= 0 {
			ceiling = max
		}
		seen := map[time.Duration]bool{}
		for i := 0; i < 500; i++ {
			d := Backoff(min, max, attempt, nil, now)
			if d < min || d > ceiling {
				t.Fatalf("attempt %d: Backoff = %s, want within [%s, %s]", attempt, d, min, ceiling)
			}
			seen[d] = true
		}
		if attempt == 0 && len(seen) != 1 {
			t.Fatalf("attempt 0: want exactly min, saw %d values", len(seen))
		}
		if attempt >= 2 && len(seen) < 50 {
			t.Fatalf("attempt %d: only %d distinct waits in 500 draws: no jitter", attempt, len(seen))
		}
	}
	// Huge attempts never overflow past max.
	for _, a := range []int{62, 63, 64, 1000, 1 << 30} {
		if d := Backoff(min, max, a, nil, now); d < min || d > max {
			t.Fatalf("attempt %d: Backoff = %s", a, d)
		}
	}
	// A 500 is not a Retry-After status: exponential rules.
	r500 := &http.Response{StatusCode: 500, Header: http.Header{"Retry-After": {"2"}}}
	if d := Backoff(min, max, 0, r500, now); d != min {
		t.Fatalf("500 with Retry-After: %s, want min", d)
	}
	for _, code := range []int{429, 503} {
		r := &http.Response{StatusCode: code, Header: http.Header{"Retry-After": {"2"}}}
		equal(t, fmt.Sprint(code, " Retry-After 2"), Backoff(min, max, 5, r, now), 2*time.Second)
		r.Header.Set("Retry-After", "60")
		equal(t, fmt.Sprint(code, " Retry-After capped"), Backoff(min, max, 0, r, now), max)
		r.Header.Set("Retry-After", now.Add(1500*time.Millisecond).UTC().Format(http.TimeFormat))
		if d := Backoff(min, max, 0, r, now.Truncate(time.Second)); d <= 0 || d > 2*time.Second {
			t.Fatalf("%d HTTP-date: %s", code, d)
		}
		r.Header.Set("Retry-After", "garbage")
		equal(t, fmt.Sprint(code, " malformed Retry-After"), Backoff(min, max, 0, r, now), min)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                               0,
		"  ":                             0,
		"0":                              0,
		"-5":                             0,
		"1":                              time.Second,
		" 120 ":                          2 * time.Minute,
		"999999999":                      24 * time.Hour,
		"99999999999999999999999":        24 * time.Hour, // clamped, not ignored
		"86401":                          24 * time.Hour,
		"9223372036854775808":            24 * time.Hour, // one past int64
		"Fri, 31 Dec 9999 23:59:59 GMT":  24 * time.Hour,
		"99a":                            0,
		"1.5":                            0,
		"Mon, 07 Apr 2025 12:00:30 GMT":  30 * time.Second,
		"Mon, 07 Apr 2025 11:59:00 GMT":  0,
		"Monday, 07-Apr-25 12:01:00 GMT": time.Minute,
		"soon":                           0,
	}
	for in, want := range cases {
		equal(t, strconv.Quote(in), ParseRetryAfter(in, now), want)
	}
}

func TestRateLimitErrorAfterRetriesExhausted(t *testing.T) {
	s := newScripted(t, 429)
	s.header.Set("Retry-After", "7")
	s.header.Set("X-Request-Id", "req-42")
	c, rec := newClient(t, s.srv.URL, func(c *Config) { c.MaxRetries = 1 })
	_, resp, err := Do[*okBody](context.Background(), c, http.MethodPost, "x", nil, nil)
	equal(t, "attempts", s.hits.Load(), int32(2))
	equal(t, "waits", rec.all(), []time.Duration{7 * time.Second})
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %T %v, want *RateLimitError", err, err)
	}
	equal(t, "RetryAfter", rl.RetryAfter, 7*time.Second)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RequestID != "req-42" {
		t.Fatalf("errors.As APIError: %+v", apiErr)
	}
	if !errors.Is(err, ErrRateLimited) || errors.Is(err, ErrServer) {
		t.Fatalf("sentinels wrong for %v", err)
	}
	equal(t, "resp.RequestID", resp.RequestID, "req-42")
	equal(t, "Error()", err.Error(), "POST "+s.srv.URL+"/x: 429 Too Many Requests: scripted failure (request id req-42) (retry after 7s)")
	if _, perr := url.Parse(apiErr.URL); perr != nil {
		t.Fatal(perr)
	}
}

// A 429's RetryAfter is what a caller sleeps for: never longer than the
// client's maximum retry wait, whatever the header says.
func TestRateLimitErrorRetryAfterClamped(t *testing.T) {
	for _, tc := range []struct {
		header  string
		waitMax time.Duration
		want    time.Duration
	}{
		{"99999999999999999999999", 0, DefaultRetryWaitMax},
		{"Wed, 21 Oct 2099 07:28:00 GMT", 0, DefaultRetryWaitMax},
		{"99999999999999999999999", 50 * time.Millisecond, 50 * time.Millisecond},
		{"Wed, 21 Oct 2099 07:28:00 GMT", 2 * time.Second, 2 * time.Second},
		{"3", time.Minute, 3 * time.Second},
		{"", 0, 0},
		{"-5", 0, 0},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tc.header != "" {
				w.Header().Set("Retry-After", tc.header)
			}
			w.WriteHeader(http.StatusTooManyRequests)
		}))
		c, _ := newClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1; c.RetryWaitMin = time.Millisecond; c.RetryWaitMax = tc.waitMax })
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x"}, nil)
		srv.Close()
		var rl *RateLimitError
		if !errors.As(err, &rl) || rl.RetryAfter != tc.want {
			t.Errorf("Retry-After %q, max wait %s: %v, want RetryAfter %s", tc.header, tc.waitMax, err, tc.want)
		}
	}
}
