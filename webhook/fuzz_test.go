package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func FuzzParseTimestampedHeader(f *testing.F) {
	sig := macHex("k", "m")
	for _, s := range []string{
		"t=1744027200,v1=" + sig, "t=1744027200123,v1=" + sig + ",v1=" + sig, " t = 1 , v1 = " + sig,
		"", "t=", "v1=", "t=1,v1=zz", ",,,", "t=1,v0=abc,v1=" + sig, "t=1,v1=" + strings.ToUpper(sig), "=,=,=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		ts, sigs, err := ParseTimestampedHeader(value)
		if err != nil {
			if !errors.Is(err, ErrMalformedSignature) {
				t.Fatalf("error %v is not ErrMalformedSignature", err)
			}
			return
		}
		if ts == "" || len(sigs) == 0 || len(sigs) > 8 {
			t.Fatalf("accepted %q with ts %q and %d signatures", value, ts, len(sigs))
		}
		for _, s := range sigs {
			if len(s) != sha256.Size {
				t.Fatalf("signature of %d bytes", len(s))
			}
		}
		if len(value) > maxSignatureHeader {
			t.Fatalf("accepted a %d byte header", len(value))
		}
	})
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
			known := false
			for _, e := range verificationErrors {
				known = known || errors.Is(err, e)
			}
			if !known {
				t.Fatalf("unknown error %v", err)
			}
			return
		}
		// Accepted: one of the listed signatures really is the MAC of the
		// (trimmed) timestamp and body, computed here independently.
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte("v0:" + strings.TrimSpace(h.Get(blueinkTS)) + ":"))
		m.Write(body)
		want := hex.EncodeToString(m.Sum(nil))
		if !strings.Contains(strings.ToLower(h.Get(blueinkSig)), want) {
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
