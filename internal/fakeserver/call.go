package fakeserver

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Call is one request being handled, or one verb being played (Req nil).
// Handlers and step functions run under the server's lock, so they may
// read and change every store through it.
type Call struct {
	s *Server
	// Req is the request (nil in Server.Do and Server.Step).
	Req *http.Request
	// Query is the parsed query (empty without a request).
	Query url.Values
	// Body is the whole request body.
	Body []byte
	// Header holds the answer's headers.
	Header http.Header

	params  map[string]string
	queue   []Outgoing
	lastID  counted
	batches []batch
}

// batch is what Collect gathered under one key.
type batch struct {
	key   string
	items []any
	flush func(c *Call, items []any)
}

// Param returns the path parameter name ("{name}" in the route's path).
func (c *Call) Param(name string) string { return c.params[name] }

// State returns Config.State: the provider's own value.
func (c *Call) State() any { return c.s.cfg.State }

// Server returns the engine.
func (c *Call) Server() *Server { return c.s }

// Now is the server's current time.
func (c *Call) Now() time.Time { return c.s.now() }

// Time renders t as the provider does (Config.Time); the zero time is nil
// (JSON null).
func (c *Call) Time(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if c.s.cfg.Time != nil {
		return c.s.cfg.Time(t)
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Tokens are the server's issued access tokens.
func (c *Call) Tokens() *Tokens { return &c.s.tokens }

// Emit queues the deliveries of event (prepared by Config.Events); they are
// posted once the handler or step has returned successfully and the lock is
// released, so receivers may call the API while handling them.
func (c *Call) Emit(event string, data any) {
	if c.s.cfg.Events != nil {
		c.queue = append(c.queue, c.s.cfg.Events(c, event, data)...)
	}
}

// Collect adds v to the call's batch named key. Once the handler or step
// has succeeded, flush runs once per key (in the order keys were first
// used), still under the lock and before the deliveries are posted, with
// every item collected under the key; flush may Emit or Queue. It makes one
// delivery of what a call changed (Legalesign's "all" callback batches its
// status changes). A failed call flushes nothing. The flush of the key's
// first Collect is the one used.
func (c *Call) Collect(key string, v any, flush func(c *Call, items []any)) {
	for i := range c.batches {
		if c.batches[i].key == key {
			c.batches[i].items = append(c.batches[i].items, v)
			return
		}
	}
	c.batches = append(c.batches, batch{key: key, items: []any{v}, flush: flush})
}

// settle ends a call under the lock: a failed one drops what it queued and
// collected; a successful one flushes its batches.
func (c *Call) settle(failed bool) {
	bs := c.batches
	c.batches = nil
	if failed {
		c.queue = nil
		return
	}
	for _, b := range bs {
		b.flush(c, b.items)
	}
}

// Queue queues prepared deliveries, like Emit.
func (c *Call) Queue(out ...Outgoing) { c.queue = append(c.queue, out...) }

// Counter returns the next value of the server's counter key (1, 2, ...).
func (c *Call) Counter(key string) int {
	c.s.counters[key]++
	return c.s.counters[key]
}

// UUID returns a version 4 UUID from the server's generator.
func (c *Call) UUID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], c.s.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], c.s.rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Alnum is the alphabet of Call.Token.
const Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// Token returns n random characters of alphabet (Alnum when empty).
func (c *Call) Token(n int, alphabet string) string {
	if alphabet == "" {
		alphabet = Alnum
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[c.s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// Reply is a handler's answer: Err (rendered by Config.Error), or Body
// encoded as JSON, or Raw bytes with ContentType, or no body.
type Reply struct {
	Status      int // default 200
	Body        any
	Raw         []byte
	ContentType string
	Err         *Error
}

// JSON answers status with body encoded as JSON.
func JSON(status int, body any) Reply { return Reply{Status: status, Body: body} }

// File answers 200 with content as a download: its Content-Type and a
// Content-Disposition naming the file.
func (c *Call) File(contentType, name string, content []byte) Reply {
	c.Header.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return Reply{Status: http.StatusOK, Raw: content, ContentType: contentType}
}

// Fail answers an error with status and a message (see Errorf).
func Fail(status int, format string, args ...any) Reply {
	return Reply{Err: Errorf(status, format, args...)}
}

// Error is a refusal, rendered in the provider's shape by Config.Error.
// As an error (from Server.Step) it matches ErrNotFound when Status is 404
// and ErrState otherwise.
type Error struct {
	Status int
	// Code is the provider's error code, when it has one ("" lets
	// Config.Error pick the one of Status).
	Code    string
	Message string
	// Fields are per-field problems of a validation error.
	Fields []FieldError
}

// FieldError is one field's problem.
type FieldError struct {
	Field   string
	Message string
}

// Errorf returns an *Error with status and a formatted message.
func Errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a 400 validation error with the given field problems.
func Invalid(message string, fields ...FieldError) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid", Message: message, Fields: fields}
}

// Reply returns the error as a handler's answer.
func (e *Error) Reply() Reply { return Reply{Err: e} }

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Is matches ErrNotFound (status 404) and ErrState (other statuses).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrState:
		return e.Status != http.StatusNotFound
	}
	return false
}

