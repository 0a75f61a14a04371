package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzTimestampedHMACVerify fuzzes the `t=,v1=` header through the
// verifier: it never panics, refuses with a verification sentinel, and
// accepts only headers that carry, for their timestamp, the MAC computed
// here independently.
func FuzzTimestampedHMACVerify(f *testing.F) {
	const secret = "fuzz-secret"
	body := []byte(`{"event":"agreement.lifecycle.finalized"}`)
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	sig := macHex(secret, ts+"."+string(body))
	for _, s := range []string{
		"t=" + ts + ",v1=" + sig, "t=" + ts + "000,v1=" + macHex(secret, ts+"000."+string(body)) + ",v1=" + sig,
		" t = " + ts + " , v1 = " + sig, "t=" + ts + ",v1 =" + sig, "t=" + ts + ".5,v1=" + macHex(secret, ts+".5."+string(body)),
		"", "t=", "v1=", "t=1,v1=zz", ",,,", "t=1,v0=abc,v1=" + sig, "t=" + ts + ",v1=" + strings.ToUpper(sig), "=,=,=",
		"t=" + ts + ",v1=" + b64(secret, ts+"."+string(body)),
	} {
		f.Add(s, body)
	}
	v, err := NewTimestampedHMAC(testSigHeader, []string{secret}, clock())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, value string, body []byte) {
		err := v.Verify(http.Header{testSigHeader: {value}}, body)
		if err != nil {
			if !errorsIsAny(err, verificationErrors...) {
				t.Fatalf("unknown error %v", err)
			}
			return
		}
		if len(value) > maxSignatureHeader {
			t.Fatalf("accepted a %d byte header", len(value))
		}
		var ts string
		var sigs []string
		for _, part := range strings.Split(value, ",") {
			k, v, _ := strings.Cut(part, "=")
			switch strings.TrimSpace(k) {
			case "t":
				ts = strings.TrimSpace(v)
			case "v1":
				sigs = append(sigs, strings.TrimSpace(v))
			}
		}
		if !independentlySigned(secret, ts+".", body, ts, sigs) {
			t.Fatalf("accepted %q", value)
		}
	})
}

// independentlySigned recomputes HMAC-SHA256(secret, prefix + body) with
// crypto/hmac and reports whether one of sigs (hex or base64) is it and ts
// is a timestamp within the default tolerance of fixedNow.
func independentlySigned(secret, prefix string, body []byte, ts string, sigs []string) bool {
	sec, frac, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return false
	}
	at := time.Unix(n, 0)
	if n > 1e11 {
		at = time.UnixMilli(n)
	}
	if f, err := strconv.ParseFloat("0."+frac, 64); frac != "" && err == nil {
		at = at.Add(time.Duration(f * 1e9))
	}
	if d := fixedNow.Sub(at); d > DefaultTolerance || d < -DefaultTolerance {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(prefix))
	m.Write(body)
	want := m.Sum(nil)
	for _, s := range sigs {
		for _, dec := range []func(string) ([]byte, error){hex.DecodeString, base64.StdEncoding.DecodeString,
			base64.URLEncoding.DecodeString, base64.RawStdEncoding.DecodeString, base64.RawURLEncoding.DecodeString} {
			if got, err := dec(s); err == nil && hmac.Equal(got, want) {
				return true
			}
		}
	}
	return false
}

func FuzzSlackHMACVerify(f *testing.F) {
	const secret = "fuzz-secret"
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	body := `{"event":"bundle_sent"}`
	good := "v0=" + macHex(secret, "v0:"+ts+":"+body)
	f.Add(good, ts, []byte(body))
	f.Add(good, ts, []byte(body+"x"))
	f.Add(strings.TrimPrefix(good, "v0="), ts, []byte(body))
	f.Add("v0=", "", []byte{})
	f.Add("v0=zz,v0=", "abc", []byte("{}"))
	f.Add(good+","+good, ts+"000", []byte(body))
	f.Add("v0="+strings.Repeat("0", 64), "-1", []byte(nil))
	v, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{secret}, clock())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sig, ts string, body []byte) {
		h := http.Header{}
		h.Set(blueinkSig, sig)
		h.Set(blueinkTS, ts)
		err := v.Verify(h, body)
		if err != nil {
			if !errorsIsAny(err, verificationErrors...) {
				t.Fatalf("unknown error %v", err)
			}
			return
		}
		// Accepted: one of the listed signatures really is the MAC of the
		// (trimmed) timestamp and body, computed here independently.
		var sigs []string
		for _, part := range strings.Split(h.Get(blueinkSig), ",") {
			sigs = append(sigs, strings.TrimPrefix(strings.TrimSpace(part), "v0="))
		}
		ts = strings.TrimSpace(h.Get(blueinkTS))
		if !independentlySigned(secret, "v0:"+ts+":", body, ts, sigs) {
			t.Fatalf("accepted signature %q for ts %q", sig, ts)
		}
	})
}

func FuzzHandler(f *testing.F) {
	for _, b := range []string{
		createdBody, `{"id":"e","type":"document.completed","data":{"signers":1}}`, `{"type":"x"}`, `{}`, `[]`, `null`,
		`not json`, `{"id":"e","type":"document.completed","data":{"signers":-1}}`, `{"type":"document.created","data":[1]}`,
		`{"id":"e","type":"document.completed","data":{"signers":99}}`, strings.Repeat("{", 5000),
	} {
		f.Add([]byte(b), "POST", "application/json", true)
	}
	f.Add([]byte(createdBody), "GET", "", false)
	f.Add([]byte(""), "POST", "text/plain", false)
	allowed := map[int]bool{200: true, 400: true, 401: true, 405: true, 413: true, 500: true}
	f.Fuzz(func(t *testing.T, body []byte, method, contentType string, sign bool) {
		if !validMethod(method) {
			method = http.MethodPost
		}
		for _, signed := range []bool{sign, !sign} {
			var p Provider
			if signed {
				p = testProvider(t)
			} else {
				p = NewProvider("test", Unverified(), parseTestEvent)
			}
			h := NewHandler(p, WithMaxBodyBytes(4096), WithDedupe(nil, 0))
			On(h, func(_ context.Context, ev *completedEvent) error {
				if ev.Signers < 0 {
					return errors.New("refused")
				}
				if ev.Signers == 99 {
					panic("boom")
				}
				return nil
			})
			h.OnAny(func(_ context.Context, ev Event) error { _ = ev.Raw(); return nil })
			r := httptest.NewRequest(method, "/hooks", strings.NewReader(string(body)))
			r.Header.Set("Content-Type", contentType)
			if signed {
				ts := strconv.FormatInt(fixedNow.Unix(), 10)
				r.Header.Set(testSigHeader, "t="+ts+",v1="+macHex(testSecret, ts+"."+string(body)))
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if !allowed[w.Code] {
				t.Fatalf("status %d", w.Code)
			}
			if method == http.MethodPost && len(body) <= 4096 && w.Code == 401 {
				t.Fatalf("a correctly signed or unverified delivery was refused")
			}
		}
	})
}

func validMethod(m string) bool {
	if m == "" || len(m) > 16 {
		return false
	}
	for _, r := range m {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
