package speccheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// stringFormats are the string formats the specs use that kin-openapi does
// not check by itself (it checks date, date-time and byte). Each is
// registered with a real check, per validation, so that no format is left
// unchecked and no global of the library is touched.
func stringFormats() map[string]openapi3.StringFormatValidator {
	re := openapi3.NewRegexpFormatValidator
	absURL := openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("not an absolute URL")
		}
		return nil
	})
	return map[string]openapi3.StringFormatValidator{
		"email": re(openapi3.FormatOfStringForEmail),
		"uuid":  re(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
		"uri":   absURL,
		// BlueInk and Zigned write "url" (not an OpenAPI format) for what
		// OpenAPI calls "uri": checked as an absolute URL (see excuses.go).
		"url": absURL,
		// Legalesign: see the defect relative-resource-uris-typed-uri.
		"uri-reference": openapi3.NewCallbackValidator(func(s string) error {
			if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
				_, err := url.Parse(s)
				return err
			}
			return absURL.Validate(s)
		}),
		// Zigned's ids: collision-resistant ids, lower-case letters and
		// digits starting with "c" (examples: c8itw4ybiyldtndi9qnexample).
		"cuid": re(`^c[a-z0-9]{20,32}$`),
		// Zigned writes `type: string, nullable: true, format: "null"` for
		// the null alternative of a oneOf: no string is one.
		"null": openapi3.NewCallbackValidator(func(string) error { return errors.New("only null") }),
		// BlueInk: phone numbers as people type them.
		"phone": re(`^[0-9+(). -]{3,32}$`),
		// BlueInk: base58 ids.
		"b58": re(`^[1-9A-HJ-NP-Za-km-z]+$`),
	}
}

// schemaOptions are the options of every schema validation here.
func schemaOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidators(stringFormats()),
		openapi3.SetSchemaRegexCompiler(compilePattern), openapi3.MultiErrors()}
}

// lookaheads matches the leading positive lookaheads `(?=…)` of an
// ECMA-262 pattern (Legalesign's password rule), which Go's RE2 lacks.
var lookahead = regexp.MustCompile(`^\(\?=((?:[^()\\]|\\.|\([^()]*\))*)\)`)

var codepoint = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// compilePattern compiles an OpenAPI (ECMA-262) pattern with RE2, keeping
// its meaning: `\uXXXX` becomes `\x{XXXX}`, and leading lookaheads
// `^(?=A)(?=B)R` become "A matches at the start, B matches at the start,
// R matches" (the equivalent conjunction).
func compilePattern(expr string) (openapi3.RegexMatcher, error) {
	expr = codepoint.ReplaceAllString(expr, `\x{$1}`)
	rest, anchored := strings.CutPrefix(expr, "^")
	var all allOf
	for anchored {
		m := lookahead.FindStringSubmatchIndex(rest)
		if m == nil {
			break
		}
		re, err := regexp.Compile("^(?:" + rest[m[2]:m[3]] + ")")
		if err != nil {
			return nil, err
		}
		all = append(all, re)
		rest = rest[m[1]:]
	}
	if len(all) == 0 {
		return regexp.Compile(expr)
	}
	re, err := regexp.Compile("^" + rest)
	if err != nil {
		return nil, err
	}
	return append(all, re), nil
}

// allOf matches when every pattern does.
type allOf []*regexp.Regexp

func (a allOf) MatchString(s string) bool {
	for _, re := range a {
		if !re.MatchString(s) {
			return false
		}
	}
	return true
}

func filterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:              true,
		IncludeResponseStatus:   true,
		AuthenticationFunc:      authenticate,
		RegexCompiler:           compilePattern,
		SchemaValidationOptions: schemaOptions(),
	}
}

// authenticate checks that the credential a security scheme names is
// present in the request (its value is not checked).
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	ss, r := in.SecurityScheme, in.RequestValidationInput.Request
	switch ss.Type {
	case "apiKey":
		var v string
		switch ss.In {
		case "header":
			v = r.Header.Get(ss.Name)
		case "query":
			v = r.URL.Query().Get(ss.Name)
		case "cookie":
			if c, err := r.Cookie(ss.Name); err == nil {
				v = c.Value
			}
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("missing %s %s", ss.In, ss.Name)
		}
	case "http":
		scheme := strings.ToLower(ss.Scheme)
		if !strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), scheme+" ") {
			return fmt.Errorf("missing Authorization: %s", ss.Scheme)
		}
	case "oauth2", "openIdConnect":
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return errors.New("missing Authorization: Bearer")
		}
	default:
		return fmt.Errorf("unknown security scheme type %q", ss.Type)
	}
	return nil
}

