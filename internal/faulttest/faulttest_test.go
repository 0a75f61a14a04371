package faulttest_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/esignkit/esign/internal/faulttest"
)

// faults sends n GET requests to path (and one exempt request before each
// when exempt is set) straight to the handler and returns the faults drawn
// for path, in order.
func faults(t *testing.T, seed uint64, n int, exempt bool) ([]faulttest.Fault, *faulttest.Injector) {
	t.Helper()
	inj := faulttest.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), 0.3, seed)
	inj.Exempt = []string{"/oauth/"}
	srv := httptest.NewServer(inj)
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range n {
		if exempt {
			if resp, err := hc.Get(srv.URL + "/oauth/token"); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("exempt request faulted: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}
		}
		resp, err := hc.Get(srv.URL + "/api/x")
		if err == nil {
			resp.Body.Close()
		}
	}
	var out []faulttest.Fault
	for _, ev := range inj.Log() {
		if ev.Path == "/api/x" {
			out = append(out, ev.Fault)
		}
	}
	return out, inj
}

func TestInjectorSeededAndExempt(t *testing.T) {
	a, inj := faults(t, 7, 200, false)
	b, _ := faults(t, 7, 200, true) // exempt requests must not shift the sequence
	c, _ := faults(t, 8, 200, false)
	if !slices.Equal(a, b) {
		t.Fatal("same seed, different faults (exempt requests drew from the generator?)")
	}
	if slices.Equal(a, c) {
		t.Fatal("different seeds, same faults")
	}
	counts, total := inj.Counts()
	if total != 200 || counts[faulttest.None]+counts[faulttest.TooManyRequests]+counts[faulttest.Unavailable]+counts[faulttest.Dropped] != total {
		t.Fatalf("counts %v do not add up to %d", counts, total)
	}
	// 30% of 200: a seeded draw, checked loosely (binomial sd ≈ 6.5).
	if faulted := total - counts[faulttest.None]; faulted < 35 || faulted > 85 {
		t.Fatalf("%d of %d faulted, want about 60", faulted, total)
	}
	for _, f := range []faulttest.Fault{faulttest.TooManyRequests, faulttest.Unavailable, faulttest.Dropped} {
		if counts[f] == 0 {
			t.Errorf("no %v fault in 200 requests", f)
		}
	}
}

func TestInjectorAnswers(t *testing.T) {
	inj := faulttest.New(http.NotFoundHandler(), 1, 1) // every request faulted
	srv := httptest.NewServer(inj)
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	seen := map[string]bool{}
	for range 60 {
		resp, err := hc.Get(srv.URL)
		switch {
		case err != nil:
			seen["dropped"] = true
		case resp.StatusCode == http.StatusTooManyRequests:
			if resp.Header.Get("Retry-After") != "1" {
				t.Errorf("429 without Retry-After: 1: %v", resp.Header)
			}
			seen["429"] = true
		case resp.StatusCode == http.StatusServiceUnavailable:
			seen["503"] = true
		default:
			t.Errorf("unexpected answer %d: the wrapped handler was reached", resp.StatusCode)
		}
		if err == nil {
			resp.Body.Close()
		}
	}
	if len(seen) != 3 {
		t.Errorf("fault kinds seen: %v, want 429, 503 and dropped", seen)
	}
}

// LostAnswer lets the wrapped handler process the request, then drops the
// connection: the server committed, the client gets no answer.
func TestInjectorLostAnswer(t *testing.T) {
	var processed atomic.Int32
	inj := faulttest.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		processed.Add(1)
		w.WriteHeader(http.StatusCreated)
	}), 1, 1)
	inj.Kinds = []faulttest.Fault{faulttest.LostAnswer}
	srv := httptest.NewServer(inj)
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Post(srv.URL, "application/json", nil)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("an answer came through: %d", resp.StatusCode)
	}
	if n := processed.Load(); n != 1 {
		t.Fatalf("the handler processed %d requests, want 1", n)
	}
	if counts, _ := inj.Counts(); counts[faulttest.LostAnswer] != 1 {
		t.Fatalf("counts = %v", counts)
	}
}
