package speccheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/esignkit/esign/signeasy"
)

// seDriver calls the client methods that cover one operation of the
// Signeasy table and returns what the last call decoded (for the key
// comparison with the example).
type seDriver struct {
	op Op
	// methods are the client methods ("Service.Method") the driver calls:
	// together the drivers must call every method of the client.
	methods []string
	call    func(ctx context.Context, c *signeasy.Client) (any, error)
}

// Signeasy ids (positive integers, as the table's paths require).
const (
	seOriginalID  = 59925063
	seTemplateID  = 4205749
	seEnvelopeID  = 6232978
	seSignedID    = 7716350
	seCallbackURL = "https://app.example/callback"
)

// seDrivers: one per counted operation the client implements. fresh
// returns a client that has fetched no token yet.
func seDrivers(fresh func() *signeasy.Client) []seDriver {
	type C = *signeasy.Client
	readAll := func(rc io.ReadCloser, _ *signeasy.Response, err error) (any, error) {
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		return string(b), err
	}
	return []seDriver{
		{"auth.token", nil, func(ctx context.Context, _ C) (any, error) {
			v, _, err := fresh().Users.Me(ctx)
			return v, err
		}},
		{"users.me", []string{"Users.Me"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Users.Me(ctx)
			return v, err
		}},
		{"originals.upload", []string{"Originals.Upload"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "agreement", FileName: "agreement.pdf",
				RenameIfExists: true, Size: int64(len(PDF)),
				Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(PDF)), nil }})
			return v, err
		}},
		{"originals.list", []string{"Originals.List", "Originals.All"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Originals.List(ctx)
			return v, errors.Join(err, first(c.Originals.All(ctx)))
		}},
		{"originals.get", []string{"Originals.Get"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Originals.Get(ctx, seOriginalID)
			return v, err
		}},
		{"originals.download", []string{"Originals.Download"}, func(ctx context.Context, c C) (any, error) {
			return readAll(c.Originals.Download(ctx, seOriginalID))
		}},
		{"originals.delete", []string{"Originals.Delete"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Originals.Delete(ctx, seOriginalID)
			return nil, err
		}},
		{"templates.list", []string{"Templates.List", "Templates.All"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Templates.List(ctx)
			return v, errors.Join(err, first(c.Templates.All(ctx)))
		}},
		{"templates.get", []string{"Templates.Get"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Templates.Get(ctx, seTemplateID)
			return v, err
		}},
		{"templates.delete", []string{"Templates.Delete"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Templates.Delete(ctx, seTemplateID)
			return nil, err
		}},
		{"templates.update", []string{"Templates.Update"}, func(ctx context.Context, c C) (any, error) {
			ordered := true
			_, err := c.Templates.Update(ctx, seTemplateID, &signeasy.TemplateUpdateRequest{Name: "nda v2", Message: "Please sign.", IsOrdered: &ordered})
			return nil, err
		}},
		{"templates.embed_url", []string{"Templates.EmbedURL"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Templates.EmbedURL(ctx, seTemplateID)
			return v, err
		}},
		{"envelopes.create", []string{"Envelopes.Create"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Envelopes.Create(ctx, seEnvelopeRequest())
			return v, err
		}},
		{"envelopes.get", []string{"Envelopes.Get"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Envelopes.Get(ctx, seEnvelopeID)
			return v, err
		}},
		{"envelopes.list", []string{"Envelopes.List", "Envelopes.All"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Envelopes.List(ctx)
			return v, errors.Join(err, first(c.Envelopes.All(ctx)))
		}},
		{"envelopes.cancel", []string{"Envelopes.Cancel"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Envelopes.Cancel(ctx, seEnvelopeID)
			return nil, err
		}},
		{"rs.cancel", []string{"Envelopes.CancelRequest"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Envelopes.CancelRequest(ctx, seEnvelopeID)
			return nil, err
		}},
		{"signed.download", []string{"Signed.Download"}, func(ctx context.Context, c C) (any, error) {
			if _, err := readAll(c.Signed.Download(ctx, seSignedID, nil)); err != nil {
				return nil, err
			}
			return readAll(c.Signed.Download(ctx, seSignedID, &signeasy.SignedDownloadOptions{Type: signeasy.SignedSplit, IncludeCertificate: true}))
		}},
		{"envelopes.certificate", []string{"Signed.Certificate"}, func(ctx context.Context, c C) (any, error) {
			return readAll(c.Signed.Certificate(ctx, seSignedID))
		}},
		{"embedded.cancel", []string{"Embedded.Cancel"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Embedded.Cancel(ctx, seEnvelopeID)
			return nil, err
		}},
		{"embedded.signed_list", []string{"Signed.ListEmbedded", "Signed.AllEmbedded"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Signed.ListEmbedded(ctx)
			return v, errors.Join(err, first(c.Signed.AllEmbedded(ctx)))
		}},
		{"me.signed_list", []string{"Signed.ListSelfSigned", "Signed.AllSelfSigned"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Signed.ListSelfSigned(ctx)
			return v, errors.Join(err, first(c.Signed.AllSelfSigned(ctx)))
		}},
		{"envelopes.signed_from_pending", []string{"Envelopes.GetSigned"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Envelopes.GetSigned(ctx, seEnvelopeID)
			return v, err
		}},
		{"envelopes.download_signed_source", []string{"Envelopes.DownloadSigned"}, func(ctx context.Context, c C) (any, error) {
			return readAll(c.Envelopes.DownloadSigned(ctx, seSignedID, seOriginalID))
		}},
		{"envelopes.signing_url", []string{"Envelopes.SigningURL"}, func(ctx context.Context, c C) (any, error) {
			// As working apps send it: the recipient and a redirect.
			v, _, err := c.Envelopes.SigningURL(ctx, seEnvelopeID, &signeasy.SigningURLRequest{
				RecipientEmail: "mario@example.com", RedirectURL: "https://app.example/done"})
			return v, err
		}},
		{"embedded.sending_url", []string{"Embedded.SendingURL"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Embedded.SendingURL(ctx, seSendingURLRequest())
			return v, err
		}},
		{"callbacks.create", []string{"Callbacks.Create"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: seCallbackURL,
				Events: []signeasy.EventType{signeasy.EventInitiated, signeasy.EventCompleted}, Token: "my_custom_token_1234"})
			return nil, err
		}},
		{"callbacks.list", []string{"Callbacks.List"}, func(ctx context.Context, c C) (any, error) {
			v, _, err := c.Callbacks.List(ctx)
			return v, err
		}},
		{"callbacks.update", []string{"Callbacks.Update"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Callbacks.Update(ctx, &signeasy.CallbackRequest{URL: seCallbackURL, Events: []signeasy.EventType{signeasy.EventCompleted}})
			return nil, err
		}},
		{"callbacks.delete", []string{"Callbacks.Delete"}, func(ctx context.Context, c C) (any, error) {
			_, err := c.Callbacks.Delete(ctx, seCallbackURL)
			return nil, err
		}},
	}
}

