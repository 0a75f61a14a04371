package blueinktest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/blueink"
	fs "github.com/esignkit/esign/internal/fakeserver"
)

// ReminderInterval is the least time between two reminders to a packet.
const ReminderInterval = time.Hour

// ---- packets (they live in their bundles)

// onPacket is an operation on packets/{packet}: h gets the packet and its
// bundle; an unknown id is 404.
func onPacket(method, path string, h func(c *fs.Call, b *fs.Item[bundle], p *packet) fs.Reply) fs.Route {
	return fs.Route{Method: method, Path: path, Handle: func(c *fs.Call) fs.Reply {
		for _, b := range bundles.All(c) {
			for _, p := range b.V.packets {
				if p.id == c.Param("packet") {
					return h(c, b, p)
				}
			}
		}
		return notFound().Reply()
	}}
}

// open reports whether the signer of p can still act.
func open(b *bundle, p *packet) bool {
	return slices.Contains([]string{stNew, stSent, stStarted, "re"}, p.status) && live(b.status)
}

// deliverProblem explains why a signer cannot be reached, naming the
// field that is missing ("" when it can).
func deliverProblem(s signer) (field, msg string) {
	switch {
	case s.DeliverVia == "email" && s.Email == "":
		return "email", "An email address is required to deliver by email."
	case s.DeliverVia == "phone" && s.Phone == "":
		return "phone", "A phone number is required to deliver by phone."
	case s.AuthSMS && s.Phone == "":
		return "phone", "A phone number is required for SMS authentication."
	}
	return "", ""
}

// updatePacket is PATCH /packets/{id}/: the packet must stay deliverable;
// "embed" is not accepted; finished packets answer 400. A linked Person
// gets the new name and any new email or phone.
func updatePacket(c *fs.Call, b *fs.Item[bundle], p *packet) fs.Reply {
	s := p.signer
	k := read(c, &s)
	if !open(&b.V, p) {
		k.Add(invalid("non_field_errors", fmt.Sprintf("A packet with status %q can no longer be changed.", p.status)))
	}
	email(k, "email", s.Email)
	oneOf(k, "deliver_via", s.DeliverVia, true, "email", "phone")
	_, msg := deliverProblem(s)
	if e := k.Field(k.Err() == nil && msg != "", "non_field_errors", msg).Err(); e != nil {
		return e.Reply()
	}
	p.signer = s
	if per := persons.Get(c, p.personID); per != nil {
		per.V.absorb(c, p)
	}
	return fs.JSON(http.StatusOK, renderPacket(c, p))
}

// embedURL is POST /packets/{id}/embed_url/ (201): only for packets
// delivered by "embed" whose turn it is in a sent bundle (409 otherwise).
func embedURL(c *fs.Call, _ *fs.Item[bundle], p *packet) fs.Reply {
	if p.DeliverVia != "embed" || (p.status != stSent && p.status != stStarted) {
		return conflict("Cannot get an embedded url for this packet (deliver_via %q, status %q).", p.DeliverVia, p.status).Reply()
	}
	return fs.JSON(http.StatusCreated, map[string]any{
		"url":     c.Server().Root() + "/embed/sign/" + p.id + "/?t=" + c.Token(40, ""),
		"expires": c.Time(c.Now().Add(LinkLifetime)),
	})
}

// remind is PUT /packets/{id}/remind/: 409 for packets that are finished,
// embedded or not yet sent, and within ReminderInterval of the previous
// reminder.
func remind(c *fs.Call, b *fs.Item[bundle], p *packet) fs.Reply {
	now := c.Now()
	switch {
	case p.status != stSent && p.status != stStarted || !live(b.V.status):
		return conflict("Cannot send a reminder to this packet, probably because the packet is complete (status %q).", p.status).Reply()
	case p.DeliverVia == "embed":
		return conflict("Cannot send a reminder to an embedded signer.").Reply()
	case !p.lastReminder.IsZero() && now.Sub(p.lastReminder) < ReminderInterval:
		return conflict("A reminder was sent less than an hour ago.").Reply()
	}
	p.lastReminder = now
	b.V.addHistory(c, "re", "Reminder sent to "+p.Name, p.id)
	return fs.JSON(http.StatusOK, renderPacket(c, p))
}

