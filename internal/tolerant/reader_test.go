package tolerant

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/esignkit/esign/webhook"
)

// readAny decodes the next value as encoding/json decodes into an any:
// objects as map[string]any (keys as sent), arrays as []any, numbers as
// float64.
func readAny(r *Reader) any {
	switch r.Kind() {
	case '{':
		m := map[string]any{}
		r.Object(func([]byte) { m[r.Key()] = readAny(r) })
		return m
	case '[':
		l := []any{}
		r.Array(func(int) { l = append(l, readAny(r)) })
		return l
	case '"':
		return r.String()
	case 't', 'f':
		return r.Bool()
	case '0':
		f, ok := r.Float64OK()
		if !ok {
			return nil
		}
		return f
	case 'n':
		r.Skip()
	}
	return nil
}

// checkReaderAgainstJSON is the oracle of the Reader's checking and
// scalars: for any input, reading it into an any gives exactly what
// encoding/json gives (the same error text for malformed input; an issue
// where encoding/json reports a number out of range).
func checkReaderAgainstJSON(t *testing.T, data []byte) {
	t.Helper()
	var want any
	jerr := json.Unmarshal(data, &want)
	r := NewReader(data, Options{MaxDepth: maxNesting + 1})
	got := readAny(r)
	issues, err := r.Finish()
	var te *json.UnmarshalTypeError
	switch {
	case jerr == nil:
		if err != nil || len(issues) > 0 {
			t.Fatalf("%q: reader failed (%v, %v), encoding/json did not", data, err, issues)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: reader %#v, encoding/json %#v", data, got, want)
		}
	case errors.As(jerr, &te):
		var rootTE *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &rootTE) || err == nil && len(issues) == 0 {
			t.Fatalf("%q: reader (%v, %v), encoding/json %v: want an issue", data, err, issues, jerr)
		}
	default:
		if err == nil || err.Error() != jerr.Error() {
			t.Fatalf("%q: reader error %v, encoding/json %v", data, err, jerr)
		}
	}
}

var readerSeeds = []string{
	`{"a":1,"b":[true,false,null,"x\u00e9\n",-0.5e+3],"c":{"d":{}},"e":[]}`,
	` [ 1 , 2 ] `, `"s"`, `-0`, `0`, `1e999`, `-1E-999`, `12345678901234567890`, `null`, `true`,
	`{"A":1,"a":2}`, `{"\u0041":1}`, `"\ud800"`, "\"\xff\"", `{"K":1}`,
	``, ` `, `{`, `}`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{"a":}`, `[1 2]`, `01`, `1.`, `.1`, `1e`, `-`, `+1`,
	`tru`, `nulll`, `"a`, `"\x"`, "\"a\tb\"", `"\u12"`, `{} {}`, `[}`, `{]`, `{"a":1]`, `[[[]]`,
	`{"a":"b"}x`, "\xef\xbb\xbf{}", `[` + strings.Repeat(`[`, 50) + strings.Repeat(`]`, 51),
	strings.Repeat(`[`, maxNesting+1) + strings.Repeat(`]`, maxNesting+1),
}

func TestReaderMatchesEncodingJSON(t *testing.T) {
	for _, s := range readerSeeds {
		checkReaderAgainstJSON(t, []byte(s))
	}
}

// FuzzReader checks the Reader against encoding/json (see
// checkReaderAgainstJSON).
func FuzzReader(f *testing.F) {
	for _, s := range readerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReaderAgainstJSON(t, data)
	})
}

// target is a hand-written decoder of a small type, as a provider writes
// one with a Reader.
type target struct {
	Name  string
	Count int
	Ratio float64
	On    bool
	Tags  []string
	Inner struct{ A string }
	Rest  json.RawMessage
}

func (v *target) read(r *Reader) {
	r.Object(func(k []byte) {
		switch string(k) {
		case "name":
			v.Name = r.String()
		case "count":
			v.Count = r.Int()
		case "ratio":
			v.Ratio = r.Float64()
		case "on":
			v.On = r.Bool()
		case "tags":
			r.Array(func(int) { v.Tags = append(v.Tags, r.String()) })
		case "inner":
			r.Object(func(k []byte) {
				if string(k) == "a" {
					v.Inner.A = r.String()
				}
			})
		case "rest":
			v.Rest = r.Raw()
		}
	})
}

