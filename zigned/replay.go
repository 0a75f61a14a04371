package zigned

import (
	"context"
	"encoding/json"

	"github.com/esignkit/esign/webhook"
)

// Replay returns the webhook events an agreement's current state shows
// happened, built as their deliveries decode, so that a receiver that was
// down (or an inactive webhook) misses nothing: feed each to the
// webhook.Handler that receives Zigned's deliveries, with Handler.Process,
// and its dedupe runs every event's handlers once, whether the delivery,
// the replay or both arrive.
//
//	evs, _, err := c.Agreements.Replay(ctx, agreementID)
//	for _, ev := range evs {
//		if _, err := h.Process(ctx, ev); err != nil { ... } // retry later
//	}
//
// Zigned keeps no account-wide event log and no record of deliveries: its
// only history is per agreement (Events: titles and times, no event names;
// Participants.SignEvents), so events are recovered from state, and only
// those that happen once per agreement or participant, whose ID a delivery
// and a replay share (see ParseEvent): participant.lifecycle.fulfilled for
// every participant who signed or approved, then agreement.lifecycle.fulfilled
// (every participant done: status generating, failed_to_generate or
// fulfilled), agreement.lifecycle.finalized (fulfilled with its signed
// document), agreement.lifecycle.cancelled and agreement.lifecycle.expired.
//
// What cannot be recovered: events that may happen several times
// (agreement.lifecycle.pending and opened, the draft events,
// received_invitation) or that leave no state behind (sign_event.*,
// email_event.*, validation and generation steps); a replayed event's
// resource is as it is now, not as it was when the event happened (Raw is
// the event rebuilt from it, and OccurredAt its updated_at). Which
// agreements to replay is yours to say: the ones your own records show in
// flight, or Agreements.All with a status filter.
func (s *AgreementsService) Replay(ctx context.Context, id string) ([]webhook.Event, *Response, error) {
	a, resp, err := s.Get(ctx, id)
	if err != nil {
		return nil, resp, err
	}
	participants := a.Participants.Data
	if !a.Participants.Expanded() && a.Participants.Len() > 0 {
		if participants, _, err = s.client.Participants.List(ctx, id); err != nil {
			return nil, resp, err
		}
	}
	var evs []webhook.Event
	add := func(typ EventType, resource any) error {
		ev, err := replayed(typ, resource)
		if err == nil {
			evs = append(evs, ev)
		}
		return err
	}
	for _, p := range participants {
		if p != nil && p.Status == ParticipantStatusFulfilled {
			if err := add(EventParticipantLifecycleFulfilled, p); err != nil {
				return nil, resp, err
			}
		}
	}
	var names []EventType
	switch a.Status {
	case AgreementStatusGenerating, AgreementStatusFailedToGenerate:
		names = []EventType{EventAgreementLifecycleFulfilled}
	case AgreementStatusFulfilled:
		names = []EventType{EventAgreementLifecycleFulfilled}
		if !a.Documents.SignedDocument.IsZero() {
			names = append(names, EventAgreementLifecycleFinalized)
		}
	case AgreementStatusCancelled:
		names = []EventType{EventAgreementLifecycleCancelled}
	case AgreementStatusExpired:
		names = []EventType{EventAgreementLifecycleExpired}
	}
	for _, typ := range names {
		if err := add(typ, a); err != nil {
			return nil, resp, err
		}
	}
	return evs, resp, nil
}

// replayed builds the event a delivery of typ with resource as its data
// decodes to.
func replayed(typ EventType, resource any) (webhook.Event, error) {
	body, err := json.Marshal(struct {
		Event EventType `json:"event"`
		Data  any       `json:"data"`
	}{typ, resource})
	if err != nil {
		return nil, prefixed(err)
	}
	return parseDelivery(nil, nil, body)
}
