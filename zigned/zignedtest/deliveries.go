package zignedtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

// Delivery is one webhook delivery the server attempted.
type Delivery struct {
	WebhookID  string // "" for Emit
	URL        string
	Event      zigned.EventType
	Body       []byte
	Header     http.Header
	StatusCode int   // the receiver's answer; 0 when there was none
	Err        error // transport failure, if any
}

type pending struct {
	event zigned.EventType
	data  any
}

// Body returns the delivery body Zigned is observed to send:
// {"event": "<name>", "data": <resource>}.
func Body(event zigned.EventType, data any) ([]byte, error) {
	return json.Marshal(struct {
		Event zigned.EventType `json:"event"`
		Data  any              `json:"data"`
	}{event, data})
}

// Deliveries returns a copy of every delivery attempted so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// deliver posts each event to every active webhook subscribed to it,
// synchronously, in order (s.mu must not be held). A failed delivery is
// recorded, not retried.
func (s *Server) deliver(ctx context.Context, evs ...pending) {
	for _, ev := range evs {
		s.mu.Lock()
		var targets []zigned.Webhook
		for _, id := range s.hookOrder {
			h := s.webhooks[id]
			if h.Status == zigned.WebhookActive && slices.Contains(h.Subscriptions, ev.event) {
				targets = append(targets, *h)
			}
		}
		s.mu.Unlock()
		if len(targets) == 0 {
			continue
		}
		body, err := Body(ev.event, ev.data)
		for _, h := range targets {
			if err != nil { // recorded as a failed delivery, never a crash
				s.mu.Lock()
				s.deliveries = append(s.deliveries, Delivery{WebhookID: h.ID, URL: h.URL, Event: ev.event,
					Err: fmt.Errorf("zignedtest: encoding delivery: %w", err)})
				s.mu.Unlock()
				continue
			}
			d := s.post(ctx, h.URL, h.Secret.Reveal(), body)
			d.WebhookID, d.Event = h.ID, ev.event
			s.mu.Lock()
			s.deliveries = append(s.deliveries, d)
			s.mu.Unlock()
		}
	}
}

