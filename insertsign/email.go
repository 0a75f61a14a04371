package insertsign

// Email is an email InsertSign sent about a request to a participant
// (signer, sender or CC recipient): email.delivered, email.bounced and
// email.spammed deliveries.
type Email struct {
	// Subject is the email's subject line.
	Subject string `json:"subject"`
	// To is the recipient's email address.
	To string `json:"to"`
	// RequestID is the request the email was about.
	RequestID string `json:"request_id"`
	// AccountID is the InsertSign account.
	AccountID string `json:"account_id"`
}
