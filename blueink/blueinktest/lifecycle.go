package blueinktest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/esignkit/esign/blueink"
)

// Errors of the helpers that drive bundles.
var (
	// ErrNotFound: no bundle, packet or webhook has the given id.
	ErrNotFound = errors.New("blueinktest: not found")
	// ErrState: the bundle or packet is not in a state that allows the
	// action (e.g. completing a packet of a cancelled bundle, or of a
	// signer whose turn has not come in an in-order bundle).
	ErrState = errors.New("blueinktest: not allowed in the current state")
)

// change runs f under the lock and then delivers the webhooks it queued.
func (s *Server) change(ctx context.Context, f func(q *[]*pendingDelivery) error) error {
	var q []*pendingDelivery
	s.mu.Lock()
	err := f(&q)
	s.mu.Unlock()
	s.deliver(ctx, q)
	return err
}

func (s *Server) findBundle(slug string) (*bundle, error) {
	b, found := s.bundles[slug]
	if !found {
		return nil, fmt.Errorf("%w: bundle %q", ErrNotFound, slug)
	}
	return b, nil
}

func (s *Server) findPacket(id string) (*packet, error) {
	p, found := s.packets[id]
	if !found {
		return nil, fmt.Errorf("%w: packet %q", ErrNotFound, id)
	}
	return p, nil
}

// PacketID returns the id of the packet with the given key in a bundle.
func (s *Server) PacketID(slug, key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, found := s.bundles[slug]
	if !found {
		return "", false
	}
	for _, p := range b.activePackets() {
		if p.key == key {
			return p.id, true
		}
	}
	return "", false
}

// SendBundle sends a draft bundle, as POST /bundles/{slug}/send/ does: the
// bundle becomes "se", its signers (only the first one of an in-order
// bundle) are sent their packets, and bundle_sent is delivered.
func (s *Server) SendBundle(ctx context.Context, slug string) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		b, err := s.findBundle(slug)
		if err != nil {
			return err
		}
		if b.status != stDraft {
			return fmt.Errorf("%w: bundle %s has status %q, only drafts are sent", ErrState, slug, b.status)
		}
		if msg := sendProblem(b); msg != "" {
			return fmt.Errorf("%w: bundle %s cannot be sent: %s", ErrState, slug, msg)
		}
		s.sendLocked(q, b)
		return nil
	})
}

func (s *Server) sendLocked(q *[]*pendingDelivery, b *bundle) {
	now := s.now()
	b.status, b.sent = stSent, now
	first := true
	for _, p := range b.orderedPackets() {
		if p.status != stNew {
			continue
		}
		if b.inOrder && !first {
			continue
		}
		first = false
		p.status = stSent
		b.addHistory(stSent, "Sent to "+p.name, p.id, now)
	}
	b.addHistory(stSent, "Bundle sent", "", now)
	s.queueEvent(q, blueink.EventBundleSent, blueink.EventPayload{BundleID: b.id}, "")
}

// orderedPackets returns the active packets by signing order.
func (b *bundle) orderedPackets() []*packet {
	ps := b.activePackets()
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].order < ps[j].order })
	return ps
}

// ViewPacket records that the signer opened their packet: the packet (and a
// bundle still "se") becomes "st", last_accessed_at is set, and
// packet_viewed is delivered. The packet must have been sent to the signer
// (in an in-order bundle, only once the previous signers finished).
func (s *Server) ViewPacket(ctx context.Context, packetID string) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		p, err := s.signerPacket(packetID)
		if err != nil {
			return err
		}
		s.viewLocked(q, p)
		return nil
	})
}

// signerPacket finds a packet whose signer can act now.
func (s *Server) signerPacket(id string) (*packet, error) {
	p, err := s.findPacket(id)
	if err != nil {
		return nil, err
	}
	b := p.bundle
	if b.status != stSent && b.status != stStarted {
		return nil, fmt.Errorf("%w: bundle %s has status %q", ErrState, b.id, b.status)
	}
	if p.status != stSent && p.status != stStarted {
		return nil, fmt.Errorf("%w: packet %s has status %q (not sent to the signer, or finished)", ErrState, p.id, p.status)
	}
	return p, nil
}