// post sends one signed delivery.
func (s *Server) post(ctx context.Context, url, secret string, body []byte) Delivery {
	d := Delivery{URL: url, Body: body}
	var sig string
	if s.cfg.millis {
		sig = webhooktest.TimestampedHeaderMillis(body, s.now(), secret)
	} else {
		sig = webhooktest.TimestampedHeader(body, s.now(), secret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		d.Err = err
		return d
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "zignedtest")
	req.Header.Set(zigned.SignatureHeader, sig)
	d.Header = req.Header.Clone()
	resp, err := s.cfg.deliveryClient.Do(req)
	if err != nil {
		d.Err = err
		return d
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	d.StatusCode = resp.StatusCode
	return d
}

// Emit posts a correctly signed delivery of event with data (any value
// encoding to the resource JSON) to url, as Zigned would. It returns the
// delivery; the error is non-nil when the receiver did not answer 2xx.
func (s *Server) Emit(ctx context.Context, url, secret string, event zigned.EventType, data any) (Delivery, error) {
	body, err := Body(event, data)
	if err != nil {
		return Delivery{}, err
	}
	d := s.post(ctx, url, secret, body)
	d.Event = event
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	if d.Err != nil {
		return d, d.Err
	}
	if d.StatusCode < 200 || d.StatusCode > 299 {
		return d, fmt.Errorf("zignedtest: %s answered %d", url, d.StatusCode)
	}
	return d, nil
}

// ErrNotPending is returned by Sign and Complete for agreements or
// participants that are not waiting for a signature.
var ErrNotPending = errors.New("zignedtest: not pending")

// Sign simulates a participant signing (or an approver approving) a pending
// agreement in the signing room: the participant becomes fulfilled and
// participant.lifecycle.fulfilled is delivered. When the last participant
// signs, the agreement becomes fulfilled, its signed document is generated,
// and agreement.lifecycle.fulfilled then agreement.lifecycle.finalized are
// delivered.
func (s *Server) Sign(ctx context.Context, agreementID, participantID string) error {
	s.mu.Lock()
	rec, ok := s.agreements[agreementID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("zignedtest: agreement %q not found", agreementID)
	}
	if !slices.Contains(rec.participants, participantID) {
		s.mu.Unlock()
		return fmt.Errorf("zignedtest: participant %q not found", participantID)
	}
	evs, err := s.sign(rec, participantID)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.deliver(ctx, evs...)
	return nil
}

// Complete makes every participant of a pending agreement sign, in order.
func (s *Server) Complete(ctx context.Context, agreementID string) error {
	s.mu.Lock()
	rec, ok := s.agreements[agreementID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("zignedtest: agreement %q not found", agreementID)
	}
	if rec.base.Status != zigned.AgreementStatusPending {
		s.mu.Unlock()
		return fmt.Errorf("%w: agreement %s is %s", ErrNotPending, agreementID, rec.base.Status)
	}
	var evs []pending
	for _, pid := range rec.participants {
		if s.participants[pid].Status != zigned.ParticipantStatusPending {
			continue
		}
		more, err := s.sign(rec, pid)
		if err != nil {
			s.mu.Unlock()
			return err
		}
		evs = append(evs, more...)
	}
	s.mu.Unlock()
	s.deliver(ctx, evs...)
	return nil
}

// sign does the work of Sign (s.mu held).
func (s *Server) sign(rec *agreementRec, pid string) ([]pending, error) {
	if rec.base.Status != zigned.AgreementStatusPending {
		return nil, fmt.Errorf("%w: agreement %s is %s", ErrNotPending, rec.base.ID, rec.base.Status)
	}
	p := s.participants[pid]
	if p.Status != zigned.ParticipantStatusPending {
		return nil, fmt.Errorf("%w: participant %s is %s", ErrNotPending, pid, p.Status)
	}
	now := zigned.Time{Time: s.now()}
	p.Status = zigned.ParticipantStatusFulfilled
	p.UpdatedAt = now
	if p.Role == zigned.RoleApprover {
		p.DecisionMadeAt = now
	} else {
		sum := sha256.Sum256(s.files[rec.mainFile].content)
		p.SignedAt = now
		p.Signature = &zigned.Signature{
			ID: s.nextID("sig"), Method: zigned.SignatureMethodVerificationCode, CreatedAt: now, UpdatedAt: now,
			Data: zigned.SignatureData{
				Name: p.Name, Email: p.Email, Status: zigned.VerificationCodeStatusConfirmed,
				UserMessage:  "I have read and wish to sign the document.",
				DocumentHash: base64.StdEncoding.EncodeToString(sum[:]),
			},
		}
	}
	s.activity(rec, "Participant signed", p.Name+" signed the agreement")
	evs := []pending{{zigned.EventParticipantLifecycleFulfilled, s.renderParticipant(pid)}}
	for _, id := range rec.participants {
		if s.participants[id].Status != zigned.ParticipantStatusFulfilled {
			return evs, nil
		}
	}
	// Everyone signed: fulfilled, then the signed PDF is generated (finalized).
	rec.base.Status = zigned.AgreementStatusFulfilled
	s.touch(rec)
	s.activity(rec, "Agreement fulfilled", "Every participant has signed")
	evs = append(evs, pending{zigned.EventAgreementLifecycleFulfilled, s.renderAgreement(rec)})
	main := s.files[rec.mainFile]
	signed := append(bytes.Clone(main.content), []byte("\n% signed with zignedtest at "+now.Format(time.RFC3339)+"\n")...)
	f := s.addFile("signed-"+main.file.Filename, "application/pdf", main.file.Metadata.LookupKey, signed, false)
	rec.signedFile = f.ID
	s.activity(rec, "Agreement finalized", "The signed document was generated")
	evs = append(evs, pending{zigned.EventAgreementLifecycleFinalized, s.renderAgreement(rec)})
	return evs, nil
}
