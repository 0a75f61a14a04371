package timeutil

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
)

func TestParse(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return v
	}
	cases := map[string]time.Time{
		"2025-04-07T15:43:08Z":             utc("2025-04-07T15:43:08Z"),
		"2025-04-07T15:43:08.646752+00:00": utc("2025-04-07T15:43:08.646752Z"),
		"2025-04-07 15:43:08.646752+00:00": utc("2025-04-07T15:43:08.646752Z"),
		"2025-04-07 15:43:08+02:00":        utc("2025-04-07T13:43:08Z"),
		"2025-04-07 15:43:08.5+0200":       utc("2025-04-07T13:43:08.5Z"),
		"2025-04-07T15:43:08-0500":         utc("2025-04-07T20:43:08Z"),
		"2025-04-07T15:43:08":              utc("2025-04-07T15:43:08Z"),
		"2025-04-07 15:43:08.123":          utc("2025-04-07T15:43:08.123Z"),
		"2025-04-07T15:43":                 utc("2025-04-07T15:43:00Z"),
		"2025-04-07":                       utc("2025-04-07T00:00:00Z"),
		"  2025-04-07  ":                   utc("2025-04-07T00:00:00Z"),
		"Mon, 07 Apr 2025 15:43:08 +0000":  utc("2025-04-07T15:43:08Z"),
		"Mon, 07 Apr 2025 15:43:08 UTC":    utc("2025-04-07T15:43:08Z"),
		"1744040588":                       utc("2025-04-07T15:43:08Z"),
		"1744040588646":                    utc("2025-04-07T15:43:08.646Z"),
		"-1":                               utc("1969-12-31T23:59:59Z"),
		"0":                                utc("1970-01-01T00:00:00Z"),
	}
	for in, want := range cases {
		got, err := Parse(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("Parse(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, zoneless := range []string{"2025-04-07T15:43:08", "2025-04-07", "1744040588"} {
		if got, _ := Parse(zoneless); got.Location() != time.UTC {
			t.Errorf("Parse(%q) location = %s, want UTC", zoneless, got.Location())
		}
	}
	for _, bad := range []string{"", "   ", "-", "yesterday", "2025-13-01", "2025-04-07T25:00:00Z", "99999999999999999999", strings.Repeat("1", 65), "12:00"} {
		if got, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %s, want an error", bad, got)
		}
	}
}

func TestFromUnix(t *testing.T) {
	if got := FromUnix(1e11); !got.Equal(time.Unix(1e11, 0)) {
		t.Fatalf("1e11 is seconds: %s", got)
	}
	if got := FromUnix(1e11 + 1); !got.Equal(time.UnixMilli(1e11 + 1)) {
		t.Fatalf("above 1e11 is milliseconds: %s", got)
	}
	if got := FromUnix(-2e11); !got.Equal(time.UnixMilli(-2e11)) {
		t.Fatalf("negative milliseconds: %s", got)
	}
}

type doc struct {
	Created Time  `json:"created"`
	Updated *Time `json:"updated,omitempty"`
}

