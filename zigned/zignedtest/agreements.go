package zignedtest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// agreementBody is the body of POST /agreements, with expires_at read as
// the spec's pattern allows (a date alone too).
type agreementBody struct {
	zigned.AgreementRequest
	ExpiresAt string `json:"expires_at"`
}

// checkSettings validates the fields POST and PUT /agreements share.
func checkSettings(issuer *zigned.IssuerRequest, trust zigned.TrustLevel, locale zigned.Locale) *fs.Error {
	var role zigned.Role
	var issuerLocale zigned.Locale
	if issuer != nil {
		role, issuerLocale = issuer.Role, issuer.Locale
	}
	return fs.FirstError(
		fs.Enum("issuer.role", role, zigned.RoleObserver, zigned.RoleSigner, zigned.RoleApprover),
		fs.Enum("issuer.locale", issuerLocale, locales...),
		fs.Enum("trust_level", trust, zigned.TrustLevelSES, zigned.TrustLevelAES, zigned.TrustLevelQES),
		fs.Enum("default_locale", locale, locales...))
}

// apply sets the fields POST and PUT /agreements share; nil and empty ones
// are left alone.
func (a *agreement) apply(issuer *zigned.IssuerRequest, sendEmails *bool, trust zigned.TrustLevel, signingOrder *bool, locale zigned.Locale) {
	if issuer != nil {
		a.issuer = *issuer
		if a.issuer.Role == "" {
			a.issuer.Role = zigned.RoleObserver
		}
	}
	if sendEmails != nil {
		a.sendEmails = *sendEmails
	}
	if signingOrder != nil {
		a.signingOrder = *signingOrder
	}
	fs.Patch(&a.trust, trust)
	fs.Patch(&a.locale, locale)
	if a.issuer.Locale == "" {
		a.issuer.Locale = a.locale
	}
}

func checkURL(field, v string) *fs.Error {
	if u, err := url.Parse(v); v != "" && (err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http")) {
		return fs.Invalid(field+" must be an absolute http(s) URL", fs.FieldError{Field: field, Message: "not a URL"})
	}
	return nil
}

func checkTheme(c *fs.Call, id string) *fs.Error {
	if id != "" && themes.Get(c, id) == nil {
		return fs.Invalid("theme_id does not name a theme", fs.FieldError{Field: "theme_id", Message: "unknown theme"})
	}
	return nil
}

func createAgreement(c *fs.Call, it *fs.Item[agreement]) *fs.Error {
	var req agreementBody
	if e := c.Decode(&req); e != nil {
		return e
	}
	e := fs.FirstError(checkSettings(req.Issuer, req.TrustLevel, req.DefaultLocale),
		fs.Enum("automatic_reminders", req.AutomaticReminders, zigned.RemindersIntense, zigned.RemindersNormal),
		checkURL("success_callback_url", req.SuccessCallbackURL), checkTheme(c, req.ThemeID))
	if e != nil {
		return e
	}
	a := agreement{status: zigned.AgreementStatusDraft, trust: zigned.TrustLevelSES, sendEmails: true,
		locale: zigned.LocaleSwedish, issuer: zigned.IssuerRequest{Name: "zignedtest client", Role: zigned.RoleObserver},
		reminders: req.AutomaticReminders, theme: req.ThemeID, lookup: req.LookupKey, callback: req.SuccessCallbackURL}
	a.apply(req.Issuer, req.SendEmails, req.TrustLevel, req.SigningOrder, req.DefaultLocale)
	if req.ExpiresAt != "" {
		if a.expires, e = parseTime("expires_at", req.ExpiresAt); e != nil {
			return e
		}
	}
	it.V = a
	logActivity(c, it.ID, "Agreement created", "The agreement was created as a draft")
	emitAgreement(c, zigned.EventAgreementDraftCreated, it)
	return nil
}

// agreementUpdate is the body of PUT /agreements/{id}, with expires_at read
// as the spec's pattern allows.
type agreementUpdate struct {
	zigned.AgreementUpdate
	ExpiresAt *zigned.Removable[string] `json:"expires_at"`
}

