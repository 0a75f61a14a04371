// Package legacyv1test is a fake Legalesign API v1 server and a callback
// signer, for tests of code that uses package legacyv1 — ours and yours.
//
// The Server is an in-memory, stateful httptest server for the document
// flow:
//
//   - POST /document/ validates the body (Tastypie-style field errors) and
//     answers 201 with the new document's URI in Location (an absolute URL,
//     or a path with WithRelativeLocation);
//   - GET /document/{id}/, /status/ and /status/{id}/, /signer/{id}/;
//   - GET /document/ with the group (required), archived, status, email,
//     created_gt, modified_gt and nosigners filters (cache is accepted and
//     ignored), paginated with limit/offset and a Tastypie meta;
//   - DELETE /document/{id}/ (archive, status 40) and /document/{id}/delete/;
//   - GET /pdf/{id}/ answering 200 with a PDF, 302 to a download location on
//     a second server (another host, which refuses credentials), or 201
//     "being de-archived" (PDFReady, PDFRedirect, PDFArchived; per server
//     with WithPDFMode or per document with SetPDFMode);
//   - POST /subscribe/, POST /unsubscribe/, GET /notifications/.
//
// Other endpoints answer 501. Requests need `Authorization: ApiKey
// <Username>:<Secret>` (401 otherwise). FailNext injects failures (429 with
// Retry-After, 503, ...); Requests returns what was received.
//
// Test code drives the state: SetSignerStatus, SignAll and SetDocumentStatus
// change statuses (signing every signer signs the document) and queue the
// changes; DeliverCallbacks then posts correctly signed callbacks to the
// subscribed URLs — an "all" batch of the status changes, and per-event
// "signed", "sent" and "rejected" form callbacks.
//
// Signer makes the same signed callbacks directly: SignBatch, SignLegacy,
// PostBatch, PostLegacy. Its key pair is generated for the test
// (webhooktest.NewRSACertificate); give Signer.Certificate or
// Signer.CertificatePEM to the receiver under test.
//
// Realtime (JSON) callbacks are not emitted: their signature algorithm is
// undocumented.
package legacyv1test
