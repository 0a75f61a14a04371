package legacyv1

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/esignkit/esign/internal/rest"
	"net/http"
	"net/url"
	"testing"

	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

func formSeeds(f *testing.F) {
	f.Add([]byte("data="+url.QueryEscape(seedBatch)+"&signed=AAAA"), formType)
	f.Add([]byte("name=doc&uuid=abc&resource_uri=%2Fapi%2Fv1%2Fdocument%2Fabc%2F&json_signed=%7B%22uuid%22%3A%22abc%22%7D"), formType)
	f.Add([]byte("a=%zz&b=%4&&=&c"), formType)
	f.Add([]byte("--XX\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n[]\r\n--XX--\r\n"), "multipart/form-data; boundary=XX")
	f.Add([]byte("--XX\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n[]\r\n--XX\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n[]\r\n--XX--"), "multipart/form-data; boundary=XX")
	f.Add([]byte(`{"version":1,"object":"document","event":"created","id":"e","created":"2024-01-01T00:00:00","data":{}}`), "application/json")
	f.Add([]byte(`{"object":["x"],"event":{"a":1},"id":null,"created":[1]}`), "")
	f.Add([]byte("data="+url.QueryEscape(`[{"timestamp":1e99,"name":null,"value":{"x":1},"resource_uri":"/api/v1/signer/%ZZ/"}]`)), "")
	f.Add([]byte{}, "text/plain")
}

// FuzzParseForm: the form parser never panics and never returns more fields
// than allowed; every value it returns is no longer than the body.
func FuzzParseForm(f *testing.F) {
	formSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		fm, err := parseForm(contentType, body)
		if err != nil {
			return
		}
		if len(fm.values) > maxFormFields || len(fm.order) != len(fm.values) {
			t.Fatalf("%d fields", len(fm.values))
		}
		for k, v := range fm.values {
			if len(v) > len(body) || len(k) > len(body) {
				t.Fatalf("field %q longer than the body", k)
			}
		}
	})
}

// FuzzParseEvent covers the form and JSON callback decoders, with and
// without a content type: no panic, failures wrap webhook.ErrInvalidPayload,
// successes keep the raw body.
func FuzzParseEvent(f *testing.F) {
	formSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		check := func(ev webhook.Event, err error) {
			t.Helper()
			if err != nil {
				if !errors.Is(err, webhook.ErrInvalidPayload) {
					t.Fatalf("error does not wrap ErrInvalidPayload: %v", err)
				}
				return
			}
			if ev == nil || !bytes.Equal(ev.Raw(), body) || ev.Provider() != ProviderName || ev.Lifecycle() == "" {
				t.Fatalf("bad event %#v", ev)
			}
			if b, ok := ev.(*StatusBatch); ok {
				for _, ch := range b.Changes {
					if ch.Lifecycle() == "" || ch.Type() == "" {
						t.Fatalf("bad change %#v", ch)
					}
				}
			}
		}
		check(ParseEvent(body))
		check(parseDelivery(&whopt.Config{}, http.Header{"Content-Type": {contentType}}, body))
	})
}

// FuzzParseEventLegacy: the former FuzzParseCallback target, kept for its
// corpus.
func FuzzParseEventLegacy(f *testing.F) {
	formSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		ev, err := parseDelivery(&whopt.Config{}, http.Header{"Content-Type": {contentType}}, body)
		if err != nil {
			if !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("error does not wrap ErrInvalidPayload: %v", err)
			}
			return
		}
		if ev == nil || !bytes.Equal(ev.Raw(), body) || ev.Provider() != ProviderName || ev.Lifecycle() == "" {
			t.Fatalf("bad event %#v", ev)
		}
		if b, ok := ev.(*StatusBatch); ok {
			for _, ch := range b.Changes {
				if ch.Lifecycle() == "" || ch.Type() == "" {
					t.Fatalf("bad change %#v", ch)
				}
			}
		}
	})
}

