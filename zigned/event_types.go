package zigned

// One constant per event name of the REST v3 spec (72), plus
// agreement.lifecycle.forwarded, which the "Create a Webhook" page lists but the
// spec does not.

// Event names a webhook can subscribe to and receive.
const (
	EventAgreementDraftCreated EventType = "agreement.draft.created"
	EventAgreementDraftUpdated EventType = "agreement.draft.updated"

	EventAgreementLifecyclePending   EventType = "agreement.lifecycle.pending"
	EventAgreementLifecycleFulfilled EventType = "agreement.lifecycle.fulfilled"
	EventAgreementLifecycleFinalized EventType = "agreement.lifecycle.finalized"
	EventAgreementLifecycleCancelled EventType = "agreement.lifecycle.cancelled"
	EventAgreementLifecycleOpened    EventType = "agreement.lifecycle.opened"
	EventAgreementLifecycleForwarded EventType = "agreement.lifecycle.forwarded" // listed by the webhook docs, absent from the spec
	EventAgreementLifecycleExpired   EventType = "agreement.lifecycle.expired"

	EventAgreementValidationStarted   EventType = "agreement.validation.started"
	EventAgreementValidationCompleted EventType = "agreement.validation.completed"
	EventAgreementValidationFailed    EventType = "agreement.validation.failed"

	EventAgreementGenerationRestarted EventType = "agreement.generation.restarted"
	EventAgreementGenerationStarted   EventType = "agreement.generation.started"
	EventAgreementGenerationCompleted EventType = "agreement.generation.completed"
	EventAgreementGenerationFailed    EventType = "agreement.generation.failed"

	EventAgreementAuditTrailVerificationStarted   EventType = "agreement.audit_trail_verification.started"
	EventAgreementAuditTrailVerificationCompleted EventType = "agreement.audit_trail_verification.completed"
	EventAgreementAuditTrailVerificationFailed    EventType = "agreement.audit_trail_verification.failed"

	EventAgreementPDFVerificationStarted   EventType = "agreement.pdf_verification.started"
	EventAgreementPDFVerificationCompleted EventType = "agreement.pdf_verification.completed"
	EventAgreementPDFVerificationFailed    EventType = "agreement.pdf_verification.failed"

	EventParticipantDraftCreated EventType = "participant.draft.created"
	EventParticipantDraftUpdated EventType = "participant.draft.updated"

	EventParticipantIdentityEnforcementPassed EventType = "participant.identity_enforcement.passed"
	EventParticipantIdentityEnforcementFailed EventType = "participant.identity_enforcement.failed"

	EventParticipantLifecycleReceivedInvitation EventType = "participant.lifecycle.received_invitation"
	EventParticipantLifecycleFulfilled          EventType = "participant.lifecycle.fulfilled"
	EventParticipantLifecycleForwarded          EventType = "participant.lifecycle.forwarded"

	EventSignEventSigningRoomEntered EventType = "sign_event.signing_room.entered"
	EventSignEventSigningRoomLeft    EventType = "sign_event.signing_room.left"

	EventSignEventSignInitiatedSign      EventType = "sign_event.sign.initiated_sign"
	EventSignEventSignCancelledSign      EventType = "sign_event.sign.cancelled_sign"
	EventSignEventSignCompletedSign      EventType = "sign_event.sign.completed_sign"
	EventSignEventSignRequestedOTP       EventType = "sign_event.sign.requested_otp"
	EventSignEventSignReceivedOTP        EventType = "sign_event.sign.received_otp"
	EventSignEventSignFailedToReceiveOTP EventType = "sign_event.sign.failed_to_receive_otp"
	EventSignEventSignConfirmOTPFailed   EventType = "sign_event.sign.confirm_otp_failed"
	EventSignEventSignConfirmedOTP       EventType = "sign_event.sign.confirmed_otp"
	EventSignEventSignChangedEmailForOTP EventType = "sign_event.sign.changed_email_for_otp"
	EventSignEventSignForwardedLink      EventType = "sign_event.sign.forwarded_link"

	EventSignEventApprovalApproved    EventType = "sign_event.approval.approved"
	EventSignEventApprovalDisapproved EventType = "sign_event.approval.disapproved"

	EventSignEventDocumentBeganScroll      EventType = "sign_event.document.began_scroll"
	EventSignEventDocumentScrolledToBottom EventType = "sign_event.document.scrolled_to_bottom"
	EventSignEventDocumentClickedToView    EventType = "sign_event.document.clicked_to_view"
	EventSignEventDocumentLoaded           EventType = "sign_event.document.loaded"
	EventSignEventDocumentFailedToLoad     EventType = "sign_event.document.failed_to_load"
	EventSignEventDocumentDownloaded       EventType = "sign_event.document.downloaded"

	EventSignEventErrorReset EventType = "sign_event.error.reset"

	EventEmailEventAgreementInvitationDeliveryFailed EventType = "email_event.agreement_invitation.delivery_failed"
	EventEmailEventAgreementInvitationDelivered      EventType = "email_event.agreement_invitation.delivered"
	EventEmailEventAgreementInvitationAllDelivered   EventType = "email_event.agreement_invitation.all_delivered"

	EventEmailEventAgreementObserverInvitationDeliveryFailed EventType = "email_event.agreement_observer_invitation.delivery_failed"
	EventEmailEventAgreementObserverInvitationDelivered      EventType = "email_event.agreement_observer_invitation.delivered"
	EventEmailEventAgreementObserverInvitationAllDelivered   EventType = "email_event.agreement_observer_invitation.all_delivered"

	EventEmailEventAgreementReminderDeliveryFailed EventType = "email_event.agreement_reminder.delivery_failed"
	EventEmailEventAgreementReminderDelivered      EventType = "email_event.agreement_reminder.delivered"
	EventEmailEventAgreementReminderAllDelivered   EventType = "email_event.agreement_reminder.all_delivered"

	EventEmailEventAgreementForwardedDeliveryFailed EventType = "email_event.agreement_forwarded.delivery_failed"
	EventEmailEventAgreementForwardedDelivered      EventType = "email_event.agreement_forwarded.delivered"
	EventEmailEventAgreementForwardedAllDelivered   EventType = "email_event.agreement_forwarded.all_delivered"

	EventEmailEventAgreementFinalizedDeliveryFailed EventType = "email_event.agreement_finalized.delivery_failed"
	EventEmailEventAgreementFinalizedDelivered      EventType = "email_event.agreement_finalized.delivered"
	EventEmailEventAgreementFinalizedAllDelivered   EventType = "email_event.agreement_finalized.all_delivered"

	EventEmailEventAgreementCancelledDeliveryFailed EventType = "email_event.agreement_cancelled.delivery_failed"
	EventEmailEventAgreementCancelledDelivered      EventType = "email_event.agreement_cancelled.delivered"
	EventEmailEventAgreementCancelledAllDelivered   EventType = "email_event.agreement_cancelled.all_delivered"

	EventEmailEventAgreementPausedDeliveryFailed EventType = "email_event.agreement_paused.delivery_failed"
	EventEmailEventAgreementPausedDelivered      EventType = "email_event.agreement_paused.delivered"
	EventEmailEventAgreementPausedAllDelivered   EventType = "email_event.agreement_paused.all_delivered"

	EventObserverDraftCreated EventType = "observer.draft.created"
	EventObserverDraftUpdated EventType = "observer.draft.updated"
)

