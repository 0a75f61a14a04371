package insertsign

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/esignkit/esign/internal/readertest"
	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
)

// jsonDelivery is a delivery as encoding/json reads it into the wire
// types: what read.go must read the same in its one pass.
type jsonDelivery[T any] struct {
	CreatedAt timeutil.Time `json:"created_at"`
	Type      string        `json:"type"`
	Data      *T            `json:"data"`
}

// jsonData is the data of body as encoding/json reads it into T.
func jsonData[T any](body []byte) (any, error) {
	var d jsonDelivery[T]
	err := json.Unmarshal(body, &d)
	return d.Data, err
}

// shapes are the data types of the known types, one type each.
var shapes = []EventType{EventRequestCompleted, EventContactCreated, EventSignerSigned, EventEmailBounced}

// compareReadings reads body as a delivery of typ both ways and reports
// how they differ: for a body encoding/json decodes, the same values and
// no issues; for a malformed one, an error.
func compareReadings(body []byte, typ EventType) error {
	var k known
	r := tolerant.NewReader(body, tolerant.Options{})
	k.read(r, typ)
	issues, rerr := r.Finish()
	if !json.Valid(body) {
		if rerr == nil {
			return fmt.Errorf("malformed body read without error")
		}
		return nil
	}
	var (
		got, want any
		jerr      error
	)
	switch typ {
	case EventRequestCompleted:
		got = &k.request
		want, jerr = jsonData[wireRequestData](body)
	case EventContactCreated:
		got = &k.contact
		want, jerr = jsonData[wireContact](body)
	case EventSignerSigned:
		got = &k.signing
		want, jerr = jsonData[wireSigning](body)
	default:
		got = &k.email
		want, jerr = jsonData[Email](body)
	}
	var top jsonDelivery[json.RawMessage]
	_ = json.Unmarshal(body, &top)
	if jerr != nil {
		return nil // drift: TestParseEventTolerates and FuzzParseEvent
	}
	if rerr != nil || len(issues) > 0 {
		return fmt.Errorf("a body encoding/json decodes: error %v, issues %v", rerr, issues)
	}
	if k.typ != top.Type || !reflect.DeepEqual(k.at, top.CreatedAt) || k.hasData != (top.Data != nil) {
		return fmt.Errorf("read %q %v %v, encoding/json %q %v %v", k.typ, k.at, k.hasData, top.Type, top.CreatedAt, top.Data != nil)
	}
	if k.hasData && !reflect.DeepEqual(got, want) {
		return fmt.Errorf("data\n read %#v\n json %#v", got, want)
	}
	return nil
}

// The one-pass reading decodes every field of each data type exactly as
// encoding/json does, and the drift encoding/json allows (case of keys,
// null, repeated members) the same way.
func TestReadMatchesEncodingJSON(t *testing.T) {
	for _, typ := range shapes {
		var k known
		var data any
		switch typ {
		case EventRequestCompleted:
			data = &k.request
		case EventContactCreated:
			data = &k.contact
		case EventSignerSigned:
			data = &k.signing
		default:
			data = &k.email
		}
		readertest.Fill(reflect.ValueOf(data).Elem())
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		body := []byte(`{"created_at": "2024-04-28T04:33:06.277Z", "type": "` + string(typ) + `", "data": ` + string(b) + `}`)
		if err := compareReadings(body, typ); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		k = known{}
		r := tolerant.NewReader(body, tolerant.Options{})
		k.read(r, typ)
		if _, err := r.Finish(); err != nil {
			t.Fatal(err)
		}
		if unset := readertest.Unset(reflect.ValueOf(data), string(typ)); len(unset) > 0 {
			t.Errorf("not read: %v", unset)
		}
	}
	bodies := []string{
		`{}`, `null`, `{"data": null}`, `{"data": {}}`, `{"type": null, "created_at": null}`,
		`{"TYPE": "request.completed", "Data": {"Request_ID": "r", "REQUEST": {"Signers": {"A": {"ID": "a", "Created_At": 5}}, "SENDER": {"Email": "e"}}}}`,
		`{"data": {"request_id": "a", "request": {"signers": {"a": {"name": "A"}}, "signer_order": ["a", "b"], "title": "t"}},
		  "data": {"request_id": null, "request": {"signers": {"b": {}}, "signer_order": ["c"], "title": null}}}`,
		`{"data": {"request": {"signer_order": ["a", null, "b"], "signers": {"a": null}, "progress": null, "sent_date": null}}}`,
		`{"data": {"request_id": "a"}, "data": null, "data": {"account_id": "b"}}`,
		`{"data": {"to": "caf\u00e9 \ud83d\ude00", "subject": "\"q\"", "id": "\/x", "signed_at": "1712595976304", "created_at": 1}}`,
		"{\"type\": \"\xff\", \"data\": {\"name\": \"\xc3\"}}",
		`{"data": {"id": 5}}`, `{"data": 5}`, `[]`, `{"data": {"id": "1"}`, `{"data": {"progress": 01}}`,
	}
	for _, b := range bodies {
		for _, typ := range shapes {
			if err := compareReadings([]byte(b), typ); err != nil {
				t.Errorf("%s as %s:\n%v", b, typ, err)
			}
		}
	}
}

// FuzzReadMatchesEncodingJSON: on any body, the one-pass reading of every
// data type agrees with encoding/json (see compareReadings).
func FuzzReadMatchesEncodingJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"TYPE": "x", "Data": {"Request": {"Signers": {"A": {"ID": "a"}}, "signers": {"b": null}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range shapes {
			if err := compareReadings(body, typ); err != nil {
				t.Fatalf("as %s: %v", typ, err)
			}
		}
	})
}
