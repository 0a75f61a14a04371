package zignedtest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// routes is the API table: every operation of the Zigned REST v3 spec.
func routes() []fs.Route {
	return fs.Routes(
		// Files: upload (multipart), list, get, delete.
		[]fs.Route{{Method: http.MethodPost, Path: "files", Handle: uploadFile}},
		files.Routes(fs.Behaviour[file]{Ops: fs.OpList | fs.OpGet | fs.OpDelete, Render: renderFile, List: pages,
			Where: func(_ *fs.Call, it *fs.Item[file]) bool { return it.V.listed },
			Filters: []fs.Filter[file]{
				fs.Equal("mime_type", func(it *fs.Item[file]) string { return it.V.mime }, zigned.MimeTypePDF, zigned.MimeTypePNG, zigned.MimeTypeJPEG),
				fs.Equal("lookup_key", func(it *fs.Item[file]) string { return it.V.lookup }),
				fs.Since("start_date", fs.CreatedAt[file], isoDate), fs.Until("end_date", fs.CreatedAt[file], isoDate),
			},
			Delete: deleteFile,
		}),

		// Themes.
		themes.Routes(fs.Behaviour[theme]{Ops: fs.CRUD, Render: renderTheme, List: pages,
			Filters: []fs.Filter[theme]{
				fs.Equal("lookup_key", func(it *fs.Item[theme]) string { return it.V.lookup }),
				fs.Since("start_date", fs.CreatedAt[theme], isoDate), fs.Until("end_date", fs.CreatedAt[theme], isoDate),
			},
			Create: createTheme, Update: updateTheme, Delete: deleteTheme,
		}),

		// Webhooks (a plain list).
		webhooks.Routes(fs.Behaviour[hook]{Ops: fs.CRUD, Render: renderWebhook,
			Create: createWebhook, Update: updateWebhook}),

		// Agreements, their event log, lifecycle, reminders and main document.
		agreements.Routes(fs.Behaviour[agreement]{Ops: fs.CRUD, Render: renderAgreement, List: pages,
			Filters: []fs.Filter[agreement]{
				fs.Equal("status", func(it *fs.Item[agreement]) string { return string(it.V.status) }, agreementStatuses...),
				fs.Equal("lookup_key", func(it *fs.Item[agreement]) string { return it.V.lookup }),
				fs.Since("start_date", fs.CreatedAt[agreement], isoDate), fs.Until("end_date", fs.CreatedAt[agreement], isoDate),
			},
			Create: createAgreement, Update: updateAgreement, Delete: deleteAgreement,
		}),
		activities.Routes(fs.Behaviour[activity]{Ops: fs.OpList, Render: renderActivity}),
		[]fs.Route{
			{Method: http.MethodPost, Path: "agreements/{agreement_id}/lifecycle", Handle: lifecycle},
			{Method: http.MethodPost, Path: "agreements/{agreement_id}/reminders", Handle: remind},
			{Method: http.MethodPost, Path: "agreements/{agreement_id}/documents/main", Handle: setMain},
			{Method: http.MethodDelete, Path: "agreements/{agreement_id}/documents/main", Handle: removeMain},
		},

		// Attachments.
		attachments.Routes(fs.Behaviour[attachment]{Ops: fs.CRUD, Render: renderAttachment, Order: byOrder(attachmentOrder),
			Create: createAttachment, Update: updateAttachment, Delete: deleteAttachment}),

		// Participants, their sign events and forwarding.
		participants.Routes(fs.Behaviour[participant]{Ops: fs.CRUD, Render: renderParticipant,
			Order: func(c *fs.Call, ps []*fs.Item[participant]) ([]*fs.Item[participant], *fs.Error) {
				return sortParticipants(c, ps), nil
			},
			Create: createParticipant, Update: updateParticipant, Delete: deleteParticipant}),
		signEvents.Routes(fs.Behaviour[activity]{Ops: fs.OpList, Render: renderSignEvent}),
		[]fs.Route{
			{Method: http.MethodPost, Path: "agreements/{agreement_id}/participants/batch", Handle: batchParticipants},
			{Method: http.MethodPost, Path: "agreements/{agreement_id}/participants/{participant_id}/forward", Handle: forward},
		},

		// Observers.
		observers.Routes(fs.Behaviour[observer]{Ops: fs.CRUD, Render: renderObserver,
			Create: createObserver, Update: updateObserver, Delete: deleteObserver}),
		[]fs.Route{{Method: http.MethodPost, Path: "agreements/{agreement_id}/observers/batch", Handle: batchObservers}},

		// Signing groups.
		groups.Routes(fs.Behaviour[group]{Ops: fs.CRUD, Render: renderGroup, Order: byOrder(groupOrder),
			Create: createGroup, Update: updateGroup, Delete: deleteGroup}),

		// Recipient messages (one per agreement, upserted), templates, variables.
		messages.Routes(fs.Behaviour[struct{}]{Ops: fs.OpGet | fs.OpDelete, Render: renderMessage, Delete: editableChild[struct{}]}),
		[]fs.Route{
			{Method: http.MethodPost, Path: messages.Path, Handle: upsertMessage},
			{Method: http.MethodPut, Path: messages.Path, Handle: upsertMessage},
		},
		templates.Routes(fs.Behaviour[template]{Ops: fs.CRUD, Render: renderTemplate,
			Create: createTemplate, Update: updateTemplate, Delete: editableChild[template]}),
		variables.Routes(fs.Behaviour[variable]{Ops: fs.CRUD, Render: renderVariable,
			Create: createVariable, Update: updateVariable, Delete: editableChild[variable]}),
	)
}