// eventTypes lists every known event name in spec order.
var eventTypes = []EventType{
	EventAgreementDraftCreated,
	EventAgreementDraftUpdated,
	EventAgreementLifecyclePending,
	EventAgreementLifecycleFulfilled,
	EventAgreementLifecycleFinalized,
	EventAgreementLifecycleCancelled,
	EventAgreementLifecycleOpened,
	EventAgreementLifecycleForwarded,
	EventAgreementLifecycleExpired,
	EventAgreementValidationStarted,
	EventAgreementValidationCompleted,
	EventAgreementValidationFailed,
	EventAgreementGenerationRestarted,
	EventAgreementGenerationStarted,
	EventAgreementGenerationCompleted,
	EventAgreementGenerationFailed,
	EventAgreementAuditTrailVerificationStarted,
	EventAgreementAuditTrailVerificationCompleted,
	EventAgreementAuditTrailVerificationFailed,
	EventAgreementPDFVerificationStarted,
	EventAgreementPDFVerificationCompleted,
	EventAgreementPDFVerificationFailed,
	EventParticipantDraftCreated,
	EventParticipantDraftUpdated,
	EventParticipantIdentityEnforcementPassed,
	EventParticipantIdentityEnforcementFailed,
	EventParticipantLifecycleReceivedInvitation,
	EventParticipantLifecycleFulfilled,
	EventParticipantLifecycleForwarded,
	EventSignEventSigningRoomEntered,
	EventSignEventSigningRoomLeft,
	EventSignEventSignInitiatedSign,
	EventSignEventSignCancelledSign,
	EventSignEventSignCompletedSign,
	EventSignEventSignRequestedOTP,
	EventSignEventSignReceivedOTP,
	EventSignEventSignFailedToReceiveOTP,
	EventSignEventSignConfirmOTPFailed,
	EventSignEventSignConfirmedOTP,
	EventSignEventSignChangedEmailForOTP,
	EventSignEventSignForwardedLink,
	EventSignEventApprovalApproved,
	EventSignEventApprovalDisapproved,
	EventSignEventDocumentBeganScroll,
	EventSignEventDocumentScrolledToBottom,
	EventSignEventDocumentClickedToView,
	EventSignEventDocumentLoaded,
	EventSignEventDocumentFailedToLoad,
	EventSignEventDocumentDownloaded,
	EventSignEventErrorReset,
	EventEmailEventAgreementInvitationDeliveryFailed,
	EventEmailEventAgreementInvitationDelivered,
	EventEmailEventAgreementInvitationAllDelivered,
	EventEmailEventAgreementObserverInvitationDeliveryFailed,
	EventEmailEventAgreementObserverInvitationDelivered,
	EventEmailEventAgreementObserverInvitationAllDelivered,
	EventEmailEventAgreementReminderDeliveryFailed,
	EventEmailEventAgreementReminderDelivered,
	EventEmailEventAgreementReminderAllDelivered,
	EventEmailEventAgreementForwardedDeliveryFailed,
	EventEmailEventAgreementForwardedDelivered,
	EventEmailEventAgreementForwardedAllDelivered,
	EventEmailEventAgreementFinalizedDeliveryFailed,
	EventEmailEventAgreementFinalizedDelivered,
	EventEmailEventAgreementFinalizedAllDelivered,
	EventEmailEventAgreementCancelledDeliveryFailed,
	EventEmailEventAgreementCancelledDelivered,
	EventEmailEventAgreementCancelledAllDelivered,
	EventEmailEventAgreementPausedDeliveryFailed,
	EventEmailEventAgreementPausedDelivered,
	EventEmailEventAgreementPausedAllDelivered,
	EventObserverDraftCreated,
	EventObserverDraftUpdated,
}
