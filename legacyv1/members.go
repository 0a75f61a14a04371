package legacyv1

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// MembersService manages group members (/member/); a user may be a member of
// several groups.
type MembersService service

// Member is a user's membership of a group (MemberResponse).
type Member struct {
	ResourceURI string     `json:"resource_uri"`
	Group       string     `json:"group"`
	User        string     `json:"user"`
	Permission  Permission `json:"permission"`
	Created     Time       `json:"created"`
	Modified    Time       `json:"modified"`
}

// MemberID returns the id of the membership's resource URI.
func (m *Member) MemberID() string { return IDFromURI(m.ResourceURI) }

// GroupListOptions filters lists by group (members, invitations, attachments).
type GroupListOptions struct {
	// Group is a group slug or resource URI.
	Group string
	ListOptions
}

func (o *GroupListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if g := strings.TrimSpace(o.Group); g != "" {
		q.Set("group", g)
	}
	o.ListOptions.apply(q)
	return q
}

func allByGroup[T any](ctx context.Context, c *Client, opts *GroupListOptions, list func(context.Context, *GroupListOptions) ([]T, *Response, error)) iter.Seq2[T, error] {
	var o GroupListOptions
	if opts != nil {
		o = *opts
	}
	return iterate(ctx, c, o.Offset, func(ctx context.Context, offset int) ([]T, *Response, error) {
		page := o
		page.Offset = offset
		return list(ctx, &page)
	})
}

// List returns one page of group members. GET /member/
func (s *MembersService) List(ctx context.Context, opts *GroupListOptions) ([]*Member, *Response, error) {
	return getList[*Member](ctx, s.client, "member/", opts.values())
}

// All iterates over every member; opts is never modified.
func (s *MembersService) All(ctx context.Context, opts *GroupListOptions) iter.Seq2[*Member, error] {
	return allByGroup(ctx, s.client, opts, s.List)
}

// Get returns a membership. GET /member/{id}/
func (s *MembersService) Get(ctx context.Context, id string) (*Member, *Response, error) {
	p, err := pathOf("member/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Member](ctx, s.client, http.MethodGet, p, nil, nil)
}

// MemberCreateRequest is the body of POST /member/.
type MemberCreateRequest struct {
	Group      string     `json:"group"` // slug or resource URI
	Email      string     `json:"email"`
	DoEmail    bool       `json:"do_email,omitempty"`
	Permission Permission `json:"permission,omitempty"`
}

// Create adds a member to a group. A registered user gets access at once;
// anyone else gets an emailed invitation (see Invited). The spec documents
// no Location header, so Created is empty unless the API sends one.
// POST /member/
func (s *MembersService) Create(ctx context.Context, req *MemberCreateRequest) (*Created, *Response, error) {
	switch {
	case req == nil || strings.TrimSpace(req.Group) == "":
		return nil, nil, invalidArg("group", "must not be empty")
	case strings.TrimSpace(req.Email) == "":
		return nil, nil, invalidArg("email", "must not be empty")
	}
	body := *req
	body.Group = ref(ResourceGroup, req.Group)
	return s.client.create(ctx, "member/", ResourceMember, &body, nil)
}

// Delete removes a member from a group. DELETE /member/{id}/
func (s *MembersService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("member/%s/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, p, nil, nil)
	return resp, err
}

// InvitedService manages pending invitations to join a group (/invited/).
type InvitedService service

// Invitation is a pending invitation, listed by email.
type Invitation struct {
	ResourceURI string `json:"resource_uri"`
	Email       string `json:"email"`
	Group       string `json:"group"`
	Created     Time   `json:"created"`
}

// InvitationID returns the id of the invitation's resource URI.
func (i *Invitation) InvitationID() string { return IDFromURI(i.ResourceURI) }

// List returns invitations, optionally of one group. The spec documents only
// the group filter; limit/offset are Tastypie's and are sent when set.
// GET /invited/
func (s *InvitedService) List(ctx context.Context, opts *GroupListOptions) ([]*Invitation, *Response, error) {
	return getList[*Invitation](ctx, s.client, "invited/", opts.values())
}

// All iterates over every invitation; opts is never modified.
func (s *InvitedService) All(ctx context.Context, opts *GroupListOptions) iter.Seq2[*Invitation, error] {
	return allByGroup(ctx, s.client, opts, s.List)
}

// Delete withdraws an invitation. DELETE /invited/{id}/
func (s *InvitedService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("invited/%s/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, p, nil, nil)
	return resp, err
}
