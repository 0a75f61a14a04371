package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

const issueSecret = "sk-live-0123456789abcdef"

// answerClient is a client whose GET <path> answers body, with a JSON
// logger writing to the returned buffer.
func answerClient(t *testing.T, answers map[string]string, mut func(*Config)) (*Client, *bytes.Buffer) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	for path, body := range answers {
		mt.RegisterResponder("GET", "https://api.example.com/"+path, httpmock.NewStringResponder(200, body))
	}
	var logs bytes.Buffer
	c, _ := newClient(t, "https://api.example.com", func(c *Config) {
		c.HTTPClient = &http.Client{Transport: mt}
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		c.Secrets = []string{issueSecret}
		if mut != nil {
			mut(c)
		}
	})
	return c, &logs
}

func issuePaths(issues []webhook.DecodeIssue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Path)
	}
	return out
}

type tolerantDoc struct {
	ID      string        `json:"id"`
	Created timeutil.Time `json:"created"`
	Pages   int           `json:"pages"`
	Tags    []string      `json:"tags"`
	Signers []string      `json:"signers"`
	Token   string        `json:"token"`
	Owner   struct {
		Name string `json:"name"`
	} `json:"owner"`
	Size  float64 `json:"size"`
	Title string  `json:"title"`
}

// One answer, every kind of drift the providers send: each value that does
// not parse keeps its zero value and is listed; everything else decodes.
const driftingDoc = `{"id":"b1","created":"20/05/2020 15:10","pages":"None","tags":"a, b","signers":{"a":1},
	"token":{"value":"` + issueSecret + `"},"owner":{"name":"Ann"},"size":"","title":"Lease agreement"}`

func TestSingleAnswerDecodesTolerantly(t *testing.T) {
	c, logs := answerClient(t, map[string]string{"doc": driftingDoc}, nil)
	doc, resp, err := Do[*tolerantDoc](context.Background(), c, "GET", "doc?token="+issueSecret+"&page=2", nil, nil)
	if err != nil {
		t.Fatalf("a drifting answer failed the call: %v", err)
	}
	if doc.ID != "b1" || doc.Owner.Name != "Ann" || doc.Title != "Lease agreement" || doc.Pages != 0 || doc.Tags != nil ||
		doc.Signers != nil || doc.Token != "" || doc.Size != 0 {
		t.Fatalf("decoded %+v", doc)
	}
	if !doc.Created.IsZero() || doc.Created.IsValid() || doc.Created.Raw() != "20/05/2020 15:10" {
		t.Fatalf("the Time must keep its text: %v", doc.Created)
	}
	want := []string{"created", "pages", "tags", "signers", "token", "size"}
	if got := issuePaths(resp.DecodeIssues); !slices.Equal(got, want) {
		t.Fatalf("DecodeIssues paths %q, want %q", got, want)
	}
	if raw := resp.DecodeIssues[4].Raw; raw != `{"value":"[REDACTED]"}` {
		t.Fatalf("Raw is not redacted: %s", raw)
	}
	if raw := resp.DecodeIssues[1].Raw; raw != `"None"` {
		t.Fatalf("Raw of pages: %s", raw)
	}

	// One warning: the call, the count, the first paths; no value.
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one warning, got %d lines:\n%s", len(lines), logs)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["level"] != "WARN" || rec["method"] != "GET" || rec["count"] != float64(6) ||
		rec["paths"] != "created, pages, tags, signers, token" ||
		rec["url"] != "https://api.example.com/doc?page=2&token=[REDACTED]" {
		t.Fatalf("warning %v", rec)
	}
	for _, leak := range []string{issueSecret, "None", "20/05/2020", "a, b", "Ann", "Lease"} {
		if strings.Contains(logs.String(), leak) {
			t.Fatalf("the warning holds a value (%q): %s", leak, logs)
		}
	}

	// A clean answer: no issue, no warning.
	logs.Reset()
	c2, logs2 := answerClient(t, map[string]string{"doc": `{"id":"b2","created":"2024-10-01 15:43:08.646752+00:00","pages":3}`}, nil)
	doc, resp, err = Do[*tolerantDoc](context.Background(), c2, "GET", "doc", nil, nil)
	if err != nil || resp.DecodeIssues != nil || doc.Pages != 3 || logs2.Len() != 0 {
		t.Fatalf("clean answer: %+v %v %v %s", doc, resp.DecodeIssues, err, logs2)
	}
}

