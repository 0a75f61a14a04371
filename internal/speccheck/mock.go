package speccheck

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// Exchange is one request seen by a Mock or a Transport, with the outcome
// of validating it and its answer against the spec.
type Exchange struct {
	Method, Path string
	Query        url.Values
	Op           Op
	Request      Result // the request against the spec
	Response     Result // the answer against the spec
	Status       int
}

// Recorder collects exchanges; it is safe for concurrent use.
type Recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
}

func (r *Recorder) add(e Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exchanges = append(r.exchanges, e)
}

// Exchanges returns what was recorded since the last Reset.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.exchanges...)
}

// Reset forgets the recorded exchanges.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exchanges = nil
}

// Answer is what a Mock answers: status, headers and body.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Mock is a spec-driven mock server: every request is validated against
// the spec (openapi3filter.ValidateRequest) and answered with the
// operation's example answer, or a sample generated from the answer's
// schema; the answer itself is validated too (ValidateResponse).
type Mock struct {
	Recorder
	Spec *Spec
	// URL is the API base the client uses: the server URL plus the spec's
	// base path.
	URL    string
	Server *httptest.Server

	mu        sync.Mutex
	overrides map[Op]func(r *http.Request, a *Answer)
}

// NewMock starts a mock server for the spec, closed when the test ends.
func NewMock(tb testing.TB, s *Spec) *Mock {
	m := &Mock{Spec: s, overrides: map[Op]func(*http.Request, *Answer){}}
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	tb.Cleanup(m.Server.Close)
	m.URL = m.Server.URL + s.Base
	return m
}

// Override lets a test adjust the answer the mock gives to one operation
// (e.g. a Location header a client follows). The adjusted answer is still
// validated against the spec.
func (m *Mock) Override(op Op, f func(r *http.Request, a *Answer)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.overrides[op] = f
}

func (m *Mock) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	ex := Exchange{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()}
	res, route, _ := m.Spec.CheckRequest(r, body)
	ex.Op, ex.Request = res.Op, res
	if route == nil {
		ex.Status = http.StatusNotFound
		m.add(ex)
		http.Error(w, `{"detail":"no such operation in the spec"}`, http.StatusNotFound)
		return
	}
	a := SpecAnswer(route)
	m.mu.Lock()
	f := m.overrides[ex.Op]
	m.mu.Unlock()
	if f != nil {
		f(r, &a)
	}
	ex.Status = a.Status
	ex.Response = m.Spec.CheckResponse(r, body, a.Status, a.Header, a.Body)
	m.add(ex)
	for k, vs := range a.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}

// SpecAnswer is the answer the spec gives for a route: its first 2xx
// status; JSON (or else the first media type) with the media type's
// example when it validates, else a sample; a sample of every declared
// header.
func SpecAnswer(route *routers.Route) Answer {
	a := Answer{Status: http.StatusOK, Header: http.Header{}}
	resp := successResponse(route.Operation, &a.Status)
	if resp == nil {
		return a
	}
	for _, name := range sortedKeys(resp.Headers) {
		h := resp.Headers[name]
		if h == nil || h.Value == nil || h.Value.Schema == nil {
			continue
		}
		v := Sample(h.Value.Schema)
		a.Header.Set(name, strings.Trim(mustJSON(v), `"`))
	}
	if len(resp.Content) == 0 {
		return a
	}
	ct := "application/json"
	mt := resp.Content.Get(ct)
	if mt == nil {
		cts := sortedKeys(resp.Content)
		ct, mt = cts[0], resp.Content[cts[0]]
	}
	a.Header.Set("Content-Type", ct)
	if !strings.Contains(ct, "json") {
		a.Body = []byte("%PDF-1.4\n%%EOF\n")
		return a
	}
	var v any
	if ex := mediaExample(mt); ex != nil {
		v = ex
	} else {
		v = Sample(mt.Schema)
	}
	a.Body = []byte(mustJSON(v))
	return a
}

// successResponse returns the operation's first declared 2xx answer, or
// its "default" one.
func successResponse(op *openapi3.Operation, status *int) *openapi3.Response {
	if op.Responses == nil {
		return nil
	}
	codes := sortedKeys(op.Responses.Map())
	sort.Strings(codes)
	for _, c := range codes {
		n, err := strconv.Atoi(c)
		if err == nil && n >= 200 && n < 300 {
			*status = n
			return op.Responses.Value(c).Value
		}
	}
	if d := op.Responses.Default(); d != nil {
		return d.Value
	}
	for _, c := range codes { // a redirect answer (Legalesign's previews)
		n, err := strconv.Atoi(c)
		if err == nil && n >= 300 && n < 400 {
			*status = n
			return op.Responses.Value(c).Value
		}
	}
	return nil
}

// mediaExample returns a media type's example (or its first named
// example) when it validates against the media type's schema.
func mediaExample(mt *openapi3.MediaType) any {
	var cands []any
	if mt.Example != nil {
		cands = append(cands, mt.Example)
	}
	for _, k := range sortedKeys(mt.Examples) {
		if e := mt.Examples[k]; e != nil && e.Value != nil {
			cands = append(cands, e.Value.Value)
		}
	}
	for _, c := range cands {
		if mt.Schema == nil || mt.Schema.Value == nil || mt.Schema.Value.VisitJSON(c, schemaOptions()...) == nil {
			return c
		}
	}
	return nil
}

func mustJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // values come from YAML/JSON documents: always encodable
	}
	return strings.TrimSuffix(b.String(), "\n")
}
