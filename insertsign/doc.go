// Package insertsign receives InsertSign webhooks: typed events, a
// normalized lifecycle, and a guard for deliveries that InsertSign does not
// sign.
//
// InsertSign configures webhooks in its dashboard (Settings > Webhooks) and
// documents no REST API, so this package has no client. A delivery is an
// HTTP POST of one JSON object:
//
//	{"created_at": "2024-04-28T04:33:06.277Z", "type": "request.completed", "data": {...}}
//
// created_at is ISO 8601; datetimes inside data are epoch milliseconds and
// decode to time.Time. Each type has its own struct:
//
//	request.sent       *RequestSentEvent       Request (with SignerOrder), RequestID, AccountID
//	request.completed  *RequestCompletedEvent  Request
//	request.archived   *RequestArchivedEvent   Request (may fire more than once)
//	request.deleted    *RequestDeletedEvent    Request as it was BEFORE deletion
//	contact.created    *ContactCreatedEvent    Contact
//	signer.signed      *SignerSignedEvent      Signing (who, when, device, IP)
//	email.delivered    *EmailDeliveredEvent    Email
//	email.bounced      *EmailBouncedEvent      Email
//	email.spammed      *EmailSpammedEvent      Email
//	anything else      *UnknownEvent           Data (raw), never an error
//
// data.request.signers is an object keyed by signer id; Request.SignersByID
// keeps it, and Request.Signers lists the same signers in order: the
// signer_order InsertSign sends with request.sent, otherwise sorted by id.
// EventType.Lifecycle documents how each type maps to webhook.Lifecycle;
// EventTypes lists them.
// InsertSign sends no event id: Event.ID is the SHA-256 of the body
// (webhook.BodyID), so webhook.WithDedupe drops an identical redelivery.
//
// Decoding is tolerant, since a delivery is never sent twice: a value that
// does not read (a datetime in an unknown shape, a word where a number
// belongs) keeps its zero value, everything else decodes, and the event's
// DecodeIssues lists it. Only a body that cannot be a delivery (not a JSON
// object, no type, a known type without a data object) is refused.
//
// # Deliveries are not signed
//
// InsertSign documents no signature, timestamp or shared secret. Anyone who
// knows your endpoint URL can POST a forged "request.completed" and your
// application would believe it; and there is no API to fetch the event back
// and confirm it. The only protection is a secret you embed in the URL you
// register in InsertSign, checked on every delivery. WebhookProvider
// therefore takes a Guard that you must choose:
//
//	insertsign.QueryToken("token", secret)  // https://app.example/hooks/insertsign?token=<secret>
//	insertsign.BasicAuth(user, password)    // https://user:password@app.example/hooks/insertsign
//	insertsign.Unverified()                 // explicit opt-out: accept anything
//
// Secrets are compared in constant time and several tokens can be accepted
// during a rotation. A Guard built with an empty secret is a configuration
// mistake: webhook.NewHandler panics with the reason (Guard.Err), and the
// provider alone refuses every delivery (401). InsertSign signs nothing, so
// unlike the other provider packages this one has no ConstructEvent or
// NewVerifier: the guard plus ParseEvent(body, opts...) is its receiving
// side (webhook.WithMaxBodyBytes bounds the body). Serve the endpoint over HTTPS only (the secret travels in the
// URL or header), use a long random secret (32 random bytes, hex or base64),
// keep access logs that record query strings private, and rotate the secret
// if it leaks. Even with a guard, treat the event as a notification from
// someone who knows the secret, not as signed proof.
//
// # InsertSign does not retry
//
// InsertSign posts each event once: if your endpoint does not answer 200 (it
// is down, slow, or a handler returns an error and webhook.Handler answers
// 500), the event is lost. Persist the delivery first (ev.Raw() into a
// table or queue) and answer 200 as soon as it is stored; do the slow work
// (downloading, emailing, calling other services) afterwards from your own
// store, where you can retry. A handler should fail only when it could not
// persist. Handlers registered with webhook.On run before those registered
// with OnAny, so persist in one OnAny handler (as below) or at the start of
// every typed handler. Log refused and undecodable deliveries
// (webhook.WithLogger): InsertSign will not send them again either.
//
// The example Example_insertSign of package webhook/pgstore is this
// pattern end to end: the receiver inserts each delivery into an inbox
// table and answers 200; a worker reads the table, runs each event through
// a second Handler's dedupe and dispatch (webhook.Handler.Process), and
// deletes the rows it handled, so a failed job is simply tried again and
// none runs twice.
//
// # Receiving
//
//	guard := insertsign.QueryToken("token", os.Getenv("INSERTSIGN_WEBHOOK_TOKEN"))
//	if err := guard.Err(); err != nil {
//		log.Fatal(err)
//	}
//	h := webhook.NewHandler(insertsign.WebhookProvider(guard), webhook.WithLogger(logger))
//	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
//		// Persist first: an error here answers 500 and InsertSign will not resend.
//		if err := store.Save(ctx, ev.Type(), ev.Raw()); err != nil {
//			return err
//		}
//		if c, ok := ev.(*insertsign.RequestCompletedEvent); ok {
//			jobs.Enqueue("fetch-signed-pdf", c.RequestID) // work from your store, retryable
//		}
//		return nil
//	})
//	mux.Handle("POST /hooks/insertsign", h)
//
// Without webhook.Handler, check the guard and decode yourself:
//
//	if err := guard.VerifyRequest(r, nil); err != nil { /* 401 */ }
//	ev, err := insertsign.ParseEvent(body) // bounded; errors wrap webhook.ErrInvalidPayload
//
// # Testing
//
// Package insertsigntest builds realistic deliveries of every type and
// posts them as InsertSign does, for testing a receiver:
//
//	h := webhook.NewHandler(insertsign.WebhookProvider(insertsign.QueryToken("token", "test-secret")))
//	webhook.On(h, func(ctx context.Context, ev *insertsign.RequestCompletedEvent) error { got = ev.RequestID; return nil })
//	srv := httptest.NewServer(h)
//	_, err := insertsigntest.Send(ctx, srv.URL, insertsigntest.RequestCompleted(insertsigntest.WithRequestID("req-42")),
//		insertsigntest.WithQueryToken("token", "test-secret")) // got == "req-42"
package insertsign