// Decode reads the JSON body into v: an empty body is {}, malformed JSON and
// values of the wrong type are 400 errors naming the field, and each of
// required must be present and not null.
func (c *Call) Decode(v any, required ...string) *Error {
	body := bytes.TrimSpace(c.Body)
	if len(body) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return decodeError("", err)
	}
	if len(required) > 0 {
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(body, &keys); err != nil {
			return Invalid("the body must be a JSON object")
		}
		var missing []FieldError
		var names []string
		for _, k := range required {
			if raw, ok := keys[k]; !ok || string(raw) == "null" {
				missing, names = append(missing, FieldError{Field: k, Message: "required"}), append(names, k)
			}
		}
		if len(missing) > 0 {
			return Invalid(strings.Join(names, ", ")+" is required", missing...)
		}
	}
	return nil
}

// Check gathers the problems of a request, in order: Call.Read starts one
// with the body's decoding error, Add and Field record more, Err answers
// the first. Checks keep running after a problem, so a check must not
// depend on an earlier one passing.
type Check struct {
	err       *Error
	fields    []FieldError
	fieldsErr bool // err came from Field: it carries every field problem
}

// Read decodes the body into v as Decode does and starts a Check with
// its error.
func (c *Call) Read(v any, required ...string) *Check {
	return new(Check).Add(c.Decode(v, required...))
}

// Add records errors (nil ones are skipped).
func (k *Check) Add(errs ...*Error) *Check {
	for _, e := range errs {
		if e != nil && k.err == nil {
			k.err = e
		}
	}
	return k
}

// Field records a problem of field when bad; msg says what is wrong.
func (k *Check) Field(bad bool, field, msg string) *Check {
	if bad {
		k.fields = append(k.fields, FieldError{Field: field, Message: msg})
		if k.err == nil {
			k.err, k.fieldsErr = Invalid(msg), true
		}
	}
	return k
}

// Err is the first problem, or nil: a field problem is a 400 validation
// error with message msg that lists every field problem recorded.
func (k *Check) Err() *Error {
	if k.fieldsErr {
		return Invalid(k.err.Message, k.fields...)
	}
	return k.err
}

// decodeError turns a JSON decoding error into a 400 naming the field
// (prefix, when set, is the path of the value decoded).
func decodeError(prefix string, err error) *Error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return Invalid("invalid JSON body: " + err.Error())
	}
	field := te.Field
	switch {
	case prefix != "" && field != "":
		field = prefix + "." + field
	case prefix != "":
		field = prefix
	case field == "":
		field = "body"
	}
	return Invalid(fmt.Sprintf("%s must be %s, not %s", field, jsonType(te.Type.Kind().String()), te.Value),
		FieldError{Field: field, Message: "wrong type"})
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	}
	return "a number"
}

// Enum returns a 400 error when v is set and not one of allowed.
func Enum[S ~string](field string, v S, allowed ...S) *Error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return Invalid(fmt.Sprintf("%s must be one of %s, not %q", field, strings.Join(names, ", "), v),
		FieldError{Field: field, Message: "not an allowed value"})
}

// Patch sets *dst to v unless v is the zero value: an update field left
// out of the body leaves the record unchanged.
func Patch[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}

// Assign sets *dst to *v when v is not nil: an update field the body
// leaves out (a nil pointer) leaves the record unchanged.
func Assign[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Part is one part of a multipart/form-data body: its form name, its file
// name and Content-Type (file parts), and its content.
type Part struct {
	Name, FileName, ContentType string
	Data                        []byte
}

// MediaType is the part's media type without parameters: its Content-Type
// or, when that is missing or application/octet-stream, the type its file
// name's extension implies ("" when unknown).
func (p Part) MediaType() string {
	ct := p.ContentType
	if ct == "" || ct == "application/octet-stream" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(p.FileName)))
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return ct
}

// Form reads a multipart/form-data body as Parts does, by form name (the
// last part of each name).
func (c *Call) Form() (map[string]Part, *Error) {
	parts, e := c.Parts()
	form := map[string]Part{}
	for _, p := range parts {
		form[p.Name] = p
	}
	return form, e
}

// Parts reads a multipart/form-data body: its parts in order, or a 400
// when the body is not multipart/form-data or does not parse.
func (c *Call) Parts() ([]Part, *Error) {
	var ct string
	if c.Req != nil {
		ct = c.Req.Header.Get("Content-Type")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, Invalid("expected a multipart/form-data body")
	}
	mr := multipart.NewReader(bytes.NewReader(c.Body), params["boundary"])
	var parts []Part
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return parts, nil
		}
		var data []byte
		if err == nil {
			data, err = io.ReadAll(p)
		}
		if err != nil {
			return nil, Invalid("malformed multipart body: " + err.Error())
		}
		parts = append(parts, Part{Name: p.FormName(), FileName: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
	}
}

// DecodeList reads a body {"<field>": [...]} (a batch create) and refuses
// it when the list is missing or empty.
func DecodeList[T any](c *Call, field string) ([]T, *Error) {
	var body map[string]json.RawMessage
	if e := c.Decode(&body, field); e != nil {
		return nil, e
	}
	var items []T
	if err := json.Unmarshal(body[field], &items); err != nil {
		return nil, decodeError(field, err)
	}
	if len(items) == 0 {
		return nil, Invalid(field+" must not be empty", FieldError{Field: field, Message: "empty"})
	}
	return items, nil
}
