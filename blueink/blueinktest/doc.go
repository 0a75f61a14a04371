// Package blueinktest is an in-memory fake of the BlueInk eSignature API v2
// for tests of code that uses package blueink, and for trying the SDK
// without an account. It runs on the shared engine of every esign fake.
//
//	srv := blueinktest.NewServer(t)          // closed when the test ends
//	c := srv.Client()                        // a real *blueink.Client pointed at it
//	b, _, _ := c.Bundles.Create(ctx, req)    // sent: bundle_sent is delivered
//	_ = srv.Complete(ctx, b.ID)              // every signer signs: bundle_complete, bundle_docs_ready
//	files, _, _ := c.Bundles.ListFiles(ctx, b.ID)
//
// Programs (examples, the sandbox command examples/fakeserver) use Start
// and Close.
//
// # What it serves
//
// Every operation of blueink.Client, under URL() (Root() + "/api/v2/";
// paths end with "/", as BlueInk's do): the 37 of the 2.2.3 spec and 18
// newer ones, statefully.
//
//   - Bundles: create from JSON (file_url, file_b64 or a document template)
//     or multipart/form-data ("bundle_request" JSON plus "files[N]" parts
//     named by file_index), from an envelope template (envelope_template
//     and no documents, in POST /bundles/ or on the older clients'
//     create_from_envelope_template/ route), as drafts ("dr") or sent at
//     once ("se"); list, get, update (PATCH, until finished), delete
//     (drafts), send, validate, cancel, expire, events (the history),
//     files (the signed PDF once complete; PUT makes an interim copy),
//     data (field values once complete), add and remove tags, and
//     preparation sessions. A document that is not a PDF, or an initial
//     value that does not fit its field, fails the bundle after creation
//     (201, then "fa" with Bundle.errors and bundle_error), as BlueInk's
//     asynchronous processing does.
//   - Packets (signers, in their bundles): get, update (PATCH, must stay
//     deliverable), embedded signing URL (deliver_via "embed", their turn),
//     reminders (at most one per ReminderInterval) and the Certificate of
//     Evidence of a complete packet.
//   - Templates and envelope templates (added with AddTemplate and
//     AddEnvelopeTemplate, as if prepared in BlueInk's UI): list, get;
//     template updates (PATCH name, metadata), deletes (204, then 404) and
//     template preparation sessions.
//   - Persons: create, list (search), get, replace (PUT: omitted channels
//     are deleted), update (PATCH: channels merged; live packets sending to
//     a changed address follow it), delete (not while a live bundle uses
//     the person).
//   - Webhooks (name and url required): create, list (enabled, event_type,
//     event_type__in), get, replace, update, delete (with its extra
//     headers); extra headers: create, list (webhook, event types), get,
//     replace, update, delete; the event and delivery logs (webhook,
//     event_type(__in), status(__in), success, date_after/_before): list
//     and get; the shared secret: get, regenerate (GET as the spec, POST
//     as the official clients).
//   - POST /verify/: whether a SHA-256 is that of a signed PDF of this
//     server.
//
// Lists filter as BlueInk documents (bundles: search, status, status__in
// as a comma list, tag, tag__in, template, ordering by created, sent or
// completed_at with a "-" prefix, created/sent/completed _after/_before as
// inclusive days) and page with page and per_page (default 50, capped at
// 100), answering "X-Blueink-Pagination: page,total_pages,per_page,
// total_results" and, but on the last page, the spec's "x-next" (the next
// page's URL); a page out of range is 404 "Invalid page.". Answers follow
// the Swagger 2.2.3 schemas (the oracle in internal/speccheck checks
// them). Authentication is "Authorization: Token <key>" (APIKey;
// WithAPIKey). Unknown ids are 404 {"code": "not_found", "message": "Not
// found.", "errors": []}; bad input is 400 {"code": "invalid", "message",
// "errors": [{"field", "message"}]} with BlueInk's field paths
// ("packets[1].key", "documents[0].fields[2].editors[0]"); malformed JSON
// is parse_error, other content types 415; what BlueInk refuses in a state
// (cancelling a finished bundle, files before completion, ...) is 409
// "conflict". File links (file_url) are pre-signed: served under Root() +
// "/files/" without credentials, valid for LinkLifetime.
//
// # Webhooks and the lifecycle
//
// Changes deliver {"event_id", "event_type", "event_date", "account_id",
// "payload": {"bundle_id", "packet_id"}} (form-encoded, payload as a JSON
// string, for webhooks created with json=false) to every enabled webhook
// subscribed to the event, with its extra headers and x-blueink-signature
// ("v0=" + hex HMAC-SHA256 of "v0:<timestamp>:<body>" with the shared
// secret; see blueink.NewVerifier for why this base string is inferred) and
// x-blueink-request-timestamp. Deliveries are synchronous: when the call
// that caused them returns they were answered (one attempt each), and they
// are in Deliveries and in the API's event and delivery logs; event_id is
// the event record's id.
//
// The verbs play the signers' part: Send, View, Sign (SignWith fills
// fields), Decline, Complete, Expire and Cancel, with signers named by
// packet id, key or email; Fail and Reassign play BlueInk's processing and
// the sender's reassignment; Emit and EmitTo send any event;
// SignatureHeaders signs a body for calling a handler directly. The API's
// send, cancel and expire run the same code as the verbs. Completing every
// packet completes the bundle: its signed PDF, its field data (filled_by is
// the signer's packet key, or "initial" / "default" for pre-filled values)
// and each packet's certificate become available. Verb errors match
// ErrNotFound and ErrState. The steps are also served without credentials
// at Root() + "/_fakeserver/steps/{step}" for code in other languages.
//
// # Faults, determinism
//
// FailNext(status, retryAfter) fails the next API request with a
// BlueInk-shaped body (throttled, service_unavailable, error, ...) and
// Retry-After; FailNext(DropConnection, 0) and FailNext(LoseAnswer, 0)
// close the connection before or after handling it. Requests records every
// request. WithSeed makes every generated value (slugs, ids, tokens, the
// initial secret) reproducible and WithClock fixes the time; a receiver
// verifying deliveries from a server with a fixed clock needs the same
// clock (webhook.WithClock(srv.Now)).
//
// # Choices where BlueInk documents nothing
//
// A decline cancels the bundle; a reassigned packet becomes "ra" and a new
// packet takes its key; a shared template (is_shared) cannot be deleted
// (403), and a deleted one leaves its envelope templates unable to make
// bundles; history kinds are the status codes ("se", "st", "co", ...);
// GenerateInterimFiles answers 202 and makes the file at once; the verify
// answer is {"verified", "bundle_id", "completed_at"}; packets carry their
// "key", which the 2.2.3 schema omits; deliveries come from
// "BlueInk-Webhooks (blueinktest)".
package blueinktest
