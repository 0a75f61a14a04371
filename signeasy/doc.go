// Package signeasy is a client for the Signeasy v3 e-signature API, its v2
// callback (webhook) management, and a receiver for its v1 and v2 webhook
// deliveries.
//
// # Client
//
// Authenticate with a static access token from the Signeasy dashboard (the
// usual form, NewClient), or with OAuth client credentials:
//
//	c, err := signeasy.NewClient(accessToken)          // = NewClientWithToken
//	c, err := signeasy.NewClientWithToken(accessToken)
//	c, err := signeasy.NewClientWithCredentials(clientID, clientSecret)
//	c, err := signeasy.NewClientFromEnv() // SIGNEASY_ACCESS_TOKEN, or SIGNEASY_CLIENT_ID + SIGNEASY_CLIENT_SECRET; SIGNEASY_API_URL
//
// With client credentials, the client POSTs {client_id, client_secret,
// audience, grant_type: "client_credentials"} as JSON to
// https://auth.signeasy.com/oauth/token (or, with only WithBaseURL, to the
// base URL's host; WithTokenURL sets it; a client whose base URL is not
// Signeasy's production API refuses the production auth server) on the
// first call (through the
// *http.Client you gave WithHTTPClient), reuses the 30-day token
// (oauth2.ReuseTokenSource) and fetches a new one a minute before it
// expires, or on the next call after the API refused it with 401 (a
// revoked token). The token request is retried like an idempotent request (429,
// 5xx, dropped connections) within its own 30-second limit; a call whose ctx
// ends while it waits for the token returns at once, and the fetch carries
// on for the other callers. A 401/403 from the token endpoint is an
// *APIError matching ErrUnauthorized/ErrForbidden. Tokens and the client secret are redacted
// from every error and log line, and the Client prints no credentials.
//
// Every call takes a context first and returns (T, *Response, error):
//
//	orig, _, err := c.Originals.Upload(ctx, &signeasy.UploadRequest{Name: "Offer letter", FileName: "offer.pdf", Open: signeasy.OpenFile("offer.pdf")})
//	env, _, err := c.Envelopes.Create(ctx, &signeasy.CreateEnvelopeRequest{
//		Sources:    []signeasy.Source{{ID: orig.ID, Type: signeasy.SourceOriginal, Name: "Offer letter", SourceID: 1}},
//		Recipients: []signeasy.EnvelopeRecipient{{RecipientID: 1, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
//	})
//	signed, _, err := c.Envelopes.GetSigned(ctx, env.ID) // once rs.completed arrives
//	pdf, _, err := c.Signed.Download(ctx, signed.ID, &signeasy.SignedDownloadOptions{IncludeCertificate: true}) // io.ReadCloser, streamed
//
// The services cover every operation of Signeasy's endpoint table:
// Originals (upload, list, get, download, delete), Templates (list, get,
// update, delete, the editor's embed URL), Envelopes (create, list, get,
// cancel, cancel by request id, signing URL, the signed file of an
// envelope and its documents), Embedded (sending URL, cancel), Signed
// (signed file download merged or split, with or without the audit
// certificate; the certificate alone; the embedded-signed and self-signed
// lists), Users (/me) and Callbacks (v2).
//
// Uploads are streamed (multipart, the file re-opened on every attempt; with
// UploadRequest.Size they carry a Content-Length instead of being chunked) and
// downloads return the open body. Signeasy's lists are not paginated: List
// returns everything and All iterates it. Retries: 429 for every method,
// 408/5xx and transport errors for idempotent methods only. Errors read
// "signeasy: …" and are this package's types; the sentinels are shared with
// every esign package. Signeasy's creates carry no key chosen by the client,
// so a create whose answer is lost (a timeout, a 5xx) cannot be found again:
// it fails with an error matching ErrOutcomeUnknown and is not repeated.
// Client.Do, Client.Download and WithHeader are the escape hatch, the
// credential-free download and per-call headers every esign client has.
//
// # Testing
//
// Package signeasytest is an in-memory Signeasy (every operation, stateful,
// with webhook deliveries) for your tests:
//
//	srv := signeasytest.NewServer(t)
//	c := srv.Client() // a real *signeasy.Client, pointed at the fake
//	env, _, err := c.Envelopes.Create(ctx, req)
//	err = srv.Complete(ctx, strconv.FormatInt(env.ID, 10)) // every recipient signs: rs.signed..., rs.completed
//	signed, _, err := c.Envelopes.GetSigned(ctx, env.ID)
//
// # Webhooks
//
// Callback registration exists only in Signeasy's v2 API; c.Callbacks talks
// to https://api.signeasy.com/v2/callback/ (derived from the base URL, or
// WithCallbackURL):
//
//	_, err := c.Callbacks.Create(ctx, &signeasy.CallbackRequest{URL: "https://app.example/hooks/signeasy",
//		Events: signeasy.EventTypes(), Token: webhook.Secret(token)})
//
// The receiving side has the shape every esign provider package shares:
//
//	ev, err := signeasy.ConstructEvent(body, r.Header, token)  // check the token + decode
//	ev, err := signeasy.ParseEvent(body)                       // decode only
//	p := signeasy.WebhookProvider(token)                       // for webhook.NewHandler; built once
//	v, err := signeasy.NewVerifier(token)                      // the token check alone
//
// Deliveries are JSON {"data": envelope, "metadata": {event_type,
// event_user, event_user_id, client_id, token}} with no signature header:
// the v2 metadata.token is the only check, compared in constant time and
// read in the same pass over the body as the envelope; a delivery without a
// token is refused. v1 deliveries (no token, a single file instead of
// data.sources) are accepted only with the AllowV1 option. Rotate with
// webhook.WithAdditionalSecrets(oldToken); an empty token (without AllowV1)
// makes webhook.NewHandler panic with the reason. Decoding is tolerant: a
// value that does not read is listed in the event's DecodeIssues, not an
// error (see ParseEvent).
//
//	h := webhook.NewHandler(signeasy.WebhookProvider(token))
//	webhook.On(h, func(ctx context.Context, ev *signeasy.CompletedEvent) error { ... })
//
// # Wire facts and what is not confirmed
//
// Confirmed on Signeasy's own pages:
//
//   - the token endpoint, its JSON body, the audience and 30-day tokens
//     (https://docs.signeasy.com/docs/client-credentials-flow);
//   - POST /rs/envelope/ and its body: sources, recipients,
//     recipient_role_mapping, merge_fields, fields_payload (page_number a
//     string such as "all" or "1:8", position modes "fixed" with x/y and
//     "referenceText" with xOffset/yOffset, additional_info {} for non-date
//     fields), embedded_signing, is_ordered, message, cc,
//     signature_panel_types, initial_panel_types
//     (https://docs.signeasy.com/reference/create-an-envelope-rs-originals-templates;
//     the reference text travels as "text" in the sample request of
//     https://docs.signeasy.com/v2.1/reference/create-an-envelope-rs-originals-templates);
//   - the envelope object returned by the API
//     (https://docs.signeasy.com/reference/the-pending-file-object);
//   - GET /me/ and the user object, whose credits are document_credits
//     (https://docs.signeasy.com/reference/fetch-user-details);
//   - the v2 /callback/ endpoint: POST, GET, PUT, DELETE, the {url, events,
//     token} body, DELETE's {"url"} body and GET's answer
//     (https://docs.signeasy.com/v2.1/docs/migrating-callbacks);
//   - the event names, rs.expired included, and delivery behaviour (a 200
//     within 30 s; no ordering) (https://docs.signeasy.com/docs/webhooks);
//   - the v1 and v2 delivery bodies of rs.initiated, link_sent, viewed,
//     signed, declined, voided, remind and completed
//     (https://docs.signeasy.com/v2.1/docs/migrating-webhooks; testdata/webhooks).
//
// Taken from Signeasy's published code samples (github.com/signeasy/api-samples,
// v2): the embedded signing URL body {recipient_email, redirect_url} (and
// allow_decline, sent only when set), posted to
// POST /rs/envelope/{id}/signing/url/ (with the trailing slash every
// working v3 integration uses), and the embedded sending
// URL, POST /rs/embedded/url/ with {file_id, recipients (first_name,
// last_name, email, role_id), cc, message, redirect_url} (v3 assumed to
// keep both).
//
// Listed by third-party extractions of docs.signeasy.com (api-evangelist/signeasy)
// but not read on a Signeasy page here: POST /original/ (multipart "file";
// "name" and "rename_if_exists" as integrations send them),
// POST /rs/envelope/{id}/cancel, POST /rs/{rs_id}/cancel,
// POST /rs/embedded/{id}/cancel/ (each answered 200 without a body),
// PUT /template/{id} (an object whose fields are not published; the
// template object's name, message and is_ordered are sent),
// POST /template/{id}/embed and
// GET /rs/envelope/signed/{signed_id}/{source_id}/download.
//
// Used by working v3 integrations: GET /signed/{id}/download with
// type=merged|split and include_certificate=true|false, and
// GET /rs/envelope/signed/{id}/certificate (Signeasy: "the certificate APIs
// can be used to return the PDF of the audit trail"); a live-tested one
// reads GET /rs/envelope/, GET /rs/embedded/signed and GET /me/signed/ as
// {count, files}, unpaginated.
//
// Business refusals (a cancel not allowed, the signing URL of a request that
// is not embedded) were recorded as 401 {"error_code":
// "unauthorized_resource"}: they match ErrUnauthorized, and the client keeps
// its token for them.
//
// Not confirmed (chosen from third-party integrations; each method says so):
// the paths and trailing slashes of the original list/get/download/delete
// and template list/get/delete endpoints and of GET /rs/envelope/{id} (no
// trailing slash where the only v3 evidence has none, as Signeasy's
// endpoint table of December 2026 in the SDK's provider notes gives them);
// GET /rs/envelope/signed/pending/{id}; the shapes of list answers (decoded
// leniently: a bare array or {"files"|"templates"|...: [...]}); where
// rs.completed carries the signed_file_id (read from data.signed_file_id);
// the bodies of rs.expired, rs.bulksign_* and document.signed (no samples;
// decoded like the others); the minimum callback token length (the sample
// token is "bigger than 12 chars"); and the v1 file id, taken as data.id
// since a v1 signature request is a single file.
package signeasy
