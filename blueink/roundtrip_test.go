package blueink_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"testing"

	"github.com/esignkit/esign/blueink"
)

// roundTrip decodes fixture into a new T, encodes it, decodes and encodes
// again, and checks that (1) the two encodings are identical and (2) every
// non-null member of the fixture survives the first encoding, so no field
// of the fixture is left unmodelled.
func roundTrip[T any](t *testing.T, name, fixtureJSON string) {
	t.Run(name, func(t *testing.T) {
		var v1 T
		if err := json.Unmarshal([]byte(fixtureJSON), &v1); err != nil {
			t.Fatalf("decode fixture: %v", err)
		}
		j1, err := json.Marshal(v1)
		chk{t}.noErr(err)
		var v2 T
		chk{t}.noErr(json.Unmarshal(j1, &v2))
		j2, err := json.Marshal(v2)
		chk{t}.noErr(err)
		if !bytes.Equal(j1, j2) {
			t.Errorf("encoding not stable:\n1: %s\n2: %s", j1, j2)
		}
		var in, out any
		chk{t}.noErr(json.Unmarshal([]byte(fixtureJSON), &in))
		chk{t}.noErr(json.Unmarshal(j1, &out))
		if lost := lostKeys("", in, out); len(lost) > 0 {
			t.Errorf("members lost in the round trip: %v\nencoded: %s", lost, j1)
		}
	})
}

// lostKeys lists the paths of non-null, non-empty members of in that are
// missing from out.
func lostKeys(path string, in, out any) []string {
	var lost []string
	switch iv := in.(type) {
	case map[string]any:
		ov, _ := out.(map[string]any)
		for k, v := range iv {
			if v == nil || isEmptyJSON(v) {
				continue
			}
			o, ok := ov[k]
			if !ok && k == "messsage" { // BlueInk's misspelling, re-encoded correctly
				o, ok = ov["message"]
			}
			if !ok {
				lost = append(lost, path+"."+k)
				continue
			}
			lost = append(lost, lostKeys(path+"."+k, v, o)...)
		}
	case []any:
		ov, _ := out.([]any)
		if len(ov) != len(iv) {
			return []string{path + "[]"}
		}
		for i := range iv {
			lost = append(lost, lostKeys(path+"[]", iv[i], ov[i])...)
		}
	}
	sort.Strings(lost)
	return lost
}

