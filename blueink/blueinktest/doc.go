// Package blueinktest is an in-memory fake of the BlueInk eSignature API v2
// for tests and demos: an httptest server that keeps bundles, packets,
// persons, templates and webhooks, answers every operation of package
// blueink the way BlueInk does, and delivers correctly signed webhooks to
// the URLs registered with it.
//
// # Use
//
// In a test, NewServer starts a server that t.Cleanup closes; Client
// returns a real *blueink.Client pointed at it (with 1-10 ms retry waits so
// retries never slow a test). Helpers such as CompleteBundle play the
// signers' part and deliver the webhooks BlueInk would:
//
//	func TestContractFlow(t *testing.T) {
//		srv := blueinktest.NewServer(t)
//		c := srv.Client()
//		ctx := context.Background()
//
//		// Your webhook endpoint, verifying with the shared secret.
//		secret, _, err := c.Webhooks.GetSecret(ctx)
//		if err != nil {
//			t.Fatal(err)
//		}
//		h := webhook.NewHandler(blueink.WebhookProvider(secret.Secret.Reveal()))
//		completed := make(chan string, 1)
//		webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error {
//			completed <- ev.Payload.BundleID
//			return nil
//		})
//		hooks := httptest.NewServer(h)
//		defer hooks.Close()
//		_, _, err = c.Webhooks.Create(ctx, &blueink.WebhookRequest{URL: hooks.URL,
//			EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleComplete}})
//		if err != nil {
//			t.Fatal(err)
//		}
//
//		// The code under test creates a bundle...
//		b, _, err := blueink.NewBundleBuilder().Label("NDA").
//			Signer(blueink.PacketRequest{Key: "signer-1", Name: "Peter Gibbons", Email: "peter@example.com"}).
//			DocumentFile("nda", blueink.FileFromBytes("nda.pdf", "", blueinktest.PDF("Mutual NDA"))).
//			Create(ctx, c.Bundles)
//		if err != nil {
//			t.Fatal(err)
//		}
//		// ...the signer signs...
//		if err := srv.CompleteBundle(ctx, b.ID); err != nil {
//			t.Fatal(err)
//		}
//		// ...and the webhook has arrived, verified, before CompleteBundle returned.
//		if got := <-completed; got != b.ID {
//			t.Fatalf("completed %s, want %s", got, b.ID)
//		}
//		files, _, err := c.Bundles.ListFiles(ctx, b.ID) // the signed PDF, downloadable
//		...
//	}
//
// Programs (examples, demos, the quickstart) use Start and Close the server
// themselves.
//
// # What the fake does
//
// Every operation of blueink.Client is served under URL + "/api/v2/",
// with these behaviours (from BlueInk's API reference 2.2.4, Swagger 2.2.3
// and its Postman collection):
//
//   - Authentication: "Authorization: Token <key>" with the server's key
//     (DefaultAPIKey, or WithAPIKey); anything else is 401.
//   - Bundles: created from JSON (file_url, file_b64 or a document
//     template) or multipart/form-data ("bundle_request" JSON plus
//     "files[N]" parts referenced by file_index), from an envelope template,
//     as drafts (status "dr") or sent at once ("se"). Slugs are 10
//     alphanumeric characters; packets get ids of the same shape; persons,
//     templates, webhooks and logs get UUIDs. A document whose content is
//     not a PDF, or a field whose initial_value does not fit its kind, makes
//     the bundle fail after creation (201, then status "fa" with
//     Bundle.errors, and bundle_error), as BlueInk's asynchronous
//     processing does; FailBundle does the same for any reason (an
//     unreachable file_url, say).
//   - Validation: 400 answers in BlueInk's documented Error shape
//     {"code": "invalid", "message", "errors": [{"field", "message"}]} with
//     the field paths BlueInk uses ("packets[1].key",
//     "documents[0].fields[2].editors[0]"), for the error cases of the
//     Postman collection: missing or empty packets and documents, bad or
//     duplicate keys, duplicate or inconsistent orders, phone delivery or
//     SMS authentication without a phone, bad emails, unknown template ids,
//     roles and signers, unknown editors, negative pages, zero or two file
//     sources, a file_index with no uploaded file. Malformed JSON is 400
//     parse_error, other content types 415.
//   - Conflicts: 409 (code "conflict") where BlueInk gives them: cancelling,
//     sending, deleting or changing a finished bundle, files or data before
//     completion, a COE before the packet is complete, an embedded URL for a
//     packet not delivered by "embed", a reminder to a finished packet or
//     within ReminderInterval of the last one, deleting a Person linked to a
//     live bundle. Unknown ids are 404, unknown paths 404, other methods 405.
//   - Lists: every list endpoint filters as BlueInk documents (bundles:
//     search, status, status__in, tag, tag__in, ordering, created/sent/
//     completed _after/_before, template; webhooks, headers, events and
//     deliveries: their filters) and pages with page and per_page (default
//     50, capped at 100), answering "X-Blueink-Pagination:
//     page,total_pages,per_page,total_results"; a page out of range is 404.
//   - Signing: SendBundle, ViewPacket, CompletePacket, CompleteBundle,
//     DeclinePacket, ReassignPacket, CancelBundle, ExpireBundle and
//     FailBundle change the state as BlueInk would and deliver the matching
//     webhooks. Completing every packet completes the bundle
//     (bundle_complete, then bundle_docs_ready): its signed PDF, its field
//     data (filled_by is the signer's packet key, or "initial" / "default"
//     with a null packet_id for pre-filled values the signer left alone)
//     and each packet's Certificate of Evidence become available, and
//     POST /verify/ recognizes the SHA-256 of the signed PDF.
//   - Files: file_url values are pre-signed links served by the fake under
//     URL + "/files/" (no Authorization needed), valid for LinkLifetime,
//     real PDFs made by PDF.
//   - Webhooks: deliveries go to every enabled webhook subscribed to the
//     event type, synchronously: when the API call or helper that caused
//     them returns, they have been delivered (one attempt each) and recorded
//     in Deliveries and in the API's event and delivery logs. The body is
//     {"event_id", "event_type", "event_date", "account_id", "payload":
//     {"bundle_id", "packet_id"}} (form-encoded, with payload as a JSON
//     string, for webhooks created with json=false); event_id is the id of
//     the webhook event record (Webhooks.GetEvent). Each delivery carries
//     the webhook's extra headers and x-blueink-signature ("v0=" +
//     hex HMAC-SHA256 of "v0:<timestamp>:<body>" with the current shared
//     secret; see blueink.Verifier for why this base string is inferred)
//     and x-blueink-request-timestamp. GET /webhooks/secret/ answers the
//     secret; regenerating it (POST, or GET as in the spec) changes the key
//     of later deliveries. Emit and EmitTo send arbitrary events;
//     SignatureHeaders signs a body for calling a handler directly.
//   - Faults: FailNext(status, retryAfter) fails the next API request with a
//     BlueInk-shaped body (throttled, service_unavailable, error, ...) and a
//     Retry-After header, to test retries. Requests records every request.
//
// # Determinism
//
// WithSeed makes every generated value (slugs, ids, tokens, the initial
// secret) reproducible and WithClock fixes the time, so examples can print
// them. A receiver verifying deliveries from a server with a fixed clock
// needs the same clock (webhook.WithClock(srv.Now)), since the signature
// timestamp comes from it.
//
// # Choices where BlueInk documents nothing
//
// The fake answers in ways BlueInk leaves open: a decline cancels the
// bundle; a reassigned packet becomes "ra" and a new packet takes its key;
// bundle history kinds are the status codes ("se", "st", "co", ...);
// GenerateInterimFiles answers 202 and makes the file at once; the verify
// answer is {"verified", "bundle_id", "completed_at"}; the delivery
// User-Agent is "BlueInk-Webhooks (blueinktest)". Packets in answers carry
// their "key", which the 2.2.3 schema omits.
package blueinktest
