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

// groupsOf returns an agreement's signing groups by order.
func groupsOf(c *fs.Call, agreementID string) []*fs.Item[group] {
	items, _ := byOrder(groupOrder)(c, groups.Children(c, agreementID))
	return items
}

// membersOf returns a signing group's participants.
func membersOf(c *fs.Call, g *fs.Item[group]) []*fs.Item[participant] {
	return slices.DeleteFunc(participants.Children(c, g.Parent), func(p *fs.Item[participant]) bool { return p.V.group != g.ID })
}

// participantsOf returns an agreement's participants in signing order.
func participantsOf(c *fs.Call, agreementID string) []*fs.Item[participant] {
	ps, _ := sortParticipants(c, participants.Children(c, agreementID))
	return ps
}

// sortParticipants orders participants by signing group, then their own
// order, then creation.
func sortParticipants(c *fs.Call, ps []*fs.Item[participant]) ([]*fs.Item[participant], *fs.Error) {
	rank := func(p *fs.Item[participant]) (g, o int) {
		if grp := groups.Get(c, p.V.group); grp != nil {
			g = grp.V.order
		}
		if p.V.order != nil {
			o = *p.V.order
		}
		return g, o
	}
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b *fs.Item[participant]) int {
		ga, oa := rank(a)
		gb, ob := rank(b)
		return cmp.Or(cmp.Compare(ga, gb), cmp.Compare(oa, ob))
	})
	return ps, nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// checkPerson records the problems of a party's email, role (or scope:
// kind), locale and order; field is the body's name for the party ("" at
// the top level).
func checkPerson(k *fs.Check, field, email string, kind *fs.Error, locale zigned.Locale, order *int) *fs.Check {
	at := func(name string) string { return strings.TrimPrefix(field+"."+name, ".") }
	return k.Field(email != "" && !validEmail(email), at("email"), at("email")+" is not an email address").
		Add(kind, fs.Enum(at("locale"), locale, locales...)).
		Field(order != nil && *order < 0, at("order"), at("order")+" must not be negative")
}

func roles(field string, r zigned.Role) *fs.Error {
	return fs.Enum(strings.TrimPrefix(field+".role", "."), r, zigned.RoleSigner, zigned.RoleApprover)
}

// named refuses a party without a name and an email.
func named(k *fs.Check, field, name, email string) *fs.Check {
	return k.Field(strings.TrimSpace(name) == "" && strings.TrimSpace(email) == "", field, field+" needs a name or an email")
}

// newParticipant checks one participant of a create or batch body.
func newParticipant(c *fs.Call, a *fs.Item[agreement], field string, req *zigned.ParticipantRequest) (participant, *fs.Error) {
	if req == nil {
		req = &zigned.ParticipantRequest{}
	}
	k := named(new(fs.Check), field, req.Name, req.Email)
	if e := checkPerson(k, field, req.Email, roles(field, req.Role), req.Locale, req.Order).Err(); e != nil {
		return participant{}, e
	}
	p := participant{name: req.Name, email: req.Email, role: cmp.Or(req.Role, zigned.RoleSigner), status: zigned.ParticipantStatusDraft,
		locale: cmp.Or(req.Locale, a.V.locale), personalNumber: req.PersonalNumber, order: req.Order}
	if p.role == zigned.RoleSigner && p.personalNumber != "" {
		p.identity = zigned.IdentityEnforcementPending
	}
	if gs := groupsOf(c, a.ID); len(gs) > 0 {
		p.group = gs[len(gs)-1].ID // signing order is on: new participants sign last
	}
	return p, nil
}

