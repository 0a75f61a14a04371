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
	n = 0
	for _, err := range capped(t, c.Themes.All(context.Background(), nil)) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, 2, calls)
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
