package blueinktest

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/blueink"
	fs "github.com/esignkit/esign/internal/fakeserver"
)

// ReminderInterval is the least time between two reminders to a packet.
const ReminderInterval = time.Hour

// ---- packets

// packetOf finds a packet by id in every bundle.
func packetOf(c *fs.Call, id string) (*fs.Item[bundle], *packet) {
	for _, b := range bundles.All(c) {
		for _, p := range b.V.packets {
			if p.id == id {
				return b, p
			}
		}
	}
	return nil, nil
}

func onPacket(f func(c *fs.Call, b *fs.Item[bundle], p *packet) fs.Reply) func(*fs.Call) fs.Reply {
	return func(c *fs.Call) fs.Reply {
		if b, p := packetOf(c, c.Param("packet")); p != nil {
			return f(c, b, p)
		}
		return notFound().Reply()
	}
}

func getPacket(c *fs.Call, _ *fs.Item[bundle], p *packet) fs.Reply {
	return fs.JSON(http.StatusOK, renderPacket(c, p))
}

// open reports whether the signer of p can still act.
func open(b *bundle, p *packet) bool {
	return slices.Contains([]string{stNew, stSent, stStarted, "re"}, p.status) && live(b.status)
}

// deliverProblem explains why a signer cannot be reached ("" when it can).
func deliverProblem(s signer) string {
	switch {
	case s.DeliverVia == "email" && s.Email == "":
		return "An email address is required to deliver by email."
	case s.DeliverVia == "phone" && s.Phone == "":
		return "A phone number is required to deliver by phone."
	case s.AuthSMS && s.Phone == "":
		return "A phone number is required for SMS authentication."
	}
	return ""
}

