package zigned

import (
	"context"
	"iter"
	"net/http"
)

// SigningGroupsService manages an agreement's signing groups:
// /agreements/{id}/signing_groups. Creating the first group enables signing
// order and places every existing participant in it.
type SigningGroupsService service

// SigningGroup is the signing group resource.
type SigningGroup struct {
	ID           string             `json:"id"`
	ResourceType string             `json:"resource_type"`
	Name         string             `json:"name"`
	Status       SigningGroupStatus `json:"status"`
	Order        float64            `json:"order"`
	// Participants are the group's participants. The spec describes the
	// expanded form as a "single" envelope; a list envelope, a single object
	// and plain ids all decode.
	Participants RelationList[Participant] `json:"participants"`
	Agreement    string                    `json:"agreement"`
	CreatedAt    Time                      `json:"created_at"`
	UpdatedAt    Time                      `json:"updated_at"`
}

// SigningGroupRequest is the body of POST and PUT
// /agreements/{id}/signing_groups. Participants are participant IDs.
type SigningGroupRequest struct {
	Name         string   `json:"name,omitempty"`
	Order        *int     `json:"order,omitempty"`
	Participants []string `json:"participants,omitempty"`
}

var signingGroupIDs = []string{"agreement ID", "signing group ID"}

// List lists an agreement's signing groups.
func (s *SigningGroupsService) List(ctx context.Context, agreementID string) ([]*SigningGroup, *Response, error) {
	p, err := agreementPath(agreementID, "/signing_groups")
	if err != nil {
		return nil, nil, err
	}
	return do[items[SigningGroup]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// All iterates over an agreement's signing groups, in order (one request:
// the API answers the list whole).
func (s *SigningGroupsService) All(ctx context.Context, agreementID string) iter.Seq2[*SigningGroup, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*SigningGroup, *Response, error) { return s.List(ctx, agreementID) })
}

// Create adds a signing group.
func (s *SigningGroupsService) Create(ctx context.Context, agreementID string, req *SigningGroupRequest) (*SigningGroup, *Response, error) {
	p, err := agreementPath(agreementID, "/signing_groups")
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		req = &SigningGroupRequest{}
	}
	return do[*SigningGroup](ctx, s.client, http.MethodPost, p, nil, req)
}

// Get returns one signing group with its participants.
func (s *SigningGroupsService) Get(ctx context.Context, agreementID, groupID string) (*SigningGroup, *Response, error) {
	p, err := pathOf("agreements/%s/signing_groups/%s", signingGroupIDs, agreementID, groupID)
	if err != nil {
		return nil, nil, err
	}
	return do[*SigningGroup](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Update changes a signing group of a draft or open agreement.
func (s *SigningGroupsService) Update(ctx context.Context, agreementID, groupID string, req *SigningGroupRequest) (*SigningGroup, *Response, error) {
	p, err := pathOf("agreements/%s/signing_groups/%s", signingGroupIDs, agreementID, groupID)
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalidArg("update", "must not be nil")
	}
	return do[*SigningGroup](ctx, s.client, http.MethodPut, p, nil, req)
}

// Delete removes a signing group and returns it as it was.
func (s *SigningGroupsService) Delete(ctx context.Context, agreementID, groupID string) (*SigningGroup, *Response, error) {
	p, err := pathOf("agreements/%s/signing_groups/%s", signingGroupIDs, agreementID, groupID)
	if err != nil {
		return nil, nil, err
	}
	return do[*SigningGroup](ctx, s.client, http.MethodDelete, p, nil, nil)
}
