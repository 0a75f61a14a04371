package blueink

import "github.com/esignkit/esign/webhook"

// DecodeIssuesOf returns the values of ev's body that did not decode.
// TEMPORARY: webhook.Meta carries them once the tolerant wiring lands.
func DecodeIssuesOf(ev webhook.Event) []webhook.DecodeIssue {
	env, _ := EnvelopeOf(ev)
	return env.issues
}