// seEnvelopeRequest uses every field CreateEnvelopeRequest can send.
func seEnvelopeRequest() *signeasy.CreateEnvelopeRequest {
	return &signeasy.CreateEnvelopeRequest{
		Sources: []signeasy.Source{{ID: seOriginalID, Type: signeasy.SourceOriginal, Name: "agreement"},
			{ID: seTemplateID, Type: signeasy.SourceTemplate, Name: "nda"}},
		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Mario", LastName: "A", Email: "mario@example.com"},
			{RecipientID: 2, Email: "luigi@example.com"}},
		RecipientRoleMapping: []signeasy.RoleMapping{{SourceID: 2, RoleID: 1, RecipientID: 2}},
		MergeFields:          []signeasy.MergeField{{SourceID: 2, Label: "salary", Value: "100"}},
		FieldsPayload: []signeasy.Field{
			{RecipientID: 1, SourceID: 1, Type: signeasy.FieldSignature, Required: true, PageNumber: "1",
				Position: signeasy.FieldPosition{X: 10, Y: 20, Width: 120, Height: 40}},
			{RecipientID: 1, SourceID: 1, Type: signeasy.FieldDate, PageNumber: "all",
				Position:       signeasy.FieldPosition{ReferenceText: "Date:", XOffset: 5, YOffset: -2, Width: 80, Height: 20},
				AdditionalInfo: map[string]any{"format": "DD/MM/YYYY"}},
		},
		EmbeddedSigning: true, IsOrdered: true, Message: "Please sign.",
		CC:                  []signeasy.CC{{Email: "legal@example.com"}},
		SignaturePanelTypes: []string{signeasy.PanelDraw, signeasy.PanelType},
		InitialPanelTypes:   []string{signeasy.PanelType},
	}
}

