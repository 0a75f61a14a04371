// Package webhook is the receiving side shared by every esign provider:
// signature schemes, a bounded http.Handler that verifies, decodes,
// deduplicates and dispatches typed events, the provider-neutral Event view
// with a normalized Lifecycle, and Secret, the one type for secrets that
// must never print.
//
// # One shape for every provider
//
// Each provider package (blueink, zigned, signeasy, legacyv1) offers the
// same four entry points, with the same argument order:
//
//	ev, err := P.ConstructEvent(body, r.Header, secret, opts...)  // verify + decode one delivery
//	ev, err := P.ParseEvent(body, opts...)                        // decode only
//	p := P.WebhookProvider(secret, opts...)                       // a Provider for NewHandler, built once
//	v, err := P.NewVerifier(secret, opts...)                      // the check alone
//
// (legacyv1's secret is Legalesign's certificate; insertsign, whose
// deliveries are not signed, has a guard and ParseEvent instead.)
//
// # Options
//
// Option configures schemes, providers and the Handler alike: WithTolerance,
// WithClock, WithAdditionalSecrets (rotation), WithSignedPayload,
// WithMaxBodyBytes, WithStrictDecoding, WithLogger, WithDedupe, and the provider packages' own
// options (signeasy.AllowV1, legacyv1.WithRealtimeSecret, …). Options given
// to NewHandler reach a provider built by an esign package, so a setting is
// written once: WithMaxBodyBytes(4<<20) on the Handler or on the provider
// bounds the Handler's read, the verifier and the decoder alike.
//
// # Decoding
//
// Decoding is tolerant, as on the REST side: a value of a delivery that
// does not decode into the event's type (a timestamp in an unknown shape,
// "None" for a number, a string where a list was expected) keeps its zero
// value, everything else is decoded, and Event.DecodeIssues lists it (a
// DecodeIssue: path from the body's root, the raw value, the cause). A
// Handler logs one warning per such event (provider, type, id, how many
// values, their first paths; never a value, which may hold personal data)
// and dispatches it as any other. WithStrictDecoding refuses it instead:
// ConstructEvent and ParseEvent return an error wrapping ErrInvalidPayload
// that errors.As resolves to each DecodeIssue, and a Handler answers 400. A
// body that is not JSON (or form data), or not the expected shape at the
// top, is refused (400) either way.
//
// The contract for a provider package's decoders: decode with the tolerant
// decoder (internal/tolerant, strict off); keep a failure of the document
// itself an error wrapping ErrInvalidPayload; record the issues on the
// event with Meta.SetDecodeIssues, their paths from the body's root (place
// those of a value decoded on its own, such as an envelope's data, with
// tolerant.Within); never leave a secret in Raw (a delivery that carries
// its verification token in the body must have it redacted); and leave
// strictness to the shared kit (internal/whkit), which applies
// WithStrictDecoding (whopt.Config.StrictDecoding) to every entry point,
// and to the Handler. A body that parses must cost no second pass: decode
// it once, and only a value that failed again.
//
// # Misconfiguration is loud
//
// NewHandler panics, naming the provider and what is missing, when the
// provider was built without its secret (empty or blank), certificate or
// guard, as net/http does for a bad pattern; ConstructEvent returns the same
// reason as an error. A Handler without WithLogger logs why it refused a
// delivery to slog.Default(); the HTTP answer stays generic.
//
// # Schemes
//
// Each fails closed (no secret is a constructor error), compares in
// constant time, accepts several secrets (rotation) and checks timestamps
// both ways against an injectable clock, 5 minutes by default:
//
//   - NewTimestampedHMAC: `t=<unix>,v1=<sig>` over t + "." + body (Zigned).
//   - NewSlackHMAC: `v0=<sig>` over "v0:" + timestamp + ":" + body with the
//     timestamp in a second header (BlueInk; the signed string is inferred).
//   - NewBodyHMAC: the HMAC of the body alone (Legalesign realtime).
//   - SharedToken: a token inside the delivery (Signeasy v2 metadata.token).
//   - RSASHA1: PKCS#1 v1.5 SHA-1 signatures checked with an X.509
//     certificate's key (Legalesign legacy callbacks).
//   - Unverified, QueryTokenGuard, BasicAuthGuard: for providers that sign
//     nothing (InsertSign): opt in explicitly, or check a secret you chose.
//
// The HMAC schemes accept hex and base64 signatures and float timestamps.
// Where a provider does not publish what it signs, a refused delivery that
// verifies under another construction of SignedPayload (one small table) is
// reported with the construction and the WithSignedPayload option that
// selects it.
//
//	h := webhook.NewHandler(blueink.WebhookProvider(secret), webhook.WithDedupe(nil, 0))
//	webhook.On(h, func(ctx context.Context, ev *blueink.BundleCompleteEvent) error { ... })
//	h.OnAny(func(ctx context.Context, ev webhook.Event) error {
//		if ev.Lifecycle() == webhook.Completed { ... }
//		return nil
//	})
//	mux.Handle("POST /hooks/blueink", h)
//
// Deduplication (WithDedupe) is lease based, so replicas sharing one store
// handle each event once: a delivery claims its event for a lease
// (WithDedupeLease), a retry meanwhile is answered 409, success marks it
// done, failure releases it, and the lease of a replica that died expires
// so a later retry is handled. MemoryStore serves one process; the nested
// modules webhook/redisstore and webhook/pgstore share a Redis or
// PostgreSQL server; DedupeStore is three methods for any other engine.
// Handler.Process replays events from elsewhere through the same dedupe.
//
// The package webhooktest signs deliveries for every scheme, for tests;
// storetest checks DedupeStore implementations.
package webhook
