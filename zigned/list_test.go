package zigned_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/zigned"
)

// agreementsPages serves /agreements as pages of 2 over total agreements.
func agreementsPages(t *testing.T, total int, pages *[]string) func(r *http.Request) (*http.Response, error) {
	const limit = 2
	totalPages := (total + limit - 1) / limit
	return func(r *http.Request) (*http.Response, error) {
		q := r.URL.Query()
		*pages = append(*pages, q.Get("page"))
		assert.Equal(t, "2", q.Get("limit"))
		assert.Equal(t, "fulfilled", q.Get("status"))
		page := 1
		fmt.Sscan(q.Get("page"), &page)
		var items []string
		for i := (page - 1) * limit; i < total && i < page*limit; i++ {
			items = append(items, strings.Replace(agreementJSON, agreementID, fmt.Sprintf("agr-%02d", i), 1))
		}
		return jsonResponder(200, paginated("agreement", page, totalPages, limit, total, items...))(r)
	}
}

func TestAgreementsAllPages(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var pages []string
	mt.RegisterResponder("GET", apiBase+"/agreements", agreementsPages(t, 5, &pages))
	opts := &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 2}, Status: zigned.AgreementStatusFulfilled}
	before := *opts
	var ids []string
	for a, err := range capped(t, c.Agreements.All(context.Background(), opts)) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []string{"agr-00", "agr-01", "agr-02", "agr-03", "agr-04"}, ids)
	assert.Equal(t, []string{"1", "2", "3"}, pages)
	assert.Equal(t, before, *opts, "options are not modified")
}

func TestAgreementsAllStartPageAndBreak(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var pages []string
	mt.RegisterResponder("GET", apiBase+"/agreements", agreementsPages(t, 9, &pages))
	opts := &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 2, Page: 2}, Status: zigned.AgreementStatusFulfilled}
	var ids []string
	for a, err := range capped(t, c.Agreements.All(context.Background(), opts)) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
		if len(ids) == 3 {
			break
		}
	}
	assert.Equal(t, []string{"agr-02", "agr-03", "agr-04"}, ids)
	assert.Equal(t, []string{"2", "3"}, pages, "no page is fetched after the consumer stops")
}

func TestAllStopsOnErrorOnce(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"}, zigned.WithMaxRetries(0))
	calls := 0
	mt.RegisterResponder("GET", apiBase+"/files", func(r *http.Request) (*http.Response, error) {
		calls++
		if calls == 2 {
			return jsonResponder(500, `{"status":"error","error":{"code":500,"message":"boom","request_id":"r"}}`)(r)
		}
		return jsonResponder(200, paginated("file", 1, 3, 1, 3, fileJSON))(r)
	})
	var got, errs int
	for f, err := range capped(t, c.Files.All(context.Background(), nil)) {
		if err != nil {
			errs++
			assert.ErrorIs(t, err, zigned.ErrServer)
			continue
		}
		got++
		assert.Equal(t, fileID, f.ID)
	}
	assert.Equal(t, 1, got)
	assert.Equal(t, 1, errs)
	assert.Equal(t, 2, calls)
}

func TestAllStopsWithoutPagination(t *testing.T) {
	// A page that does not advance, or that has no pagination object, ends
	// the iteration instead of looping.
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	calls := 0
	mt.RegisterResponder("GET", apiBase+"/themes", func(r *http.Request) (*http.Response, error) {
		calls++
		return jsonResponder(200, list("theme", themeJSON))(r)
	})
	n := 0
	for _, err := range capped(t, c.Themes.All(context.Background(), &zigned.ThemeListOptions{})) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, 1, calls)

	calls = 0
	mt.RegisterResponder("GET", apiBase+"/themes", func(r *http.Request) (*http.Response, error) {
		calls++
		return jsonResponder(200, paginated("theme", 1, 5, 1, 5, themeJSON))(r) // always page 1
	})
	// A page that does not advance: stalled, said with an error.
	n = 0
	var errs []error
	for _, err := range capped(t, c.Themes.All(context.Background(), nil)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, 2, calls)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], zigned.ErrPaginationStalled)
}

