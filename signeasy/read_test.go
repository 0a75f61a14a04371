package signeasy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/readertest"
	"github.com/esignkit/esign/internal/tolerant"
)

// jsonDelivery is a delivery as encoding/json reads it into the SDK's
// types: what read.go must read the same in its one pass.
type jsonDelivery struct {
	Data     *Envelope     `json:"data"`
	Metadata *wireMetadata `json:"metadata"`
}

// compareReadings reads body both ways and reports how they differ: for a
// body encoding/json decodes, the same values, data's exact text and no
// issues; for a well-formed one it refuses, an issue (or a reason the
// decoder has for refusing it); for a malformed one, an error.
func compareReadings(body []byte) error {
	var w wireEvent
	r := tolerant.NewReader(body, tolerant.Options{})
	w.read(r, true)
	issues, rerr := r.Finish()

	var jd jsonDelivery
	jerr := json.Unmarshal(body, &jd)
	switch {
	case !json.Valid(body):
		if rerr == nil {
			return fmt.Errorf("malformed body read without error")
		}
		return nil
	case jerr != nil:
		var top any
		_ = json.Unmarshal(body, &top)
		if _, isObject := top.(map[string]any); !isObject {
			if rerr == nil && top != nil {
				return fmt.Errorf("a top-level %T read without error", top)
			}
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("object refused: %v", rerr)
		}
		dataKind := firstByteOf(w.data)
		if len(issues) == 0 && !w.unreadable && (dataKind == '{' || dataKind == 0 || dataKind == 'n') {
			return fmt.Errorf("encoding/json fails (%v), the reader lists nothing", jerr)
		}
		return nil
	}
	if rerr != nil || len(issues) > 0 || w.unreadable {
		return fmt.Errorf("a body encoding/json decodes: error %v, issues %v, unreadable %v", rerr, issues, w.unreadable)
	}
	if w.hasData != (jd.Data != nil) {
		return fmt.Errorf("data read %v, encoding/json %v", w.hasData, jd.Data != nil)
	}
	if jd.Data != nil {
		if !reflect.DeepEqual(*jd.Data, w.box.Envelope) {
			return fmt.Errorf("envelope\n read %#v\n json %#v", w.box.Envelope, *jd.Data)
		}
		if w.sources != (jd.Data.Sources != nil) {
			return fmt.Errorf("sources read %v, encoding/json %v", w.sources, jd.Data.Sources != nil)
		}
	}
	var md wireMetadata
	if jd.Metadata != nil {
		md = *jd.Metadata
	}
	if md != w.md {
		return fmt.Errorf("metadata read %+v, encoding/json %+v", w.md.metadata(), md.metadata())
	}
	var raw struct{ Data json.RawMessage }
	if err := json.Unmarshal(body, &raw); err == nil && !bytes.Equal(raw.Data, w.data) {
		return fmt.Errorf("data text read %q, encoding/json %q", w.data, raw.Data)
	}
	return nil
}

func firstByteOf(b []byte) byte {
	if b = bytes.TrimLeft(b, " \t\r\n"); len(b) > 0 {
		return b[0]
	}
	return 0
}

// The one-pass reading decodes every field of the envelope and the
// metadata exactly as encoding/json does, and the drift encoding/json
// allows (case of keys, null, repeated members) the same way.
func TestReadMatchesEncodingJSON(t *testing.T) {
	var env Envelope
	readertest.Fill(reflect.ValueOf(&env).Elem())
	data, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	full := []byte(`{"data": ` + string(data) + `, "metadata": {"event_type": "rs.completed", "event_user": "u",
		"event_user_id": "42", "client_id": "c", "token": "t"}}`)
	var w wireEvent
	r := tolerant.NewReader(full, tolerant.Options{})
	w.read(r, true)
	if _, err := r.Finish(); err != nil {
		t.Fatal(err)
	}
	if zero := readertest.Unset(reflect.ValueOf(w.box.Envelope), "Envelope"); len(zero) > 0 {
		t.Fatalf("not read: %v", zero)
	}
	if zero := readertest.Unset(reflect.ValueOf(w.md), "metadata"); len(zero) > 0 {
		t.Fatalf("not read: %v", zero)
	}
	bodies := []string{
		string(full),
		`{}`, `null`, `{"data": null, "metadata": null}`, `{"data": {}, "metadata": {}}`,
		`{"DATA": {"ID": 5, "Recipients": [{"EMAIL": "a"}], "SOURCES": []}, "Metadata": {"Event_Type": "rs.signed", "TOKEN": "x"}}`,
		`{"data": {"id": 1, "name": "a", "recipients": [{"email": "a", "first_name": "A"}, {"email": "b"}]},
		  "data": {"name": null, "recipients": [{"email": "c"}]}, "data": {"recipients": [{}, {}]}}`,
		`{"data": {"sources": [{"id": 1}]}, "data": null, "data": {"id": 2}}`,
		`{"data": {"sources": [{"id": 1}], "sources": null, "logo": null, "next": null, "created_time": null}}`,
		`{"data": {"recipients": [], "sources": [], "request_info": "x", "is_ordered": "1", "aadhaar_enabled": null}}`,
		`{"data": {"name": "caf\u00e9 \ud83d\ude00 \"q\"", "owner_email": "a\/b"}, "metadata": {"token": "t\u0000", "event_user_id": null}}`,
		"{\"data\": {\"name\": \"\xff\xfe\"}, \"metadata\": {\"token\": \"\xc3\"}}",
		`{"data": {"id": "1"}}`, `{"data": 5, "metadata": {"event_type": "x"}}`, `{"metadata": {"token": 1}}`,
		`[]`, `"x"`, `{"data": {"id": 1}`, `{"data": {"id": 01}}`,
	}
	for _, b := range bodies {
		if err := compareReadings([]byte(b)); err != nil {
			t.Errorf("%s:\n%v", b, err)
		}
	}
}

// FuzzReadMatchesEncodingJSON: on any body, the one-pass reading agrees
// with encoding/json (see compareReadings).
func FuzzReadMatchesEncodingJSON(f *testing.F) {
	addFixtureSeeds(f)
	f.Add([]byte(`{"DATA": {"ID": 5, "Recipients": [{"EMAIL": "a"}, null], "SOURCES": []}, "Metadata": {"Event_Type": "rs.signed"}}`))
	f.Add([]byte(`{"data": {"recipients": [{"email": "a", "first_name": "A"}, {"email": "b"}]}, "data": {"recipients": [{}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if err := compareReadings(body); err != nil {
			t.Fatal(err)
		}
	})
}