func (s *Server) viewLocked(q *[]*pendingDelivery, p *packet) {
	now := s.now()
	p.status, p.lastAccessed = stStarted, now
	if p.bundle.status == stSent {
		p.bundle.status = stStarted
	}
	p.bundle.addHistory(stStarted, p.name+" viewed the documents", p.id, now)
	s.queueEvent(q, blueink.EventPacketViewed, blueink.EventPayload{BundleID: p.bundle.id, PacketID: p.id}, "")
}

// CompletePacket records that the signer finished: values (by field key)
// fill the fields the signer may edit (fields listing the packet's key in
// their editors, or with no editors), recorded with the signer's packet key
// as filled_by and its id as packet_id. Fields left out keep their
// pre-filled value (an initial_value, filled_by "initial", or a template
// default, "default", with no packet_id) or, when they have none, get the
// signer's name for signatures, initials and names, the current date for
// dates and true for checkboxes. A key that names no such field is an
// error. The packet becomes "co" with its Certificate of Evidence, and
// packet_complete is delivered. In an in-order bundle the next signer is
// then sent their packet. When every packet is complete the bundle becomes
// "co" with docs_ready, its files and data become available, and
// bundle_complete then bundle_docs_ready are delivered.
func (s *Server) CompletePacket(ctx context.Context, packetID string, values map[string]any) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		p, err := s.signerPacket(packetID)
		if err != nil {
			return err
		}
		return s.completeLocked(q, p, values)
	})
}

// CompleteBundle views and completes every remaining packet of a sent
// bundle in signing order (with default field values), delivering the same
// webhooks as ViewPacket and CompletePacket for each. A complete bundle is
// left as it is; any other status is ErrState.
func (s *Server) CompleteBundle(ctx context.Context, slug string) error {
	for {
		var id string
		s.mu.Lock()
		b, err := s.findBundle(slug)
		switch {
		case err != nil:
		case b.status == stComplete:
		case b.status != stSent && b.status != stStarted:
			err = fmt.Errorf("%w: bundle %s has status %q", ErrState, slug, b.status)
		default:
			for _, p := range b.orderedPackets() {
				if p.status == stSent || p.status == stStarted {
					id = p.id
					break
				}
			}
		}
		s.mu.Unlock()
		if err != nil {
			return err
		}
		if id == "" {
			return nil
		}
		if err := s.ViewPacket(ctx, id); err != nil {
			return err
		}
		if err := s.CompletePacket(ctx, id, nil); err != nil {
			return err
		}
	}
}