func TestTimeJSON(t *testing.T) {
	want := time.Date(2025, 4, 7, 15, 43, 8, 646752000, time.UTC)
	for _, in := range []string{
		`{"created":"2025-04-07 15:43:08.646752+00:00"}`,
		`{"created":"2025-04-07T15:43:08.646752Z"}`,
		`{"created": 1744040588.646752}`,
	} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !d.Created.Truncate(time.Second).Equal(want.Truncate(time.Second)) {
			t.Fatalf("%s: %s", in, d.Created)
		}
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"created":1744040588646}`), &d); err != nil || !d.Created.Equal(want.Truncate(time.Millisecond)) {
		t.Fatalf("ms number: %s %v", d.Created, err)
	}
	for _, empty := range []string{`{"created":null}`, `{"created":""}`, `{}`} {
		d := doc{Created: Time{Time: want}}
		if empty == `{}` {
			d = doc{}
		}
		if err := json.Unmarshal([]byte(empty), &d); err != nil || !d.Created.IsZero() {
			t.Fatalf("%s: %s %v", empty, d.Created, err)
		}
	}
	for _, bad := range []string{`{"created":true}`, `{"created":{}}`, `{"created":"soon"}`, `{"created":[1]}`, `{"created":1e400}`, `{"created":1e300}`} {
		var d doc
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s: want an error, got %s", bad, d.Created)
		}
	}
	var direct Time
	if err := direct.UnmarshalJSON([]byte(`"\u00ff`)); err == nil {
		t.Fatal("broken string literal accepted")
	}

	out, err := json.Marshal(doc{Created: Time{Time: want}, Updated: &Time{}})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"created":"2025-04-07T15:43:08.646752Z","updated":null}` {
		t.Fatalf("Marshal = %s", out)
	}
	var back doc
	if err := json.Unmarshal(out, &back); err != nil || !back.Created.Equal(want) || back.Updated != nil {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}

func TestDate(t *testing.T) {
	d := DateOf(time.Date(2025, 4, 7, 23, 59, 0, 0, time.FixedZone("x", -5*3600)))
	if d.String() != "2025-04-07" || d.IsZero() {
		t.Fatalf("DateOf = %v", d)
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Fatal("zero Date")
	}
	type opts struct {
		From  Date `url:"from,omitempty"`
		To    Date `url:"to,omitempty"`
		Plain Date `url:"plain"`
	}
	v, err := query.Values(opts{From: Date{2025, 1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Encode(); got != "from=2025-01-02" {
		t.Fatalf("query = %q", got)
	}
}

func FuzzTimeutilParse(f *testing.F) {
	for _, s := range []string{
		"2025-04-07T15:43:08Z", "2025-04-07 15:43:08.646752+00:00", "2025-04-07", "1744040588", "1744040588646",
		"-1", "", "9999-12-31T23:59:59.999999999Z", "0000-01-01", "Mon, 07 Apr 2025 15:43:08 GMT", "-99999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		if y := v.Year(); y >= 0 && y <= 9999 {
			back, err := Parse(v.Format(time.RFC3339Nano))
			if err != nil || !back.Equal(v) {
				t.Fatalf("Parse(%q) = %s does not round trip: %s %v", s, v, back, err)
			}
		}
	})
}

func FuzzTimeUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`"2025-04-07T15:43:08Z"`, `1744040588`, `1744040588646`, `1744040588.5`, `null`, `""`, `"x"`, `true`,
		`-1e18`, `1e19`, `9223372036854775807`, `"\u0032025-04-07"`, ` 12 `,
		`"2020-05-20T:15:10"`, `"string"`, `{"a":[1,"x"]}`, `[]`, `"\ud800"`, `"` + strings.Repeat("é", 200) + `"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Time
		if err := v.UnmarshalJSON(b); err != nil {
			checkKept(t, b, v)
			return
		}
		if !v.IsValid() || v.Raw() != "" {
			t.Fatalf("%q parsed but kept raw %q", b, v.Raw())
		}
		out, err := v.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON after accepting %q: %v", b, err)
		}
		if y := v.Year(); v.IsZero() || y < 0 || y > 9999 {
			return
		}
		var back Time
		if err := back.UnmarshalJSON(out); err != nil || !back.Equal(v.Time) {
			t.Fatalf("%q -> %s -> %s, %v", b, out, back, err)
		}
	})
}

// TestParseFastPathAgreesWithLayouts checks that the shape-guessed layout
// gives the same instant as the ordered layout list for every shape.
func TestParseFastPathAgreesWithLayouts(t *testing.T) {
	for _, s := range []string{
		"2025-04-07 15:43:08.646752+00:00", "2025-04-07T15:43:08Z", "2025-04-07T15:43:08.5+02:00",
		"2018-03-20T07:00:52", "2018-03-20 07:00:52.123", "2018-03-20T07:00", "2018-03-20",
		"2025-04-07T15:43:08-0700", "2025-04-07 15:43:08+0000",
	} {
		got, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		var want time.Time
		for _, l := range layouts {
			if v, err := time.Parse(l, s); err == nil {
				want = v
				break
			}
		}
		if !got.Equal(want) || got.Location().String() != want.Location().String() {
			t.Errorf("Parse(%q) = %v, layouts give %v", s, got, want)
		}
	}
}

func BenchmarkParseZoneless(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		if _, err := Parse("2018-03-20T07:00:52"); err != nil {
			b.Fatal(err)
		}
	}
}

// checkKept checks what a Time keeps after UnmarshalJSON(b) failed: zero,
// and b's JSON text when b is valid JSON (cut to maxRaw), written back by
// MarshalJSON and failing the same way when decoded again.
func checkKept(t *testing.T, b []byte, v Time) {
	t.Helper()
	if !v.Time.IsZero() {
		t.Fatalf("%q: failed but holds %s", b, v.Time)
	}
	trimmed := bytes.TrimSpace(b)
	if !json.Valid(trimmed) || len(trimmed) == 0 {
		if !v.IsValid() || v.Raw() != "" {
			t.Fatalf("%q is not JSON but was kept as %q", b, v.raw)
		}
		return
	}
	if v.IsValid() {
		t.Fatalf("%q failed but IsValid", b)
	}
	if len(v.raw) > maxRaw+len("…") {
		t.Fatalf("%q: kept %d bytes", b, len(v.raw))
	}
	out, err := v.MarshalJSON()
	if err != nil || !json.Valid(out) {
		t.Fatalf("%q: MarshalJSON = %s, %v", b, out, err)
	}
	if len(trimmed) > maxRaw {
		if !strings.HasSuffix(v.raw, "…") || string(out) != "null" {
			t.Fatalf("%q: long value kept as %q, marshals as %s", b, v.raw, out)
		}
		return
	}
	if !bytes.Equal(out, trimmed) {
		t.Fatalf("%q: MarshalJSON = %s, want the text as received", b, out)
	}
	var back Time
	if err := back.UnmarshalJSON(out); err == nil || back != v {
		t.Fatalf("%q: decoding %s again = %#v, %v; want %#v and an error", b, out, back, err, v)
	}
}

