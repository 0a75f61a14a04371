package blueink_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/esignkit/esign/blueink"
)

// A request in the shape of BlueInk's Postman "Create Bundle w/ Template".
func sampleRequest() *blueink.BundleRequest {
	return &blueink.BundleRequest{
		Label:          "label here",
		EmailSubject:   "eSignature Request",
		EmailMessage:   "Here are the TPS reports that need your signature.",
		RequesterName:  "Bill Lumbergh",
		RequesterEmail: "tps.reports@example.com",
		CCEmails:       []string{"tom.smykowski@example.com"},
		IsTest:         true,
		Packets: []blueink.PacketRequest{{
			Key: "signer-1", Name: "Peter Gibbons", Email: "peter.gibbons@example.com", Phone: "505 555 1234",
			AuthSMS: true, AuthSelfie: true, DeliverVia: blueink.DeliverViaEmail,
		}},
		Documents: []blueink.RequestDocument{
			&blueink.DocumentRequest{Key: "w9", FileURL: "https://www.irs.gov/pub/irs-pdf/fw9.pdf", Fields: []blueink.DocumentRequestField{
				{Kind: blueink.FieldInput, Key: "inp-name", Label: "Your Name", Page: 1, X: 15, Y: 60, W: 20, H: 3,
					VPattern: blueink.PatternEmail, VMin: 2, VMax: 30, Editors: []string{"signer-1"}},
				{Kind: blueink.FieldSignature, Key: "sig-01", Label: "Your Signature", Page: 1, X: 15, Y: 68, W: 30, H: 12,
					Editors: []string{"signer-1"}},
			}},
			&blueink.TemplateRequest{Key: "doc-02", TemplateID: "412acd04-ccec-4e74-b695-cff8f6163b40",
				Assignments: []blueink.TemplateAssignment{{Role: "customer", Signer: "signer-1"}},
				FieldValues: []blueink.TemplateFieldValue{{Key: "inp-200", InitialValue: "ACME Inc"}}},
		},
	}
}

const sampleRequestJSON = `{
  "label": "label here",
  "email_subject": "eSignature Request",
  "email_message": "Here are the TPS reports that need your signature.",
  "requester_name": "Bill Lumbergh",
  "requester_email": "tps.reports@example.com",
  "cc_emails": ["tom.smykowski@example.com"],
  "is_test": true,
  "packets": [{"key": "signer-1", "name": "Peter Gibbons", "email": "peter.gibbons@example.com",
    "phone": "505 555 1234", "auth_sms": true, "auth_selfie": true, "deliver_via": "email"}],
  "documents": [
    {"key": "w9", "file_url": "https://www.irs.gov/pub/irs-pdf/fw9.pdf", "fields": [
      {"kind": "inp", "key": "inp-name", "label": "Your Name", "page": 1, "x": 15, "y": 60, "w": 20, "h": 3,
       "v_pattern": "email", "v_min": 2, "v_max": 30, "editors": ["signer-1"]},
      {"kind": "sig", "key": "sig-01", "label": "Your Signature", "page": 1, "x": 15, "y": 68, "w": 30, "h": 12,
       "editors": ["signer-1"]}]},
    {"key": "doc-02", "template_id": "412acd04-ccec-4e74-b695-cff8f6163b40",
     "assignments": [{"role": "customer", "signer": "signer-1"}],
     "field_values": [{"key": "inp-200", "initial_value": "ACME Inc"}]}
  ]
}`