func seSendingURLRequest() *signeasy.SendingURLRequest {
	return &signeasy.SendingURLRequest{FileID: seOriginalID,
		Recipients:  []signeasy.SendingURLRecipient{{FirstName: "Mario", LastName: "A", Email: "mario@example.com", RoleID: 1}},
		CC:          []signeasy.CC{{Email: "legal@example.com"}},
		Message:     "Please sign.",
		RedirectURL: "https://app.example/sent"}
}

func seMockClient(t *testing.T, m *TableMock) *signeasy.Client {
	t.Helper()
	c, err := signeasy.NewClientWithCredentials("client-id", "client-secret",
		seOptions(signeasy.WithBaseURL(m.URL+"/v3"), signeasy.WithTokenURL(m.URL+"/oauth/token"))...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// serviceMethods lists the methods of the client's services
// ("Service.Method").
func serviceMethods(c any) []string {
	var out []string
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer {
			continue
		}
		for m := 0; m < f.Type.NumMethod(); m++ {
			out = append(out, f.Name+"."+f.Type.Method(m).Name)
		}
	}
	sort.Strings(out)
	return out
}

// TestSigneasyRequests drives every counted operation of the Signeasy
// endpoint table that the client implements through the table mock: the
// request must follow the table's rules, the client must decode the
// example answer, and the decoded result must agree with the example on
// the scalar keys the table lists (lists: on the number of items).
// Counted operations the client lacks are listed in pendingClient.
func TestSigneasyRequests(t *testing.T) {
	tbl := LoadTable(t, SigneasyFile)
	m := NewTableMock(t, tbl, signeasyExamples)
	c := seMockClient(t, m)
	drivers := seDrivers(func() *signeasy.Client { return seMockClient(t, m) })

	// Every counted operation: a driver or a pendingClient entry.
	have, called := map[Op]bool{}, map[string]bool{}
	for _, d := range drivers {
		if have[d.op] {
			t.Errorf("two drivers for %s", d.op)
		}
		have[d.op] = true
		for _, name := range d.methods {
			called[name] = true
		}
		if tbl.Op(d.op) == nil {
			t.Errorf("driver for %s: not an operation of the table", d.op)
		}
	}
	var missing []string
	for _, op := range IDs(tbl.Counted) {
		_, pending := pendingClient[op]
		switch {
		case have[op] && pending:
			t.Errorf("pendingClient[%q] is stale (a driver covers it now): delete the entry", op)
		case !have[op] && !pending:
			missing = append(missing, string(op))
		}
	}
	if len(missing) > 0 {
		t.Errorf("counted operations with no driver and no pendingClient entry:\n  %s", strings.Join(missing, "\n  "))
	}
	for op := range pendingClient {
		if o := tbl.Op(op); o == nil || !contains(opStrings(tbl.Counted), string(op)) {
			t.Errorf("pendingClient[%q]: not a counted operation of the table", op)
		}
	}
	// Every method of the client is driven (a new method needs a driver).
	for _, name := range serviceMethods(c) {
		if !called[name] {
			t.Errorf("client method %s is called by no driver: add it to the driver of its operation", name)
		}
	}

	n := tally{ops: len(tbl.Counted)}
	for _, d := range drivers {
		op := tbl.Op(d.op)
		if op == nil {
			continue
		}
		t.Run(string(d.op), func(t *testing.T) {
			m.Reset()
			v, err := d.call(context.Background(), c)
			hit, reqOK := false, true
			reqWhy, reqPending := pendingRequest["signeasy"][d.op]
			for _, ex := range m.Exchanges() {
				if ex.Op == d.op {
					hit = true
				}
				for _, r := range ex.Request.Reported {
					t.Logf("reported, not failed: %s", r)
				}
				for _, p := range ex.Request.Problems {
					reqOK = false
					if reqPending && (ex.Op == d.op || ex.Op == "") {
						t.Logf("pending request (%s): %s %s: %s", reqWhy, ex.Method, ex.Path, p.Message)
						continue
					}
					t.Errorf("request refused by the table: %s %s: %s", ex.Method, ex.Path, p.Message)
				}
				for _, p := range ex.Response.Problems {
					t.Errorf("the mock's example disagrees with the table: %s", p)
				}
			}
			if !hit && !(reqPending && !reqOK) {
				t.Fatalf("the driver never called %s", d.op)
			}
			if reqPending && reqOK {
				t.Errorf("pendingRequest[\"signeasy\"][%q] is stale (the request follows the table now): delete the entry", d.op)
			}
			n.covered++
			if reqOK {
				n.requestsOK++
			}
			switch {
			case err != nil && reqPending && !reqOK:
				t.Logf("pending request: the call failed: %v", err)
				n.pending++
			case err != nil:
				t.Errorf("the table's answer did not decode: %v", err)
			default:
				n.decoded++
				for _, p := range compareWithExample(op, signeasyExamples[d.op], v) {
					t.Errorf("decoded result disagrees with the example: %s", p)
				}
			}
		})
	}
	t.Logf("signeasy: %s; %d counted operations the client lacks (pendingClient)", n, len(pendingClient))
}

func opStrings(ops []*TableOp) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = string(op.ID)
	}
	return out
}