func TestValidationBeforeIO(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	ctx := context.Background()
	calls := []func() error{
		func() error { _, _, err := c.Agreements.Get(ctx, ""); return err },
		func() error { _, _, err := c.Agreements.Get(ctx, "  "); return err },
		func() error { _, _, err := c.Agreements.Update(ctx, agreementID, nil); return err },
		func() error {
			_, _, err := c.Agreements.List(ctx, &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: 101}})
			return err
		},
		func() error {
			_, _, err := c.Files.List(ctx, &zigned.FileListOptions{ListOptions: zigned.ListOptions{OrderBy: "up"}})
			return err
		},
		func() error {
			_, _, err := c.Agreements.Cancel(ctx, agreementID, zigned.Cancellation{Type: zigned.CancellationCustom})
			return err
		},
		func() error {
			_, _, err := c.Agreements.Cancel(ctx, agreementID, zigned.Cancellation{Type: "because"})
			return err
		},
		func() error {
			_, _, err := c.Agreements.Cancel(ctx, agreementID, zigned.Cancellation{Type: zigned.CancellationInvalidEmail, Reason: "x"})
			return err
		},
		func() error {
			_, _, err := c.Agreements.Lifecycle(ctx, agreementID, zigned.LifecycleState{Status: "fulfilled"})
			return err
		},
		func() error { _, _, err := c.Participants.Get(ctx, agreementID, ""); return err },
		func() error {
			_, _, err := c.Participants.Create(ctx, agreementID, &zigned.ParticipantRequest{})
			return err
		},
		func() error {
			_, _, err := c.Participants.Create(ctx, agreementID, &zigned.ParticipantRequest{Name: "x", Role: zigned.RoleObserver})
			return err
		},
		func() error { _, _, err := c.Participants.Batch(ctx, agreementID, nil); return err },
		func() error { _, _, err := c.Participants.Forward(ctx, agreementID, participantID, ""); return err },
		func() error {
			_, _, err := c.Observers.Batch(ctx, agreementID, []*zigned.ObserverRequest{{}})
			return err
		},
		func() error { _, _, err := c.Documents.SetMain(ctx, agreementID, ""); return err },
		func() error {
			_, _, err := c.Documents.AddAttachment(ctx, agreementID, &zigned.AttachmentRequest{})
			return err
		},
		func() error { _, _, err := c.Files.Upload(ctx, &zigned.FileUpload{Filename: "a.pdf"}); return err },
		func() error { _, _, err := c.Files.UploadPath(ctx, "/does/not/exist.pdf", ""); return err },
		func() error { _, _, err := c.Themes.Create(ctx, &zigned.ThemeRequest{LogoFileID: fileID}); return err },
		func() error { _, _, err := c.RecipientMessages.Create(ctx, agreementID, nil); return err },
		func() error {
			_, _, err := c.RecipientMessages.CreateTemplate(ctx, agreementID, zigned.MessageTemplateRequest{TemplateString: "x"})
			return err
		},
		func() error { _, _, err := c.Webhooks.Create(ctx, &zigned.WebhookRequest{}); return err },
		func() error { _, _, err := c.Webhooks.Update(ctx, webhookID, nil); return err },
		func() error { _, _, err := c.SigningGroups.Delete(ctx, "", groupID); return err },
	}
	for i, call := range calls {
		err := call()
		assert.ErrorIs(t, err, zigned.ErrValidation, "call %d", i)
		var ve *zigned.ValidationError
		assert.True(t, errors.As(err, &ve), "call %d", i)
	}
	assert.Equal(t, 0, mt.GetTotalCallCount(), "no request at all, not even for a token")
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var path string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		path = r.URL.EscapedPath()
		return jsonResponder(200, single("file", fileJSON))(r)
	})
	_, _, err := c.Files.Get(context.Background(), "a b/c?d")
	require.NoError(t, err)
	assert.Equal(t, "/rest/v3/files/a%20b%2Fc%3Fd", path)
}

// capped passes seq through but fails the test when it yields more than 50
// times, so a pager that never stops fails fast instead of hanging.
func capped[T any](t *testing.T, seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		n := 0
		for v, err := range seq {
			if n++; n > 50 {
				t.Error("iterator does not stop")
				return
			}
			if !yield(v, err) {
				return
			}
		}
	}
}

