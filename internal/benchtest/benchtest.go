// Package benchtest holds the scaffolding the providers' hot-path benchmarks
// share: a transport answering every request with one prebuilt JSON body,
// the plain net/http + encoding/json GET the raw list baselines time, and
// the timestamp and crypto/hmac checks of the raw webhook baselines.
//
// The helpers do exactly what the baselines spelled out inline (the same
// calls, the same allocations) and call tb.Helper only on their failure
// path, so they add nothing but a function call to a timed loop.
package benchtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// StaticTransport is an http.RoundTripper that answers every request 200
// with Body as application/json, without touching the network.
type StaticTransport struct {
	// Body is the response body of every request.
	Body []byte
	// Header, if not nil, is cloned into every response (with Content-Type
	// application/json added unless it sets one); nil answers with
	// Content-Type application/json alone.
	Header http.Header
}

// RoundTrip closes the request body, if any, and answers 200 with a reader
// over s.Body (ContentLength set, Request set to req).
func (s *StaticTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	var h http.Header
	if s.Header == nil {
		h = http.Header{"Content-Type": {"application/json"}}
	} else {
		h = s.Header.Clone()
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", "application/json")
		}
	}
	return &http.Response{StatusCode: http.StatusOK, Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader(s.Body)), ContentLength: int64(len(s.Body))}, nil
}

// GetJSON is the raw list baseline: a GET of url through hc with header's
// values added to the request, the response body read whole (io.ReadAll)
// and decoded by json.Unmarshal into out, the body closed. Any error fails
// tb.
func GetJSON(tb testing.TB, ctx context.Context, hc *http.Client, url string, header http.Header, out any) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := hc.Do(req)
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err == nil {
		err = json.Unmarshal(body, out)
	}
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
}

// CheckTimestamp fails tb unless ts is a Unix time in seconds within
// tolerance of now (either side).
func CheckTimestamp(tb testing.TB, ts string, now time.Time, tolerance time.Duration) {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > tolerance {
		tb.Helper()
		tb.Fatal("timestamp", err)
	}
}

// CheckHMACSHA256 fails tb unless sigHex is the hex HMAC-SHA256, keyed with
// secret, of prefix followed by body (crypto/hmac, constant-time compare).
func CheckHMACSHA256(tb testing.TB, secret, sigHex string, prefix, body []byte) {
	want, err := hex.DecodeString(sigHex)
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(prefix)
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), want) {
		tb.Helper()
		tb.Fatal("signature mismatch")
	}
}

// ReadTestdata returns the file at testdata/elem... (relative to the
// package under test) and fails tb if it cannot be read.
func ReadTestdata(tb testing.TB, elem ...string) []byte {
	body, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, elem...)...))
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
	return body
}