// compareWithExample compares a decoded result with the example it was
// decoded from: the scalar keys the table lists (where the result, encoded
// back to JSON, has the key with the same JSON kind), and, for lists, the
// number of items.
func compareWithExample(op *TableOp, example string, v any) []string {
	if v == nil || op.Answer.ContentType != "application/json" || example == "" {
		if s, ok := v.(string); ok && op.Answer.ContentType != "" && op.Answer.ContentType != "application/json" && s != PDF {
			return []string{fmt.Sprintf("streamed %q, the answer was %q", s, PDF)}
		}
		return nil
	}
	var ex any
	if err := json.Unmarshal([]byte(example), &ex); err != nil {
		return []string{err.Error()}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return []string{err.Error()}
	}
	var got any
	_ = json.Unmarshal(b, &got)
	if gl, ok := got.([]any); ok { // a list: compare the number of items
		want := -1
		switch e := ex.(type) {
		case []any:
			want = len(e)
		case map[string]any:
			if files, ok := e["files"].([]any); ok {
				want = len(files)
			} else if urls, ok := e["callback_urls"].([]any); ok {
				want = len(urls)
			}
		}
		if want >= 0 && want != len(gl) {
			return []string{fmt.Sprintf("decoded %d items, the example has %d", len(gl), want)}
		}
		return nil
	}
	em, _ := ex.(map[string]any)
	gm, _ := got.(map[string]any)
	var out []string
	for _, k := range op.Answer.Keys {
		ev, eok := em[k]
		gv, gok := gm[k]
		if !eok || !gok || jsonKind(ev) != jsonKind(gv) {
			continue
		}
		switch ev.(type) {
		case string, float64:
			if ev != gv {
				out = append(out, fmt.Sprintf("%s: decoded %v, the example has %v", k, gv, ev))
			}
		}
	}
	return out
}

