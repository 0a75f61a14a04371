package insertsign

import "time"

// Contact is a recipient added to an InsertSign account (contact.created).
type Contact struct {
	// ID identifies the contact (the same id a Signer of a request carries).
	ID string
	// AccountID is the InsertSign account.
	AccountID string
	// Email is the contact's email address.
	Email string
	// Name is the contact's name.
	Name string
	// Label is the contact's job title or role, e.g. "CEO".
	Label string
	// Company is the contact's company ("" when none was given).
	Company string
	// CreatedAt is when the contact was created (data.created_at, epoch ms).
	CreatedAt time.Time
}

type wireContact struct {
	wirePerson
	AccountID string `json:"account_id"`
}

func (w *wireContact) contact() Contact {
	return Contact{ID: w.ID, AccountID: w.AccountID, Email: w.Email, Name: w.Name,
		Label: w.Label, Company: w.Company, CreatedAt: w.CreatedAt.Time.Time}
}