func TestBundlesList(t *testing.T) {
	w := newWire(t)
	c := chk{t}
	w.on("GET", "bundles/", 200, listOf(t, "bundle.json"), "X-Blueink-Pagination", "2,7,1,7", "X-Request-Id", "req-81f")
	opts := &blueink.BundleListOptions{
		ListOptions: blueink.ListOptions{Page: 2, PerPage: 1},
		Search:      "Gibbons", Status: blueink.BundleComplete,
		StatusIn: []blueink.BundleStatus{blueink.BundleSent, blueink.BundleComplete},
		Tag:      "needs-attention", TagIn: []string{"q4", "tps"},
		Ordering:     blueink.OrderCompletedAtDesc,
		CreatedAfter: blueink.Date{Year: 2024, Month: 10, Day: 1}, CreatedBefore: blueink.Date{Year: 2024, Month: 10, Day: 8},
		SentAfter: blueink.Date{Year: 2024, Month: 10, Day: 2}, SentBefore: blueink.Date{Year: 2024, Month: 10, Day: 9},
		CompletedAfter: blueink.Date{Year: 2024, Month: 10, Day: 3}, CompletedBefore: blueink.Date{Year: 2024, Month: 10, Day: 10},
		Template: "412acd04-ccec-4e74-b695-cff8f6163b40",
	}
	bundles, resp, err := w.c.Bundles.List(context.Background(), opts)
	c.noErr(err)
	w.only("GET", "/api/v2/bundles/",
		"completed_after=2024-10-03&completed_before=2024-10-10&created_after=2024-10-01&created_before=2024-10-08"+
			"&ordering=-completed_at&page=2&per_page=1&search=Gibbons&sent_after=2024-10-02&sent_before=2024-10-09"+
			"&status=co&status__in=se%2Cco&tag=needs-attention&tag__in=q4%2Ctps&template=412acd04-ccec-4e74-b695-cff8f6163b40")
	if len(bundles) != 1 {
		t.Fatalf("got %d bundles", len(bundles))
	}
	checkBundle(c, bundles[0])
	c.eq(*resp.Pagination, blueink.Pagination{Page: 2, TotalPages: 7, PerPage: 1, TotalResults: 7}, "pagination")
	c.eq(resp.RequestID, "req-81f", "request id")
	c.eq(opts.Page, 2, "caller's options untouched")
}

func TestBundlesListNoOptions(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/", 200, `[]`)
	bundles, resp, err := w.c.Bundles.List(context.Background(), nil)
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/bundles/", "")
	chk{t}.eq(len(bundles), 0, "bundles")
	chk{t}.truef(resp.Pagination == nil, "no header, no pagination")
}

func TestBundlesListRejectsBadPaging(t *testing.T) {
	w := newWire(t)
	for _, o := range []blueink.ListOptions{{PerPage: 101}, {PerPage: -1}, {Page: -2}} {
		_, _, err := w.c.Bundles.List(context.Background(), &blueink.BundleListOptions{ListOptions: o})
		chk{t}.errIs(err, blueink.ErrValidation)
	}
	chk{t}.eq(len(w.requests()), 0, "requests sent")
}

func TestBundlesCreate(t *testing.T) {
	w := newWire(t)
	c := chk{t}
	w.on("POST", "bundles/", 201, fixture(t, "bundle.json"))
	b, resp, err := w.c.Bundles.Create(context.Background(), sampleRequest())
	c.noErr(err)
	r := w.only("POST", "/api/v2/bundles/", "")
	c.jsonEq(r.Body, sampleRequestJSON, "body")
	c.eq(resp.StatusCode, http.StatusCreated, "status")
	checkBundle(c, b)
}

func TestBundlesCreateDraftWithBase64(t *testing.T) {
	w := newWire(t)
	w.on("POST", "bundles/", 201, fixture(t, "bundle.json"))
	req := &blueink.BundleRequest{
		Status:    blueink.BundleDraft,
		Packets:   []blueink.PacketRequest{{Key: "signer-1", Name: "Peter", DeliverVia: blueink.DeliverViaEmbed}},
		Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "nda", FileB64: "JVBERi0xLjQK", ParseTags: true}},
	}
	_, _, err := w.c.Bundles.Create(context.Background(), req)
	chk{t}.noErr(err)
	r := w.only("POST", "/api/v2/bundles/", "")
	chk{t}.jsonEq(r.Body, `{"status":"dr","packets":[{"key":"signer-1","name":"Peter","deliver_via":"embed"}],
		"documents":[{"key":"nda","file_b64":"JVBERi0xLjQK","parse_tags":true}]}`, "body")
}

// A bundle from an envelope template is POSTed to /bundles/ with
// envelope_template in the body, as BlueInk's official JS 1.4.0 and .NET
// clients do, by CreateFromEnvelopeTemplate, Create and CreateOnce alike.
func TestBundlesCreateFromEnvelopeTemplate(t *testing.T) {
	req := func() *blueink.BundleRequest {
		return &blueink.BundleRequest{
			Label: "Onboarding paperwork", IsTest: true, CustomKey: "onb-42",
			Packets:          []blueink.PacketRequest{{Key: "sgn-1", Name: "Jane", Email: "jane@example.com"}},
			EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-abc123def", FieldValues: []blueink.TemplateFieldValue{{Key: "company_name", InitialValue: "ACME Corp"}}},
		}
	}
	for name, create := range map[string]func(*blueink.Client) (*blueink.Bundle, error){
		"CreateFromEnvelopeTemplate": func(c *blueink.Client) (*blueink.Bundle, error) {
			b, _, err := c.Bundles.CreateFromEnvelopeTemplate(context.Background(), req())
			return b, err
		},
		"Create": func(c *blueink.Client) (*blueink.Bundle, error) {
			b, _, err := c.Bundles.Create(context.Background(), req())
			return b, err
		},
		"CreateOnce": func(c *blueink.Client) (*blueink.Bundle, error) {
			b, _, err := c.Bundles.CreateOnce(context.Background(), req())
			return b, err
		},
	} {
		t.Run(name, func(t *testing.T) {
			w := newWire(t)
			c := chk{t}
			w.on("POST", "bundles/", 201, fixture(t, "bundle.json"))
			b, err := create(w.c)
			c.noErr(err)
			r := w.only("POST", "/api/v2/bundles/", "")
			c.jsonEq(r.Body, `{"label":"Onboarding paperwork","is_test":true,"custom_key":"onb-42",
				"packets":[{"key":"sgn-1","name":"Jane","email":"jane@example.com"}],
				"envelope_template":{"template_id":"T-abc123def","field_values":[{"key":"company_name","initial_value":"ACME Corp"}]}}`, "body")
			checkBundle(c, b)
		})
	}
}

