// Package fakeserver is the engine under every provider fake (blueinktest,
// zignedtest, signeasytest, legacyv1test): an httptest server with a typed
// in-memory store per resource, routes generated from a per-provider table,
// the provider's list, error and answer shapes, request recording, fault
// injection, webhook delivery and lifecycle steps. A <provider>test package
// is its table, a few functions where it has behaviour, and its public verbs.
//
// # The pieces
//
//   - Resource[T] declares a resource (Name, Path with the parent's
//     parameter, Param, Parent, ID: Counter, UUIDs or Slugs). Its items
//     (Item[T]: ID, Parent, Seq, Created, Updated and the record V) live in
//     each Server under its one lock; Get, In, Children, First, All, Add,
//     New, Insert, Remove (children too), Find (the item the request path
//     names, or the provider's 404) and Owner serve handlers.
//   - Resource.Routes(Behaviour) generates list, create, get, update and
//     delete routes from Render and hooks (Create, Update, Delete, Guard),
//     lists shaped by Where, Filters (Equal, Since, After, Until), Order and
//     a list style; Resource.On and Route are the other operations.
//     Config.Routes are the API (authenticated, faulted); Config.Mounts live
//     outside it (token endpoint, downloads); Config.Slash says how a
//     trailing slash matches.
//   - Call is the request being handled (Param, Query, Body, Decode, Read
//     and Check, Parts, answer Header, Now, Time, UUID, Token, Counter,
//     Emit, Collect, State); Reply is the answer (JSON, raw bytes, File, or
//     an *Error that Config.Error renders in the provider's shape).
//   - Shapes and list styles: Plain, Envelope (Zigned), Bare, CountFiles
//     (Signeasy), HeaderPages (BlueInk), MetaObjects (Legalesign),
//     EnvelopePages (Zigned).
//   - Auth: Scheme, Bearer, ClientCredentials (an OAuth2 token endpoint).
//   - Deliveries: Config.Events turns an event into signed Outgoing
//     deliveries, posted once the handler succeeded and the lock is
//     released, one attempt each, kept in Deliveries.
//   - Faults: FailNext(status, retryAfter), DropConnection, LoseAnswer.
//   - Steps: Config.Steps holds the provider's lifecycle functions;
//     Server.Step plays one (errors match ErrNotFound and ErrState), and
//     ControlPath serves them over HTTP for the sandbox command.
//   - PDF makes a small valid PDF, for signed files and uploads.
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
// A verb exists where the provider has the step; envelopeID is the
// provider's envelope id, signer an id or email. Common options: WithClock,
// WithSeed, WithDeliveryClient, WithListener (Options). Each package
// re-declares ErrNotFound and ErrState with these values.
//
// # How to port a fake
//
//  1. For each resource of the spec, a record type T (ids, parents and
//     times are the Item's) and a package variable &Resource[T]{...}; hooks
//     stay out of it (Go forbids initialization cycles).
//  2. A Render func per resource, shaped as the spec's schema says, with
//     relations read from the store.
//  3. routes(): Resource.Routes(Behaviour) per resource and Routes for the
//     rest; an operation is a row, its behaviour a small function.
//  4. Config.Error, Auth, Events and Steps (which API handlers reuse).
//  5. Server wraps *Server: NewServer, Start, Close, URL, Client, Requests,
//     FailNext, Deliveries and the verbs (one line each), plus extras.
//  6. A table-driven test calls every client method (ClientMethods) and
//     every operation (Unrequested) and checks the state rules;
//     internal/speccheck checks every answer against the spec. The package
//     doc lists what the fake serves.
package fakeserver