// Strict decoding turns the issues into a *DecodeError that lists them.
func TestStrictDecoding(t *testing.T) {
	c, logs := answerClient(t, map[string]string{"doc": driftingDoc, "page": `[{"id":"a"},{"id":"b","pages":"x"}]`},
		func(c *Config) { c.SetStrictDecoding() })
	doc, resp, err := Do[*tolerantDoc](context.Background(), c, "GET", "doc", nil, nil)
	var de *DecodeError
	if !errors.As(err, &de) || doc != nil {
		t.Fatalf("strict: %+v, %v", doc, err)
	}
	var first webhook.DecodeIssue
	if !errors.As(err, &first) || first.Path != "created" {
		t.Fatalf("errors.As finds %+v", first)
	}
	if msg := err.Error(); !strings.HasSuffix(msg, ": decoding response: 6 values did not decode: created, pages, tags, signers, token, …") ||
		strings.Contains(msg, "None") {
		t.Fatalf("error text: %s", msg)
	}
	if resp == nil || len(resp.DecodeIssues) != 6 {
		t.Fatalf("the Response must still list the issues: %+v", resp)
	}
	if logs.Len() != 0 {
		t.Fatalf("strict mode returns the error instead of logging: %s", logs)
	}
	var se *tolerant.StrictError
	if !errors.As(err, &se) || len(se.Issues) != 6 || strings.Contains(se.Issues[4].Raw, issueSecret) {
		t.Fatalf("StrictError: %+v", se)
	}
	items, _, err := Do[Items[*tolerantDoc]](context.Background(), c, "GET", "page", nil, nil)
	if !errors.As(err, &first) || first.Path != "[1].pages" || items != nil {
		t.Fatalf("strict list page: %v, %v", items, err)
	}
}

// Answers that are not JSON, or not the expected shape at the top, still
// fail.
func TestNotJSONOrWrongShapeFails(t *testing.T) {
	c, _ := answerClient(t, map[string]string{
		"html": "<html>Service Unavailable</html>", "cut": `{"id":"x"`, "array": `[{"id":"x"}]`,
		"string": `"ok"`, "list-object": `{"id":"x"}`, "list-cut": `[{"id":"a"},{"id":`,
		"list-trailing": `[{"id":"a"}] [{"id":"b"}]`, "list-number": `7`,
	}, nil)
	for _, path := range []string{"html", "cut", "array", "string"} {
		_, _, err := Do[*tolerantDoc](context.Background(), c, "GET", path, nil, nil)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: err = %v, want a *DecodeError", path, err)
		}
	}
	for _, path := range []string{"list-object", "list-cut", "list-trailing", "list-number", "html"} {
		_, _, err := Do[Items[*tolerantDoc]](context.Background(), c, "GET", path, nil, nil)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("list %s: err = %v, want a *DecodeError", path, err)
		}
	}
}

// pageEnvelope is a list page in an envelope ({"meta", "objects"}), decoded
// the way the providers' envelopes are.
type pageEnvelope struct {
	Meta struct {
		TotalCount int `json:"total_count"`
	}
	Objects []*tolerantDoc
}

func (e *pageEnvelope) DecodeItems(dec *Decoder, max int) error {
	return DecodeObject(dec, func(key string) error {
		switch key {
		case "meta":
			return dec.Decode(&e.Meta)
		case "objects":
			objects, err := DecodeArray[*tolerantDoc](dec, max)
			e.Objects = objects
			return err
		}
		return SkipValue(dec)
	})
}

// filesList is {"count", "files"} or a bare array.
type filesList []*tolerantDoc

func (l *filesList) DecodeItems(dec *Decoder, max int) error {
	items, err := DecodeList[*tolerantDoc](dec, max, "files")
	*l = items
	return err
}