func (s *Server) completeLocked(q *[]*pendingDelivery, p *packet, values map[string]any) error {
	b := p.bundle
	now := s.now()
	type target struct {
		d *document
		f *docField
	}
	var editable []target
	for _, d := range b.documents {
		for _, f := range d.fields {
			if len(f.editors) == 0 && b.valueOf(d, f) != nil && b.valueOf(d, f).packetID != "" {
				continue // filled by an earlier signer
			}
			if len(f.editors) == 0 || slices.Contains(f.editors, p.key) {
				editable = append(editable, target{d, f})
			}
		}
	}
	for k := range values {
		if !slices.ContainsFunc(editable, func(t target) bool { return t.f.key == k }) {
			return fmt.Errorf("blueinktest: packet %s (%s) cannot fill field %q: no such field it may edit", p.id, p.key, k)
		}
	}
	for _, t := range editable {
		v, given := values[t.f.key]
		if !given {
			if t.f.initial != nil {
				continue // the pre-filled value stands: filled_by "initial" or "default"
			}
			v = defaultValue(t.f, p, now)
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
	if p.status == stSent {
		p.lastAccessed = now
	}
	p.status, p.completedAt = stComplete, now
	p.coe = s.coeFile(p)
	if b.status == stSent {
		b.status = stStarted
	}
	b.addHistory(stComplete, p.name+" completed the documents", p.id, now)
	s.queueEvent(q, blueink.EventPacketComplete, blueink.EventPayload{BundleID: b.id, PacketID: p.id}, "")

	ordered := b.orderedPackets()
	for _, o := range ordered {
		if o.status == stNew {
			o.status = stSent
			b.addHistory(stSent, "Sent to "+o.name, o.id, now)
			break
		}
	}
	if slices.ContainsFunc(ordered, func(o *packet) bool { return o.status != stComplete }) {
		return nil
	}
	b.status, b.completed, b.docsReady = stComplete, now, true
	b.final = s.finalFile(b)
	b.addHistory(stComplete, "Bundle complete", "", now)
	s.queueEvent(q, blueink.EventBundleComplete, blueink.EventPayload{BundleID: b.id}, "")
	s.queueEvent(q, blueink.EventBundleDocsReady, blueink.EventPayload{BundleID: b.id}, "")
	return nil
}

func (b *bundle) valueOf(d *document, f *docField) *fieldValue {
	for _, fv := range b.values {
		if fv.doc == d && fv.field == f {
			return fv
		}
	}
	return nil
}

// defaultValue is what a signer enters into f when the test gives no value.
func defaultValue(f *docField, p *packet, now time.Time) any {
	switch f.kind {
	case "sig", "ini", "snm":
		return p.name
	case "sdt", "dat":
		return now.UTC().Format(time.DateOnly)
	case "chk":
		return true
	}
	return nil
}

// DeclinePacket records that the signer declined to sign: packet_declined
// is delivered, then the bundle is cancelled (every unfinished packet
// becomes "ca") and bundle_cancelled is delivered. (BlueInk does not
// document what a decline does to the bundle; this is the fake's choice.)
func (s *Server) DeclinePacket(ctx context.Context, packetID, reason string) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		p, err := s.signerPacket(packetID)
		if err != nil {
			return err
		}
		desc := p.name + " declined to sign"
		if reason != "" {
			desc += ": " + reason
		}
		p.bundle.addHistory("de", desc, p.id, s.now())
		s.queueEvent(q, blueink.EventPacketDeclined, blueink.EventPayload{BundleID: p.bundle.id, PacketID: p.id}, "")
		return s.cancelLocked(q, p.bundle, "Bundle cancelled after "+p.name+" declined")
	})
}

// CancelBundle cancels a bundle that is not finished, as
// PUT /bundles/{slug}/cancel/ does, and delivers bundle_cancelled.
func (s *Server) CancelBundle(ctx context.Context, slug string) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		b, err := s.findBundle(slug)
		if err != nil {
			return err
		}
		return s.cancelLocked(q, b, "Bundle cancelled")
	})
}

func (s *Server) cancelLocked(q *[]*pendingDelivery, b *bundle, desc string) error {
	if !live(b.status) {
		return fmt.Errorf("%w: bundle %s has status %q", ErrState, b.id, b.status)
	}
	b.status = stCancelled
	for _, p := range b.packets {
		if p.status != stComplete && p.status != stReassigned {
			p.status = stCancelled
		}
	}
	b.addHistory(stCancelled, desc, "", s.now())
	s.queueEvent(q, blueink.EventBundleCancelled, blueink.EventPayload{BundleID: b.id}, "")
	return nil
}

// ExpireBundle expires a sent bundle now, as PUT /bundles/{slug}/expire/
// does (BlueInk has no webhook event for expiry).
func (s *Server) ExpireBundle(ctx context.Context, slug string) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		b, err := s.findBundle(slug)
		if err != nil {
			return err
		}
		return s.expireLocked(b)
	})
}