// certificate is GET /packets/{id}/coe/: the Certificate of Evidence of a
// complete packet (409 before).
func certificate(c *fs.Call, _ *fs.Item[bundle], p *packet) fs.Reply {
	if p.coe == nil {
		return conflict("COE not available: the packet is not complete.").Reply()
	}
	l := linkTo(c, p.coe)
	l["sha256"] = p.coe.sha256
	return fs.JSON(http.StatusOK, l)
}

// ---- the lifecycle: one function per change, for the API and the verbs

// The steps (Config.Steps): signers are named by packet id, key or email.
var steps = map[fs.Step]fs.StepFunc{
	fs.StepSend:     whole(send),
	fs.StepView:     bySigner(view),
	fs.StepSign:     bySigner(sign),
	fs.StepDecline:  bySigner(decline),
	fs.StepComplete: whole(completeAll),
	fs.StepExpire:   whole(expire),
	fs.StepCancel:   whole(cancel),
}

// whole makes a step on a bundle of f.
func whole(f func(c *fs.Call, b *fs.Item[bundle]) *fs.Error) fs.StepFunc {
	return bundles.Step(func(c *fs.Call, b *fs.Item[bundle], _ fs.StepInput) *fs.Error { return f(c, b) })
}

// bySigner makes a step on the packet StepInput.Signer names (id, key or
// email), whose signer must be able to act now.
func bySigner(f func(c *fs.Call, b *fs.Item[bundle], p *packet, in fs.StepInput) *fs.Error) fs.StepFunc {
	return bundles.Step(func(c *fs.Call, b *fs.Item[bundle], in fs.StepInput) *fs.Error {
		p, e := signerOf(b, in.Signer)
		switch {
		case e != nil:
		case b.V.status != stSent && b.V.status != stStarted:
			e = conflict("bundle %s has status %q", b.ID, b.V.status)
		case p.status != stSent && p.status != stStarted:
			e = conflict("packet %s has status %q (not sent to the signer, or finished)", p.id, p.status)
		default:
			e = f(c, b, p, in)
		}
		return e
	})
}

// signerOf finds a packet of a bundle by id, key or email.
func signerOf(b *fs.Item[bundle], who string) (*packet, *fs.Error) {
	if p := b.V.signer(who); p != nil {
		return p, nil
	}
	return nil, fs.Errorf(http.StatusNotFound, "bundle %s has no packet %q", b.ID, who)
}

// answer serves a change over the API: the bundle as it is after it.
func answer(f func(c *fs.Call, b *fs.Item[bundle]) *fs.Error) func(*fs.Call, *fs.Item[bundle]) fs.Reply {
	return func(c *fs.Call, b *fs.Item[bundle]) fs.Reply {
		if e := f(c, b); e != nil {
			return e.Reply()
		}
		return fs.JSON(http.StatusOK, renderBundle(c, b))
	}
}

func emit(c *fs.Call, typ blueink.EventType, b *fs.Item[bundle], p *packet) {
	payload := blueink.EventPayload{BundleID: b.ID}
	if p != nil {
		payload.PacketID = p.id
	}
	c.Emit(string(typ), payload)
}

// send sends a draft (POST /bundles/{slug}/send/). A draft can always be
// sent: its documents and deliverable signers were checked when it was
// created, and every change since keeps them so.
func send(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
	if b.V.status != stDraft {
		return conflict("Only draft bundles can be sent (status %q).", b.V.status)
	}
	dispatch(c, b)
	return nil
}

// dispatch sends a bundle: bundle_sent.
func dispatch(c *fs.Call, b *fs.Item[bundle]) {
	b.V.status, b.V.sent = stSent, c.Now()
	sendNext(c, b)
	b.V.addHistory(c, stSent, "Bundle sent", "")
	emit(c, blueink.EventBundleSent, b, nil)
}

// sendNext sends their packets to the signers whose turn it is: every
// waiting one, or the first of an in-order bundle.
func sendNext(c *fs.Call, b *fs.Item[bundle]) {
	for _, p := range b.V.active() {
		if p.status == stNew {
			p.status = stSent
			b.V.addHistory(c, stSent, "Sent to "+p.Name, p.id)
			if b.V.InOrder {
				return
			}
		}
	}
}

