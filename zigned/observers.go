package zigned

import (
	"context"
	"iter"
	"net/http"
	"strings"
)

// ObserversService manages an agreement's observers:
// /agreements/{id}/observers.
type ObserversService service

// Observer is the observer resource: someone who follows the agreement
// without signing.
type Observer struct {
	ID             string        `json:"id"`
	ResourceType   string        `json:"resource_type"`
	Name           string        `json:"name,omitempty"`
	Email          string        `json:"email,omitempty"`
	Locale         Locale        `json:"locale,omitempty"`
	ObserverScope  ObserverScope `json:"observer_scope"`
	Agreement      string        `json:"agreement"`
	SigningRoomURL string        `json:"signing_room_url,omitempty"`
	CreatedAt      Time          `json:"created_at"`
	UpdatedAt      Time          `json:"updated_at"`
}

// ObserverRequest is the body of POST and PUT /agreements/{id}/observers.
type ObserverRequest struct {
	Email         string        `json:"email,omitempty"`
	Name          string        `json:"name,omitempty"`
	ObserverScope ObserverScope `json:"observer_scope,omitempty"` // default viewer
	Locale        Locale        `json:"locale,omitempty"`
}

func (r *ObserverRequest) validate(field string, create bool) error {
	if r == nil {
		return invalidArg(field, "must not be nil")
	}
	if create && strings.TrimSpace(r.Name) == "" && strings.TrimSpace(r.Email) == "" {
		return invalidArg(field, "needs a name or an email")
	}
	return nil
}

var observerIDs = []string{"agreement ID", "observer ID"}

// List lists an agreement's observers in creation order.
func (s *ObserversService) List(ctx context.Context, agreementID string) ([]*Observer, *Response, error) {
	p, err := agreementPath(agreementID, "/observers")
	if err != nil {
		return nil, nil, err
	}
	return do[items[Observer]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// All iterates over an agreement's observers (one request: the API answers
// the list whole).
func (s *ObserversService) All(ctx context.Context, agreementID string) iter.Seq2[*Observer, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*Observer, *Response, error) { return s.List(ctx, agreementID) })
}

// Create adds an observer.
func (s *ObserversService) Create(ctx context.Context, agreementID string, req *ObserverRequest) (*Observer, *Response, error) {
	p, err := agreementPath(agreementID, "/observers")
	if err != nil {
		return nil, nil, err
	}
	if err := req.validate("observer", true); err != nil {
		return nil, nil, err
	}
	return do[*Observer](ctx, s.client, http.MethodPost, p, nil, req)
}

// Batch adds several observers in one call.
func (s *ObserversService) Batch(ctx context.Context, agreementID string, reqs []*ObserverRequest) ([]*Observer, *Response, error) {
	p, err := agreementPath(agreementID, "/observers/batch")
	if err != nil {
		return nil, nil, err
	}
	if len(reqs) == 0 {
		return nil, nil, invalidArg("observers", "must not be empty")
	}
	for _, r := range reqs {
		if err := r.validate("observers", true); err != nil {
			return nil, nil, err
		}
	}
	body := struct {
		Observers []*ObserverRequest `json:"observers"`
	}{reqs}
	return do[items[Observer]](ctx, s.client, http.MethodPost, p, nil, body)
}

// Get returns one observer.
func (s *ObserversService) Get(ctx context.Context, agreementID, observerID string) (*Observer, *Response, error) {
	p, err := pathOf("agreements/%s/observers/%s", observerIDs, agreementID, observerID)
	if err != nil {
		return nil, nil, err
	}
	return do[*Observer](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Update changes an observer.
func (s *ObserversService) Update(ctx context.Context, agreementID, observerID string, req *ObserverRequest) (*Observer, *Response, error) {
	p, err := pathOf("agreements/%s/observers/%s", observerIDs, agreementID, observerID)
	if err != nil {
		return nil, nil, err
	}
	if err := req.validate("update", false); err != nil {
		return nil, nil, err
	}
	return do[*Observer](ctx, s.client, http.MethodPut, p, nil, req)
}

// Delete removes an observer and returns it as it was.
func (s *ObserversService) Delete(ctx context.Context, agreementID, observerID string) (*Observer, *Response, error) {
	p, err := pathOf("agreements/%s/observers/%s", observerIDs, agreementID, observerID)
	if err != nil {
		return nil, nil, err
	}
	return do[*Observer](ctx, s.client, http.MethodDelete, p, nil, nil)
}
