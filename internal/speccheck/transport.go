package speccheck

import (
	"bytes"
	"io"
	"net/http"
)

// Transport is an http.RoundTripper that validates every exchange between
// a client and any server (a fake) against the spec: the request
// (ValidateRequest) and the answer (ValidateResponse); or, with Table set
// instead of Spec, against an endpoint table (Table.CheckRequest and
// CheckResponse). A request that is no operation of Spec is tried against
// More (further specs of the same client: Zigned's OAuth spec). It changes
// nothing on the wire.
type Transport struct {
	Recorder
	Spec  *Spec
	More  []*Spec
	Table *Table
	Base  http.RoundTripper // nil: http.DefaultTransport
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return resp, err
	}
	ex := Exchange{Method: req.Method, Path: req.URL.Path, Query: req.URL.Query(), Status: resp.StatusCode}
	if t.Table != nil {
		ex.Request = t.Table.CheckRequest(req, reqBody)
		ex.Op = ex.Request.Op
		if ex.Op != "" {
			ex.Response = t.Table.CheckResponse(req, resp.StatusCode, resp.Header, body)
		}
		t.add(ex)
		return resp, nil
	}
	for _, s := range append([]*Spec{t.Spec}, t.More...) {
		res, _, _ := s.CheckRequest(req, reqBody)
		if res.Op == "" {
			if ex.Request.Problems == nil {
				ex.Request = res // the first spec's "no route" problem
			}
			continue
		}
		ex.Op, ex.Request = res.Op, res
		ex.Response = s.CheckResponse(req, reqBody, resp.StatusCode, resp.Header, body)
		break
	}
	t.add(ex)
	return resp, nil
}