// An empty page that claims more ends the iteration with
// ErrPaginationStalled (items may be missing), not quietly.
func TestAllStopsOnEmptyPage(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var pages []string
	mt.RegisterResponder("GET", apiBase+"/files", func(r *http.Request) (*http.Response, error) {
		page := r.URL.Query().Get("page")
		pages = append(pages, page)
		if page == "1" {
			return jsonResponder(200, paginated("file", 1, 9, 1, 9, fileJSON))(r)
		}
		return jsonResponder(200, paginated("file", 2, 9, 1, 9))(r)
	})
	n := 0
	var errs []error
	for f, err := range capped(t, c.Files.All(context.Background(), &zigned.FileListOptions{ListOptions: zigned.ListOptions{Limit: 1}})) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		assert.Equal(t, fileID, f.ID)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"1", "2"}, pages)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], zigned.ErrPaginationStalled)
}

// A cancelled context ends the iteration with the context's error, once.
func TestAllStopsOnCancelledContext(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	ctx, cancel := context.WithCancel(context.Background())
	mt.RegisterResponder("GET", apiBase+"/themes", func(r *http.Request) (*http.Response, error) {
		cancel() // the consumer's context ends while page 1 is served
		return jsonResponder(200, paginated("theme", 1, 3, 1, 3, themeJSON))(r)
	})
	var errs []error
	for _, err := range capped(t, c.Themes.All(ctx, nil)) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+apiBase+"/themes"])
}

