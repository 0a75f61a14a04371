package speccheck

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// or returns id, or fallback when id is empty (an earlier create the fake
// does not serve).
func or(id, fallback string) string {
	if id == "" {
		return fallback
	}
	return id
}

// zignedScenario walks files, agreements (participants, observers, signing
// groups, documents, recipient messages, lifecycle), themes and webhooks
// through create → get → list → update → lifecycle → delete.
func zignedScenario() []fakeStep[*zigned.Client] {
	type C = *zigned.Client
	var (
		file, agreement, participant, extra, observer, group, attachment string
		msgTemplate, variable, theme, webhook, draft                     string
	)
	upload := func(name string) func(ctx context.Context, c C) (*zigned.File, error) {
		return func(ctx context.Context, c C) (*zigned.File, error) {
			f, _, err := c.Files.Upload(ctx, &zigned.FileUpload{Filename: name, LookupKey: "scenario",
				Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdfData)), nil }})
			return f, err
		}
	}
	return []fakeStep[C]{
		{name: "Files.Upload", call: func(ctx context.Context, c C) error {
			f, err := upload("contract.pdf")(ctx, c)
			if err == nil {
				file = f.ID
			}
			return err
		}},
		{name: "Files.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Files.Get(ctx, file); return err }},
		{name: "Files.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Files.List(ctx, &zigned.FileListOptions{MimeType: zigned.MimeTypePDF, LookupKey: "scenario"})
			return err
		}},
		{name: "Agreements.Create", call: func(ctx context.Context, c C) error {
			a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{SendEmails: ptr(false), TrustLevel: zigned.TrustLevelSES,
				DefaultLocale: zigned.LocaleEnglish, LookupKey: "scenario-1", ExpiresAt: ptr(time.Now().Add(30 * 24 * time.Hour))})
			if err == nil {
				agreement = a.ID
			}
			return err
		}},
		{name: "Agreements.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Agreements.Get(ctx, agreement); return err }},
		{name: "Agreements.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Agreements.List(ctx, &zigned.AgreementListOptions{LookupKey: "scenario-1", ListOptions: zigned.ListOptions{Limit: 10}})
			return err
		}},
		{name: "Agreements.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Agreements.Update(ctx, agreement, &zigned.AgreementUpdate{SendEmails: ptr(false),
				AutomaticReminders: zigned.Set(zigned.RemindersNormal), SuccessCallbackURL: zigned.Set("https://app.example/done")})
			return err
		}},
		{name: "Documents.SetMain", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.SetMain(ctx, agreement, file)
			return err
		}},
		{name: "Documents.AddAttachment", call: func(ctx context.Context, c C) error {
			f, err := upload("annex.pdf")(ctx, c)
			if err != nil {
				return err
			}
			a, _, err := c.Documents.AddAttachment(ctx, agreement, &zigned.AttachmentRequest{FileID: f.ID, Order: ptr(1)})
			if err == nil {
				attachment = a.ID
			}
			return err
		}},
		{name: "Documents.ListAttachments", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.ListAttachments(ctx, agreement)
			return err
		}},
		{name: "Documents.GetAttachment", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.GetAttachment(ctx, agreement, or(attachment, attachmentID))
			return err
		}},
		{name: "Documents.UpdateAttachment", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.UpdateAttachment(ctx, agreement, or(attachment, attachmentID), 2)
			return err
		}},
		{name: "Participants.Create", call: func(ctx context.Context, c C) error {
			p, _, err := c.Participants.Create(ctx, agreement, &zigned.ParticipantRequest{Email: "jane.doe@example.com",
				Name: "Jane Doe", Role: zigned.RoleSigner, Locale: zigned.LocaleEnglish})
			if err == nil {
				participant = p.ID
			}
			return err
		}},
		{name: "Participants.Batch", call: func(ctx context.Context, c C) error {
			ps, _, err := c.Participants.Batch(ctx, agreement, []*zigned.ParticipantRequest{
				{Email: "john.doe@example.com", Name: "John Doe", Role: zigned.RoleApprover}})
			if err == nil && len(ps) > 0 {
				extra = ps[0].ID
			}
			return err
		}},
		{name: "Participants.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Participants.List(ctx, agreement)
			return err
		}},
		{name: "Participants.Get", call: func(ctx context.Context, c C) error {
			_, _, err := c.Participants.Get(ctx, agreement, participant)
			return err
		}},
		{name: "Participants.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Participants.Update(ctx, agreement, participant, &zigned.ParticipantUpdate{Name: "Jane Q. Doe"})
			return err
		}},
		{name: "Participants.Delete", call: func(ctx context.Context, c C) error {
			_, _, err := c.Participants.Delete(ctx, agreement, extra)
			return err
		}},
		{name: "Observers.Create", call: func(ctx context.Context, c C) error {
			o, _, err := c.Observers.Create(ctx, agreement, &zigned.ObserverRequest{Email: "board@example.com", Name: "Board",
				ObserverScope: zigned.ObserverScopeCC, Locale: zigned.LocaleEnglish})
			if err == nil {
				observer = o.ID
			}
			return err
		}},
		{name: "Observers.Batch", call: func(ctx context.Context, c C) error {
			_, _, err := c.Observers.Batch(ctx, agreement, []*zigned.ObserverRequest{{Email: "audit@example.com", ObserverScope: zigned.ObserverScopeViewer}})
			return err
		}},
		{name: "Observers.List", call: func(ctx context.Context, c C) error { _, _, err := c.Observers.List(ctx, agreement); return err }},
		{name: "Observers.Get", call: func(ctx context.Context, c C) error {
			_, _, err := c.Observers.Get(ctx, agreement, or(observer, observerID))
			return err
		}},
		{name: "Observers.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Observers.Update(ctx, agreement, or(observer, observerID), &zigned.ObserverRequest{ObserverScope: zigned.ObserverScopeViewer})
			return err
		}},
		{name: "Observers.Delete", call: func(ctx context.Context, c C) error {
			_, _, err := c.Observers.Delete(ctx, agreement, or(observer, observerID))
			return err
		}},
		{name: "SigningGroups.Create", call: func(ctx context.Context, c C) error {
			g, _, err := c.SigningGroups.Create(ctx, agreement, &zigned.SigningGroupRequest{Name: "Executives", Order: ptr(1), Participants: []string{participant}})
			if err == nil {
				group = g.ID
			}
			return err
		}},
		{name: "SigningGroups.List", call: func(ctx context.Context, c C) error { _, _, err := c.SigningGroups.List(ctx, agreement); return err }},
		{name: "SigningGroups.Get", call: func(ctx context.Context, c C) error {
			_, _, err := c.SigningGroups.Get(ctx, agreement, or(group, groupID))
			return err
		}},
		{name: "SigningGroups.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.SigningGroups.Update(ctx, agreement, or(group, groupID), &zigned.SigningGroupRequest{Name: "Board", Order: ptr(2)})
			return err
		}},
		{name: "SigningGroups.Delete", call: func(ctx context.Context, c C) error {
			_, _, err := c.SigningGroups.Delete(ctx, agreement, or(group, groupID))
			return err
		}},
		{name: "RecipientMessages.Create", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.Create(ctx, agreement, &zigned.RecipientMessageRequest{
				MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleEnglish, TemplateString: "Hi {{recipient.name}}"}}})
			return err
		}},
		{name: "RecipientMessages.Get", call: func(ctx context.Context, c C) error { _, _, err := c.RecipientMessages.Get(ctx, agreement); return err }},
		{name: "RecipientMessages.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.Update(ctx, agreement, &zigned.RecipientMessageRequest{
				MessageTemplates: []zigned.MessageTemplateRequest{{Locale: zigned.LocaleSwedish, TemplateString: "Hej"}}})
			return err
		}},
		{name: "RecipientMessages.CreateTemplate", call: func(ctx context.Context, c C) error {
			m, _, err := c.RecipientMessages.CreateTemplate(ctx, agreement, zigned.MessageTemplateRequest{Locale: zigned.LocaleEnglish, TemplateString: "Please sign"})
			if err == nil {
				msgTemplate = m.ID
			}
			return err
		}},
		{name: "RecipientMessages.ListTemplates", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.ListTemplates(ctx, agreement)
			return err
		}},
		{name: "RecipientMessages.GetTemplate", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.GetTemplate(ctx, agreement, or(msgTemplate, templateID))
			return err
		}},
		{name: "RecipientMessages.UpdateTemplate", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.UpdateTemplate(ctx, agreement, or(msgTemplate, templateID), "Please sign today")
			return err
		}},
		{name: "RecipientMessages.DeleteTemplate", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.DeleteTemplate(ctx, agreement, or(msgTemplate, templateID))
			return err
		}},
		{name: "RecipientMessages.CreateVariable", call: func(ctx context.Context, c C) error {
			v, _, err := c.RecipientMessages.CreateVariable(ctx, agreement, zigned.MessageTemplateVariableRequest{VariableName: "deadline", VariableValue: "Friday"})
			if err == nil {
				variable = v.ID
			}
			return err
		}},
		{name: "RecipientMessages.ListVariables", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.ListVariables(ctx, agreement)
			return err
		}},
		{name: "RecipientMessages.GetVariable", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.GetVariable(ctx, agreement, or(variable, variableID))
			return err
		}},
		{name: "RecipientMessages.UpdateVariable", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.UpdateVariable(ctx, agreement, or(variable, variableID), zigned.MessageTemplateVariableRequest{VariableValue: "Monday"})
			return err
		}},
		{name: "RecipientMessages.DeleteVariable", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.DeleteVariable(ctx, agreement, or(variable, variableID))
			return err
		}},
		{name: "RecipientMessages.Delete", call: func(ctx context.Context, c C) error {
			_, _, err := c.RecipientMessages.Delete(ctx, agreement)
			return err
		}},
		{name: "Agreements.Send", call: func(ctx context.Context, c C) error { _, _, err := c.Agreements.Send(ctx, agreement); return err }},
		{name: "Agreements.Reminders", call: func(ctx context.Context, c C) error {
			_, _, err := c.Agreements.Reminders(ctx, agreement, participant)
			return err
		}},
		{name: "Agreements.Events", call: func(ctx context.Context, c C) error { _, _, err := c.Agreements.Events(ctx, agreement); return err }},
		{name: "Participants.SignEvents", call: func(ctx context.Context, c C) error {
			_, _, err := c.Participants.SignEvents(ctx, agreement, participant)
			return err
		}},
		{name: "Participants.Forward", call: func(ctx context.Context, c C) error {
			_, _, err := c.Participants.Forward(ctx, agreement, participant, "deputy@example.com")
			return err
		}},
		{name: "Agreements.Open (a sent agreement back to open)", call: func(ctx context.Context, c C) error {
			_, _, err := c.Agreements.Open(ctx, agreement)
			return err
		}},
		{name: "Documents.DeleteAttachment", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.DeleteAttachment(ctx, agreement, or(attachment, attachmentID))
			return err
		}},
		{name: "Documents.RemoveMain", call: func(ctx context.Context, c C) error {
			_, _, err := c.Documents.RemoveMain(ctx, agreement)
			return err
		}},
		{name: "Agreements.Cancel", call: func(ctx context.Context, c C) error {
			_, _, err := c.Agreements.Cancel(ctx, agreement, zigned.Cancellation{Type: zigned.CancellationCustom, Reason: "Wrong counterparty"})
			return err
		}},
		{name: "Agreements.Get (cancelled)", call: func(ctx context.Context, c C) error { _, _, err := c.Agreements.Get(ctx, agreement); return err }},
		{name: "Agreements.Create (a draft to delete)", call: func(ctx context.Context, c C) error {
			a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "scenario-2"})
			if err == nil {
				draft = a.ID
			}
			return err
		}},
		{name: "Agreements.Delete", call: func(ctx context.Context, c C) error { _, _, err := c.Agreements.Delete(ctx, draft); return err }},
		{name: "Agreements.Get (deleted)", wantErr: zigned.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Agreements.Get(ctx, draft)
			return err
		}},
		{name: "Themes.Create", call: func(ctx context.Context, c C) error {
			logo, err := upload("logo.png")(ctx, c)
			if err != nil {
				return err
			}
			th, _, err := c.Themes.Create(ctx, &zigned.ThemeRequest{PrimaryColor: "#112233", LogoFileID: logo.ID, IconFileID: logo.ID, LookupKey: "brand"})
			if err == nil {
				theme = th.ID
			}
			return err
		}},
		{name: "Themes.List", call: func(ctx context.Context, c C) error {
			_, _, err := c.Themes.List(ctx, &zigned.ThemeListOptions{LookupKey: "brand"})
			return err
		}},
		{name: "Themes.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Themes.Get(ctx, or(theme, themeID)); return err }},
		{name: "Themes.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Themes.Update(ctx, or(theme, themeID), &zigned.ThemeRequest{PrimaryColor: "#445566"})
			return err
		}},
		{name: "Themes.Delete", call: func(ctx context.Context, c C) error {
			_, _, err := c.Themes.Delete(ctx, or(theme, themeID))
			return err
		}},
		{name: "Webhooks.Create", call: func(ctx context.Context, c C) error {
			w, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{URL: "https://app.example/hooks/zigned", Name: "scenario",
				Status: zigned.WebhookActive, Type: zigned.WebhookDevelopment, Scope: zigned.WebhookScopeUser,
				Subscriptions: []zigned.EventType{zigned.EventAgreementLifecyclePending}})
			if err == nil {
				webhook = w.ID
			}
			return err
		}},
		{name: "Webhooks.Get", call: func(ctx context.Context, c C) error { _, _, err := c.Webhooks.Get(ctx, webhook); return err }},
		{name: "Webhooks.List", call: func(ctx context.Context, c C) error { _, _, err := c.Webhooks.List(ctx); return err }},
		{name: "Webhooks.Update", call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Update(ctx, webhook, &zigned.WebhookUpdate{Status: zigned.WebhookInactive,
				Subscriptions: zigned.Subscribe(zigned.EventAgreementLifecycleCancelled)})
			return err
		}},
		{name: "Webhooks.Delete", call: func(ctx context.Context, c C) error { _, _, err := c.Webhooks.Delete(ctx, webhook); return err }},
		{name: "Webhooks.Get (deleted)", wantErr: zigned.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Webhooks.Get(ctx, webhook)
			return err
		}},
		{name: "Files.Delete", call: func(ctx context.Context, c C) error { _, _, err := c.Files.Delete(ctx, file); return err }},
		{name: "Files.Get (deleted)", wantErr: zigned.ErrNotFound, call: func(ctx context.Context, c C) error {
			_, _, err := c.Files.Get(ctx, file)
			return err
		}},
	}
}

