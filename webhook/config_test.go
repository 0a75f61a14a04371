package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mustPanic runs f and returns the panic message ("" and a test failure
// when it does not panic).
func mustPanic(t *testing.T, what string, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Errorf("%s: no panic", what)
			return
		}
		msg = fmt.Sprint(r)
	}()
	f()
	return ""
}

func TestNewHandlerPanicsOnMisconfiguration(t *testing.T) {
	msg := mustPanic(t, "nil provider", func() { NewHandler(nil) })
	if !strings.Contains(msg, "nil Provider") {
		t.Errorf("nil provider: %q", msg)
	}
	msg = mustPanic(t, "no verifier", func() { NewHandler(NewProvider("acme", nil, parseTestEvent)) })
	if !strings.Contains(msg, `"acme"`) || !strings.Contains(msg, "no Verifier") {
		t.Errorf("no verifier: %q", msg)
	}
	msg = mustPanic(t, "scheme option on a foreign provider", func() {
		NewHandler(badProvider{}, WithTolerance(time.Minute))
	})
	if !strings.Contains(msg, "WithTolerance") || !strings.Contains(msg, "bad") {
		t.Errorf("foreign provider: %q", msg)
	}
	// Handler options on a foreign provider are fine.
	NewHandler(badProvider{}, WithLogger(slog.Default()), WithMaxBodyBytes(10), WithDedupe(nil, 0))
}

// A Handler without WithLogger still says why it refused a delivery: on
// slog.Default(), read when the line is logged.
func TestHandlerLogsToDefaultLogger(t *testing.T) {
	var b bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&b, nil)))
	defer slog.SetDefault(old)
	h := NewHandler(testProvider(t))
	w := serve(h, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(createdBody)))
	equal(t, "status", w.Code, http.StatusUnauthorized)
	if !strings.Contains(b.String(), "verification failed") || !strings.Contains(b.String(), ErrMissingSignature.Error()) {
		t.Fatalf("refusal not logged on slog.Default(): %q", b.String())
	}
}

// bigDelivery is a signed 2 MiB delivery of the test provider.
func bigDelivery() string {
	return `{"id":"big","type":"document.created","data":{"document_id":"` + strings.Repeat("d", 2<<20) + `"}}`
}

// WithMaxBodyBytes is set once, on the Handler or on the provider, and
// holds for the Handler's read, the verifier and the decoder alike.
func TestMaxBodyBytesSetOnce(t *testing.T) {
	v, err := NewTimestampedHMAC(testSigHeader, []string{testSecret}, clock())
	if err != nil {
		t.Fatal(err)
	}
	body := bigDelivery()
	for name, h := range map[string]*Handler{
		"on the handler":  NewHandler(NewProvider("test", v, parseTestEvent), WithMaxBodyBytes(4<<20)),
		"on the provider": NewHandler(NewProvider("test", v, parseTestEvent, WithMaxBodyBytes(4<<20))),
	} {
		equal(t, name+": max", h.maxBody, int64(4<<20))
		equal(t, name+": 2 MiB", serve(h, signedRequest(body)).Code, http.StatusOK)
	}
	h := NewHandler(NewProvider("test", v, parseTestEvent))
	equal(t, "default: 2 MiB", serve(h, signedRequest(body)).Code, http.StatusRequestEntityTooLarge)

	p := NewProvider("test", v, parseTestEvent, WithMaxBodyBytes(100))
	if _, err := p.Parse(nil, []byte(body)); !errors.Is(err, ErrBodyTooLarge) || !errors.Is(err, ErrInvalidPayload) {
		t.Errorf("Parse over the limit: %v", err)
	}
	if err := p.VerifyRequest(signedRequest(body), []byte(body)); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("VerifyRequest over the limit: %v", err)
	}
	if err := CheckBodySize(make([]byte, DefaultMaxBodyBytes+1), 0); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("CheckBodySize default: %v", err)
	}
	if err := CheckBodySize(make([]byte, DefaultMaxBodyBytes), 0); err != nil {
		t.Errorf("CheckBodySize at the limit: %v", err)
	}
}