// Every method that takes an id refuses an empty one before any I/O.
func TestEmptyIDsRefusedBeforeIO(t *testing.T) {
	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	ctx := context.Background()
	a := agreementID
	calls := map[string]func() error{
		"Agreements.Get":       func() error { _, _, err := c.Agreements.Get(ctx, ""); return err },
		"Agreements.Update":    func() error { _, _, err := c.Agreements.Update(ctx, "", &zigned.AgreementUpdate{}); return err },
		"Agreements.Delete":    func() error { _, _, err := c.Agreements.Delete(ctx, ""); return err },
		"Agreements.Events":    func() error { _, _, err := c.Agreements.Events(ctx, ""); return err },
		"Agreements.Send":      func() error { _, _, err := c.Agreements.Send(ctx, ""); return err },
		"Agreements.Open":      func() error { _, _, err := c.Agreements.Open(ctx, ""); return err },
		"Agreements.Reminders": func() error { _, _, err := c.Agreements.Reminders(ctx, "", ""); return err },
		"Participants.List":    func() error { _, _, err := c.Participants.List(ctx, ""); return err },
		"Participants.Create": func() error {
			_, _, err := c.Participants.Create(ctx, "", &zigned.ParticipantRequest{Name: "x"})
			return err
		},
		"Participants.Batch": func() error {
			_, _, err := c.Participants.Batch(ctx, "", []*zigned.ParticipantRequest{{Name: "x"}})
			return err
		},
		"Participants.Get":      func() error { _, _, err := c.Participants.Get(ctx, "", participantID); return err },
		"Participants.Update":   func() error { _, _, err := c.Participants.Update(ctx, a, "", &zigned.ParticipantUpdate{}); return err },
		"Participants.Delete":   func() error { _, _, err := c.Participants.Delete(ctx, a, ""); return err },
		"Participants.SignEvts": func() error { _, _, err := c.Participants.SignEvents(ctx, a, ""); return err },
		"Participants.Forward":  func() error { _, _, err := c.Participants.Forward(ctx, a, "", "x@example.com"); return err },
		"Observers.List":        func() error { _, _, err := c.Observers.List(ctx, ""); return err },
		"Observers.Create":      func() error { _, _, err := c.Observers.Create(ctx, "", &zigned.ObserverRequest{Name: "x"}); return err },
		"Observers.Batch": func() error {
			_, _, err := c.Observers.Batch(ctx, "", []*zigned.ObserverRequest{{Name: "x"}})
			return err
		},
		"Observers.Get":        func() error { _, _, err := c.Observers.Get(ctx, a, ""); return err },
		"Observers.Update":     func() error { _, _, err := c.Observers.Update(ctx, a, "", &zigned.ObserverRequest{}); return err },
		"Observers.Delete":     func() error { _, _, err := c.Observers.Delete(ctx, "", observerID); return err },
		"SigningGroups.List":   func() error { _, _, err := c.SigningGroups.List(ctx, ""); return err },
		"SigningGroups.Create": func() error { _, _, err := c.SigningGroups.Create(ctx, "", nil); return err },
		"SigningGroups.Get":    func() error { _, _, err := c.SigningGroups.Get(ctx, a, ""); return err },
		"SigningGroups.Update": func() error {
			_, _, err := c.SigningGroups.Update(ctx, a, "", &zigned.SigningGroupRequest{})
			return err
		},
		"Documents.SetMain":    func() error { _, _, err := c.Documents.SetMain(ctx, "", fileID); return err },
		"Documents.RemoveMain": func() error { _, _, err := c.Documents.RemoveMain(ctx, ""); return err },
		"Documents.AddAttach": func() error {
			_, _, err := c.Documents.AddAttachment(ctx, "", &zigned.AttachmentRequest{FileID: fileID})
			return err
		},
		"Documents.ListAttach": func() error { _, _, err := c.Documents.ListAttachments(ctx, ""); return err },
		"Documents.GetAttach":  func() error { _, _, err := c.Documents.GetAttachment(ctx, a, ""); return err },
		"Documents.UpdAttach":  func() error { _, _, err := c.Documents.UpdateAttachment(ctx, a, "", 1); return err },
		"Documents.DelAttach":  func() error { _, _, err := c.Documents.DeleteAttachment(ctx, "", attachmentID); return err },
		"Files.Get":            func() error { _, _, err := c.Files.Get(ctx, ""); return err },
		"Files.Delete":         func() error { _, _, err := c.Files.Delete(ctx, " "); return err },
		"Themes.Get":           func() error { _, _, err := c.Themes.Get(ctx, ""); return err },
		"Themes.Update":        func() error { _, _, err := c.Themes.Update(ctx, "", &zigned.ThemeRequest{}); return err },
		"Themes.Delete":        func() error { _, _, err := c.Themes.Delete(ctx, ""); return err },
		"RM.Create":            func() error { _, _, err := c.RecipientMessages.Create(ctx, "", nil); return err },
		"RM.Get":               func() error { _, _, err := c.RecipientMessages.Get(ctx, ""); return err },
		"RM.Delete":            func() error { _, _, err := c.RecipientMessages.Delete(ctx, ""); return err },
		"RM.ListTemplates":     func() error { _, _, err := c.RecipientMessages.ListTemplates(ctx, ""); return err },
		"RM.CreateTemplate": func() error {
			_, _, err := c.RecipientMessages.CreateTemplate(ctx, "", zigned.MessageTemplateRequest{Locale: zigned.LocaleEnglish})
			return err
		},
		"RM.GetTemplate":    func() error { _, _, err := c.RecipientMessages.GetTemplate(ctx, a, ""); return err },
		"RM.UpdateTemplate": func() error { _, _, err := c.RecipientMessages.UpdateTemplate(ctx, a, "", "x"); return err },
		"RM.DeleteTemplate": func() error { _, _, err := c.RecipientMessages.DeleteTemplate(ctx, "", templateID); return err },
		"RM.ListVariables":  func() error { _, _, err := c.RecipientMessages.ListVariables(ctx, ""); return err },
		"RM.CreateVariable": func() error {
			_, _, err := c.RecipientMessages.CreateVariable(ctx, a, zigned.MessageTemplateVariableRequest{})
			return err
		},
		"RM.GetVariable": func() error { _, _, err := c.RecipientMessages.GetVariable(ctx, a, ""); return err },
		"RM.UpdateVariable": func() error {
			_, _, err := c.RecipientMessages.UpdateVariable(ctx, "", variableID, zigned.MessageTemplateVariableRequest{})
			return err
		},
		"RM.DeleteVariable": func() error { _, _, err := c.RecipientMessages.DeleteVariable(ctx, a, ""); return err },
		"Webhooks.Get":      func() error { _, _, err := c.Webhooks.Get(ctx, ""); return err },
		"Webhooks.Update":   func() error { _, _, err := c.Webhooks.Update(ctx, "", &zigned.WebhookUpdate{}); return err },
		"Webhooks.Delete":   func() error { _, _, err := c.Webhooks.Delete(ctx, ""); return err },
	}
	for name, call := range calls {
		assert.ErrorIs(t, call(), zigned.ErrValidation, name)
	}
	assert.Equal(t, 0, mt.GetTotalCallCount(), "no request at all, not even for a token")
}
