package signeasy

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"

	"github.com/esignkit/esign/internal/readertest"
)

// documentedFields are the request fields the Signeasy endpoint table
// (../shared/provider-docs/signeasy-v3-endpoints.md, December 2026) lists,
// by the JSON path of the field ("a[].b" is b in each item of a); true marks
// a required field.
var documentedFields = map[string]map[string]bool{
	// POST /rs/envelope/ (S4, S5, the envelope guide and working apps).
	"CreateEnvelopeRequest": {
		"embedded_signing": false, "is_ordered": false, "message": false, "name": false, "expiry": false,
		"sources": true, "sources[].id": true, "sources[].type": true, "sources[].name": false, "sources[].source_id": true,
		"recipients": true, "recipients[].first_name": false, "recipients[].last_name": false,
		"recipients[].email": true, "recipients[].recipient_id": true,
		"cc": false, "cc[].email": true,
		"merge_fields": false, "merge_fields[].source_id": true, "merge_fields[].label": true, "merge_fields[].value": true,
		"recipient_role_mapping": false, "recipient_role_mapping[].role_id": true,
		"recipient_role_mapping[].recipient_id": true, "recipient_role_mapping[].source_id": true,
		"signature_panel_types": false, "initial_panel_types": false,
		"fields_payload": false, "fields_payload[].recipient_id": true, "fields_payload[].source_id": true,
		"fields_payload[].type": true, "fields_payload[].required": false, "fields_payload[].page_number": true,
		"fields_payload[].position": true, "fields_payload[].position.mode": true,
		"fields_payload[].position.x": false, "fields_payload[].position.y": false,
		"fields_payload[].position.width": false, "fields_payload[].position.height": false,
		"fields_payload[].position.text": false, "fields_payload[].position.xOffset": false,
		"fields_payload[].position.yOffset": false, "fields_payload[].additional_info": true,
	},
	// POST /rs/embedded/url/ (Signeasy's v2 sample: recipients carry
	// role_id, not recipient_id).
	"SendingURLRequest": {
		"file_id": true, "recipients": false, "recipients[].first_name": true, "recipients[].last_name": false,
		"recipients[].email": true, "recipients[].role_id": true, "cc": false, "cc[].email": true,
		"message": false, "redirect_url": false, "type": false,
	},
}

// jsonPaths lists the field paths of a JSON value, as documentedFields
// names them; free-form objects (additional_info) are not entered.
func jsonPaths(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			if p == "fields_payload[].additional_info" {
				continue
			}
			if l, ok := e.([]any); ok {
				for _, it := range l {
					jsonPaths(p+"[]", it, out)
				}
				continue
			}
			jsonPaths(p, e, out)
		}
	}
}

// TestRequestsSendOnlyDocumentedFields fills every field of the request
// types and checks that what they marshal to is what the endpoint table
// lists: no field the table does not list, and every required field.
func TestRequestsSendOnlyDocumentedFields(t *testing.T) {
	for name, v := range map[string]any{"CreateEnvelopeRequest": &CreateEnvelopeRequest{}, "SendingURLRequest": &SendingURLRequest{}} {
		readertest.Fill(reflect.ValueOf(v).Elem())
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var body any
		if err := json.Unmarshal(b, &body); err != nil {
			t.Fatal(err)
		}
		sent := map[string]bool{}
		jsonPaths("", body, sent)
		var undocumented, missing []string
		for p := range sent {
			if _, ok := documentedFields[name][p]; !ok {
				undocumented = append(undocumented, p)
			}
		}
		for p, required := range documentedFields[name] {
			if required && !sent[p] {
				missing = append(missing, p)
			}
		}
		sort.Strings(undocumented)
		sort.Strings(missing)
		if len(undocumented) > 0 {
			t.Errorf("%s sends fields the endpoint table does not list: %v", name, undocumented)
		}
		if len(missing) > 0 {
			t.Errorf("%s cannot send fields the endpoint table requires: %v", name, missing)
		}
	}
}
