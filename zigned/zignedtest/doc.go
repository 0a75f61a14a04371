// Package zignedtest is an in-memory fake of Zigned (the OAuth2 token
// endpoint and the whole REST v3 API) for tests of code that uses package
// zigned, and for trying the SDK without an account.
//
//	srv := zignedtest.NewServer(t)            // closed when the test ends
//	c := srv.Client()                         // a real *zigned.Client pointed at it
//	f, _, _ := c.Files.Upload(ctx, &zigned.FileUpload{Filename: "contract.pdf", Open: open})
//	a, _, _ := c.Agreements.Create(ctx, nil)
//	_, _, _ = c.Documents.SetMain(ctx, a.ID, f.ID)
//	_, _, _ = c.Participants.Create(ctx, a.ID, &zigned.ParticipantRequest{Name: "Jane", Email: "jane@example.com"})
//	a, _, _ = c.Agreements.Send(ctx, a.ID)    // status pending
//	_ = srv.Complete(ctx, a.ID)               // every participant signs: fulfilled, finalized
//
// # What it serves
//
// Every operation of the REST v3 spec (62), statefully, and the token
// endpoint:
//
//   - POST /oauth/token: the client credentials grant (form body or basic
//     auth) for WithCredentials (default DefaultClientID /
//     DefaultClientSecret); tokens live WithTokenTTL (default one hour) and
//     every /rest/v3 call needs one (401 otherwise). DELETE
//     /oauth/token/{token} revokes one.
//   - Files: multipart upload (PDF, PNG or JPEG, stored as image/jpg as
//     Zigned spells it), list (mime_type, lookup_key, start_date,
//     end_date), get, delete. Each file's url serves its bytes.
//   - Themes: create (logo and icon: uploaded images), list (lookup_key,
//     dates), get, update, delete (agreements using it lose it).
//   - Webhooks: create (plain event names; inactive unless created active,
//     as on Zigned), list, get, update (subscription objects {event,
//     unsubscribe?}), delete.
//   - Agreements: create, list (status, lookup_key, dates), get, update
//     (draft or open only), delete (draft only; its children go with it),
//     events (the activity log), lifecycle (pending needs a main document
//     and a participant; open; cancelled with a cancellation type),
//     reminders (pending participants).
//   - Documents: main document set (a PDF; Zigned's copy) and removed;
//     attachments added (at an order, from 1), listed in order, fetched,
//     moved and deleted (the others are renumbered).
//   - Participants: create, batch, list (signing order), get, update,
//     delete (draft participants of draft or open agreements), sign events,
//     forward (pending participants of pending agreements).
//   - Observers: create, batch, list, get, update, delete (until the
//     agreement is finished).
//   - Signing groups: create (the first one turns signing order on and
//     takes every participant), list, get, update (moving participants in),
//     delete (its participants move to the next group).
//   - Recipient messages: upsert (POST and PUT set exactly the given
//     templates, one per locale, and variables), get, delete; message
//     templates and template variables: create, list, get, update, delete.
//
// Paginated lists (agreements, files, themes) take limit (1..100, default
// 50), page and order_by (desc by default) and answer Zigned's pagination
// object; other lists answer everything. Answers are the v3 envelope and
// follow the spec's schemas (expanded relations, UTC times with
// milliseconds). Unknown ids, of the item or of its agreement, answer 404
// and every refusal 400, in Zigned's error shape
// {"status":"error","error":{"code","message","request_id"}} with the
// request id in X-Request-Id too. Bad bodies are refused as the spec
// describes them (enums, required fields, UTC date-times, emails, https
// webhook URLs: http only to loopback receivers). Ids are deterministic
// ("cagr0000000000000001zt", ...), so examples can print them.
//
// # Webhook deliveries and lifecycle
//
// Changes post {"event": name, "data": resource} to every active webhook
// subscribed to the event, signed like Zigned:
// x-zigned-request-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>
// (WithMillisecondTimestamps signs with milliseconds), before the call
// that caused them returns. Events: agreement.draft.created/updated,
// participant.draft.created/updated, observer.draft.created/updated,
// agreement.lifecycle.pending with participant.lifecycle.received_invitation
// per participant, agreement.lifecycle.opened/cancelled/expired,
// participant.lifecycle.forwarded, and from the signing room:
// sign_event.signing_room.entered (View), sign_event.sign.completed_sign or
// sign_event.approval.approved with participant.lifecycle.fulfilled (Sign),
// then agreement.lifecycle.fulfilled and agreement.lifecycle.finalized when
// the last participant signs; sign_event.approval.disapproved or
// sign_event.sign.cancelled_sign with agreement.lifecycle.cancelled
// (Decline). With signing groups, a group signs only after the groups
// before it. Emit posts any event to any URL.
//
// The verbs Send, View, Sign, Decline, Complete, Expire and Cancel play the
// steps (participants by id or email). FailNext injects failures;
// ExpireTokens, Requests, Deliveries, TokenGrants, FileContent and Ops
// inspect the server.
//
// # Choices where Zigned documents nothing
//
// Unknown ids answer 404 (the spec documents 400 only). A declined
// agreement is cancelled, with the decline's reason. A client-scoped
// webhook shows scope {"type":"client"} (the spec's answer allows user and
// global only). Observers may change while the agreement is pending.
package zignedtest
