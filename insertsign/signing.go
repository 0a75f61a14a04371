package insertsign

import (
	"time"

	"github.com/esignkit/esign/internal/timeutil"
)

// Signing is a signer's act of signing a request (signer.signed).
type Signing struct {
	// SignerID identifies the signer (data.id; the key of the signer in
	// the request's Signers).
	SignerID string
	// RequestID is the request that was signed.
	RequestID string
	// AccountID is the InsertSign account.
	AccountID string
	// Email is the signer's email address.
	Email string
	// Name is the signer's name.
	Name string
	// Type is SignerTypeSigner or SignerTypeSender (data.type).
	Type SignerType
	// Device is what the signer signed on: DeviceDesktop, DeviceMobile or DeviceTablet.
	Device Device
	// IP is the IP address of the signer's device, as InsertSign reports it.
	IP string
	// SignedAt is when the signer signed (data.signed_at, epoch ms).
	SignedAt time.Time
}

type wireSigning struct {
	ID        string          `json:"id"`
	RequestID string          `json:"request_id"`
	AccountID string          `json:"account_id"`
	Email     string          `json:"email"`
	Name      string          `json:"name"`
	Type      SignerType      `json:"type"`
	Device    Device          `json:"device"`
	IP        string          `json:"ip"`
	SignedAt  timeutil.Millis `json:"signed_at"`
}

func (w *wireSigning) signing() Signing {
	return Signing{SignerID: w.ID, RequestID: w.RequestID, AccountID: w.AccountID, Email: w.Email,
		Name: w.Name, Type: w.Type, Device: w.Device, IP: w.IP, SignedAt: w.SignedAt.Time.Time}
}