// isEmptyJSON reports the zero values omitempty legitimately drops.
func isEmptyJSON(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func TestJSONRoundTripResponses(t *testing.T) {
	roundTrip[blueink.Bundle](t, "Bundle", fixture(t, "bundle.json"))
	roundTrip[blueink.Bundle](t, "Bundle/failed", fixture(t, "bundle_failed.json"))
	roundTrip[blueink.Packet](t, "Packet", fixture(t, "packet.json"))
	roundTrip[[]blueink.BundleEvent](t, "BundleEvent", fixture(t, "bundle_events.json"))
	roundTrip[[]blueink.BundleFile](t, "BundleFile", fixture(t, "bundle_files.json"))
	roundTrip[[]blueink.BundleFieldData](t, "BundleFieldData", fixture(t, "bundle_data.json"))
	roundTrip[blueink.Template](t, "Template", fixture(t, "template.json"))
	roundTrip[blueink.EnvelopeTemplate](t, "EnvelopeTemplate", fixture(t, "envelope_template.json"))
	roundTrip[blueink.Person](t, "Person", fixture(t, "person.json"))
	roundTrip[blueink.Webhook](t, "Webhook", fixture(t, "webhook.json"))
	roundTrip[blueink.WebhookExtraHeader](t, "WebhookExtraHeader", fixture(t, "webhook_extra_header.json"))
	roundTrip[blueink.WebhookEvent](t, "WebhookEvent", fixture(t, "webhook_event.json"))
	roundTrip[blueink.WebhookDelivery](t, "WebhookDelivery", fixture(t, "webhook_delivery.json"))
	roundTrip[blueink.WebhookSecret](t, "WebhookSecret", fixture(t, "webhook_secret.json"))
	roundTrip[blueink.EmbedURL](t, "EmbedURL", fixture(t, "embed_url.json"))
	roundTrip[blueink.COE](t, "COE", fixture(t, "coe.json"))
	roundTrip[blueink.BundleValidation](t, "BundleValidation", fixture(t, "validation.json"))
	roundTrip[blueink.PreparationSession](t, "PreparationSession", fixture(t, "preparation_session.json"))
	roundTrip[blueink.VerifyResult](t, "VerifyResult", fixture(t, "verify.json"))
}

func TestJSONRoundTripRequests(t *testing.T) {
	roundTrip[blueink.BundleRequest](t, "BundleRequest", sampleRequestJSON)
	roundTrip[blueink.BundleRequest](t, "BundleRequest/envelope", `{"label":"Onboarding","packets":[{"key":"sgn-1","email":"jane@example.com"}],
		"envelope_template":{"template_id":"T-abc123def","field_values":[{"key":"company_name","initial_value":"ACME"}]}}`)
	roundTrip[blueink.BundleRequest](t, "BundleRequest/every field", `{"label":"l","in_order":true,"email_subject":"s","email_message":"m",
		"sms_message":"sms","requester_name":"n","requester_email":"r@example.com","cc_emails":["c@example.com"],"custom_key":"ck",
		"team":"95527efb-6695-4aae-916e-c9869b1fb2bd","is_test":true,"status":"dr","payment":{"amount":"1.00"},
		"packets":[{"key":"signer-1","name":"n","email":"e@example.com","phone":"505 555 1234","auth_sms":true,"auth_selfie":true,
			"auth_id":true,"deliver_via":"phone","order":1,"person_id":"087e858e-473c-4f50-b5b0-c1df6c021550"}],
		"documents":[{"key":"w9","file_index":0,"parse_tags":true,"fields":[{"kind":"att","key":"att-1","label":"ID","page":2,
			"x":1.5,"y":2,"w":3,"h":4,"required":true,"v_pattern":"numbers","v_min":1,"v_max":9,"v_attachment_types":["pdf","jpg"],
			"editors":["signer-1"],"initial_value":42}]}]}`)
	roundTrip[blueink.BundleUpdate](t, "BundleUpdate", `{"label":"l","email_subject":"s","email_message":"m","sms_message":"x",
		"requester_name":"n","requester_email":"r@example.com","cc_emails":["a@example.com"],"custom_key":"k","team":"t",
		"signing_brand":"b","in_order":false,"is_test":true}`)
	roundTrip[blueink.PacketUpdate](t, "PacketUpdate", `{"name":"n","email":"e@example.com","phone":"p","auth_sms":false,"auth_selfie":true,"auth_id":false,"deliver_via":"email"}`)
	roundTrip[blueink.PersonRequest](t, "PersonRequest", personRequestJSON)
	roundTrip[blueink.WebhookRequest](t, "WebhookRequest", `{"url":"https://example.com/h","enabled":false,"json":false,
		"event_types":["bundle_signer_reassigned"],"extra_headers":[{"name":"X-A","value":"b","order":3}]}`)
	roundTrip[blueink.TemplateUpdate](t, "TemplateUpdate", `{"name":"n","metadata":{"a":"b"}}`)
	roundTrip[blueink.PreparationSessionRequest](t, "PreparationSessionRequest", `{"upload_pdf":false,"allow_search_signers":true,
		"template_ids":["t1"],"folder_ids":["f1"],"redirect_url":"https://example.com/r","draft_bundle":"plHoBZRHwM"}`)
}

// Documents decode to their concrete types.
func TestBundleRequestDocumentTypes(t *testing.T) {
	var req blueink.BundleRequest
	chk{t}.noErr(json.Unmarshal([]byte(sampleRequestJSON), &req))
	chk{t}.eq(req, *sampleRequest(), "decoded request")
	chk{t}.eq(reflect.TypeOf(req.Documents[0]).String(), "*blueink.DocumentRequest", "documents[0]")
	chk{t}.eq(reflect.TypeOf(req.Documents[1]).String(), "*blueink.TemplateRequest", "documents[1]")
	chk{t}.eq(req.Documents[1].DocumentKey(), "doc-02", "key")

	for _, bad := range []string{`{"documents":[null]}`, `{"documents":[1]}`, `{"documents":[{"template_id":5}]}`, `{"packets":"x"}`} {
		var r blueink.BundleRequest
		chk{t}.truef(json.Unmarshal([]byte(bad), &r) != nil, "decoding %s should fail", bad)
	}
}

func TestBundleFieldErrorSpellings(t *testing.T) {
	var errs []blueink.BundleFieldError
	chk{t}.noErr(json.Unmarshal([]byte(`[{"field":"a","message":"m1"},{"field":"b","messsage":"m2"},{"field":"c","message":"m3","messsage":"ignored"}]`), &errs))
	chk{t}.eq(errs, []blueink.BundleFieldError{{Field: "a", Message: "m1"}, {Field: "b", Message: "m2"}, {Field: "c", Message: "m3"}}, "errors")
	out, err := json.Marshal(errs[1])
	chk{t}.noErr(err)
	chk{t}.jsonEq(out, `{"field":"b","message":"m2"}`, "encoded with the correct spelling")
}

func TestTimestampsDecodeLeniently(t *testing.T) {
	for in, want := range map[string]string{
		`"2025-04-07 15:43:08.646752+00:00"`: "2025-04-07T15:43:08.646752Z",
		`"2025-04-07T15:43:08Z"`:             "2025-04-07T15:43:08Z",
		`"2025-04-07T17:43:08+02:00"`:        "2025-04-07T15:43:08Z",
		`"2025-04-07 15:43:08"`:              "2025-04-07T15:43:08Z",
		`1744040588`:                         "2025-04-07T15:43:08Z",
		`null`:                               "",
		`""`:                                 "",
	} {
		var ev blueink.BundleEvent
		chk{t}.noErr(json.Unmarshal([]byte(`{"timestamp":`+in+`}`), &ev))
		chk{t}.timeEq(ev.Timestamp, want, in)
	}
	var ev blueink.BundleEvent
	chk{t}.truef(json.Unmarshal([]byte(`{"timestamp":"yesterday"}`), &ev) != nil, "garbage timestamp rejected")
}