func TestReaderListsMisfitsAndKeepsTheRest(t *testing.T) {
	data := []byte(`{"name":7,"Count":"x","ratio":1.5,"on":"yes","tags":["a",{"b":1},"c"],` +
		`"inner":["no"],"rest":{"k":[1,2]},"NAME":"kept"}`)
	var v target
	r := NewReader(data, Options{})
	v.read(r)
	issues, err := r.Finish()
	if err != nil {
		t.Fatal(err)
	}
	want := target{Name: "kept", Ratio: 1.5, Tags: []string{"a", "", "c"}, Rest: json.RawMessage(`{"k":[1,2]}`)}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %+v, want %+v", v, want)
	}
	var paths []string
	for _, is := range issues {
		paths = append(paths, is.Path+"="+is.Raw)
		var te *json.UnmarshalTypeError
		if !errors.As(is.Err, &te) {
			t.Errorf("%s: %v is not a *json.UnmarshalTypeError", is.Path, is.Err)
		}
	}
	if got, want := strings.Join(paths, " "), `name=7 Count="x" on="yes" tags[1]={"b":1} inner=["no"]`; got != want {
		t.Errorf("issues %s, want %s", got, want)
	}
}

func TestReaderTopLevelMisfitIsAnError(t *testing.T) {
	r := NewReader([]byte(` ["a"] `), Options{})
	var v target
	v.read(r)
	if _, err := r.Finish(); err == nil || !strings.Contains(err.Error(), "array") {
		t.Fatalf("err = %v, want the array refused", err)
	}
}

func TestReaderNumbersOutOfRange(t *testing.T) {
	r := NewReader([]byte(`{"count":1e3,"ratio":1e400,"n":9223372036854775808}`), Options{})
	var v target
	var n int64
	r.Object(func(k []byte) {
		switch string(k) {
		case "count":
			v.Count = r.Int()
		case "ratio":
			v.Ratio = r.Float64()
		case "n":
			n = r.Int64()
		}
	})
	issues, err := r.Finish()
	if err != nil || len(issues) != 3 || v.Count != 0 || v.Ratio != 0 || n != 0 {
		t.Fatalf("count %d ratio %v n %d issues %v err %v", v.Count, v.Ratio, n, issues, err)
	}
	if issues[1].Path != "ratio" || !strings.Contains(issues[1].Error(), "number 1e400") {
		t.Errorf("issue %v", issues[1])
	}
	if math.IsInf(v.Ratio, 0) {
		t.Error("an infinite ratio")
	}
}

func TestReaderDepthIsBounded(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 10) + `1` + strings.Repeat(`}`, 10)
	r := NewReader([]byte(`{"x":`+deep+`,"name":"kept"}`), Options{MaxDepth: 4})
	var name string
	var walk func()
	walk = func() {
		r.Object(func(k []byte) {
			if string(k) == "name" {
				name = r.String()
				return
			}
			walk()
		})
	}
	walk()
	issues, err := r.Finish()
	if err != nil || name != "kept" || len(issues) != 1 || !errors.Is(issues[0].Err, errTooDeep) {
		t.Fatalf("name %q issues %v err %v", name, issues, err)
	}
	if issues[0].Path != "x.a.a.a" {
		t.Errorf("path %q", issues[0].Path)
	}
}

func TestReaderIssuesAreCapped(t *testing.T) {
	data := []byte(`[` + strings.Repeat(`1,`, 9) + `1]`)
	r := NewReader(data, Options{MaxIssues: 3})
	r.Array(func(int) { _ = r.String() })
	issues, err := r.Finish()
	if err != nil || len(issues) != 4 || !errors.Is(issues[3].Err, webhook.ErrTooManyDecodeIssues) {
		t.Fatalf("issues %v err %v", issues, err)
	}
	if !strings.Contains(issues[3].Err.Error(), "7 more") {
		t.Errorf("summary %v, want 7 more", issues[3].Err)
	}
}

