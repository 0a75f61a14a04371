package speccheck

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TableMock is a mock server driven by an endpoint table: every request is
// checked with Table.CheckRequest and answered with the row's documented
// answer (status and content type from the table, the body from Examples);
// the answer is checked with Table.CheckResponse too, so an example that
// disagrees with the table fails the test that uses it. Everything is
// served on one host: each base below its prefix (v3 → /v3, v2 → /v2, the
// token endpoint at the root).
type TableMock struct {
	Recorder
	Table *Table
	// URL is the server's root URL (bases are below it).
	URL    string
	Server *httptest.Server
	// Examples are the JSON bodies of the answers, by operation; binary
	// answers get a small PDF.
	Examples map[Op]string
}

// NewTableMock starts a mock server for the table, closed when the test
// ends.
func NewTableMock(tb testing.TB, t *Table, examples map[Op]string) *TableMock {
	m := &TableMock{Table: t, Examples: examples}
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	tb.Cleanup(m.Server.Close)
	m.URL = m.Server.URL
	return m
}

// PDF is the body of the mock's binary answers.
const PDF = "%PDF-1.4\n%%EOF\n"

func (m *TableMock) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	ex := Exchange{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()}
	ex.Request = m.Table.CheckRequest(r, body)
	ex.Op = ex.Request.Op
	op := m.Table.Route(r.Method, r.URL.Path)
	if op == nil {
		ex.Status = http.StatusNotFound
		m.add(ex)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message": "no such operation in the table", "error_code": "not_found"}`)
		return
	}
	a := op.Answer
	h := http.Header{}
	var out []byte
	switch a.ContentType {
	case "":
	case "application/json":
		h.Set("Content-Type", a.ContentType)
		out = []byte(m.Examples[op.ID])
	default:
		h.Set("Content-Type", a.ContentType)
		out = []byte(PDF)
	}
	ex.Status = a.Status
	ex.Response = m.Table.CheckResponse(r, a.Status, h, out)
	m.add(ex)
	for k, vs := range h {
		w.Header()[k] = vs
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(out)
}