// One odd value in one item never drops the item or the page, whatever the
// page's shape; the path is the value's in the whole answer.
func TestListPagesKeepEveryItem(t *testing.T) {
	good := func(id string) string { return `{"id":"` + id + `","created":"2024-10-01T10:00:00Z","pages":2}` }
	items := []string{good("a"), `{"id":"b","created":"yesterday","pages":2}`, good("c"), good("d")}
	arr := "[" + strings.Join(items, ",") + "]"
	c, logs := answerClient(t, map[string]string{
		"bare":     arr,
		"envelope": `{"meta":{"total_count":"None"},"objects":` + arr + `}`,
		"files":    `{"count":4,"files":` + arr + `}`,
		"odd":      `[` + good("a") + `,"oops",{"id":"c","tags":{}},null]`,
		"notalist": `{"count":1,"files":{"id":"a"}}`,
	}, nil)
	ctx := context.Background()
	check := func(name string, docs []*tolerantDoc, resp *Response, err error, want ...string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(docs) != 4 || docs[1].ID != "b" || docs[1].Pages != 2 || docs[1].Created.Raw() != "yesterday" ||
			docs[3].ID != "d" || docs[0].Created.IsZero() {
			t.Fatalf("%s: items %+v", name, docs)
		}
		if got := issuePaths(resp.DecodeIssues); !slices.Equal(got, want) {
			t.Fatalf("%s: issues %q, want %q", name, got, want)
		}
	}
	bare, resp, err := Do[Items[*tolerantDoc]](ctx, c, "GET", "bare", nil, nil)
	check("bare array", bare, resp, err, "[1].created")
	env, resp, err := Do[*pageEnvelope](ctx, c, "GET", "envelope", nil, nil)
	check("envelope", env.Objects, resp, err, "meta.total_count", "objects[1].created")
	files, resp, err := Do[filesList](ctx, c, "GET", "files", nil, nil)
	check("count/files", files, resp, err, "files[1].created")
	if n := strings.Count(logs.String(), "\n"); n != 3 {
		t.Fatalf("want one warning per answer, got %d:\n%s", n, logs)
	}

	// An item that is not an object keeps its zero value (nil) in place.
	odd, resp, err := Do[Items[*tolerantDoc]](ctx, c, "GET", "odd", nil, nil)
	if err != nil || len(odd) != 4 || odd[0].ID != "a" || odd[1] != nil || odd[2].ID != "c" || odd[3] != nil {
		t.Fatalf("odd items: %v, %v", odd, err)
	}
	if got := issuePaths(resp.DecodeIssues); !slices.Equal(got, []string{"[1]", "[2].tags"}) || resp.DecodeIssues[0].Raw != `"oops"` {
		t.Fatalf("odd items: issues %v", resp.DecodeIssues)
	}
	// An object where the list is expected: an empty list, listed.
	none, resp, err := Do[filesList](ctx, c, "GET", "notalist", nil, nil)
	if err != nil || len(none) != 0 || !slices.Equal(issuePaths(resp.DecodeIssues), []string{"files"}) ||
		resp.DecodeIssues[0].Raw != `{"id":"a"}` {
		t.Fatalf("object for a list: %v, %+v, %v", none, resp.DecodeIssues, err)
	}
}

// The item cap holds for pages whose items do not decode as for clean ones.
func TestItemCapWithIssues(t *testing.T) {
	body := "[" + strings.Repeat(`{"pages":"x"},`, 5) + `{}]`
	c, _ := answerClient(t, map[string]string{"p": body}, func(c *Config) { c.MaxPageItems = 5 })
	_, _, err := Do[Items[*tolerantDoc]](context.Background(), c, "GET", "p", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "more than 5 items") {
		t.Fatalf("err = %v", err)
	}
	c2, _ := answerClient(t, map[string]string{"p": "[" + strings.Repeat(`{"pages":"x"},`, 149) + `{}]`}, nil)
	items, resp, err := Do[Items[*tolerantDoc]](context.Background(), c2, "GET", "p", nil, nil)
	if err != nil || len(items) != 150 || len(resp.DecodeIssues) != tolerant.DefaultMaxIssues+1 || tolerant.Count(resp.DecodeIssues) != 149 {
		t.Fatalf("150 items, 149 issues: %d, %d listed, %v", len(items), len(resp.DecodeIssues), err)
	}
}

// The *[]byte target still gets the raw body, bounded.
func TestRawBodyTarget(t *testing.T) {
	c, _ := answerClient(t, map[string]string{"raw": driftingDoc, "big": strings.Repeat("x", 400)}, func(c *Config) { c.MaxDecodeBytes = 390 })
	var raw []byte
	resp, err := c.Do(context.Background(), &Request{Method: "GET", Path: "raw"}, &raw)
	if err != nil || string(raw) != driftingDoc || resp.DecodeIssues != nil {
		t.Fatalf("raw: %q, %v", raw, err)
	}
	if _, err := c.Do(context.Background(), &Request{Method: "GET", Path: "big"}, &raw); err == nil || !strings.Contains(err.Error(), "body exceeds 390 bytes") {
		t.Fatalf("big: %v", err)
	}
}

// fuzzItem has a field of every kind the providers' items have.
type fuzzItem struct {
	ID       string            `json:"id"`
	N        int               `json:"n"`
	At       timeutil.Time     `json:"at"`
	Tags     []string          `json:"tags"`
	Sub      *struct{ A bool } `json:"sub"`
	Meta     map[string]int    `json:"meta"`
	Ratio    float32           `json:"ratio"`
	Anything any               `json:"any"`
}

