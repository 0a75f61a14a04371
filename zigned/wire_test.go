package zigned_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
)

// wireCase is one API call: what the client must send and what it must make
// of the answer.
type wireCase struct {
	name     string
	method   string
	path     string     // escaped path below /rest/v3
	query    url.Values // nil: no query
	body     string     // expected JSON body; "" means none
	checkReq func(t *testing.T, r *http.Request, body []byte)
	resp     string
	call     func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error)
	check    func(t *testing.T, v any, resp *zigned.Response)
}

func as[T any](t *testing.T, v any) T {
	t.Helper()
	out, ok := v.(T)
	require.Truef(t, ok, "result is %T", v)
	return out
}

var (
	jan1    = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	pdfData = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
)

func wireCases() []wireCase {
	ag := "/agreements/" + agreementID
	return []wireCase{
		// ---- agreements
		{
			name: "agreements list", method: "GET", path: "/agreements",
			query: values("limit", "100", "page", "2", "order_by", "asc", "status", "pending",
				"start_date", "2024-01-01T00:00:00.000Z", "end_date", "2024-02-01T10:30:15.250Z",
				"lookup_key", "my-internal-customer-id"),
			resp: paginated("agreement", 2, 3, 100, 250, agreementJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.List(ctx, &zigned.AgreementListOptions{
					ListOptions: zigned.ListOptions{Limit: 100, Page: 2, OrderBy: zigned.OrderAsc},
					DateFilter: zigned.DateFilter{StartDate: jan1,
						EndDate: time.Date(2024, 2, 1, 12, 30, 15, 250e6, time.FixedZone("CEST", 2*3600))},
					Status: zigned.AgreementStatusPending, LookupKey: "my-internal-customer-id",
				})
			},
			check: func(t *testing.T, v any, resp *zigned.Response) {
				list := as[[]*zigned.Agreement](t, v)
				require.Len(t, list, 1)
				checkAgreement(t, list[0])
				require.NotNil(t, resp.Pagination)
				assert.Equal(t, zigned.Pagination{Page: 2, PerPage: 100, Limit: 100, TotalPages: 3, TotalResults: 250}, *resp.Pagination)
			},
		},
		{
			name: "agreements create", method: "POST", path: "/agreements",
			body: `{"issuer":{"name":"John Doe","email":"example@example.com","role":"signer","locale":"en-US"},
				"send_emails":false,"automatic_reminders":"intense","trust_level":"QES","signing_order":true,
				"theme_id":"clwh9fjrvr3txyinulhexample","default_locale":"en-US","lookup_key":"my-internal-customer-id",
				"expires_at":"2024-02-01T00:00:00Z","success_callback_url":"https://yourdomain.com/sign-complete"}`,
			resp: single("agreement", agreementJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Create(ctx, &zigned.AgreementRequest{
					Issuer:     &zigned.IssuerRequest{Name: "John Doe", Email: "example@example.com", Role: zigned.RoleSigner, Locale: zigned.LocaleEnglish},
					SendEmails: ptr(false), AutomaticReminders: zigned.RemindersIntense, TrustLevel: zigned.TrustLevelQES,
					SigningOrder: ptr(true), ThemeID: "clwh9fjrvr3txyinulhexample", DefaultLocale: zigned.LocaleEnglish,
					LookupKey: "my-internal-customer-id", ExpiresAt: ptr(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)),
					SuccessCallbackURL: "https://yourdomain.com/sign-complete",
				})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkAgreement(t, as[*zigned.Agreement](t, v)) },
		},
		{
			name: "agreements get", method: "GET", path: ag, resp: single("agreement", agreementJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Get(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkAgreement(t, as[*zigned.Agreement](t, v)) },
		},
		{
			name: "agreements update", method: "PUT", path: ag,
			body: `{"send_emails":true,"theme":{"disconnect":true},"success_callback_url":"https://example.com/done",
				"lookup_key":{"remove":true},"automatic_reminders":"normal","expires_at":{"remove":true}}`,
			resp: single("agreement", strings.Replace(agreementJSON, `"status": "pending"`, `"status": "open"`, 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Update(ctx, agreementID, &zigned.AgreementUpdate{
					SendEmails: ptr(true), Theme: zigned.DisconnectTheme(),
					SuccessCallbackURL: zigned.Set("https://example.com/done"), LookupKey: zigned.Remove[string](),
					AutomaticReminders: zigned.Set(zigned.RemindersNormal), ExpiresAt: zigned.Remove[time.Time](),
				})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				assert.Equal(t, zigned.AgreementStatusOpen, as[*zigned.Agreement](t, v).Status)
			},
		},
		{
			name: "agreements delete", method: "DELETE", path: ag,
			resp: deleted("agreement", strings.Replace(agreementJSON, `"status": "pending"`, `"status": "draft"`, 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Delete(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				a := as[*zigned.Agreement](t, v)
				assert.Equal(t, agreementID, a.ID)
				assert.Equal(t, zigned.AgreementStatusDraft, a.Status)
			},
		},
		{
			name: "agreements events", method: "GET", path: ag + "/events", resp: list("agreement_event", activityJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Events(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				evs := as[[]*zigned.AgreementActivity](t, v)
				require.Len(t, evs, 1)
				e := *evs[0]
				assert.True(t, e.CreatedAt.Equal(jan1) && e.UpdatedAt.Equal(jan1))
				e.CreatedAt, e.UpdatedAt = zigned.Time{}, zigned.Time{}
				assert.Equal(t, zigned.AgreementActivity{ID: "cev00000000000000000example", ResourceType: "agreement_event",
					Agreement: agreementID, Title: "Agreement sent", Description: "The agreement was sent to 2 participants"}, e)
			},
		},
		{
			name: "agreements lifecycle send", method: "POST", path: ag + "/lifecycle",
			body: `{"lifecycle_state":{"status":"pending"}}`, resp: single("agreement", agreementJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Send(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				assert.Equal(t, zigned.AgreementStatusPending, as[*zigned.Agreement](t, v).Status)
			},
		},
		{
			name: "agreements lifecycle open", method: "POST", path: ag + "/lifecycle",
			body: `{"lifecycle_state":{"status":"open"}}`,
			resp: single("agreement", strings.Replace(agreementJSON, `"status": "pending"`, `"status": "open"`, 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Open(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				assert.Equal(t, zigned.AgreementStatusOpen, as[*zigned.Agreement](t, v).Status)
			},
		},
		{
			name: "agreements lifecycle cancel", method: "POST", path: ag + "/lifecycle",
			body: `{"lifecycle_state":{"status":"cancelled","input":{"cancellation_type":"custom","reason":"Wrong counterparty"}}}`,
			resp: single("agreement", strings.Replace(strings.Replace(agreementJSON, `"status": "pending"`, `"status": "cancelled"`, 1),
				`"cancellation_reason": null`, `"cancellation_reason": "Wrong counterparty"`, 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Cancel(ctx, agreementID, zigned.Cancellation{Type: zigned.CancellationCustom, Reason: "Wrong counterparty"})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				a := as[*zigned.Agreement](t, v)
				assert.Equal(t, zigned.AgreementStatusCancelled, a.Status)
				assert.Equal(t, "Wrong counterparty", a.CancellationReason)
			},
		},
		{
			name: "agreements reminders", method: "POST", path: ag + "/reminders",
			body: `{"participant_id":"` + participantID + `"}`,
			resp: envelopeJSON("list", "reminder", `[{"status":"sent","participant":`+single("participant", signerJSON)+`}]`),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Reminders(ctx, agreementID, participantID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				rs := as[[]*zigned.Reminder](t, v)
				require.Len(t, rs, 1)
				assert.Equal(t, "sent", rs[0].Status)
				assert.Equal(t, participantID, rs[0].Participant.ID)
				require.True(t, rs[0].Participant.Expanded())
				assert.Equal(t, "jane.doe@example.com", rs[0].Participant.Data.Email)
			},
		},

		// ---- participants
		{
			name: "participants create", method: "POST", path: ag + "/participants",
			body: `{"email":"jane.doe@example.com","name":"Jane Doe","role":"signer","personal_number":"199001011234","locale":"sv-SE","order":1}`,
			resp: single("participant", signerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Create(ctx, agreementID, &zigned.ParticipantRequest{Email: "jane.doe@example.com",
					Name: "Jane Doe", Role: zigned.RoleSigner, PersonalNumber: "199001011234", Locale: zigned.LocaleSwedish, Order: ptr(1)})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkSigner(t, as[*zigned.Participant](t, v)) },
		},
		{
			name: "participants list", method: "GET", path: ag + "/participants", resp: list("participant", signerJSON, approverJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.List(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				ps := as[[]*zigned.Participant](t, v)
				require.Len(t, ps, 2)
				checkSigner(t, ps[0])
				checkApprover(t, ps[1])
			},
		},
		{
			name: "participants batch", method: "POST", path: ag + "/participants/batch",
			body: `{"participants":[{"email":"jane.doe@example.com","name":"Jane Doe"},{"email":"john.doe@example.com","name":"John Doe","role":"approver"}]}`,
			resp: list("participant", signerJSON, approverJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Batch(ctx, agreementID, []*zigned.ParticipantRequest{
					{Email: "jane.doe@example.com", Name: "Jane Doe"},
					{Email: "john.doe@example.com", Name: "John Doe", Role: zigned.RoleApprover},
				})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				ps := as[[]*zigned.Participant](t, v)
				require.Len(t, ps, 2)
				assert.Equal(t, []string{participantID, approverID}, []string{ps[0].ID, ps[1].ID})
			},
		},
		{
			name: "participants update", method: "PUT", path: ag + "/participants/" + participantID,
			body: `{"name":"Jane Q. Doe","identity_enforcement":{"disable":true},"order":2}`,
			resp: single("participant", signerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Update(ctx, agreementID, participantID, &zigned.ParticipantUpdate{
					Name: "Jane Q. Doe", IdentityEnforcement: &zigned.IdentityEnforcementChange{Disable: true}, Order: ptr(2)})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkSigner(t, as[*zigned.Participant](t, v)) },
		},
		{
			name: "participants delete", method: "DELETE", path: ag + "/participants/" + approverID,
			resp: deleted("participant", approverJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Delete(ctx, agreementID, approverID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkApprover(t, as[*zigned.Participant](t, v)) },
		},
		{
			name: "participants get", method: "GET", path: ag + "/participants/" + participantID,
			resp: single("participant", signerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Get(ctx, agreementID, participantID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkSigner(t, as[*zigned.Participant](t, v)) },
		},
		{
			name: "participants sign events", method: "GET", path: ag + "/participants/" + participantID + "/sign_events",
			resp: list("sign_event", signEventJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.SignEvents(ctx, agreementID, participantID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				evs := as[[]*zigned.SignEvent](t, v)
				require.Len(t, evs, 1)
				e := evs[0]
				assert.Equal(t, "cse00000000000000000example", e.ID)
				assert.Equal(t, "Entered signing room", e.Title)
				assert.Equal(t, "192.0.2.10", e.IPAddress)
				assert.Equal(t, "Mozilla/5.0", e.UserAgent)
				assert.Equal(t, participantID, e.Participant.ID)
				assert.False(t, e.Participant.Expanded())
			},
		},
		{
			name: "participants forward", method: "POST", path: ag + "/participants/" + participantID + "/forward",
			body: `{"forward_to_email":"john.doe@example.com"}`,
			resp: envelopeJSON("single", "forward", `{"status":"forwarded","previous_email":"jane.doe@example.com","forwarded_to_email":"john.doe@example.com","participant":`+single("participant", signerJSON)+`}`),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Forward(ctx, agreementID, participantID, "john.doe@example.com")
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				f := as[*zigned.Forward](t, v)
				assert.Equal(t, "forwarded", f.Status)
				assert.Equal(t, "jane.doe@example.com", f.PreviousEmail)
				assert.Equal(t, "john.doe@example.com", f.ForwardedToEmail)
				require.True(t, f.Participant.Expanded())
				checkSigner(t, f.Participant.Data)
			},
		},

		// ---- observers
		{
			name: "observers create", method: "POST", path: ag + "/observers",
			body: `{"email":"example@example.com","name":"Board members","observer_scope":"cc","locale":"en-US"}`,
			resp: single("observer", observerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Create(ctx, agreementID, &zigned.ObserverRequest{Email: "example@example.com",
					Name: "Board members", ObserverScope: zigned.ObserverScopeCC, Locale: zigned.LocaleEnglish})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkObserver(t, as[*zigned.Observer](t, v)) },
		},
		{
			name: "observers list", method: "GET", path: ag + "/observers", resp: list("observer", observerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.List(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				obs := as[[]*zigned.Observer](t, v)
				require.Len(t, obs, 1)
				checkObserver(t, obs[0])
			},
		},
		{
			name: "observers batch", method: "POST", path: ag + "/observers/batch",
			body: `{"observers":[{"email":"example@example.com"},{"name":"Auditor","observer_scope":"viewer"}]}`,
			resp: list("observer", observerJSON, strings.Replace(observerJSON, observerID, "c2d94vyd9ezq2uj4cs1example", 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Batch(ctx, agreementID, []*zigned.ObserverRequest{
					{Email: "example@example.com"}, {Name: "Auditor", ObserverScope: zigned.ObserverScopeViewer}})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				obs := as[[]*zigned.Observer](t, v)
				require.Len(t, obs, 2)
				assert.Equal(t, "c2d94vyd9ezq2uj4cs1example", obs[1].ID)
			},
		},
		{
			name: "observers update", method: "PUT", path: ag + "/observers/" + observerID,
			body: `{"observer_scope":"viewer"}`, resp: single("observer", observerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Update(ctx, agreementID, observerID, &zigned.ObserverRequest{ObserverScope: zigned.ObserverScopeViewer})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkObserver(t, as[*zigned.Observer](t, v)) },
		},
		{
			name: "observers delete", method: "DELETE", path: ag + "/observers/" + observerID, resp: deleted("observer", observerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Delete(ctx, agreementID, observerID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkObserver(t, as[*zigned.Observer](t, v)) },
		},
		{
			name: "observers get", method: "GET", path: ag + "/observers/" + observerID, resp: single("observer", observerJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Get(ctx, agreementID, observerID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkObserver(t, as[*zigned.Observer](t, v)) },
		},

		// ---- signing groups
		{
			name: "signing groups list", method: "GET", path: ag + "/signing_groups", resp: list("signing_group", groupJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.List(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				gs := as[[]*zigned.SigningGroup](t, v)
				require.Len(t, gs, 1)
				checkGroup(t, gs[0])
			},
		},
		{
			name: "signing groups create", method: "POST", path: ag + "/signing_groups",
			body: `{"name":"Executive team","order":1,"participants":["` + participantID + `"]}`,
			resp: single("signing_group", groupJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Create(ctx, agreementID, &zigned.SigningGroupRequest{Name: "Executive team", Order: ptr(1), Participants: []string{participantID}})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkGroup(t, as[*zigned.SigningGroup](t, v)) },
		},
		{
			name: "signing groups get", method: "GET", path: ag + "/signing_groups/" + groupID,
			// the spec's expanded form: a "single" envelope around the participants
			resp: single("signing_group", strings.Replace(groupJSON,
				`["c4zatmug6d5jtfyl1b5example", "c2d94vyd9ezq2uj4cs1example"]`, single("participant", signerJSON), 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Get(ctx, agreementID, groupID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				g := as[*zigned.SigningGroup](t, v)
				assert.Equal(t, groupID, g.ID)
				require.True(t, g.Participants.Expanded())
				assert.Equal(t, []string{participantID}, g.Participants.IDs)
				checkSigner(t, g.Participants.Data[0])
			},
		},
		{
			name: "signing groups update", method: "PUT", path: ag + "/signing_groups/" + groupID,
			body: `{"name":"Board","order":2}`, resp: single("signing_group", groupJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Update(ctx, agreementID, groupID, &zigned.SigningGroupRequest{Name: "Board", Order: ptr(2)})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkGroup(t, as[*zigned.SigningGroup](t, v)) },
		},
		{
			name: "signing groups delete", method: "DELETE", path: ag + "/signing_groups/" + groupID, resp: deleted("signing_group", groupJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Delete(ctx, agreementID, groupID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkGroup(t, as[*zigned.SigningGroup](t, v)) },
		},

		// ---- documents
		{
			name: "documents set main", method: "POST", path: ag + "/documents/main",
			body: `{"file_id":"` + fileID + `"}`, resp: single("agreement", agreementJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.SetMain(ctx, agreementID, fileID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				a := as[*zigned.Agreement](t, v)
				assert.Equal(t, fileID, a.Documents.OriginalDocuments.Main.ID)
			},
		},
		{
			name: "documents remove main", method: "DELETE", path: ag + "/documents/main",
			resp: single("agreement", strings.Replace(agreementJSON, `"main": `+single("file", fileJSON), `"main": null`, 1)),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.RemoveMain(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				a := as[*zigned.Agreement](t, v)
				assert.True(t, a.Documents.OriginalDocuments.Main.IsZero())
			},
		},
		{
			name: "documents add attachment", method: "POST", path: ag + "/documents/attachments",
			body: `{"file_id":"` + fileID + `","order":2}`, resp: single("attachment", attachmentJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.AddAttachment(ctx, agreementID, &zigned.AttachmentRequest{FileID: fileID, Order: ptr(2)})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkAttachment(t, as[*zigned.Attachment](t, v)) },
		},
		{
			name: "documents list attachments", method: "GET", path: ag + "/documents/attachments", resp: list("attachment", attachmentJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.ListAttachments(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				as := as[[]*zigned.Attachment](t, v)
				require.Len(t, as, 1)
				checkAttachment(t, as[0])
			},
		},
		{
			name: "documents update attachment", method: "PUT", path: ag + "/documents/attachments/" + attachmentID,
			body: `{"order":2}`, resp: single("attachment", attachmentJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.UpdateAttachment(ctx, agreementID, attachmentID, 2)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkAttachment(t, as[*zigned.Attachment](t, v)) },
		},
		{
			name: "documents get attachment", method: "GET", path: ag + "/documents/attachments/" + attachmentID, resp: single("attachment", attachmentJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.GetAttachment(ctx, agreementID, attachmentID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkAttachment(t, as[*zigned.Attachment](t, v)) },
		},
		{
			name: "documents delete attachment", method: "DELETE", path: ag + "/documents/attachments/" + attachmentID, resp: deleted("attachment", attachmentJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.DeleteAttachment(ctx, agreementID, attachmentID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkAttachment(t, as[*zigned.Attachment](t, v)) },
		},

		// ---- recipient messages
		{
			name: "recipient messages create", method: "POST", path: ag + "/recipient_messages",
			body: `{"message_templates":[{"locale":"en-US","template_string":"Hi {{recipient.name}}"}],"message_template_variables":[{"variable_name":"foo","variable_value":"bar"}]}`,
			resp: single("recipient_message", recipientMessageJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Create(ctx, agreementID, &zigned.RecipientMessageRequest{
					MessageTemplates:         []zigned.MessageTemplateRequest{{Locale: zigned.LocaleEnglish, TemplateString: "Hi {{recipient.name}}"}},
					MessageTemplateVariables: []zigned.MessageTemplateVariableRequest{{VariableName: "foo", VariableValue: "bar"}},
				})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkRecipientMessage(t, as[*zigned.RecipientMessage](t, v))
			},
		},
		{
			name: "recipient messages update", method: "PUT", path: ag + "/recipient_messages",
			body: `{"message_templates":[{"locale":"sv-SE","template_string":"Hej"}]}`,
			resp: single("recipient_message", recipientMessageJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Update(ctx, agreementID, &zigned.RecipientMessageRequest{
					MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleSwedish, TemplateString: "Hej"}}})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkRecipientMessage(t, as[*zigned.RecipientMessage](t, v))
			},
		},
		{
			name: "recipient messages get", method: "GET", path: ag + "/recipient_messages", resp: single("recipient_message", recipientMessageJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Get(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkRecipientMessage(t, as[*zigned.RecipientMessage](t, v))
			},
		},
		{
			name: "recipient messages delete", method: "DELETE", path: ag + "/recipient_messages", resp: deleted("recipient_message", recipientMessageJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Delete(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkRecipientMessage(t, as[*zigned.RecipientMessage](t, v))
			},
		},
		{
			name: "message templates list", method: "GET", path: ag + "/recipient_messages/message_templates",
			resp: list("recipient_message_template", templateJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.ListTemplates(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				ts := as[[]*zigned.MessageTemplate](t, v)
				require.Len(t, ts, 1)
				checkTemplate(t, ts[0])
			},
		},
		{
			name: "message templates create", method: "POST", path: ag + "/recipient_messages/message_templates",
			body: `{"locale":"en-US","template_string":"**Hey there {{recipient.name}}**! Please sign {{agreement.filename}}"}`,
			resp: single("recipient_message_template", templateJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.CreateTemplate(ctx, agreementID, zigned.MessageTemplateRequest{Locale: zigned.LocaleEnglish,
					TemplateString: "**Hey there {{recipient.name}}**! Please sign {{agreement.filename}}"})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTemplate(t, as[*zigned.MessageTemplate](t, v)) },
		},
		{
			name: "message templates get", method: "GET", path: ag + "/recipient_messages/message_templates/" + templateID,
			resp: single("recipient_message_template", templateJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.GetTemplate(ctx, agreementID, templateID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTemplate(t, as[*zigned.MessageTemplate](t, v)) },
		},
		{
			name: "message templates update", method: "PUT", path: ag + "/recipient_messages/message_templates/" + templateID,
			body: `{"template_string":"Please sign"}`, resp: single("recipient_message_template", templateJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.UpdateTemplate(ctx, agreementID, templateID, "Please sign")
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTemplate(t, as[*zigned.MessageTemplate](t, v)) },
		},
		{
			name: "message templates delete", method: "DELETE", path: ag + "/recipient_messages/message_templates/" + templateID,
			resp: deleted("recipient_message_template", templateJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.DeleteTemplate(ctx, agreementID, templateID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTemplate(t, as[*zigned.MessageTemplate](t, v)) },
		},
		{
			name: "template variables list", method: "GET", path: ag + "/recipient_messages/message_template_variables",
			resp: list("recipient_message_template_variable", variableJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.ListVariables(ctx, agreementID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				vs := as[[]*zigned.MessageTemplateVariable](t, v)
				require.Len(t, vs, 1)
				checkVariable(t, vs[0])
			},
		},
		{
			name: "template variables create", method: "POST", path: ag + "/recipient_messages/message_template_variables",
			body: `{"variable_name":"my_variable_name","variable_value":"bar"}`, resp: single("recipient_message_template_variable", variableJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.CreateVariable(ctx, agreementID, zigned.MessageTemplateVariableRequest{VariableName: "my_variable_name", VariableValue: "bar"})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkVariable(t, as[*zigned.MessageTemplateVariable](t, v))
			},
		},
		{
			name: "template variables get", method: "GET", path: ag + "/recipient_messages/message_template_variables/" + variableID,
			resp: single("recipient_message_template_variable", variableJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.GetVariable(ctx, agreementID, variableID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkVariable(t, as[*zigned.MessageTemplateVariable](t, v))
			},
		},
		{
			name: "template variables update", method: "PUT", path: ag + "/recipient_messages/message_template_variables/" + variableID,
			body: `{"variable_value":"baz"}`, resp: single("recipient_message_template_variable", variableJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.UpdateVariable(ctx, agreementID, variableID, zigned.MessageTemplateVariableRequest{VariableValue: "baz"})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkVariable(t, as[*zigned.MessageTemplateVariable](t, v))
			},
		},
		{
			name: "template variables delete", method: "DELETE", path: ag + "/recipient_messages/message_template_variables/" + variableID,
			resp: deleted("recipient_message_template_variable", variableJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.DeleteVariable(ctx, agreementID, variableID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				checkVariable(t, as[*zigned.MessageTemplateVariable](t, v))
			},
		},

		// ---- files
		{
			name: "files upload", method: "POST", path: "/files",
			checkReq: func(t *testing.T, r *http.Request, body []byte) {
				mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
				require.NoError(t, err)
				require.Equal(t, "multipart/form-data", mt)
				mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
				p, err := mr.NextPart()
				require.NoError(t, err)
				assert.Equal(t, "lookup_key", p.FormName())
				v, _ := io.ReadAll(p)
				assert.Equal(t, "my-file-tag", string(v))
				p, err = mr.NextPart()
				require.NoError(t, err)
				assert.Equal(t, "file", p.FormName())
				assert.Equal(t, "my-file.pdf", p.FileName())
				assert.Equal(t, "application/pdf", p.Header.Get("Content-Type"))
				content, _ := io.ReadAll(p)
				assert.Equal(t, pdfData, content)
				_, err = mr.NextPart()
				assert.Equal(t, io.EOF, err)
			},
			resp: single("file", fileJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.Upload(ctx, &zigned.FileUpload{Filename: "my-file.pdf", LookupKey: "my-file-tag",
					Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdfData)), nil }})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkFile(t, as[*zigned.File](t, v)) },
		},
		{
			name: "files list", method: "GET", path: "/files",
			query: values("limit", "10", "mime_type", "application/pdf", "lookup_key", "my-file-tag", "start_date", "2024-01-01T00:00:00.000Z"),
			resp:  paginated("file", 1, 1, 10, 1, fileJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.List(ctx, &zigned.FileListOptions{ListOptions: zigned.ListOptions{Limit: 10},
					DateFilter: zigned.DateFilter{StartDate: jan1}, MimeType: zigned.MimeTypePDF, LookupKey: "my-file-tag"})
			},
			check: func(t *testing.T, v any, resp *zigned.Response) {
				fs := as[[]*zigned.File](t, v)
				require.Len(t, fs, 1)
				checkFile(t, fs[0])
				assert.Equal(t, 1, resp.Pagination.TotalResults)
				assert.False(t, resp.Pagination.HasNext())
			},
		},
		{
			name: "files delete", method: "DELETE", path: "/files/" + fileID, resp: deleted("file", fileJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.Delete(ctx, fileID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkFile(t, as[*zigned.File](t, v)) },
		},
		{
			name: "files get", method: "GET", path: "/files/" + fileID, resp: single("file", fileJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.Get(ctx, fileID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkFile(t, as[*zigned.File](t, v)) },
		},

		// ---- themes
		{
			name: "themes create", method: "POST", path: "/themes",
			body: `{"primary_color":"#112233","logo_file_id":"cooov2jpxyazxrwyhr7example","icon_file_id":"cud3mxfxav57kbtif8iexample","lookup_key":"brand"}`,
			resp: single("theme", themeJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Create(ctx, &zigned.ThemeRequest{PrimaryColor: "#112233", LogoFileID: "cooov2jpxyazxrwyhr7example",
					IconFileID: "cud3mxfxav57kbtif8iexample", LookupKey: "brand"})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTheme(t, as[*zigned.Theme](t, v)) },
		},
		{
			name: "themes list", method: "GET", path: "/themes", query: values("page", "3", "order_by", "desc", "lookup_key", "brand"),
			resp: paginated("theme", 3, 3, 50, 101, themeJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.List(ctx, &zigned.ThemeListOptions{ListOptions: zigned.ListOptions{Page: 3, OrderBy: zigned.OrderDesc}, LookupKey: "brand"})
			},
			check: func(t *testing.T, v any, resp *zigned.Response) {
				ts := as[[]*zigned.Theme](t, v)
				require.Len(t, ts, 1)
				checkTheme(t, ts[0])
				assert.Equal(t, zigned.Pagination{Page: 3, PerPage: 50, Limit: 50, TotalPages: 3, TotalResults: 101}, *resp.Pagination)
			},
		},
		{
			name: "themes delete", method: "DELETE", path: "/themes/" + themeID, resp: deleted("theme", themeJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Delete(ctx, themeID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTheme(t, as[*zigned.Theme](t, v)) },
		},
		{
			name: "themes update", method: "PUT", path: "/themes/" + themeID, body: `{"primary_color":"#112233"}`,
			resp: single("theme", themeJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Update(ctx, themeID, &zigned.ThemeRequest{PrimaryColor: "#112233"})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTheme(t, as[*zigned.Theme](t, v)) },
		},
		{
			name: "themes get", method: "GET", path: "/themes/" + themeID, resp: single("theme", themeJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Get(ctx, themeID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkTheme(t, as[*zigned.Theme](t, v)) },
		},

		// ---- webhooks
		{
			name: "webhooks create", method: "POST", path: "/webhooks",
			body: `{"url":"https://www.example.com/hooks/zigned","name":"My webhook endpoint","status":"active","type":"production",
				"scope":"user","subscriptions":["agreement.lifecycle.pending","agreement.lifecycle.finalized"]}`,
			resp: single("webhook", webhookJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: "https://www.example.com/hooks/zigned", Name: "My webhook endpoint",
					Status: zigned.WebhookActive, Type: zigned.WebhookProduction, Scope: zigned.WebhookScopeUser,
					Subscriptions: []zigned.EventType{zigned.EventAgreementLifecyclePending, zigned.EventAgreementLifecycleFinalized}})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkWebhook(t, as[*zigned.Webhook](t, v)) },
		},
		{
			name: "webhooks list", method: "GET", path: "/webhooks", resp: list("webhook", webhookJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.List(ctx)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) {
				hs := as[[]*zigned.Webhook](t, v)
				require.Len(t, hs, 1)
				checkWebhook(t, hs[0])
			},
		},
		{
			name: "webhooks delete", method: "DELETE", path: "/webhooks/" + webhookID, resp: deleted("webhook", webhookJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Delete(ctx, webhookID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkWebhook(t, as[*zigned.Webhook](t, v)) },
		},
		{
			name: "webhooks update", method: "PUT", path: "/webhooks/" + webhookID,
			body: `{"status":"inactive","subscriptions":[{"event":"agreement.lifecycle.cancelled"},{"event":"agreement.lifecycle.pending","unsubscribe":true}]}`,
			resp: single("webhook", webhookJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Update(ctx, webhookID, &zigned.WebhookUpdate{Status: zigned.WebhookInactive,
					Subscriptions: append(zigned.Subscribe(zigned.EventAgreementLifecycleCancelled), zigned.Unsubscribe(zigned.EventAgreementLifecyclePending)...)})
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkWebhook(t, as[*zigned.Webhook](t, v)) },
		},
		{
			name: "webhooks get", method: "GET", path: "/webhooks/" + webhookID, resp: single("webhook", webhookJSON),
			call: func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Get(ctx, webhookID)
			},
			check: func(t *testing.T, v any, _ *zigned.Response) { checkWebhook(t, as[*zigned.Webhook](t, v)) },
		},
	}
}

// TestWire runs every operation against httpmock and checks the request on
// the wire and the decoded answer. One OAuth token serves every call.
func TestWire(t *testing.T) {
	te := &tokenEndpoint{prefix: "wire-token"}
	mt, c := newMockClient(t, te)
	var (
		cur   *wireCase
		got   *http.Request
		body  []byte
		calls int
	)
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		calls++
		got = r
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
		} else {
			body = nil
		}
		return jsonResponder(200, cur.resp)(r)
	})
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			cur, got, body, calls = &tc, nil, nil, 0
			v, resp, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			require.Equal(t, 1, calls, "exactly one API request")
			require.NotNil(t, resp)
			assert.Equal(t, 200, resp.StatusCode)

			assert.Equal(t, tc.method, got.Method)
			assert.Equal(t, "api.zigned.se", got.URL.Host)
			assert.Equal(t, "/rest/v3"+tc.path, got.URL.EscapedPath())
			if tc.query == nil {
				assert.Empty(t, got.URL.RawQuery)
			} else {
				assert.Equal(t, tc.query, got.URL.Query())
			}
			assert.Equal(t, "Bearer wire-token-1", got.Header.Get("Authorization"))
			assert.True(t, strings.HasPrefix(got.Header.Get("User-Agent"), "esign-go/"), got.Header.Get("User-Agent"))
			assert.Contains(t, got.Header.Get("User-Agent"), "zigned-test/1.0")
			assert.Equal(t, "application/json", got.Header.Get("Accept"))
			switch {
			case tc.checkReq != nil:
				tc.checkReq(t, got, body)
			case tc.body != "":
				assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
				assert.JSONEq(t, tc.body, string(body))
			default:
				assert.Empty(t, body, "no request body")
			}
			tc.check(t, v, resp)
		})
	}
	assert.Equal(t, int32(1), te.calls.Load(), "the token is fetched once and reused")
}

func checkAgreement(t *testing.T, a *zigned.Agreement) {
	t.Helper()
	require.NotNil(t, a)
	assert.Equal(t, agreementID, a.ID)
	assert.Equal(t, "agreement", a.ResourceType)
	assert.True(t, a.TestMode)
	assert.Equal(t, zigned.AgreementStatusPending, a.Status)
	assert.Equal(t, zigned.TrustLevelAES, a.TrustLevel)
	assert.Empty(t, a.CancellationReason)
	// theme: an id
	assert.Equal(t, "clwh9fjrvr3txyinulhexample", a.Theme.ID)
	assert.False(t, a.Theme.Expanded())
	assert.Equal(t, zigned.Issuer{Name: "John Doe", Email: "example@example.com", Role: zigned.RoleObserver,
		ParticipantID: "c2d94vyd9ezq2uj4cs1example", Locale: zigned.LocaleSwedish}, a.Issuer)
	// participants: an expanded list envelope
	require.True(t, a.Participants.Expanded())
	assert.Equal(t, "participant", a.Participants.ResourceType)
	assert.Equal(t, []string{participantID, approverID}, a.Participants.IDs)
	checkSigner(t, a.Participants.Data[0])
	checkApprover(t, a.Participants.Data[1])
	// observers: ids; signing groups: null
	assert.Equal(t, []string{observerID}, a.Observers.IDs)
	assert.False(t, a.Observers.Expanded())
	assert.True(t, a.SigningGroups.IsZero())
	// documents
	main := a.Documents.OriginalDocuments.Main
	require.True(t, main.Expanded())
	assert.Equal(t, fileID, main.ID)
	checkFile(t, main.Data)
	assert.Equal(t, []string{attachmentID}, a.Documents.OriginalDocuments.Attachments.IDs)
	assert.True(t, a.Documents.SignedDocument.IsZero())
	assert.Equal(t, zigned.SigningOrder{}, a.SigningOrder)
	assert.True(t, a.Communication.SendEmails)
	assert.Equal(t, zigned.LocaleEnglish, a.Communication.DefaultLocale)
	assert.Equal(t, zigned.AutomaticReminders{Enabled: true, Intensity: zigned.RemindersNormal}, a.Communication.AutomaticReminders)
	assert.True(t, a.Communication.RecipientMessages.IsZero())
	assert.Equal(t, zigned.AgreementMetadata{LookupKey: "my-internal-customer-id", SuccessCallbackURL: "https://yourdomain.com/sign-complete"}, a.Metadata)
	assert.True(t, a.ExpiresAt.Equal(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)))
	assert.True(t, a.UpdatedAt.Equal(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)))
	assert.True(t, a.CreatedAt.Equal(jan1))
}

func checkSigner(t *testing.T, p *zigned.Participant) {
	t.Helper()
	require.NotNil(t, p)
	assert.Equal(t, participantID, p.ID)
	assert.Equal(t, "participant", p.ResourceType)
	assert.Equal(t, "Jane Doe", p.Name)
	assert.Equal(t, "jane.doe@example.com", p.Email)
	assert.Equal(t, zigned.ParticipantStatusFulfilled, p.Status)
	require.NotNil(t, p.Order)
	assert.Equal(t, 1.0, *p.Order)
	assert.Equal(t, groupID, p.SigningGroup.ID)
	assert.Equal(t, agreementID, p.Agreement)
	assert.Equal(t, "https://www.zigned.se/sign/cxxpq0s5zpixsnygktqexample/cg9sj91x077akg93vprexample", p.SigningRoomURL)
	assert.Equal(t, zigned.LocaleSwedish, p.Locale)
	assert.Equal(t, zigned.RoleSigner, p.Role)
	assert.True(t, p.SignedAt.Equal(time.Date(2024, 1, 3, 9, 15, 0, 0, time.UTC)))
	require.NotNil(t, p.Signature)
	assert.Equal(t, "csig0000000000000000example", p.Signature.ID)
	assert.Equal(t, zigned.SignatureMethodSEBankID, p.Signature.Method)
	assert.Equal(t, zigned.SignatureData{Name: "Jane Doe", UserMessage: "I have read and wish to sign the document.",
		DocumentHash: "XTxXzdboxtCjFJAPMZZpsqiQfm8ZqOz00Kq2fRktAyo=", Status: zigned.SEBankIDStatusComplete}, p.Signature.Data)
	assert.Equal(t, &zigned.IdentityEnforcement{Enabled: true, Status: zigned.IdentityEnforcementPassed,
		Method: zigned.IdentityEnforcementSwePNOCrosscheck}, p.IdentityEnforcement)
}

func checkApprover(t *testing.T, p *zigned.Participant) {
	t.Helper()
	require.NotNil(t, p)
	assert.Equal(t, approverID, p.ID)
	assert.Equal(t, zigned.RoleApprover, p.Role)
	assert.Equal(t, zigned.ParticipantStatusPending, p.Status)
	assert.Nil(t, p.Order)
	assert.True(t, p.SigningGroup.IsZero())
	assert.True(t, p.DecisionMadeAt.IsZero())
	assert.Empty(t, p.SigningRoomURL)
	assert.Nil(t, p.Signature)
}

func checkObserver(t *testing.T, o *zigned.Observer) {
	t.Helper()
	require.NotNil(t, o)
	assert.Equal(t, zigned.Observer{ID: observerID, ResourceType: "observer", Name: "Board members", Email: "example@example.com",
		Locale: zigned.LocaleEnglish, ObserverScope: zigned.ObserverScopeCC, Agreement: agreementID,
		CreatedAt: zigned.Time{Time: jan1}, UpdatedAt: zigned.Time{Time: jan1}}, normalizeObserver(*o))
}

// normalizeObserver drops time zone pointers so whole structs compare.
func normalizeObserver(o zigned.Observer) zigned.Observer {
	o.CreatedAt.Time = o.CreatedAt.UTC()
	o.UpdatedAt.Time = o.UpdatedAt.UTC()
	return o
}

func checkGroup(t *testing.T, g *zigned.SigningGroup) {
	t.Helper()
	require.NotNil(t, g)
	assert.Equal(t, groupID, g.ID)
	assert.Equal(t, "Executive team", g.Name)
	assert.Equal(t, zigned.SigningGroupStatusDraft, g.Status)
	assert.Equal(t, 1.0, g.Order)
	assert.Equal(t, []string{participantID, "c2d94vyd9ezq2uj4cs1example"}, g.Participants.IDs)
	assert.Equal(t, agreementID, g.Agreement)
}

func checkAttachment(t *testing.T, a *zigned.Attachment) {
	t.Helper()
	require.NotNil(t, a)
	assert.Equal(t, attachmentID, a.ID)
	assert.Equal(t, agreementID, a.Agreement)
	assert.Equal(t, 2, a.Order)
	require.True(t, a.File.Expanded())
	checkFile(t, a.File.Data)
}

func checkFile(t *testing.T, f *zigned.File) {
	t.Helper()
	require.NotNil(t, f)
	assert.Equal(t, fileID, f.ID)
	assert.Equal(t, "file", f.ResourceType)
	assert.Equal(t, "my-file.pdf", f.Filename)
	assert.Equal(t, "application/pdf", f.MimeType)
	assert.Equal(t, "https://zigned.se/files/cfxitvxeikfpz9rhuu6example?sig=abc", f.URL)
	assert.Equal(t, "my-file-tag", f.Metadata.LookupKey)
	assert.True(t, f.CreatedAt.Equal(jan1))
	assert.True(t, f.UpdatedAt.Equal(time.Date(2024, 1, 2, 10, 30, 0, 0, time.UTC)))
}

func checkTheme(t *testing.T, th *zigned.Theme) {
	t.Helper()
	require.NotNil(t, th)
	assert.Equal(t, themeID, th.ID)
	assert.Equal(t, "cooov2jpxyazxrwyhr7example", th.Logo.ID)
	assert.Equal(t, "cud3mxfxav57kbtif8iexample", th.Icon.ID)
	require.True(t, th.Logo.Expanded())
	assert.Equal(t, "my-file.pdf", th.Logo.Data.Filename)
	assert.Equal(t, "#112233", th.PrimaryColor)
	assert.Equal(t, "brand", th.Metadata.LookupKey)
}

func checkTemplate(t *testing.T, m *zigned.MessageTemplate) {
	t.Helper()
	require.NotNil(t, m)
	assert.Equal(t, templateID, m.ID)
	assert.Equal(t, zigned.LocaleEnglish, m.Locale)
	assert.Equal(t, "**Hey there {{recipient.name}}**! Please sign {{agreement.filename}}", m.TemplateString)
}

func checkVariable(t *testing.T, v *zigned.MessageTemplateVariable) {
	t.Helper()
	require.NotNil(t, v)
	assert.Equal(t, variableID, v.ID)
	assert.Equal(t, "my_variable_name", v.VariableName)
	assert.Equal(t, "bar", v.VariableValue)
}

func checkRecipientMessage(t *testing.T, m *zigned.RecipientMessage) {
	t.Helper()
	require.NotNil(t, m)
	assert.Equal(t, "crm00000000000000000example", m.ID)
	require.True(t, m.MessageTemplates.Expanded())
	checkTemplate(t, m.MessageTemplates.Data[0])
	require.True(t, m.MessageTemplateVariables.Expanded())
	checkVariable(t, m.MessageTemplateVariables.Data[0])
}

func checkWebhook(t *testing.T, h *zigned.Webhook) {
	t.Helper()
	require.NotNil(t, h)
	assert.Equal(t, webhookID, h.ID)
	assert.Equal(t, "My webhook endpoint", h.Name)
	assert.Equal(t, "https://www.example.com/hooks/zigned", h.URL)
	assert.Equal(t, webhookSecret, h.Secret.Reveal())
	assert.Equal(t, zigned.WebhookProduction, h.Type)
	assert.Equal(t, zigned.WebhookScope{Type: zigned.WebhookScopeUser, UserID: "cpr2z7oeeccq6bqaz7wexample"}, h.Scope)
	assert.Equal(t, zigned.WebhookActive, h.Status)
	assert.Equal(t, []zigned.EventType{zigned.EventAgreementLifecyclePending, zigned.EventAgreementLifecycleFinalized}, h.Subscriptions)
	assert.True(t, h.CreatedAt.Equal(jan1))
}

// Creating a template variable sends both fields the API requires, an empty
// value included; updating sends only what changes.
func TestTemplateVariableBodies(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var bodies []string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Method+" "+string(b))
		if strings.HasSuffix(r.URL.Path, "/recipient_messages") {
			return jsonResponder(200, single("recipient_message", recipientMessageJSON))(r)
		}
		return jsonResponder(200, single("recipient_message_template_variable", variableJSON))(r)
	})
	ctx := context.Background()
	_, _, err := c.RecipientMessages.CreateVariable(ctx, agreementID, zigned.MessageTemplateVariableRequest{VariableName: "deal"})
	require.NoError(t, err)
	_, _, err = c.RecipientMessages.UpdateVariable(ctx, agreementID, variableID, zigned.MessageTemplateVariableRequest{VariableName: "deal2"})
	require.NoError(t, err)
	_, _, err = c.RecipientMessages.Update(ctx, agreementID, &zigned.RecipientMessageRequest{
		MessageTemplates:         []zigned.MessageTemplateRequest{{Locale: zigned.LocaleSwedish, TemplateString: "Hej {{deal}}"}},
		MessageTemplateVariables: []zigned.MessageTemplateVariableRequest{{VariableName: "deal"}}})
	require.NoError(t, err)
	require.Len(t, bodies, 3)
	assert.Equal(t, `POST {"variable_name":"deal","variable_value":""}`, bodies[0])
	assert.Equal(t, `PUT {"variable_name":"deal2"}`, bodies[1])
	assert.JSONEq(t, `{"message_templates":[{"locale":"sv-SE","template_string":"Hej {{deal}}"}],
		"message_template_variables":[{"variable_name":"deal","variable_value":""}]}`, strings.TrimPrefix(bodies[2], "PUT "))

	for _, req := range []*zigned.RecipientMessageRequest{
		{MessageTemplates: []zigned.MessageTemplateRequest{{TemplateString: "no locale"}}},
		{MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleEnglish}},
			MessageTemplateVariables: []zigned.MessageTemplateVariableRequest{{VariableValue: "nameless"}}},
	} {
		_, _, err := c.RecipientMessages.Create(ctx, agreementID, req)
		assert.ErrorIs(t, err, zigned.ErrValidation)
	}
	assert.Len(t, bodies, 3, "invalid requests are not sent")
}
