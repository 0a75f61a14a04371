package signeasy

import (
	"context"
	"net/http"
)

// UsersService fetches the authenticated user.
type UsersService service

// User is the account the access token belongs to: "The User Object" of
// https://docs.signeasy.com/reference/fetch-user-details.
type User struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Company   string `json:"company"`
	// CompanySize is free text the user entered.
	CompanySize string `json:"company_size"`
	// AccountType is the plan the user is on.
	AccountType int  `json:"account_type"`
	IsPaid      Bool `json:"is_paid"`
	IsAutoRenew Bool `json:"is_auto_renew"`
	// DocumentCredits is the number of envelope credits the user has
	// (document_credits; v3 documents it as envelope credits).
	DocumentCredits   int `json:"document_credits"`
	ImportedFileCount int `json:"imported_file_count"`
	SignedFileCount   int `json:"signed_file_count"`
	// Status is 1 for an activated account, 0 otherwise.
	Status int `json:"status"`
	// EmailVerified is false for users whose API calls will not work
	// until they verify their email address.
	EmailVerified          Bool `json:"email_verified"`
	CreatedTime            Time `json:"created_time"`
	LastModifiedTime       Time `json:"last_modified_time"`
	ActivationTime         Time `json:"activation_time"`
	SubscriptionExpiryTime Time `json:"subscription_expiry_time"`
}

// Me fetches the authenticated user: GET /me/
// (https://docs.signeasy.com/reference/fetch-user-details).
func (s *UsersService) Me(ctx context.Context) (*User, *Response, error) {
	return do[*User](ctx, s.client, http.MethodGet, "me/", nil)
}
