package blueink

// BundleStatus is the state of a Bundle.
type BundleStatus string

// Bundle statuses. The 2.2.3 spec lists dr/se/st/co/ca/ex/fa; the official
// clients also know ne (new) and pe (pending).
const (
	BundleDraft     BundleStatus = "dr" // not sent yet
	BundleSent      BundleStatus = "se" // sent, no signer started
	BundleStarted   BundleStatus = "st" // at least one signer started
	BundleComplete  BundleStatus = "co" // every signer finished
	BundleCancelled BundleStatus = "ca"
	BundleExpired   BundleStatus = "ex"
	BundleFailed    BundleStatus = "fa" // creation or completion failed (see Bundle.Errors)
	BundleNew       BundleStatus = "ne"
	BundlePending   BundleStatus = "pe"
)

// PacketStatus is the state of one signer (Packet).
type PacketStatus string

// Packet statuses.
const (
	PacketNew        PacketStatus = "ne"
	PacketReady      PacketStatus = "re"
	PacketSent       PacketStatus = "se"
	PacketStarted    PacketStatus = "st"
	PacketComplete   PacketStatus = "co"
	PacketCancelled  PacketStatus = "ca"
	PacketExpired    PacketStatus = "ex"
	PacketFailed     PacketStatus = "fa"
	PacketReassigned PacketStatus = "ra" // the signer was reassigned (not in the 2.2.3 spec)
)

// FieldKind is the kind of a document field.
type FieldKind string

// Field kinds.
const (
	FieldAttachment    FieldKind = "att"
	FieldCheckboxGroup FieldKind = "cbg"
	FieldCheckboxes    FieldKind = "cbx"
	FieldCheckbox      FieldKind = "chk"
	FieldDate          FieldKind = "dat"
	FieldInitials      FieldKind = "ini"
	FieldInput         FieldKind = "inp"
	FieldSigningDate   FieldKind = "sdt"
	FieldSelect        FieldKind = "sel"
	FieldSignature     FieldKind = "sig"
	FieldSignerName    FieldKind = "snm"
	FieldStamp         FieldKind = "stp"
	FieldText          FieldKind = "txt"
)

// DeliverVia is how a signer receives the signing link.
type DeliverVia string

// Delivery channels. DeliverViaEmbed sends nothing: use
// PacketsService.EmbedURL to get a signing URL.
const (
	DeliverViaEmail DeliverVia = "email"
	DeliverViaPhone DeliverVia = "phone"
	DeliverViaEmbed DeliverVia = "embed"
)

// ChannelKind is the kind of a Person's contact channel.
type ChannelKind string

// Contact channel kinds.
const (
	ChannelEmail       ChannelKind = "em"
	ChannelMobilePhone ChannelKind = "mp"
)

// WebhookEventType names an event a webhook subscribes to. It is the same
// type as the EventType of delivered events.
type WebhookEventType = EventType

// Webhook event types. The 2.2.3 spec lists the first seven; the official
// clients add packet_declined, bundle_signer_reassigned and the
// doc_template_* events.
const (
	WebhookEventBundleSent             WebhookEventType = "bundle_sent"
	WebhookEventBundleComplete         WebhookEventType = "bundle_complete"
	WebhookEventBundleDocsReady        WebhookEventType = "bundle_docs_ready"
	WebhookEventBundleError            WebhookEventType = "bundle_error"
	WebhookEventBundleCancelled        WebhookEventType = "bundle_cancelled"
	WebhookEventPacketViewed           WebhookEventType = "packet_viewed"
	WebhookEventPacketComplete         WebhookEventType = "packet_complete"
	WebhookEventPacketDeclined         WebhookEventType = "packet_declined"
	WebhookEventBundleSignerReassigned WebhookEventType = "bundle_signer_reassigned"
	WebhookEventDocTemplateCreated     WebhookEventType = "doc_template_created"
	WebhookEventDocTemplateUpdated     WebhookEventType = "doc_template_updated"
	WebhookEventDocTemplateDeleted     WebhookEventType = "doc_template_deleted"
)

// ValidationPattern constrains what a signer may type into an input field
// (DocumentRequestField.VPattern).
type ValidationPattern string

// Validation patterns.
const (
	PatternEmail       ValidationPattern = "email"
	PatternBankRouting ValidationPattern = "bank_routing"
	PatternBankAccount ValidationPattern = "bank_account"
	PatternLetters     ValidationPattern = "letters"
	PatternNumbers     ValidationPattern = "numbers"
	PatternPhone       ValidationPattern = "phone"
	PatternSSN         ValidationPattern = "ssn"
	PatternZipCode     ValidationPattern = "zip_code"
)

// AttachmentType is a file type an attachment field accepts.
type AttachmentType string

// Attachment types.
const (
	AttachmentJPG  AttachmentType = "jpg"
	AttachmentJPEG AttachmentType = "jpeg"
	AttachmentPNG  AttachmentType = "png"
	AttachmentGIF  AttachmentType = "gif"
	AttachmentSVG  AttachmentType = "svg"
	AttachmentPDF  AttachmentType = "pdf"
	AttachmentDOC  AttachmentType = "doc"
	AttachmentDOCX AttachmentType = "docx"
	AttachmentPPT  AttachmentType = "ppt"
	AttachmentPPTX AttachmentType = "pptx"
	AttachmentXLS  AttachmentType = "xls"
	AttachmentXLSX AttachmentType = "xlsx"
	AttachmentRTF  AttachmentType = "rtf"
	AttachmentTXT  AttachmentType = "txt"
)

// BundleOrdering sorts a bundle list; the Desc variants reverse it. The
// server default is OrderCreatedDesc.
type BundleOrdering string

// Bundle orderings.
const (
	OrderCreated         BundleOrdering = "created"
	OrderCreatedDesc     BundleOrdering = "-created"
	OrderSent            BundleOrdering = "sent"
	OrderSentDesc        BundleOrdering = "-sent"
	OrderCompletedAt     BundleOrdering = "completed_at"
	OrderCompletedAtDesc BundleOrdering = "-completed_at"
)

// ErrorCode identifies the kind of an error BlueInk reports, in error bodies
// and in Bundle.Errors.
type ErrorCode string

// Error codes.
const (
	ErrorCodeAuthenticationFailed ErrorCode = "authentication_failed"
	ErrorCodeConflict             ErrorCode = "conflict"
	ErrorCodeError                ErrorCode = "error"
	ErrorCodeInvalid              ErrorCode = "invalid"
	ErrorCodeMethodNotAllowed     ErrorCode = "method_not_allowed"
	ErrorCodeNotAcceptable        ErrorCode = "not_acceptable"
	ErrorCodeNotAuthenticated     ErrorCode = "not_authenticated"
	ErrorCodeNotFound             ErrorCode = "not_found"
	ErrorCodePermissionDenied     ErrorCode = "permission_denied"
	ErrorCodeParseError           ErrorCode = "parse_error"
	ErrorCodeServiceUnavailable   ErrorCode = "service_unavailable"
	ErrorCodeThrottled            ErrorCode = "throttled"
	ErrorCodeUnsupportedMediaType ErrorCode = "unsupported_media_type"
)
