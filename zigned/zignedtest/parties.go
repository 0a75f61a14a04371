package zignedtest

import (
	"cmp"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// ---- participants

// groupsOf returns an agreement's signing groups by order.
func groupsOf(c *fs.Call, agreementID string) []*fs.Item[group] {
	items, _ := byOrder(groupOrder)(c, groups.Children(c, agreementID))
	return items
}

// membersOf returns a signing group's participants.
func membersOf(c *fs.Call, g *fs.Item[group]) []*fs.Item[participant] {
	var out []*fs.Item[participant]
	for _, p := range participants.Children(c, g.Parent) {
		if p.V.group == g.ID {
			out = append(out, p)
		}
	}
	return out
}

// participantsOf returns an agreement's participants in signing order.
func participantsOf(c *fs.Call, agreementID string) []*fs.Item[participant] {
	return sortParticipants(c, participants.Children(c, agreementID))
}

// sortParticipants orders participants by signing group, then their own
// order, then creation.
func sortParticipants(c *fs.Call, ps []*fs.Item[participant]) []*fs.Item[participant] {
	ps = slices.Clone(ps)
	groupRank := func(p *fs.Item[participant]) int {
		if g := groups.Get(c, p.V.group); g != nil {
			return g.V.order
		}
		return 0
	}
	orderOf := func(p *fs.Item[participant]) float64 {
		if p.V.order != nil {
			return *p.V.order
		}
		return 0
	}
	slices.SortStableFunc(ps, func(a, b *fs.Item[participant]) int {
		return cmp.Or(cmp.Compare(groupRank(a), groupRank(b)), cmp.Compare(orderOf(a), orderOf(b)))
	})
	return ps
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// newParticipant checks one participant of a create or batch body.
func newParticipant(c *fs.Call, a *fs.Item[agreement], field string, req *zigned.ParticipantRequest) (participant, *fs.Error) {
	if req == nil || (strings.TrimSpace(req.Name) == "" && strings.TrimSpace(req.Email) == "") {
		return participant{}, fs.Invalid(field+" needs a name or an email", fs.FieldError{Field: field, Message: "name or email required"})
	}
	if req.Email != "" && !validEmail(req.Email) {
		return participant{}, fs.Invalid(field+".email is not an email address", fs.FieldError{Field: field + ".email", Message: "not an email"})
	}
	if e := fs.FirstError(fs.Enum(field+".role", req.Role, zigned.RoleSigner, zigned.RoleApprover),
		fs.Enum(field+".locale", req.Locale, locales...)); e != nil {
		return participant{}, e
	}
	p := participant{name: req.Name, email: req.Email, role: req.Role, status: zigned.ParticipantStatusDraft,
		locale: req.Locale, personalNumber: req.PersonalNumber}
	if p.role == "" {
		p.role = zigned.RoleSigner
	}
	if p.locale == "" {
		p.locale = a.V.locale
	}
	if req.Order != nil {
		o := float64(*req.Order)
		if o < 0 {
			return participant{}, fs.Invalid(field+".order must not be negative", fs.FieldError{Field: field + ".order", Message: "out of range"})
		}
		p.order = &o
	}
	if p.role == zigned.RoleSigner && p.personalNumber != "" {
		p.identity = zigned.IdentityEnforcementPending
	}
	if gs := groupsOf(c, a.ID); len(gs) > 0 {
		p.group = gs[len(gs)-1].ID // signing order is on: new participants sign last
	}
	return p, nil
}

// addParticipants checks every request, then adds them all.
func addParticipants(c *fs.Call, a *fs.Item[agreement], field string, reqs []*zigned.ParticipantRequest) ([]*fs.Item[participant], *fs.Error) {
	var vs []participant
	for _, r := range reqs {
		p, e := newParticipant(c, a, field, r)
		if e != nil {
			return nil, e
		}
		vs = append(vs, p)
	}
	out := make([]*fs.Item[participant], len(vs))
	for i, v := range vs {
		out[i] = participants.Add(c, a.ID, v)
		logActivity(c, a.ID, "Participant added", describe(v.name, v.email)+" was added")
		emitParticipant(c, zigned.EventParticipantDraftCreated, out[i])
	}
	touchAgreement(c, a)
	return out, nil
}

func describe(name, email string) string {
	switch {
	case name == "":
		return email
	case email == "":
		return name
	}
	return name + " <" + email + ">"
}

func createParticipant(c *fs.Call, it *fs.Item[participant]) *fs.Error {
	var req zigned.ParticipantRequest
	if e := c.Decode(&req); e != nil {
		return e
	}
	a, e := editableAgreement(c)
	if e != nil {
		return e
	}
	p, e := newParticipant(c, a, "participant", &req)
	if e != nil {
		return e
	}
	it.V = p
	logActivity(c, a.ID, "Participant added", describe(p.name, p.email)+" was added")
	touchAgreement(c, a)
	emitParticipant(c, zigned.EventParticipantDraftCreated, it)
	return nil
}

func batchParticipants(c *fs.Call) fs.Reply {
	reqs, e := fs.DecodeList[*zigned.ParticipantRequest](c, "participants")
	if e != nil {
		return e.Reply()
	}
	a, e := editableAgreement(c)
	if e != nil {
		return e.Reply()
	}
	ps, e := addParticipants(c, a, "participants", reqs)
	if e != nil {
		return e.Reply()
	}
	return fs.JSON(http.StatusOK, listOf(c, "participant", ps, renderParticipant))
}

func updateParticipant(c *fs.Call, it *fs.Item[participant]) *fs.Error {
	var req zigned.ParticipantUpdate
	if e := c.Decode(&req); e != nil {
		return e
	}
	a, e := editableAgreement(c)
	if e != nil {
		return e
	}
	if req.Email != "" && !validEmail(req.Email) {
		return fs.Invalid("email is not an email address", fs.FieldError{Field: "email", Message: "not an email"})
	}
	if e := fs.FirstError(fs.Enum("role", req.Role, zigned.RoleSigner, zigned.RoleApprover),
		fs.Enum("locale", req.Locale, locales...)); e != nil {
		return e
	}
	if req.Order != nil && *req.Order < 0 {
		return fs.Invalid("order must not be negative", fs.FieldError{Field: "order", Message: "out of range"})
	}
	if ie := req.IdentityEnforcement; ie != nil && !ie.Disable && ie.PersonalNumber == "" {
		return fs.Invalid("identity_enforcement needs personal_number or disable", fs.FieldError{Field: "identity_enforcement", Message: "required"})
	}
	p := &it.V
	fs.Patch(&p.email, req.Email)
	fs.Patch(&p.name, req.Name)
	fs.Patch(&p.role, req.Role)
	fs.Patch(&p.locale, req.Locale)
	if req.Order != nil {
		o := float64(*req.Order)
		p.order = &o
	}
	if ie := req.IdentityEnforcement; ie != nil {
		p.personalNumber, p.identity = ie.PersonalNumber, zigned.IdentityEnforcementPending
		if ie.Disable {
			p.personalNumber, p.identity = "", ""
		}
	}
	if p.role == zigned.RoleApprover {
		p.identity = ""
	}
	touchAgreement(c, a)
	it.Updated = c.Now()
	emitParticipant(c, zigned.EventParticipantDraftUpdated, it)
	return nil
}

func deleteParticipant(c *fs.Call, it *fs.Item[participant]) *fs.Error {
	a, e := editableAgreement(c)
	if e != nil {
		return e
	}
	if it.V.status != zigned.ParticipantStatusDraft {
		return fs.Errorf(http.StatusBadRequest, "Only draft participants can be deleted, not %s", it.V.status)
	}
	touchAgreement(c, a)
	return nil
}

// forward forwards a pending participant's invitation to another email.
func forward(c *fs.Call) fs.Reply {
	var req struct {
		ForwardToEmail string `json:"forward_to_email"`
	}
	if e := c.Decode(&req, "forward_to_email"); e != nil {
		return e.Reply()
	}
	p, e := participants.Find(c)
	if e != nil {
		return e.Reply()
	}
	if !validEmail(req.ForwardToEmail) {
		return fs.Invalid("forward_to_email is not an email address", fs.FieldError{Field: "forward_to_email", Message: "not an email"}).Reply()
	}
	a := agreements.Get(c, p.Parent)
	if a.V.status != zigned.AgreementStatusPending || p.V.status != zigned.ParticipantStatusPending {
		return fs.Fail(http.StatusBadRequest, "Only pending participants of pending agreements can be forwarded")
	}
	previous := p.V.email
	p.V.email = req.ForwardToEmail
	p.V.room = signingRoom(c, a.ID, p.ID+"-"+c.Token(6, "abcdefghijklmnopqrstuvwxyz0123456789"))
	participants.Touch(c, p)
	logActivity(c, a.ID, "Participant forwarded", "The invitation of "+describe(p.V.name, previous)+" was forwarded to "+req.ForwardToEmail)
	signEvents.Add(c, p.ID, activity{title: "Forwarded link", description: "The invitation was forwarded to " + req.ForwardToEmail})
	emitParticipant(c, zigned.EventParticipantLifecycleForwarded, p)
	return envelope.One(c, http.StatusOK, "forward", map[string]any{
		"status": "forwarded", "previous_email": previous, "forwarded_to_email": req.ForwardToEmail,
		"participant": envelope.Wrap("single", "participant", renderParticipant(c, p)),
	})
}

// signingRoom is the signing room URL of a party.
func signingRoom(c *fs.Call, agreementID, partyID string) string {
	return c.Server().Root() + "/sign/" + agreementID + "/" + partyID
}

// ---- observers

func newObserver(field string, req *zigned.ObserverRequest, create bool) *fs.Error {
	if req == nil {
		return fs.Invalid(field+" must be an object", fs.FieldError{Field: field, Message: "required"})
	}
	if create && strings.TrimSpace(req.Name) == "" && strings.TrimSpace(req.Email) == "" {
		return fs.Invalid(field+" needs a name or an email", fs.FieldError{Field: field, Message: "name or email required"})
	}
	if req.Email != "" && !validEmail(req.Email) {
		return fs.Invalid(field+".email is not an email address", fs.FieldError{Field: field + ".email", Message: "not an email"})
	}
	return fs.FirstError(fs.Enum(field+".observer_scope", req.ObserverScope, zigned.ObserverScopeViewer, zigned.ObserverScopeCC),
		fs.Enum(field+".locale", req.Locale, locales...))
}

// observableAgreement is the path's agreement when observers may change:
// any time before it is finished.
func observableAgreement(c *fs.Call) (*fs.Item[agreement], *fs.Error) {
	a, e := agreementOf(c)
	if e != nil {
		return nil, e
	}
	if !editable(a) && a.V.status != zigned.AgreementStatusPending {
		return nil, fs.Errorf(http.StatusBadRequest, "Observers cannot change once the agreement is %s", a.V.status)
	}
	return a, nil
}

func observerOf(c *fs.Call, a *fs.Item[agreement], req *zigned.ObserverRequest) observer {
	o := observer{name: req.Name, email: req.Email, scope: req.ObserverScope, locale: req.Locale}
	if o.scope == "" {
		o.scope = zigned.ObserverScopeViewer
	}
	if o.locale == "" {
		o.locale = a.V.locale
	}
	return o
}

func createObserver(c *fs.Call, it *fs.Item[observer]) *fs.Error {
	var req zigned.ObserverRequest
	if e := c.Decode(&req); e != nil {
		return e
	}
	a, e := observableAgreement(c)
	if e != nil {
		return e
	}
	if e := newObserver("observer", &req, true); e != nil {
		return e
	}
	it.V = observerOf(c, a, &req)
	if a.V.status == zigned.AgreementStatusPending {
		it.V.room = signingRoom(c, a.ID, it.ID)
	}
	c.Emit(string(zigned.EventObserverDraftCreated), renderObserver(c, it))
	return nil
}

func batchObservers(c *fs.Call) fs.Reply {
	reqs, e := fs.DecodeList[*zigned.ObserverRequest](c, "observers")
	if e != nil {
		return e.Reply()
	}
	a, e := observableAgreement(c)
	if e != nil {
		return e.Reply()
	}
	for _, r := range reqs {
		if e := newObserver("observers", r, true); e != nil {
			return e.Reply()
		}
	}
	var out []*fs.Item[observer]
	for _, r := range reqs {
		o := observers.Add(c, a.ID, observerOf(c, a, r))
		if a.V.status == zigned.AgreementStatusPending {
			o.V.room = signingRoom(c, a.ID, o.ID)
		}
		c.Emit(string(zigned.EventObserverDraftCreated), renderObserver(c, o))
		out = append(out, o)
	}
	return fs.JSON(http.StatusOK, listOf(c, "observer", out, renderObserver))
}

func updateObserver(c *fs.Call, it *fs.Item[observer]) *fs.Error {
	var req zigned.ObserverRequest
	if e := c.Decode(&req); e != nil {
		return e
	}
	if _, e := observableAgreement(c); e != nil {
		return e
	}
	if e := newObserver("observer", &req, false); e != nil {
		return e
	}
	o := &it.V
	fs.Patch(&o.name, req.Name)
	fs.Patch(&o.email, req.Email)
	fs.Patch(&o.scope, req.ObserverScope)
	fs.Patch(&o.locale, req.Locale)
	it.Updated = c.Now()
	c.Emit(string(zigned.EventObserverDraftUpdated), renderObserver(c, it))
	return nil
}

func deleteObserver(c *fs.Call, _ *fs.Item[observer]) *fs.Error {
	_, e := observableAgreement(c)
	return e
}

// ---- signing groups

type groupBody struct {
	Name         string   `json:"name"`
	Order        *int     `json:"order"`
	Participants []string `json:"participants"`
}

// checkGroup validates a group body against the agreement's participants.
func checkGroup(c *fs.Call, agreementID string, req *groupBody) *fs.Error {
	if req.Order != nil && *req.Order < 0 {
		return fs.Invalid("order must not be negative", fs.FieldError{Field: "order", Message: "out of range"})
	}
	for _, id := range req.Participants {
		if participants.In(c, agreementID, id) == nil {
			return fs.Invalid("participants: "+id+" is not a participant of the agreement",
				fs.FieldError{Field: "participants", Message: "unknown participant"})
		}
	}
	return nil
}

func createGroup(c *fs.Call, it *fs.Item[group]) *fs.Error { return changeGroup(c, it, true) }
func updateGroup(c *fs.Call, it *fs.Item[group]) *fs.Error { return changeGroup(c, it, false) }

// changeGroup creates or updates a signing group from the body; the
// participants it names move to the group.
func changeGroup(c *fs.Call, it *fs.Item[group], create bool) *fs.Error {
	var req groupBody
	if e := c.Decode(&req); e != nil {
		return e
	}
	a, e := editableAgreement(c)
	if e != nil {
		return e
	}
	if e := checkGroup(c, a.ID, &req); e != nil {
		return e
	}
	if create {
		existing := groupsOf(c, a.ID)
		it.V = group{name: "Group " + strconv.Itoa(len(existing)+1), order: 1}
		if n := len(existing); n > 0 {
			it.V.order = existing[n-1].V.order + 1
		} else {
			// The first group turns signing order on and takes every participant.
			a.V.signingOrder = true
			for _, p := range participants.Children(c, a.ID) {
				p.V.group = it.ID
			}
		}
	}
	fs.Patch(&it.V.name, req.Name)
	if req.Order != nil {
		it.V.order = *req.Order
	}
	for _, id := range req.Participants {
		participants.Get(c, id).V.group = it.ID
	}
	touchAgreement(c, a)
	return nil
}

// deleteGroup moves the group's participants to the first other group.
func deleteGroup(c *fs.Call, it *fs.Item[group]) *fs.Error {
	a, e := editableAgreement(c)
	if e != nil {
		return e
	}
	next := ""
	for _, g := range groupsOf(c, a.ID) {
		if g.ID != it.ID {
			next = g.ID
			break
		}
	}
	for _, p := range membersOf(c, it) {
		p.V.group = next
	}
	touchAgreement(c, a)
	return nil
}
