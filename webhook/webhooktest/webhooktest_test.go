package webhooktest

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // checking the legacy scheme
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
)

func mac(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

var at = time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)

func TestHMACHelpersMatchIndependentVectors(t *testing.T) {
	body := []byte(`{"a":1}`)
	ts := strconv.FormatInt(at.Unix(), 10)
	if got, want := HMACHex("k", body), mac("k", `{"a":1}`); got != want {
		t.Fatalf("HMACHex = %s, want %s", got, want)
	}
	// RFC 4231 test case 2.
	if got := HMACHex("Jefe", []byte("what do ya want for nothing?")); got != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
		t.Fatalf("RFC 4231 vector: %s", got)
	}
	if got, want := TimestampedHeader(body, at, "s1", "s2"), "t="+ts+",v1="+mac("s1", ts+"."+string(body))+",v1="+mac("s2", ts+"."+string(body)); got != want {
		t.Fatalf("TimestampedHeader = %s, want %s", got, want)
	}
	msTS := strconv.FormatInt(at.UnixMilli(), 10)
	if got, want := TimestampedHeaderMillis(body, at, "s1"), "t="+msTS+",v1="+mac("s1", msTS+"."+string(body)); got != want {
		t.Fatalf("TimestampedHeaderMillis = %s, want %s", got, want)
	}
	sig, gotTS := SlackHeaders(body, at, "s1")
	if sig != "v0="+mac("s1", "v0:"+ts+":"+string(body)) || gotTS != ts {
		t.Fatalf("SlackHeaders = %s, %s", sig, gotTS)
	}
}

func TestHelpersAcceptedByTheSchemes(t *testing.T) {
	clock := webhook.WithClock(func() time.Time { return at })
	body := []byte(`{"event":"x"}`)
	th, _ := webhook.NewTimestampedHMAC("Sig", []string{"s"}, clock)
	for name, h := range map[string]string{"seconds": TimestampedHeader(body, at, "s"), "millis": TimestampedHeaderMillis(body, at, "s")} {
		if err := th.Verify(Header("Sig", h), body); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if err := th.Verify(Header("Sig", TimestampedHeader(body, at.Add(-time.Hour), "s")), body); err != webhook.ErrTimestampTooOld {
		t.Fatalf("expired: %v", err)
	}
	sh, _ := webhook.NewSlackHMAC("Sig", "Ts", []string{"s"}, clock)
	sig, ts := SlackHeaders(body, at, "s")
	if err := sh.Verify(Header("Sig", sig, "Ts", ts), body); err != nil {
		t.Fatal(err)
	}
	if err := sh.Verify(Header("Sig", sig, "Ts", ts), Tamper(body)); err != webhook.ErrSignatureMismatch {
		t.Fatalf("tampered: %v", err)
	}
}

func TestTamperAndHeader(t *testing.T) {
	in := []byte("hello")
	out := Tamper(in)
	if string(in) != "hello" || len(out) != 5 || bytes.Equal(in, out) {
		t.Fatalf("Tamper(%q) = %q", in, out)
	}
	diff := 0
	for i := range in {
		if in[i] != out[i] {
			diff++
		}
	}
	if diff != 1 {
		t.Fatalf("%d bytes changed", diff)
	}
	if string(Tamper(nil)) != "x" {
		t.Fatal("Tamper(nil)")
	}
	h := Header("a", "1", "B-c", "2", "odd")
	if h.Get("A") != "1" || h.Get("b-C") != "2" || len(h) != 2 {
		t.Fatalf("Header = %v", h)
	}
}

func TestRSACertificates(t *testing.T) {
	nb := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, v1 := range []bool{false, true} {
		key, cert, pemBytes, err := NewRSACertificate(CertOptions{V1: v1, NotBefore: nb})
		if err != nil {
			t.Fatal(err)
		}
		wantVersion := 3
		if v1 {
			wantVersion = 1
		}
		if cert.Version != wantVersion || key.N.BitLen() != 2048 {
			t.Fatalf("v1=%v: version %d, %d bits", v1, cert.Version, key.N.BitLen())
		}
		if v1 && len(cert.Extensions) != 0 {
			t.Fatal("a v1 certificate has no extensions")
		}
		if !cert.NotBefore.Equal(nb) || !cert.NotAfter.Equal(nb.Add(365*24*time.Hour)) {
			t.Fatalf("validity %s – %s", cert.NotBefore, cert.NotAfter)
		}
		// Self-signed: its own key checks its signature.
		if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
			t.Fatalf("v1=%v signature: %v", v1, err)
		}
		block, _ := pem.Decode(pemBytes)
		if block == nil || block.Type != "CERTIFICATE" {
			t.Fatal("PEM")
		}
		parsed, err := x509.ParseCertificate(block.Bytes)
		if err != nil || !parsed.Equal(cert) {
			t.Fatalf("PEM round trip: %v", err)
		}
		msg := []byte("data=%5B%5D")
		sig, err := SignRSASHA1(key, msg)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(sig)
		sum := sha1.Sum(msg) //nolint:gosec
		if err := rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA1, sum[:], raw); err != nil {
			t.Fatalf("SignRSASHA1: %v", err)
		}
	}
}