func TestSecret(t *testing.T) {
	s := Secret("whsec_live_value")
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%10s", "%T%v"} {
		if out := fmt.Sprintf(f, s); strings.Contains(out, "whsec") || strings.Contains(out, "77686") {
			t.Errorf("%s shows the secret: %s", f, out)
		}
	}
	equal(t, "String", s.String(), Redacted)
	equal(t, "GoString", fmt.Sprintf("%#v", s), `webhook.Secret("[REDACTED]")`)
	equal(t, "%q", fmt.Sprintf("%q", s), `"[REDACTED]"`)
	equal(t, "empty", fmt.Sprintf("%v|%s", Secret(""), Secret("")), "|")
	equal(t, "Reveal", s.Reveal(), "whsec_live_value")
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("x", "secret", s, "in", struct{ S Secret }{s})
	if strings.Contains(b.String(), "whsec") {
		t.Errorf("slog shows the secret: %s", b.String())
	}
	out, err := json.Marshal(struct {
		S Secret `json:"s"`
		E Secret `json:"e"`
	}{s, ""})
	equal(t, "json", string(out)+fmt.Sprint(err), `{"s":"[REDACTED]","e":""}<nil>`)
	var back struct {
		S Secret `json:"s"`
		N Secret `json:"n"`
	}
	back.N = "x"
	if err := json.Unmarshal([]byte(`{"s":"whsec_2","n":null}`), &back); err != nil || back.S.Reveal() != "whsec_2" || back.N != "" {
		t.Errorf("unmarshal: %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"s":5}`), &back); err == nil {
		t.Error("a number decoded as a Secret")
	}
}

// An HMAC scheme whose construction is a guess names the construction a
// refused delivery verifies with, and the option selecting it; the delivery
// is still refused. Selecting it makes the delivery pass.
func TestHMACDiagnosesOtherConstructions(t *testing.T) {
	const secret = "bi-secret"
	body := `{"event_type":"bundle_complete"}`
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	cases := []struct {
		payload SignedPayload
		msg     string
		sig     string
	}{
		{SignedTimestampDot, ts + "." + body, macHex(secret, ts+"."+body)},
		{SignedTimestampColon, ts + ":" + body, b64(secret, ts+":"+body)},
		{SignedBodyOnly, body, "v0=" + macHex(secret, body)},
		{SignedV0Colon, "v0:" + ts + ":" + body, macHex(secret, "v0:"+ts+":"+body)},
	}
	for _, tc := range cases {
		h := hdr(blueinkSig, tc.sig, blueinkTS, ts)
		other := SignedV0Colon
		if tc.payload == SignedV0Colon {
			other = SignedBodyOnly
		}
		v, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{"old", secret}, clock(), WithSignedPayload(other))
		if err != nil {
			t.Fatal(err)
		}
		err = v.Verify(h, []byte(body))
		wantErr(t, tc.payload.String(), err, ErrSignatureMismatch)
		if err == nil || !strings.Contains(err.Error(), tc.payload.String()) ||
			!strings.Contains(err.Error(), "webhook.WithSignedPayload(webhook."+signedPayloads[tc.payload].constant+")") {
			t.Errorf("%s: the error does not name the construction and its option: %v", tc.payload, err)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("the error shows the secret: %v", err)
		}
		v, _ = NewSlackHMAC(blueinkSig, blueinkTS, []string{secret}, clock(), WithSignedPayload(tc.payload))
		wantErr(t, tc.payload.String()+" selected", v.Verify(h, []byte(body)), nil)
	}
	// Nothing matches: the plain mismatch.
	v, _ := NewSlackHMAC(blueinkSig, blueinkTS, []string{secret}, clock())
	err := v.Verify(hdr(blueinkSig, macHex("other", body), blueinkTS, ts), []byte(body))
	if err == nil || err.Error() != ErrSignatureMismatch.Error() {
		t.Errorf("no construction matches: %v", err)
	}
}

