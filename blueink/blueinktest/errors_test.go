package blueinktest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

func TestAuthentication(t *testing.T) {
	srv := blueinktest.NewServer(t, blueinktest.WithAPIKey("right-key"))
	cases := []struct {
		name, header, code, message string
	}{
		{"missing", "", "not_authenticated", "Authentication credentials were not provided."},
		{"other scheme", "Bearer right-key", "not_authenticated", "Authentication credentials were not provided."},
		{"no key", "Token", "authentication_failed", "Invalid token header. No credentials provided."},
		{"wrong key", "Token wrong-key", "authentication_failed", "Invalid token."},
		{"spaces", "Token right key", "authentication_failed", "Invalid token header. Token string should not contain spaces."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := raw(t, srv, "GET", "bundles/", "", nil, "Authorization", tc.header)
			require.Equal(t, http.StatusUnauthorized, resp.Status)
			assert.Equal(t, "Token", resp.Header.Get("WWW-Authenticate"))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			assert.Equal(t, map[string]any{"code": tc.code, "message": tc.message, "errors": []any{}}, resp.JSON(t))
		})
	}
	t.Run("keyword is case-insensitive", func(t *testing.T) {
		assert.Equal(t, http.StatusOK, raw(t, srv, "GET", "bundles/", "", nil, "Authorization", "token right-key").Status)
	})
	t.Run("client with a wrong key", func(t *testing.T) {
		c, err := blueink.NewClient("not-the-key-s3cr3t", blueink.WithBaseURL(srv.URL()))
		require.NoError(t, err)
		_, _, err = c.Bundles.List(ctxT(t), nil)
		var apiErr *blueink.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
		assert.Equal(t, "authentication_failed", apiErr.Code)
		assert.Equal(t, "Invalid token.", apiErr.Message)
		assert.ErrorIs(t, err, blueink.ErrUnauthorized)
		assert.NotContains(t, err.Error(), "not-the-key-s3cr3t")
		assert.NotContains(t, fmt.Sprintf("%+v %#v", apiErr, apiErr), "not-the-key-s3cr3t")
	})
	t.Run("server keys come from Client", func(t *testing.T) {
		_, _, err := srv.Client().Bundles.List(ctxT(t), nil)
		require.NoError(t, err)
		last := srv.Requests()[len(srv.Requests())-1]
		assert.Equal(t, "Token right-key", last.Header.Get("Authorization"))
		assert.True(t, strings.HasPrefix(last.Header.Get("User-Agent"), "esign-go/"))
	})
}

// validBundle is the Postman collection's base Create Bundle request.
func validBundle() map[string]any {
	return map[string]any{
		"label": "Bundle label here", "in_order": false, "email_subject": "eSignature Request",
		"requester_name": "Bill Lumbergh", "requester_email": "tps.reports@example.com",
		"cc_emails": []any{"tom.smykowski@example.com"}, "is_test": true,
		"packets": []any{
			map[string]any{"name": "Peter Gibbons", "email": "peter.gibbons@example.com", "phone": "505 555 1234",
				"auth_sms": true, "key": "signer-1", "deliver_via": "email"},
			map[string]any{"name": "Pedro Gibbons", "email": "pedro.gibbons@example.com", "key": "signer-2", "deliver_via": "email"},
		},
		"documents": []any{map[string]any{
			"key": "w9", "file_url": "https://www.irs.gov/pub/irs-pdf/fw9.pdf",
			"fields": []any{
				map[string]any{"kind": "inp", "key": "inp-name", "label": "Your Name", "page": 1, "x": 15, "y": 60, "w": 20, "h": 3, "v_pattern": "email", "editors": []any{"signer-1"}},
				map[string]any{"kind": "sig", "key": "sig-01", "label": "Your Signature", "page": 1, "x": 15, "y": 68, "w": 30, "h": 12, "editors": []any{"signer-1"}},
			},
		}},
	}
}

func packetN(b map[string]any, i int) map[string]any { return b["packets"].([]any)[i].(map[string]any) }
func doc0(b map[string]any) map[string]any           { return b["documents"].([]any)[0].(map[string]any) }
func field(b map[string]any, i int) map[string]any {
	return doc0(b)["fields"].([]any)[i].(map[string]any)
}

