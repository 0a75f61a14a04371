package speccheck

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// Transport is an http.RoundTripper that validates every exchange between
// a client and any server (a fake) against the spec: the request
// (ValidateRequest) and the answer (ValidateResponse); or, with Table set
// instead of Spec, against an endpoint table (Table.CheckRequest and
// CheckResponse). It changes nothing on the wire. Prefix, when the server
// serves the API below another path than the spec's base, is replaced by
// the base before routing.
type Transport struct {
	Recorder
	Spec   *Spec
	Table  *Table
	Base   http.RoundTripper // nil: http.DefaultTransport
	Prefix string
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
	ex := Exchange{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode}
	if t.Table != nil {
		ex.Request = t.Table.CheckRequest(req, reqBody)
		ex.Op = ex.Request.Op
		if ex.Op != "" {
			ex.Response = t.Table.CheckResponse(req, resp.StatusCode, resp.Header, body)
		}
		t.add(ex)
		return resp, nil
	}
	vr := req.Clone(req.Context())
	if t.Prefix != "" && strings.HasPrefix(vr.URL.Path, t.Prefix) {
		u := *vr.URL
		u.Path = t.Spec.Base + strings.TrimPrefix(u.Path, t.Prefix)
		u.RawPath = ""
		vr.URL = &u
	}
	res, _, _ := t.Spec.CheckRequest(vr, reqBody)
	ex.Op, ex.Request = res.Op, res
	if res.Op != "" {
		ex.Response = t.Spec.CheckResponse(vr, reqBody, resp.StatusCode, resp.Header, body)
	}
	t.add(ex)
	return resp, nil
}
