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
// NewClient runs the OAuth2 client-credentials grant against
// https://api.zigned.se/oauth/token (WithTokenURL changes it; with only
// WithBaseURL it is derived from the base URL, and a client whose base URL
// is not Zigned's production API refuses to send its secret to Zigned's
// production token endpoint). The token request is a form
// POST (grant_type, client_id, client_secret) sent through the same
// *http.Client and core as the API calls (the grant Signeasy's client
// runs too); its answer is read tolerantly: an expires_in above
// MaxTokenLifetime (1e30) is clamped to it, and a missing, zero, negative
// or unreadable one gives DefaultTokenLifetime. The token is cached
// (oauth2.ReuseTokenSource) and fetched again shortly before it expires,
// or on the call after the API refused it with 401 (a revoked token). The token request is
// retried like an idempotent request (429, 5xx, dropped connections) within
// a 30-second limit; a call whose ctx ends while it waits for the token
// returns at once. Tokens and the client secret
// are redacted from every error and log line. A refusal by the token endpoint
// is an *APIError like any other, so a wrong secret is
// errors.Is(err, zigned.ErrUnauthorized). Client.RevokeToken revokes a
// token (DELETE /oauth/token/{token}) and drops it from the cache.
//
// Services follow the API's paths: Agreements (with Lifecycle and its
// shorthands Send, Open and Cancel, Reminders, Events and Replay),
// Participants, Observers, SigningGroups, Documents (main document and
// attachments), Files (streamed multipart upload), Themes,
// RecipientMessages (with message templates and variables) and Webhooks.
// Every method takes a context first and returns (T, *Response, error).
// Errors read "zigned: …" and are this package's types (APIError,
// RateLimitError, ValidationError, TransportError, DecodeError); the
// sentinels (ErrNotFound, ...) are shared with every esign package.
//
// Agreements.Create is not repeated after an ambiguous failure (Zigned
// documents no idempotency key): the error matches ErrOutcomeUnknown.
// Agreements.CreateOnce and Files.UploadOnce create exactly once: they send
// a lookup_key and, when the answer is lost, find the object by it
// (Response.Recovered). Client.Do calls an endpoint this package does not
// cover, with the client's credentials, retries and errors;
// Client.Download fetches a presigned file URL (File.URL) without
// credentials; WithHeader adds a header to calls made with a context.
//
// # Testing with the fake
//
// Package zignedtest is an in-memory Zigned (the token endpoint and every
// operation of the API, stateful, with signed webhook deliveries) for your
// tests:
//
//	srv := zignedtest.NewServer(t)             // closed when the test ends
//	c := srv.Client()                          // a real *zigned.Client pointed at it
//	a, _, err := c.Agreements.Create(ctx, &zigned.AgreementRequest{LookupKey: "deal-42"})
//	err = srv.Complete(ctx, a.ID)              // (once sent) every participant signs: fulfilled, finalized
//	a, _, err = c.Agreements.Get(ctx, a.ID)    // status fulfilled, the signed document attached
//
// # Envelope, relations and pagination
//
// Every success body is an envelope {version, result_type, resource_type,
// data, pagination?}; methods return data, and list methods copy pagination
// ({limit,total_pages,page,total_results}) into Response.Pagination. Every
// list has a page method and an iterator: All pages through /agreements,
// /files and /themes; the lists Zigned answers whole (participants,
// observers, webhooks, ...) iterate over their one answer.
//
// Related resources are polymorphic: an id, a list of ids, a nested envelope
// (when expanded), a bare object, or null. Relation[T] and RelationList[T]
// decode every form: ID/IDs are always set, Data only when expanded.
//
// Answers and deliveries are decoded in one pass over their bytes, checked
// as they are read: no value, relation or envelope is decoded twice.
// Decoding is tolerant: a value of the wrong kind inside a well-formed
// answer (a timestamp in an unknown shape, a string where a list is
// expected) keeps its zero value and is listed in Response.DecodeIssues (a
// delivery's in Event.DecodeIssues); the rest of the answer, the relation,
// the page is kept. WithStrictDecoding turns such answers into errors.
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
// makes webhook.NewHandler panic with the reason.
//
// Zigned creates webhooks inactive unless WebhookRequest.Status is
// WebhookActive: an inactive webhook delivers nothing, however well the
// receiver is configured. Deliveries decode to *AgreementEvent,
// *ParticipantEvent, *ObserverEvent, *SigningEvent or *EmailEvent by the
// event name's prefix, each with a normalized Lifecycle (see
// EventType.Lifecycle); names outside EventTypes give *UnknownEvent,
// whatever their prefix. Webhooks are created with plain event names
// (WebhookRequest.Subscriptions) but updated with objects {event,
// unsubscribe?} (WebhookUpdate, Subscribe, Unsubscribe).
//
// Zigned keeps no log of deliveries to page through, and retries on its
// own terms: Agreements.Replay rebuilds, from an agreement's state, the
// events that happen once per agreement or participant, with the IDs their
// deliveries carry, for webhook.Handler.Process (see Replay for what cannot
// be recovered).
//
// # Unconfirmed facts and how this package copes
//
// Zigned documents the header and the HMAC; the rest of the scheme comes
// from a production receiver (see the repository's evidence notes):
//
//   - Signature timestamp unit: assumed unix seconds; milliseconds are
//     accepted too (values above 1e11), because the unit is not
//     documented. Tolerance: assumed 5 minutes both ways (webhook's
//     default; webhook.WithTolerance changes it), also not documented.
//     The signed string t + "." + body (t as sent, either unit) is the
//     production receiver's: a delivery that fails but verifies under
//     another construction (t + ":" + body, "v0:" + t + ":" + body, the
//     body alone) is refused with an error naming the construction and the
//     webhook.WithSignedPayload option that selects it. Still unknown: the unit and tolerance Zigned
//     intends, and whether it ever sends several v1 values (all are
//     tried).
//   - Delivery body: observed as {"event": name, "data": resource}; the name
//     is also read from "event_type" (never observed, kept in case), and
//     data wrapped in a v3 envelope is unwrapped. The data's own
//     resource_type wins over the name's prefix, and a typed event's
//     resource pointer stays nil (Data keeps the JSON) when they disagree.
//     Still unknown: whether deliveries carry an id or a time of their own
//     (none observed). ID() is the delivery's "id"/"event_id" when present,
//     else the name and resource id for events that happen once, else a
//     hash of the body (see ParseEvent).
//   - agreement.lifecycle.forwarded is listed by the webhook documentation but
//     not by the spec; it has a constant. The spec also lists events the
//     documentation does not (observer.*, agreement.lifecycle.expired, ...).
//   - The spec describes a signing group's expanded participants as a
//     "single" envelope; RelationList accepts a list envelope, a single object
//     and ids alike.
//   - The spec's webhook scope is a string in requests and an object in
//     responses (the documentation's example sends {}); WebhookScope accepts
//     both.
package zigned