// templateDoc replaces the documents with a TemplateRequest.
func templateDoc(tmpl string, role, signer string) func(map[string]any) {
	return func(b map[string]any) {
		b["documents"] = []any{map[string]any{"key": "msa", "template_id": tmpl,
			"assignments": []any{map[string]any{"role": role, "signer": signer}, map[string]any{"role": "vendor", "signer": "signer-2"}}}}
	}
}

// TestCreateBundleErrors sends the error cases of BlueInk's Postman
// collection (and a few more) as raw JSON, since the client would refuse
// most of them before any request, and checks BlueInk-shaped 400s.
func TestCreateBundleErrors(t *testing.T) {
	srv := blueinktest.NewServer(t)
	tmpl := srv.AddTemplate(blueink.Template{Name: "MSA", Roles: []blueink.TemplateRole{{Key: "customer"}, {Key: "vendor"}},
		Fields: []blueink.TemplateField{{Kind: blueink.FieldSignature, Key: "sig-c", EditorRoles: []string{"customer"}}}})
	type fe = map[string]any
	cases := []struct {
		name   string
		mutate func(b map[string]any)
		errors []fe
	}{
		{"Duplicate Packet Keys", func(b map[string]any) { packetN(b, 1)["key"] = "signer-1" },
			[]fe{{"field": "packets[1].key", "message": `Duplicate packet key "signer-1".`}}},
		{"Empty Packets", func(b map[string]any) { delete(b, "packets") },
			[]fe{{"field": "packets", "message": "This field is required."}}},
		{"No Packets", func(b map[string]any) { b["packets"] = []any{} },
			[]fe{{"field": "packets", "message": "This list may not be empty."}}},
		{"Duplicate Packet Orders", func(b map[string]any) { packetN(b, 0)["order"] = 1; packetN(b, 1)["order"] = 1 },
			[]fe{{"field": "packets[1].order", "message": "Duplicate packet order 1."}}},
		{"Inconsistent Packet Orders", func(b map[string]any) { packetN(b, 0)["order"] = 1 },
			[]fe{{"field": "packets", "message": "Either every packet or no packet must have an order."}}},
		{"Packet SMS Delivery no Phone", func(b map[string]any) { packetN(b, 1)["deliver_via"] = "phone" },
			[]fe{{"field": "packets[1].phone", "message": "A phone number is required to deliver by phone."}}},
		{"Packet Auth SMS no Phone", func(b map[string]any) { packetN(b, 1)["auth_sms"] = true },
			[]fe{{"field": "packets[1].phone", "message": "A phone number is required for SMS authentication."}}},
		{"No Documents", func(b map[string]any) { delete(b, "documents") },
			[]fe{{"field": "documents", "message": "This field is required."}}},
		{"Empty Documents", func(b map[string]any) { b["documents"] = []any{} },
			[]fe{{"field": "documents", "message": "This list may not be empty."}}},
		{"Duplicate Field Keys", func(b map[string]any) { field(b, 1)["key"] = "inp-name" },
			[]fe{{"field": "documents[0].fields[1].key", "message": `Duplicate field key "inp-name".`}}},
		{"Bad Template ID", templateDoc("412acd04-0000-0000-0000-000000000000", "customer", "signer-1"),
			[]fe{{"field": "documents[0].template_id", "message": `Invalid pk "412acd04-0000-0000-0000-000000000000" - object does not exist.`}}},
		{"Bad Template Assignment Role", templateDoc(tmpl, "buyer", "signer-1"),
			[]fe{
				{"field": "documents[0].assignments[0].role", "message": `"buyer" is not a role of template "MSA".`},
				{"field": "documents[0].assignments", "message": `Role "customer" of template "MSA" is not assigned to a signer.`},
			}},
		{"Bad Template Assignment Signer", templateDoc(tmpl, "customer", "signer-9"),
			[]fe{{"field": "documents[0].assignments[0].signer", "message": `Unknown packet key "signer-9".`}}},
		{"Bad Packet Key in Editors", func(b map[string]any) { field(b, 0)["editors"] = []any{"signer-9"} },
			[]fe{{"field": "documents[0].fields[0].editors[0]", "message": `Unknown packet key "signer-9".`}}},
		{"Field with Negative Page Number", func(b map[string]any) { field(b, 0)["page"] = -1 },
			[]fe{{"field": "documents[0].fields[0].page", "message": "Ensure this value is greater than or equal to 1."}}},
		{"Two Field Errors", func(b map[string]any) { field(b, 0)["page"] = -1; field(b, 1)["kind"] = "zzz" },
			[]fe{
				{"field": "documents[0].fields[0].page", "message": "Ensure this value is greater than or equal to 1."},
				{"field": "documents[0].fields[1].kind", "message": `"zzz" is not a valid choice.`},
			}},
		{"Bad cc_emails", func(b map[string]any) { b["cc_emails"] = []any{"tom.smykowski@", "ok@example.com"} },
			[]fe{{"field": "cc_emails[0]", "message": "Enter a valid email address."}}},
		{"Bad requester email", func(b map[string]any) { b["requester_email"] = "tps.reports" },
			[]fe{{"field": "requester_email", "message": "Enter a valid email address."}}},
		{"bad packet key", func(b map[string]any) { packetN(b, 0)["key"] = "signer 1!" },
			[]fe{{"field": "packets[0].key", "message": "Enter a valid key consisting of letters, numbers, underscores or hyphens."}}},
		{"short packet key", func(b map[string]any) { packetN(b, 0)["key"] = "s" },
			[]fe{{"field": "packets[0].key", "message": "Ensure this field has at least 2 characters."}}},
		{"long document key", func(b map[string]any) { doc0(b)["key"] = "much-too-long-key" },
			[]fe{{"field": "documents[0].key", "message": "Ensure this field has no more than 12 characters."}}},
		{"two file sources", func(b map[string]any) { doc0(b)["file_b64"] = "JVBERi0xLjQK" },
			[]fe{{"field": "documents[0]", "message": "Only one of file_url, file_b64 or file_index may be given."}}},
		{"no file source", func(b map[string]any) { delete(doc0(b), "file_url") },
			[]fe{{"field": "documents[0]", "message": "One of file_url, file_b64 or file_index is required."}}},
		{"file_index without upload", func(b map[string]any) { delete(doc0(b), "file_url"); doc0(b)["file_index"] = 0 },
			[]fe{{"field": "documents[0].file_index", "message": "file_index can only be used when uploading files with multipart/form-data."}}},
		{"bad base64", func(b map[string]any) { delete(doc0(b), "file_url"); doc0(b)["file_b64"] = "%%%" },
			[]fe{{"field": "documents[0].file_b64", "message": "Invalid base64 data."}}},
		{"bad file_url", func(b map[string]any) { doc0(b)["file_url"] = "ftp://example.com/a.pdf" },
			[]fe{{"field": "documents[0].file_url", "message": "Enter a valid URL."}}},
		{"bad status", func(b map[string]any) { b["status"] = "se" },
			[]fe{{"field": "status", "message": `"se" is not a valid choice.`}}},
		{"unknown person", func(b map[string]any) { packetN(b, 1)["person_id"] = "497f6eca-6276-4993-bfeb-53cbbbba6f08" },
			[]fe{{"field": "packets[1].person_id", "message": `Invalid pk "497f6eca-6276-4993-bfeb-53cbbbba6f08" - object does not exist.`}}},
		{"wrong type", func(b map[string]any) { b["packets"] = "signer-1" },
			[]fe{{"field": "packets", "message": `Expected a list of items but got type "str".`}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := validBundle()
			tc.mutate(body)
			resp := rawJSON(t, srv, "POST", "bundles/", body)
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
			var want []any
			for _, e := range tc.errors {
				want = append(want, e)
			}
			assert.Equal(t, map[string]any{"code": "invalid", "message": "The request contained invalid input.", "errors": want}, resp.JSON(t))
		})
	}
	t.Run("nothing was created", func(t *testing.T) {
		bs, _, err := srv.Client().Bundles.List(ctxT(t), nil)
		require.NoError(t, err)
		assert.Empty(t, bs)
	})
	t.Run("the base request is valid", func(t *testing.T) {
		resp := rawJSON(t, srv, "POST", "bundles/", validBundle())
		require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
		assert.Equal(t, "se", resp.JSON(t)["status"])
	})
	t.Run("malformed JSON", func(t *testing.T) {
		resp := rawJSON(t, srv, "POST", "bundles/", `{"packets": [`)
		require.Equal(t, http.StatusBadRequest, resp.Status)
		m := resp.JSON(t)
		assert.Equal(t, "parse_error", m["code"])
		assert.True(t, strings.HasPrefix(m["message"].(string), "JSON parse error - "))
	})
	t.Run("unsupported media type", func(t *testing.T) {
		resp := raw(t, srv, "POST", "bundles/", "text/plain", []byte("hello"))
		require.Equal(t, http.StatusUnsupportedMediaType, resp.Status)
		assert.Equal(t, "unsupported_media_type", resp.JSON(t)["code"])
	})
}

