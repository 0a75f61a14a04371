package blueink

import (
	"context"
	"iter"
	"net/http"
	"strconv"

	"github.com/esignkit/esign/internal/rest"
)

// PersonsService manages Persons: people who sign, with their contact
// channels and metadata (used by SmartFill).
type PersonsService service

// Person is a person known to the account.
type Person struct {
	ID       string           `json:"id"`
	Name     string           `json:"name,omitempty"`
	Metadata map[string]any   `json:"metadata,omitempty"`
	IsUser   bool             `json:"is_user"`
	Channels []ContactChannel `json:"channels,omitempty"`
}

// ContactChannel is an email address or mobile phone of a Person.
type ContactChannel struct {
	// ID identifies an existing channel; leave it empty to add one.
	ID    string      `json:"id,omitempty"`
	Kind  ChannelKind `json:"kind"`
	Email string      `json:"email,omitempty"`
	Phone string      `json:"phone,omitempty"`
}

// PersonRequest creates or changes a Person.
//
// With Update (PUT) the channels replace the Person's channels: omitted
// channels are deleted. With Patch, a channel with an ID updates that
// channel (and live Bundles sending to it), one without an ID is added
// unless its email or phone already exists.
type PersonRequest struct {
	Name     string           `json:"name,omitempty"`
	Metadata map[string]any   `json:"metadata,omitempty"`
	Channels []ContactChannel `json:"channels,omitempty"`
}

// PersonListOptions filters Persons.List and All.
type PersonListOptions struct {
	ListOptions
	Search string `url:"search,omitempty"`
}

func (o *PersonListOptions) listOptions() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

// List returns one page of Persons.
func (s *PersonsService) List(ctx context.Context, opts *PersonListOptions) ([]*Person, *Response, error) {
	if err := opts.listOptions().validate(); err != nil {
		return nil, nil, err
	}
	return do[rest.Items[*Person]](ctx, (*service)(s), http.MethodGet, "persons/", opts, nil)
}

// All iterates over every Person matching opts (see BundlesService.All).
func (s *PersonsService) All(ctx context.Context, opts *PersonListOptions) iter.Seq2[*Person, error] {
	return pages(ctx, (*service)(s), opts, s.List)
}

// Create creates a Person (201).
func (s *PersonsService) Create(ctx context.Context, req *PersonRequest) (*Person, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	return do[*Person](ctx, (*service)(s), http.MethodPost, "persons/", nil, req)
}

// Get returns the Person with the given id.
func (s *PersonsService) Get(ctx context.Context, id string) (*Person, *Response, error) {
	return s.personCall(ctx, http.MethodGet, id, nil)
}

// Update replaces a Person (PUT): channels omitted from req are deleted.
func (s *PersonsService) Update(ctx context.Context, id string, req *PersonRequest) (*Person, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	return s.personCall(ctx, http.MethodPut, id, req)
}

// Patch partially updates a Person (PATCH).
func (s *PersonsService) Patch(ctx context.Context, id string, req *PersonRequest) (*Person, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	return s.personCall(ctx, http.MethodPatch, id, req)
}

// Delete deletes a Person (204).
func (s *PersonsService) Delete(ctx context.Context, id string) (*Response, error) {
	return del(ctx, (*service)(s), "persons/%s/", id)
}

func (s *PersonsService) personCall(ctx context.Context, method, id string, body any) (*Person, *Response, error) {
	path, err := pathOf("persons/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Person](ctx, (*service)(s), method, path, nil, body)
}

func (r *PersonRequest) validate() error {
	if r == nil {
		return invalidArg("person request", "must not be nil")
	}
	for i, ch := range r.Channels {
		switch ch.Kind {
		case ChannelEmail:
			if err := checkEmail("channels["+strconv.Itoa(i)+"].email", ch.Email); err != nil {
				return err
			}
		case ChannelMobilePhone:
			if ch.Phone == "" {
				return invalidArg("channels["+strconv.Itoa(i)+"].phone", "is required for a mobile phone channel")
			}
		default:
			return invalidArg("channels["+strconv.Itoa(i)+"].kind", "%q is not em or mp", ch.Kind)
		}
	}
	return nil
}
