package zignedtest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// FuzzAPI sends arbitrary requests to the fake's handler in-process, on a
// server holding an agreement with a participant, an observer, a group, an
// attachment and a recipient message (so id routes reach their handlers):
// whatever the method, path and body, it must answer a status below 500
// with a JSON body, and never panic.
func FuzzAPI(f *testing.F) {
	for _, seed := range []struct{ method, path, body string }{
		{"POST", "/agreements", `{"issuer":{"role":"signer"},"expires_at":"2030-01-01","theme_id":""}`},
		{"PUT", "/agreements/cagr0000000000000001zt", `{"lookup_key":{"remove":true},"theme":{"disconnect":true},"expires_at":{"remove":true}}`},
		{"POST", "/agreements/cagr0000000000000001zt/lifecycle", `{"lifecycle_state":{"status":"cancelled","input":{"cancellation_type":"custom"}}}`},
		{"POST", "/agreements/cagr0000000000000001zt/participants/batch", `{"participants":[{"name":"a","order":-1},null]}`},
		{"PUT", "/agreements/cagr0000000000000001zt/participants/cpar0000000000000001zt", `{"identity_enforcement":{"disable":true},"order":3}`},
		{"POST", "/agreements/cagr0000000000000001zt/signing_groups", `{"participants":["cpar0000000000000001zt"],"order":0}`},
		{"PUT", "/agreements/cagr0000000000000001zt/documents/attachments/catt0000000000000001zt", `{"order":99}`},
		{"POST", "/agreements/cagr0000000000000001zt/recipient_messages", `{"message_templates":[{"locale":"sv-SE","template_string":"x"},{"locale":"sv-SE","template_string":"y"}]}`},
		{"PUT", "/agreements/cagr0000000000000001zt/recipient_messages/message_template_variables/cmtv0000000000000001zt", `{"variable_name":""}`},
		{"GET", "/agreements?limit=0&page=-1&order_by=x&status=draft&start_date=2024-01-01T00:00:00Z", ""},
		{"POST", "/webhooks", `{"url":"https://e.com","subscriptions":["agreement.draft.created",{"event":"x"}]}`},
		{"PUT", "/webhooks/cwhk0000000000000001zt", `{"subscriptions":[{"event":"agreement.lifecycle.pending","unsubscribe":true}]}`},
		{"POST", "/themes", `{"logo_file_id":"cfil0000000000000001zt","icon_file_id":"cfil0000000000000002zt"}`},
		{"DELETE", "/agreements/cagr0000000000000001zt/observers/cobs0000000000000001zt", ""},
		{"POST", "/agreements/cagr0000000000000001zt/participants/cpar0000000000000001zt/forward", `{"forward_to_email":"a@b.c"}`},
		{"POST", "/files", "--x\r\n\r\n"},
	} {
		f.Add(seed.method, seed.path, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, method, path string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n#") {
			return
		}
		s := Start(WithSeed(1), WithClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
		defer s.Close()
		var tok string
		_ = s.e.Do(context.Background(), func(c *fs.Call) error {
			tok = c.Tokens().Issue(c, "fuzz-", time.Hour)
			return nil
		})
		call := func(method, path string, body []byte, ctype string) *httptest.ResponseRecorder {
			req, err := http.NewRequest(method, "http://fake"+APIPath+path, bytes.NewReader(body))
			if err != nil {
				return nil
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", ctype)
			rec := httptest.NewRecorder()
			s.e.ServeHTTP(rec, req)
			return rec
		}
		for _, setup := range [][2]string{
			{"/agreements", `{}`},
			{"/agreements/cagr0000000000000001zt/participants", `{"name":"P","email":"p@example.com"}`},
			{"/agreements/cagr0000000000000001zt/observers", `{"name":"O"}`},
			{"/agreements/cagr0000000000000001zt/signing_groups", `{}`},
			{"/agreements/cagr0000000000000001zt/recipient_messages", `{"message_templates":[{"locale":"sv-SE","template_string":"Hej"}],"message_template_variables":[{"variable_name":"a","variable_value":"b"}]}`},
			{"/webhooks", `{"url":"http://127.0.0.1:1/refused","status":"active","subscriptions":["agreement.draft.updated"]}`},
		} {
			if rec := call("POST", setup[0], []byte(setup[1]), "application/json"); rec.Code != http.StatusOK {
				t.Fatalf("setup %s: %d %s", setup[0], rec.Code, rec.Body)
			}
		}
		rec := call(method, path, body, "application/json")
		if rec == nil {
			return
		}
		if rec.Code < 200 || rec.Code >= 500 {
			t.Fatalf("%s %s: status %d: %s", method, path, rec.Code, rec.Body)
		}
		if rec.Code != http.StatusNoContent && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: %d answer is not JSON: %q", method, path, rec.Code, rec.Body)
		}
	})
}