// TestSigneasyTable checks the parse of the endpoint table.
func TestSigneasyTable(t *testing.T) {
	tbl := LoadTable(t, SigneasyFile)
	if len(tbl.Counted) != 30 {
		t.Errorf("%d counted operations, the document counts 30", len(tbl.Counted))
	}
	create := tbl.Op("envelopes.create")
	if create == nil || create.Request.Kind != "json" {
		t.Fatalf("envelopes.create: %+v", create)
	}
	f := byPath(create.Request.Fields)
	for p, want := range map[string]string{
		"sources[]": "required", "sources[].type": "required string∈[original template]", "name": "doubtful string",
		"fields_payload[].position": "required", "fields_payload[].position.x": "number",
		"embedded_signing": "boolean/integer", "signature_panel_types": "[string]",
	} {
		got := f[p]
		if got == nil {
			t.Errorf("envelopes.create: no field %s", p)
			continue
		}
		var desc []string
		if got.Required {
			desc = append(desc, "required")
		}
		if got.Doubtful {
			desc = append(desc, "doubtful")
		}
		if len(got.Types) > 0 {
			ty := strings.Join(got.Types, "/")
			if len(got.Enum) > 0 {
				ty += fmt.Sprintf("∈%v", got.Enum)
			}
			desc = append(desc, ty)
		}
		if d := strings.Join(desc, " "); d != want {
			t.Errorf("envelopes.create %s: %q, want %q", p, d, want)
		}
	}
	if a := tbl.Op("templates.list").Answer; !a.Array || a.Status != 200 || a.ContentType != "application/json" || !contains(a.Keys, "is_shared") {
		t.Errorf("templates.list answer: %+v", a)
	}
	if a := tbl.Op("callbacks.delete").Answer; a.Status != 202 || !contains(a.Keys, "callback_urls") {
		t.Errorf("callbacks.delete answer: %+v", a)
	}
	if a := tbl.Op("originals.delete").Answer; a.Status != 204 || a.ContentType != "" {
		t.Errorf("originals.delete answer: %+v", a)
	}
	if q := tbl.Op("signed.download").Request; q.Kind != "query" || len(q.Fields) != 2 {
		t.Errorf("signed.download query: %+v", q)
	}
	if a := tbl.Op("auth.token"); a.Auth != "none" || a.Base != "auth" || byPath(a.Request.Fields)["grant_type"].Value != "client_credentials" {
		t.Errorf("auth.token: %+v", a)
	}
	if len(tbl.Info) == 0 {
		t.Error("no informational rows")
	}
	for _, e := range []string{"| a | b |\n|---|---|\n", "## Operations (counted)\n| id | method |\n|---|---|\n| x | GET |\n"} {
		if _, err := ParseTable([]byte(e)); err == nil {
			t.Errorf("ParseTable(%q) accepted a table it cannot use", e)
		}
	}
}

