// Package fakeserver is the engine under every provider fake (blueinktest,
// zignedtest, signeasytest, legacyv1test): an httptest server with a typed
// in-memory store per resource, routes generated from a per-provider table,
// the provider's list, error and answer shapes, request recording, fault
// injection, webhook delivery and lifecycle steps. A provider's
// <provider>test package is then its table, a few functions where it has
// behaviour, and its public verbs.
//
// # The pieces
//
//   - Resource[T] declares one resource: Name, Path (the collection path
//     relative to the API base, with the parent's parameter), Param (the
//     item's path parameter), Parent and ID (ids in the provider's style:
//     Counter, UUIDs, Slugs). Its items (Item[T]: ID, Parent, Seq,
//     Created, Updated and the record V) live in each Server, one table
//     per resource, guarded by the server's one lock. Get, In, Children,
//     First, All, Add, New, Insert, Remove (with the children of every
//     resource whose Parent it is), Find (the item named by the request
//     path, parents first, or the provider's 404) and Owner serve handlers.
//   - Resource.Routes(Behaviour) generates list, create, get, update and
//     delete routes (Ops) from a Render function and hooks: Create fills a
//     new item from the request, Update changes one, Delete may refuse;
//     Where, Filters (Equal, Since, After, Until) and Order shape lists; List is
//     the list style; Paths spells an operation's path where the provider
//     does not follow Path and Path/{Param}.
//   - Route is any other operation: a method, a path pattern with "{name}"
//     parameters, and a handler func(*Call) Reply, run under the lock;
//     Resource.On makes one whose handler gets the item its path names.
//     Config.Routes are the API (authenticated, subject to faults; a path
//     starting with "/" lies outside the API base, e.g. Signeasy's v2
//     callbacks beside its v3 base); Config.Mounts live outside it (token
//     endpoint, file downloads). Config.Slash says how a trailing slash
//     matches: optional, required, or exactly as each route declares it
//     (SlashExact; "me/?" accepts both).
//   - Call is the request being handled: Param, Query, Body, Decode
//     (typed body, required fields, 400 naming the field; DecodeList for
//     batch bodies, Patch for update fields, Parts for multipart uploads),
//     answer Header,
//     Now, Time (the provider's time format), UUID, Token, Counter, Emit
//     (queue the provider's webhook deliveries), Collect (gather what a
//     call changed into one delivery) and State (the provider's own
//     value).
//   - Reply is the answer: JSON(status, body), raw bytes (Call.File for a
//     download), or an *Error
//     (Errorf, Invalid, Enum, Resource.NotFound) that Config.Error renders
//     in the provider's shape.
//   - Shapes and list styles: Plain (the resource; deletes 204) and
//     Envelope (Zigned's {version, result_type, resource_type, data}) wrap
//     single answers; Bare (array), CountFiles ({count, files}: Signeasy),
//     HeaderPages (page/per_page and a pagination header: BlueInk),
//     MetaObjects (limit/offset with meta.next: Legalesign) and
//     EnvelopePages (limit/page/order_by with a pagination object: Zigned)
//     answer lists.
//   - Auth: Scheme ("Token <key>", "ApiKey <user>:<key>"), Basic, Bearer
//     (tokens issued by a ClientCredentials token endpoint, or static ones).
//   - Deliveries: Config.Events turns an event (Call.Emit) into signed
//     Outgoing deliveries (sign with package webhook/webhooktest); the
//     engine posts them once the handler returned successfully and the
//     lock is released (receivers may call the API back), one attempt
//     each, and keeps them (Deliveries; Delivery[E] types the event).
//     A refused request emits nothing.
//   - Faults: FailNext(status, retryAfter) answers the next API request
//     with the provider's error body and Retry-After; FailNext(
//     DropConnection, 0) closes the connection before handling it;
//     FailNext(LoseAnswer, 0) handles it (the change is committed, the
//     webhooks delivered) and then closes the connection unanswered.
//   - PDF makes a small valid PDF showing lines of text: what fakes serve
//     as signed files and tests upload.
//   - Steps: Config.Steps registers the provider's lifecycle functions
//     (StepSend, StepView, StepSign, StepDecline, StepComplete,
//     StepExpire, StepCancel); Server.Step plays one and delivers its
//     webhooks, and every fake serves them over HTTP at ControlPath for the
//     sandbox command. Their errors match ErrNotFound and ErrState.
//
// # The uniform surface of every <provider>test.Server
//
//	NewServer(tb testing.TB, opts ...ServerOption) *Server   // closed by tb.Cleanup
//	Start(opts ...ServerOption) *Server                       // call Close
//	URL() string                                              // the API base the client uses
//	Client(opts ...P.Option) *P.Client                        // a real client pointed at the fake
//	Requests() []Request                                      // = fakeserver.Request
//	FailNext(status int, retryAfter time.Duration)            // also DropConnection, LoseAnswer
//	Deliveries() []Delivery                                   // = fakeserver.Delivery[P.EventType]
//	Send(ctx, envelopeID string) error
//	View(ctx, envelopeID, signer string) error
//	Sign(ctx, envelopeID, signer string) error
//	Decline(ctx, envelopeID, signer, reason string) error
//	Complete(ctx, envelopeID string) error
//	Expire(ctx, envelopeID string) error
//	Cancel(ctx, envelopeID string) error
//
// A verb exists where the provider has the step. envelopeID names the
// provider's envelope (bundle, agreement, envelope, document) as the API
// spells its id; signer names one signer by id or email (BlueInk: packet id
// or key). Common options: WithClock, WithSeed, WithDeliveryClient,
// WithListener (they set Options). Errors of the verbs are ErrNotFound and
// ErrState, re-declared by each package as its own ErrNotFound / ErrState
// variables holding these values.
//
// # How to port a fake
//
//  1. Records. For each resource of the provider's spec, write the record
//     type T (only what the provider stores; ids, parents and times are the
//     Item's) and declare a package variable
//     &fakeserver.Resource[T]{Name, Path, Param, Parent, ID}. Keep hooks out
//     of these declarations: Go forbids initialization cycles.
//  2. Rendering. Write func(*Call, *Item[T]) any per resource, shaped as the
//     spec's schema says: required keys present, null where the schema is
//     nullable, times through Call.Time (Config.Time sets the provider's
//     format). Render relations from the store, so children and parents
//     always agree.
//  3. The table. In a routes() function, list Resource.Routes(Behaviour)
//     for each resource (Ops, Render, list style, Filters, hooks) and
//     []Route for the operations beyond CRUD. Adding an operation is a row;
//     a row with behaviour points at a small function. Every operation the
//     provider's client has must be served.
//  4. Provider functions. Config.Error renders an *Error in the provider's
//     error body (404s of unknown ids come from Resource.NotFound, 400s from
//     Decode, Enum and Invalid); Config.Auth checks credentials; Config.Events
//     finds the subscribed webhooks and signs each body; Config.Steps holds
//     the lifecycle functions, which API handlers reuse (sending over the API
//     and Server.Send run the same code).
//  5. The package. Server wraps *fakeserver.Server: NewServer and Start
//     (build Config from the ServerOptions, State: the Server), Close, URL,
//     Client, Requests, FailNext, Deliveries and the verbs (one line each:
//     s.e.Step(ctx, StepSign, StepInput{...})), plus the provider's extras
//     (credentials, token grants, file contents, Emit).
//  6. Tests. A table-driven test calls every client method against the fake
//     and checks the state rules: created objects come back from get and
//     list (filters, pages), updates show, deletes give the provider's 404
//     after, children belong to their parents, steps move state and deliver
//     signed webhooks, bad input gets the provider's validation error. It
//     also checks that no client method lacks a step (ClientMethods) and
//     that every served operation was requested (Unrequested); the
//     conformance module (internal/speccheck) checks that Server.Ops is
//     the spec's (zignedtest's coverage_test.go is the model). The package
//     doc lists what the fake serves.
package fakeserver
