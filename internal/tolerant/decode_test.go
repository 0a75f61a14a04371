package tolerant

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/webhook"
)

const fullKitchen = `{"E1":"e","shadow":"top","deep":3,"p1":4,"l1":5,"conflict":9,"name":"n","Skip":"no","-":"dash",
 "odd key!":"o","Bad":"b","q":"12","QB":"true","qp":"-7","qs":"\"quoted\"","f32":1.5,"f64":-2e10,"u8":255,
 "i64":-9007199254740993,"bool":true,"bytes":"aGVsbG8=","num":12.50,"raw":{"x":[1,2]},"any":{"a":[1,"two",null,true]},
 "str":null,"ptr":{"a":1,"b":"B","c":2.5,"d":["x"]},"pp":{"a":2},"list":[{"a":1},{"A":2,"b":"x"}],"arr":[1,2,3],
 "Map":{"k":{"a":1}},"int_map":{"-5":"m"},"uint_map":{"7":true},"text_map":{"t":1},"upper":"abc","upper_p":"def",
 "strict":42,"pair":[3,4],"nested":[[1],[],[2,3]],"map_list":{"l":[{"a":1},null]},
 "tree":{"v":1,"kids":[{"v":2,"kids":[]}]},"anys":[1,"a",{},[],"\u00e9\ud83d\ude00"]}`

// TestSecondPassAgreesWithEncodingJSON: on documents encoding/json decodes,
// the second pass gives exactly its result, so the fallback never changes
// what a field means.
func TestSecondPassAgreesWithEncodingJSON(t *testing.T) {
	docs := []string{
		fullKitchen,
		`{}`, `null`, ` {"name" : "spaces" } `,
		`{"NAME":"upper","Shadow":"case","DEEP":1,"P1":2,"L1":3,"e1":"x","STRICT":7}`, // case-insensitive
		`{"name":"first","name":"last","list":[{"a":1}],"list":[{"a":2},{"a":3}]}`,    // duplicates: last wins
		`{"n\u0061me":"escaped key","na\"me":"other","name":"caf\u00e9 \"q\" \n"}`,
		`{"\u212a":1}`, // KELVIN SIGN folds like "k": no field, ignored
		`{"q":null,"QB":null,"qp":null,"qs":null,"q":"-0","qp":"null"}`,
		`{"ptr":null,"pp":null,"list":null,"Map":null,"any":null,"bytes":null,"num":null,"raw":null,"tree":null,"upper_p":null,"strict":null,"pair":null}`,
		`{"list":[],"arr":[],"nested":[[]],"Map":{},"int_map":{},"anys":[]}`,
		`{"arr":[7],"f32":3.4028234663852886e38,"f64":1e308,"u8":0,"i64":9223372036854775807}`,
		`{"bytes":"","num":"12","any":"s","anys":[null,true,false,1.5e300,"x\u0000y"]}`,
		`{"Map":{"a":{"a":1,"unknown":{"deep":[1,{"x":2}]}},"b":{}},"map_list":{"x":[],"y":null}}`,
		`{"unknown":[1,2,{"a":"}"}],"name":"after unknown"}`,
		`{"tree":{"v":1,"kids":[{"v":2,"kids":[{"v":3,"kids":[{"v":4}]}]},null]}}`,
		`{"text_map":{"a":1,"b":2},"uint_map":{"0":false,"255":true},"int_map":{"-128":"lo","127":"hi"}}`,
	}
	for _, doc := range docs {
		var probe kitchen
		if err := json.Unmarshal([]byte(doc), &probe); err != nil {
			t.Fatalf("fixture %s does not decode with encoding/json: %v", doc, err)
		}
		checkAgrees[kitchen](t, []byte(doc))
		issues, err := Decode([]byte(doc), new(kitchen), Options{Strict: true})
		if err != nil || issues != nil {
			t.Fatalf("Decode(%s) = %v, %v", doc, issues, err)
		}
	}
	for _, doc := range []string{`[]`, `[1,2]`, `[{"a":1},{"d":["x","y"]}]`} {
		checkAgrees[[]inner](t, []byte(doc))
		checkAgrees[[1]inner](t, []byte(doc))
		checkAgrees[any](t, []byte(doc))
	}
	checkAgrees[map[string]any](t, []byte(`{"a":[1,{"b":null}]}`))
	checkAgrees[*string](t, []byte(`"x"`))
	checkAgrees[timeutil.Time](t, []byte(`"2025-04-07 15:43:08.646752+00:00"`))
}

