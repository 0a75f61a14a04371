// Package insertsigntest builds realistic InsertSign webhook deliveries and
// posts them to a URL, for testing a receiver (an insertsign.WebhookProvider
// behind webhook.Handler, or your own code).
//
// InsertSign has no REST API and signs nothing, so there is no fake server
// here: only the deliveries. Each builder returns the JSON body InsertSign
// sends for one event type. Without options it is the sample from
// InsertSign's documentation, converted from its JavaScript notation to the
// JSON that is actually sent (created_at in ISO 8601, datetimes inside data
// in epoch milliseconds, signers keyed by id); options change the values a
// test cares about:
//
//	body := insertsigntest.RequestCompleted(
//		insertsigntest.WithRequestID("req-42"),
//		insertsigntest.WithTitle("Lease"),
//		insertsigntest.WithSigners(insertsigntest.Signer{ID: "s1", Name: "Ann", Email: "ann@example.com"}),
//	)
//
// Send posts a body the way InsertSign does (POST, Content-Type
// application/json, no signature), optionally with the secret your
// insertsign.Guard expects: WithQueryToken adds it to the URL's query,
// WithBasicAuth sends basic-auth credentials (as do credentials embedded in
// the URL, https://user:pass@host/path). Like InsertSign, Send treats any
// answer other than 200 as a failure and follows no redirect:
//
//	for _, d := range insertsigntest.All() {
//		if _, err := insertsigntest.Send(ctx, srv.URL+"/hooks/insertsign", d.Body,
//			insertsigntest.WithQueryToken("token", secret)); err != nil {
//			t.Fatalf("%s: %v", d.Type, err)
//		}
//	}
package insertsigntest
