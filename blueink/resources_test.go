package blueink_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/esignkit/esign/blueink"
)

func TestPacketsGet(t *testing.T) {
	w := newWire(t)
	w.on("GET", "packets/1WpOeqB3KY/", 200, fixture(t, "packet.json"))
	p, _, err := w.c.Packets.Get(context.Background(), "1WpOeqB3KY")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/packets/1WpOeqB3KY/", "")
	checkPacket(chk{t}, p)
}

func TestPacketsUpdate(t *testing.T) {
	w := newWire(t)
	w.on("PATCH", "packets/1WpOeqB3KY/", 200, fixture(t, "packet.json"))
	p, _, err := w.c.Packets.Update(context.Background(), "1WpOeqB3KY", &blueink.PacketUpdate{
		Phone: "505 555 1234", AuthSelfie: wptr(true), AuthID: wptr(false), DeliverVia: blueink.DeliverViaPhone,
	})
	chk{t}.noErr(err)
	r := w.only("PATCH", "/api/v2/packets/1WpOeqB3KY/", "")
	chk{t}.jsonEq(r.Body, `{"phone":"505 555 1234","auth_selfie":true,"auth_id":false,"deliver_via":"phone"}`, "body")
	checkPacket(chk{t}, p)

	_, _, err = w.c.Packets.Update(context.Background(), "1WpOeqB3KY", &blueink.PacketUpdate{DeliverVia: blueink.DeliverViaEmbed})
	chk{t}.errIs(err, blueink.ErrValidation)
	_, _, err = w.c.Packets.Update(context.Background(), "1WpOeqB3KY", nil)
	chk{t}.errIs(err, blueink.ErrValidation)
	chk{t}.eq(len(w.requests()), 1, "requests after invalid calls")
}

func TestPacketsEmbedURL(t *testing.T) {
	w := newWire(t)
	w.on("POST", "packets/1WpOeqB3KY/embed_url/", 201, fixture(t, "embed_url.json"))
	u, resp, err := w.c.Packets.EmbedURL(context.Background(), "1WpOeqB3KY")
	chk{t}.noErr(err)
	w.only("POST", "/api/v2/packets/1WpOeqB3KY/embed_url/", "")
	chk{t}.eq(resp.StatusCode, 201, "status")
	chk{t}.eq(u.URL, "https://app.blueink.com/embed/s/1WpOeqB3KY/?t=eyJhbGciOi", "url")
	chk{t}.timeEq(u.Expires, "2024-10-02T09:20:00Z", "expires")
}

func TestPacketsRemind(t *testing.T) {
	w := newWire(t)
	w.on("PUT", "packets/1WpOeqB3KY/remind/", 200, fixture(t, "packet.json"))
	p, _, err := w.c.Packets.Remind(context.Background(), "1WpOeqB3KY")
	chk{t}.noErr(err)
	w.only("PUT", "/api/v2/packets/1WpOeqB3KY/remind/", "")
	checkPacket(chk{t}, p)
}

func TestPacketsCertificate(t *testing.T) {
	w := newWire(t)
	w.on("GET", "packets/1WpOeqB3KY/coe/", 200, fixture(t, "coe.json"))
	coe, _, err := w.c.Packets.Certificate(context.Background(), "1WpOeqB3KY")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/packets/1WpOeqB3KY/coe/", "")
	chk{t}.eq(coe.FileURL, "https://blueink-files.s3.amazonaws.com/coe/1WpOeqB3KY.pdf", "file_url")
	chk{t}.eq(coe.SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "sha256")
	chk{t}.timeEq(coe.Expires, "2024-10-03T10:10:00Z", "expires")
}

func TestTemplatesList(t *testing.T) {
	w := newWire(t)
	w.on("GET", "templates/", 200, listOf(t, "template.json"), "X-Blueink-Pagination", "1,1,50,1")
	ts, resp, err := w.c.Templates.List(context.Background(), &blueink.ListOptions{PerPage: 50})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/templates/", "per_page=50")
	chk{t}.eq(len(ts), 1, "templates")
	checkTemplate(chk{t}, ts[0])
	chk{t}.eq(resp.Pagination.TotalResults, 1, "total results")
}

