// Package zignedtest is an in-memory fake of Zigned (OAuth2 token endpoint
// and REST v3 API) for tests of code that uses package zigned, and for
// trying the SDK without an account.
//
//	srv := zignedtest.NewServer(t)            // closed when the test ends
//	c := srv.Client()                         // a real *zigned.Client pointed at it
//	f, _, _ := c.Files.Upload(ctx, &zigned.FileUpload{Filename: "contract.pdf", Open: open})
//	a, _, _ := c.Agreements.Create(ctx, nil)
//	_, _, _ = c.Documents.SetMain(ctx, a.ID, f.ID)
//	_, _, _ = c.Participants.Create(ctx, a.ID, &zigned.ParticipantRequest{Name: "Jane", Email: "jane@example.com"})
//	a, _, _ = c.Agreements.Send(ctx, a.ID)    // status pending
//	_ = srv.Complete(ctx, a.ID)                    // every participant signs: fulfilled, finalized
//
// # What it serves
//
//   - POST /oauth/token: the client credentials grant (form body or basic
//     auth) for the credentials of WithCredentials (default DefaultClientID /
//     DefaultClientSecret); tokens live WithTokenTTL (default one hour) and
//     are required by every /rest/v3 call (401 otherwise). DELETE
//     /oauth/token/{token} revokes one.
//   - Files: multipart upload, list (paginated, mime_type, lookup_key and
//     date filters), get, delete. Each file's url serves its bytes.
//   - Agreements: create, list (paginated; status, lookup_key, date filters;
//     order_by), get, update (draft or open only), delete (draft only),
//     events, main document (PDF only, cloned as Zigned does), participants
//     (create, batch, list, get, update, delete), lifecycle (pending needs a
//     main document and a participant; open; cancelled with a cancellation
//     type) and reminders.
//   - Webhooks: create (plain event names), list, get, update (subscription
//     objects {event, unsubscribe?}), delete. New webhooks are inactive
//     unless created active, as on Zigned.
//
// Other paths of the API (observers, signing groups, attachments, recipient
// messages, themes) answer 501 with a Zigned-shaped error. Every error body
// is {"status":"error","error":{"code","message","request_id"}}.
//
// # Webhook deliveries
//
// On lifecycle changes the server posts {"event": name, "data": resource} to
// every active webhook subscribed to the event, signed like Zigned:
// x-zigned-request-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>
// (WithMillisecondTimestamps signs with milliseconds). Deliveries are
// synchronous: the API call that caused them returns after they were
// answered. Events: agreement.draft.created/updated,
// participant.draft.created/updated, agreement.lifecycle.pending with
// participant.lifecycle.received_invitation per participant,
// agreement.lifecycle.opened/cancelled; Sign and Complete simulate signing:
// participant.lifecycle.fulfilled, then agreement.lifecycle.fulfilled and
// agreement.lifecycle.finalized. Emit posts any event to any URL.
// Deliveries lists every attempt.
//
// # Faults and inspection
//
// FailNext(status, retryAfter) makes the next API call fail (queued);
// ExpireTokens invalidates issued tokens; Requests records every request;
// TokenGrants counts issued tokens.
//
// Ids are deterministic ("cagr000001zt", "cpar000001zt", ...), so examples
// can print them.
package zignedtest