// Problem is one validation error of a request or an answer.
type Problem struct {
	Op      Op
	Kind    string // "request" or "response"
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s %s: %s", p.Op, p.Kind, p.Message) }

// Result is the outcome of validating one exchange.
type Result struct {
	Op       Op        // "" when no operation matched
	Problems []Problem // not excused
	Excused  []string  // names of the defects that excused a problem
	// Reported are findings that are reported, not failed: fields the
	// Signeasy table marks doubtful.
	Reported []string
}

// OK reports a valid exchange (all problems excused).
func (r Result) OK() bool { return r.Op != "" && len(r.Problems) == 0 }

// CheckRequest validates a request whose body is body (the request's own
// Body is not read) against the spec: route, security, path, query and
// header parameters, and the body schema.
func (s *Spec) CheckRequest(r *http.Request, body []byte) (Result, *routers.Route, map[string]string) {
	route, params, err := s.Route(r)
	if err != nil {
		return Result{Problems: []Problem{{Kind: "request", Message: err.Error()}}}, nil, nil
	}
	op := OpOf(route)
	rr := r.Clone(r.Context())
	rr.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: rr, PathParams: params, Route: route, Options: filterOptions()}
	err = openapi3filter.ValidateRequest(r.Context(), in)
	err = errors.Join(err, undeclared(route, r, body))
	res := s.excuse(op, "request", err)
	return res, route, params
}

// undeclared reports what kin-openapi lets through and the specs do not
// allow: query parameters the operation does not declare, and body
// properties its schema does not declare (OpenAPI objects are open unless
// they say additionalProperties: false, and none of these specs says it;
// the providers document closed bodies).
func undeclared(route *routers.Route, r *http.Request, body []byte) error {
	var errs []error
	declared := map[string]bool{}
	for _, ps := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == "query" {
				declared[p.Value.Name] = true
			}
		}
	}
	for _, k := range sortedKeys(r.URL.Query()) {
		if !declared[k] {
			errs = append(errs, fmt.Errorf("query parameter %q is not declared", k))
		}
	}
	rb := route.Operation.RequestBody
	if rb == nil || rb.Value == nil || len(body) == 0 {
		return errors.Join(errs...)
	}
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	mt := rb.Value.Content.Get(ct)
	if mt == nil || mt.Schema == nil {
		return errors.Join(errs...) // kin-openapi refuses the content type itself
	}
	var v any
	switch ct {
	case "application/json":
		if json.Unmarshal(body, &v) != nil {
			return errors.Join(errs...) // kin-openapi reports the parse error
		}
	case "multipart/form-data":
		form := map[string]any{}
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			form[p.FormName()] = ""
		}
		v = form
	case "application/x-www-form-urlencoded":
		q, _ := url.ParseQuery(string(body))
		form := map[string]any{}
		for k := range q {
			form[k] = ""
		}
		v = form
	default:
		return errors.Join(errs...)
	}
	for _, at := range undeclaredKeys(mt.Schema, v, "body") {
		errs = append(errs, fmt.Errorf("request body: property %s is not declared", at))
	}
	return errors.Join(errs...)
}

// undeclaredKeys lists the object keys of v (by path) that the schema does
// not declare. A key is declared by the schema's properties or by those of
// any allOf, oneOf or anyOf branch; a schema that declares no property at
// all, or allows additional properties, declares every key.
func undeclaredKeys(ref *openapi3.SchemaRef, v any, at string) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		props, open := declaredProperties(ref.Value, 0)
		if open || len(props) == 0 { // a free-form object
			return nil
		}
		var out []string
		for _, k := range sortedKeys(x) {
			p, ok := props[k]
			if !ok {
				out = append(out, at+"."+k)
				continue
			}
			out = append(out, undeclaredKeys(p, x[k], at+"."+k)...)
		}
		return out
	case []any:
		items := itemsOf(ref.Value, 0)
		var out []string
		for _, it := range x {
			out = append(out, undeclaredKeys(items, it, at+"[]")...)
		}
		return out
	}
	return nil
}