func view(c *fs.Call, b *fs.Item[bundle], p *packet, _ fs.StepInput) *fs.Error {
	p.status, p.lastAccessed = stStarted, c.Now()
	if b.V.status == stSent {
		b.V.status = stStarted
	}
	b.V.addHistory(c, stStarted, p.Name+" viewed the documents", p.id)
	emit(c, blueink.EventPacketViewed, b, p)
	return nil
}

func sign(c *fs.Call, b *fs.Item[bundle], p *packet, _ fs.StepInput) *fs.Error {
	return complete(c, b, p, nil)
}

// complete is Server.SignWith's documented behaviour.
func complete(c *fs.Call, b *fs.Item[bundle], p *packet, values map[string]any) *fs.Error {
	if e := fill(c, &b.V, p, values); e != nil {
		return e
	}
	now := c.Now()
	if p.status == stSent {
		p.lastAccessed = now
	}
	p.status, p.completedAt = stComplete, now
	p.coe = storeFile("coe-"+p.id+".pdf", PDF("BlueInk (blueinktest) Certificate of Evidence",
		"Bundle "+b.ID+": "+b.V.Label, "Packet "+p.id+" ("+p.key+"): "+p.Name+" <"+p.Email+">",
		"Completed at "+now.UTC().Format(time.RFC3339)))
	if b.V.status == stSent {
		b.V.status = stStarted
	}
	b.V.addHistory(c, stComplete, p.Name+" completed the documents", p.id)
	emit(c, blueink.EventPacketComplete, b, p)
	sendNext(c, b)
	signers := b.V.active()
	if slices.ContainsFunc(signers, func(o *packet) bool { return o.status != stComplete }) {
		return nil
	}
	b.V.status, b.V.completed = stComplete, now
	lines := []string{"BlueInk (blueinktest) signed bundle " + b.ID, "Label: " + b.V.Label}
	for _, d := range b.V.documents {
		lines = append(lines, "Document "+d.key+": "+d.name)
	}
	for _, o := range signers {
		lines = append(lines, "Signed by "+o.Name+" <"+o.Email+"> at "+o.completedAt.UTC().Format(time.RFC3339))
	}
	b.V.final = storeFile(b.ID+".pdf", PDF(lines...))
	b.V.addHistory(c, stComplete, "Bundle complete", "")
	emit(c, blueink.EventBundleComplete, b, nil)
	emit(c, blueink.EventBundleDocsReady, b, nil)
	return nil
}

// fill enters a signer's values (by field key) into the fields they may
// edit; fields left out keep their pre-filled value or get a default.
// A key of no such field changes nothing and is an error.
func fill(c *fs.Call, b *bundle, p *packet, values map[string]any) *fs.Error {
	type target struct {
		d *document
		f *docField
	}
	var editable []target
	for _, d := range b.documents {
		for _, f := range d.fields {
			if v := b.valueOf(d, f); len(f.editors) == 0 && v != nil && v.packetID != "" {
				continue // filled by an earlier signer
			}
			if len(f.editors) == 0 || slices.Contains(f.editors, p.key) {
				editable = append(editable, target{d, f})
			}
		}
	}
	for k := range values {
		if !slices.ContainsFunc(editable, func(t target) bool { return t.f.key == k }) {
			return fs.Errorf(http.StatusConflict, "packet %s (%s) cannot fill field %q: no such field it may edit", p.id, p.key, k)
		}
	}
	for _, t := range editable {
		v, ok := values[t.f.key]
		if !ok && t.f.initial != nil {
			continue // the pre-filled value stands: filled_by "initial" or "default"
		}
		if !ok {
			v = defaultValue(t.f, p, c.Now())
		}
		if v == nil {
			continue
		}
		fv := b.valueOf(t.d, t.f)
		if fv == nil {
			fv = &fieldValue{doc: t.d, field: t.f}
			b.values = append(b.values, fv)
		}
		fv.packetID, fv.filledBy, fv.value = p.id, p.key, v
	}
	return nil
}

