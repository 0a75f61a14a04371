package blueink_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/webhook"
)

// FuzzParseEvent feeds JSON and form bodies to ParseEvent: it must never
// panic, must return exactly one of event or error, every error must wrap
// webhook.ErrInvalidPayload, and every event must keep the body and report
// the blueink provider.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(evDocBundleComplete))
	for _, c := range evCases {
		f.Add(c.json())
		for _, body := range c.forms() {
			f.Add(body)
		}
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"event_type":1}`, `{"event_type":"x","payload":"{\"bundle_id\":1}"}`,
		`{"event_type":"x","payload":"\"\""}`, `{"event_type":"x","event_date":99999999999999999999}`,
		`{"event_type":"x","event_date":"-1"}`, "\ufeff{\"event_type\":\"x\"}",
		`event_type=x&payload=%7B`, `event_type=x&payload[]=1&payload.=2&=3`, `event_type=%`, `a;b=c`,
		`event_type=x&event_date=9223372036854775807`, `event_type=x&event_date=-9223372036854775808`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := blueink.ParseEvent(body)
		if (ev == nil) == (err == nil) {
			t.Fatalf("event %v and error %v", ev, err)
		}
		if err != nil {
			if !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("error does not wrap ErrInvalidPayload: %v", err)
			}
			return
		}
		if ev.Provider() != blueink.ProviderName || ev.Type() == "" || string(ev.Raw()) != string(body) {
			t.Fatalf("event %T: provider %q type %q", ev, ev.Provider(), ev.Type())
		}
		env, ok := blueink.EnvelopeOf(ev)
		if !ok || string(env.EventType) != ev.Type() || env.EventID != ev.ID() || !env.EventDate.Equal(ev.OccurredAt()) {
			t.Fatalf("envelope %+v disagrees with %T", env, ev)
		}
		if env.EventType.Known() == isUnknown(ev) || ev.Lifecycle() != env.EventType.Lifecycle() {
			t.Fatalf("%T for type %q, lifecycle %s", ev, ev.Type(), ev.Lifecycle())
		}
	})
}

// plainDelivery is a delivery as encoding/json decodes it into plain
// strings: the reference the in-place decoder must agree with.
type plainDelivery struct {
	EventID   string `json:"event_id"`
	EventType string `json:"event_type"`
	AccountID string `json:"account_id"`
	Payload   *struct {
		BundleID string `json:"bundle_id"`
		PacketID string `json:"packet_id"`
	} `json:"payload"`
}

// FuzzParseEventMatchesEncodingJSON: every JSON body encoding/json decodes
// into plain strings (an event_type set) is accepted by ParseEvent with the
// same values (trimmed), and no issue but a date's.
func FuzzParseEventMatchesEncodingJSON(f *testing.F) {
	f.Add([]byte(evDocBundleComplete))
	for _, c := range evCases {
		f.Add(c.json())
	}
	for _, s := range []string{`{"EVENT_TYPE":"x","Payload":{"bundle_id":"B"}}`, `{"event_type":"a","event_type":"b"}`,
		`{"event_type":"x","payload":{"bundle_id":"a","bundle_id":"b"}}`, `{"event_type":"\u0078","event_id":"\ud800"}`,
		`{"event_type":"x","payload":null,"extra":[1,{"a":"}"}]}`, "{\"event_type\":\"\xff\"}", `{"event_type":"x","event_date":"2025-01-01"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var want plainDelivery
		if json.Unmarshal(body, &want) != nil || strings.TrimSpace(want.EventType) == "" {
			return
		}
		ev, err := blueink.ParseEvent(body)
		if err != nil {
			t.Fatalf("encoding/json decodes %q, ParseEvent fails: %v", body, err)
		}
		env, _ := blueink.EnvelopeOf(ev)
		if string(env.EventType) != strings.TrimSpace(want.EventType) || env.EventID != strings.TrimSpace(want.EventID) ||
			env.AccountID != strings.TrimSpace(want.AccountID) {
			t.Fatalf("%q: got %+v, encoding/json %+v", body, env, want)
		}
		if want.Payload != nil && (env.Payload.BundleID != want.Payload.BundleID || env.Payload.PacketID != want.Payload.PacketID) {
			t.Fatalf("%q: payload %+v, encoding/json %+v", body, env.Payload, *want.Payload)
		}
		for _, is := range ev.DecodeIssues() {
			if !strings.EqualFold(is.Path, "event_date") {
				t.Fatalf("%q: issue %v", body, is)
			}
		}
	})
}

func isUnknown(ev webhook.Event) bool { _, ok := ev.(*blueink.UnknownEvent); return ok }

// FuzzConstructEvent feeds arbitrary signature and timestamp headers: the
// verifier must never panic and must refuse everything not signed with the
// secret.
func FuzzConstructEvent(f *testing.F) {
	body := []byte(evDocBundleComplete)
	good := evSign(evSecret, evSentAt, body)
	f.Add(good.Get("X-Blueink-Signature"), good.Get("X-Blueink-Request-Timestamp"), body)
	f.Add(evVector, "1743726689", body)
	f.Add("v0=", "", body)
	f.Add("v0=zz,v0=", "-1", []byte(nil))
	f.Add("v0="+evVector+","+evVector, "1743726689000", body)
	f.Add("v0="+evVector, "99999999999999999999999", body)
	f.Add("v0="+evVector, "1743726689.25", body)
	f.Fuzz(func(t *testing.T, sig, ts string, body []byte) {
		h := http.Header{}
		h.Set("X-Blueink-Signature", sig)
		h.Set("X-Blueink-Request-Timestamp", ts)
		ev, err := blueink.ConstructEvent(body, h, evSecret, webhook.WithClock(func() time.Time { return evSentAt }))
		if err == nil {
			if ev == nil {
				t.Fatal("nil event without error")
			}
			// Only a genuine signature may pass: re-check independently.
			if !validSignature(sig, ts, body) {
				t.Fatalf("accepted forged signature %q at %q", sig, ts)
			}
		}
	})
}

// validSignature recomputes the HMAC with crypto/hmac and reports whether
// any signature in the header matches it.
func validSignature(sig, ts string, body []byte) bool {
	m := hmac.New(sha256.New, []byte(evSecret))
	m.Write([]byte("v0:" + strings.TrimSpace(ts) + ":"))
	m.Write(body)
	want := m.Sum(nil)
	for _, part := range strings.Split(sig, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "v0=")
		for _, dec := range []func(string) ([]byte, error){hex.DecodeString, base64.StdEncoding.DecodeString,
			base64.URLEncoding.DecodeString, base64.RawStdEncoding.DecodeString, base64.RawURLEncoding.DecodeString} {
			if got, err := dec(part); err == nil && hmac.Equal(got, want) {
				return true
			}
		}
	}
	return false
}
