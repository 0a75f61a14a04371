package blueink

import (
	"github.com/esignkit/esign/webhook"
)

// maxIssueRaw caps DecodeIssue.Raw, as the tolerant decoder does.
const maxIssueRaw = 256

// issueAt is the issue of the value raw (its JSON text), at path, that did
// not decode because of err.
func issueAt(path string, raw []byte, err error) webhook.DecodeIssue {
	r := string(raw)
	if len(r) > maxIssueRaw {
		r = r[:maxIssueRaw] + "…"
	}
	return webhook.DecodeIssue{Path: path, Raw: r, Err: err}
}