// updatePacket is PATCH /packets/{id}/: the packet must stay deliverable;
// "embed" is not accepted; finished packets answer 400. A linked Person
// gets the new name and any new email or phone.
func updatePacket(c *fs.Call, b *fs.Item[bundle], p *packet) fs.Reply {
	s := p.signer
	if e := decode(c, &s); e != nil {
		return e.Reply()
	}
	if !open(&b.V, p) {
		return invalid("non_field_errors", "A packet with status %q can no longer be changed.", p.status).Reply()
	}
	var pr problems
	pr.email("email", s.Email)
	pr.choice("deliver_via", s.DeliverVia, true, "email", "phone")
	if msg := deliverProblem(s); len(pr) == 0 && msg != "" {
		pr.add("non_field_errors", "%s", msg)
	}
	if e := pr.err(); e != nil {
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

// ---- lifecycle (API handlers and the verbs share it)

func emit(c *fs.Call, typ blueink.EventType, b *fs.Item[bundle], p *packet) {
	payload := blueink.EventPayload{BundleID: b.ID}
	if p != nil {
		payload.PacketID = p.id
	}
	c.Emit(string(typ), payload)
}

// send sends a bundle: its first signers (one in an in-order bundle) are
// sent their packets.
func send(c *fs.Call, b *fs.Item[bundle]) {
	b.V.status, b.V.sent = stSent, c.Now()
	for _, p := range b.V.active() {
		if p.status == stNew {
			p.status = stSent
			b.V.addHistory(c, stSent, "Sent to "+p.Name, p.id)
			if b.V.InOrder {
				break
			}
		}
	}
	b.V.addHistory(c, stSent, "Bundle sent", "")
	emit(c, blueink.EventBundleSent, b, nil)
}

func view(c *fs.Call, b *fs.Item[bundle], p *packet) {
	p.status, p.lastAccessed = stStarted, c.Now()
	if b.V.status == stSent {
		b.V.status = stStarted
	}
	b.V.addHistory(c, stStarted, p.Name+" viewed the documents", p.id)
	emit(c, blueink.EventPacketViewed, b, p)
}

// complete is Server.SignWith's documented behaviour.
func complete(c *fs.Call, b *fs.Item[bundle], p *packet, values map[string]any) *fs.Error {
	type target struct {
		d *document
		f *docField
	}
	var editable []target
	for _, d := range b.V.documents {
		for _, f := range d.fields {
			if v := b.V.valueOf(d, f); len(f.editors) == 0 && v != nil && v.packetID != "" {
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
	now := c.Now()
	for _, t := range editable {
		v, ok := values[t.f.key]
		if !ok && t.f.initial != nil {
			continue // the pre-filled value stands: filled_by "initial" or "default"
		}
		if !ok {
			v = defaultValue(t.f, p, now)
		}
		if v == nil {
			continue
		}
		fv := b.V.valueOf(t.d, t.f)
		if fv == nil {
			fv = &fieldValue{doc: t.d, field: t.f}
			b.V.values = append(b.V.values, fv)
		}
		fv.packetID, fv.filledBy, fv.value = p.id, p.key, v
	}
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
	ordered := b.V.active()
	for _, o := range ordered {
		if o.status == stNew {
			o.status = stSent
			b.V.addHistory(c, stSent, "Sent to "+o.Name, o.id)
			break
		}
	}
	if slices.ContainsFunc(ordered, func(o *packet) bool { return o.status != stComplete }) {
		return nil
	}
	b.V.status, b.V.completed = stComplete, now
	lines := []string{"BlueInk (blueinktest) signed bundle " + b.ID, "Label: " + b.V.Label}
	for _, d := range b.V.documents {
		lines = append(lines, "Document "+d.key+": "+d.name)
	}
	for _, o := range ordered {
		lines = append(lines, "Signed by "+o.Name+" <"+o.Email+"> at "+o.completedAt.UTC().Format(time.RFC3339))
	}
	b.V.final = storeFile(b.ID+".pdf", PDF(lines...))
	b.V.addHistory(c, stComplete, "Bundle complete", "")
	emit(c, blueink.EventBundleComplete, b, nil)
	emit(c, blueink.EventBundleDocsReady, b, nil)
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

// finish moves the unfinished packets of a bundle to status.
func finish(c *fs.Call, b *fs.Item[bundle], status, description string) {
	b.V.status = status
	for _, p := range b.V.packets {
		if p.status != stComplete && p.status != stReassigned {
			p.status = status
		}
	}
	b.V.addHistory(c, status, description, "")
}

func cancel(c *fs.Call, b *fs.Item[bundle], description string) *fs.Error {
	if !live(b.V.status) {
		return conflict("bundle %s has status %q", b.ID, b.V.status)
	}
	finish(c, b, stCancelled, description)
	emit(c, blueink.EventBundleCancelled, b, nil)
	return nil
}

func expire(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
	if b.V.status == stDraft || !live(b.V.status) {
		return conflict("bundle %s has status %q", b.ID, b.V.status)
	}
	finish(c, b, stExpired, "Bundle expired")
	return nil
}

func fail(c *fs.Call, b *fs.Item[bundle], code, message string, fields problems) {
	b.V.errors = append(b.V.errors, bundleErr{code: code, message: message, fields: fields})
	finish(c, b, stFailed, message)
	emit(c, blueink.EventBundleError, b, nil)
}

func reassign(c *fs.Call, bundleID, who, name, email string) (string, *fs.Error) {
	b, p, e := signerOf(c, bundleID, who)
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

// ---- steps

func findBundle(c *fs.Call, id string) (*fs.Item[bundle], *fs.Error) {
	if b := bundles.Get(c, id); b != nil {
		return b, nil
	}
	return nil, fs.Errorf(http.StatusNotFound, "bundle %q not found", id)
}

func liveBundle(c *fs.Call, id string) (*fs.Item[bundle], *fs.Error) {
	b, e := findBundle(c, id)
	if e == nil && !live(b.V.status) {
		e = conflict("bundle %s has status %q", b.ID, b.V.status)
	}
	return b, e
}

// signerOf finds a packet of a bundle by id, key or email.
func signerOf(c *fs.Call, bundleID, who string) (*fs.Item[bundle], *packet, *fs.Error) {
	b, e := findBundle(c, bundleID)
	if e != nil {
		return nil, nil, e
	}
	if p := b.V.signer(who); p != nil {
		return b, p, nil
	}
	return nil, nil, fs.Errorf(http.StatusNotFound, "bundle %s has no packet %q", bundleID, who)
}

// actionable finds a packet whose signer can act now.
func actionable(c *fs.Call, bundleID, who string) (*fs.Item[bundle], *packet, *fs.Error) {
	b, p, e := signerOf(c, bundleID, who)
	switch {
	case e != nil:
	case b.V.status != stSent && b.V.status != stStarted:
		e = conflict("bundle %s has status %q", b.ID, b.V.status)
	case p.status != stSent && p.status != stStarted:
		e = conflict("packet %s has status %q (not sent to the signer, or finished)", p.id, p.status)
	}
	return b, p, e
}

// The steps (Config.Steps): signers are named by packet id, key or email.
var steps = map[fs.Step]fs.StepFunc{
	fs.StepSend: onBundleStep(func(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
		if msg := sendProblem(&b.V); b.V.status != stDraft || msg != "" {
			return conflict("bundle %s (status %q) cannot be sent: only drafts are sent %s", b.ID, b.V.status, msg)
		}
		send(c, b)
		return nil
	}),
	fs.StepView: onSigner(func(c *fs.Call, b *fs.Item[bundle], p *packet, _ string) *fs.Error { view(c, b, p); return nil }),
	fs.StepSign: onSigner(func(c *fs.Call, b *fs.Item[bundle], p *packet, _ string) *fs.Error { return complete(c, b, p, nil) }),
	fs.StepDecline: onSigner(func(c *fs.Call, b *fs.Item[bundle], p *packet, reason string) *fs.Error {
		b.V.addHistory(c, "de", strings.TrimSuffix(p.Name+" declined to sign: "+reason, ": "), p.id)
		emit(c, blueink.EventPacketDeclined, b, p)
		return cancel(c, b, "Bundle cancelled after "+p.Name+" declined")
	}),
	fs.StepComplete: onBundleStep(func(c *fs.Call, b *fs.Item[bundle]) (e *fs.Error) {
		for e == nil && b.V.status != stComplete {
			i := slices.IndexFunc(b.V.active(), func(p *packet) bool { return p.status == stSent || p.status == stStarted })
			if b.V.status != stSent && b.V.status != stStarted || i < 0 {
				return conflict("bundle %s has status %q", b.ID, b.V.status)
			}
			p := b.V.active()[i]
			view(c, b, p)
			e = complete(c, b, p, nil)
		}
		return e
	}),
	fs.StepExpire: onBundleStep(expire),
	fs.StepCancel: onBundleStep(func(c *fs.Call, b *fs.Item[bundle]) *fs.Error { return cancel(c, b, "Bundle cancelled") }),
}

func onBundleStep(f func(c *fs.Call, b *fs.Item[bundle]) *fs.Error) fs.StepFunc {
	return func(c *fs.Call, in fs.StepInput) *fs.Error {
		b, e := findBundle(c, in.Envelope)
		if e != nil {
			return e
		}
		return f(c, b)
	}
}

func onSigner(f func(c *fs.Call, b *fs.Item[bundle], p *packet, reason string) *fs.Error) fs.StepFunc {
	return func(c *fs.Call, in fs.StepInput) *fs.Error {
		b, p, e := actionable(c, in.Envelope, in.Signer)
		if e != nil {
			return e
		}
		return f(c, b, p, in.Reason)
	}
}