// TestMultipartErrors covers the multipart form of POST /bundles/.
func TestMultipartErrors(t *testing.T) {
	srv := blueinktest.NewServer(t)
	send := func(t *testing.T, request any, files map[string][]byte) rawResponse {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		if request != nil {
			js, _ := json.Marshal(request)
			require.NoError(t, mw.WriteField("bundle_request", string(js)))
		}
		for name, content := range files {
			w, err := mw.CreateFormFile(name, "upload.pdf")
			require.NoError(t, err)
			_, _ = w.Write(content)
		}
		require.NoError(t, mw.Close())
		return raw(t, srv, "POST", "bundles/", mw.FormDataContentType(), buf.Bytes())
	}
	withIndex := func(idx int) map[string]any {
		b := validBundle()
		delete(doc0(b), "file_url")
		doc0(b)["file_index"] = idx
		return b
	}
	pdf := blueinktest.PDF("upload")

	t.Run("unknown file_index", func(t *testing.T) {
		resp := send(t, withIndex(1), map[string][]byte{"files[0]": pdf})
		require.Equal(t, http.StatusBadRequest, resp.Status)
		assert.Equal(t, []any{map[string]any{"field": "documents[0].file_index", "message": "No file was uploaded as files[1]."}}, resp.JSON(t)["errors"])
	})
	t.Run("two file sources", func(t *testing.T) {
		b := withIndex(0)
		doc0(b)["file_url"] = "https://example.com/a.pdf"
		resp := send(t, b, map[string][]byte{"files[0]": pdf})
		require.Equal(t, http.StatusBadRequest, resp.Status)
		assert.Equal(t, "documents[0]", resp.JSON(t)["errors"].([]any)[0].(map[string]any)["field"])
	})
	t.Run("missing bundle_request", func(t *testing.T) {
		resp := send(t, nil, map[string][]byte{"files[0]": pdf})
		require.Equal(t, http.StatusBadRequest, resp.Status)
		assert.Equal(t, []any{map[string]any{"field": "bundle_request", "message": "This field is required."}}, resp.JSON(t)["errors"])
	})
	t.Run("a file part without a file name counts", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		js, _ := json.Marshal(withIndex(0))
		require.NoError(t, mw.WriteField("bundle_request", string(js)))
		require.NoError(t, mw.WriteField("files[0]", string(pdf)))
		require.NoError(t, mw.Close())
		resp := raw(t, srv, "POST", "bundles/", mw.FormDataContentType(), buf.Bytes())
		require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
		assert.Equal(t, "se", resp.JSON(t)["status"], "a PDF")
		assert.Equal(t, "w9.pdf", resp.JSON(t)["documents"].([]any)[0].(map[string]any)["name"])
	})
	t.Run("plain files parts are indexed in order", func(t *testing.T) {
		resp := send(t, withIndex(0), map[string][]byte{"files": pdf})
		require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
		assert.Equal(t, "upload.pdf", resp.JSON(t)["documents"].([]any)[0].(map[string]any)["name"])
	})
	t.Run("a file that is not a PDF fails the bundle asynchronously", func(t *testing.T) {
		resp := send(t, withIndex(0), map[string][]byte{"files[0]": []byte("GIF89a")})
		require.Equal(t, http.StatusCreated, resp.Status)
		m := resp.JSON(t)
		assert.Equal(t, "fa", m["status"])
		assert.Equal(t, []any{map[string]any{"code": "invalid", "message": "The bundle could not be created: document processing failed.",
			"errors": []any{map[string]any{"field": "documents[0]", "messsage": "The document could not be processed: it is not a PDF file."}}}}, m["errors"])
	})
}

