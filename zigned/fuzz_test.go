package zigned_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

// FuzzParseEvent: any body either decodes to an event carrying the body, or
// fails with ErrInvalidPayload / ErrBodyTooLarge. It never panics.
func FuzzParseEvent(f *testing.F) {
	for _, seed := range []string{
		vectorBody,
		string(delivery("agreement.lifecycle.finalized", agreementJSON)),
		string(delivery("participant.lifecycle.fulfilled", signerJSON)),
		string(delivery("sign_event.signing_room.entered", signEventJSON)),
		string(delivery("observer.draft.created", observerJSON)),
		string(delivery("email_event.agreement_invitation.delivered", `{"resource_type":"agreement","id":"a"}`)),
		string(delivery("agreement.lifecycle.fulfilled", single("agreement", agreementJSON))),
		`{"event_type":"agreement.lifecycle.cancelled","data":null}`,
		`{"event":"x.y.z","data":[1,2,3]}`,
		`{"event":"agreement.draft.created","data":{"participants":{"version":"1.0","result_type":"list","data":[{}]}}}`,
		`{"event":7}`, `[]`, `null`, `"`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := zigned.ParseEvent(body)
		if err != nil {
			if ev != nil {
				t.Fatalf("event and error: %v", err)
			}
			if !errorsIs(err, webhook.ErrInvalidPayload) && !errorsIs(err, webhook.ErrBodyTooLarge) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if ev.Provider() != zigned.ProviderName || ev.Type() == "" || ev.ID() == "" {
			t.Fatalf("incomplete event %#v", ev)
		}
		if string(ev.Raw()) != string(body) {
			t.Fatal("Raw() is not the body")
		}
		_ = ev.Lifecycle()
	})
}

// FuzzConstructEvent fuzzes the signature header (and body) through the
// verifier; only correctly signed deliveries may pass.
func FuzzConstructEvent(f *testing.F) {
	now := time.Unix(1717243200, 0)
	body := []byte(vectorBody)
	f.Add(body, webhooktest.TimestampedHeader(body, now, vectorSecret))
	f.Add(body, webhooktest.TimestampedHeaderMillis(body, now, vectorSecret))
	f.Add(body, "t=1717243200,v1=00,v1="+vectorSigSeconds)
	f.Add(body, "t=,v1=")
	f.Add(body, "v1="+vectorSigSeconds+",t=1717243200")
	f.Add([]byte(`{}`), "t=99999999999999999999999,v1=zz")
	f.Add(body, "t=1717243200,v1 ="+vectorSigSeconds) // found by a 40 s run: the checker did not trim keys
	f.Add(body, " t = 1717243200 , v1 = "+vectorSigSeconds)
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		ev, err := zigned.ConstructEvent(body, http.Header{"X-Zigned-Request-Signature": {header}}, vectorSecret,
			webhook.WithClock(func() time.Time { return now }))
		if err != nil {
			if ev != nil {
				t.Fatalf("event and error: %v", err)
			}
			return
		}
		if ev == nil {
			t.Fatal("nil event without error")
		}
		// Accepted: the header must carry, for one of its timestamps, the
		// HMAC computed here independently, and that timestamp must be
		// within the tolerance (seconds or milliseconds).
		if !signedIndependently(header, body, now) {
			t.Fatalf("accepted a delivery that is not correctly signed: %q", header)
		}
	})
}

// signedIndependently recomputes the signature scheme with crypto/hmac:
// keys and values are read as the header format allows (blanks around
// them), signatures in hex or base64, the timestamp in seconds (with an
// optional fraction) or milliseconds. It only needs to agree with the
// verifier on what is correctly signed, not on how it parses.
func signedIndependently(header string, body []byte, now time.Time) bool {
	var ts, sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch strings.TrimSpace(k) {
		case "t":
			ts = append(ts, strings.TrimSpace(v))
		case "v1":
			sigs = append(sigs, strings.TrimSpace(v))
		}
	}
	for _, t := range ts {
		at, ok := unixTime(t)
		if !ok {
			continue
		}
		if d := now.Sub(at); d > webhook.DefaultTolerance || d < -webhook.DefaultTolerance {
			continue
		}
		m := hmac.New(sha256.New, []byte(vectorSecret))
		m.Write([]byte(t + "."))
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
	}
	return false
}

