package signeasy

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/esignkit/esign/webhook"
)

func addFixtureSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "webhooks", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"metadata": {"event_type": "rs.completed"}, "data": {}}`,
		`{"metadata": {"event_type": "x", "token": 5}, "data": 1}`,
		`{"metadata": {"event_type": "rs.signed", "event_user_id": "9"}, "data": {"sources": null, "recipients": [{}]}}`,
		`{"metadata": {"event_type": "rs.completed", "token": "abc"}, "data": {"created_time": "2025-04-07 15:43:08.646752+00:00"}}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzParseEvent: ParseEvent never panics; it fails with
// webhook.ErrInvalidPayload or returns a consistent signeasy event.
func FuzzParseEvent(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseEvent(body)
		if err != nil {
			if !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("error does not wrap ErrInvalidPayload: %v", err)
			}
			if ev != nil {
				t.Fatal("event and error")
			}
			return
		}
		if ev == nil || ev.Provider() != ProviderName || ev.Type() == "" || ev.ID() == "" {
			t.Fatalf("inconsistent event %#v", ev)
		}
		// Raw is the body with metadata.token redacted: the same length
		// or longer, read back by ParseEvent as the same delivery.
		if raw := ev.Raw(); !bytes.Equal(raw, body) {
			if !bytes.Contains(raw, []byte(`"[REDACTED]"`)) {
				t.Fatalf("Raw differs from the body without a redacted token:\n%q\n%q", body, raw)
			}
			again, err := ParseEvent(raw, webhook.WithMaxBodyBytes(int64(len(raw))))
			if err != nil {
				t.Fatalf("a stored Raw does not parse: %v", err)
			}
			if again.ID() != ev.ID() || again.Type() != ev.Type() || !bytes.Equal(again.Raw(), raw) {
				t.Fatalf("a stored Raw parses as another delivery: %s %s", again.ID(), ev.ID())
			}
		}
		switch e := ev.(type) {
		case *UnknownEvent:
			if EventType(e.Type()).Known() {
				t.Fatalf("known type %q decoded as unknown", e.Type())
			}
		case signeasyEvent:
			if v := e.Version(); v != 1 && v != 2 {
				t.Fatalf("version %d", v)
			}
			if e.Version() == 2 && e.FileID() != 0 {
				t.Fatal("v2 event with a v1 file id")
			}
		default:
			t.Fatalf("unexpected type %T", ev)
		}
	})
}

// FuzzConstructEvent: the token check never panics and accepts only bodies
// carrying the configured token (or v1 bodies when allowed).
func FuzzConstructEvent(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ConstructEvent(body, nil, docToken)
		if err == nil {
			// Read the token independently (encoding/json into a plain struct).
			var d struct {
				Metadata struct {
					Token string `json:"token"`
				} `json:"metadata"`
			}
			if xerr := json.Unmarshal(body, &d); xerr != nil || d.Metadata.Token != docToken {
				t.Fatalf("accepted a body without the token (%q, %v)", d.Metadata.Token, xerr)
			}
			if ev == nil {
				t.Fatal("nil event")
			}
		} else if ev != nil {
			t.Fatal("event and error")
		}
		// The verifier alone agrees with ConstructEvent on authenticity.
		v, _ := NewVerifier(docToken)
		if verr := v.Verify(nil, body); (verr == nil) != (err == nil || !isRefusal(err)) {
			t.Fatalf("Verify says %v, ConstructEvent says %v", verr, err)
		}
		ev, err = ConstructEvent(body, nil, docToken, AllowV1())
		if err == nil && ev == nil {
			t.Fatal("nil event")
		}
	})
}

// isRefusal reports a verification error (a refused delivery).
func isRefusal(err error) bool {
	for _, e := range []error{webhook.ErrNoSecret, webhook.ErrMissingToken, webhook.ErrTokenMismatch} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// FuzzDecodeLists: the lenient list decoders (originals/templates lists,
// the v2 callback answer) never panic on API answers.
func FuzzDecodeLists(f *testing.F) {
	for _, s := range []string{
		`[{"id": 1, "name": "a"}]`, `{"count": 1, "files": [{"id": 1}]}`, `{"templates": null}`, `{}`, `null`, `"x"`,
		`{"callback_urls": ["https://a.example/h"], "https://a.example/h": {"token": "t", "events": ["rs.signed"]}}`,
		`{"callback_urls": null, "https://b.example/": {"events": 3}}`, `{"callback_urls": [1]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var l list[Original]
		_ = json.Unmarshal(b, &l)
		var tl list[Template]
		_ = json.Unmarshal(b, &tl)
		var env Envelope
		_ = json.Unmarshal(b, &env)
		var cl callbackList
		if json.Unmarshal(b, &cl) == nil {
			for _, c := range cl {
				if c == nil {
					t.Fatalf("nil callback from %q", b)
				}
			}
		}
	})
}
