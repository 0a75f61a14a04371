package speccheck

// Code below: the calls of zigned/wire_test.go, one driver per spec operation.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	"github.com/esignkit/esign/zigned"
)

// Zigned ids as the spec's examples write them.
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
)

var (
	jan1    = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	pdfData = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	// stockholm is how a user in Sweden passes times: local, +01:00.
	stockholm = time.FixedZone("CET", 3600)
)

type zcall = func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error)

// zresults, put in a driver's context, collects what each call returned.
type zresults struct{}

func zrun(calls ...zcall) func(context.Context, *zigned.Client) error {
	return func(ctx context.Context, c *zigned.Client) error {
		var errs []error
		for _, f := range calls {
			v, _, err := f(ctx, c)
			if col, ok := ctx.Value(zresults{}).(*[]any); ok && err == nil {
				*col = append(*col, v)
			}
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}
}

func zignedDrivers() []driver[*zigned.Client] {
	ag := "/agreements/" + agreementID
	_ = ag
	return []driver[*zigned.Client]{
		{"GET /agreements", zrun(
			// agreements list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.List(ctx, &zigned.AgreementListOptions{
					ListOptions: zigned.ListOptions{Limit: 100, Page: 2, OrderBy: zigned.OrderAsc},
					DateFilter: zigned.DateFilter{StartDate: jan1,
						EndDate: time.Date(2024, 2, 1, 12, 30, 15, 250e6, time.FixedZone("CEST", 2*3600))},
					Status: zigned.AgreementStatusPending, LookupKey: "my-internal-customer-id",
				})
			},
		)},
		{"POST /agreements", zrun(
			// agreements create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Create(ctx, &zigned.AgreementRequest{
					Issuer:     &zigned.IssuerRequest{Name: "John Doe", Email: "example@example.com", Role: zigned.RoleSigner, Locale: zigned.LocaleEnglish},
					SendEmails: ptr(false), AutomaticReminders: zigned.RemindersIntense, TrustLevel: zigned.TrustLevelQES,
					SigningOrder: ptr(true), ThemeID: "clwh9fjrvr3txyinulhexample", DefaultLocale: zigned.LocaleEnglish,
					LookupKey: "my-internal-customer-id", ExpiresAt: ptr(time.Date(2024, 2, 1, 9, 0, 0, 0, stockholm)),
					SuccessCallbackURL: "https://yourdomain.com/sign-complete",
				})
			},
		)},
		{"GET /agreements/{agreement_id}", zrun(
			// agreements get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Get(ctx, agreementID)
			},
		)},
		{"PUT /agreements/{agreement_id}", zrun(
			// agreements update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Update(ctx, agreementID, &zigned.AgreementUpdate{
					SendEmails: ptr(true), Theme: zigned.DisconnectTheme(),
					SuccessCallbackURL: zigned.Set("https://example.com/done"), LookupKey: zigned.Remove[string](),
					AutomaticReminders: zigned.Set(zigned.RemindersNormal), ExpiresAt: zigned.Remove[time.Time](),
				})
			},
			// agreements update: a new expiry, in local time
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Update(ctx, agreementID, &zigned.AgreementUpdate{
					ExpiresAt: zigned.Set(time.Date(2024, 3, 1, 17, 30, 0, 0, stockholm)),
				})
			},
		)},
		{"DELETE /agreements/{agreement_id}", zrun(
			// agreements delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Delete(ctx, agreementID)
			},
		)},
		{"GET /agreements/{agreement_id}/events", zrun(
			// agreements events
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Events(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/lifecycle", zrun(
			// agreements lifecycle send
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Send(ctx, agreementID)
			},
			// agreements lifecycle open
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Open(ctx, agreementID)
			},
			// agreements lifecycle cancel
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Cancel(ctx, agreementID, zigned.Cancellation{Type: zigned.CancellationCustom, Reason: "Wrong counterparty"})
			},
		)},
		{"POST /agreements/{agreement_id}/reminders", zrun(
			// agreements reminders
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Agreements.Reminders(ctx, agreementID, participantID)
			},
		)},
		{"POST /agreements/{agreement_id}/participants", zrun(
			// participants create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Create(ctx, agreementID, &zigned.ParticipantRequest{Email: "jane.doe@example.com",
					Name: "Jane Doe", Role: zigned.RoleSigner, PersonalNumber: "199001011234", Locale: zigned.LocaleSwedish, Order: ptr(1)})
			},
		)},
		{"GET /agreements/{agreement_id}/participants", zrun(
			// participants list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.List(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/participants/batch", zrun(
			// participants batch
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Batch(ctx, agreementID, []*zigned.ParticipantRequest{
					{Email: "jane.doe@example.com", Name: "Jane Doe"},
					{Email: "john.doe@example.com", Name: "John Doe", Role: zigned.RoleApprover},
				})
			},
		)},
		{"PUT /agreements/{agreement_id}/participants/{participant_id}", zrun(
			// participants update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Update(ctx, agreementID, participantID, &zigned.ParticipantUpdate{
					Name: "Jane Q. Doe", IdentityEnforcement: &zigned.IdentityEnforcementChange{Disable: true}, Order: ptr(2)})
			},
		)},
		{"DELETE /agreements/{agreement_id}/participants/{participant_id}", zrun(
			// participants delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Delete(ctx, agreementID, approverID)
			},
		)},
		{"GET /agreements/{agreement_id}/participants/{participant_id}", zrun(
			// participants get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Get(ctx, agreementID, participantID)
			},
		)},
		{"GET /agreements/{agreement_id}/participants/{participant_id}/sign_events", zrun(
			// participants sign events
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.SignEvents(ctx, agreementID, participantID)
			},
		)},
		{"POST /agreements/{agreement_id}/participants/{participant_id}/forward", zrun(
			// participants forward
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Participants.Forward(ctx, agreementID, participantID, "john.doe@example.com")
			},
		)},
		{"POST /agreements/{agreement_id}/observers", zrun(
			// observers create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Create(ctx, agreementID, &zigned.ObserverRequest{Email: "example@example.com",
					Name: "Board members", ObserverScope: zigned.ObserverScopeCC, Locale: zigned.LocaleEnglish})
			},
		)},
		{"GET /agreements/{agreement_id}/observers", zrun(
			// observers list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.List(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/observers/batch", zrun(
			// observers batch
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Batch(ctx, agreementID, []*zigned.ObserverRequest{
					{Email: "example@example.com"}, {Name: "Auditor", ObserverScope: zigned.ObserverScopeViewer}})
			},
		)},
		{"PUT /agreements/{agreement_id}/observers/{observer_id}", zrun(
			// observers update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Update(ctx, agreementID, observerID, &zigned.ObserverRequest{ObserverScope: zigned.ObserverScopeViewer})
			},
		)},
		{"DELETE /agreements/{agreement_id}/observers/{observer_id}", zrun(
			// observers delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Delete(ctx, agreementID, observerID)
			},
		)},
		{"GET /agreements/{agreement_id}/observers/{observer_id}", zrun(
			// observers get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Observers.Get(ctx, agreementID, observerID)
			},
		)},
		{"GET /agreements/{agreement_id}/signing_groups", zrun(
			// signing groups list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.List(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/signing_groups", zrun(
			// signing groups create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Create(ctx, agreementID, &zigned.SigningGroupRequest{Name: "Executive team", Order: ptr(1), Participants: []string{participantID}})
			},
		)},
		{"GET /agreements/{agreement_id}/signing_groups/{signing_group_id}", zrun(
			// signing groups get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Get(ctx, agreementID, groupID)
			},
		)},
		{"PUT /agreements/{agreement_id}/signing_groups/{signing_group_id}", zrun(
			// signing groups update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Update(ctx, agreementID, groupID, &zigned.SigningGroupRequest{Name: "Board", Order: ptr(2)})
			},
		)},
		{"DELETE /agreements/{agreement_id}/signing_groups/{signing_group_id}", zrun(
			// signing groups delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.SigningGroups.Delete(ctx, agreementID, groupID)
			},
		)},
		{"POST /agreements/{agreement_id}/documents/main", zrun(
			// documents set main
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.SetMain(ctx, agreementID, fileID)
			},
		)},
		{"DELETE /agreements/{agreement_id}/documents/main", zrun(
			// documents remove main
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.RemoveMain(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/documents/attachments", zrun(
			// documents add attachment
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.AddAttachment(ctx, agreementID, &zigned.AttachmentRequest{FileID: fileID, Order: ptr(2)})
			},
		)},
		{"GET /agreements/{agreement_id}/documents/attachments", zrun(
			// documents list attachments
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.ListAttachments(ctx, agreementID)
			},
		)},
		{"PUT /agreements/{agreement_id}/documents/attachments/{attachment_id}", zrun(
			// documents update attachment
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.UpdateAttachment(ctx, agreementID, attachmentID, 2)
			},
		)},
		{"GET /agreements/{agreement_id}/documents/attachments/{attachment_id}", zrun(
			// documents get attachment
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.GetAttachment(ctx, agreementID, attachmentID)
			},
		)},
		{"DELETE /agreements/{agreement_id}/documents/attachments/{attachment_id}", zrun(
			// documents delete attachment
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Documents.DeleteAttachment(ctx, agreementID, attachmentID)
			},
		)},
		{"POST /agreements/{agreement_id}/recipient_messages", zrun(
			// recipient messages create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Create(ctx, agreementID, &zigned.RecipientMessageRequest{
					MessageTemplates:         []zigned.MessageTemplateRequest{{Locale: zigned.LocaleEnglish, TemplateString: "Hi {{recipient.name}}"}},
					MessageTemplateVariables: []zigned.MessageTemplateVariableRequest{{VariableName: "foo", VariableValue: "bar"}},
				})
			},
		)},
		{"PUT /agreements/{agreement_id}/recipient_messages", zrun(
			// recipient messages update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Update(ctx, agreementID, &zigned.RecipientMessageRequest{
					MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleSwedish, TemplateString: "Hej"}}})
			},
		)},
		{"GET /agreements/{agreement_id}/recipient_messages", zrun(
			// recipient messages get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Get(ctx, agreementID)
			},
		)},
		{"DELETE /agreements/{agreement_id}/recipient_messages", zrun(
			// recipient messages delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.Delete(ctx, agreementID)
			},
		)},
		{"GET /agreements/{agreement_id}/recipient_messages/message_templates", zrun(
			// message templates list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.ListTemplates(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/recipient_messages/message_templates", zrun(
			// message templates create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.CreateTemplate(ctx, agreementID, zigned.MessageTemplateRequest{Locale: zigned.LocaleEnglish,
					TemplateString: "**Hey there {{recipient.name}}**! Please sign {{agreement.filename}}"})
			},
		)},
		{"GET /agreements/{agreement_id}/recipient_messages/message_templates/{message_template_id}", zrun(
			// message templates get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.GetTemplate(ctx, agreementID, templateID)
			},
		)},
		{"PUT /agreements/{agreement_id}/recipient_messages/message_templates/{message_template_id}", zrun(
			// message templates update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.UpdateTemplate(ctx, agreementID, templateID, "Please sign")
			},
		)},
		{"DELETE /agreements/{agreement_id}/recipient_messages/message_templates/{message_template_id}", zrun(
			// message templates delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.DeleteTemplate(ctx, agreementID, templateID)
			},
		)},
		{"GET /agreements/{agreement_id}/recipient_messages/message_template_variables", zrun(
			// template variables list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.ListVariables(ctx, agreementID)
			},
		)},
		{"POST /agreements/{agreement_id}/recipient_messages/message_template_variables", zrun(
			// template variables create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.CreateVariable(ctx, agreementID, zigned.MessageTemplateVariableRequest{VariableName: "my_variable_name", VariableValue: "bar"})
			},
		)},
		{"GET /agreements/{agreement_id}/recipient_messages/message_template_variables/{message_template_variable_id}", zrun(
			// template variables get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.GetVariable(ctx, agreementID, variableID)
			},
		)},
		{"PUT /agreements/{agreement_id}/recipient_messages/message_template_variables/{message_template_variable_id}", zrun(
			// template variables update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.UpdateVariable(ctx, agreementID, variableID, zigned.MessageTemplateVariableRequest{VariableValue: "baz"})
			},
		)},
		{"DELETE /agreements/{agreement_id}/recipient_messages/message_template_variables/{message_template_variable_id}", zrun(
			// template variables delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.RecipientMessages.DeleteVariable(ctx, agreementID, variableID)
			},
		)},
		{"POST /files", zrun(
			// files upload
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.Upload(ctx, &zigned.FileUpload{Filename: "my-file.pdf", LookupKey: "my-file-tag",
					Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdfData)), nil }})
			},
		)},
		{"GET /files", zrun(
			// files list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.List(ctx, &zigned.FileListOptions{ListOptions: zigned.ListOptions{Limit: 10},
					DateFilter: zigned.DateFilter{StartDate: jan1}, MimeType: zigned.MimeTypePDF, LookupKey: "my-file-tag"})
			},
		)},
		{"DELETE /files/{file_id}", zrun(
			// files delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.Delete(ctx, fileID)
			},
		)},
		{"GET /files/{file_id}", zrun(
			// files get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Files.Get(ctx, fileID)
			},
		)},
		{"POST /themes", zrun(
			// themes create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Create(ctx, &zigned.ThemeRequest{PrimaryColor: "#112233", LogoFileID: "cooov2jpxyazxrwyhr7example",
					IconFileID: "cud3mxfxav57kbtif8iexample", LookupKey: "brand"})
			},
		)},
		{"GET /themes", zrun(
			// themes list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.List(ctx, &zigned.ThemeListOptions{ListOptions: zigned.ListOptions{Page: 3, OrderBy: zigned.OrderDesc}, LookupKey: "brand"})
			},
		)},
		{"DELETE /themes/{theme_id}", zrun(
			// themes delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Delete(ctx, themeID)
			},
		)},
		{"PUT /themes/{theme_id}", zrun(
			// themes update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Update(ctx, themeID, &zigned.ThemeRequest{PrimaryColor: "#112233"})
			},
		)},
		{"GET /themes/{theme_id}", zrun(
			// themes get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Themes.Get(ctx, themeID)
			},
		)},
		{"POST /webhooks", zrun(
			// webhooks create
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: "https://www.example.com/hooks/zigned", Name: "My webhook endpoint",
					Status: zigned.WebhookActive, Type: zigned.WebhookProduction, Scope: zigned.WebhookScopeUser,
					Subscriptions: []zigned.EventType{zigned.EventAgreementLifecyclePending, zigned.EventAgreementLifecycleFinalized}})
			},
		)},
		{"GET /webhooks", zrun(
			// webhooks list
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.List(ctx)
			},
		)},
		{"DELETE /webhooks/{webhook_id}", zrun(
			// webhooks delete
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Delete(ctx, webhookID)
			},
		)},
		{"PUT /webhooks/{webhook_id}", zrun(
			// webhooks update
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Update(ctx, webhookID, &zigned.WebhookUpdate{Status: zigned.WebhookInactive,
					Subscriptions: append(zigned.Subscribe(zigned.EventAgreementLifecycleCancelled), zigned.Unsubscribe(zigned.EventAgreementLifecyclePending)...)})
			},
		)},
		{"GET /webhooks/{webhook_id}", zrun(
			// webhooks get
			func(ctx context.Context, c *zigned.Client) (any, *zigned.Response, error) {
				return c.Webhooks.Get(ctx, webhookID)
			},
		)},
	}
}
