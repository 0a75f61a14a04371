package tolerant

import (
	"encoding/json"
	"reflect"
	"testing"
)

// intoDoc is what TestReadIntoMatchesEncodingJSON reads both ways.
type intoDoc struct {
	S    string    `json:"s"`
	I    int64     `json:"i"`
	N    int       `json:"n"`
	List []intoDoc `json:"list"`
}

func readIntoDoc(r *Reader, d *intoDoc) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "s":
			ReadString(r, &d.S)
		case "i":
			ReadInt64(r, &d.I)
		case "n":
			ReadInt(r, &d.N)
		case "list":
			ReadList(r, &d.List, readIntoDoc)
		}
	})
}

// The Read helpers read as encoding/json reads into an existing value:
// null, repeated members and list elements reused, [] versus null.
func TestReadIntoMatchesEncodingJSON(t *testing.T) {
	for _, body := range []string{
		`{"s": "a", "i": 1, "n": 2, "list": [{"s": "x", "i": 5}, {"s": "y"}]}`,
		`{"s": "a", "s": null, "i": 1, "i": null, "n": 3, "n": null}`,
		`{"list": [{"s": "x", "i": 5}, {"s": "y", "n": 1}], "list": [{"i": 6}], "list": [{}, {}, {"s": "z"}]}`,
		`{"list": [{"s": "x"}], "list": []}`, `{"list": [{"s": "x"}], "list": null}`, `{"list": [null, {"list": []}]}`,
	} {
		var want intoDoc
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		var got intoDoc
		r := NewReader([]byte(body), Options{})
		readIntoDoc(r, &got)
		if issues, err := r.Finish(); err != nil || len(issues) > 0 {
			t.Fatalf("%s: %v %v", body, issues, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n read %#v\n json %#v", body, got, want)
		}
	}
	// Values of another kind: zero, listed.
	var got intoDoc
	r := NewReader([]byte(`{"s": 1, "i": "x", "n": 1e30, "list": {"s": "a"}}`), Options{})
	got.List = []intoDoc{{}}
	readIntoDoc(r, &got)
	issues, err := r.Finish()
	if err != nil || len(issues) != 4 || !reflect.DeepEqual(got, intoDoc{}) {
		t.Fatalf("%#v %v %v", got, issues, err)
	}
}
