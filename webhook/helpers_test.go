package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"testing"
	"time"
)

// Test vectors are computed here with crypto/hmac, independently of
// package webhooktest.
func macHex(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// fixedNow is the fake clock of every scheme test: 2025-04-07T12:00:00Z.
var fixedNow = time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)

// b64 is base64(HMAC-SHA256(secret, msg)).
func b64(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func clock() Option { return WithClock(func() time.Time { return fixedNow }) }

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// wantErr checks err matches want (nil: success) and no other verification
// sentinel, so every failure has one distinct reason.
func wantErr(t *testing.T, name string, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: err = %v, want success", name, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: err = %v, want %v", name, err, want)
		return
	}
	for _, other := range verificationErrors {
		if other != want && errors.Is(err, other) {
			t.Errorf("%s: err = %v also matches %v", name, err, other)
		}
	}
}

func equal[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}
