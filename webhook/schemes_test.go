package webhook

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook/webhooktest"
)

const zignedHeader = "X-Zigned-Request-Signature"

func TestTimestampedHMAC(t *testing.T) {
	body := `{"event":"agreement.lifecycle.fulfilled","data":{"id":"agr_01H"}}`
	const secret, rotated = "whsec_current", "whsec_previous"
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	at := func(d time.Duration) string { return strconv.FormatInt(fixedNow.Add(d).Unix(), 10) }
	sign := func(secret, ts, body string) string { return "t=" + ts + ",v1=" + macHex(secret, ts+"."+body) }
	ms := strconv.FormatInt(fixedNow.UnixMilli()+123, 10)

	v, err := NewTimestampedHMAC(zignedHeader, []string{secret, "", rotated}, clock())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		header http.Header
		body   string
		want   error
	}{
		{"valid", hdr(zignedHeader, sign(secret, ts, body)), body, nil},
		{"valid, rotated second secret", hdr(zignedHeader, sign(rotated, ts, body)), body, nil},
		{"valid, milliseconds", hdr(zignedHeader, sign(secret, ms, body)), body, nil},
		{"valid, several v1 and unknown keys", hdr(zignedHeader, "t="+ts+", v0=abc, v1="+macHex("other", ts+"."+body)+", v1="+macHex(secret, ts+"."+body)), body, nil},
		{"valid, 5 min old (edge)", hdr(zignedHeader, sign(secret, at(-5*time.Minute), body)), body, nil},
		{"valid, 5 min ahead (edge)", hdr(zignedHeader, sign(secret, at(5*time.Minute), body)), body, nil},
		{"valid, empty body", hdr(zignedHeader, sign(secret, ts, "")), "", nil},
		{"tampered body", hdr(zignedHeader, sign(secret, ts, body)), strings.Replace(body, "01H", "01J", 1), ErrSignatureMismatch},
		{"tampered timestamp", hdr(zignedHeader, "t="+at(time.Second)+",v1="+macHex(secret, ts+"."+body)), body, ErrSignatureMismatch},
		{"wrong secret", hdr(zignedHeader, sign("whsec_wrong", ts, body)), body, ErrSignatureMismatch},
		{"seconds signed, millis claimed", hdr(zignedHeader, "t="+ms+",v1="+macHex(secret, ts+"."+body)), body, ErrSignatureMismatch},
		{"missing header", hdr(), body, ErrMissingSignature},
		{"other header", hdr("X-Signature", sign(secret, ts, body)), body, ErrMissingSignature},
		{"malformed: garbage", hdr(zignedHeader, "garbage"), body, ErrMalformedSignature},
		{"malformed: no v1", hdr(zignedHeader, "t="+ts), body, ErrMalformedSignature},
		{"malformed: no t", hdr(zignedHeader, "v1="+macHex(secret, ts+"."+body)), body, ErrMalformedSignature},
		{"malformed: v1 not hex", hdr(zignedHeader, "t="+ts+",v1=zz"+macHex(secret, "x")[2:]), body, ErrMalformedSignature},
		{"malformed: v1 short", hdr(zignedHeader, "t="+ts+",v1=abcd"), body, ErrMalformedSignature},
		{"malformed: t not a number", hdr(zignedHeader, "t=yesterday,v1="+macHex(secret, "yesterday."+body)), body, ErrMalformedSignature},
		{"malformed: t negative", hdr(zignedHeader, sign(secret, "-5", body)), body, ErrMalformedSignature},
		{"malformed: t zero", hdr(zignedHeader, sign(secret, "0", body)), body, ErrMalformedSignature},
		{"malformed: too long", hdr(zignedHeader, "t="+ts+strings.Repeat(",x=y", 2000)), body, ErrMalformedSignature},
		{"too old", hdr(zignedHeader, sign(secret, at(-5*time.Minute-time.Second), body)), body, ErrTimestampTooOld},
		{"too old, milliseconds", hdr(zignedHeader, sign(secret, strconv.FormatInt(fixedNow.Add(-time.Hour).UnixMilli(), 10), body)), body, ErrTimestampTooOld},
		{"too new", hdr(zignedHeader, sign(secret, at(5*time.Minute+time.Second), body)), body, ErrTimestampTooNew},
		{"too new, milliseconds", hdr(zignedHeader, sign(secret, strconv.FormatInt(fixedNow.Add(time.Hour).UnixMilli(), 10), body)), body, ErrTimestampTooNew},
	}
	for _, tc := range cases {
		wantErr(t, tc.name, v.Verify(tc.header, []byte(tc.body)), tc.want)
	}

	// Tolerance is configurable, both ways.
	tight, _ := NewTimestampedHMAC(zignedHeader, []string{secret}, clock(), WithTolerance(30*time.Second))
	wantErr(t, "tight, 31s old", tight.Verify(hdr(zignedHeader, sign(secret, at(-31*time.Second), body)), []byte(body)), ErrTimestampTooOld)
	wantErr(t, "tight, 31s ahead", tight.Verify(hdr(zignedHeader, sign(secret, at(31*time.Second), body)), []byte(body)), ErrTimestampTooNew)
	wantErr(t, "tight, 29s old", tight.Verify(hdr(zignedHeader, sign(secret, at(-29*time.Second), body)), []byte(body)), nil)
	loose, _ := NewTimestampedHMAC(zignedHeader, []string{secret}, clock(), WithTolerance(-1), nil, WithClock(nil))
	wantErr(t, "non-positive tolerance keeps default", loose.Verify(hdr(zignedHeader, sign(secret, at(-4*time.Minute), body)), []byte(body)), nil)

	// The header is read case-insensitively.
	lower, _ := NewTimestampedHMAC("x-zigned-request-signature", []string{secret}, clock())
	h := http.Header{}
	h.Set("X-ZIGNED-REQUEST-SIGNATURE", sign(secret, ts, body))
	wantErr(t, "header name in any case", lower.Verify(h, []byte(body)), nil)

	for _, secrets := range [][]string{nil, {}, {""}, {"", ""}} {
		if _, err := NewTimestampedHMAC(zignedHeader, secrets); !errors.Is(err, ErrNoSecret) {
			t.Errorf("secrets %q: err = %v, want ErrNoSecret", secrets, err)
		}
	}
	for _, verb := range []string{"%v", "%+v", "%s"} {
		if s := fmt.Sprintf(verb, v); strings.Contains(s, secret) || strings.Contains(s, rotated) {
			t.Errorf("%s leaks the secret: %s", verb, s)
		}
	}
}