// unixTime reads seconds, seconds.fraction or milliseconds.
func unixTime(t string) (time.Time, bool) {
	sec, frac, hasFrac := strings.Cut(t, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n <= 0 && !hasFrac {
		return time.Time{}, false
	}
	if !hasFrac {
		if n > 1e11 {
			return time.UnixMilli(n), true
		}
		return time.Unix(n, 0), true
	}
	f, err := strconv.ParseFloat("0."+frac, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0).Add(time.Duration(f * float64(time.Second))), true
}

// FuzzDecodeResources decodes arbitrary JSON as the resources the API
// returns (relations, times, scopes and all): never a panic, and an expanded
// relation list always has one id per resource.
func FuzzDecodeResources(f *testing.F) {
	for _, seed := range []string{
		agreementJSON, signerJSON, approverJSON, observerJSON, groupJSON, attachmentJSON, themeJSON,
		recipientMessageJSON, webhookJSON, signEventJSON, fileJSON,
		`{"participants":{"version":"1.0","result_type":"list","data":[{"id":"p"}]},"theme":{"data":null,"version":"1.0"}}`,
		`{"scope":"global","secret":7}`, `{"expires_at":"not a time"}`, `{"signature":{"method":null,"data":null}}`, `[]`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a zigned.Agreement
		if json.Unmarshal(data, &a) == nil {
			if a.Participants.Data != nil && len(a.Participants.Data) != len(a.Participants.IDs) {
				t.Fatalf("participants: %d ids for %d resources", len(a.Participants.IDs), len(a.Participants.Data))
			}
			if _, err := json.Marshal(&a); err != nil {
				t.Fatalf("re-encoding a decoded agreement: %v", err)
			}
		}
		var p zigned.Participant
		_ = json.Unmarshal(data, &p)
		var g zigned.SigningGroup
		if json.Unmarshal(data, &g) == nil && g.Participants.Data != nil && len(g.Participants.Data) != len(g.Participants.IDs) {
			t.Fatalf("group participants: %d ids for %d resources", len(g.Participants.IDs), len(g.Participants.Data))
		}
		var w zigned.Webhook
		if json.Unmarshal(data, &w) == nil && w.Secret != "" {
			// The secret may equal another field's text: compare with the
			// same webhook printed without it.
			printed := fmt.Sprintf("%v %+v %#v", w, w, w)
			without := w
			without.Secret = ""
			base := fmt.Sprintf("%v %+v %#v", without, without, without)
			if strings.Count(printed, string(w.Secret)) > strings.Count(base, string(w.Secret)) {
				t.Fatalf("a webhook prints its secret: %s", printed)
			}
		}
		var th zigned.Theme
		_ = json.Unmarshal(data, &th)
		var m zigned.RecipientMessage
		_ = json.Unmarshal(data, &m)
	})
}

// FuzzRelation decodes arbitrary JSON as single and list relations and
// checks that a successful decode survives a marshal round trip.
func FuzzRelation(f *testing.F) {
	for _, seed := range []string{
		`null`, `"` + fileID + `"`, `["a","b"]`, `[]`, fileJSON, single("file", fileJSON), list("file", fileJSON, fileJSON),
		`{"version":"1.0","result_type":"single","data":null}`, `{"version":"1.0","data":"id"}`, `[{"id":"x"},"y"]`,
		`{"result_type":"list","data":{"id":"z"}}`, `42`, `{`, `[[]]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var one zigned.Relation[zigned.File]
		if json.Unmarshal(data, &one) == nil {
			out, err := json.Marshal(one)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			var back zigned.Relation[zigned.File]
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatalf("round trip of %s: %v", out, err)
			}
			if back.ID != one.ID || back.Expanded() != one.Expanded() {
				t.Fatalf("round trip changed %s -> %s", data, out)
			}
		}
		var many zigned.RelationList[zigned.File]
		if json.Unmarshal(data, &many) == nil {
			if many.Data != nil && len(many.Data) != len(many.IDs) {
				t.Fatalf("ids and data disagree: %d vs %d", len(many.IDs), len(many.Data))
			}
			out, err := json.Marshal(many)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			var back zigned.RelationList[zigned.File]
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatalf("round trip of %s: %v", out, err)
			}
			if back.Len() != many.Len() || back.Expanded() != many.Expanded() {
				t.Fatalf("round trip changed %s -> %s", data, out)
			}
		}
	})
}
