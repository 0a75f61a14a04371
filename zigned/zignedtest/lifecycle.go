package zignedtest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

// steps are the lifecycle functions behind the verbs.
var steps = map[fs.Step]fs.StepFunc{
	fs.StepSend: agreements.Step(func(c *fs.Call, a *fs.Item[agreement], _ fs.StepInput) *fs.Error { return send(c, a) }),
	fs.StepView: party(func(c *fs.Call, _ *fs.Item[agreement], p *fs.Item[participant], _ string) {
		signEvent(c, p, zigned.EventSignEventSigningRoomEntered, "Entered signing room", describe(p.V.name, p.V.email)+" entered the signing room")
	}),
	fs.StepSign:     party(func(c *fs.Call, a *fs.Item[agreement], p *fs.Item[participant], _ string) { sign(c, a, p) }),
	fs.StepDecline:  party(decline),
	fs.StepComplete: agreements.Step(stepComplete),
	fs.StepExpire:   agreements.Step(stepExpire),
	fs.StepCancel: agreements.Step(func(c *fs.Call, a *fs.Item[agreement], _ fs.StepInput) *fs.Error {
		e := cancel(c, a, "Cancelled by the issuer")
		if e != nil {
			e.Status = http.StatusConflict
		}
		return e
	}),
}

func conflict(format string, args ...any) *fs.Error {
	return fs.Errorf(http.StatusConflict, format, args...)
}

// party is a step of a participant (by id or email) who can act now.
func party(f func(c *fs.Call, a *fs.Item[agreement], p *fs.Item[participant], reason string)) fs.StepFunc {
	return fs.Party(agreements, participants, func(p participant) string { return p.email }, canAct, f)
}

// canAct refuses a participant who cannot act now: the agreement and the
// participant must be pending and, with signing groups, their group's turn
// must have come.
func canAct(c *fs.Call, a *fs.Item[agreement], p *fs.Item[participant]) *fs.Error {
	switch {
	case a.V.status != zigned.AgreementStatusPending:
		return conflict("agreement %s is %s, not pending", a.ID, a.V.status)
	case p.V.status != zigned.ParticipantStatusPending:
		return conflict("participant %s is %s, not pending", p.ID, p.V.status)
	}
	// The first group with someone to sign has its turn.
	pending := func(q *fs.Item[participant]) bool { return q.V.status == zigned.ParticipantStatusPending }
	turn := fs.Pick(groupsOf(c, a.ID), func(g *fs.Item[group]) bool { return fs.Pick(membersOf(c, g), pending) != nil })
	if turn != nil && p.V.group != turn.ID {
		return conflict("participant %s must wait for the signing group before theirs", p.ID)
	}
	return nil
}

// send finalizes an agreement for signing (lifecycle pending).
func send(c *fs.Call, a *fs.Item[agreement]) *fs.Error {
	ps := participantsOf(c, a.ID)
	switch {
	case !editable(a):
		return fs.Errorf(http.StatusBadRequest, "Only draft or open agreements can be sent, not %s", a.V.status)
	case a.V.mainFile == "":
		return fs.Errorf(http.StatusBadRequest, "A main document is required")
	case len(ps) == 0:
		return fs.Errorf(http.StatusBadRequest, "At least one participant is required")
	}
	a.V.status = zigned.AgreementStatusPending
	for _, p := range ps {
		p.V.status, p.V.room = zigned.ParticipantStatusPending, signingRoom(c, a.ID, p.ID)
		participants.Touch(c, p)
	}
	for _, o := range observers.Children(c, a.ID) {
		o.V.room = signingRoom(c, a.ID, o.ID)
	}
	changed(c, a, zigned.EventAgreementLifecyclePending, activity{"Agreement sent", "The agreement was sent for signing"})
	for _, p := range ps {
		emitParticipant(c, zigned.EventParticipantLifecycleReceivedInvitation, p)
	}
	return nil
}

// signEvent records a sign event of p and delivers it as event.
func signEvent(c *fs.Call, p *fs.Item[participant], event zigned.EventType, title, description string) {
	ev := signEvents.Add(c, p.ID, activity{title: title, description: description})
	c.Emit(string(event), renderSignEvent(c, ev))
}

// sign fulfils p and, when p was the last one, fulfils the agreement and
// generates its signed document.
func sign(c *fs.Call, a *fs.Item[agreement], p *fs.Item[participant]) {
	now, who := c.Now(), describe(p.V.name, p.V.email)
	p.V.status = zigned.ParticipantStatusFulfilled
	participants.Touch(c, p)
	main := files.Get(c, a.V.mainFile)
	if p.V.role == zigned.RoleApprover {
		p.V.decidedAt = now
		signEvent(c, p, zigned.EventSignEventApprovalApproved, "Approved", who+" approved the agreement")
	} else {
		sum := sha256.Sum256(main.V.content)
		p.V.signedAt = now
		p.V.signature = &signature{id: fmt.Sprintf("csig%06dzt", c.Counter("signature")), hash: base64.StdEncoding.EncodeToString(sum[:]), at: now}
		if p.V.identity == zigned.IdentityEnforcementPending {
			p.V.identity = zigned.IdentityEnforcementPassed
		}
		signEvent(c, p, zigned.EventSignEventSignCompletedSign, "Signed", who+" signed the agreement")
	}
	logActivity(c, a.ID, "Participant signed", who+" signed the agreement")
	emitParticipant(c, zigned.EventParticipantLifecycleFulfilled, p)
	if fs.Pick(participants.Children(c, a.ID), func(q *fs.Item[participant]) bool { return q.V.status != zigned.ParticipantStatusFulfilled }) != nil {
		return
	}
	// Everyone signed: fulfilled, then the signed PDF is generated (finalized).
	a.V.status = zigned.AgreementStatusFulfilled
	changed(c, a, zigned.EventAgreementLifecycleFulfilled, activity{"Agreement fulfilled", "Every participant has signed"})
	signed := main.V
	signed.name, signed.listed = "signed-"+main.V.name, false
	signed.content = append(slices.Clone(main.V.content), []byte("\n% signed with zignedtest at "+now.UTC().Format(time.RFC3339)+"\n")...)
	a.V.signedF = files.Add(c, "", signed).ID
	logActivity(c, a.ID, "Agreement finalized", "The signed document was generated")
	c.Emit(string(zigned.EventAgreementLifecycleFinalized), renderAgreement(c, a))
}