type issueWant struct {
	path, raw, err string // err: a substring of Err.Error()
}

func TestDriftNeverFailsTheDocument(t *testing.T) {
	cases := []struct {
		name  string
		doc   string
		want  []issueWant
		check func(t *testing.T, k *kitchen)
	}{
		{
			name: "wrong scalars keep zero, the rest decodes",
			doc:  `{"name":"n","i64":"None","list":[{"a":1},{"a":"x","b":"kept"},{"a":3}],"f64":"","bool":"yes"}`,
			want: []issueWant{
				{"i64", `"None"`, "cannot unmarshal string into Go value of type int64"},
				{"list[1].a", `"x"`, "string into Go value of type int"},
				{"f64", `""`, "float64"},
				{"bool", `"yes"`, "bool"},
			},
			check: func(t *testing.T, k *kitchen) {
				if k.Name != "n" || len(k.List) != 3 || k.List[0].A != 1 || k.List[1].A != 0 || k.List[1].B != "kept" || k.List[2].A != 3 {
					t.Fatalf("%+v", k)
				}
			},
		},
		{
			name: "string, object and number where a list is expected",
			doc:  `{"list":"oops","nested":{"a":[1]},"anys":5,"name":"n","d":1}`,
			want: []issueWant{
				{"list", `"oops"`, "string into Go value of type []tolerant.inner"},
				{"nested", `{"a":[1]}`, "object into Go value of type [][]int"},
				{"anys", "5", "number into Go value of type []interface {}"},
			},
			check: func(t *testing.T, k *kitchen) {
				if k.Name != "n" || k.List != nil || k.Nested != nil {
					t.Fatalf("%+v", k)
				}
			},
		},
		{
			name: "numbers out of range or not integers",
			doc:  `{"u8":256,"i64":1e30,"f32":1e39,"arr":[1.5,2],"int_map":{"300":"x","1":"y"}}`,
			want: []issueWant{
				{"u8", "256", "number 256"},
				{"i64", "1e30", "number 1e30"},
				{"f32", "1e39", "number 1e39"},
				{"arr[0]", "1.5", "number 1.5"},
				{`int_map["300"]`, `"300"`, "number 300"},
			},
			check: func(t *testing.T, k *kitchen) {
				if k.Arr != [2]int{0, 2} || len(k.IntMap) != 1 || k.IntMap[1] != "y" {
					t.Fatalf("%+v %v", k.Arr, k.IntMap)
				}
			},
		},
		{
			name: "a failing UnmarshalJSON does not stop the rest (encoding/json aborts)",
			doc:  `{"strict":"x","pair":{"x":1},"tree":{"v":1,"kids":[{"v":"two"},{"v":3}]},"name":"kept"}`,
			want: []issueWant{
				{"strict", `"x"`, "strictInt"},
				{"pair", `{"x":1}`, "cannot unmarshal object"},
				{"tree.kids[0].v", `"two"`, "string"},
			},
			check: func(t *testing.T, k *kitchen) {
				if k.Name != "kept" || k.Tree.Kids[1].V != 3 || k.Strict != 0 || k.Pair != (pair{}) {
					t.Fatalf("%+v", k)
				}
			},
		},
		{
			name: "text unmarshalers and keys",
			doc:  `{"upper":"bad","upper_p":7,"text_map":{"bad1":1,"ok":2},"uint_map":{"-1":true,"x":false,"2":true}}`,
			want: []issueWant{
				{"upper", `"bad"`, "upper: bad"},
				{"upper_p", "7", "number into Go value of type *tolerant.upper"},
				{"text_map.bad1", `"bad1"`, "bad key"},
				{`uint_map["-1"]`, `"-1"`, "number -1"},
				{"uint_map.x", `"x"`, "number x"},
			},
			check: func(t *testing.T, k *kitchen) {
				if k.TextMap["k:ok"] != 2 || len(k.TextMap) != 1 || !k.UintMap[2] || len(k.UintMap) != 1 {
					t.Fatalf("%v %v", k.TextMap, k.UintMap)
				}
			},
		},
		{
			name: ",string misuse",
			doc:  `{"q":12,"QB":"maybe","qp":"x","qs":"unquoted","name":"n"}`,
			want: []issueWant{
				{"q", "12", "unquoted value into int"},
				{"QB", `"maybe"`, ",string"},
				{"qp", `"x"`, ",string"},
				{"qs", `"unquoted"`, ",string"},
			},
		},
		{
			name: "interfaces, bytes, numbers",
			doc:  `{"str":"x","bytes":"not base64!","num":"abc","any":{"ok":[1]}}`,
			want: []issueWant{
				{"str", `"x"`, "fmt.Stringer"},
				{"bytes", `"not base64!"`, "illegal base64"},
				{"num", `"abc"`, "invalid number"},
			},
			check: func(t *testing.T, k *kitchen) {
				if !reflect.DeepEqual(k.Any, map[string]any{"ok": []any{1.0}}) {
					t.Fatalf("%#v", k.Any)
				}
			},
		},
		{
			name: "odd keys are quoted in paths",
			doc:  `{"odd key!":1,"Map":{"a.b":{"a":"x"},"ok":{"d":"s"}},"map_list":{"":[{"a":true}]}}`,
			want: []issueWant{
				{`["odd key!"]`, "1", "string"},
				{`Map["a.b"].a`, `"x"`, "int"},
				{"Map.ok.d", `"s"`, "[]string"},
				{`map_list[""][0].a`, "true", "bool"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var k kitchen
			issues, err := Decode([]byte(c.doc), &k, Options{})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			checkIssues(t, issues, c.want)
			if c.check != nil {
				c.check(t, &k)
			}
			checkRepair[kitchen](t, []byte(c.doc))

			_, err = Decode([]byte(c.doc), new(kitchen), Options{Strict: true})
			var se *StrictError
			var first webhook.DecodeIssue
			if !errors.As(err, &se) || len(se.Issues) != len(c.want) || !errors.As(err, &first) || first.Path != c.want[0].path {
				t.Fatalf("strict: %v", err)
			}
		})
	}
}

func checkIssues(t *testing.T, got []webhook.DecodeIssue, want []issueWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d issues, want %d:\n%v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Path != w.path || g.Raw != w.raw || g.Err == nil || !strings.Contains(g.Err.Error(), w.err) {
			t.Errorf("issue %d = {%q %q %v}, want {%q %q …%s…}", i, g.Path, g.Raw, g.Err, w.path, w.raw, w.err)
		}
	}
}

