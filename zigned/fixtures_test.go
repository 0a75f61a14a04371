package zigned_test

import (
	"fmt"
	"strings"
)

// Fixtures are hand-written from the REST v3 spec's schemas and examples.

const (
	agreementID   = "c8itw4ybiyldtndi9qnexample"
	participantID = "c4zatmug6d5jtfyl1b5example"
	approverID    = "cmxm6j9hievxplemyopexample"
	observerID    = "cbfypkunj2jjodaz5ldexample"
	groupID       = "c0nclcqg55k8ahzfwfvexample"
	attachmentID  = "c7om7pqvwcldpl3apkuexample"
	fileID        = "cfxitvxeikfpz9rhuu6example"
	themeID       = "cdamknk1ildconpgmcsexample"
	templateID    = "cnahj3t7xnewn5jlhyoexample"
	variableID    = "conptarkamedomrevwtexample"
	webhookID     = "cmo4yu6knn1cs2mrrpcexample"
	webhookSecret = "whsec-3f9a1c7e5b2d4a6f8e0c"
)

const fileJSON = `{
  "id": "cfxitvxeikfpz9rhuu6example",
  "resource_type": "file",
  "filename": "my-file.pdf",
  "mime_type": "application/pdf",
  "url": "https://zigned.se/files/cfxitvxeikfpz9rhuu6example?sig=abc",
  "metadata": {"lookup_key": "my-file-tag"},
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-02T10:30:00.000Z"
}`

const signerJSON = `{
  "id": "c4zatmug6d5jtfyl1b5example",
  "resource_type": "participant",
  "name": "Jane Doe",
  "email": "jane.doe@example.com",
  "status": "fulfilled",
  "order": 1,
  "signing_group": "c0nclcqg55k8ahzfwfvexample",
  "agreement": "c8itw4ybiyldtndi9qnexample",
  "signing_room_url": "https://www.zigned.se/sign/cxxpq0s5zpixsnygktqexample/cg9sj91x077akg93vprexample",
  "locale": "sv-SE",
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00",
  "role": "signer",
  "signed_at": "2024-01-03 09:15:00+00:00",
  "signature": {
    "id": "csig0000000000000000example",
    "created_at": "2024-01-03 09:15:00+00:00",
    "updated_at": "2024-01-03 09:15:00+00:00",
    "method": "se_bid",
    "data": {
      "name": "Jane Doe",
      "user_message": "I have read and wish to sign the document.",
      "document_hash": "XTxXzdboxtCjFJAPMZZpsqiQfm8ZqOz00Kq2fRktAyo=",
      "status": "complete"
    }
  },
  "identity_enforcement": {"enabled": true, "status": "passed", "enforcement_method": "swe_pno_crosscheck"}
}`

const approverJSON = `{
  "id": "cmxm6j9hievxplemyopexample",
  "resource_type": "participant",
  "name": "John Doe",
  "email": "john.doe@example.com",
  "status": "pending",
  "order": null,
  "signing_group": null,
  "agreement": "c8itw4ybiyldtndi9qnexample",
  "signing_room_url": null,
  "locale": null,
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00",
  "role": "approver",
  "decision_made_at": null
}`

