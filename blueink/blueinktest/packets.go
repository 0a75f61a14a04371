package blueinktest

import (
	"net/http"
	"time"
)

// ReminderInterval is the least time between two reminders to a packet.
const ReminderInterval = time.Hour

func (c *call) packetParam() (*packet, reply, bool) {
	p, found := c.s.packets[c.params[0]]
	if !found {
		return nil, c.notFound(), false
	}
	return p, reply{}, true
}

func (c *call) getPacket() reply {
	p, rep, found := c.packetParam()
	if !found {
		return rep
	}
	return ok(p.view())
}

type packetUpdate struct {
	Name       *string `json:"name"`
	Email      *string `json:"email"`
	Phone      *string `json:"phone"`
	AuthSMS    *bool   `json:"auth_sms"`
	AuthSelfie *bool   `json:"auth_selfie"`
	AuthID     *bool   `json:"auth_id"`
	DeliverVia *string `json:"deliver_via"`
}

// updatePacket implements PATCH /packets/{id}/. The packet must stay
// deliverable; "embed" is not accepted; finished packets answer 400. A
// linked Person gets the new name and any new email or phone.
func (c *call) updatePacket() reply {
	p, rep, found := c.packetParam()
	if !found {
		return rep
	}
	var u packetUpdate
	if rep, good := c.decode(&u); !good {
		return rep
	}
	var fe fieldErrors
	if !packetOpen(p) {
		fe.add("non_field_errors", "A packet with status %q can no longer be changed.", p.status)
		return c.invalid(fe...)
	}
	name, email, phone, via, authSMS := p.name, p.email, p.phone, p.deliverVia, p.authSMS
	if u.Name != nil {
		name = *u.Name
	}
	if u.Email != nil {
		email = *u.Email
		if email != "" && !validEmail(email) {
			fe.add("email", msgBadEmail)
		}
	}
	if u.Phone != nil {
		phone = *u.Phone
	}
	if u.AuthSMS != nil {
		authSMS = *u.AuthSMS
	}
	if u.DeliverVia != nil {
		switch *u.DeliverVia {
		case "email", "phone":
			via = *u.DeliverVia
		default:
			fe.add("deliver_via", "%q is not a valid choice.", *u.DeliverVia)
		}
	}
	if len(fe) == 0 {
		if msg := deliverProblem(via, email, phone, authSMS); msg != "" {
			fe.add("non_field_errors", "%s", msg)
		}
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	p.name, p.email, p.phone, p.deliverVia, p.authSMS = name, email, phone, via, authSMS
	if u.AuthSelfie != nil {
		p.authSelfie = *u.AuthSelfie
	}
	if u.AuthID != nil {
		p.authID = *u.AuthID
	}
	if per, found := c.s.persons[p.personID]; found {
		per.absorb(c.s, p)
	}
	return ok(p.view())
}

// packetOpen reports whether the signer can still act.
func packetOpen(p *packet) bool {
	switch p.status {
	case stNew, stSent, stStarted, "re":
		return live(p.bundle.status)
	}
	return false
}

// embedURL implements POST /packets/{id}/embed_url/ (201): only for
// packets delivered by "embed" whose turn it is in a sent bundle (409
// otherwise).
func (c *call) embedURL() reply {
	p, rep, found := c.packetParam()
	if !found {
		return rep
	}
	if p.deliverVia != "embed" || (p.status != stSent && p.status != stStarted) {
		return c.conflict("Cannot get an embedded url for this packet (deliver_via %q, status %q).", p.deliverVia, p.status)
	}
	return created(urlJSON{
		URL:     c.s.URL + "/embed/sign/" + p.id + "/?t=" + c.s.token(40),
		Expires: apiTime(c.s.now().Add(LinkLifetime)),
	})
}

// remind implements PUT /packets/{id}/remind/: 409 for packets that are
// finished, embedded or not yet sent, and within ReminderInterval of the
// previous reminder.
func (c *call) remind() reply {
	p, rep, found := c.packetParam()
	if !found {
		return rep
	}
	now := c.s.now()
	switch {
	case p.status != stSent && p.status != stStarted || !live(p.bundle.status):
		return c.conflict("Cannot send a reminder to this packet, probably because the packet is complete (status %q).", p.status)
	case p.deliverVia == "embed":
		return c.conflict("Cannot send a reminder to an embedded signer.")
	case !p.lastReminder.IsZero() && now.Sub(p.lastReminder) < ReminderInterval:
		return c.conflict("A reminder was sent less than an hour ago.")
	}
	p.lastReminder = now
	p.bundle.addHistory("re", "Reminder sent to "+p.name, p.id, now)
	return ok(p.view())
}

type coeJSON struct {
	FileURL string `json:"file_url"`
	Expires any    `json:"expires"`
	SHA256  string `json:"sha256"`
}

// coe implements GET /packets/{id}/coe/: the Certificate of Evidence of a
// complete packet (409 before).
func (c *call) coe() reply {
	p, rep, found := c.packetParam()
	if !found {
		return rep
	}
	if p.coe == nil {
		return reply{http.StatusConflict, errorBody("conflict", "COE not available: the packet is not complete.", nil)}
	}
	l := c.s.link(p.coe)
	return ok(coeJSON{FileURL: l.FileURL, Expires: l.Expires, SHA256: p.coe.sha256})
}
