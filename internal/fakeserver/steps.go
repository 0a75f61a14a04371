package fakeserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Errors of Server.Step and of the providers' lifecycle verbs, matched with
// errors.Is. They are shared by every fake.
var (
	// ErrNotFound: no such envelope (bundle, agreement, ...) or signer.
	ErrNotFound = errors.New("not found")
	// ErrState: the envelope or signer is not in a state that allows the
	// step (e.g. signing a cancelled agreement).
	ErrState = errors.New("not allowed in the current state")
	// ErrUnsupported: the provider has no such step.
	ErrUnsupported = errors.New("step not supported by this provider")
)

// Step is a lifecycle step a provider's fake can play: the verbs every
// <provider>test.Server offers where the provider has the step.
type Step string

// The lifecycle steps, with the uniform verb signatures of every fake:
//
//	Send(ctx, envelopeID string) error              // a draft goes out to its signers
//	View(ctx, envelopeID, signer string) error      // a signer opens it
//	Sign(ctx, envelopeID, signer string) error      // a signer signs (or approves)
//	Decline(ctx, envelopeID, signer, reason string) error
//	Complete(ctx, envelopeID string) error          // every remaining signer signs
//	Expire(ctx, envelopeID string) error
//	Cancel(ctx, envelopeID string) error            // the sender cancels
//
// envelopeID names the provider's envelope (bundle, agreement, envelope,
// document); signer names one signer by id or email (BlueInk: packet id
// or key).
const (
	StepSend     Step = "send"
	StepView     Step = "view"
	StepSign     Step = "sign"
	StepDecline  Step = "decline"
	StepComplete Step = "complete"
	StepExpire   Step = "expire"
	StepCancel   Step = "cancel"
)

// StepInput is what a step acts on.
type StepInput struct {
	Envelope string
	Signer   string
	Reason   string
}

// StepFunc plays a step under the lock: it changes the store and emits
// the provider's webhooks (Call.Emit). A 404 *Error reads as ErrNotFound,
// other errors as ErrState.
type StepFunc func(c *Call, in StepInput) *Error

// Step makes a StepFunc of f for steps on the resource's items (the
// provider's envelopes): f gets the item StepInput.Envelope names; an
// unknown id is a 404 (ErrNotFound).
func (r *Resource[T]) Step(f func(c *Call, it *Item[T], in StepInput) *Error) StepFunc {
	return func(c *Call, in StepInput) *Error {
		if it := r.Get(c, in.Envelope); it != nil {
			return f(c, it, in)
		}
		return Errorf(http.StatusNotFound, "%s %q not found", r.Name, in.Envelope)
	}
}

// Party makes a StepFunc for a step of one party (signer, participant,
// recipient) of an envelope: the child of the envelope StepInput.Envelope
// names that StepInput.Signer names (Named, with the party's email), or a
// 404. ready may refuse the envelope or the party in their state (409:
// ErrState); f then plays the step with StepInput.Reason.
func Party[E, P any](envelopes *Resource[E], parties *Resource[P], email func(P) string,
	ready func(c *Call, env *Item[E], p *Item[P]) *Error, f func(c *Call, env *Item[E], p *Item[P], reason string)) StepFunc {
	return envelopes.Step(func(c *Call, env *Item[E], in StepInput) *Error {
		p := Pick(parties.Children(c, env.ID), func(p *Item[P]) bool { return Named(in.Signer, p.ID, email(p.V)) })
		if p == nil {
			return Errorf(http.StatusNotFound, "%s %q not found in %s %s", parties.Name, in.Signer, envelopes.Name, env.ID)
		}
		if e := ready(c, env, p); e != nil {
			return e
		}
		f(c, env, p, in.Reason)
		return nil
	})
}

// Named reports whether who names a party: its id, or its email (when it
// has one), case-insensitively. It is how the verbs name a signer.
func Named(who, id, email string) bool {
	return who == id || (email != "" && strings.EqualFold(email, who))
}

// Step plays step (registered in Config.Steps) and delivers its webhooks
// before returning. Errors wrap ErrNotFound, ErrState or ErrUnsupported.
func (s *Server) Step(ctx context.Context, step Step, in StepInput) error {
	f := s.cfg.Steps[step]
	if f == nil {
		return fmt.Errorf("%s: %s: %w", s.cfg.Name, step, ErrUnsupported)
	}
	return s.Do(ctx, func(c *Call) error {
		if e := f(c, in); e != nil {
			return fmt.Errorf("%s: %s: %w", s.cfg.Name, step, e)
		}
		return nil
	})
}

// ControlPath is where every fake serves its lifecycle steps over HTTP,
// for code that cannot call Go (the sandbox command): POST
// ControlPath + "{step}" with a JSON body {"envelope", "signer",
// "reason"} plays the step and answers 204, or 404 / 409 / 501 with
// {"error": message}. It needs no credentials and is never faulted.
const ControlPath = "/_fakeserver/steps/"

// control plays a step for an HTTP caller (outside the lock: Step takes it).
func (s *Server) control(w http.ResponseWriter, r *http.Request, step Step, body []byte) {
	var in StepInput
	answer := func(status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
	if len(bytes.TrimSpace(body)) > 0 {
		var req struct {
			Envelope string `json:"envelope"`
			Signer   string `json:"signer"`
			Reason   string `json:"reason"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			answer(http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return
		}
		in = StepInput{Envelope: req.Envelope, Signer: req.Signer, Reason: req.Reason}
	}
	err := s.Step(context.WithoutCancel(r.Context()), step, in)
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, ErrUnsupported):
		answer(http.StatusNotImplemented, err.Error())
	case errors.Is(err, ErrNotFound):
		answer(http.StatusNotFound, err.Error())
	default:
		answer(http.StatusConflict, err.Error())
	}
}
