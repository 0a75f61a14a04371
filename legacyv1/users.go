package legacyv1

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// UsersService manages users, who get login access to groups (/user/).
type UsersService service

// User is a user (UserDetailResponse).
type User struct {
	ResourceURI string   `json:"resource_uri"`
	Username    string   `json:"username"`
	Email       string   `json:"email"`
	FirstName   string   `json:"first_name"`
	LastName    string   `json:"last_name"`
	Groups      []string `json:"groups"`
	Timezone    string   `json:"timezone"`
	DateJoined  Time     `json:"date_joined"`
	LastLogin   Time     `json:"last_login"`
}

// UserID returns the id of the user's resource URI.
func (u *User) UserID() string { return IDFromURI(u.ResourceURI) }

// UserCreateRequest is the body of POST /user/ (UserPost).
type UserCreateRequest struct {
	FirstName string
	LastName  string
	Email     string
	// Timezone is a TZ name such as "Europe/London" (default UTC).
	Timezone string
	// Password, when empty, makes the API email a verification link instead.
	Password string
	// Groups are the groups the user joins: slugs or resource URIs
	// (absolute URLs too). They are sent as the spec describes, one
	// comma-delimited string of group resource URIs
	// ("/api/v1/group/a/,/api/v1/group/b/"); blank and repeated entries are
	// dropped.
	Groups []string
	// Permission is sent as given, "1" to "6". The spec describes these
	// values differently from the member Permission enum (1 admin, 2 create
	// and send team user, 3 read-only team user, 4 send-only team user, 5
	// send-only individual, 6 create and send individual).
	Permission string
}

// MarshalJSON encodes the API's shape (groups comma-delimited resource URIs).
func (r UserCreateRequest) MarshalJSON() ([]byte, error) {
	type wire struct {
		FirstName  string `json:"first_name"`
		LastName   string `json:"last_name"`
		Email      string `json:"email"`
		Timezone   string `json:"timezone,omitempty"`
		Password   string `json:"password,omitempty"`
		Groups     string `json:"groups,omitempty"`
		Permission string `json:"permission,omitempty"`
	}
	return json.Marshal(wire{
		FirstName: r.FirstName, LastName: r.LastName, Email: r.Email, Timezone: r.Timezone,
		Password: r.Password, Groups: groupURIs(r.Groups), Permission: r.Permission,
	})
}

// groupURIs joins groups as comma-delimited group resource URIs in path
// form, the shape UserPost.groups describes.
func groupURIs(groups []string) string {
	out := make([]string, 0, len(groups))
	for _, g := range groups {
		g = strings.TrimSpace(g)
		if g == "" {
			continue
		}
		if resource, id, err := ParseResourceURI(g); err == nil && resource == ResourceGroup {
			g = GroupURI(id)
		} else {
			g = ref(ResourceGroup, g)
		}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return strings.Join(out, ",")
}

// String hides the password.
func (r UserCreateRequest) String() string {
	return "UserCreateRequest{Email: " + r.Email + ", Groups: " + strings.Join(r.Groups, ",") + "}"
}

// GoString hides the password from %#v.
func (r UserCreateRequest) GoString() string { return r.String() }

// LogValue hides the password from slog (whose JSON handler would otherwise
// marshal the request, password included).
func (r UserCreateRequest) LogValue() slog.Value { return slog.StringValue(r.String()) }

// Create creates a user. The API sends the new user's URI in the Location
// header when a password was set; otherwise Created may be empty.
// POST /user/
func (s *UsersService) Create(ctx context.Context, req *UserCreateRequest) (*Created, *Response, error) {
	switch {
	case req == nil || strings.TrimSpace(req.Email) == "":
		return nil, nil, invalidArg("email", "must not be empty")
	case strings.TrimSpace(req.FirstName) == "":
		return nil, nil, invalidArg("first_name", "must not be empty")
	case strings.TrimSpace(req.LastName) == "":
		return nil, nil, invalidArg("last_name", "must not be empty")
	}
	s.client.rc.Redactor().Add(req.Password) // never in a later error or log line
	return s.client.create(ctx, "user/", ResourceUser, req, nil)
}

// Get returns a user. GET /user/{id}/
func (s *UsersService) Get(ctx context.Context, id string) (*User, *Response, error) {
	p, err := pathOf("user/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*User](ctx, s.client, http.MethodGet, p, nil, nil)
}

// UserUpdateRequest changes a user's names; empty fields are not sent.
type UserUpdateRequest struct {
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// Update changes a user's first or last name. PATCH /user/{id}/
func (s *UsersService) Update(ctx context.Context, id string, req *UserUpdateRequest) (*Response, error) {
	p, err := pathOf("user/%s/", id)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, invalidArg("request", "must not be nil")
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPatch, p, nil, req)
	return resp, err
}
