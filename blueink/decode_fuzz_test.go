package blueink_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/tolerant"
)

// decoders decode a body into each type the client reads from BlueInk (and
// BundleRequest, whose custom decoder picks document types) and encode the
// result again.
var decoders = map[string]func([]byte) ([]byte, error){
	"Bundle":             decodeEncode[blueink.Bundle],
	"[]Bundle":           decodeEncode[[]*blueink.Bundle],
	"BundleRequest":      decodeEncode[blueink.BundleRequest],
	"Packet":             decodeEncode[blueink.Packet],
	"[]BundleEvent":      decodeEncode[[]*blueink.BundleEvent],
	"[]BundleFile":       decodeEncode[[]*blueink.BundleFile],
	"[]BundleFieldData":  decodeEncode[[]*blueink.BundleFieldData],
	"BundleValidation":   decodeEncode[blueink.BundleValidation],
	"PreparationSession": decodeEncode[blueink.PreparationSession],
	"EmbedURL":           decodeEncode[blueink.EmbedURL],
	"COE":                decodeEncode[blueink.COE],
	"Template":           decodeEncode[blueink.Template],
	"EnvelopeTemplate":   decodeEncode[blueink.EnvelopeTemplate],
	"Person":             decodeEncode[blueink.Person],
	"Webhook":            decodeEncode[blueink.Webhook],
	"WebhookExtraHeader": decodeEncode[blueink.WebhookExtraHeader],
	"WebhookEvent":       decodeEncode[blueink.WebhookEvent],
	"WebhookDelivery":    decodeEncode[blueink.WebhookDelivery],
	"WebhookSecret":      decodeEncode[blueink.WebhookSecret],
	"VerifyResult":       decodeEncode[blueink.VerifyResult],
}

// decodeEncode decodes b into a T and, when that works, encodes it, decodes
// the encoding and encodes again: both encodings must be equal.
func decodeEncode[T any](b []byte) ([]byte, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, nil // rejecting input is fine
	}
	j1, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var w T
	if err := json.Unmarshal(j1, &w); err != nil {
		return j1, err
	}
	j2, err := json.Marshal(w)
	if err != nil {
		return j1, err
	}
	if !bytes.Equal(j1, j2) {
		return j1, errUnstable{j1, j2}
	}
	return j1, nil
}

type errUnstable struct{ a, b []byte }

func (e errUnstable) Error() string {
	return "encoding not stable: " + string(e.a) + " vs " + string(e.b)
}

// FuzzDecodeResponses feeds arbitrary bodies to the decoders of every API
// answer (including the custom ones: lenient timestamps, the "messsage"
// spelling, document type detection, VerifyResult, WebhookSecret): none may
// panic, and whatever decodes must encode, decode again and encode to the
// same bytes.
func FuzzDecodeResponses(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(append(append([]byte("["), b...), ']'))
	}
	f.Add([]byte(sampleRequestJSON))
	for _, s := range []string{`null`, `{}`, `[]`, `{"documents":[{"template_id":null}]}`, `{"documents":[{"template_id":"t"}]}`,
		`{"created":1744040588123}`, `{"created":"2025-04-07 15:43:08.646752+00:00"}`, `{"errors":[{"errors":[{"messsage":"m"}]}]}`,
		`{"secret":"s","create_date":"2024-09-30T12:00:00Z"}`, `{"timestamp":-62135596801}`, `{"value":[1,{"a":null}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, dec := range decoders {
			if out, err := dec(body); err != nil {
				t.Fatalf("%s: %v (input %q, encoded %s)", name, err, body, out)
			}
		}
	})
}

// tolerantCheck decodes data into a T with the tolerant decoder: no panic;
// a JSON object always decodes (T is a struct); what encoding/json decodes
// whole is decoded the same, with no issue; issues stay bounded.
func tolerantCheck[T any](t *testing.T, data []byte) {
	var v T
	issues, err := tolerant.Decode(data, &v, tolerant.Options{MaxIssues: 5})
	if len(issues) > 6 {
		t.Fatalf("%T: %d issues past the cap of 5", v, len(issues))
	}
	trimmed := bytes.TrimSpace(data)
	if err != nil && json.Valid(data) && len(trimmed) > 0 && trimmed[0] == '{' {
		t.Fatalf("%T: a JSON object fails: %v", v, err)
	}
	var w T
	if json.Unmarshal(data, &w) == nil {
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(w)
		if err != nil || len(issues) > 0 || !bytes.Equal(a, b) {
			t.Fatalf("%T: encoding/json decodes %q as %s; tolerant: %s, %v, %v", v, data, b, a, issues, err)
		}
	}
}

// FuzzTolerantDecode runs the package's own tolerant decoders (a Bundle's
// field errors, a BundleRequest's documents, an event's payload) on any
// input.
func FuzzTolerantDecode(f *testing.F) {
	for _, s := range []string{sampleRequestJSON, `{"errors":[{"errors":[{"field":1,"messsage":"m"}]}]}`,
		`{"documents":[null,{"template_id":"t","assignments":"x"},7,{"file_index":"0"}],"is_test":"no"}`,
		`{"event_type":"x","payload":{"bundle_id":[1],"packet_id":2,"other":{}}}`, `{"payload":"{\"bundle_id\":{}}"}`,
		`{"payload":"nope"}`, `[]`, `null`, `{"documents":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tolerantCheck[blueink.Bundle](t, data)
		tolerantCheck[blueink.BundleRequest](t, data)
		tolerantCheck[blueink.EventEnvelope](t, data)
	})
}
