package blueinktest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
)

// FuzzServer sends arbitrary requests to the fake's handler in-process:
// whatever the method, path, content type and body, it must answer with a
// status and (except 202/204) a JSON body, and never panic.
func FuzzServer(f *testing.F) {
	valid := `{"packets":[{"key":"signer-1","name":"A","email":"a@example.com"}],"documents":[{"key":"w9","file_url":"https://example.com/a.pdf","fields":[{"kind":"sig","key":"s","editors":["signer-1"],"initial_value":[1]}]}]}`
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("bundle_request", strings.Replace(valid, `"file_url":"https://example.com/a.pdf"`, `"file_index":0`, 1))
	fw, _ := mw.CreateFormFile("files[0]", "a.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4\n"))
	_ = mw.Close()

	for _, seed := range []struct{ method, path, ctype, body string }{
		{"POST", "bundles/", "application/json", valid},
		{"POST", "bundles/", mw.FormDataContentType(), mp.String()},
		{"POST", "bundles/", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"files[99999999999]\"\r\n\r\n\r\n--x--"},
		{"POST", "bundles/create_from_envelope_template/", "application/json", `{"packets":[{"key":"ab","email":"a@b.co"}],"envelope_template":{"template_id":7,"field_values":[{"key":"k"}]}}`},
		{"POST", "bundles/", "application/json", `{"packets":[{"key":"role","email":"a@b.co"}],"envelope_template":{"template_id":"e1","field_values":[{"key":"k","initial_value":{}}]}}`},
		{"POST", "bundles/", "application/json", `{"packets":"x","documents":[null,{"template_id":{}}]}`},
		{"POST", "templates/preparation_session/", "application/json", `{"template_id":"t1","metadata":[],"allowed_data_flow_tags":"x"}`},
		{"DELETE", "templates/t1/", "", ""},
		{"GET", "bundles/?page=2&per_page=-1&status__in=co,zz&created_after=2024-13-01&ordering=-sent", "", ""},
		{"PATCH", "bundles/x/", "application/json", `{"cc_emails":[1]}`},
		{"POST", "persons/", "application/json", `{"channels":[{"kind":"mp"}],"metadata":[]}`},
		{"POST", "webhooks/", "application/json", `{"name":"n","url":"https://e.com","extra_headers":[{"name":"a:b","value":"\n"}]}`},
		{"GET", "webhooks/events/?status__in=1,x&success=2&date_before=x", "", ""},
		{"PUT", "webhooks/headers/%zz/", "application/json", `{}`},
		{"POST", "verify/", "application/json", `{"hash":12}`},
	} {
		f.Add(seed.method, seed.path, seed.ctype, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, method, path, ctype string, body []byte) {
		if !validMethod(method) || strings.ContainsAny(path, " \t\r\n#") {
			return
		}
		s := Start(WithSeed(1))
		defer s.Close()
		// Something to find, so id-based routes reach their handlers.
		s.AddTemplate(blueink.Template{ID: "t1", Name: "T", Roles: []blueink.TemplateRole{{Key: "role"}}})
		_, _ = s.AddEnvelopeTemplate(blueink.EnvelopeTemplate{ID: "e1"}, "t1")
		req, err := http.NewRequest(method, "http://fake"+APIPath+path, bytes.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Token "+DefaultAPIKey)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		rec := httptest.NewRecorder()
		s.e.ServeHTTP(rec, req)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if rec.Code != http.StatusAccepted && rec.Code != http.StatusNoContent && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%d answer is not JSON: %q", rec.Code, rec.Body.String())
		}
	})
}

func validMethod(m string) bool {
	switch m {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
		return true
	}
	return false
}