// TestZignedFakeScenario runs the scenario against zignedtest; the REST
// answers are checked against the REST spec and the token answers against
// the OAuth spec.
func TestZignedFakeScenario(t *testing.T) {
	tr := &Transport{Spec: Load(t, "zigned"), More: []*Spec{Load(t, "zigned-oauth")}}
	srv := zignedtest.NewServer(t)
	c := srv.Client(zOptions(zigned.WithHTTPClient(&http.Client{Transport: tr}))...)
	runScenario(t, "zigned", tr, c, zignedScenario(), func(method, path string) string {
		if strings.HasPrefix(path, "/download/") {
			return "file download (presigned URL)"
		}
		return ""
	})
}

// TestZignedFakeServesTheSpec compares the fake's route table with the
// spec's operations (path parameter names may differ: shapes are
// compared): zignedtest serves the whole REST v3 spec and nothing else.
func TestZignedFakeServesTheSpec(t *testing.T) {
	s := Load(t, "zigned")
	norm := func(ops []string) []string {
		out := make([]string, len(ops))
		for i, op := range ops {
			segs := strings.Split(op, "/")
			for j, seg := range segs {
				if strings.HasPrefix(seg, "{") {
					segs[j] = "{}"
				}
			}
			out[i] = strings.Join(segs, "/")
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	var spec []string
	for _, op := range s.Operations() {
		m, p, _ := cutOp(op)
		spec = append(spec, m+" "+strings.TrimPrefix(p, "/"))
	}
	served := norm(zignedtest.NewServer(t).Ops())
	if want := norm(spec); !slices.Equal(served, want) {
		t.Errorf("the fake's table differs from the spec:\n fake %v\n spec %v", served, want)
	}
	if len(served) != 62 {
		t.Errorf("the fake serves %d operations, the spec has 62", len(served))
	}
}
