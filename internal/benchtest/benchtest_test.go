package benchtest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/benchtest"
)

// fatalTB records whether a helper failed it; Fatal ends the goroutine as
// testing.T's does.
type fatalTB struct {
	testing.TB
	failed bool
}

func (f *fatalTB) Helper()               {}
func (f *fatalTB) Fatal(...any)          { f.failed = true; runtime.Goexit() }
func (f *fatalTB) Fatalf(string, ...any) { f.failed = true; runtime.Goexit() }

// fails reports whether fn fails its TB.
func fails(fn func(tb testing.TB)) bool {
	tb := &fatalTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(tb)
	}()
	<-done
	return tb.failed
}

// headerTransport records the request it answers.
type headerTransport struct {
	benchtest.StaticTransport
	got *http.Request
}

func (h *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	h.got = req
	return h.StaticTransport.RoundTrip(req)
}

func TestGetJSON(t *testing.T) {
	tr := &headerTransport{StaticTransport: benchtest.StaticTransport{Body: []byte(`[1,2,3]`)}}
	hc := &http.Client{Transport: tr}
	var got []int
	benchtest.GetJSON(t, context.Background(), hc, "https://api.example.com/x?n=3",
		http.Header{"Authorization": {"Bearer tok"}, "Accept": {"application/json"}}, &got)
	if len(got) != 3 || got[2] != 3 {
		t.Fatalf("decoded %v", got)
	}
	if a, acc := tr.got.Header.Get("Authorization"), tr.got.Header.Get("Accept"); a != "Bearer tok" || acc != "application/json" {
		t.Fatalf("headers %q %q", a, acc)
	}
	if tr.got.Method != http.MethodGet || tr.got.URL.RawQuery != "n=3" {
		t.Fatalf("request %s %s", tr.got.Method, tr.got.URL)
	}

	bad := &http.Client{Transport: &benchtest.StaticTransport{Body: []byte(`{`)}}
	if !fails(func(tb testing.TB) {
		benchtest.GetJSON(tb, context.Background(), bad, "https://api.example.com/x", nil, &got)
	}) {
		t.Error("GetJSON accepted a truncated body")
	}
	if !fails(func(tb testing.TB) {
		benchtest.GetJSON(tb, context.Background(), hc, "://bad", nil, &got)
	}) {
		t.Error("GetJSON accepted a bad URL")
	}
}

func TestStaticTransportHeader(t *testing.T) {
	tr := &benchtest.StaticTransport{Body: []byte(`{}`), Header: http.Header{"Content-Type": {"text/plain"}}}
	resp, err := tr.RoundTrip(&http.Request{})
	if err != nil || resp.Header.Get("Content-Type") != "text/plain" {
		t.Fatalf("%v %v", err, resp.Header)
	}
	resp.Header.Set("Content-Type", "changed")
	if tr.Header.Get("Content-Type") != "text/plain" {
		t.Fatal("the response header aliases StaticTransport.Header")
	}
}

func TestChecks(t *testing.T) {
	now := time.Unix(1700000000, 0)
	body := []byte(`{"ok":true}`)
	mac := hmac.New(sha256.New, []byte("secret"))
	mac.Write([]byte("1700000000."))
	mac.Write(body)
	sig := hex.EncodeToString(mac.Sum(nil))

	for name, tc := range map[string]struct {
		fn   func(tb testing.TB)
		fail bool
	}{
		"timestamp ok":     {func(tb testing.TB) { benchtest.CheckTimestamp(tb, "1700000100", now, 5*time.Minute) }, false},
		"timestamp old":    {func(tb testing.TB) { benchtest.CheckTimestamp(tb, "1699999000", now, 5*time.Minute) }, true},
		"timestamp bad":    {func(tb testing.TB) { benchtest.CheckTimestamp(tb, "soon", now, 5*time.Minute) }, true},
		"hmac ok":          {func(tb testing.TB) { benchtest.CheckHMACSHA256(tb, "secret", sig, []byte("1700000000."), body) }, false},
		"hmac wrong key":   {func(tb testing.TB) { benchtest.CheckHMACSHA256(tb, "other", sig, []byte("1700000000."), body) }, true},
		"hmac not hex":     {func(tb testing.TB) { benchtest.CheckHMACSHA256(tb, "secret", "zz", []byte("1700000000."), body) }, true},
		"hmac wrong base":  {func(tb testing.TB) { benchtest.CheckHMACSHA256(tb, "secret", sig, []byte("1700000001."), body) }, true},
		"testdata missing": {func(tb testing.TB) { benchtest.ReadTestdata(tb, "missing.json") }, true},
	} {
		if got := fails(tc.fn); got != tc.fail {
			t.Errorf("%s: failed=%v, want %v", name, got, tc.fail)
		}
	}
}