func TestTimestampedHeaderParsing(t *testing.T) {
	body := []byte(`{}`)
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	sig := macHex("k", ts+"."+string(body))
	v, err := NewTimestampedHMAC(testSigHeader, []string{"k"}, clock())
	if err != nil {
		t.Fatal(err)
	}
	ok := func(value string) error { return v.Verify(http.Header{testSigHeader: {value}}, body) }
	wantErr(t, "spaces, junk, several v1", ok(" t = "+ts+" , v1="+macHex("x", "y")+",v1="+sig+",junk,=,v2=x"), nil)
	wantErr(t, "v1 key with a space", ok("t="+ts+",v1 ="+sig), nil)
	wantErr(t, "signatures past the eighth are ignored", ok("t="+ts+strings.Repeat(",v1="+macHex("x", "y"), 8)+",v1="+sig), ErrSignatureMismatch)
	for _, bad := range []string{"t=", "t=1", "v1=" + sig, "t=1,v1=", "t=1,v1=" + sig + "0"} {
		wantErr(t, bad, ok(bad), ErrMalformedSignature)
	}
	wantErr(t, "empty", ok(""), ErrMissingSignature)
}

const (
	blueinkSig = "X-Blueink-Signature"
	blueinkTS  = "X-Blueink-Request-Timestamp"
)