func TestBundlesCreatePreparationSession(t *testing.T) {
	w := newWire(t)
	c := chk{t}
	w.on("POST", "bundles/preparation_session/", 201, fixture(t, "preparation_session.json"))
	s, _, err := w.c.Bundles.CreatePreparationSession(context.Background(), &blueink.PreparationSessionRequest{
		TemplateIDs: []string{"412acd04-ccec-4e74-b695-cff8f6163b40"}, RedirectURL: "https://example.com/prepared",
	})
	c.noErr(err)
	r := w.only("POST", "/api/v2/bundles/preparation_session/", "")
	c.jsonEq(r.Body, `{"allow_search_signers":false,"template_ids":["412acd04-ccec-4e74-b695-cff8f6163b40"],"redirect_url":"https://example.com/prepared"}`, "body")
	c.eq(s.URL, "https://app.blueink.com/embed/prep/0f6e5d4c/", "url")
	c.timeEq(s.Expires, "2024-10-01T16:43:08Z", "expires")
}

func TestBundlesGet(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/plHoBZRHwM/", 200, fixture(t, "bundle.json"))
	b, _, err := w.c.Bundles.Get(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/bundles/plHoBZRHwM/", "")
	checkBundle(chk{t}, b)
}

func TestBundlesGetFailedBundle(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/Zq81kXw0Pd/", 200, fixture(t, "bundle_failed.json"))
	b, _, err := w.c.Bundles.Get(context.Background(), "Zq81kXw0Pd")
	chk{t}.noErr(err)
	checkFailedBundle(chk{t}, b)
}

func TestBundlesGetEscapesSlug(t *testing.T) {
	w := newWire(t)
	w.onAny(404, `{"code":"not_found","message":"Not found."}`)
	_, _, err := w.c.Bundles.Get(context.Background(), "a/b?c")
	chk{t}.errIs(err, blueink.ErrNotFound)
	reqs := w.requests()
	chk{t}.eq(len(reqs), 1, "requests")
	chk{t}.eq(reqs[0].Path, "/api/v2/bundles/a/b?c/", "decoded path")
	chk{t}.eq(reqs[0].RawPath, "/api/v2/bundles/a%2Fb%3Fc/", "escaped path: one segment")
	chk{t}.eq(reqs[0].Query, "", "no query smuggled in")
}

func TestBundlesUpdate(t *testing.T) {
	w := newWire(t)
	w.on("PATCH", "bundles/plHoBZRHwM/", 200, fixture(t, "bundle.json"))
	b, _, err := w.c.Bundles.Update(context.Background(), "plHoBZRHwM", &blueink.BundleUpdate{
		Label: "TPS report sign-off", CCEmails: []string{"tom.smykowski@example.com"}, SigningBrand: "brand-uuid", InOrder: wptr(false),
	})
	chk{t}.noErr(err)
	r := w.only("PATCH", "/api/v2/bundles/plHoBZRHwM/", "")
	chk{t}.jsonEq(r.Body, `{"label":"TPS report sign-off","cc_emails":["tom.smykowski@example.com"],"signing_brand":"brand-uuid","in_order":false}`, "body")
	checkBundle(chk{t}, b)
}

func TestBundlesDelete(t *testing.T) {
	w := newWire(t)
	w.on("DELETE", "bundles/plHoBZRHwM/", 204, "")
	resp, err := w.c.Bundles.Delete(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("DELETE", "/api/v2/bundles/plHoBZRHwM/", "")
	chk{t}.eq(resp.StatusCode, 204, "status")
}

// The bodiless actions that answer with the Bundle.
func TestBundlesActions(t *testing.T) {
	cases := []struct {
		name, method, path string
		call               func(*blueink.Client) (*blueink.Bundle, *blueink.Response, error)
	}{
		{"Cancel", "PUT", "cancel/", func(c *blueink.Client) (*blueink.Bundle, *blueink.Response, error) {
			return c.Bundles.Cancel(context.Background(), "plHoBZRHwM")
		}},
		{"Send", "POST", "send/", func(c *blueink.Client) (*blueink.Bundle, *blueink.Response, error) {
			return c.Bundles.Send(context.Background(), "plHoBZRHwM")
		}},
		{"Expire", "PUT", "expire/", func(c *blueink.Client) (*blueink.Bundle, *blueink.Response, error) {
			return c.Bundles.Expire(context.Background(), "plHoBZRHwM")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t)
			w.on(tc.method, "bundles/plHoBZRHwM/"+tc.path, 200, fixture(t, "bundle.json"))
			b, _, err := tc.call(w.c)
			chk{t}.noErr(err)
			r := w.only(tc.method, "/api/v2/bundles/plHoBZRHwM/"+tc.path, "")
			chk{t}.eq(len(r.Body), 0, "body length")
			checkBundle(chk{t}, b)
		})
	}
}

func TestBundlesValidate(t *testing.T) {
	w := newWire(t)
	w.on("PUT", "bundles/plHoBZRHwM/validate/", 200, fixture(t, "validation.json"))
	v, _, err := w.c.Bundles.Validate(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("PUT", "/api/v2/bundles/plHoBZRHwM/validate/", "")
	chk{t}.eq(*v, blueink.BundleValidation{CanSend: false, Message: "Signer signer-2 has no email address", NumDocs: 2}, "validation")
}

func TestBundlesListEvents(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/plHoBZRHwM/events/", 200, fixture(t, "bundle_events.json"))
	evs, _, err := w.c.Bundles.ListEvents(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/bundles/plHoBZRHwM/events/", "")
	checkEvents(chk{t}, evs)
}

func TestBundlesListFiles(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/plHoBZRHwM/files/", 200, fixture(t, "bundle_files.json"))
	fs, _, err := w.c.Bundles.ListFiles(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/bundles/plHoBZRHwM/files/", "")
	checkFiles(chk{t}, fs)
}

func TestBundlesGenerateInterimFiles(t *testing.T) {
	w := newWire(t)
	w.on("PUT", "bundles/plHoBZRHwM/files/", 202, "")
	resp, err := w.c.Bundles.GenerateInterimFiles(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("PUT", "/api/v2/bundles/plHoBZRHwM/files/", "")
	chk{t}.eq(resp.StatusCode, 202, "status")
}

func TestBundlesGetData(t *testing.T) {
	w := newWire(t)
	w.on("GET", "bundles/plHoBZRHwM/data/", 200, fixture(t, "bundle_data.json"))
	d, _, err := w.c.Bundles.GetData(context.Background(), "plHoBZRHwM")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/bundles/plHoBZRHwM/data/", "")
	checkData(chk{t}, d)
}

func TestBundlesTags(t *testing.T) {
	for _, tc := range []struct{ name, path string }{{"AddTags", "add_tags/"}, {"RemoveTags", "remove_tags/"}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t)
			w.on("PUT", "bundles/plHoBZRHwM/"+tc.path, 200, fixture(t, "bundle.json"))
			var b *blueink.Bundle
			var err error
			if tc.name == "AddTags" {
				b, _, err = w.c.Bundles.AddTags(context.Background(), "plHoBZRHwM", "needs-attention", "q4")
			} else {
				b, _, err = w.c.Bundles.RemoveTags(context.Background(), "plHoBZRHwM", "needs-attention", "q4")
			}
			chk{t}.noErr(err)
			r := w.only("PUT", "/api/v2/bundles/plHoBZRHwM/"+tc.path, "")
			chk{t}.jsonEq(r.Body, `{"tags":["needs-attention","q4"]}`, "body")
			checkBundle(chk{t}, b)

			_, _, err = w.c.Bundles.AddTags(context.Background(), "plHoBZRHwM")
			chk{t}.errIs(err, blueink.ErrValidation)
			_, _, err = w.c.Bundles.RemoveTags(context.Background(), "plHoBZRHwM", "")
			chk{t}.errIs(err, blueink.ErrValidation)
			chk{t}.eq(len(w.requests()), 1, "requests after invalid calls")
		})
	}
}
