package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// benchBody is a realistic ~1 KiB delivery.
var benchBody = []byte(`{"event":"agreement.lifecycle.fulfilled","data":{"id":"agr_01HX2Y3Z4A5B6C7D8E9F","title":"Lease agreement",` +
	`"status":"fulfilled","participants":[` + strings.Repeat(`{"id":"prt_01HX","name":"Jane Doe","email":"jane@example.com","status":"signed"},`, 10) +
	`{"id":"prt_last"}],"created_at":"2025-04-07T12:00:00Z"}}`)

const benchSecret = "whsec_benchmark_secret_0123456789"

func BenchmarkTimestampedHMACVerify(b *testing.B) {
	v, err := NewTimestampedHMAC(zignedHeader, []string{benchSecret}, clock())
	if err != nil {
		b.Fatal(err)
	}
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	h := http.Header{}
	h.Set(zignedHeader, "t="+ts+",v1="+macHex(benchSecret, ts+"."+string(benchBody)))
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Verify(h, benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSlackHMACVerify(b *testing.B) {
	v, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{benchSecret}, clock())
	if err != nil {
		b.Fatal(err)
	}
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	h := http.Header{}
	h.Set(blueinkSig, "v0="+macHex(benchSecret, "v0:"+ts+":"+string(benchBody)))
	h.Set(blueinkTS, ts)
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Verify(h, benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawHMAC is the floor: read the header, decode the hex, compute
// HMAC-SHA256 over timestamp + "." + body and compare, with crypto/hmac only.
func BenchmarkRawHMAC(b *testing.B) {
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	h := http.Header{}
	h.Set(zignedHeader, "t="+ts+",v1="+macHex(benchSecret, ts+"."+string(benchBody)))
	key := []byte(benchSecret)
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := h.Get(zignedHeader)
		t, sig, _ := strings.Cut(v, ",v1=")
		want, err := hex.DecodeString(sig)
		if err != nil {
			b.Fatal(err)
		}
		m := hmac.New(sha256.New, key)
		m.Write([]byte(strings.TrimPrefix(t, "t=")))
		m.Write([]byte("."))
		m.Write(benchBody)
		if !hmac.Equal(m.Sum(nil), want) {
			b.Fatal("mismatch")
		}
	}
}

// BenchmarkRawSlackHMAC is SlackHMAC's floor: read both headers, decode the
// hex after "v0=", compute HMAC-SHA256 over "v0:" + timestamp + ":" + body
// and compare, with crypto/hmac only.
func BenchmarkRawSlackHMAC(b *testing.B) {
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	h := http.Header{}
	h.Set(blueinkSig, "v0="+macHex(benchSecret, "v0:"+ts+":"+string(benchBody)))
	h.Set(blueinkTS, ts)
	key := []byte(benchSecret)
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		want, err := hex.DecodeString(strings.TrimPrefix(h.Get(blueinkSig), "v0="))
		if err != nil {
			b.Fatal(err)
		}
		m := hmac.New(sha256.New, key)
		m.Write([]byte("v0:" + h.Get(blueinkTS) + ":"))
		m.Write(benchBody)
		if !hmac.Equal(m.Sum(nil), want) {
			b.Fatal("mismatch")
		}
	}
}
