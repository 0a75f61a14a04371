// Package signeasytest is an in-memory fake of Signeasy (the OAuth token
// endpoint, the v3 API and the v2 callback API) for tests of code that
// uses package signeasy, and for trying the SDK without an account.
//
//	srv := signeasytest.NewServer(t)             // closed when the test ends
//	c := srv.Client()                            // a real *signeasy.Client (client credentials)
//	orig, _, _ := c.Originals.Upload(ctx, &signeasy.UploadRequest{FileName: "a.pdf", Open: open})
//	env, _, _ := c.Envelopes.Create(ctx, req)    // rs.initiated (and rs.link_sent)
//	_ = srv.Complete(ctx, strconv.FormatInt(env.ID, 10)) // rs.signed per recipient, rs.completed
//
// # What it serves
//
// Every operation of Signeasy's endpoint table (30, with the token
// endpoint), statefully, each path with the trailing slash the table gives
// it (a path spelled otherwise is not found):
//
//   - POST /oauth/token: the JSON client-credentials grant with
//     signeasy.DefaultAudience, for WithCredentials (default
//     DefaultClientID / DefaultClientSecret); tokens live WithTokenLifetime
//     (30 days). API calls need an issued, unexpired token or the static
//     WithAccessToken (DefaultAccessToken).
//   - Originals: POST /v3/original/ (multipart file, name, rename_if_exists;
//     up to 40 MB; "/ : * < > |" stripped from the name; a taken name is
//     refused 409 unless renamed "name (1)"; answered 200), GET original/
//     ({count, files}), GET original/{id}/, GET original/{id}/download (the
//     bytes uploaded), DELETE original/{id} (204).
//   - Templates (made outside the API: AddTemplate): GET template or
//     template/ (a bare array), GET template/{id}, PUT template/{id} (name,
//     message, is_ordered; 200 without a body), DELETE template/{id} (204),
//     POST template/{id}/embed ({url}).
//   - Envelopes: POST rs/envelope/ (sources, recipients, cc, role mappings
//     to template roles, merge fields, fields_payload, panel types, checked
//     as Signeasy documents them), GET rs/envelope/ ({count, files}), GET
//     rs/envelope/{id}, POST rs/envelope/{id}/cancel and POST rs/{id}/cancel
//     (the fake's request ids are its envelope ids; 200 without a body),
//     POST rs/envelope/{id}/signing/url/ (embedded envelopes), POST
//     rs/embedded/url/ ({url} for an original), POST
//     rs/embedded/{id}/cancel/ (embedded envelopes).
//   - Signed files (made when an envelope completes, or by AddSelfSigned):
//     GET rs/envelope/signed/pending/{envelope id} ({id, name}; 404 before
//     completion), GET rs/envelope/signed/{id}/{source}/download (one
//     document, by source_id or document id), GET
//     signed/{id}/download?type=merged|split&include_certificate=true|false
//     and GET rs/envelope/signed/{id}/certificate (PDFs naming the documents,
//     the recipients and the audit trail), GET rs/embedded/signed (signed
//     files of embedded envelopes, each with its pending_file) and GET
//     me/signed/ (self-signed documents), both {count, files}.
//   - GET me or me/: the account (OwnerEmail, OwnerUserID) with its counts.
//   - GET /sign/{envelope}/{recipient}, the signing URLs' target (no
//     credentials): a page naming the envelope and the recipient.
//   - v2 callbacks at /v2/callback or /v2/callback/: POST registers a URL
//     with events and an optional token (longer than 12 characters), PUT
//     replaces them, DELETE {url} removes it, GET lists; POST and PUT
//     answer 200, DELETE 202, each with the whole callback map
//     {"callback_urls": [...], url: {"token"?, "events"}}, as Signeasy's
//     recorded answers do.
//
// Answers are Signeasy's objects (epoch-second times, 0/1 flags in
// envelopes, booleans in templates, integer ids). Errors are Signeasy's
// {"message", "error_code"}: unknown ids, in a path or a body, answer 404
// not_found; bad input 400 with a code naming the problem (invalid_request,
// invalid_sources, invalid_fields_payload, ...); what Signeasy refuses as a
// business rule (cancelling an envelope that is not pending, a signing URL
// or an embedded cancel for an envelope that is not embedded) answers 401
// unauthorized_resource, as recorded. Ids are deterministic (originals
// 100001, ..., templates 200001, envelopes 300001, signed files 400001,
// recipients 500001).
//
// # Webhook deliveries and lifecycle
//
// Changes post {"data": envelope, "metadata": {event_type, event_user,
// event_user_id, client_id, token}} to every v2 callback subscribed to the
// event, with the callback's token (none when it was registered without);
// WithV1Callbacks adds v1 receivers (no sources, no token). Deliveries are
// synchronous: the call that caused them returns after they were answered.
// Events: rs.initiated on create, then rs.link_sent unless the envelope is
// embedded; rs.viewed (View), rs.signed (Sign; in an ordered, emailed
// envelope rs.link_sent for the next recipient), rs.completed after the
// last signature, rs.declined (Decline: the envelope is
// recipient_declined), rs.expired (Expire: status "expired", the fake's
// name), rs.voided (Cancel and the cancel endpoints). Emit posts any event
// for an envelope; Deliveries lists every attempt.
//
// The verbs View, Sign, Decline, Complete, Expire and Cancel play the
// steps (recipients by recipient id or email; envelope ids as decimal
// strings); their errors match ErrNotFound and ErrState. In an ordered
// envelope only the next recipient may act. Signeasy has no Send: Create
// sends. FailNext injects failures into the v3 and v2 APIs; ExpireTokens,
// Requests, TokenGrants, Content and Ops inspect the server.
package signeasytest
