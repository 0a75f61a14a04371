package speccheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/esignkit/esign/internal/spectest"
)

// SigneasyFile is the Signeasy endpoint table, in ../shared/provider-docs.
const SigneasyFile = "signeasy-v3-endpoints.md"

// Table is an endpoint table: the oracle of a provider that publishes no
// OpenAPI file (Signeasy). It is parsed from the markdown document at test
// time, never copied into the repository, and applies the document's own
// "Rules the check applies":
//
//   - path: the request path equals the row's path or one of its
//     alternatives exactly, trailing slash included; path parameters are
//     positive integers;
//   - query: only the listed keys, with their listed values;
//   - body: JSON bodies are application/json and uploads
//     multipart/form-data; every field sent is listed (recursively) and has
//     its listed JSON type ("integer" is a number without a fraction);
//     required fields (`*`) are present; a `(doubtful)` field is reported,
//     not failed;
//   - response: the status, content type and the listed keys of the answer.
//
// Errors follow the document's cross-cutting facts: a JSON object
// {"message", "error_code"}.
type Table struct {
	// Counted are the operations the document counts; Info the rows it
	// lists for information only (not measured).
	Counted, Info []*TableOp
}

// TableOp is one row of the table.
type TableOp struct {
	ID      Op // e.g. "envelopes.create"
	Method  string
	Base    string   // "v3", "v2", "auth", …
	Paths   []string // the path and its accepted alternatives
	Auth    string   // "bearer" or "none"
	Request TableBody
	Answer  TableAnswer
	Tier    string
}

// TableBody is what a row accepts as a request.
type TableBody struct {
	// Kind is "none" (no body), "json", "json-any" (a JSON object whose
	// fields are not published), "multipart" or "query" (no body; Fields
	// are the query keys).
	Kind   string
	Fields []*TableField
}

// TableField is one listed field of a body (or one query key).
type TableField struct {
	// Path names the field: "sources[]" is the array sources, whose items'
	// fields are "sources[].id"; "fields_payload[].position.mode" is nested.
	Path     string
	Types    []string // "string", "integer", "number", "boolean", "object", "file", "[string]"; empty: untyped
	Enum     []string // allowed values (string forms)
	Value    string   // the one documented value (`=value`), if any
	Required bool
	Doubtful bool
}

// TableAnswer is what a row documents as the success answer.
type TableAnswer struct {
	Status      int
	ContentType string   // "" for no body
	Array       bool     // a bare JSON array of objects
	Keys        []string // keys of the object (of each item of an array)
}

// bases maps a table base to its path prefix on the one host the mock and
// the fakes serve everything from.
var bases = map[string]string{"v3": "/v3", "v2": "/v2", "v2.1": "/v2.1", "v1": "/v1", "auth": ""}

// LoadTable parses the endpoint table ../shared/provider-docs/<name>,
// skipping the test when the document is absent and failing it when the
// document does not parse.
func LoadTable(tb testing.TB, name string) *Table {
	tb.Helper()
	raw, err := os.ReadFile(spectest.Doc(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	t, err := ParseTable(raw)
	if err != nil {
		tb.Fatalf("speccheck: %s: %v", name, err)
	}
	return t
}

// ParseTable parses the markdown of an endpoint table: the rows of its
// "Operations (counted)" and "Informational rows" sections.
func ParseTable(doc []byte) (*Table, error) {
	t := &Table{}
	var section *[]*TableOp
	var header []string
	for n, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "## "):
			section, header = nil, nil
			switch {
			case strings.HasPrefix(line, "## Operations (counted)"):
				section = &t.Counted
			case strings.HasPrefix(line, "## Informational"):
				section = &t.Info
			}
			continue
		case section == nil || !strings.HasPrefix(line, "|"):
			continue
		}
		cells := splitRow(line)
		if header == nil {
			header = cells
			continue
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the separator row
		}
		if len(cells) != len(header) {
			return nil, fmt.Errorf("line %d: %d cells, the header has %d", n+1, len(cells), len(header))
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = cells[i]
		}
		op, err := parseRow(row, section == &t.Counted)
		if err != nil {
			return nil, fmt.Errorf("line %d (%s): %w", n+1, row["id"], err)
		}
		*section = append(*section, op)
	}
	if len(t.Counted) == 0 {
		return nil, fmt.Errorf("no counted operations found")
	}
	seen := map[Op]bool{}
	for _, op := range append(append([]*TableOp(nil), t.Counted...), t.Info...) {
		if seen[op.ID] {
			return nil, fmt.Errorf("operation %s listed twice", op.ID)
		}
		seen[op.ID] = true
	}
	return t, nil
}

