package zigned

// AgreementStatus is an agreement's status.
type AgreementStatus string

// Agreement statuses (spec: agreement.status, GET /agreements?status=).
const (
	AgreementStatusDraft            AgreementStatus = "draft"
	AgreementStatusPending          AgreementStatus = "pending"
	AgreementStatusFulfilled        AgreementStatus = "fulfilled"
	AgreementStatusCancelled        AgreementStatus = "cancelled"
	AgreementStatusGenerating       AgreementStatus = "generating"
	AgreementStatusFailedToGenerate AgreementStatus = "failed_to_generate"
	AgreementStatusOpen             AgreementStatus = "open"
	AgreementStatusExpired          AgreementStatus = "expired"
)

// ParticipantStatus is a participant's status.
type ParticipantStatus string

// Participant statuses.
const (
	ParticipantStatusDraft      ParticipantStatus = "draft"
	ParticipantStatusPending    ParticipantStatus = "pending"
	ParticipantStatusInitiated  ParticipantStatus = "initiated"
	ParticipantStatusProcessing ParticipantStatus = "processing"
	ParticipantStatusFulfilled  ParticipantStatus = "fulfilled"
	ParticipantStatusRejected   ParticipantStatus = "rejected"
)

// SigningGroupStatus is a signing group's status.
type SigningGroupStatus string

// Signing group statuses.
const (
	SigningGroupStatusDraft     SigningGroupStatus = "draft"
	SigningGroupStatusPending   SigningGroupStatus = "pending"
	SigningGroupStatusFulfilled SigningGroupStatus = "fulfilled"
)

// IdentityEnforcementStatus is the status of a participant's identity check.
type IdentityEnforcementStatus string

// Identity enforcement statuses.
const (
	IdentityEnforcementPending IdentityEnforcementStatus = "pending"
	IdentityEnforcementPassed  IdentityEnforcementStatus = "passed"
	IdentityEnforcementFailed  IdentityEnforcementStatus = "failed"
)

// IdentityEnforcementMethod is how a participant's identity is checked.
type IdentityEnforcementMethod string

// Identity enforcement methods.
const (
	// IdentityEnforcementSwePNOCrosscheck cross-checks a Swedish personal number.
	IdentityEnforcementSwePNOCrosscheck IdentityEnforcementMethod = "swe_pno_crosscheck"
)

// SignatureMethod is how a signature was made.
type SignatureMethod string

// Signature methods.
const (
	SignatureMethodSEBankID         SignatureMethod = "se_bid"
	SignatureMethodVerificationCode SignatureMethod = "verification_code"
	SignatureMethodTruid            SignatureMethod = "truid"
	SignatureMethodZealID           SignatureMethod = "zealid"
)

// SignatureStatus is the status of a signature; its values depend on the
// method (the constants are prefixed with it).
type SignatureStatus string

// Swedish BankID (se_bid) signature statuses.
const (
	SEBankIDStatusComplete     SignatureStatus = "complete"
	SEBankIDStatusError        SignatureStatus = "error"
	SEBankIDStatusFailed       SignatureStatus = "failed"
	SEBankIDStatusDraft        SignatureStatus = "draft"
	SEBankIDStatusPending      SignatureStatus = "pending"
	SEBankIDStatusInitializing SignatureStatus = "initializing"
	SEBankIDStatusCancelled    SignatureStatus = "cancelled"
)

// Verification code signature statuses.
const (
	VerificationCodeStatusConfirmed          SignatureStatus = "confirmed"
	VerificationCodeStatusDraft              SignatureStatus = "draft"
	VerificationCodeStatusPending            SignatureStatus = "pending"
	VerificationCodeStatusConfirmationFailed SignatureStatus = "confirmation_failed"
	VerificationCodeStatusUnableToSend       SignatureStatus = "unable_to_send"
	VerificationCodeStatusExpired            SignatureStatus = "expired"
	VerificationCodeStatusCancelled          SignatureStatus = "cancelled"
)