func TestHMACTimestampsAndEncodings(t *testing.T) {
	const secret = "s"
	body := `{}`
	v, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{secret}, clock())
	if err != nil {
		t.Fatal(err)
	}
	sign := func(ts string) http.Header {
		return hdr(blueinkSig, "v0="+macHex(secret, "v0:"+ts+":"+body), blueinkTS, ts)
	}
	sec := strconv.FormatInt(fixedNow.Unix(), 10)
	wantErr(t, "float seconds", v.Verify(sign(sec+".12"), []byte(body)), nil)
	wantErr(t, "float seconds, 9 digits", v.Verify(sign(sec+".123456789"), []byte(body)), nil)
	wantErr(t, "milliseconds", v.Verify(sign(sec+"123"), []byte(body)), nil)
	wantErr(t, "float too old", v.Verify(sign(strconv.FormatInt(fixedNow.Add(-time.Hour).Unix(), 10)+".5"), []byte(body)), ErrTimestampTooOld)
	for _, bad := range []string{"1.", ".5", "1.2.3", "1e9", "-5", "0", "0x10", sec + ".1234567890", sec + "000.5", "99999999999999999999"} {
		wantErr(t, "timestamp "+bad, v.Verify(sign(bad), []byte(body)), ErrMalformedSignature)
	}
	for name, sig := range map[string]string{
		"base64":          b64(secret, "v0:"+sec+":"+body),
		"base64 url, raw": strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(b64(secret, "v0:"+sec+":"+body)), "="),
		"upper hex":       strings.ToUpper(macHex(secret, "v0:"+sec+":"+body)),
	} {
		wantErr(t, name, v.Verify(hdr(blueinkSig, sig, blueinkTS, sec), []byte(body)), nil)
	}
}

func TestBodyHMAC(t *testing.T) {
	const secret = "lgs-hmac-secret"
	body := []byte(`{"version":"1","object":"document","event":"created"}`)
	v, err := NewBodyHMAC("X-Hmac-Sha256", []string{secret})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		h    http.Header
		b    []byte
		want error
	}{
		"hex":             {hdr("X-Hmac-Sha256", macHex(secret, string(body))), body, nil},
		"base64":          {hdr("X-Hmac-Sha256", b64(secret, string(body))), body, nil},
		"sha256= prefix":  {hdr("X-Hmac-Sha256", "sha256="+macHex(secret, string(body))), body, nil},
		"tampered":        {hdr("X-Hmac-Sha256", macHex(secret, string(body))), append([]byte(" "), body...), ErrSignatureMismatch},
		"missing":         {http.Header{}, body, ErrMissingSignature},
		"malformed":       {hdr("X-Hmac-Sha256", "abc"), body, ErrMalformedSignature},
		"wrong secret":    {hdr("X-Hmac-Sha256", macHex("x", string(body))), body, ErrSignatureMismatch},
		"no timestamp ok": {hdr("X-Hmac-Sha256", macHex(secret, string(body)), "X-Other", "1"), body, nil},
	} {
		wantErr(t, name, v.Verify(c.h, c.b), c.want)
	}
	if _, err := NewBodyHMAC("X", []string{secret}, WithSignedPayload(SignedTimestampDot)); err == nil {
		t.Error("a timestamped construction without a timestamp was accepted")
	}
	if _, err := NewBodyHMAC("X", []string{" "}); !errors.Is(err, ErrNoSecret) {
		t.Errorf("blank secret: %v", err)
	}
	if _, err := NewSlackHMAC("X", "Y", []string{"s"}, WithSignedPayload(SignedPayload(99))); err == nil {
		t.Error("an unknown construction was accepted")
	}
}