// The 2.2.3 spec and the API reference's sample answer GET /templates/
// with one DocumentTemplate object, not an array: that answer is a page of
// one template, for List and All alike. Anything else still fails.
func TestTemplatesListOneObject(t *testing.T) {
	w := newWire(t)
	w.on("GET", "templates/", 200, fixture(t, "template.json"))
	ts, _, err := w.c.Templates.List(context.Background(), nil)
	chk{t}.noErr(err)
	chk{t}.eq(len(ts), 1, "templates")
	checkTemplate(chk{t}, ts[0])

	var all []*blueink.Template
	for tpl, err := range w.c.Templates.All(context.Background(), nil) {
		chk{t}.noErr(err)
		all = append(all, tpl)
	}
	chk{t}.eq(len(all), 1, "templates iterated")

	// One odd value in the object: the template is kept, the value listed
	// (a client without the tests' strict decoding).
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", wireBase+"templates/", func(req *http.Request) (*http.Response, error) {
		return newResp(req, 200, strings.Replace(fixture(t, "template.json"), `"is_shared": false`, `"is_shared": "no"`, 1)), nil
	})
	lenient, err := blueink.NewClient(wireKey, blueink.WithBaseURL(wireBase), blueink.WithHTTPClient(&http.Client{Transport: mt}))
	chk{t}.noErr(err)
	ts, resp, err := lenient.Templates.List(context.Background(), nil)
	chk{t}.noErr(err)
	chk{t}.eq(len(ts), 1, "templates")
	chk{t}.eq(ts[0].Name, "Services Agreement", "name")
	issues := resp.DecodeIssues
	chk{t}.truef(len(issues) == 1 && issues[0].Path == "is_shared", "issues %v", issues)

	for body, want := range map[string]int{"[]": 0} {
		w := newWire(t)
		w.on("GET", "templates/", 200, body)
		ts, _, err := w.c.Templates.List(context.Background(), nil)
		chk{t}.noErr(err)
		chk{t}.eq(len(ts), want, body)
	}
	// null or nothing where the list is expected says nothing about it.
	for _, body := range []string{`"templates"`, `42`, `{"id":`, `null`, ``} {
		w := newWire(t)
		w.on("GET", "templates/", 200, body)
		_, _, err := w.c.Templates.List(context.Background(), nil)
		var de *blueink.DecodeError
		chk{t}.truef(errors.As(err, &de), "%s: error %v", body, err)
	}
}

func TestTemplatesGet(t *testing.T) {
	w := newWire(t)
	w.on("GET", "templates/412acd04-ccec-4e74-b695-cff8f6163b40/", 200, fixture(t, "template.json"))
	tpl, _, err := w.c.Templates.Get(context.Background(), "412acd04-ccec-4e74-b695-cff8f6163b40")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/templates/412acd04-ccec-4e74-b695-cff8f6163b40/", "")
	checkTemplate(chk{t}, tpl)
}

func TestTemplatesUpdate(t *testing.T) {
	w := newWire(t)
	w.on("PATCH", "templates/412acd04-ccec-4e74-b695-cff8f6163b40/", 200, fixture(t, "template.json"))
	tpl, _, err := w.c.Templates.Update(context.Background(), "412acd04-ccec-4e74-b695-cff8f6163b40",
		&blueink.TemplateUpdate{Metadata: map[string]any{"department": "legal"}})
	chk{t}.noErr(err)
	r := w.only("PATCH", "/api/v2/templates/412acd04-ccec-4e74-b695-cff8f6163b40/", "")
	chk{t}.jsonEq(r.Body, `{"metadata":{"department":"legal"}}`, "body")
	checkTemplate(chk{t}, tpl)
}

