package signeasy

import (
	"context"
	"net/http"
)

// UsersService fetches the authenticated user.
type UsersService service

// User is the account the access token belongs to.
type User struct {
	ID               int64  `json:"id"`
	Email            string `json:"email"`
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	Company          string `json:"company"`
	AccountType      int    `json:"account_type"`
	IsPaid           Bool   `json:"is_paid"`
	EnvelopeCredits  int    `json:"envelope_credits"`
	CreatedTime      Time   `json:"created_time"`
	LastModifiedTime Time   `json:"last_modified_time"`
}

// Me fetches the authenticated user: GET /me/.
func (s *UsersService) Me(ctx context.Context) (*User, *Response, error) {
	return do[*User](ctx, s.client, http.MethodGet, "me/", nil)
}