func (b *bundle) valueOf(d *document, f *docField) *fieldValue {
	for _, v := range b.values {
		if v.doc == d && v.field == f {
			return v
		}
	}
	return nil
}

// defaultValue is what a signer enters into f when the test gives no value.
func defaultValue(f *docField, p *packet, now time.Time) any {
	switch f.kind {
	case "sig", "ini", "snm":
		return p.Name
	case "sdt", "dat":
		return now.UTC().Format(time.DateOnly)
	case "chk":
		return true
	}
	return nil
}

// completeAll plays View and Sign for every remaining signer, in order.
func completeAll(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
	for b.V.status != stComplete {
		i := slices.IndexFunc(b.V.active(), func(p *packet) bool { return p.status == stSent || p.status == stStarted })
		if b.V.status != stSent && b.V.status != stStarted || i < 0 {
			return conflict("bundle %s has status %q", b.ID, b.V.status)
		}
		p := b.V.active()[i]
		_ = view(c, b, p, fs.StepInput{})
		_ = sign(c, b, p, fs.StepInput{}) // without values, signing cannot fail
	}
	return nil
}

func decline(c *fs.Call, b *fs.Item[bundle], p *packet, in fs.StepInput) *fs.Error {
	b.V.addHistory(c, "de", strings.TrimSuffix(p.Name+" declined to sign: "+in.Reason, ": "), p.id)
	emit(c, blueink.EventPacketDeclined, b, p)
	finish(c, b, stCancelled, "Bundle cancelled after "+p.Name+" declined", blueink.EventBundleCancelled)
	return nil
}

// finish moves a bundle and its unfinished packets to status and delivers
// event (none: "").
func finish(c *fs.Call, b *fs.Item[bundle], status, description string, event blueink.EventType) {
	b.V.status = status
	for _, p := range b.V.packets {
		if p.status != stComplete && p.status != stReassigned {
			p.status = status
		}
	}
	b.V.addHistory(c, status, description, "")
	if event != "" {
		emit(c, event, b, nil)
	}
}

// cancel is PUT /bundles/{slug}/cancel/: unfinished bundles only.
func cancel(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
	if !live(b.V.status) {
		return conflict("Cannot cancel the bundle, probably because it is completed (status %q).", b.V.status)
	}
	finish(c, b, stCancelled, "Bundle cancelled", blueink.EventBundleCancelled)
	return nil
}

// expire is PUT /bundles/{slug}/expire/: sent, unfinished bundles only.
func expire(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
	if b.V.status == stDraft || !live(b.V.status) {
		return conflict("Cannot expire a bundle with status %q.", b.V.status)
	}
	finish(c, b, stExpired, "Bundle expired", "")
	return nil
}

func fail(c *fs.Call, b *fs.Item[bundle], code, message string, fields []fs.FieldError) {
	errs := []map[string]string{} // the 2.2.3 schema spells the key "messsage"
	for _, f := range fields {
		errs = append(errs, map[string]string{"field": f.Field, "messsage": f.Message})
	}
	b.V.errors = append(b.V.errors, map[string]any{"code": code, "message": message, "errors": errs})
	finish(c, b, stFailed, message, blueink.EventBundleError)
}

func reassign(c *fs.Call, b *fs.Item[bundle], who, name, email string) (string, *fs.Error) {
	p, e := signerOf(b, who)
	if e != nil {
		return "", e
	}
	if !open(&b.V, p) || b.V.status == stDraft {
		return "", conflict("packet %s has status %q in a bundle with status %q", p.id, p.status, b.V.status)
	}
	np := *p
	np.id, np.Name, np.Email, np.personID = c.Token(10, ""), name, email, ""
	np.lastAccessed, np.lastReminder = time.Time{}, time.Time{}
	if np.status == stStarted {
		np.status = stSent
	}
	p.status = stReassigned
	b.V.packets = slices.Insert(b.V.packets, slices.Index(b.V.packets, p)+1, &np)
	b.V.addHistory(c, stReassigned, "Reassigned from "+p.Name+" to "+name, np.id)
	emit(c, blueink.EventBundleSignerReassigned, b, &np)
	return np.id, nil
}