// splitRow splits a table row on the bars that are not escaped (`\|`).
func splitRow(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

var backticked = regexp.MustCompile("`([^`]+)`")

func parseRow(row map[string]string, counted bool) (*TableOp, error) {
	op := &TableOp{ID: Op(row["id"]), Method: row["method"], Base: row["base"], Tier: row["tier"]}
	if op.ID == "" || op.Method == "" {
		return nil, fmt.Errorf("no id or method")
	}
	if _, ok := bases[op.Base]; !ok {
		return nil, fmt.Errorf("unknown base %q", op.Base)
	}
	for _, m := range backticked.FindAllStringSubmatch(row["path"], -1) {
		op.Paths = append(op.Paths, m[1])
	}
	if len(op.Paths) == 0 {
		return nil, fmt.Errorf("no path")
	}
	switch auth := row["auth"]; {
	case strings.HasPrefix(auth, "bearer"):
		op.Auth = "bearer"
	case strings.HasPrefix(auth, "none"):
		op.Auth = "none"
	default:
		return nil, fmt.Errorf("unknown auth %q", auth)
	}
	if !counted {
		return op, nil // informational rows: request and answer are not measured
	}
	var err error
	if op.Request, err = parseBody(row["request"]); err != nil {
		return nil, fmt.Errorf("request: %w", err)
	}
	if op.Answer, err = parseAnswer(row["response"]); err != nil {
		return nil, fmt.Errorf("response: %w", err)
	}
	return op, nil
}

func parseBody(cell string) (TableBody, error) {
	cell = strings.TrimSpace(cell)
	if cell == "—" || cell == "-" || cell == "" {
		return TableBody{Kind: "none"}, nil
	}
	kind, list, ok := strings.Cut(cell, ":")
	if !ok {
		return TableBody{}, fmt.Errorf("no kind in %q", cell)
	}
	b := TableBody{}
	switch kind {
	case "JSON":
		b.Kind = "json"
	case "multipart":
		b.Kind = "multipart"
	case "query":
		b.Kind = "query"
	default:
		return TableBody{}, fmt.Errorf("unknown body kind %q", kind)
	}
	items := splitTop(list)
	if b.Kind == "json" && len(items) > 0 && items[0] == "object" {
		b.Kind = "json-any" // "JSON: object, fields not published"
		return b, nil
	}
	for _, it := range items {
		f, err := parseField(it)
		if err != nil {
			return TableBody{}, err
		}
		b.Fields = append(b.Fields, f)
	}
	return b, nil
}

// splitTop splits a comma-separated list outside braces.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// fieldSyntax: path, `*`, `:type`, `∈{a,b}`, `=value`.
var fieldSyntax = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*(?:\[\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\])?)*)(\*)?(?::([a-z/\[\]]+))?(?:∈\{([^}]*)\})?(?:=(\S+))?$`)

func parseField(s string) (*TableField, error) {
	f := &TableField{}
	if rest, ok := strings.CutSuffix(s, "(doubtful)"); ok {
		f.Doubtful, s = true, strings.TrimSpace(rest)
	}
	m := fieldSyntax.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("field %q does not parse", s)
	}
	f.Path, f.Required = m[1], m[2] == "*"
	if m[3] != "" {
		for _, t := range strings.Split(m[3], "/") {
			switch t {
			case "string", "integer", "number", "boolean", "object", "file", "[string]":
			default:
				return nil, fmt.Errorf("field %q: unknown type %q", s, t)
			}
			f.Types = append(f.Types, t)
		}
	}
	if m[4] != "" {
		for _, v := range strings.Split(m[4], ",") {
			f.Enum = append(f.Enum, strings.TrimSpace(v))
		}
	}
	f.Value = m[5]
	return f, nil
}

var answerSyntax = regexp.MustCompile(`^(\d{3}) (no body|[a-z]+/[a-z0-9.+-]+)(?: (\[ *)?\{([^}]*)\})?`)

func parseAnswer(cell string) (TableAnswer, error) {
	m := answerSyntax.FindStringSubmatch(strings.TrimSpace(cell))
	if m == nil {
		return TableAnswer{}, fmt.Errorf("%q does not parse", cell)
	}
	a := TableAnswer{Array: m[3] != ""}
	a.Status, _ = strconv.Atoi(m[1])
	if m[2] != "no body" {
		a.ContentType = m[2]
	}
	for _, k := range strings.Split(m[4], ",") {
		if k = strings.TrimSpace(k); k != "" && k != "…" && k != "..." {
			a.Keys = append(a.Keys, k)
		}
	}
	return a, nil
}

// Op returns the counted or informational operation with this id, or nil.
func (t *Table) Op(id Op) *TableOp {
	for _, op := range append(append([]*TableOp(nil), t.Counted...), t.Info...) {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// Route finds the counted operation a request hits: same method, and a
// path equal to one of the row's paths (below its base's prefix) exactly,
// path parameters being positive integers. Informational rows are not
// routes: a request to one is reported as outside the table.
func (t *Table) Route(method, path string) *TableOp {
	for _, op := range t.Counted {
		if op.Method != method {
			continue
		}
		for _, p := range op.Paths {
			if matchTemplate(bases[op.Base]+p, path) {
				return op
			}
		}
	}
	return nil
}

var positiveInt = regexp.MustCompile(`^[1-9][0-9]*$`)

// matchTemplate matches a path against a template segment by segment:
// `{name}` matches a positive integer; everything else, the trailing slash
// included, must be equal.
func matchTemplate(tmpl, path string) bool {
	return matchSegments(tmpl, path, positiveInt.MatchString)
}

// matchSegments matches a path against a template segment by segment:
// `{name}` matches a segment param accepts; everything else, the trailing
// slash included, must be equal.
func matchSegments(tmpl, path string, param func(string) bool) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if strings.HasPrefix(ts[i], "{") && strings.HasSuffix(ts[i], "}") {
			if !param(ps[i]) {
				return false
			}
			continue
		}
		if ts[i] != ps[i] {
			return false
		}
	}
	return true
}

// CheckRequest applies the table's request rules to a request whose body
// is body. A request that matches no counted row is a problem. Fields the
// table marks doubtful are listed in Result.Reported.
func (t *Table) CheckRequest(r *http.Request, body []byte) Result {
	op := t.Route(r.Method, r.URL.Path)
	if op == nil {
		return Result{Problems: []Problem{{Kind: "request", Message: fmt.Sprintf("%s %s: no operation of the table has this method and path (trailing slash included)", r.Method, r.URL.Path)}}}
	}
	res := Result{Op: op.ID}
	fail := func(format string, args ...any) {
		res.Problems = append(res.Problems, Problem{Op: op.ID, Kind: "request", Message: fmt.Sprintf(format, args...)})
	}
	if op.Auth == "bearer" && !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		fail("missing Authorization: Bearer")
	}
	// Query: only the listed keys, with their listed values.
	allowed := map[string]*TableField{}
	if op.Request.Kind == "query" {
		for _, f := range op.Request.Fields {
			allowed[f.Path] = f
		}
	}
	q := r.URL.Query()
	for _, k := range sortedKeys(q) {
		f := allowed[k]
		if f == nil {
			fail("query parameter %q is not listed", k)
			continue
		}
		for _, v := range q[k] {
			if len(f.Enum) > 0 && !contains(f.Enum, v) {
				fail("query parameter %s=%q is not one of %v", k, v, f.Enum)
			}
		}
	}
	for _, f := range op.Request.Fields {
		if op.Request.Kind == "query" && f.Required && !q.Has(f.Path) {
			fail("required query parameter %q is missing", f.Path)
		}
	}
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch op.Request.Kind {
	case "none", "query":
		if len(bytes.TrimSpace(body)) > 0 {
			fail("a body is sent (%d bytes) where the table lists none", len(body))
		}
	case "json", "json-any":
		if ct != "application/json" {
			fail("content type %q, want application/json", r.Header.Get("Content-Type"))
			break
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			fail("body is not JSON: %v", err)
			break
		}
		obj, ok := v.(map[string]any)
		if !ok {
			fail("body is not a JSON object")
			break
		}
		if op.Request.Kind == "json" {
			checkObject(op.Request.Fields, "", obj, fail, func(p string) {
				res.Reported = append(res.Reported, fmt.Sprintf("%s sends %s, a field the table marks doubtful", op.ID, p))
			})
		}
	case "multipart":
		if ct != "multipart/form-data" {
			fail("content type %q, want multipart/form-data", r.Header.Get("Content-Type"))
			break
		}
		checkMultipart(op.Request.Fields, body, params["boundary"], fail)
	}
	return res
}

// byPath indexes fields by path.
func byPath(fields []*TableField) map[string]*TableField {
	m := make(map[string]*TableField, len(fields))
	for _, f := range fields {
		m[f.Path] = f
	}
	return m
}

// parentOf is the container path of a field path: "a[].b" → "a[]",
// "a.b" → "a", "a" → "".
func parentOf(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// checkObject checks one JSON object found at prefix ("" the body, "a[]"
// each item of a, "a[].b" a nested object) against the listed fields.
func checkObject(fields []*TableField, prefix string, obj map[string]any, fail func(string, ...any), doubtful func(string)) {
	idx := byPath(fields)
	for _, k := range sortedKeys(obj) {
		p := join(prefix, k)
		v := obj[k]
		f, isArray := idx[p+"[]"], true
		if f == nil {
			f, isArray = idx[p], false
		}
		if f == nil {
			fail("body field %s is not listed", p)
			continue
		}
		if f.Doubtful {
			doubtful(p)
		}
		if isArray {
			items, ok := v.([]any)
			if !ok {
				fail("body field %s: %s, want an array", p, jsonKind(v))
				continue
			}
			for _, it := range items {
				m, ok := it.(map[string]any)
				if !ok {
					fail("body field %s[]: %s, want an object", p, jsonKind(it))
					continue
				}
				checkObject(fields, p+"[]", m, fail, doubtful)
			}
			continue
		}
		if len(f.Types) == 0 && hasChildren(fields, p) {
			m, ok := v.(map[string]any)
			if !ok {
				fail("body field %s: %s, want an object", p, jsonKind(v))
				continue
			}
			checkObject(fields, p, m, fail, doubtful)
			continue
		}
		if len(f.Types) > 0 && !anyType(f.Types, v) {
			fail("body field %s: %s, want %s", p, jsonKind(v), strings.Join(f.Types, " or "))
			continue
		}
		if len(f.Enum) > 0 && !contains(f.Enum, scalar(v)) {
			fail("body field %s = %s is not one of %v", p, scalar(v), f.Enum)
		}
		if f.Value != "" && scalar(v) != f.Value {
			fail("body field %s = %s, the table documents %s", p, scalar(v), f.Value)
		}
	}
	for _, f := range fields {
		if !f.Required || parentOf(f.Path) != prefix {
			continue
		}
		k := strings.TrimSuffix(f.Path[len(prefix):], "[]")
		k = strings.TrimPrefix(k, ".")
		if _, ok := obj[k]; !ok {
			fail("required body field %s is missing", f.Path)
		}
	}
}

func hasChildren(fields []*TableField, p string) bool {
	for _, f := range fields {
		if strings.HasPrefix(f.Path, p+".") {
			return true
		}
	}
	return false
}

func checkMultipart(fields []*TableField, body []byte, boundary string, fail func(string, ...any)) {
	idx := byPath(fields)
	seen := map[string]bool{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail("multipart body does not parse: %v", err)
			return
		}
		name := p.FormName()
		data, _ := io.ReadAll(p)
		seen[name] = true
		f := idx[name]
		if f == nil {
			fail("form field %q is not listed", name)
			continue
		}
		isFile := p.FileName() != ""
		switch {
		case contains(f.Types, "file") && !isFile:
			fail("form field %q is not a file part", name)
		case !contains(f.Types, "file") && isFile:
			fail("form field %q is a file part; the table lists a %s", name, strings.Join(f.Types, "/"))
		case len(f.Enum) > 0 && !contains(f.Enum, string(data)):
			fail("form field %s = %q is not one of %v", name, data, f.Enum)
		}
	}
	for _, f := range fields {
		if f.Required && !seen[f.Path] {
			fail("required form field %q is missing", f.Path)
		}
	}
}

// CheckResponse applies the table's answer rules to an answer to r: a 2xx
// answer has the row's status, content type and listed keys (keys that are
// absolute URLs are the example's data: the callback map is keyed by the
// registered URLs); an error answer is the document's error object
// {"message", "error_code"}.
func (t *Table) CheckResponse(r *http.Request, status int, h http.Header, body []byte) Result {
	op := t.Route(r.Method, r.URL.Path)
	if op == nil {
		return Result{Problems: []Problem{{Kind: "response", Message: fmt.Sprintf("%s %s: no operation of the table", r.Method, r.URL.Path)}}}
	}
	res := Result{Op: op.ID}
	fail := func(format string, args ...any) {
		res.Problems = append(res.Problems, Problem{Op: op.ID, Kind: "response", Message: fmt.Sprintf(format, args...)})
	}
	ct, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if status < 200 || status > 299 {
		var e map[string]any
		if ct != "application/json" || json.Unmarshal(body, &e) != nil {
			fail("error answer %d is not a JSON object (content type %q)", status, h.Get("Content-Type"))
			return res
		}
		for _, k := range []string{"message", "error_code"} {
			if _, ok := e[k].(string); !ok {
				fail("error answer %d has no string %q (the table's error object is {message, error_code})", status, k)
			}
		}
		return res
	}
	a := op.Answer
	if status != a.Status {
		fail("status %d, the table documents %d", status, a.Status)
	}
	if a.ContentType == "" {
		if len(bytes.TrimSpace(body)) > 0 {
			fail("answers a body (%.60s); the table documents none", bytes.TrimSpace(body))
		}
		return res
	}
	if ct != a.ContentType {
		fail("content type %q, the table documents %s", h.Get("Content-Type"), a.ContentType)
		return res
	}
	if a.ContentType != "application/json" {
		return res
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		fail("body is not JSON: %v", err)
		return res
	}
	var objs []map[string]any
	if a.Array {
		items, ok := v.([]any)
		if !ok {
			fail("body is %s, the table documents a bare array", jsonKind(v))
			return res
		}
		for _, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				fail("array item is %s, want an object", jsonKind(it))
				continue
			}
			objs = append(objs, m)
		}
	} else {
		m, ok := v.(map[string]any)
		if !ok {
			fail("body is %s, the table documents an object", jsonKind(v))
			return res
		}
		objs = append(objs, m)
	}
	for _, m := range objs {
		for _, k := range a.Keys {
			if isAbsURL(k) {
				continue
			}
			if _, ok := m[k]; !ok {
				fail("answer has no %q (the table lists %v)", k, a.Keys)
			}
		}
	}
	return res
}

func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

func anyType(types []string, v any) bool {
	for _, t := range types {
		if hasType(t, v) {
			return true
		}
	}
	return false
}

func hasType(t string, v any) bool {
	switch t {
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "number":
		_, ok := v.(float64)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "[string]":
		l, ok := v.([]any)
		if !ok {
			return false
		}
		for _, it := range l {
			if _, ok := it.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		if x == math.Trunc(x) {
			return "an integer"
		}
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// scalar is the string form of a JSON scalar (for enums and values).
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IDs lists the ids of operations, sorted.
func IDs(ops []*TableOp) []Op {
	out := make([]Op, len(ops))
	for i, op := range ops {
		out[i] = op.ID
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