// TestErrorsDecodeIntoAPIError checks that the fake's 400, 404 and 409
// answers reach client code as *blueink.APIError with every field set.
func TestErrorsDecodeIntoAPIError(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	ctx := ctxT(t)

	t.Run("400", func(t *testing.T) {
		req := simpleRequest("tmpl")
		req.Documents = []blueink.RequestDocument{&blueink.TemplateRequest{Key: "msa", TemplateID: "no-such-template",
			Assignments: []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}}}}
		_, resp, err := c.Bundles.Create(ctx, req)
		var apiErr *blueink.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.ErrorIs(t, err, blueink.ErrBadRequest)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
		assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
		assert.Equal(t, "POST", apiErr.Method)
		assert.Equal(t, "invalid", apiErr.Code)
		assert.Equal(t, "The request contained invalid input.", apiErr.Message)
		assert.Equal(t, []blueink.FieldError{{Field: "documents[0].template_id", Message: `Invalid pk "no-such-template" - object does not exist.`}}, apiErr.Fields)
		assert.Contains(t, apiErr.Error(), "documents[0].template_id")
	})
	t.Run("404", func(t *testing.T) {
		_, _, err := c.Bundles.Get(ctx, "doesNotExist")
		var apiErr *blueink.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.ErrorIs(t, err, blueink.ErrNotFound)
		assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
		assert.Equal(t, "not_found", apiErr.Code)
		assert.Equal(t, "Not found.", apiErr.Message)
		assert.Empty(t, apiErr.Fields)
	})
	t.Run("409", func(t *testing.T) {
		b, _, err := c.Bundles.Create(ctx, simpleRequest("to complete"))
		require.NoError(t, err)
		require.NoError(t, srv.Complete(ctx, b.ID))
		_, _, err = c.Bundles.Cancel(ctx, b.ID)
		var apiErr *blueink.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.ErrorIs(t, err, blueink.ErrConflict)
		assert.Equal(t, http.StatusConflict, apiErr.StatusCode)
		assert.Equal(t, "conflict", apiErr.Code)
		assert.Equal(t, `Cannot cancel the bundle, probably because it is completed (status "co").`, apiErr.Message)
		_, _, err = c.Bundles.Send(ctx, b.ID)
		assert.ErrorIs(t, err, blueink.ErrConflict)
		_, err = c.Bundles.Delete(ctx, b.ID)
		assert.ErrorIs(t, err, blueink.ErrConflict)
		_, _, err = c.Packets.Remind(ctx, b.Packets[0].ID)
		assert.ErrorIs(t, err, blueink.ErrConflict)
		_, err = c.Bundles.GenerateInterimFiles(ctx, b.ID)
		assert.ErrorIs(t, err, blueink.ErrConflict)
	})
	t.Run("404 on every resource", func(t *testing.T) {
		for _, call := range []func() error{
			func() error { _, _, err := c.Packets.Get(ctx, "nope"); return err },
			func() error { _, _, err := c.Persons.Get(ctx, "nope"); return err },
			func() error { _, _, err := c.Templates.Get(ctx, "nope"); return err },
			func() error { _, _, err := c.EnvelopeTemplates.Get(ctx, "nope"); return err },
			func() error { _, _, err := c.Webhooks.Get(ctx, "nope"); return err },
			func() error { _, _, err := c.Webhooks.GetExtraHeader(ctx, "nope"); return err },
			func() error { _, _, err := c.Webhooks.GetEvent(ctx, "nope"); return err },
			func() error { _, _, err := c.Webhooks.GetDelivery(ctx, "nope"); return err },
			func() error { _, err := c.Persons.Delete(ctx, "nope"); return err },
			func() error { _, err := c.Templates.Delete(ctx, "nope"); return err },
		} {
			assert.ErrorIs(t, call(), blueink.ErrNotFound)
		}
	})
	t.Run("405 and unknown paths", func(t *testing.T) {
		resp := raw(t, srv, "PUT", "bundles/", "", nil)
		require.Equal(t, http.StatusMethodNotAllowed, resp.Status)
		assert.Equal(t, "GET, POST", resp.Header.Get("Allow"))
		assert.Equal(t, "method_not_allowed", resp.JSON(t)["code"])
		for _, p := range []string{"nothing/", "bundles", "bundles/x/unknown/"} {
			resp = raw(t, srv, "GET", p, "", nil)
			assert.Equal(t, http.StatusNotFound, resp.Status, p)
			assert.Equal(t, "not_found", resp.JSON(t)["code"], p)
		}
	})
	t.Run("400 from the other validators", func(t *testing.T) {
		signer := map[string]any{"key": "signer-1", "name": "Ann", "email": "ann@example.com"}
		type check struct {
			method, path string
			body         any
			field        string
		}
		for _, ck := range []check{
			{"POST", "persons/", map[string]any{"channels": []any{map[string]any{"kind": "em", "email": "x"}}}, "channels[0].email"},
			{"POST", "persons/", map[string]any{"channels": []any{map[string]any{"kind": "fax"}}}, "channels[0].kind"},
			{"POST", "webhooks/", map[string]any{"name": "n", "url": "not a url"}, "url"},
			{"POST", "webhooks/", map[string]any{"name": "n", "url": "https://example.com", "event_types": []any{"bundle_archived"}}, "event_types[0]"},
			{"POST", "webhooks/", map[string]any{"name": " ", "url": "https://example.com"}, "name"},
			{"POST", "webhooks/headers/", map[string]any{"webhook": "nope", "name": "X", "value": "v"}, "webhook"},
			{"POST", "bundles/", map[string]any{"packets": []any{signer}, "documents": []any{map[string]any{"file_url": "https://e.com/a.pdf"}},
				"envelope_template": map[string]any{"template_id": "nope"}}, "documents"},
			{"POST", "bundles/", map[string]any{"packets": []any{signer}, "envelope_template": map[string]any{"template_id": "nope"}}, "envelope_template.template_id"},
			{"POST", "bundles/create_from_envelope_template/", map[string]any{"packets": []any{signer}}, "envelope_template"},
			{"POST", "templates/preparation_session/", map[string]any{"team": "sales"}, "team"},
			{"POST", "verify/", map[string]any{"hash": "abc"}, "hash"},
			{"GET", "bundles/?status=zz", nil, "status"},
			{"GET", "bundles/?created_after=yesterday", nil, "created_after"},
			{"GET", "webhooks/?enabled=maybe", nil, "enabled"},
			{"GET", "webhooks/events/?status=abc", nil, "status"},
		} {
			resp := rawJSON(t, srv, ck.method, ck.path, ck.body)
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s %s: %s", ck.method, ck.path, resp.Body)
			m := resp.JSON(t)
			assert.Equal(t, "invalid", m["code"])
			assert.Equal(t, ck.field, m["errors"].([]any)[0].(map[string]any)["field"], "%s %s", ck.method, ck.path)
		}
	})
}