func (s *Server) expireLocked(b *bundle) error {
	if b.status == stDraft || !live(b.status) {
		return fmt.Errorf("%w: bundle %s has status %q", ErrState, b.id, b.status)
	}
	b.status = stExpired
	for _, p := range b.packets {
		if p.status != stComplete && p.status != stReassigned {
			p.status = stExpired
		}
	}
	b.addHistory(stExpired, "Bundle expired", "", s.now())
	return nil
}

// FailBundle makes a bundle fail as BlueInk's asynchronous processing does
// (an unreachable file_url, say): status "fa", Bundle.errors holds message,
// and bundle_error is delivered.
func (s *Server) FailBundle(ctx context.Context, slug, message string) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		b, err := s.findBundle(slug)
		if err != nil {
			return err
		}
		if !live(b.status) {
			return fmt.Errorf("%w: bundle %s has status %q", ErrState, slug, b.status)
		}
		s.failLocked(q, b, "error", message, nil)
		return nil
	})
}

func (s *Server) failLocked(q *[]*pendingDelivery, b *bundle, code, message string, fields []fieldError) {
	b.status = stFailed
	b.errors = append(b.errors, bundleErr{code: code, message: message, fields: fields})
	for _, p := range b.packets {
		if p.status != stComplete && p.status != stReassigned {
			p.status = stFailed
		}
	}
	b.addHistory(stFailed, message, "", s.now())
	s.queueEvent(q, blueink.EventBundleError, blueink.EventPayload{BundleID: b.id}, "")
}

// ReassignPacket hands an unfinished packet to another signer: the packet
// becomes "ra" (reassigned), a new packet with the same key and order and
// the new name and email takes its place (already sent if the old one was),
// and bundle_signer_reassigned is delivered with the new packet's id. It
// returns that id.
func (s *Server) ReassignPacket(ctx context.Context, packetID, name, email string) (string, error) {
	var newID string
	err := s.change(ctx, func(q *[]*pendingDelivery) error {
		p, err := s.findPacket(packetID)
		if err != nil {
			return err
		}
		if !packetOpen(p) || p.bundle.status == stDraft {
			return fmt.Errorf("%w: packet %s has status %q in a bundle with status %q", ErrState, p.id, p.status, p.bundle.status)
		}
		np := *p
		np.id, np.name, np.email, np.personID = s.slug(), name, email, ""
		np.lastAccessed, np.lastReminder = time.Time{}, time.Time{}
		if np.status == stStarted {
			np.status = stSent
		}
		p.status = stReassigned
		b := p.bundle
		i := slices.Index(b.packets, p)
		b.packets = slices.Insert(b.packets, i+1, &np)
		s.packets[np.id] = &np
		b.addHistory(stReassigned, "Reassigned from "+p.name+" to "+name, np.id, s.now())
		s.queueEvent(q, blueink.EventBundleSignerReassigned, blueink.EventPayload{BundleID: b.id, PacketID: np.id}, "")
		newID = np.id
		return nil
	})
	return newID, err
}

// Emit delivers an event of type typ with payload to every enabled webhook
// subscribed to typ, without changing any state: use it to test how a
// receiver handles an event the other helpers do not produce. The event is
// recorded like any other.
func (s *Server) Emit(ctx context.Context, typ blueink.EventType, payload blueink.EventPayload) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		s.queueEvent(q, typ, payload, "")
		return nil
	})
}

// EmitTo delivers an event to one webhook whatever its subscriptions and
// enabled flag (typ may be a type BlueInk does not define, to test how a
// receiver handles unknown events).
func (s *Server) EmitTo(ctx context.Context, webhookID string, typ blueink.EventType, payload blueink.EventPayload) error {
	return s.change(ctx, func(q *[]*pendingDelivery) error {
		if _, found := s.webhooks[webhookID]; !found {
			return fmt.Errorf("%w: webhook %q", ErrNotFound, webhookID)
		}
		s.queueEvent(q, typ, payload, webhookID)
		return nil
	})
}