var agreementStatuses = []string{
	string(zigned.AgreementStatusDraft), string(zigned.AgreementStatusPending), string(zigned.AgreementStatusFulfilled),
	string(zigned.AgreementStatusCancelled), string(zigned.AgreementStatusGenerating),
	string(zigned.AgreementStatusFailedToGenerate), string(zigned.AgreementStatusOpen), string(zigned.AgreementStatusExpired),
}

var locales = []zigned.Locale{zigned.LocaleSwedish, zigned.LocaleEnglish}

// byOrder sorts items by an integer order, then by creation.
func byOrder[T any](order func(T) int) func(*fs.Call, []*fs.Item[T]) ([]*fs.Item[T], *fs.Error) {
	return func(_ *fs.Call, items []*fs.Item[T]) ([]*fs.Item[T], *fs.Error) {
		items = slices.Clone(items)
		slices.SortStableFunc(items, func(a, b *fs.Item[T]) int { return order(a.V) - order(b.V) })
		return items, nil
	}
}

func attachmentOrder(a attachment) int { return a.order }
func groupOrder(g group) int           { return g.order }

// agreementOf returns the agreement of the request's path (its id is
// {agreement_id}), or its 404.
func agreementOf(c *fs.Call) (*fs.Item[agreement], *fs.Error) { return agreements.Find(c) }

func editable(a *fs.Item[agreement]) bool {
	return a.V.status == zigned.AgreementStatusDraft || a.V.status == zigned.AgreementStatusOpen
}

// notEditable is the refusal of a change to an agreement that is neither
// draft nor open.
func notEditable(a *fs.Item[agreement]) *fs.Error {
	return fs.Errorf(http.StatusBadRequest, "The agreement must be in draft or open status, not %s", a.V.status)
}

// editableAgreement returns the path's agreement when it may change.
func editableAgreement(c *fs.Call) (*fs.Item[agreement], *fs.Error) {
	a, e := agreementOf(c)
	if e != nil {
		return nil, e
	}
	if !editable(a) {
		return nil, notEditable(a)
	}
	return a, nil
}

// editableChild refuses to delete an agreement's child once the agreement
// left draft and open.
func editableChild[T any](c *fs.Call, _ *fs.Item[T]) *fs.Error {
	_, e := editableAgreement(c)
	return e
}

// logActivity appends to an agreement's event log.
func logActivity(c *fs.Call, agreementID, title, description string) {
	activities.Add(c, agreementID, activity{title: title, description: description})
}

// touchAgreement marks an agreement changed.
func touchAgreement(c *fs.Call, a *fs.Item[agreement]) { agreements.Touch(c, a) }

// emitAgreement delivers event with the agreement as it is now.
func emitAgreement(c *fs.Call, event zigned.EventType, a *fs.Item[agreement]) {
	c.Emit(string(event), renderAgreement(c, a))
}

func emitParticipant(c *fs.Call, event zigned.EventType, p *fs.Item[participant]) {
	c.Emit(string(event), renderParticipant(c, p))
}

// isoPattern is the spec's date-time: UTC with Z only (offsets are
// refused), the time and the fraction optional.
var isoPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?Z?$`)

// isoDate reads a date-time as the spec's pattern allows.
func isoDate(v string) (time.Time, bool) {
	if !isoPattern.MatchString(v) {
		return time.Time{}, false
	}
	v = strings.TrimSuffix(v, "Z")
	for _, l := range []string{"2006-01-02T15:04:05.999999999", time.DateOnly} {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseTime reads a body's date-time (isoDate), or answers 400.
func parseTime(field, v string) (time.Time, *fs.Error) {
	if t, ok := isoDate(v); ok {
		return t, nil
	}
	return time.Time{}, fs.Invalid(field+" must be a UTC date-time like 2006-01-02T15:04:05.000Z",
		fs.FieldError{Field: field, Message: "not a date-time"})
}
