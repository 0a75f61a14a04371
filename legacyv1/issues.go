package legacyv1

import (
	"fmt"
	"unicode/utf8"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// issueList collects the values of a callback that did not decode: at most
// tolerant.DefaultMaxIssues, then one summary entry counts the rest.
type issueList struct {
	issues []webhook.DecodeIssue
	more   int
}

// maxIssueRaw caps DecodeIssue.Raw.
const maxIssueRaw = 256

func (l *issueList) add(path string, raw []byte, err error) {
	if len(l.issues) >= tolerant.DefaultMaxIssues {
		l.more++
		return
	}
	is := webhook.DecodeIssue{Path: path, Err: err}
	if len(raw) > maxIssueRaw {
		cut := maxIssueRaw
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		is.Raw = string(raw[:cut]) + "…"
	} else {
		is.Raw = string(raw)
	}
	l.issues = append(l.issues, is)
}

// list returns the issues (nil when none).
func (l *issueList) list() []webhook.DecodeIssue {
	if l.more > 0 {
		return append(l.issues, webhook.DecodeIssue{Err: fmt.Errorf("%w: %d more not listed", webhook.ErrTooManyDecodeIssues, l.more)})
	}
	return l.issues
}

// setIssues records the values of the body that did not decode on the
// event (webhook.Meta.SetDecodeIssues, on wip/tolwire); until then they
// are only what the tolerant reading left zero.
func setIssues(_ *webhook.Meta, _ []webhook.DecodeIssue) {}