// declaredProperties collects the properties a schema declares, its own and
// those of its allOf, oneOf and anyOf branches; open reports a schema (or a
// branch) that allows additional properties explicitly. A branch that
// declares no property (`type: object, properties: {}`) adds nothing.
func declaredProperties(s *openapi3.Schema, depth int) (props openapi3.Schemas, open bool) {
	props = openapi3.Schemas{}
	if depth > 16 {
		return props, true
	}
	if (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) || s.AdditionalProperties.Schema != nil {
		return props, true
	}
	for k, p := range s.Properties {
		props[k] = p
	}
	for _, b := range branchesOf(s) {
		if b == nil || b.Value == nil {
			continue
		}
		bp, bopen := declaredProperties(b.Value, depth+1)
		if bopen {
			return props, true
		}
		for k, p := range bp {
			if _, ok := props[k]; !ok {
				props[k] = p
			}
		}
	}
	return props, false
}

func branchesOf(s *openapi3.Schema) []*openapi3.SchemaRef {
	return append(append(append([]*openapi3.SchemaRef(nil), s.AllOf...), s.OneOf...), s.AnyOf...)
}

func itemsOf(s *openapi3.Schema, depth int) *openapi3.SchemaRef {
	if s.Items != nil || depth > 16 {
		return s.Items
	}
	for _, b := range branchesOf(s) {
		if b != nil && b.Value != nil {
			if it := itemsOf(b.Value, depth+1); it != nil {
				return it
			}
		}
	}
	return nil
}

// CheckResponse validates an answer to the request r (whose body was
// reqBody) against the spec.
func (s *Spec) CheckResponse(r *http.Request, reqBody []byte, status int, h http.Header, body []byte) Result {
	route, params, err := s.Route(r)
	if err != nil {
		return Result{Problems: []Problem{{Kind: "response", Message: err.Error()}}}
	}
	op := OpOf(route)
	rr := r.Clone(r.Context())
	rr.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: rr, PathParams: params, Route: route, Options: filterOptions()},
		Status:                 status,
		Header:                 h,
		Options:                filterOptions(),
	}
	in.SetBodyBytes(body)
	err = openapi3filter.ValidateResponse(r.Context(), in)
	return s.excuse(op, "response", err)
}

// flatten lists the single errors inside err (MultiError and
// RequestError/ResponseError wrapping a MultiError).
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		// Keep the context (parameter name, "request body") of a wrapper.
		var reqErr *openapi3filter.RequestError
		if errors.As(err, &reqErr) && len(out) > 0 {
			prefix := reqErr.Error()
			if i := strings.Index(prefix, ":"); i >= 0 {
				prefix = prefix[:i]
			}
			for i, e := range out {
				out[i] = fmt.Errorf("%s: %w", prefix, e)
			}
		}
		return out
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok { // errors.Join
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// oneLine squeezes kin-openapi's multi-line messages (schema and value
// dumps) to their first line.
func oneLine(s string) string {
	if i := strings.Index(s, "\nSchema:"); i >= 0 {
		s = s[:i]
	}
	return spaces.ReplaceAllString(strings.TrimSpace(s), " ")
}

var spaces = regexp.MustCompile(`\s+`)

func (s *Spec) excuse(op Op, kind string, err error) Result {
	res := Result{Op: op}
	for _, e := range flatten(err) {
		msg := oneLine(e.Error())
		if d := s.defectFor(op, kind, msg); d != nil {
			res.Excused = append(res.Excused, d.Name)
			continue
		}
		res.Problems = append(res.Problems, Problem{Op: op, Kind: kind, Message: msg})
	}
	return res
}

// defectFor finds the defect that excuses a problem: of an operation's
// request or answer (kind, op), or of an example (kind "example", at).
func (s *Spec) defectFor(op Op, kind, msg string) *Defect { return s.defectAt(kind, string(op), msg) }

func (s *Spec) defectAt(kind, where, msg string) *Defect {
	for i := range defects {
		d := &defects[i]
		if d.Spec != s.Name || d.Kind != kind || d.Repair != nil {
			continue
		}
		switch kind {
		case "example":
			if !strings.HasPrefix(where, d.At) {
				continue
			}
		default:
			if d.Op != "" && string(d.Op) != where {
				continue
			}
		}
		if strings.Contains(msg, d.Match) {
			return d
		}
	}
	return nil
}
