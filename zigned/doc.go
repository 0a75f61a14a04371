// Package zigned is a client for the Zigned REST API v3
// (https://api.zigned.se/rest/v3) and a receiver for its signed webhooks.
//
// # Client
//
//	c, err := zigned.NewClient(clientID, clientSecret)   // OAuth2 client credentials, the usual form
//	c, err := zigned.NewClientWithCredentials(clientID, clientSecret) // the same, by its explicit name
//	c, err := zigned.NewClientWithToken(accessToken)     // a token you obtained elsewhere
//	c, err := zigned.NewClientFromEnv()                  // ZIGNED_CLIENT_ID, ZIGNED_CLIENT_SECRET, ZIGNED_API_URL
//
// NewClient uses golang.org/x/oauth2/clientcredentials against
// https://api.zigned.se/oauth/token (WithTokenURL changes it; with only
// WithBaseURL it is derived from the base URL, and a client whose base URL
// is not Zigned's production API refuses to send its secret to Zigned's
// production token endpoint). The token request is a form
// POST (grant_type, client_id, client_secret) sent through the same
// *http.Client as the API calls; the token is cached (oauth2.ReuseTokenSource)
// and fetched again shortly before it expires, or on the call after the
// API refused it with 401 (a revoked token). The token request is
// retried like an idempotent request (429, 5xx, dropped connections) within
// a 30-second limit; a call whose ctx ends while it waits for the token
// returns at once. Tokens and the client secret
// are redacted from every error and log line. A refusal by the token endpoint
// is an *APIError like any other, so a wrong secret is
// errors.Is(err, zigned.ErrUnauthorized).
//
// Services follow the API's paths: Agreements (with Lifecycle and its
// shorthands Send, Open and Cancel, Reminders and Events), Participants,
// Observers, SigningGroups, Documents (main document and attachments), Files
// (streamed multipart upload), Themes, RecipientMessages (with message
// templates and variables) and Webhooks.
// Every method takes a context first and returns (T, *Response, error).
// Errors read "zigned: …" and are this package's types (APIError,
// RateLimitError, ValidationError, TransportError, DecodeError); the
// sentinels (ErrNotFound, ...) are shared with every esign package.
//
// Agreements.Create is not repeated after an ambiguous failure (Zigned
// documents no idempotency key): the error matches ErrOutcomeUnknown.
// Agreements.CreateOnce creates exactly once: it sends a lookup_key and,
// when the answer is lost, finds the agreement by it (Response.Recovered).
// Client.Do calls an endpoint this package does not cover, with the
// client's credentials, retries and errors; Client.Download fetches a
// presigned file URL (File.URL) without credentials; WithHeader adds a
// header to calls made with a context.
//
// # Envelope, relations and pagination
//
// Every success body is an envelope {version, result_type, resource_type,
// data, pagination?}; methods return data, and list methods copy pagination
// ({limit,total_pages,page,total_results}) into Response.Pagination. All
// iterates over every page of /agreements, /files and /themes.
//
// Related resources are polymorphic: an id, a list of ids, a nested envelope
// (when expanded), a bare object, or null. Relation[T] and RelationList[T]
// decode every form: ID/IDs are always set, Data only when expanded.
//
// Errors {"status":"error","error":{"code","message","request_id"}} become
// *APIError with Code, Message and RequestID, matching ErrNotFound,
// ErrUnauthorized, ... with errors.Is.
//
// # Webhooks
//
// The receiving side has the shape every esign provider package shares:
//
//	ev, err := zigned.ConstructEvent(body, r.Header, hook.Secret.Reveal())  // verify + decode
//	ev, err := zigned.ParseEvent(body)                                    // decode only
//	p := zigned.WebhookProvider(secret)                                   // for webhook.NewHandler; built once
//	v, err := zigned.NewVerifier(secret)                                  // the signature check alone
//
// A webhook's secret (Webhook.Secret, a webhook.Secret) keys HMAC-SHA256
// over t + "." + raw body, sent as "x-zigned-request-signature:
// t=<ts>,v1=<hex>". Every function takes webhook.Option values
// (webhook.WithAdditionalSecrets while rotating, webhook.WithTolerance,
// webhook.WithMaxBodyBytes, webhook.WithSignedPayload); an empty secret
// makes webhook.NewHandler panic with the reason. Zigned creates webhooks
// inactive unless WebhookRequest.Status is WebhookActive: an inactive
// webhook delivers nothing. Deliveries decode to *AgreementEvent, *ParticipantEvent,
// *ObserverEvent, *SigningEvent or *EmailEvent by the event name's prefix,
// each with a normalized Lifecycle (see EventType.Lifecycle); names outside
// EventTypes give *UnknownEvent, whatever their prefix. Webhooks are created with plain event names
// (WebhookRequest.Subscriptions) but updated with objects {event,
// unsubscribe?} (WebhookUpdate, Subscribe, Unsubscribe).
//
// # Unconfirmed facts and how this package copes
//
//   - Signature timestamp unit: seconds or milliseconds are both accepted
//     (values above 1e11 are milliseconds); tolerance is 5 minutes both ways
//     by default (webhook.WithTolerance changes it). The signed string comes
//     from a production receiver, not the documentation: a delivery that
//     fails but verifies under another construction is refused with an
//     error naming it and its webhook.WithSignedPayload option.
//   - Delivery body: observed as {"event": name, "data": resource}, sometimes
//     "event_type"; data wrapped in a v3 envelope is unwrapped too. The data's
//     own resource_type wins over the name's prefix, and a typed event's
//     resource pointer stays nil (Data keeps the JSON) when they disagree.
//     Deliveries carry no documented id: ID() is a hash of the body unless an
//     "id"/"event_id" is present.
//   - agreement.lifecycle.forwarded is listed by the webhook documentation but
//     not by the spec; it has a constant. The spec also lists events the
//     documentation does not (observer.*, agreement.lifecycle.expired, ...).
//   - The spec describes a signing group's expanded participants as a
//     "single" envelope; RelationList accepts a list envelope, a single object
//     and ids alike.
//   - The spec's webhook scope is a string in requests and an object in
//     responses (the documentation's example sends {}); WebhookScope accepts
//     both.
//   - The token revocation endpoint (DELETE /oauth/token/{token}) is not
//     wrapped: the cached token would outlive it.
package zigned