// FuzzParseRealtime targets the JSON decoder alone.
func FuzzParseRealtime(f *testing.F) {
	f.Add([]byte(`{"version":"2","object":"recipient","event":"recipient.bounced","id":7,"created":1717236000,"data":[1]}`))
	f.Add([]byte(`{"created":"not a time","object":"","event":""}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"version":"1","object":"document","event":"document.teleported","id":"x","created":"2024-01-01T00:00:00Z","data":{}}`))
	f.Add([]byte(`{"object":"Recipient","event":"EMAILOPENED"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := parseRealtime(body)
		if err != nil {
			if !errors.Is(err, webhook.ErrInvalidPayload) {
				t.Fatalf("error does not wrap ErrInvalidPayload: %v", err)
			}
			return
		}
		if ev == nil || !bytes.Equal(ev.Raw(), body) || ev.Type() == "" || ev.Lifecycle() == "" {
			t.Fatalf("bad event %#v", ev)
		}
		switch e := ev.(type) {
		case *RealtimeEvent:
			if known, ok := realtimeType(e.Type()); !ok || e.Type() != string(known) {
				t.Fatalf("a RealtimeEvent of a type EventTypes does not name: %q", e.Type())
			}
		case *UnknownEvent:
			if _, ok := realtimeType(e.Type()); ok {
				t.Fatalf("an UnknownEvent of a known realtime type: %q", e.Type())
			}
			if e.Lifecycle() != webhook.Other {
				t.Fatalf("an UnknownEvent with lifecycle %q", e.Lifecycle())
			}
		default:
			t.Fatalf("a realtime body decoded to %T", ev)
		}
	})
}

// FuzzConstructEvent: arbitrary deliveries never panic and are never
// accepted (nobody but the test key and the realtime secret can sign).
func FuzzConstructEvent(f *testing.F) {
	c := signingCert(f)
	p := WebhookProvider(c.cert, WithRealtimeSecret(fuzzRealtimeSecret))
	construct := p.(interface {
		Construct(*http.Request, []byte) (webhook.Event, error)
	}).Construct
	v, err := NewVerifier(c.cert, WithRealtimeSecret(fuzzRealtimeSecret))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("data="+url.QueryEscape(seedBatch)+"&signed="+url.QueryEscape(sign(f, c, []byte(seedBatch+" ")))), formType, "")
	f.Add([]byte("uuid=a&json_signed=x"), "", sign(f, c, []byte("y")))
	f.Add([]byte("data=x&signed=++++"), formType, "")
	f.Add([]byte(`{"object":"document"}`), "application/json", "")
	f.Add([]byte(`{"object":"document","event":"created","id":"e1"}`), "", "")
	f.Fuzz(func(t *testing.T, body []byte, contentType, xSigned string) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set(HeaderSigned, xSigned)
		req := &http.Request{Header: h}
		if ev, err := construct(req, body); err == nil {
			t.Fatalf("forged delivery accepted: %#v", ev)
		} else if !isRefusal(err) {
			t.Fatalf("an unverified delivery was not refused: %v", err)
		}
		if err := v.Verify(h, body); err == nil {
			t.Fatal("forged delivery verified")
		}
	})
}

const fuzzRealtimeSecret = "realtime-hmac-secret"

// isRefusal reports a verification error (a refused delivery).
func isRefusal(err error) bool {
	for _, e := range []error{webhook.ErrNoSecret, webhook.ErrMissingSignature, webhook.ErrMalformedSignature,
		webhook.ErrSignatureMismatch, webhook.ErrInvalidCertificate} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// FuzzDecodeSignature and resource URIs never panic.
func FuzzDecodeSignature(f *testing.F) {
	f.Add("AAAA")
	f.Add("a b\nc=")
	f.Add("-_")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := decodeSignature(s)
		if err == nil && len(b) == 0 {
			t.Fatal("empty signature accepted")
		}
	})
}

func FuzzParseResourceURI(f *testing.F) {
	f.Add("/api/v1/document/abc/")
	f.Add("https://eu-api.legalesign.com/api/v1/group/my%20group/?x#y")
	f.Add("::/%")
	f.Fuzz(func(t *testing.T, s string) {
		r, id, err := ParseResourceURI(s)
		if err != nil {
			return
		}
		if r == "" || id == "" {
			t.Fatalf("%q: empty resource or id", s)
		}
		r2, id2, err := ParseResourceURI(ResourceURI(r, id))
		if err != nil || r2 != r || id2 != id {
			t.Fatalf("%q: round trip gave %q %q %v", s, r2, id2, err)
		}
	})
}

// FuzzDecodeAnswers covers the lenient decoders of API answers (positional
// signer arrays, lenient enums, flexible strings and booleans, timestamps)
// and the error-body decoder: no panic, and a decoded document keeps its
// typed statuses consistent with what was sent.
func FuzzDecodeAnswers(f *testing.F) {
	f.Add([]byte(documentJSON))
	f.Add([]byte(`{"signers": [["/api/v1/signer/x/", 1, null, true, {}, "True", "40", 1e3]], "status": "30", "signers_in_order": "yes"}`))
	f.Add([]byte(`{"document": {"name": ["This field is required."]}, "text": "x"}`))
	f.Add([]byte(`{"member": {"exists": "User is already a member of the group"}}`))
	f.Add([]byte(`{"created": 1e400, "modified": "2020-05-20T:15:10", "status": 1.5}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var d Document
		if json.Unmarshal(body, &d) == nil {
			for _, s := range d.Signers {
				_ = s.Status.String() + s.SignerID()
			}
			_ = d.Status.String() + d.DocumentID()
		}
		var env listEnvelope[*TemplatePDF]
		if json.Unmarshal(body, &env) == nil && env.Meta != nil {
			_ = paginationOf(env.Meta, nil)
		}
		// The streaming decoder: never past its cap, and the items
		// encoding/json reads.
		var streamed listEnvelope[*TemplatePDF]
		if err := streamed.DecodeItems(rest.NewDecoder(body), 3); err == nil {
			if len(streamed.Objects) > 3 {
				t.Fatalf("%d objects past the cap", len(streamed.Objects))
			}
			if json.Unmarshal(body, &env) == nil && len(env.Objects) <= 3 && len(env.Objects) != len(streamed.Objects) {
				t.Fatalf("streamed %d objects, encoding/json %d", len(streamed.Objects), len(env.Objects))
			}
		}
		var e rest.APIError
		decodeErrorBody(&e, nil, body)
		for _, fe := range e.Fields {
			if fe.Field == "" {
				t.Fatalf("field error without a field: %+v", e.Fields)
			}
		}
	})
}
