package insertsign_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/webhook"
)

// FuzzParseEvent: ParseEvent never panics; it either fails with
// webhook.ErrInvalidPayload or returns a consistent event.
func FuzzParseEvent(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `{"type":"x"}`, `{"type":""}`, `{"type":"request.sent","data":null}`,
		`{"type":"request.sent","data":{"request":{"signers":[{"id":"a"},null],"signer_order":["a","a","b"]}}}`,
		`{"type":"request.completed","data":{"request":{"progress":"1e3","sent_date":"2024-01-01"}}}`,
		`{"type":"signer.signed","data":{"signed_at":-99999999999999999}}`,
		`{"type":"contact.created","data":{"created_at":"1712595976304"}}`,
		`{"created_at":1714278786277,"type":"email.bounced","data":{"to":"a@b"}}`,
		`{"type":"request.archived","data":{"request":{"signers":{"":{"timestamp":1.5}}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := insertsign.ParseEvent(body)
		if err != nil {
			if ev != nil {
				t.Fatalf("event %T with error %v", ev, err)
			}
			if !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("error does not wrap ErrInvalidPayload: %v", err)
			}
			return
		}
		if ev == nil {
			t.Fatal("nil event without error")
		}
		if ev.Provider() != insertsign.ProviderName || ev.Type() == "" || ev.ID() != webhook.BodyID(body) {
			t.Fatalf("bad meta: %q %q %q", ev.Provider(), ev.Type(), ev.ID())
		}
		if !bytes.Equal(ev.Raw(), body) {
			t.Fatal("Raw differs from the body")
		}
		if ev.Lifecycle() != insertsign.EventType(ev.Type()).Lifecycle() {
			t.Fatalf("lifecycle %q for %q", ev.Lifecycle(), ev.Type())
		}
		if re, ok := ev.(insertsign.RequestEvent); ok {
			r := re.SignatureRequest()
			if len(r.Signers) != len(r.SignersByID) {
				t.Fatalf("%d ordered signers, %d in the map", len(r.Signers), len(r.SignersByID))
			}
			seen := map[*insertsign.Signer]bool{}
			for _, s := range r.Signers {
				if s == nil || seen[s] {
					t.Fatal("nil or repeated signer in Signers")
				}
				seen[s] = true
				found := false
				for _, m := range r.SignersByID {
					found = found || m == s
				}
				if !found {
					t.Fatal("ordered signer missing from the map")
				}
			}
		}
		if u, ok := ev.(*insertsign.UnknownEvent); ok {
			switch insertsign.EventType(u.Type()) {
			case insertsign.EventRequestSent, insertsign.EventRequestCompleted, insertsign.EventRequestArchived,
				insertsign.EventRequestDeleted, insertsign.EventContactCreated, insertsign.EventSignerSigned,
				insertsign.EventEmailDelivered, insertsign.EventEmailBounced, insertsign.EventEmailSpammed:
				t.Fatalf("known type %q decoded as unknown", u.Type())
			}
		}
	})
}