func TestTooOldAndTooNewAgainstTheDefaultTolerance(t *testing.T) {
	if defaultTolerance != webhook.DefaultTolerance {
		t.Fatalf("defaultTolerance %s drifted from webhook.DefaultTolerance %s", defaultTolerance, webhook.DefaultTolerance)
	}
	clock := webhook.WithClock(func() time.Time { return at })
	body := []byte(`{"event":"x"}`)
	th, err := webhook.NewTimestampedHMAC("Sig", []string{"s"}, clock)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := webhook.NewSlackHMAC("Sig", "Ts", []string{"s"}, clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		when time.Time
		want error
	}{
		{"now", at, nil},
		{"too old", TooOld(at), webhook.ErrTimestampTooOld},
		{"too new", TooNew(at), webhook.ErrTimestampTooNew},
	} {
		if err := th.Verify(Header("Sig", TimestampedHeader(body, tc.when, "s")), body); !errors.Is(err, tc.want) && err != tc.want {
			t.Errorf("timestamped, %s: %v, want %v", tc.name, err, tc.want)
		}
		sig, ts := SlackHeaders(body, tc.when, "s")
		if err := sh.Verify(Header("Sig", sig, "Ts", ts), body); !errors.Is(err, tc.want) && err != tc.want {
			t.Errorf("slack, %s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestGuardHelpers(t *testing.T) {
	qg, err := webhook.NewQueryTokenGuard("k", "tok-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		token string
		want  error
	}{{"tok-1", nil}, {"tok-2", webhook.ErrTokenMismatch}} {
		u, err := QueryTokenURL("https://app.example/hooks?a=1&k=old", "k", tc.token)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest(http.MethodPost, u, nil)
		if got := r.URL.Query().Get("a"); got != "1" {
			t.Fatalf("other parameters are kept: %s", u)
		}
		if err := qg.VerifyRequest(r, nil); !errors.Is(err, tc.want) && err != tc.want {
			t.Errorf("query token %q: %v, want %v", tc.token, err, tc.want)
		}
	}
	if u, _ := QueryTokenURL("https://app.example/hooks", "", "t"); u != "https://app.example/hooks?token=t" {
		t.Fatalf("default param: %s", u)
	}
	if _, err := QueryTokenURL("://bad", "k", "t"); err == nil {
		t.Fatal("a malformed URL must be an error")
	}

	bg, err := webhook.NewBasicAuthGuard("insertsign", "pw:with:colons")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/hooks", nil)
	r.Header = BasicAuthHeader("insertsign", "pw:with:colons")
	if err := bg.VerifyRequest(r, nil); err != nil {
		t.Fatalf("basic auth: %v", err)
	}
	r.Header = BasicAuthHeader("insertsign", "pw")
	if err := bg.VerifyRequest(r, nil); !errors.Is(err, webhook.ErrTokenMismatch) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestSetTokenForSharedToken(t *testing.T) {
	extract := func(_ http.Header, body []byte) (string, error) {
		var d struct {
			Metadata struct {
				Token string `json:"token"`
			} `json:"metadata"`
		}
		err := json.Unmarshal(body, &d)
		return d.Metadata.Token, err
	}
	v, err := webhook.NewSharedToken(extract, "cb-token")
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"event":"rs.completed","data":{"id":12345678901234567890},"metadata":{"other":1}}`)
	signed, err := SetToken(body, "metadata.token", "cb-token")
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(nil, signed); err != nil {
		t.Fatalf("valid: %v (%s)", err, signed)
	}
	if !bytes.Contains(signed, []byte(`"id":12345678901234567890`)) || !bytes.Contains(signed, []byte(`"other":1`)) {
		t.Fatalf("other values changed: %s", signed)
	}
	wrong, _ := SetToken(body, "metadata.token", "guess")
	if err := v.Verify(nil, wrong); !errors.Is(err, webhook.ErrTokenMismatch) {
		t.Fatalf("wrong token: %v", err)
	}
	if err := v.Verify(nil, body); !errors.Is(err, webhook.ErrMissingToken) {
		t.Fatalf("no token: %v", err)
	}
	created, err := SetToken([]byte(`{}`), "a.b.c", "x")
	if err != nil || string(created) != `{"a":{"b":{"c":"x"}}}` {
		t.Fatalf("nested objects are created: %s %v", created, err)
	}
	for _, bad := range []struct{ body, path string }{
		{`[]`, "token"}, {`not json`, "token"}, {`{"metadata":"s"}`, "metadata.token"}, {`{}`, ""},
	} {
		if out, err := SetToken([]byte(bad.body), bad.path, "x"); err == nil {
			t.Errorf("SetToken(%s, %q) = %s, want an error", bad.body, bad.path, out)
		}
	}
}