func updateAgreement(c *fs.Call, it *fs.Item[agreement]) *fs.Error {
	var req agreementUpdate
	if e := c.Decode(&req); e != nil {
		return e
	}
	if !editable(it) {
		return notEditable(it)
	}
	var callback, intensity string
	if req.SuccessCallbackURL != nil {
		callback, _ = req.SuccessCallbackURL.Value()
	}
	if req.AutomaticReminders != nil {
		v, _ := req.AutomaticReminders.Value()
		intensity = string(v)
	}
	var themeID string
	if req.Theme != nil && !req.Theme.Disconnect {
		themeID = req.Theme.ID
		if themeID == "" {
			return fs.Invalid("theme needs an id or disconnect", fs.FieldError{Field: "theme", Message: "required"})
		}
	}
	e := fs.FirstError(checkSettings(req.Issuer, req.TrustLevel, req.DefaultLocale),
		fs.Enum("automatic_reminders", intensity, string(zigned.RemindersIntense), string(zigned.RemindersNormal)),
		checkURL("success_callback_url", callback), checkTheme(c, themeID))
	if e != nil {
		return e
	}
	expires := it.V.expires
	if req.ExpiresAt != nil {
		expires = time.Time{} // {"remove": true}
		if v, set := req.ExpiresAt.Value(); set {
			if expires, e = parseTime("expires_at", v); e != nil {
				return e
			}
		}
	}
	a := &it.V
	a.expires = expires
	a.apply(req.Issuer, req.SendEmails, req.TrustLevel, req.SigningOrder, req.DefaultLocale)
	if req.Theme != nil {
		a.theme = themeID
	}
	if req.SuccessCallbackURL != nil {
		a.callback = callback
	}
	if req.LookupKey != nil {
		a.lookup, _ = req.LookupKey.Value()
	}
	if req.AutomaticReminders != nil {
		a.reminders = zigned.ReminderIntensity(intensity)
	}
	it.Updated = c.Now()
	emitAgreement(c, zigned.EventAgreementDraftUpdated, it)
	return nil
}

func deleteAgreement(_ *fs.Call, it *fs.Item[agreement]) *fs.Error {
	if it.V.status != zigned.AgreementStatusDraft {
		return fs.Errorf(http.StatusBadRequest, "The agreement must be in draft status to be deleted")
	}
	return nil
}