func TestWrongTopLevelShapeFails(t *testing.T) {
	for _, doc := range []string{`[]`, `[{"name":"x"}]`, `"x"`, `1`, `true`} {
		k := kitchen{Name: "untouched"}
		issues, err := Decode([]byte(doc), &k, Options{})
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || issues != nil || k.Name != "untouched" {
			t.Errorf("struct from %s: %v %v %q", doc, issues, err, k.Name)
		}
	}
	for _, doc := range []string{`{}`, `{"a":[]}`, `"x"`, `7`} {
		var l []inner
		if _, err := Decode([]byte(doc), &l, Options{}); err == nil || l != nil {
			t.Errorf("slice from %s: %v %v", doc, err, l)
		}
		var m map[string]int
		if doc[0] != '{' {
			if _, err := Decode([]byte(doc), &m, Options{}); err == nil {
				t.Errorf("map from %s: no error", doc)
			}
		}
	}
	var s strictInt
	if _, err := Decode([]byte(`"x"`), &s, Options{}); err == nil || !strings.Contains(err.Error(), "strictInt") {
		t.Errorf("top-level UnmarshalJSON error: %v", err)
	}
	var tm timeutil.Time
	if _, err := Decode([]byte(`"soon"`), &tm, Options{}); err == nil {
		t.Error("top-level Time: no error")
	}
	// null fits every target, as with encoding/json.
	k := kitchen{Name: "kept"}
	if issues, err := Decode([]byte(` null `), &k, Options{}); err != nil || issues != nil || k.Name != "kept" {
		t.Errorf("null: %v %v %+v", issues, err, k)
	}
	// Programmer errors come back as encoding/json reports them.
	var ie *json.InvalidUnmarshalError
	if _, err := Decode([]byte(`{}`), kitchen{}, Options{}); !errors.As(err, &ie) {
		t.Errorf("non-pointer: %v", err)
	}
	if _, err := Decode([]byte(`{}`), nil, Options{}); !errors.As(err, &ie) {
		t.Errorf("nil: %v", err)
	}
}