// TestSigneasyTableRules checks that the table's rules refuse what they
// must: each case is a request (or an answer) the check has to fail, beside
// one it has to pass.
func TestSigneasyTableRules(t *testing.T) {
	tbl := LoadTable(t, SigneasyFile)
	req := func(method, path, ct, body string) Result {
		r, _ := newRequest(method, "http://x"+path, ct, body)
		return tbl.CheckRequest(r, []byte(body))
	}
	ok := func(name string, res Result) {
		t.Helper()
		if !res.OK() {
			t.Errorf("%s: refused: %v", name, res.Problems)
		}
	}
	bad := func(name string, res Result, want string) {
		t.Helper()
		if res.OK() {
			t.Errorf("%s: accepted", name)
			return
		}
		for _, p := range res.Problems {
			if strings.Contains(p.Message, want) {
				return
			}
		}
		t.Errorf("%s: problems %v do not mention %q", name, res.Problems, want)
	}
	ok("template get", req("GET", "/v3/template/42", "", ""))
	bad("template get with a trailing slash", req("GET", "/v3/template/42/", "", ""), "no operation")
	bad("template get with a non-integer id", req("GET", "/v3/template/abc", "", ""), "no operation")
	ok("me without a slash", req("GET", "/v3/me", "", ""))
	bad("unlisted query key", req("GET", "/v3/me/?page=2", "", ""), `query parameter "page" is not listed`)
	ok("listed query", req("GET", "/v3/signed/7/download?type=merged&include_certificate=true", "", ""))
	bad("query value outside the enum", req("GET", "/v3/signed/7/download?type=zip", "", ""), "is not one of")
	signing := `{"recipient_email": "a@example.com", "redirect_url": "https://x"}`
	ok("signing url", req("POST", "/v3/rs/envelope/9/signing/url/", "application/json", signing))
	res := req("POST", "/v3/rs/envelope/9/signing/url/", "application/json", `{"recipient_email": "a@example.com", "allow_decline": false}`)
	ok("doubtful field", res)
	if len(res.Reported) != 1 || !strings.Contains(res.Reported[0], "allow_decline") {
		t.Errorf("doubtful field not reported: %v", res.Reported)
	}
	bad("required field missing", req("POST", "/v3/rs/envelope/9/signing/url/", "application/json", `{"redirect_url": "https://x"}`), "required body field recipient_email")
	bad("unlisted field", req("POST", "/v3/rs/envelope/9/signing/url/", "application/json", `{"recipient_email": "a@example.com", "x": 1}`), "body field x is not listed")
	bad("wrong content type", req("POST", "/v3/rs/envelope/9/signing/url/", "text/plain", signing), "want application/json")
	env := func(mut string) string {
		return `{"sources": [{"id": 1, "type": "original", "source_id": 1}], "recipients": [{"email": "a@example.com", "recipient_id": 1}]` + mut + `}`
	}
	ok("envelope", req("POST", "/v3/rs/envelope/", "application/json", env("")))
	bad("fraction for an integer", req("POST", "/v3/rs/envelope/", "application/json", env(`, "expiry": 1.5`)), "want integer")
	bad("nested required", req("POST", "/v3/rs/envelope/", "application/json",
		env(`, "fields_payload": [{"recipient_id": 1, "source_id": 1, "type": "signature", "page_number": "1", "position": {"x": 1}, "additional_info": {}}]`)),
		"required body field fields_payload[].position.mode")
	bad("nested enum", req("POST", "/v3/rs/envelope/", "application/json",
		`{"sources": [{"id": 1, "type": "pdf", "source_id": 1}], "recipients": [{"email": "a@example.com", "recipient_id": 1}]}`), "is not one of")
	bad("a body where none is listed", req("POST", "/v3/rs/envelope/9/cancel", "application/json", `{}`), "a body is sent")
	bad("documented value", req("POST", "/oauth/token", "application/json",
		`{"client_id": "a", "client_secret": "b", "audience": "https://api-ext.signeasy.com/", "grant_type": "password"}`), "the table documents client_credentials")
	// Answers.
	answer := func(method, path string, status int, ct, body string) Result {
		r, _ := newRequest(method, "http://x"+path, "", "")
		h := map[string][]string{}
		if ct != "" {
			h["Content-Type"] = []string{ct}
		}
		return tbl.CheckResponse(r, status, h, []byte(body))
	}
	ok("template list answer", answer("GET", "/v3/template", 200, "application/json", `[`+seTemplate+`]`))
	bad("template list as an object", answer("GET", "/v3/template", 200, "application/json", seTemplate), "bare array")
	bad("missing listed key", answer("GET", "/v3/original/1/", 200, "application/json", `{"id": 1}`), `no "name"`)
	bad("status", answer("DELETE", "/v3/original/1", 200, "", ""), "the table documents 204")
	bad("body where none is documented", answer("POST", "/v3/rs/envelope/1/cancel", 200, "application/json", `{"message": "ok"}`), "documents none")
	ok("error object", answer("GET", "/v3/original/1/", 404, "application/json", `{"message": "not found", "error_code": "not_found"}`))
	bad("error without error_code", answer("GET", "/v3/original/1/", 404, "application/json", `{"message": "not found"}`), "error_code")
	ok("callback map", answer("GET", "/v2/callback/", 200, "application/json", signeasyExamples["callbacks.list"]))
}

func newRequest(method, target, ct, body string) (*http.Request, error) {
	r, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	r.Header.Set("Authorization", "Bearer tok")
	return r, nil
}
