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
// secret), plus Client.Verify and Replay. Every endpoint method takes a
// context first and returns the decoded value, a *Response (with the
// parsed pagination headers) and an error. Tests use the fake server
// blueinktest (see Testing).
//
// # Wire
//
// Requests carry "Authorization: Token <key>"; every path ends in "/".
// Lists are bare JSON arrays paged by page (1-based) and per_page (at most
// 100). Every list has a page method (List, ListEvents, ...) and an
// iterator (All, AllEvents, ...). The iterators follow X-Blueink-Pagination
// (what the reference and the official clients read) or, when an answer
// carries only that, the 2.2.3 spec's x-next link, and stop on the last
// page, or when the first page carries neither header. They never end
// quietly with items missing: a page after the first that answers 404
// (BlueInk's "Invalid page." for a list that shrank while it was walked)
// yields its *APIError (ErrNotFound), a later page whose pagination cannot
// be read after one that counted the pages yields a *DecodeError, and a
// page that does not advance yields ErrPaginationStalled.
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
// Operations and fields newer than those documents follow BlueInk's
// official clients (Python, JS 1.4.0, .NET): bundle PATCH, DELETE, send,
// validate, expire and interim files; bundles from an envelope template
// (envelope_template in the body of POST /bundles/, as JS 1.4.0 and .NET
// send it); the bundle and template preparation sessions
// (POST /bundles/preparation_session/, POST /templates/preparation_session/);
// envelope templates; template PATCH and DELETE; packet GET; webhook event
// and delivery GET; the webhook's required name; the doc_template_* event
// types; and POST /verify/ with {"hash": …}. The reference's list filters
// the spec lacks are sent as it documents them: status__in and tag__in as
// comma-separated lists, ordering with a "-" prefix for descending order
// (OrderCreatedDesc, ...), and the created/sent/completed date ranges
// (YYYY-MM-DD). Regenerating the webhook secret sends one GET, the 2.2.3
// spec's method (some official clients send POST); it never probes one
// method and then the other.
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
// EventTypes), any other event_type to *UnknownEvent, never an error. A
// value of the body that does not fit (a bad event_date, an id that is an
// object) keeps its zero value and is listed with its path; it never fails
// the delivery. Download the signed files on *BundleDocsReadyEvent:
// BlueInk sends it when they exist.
//
// What is known of the signature: BlueInk documents an HMAC-SHA256 of the
// request in x-blueink-signature, the unix time it was sent in
// x-blueink-request-timestamp, and a signature version "v0"; every public
// copy of its sample code stops before the signed string is built, and no
// official client verifies webhooks. What is assumed: the Slack
// construction "v0:" + timestamp + ":" + body. What is still unknown: the
// signed string, hex or base64, whether the signature carries a "v0="
// prefix, and the timestamp's form (a float string like "1743726689.12" has
// been seen). So the verifier accepts hex or base64, with or without
// "v0=", and a timestamp in seconds, milliseconds or fractional seconds.
// A delivery that fails under the assumed construction but verifies under
// another candidate with the same secret (timestamp + "." + body,
// timestamp + ":" + body, the body alone) is still refused, and the reason
// webhook.Handler logs names the construction and the option selecting it
// (webhook.WithSignedPayload(webhook.SignedTimestampDot), …): the first
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
// # Testing
//
// Package blueinktest is BlueInk in memory: a stateful fake of the whole
// API that records requests, injects failures (FailNext) and sends signed
// deliveries to the webhooks you register, played through the signers'
// steps (Send, View, Sign, Decline, Complete, Expire, Cancel):
//
//	func TestSignNDA(t *testing.T) {
//		srv := blueinktest.NewServer(t)                              // closed when the test ends
//		b, err := sendNDA(ctx, srv.Client())                         // your code, with a *blueink.Client for the fake
//		require.NoError(t, err)
//		require.NoError(t, srv.Complete(ctx, b.ID))                  // every signer signs: bundle_complete, bundle_docs_ready
//	}
//
// Its deliveries verify with srv.WebhookSecret():
// webhook.NewHandler(blueink.WebhookProvider(srv.WebhookSecret(), webhook.WithClock(srv.Now))).
package blueink
