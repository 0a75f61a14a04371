// Package blueink is a client for the BlueInk eSignature API v2
// (https://api.blueink.com/api/v2/).
//
// Create a client with a private API key and use its services:
//
//	c, err := blueink.NewClient(apiKey)           // or blueink.NewClientFromEnv()
//	b, resp, err := c.Bundles.Get(ctx, slug)
//	for b, err := range c.Bundles.All(ctx, &blueink.BundleListOptions{Status: blueink.BundleComplete}) { … }
//
// Services: Bundles, Packets, Templates, EnvelopeTemplates, Persons and
// Webhooks (subscriptions, extra headers, event and delivery logs, shared
// secret), plus Client.Verify. Every endpoint method takes a context first
// and returns the decoded value, a *Response (with the parsed
// X-Blueink-Pagination header) and an error.
//
// # Wire
//
// Requests carry "Authorization: Token <key>"; every path ends in "/".
// Lists are bare JSON arrays paged by page (1-based) and per_page (at most
// 100). Every list has a page method (List, ListEvents, ...) and an
// iterator (All, AllEvents, ...). The iterators follow X-Blueink-Pagination
// (what the reference and the official clients read) or, when an answer
// carries only that, the 2.2.3 spec's x-next link, and stop on the last
// page, on an empty page, when both headers are missing or malformed, or
// when a page after the first answers 404 (BlueInk's "Invalid page." for a
// list that shrank while it was walked).
// Bundles with uploaded files are created with multipart/form-data: the
// request is the JSON field "bundle_request" and the file parts are
// "files[N]", referenced by DocumentRequest.FileIndex = N. Files are
// streamed from File.Open, never buffered; when every File has a Size (the
// FileFrom helpers set it) the request carries a Content-Length, otherwise
// it is sent chunked.
//
// # Errors
//
// Every error reads "blueink: …". Non-2xx answers are *APIError values
// matching ErrNotFound, ErrConflict, ErrRateLimited, ... with errors.Is (the
// sentinels are shared with every esign package); 429 answers are
// *RateLimitError with the server's Retry-After. BlueInk's three error body
// shapes ({code,message,errors}, {detail,code,errors} and
// {errorCode,errorMessage,fieldErrors}) decode into the same fields. Invalid
// arguments (an empty id, a malformed BundleRequest, a file that cannot be
// opened) are *ValidationError values returned before any I/O.
//
// # Creating exactly once
//
// BlueInk documents no idempotency key, so Bundles.Create is not repeated
// after an ambiguous failure (a timeout, a 5xx): its error matches
// ErrOutcomeUnknown. Bundles.CreateOnce sends a custom_key (yours or a
// generated one) and, when the answer is lost, finds the bundle by it
// (GET /bundles/?search=<key>): Response.Recovered says so.
//
// Client.Do calls an endpoint this package does not cover, with the
// client's credentials, retries and errors; Client.Download fetches a
// presigned file URL (BundleFile.FileURL) without credentials; WithHeader
// adds a header to the calls made with a context.
//
// # Sources
//
// Types and paths follow BlueInk's Swagger 2.2.3 and API reference 2.2.4.
// Operations newer than those documents follow BlueInk's official clients:
// bundle PATCH, DELETE, send, validate, expire and interim files,
// create_from_envelope_template, the preparation session
// (POST /bundles/preparation_session/, from the .NET client), envelope
// templates, template PATCH, packet GET, webhook event and delivery GET,
// and POST /verify/ with {"hash": …}. Regenerating the webhook secret is
// POST in the official clients and GET in the 2.2.3 spec: the client sends
// POST and falls back to GET on 405.
//
// # Webhooks
//
// The receiving side has the shape every esign provider package shares:
//
//	ev, err := blueink.ConstructEvent(body, r.Header, secret)   // verify + decode one delivery
//	ev, err := blueink.ParseEvent(body)                         // decode only (tests, replays)
//	p := blueink.WebhookProvider(secret)                        // for webhook.NewHandler; built once
//	v, err := blueink.NewVerifier(secret)                       // the signature check alone
//
// secret is the account's shared secret (Webhooks.GetSecret; its Secret
// field is a webhook.Secret: pass Secret.Reveal()). Every function takes
// webhook.Option values: webhook.WithAdditionalSecrets(old) while rotating,
// webhook.WithTolerance, webhook.WithMaxBodyBytes, and
// webhook.WithSignedPayload (below). An empty or blank secret makes
// webhook.NewHandler panic with the reason; ConstructEvent returns it as an
// error. Errors start with "blueink: " and wrap the webhook sentinels.
//
// Deliveries decode to *BundleSentEvent, *BundleCompleteEvent, … (see
// EventTypes), any other event_type to *UnknownEvent, never an error. Download
// the signed files on *BundleDocsReadyEvent: BlueInk sends it when they exist.
//
// The signature is HMAC-SHA256 keyed by the secret (hex or base64, bare or
// "v0=…") with the unix timestamp (seconds, milliseconds or a float) in a
// second header. BlueInk does not publish the signed string: the Slack
// construction "v0:" + timestamp + ":" + body is assumed. A delivery that
// fails but verifies as timestamp + "." + body, timestamp + ":" + body or
// the body alone is still refused, and the reason logged by webhook.Handler
// names the construction and the option selecting it
// (webhook.WithSignedPayload(webhook.SignedTimestampDot), …), so the first
// real delivery tells you what to set.
//
// # Recovering missed deliveries
//
// BlueInk retries a delivery for about eight hours, then gives up; it keeps
// every event in a log (GET /webhooks/events/). A receiver that was down
// longer catches up with Replay, which pages the log from a point in time
// and runs each event through the receiver's webhook.Handler
// (Handler.Process): the same dedupe and dispatch as a delivery, the same
// event ID, so nothing runs twice:
//
//	res, err := blueink.Replay(ctx, c, h, outageStart, &blueink.ReplayOptions{Webhook: webhookID})
//
// Webhooks.EventsSince yields the same events for code of your own, and
// WebhookEvent.Event converts one log entry.
//
// The fake server blueinktest emits correctly signed deliveries:
//
//	srv := blueinktest.NewServer(t)
//	secret, _, _ := srv.Client().Webhooks.GetSecret(ctx)
//	h := webhook.NewHandler(blueink.WebhookProvider(secret.Secret.Reveal(), webhook.WithClock(srv.Now)))
package blueink