// lifecycle moves an agreement: pending (send), open, cancelled.
func lifecycle(c *fs.Call) fs.Reply {
	var req struct {
		LifecycleState *zigned.LifecycleState `json:"lifecycle_state"`
	}
	if e := c.Decode(&req, "lifecycle_state"); e != nil {
		return e.Reply()
	}
	a, e := agreementOf(c)
	if e != nil {
		return e.Reply()
	}
	st := req.LifecycleState
	switch st.Status {
	case zigned.LifecyclePending:
		e = send(c, a)
	case zigned.LifecycleOpen:
		e = reopen(c, a)
	case zigned.LifecycleCancelled:
		e = cancelWith(c, a, st.Input)
	default:
		e = fs.Invalid("lifecycle_state.status must be pending, open or cancelled",
			fs.FieldError{Field: "lifecycle_state.status", Message: "not an allowed value"})
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
	touchAgreement(c, a)
	logActivity(c, a.ID, "Agreement opened", "The signing process was paused for changes")
	emitAgreement(c, zigned.EventAgreementLifecycleOpened, a)
	return nil
}

// cancelWith cancels with a cancellation as the API takes it.
func cancelWith(c *fs.Call, a *fs.Item[agreement], in *zigned.Cancellation) *fs.Error {
	if in == nil {
		return fs.Invalid("lifecycle_state.input is required to cancel", fs.FieldError{Field: "lifecycle_state.input", Message: "required"})
	}
	reason := string(in.Type)
	switch in.Type {
	case zigned.CancellationInvalidDocument, zigned.CancellationInvalidParticipant, zigned.CancellationInvalidEmail:
		if in.Reason != "" {
			return fs.Invalid("only a custom cancellation takes a reason", fs.FieldError{Field: "lifecycle_state.input.reason", Message: "not allowed"})
		}
	case zigned.CancellationCustom:
		if strings.TrimSpace(in.Reason) == "" {
			return fs.Invalid("a custom cancellation needs a reason", fs.FieldError{Field: "lifecycle_state.input.reason", Message: "required"})
		}
		reason = in.Reason
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
	touchAgreement(c, a)
	logActivity(c, a.ID, "Agreement cancelled", reason)
	emitAgreement(c, zigned.EventAgreementLifecycleCancelled, a)
	return nil
}

func remind(c *fs.Call) fs.Reply {
	var req struct {
		ParticipantID string `json:"participant_id"`
	}
	if e := c.Decode(&req); e != nil {
		return e.Reply()
	}
	a, e := agreementOf(c)
	if e != nil {
		return e.Reply()
	}
	if a.V.status != zigned.AgreementStatusPending {
		return fs.Fail(http.StatusBadRequest, "Reminders can only be sent for pending agreements")
	}
	if req.ParticipantID != "" && participants.In(c, a.ID, req.ParticipantID) == nil {
		return participants.NotFound(c).Reply()
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

// fileIn returns the uploaded file named by a body's file_id.
func fileIn(c *fs.Call, field, id string) (*fs.Item[file], *fs.Error) {
	f := files.Get(c, id)
	if f == nil || !f.V.listed {
		return nil, fs.Invalid(field+" does not name an uploaded file", fs.FieldError{Field: field, Message: "unknown file"})
	}
	return f, nil
}

// copyFile stores an unlisted copy of f: Zigned clones the files it uses,
// so later changes to the archive do not matter.
func copyFile(c *fs.Call, f *fs.Item[file]) string {
	v := f.V
	v.listed = false
	return files.Add(c, "", v).ID
}

func setMain(c *fs.Call) fs.Reply {
	var req struct {
		FileID string `json:"file_id"`
	}
	if e := c.Decode(&req, "file_id"); e != nil {
		return e.Reply()
	}
	a, e := editableAgreement(c)
	if e != nil {
		return e.Reply()
	}
	f, e := fileIn(c, "file_id", req.FileID)
	if e != nil {
		return e.Reply()
	}
	if f.V.mime != zigned.MimeTypePDF {
		return fs.Fail(http.StatusBadRequest, "The main document must be a PDF")
	}
	files.Remove(c, a.V.mainFile)
	a.V.mainFile = copyFile(c, f)
	touchAgreement(c, a)
	logActivity(c, a.ID, "Main document attached", f.V.name+" was attached as the document to sign")
	emitAgreement(c, zigned.EventAgreementDraftUpdated, a)
	return envelope.One(c, http.StatusOK, "agreement", renderAgreement(c, a))
}

func removeMain(c *fs.Call) fs.Reply {
	a, e := editableAgreement(c)
	if e != nil {
		return e.Reply()
	}
	if a.V.mainFile == "" {
		return fs.Fail(http.StatusBadRequest, "The agreement has no main document")
	}
	files.Remove(c, a.V.mainFile)
	a.V.mainFile = ""
	touchAgreement(c, a)
	emitAgreement(c, zigned.EventAgreementDraftUpdated, a)
	return envelope.One(c, http.StatusOK, "agreement", renderAgreement(c, a))
}

// attachmentsOf returns an agreement's attachments in order.
func attachmentsOf(c *fs.Call, agreementID string) []*fs.Item[attachment] {
	items, _ := byOrder(attachmentOrder)(c, attachments.Children(c, agreementID))
	return items
}

// placeAttachment moves it to position order (from 1, clamped) and
// renumbers the agreement's attachments 1, 2, ...
func placeAttachment(c *fs.Call, it *fs.Item[attachment], order int) {
	others := slices.DeleteFunc(attachmentsOf(c, it.Parent), func(x *fs.Item[attachment]) bool { return x.ID == it.ID })
	at := max(0, min(order-1, len(others)))
	all := slices.Insert(others, at, it)
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
	if e := c.Decode(&req, "file_id"); e != nil {
		return e
	}
	if _, e := editableAgreement(c); e != nil {
		return e
	}
	f, e := fileIn(c, "file_id", req.FileID)
	if e != nil {
		return e
	}
	it.V = attachment{file: copyFile(c, f), order: 1 << 30}
	attachments.Insert(c, it)
	order := len(attachments.Children(c, it.Parent))
	if req.Order != nil {
		order = *req.Order
	}
	placeAttachment(c, it, order)
	return nil
}

func updateAttachment(c *fs.Call, it *fs.Item[attachment]) *fs.Error {
	var req struct {
		Order *int `json:"order"`
	}
	if e := c.Decode(&req, "order"); e != nil {
		return e
	}
	if *req.Order < 0 {
		return fs.Invalid("order must not be negative", fs.FieldError{Field: "order", Message: "out of range"})
	}
	if _, e := editableAgreement(c); e != nil {
		return e
	}
	placeAttachment(c, it, *req.Order)
	return nil
}

func deleteAttachment(c *fs.Call, it *fs.Item[attachment]) *fs.Error {
	if _, e := editableAgreement(c); e != nil {
		return e
	}
	files.Remove(c, it.V.file)
	rest := slices.DeleteFunc(attachmentsOf(c, it.Parent), func(x *fs.Item[attachment]) bool { return x.ID == it.ID })
	for i, x := range rest {
		x.V.order = i + 1
	}
	return nil
}