func TestTimeKeepsWhatItCannotParse(t *testing.T) {
	cases := []struct{ in, raw, str string }{
		{`"2020-05-20T:15:10"`, "2020-05-20T:15:10", `unparsed "2020-05-20T:15:10"`}, // Legalesign spec example
		{`"string"`, "string", `unparsed "string"`},                                  // BlueInk spec placeholder
		{`"None"`, "None", `unparsed "None"`},
		{` true `, "true", "unparsed true"},
		{`{"at": 1}`, `{"at": 1}`, `unparsed {"at": 1}`},
		{`[1744040588]`, `[1744040588]`, `unparsed [1744040588]`},
		{`1e400`, "1e400", "unparsed 1e400"},
		{`"caf\u00e9"`, "café", `unparsed "caf\u00e9"`},
	}
	for _, c := range cases {
		var v Time
		err := json.Unmarshal([]byte(c.in), &v)
		if err == nil {
			t.Errorf("%s: no error", c.in)
		}
		if v.IsValid() || v.Raw() != c.raw || !v.Time.IsZero() || v.String() != c.str {
			t.Errorf("%s: IsValid=%v Raw=%q String=%q zero=%v", c.in, v.IsValid(), v.Raw(), v.String(), v.Time.IsZero())
		}
		out, err := v.MarshalJSON()
		if err != nil || string(out) != strings.TrimSpace(c.in) {
			t.Errorf("%s: Marshal = %s, %v; want the text back", c.in, out, err)
		}
		// Decoding a valid value afterwards forgets the old text.
		if err := v.UnmarshalJSON([]byte(`"2025-04-07"`)); err != nil || !v.IsValid() || v.Raw() != "" || v.Year() != 2025 {
			t.Errorf("%s: reuse = %v %v %q", c.in, err, v.IsValid(), v.Raw())
		}
	}
	long := `"` + strings.Repeat("x", 300) + `"`
	var v Time
	if err := v.UnmarshalJSON([]byte(long)); err == nil || v.IsValid() || !strings.HasSuffix(v.Raw(), "…") || len(v.Raw()) > maxRaw+len("…") {
		t.Fatalf("long value: %v %v %q", err, v.IsValid(), v.Raw())
	}
	if out, _ := v.MarshalJSON(); string(out) != "null" {
		t.Fatalf("cut value marshals as %s, want null", out)
	}
	for _, ok := range []string{`null`, `""`, `"2025-04-07T15:43:08Z"`, `1744040588`} {
		var v Time
		if err := json.Unmarshal([]byte(ok), &v); err != nil || !v.IsValid() || v.Raw() != "" {
			t.Errorf("%s: %v %v %q", ok, err, v.IsValid(), v.Raw())
		}
	}
	if (Time{}).String() != (time.Time{}).String() {
		t.Fatal("String of a valid Time must be time.Time's")
	}
}

func TestMillis(t *testing.T) {
	for in, want := range map[string]time.Time{
		`1698640152432`:              time.UnixMilli(1698640152432).UTC(),
		`"1698640152432"`:            time.UnixMilli(1698640152432).UTC(),
		`86400000`:                   time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), // milliseconds, though small
		`-1689893923878`:             time.UnixMilli(-1689893923878).UTC(),
		`0`:                          {},
		`"0"`:                        {},
		`null`:                       {},
		`""`:                         {},
		`"2024-04-28T04:33:06.277Z"`: time.Date(2024, 4, 28, 4, 33, 6, 277e6, time.UTC),
		`1698640152432.0`:            time.UnixMilli(1698640152432).UTC(),
	} {
		var m Millis
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !m.Equal(want) || !m.IsValid() {
			t.Errorf("%s: %v, want %v", in, m, want)
		}
	}
	for _, in := range []string{`999999999999999999`, `"soon"`, `{}`, `true`} {
		var m Millis
		if err := json.Unmarshal([]byte(in), &m); err == nil {
			t.Errorf("%s: no error (%v)", in, m)
			continue
		}
		if !m.IsZero() || m.IsValid() || m.Raw() == "" {
			t.Errorf("%s: %v kept %q", in, m, m.Raw())
		}
	}
}

func FuzzMillisUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`1698640152432`, `"1698640152432"`, `0`, `"0"`, `null`, `""`, `-1689893923878`,
		`999999999999999999`, `"2024-04-28T04:33:06.277Z"`, `1.5e12`, `"soon"`, `{}`, `" 12 "`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Millis
		if err := m.UnmarshalJSON(b); err != nil {
			if !m.IsZero() {
				t.Fatalf("%q: error %v but time %v", b, err, m)
			}
			return
		}
		if !m.IsValid() || m.Raw() != "" {
			t.Fatalf("%q parsed but kept raw %q", b, m.Raw())
		}
		if y := m.Year(); !m.IsZero() && (y < 1 || y > 9999) {
			t.Fatalf("%q: year %d", b, y)
		}
	})
}