func participantAdded(c *fs.Call, a *fs.Item[agreement], p *fs.Item[participant]) {
	logActivity(c, a.ID, "Participant added", describe(p.V.name, p.V.email)+" was added")
	agreements.Touch(c, a)
	emitParticipant(c, zigned.EventParticipantDraftCreated, p)
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

// create is a Create hook: the body is one party, made by mk; added runs
// once it is (as for each element of a batch).
func create[Req, T any](field string, mk func(*fs.Call, *fs.Item[agreement], string, *Req) (T, *fs.Error),
	added func(*fs.Call, *fs.Item[agreement], *fs.Item[T])) func(*fs.Call, *fs.Item[T]) *fs.Error {
	return func(c *fs.Call, it *fs.Item[T]) *fs.Error {
		var req Req
		e := c.Decode(&req)
		a := parentOf(c, it)
		if e == nil {
			it.V, e = mk(c, a, field, &req)
		}
		if e == nil {
			added(c, a, it)
		}
		return e
	}
}

// batch is POST <r's path>/batch: the agreement (checked by guard) gets
// every element of the body's field, each made by mk, or none when one is
// refused; added runs for each new item.
func batch[Req, T any](r *fs.Resource[T], field string, guard func(*fs.Call) (*fs.Item[agreement], *fs.Error),
	mk func(*fs.Call, *fs.Item[agreement], string, *Req) (T, *fs.Error), added func(*fs.Call, *fs.Item[agreement], *fs.Item[T]),
	render func(*fs.Call, *fs.Item[T]) any) fs.Route {
	return fs.Route{Method: http.MethodPost, Path: r.Path + "/batch", Handle: func(c *fs.Call) fs.Reply {
		reqs, e := fs.DecodeList[*Req](c, field)
		var a *fs.Item[agreement]
		if e == nil {
			a, e = guard(c)
		}
		vs := make([]T, len(reqs))
		for i := 0; e == nil && i < len(reqs); i++ {
			vs[i], e = mk(c, a, field, reqs[i])
		}
		if e != nil {
			return e.Reply()
		}
		items := make([]*fs.Item[T], len(vs))
		for i, v := range vs {
			items[i] = r.Add(c, a.ID, v)
			added(c, a, items[i])
		}
		return fs.JSON(http.StatusOK, listOf(c, r.Name, items, render))
	}}
}

func updateParticipant(c *fs.Call, it *fs.Item[participant]) *fs.Error {
	var req zigned.ParticipantUpdate
	k := c.Read(&req)
	ie := req.IdentityEnforcement
	checkPerson(k, "", req.Email, roles("", req.Role), req.Locale, req.Order).
		Field(ie != nil && !ie.Disable && ie.PersonalNumber == "", "identity_enforcement", "identity_enforcement needs personal_number or disable")
	if e := k.Err(); e != nil {
		return e
	}
	p := &it.V
	fs.Patch(&p.email, req.Email)
	fs.Patch(&p.name, req.Name)
	fs.Patch(&p.role, req.Role)
	fs.Patch(&p.locale, req.Locale)
	fs.Patch(&p.order, req.Order)
	if ie != nil {
		p.personalNumber, p.identity = ie.PersonalNumber, zigned.IdentityEnforcementPending
		if ie.Disable {
			p.personalNumber, p.identity = "", ""
		}
	}
	if p.role == zigned.RoleApprover {
		p.identity = ""
	}
	agreements.Touch(c, parentOf(c, it))
	participants.Touch(c, it)
	emitParticipant(c, zigned.EventParticipantDraftUpdated, it)
	return nil
}

func deleteParticipant(c *fs.Call, it *fs.Item[participant]) *fs.Error {
	if it.V.status != zigned.ParticipantStatusDraft {
		return fs.Errorf(http.StatusBadRequest, "Only draft participants can be deleted, not %s", it.V.status)
	}
	agreements.Touch(c, parentOf(c, it))
	return nil
}

// forward forwards a pending participant's invitation to another email.
func forward(c *fs.Call, p *fs.Item[participant]) fs.Reply {
	var req struct {
		ForwardToEmail string `json:"forward_to_email"`
	}
	a, k := parentOf(c, p), c.Read(&req, "forward_to_email")
	e := k.Field(!validEmail(req.ForwardToEmail), "forward_to_email", "forward_to_email is not an email address").Err()
	if e == nil {
		e = refuseIf(a.V.status != zigned.AgreementStatusPending || p.V.status != zigned.ParticipantStatusPending,
			"Only pending participants of pending agreements can be forwarded")
	}
	if e != nil {
		return e.Reply()
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

// observableAgreement is the path's agreement when observers may change:
// any time before it is finished.
func observableAgreement(c *fs.Call) (*fs.Item[agreement], *fs.Error) {
	a, e := agreements.Find(c)
	if e == nil && !editable(a) && a.V.status != zigned.AgreementStatusPending {
		e = fs.Errorf(http.StatusBadRequest, "Observers cannot change once the agreement is %s", a.V.status)
	}
	return a, e
}

// newObserver checks one observer of a create or batch body.
func newObserver(c *fs.Call, a *fs.Item[agreement], field string, req *zigned.ObserverRequest) (observer, *fs.Error) {
	if req == nil {
		return observer{}, fs.Invalid(field + " must be an object")
	}
	if e := checkObserver(named(new(fs.Check), field, req.Name, req.Email), field, req).Err(); e != nil {
		return observer{}, e
	}
	return observer{name: req.Name, email: req.Email, scope: cmp.Or(req.ObserverScope, zigned.ObserverScopeViewer),
		locale: cmp.Or(req.Locale, a.V.locale)}, nil
}

func checkObserver(k *fs.Check, field string, req *zigned.ObserverRequest) *fs.Check {
	return checkPerson(k, field, req.Email,
		fs.Enum(field+".observer_scope", req.ObserverScope, zigned.ObserverScopeViewer, zigned.ObserverScopeCC), req.Locale, nil)
}

// observerAdded gives a new observer of a pending agreement its signing room.
func observerAdded(c *fs.Call, a *fs.Item[agreement], o *fs.Item[observer]) {
	if a.V.status == zigned.AgreementStatusPending {
		o.V.room = signingRoom(c, a.ID, o.ID)
	}
	c.Emit(string(zigned.EventObserverDraftCreated), renderObserver(c, o))
}

func updateObserver(c *fs.Call, it *fs.Item[observer]) *fs.Error {
	var req zigned.ObserverRequest
	k := c.Read(&req)
	if e := checkObserver(k, "observer", &req).Err(); e != nil {
		return e
	}
	o := &it.V
	fs.Patch(&o.name, req.Name)
	fs.Patch(&o.email, req.Email)
	fs.Patch(&o.scope, req.ObserverScope)
	fs.Patch(&o.locale, req.Locale)
	observers.Touch(c, it)
	c.Emit(string(zigned.EventObserverDraftUpdated), renderObserver(c, it))
	return nil
}

// ---- signing groups

// writeGroup creates or updates a signing group; the participants it names
// move to the group. The first group turns signing order on and takes
// every participant.
func writeGroup(c *fs.Call, it *fs.Item[group]) *fs.Error {
	create := creating(c)
	var req struct {
		Name         string   `json:"name"`
		Order        *int     `json:"order"`
		Participants []string `json:"participants"`
	}
	a := parentOf(c, it)
	k := c.Read(&req)
	k.Field(req.Order != nil && *req.Order < 0, "order", "order must not be negative")
	for _, id := range req.Participants {
		k.Field(participants.In(c, a.ID, id) == nil, "participants", "participants: "+id+" is not a participant of the agreement")
	}
	if e := k.Err(); e != nil {
		return e
	}
	if create {
		existing := groupsOf(c, a.ID)
		it.V = group{name: "Group " + strconv.Itoa(len(existing)+1), order: 1}
		if n := len(existing); n > 0 {
			it.V.order = existing[n-1].V.order + 1
		} else {
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
	agreements.Touch(c, a)
	return nil
}

// deleteGroup moves the group's participants to the first other group.
func deleteGroup(c *fs.Call, it *fs.Item[group]) *fs.Error {
	a := parentOf(c, it)
	next := ""
	if gs := slices.DeleteFunc(groupsOf(c, a.ID), func(g *fs.Item[group]) bool { return g.ID == it.ID }); len(gs) > 0 {
		next = gs[0].ID
	}
	for _, p := range membersOf(c, it) {
		p.V.group = next
	}
	agreements.Touch(c, a)
	return nil
}
