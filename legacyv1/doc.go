// Package legacyv1 is a client for the Legalesign e-signature API v1 and a
// receiver for its signed callbacks.
//
// # Client
//
//	c, err := legacyv1.NewClient(username, secret)          // Authorization: ApiKey <username>:<secret>
//	c, err := legacyv1.NewClientFromEnv()                    // LEGALESIGN_API_USERNAME, LEGALESIGN_API_SECRET, LEGALESIGN_API_URL
//	doc, resp, err := c.Documents.Get(ctx, id)
//
// The default base URL is DefaultBaseURL (https://eu-api.legalesign.com/api/v1);
// older accounts pass WithBaseURL(LegacyBaseURL). The secret is redacted from
// every error, log line and printed value.
//
// Services cover every operation of the published OpenAPI description:
// Documents, Signers, Status, PDF, TemplatePDFs, Templates, Groups, Members,
// Invited, Users, Attachments and Subscriptions (the callback registrations).
//
// Resources refer to each other by resource URI ("/api/v1/group/my-group/").
// Request fields that take a reference accept a bare id or slug too (it is
// turned into the URI); ResourceURI, GroupURI, DocumentURI, ... build URIs and
// ParseResourceURI / IDFromURI read them, absolute URLs included.
//
// Creating a document answers 201 with the new document's URI in the
// Location header; Documents.Create returns it parsed (Created.ID). A 2xx
// is never reported as an error: a create whose answer names no object
// returns the one object created since the request was sent (less
// CreateLookupSkew, for the clocks' difference) that matches what was
// sent, with Response.Recovered set; when none or several match, or the
// lookup fails, Created.ID is "", Recovered is false and
// Response.DecodeIssues lists "Location" with the reason.
//
// Legalesign documents no idempotency key, so a create whose answer is lost
// (a timeout, a 5xx) is not repeated: Documents.Create's error matches
// ErrOutcomeUnknown. Documents.CreateOnce creates exactly once instead: the
// document carries a key the client chose in its tag2 (a random one unless
// you set Tag2), and after an ambiguous failure the group's recent
// documents are read and matched on it (tags cannot be filtered on, but the
// list returns them): found, the document is returned with
// Response.Recovered set; not found, the create is sent again.
//
// Errors read "legacyv1: …" and are this package's types (APIError,
// RateLimitError, ValidationError, TransportError, DecodeError); the
// sentinels are shared with every esign package. Client.Do, Client.Download
// and WithHeader are the escape hatch, the credential-free download and
// per-call headers every esign client has.
//
// # Pagination
//
// Lists are Tastypie pages {meta: {limit, next, offset, previous,
// total_count}, objects: [...]} driven by limit and offset. List methods fill
// Response.Pagination (Offset, Limit, TotalResults, Next); All methods are
// iterators that compute each next offset from the previous page (offset +
// limit) and stop when meta.next is null or the answer has no meta. They
// never end quietly with items missing: a null next while the same meta
// says more objects follow (offset + limit < total_count, which Tastypie
// never sends), an empty page that announces more, or an offset that stops
// advancing yields an error matching ErrPaginationStalled. They never
// modify the caller's options.
//
// # Final PDFs
//
// PDF.Download streams the PDF (200), follows a 302 to the short-lived
// download location (without the Authorization header, on any host), and
// turns the 201 "being de-archived" answer into a *NotReadyError:
//
//	rc, _, err := c.PDF.Download(ctx, id)
//	if errors.Is(err, legacyv1.ErrNotReady) { /* retry in a few hours */ }
//
// # Callbacks
//
// The receiving side has the shape every esign provider package shares; the
// "secret" is Legalesign's certificate (PEM bytes or text, or parsed; see
// CertificateSource) and the content type is read from the header:
//
//	ev, err := legacyv1.ConstructEvent(body, r.Header, certPEM)  // verify + decode
//	ev, err := legacyv1.ParseEvent(body)                        // decode only; form or JSON told from the body
//	p := legacyv1.WebhookProvider(certPEM, opts...)             // for webhook.NewHandler; built once
//	v, err := legacyv1.NewVerifier(certPEM, opts...)            // the checks alone
//
// Options are webhook.Option values: WithRealtimeSecret, WithRealtimeVerifier,
// WithLegacyEvent, and the common ones (webhook.WithMaxBodyBytes,
// webhook.WithAdditionalSecrets for the realtime secret). A missing or
// invalid certificate makes webhook.NewHandler panic with the reason (a
// provider configured for realtime callbacks only may omit it).
//
// Legalesign sends three kinds of callback:
//
//   - "all", every 6 minutes: a form POST with data (a JSON list of
//     {timestamp, name, value, resource_uri}) and signed, a base64 RSA
//     PKCS#1 v1.5 SHA-1 signature over the exact data text. It decodes to a
//     *StatusBatch whose Changes carry the resource kind, id, typed status
//     and time (zone-less timestamps are UTC). Each change is a webhook.Event
//     with its own Lifecycle; the batch's Lifecycle is the most advanced one.
//   - per-event ("signed", "sent", "rejected"): a form POST with the
//     document's fields (name, resource_uri, uuid, group, tag, tag1, tag2)
//     and json_signed, signed the same way with the signature in the X-Signed
//     header. It decodes to a *LegacyCallback.
//   - realtime: JSON {version, object, event, id, created, data}, with an
//     HMAC-SHA256 keyed by the account's webhookHmacSecret in X-Hmac-Sha256
//     (verified with WithRealtimeSecret; refused when not configured). It
//     decodes to a *RealtimeEvent when its event is one of the realtime
//     types EventTypes names, to an *UnknownEvent (raw body kept, members
//     read the same way) otherwise.
//
// The certificate is configuration: Legalesign publishes it on its
// verify-callback page (no copy is embedded here). Pass it as PEM ([]byte
// or string; X.509 v1 and v3 both parse) or as parsed *x509.Certificate
// values (see CertificateSource).
//
// Facts the documentation leaves open, and how this package deals with them:
//
//   - Realtime callbacks carry X-Hmac-Sha256 and X-Signed-Sha256.
//     Legalesign's GraphQL reference says payloads are signed with an HMAC
//     secret available on the User type (webhookHmacSecret), so
//     X-Hmac-Sha256 is checked as HMAC-SHA256 keyed by it; the signed bytes
//     (assumed: the raw body) and the encoding (hex and base64 are both
//     accepted) are not published, nor what X-Signed-Sha256 carries. A
//     delivery that verifies under another construction of
//     webhook.SignedPayload is refused with an error naming it. Realtime
//     deliveries are refused unless WithRealtimeSecret or
//     WithRealtimeVerifier is given (webhook.Unverified() opts out
//     explicitly).
//   - The per-event payload does not say which event it reports. Register
//     one URL per notify type and pass WithLegacyEvent to each receiver; an
//     "event" key inside json_signed is used when present.
//   - Only json_signed is signed in per-event callbacks. Its JSON values take
//     precedence over the plain form fields, and verification fails
//     (ErrUnsignedFieldMismatch) when a form field contradicts it; form
//     fields it lacks are kept but unsigned (LegacyCallback.Signed holds the
//     signed values only).
//   - The exact signed bytes are the form-decoded field values; the form is
//     parsed here from the raw body (bounded, duplicate signed fields
//     refused), multipart/form-data included. Signatures are decoded
//     leniently (line breaks, unescaped '+', unpadded or URL-safe base64).
//   - Batches carry no delivery id: StatusBatch.ID is derived from a hash of
//     the signed data so redeliveries deduplicate. Per-event callbacks carry
//     none either: LegacyCallback.ID adds a digest of every form field to
//     the document and event, so two different callbacks for one document
//     are both handled.
//   - The /status/ resource's status is typed with the signer enum in the
//     spec but reports a document; it is decoded as a DocumentStatus.
//
// Callback bodies are bounded by webhook.WithMaxBodyBytes (default 1 MiB,
// about 8,000 batch entries); larger ones are refused. They decode
// tolerantly: a batch entry that is not an object, a timestamp in an
// unknown shape, a realtime member that is not a value is left zero and
// listed by the event's DecodeIssues, and the rest decodes; only a body of
// the wrong shape (data that is not a JSON list, a realtime body that is
// not an object) is refused.
//
// # Missed callbacks
//
// Legalesign keeps no log of its callbacks to replay (GET /notifications/
// lists the registered URLs; GET /status/ has no time filter).
// Documents.Changes recovers what it can from the documents themselves:
// every document modified since a time, and its signers, as the
// StatusChange events an "all" batch carries, under the same IDs. Run
// batches through a Handler with dedupe (ProcessChanges) and feed the
// recovered changes to the same Handler (webhook.Handler.Process): each
// change is handled once. Intermediate statuses, the time of each change,
// realtime and per-event callbacks cannot be recovered (see
// DocumentsService.Changes).
//
// # Testing
//
// Package legacyv1test is a stateful fake of the whole API that also posts
// signed callbacks (Requests, FailNext, Deliveries, Signer):
//
//	srv := legacyv1test.NewServer(t) // closed when the test ends
//	c := srv.Client()                // a real *legacyv1.Client pointed at it
//	d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: "NDA",
//		Text: "<p>Terms</p>", Signers: []*legacyv1.SignerRequest{{FirstName: "Jane", LastName: "Doe", Email: "jane@example.com"}}})
//	err = srv.Complete(ctx, d.ID) // every signer signs: status 30, callbacks posted to your subscriptions
package legacyv1
