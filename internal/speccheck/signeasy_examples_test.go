package speccheck

// signeasyExamples are the JSON bodies the table mock answers with, one per
// counted operation that answers JSON. The endpoint table gives each answer's
// status, content type and keys but not the example values; these are
// written to the shapes of the sources the table cites (S1 token answer, S3
// envelope object, S10 user object, S12/S13 list shapes, S15 recorded
// template, signing-URL and callback answers), with the values' JSON types
// as those sources show them (epoch-second times, 0/1 flags in envelopes,
// booleans in templates, nulls where they occur). The mock checks each
// against the table, so an example missing a listed key fails the test.
var signeasyExamples = map[Op]string{
	"auth.token": `{"access_token": "eyJhbGciOiJSUzI1NiJ9.sample.sig", "scope": "rs:read rs:create user:read",
		"expires_in": 2592000, "token_type": "Bearer"}`,
	"users.me": `{"account_type": 0, "activation_time": 1395392655, "is_auto_renew": 0, "company": "ACME Corp.",
		"company_size": null, "created_time": 1391545509, "document_credits": 0, "email": "john.doe@example.com",
		"first_name": "John", "id": 699829, "is_paid": 0, "last_name": "Doe", "last_modified_time": 1395367450,
		"referrer_code": "gSwRXxut", "referrer_promo_left": 5, "subscription_expiry_time": null,
		"imported_file_count": 72, "signed_file_count": 16, "card_last4": null, "card_brand": null,
		"status": 1, "email_verified": 1}`,
	"originals.upload":              seOriginal,
	"originals.list":                `{"count": 2, "files": [` + seOriginal + `, {"created_time": 1688619801, "id": 59925064, "last_modified_time": 1688619801, "name": "nda"}]}`,
	"originals.get":                 seOriginal,
	"templates.list":                `[` + seTemplate + `]`,
	"templates.get":                 seTemplate,
	"templates.embed_url":           `{"url": "https://app.signeasy.com/embed/template?hash=3f2c"}`,
	"envelopes.create":              seEnvelope,
	"envelopes.list":                `{"count": 1, "files": [` + seEnvelope + `]}`,
	"envelopes.get":                 seEnvelope,
	"envelopes.signed_from_pending": `{"id": 7716350, "name": "agreement"}`,
	"envelopes.signing_url":         `{"url": "https://dl.signeasy.com/signrequest?hash=d94f428ceeb84ea2&allow_decline=1&next=https%3A//app.example"}`,
	"embedded.sending_url":          `{"url": "https://app.signeasy.com/embedded/send?hash=91be"}`,
	"embedded.signed_list": `{"count": 1, "files": [{"checksum": "9f86d081884c7d65", "id": 7716350, "name": "agreement",
		"pending_file": {"id": 6232978, "status": "complete"}, "public_identifier": "b1c2d3"}]}`,
	"me.signed_list": `{"count": 1, "files": [{"id": 5001, "name": "self-signed lease", "created_time": 1606849029,
		"last_modified_time": 1606849108}]}`,
	"callbacks.create": `{"https://app.example/callback": {"token": "my_custom_token", "events": ["rs.initiated", "rs.completed"]},
		"callback_urls": ["https://app.example/callback"]}`,
	"callbacks.list": `{"callback_urls": ["https://app.example/callback"],
		"https://app.example/callback": {"token": "my_custom_token", "events": ["rs.initiated", "rs.completed"]}}`,
	"callbacks.update": `{"callback_urls": ["https://app.example/callback", "https://app.example/callback2"],
		"https://app.example/callback2": {"events": ["rs.initiated"]},
		"https://app.example/callback": {"token": "my_custom_token", "events": ["rs.completed"]}}`,
	"callbacks.delete": `{"callback_urls": ["https://app.example/callback"],
		"https://app.example/callback": {"token": "my_custom_token", "events": ["rs.completed"]}}`,
}

const (
	seOriginal = `{"created_time": 1688619773, "id": 59925063, "last_modified_time": 1688619776, "name": "agreement"}`
	seTemplate = `{"is_shared": false, "hash": null, "name": "Try it now - demo", "is_ordered": false,
		"modified_time": 1606849108.0, "is_owned": true, "link": "https://app.signeasy.com/t/public/", "dirty": false,
		"created_time": 1606849029.0, "is_public": false, "message": "", "id": 4205749,
		"metadata": {"fields": [{"required": true, "additional_info": "MM/DD/YY", "role_id": 1, "id": 1, "type": "signature", "sub_type": "signature"},
			{"required": true, "additional_info": "MM/DD/YY", "role_id": 1, "id": 2, "type": "text", "sub_type": "text"}],
			"roles": [{"color": "(34, 139, 34, 0.35)", "fields": [1, 2], "id": 1, "name": "Student"}]}}`
	seEnvelope = `{"id": 6232978, "owner_user_id": 9978630, "status": "incomplete", "created_time": 1688619773,
		"last_modified_time": 1688619776, "owner_email": "owner@example.com", "owner_first_name": "Karthik",
		"owner_last_name": "K", "owner_company": null, "next": 10164762, "is_ordered": 1, "is_envelope": 1,
		"has_markers": 1, "aadhaar_enabled": 0, "expiry_time": 1693803774, "signer_verification": null,
		"recipients": [{"recipient_id": 10164762, "recipient_user_id": 9960172, "first_name": "Mario", "last_name": "A",
			"email": "mario@example.com", "status": "not_viewed", "order_id": 1, "last_modified_time": 1688619775,
			"phone_number": "", "country_code": "", "2fa_enable": false, "otp_type": null, "verification_time": null,
			"verification_status": 0, "created_time": 1688619775}],
		"request_info": {"key1": "value1"}, "message": "Please sign.", "subject": "", "is_readonly": 0,
		"is_in_person": 0, "public_link": "0", "is_embedded_signing": 0, "envelope_size": 2,
		"has_radio_buttons": 0, "cc": [], "is_need_your_action": 0, "is_waiting_for_others": 1,
		"sources": [{"id": 59925063, "name": "agreement", "type": "original"}, {"id": 4263523, "name": "nda", "type": "template"}]}`
)