// DELETE /templates/{id}/ (BlueInk's JS client 1.4.0): 204, and a shared
// template's 403 is ErrForbidden.
func TestTemplatesDelete(t *testing.T) {
	w := newWire(t)
	w.on("DELETE", "templates/412acd04-ccec-4e74-b695-cff8f6163b40/", 204, "")
	_, err := w.c.Templates.Delete(context.Background(), "412acd04-ccec-4e74-b695-cff8f6163b40")
	chk{t}.noErr(err)
	w.only("DELETE", "/api/v2/templates/412acd04-ccec-4e74-b695-cff8f6163b40/", "")

	w = newWire(t)
	w.on("DELETE", "templates/shared-1/", 403, `{"code":"permission_denied","message":"Globally shared templates cannot be deleted."}`)
	_, err = w.c.Templates.Delete(context.Background(), "shared-1")
	chk{t}.errIs(err, blueink.ErrForbidden)
}

// POST /templates/preparation_session/ (BlueInk's JS 1.4.0 and .NET
// clients) sends the set fields, allowed_data_flow_tags only when non-nil
// ([] when empty: no tags allowed), and decodes the session.
func TestTemplatesCreatePreparationSession(t *testing.T) {
	for name, tc := range map[string]struct {
		req  blueink.TemplatePreparationSessionRequest
		body string
	}{
		"new template": {blueink.TemplatePreparationSessionRequest{RedirectURL: "https://example.com/done", Team: "95527efb-6695-4aae-916e-c9869b1fb2bd",
			Library: "lib-1", Metadata: map[string]any{"region": "us"}, AllowedDataFlowTags: []string{"acme:*", "crm_id"}},
			`{"redirect_url":"https://example.com/done","team":"95527efb-6695-4aae-916e-c9869b1fb2bd","library":"lib-1",` +
				`"metadata":{"region":"us"},"allowed_data_flow_tags":["acme:*","crm_id"]}`},
		"edit, no tags": {blueink.TemplatePreparationSessionRequest{TemplateID: "412acd04-ccec-4e74-b695-cff8f6163b40", AllowedDataFlowTags: []string{}},
			`{"template_id":"412acd04-ccec-4e74-b695-cff8f6163b40","allowed_data_flow_tags":[]}`},
		"defaults": {blueink.TemplatePreparationSessionRequest{}, `{}`},
	} {
		t.Run(name, func(t *testing.T) {
			w := newWire(t)
			w.on("POST", "templates/preparation_session/", 201, fixture(t, "preparation_session.json"))
			s, _, err := w.c.Templates.CreatePreparationSession(context.Background(), &tc.req)
			chk{t}.noErr(err)
			r := w.only("POST", "/api/v2/templates/preparation_session/", "")
			chk{t}.jsonEq(r.Body, tc.body, "body")
			chk{t}.eq(s.URL, "https://app.blueink.com/embed/prep/0f6e5d4c/", "url")
			chk{t}.timeEq(s.Expires, "2024-10-01T16:43:08Z", "expires")
		})
	}
	_, _, err := newWire(t).c.Templates.CreatePreparationSession(context.Background(), nil)
	chk{t}.errIs(err, blueink.ErrValidation)
}

func TestEnvelopeTemplatesList(t *testing.T) {
	w := newWire(t)
	w.on("GET", "envelope-templates/", 200, listOf(t, "envelope_template.json"))
	ts, _, err := w.c.EnvelopeTemplates.List(context.Background(), &blueink.ListOptions{Page: 3, PerPage: 10})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/envelope-templates/", "page=3&per_page=10")
	chk{t}.eq(len(ts), 1, "envelope templates")
	checkEnvelopeTemplate(chk{t}, ts[0])
}

func TestEnvelopeTemplatesGet(t *testing.T) {
	w := newWire(t)
	w.on("GET", "envelope-templates/T-abc123def/", 200, fixture(t, "envelope_template.json"))
	et, _, err := w.c.EnvelopeTemplates.Get(context.Background(), "T-abc123def")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/envelope-templates/T-abc123def/", "")
	checkEnvelopeTemplate(chk{t}, et)
}

const personRequestJSON = `{"name":"Tom Jones","metadata":{"occupation":"legend"},
	"channels":[{"kind":"em","email":"tom.jones@example.com"},{"kind":"mp","phone":"505 555 1234"}]}`

func personRequest() *blueink.PersonRequest {
	return &blueink.PersonRequest{
		Name: "Tom Jones", Metadata: map[string]any{"occupation": "legend"},
		Channels: []blueink.ContactChannel{
			{Kind: blueink.ChannelEmail, Email: "tom.jones@example.com"},
			{Kind: blueink.ChannelMobilePhone, Phone: "505 555 1234"},
		},
	}
}