const observerJSON = `{
  "id": "cbfypkunj2jjodaz5ldexample",
  "resource_type": "observer",
  "name": "Board members",
  "email": "example@example.com",
  "locale": "en-US",
  "observer_scope": "cc",
  "agreement": "c8itw4ybiyldtndi9qnexample",
  "signing_room_url": null,
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

const groupJSON = `{
  "id": "c0nclcqg55k8ahzfwfvexample",
  "resource_type": "signing_group",
  "name": "Executive team",
  "status": "draft",
  "order": 1,
  "participants": ["c4zatmug6d5jtfyl1b5example", "c2d94vyd9ezq2uj4cs1example"],
  "agreement": "c8itw4ybiyldtndi9qnexample",
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

var attachmentJSON = `{
  "id": "c7om7pqvwcldpl3apkuexample",
  "resource_type": "attachment",
  "agreement": "c8itw4ybiyldtndi9qnexample",
  "order": 2,
  "file": ` + single("file", fileJSON) + `,
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

var themeJSON = `{
  "id": "cdamknk1ildconpgmcsexample",
  "resource_type": "theme",
  "logo": ` + single("file", strings.Replace(fileJSON, fileID, "cooov2jpxyazxrwyhr7example", 1)) + `,
  "icon": ` + single("file", strings.Replace(fileJSON, fileID, "cud3mxfxav57kbtif8iexample", 1)) + `,
  "primary_color": "#112233",
  "metadata": {"lookup_key": "brand"},
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

const templateJSON = `{
  "id": "cnahj3t7xnewn5jlhyoexample",
  "template_string": "**Hey there {{recipient.name}}**! Please sign {{agreement.filename}}",
  "resource_type": "recipient_message_template",
  "locale": "en-US",
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

const variableJSON = `{
  "id": "conptarkamedomrevwtexample",
  "resource_type": "recipient_message_template_variable",
  "variable_name": "my_variable_name",
  "variable_value": "bar",
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

var recipientMessageJSON = `{
  "id": "crm00000000000000000example",
  "resource_type": "recipient_message",
  "message_templates": ` + list("recipient_message_template", templateJSON) + `,
  "message_template_variables": ` + list("recipient_message_template_variable", variableJSON) + `,
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

// agreementJSON mixes the relation forms: theme as an id, participants as a
// list envelope, observers as ids, signing groups null, main document as a
// single envelope, attachments as ids, signed document null.
var agreementJSON = `{
  "id": "c8itw4ybiyldtndi9qnexample",
  "resource_type": "agreement",
  "test_mode": true,
  "status": "pending",
  "trust_level": "AES",
  "cancellation_reason": null,
  "theme": "clwh9fjrvr3txyinulhexample",
  "issuer": {
    "name": "John Doe",
    "email": "example@example.com",
    "role": "observer",
    "participant_id": "c2d94vyd9ezq2uj4cs1example",
    "signing_room_url": null,
    "locale": "sv-SE"
  },
  "participants": ` + list("participant", signerJSON, approverJSON) + `,
  "observers": ["cbfypkunj2jjodaz5ldexample"],
  "signing_groups": null,
  "documents": {
    "original_documents": {
      "main": ` + single("file", fileJSON) + `,
      "attachments": ["c7om7pqvwcldpl3apkuexample"]
    },
    "signed_document": null
  },
  "signing_order": {"enabled": false, "grouped": false},
  "communication": {
    "send_emails": true,
    "default_locale": "en-US",
    "automatic_reminders": {"enabled": true, "intensity": "normal"},
    "recipient_messages": null
  },
  "metadata": {"lookup_key": "my-internal-customer-id", "success_callback_url": "https://yourdomain.com/sign-complete"},
  "expires_at": "2024-02-01 00:00:00+00:00",
  "updated_at": "2024-01-01 12:00:00+00:00",
  "created_at": "2024-01-01 00:00:00+00:00"
}`

var webhookJSON = `{
  "id": "cmo4yu6knn1cs2mrrpcexample",
  "name": "My webhook endpoint",
  "resource_type": "webhook",
  "url": "https://www.example.com/hooks/zigned",
  "secret": "` + webhookSecret + `",
  "type": "production",
  "scope": {"type": "user", "user_id": "cpr2z7oeeccq6bqaz7wexample"},
  "status": "active",
  "subscriptions": ["agreement.lifecycle.pending", "agreement.lifecycle.finalized"],
  "created_at": "2024-01-01T00:00:00.000Z",
  "updated_at": "2024-01-01T00:00:00.000Z"
}`

const activityJSON = `{
  "id": "cev00000000000000000example",
  "resource_type": "agreement_event",
  "agreement": "c8itw4ybiyldtndi9qnexample",
  "title": "Agreement sent",
  "description": "The agreement was sent to 2 participants",
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

var signEventJSON = `{
  "id": "cse00000000000000000example",
  "resource_type": "sign_event",
  "title": "Entered signing room",
  "description": "Jane Doe entered the signing room",
  "user_agent": "Mozilla/5.0",
  "ip_address": "192.0.2.10",
  "participant": "c4zatmug6d5jtfyl1b5example",
  "created_at": "2024-01-01 00:00:00+00:00",
  "updated_at": "2024-01-01 00:00:00+00:00"
}`

func envelopeJSON(resultType, resourceType, data string) string {
	return fmt.Sprintf(`{"version":"1.0","result_type":%q,"resource_type":%q,"data":%s}`, resultType, resourceType, data)
}

func single(rt, data string) string  { return envelopeJSON("single", rt, data) }
func deleted(rt, data string) string { return envelopeJSON("deleted", rt, data) }
func list(rt string, items ...string) string {
	return envelopeJSON("list", rt, "["+strings.Join(items, ",")+"]")
}

func paginated(rt string, page, totalPages, limit, total int, items ...string) string {
	return fmt.Sprintf(`{"version":"1.0","result_type":"paginated_list","resource_type":%q,"data":[%s],"pagination":{"limit":%d,"total_pages":%d,"page":%d,"total_results":%d}}`,
		rt, strings.Join(items, ","), limit, totalPages, page, total)
}