// valueTarget has a field left to reflection (Reader.Value) and one with
// its own UnmarshalJSON (Reader.Unmarshal).
type valueTarget struct {
	Items []inner
	When  failing
}

// failing keeps what it is given and always fails, as a Time that cannot
// parse a timestamp does.
type failing struct{ raw string }

func (f *failing) UnmarshalJSON(b []byte) error {
	f.raw = string(b)
	return errors.New("no")
}

func TestReaderValueAndUnmarshalListIssuesUnderThePath(t *testing.T) {
	data := []byte(`{"items":[{"a":1},{"a":"x"}],"when":"soon"}`)
	var v valueTarget
	r := NewReader(data, Options{})
	r.Object(func(k []byte) {
		switch string(k) {
		case "items":
			r.Value(&v.Items)
		case "when":
			r.Unmarshal(&v.When)
		}
	})
	issues, err := r.Finish()
	if err != nil || len(issues) != 2 {
		t.Fatalf("issues %v err %v", issues, err)
	}
	if issues[0].Path != "items[1].a" || issues[1].Path != "when" || issues[1].Raw != `"soon"` {
		t.Errorf("issues %v", issues)
	}
	if len(v.Items) != 2 || v.Items[0].A != 1 || v.When.raw != `"soon"` {
		t.Errorf("value %+v", v)
	}
}

func TestReaderKeysFoldAsEncodingJSONMatchesThem(t *testing.T) {
	data := []byte(`{"NAME":"a","N\u0061me2":"b","\u212aey":"c","plain":"d"}`)
	var keys, raw []string
	r := NewReader(data, Options{})
	r.Object(func(k []byte) {
		keys = append(keys, string(k))
		raw = append(raw, r.Key())
	})
	if _, err := r.Finish(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keys, ","); got != "name,name2,key,plain" {
		t.Errorf("keys %s", got)
	}
	if got := strings.Join(raw, ","); got != "NAME,Name2,\u212aey,plain" {
		t.Errorf("raw keys %s", got)
	}
}

// BenchmarkReaderSkip measures the check alone, beside json.Valid.
func BenchmarkReaderSkip(b *testing.B) {
	data := []byte(`{"a":[` + strings.Repeat(`{"id":"c8itw4ybiyldtndi9qnexample","n":12.5,"ok":true,"s":"caf\u00e9 au lait"},`, 50) + `null]}`)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		r := NewReader(data, Options{})
		r.Skip()
		if _, err := r.Finish(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReaderSkipJSONValid(b *testing.B) {
	data := []byte(`{"a":[` + strings.Repeat(`{"id":"c8itw4ybiyldtndi9qnexample","n":12.5,"ok":true,"s":"caf\u00e9 au lait"},`, 50) + `null]}`)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		if !json.Valid(data) {
			b.Fatal("invalid")
		}
	}
}

// onePass decodes itself with a Reader only: its UnmarshalJSON refuses
// everything, so Decode succeeding shows no encoding/json pass ran.
type onePass struct{ target }

func (o *onePass) ReadJSON(r *Reader)           { o.read(r) }
func (o *onePass) UnmarshalJSON(b []byte) error { return errors.New("encoding/json ran") }

func TestDecodeGivesAReaderDecoderTheDocument(t *testing.T) {
	var v onePass
	issues, err := Decode([]byte(`{"name":"a","count":"x"}`), &v, Options{})
	if err != nil || v.Name != "a" || len(issues) != 1 || issues[0].Path != "count" {
		t.Fatalf("v %+v issues %v err %v", v, issues, err)
	}
	_, err = Decode([]byte(`{"name":"a","count":"x"}`), &v, Options{Strict: true})
	var strict *StrictError
	if !errors.As(err, &strict) || len(strict.Issues) != 1 {
		t.Fatalf("strict: %v", err)
	}
	if _, err := Decode([]byte(`{"name":"a"`), &v, Options{}); err == nil || err.Error() != "unexpected end of JSON input" {
		t.Fatalf("malformed: %v", err)
	}
}