func TestMalformedInputFails(t *testing.T) {
	for _, doc := range []string{``, ` `, `{`, `{"name":"x"`, `{"name":"x"}}`, `{"name":"x"} trailing`, `{"name":"x"}{}`,
		`nope`, `{"name":}`, `{"name":"x",}`, `[1,]`, `{"name":"\x01"}`, "\xff", `{"list":[{"a":1},{"a":"x"}]`} {
		var k kitchen
		issues, err := Decode([]byte(doc), &k, Options{})
		var se *json.SyntaxError
		if !errors.As(err, &se) || issues != nil {
			t.Errorf("Decode(%q) = %v, %v; want a syntax error", doc, issues, err)
		}
	}
}

// syntaxy's UnmarshalJSON returns a *json.SyntaxError on a valid document:
// Decode must not take it for malformed input.
type syntaxy struct{}

func (*syntaxy) UnmarshalJSON([]byte) error { return json.Unmarshal([]byte("{"), new(any)) }

func TestSyntaxErrorFromAMethodIsAnIssue(t *testing.T) {
	var v struct {
		S    syntaxy `json:"s"`
		Name string  `json:"name"`
	}
	issues, err := Decode([]byte(`{"s":1,"name":"n"}`), &v, Options{})
	if err != nil || len(issues) != 1 || issues[0].Path != "s" || v.Name != "n" {
		t.Fatalf("%v %v %+v", issues, err, v)
	}
}

type hidden struct{ H int }
type withHiddenPtr struct {
	*hidden
	Name string `json:"name"`
}

func TestEmbeddedPointerToUnexportedType(t *testing.T) {
	var v withHiddenPtr
	issues, err := Decode([]byte(`{"H":1,"name":"n"}`), &v, Options{})
	if err != nil || len(issues) != 1 || issues[0].Path != "H" || !strings.Contains(issues[0].Err.Error(), "unexported") || v.Name != "n" {
		t.Fatalf("%v %v %+v", issues, err, v)
	}
}