func TestSlackHMAC(t *testing.T) {
	body := `{"event_type":"bundle_complete","bundle":{"slug":"9bEmKp3x"}}`
	const secret, rotated = "bi-secret-A", "bi-secret-B"
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	at := func(d time.Duration) string { return strconv.FormatInt(fixedNow.Add(d).Unix(), 10) }
	sig := func(secret, ts, body string) string { return "v0=" + macHex(secret, "v0:"+ts+":"+body) }
	v, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{rotated, secret}, clock())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		header http.Header
		body   string
		want   error
	}{
		{"valid", hdr(blueinkSig, sig(secret, ts, body), blueinkTS, ts), body, nil},
		{"valid, rotated", hdr(blueinkSig, sig(rotated, ts, body), blueinkTS, ts), body, nil},
		{"valid, bare hex", hdr(blueinkSig, macHex(secret, "v0:"+ts+":"+body), blueinkTS, ts), body, nil},
		{"valid, several", hdr(blueinkSig, sig("old", ts, body)+", "+sig(secret, ts, body), blueinkTS, ts), body, nil},
		{"valid, millisecond timestamp", hdr(blueinkSig, sig(secret, ts+"000", body), blueinkTS, ts+"000"), body, nil},
		{"tampered body", hdr(blueinkSig, sig(secret, ts, body), blueinkTS, ts), body + " ", ErrSignatureMismatch},
		{"tampered timestamp", hdr(blueinkSig, sig(secret, ts, body), blueinkTS, at(time.Second)), body, ErrSignatureMismatch},
		{"wrong secret", hdr(blueinkSig, sig("nope", ts, body), blueinkTS, ts), body, ErrSignatureMismatch},
		{"wrong base string (Stripe style)", hdr(blueinkSig, "v0="+macHex(secret, ts+"."+body), blueinkTS, ts), body, ErrSignatureMismatch},
		{"missing signature", hdr(blueinkTS, ts), body, ErrMissingSignature},
		{"missing timestamp", hdr(blueinkSig, sig(secret, ts, body)), body, ErrMissingTimestamp},
		{"malformed signature", hdr(blueinkSig, "v0=xyz", blueinkTS, ts), body, ErrMalformedSignature},
		{"malformed signature, v1 prefix", hdr(blueinkSig, "v1="+macHex(secret, "v0:"+ts+":"+body), blueinkTS, ts), body, ErrMalformedSignature},
		{"malformed signature, too long", hdr(blueinkSig, strings.Repeat("a", 5000), blueinkTS, ts), body, ErrMalformedSignature},
		{"malformed timestamp", hdr(blueinkSig, sig(secret, "soon", body), blueinkTS, "soon"), body, ErrMalformedSignature},
		{"too old", hdr(blueinkSig, sig(secret, at(-6*time.Minute), body), blueinkTS, at(-6*time.Minute)), body, ErrTimestampTooOld},
		{"too new", hdr(blueinkSig, sig(secret, at(6*time.Minute), body), blueinkTS, at(6*time.Minute)), body, ErrTimestampTooNew},
	}
	for _, tc := range cases {
		wantErr(t, tc.name, v.Verify(tc.header, []byte(tc.body)), tc.want)
	}
	if _, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{""}); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("empty secret: %v", err)
	}
	if s := fmt.Sprintf("%v %+v", v, v); strings.Contains(s, secret) {
		t.Fatalf("leaks: %s", s)
	}
}

