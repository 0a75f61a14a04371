// Package webhook is the receiving side shared by every esign provider:
// signature schemes, a bounded http.Handler that verifies, decodes,
// deduplicates and dispatches typed events, and the provider-neutral Event
// view with a normalized Lifecycle.
//
// Schemes (each fails closed: no secret is a constructor error; comparisons
// are constant time; several secrets may be given for rotation, as a list
// or with WithAdditionalSecrets; timestamps
// are checked both ways against an injectable clock, 5 minutes by default):
//
//   - TimestampedHMAC: `t=<unix>,v1=<hex>` over t + "." + body (Zigned).
//   - SlackHMAC: `v0=<hex>` over "v0:" + timestamp + ":" + body with the
//     timestamp in a second header (BlueInk; the base string is inferred).
//   - SharedToken: a token inside the delivery (Signeasy v2 metadata.token).
//   - RSASHA1: PKCS#1 v1.5 SHA-1 signatures checked with an X.509
//     certificate's key (Legalesign legacy callbacks).
//   - Unverified, QueryTokenGuard, BasicAuthGuard: for providers that sign
//     nothing (InsertSign): opt in explicitly, or check a secret you chose.
//
// Provider packages expose ready-made Providers:
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