func TestLimits(t *testing.T) {
	t.Run("issues are capped with a summary", func(t *testing.T) {
		doc := `[` + strings.Repeat(`{"a":"x"},`, 250) + `{"a":1}]`
		var l []inner
		issues, err := Decode([]byte(doc), &l, Options{MaxIssues: 10})
		if err != nil || len(issues) != 11 || len(l) != 251 || l[250].A != 1 {
			t.Fatalf("%d issues, %v, %d items", len(issues), err, len(l))
		}
		last := issues[10]
		if last.Path != "" || !errors.Is(last.Err, webhook.ErrTooManyDecodeIssues) || !strings.Contains(last.Err.Error(), "240 more") {
			t.Fatalf("summary = %+v", last)
		}
		if issues[9].Path != "[9].a" {
			t.Fatalf("issue 9 = %+v", issues[9])
		}
		issues, _ = Decode([]byte(doc), &l, Options{})
		if len(issues) != DefaultMaxIssues+1 {
			t.Fatalf("default cap: %d", len(issues))
		}
		_, err = Decode([]byte(doc), &l, Options{Strict: true})
		if !errors.Is(err, webhook.ErrTooManyDecodeIssues) || err.Error() != "more than 100 values did not decode: [0].a, [1].a, [2].a, [3].a, [4].a, …" {
			t.Fatalf("strict = %v", err)
		}
	})
	t.Run("raw excerpts and keys are bounded", func(t *testing.T) {
		long := strings.Repeat("é", 300)
		doc := `{"Map":{"` + long + `":{"a":"` + long + `"}}}`
		var k kitchen
		issues, err := Decode([]byte(doc), &k, Options{})
		if err != nil || len(issues) != 1 {
			t.Fatalf("%v %v", issues, err)
		}
		is := issues[0]
		if len(is.Raw) > rawLimit+len("…") || !strings.HasSuffix(is.Raw, "…") || !strings.HasPrefix(is.Raw, `"éé`) {
			t.Fatalf("raw = %q (%d bytes)", is.Raw, len(is.Raw))
		}
		if len(is.Path) > keyLimit+20 || !strings.HasPrefix(is.Path, `Map["éé`) || !strings.HasSuffix(is.Path, `…"].a`) {
			t.Fatalf("path = %q", is.Path)
		}
	})
	t.Run("depth", func(t *testing.T) {
		// A tree 40 levels deep with a bad leaf; MaxDepth 10 hands the
		// subtree at depth 10 to encoding/json, which decodes what it
		// can: one issue at the cut.
		doc := strings.Repeat(`{"v":1,"kids":[`, 40) + `{"v":"bad"}` + strings.Repeat(`]}`, 40)
		var n node
		issues, err := Decode([]byte(doc), &n, Options{MaxDepth: 10})
		if err != nil || len(issues) != 1 || issues[0].Path != "kids[0].kids[0].kids[0].kids[0].kids[0]" {
			t.Fatalf("%v %v", issues, err)
		}
		depth := 0
		for p := &n; len(p.Kids) > 0; p = p.Kids[0] {
			depth++
		}
		if depth != 40 {
			t.Fatalf("decoded %d levels", depth)
		}
		issues, err = Decode([]byte(doc), &n, Options{})
		if err != nil || len(issues) != 1 || !strings.HasSuffix(issues[0].Path, "kids[0].v") {
			t.Fatalf("default depth: %v %v", issues, err)
		}
	})
}

func TestDecodeIntoInterfaceHoldingPointer(t *testing.T) {
	var k kitchen
	var v any = &k
	issues, err := Decode([]byte(`{"name":"n","u8":-1}`), &v, Options{})
	if err != nil || len(issues) != 1 || k.Name != "n" || v != any(&k) {
		t.Fatalf("%v %v %+v", issues, err, k)
	}
}

// relation is an id or an embedded object, like Zigned's relations: a
// composite with its own UnmarshalJSON that opts into the second pass.
type relation struct {
	ID  string
	Obj *inner
}

func (r *relation) UnmarshalJSON(b []byte) error {
	*r = relation{}
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &r.ID)
	}
	return json.Unmarshal(b, &r.Obj)
}

func (r *relation) UnmarshalJSONTolerant(b []byte, opts Options) ([]webhook.DecodeIssue, error) {
	*r = relation{}
	if len(b) > 0 && b[0] == '"' {
		return nil, json.Unmarshal(b, &r.ID)
	}
	if b[0] != '{' {
		return nil, errors.New("relation: want an id or an object")
	}
	return Decode(b, &r.Obj, opts)
}