// Truid signature statuses.
const (
	TruidStatusDraft     SignatureStatus = "draft"
	TruidStatusPending   SignatureStatus = "pending"
	TruidStatusFulfilled SignatureStatus = "fulfilled"
	TruidStatusFailed    SignatureStatus = "failed"
)

// ZealID signature statuses.
const (
	ZealIDStatusDraft                  SignatureStatus = "draft"
	ZealIDStatusAwaitingAuthentication SignatureStatus = "awaiting_authentication"
	ZealIDStatusAwaitingSign           SignatureStatus = "awaiting_sign"
	ZealIDStatusComplete               SignatureStatus = "complete"
	ZealIDStatusFailed                 SignatureStatus = "failed"
)

// TrustLevel is the minimum eIDAS signature level.
type TrustLevel string

// Trust levels.
const (
	TrustLevelSES TrustLevel = "SES" // simple
	TrustLevelAES TrustLevel = "AES" // advanced
	TrustLevelQES TrustLevel = "QES" // qualified
)

// Locale is a communication and signing room language.
type Locale string

// Locales.
const (
	LocaleSwedish Locale = "sv-SE"
	LocaleEnglish Locale = "en-US"
)

// Role is a party's role in the signing process.
type Role string

// Roles. Participants are signers or approvers; an issuer may also be an
// observer.
const (
	RoleSigner   Role = "signer"
	RoleApprover Role = "approver"
	RoleObserver Role = "observer"
)

// ObserverScope is what an observer receives.
type ObserverScope string

// Observer scopes.
const (
	ObserverScopeCC     ObserverScope = "cc"
	ObserverScopeViewer ObserverScope = "viewer"
)

// ReminderIntensity is the pace of automatic reminders.
type ReminderIntensity string

// Reminder intensities.
const (
	RemindersIntense ReminderIntensity = "intense"
	RemindersNormal  ReminderIntensity = "normal"
)

// CancellationType is why an agreement is cancelled.
type CancellationType string

// Cancellation types. CancellationCustom requires a reason.
const (
	CancellationInvalidDocument    CancellationType = "invalid_document"
	CancellationInvalidParticipant CancellationType = "invalid_participant"
	CancellationInvalidEmail       CancellationType = "invalid_email"
	CancellationCustom             CancellationType = "custom"
)

// LifecycleStatus is a state an agreement can be moved to with
// POST /agreements/{id}/lifecycle.
type LifecycleStatus string

// Lifecycle target states.
const (
	LifecyclePending   LifecycleStatus = "pending"   // send for signing
	LifecycleOpen      LifecycleStatus = "open"      // pause and reopen for edits
	LifecycleCancelled LifecycleStatus = "cancelled" // end state
)

// Order is a list's sort order by date.
type Order string

// Sort orders (the API's default is descending).
const (
	OrderDesc Order = "desc"
	OrderAsc  Order = "asc"
)

// MIME types accepted by the files list filter.
const (
	MimeTypePDF  = "application/pdf"
	MimeTypePNG  = "image/png"
	MimeTypeJPEG = "image/jpg" // sic: the API's value
)

// WebhookStatus is whether a webhook receives notifications.
type WebhookStatus string

// Webhook statuses. New webhooks are inactive unless created active.
const (
	WebhookActive   WebhookStatus = "active"
	WebhookInactive WebhookStatus = "inactive"
)

// WebhookType decides which agreements notify a webhook.
type WebhookType string

// Webhook types: development webhooks only hear about test_mode agreements.
const (
	WebhookProduction  WebhookType = "production"
	WebhookDevelopment WebhookType = "development"
)

// WebhookScopeType is whose agreements notify a webhook.
type WebhookScopeType string

// Webhook scopes.
const (
	WebhookScopeGlobal WebhookScopeType = "global"
	WebhookScopeUser   WebhookScopeType = "user"
	WebhookScopeClient WebhookScopeType = "client"
)
