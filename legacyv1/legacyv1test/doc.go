// Package legacyv1test is an in-memory fake of the Legalesign API v1 (the
// whole spec) and a callback signer, for tests of code that uses package
// legacyv1 — ours and yours — and for trying the SDK without an account.
//
//	srv := legacyv1test.NewServer(t)          // closed when the test ends
//	c := srv.Client()                         // a real *legacyv1.Client pointed at it
//	d, _, _ := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup,
//		Name: "NDA", Text: "<p>Terms</p>", Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Bloggs", Email: "joe@example.com"}}})
//	_ = srv.Complete(ctx, d.ID)               // every signer signs: status 30, callbacks posted
//
// # What it serves
//
// Every operation of the v1 spec (52), statefully, below /api/v1 with
// trailing slashes, for the API user of `Authorization: ApiKey
// <username>:<secret>` (WithCredentials; 401 with an empty body
// otherwise). A new account has the API user and its group DefaultGroup.
//
//   - Groups: create (slug from the name, 201 + Location; the API user
//     becomes its administrator), list, get (its members), update
//     (public_name, 202).
//   - Members: add (a registered user at once, 201 + Location; anyone else
//     is invited, 201 without it; twice is refused with
//     {"member": {"exists": [...]}}), list (?group), get, remove.
//     Invitations: list (?group), delete.
//   - Users: create (names, email, password rule, timezone, permission,
//     comma-separated groups it joins; Location only with a password), get
//     (its groups), update (names, 202).
//   - Attachments: upload (base64 PDF; refusals are {"text": ...} as
//     Legalesign's), list (?group), get, delete.
//   - Text templates: create, list (?group, ?archive), get (with
//     latest_text), update (202), archive (DELETE keeps it, archive true).
//   - PDF templates: upload (base64 PDF, process_tags), list (?group,
//     ?archive, unarchived by default), get (page_count, signer_count and
//     parties from the fields), fields (read; replace, validated: element
//     types, pages, coordinates, signer numbers, fonts, labels; a sender
//     field may carry the signer number the spec requires and reads back
//     with signer null), text tags (<<t=signature;s=2>>, <<signature>>,
//     <<Full Name2>>; none: 400),
//     edit link (201 + Location), archive, permanent delete.
//   - Documents: create (Tastypie validation {"document": {"field":
//     [...]}} of name, group, templatepdf/template/text, signers, tags,
//     redirect, references to existing objects, the PDF template's signer
//     count, strict_fields; 201 + Location, the signing links in the body
//     with return_signer_links; signers in order get it one after the
//     other), list (?group required; archived, status, email, created_gt
//     and modified_gt (strictly after; the created/modified values of
//     answers are accepted back), nosigners, cache), get, fields (the
//     template's, sender fields filled from pdftext), audit log (PDF),
//     signing page preview (302 to a one-use HTML page of the text),
//     void/archive (status 40 while in
//     progress), permanent delete (its signers with it).
//   - Signers: get, fields, new link (201 + Location, while they can
//     sign), reminder (a signer who cannot be reminded answers 401, as the
//     spec says), reset to an earlier email after Forward, rejection
//     reason.
//   - Status: list (?filter: archived, false by default) and get.
//   - PDFs: the final PDF (200; 302 to a one-use /download/ location that
//     refuses credentials; 201 "being de-archived": WithPDFMode,
//     SetPDFMode), HTML preview as PDF.
//   - Callbacks: subscribe (all, signed, sent, rejected, realtime with an
//     event filter, optionally for one group; 201), list (notify_when),
//     unsubscribe (200 whether or not subscribed).
//
// Lists are Tastypie pages: limit (default 20, at most 1000) and offset,
// {"meta": {limit, next, offset, previous, total_count}, "objects"}; next
// and previous are paths with their query. Unknown ids answer 404 with an
// empty body, as Tastypie does; field problems {"<resource>": {"<field>":
// ["message"]}}; other refusals {"error_message": ...}. Answers follow the
// spec's types: times carry their UTC offset (2024-01-02T03:04:05+00:00),
// signer rows are arrays of strings. Ids are deterministic UUIDs
// ("d0c00000-0000-4000-8000-000000000001"), so examples can print them.
// Requests records every request; FailNext injects failures (a status
// with Retry-After, DropConnection, LoseAnswer).
//
// # Lifecycle and callbacks
//
// Documents are sent when created (there is no draft). The verbs View
// (15 email opened, 20 visited), Sign (40; the document is signed, 30,
// after the last signer), Decline (signer 60, document 50, with the
// reason), Complete (every remaining signer signs) and Cancel (void, 40)
// play the signers' side; signers are named by id or email; errors match
// ErrNotFound and ErrState. Legalesign has no expiry step. Forward moves a
// signer's email (for Signers.Reset).
//
// Each call that changes statuses posts, to the subscribed URLs (of the
// document's group, or of every group):
//
//   - "all": one batch of its status changes (Legalesign sends them every
//     6 minutes), a form with data and signed, the RSA PKCS#1 v1.5 SHA-1
//     signature of data;
//   - "sent", "signed", "rejected": the per-event form of the document,
//     json_signed signed the same way in X-Signed;
//   - realtime: JSON {version, object, event, id, created, data} for
//     document.created, document.finalPdfCreated, document.rejected,
//     recipient.emailOpened, recipient.visiting, recipient.completed and
//     recipient.rejected (matched against the event filter), with
//     X-Hmac-Sha256: hex(HMAC-SHA256(RealtimeSecret, body)) — Legalesign
//     documents the HMAC and its key (webhookHmacSecret), not the signed
//     bytes or the encoding: the body and hex are this fake's choice.
//
// Deliveries are synchronous (the call returns once they were answered);
// Deliveries lists every attempt. Signer returns the key pair (give its
// certificate to the receiver under test; CertificatePath serves it as
// PEM); it also makes the same signed callbacks directly (SignBatch,
// SignLegacy, PostBatch, PostLegacy).
//
// # Choices where Legalesign documents nothing
//
// A reference to an unknown object is refused with 400 and Tastypie's
// "Could not find the provided … object via resource URI" (the spec says
// such a request may answer 500). New members get permission 2 unless
// told. The final PDF is served for a document of any status. Signing
// and edit links point to pages this fake does not serve. Sender
// fields report signer 0 in the document's fields, whose signer the spec
// types as an integer.
package legacyv1test