func stepComplete(c *fs.Call, a *fs.Item[agreement], _ fs.StepInput) *fs.Error {
	if a.V.status != zigned.AgreementStatusPending {
		return conflict("agreement %s is %s, not pending", a.ID, a.V.status)
	}
	for _, p := range participantsOf(c, a.ID) {
		if p.V.status == zigned.ParticipantStatusPending {
			sign(c, a, p)
		}
	}
	return nil
}

func decline(c *fs.Call, a *fs.Item[agreement], p *fs.Item[participant], reason string) {
	who := describe(p.V.name, p.V.email)
	p.V.status = zigned.ParticipantStatusRejected
	participants.Touch(c, p)
	if p.V.role == zigned.RoleApprover {
		p.V.decidedAt = c.Now()
		signEvent(c, p, zigned.EventSignEventApprovalDisapproved, "Disapproved", who+" disapproved the agreement")
	} else {
		signEvent(c, p, zigned.EventSignEventSignCancelledSign, "Declined", who+" declined to sign")
	}
	_ = cancel(c, a, cmp.Or(reason, "Declined by "+who)) // a pending agreement can be cancelled
}

func stepExpire(c *fs.Call, a *fs.Item[agreement], _ fs.StepInput) *fs.Error {
	if a.V.status != zigned.AgreementStatusPending && a.V.status != zigned.AgreementStatusOpen {
		return conflict("agreement %s is %s: only pending or open agreements expire", a.ID, a.V.status)
	}
	a.V.status = zigned.AgreementStatusExpired
	if a.V.expires.IsZero() || a.V.expires.After(c.Now()) {
		a.V.expires = c.Now()
	}
	changed(c, a, zigned.EventAgreementLifecycleExpired, activity{"Agreement expired", "The agreement passed its expiry date"})
	return nil
}

// ---- deliveries

// Body returns the delivery body Zigned is observed to send:
// {"event": "<name>", "data": <resource>}.
func Body(event zigned.EventType, data any) ([]byte, error) {
	return json.Marshal(struct {
		Event zigned.EventType `json:"event"`
		Data  any              `json:"data"`
	}{event, data})
}

// signatureHeader is the x-zigned-request-signature of body at the
// server's time.
func signatureHeader(c *fs.Call, body []byte, secret string) http.Header {
	sign := webhooktest.TimestampedHeader
	if srv(c).cfg.millis {
		sign = webhooktest.TimestampedHeaderMillis
	}
	h := http.Header{"Content-Type": {"application/json"}}
	h.Set(zigned.SignatureHeader, sign(body, c.Now(), secret))
	return h
}

// prepareDeliveries is Config.Events: one signed delivery of the event to
// every active webhook subscribed to it, in creation order.
func prepareDeliveries(c *fs.Call, event string, data any) []fs.Outgoing {
	var out []fs.Outgoing
	body, err := Body(zigned.EventType(event), data)
	for _, h := range webhooks.All(c) {
		if err == nil && h.V.status == zigned.WebhookActive && slices.Contains(h.V.subs, zigned.EventType(event)) {
			out = append(out, fs.Outgoing{WebhookID: h.ID, Event: event, URL: h.V.url, Header: signatureHeader(c, body, h.V.secret), Body: body})
		}
	}
	return out
}

// Emit posts a correctly signed delivery of event with data (any value
// encoding to the resource JSON) to url, as Zigned would. It returns the
// delivery; the error is non-nil when the receiver did not answer 2xx.
func (s *Server) Emit(ctx context.Context, url, secret string, event zigned.EventType, data any) (Delivery, error) {
	body, err := Body(event, data)
	if err != nil {
		return Delivery{}, fmt.Errorf("zignedtest: encoding delivery: %w", err)
	}
	var h http.Header
	s.e.Lock(func(c *fs.Call) { h = signatureHeader(c, body, secret) })
	d := fs.Deliveries[zigned.EventType](s.e.Deliver(ctx, fs.Outgoing{Event: string(event), URL: url, Header: h, Body: body}))[0]
	switch {
	case d.Err != nil:
		return d, d.Err
	case !d.OK():
		return d, fmt.Errorf("zignedtest: %s answered %d", url, d.Status)
	}
	return d, nil
}
