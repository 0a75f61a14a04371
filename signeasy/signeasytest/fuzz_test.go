package signeasytest

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// FuzzAPI sends arbitrary requests to the fake's handler in-process, on a
// server holding an original, a template, a complete embedded envelope (so
// a signed file), a pending one, a self-signed document and a callback
// (so id routes reach their handlers): whatever the method, path, content
// type and body, it must answer a status below 500, a JSON answer must be
// valid JSON, and it must never panic.
func FuzzAPI(f *testing.F) {
	for _, seed := range []struct{ method, path, ctype, body string }{
		{"POST", "/v3/rs/envelope/", "application/json", `{"sources":[{"id":100001,"type":"template","source_id":1}],"recipients":[{"recipient_id":1,"email":"a@b"}],` +
			`"recipient_role_mapping":[{"source_id":1,"role_id":9,"recipient_id":1}],"fields_payload":[{"recipient_id":1,"source_id":1,"type":"x","page_number":"1","position":{"mode":"fixed"},"additional_info":{}}]}`},
		{"POST", "/v3/rs/envelope/", "application/json", `{"sources":[{"id":"x"}],"recipients":null,"embedded_signing":"maybe"}`},
		{"POST", "/v3/rs/envelope/300002/signing/url/", "application/json", `{"recipient_email":"a@example.com","allow_decline":1}`},
		{"POST", "/v3/rs/embedded/url/", "application/json", `{"file_id":"100001","recipients":[{"first_name":"A","email":"a@b","role_id":0}]}`},
		{"POST", "/v3/rs/embedded/300001/cancel/", "", ""},
		{"POST", "/v3/rs/300002/cancel", "", ""},
		{"PUT", "/v3/template/200001", "application/json", `{"name":"","is_ordered":"yes"}`},
		{"GET", "/v3/signed/400001/download?type=split&include_certificate=true", "", ""},
		{"GET", "/v3/rs/envelope/signed/400001/100001/download", "", ""},
		{"GET", "/v3/rs/envelope/signed/400002/certificate", "", ""},
		{"POST", "/v3/original/", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nA\r\n--x--\r\n"},
		{"POST", "/v2/callback", "application/json", `{"url":"https://a.example","events":["rs.nope"],"token":null}`},
		{"DELETE", "/v2/callback/", "application/json", `{"url":"http://127.0.0.1:1/h"}`},
		{"GET", "/sign/300001/500001", "", ""},
	} {
		f.Add(seed.method, seed.path, seed.ctype, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, method, path, ctype string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n#") || strings.HasPrefix(path, fs.ControlPath) {
			return
		}
		s := Start(WithSeed(1), WithClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }),
			WithDeliveryClient(&http.Client{Timeout: time.Millisecond}))
		defer s.Close()
		call := func(method, path, ctype string, body []byte) *httptest.ResponseRecorder {
			req, err := http.NewRequest(method, "http://fake"+path, bytes.NewReader(body))
			if err != nil {
				return nil
			}
			req.Header.Set("Authorization", "Bearer "+s.AccessToken())
			if ctype != "" {
				req.Header.Set("Content-Type", ctype)
			}
			rec := httptest.NewRecorder()
			s.e.ServeHTTP(rec, req)
			return rec
		}
		doc := s.AddOriginal("doc.pdf", []byte("%PDF"))
		tpl := s.AddTemplate("NDA", "Tenant")
		s.AddSelfSigned("mine", []byte("%PDF"))
		create := `{"sources":[{"id":100001,"type":"original","source_id":1},{"id":200001,"type":"template","source_id":2}],` +
			`"recipients":[{"recipient_id":1,"email":"a@example.com"}],"embedded_signing":true}`
		for _, setup := range [][2]string{
			{"/v2/callback/", `{"url":"http://127.0.0.1:1/h","events":["rs.completed"],"token":"fuzz-token-0123456789"}`},
			{"/v3/rs/envelope/", create}, {"/v3/rs/envelope/", create},
		} {
			if rec := call("POST", setup[0], "application/json", []byte(setup[1])); rec.Code != http.StatusOK {
				t.Fatalf("setup %s: %d %s", setup[0], rec.Code, rec.Body)
			}
		}
		if doc != 100001 || tpl != 200001 || s.Complete(context.Background(), "300001") != nil {
			t.Fatal("setup")
		}
		rec := call(method, path, ctype, body)
		if rec == nil {
			return
		}
		if rec.Code < 200 || rec.Code >= 500 {
			t.Fatalf("%s %s: status %d: %s", method, path, rec.Code, rec.Body)
		}
		if mt, _, _ := mime.ParseMediaType(rec.Header().Get("Content-Type")); mt == "application/json" && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: %d answer is not JSON: %q", method, path, rec.Code, rec.Body)
		}
	})
}
