package legacyv1

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/webhook"
)

// ChangesOptions selects the documents Documents.Changes reads.
type ChangesOptions struct {
	// Group is the group slug or resource URI (required: Legalesign lists
	// documents per group; recover each group you subscribe to).
	Group string
	// Since reads the documents modified strictly after it (modified_gt,
	// to the microsecond): the time your receiver was last known to be up,
	// minus a margin. Zero reads every document of the group.
	Since time.Time
}

// Changes recovers status changes a receiver missed while it was down, from
// the one place Legalesign keeps them: the documents themselves. Legalesign
// keeps no log of its callbacks (GET /notifications/ lists the registered
// URLs, not deliveries) and GET /status/ has no time filter, so Changes
// pages GET /document/?modified_gt=<since> (unarchived and archived
// documents, with their signers) and yields, for each document, a
// StatusChange per signer with its current status, then one for the
// document's own status.
//
// The changes carry the IDs the "all" callback gives the same changes
// ("signer:<id>:status=40", "document:<id>:status=30"), so running them
// through the Handler that receives the callbacks deduplicates them against
// the deliveries they replace: give each batch's changes to
// webhook.Handler.Process (ProcessChanges does), and feed Changes to the
// same Handler after an outage:
//
//	for ch, err := range c.Documents.Changes(ctx, &legacyv1.ChangesOptions{Group: "my-group", Since: downSince}) {
//		if err != nil {
//			return err
//		}
//		if _, err := h.Process(ctx, ch); err != nil {
//			return err // released: a later run tries it again
//		}
//	}
//
// Only a change seen within the dedupe TTL (webhook.WithDedupe) is
// recognised: choose Since inside it, or keep handlers idempotent.
//
// What cannot be recovered this way:
//
//   - intermediate statuses: only each document's and signer's current
//     status is known (a signer who opened, visited and signed while you
//     were down is recovered as signed, once);
//   - when each change happened: OccurredAt and Time are the document's
//     modified time (sign_time for a signed document);
//   - realtime events (RealtimeEvent: emails opened, bounces, ...) and
//     per-event form callbacks (LegacyCallback): their IDs are not
//     status changes', so recovered changes deduplicate only against the
//     changes of "all" batches;
//   - documents permanently deleted, and documents of groups you do not
//     ask for.
//
// Documents without a status (0) and signers without one are skipped.
func (s *DocumentsService) Changes(ctx context.Context, opts *ChangesOptions) iter.Seq2[*StatusChange, error] {
	return func(yield func(*StatusChange, error) bool) {
		if opts == nil || strings.TrimSpace(opts.Group) == "" {
			yield(nil, invalidArg("group", "is required to recover changes"))
			return
		}
		for _, archived := range []bool{false, true} {
			list := &DocumentListOptions{Group: opts.Group, Archived: Bool(archived), ModifiedAfter: opts.Since, ListOptions: ListOptions{Limit: findPageSize}}
			for d, err := range s.All(ctx, list) {
				if err != nil {
					yield(nil, err)
					return
				}
				for _, ch := range documentChanges(d) {
					if !yield(ch, nil) {
						return
					}
				}
			}
		}
	}
}

// documentChanges is the current status of d and of its signers, as the
// changes an "all" batch reports.
func documentChanges(d *Document) []*StatusChange {
	at := d.Modified.Time
	if d.Status == DocumentSigned && !d.SignTime.IsZero() {
		at = d.SignTime.Time
	}
	out := make([]*StatusChange, 0, len(d.Signers)+1)
	for _, sg := range d.Signers {
		if sg.Status != 0 && sg.ResourceURI != "" {
			out = append(out, recoveredChange(sg.ResourceURI, int(sg.Status), at))
		}
	}
	if d.Status != 0 {
		out = append(out, recoveredChange(documentURI(d), int(d.Status), at))
	}
	return out
}

// recoveredChange builds the StatusChange a batch entry {timestamp, name:
// "status", value, resource_uri} would decode to; Raw is that entry.
func recoveredChange(uri string, status int, at time.Time) *StatusChange {
	w := wireChange{name: "status", value: strconv.Itoa(status), resourceURI: uri}
	if !at.IsZero() {
		w.timestamp = at.UTC().Format(time.RFC3339Nano)
	}
	w.raw, _ = json.Marshal(map[string]string{"timestamp": w.timestamp, "name": w.name, "value": w.value, "resource_uri": w.resourceURI})
	ch := new(StatusChange)
	newChange(ch, &w)
	return ch
}

// ProcessChanges runs each change of a batch through h's dedupe and
// dispatch (webhook.Handler.Process): a change handled before, delivered in
// another batch or recovered by Documents.Changes, does not run again, and
// handlers registered for *StatusChange receive each one. Register it as
// the batch's handler:
//
//	webhook.On(h, func(ctx context.Context, b *legacyv1.StatusBatch) error { return legacyv1.ProcessChanges(ctx, h, b) })
//	webhook.On(h, func(ctx context.Context, ch *legacyv1.StatusChange) error { ... })
//
// It returns the errors of the changes that failed (each released, so a
// redelivered batch or a later recovery runs them again); a change another
// attempt holds (webhook.InProgress) is left to it.
func ProcessChanges(ctx context.Context, h *webhook.Handler, b *StatusBatch) error {
	var errs []error
	for _, ch := range b.Changes {
		if _, err := h.Process(ctx, ch); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
