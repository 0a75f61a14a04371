package zignedtest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// settings are what POST and PUT /agreements set; nil leaves a field alone.
type settings struct {
	issuer                           *zigned.IssuerRequest
	sendEmails, signingOrder         *bool
	trust                            zigned.TrustLevel
	locale                           zigned.Locale
	theme, callback, lookup, expires *zigned.Removable[string] // expires as the spec's pattern allows
	reminders                        *zigned.Removable[zigned.ReminderIntensity]
}

// val is a Removable's value (zero when absent or removed).
func val[T any](r *zigned.Removable[T]) (v T) {
	if r != nil {
		v, _ = r.Value()
	}
	return v
}

func setTo[T any](dst *T, r *zigned.Removable[T]) {
	if r != nil {
		*dst = val(r)
	}
}

// writeAgreement creates (POST, a draft) or updates (PUT, draft or open
// only) an agreement.
func writeAgreement(c *fs.Call, it *fs.Item[agreement]) *fs.Error {
	create := creating(c)
	var s settings
	var k *fs.Check
	if create {
		var req struct {
			zigned.AgreementRequest
			ExpiresAt string `json:"expires_at"`
		}
		k = c.Read(&req)
		r := req.AgreementRequest
		s = settings{issuer: r.Issuer, sendEmails: r.SendEmails, signingOrder: r.SigningOrder, trust: r.TrustLevel,
			locale: r.DefaultLocale, theme: zigned.Set(r.ThemeID), callback: zigned.Set(r.SuccessCallbackURL),
			lookup: zigned.Set(r.LookupKey), reminders: zigned.Set(r.AutomaticReminders)}
		if req.ExpiresAt != "" {
			s.expires = zigned.Set(req.ExpiresAt)
		}
		it.V = agreement{status: zigned.AgreementStatusDraft, trust: zigned.TrustLevelSES, sendEmails: true,
			locale: zigned.LocaleSwedish, issuer: zigned.IssuerRequest{Name: "zignedtest client", Role: zigned.RoleObserver}}
	} else {
		var req struct {
			zigned.AgreementUpdate
			ExpiresAt *zigned.Removable[string] `json:"expires_at"`
		}
		k = c.Read(&req).Add(notEditable(it))
		r := req.AgreementUpdate
		s = settings{issuer: r.Issuer, sendEmails: r.SendEmails, signingOrder: r.SigningOrder, trust: r.TrustLevel,
			locale: r.DefaultLocale, callback: r.SuccessCallbackURL, lookup: r.LookupKey, reminders: r.AutomaticReminders,
			expires: req.ExpiresAt}
		if t := r.Theme; t != nil {
			s.theme = zigned.Remove[string]()
			if !t.Disconnect {
				s.theme = zigned.Set(t.ID)
				k.Field(t.ID == "", "theme", "theme needs an id or disconnect")
			}
		}
	}
	var issuer zigned.IssuerRequest
	if s.issuer != nil {
		issuer = *s.issuer
	}
	k.Add(fs.Enum("issuer.role", issuer.Role, zigned.RoleObserver, zigned.RoleSigner, zigned.RoleApprover),
		fs.Enum("issuer.locale", issuer.Locale, locales...),
		fs.Enum("trust_level", s.trust, zigned.TrustLevelSES, zigned.TrustLevelAES, zigned.TrustLevelQES),
		fs.Enum("default_locale", s.locale, locales...),
		fs.Enum("automatic_reminders", val(s.reminders), zigned.RemindersIntense, zigned.RemindersNormal))
	u, err := url.Parse(val(s.callback))
	k.Field(val(s.callback) != "" && (err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http")),
		"success_callback_url", "success_callback_url must be an absolute http(s) URL")
	k.Field(val(s.theme) != "" && themes.Get(c, val(s.theme)) == nil, "theme_id", "theme_id does not name a theme")
	expires := it.V.expires
	if s.expires != nil {
		expires = time.Time{} // {"remove": true}
		if v, set := s.expires.Value(); set {
			parseTime(k, "expires_at", v, &expires)
		}
	}
	if e := k.Err(); e != nil {
		return e
	}
	a := &it.V
	if s.issuer != nil {
		a.issuer = issuer
		a.issuer.Role = cmp.Or(a.issuer.Role, zigned.RoleObserver)
	}
	if s.sendEmails != nil {
		a.sendEmails = *s.sendEmails
	}
	if s.signingOrder != nil {
		a.signingOrder = *s.signingOrder
	}
	fs.Patch(&a.trust, s.trust)
	fs.Patch(&a.locale, s.locale)
	a.issuer.Locale = cmp.Or(a.issuer.Locale, a.locale)
	setTo(&a.theme, s.theme)
	setTo(&a.callback, s.callback)
	setTo(&a.lookup, s.lookup)
	setTo(&a.reminders, s.reminders)
	a.expires = expires
	if create {
		changed(c, it, zigned.EventAgreementDraftCreated, activity{"Agreement created", "The agreement was created as a draft"})
	} else {
		changed(c, it, zigned.EventAgreementDraftUpdated, activity{})
	}
	return nil
}

// lifecycle moves an agreement: pending (send), open, cancelled.
func lifecycle(c *fs.Call, a *fs.Item[agreement]) fs.Reply {
	var req struct {
		LifecycleState *zigned.LifecycleState `json:"lifecycle_state"`
	}
	e := c.Decode(&req, "lifecycle_state")
	if e == nil {
		switch st := req.LifecycleState; st.Status {
		case zigned.LifecyclePending:
			e = send(c, a)
		case zigned.LifecycleOpen:
			e = reopen(c, a)
		case zigned.LifecycleCancelled:
			e = cancelWith(c, a, st.Input)
		default:
			e = fs.Invalid("lifecycle_state.status must be pending, open or cancelled")
		}
	}
	if e != nil {
		return e.Reply()
	}
	return envelope.One(c, http.StatusOK, "agreement", renderAgreement(c, a))
}

func reopen(c *fs.Call, a *fs.Item[agreement]) *fs.Error {
	if a.V.status != zigned.AgreementStatusPending {
		return fs.Errorf(http.StatusBadRequest, "Only pending agreements can be opened, not %s", a.V.status)
	}
	a.V.status = zigned.AgreementStatusOpen
	for _, p := range participants.Children(c, a.ID) {
		if p.V.status == zigned.ParticipantStatusPending {
			p.V.status = zigned.ParticipantStatusDraft
			participants.Touch(c, p)
		}
	}
	changed(c, a, zigned.EventAgreementLifecycleOpened, activity{"Agreement opened", "The signing process was paused for changes"})
	return nil
}

// cancelWith cancels with a cancellation as the API takes it.
func cancelWith(c *fs.Call, a *fs.Item[agreement], in *zigned.Cancellation) *fs.Error {
	if in == nil {
		return fs.Invalid("lifecycle_state.input is required to cancel")
	}
	reason := string(in.Type)
	switch in.Type {
	case zigned.CancellationInvalidDocument, zigned.CancellationInvalidParticipant, zigned.CancellationInvalidEmail:
		if in.Reason != "" {
			return fs.Invalid("only a custom cancellation takes a reason")
		}
	case zigned.CancellationCustom:
		if reason = in.Reason; strings.TrimSpace(reason) == "" {
			return fs.Invalid("a custom cancellation needs a reason")
		}
	default:
		return fs.Enum("lifecycle_state.input.cancellation_type", in.Type, zigned.CancellationInvalidDocument,
			zigned.CancellationInvalidParticipant, zigned.CancellationInvalidEmail, zigned.CancellationCustom)
	}
	return cancel(c, a, reason)
}

func cancel(c *fs.Call, a *fs.Item[agreement], reason string) *fs.Error {
	if !editable(a) && a.V.status != zigned.AgreementStatusPending {
		return fs.Errorf(http.StatusBadRequest, "The agreement cannot be cancelled in status %s", a.V.status)
	}
	a.V.status, a.V.cancelReason = zigned.AgreementStatusCancelled, reason
	changed(c, a, zigned.EventAgreementLifecycleCancelled, activity{"Agreement cancelled", reason})
	return nil
}

// remind reminds the pending participants (one, with participant_id).
func remind(c *fs.Call, a *fs.Item[agreement]) fs.Reply {
	var req struct {
		ParticipantID string `json:"participant_id"`
	}
	e := cmp.Or(c.Decode(&req), refuseIf(a.V.status != zigned.AgreementStatusPending, "Reminders can only be sent for pending agreements"))
	if e == nil && req.ParticipantID != "" && participants.In(c, a.ID, req.ParticipantID) == nil {
		e = participants.NotFound(c)
	}
	if e != nil {
		return e.Reply()
	}
	out := []any{}
	for _, p := range participants.Children(c, a.ID) {
		if (req.ParticipantID == "" || p.ID == req.ParticipantID) && p.V.status == zigned.ParticipantStatusPending {
			out = append(out, map[string]any{"status": "sent",
				"participant": envelope.Wrap("single", "participant", renderParticipant(c, p))})
		}
	}
	logActivity(c, a.ID, "Reminders sent", "Reminders were sent to participants yet to sign")
	return fs.JSON(http.StatusOK, envelope.Wrap("list", "reminder", out))
}

// ---- documents

// fileIn returns the uploaded file a body's field names, or records the
// problem; an empty id names none unless need.
func fileIn(c *fs.Call, k *fs.Check, field, id string, need bool) *fs.Item[file] {
	f := files.Get(c, id)
	if (id != "" || need) && (f == nil || !f.V.listed) {
		k.Add(fs.Invalid(field + " does not name an uploaded file"))
		return nil
	}
	return f
}

// keepCopy points *dst at an unlisted copy of f (nil: leaves it), dropping
// the copy it had: Zigned clones the files it uses, so later changes to
// the archive do not matter.
func keepCopy(c *fs.Call, dst *string, f *fs.Item[file]) {
	if f != nil {
		v := f.V
		v.listed = false
		files.Remove(c, *dst)
		*dst = files.Add(c, "", v).ID
	}
}

func setMain(c *fs.Call) fs.Reply {
	var req struct {
		FileID string `json:"file_id"`
	}
	k := c.Read(&req, "file_id")
	a, e := editableAgreement(c)
	f := fileIn(c, k.Add(e), "file_id", req.FileID, true)
	if e := k.Add(refuseIf(f != nil && f.V.mime != zigned.MimeTypePDF, "The main document must be a PDF")).Err(); e != nil {
		return e.Reply()
	}
	keepCopy(c, &a.V.mainFile, f)
	changed(c, a, zigned.EventAgreementDraftUpdated, activity{"Main document attached", f.V.name + " was attached as the document to sign"})
	return envelope.One(c, http.StatusOK, "agreement", renderAgreement(c, a))
}

func removeMain(c *fs.Call) fs.Reply {
	a, e := editableAgreement(c)
	if e == nil {
		e = refuseIf(a.V.mainFile == "", "The agreement has no main document")
	}
	if e != nil {
		return e.Reply()
	}
	files.Remove(c, a.V.mainFile)
	a.V.mainFile = ""
	changed(c, a, zigned.EventAgreementDraftUpdated, activity{})
	return envelope.One(c, http.StatusOK, "agreement", renderAgreement(c, a))
}

// attachmentsOf returns an agreement's attachments in order.
func attachmentsOf(c *fs.Call, agreementID string) []*fs.Item[attachment] {
	items, _ := byOrder(attachmentOrder)(c, attachments.Children(c, agreementID))
	return items
}

// others are the other attachments of it's agreement, in order.
func others(c *fs.Call, it *fs.Item[attachment]) []*fs.Item[attachment] {
	return slices.DeleteFunc(attachmentsOf(c, it.Parent), func(x *fs.Item[attachment]) bool { return x.ID == it.ID })
}

// placeAttachment moves it to position order (from 1, clamped) and
// renumbers the agreement's attachments 1, 2, ...
func placeAttachment(c *fs.Call, it *fs.Item[attachment], order int) {
	all := others(c, it)
	all = slices.Insert(all, max(0, min(order-1, len(all))), it)
	for i, x := range all {
		if x.V.order != i+1 {
			x.V.order = i + 1
			if x != it {
				attachments.Touch(c, x)
			}
		}
	}
}

func createAttachment(c *fs.Call, it *fs.Item[attachment]) *fs.Error {
	var req zigned.AttachmentRequest
	k := c.Read(&req, "file_id")
	f := fileIn(c, k, "file_id", req.FileID, true)
	if e := k.Err(); e != nil {
		return e
	}
	it.V.order = 1 << 30
	keepCopy(c, &it.V.file, f)
	attachments.Insert(c, it)
	order := len(attachments.Children(c, it.Parent))
	fs.Assign(&order, req.Order)
	placeAttachment(c, it, order)
	return nil
}

func updateAttachment(c *fs.Call, it *fs.Item[attachment]) *fs.Error {
	var req struct {
		Order *int `json:"order"`
	}
	k := c.Read(&req, "order")
	if e := k.Field(req.Order != nil && *req.Order < 0, "order", "order must not be negative").Err(); e != nil {
		return e
	}
	placeAttachment(c, it, *req.Order)
	return nil
}

func deleteAttachment(c *fs.Call, it *fs.Item[attachment]) *fs.Error {
	files.Remove(c, it.V.file)
	for i, x := range others(c, it) {
		x.V.order = i + 1
	}
	return nil
}