func TestPersonsList(t *testing.T) {
	w := newWire(t)
	w.on("GET", "persons/", 200, listOf(t, "person.json"), "X-Blueink-Pagination", "1,1,100,1")
	ps, _, err := w.c.Persons.List(context.Background(), &blueink.PersonListOptions{Search: "Tom Jones", ListOptions: blueink.ListOptions{PerPage: 100}})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/persons/", "per_page=100&search=Tom+Jones")
	chk{t}.eq(len(ps), 1, "persons")
	checkPerson(chk{t}, ps[0])
}

func TestPersonsCreate(t *testing.T) {
	w := newWire(t)
	w.on("POST", "persons/", 201, fixture(t, "person.json"))
	p, resp, err := w.c.Persons.Create(context.Background(), personRequest())
	chk{t}.noErr(err)
	r := w.only("POST", "/api/v2/persons/", "")
	chk{t}.jsonEq(r.Body, personRequestJSON, "body")
	chk{t}.eq(resp.StatusCode, 201, "status")
	checkPerson(chk{t}, p)

	bad := personRequest()
	bad.Channels[0].Email = "not an email"
	_, _, err = w.c.Persons.Create(context.Background(), bad)
	chk{t}.errIs(err, blueink.ErrValidation)
	_, _, err = w.c.Persons.Create(context.Background(), &blueink.PersonRequest{Channels: []blueink.ContactChannel{{Kind: "fax"}}})
	chk{t}.errIs(err, blueink.ErrValidation)
	chk{t}.eq(len(w.requests()), 1, "requests after invalid calls")
}

func TestPersonsGet(t *testing.T) {
	w := newWire(t)
	w.on("GET", "persons/497f6eca-6276-4993-bfeb-53cbbbba6f08/", 200, fixture(t, "person.json"))
	p, _, err := w.c.Persons.Get(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/persons/497f6eca-6276-4993-bfeb-53cbbbba6f08/", "")
	checkPerson(chk{t}, p)
}

func TestPersonsUpdateAndPatch(t *testing.T) {
	for _, method := range []string{"PUT", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			w := newWire(t)
			w.on(method, "persons/497f6eca-6276-4993-bfeb-53cbbbba6f08/", 200, fixture(t, "person.json"))
			var p *blueink.Person
			var err error
			if method == "PUT" {
				p, _, err = w.c.Persons.Update(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08", personRequest())
			} else {
				p, _, err = w.c.Persons.Patch(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08", personRequest())
			}
			chk{t}.noErr(err)
			r := w.only(method, "/api/v2/persons/497f6eca-6276-4993-bfeb-53cbbbba6f08/", "")
			chk{t}.jsonEq(r.Body, personRequestJSON, "body")
			checkPerson(chk{t}, p)
		})
	}
}

func TestPersonsDelete(t *testing.T) {
	w := newWire(t)
	w.on("DELETE", "persons/497f6eca-6276-4993-bfeb-53cbbbba6f08/", 204, "")
	resp, err := w.c.Persons.Delete(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08")
	chk{t}.noErr(err)
	w.only("DELETE", "/api/v2/persons/497f6eca-6276-4993-bfeb-53cbbbba6f08/", "")
	chk{t}.eq(resp.StatusCode, 204, "status")
}

func TestVerify(t *testing.T) {
	const digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	w := newWire(t)
	w.on("POST", "verify/", 200, fixture(t, "verify.json"))
	v, _, err := w.c.Verify(context.Background(), digest)
	chk{t}.noErr(err)
	r := w.only("POST", "/api/v2/verify/", "")
	chk{t}.jsonEq(r.Body, `{"hash":"`+digest+`"}`, "body")
	checkVerify(chk{t}, v)

	for _, bad := range []string{"", "abc", digest[:63] + "z", digest + "00"} {
		_, _, err = w.c.Verify(context.Background(), bad)
		chk{t}.errIs(err, blueink.ErrValidation)
	}
	chk{t}.eq(len(w.requests()), 1, "requests after invalid calls")
}