// FuzzDecodeItems: a list page decoded item by item gives exactly what the
// tolerant decoder gives for the whole body (values, issue paths, raw
// excerpts, counts), fails exactly when it fails, and never goes past the
// cap.
func FuzzDecodeItems(f *testing.F) {
	for _, s := range []string{
		`[]`, `null`, `[{"id":"a","n":1,"at":"2024-01-01T00:00:00Z"}]`,
		`[{"id":"a","n":"None","at":"20/05/2020"},{"tags":"x, y","sub":[],"meta":{"a":"b"}},7,"s",null]`,
		`[{"ratio":1e300,"any":{"deep":[1,2]},"at":{}},{"id":5}]`, `{"id":"a"}`, `[{"id":"a"}`, `[1] x`,
		`[{"n":1e400},{"n":-0.5},{"meta":{"1":1,"1":"x"}},{"ID":"case","Id":"x"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		const max = 5
		var streamed Items[*fuzzItem]
		issues, err := DecodeItemsFrom(body, &streamed, max)
		if err == nil && len(streamed) > max {
			t.Fatalf("%d items past the cap", len(streamed))
		}
		var whole []*fuzzItem
		wIssues, wErr := tolerant.Decode(body, &whole, tolerant.Options{})
		switch {
		case wErr != nil:
			if err == nil && !bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
				t.Fatalf("the whole body fails (%v) but the stream decoded it", wErr)
			}
			return
		case len(whole) > max:
			if err == nil {
				t.Fatalf("%d items read past the cap", len(whole))
			}
			return
		case err != nil:
			t.Fatalf("stream failed (%v) where the whole body decodes", err)
		}
		if !reflect.DeepEqual([]*fuzzItem(streamed), whole) && !(len(whole) == 0 && len(streamed) == 0) {
			t.Fatalf("stream %s\nwhole %s", dump(streamed), dump(whole))
		}
		if tolerant.Count(issues) != tolerant.Count(wIssues) || !slices.Equal(issuePaths(issues), issuePaths(wIssues)) {
			t.Fatalf("issues %q (%d), whole %q (%d)", issuePaths(issues), tolerant.Count(issues), issuePaths(wIssues), tolerant.Count(wIssues))
		}
		for i := range issues {
			if issues[i].Raw != wIssues[i].Raw {
				t.Fatalf("issue %d raw %q, whole %q", i, issues[i].Raw, wIssues[i].Raw)
			}
		}
	})
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Body buffers are reused from call to call: nothing decoded keeps them.
func TestDecodedValuesOutliveTheBody(t *testing.T) {
	type doc struct {
		Name string          `json:"name"`
		Raw  json.RawMessage `json:"raw"`
		At   timeutil.Time   `json:"at"`
		Tags []string        `json:"tags"`
	}
	c, _ := answerClient(t, map[string]string{
		"a": `{"name":"aaaa","raw":{"k":"aaaa"},"at":"aaaa","tags":["aaaa"]}`,
		"b": `{"name":"bbbb","raw":{"k":"bbbb"},"at":"bbbb","tags":["bbbb"]}`,
	}, nil)
	first, resp, err := Do[*doc](context.Background(), c, "GET", "a", nil, nil)
	if err != nil || len(resp.DecodeIssues) != 1 {
		t.Fatal(err)
	}
	for range 3 {
		if _, _, err := Do[*doc](context.Background(), c, "GET", "b", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if first.Name != "aaaa" || string(first.Raw) != `{"k":"aaaa"}` || first.At.Raw() != "aaaa" || first.Tags[0] != "aaaa" ||
		resp.DecodeIssues[0].Raw != `"aaaa"` {
		t.Fatalf("a later call changed an earlier result: %+v %v", first, resp.DecodeIssues)
	}
}

// ObserveDecodeIssues sees every answer with issues, strict or not, and no
// clean one.
func TestObserveDecodeIssues(t *testing.T) {
	for _, strict := range []bool{false, true} {
		c, _ := answerClient(t, map[string]string{"doc": driftingDoc, "clean": `{"id":"x"}`}, func(c *Config) { c.StrictDecoding = strict })
		var seen []*Response
		ctx := ObserveDecodeIssues(context.Background(), func(r *Response) { seen = append(seen, r) })
		_, resp, _ := Do[*tolerantDoc](ctx, c, "GET", "doc", nil, nil)
		_, _, _ = Do[*tolerantDoc](ctx, c, "GET", "clean", nil, nil)
		if len(seen) != 1 || seen[0] != resp || len(resp.DecodeIssues) != 6 {
			t.Fatalf("strict=%v: observed %v", strict, seen)
		}
	}
}