func TestTolerantUnmarshalerIsDescendedInto(t *testing.T) {
	doc := `{"rels":["id1",{"a":"x","b":"kept","d":[1]},7,{"a":2}],"name":"n"}`
	var v struct {
		Rels []relation `json:"rels"`
		Name string     `json:"name"`
	}
	if err := json.Unmarshal([]byte(doc), &v); err == nil {
		t.Fatal("fixture decodes with encoding/json")
	}
	issues, err := Decode([]byte(doc), &v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkIssues(t, issues, []issueWant{
		{"rels[1].a", `"x"`, "string into Go value of type int"},
		{"rels[1].d[0]", "1", "number into Go value of type string"},
		{"rels[2]", "7", "relation: want an id or an object"},
	})
	if len(v.Rels) != 4 || v.Rels[0].ID != "id1" || v.Rels[1].Obj.B != "kept" || v.Rels[3].Obj.A != 2 || v.Name != "n" {
		t.Fatalf("%+v", v)
	}
	// Nested summaries add up in the outer one.
	many := `[` + strings.Repeat(`{"a":"x"},`, 30) + `{}]`
	doc = `[` + many + `,` + many + `]`
	var lists [2]relationList
	issues, err = Decode([]byte(doc), &lists, Options{MaxIssues: 5})
	if err != nil || len(issues) != 6 || !strings.Contains(issues[5].Err.Error(), "55 more") || issues[4].Path != "[0][4].a" {
		t.Fatalf("%d %v %v", len(issues), issues, err)
	}
	// At the top level, the method's error is Decode's error.
	var r relation
	if _, err := Decode([]byte(`7`), &r, Options{}); err == nil || !strings.Contains(err.Error(), "relation:") {
		t.Fatalf("top level: %v", err)
	}
}

// relationList decodes a list of objects through Decode.
type relationList []inner

func (l *relationList) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, (*[]inner)(l))
}

func (l *relationList) UnmarshalJSONTolerant(b []byte, opts Options) ([]webhook.DecodeIssue, error) {
	return Decode(b, (*[]inner)(l), opts)
}

func TestWithin(t *testing.T) {
	var data inner
	issues, err := Decode([]byte(`{"a":"x","d":[1,"ok"]}`), &data, Options{MaxIssues: 1})
	if err != nil || len(issues) != 2 {
		t.Fatalf("%v %v", issues, err)
	}
	got := Within("data", issues)
	if got[0].Path != "data.a" || got[1].Path != "" || !errors.Is(got[1].Err, webhook.ErrTooManyDecodeIssues) {
		t.Fatalf("%v", got)
	}
	got = Within("objects[2]", []webhook.DecodeIssue{{Path: "[0].x"}, {Path: ""}, {Path: `["a b"]`}})
	if got[0].Path != "objects[2][0].x" || got[1].Path != "objects[2]" || got[2].Path != `objects[2]["a b"]` {
		t.Fatalf("%v", got)
	}
}

func TestOutside(t *testing.T) {
	issues := []webhook.DecodeIssue{{Path: "data"}, {Path: "data.a"}, {Path: "data[0]"}, {Path: "database"},
		{Path: "metadata.x"}, {Path: "", Err: webhook.ErrTooManyDecodeIssues}}
	got := Outside("data", issues)
	if len(got) != 3 || got[0].Path != "database" || got[1].Path != "metadata.x" || got[2].Path != "" {
		t.Fatalf("%v", got)
	}
	if got := Outside("data", []webhook.DecodeIssue{{Path: "data.x"}}); got != nil {
		t.Fatalf("%v", got)
	}
	if got := Outside("data", nil); got != nil {
		t.Fatalf("%v", got)
	}
}