// TestPartialPatchExtraHeader: a PATCH carrying only the value keeps the
// name (sent raw: the client's WebhookExtraHeader always encodes "name").
func TestPartialPatchExtraHeader(t *testing.T) {
	srv := blueinktest.NewServer(t)
	c := srv.Client()
	wh := subscribe(t, c, "https://example.com/hook")
	h, _, err := c.Webhooks.CreateExtraHeader(ctxT(t), &blueink.WebhookExtraHeader{Webhook: wh.ID, Name: "X-Token", Value: "a", Order: 3})
	require.NoError(t, err)
	resp := rawJSON(t, srv, "PATCH", "webhooks/headers/"+h.ID+"/", map[string]any{"value": "b"})
	require.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, map[string]any{"id": h.ID, "webhook": wh.ID, "name": "X-Token", "value": "b", "order": 3.0}, resp.JSON(t))
	resp = rawJSON(t, srv, "PATCH", "webhooks/headers/"+h.ID+"/", map[string]any{"name": "", "value": "c"})
	require.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, []any{map[string]any{"field": "name", "message": "This field may not be blank."}}, resp.JSON(t)["errors"])
}

func TestWebhookSecretNotGenerated(t *testing.T) {
	srv := blueinktest.NewServer(t, blueinktest.WithWebhookSecret(""))
	c := srv.Client()
	_, _, err := c.Webhooks.GetSecret(ctxT(t))
	var apiErr *blueink.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "Shared secret has not been generated yet.", apiErr.Message)
	s, _, err := c.Webhooks.RegenerateSecret(ctxT(t))
	require.NoError(t, err)
	assert.Len(t, s.Secret.Reveal(), 32)
	got, _, err := c.Webhooks.GetSecret(ctxT(t))
	require.NoError(t, err)
	assert.Equal(t, s.Secret.Reveal(), got.Secret.Reveal())
}
