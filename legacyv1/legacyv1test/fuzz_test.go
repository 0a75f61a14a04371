package legacyv1test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook/webhooktest"
)

type refuseAll struct{}

func (refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network")
}

// FuzzAPI sends arbitrary requests to the fake's handler in-process, on a
// server holding a PDF template with fields, a document with a signer, a
// text template, an attachment, a member, an invitation and a
// subscription (so id routes reach their handlers): whatever the method,
// path and body, it must answer a status below 500, JSON when it says so,
// and never panic.
func FuzzAPI(f *testing.F) {
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n(<<t=signature;s=1>> <<Full Name2>> <<t=admin;l=Company>>)\n%%EOF\n"))
	for _, seed := range []struct{ method, path, body string }{
		{"POST", "/document/", `{"group":"/api/v1/group/my-group/","name":"x","templatepdf":"/api/v1/templatepdf/7e3fd000-0000-4000-8000-000000000001/","signers":[{"firstname":"a","lastname":"b","email":"a@b.co"},{"decide_later":true},null],"pdftext":{"Company":"x"},"strict_fields":true,"signers_in_order":true}`},
		{"GET", "/document/?group=my-group&created_gt=2024-01-01T00:00:00 00:00&archived=1&status=30&email=a@b.co&limit=-1&offset=x", ""},
		{"POST", "/templatepdf/7e3fd000-0000-4000-8000-000000000001/fields/", `[{"element_type":"admin","page":1,"ax":0,"ay":0,"bx":1,"by":1,"signer":null},{"element_type":"text","page":1,"signer":301,"align":9}]`},
		{"GET", "/templatepdf/7e3fd000-0000-4000-8000-000000000001/edit-link/?css_body_backgroundcolor=zz&hide_sender_fields=maybe", ""},
		{"POST", "/signer/5163e700-0000-4000-8000-000000000001/reset/", `{"email":"first@widgets.com"}`},
		{"POST", "/signer/5163e700-0000-4000-8000-000000000001/send-reminder/", `{"text":7}`},
		{"POST", "/member/", `{"group":"/api/v1/group/my-group/","email":"x@y.zz","permission":"9"}`},
		{"POST", "/user/", `{"first_name":"a","last_name":"b","email":"c@d.ef","password":"Aa1!aaaa","groups":"my-group,,/api/v1/group/x/","permission":"7"}`},
		{"POST", "/group/", `{"name":"My group"}`},
		{"PATCH", "/template/7e3a0000-0000-4000-8000-000000000001/", `{"title":"a/b"}`},
		{"POST", "/subscribe/", `{"url":"http://x","notify":"realtime","eventFilter":"recipient.*","group":"my-group"}`},
		{"POST", "/unsubscribe/", `[]`},
		{"POST", "/attachment/", `{"group":"/api/v1/group/my-group/","filename":"a.pdf","pdf_file":"JVBE"}`},
		{"DELETE", "/document/d0c00000-0000-4000-8000-000000000001/delete/", ""},
		{"GET", "/status/?filter=2", ""},
	} {
		f.Add(seed.method, seed.path, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, method, path string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n#") {
			return
		}
		s := Start(WithSeed(1), WithSigner(fuzzSigner(t)), WithDeliveryClient(&http.Client{Transport: refuseAll{}}),
			WithClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
		defer s.Close()
		call := func(method, path string, body []byte) *httptest.ResponseRecorder {
			req, err := http.NewRequest(method, "http://fake"+APIPath+path, bytes.NewReader(body))
			if err != nil {
				return nil
			}
			req.Header.Set("Authorization", "ApiKey "+DefaultUsername+":"+DefaultSecret)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			s.e.ServeHTTP(rec, req)
			return rec
		}
		for _, setup := range [][2]string{
			{"/templatepdf/", `{"group":"/api/v1/group/my-group/","pdf_file":"` + pdf + `","process_tags":true}`},
			{"/document/", `{"group":"/api/v1/group/my-group/","name":"D","templatepdf":"/api/v1/templatepdf/7e3fd000-0000-4000-8000-000000000001/",` +
				`"signers":[{"firstname":"A","lastname":"B","email":"first@widgets.com"},{"firstname":"C","lastname":"D","email":"c@widgets.com"}]}`},
			{"/template/", `{"title":"T","group":"/api/v1/group/my-group/","latest_text":"<p>x</p>"}`},
			{"/attachment/", `{"group":"/api/v1/group/my-group/","filename":"a.pdf","pdf_file":"` + pdf + `"}`},
			{"/user/", `{"first_name":"A","last_name":"B","email":"ann@widgets.com"}`},
			{"/member/", `{"group":"/api/v1/group/my-group/","email":"ann@widgets.com"}`},
			{"/member/", `{"group":"/api/v1/group/my-group/","email":"new@widgets.com"}`},
			{"/subscribe/", `{"url":"http://127.0.0.1:1/all","notify":"all"}`},
		} {
			if rec := call("POST", setup[0], []byte(setup[1])); rec.Code != http.StatusCreated {
				t.Fatalf("setup %s: %d %s", setup[0], rec.Code, rec.Body)
			}
		}
		rec := call(method, path, body)
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

var (
	fuzzOnce   sync.Once
	fuzzSigned *Signer
	fuzzErr    error
)

// fuzzSigner is one signer for the whole run (key generation is slow).
func fuzzSigner(t *testing.T) *Signer {
	fuzzOnce.Do(func() { fuzzSigned, fuzzErr = NewSigner(webhooktest.CertOptions{Bits: 1024}) })
	if fuzzErr != nil {
		t.Fatal(fuzzErr)
	}
	return fuzzSigned
}
