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
	post := http.MethodPost
	editable := func(c *fs.Call) *fs.Error { _, e := editableAgreement(c); return e }
	return fs.Routes(
		files.Routes(fs.Behaviour[file]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpDelete, Render: renderFile, List: pages, Create: uploadFile,
			Where: func(_ *fs.Call, it *fs.Item[file]) bool { return it.V.listed },
			Filters: append(dated(func(f file) string { return f.lookup }),
				fs.Equal("mime_type", func(it *fs.Item[file]) string { return it.V.mime }, fileTypes...)),
			Delete: func(c *fs.Call, it *fs.Item[file]) *fs.Error {
				if !it.V.listed { // the copies an agreement or a theme uses are not in the archive
					return files.NotFound(c)
				}
				return nil
			},
		}),
		themes.Routes(fs.Behaviour[theme]{Ops: fs.CRUD, Render: renderTheme, List: pages,
			Filters: dated(func(t theme) string { return t.lookup }),
			Create:  writeTheme, Update: writeTheme, Delete: deleteTheme}),
		webhooks.Routes(fs.Behaviour[hook]{Ops: fs.CRUD, Render: renderWebhook, Create: writeWebhook, Update: writeWebhook}),

		agreements.Routes(fs.Behaviour[agreement]{Ops: fs.CRUD, Render: renderAgreement, List: pages,
			Filters: append(dated(func(a agreement) string { return a.lookup }),
				fs.Equal("status", func(it *fs.Item[agreement]) string { return string(it.V.status) }, agreementStatuses...)),
			Create: writeAgreement, Update: writeAgreement,
			Delete: func(_ *fs.Call, it *fs.Item[agreement]) *fs.Error {
				return refuseIf(it.V.status != zigned.AgreementStatusDraft, "The agreement must be in draft status to be deleted")
			}}),
		activities.Routes(fs.Behaviour[activity]{Ops: fs.OpList, Render: renderActivity}),
		[]fs.Route{
			agreements.On(post, "agreements/{agreement_id}/lifecycle", lifecycle),
			agreements.On(post, "agreements/{agreement_id}/reminders", remind),
			{Method: post, Path: "agreements/{agreement_id}/documents/main", Handle: setMain},
			{Method: http.MethodDelete, Path: "agreements/{agreement_id}/documents/main", Handle: removeMain},
		},
		attachments.Routes(fs.Behaviour[attachment]{Ops: fs.CRUD, Render: renderAttachment, Order: byOrder(attachmentOrder),
			Guard: editable, Create: createAttachment, Update: updateAttachment, Delete: deleteAttachment}),

		participants.Routes(fs.Behaviour[participant]{Ops: fs.CRUD, Render: renderParticipant, Order: sortParticipants,
			Guard: editable, Create: create("participant", newParticipant, participantAdded), Update: updateParticipant, Delete: deleteParticipant}),
		signEvents.Routes(fs.Behaviour[activity]{Ops: fs.OpList, Render: renderSignEvent}),
		[]fs.Route{
			batch(participants, "participants", editableAgreement, newParticipant, participantAdded, renderParticipant),
			participants.On(post, "agreements/{agreement_id}/participants/{participant_id}/forward", forward),
		},
		observers.Routes(fs.Behaviour[observer]{Ops: fs.CRUD, Render: renderObserver,
			Guard:  func(c *fs.Call) *fs.Error { _, e := observableAgreement(c); return e },
			Create: create("observer", newObserver, observerAdded), Update: updateObserver}),
		[]fs.Route{batch(observers, "observers", observableAgreement, newObserver, observerAdded, renderObserver)},
		groups.Routes(fs.Behaviour[group]{Ops: fs.CRUD, Render: renderGroup, Order: byOrder(groupOrder),
			Guard: editable, Create: writeGroup, Update: writeGroup, Delete: deleteGroup}),

		messages.Routes(fs.Behaviour[struct{}]{Ops: fs.OpGet | fs.OpDelete, Render: renderMessage, Guard: editable}),
		[]fs.Route{
			{Method: post, Path: messages.Path, Handle: upsertMessage},
			{Method: http.MethodPut, Path: messages.Path, Handle: upsertMessage},
		},
		templates.Routes(fs.Behaviour[template]{Ops: fs.CRUD, Render: renderTemplate, Guard: editable,
			Create: writeTemplate, Update: writeTemplate}),
		variables.Routes(fs.Behaviour[variable]{Ops: fs.CRUD, Render: renderVariable, Guard: editable,
			Create: writeVariable, Update: writeVariable}),
	)
}

var (
	agreementStatuses = []string{
		string(zigned.AgreementStatusDraft), string(zigned.AgreementStatusPending), string(zigned.AgreementStatusFulfilled),
		string(zigned.AgreementStatusCancelled), string(zigned.AgreementStatusGenerating),
		string(zigned.AgreementStatusFailedToGenerate), string(zigned.AgreementStatusOpen), string(zigned.AgreementStatusExpired),
	}
	locales = []zigned.Locale{zigned.LocaleSwedish, zigned.LocaleEnglish}
)

// dated is the filters of the paginated lists: lookup_key, start_date and
// end_date (the creation time, inclusive).
func dated[T any](lookup func(T) string) []fs.Filter[T] {
	return []fs.Filter[T]{fs.Equal("lookup_key", func(it *fs.Item[T]) string { return lookup(it.V) }),
		fs.Since("start_date", fs.CreatedAt[T], isoDate), fs.Until("end_date", fs.CreatedAt[T], isoDate)}
}

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

// creating reports whether the call is a create (POST), not an update.
func creating(c *fs.Call) bool { return c.Req.Method == http.MethodPost }

// refuseIf is a 400 with msg when bad, else nil.
func refuseIf(bad bool, msg string) *fs.Error {
	if bad {
		return fs.Errorf(http.StatusBadRequest, "%s", msg)
	}
	return nil
}

func editable(a *fs.Item[agreement]) bool {
	return a.V.status == zigned.AgreementStatusDraft || a.V.status == zigned.AgreementStatusOpen
}

// notEditable refuses a change to an agreement that is neither draft nor open.
func notEditable(a *fs.Item[agreement]) *fs.Error {
	return refuseIf(!editable(a), "The agreement must be in draft or open status, not "+string(a.V.status))
}

// editableAgreement returns the path's agreement when it may change.
func editableAgreement(c *fs.Call) (*fs.Item[agreement], *fs.Error) {
	a, e := agreements.Find(c)
	if e == nil {
		e = notEditable(a)
	}
	return a, e
}

// parentOf is the agreement of a child of an agreement.
func parentOf[T any](c *fs.Call, it *fs.Item[T]) *fs.Item[agreement] {
	return agreements.Get(c, it.Parent)
}

// logActivity appends to an agreement's event log.
func logActivity(c *fs.Call, agreementID, title, description string) {
	activities.Add(c, agreementID, activity{title: title, description: description})
}

// changed marks an agreement changed, logs what happened (when it has a
// title) and delivers event with it (none: "").
func changed(c *fs.Call, a *fs.Item[agreement], event zigned.EventType, what activity) {
	if what.title != "" {
		activities.Add(c, a.ID, what)
	}
	agreements.Touch(c, a)
	if event != "" {
		c.Emit(string(event), renderAgreement(c, a))
	}
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

// parseTime reads a body's date-time (isoDate) into *t, or records a 400.
func parseTime(k *fs.Check, field, v string, t *time.Time) {
	var ok bool
	*t, ok = isoDate(v)
	k.Field(!ok, field, field+" must be a UTC date-time like 2006-01-02T15:04:05.000Z")
}
