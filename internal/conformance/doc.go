// Package conformance holds the tests that check the one shape every esign
// provider package shares (internal/rest, the generated glue) across all
// of them at once: error texts that name their provider, the same options,
// the escape hatch, and no secret in any printed or logged value. It has
// no code of its own.
package conformance