// signeasyToken reads metadata.token from a Signeasy v2 callback body.
func signeasyToken(_ http.Header, body []byte) (string, error) {
	var d struct {
		Metadata struct {
			Token string `json:"token"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(body, &d); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalidPayload, err)
	}
	return d.Metadata.Token, nil
}

func TestSharedToken(t *testing.T) {
	v, err := NewSharedToken(signeasyToken, "tok-current", "", "tok-previous")
	if err != nil {
		t.Fatal(err)
	}
	body := func(tok string) []byte { return []byte(`{"event":"rs.completed","metadata":{"token":"` + tok + `"}}`) }
	wantErr(t, "valid", v.Verify(nil, body("tok-current")), nil)
	wantErr(t, "valid, rotated", v.Verify(nil, body("tok-previous")), nil)
	wantErr(t, "wrong token", v.Verify(nil, body("tok-currenT")), ErrTokenMismatch)
	wantErr(t, "prefix", v.Verify(nil, body("tok-curren")), ErrTokenMismatch)
	wantErr(t, "longer", v.Verify(nil, body("tok-current-x")), ErrTokenMismatch)
	wantErr(t, "missing token", v.Verify(nil, []byte(`{"event":"rs.completed","metadata":{}}`)), ErrMissingToken)
	wantErr(t, "empty token", v.Verify(nil, body("")), ErrMissingToken)
	if err := v.Verify(nil, []byte(`{`)); !errors.Is(err, ErrInvalidPayload) {
		t.Fatalf("extractor error: %v", err)
	}
	if _, err := NewSharedToken(signeasyToken, "", ""); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("empty: %v", err)
	}
	// Without an extractor only Check works (a decoder read the token).
	st, err := NewSharedToken(nil, "tok")
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, "nil extractor", st.Verify(nil, body("tok")), ErrMissingToken)
	wantErr(t, "Check", st.Check("tok"), nil)
	wantErr(t, "Check wrong", st.Check("tok2"), ErrTokenMismatch)
	wantErr(t, "Check empty", st.Check(""), ErrMissingToken)
	if s := fmt.Sprintf("%v %+v", v, v); strings.Contains(s, "tok-current") {
		t.Fatalf("leaks: %s", s)
	}
}

// Checking a token allocates nothing, whatever its length up to 128
// bytes (a []byte copy of a token over 32 bytes used to go to the heap,
// once per delivery), and building the check copies no token either.
func TestSharedTokenCheckAllocates(t *testing.T) {
	for _, n := range []int{8, 35, 128} {
		tok := strings.Repeat("t", n)
		st, err := NewSharedToken(nil, tok)
		if err != nil {
			t.Fatal(err)
		}
		var checkErr error
		if a := testing.AllocsPerRun(100, func() { checkErr = st.Check(tok) }); a != 0 || checkErr != nil {
			t.Errorf("%d-byte token: %v allocations, %v", n, a, checkErr)
		}
		// Building the check (once per ConstructEvent call) allocates the
		// scheme and its list of digests, not a copy of the token.
		if a := testing.AllocsPerRun(100, func() { st, _ = NewSharedToken(nil, tok) }); a > 2 {
			t.Errorf("NewSharedToken, %d-byte token: %v allocations", n, a)
		}
	}
}

// Certificates are costly to generate: make them once.
var certs struct {
	once         sync.Once
	keyA, keyB   *rsa.PrivateKey
	certA, certB *x509.Certificate // v3 and v1
	pemA, pemB   []byte
	ecdsa        *x509.Certificate
	err          error
}

func testCerts(t testing.TB) {
	t.Helper()
	certs.once.Do(func() {
		certs.keyA, certs.certA, certs.pemA, certs.err = webhooktest.NewRSACertificate(webhooktest.CertOptions{Bits: 2048})
		if certs.err != nil {
			return
		}
		certs.keyB, certs.certB, certs.pemB, certs.err = webhooktest.NewRSACertificate(webhooktest.CertOptions{Bits: 2048, V1: true})
		if certs.err != nil {
			return
		}
		ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			certs.err = err
			return
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "ec"}, NotBefore: fixedNow, NotAfter: fixedNow.Add(time.Hour)}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &ek.PublicKey, ek)
		if err != nil {
			certs.err = err
			return
		}
		certs.ecdsa, certs.err = x509.ParseCertificate(der)
	})
	if certs.err != nil {
		t.Fatal(certs.err)
	}
}

// legalesignForm extracts the legacy callback's form fields: data (the exact
// signed bytes) and signed (base64 signature).
func legalesignForm(_ http.Header, body []byte) (msg, sig []byte, err error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrInvalidPayload, err)
	}
	if form.Get("signed") == "" {
		return []byte(form.Get("data")), nil, nil
	}
	sig, err = base64.StdEncoding.DecodeString(form.Get("signed"))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrMalformedSignature, err)
	}
	return []byte(form.Get("data")), sig, nil
}

func TestRSASHA1(t *testing.T) {
	testCerts(t)
	equal(t, "v3 certificate version", certs.certA.Version, 3)
	equal(t, "v1 certificate version", certs.certB.Version, 1)
	equal(t, "v1 has no extensions", len(certs.certB.Extensions), 0)

	data := `[{"document":"/api/v1/document/a1b2/","status":30}]`
	form := func(data, sig string) []byte {
		return []byte(url.Values{"data": {data}, "signed": {sig}}.Encode())
	}
	sigA, err := webhooktest.SignRSASHA1(certs.keyA, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	sigB, err := webhooktest.SignRSASHA1(certs.keyB, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	onlyA, err := NewRSASHA1(legalesignForm, certs.certA)
	if err != nil {
		t.Fatal(err)
	}
	onlyB, err := NewRSASHA1(legalesignForm, certs.certB)
	if err != nil {
		t.Fatal(err)
	}
	both, err := NewRSASHA1(legalesignForm, nil, certs.certA, certs.certB)
	if err != nil {
		t.Fatal(err)
	}
	rawSig, _ := base64.StdEncoding.DecodeString(sigA)
	rawSig[10] ^= 0xff
	wantErr(t, "valid v3", onlyA.Verify(nil, form(data, sigA)), nil)
	wantErr(t, "valid v1", onlyB.Verify(nil, form(data, sigB)), nil)
	wantErr(t, "rotation: second certificate", both.Verify(nil, form(data, sigB)), nil)
	wantErr(t, "tampered message", onlyA.Verify(nil, form(strings.Replace(data, "30", "40", 1), sigA)), ErrSignatureMismatch)
	wantErr(t, "tampered signature", onlyA.Verify(nil, form(data, base64.StdEncoding.EncodeToString(rawSig))), ErrSignatureMismatch)
	wantErr(t, "truncated signature", onlyA.Verify(nil, form(data, base64.StdEncoding.EncodeToString(rawSig[:100]))), ErrSignatureMismatch)
	wantErr(t, "wrong certificate", onlyB.Verify(nil, form(data, sigA)), ErrSignatureMismatch)
	wantErr(t, "missing signature", onlyA.Verify(nil, []byte(url.Values{"data": {data}}.Encode())), ErrMissingSignature)
	wantErr(t, "malformed signature", onlyA.Verify(nil, form(data, "!!!not base64")), ErrMalformedSignature)

	// A signature made here with crypto/rsa directly (not webhooktest) verifies.
	if err := rsaVerifyIndependently(certs.certA, []byte(data), sigA); err != nil {
		t.Fatalf("webhooktest.SignRSASHA1 is not PKCS#1 v1.5 SHA-1: %v", err)
	}

	if _, err := NewRSASHA1(legalesignForm, certs.ecdsa); !errors.Is(err, ErrInvalidCertificate) {
		t.Fatalf("ECDSA certificate: %v", err)
	}
	if _, err := NewRSASHA1(legalesignForm); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("no certificate: %v", err)
	}
	if _, err := NewRSASHA1(legalesignForm, nil); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("nil certificate: %v", err)
	}
	// Without an extractor only Check works (a decoder found the signed
	// bytes).
	checkOnly, err := NewRSASHA1(nil, certs.certA)
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, "nil extractor", checkOnly.Verify(nil, nil), ErrMissingSignature)

	parsed, err := ParseCertificatesPEM(append(append(append([]byte("junk\n"), certs.pemA...), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}})...), certs.pemB...))
	if err != nil || len(parsed) != 2 || !parsed[0].Equal(certs.certA) || !parsed[1].Equal(certs.certB) {
		t.Fatalf("ParseCertificatesPEM: %d %v", len(parsed), err)
	}
	if _, err := ParseCertificatesPEM([]byte("no pem here")); !errors.Is(err, ErrInvalidCertificate) {
		t.Fatalf("no PEM: %v", err)
	}
	if _, err := ParseCertificatesPEM(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("bad der")})); !errors.Is(err, ErrInvalidCertificate) {
		t.Fatalf("bad DER: %v", err)
	}
}

func TestGuardsAndUnverified(t *testing.T) {
	qg, err := NewQueryTokenGuard("", "url-token-1", "url-token-2")
	if err != nil {
		t.Fatal(err)
	}
	req := func(target string) *http.Request { return httptest.NewRequest("POST", target, nil) }
	wantErr(t, "query token", qg.VerifyRequest(req("/hooks?token=url-token-1"), nil), nil)
	wantErr(t, "query token rotated", qg.VerifyRequest(req("/hooks?a=1&token=url-token-2"), nil), nil)
	wantErr(t, "query token wrong", qg.VerifyRequest(req("/hooks?token=url-token-3"), nil), ErrTokenMismatch)
	wantErr(t, "query token missing", qg.VerifyRequest(req("/hooks?tok=url-token-1"), nil), ErrMissingToken)
	wantErr(t, "guard used as a plain Verifier fails closed", qg.Verify(nil, nil), ErrMissingToken)
	custom, _ := NewQueryTokenGuard("k", "abc")
	wantErr(t, "custom param", custom.VerifyRequest(req("/h?k=abc"), nil), nil)
	wantErr(t, "custom param, default name ignored", custom.VerifyRequest(req("/h?token=abc"), nil), ErrMissingToken)
	if _, err := NewQueryTokenGuard("token", ""); !errors.Is(err, ErrNoSecret) {
		t.Fatal(err)
	}

	bg, err := NewBasicAuthGuard("insertsign", "pa55-word")
	if err != nil {
		t.Fatal(err)
	}
	withAuth := func(u, p string) *http.Request { r := req("/hooks"); r.SetBasicAuth(u, p); return r }
	wantErr(t, "basic auth", bg.VerifyRequest(withAuth("insertsign", "pa55-word"), nil), nil)
	wantErr(t, "basic auth wrong password", bg.VerifyRequest(withAuth("insertsign", "pa55-worD"), nil), ErrTokenMismatch)
	wantErr(t, "basic auth wrong user", bg.VerifyRequest(withAuth("other", "pa55-word"), nil), ErrTokenMismatch)
	wantErr(t, "basic auth missing", bg.VerifyRequest(req("/hooks"), nil), ErrMissingToken)
	wantErr(t, "basic guard as a plain Verifier", bg.Verify(nil, nil), ErrMissingToken)
	if _, err := NewBasicAuthGuard("u", ""); !errors.Is(err, ErrNoSecret) {
		t.Fatal(err)
	}
	if s := fmt.Sprintf("%v %+v %v %+v", qg, qg, bg, bg); strings.Contains(s, "url-token") || strings.Contains(s, "pa55") {
		t.Fatalf("leaks: %s", s)
	}

	wantErr(t, "unverified", Unverified().Verify(nil, []byte("anything")), nil)

	// Guards are used through a Provider, which prefers VerifyRequest.
	p := NewProvider("insertsign", qg, parseTestEvent)
	wantErr(t, "provider with guard", p.VerifyRequest(req("/h?token=url-token-1"), nil), nil)
	wantErr(t, "provider with guard, wrong", p.VerifyRequest(req("/h?token=x"), nil), ErrTokenMismatch)
	wantErr(t, "provider without verifier fails closed", NewProvider("x", nil, nil).VerifyRequest(req("/h"), nil), ErrNoSecret)
	noDecoder := NewProvider("x", qg, nil)
	if _, err := noDecoder.Parse(nil, []byte("{}")); !errors.Is(err, ErrInvalidPayload) {
		t.Fatalf("provider without decoder: %v", err)
	}
	wantErr(t, "provider without decoder fails closed", noDecoder.VerifyRequest(req("/h?token=url-token-1"), nil), ErrNoSecret)
}
