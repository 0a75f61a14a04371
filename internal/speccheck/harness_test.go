package speccheck

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/webhook"
)

// driver calls the client method that covers one spec operation, with
// realistic arguments. A driver may hit other operations too (a create
// that fetches what it created); every request it sends is validated.
type driver[C any] struct {
	op   Op
	call func(ctx context.Context, c C) error
}

// tally is what a provider's request-oracle run measured.
type tally struct {
	ops, covered, requestsOK, decoded, pending int
}

func (n tally) String() string {
	return fmt.Sprintf("%d operations: %d covered, %d requests validated, %d answers decoded (%d pending decode)",
		n.ops, n.covered, n.requestsOK, n.decoded, n.pending)
}

// runDrivers runs every driver against the mock and checks: the driver hit
// its operation; every request it sent validated against the spec; every
// answer the mock gave validated (so the client decoded a spec answer);
// the call succeeded, unless pendingDecode lists the operation, in which
// case it must still fail (a stale entry fails the test); every value of
// the answers that did not decode (the client decodes tolerantly) is one
// excusedDecode lists for the operation, and each excused value is still
// reported (a stale excuse fails the test). Every operation of the spec
// needs a driver or an entry in noDriver.
func runDrivers[C any](t *testing.T, m *Mock, c C, drivers []driver[C], noDriver map[Op]string) tally {
	t.Helper()
	provider := m.Spec.Name
	ops := m.Spec.Operations()
	n := tally{ops: len(ops)}
	have := map[Op]bool{}
	for _, d := range drivers {
		if have[d.op] {
			t.Errorf("two drivers for %s", d.op)
		}
		have[d.op] = true
	}
	var missing []string
	for _, op := range ops {
		if !have[op] && noDriver[op] == "" {
			missing = append(missing, string(op))
		}
		if have[op] && noDriver[op] != "" {
			t.Errorf("%s has a driver and an excuse for having none: drop the excuse", op)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("spec operations without a driver (write one, or say why in noDriver):\n  %s", strings.Join(missing, "\n  "))
	}
	inSpec := map[Op]bool{}
	for _, op := range ops {
		inSpec[op] = true
	}
	for _, d := range drivers {
		if !inSpec[d.op] {
			t.Errorf("driver for %s: not an operation of the spec", d.op)
			continue
		}
		t.Run(string(d.op), func(t *testing.T) {
			m.Reset()
			var mu sync.Mutex
			var issues []webhook.DecodeIssue
			ctx := rest.ObserveDecodeIssues(context.Background(), func(r *rest.Response) {
				mu.Lock()
				defer mu.Unlock()
				issues = append(issues, r.DecodeIssues...)
			})
			err := d.call(ctx, c)
			mu.Lock()
			checkDecodeIssues(t, provider, d.op, issues)
			mu.Unlock()
			hit, reqOK := false, true
			reqWhy, reqPending := pendingRequest[provider][d.op]
			for _, ex := range m.Exchanges() {
				if ex.Op == d.op {
					hit = true
				}
				for _, p := range ex.Request.Problems {
					reqOK = false
					if reqPending && ex.Op == d.op {
						t.Logf("pending request (%s): %s", reqWhy, p.Message)
						continue
					}
					t.Errorf("request refused by the spec: %s %s: %s", ex.Method, ex.Path, p.Message)
				}
				for _, p := range ex.Response.Problems {
					t.Errorf("the mock's own answer does not validate (sample generator or an unexcused spec defect): %s", p)
				}
			}
			if !hit {
				t.Fatalf("the driver never called %s", d.op)
			}
			if reqPending && reqOK {
				t.Errorf("pendingRequest[%q][%q] is stale (the request validates now): delete the entry", provider, d.op)
			}
			n.covered++
			if reqOK {
				n.requestsOK++
			}
			why, pending := pendingDecode[provider][d.op]
			switch {
			case pending && err == nil:
				t.Errorf("pendingDecode[%q][%q] is stale (the answer decodes now): delete the entry", provider, d.op)
				n.decoded++
			case pending:
				n.pending++
				t.Logf("pending decode (%s): %v", why, err)
			case err != nil:
				t.Errorf("the spec's answer did not decode: %v", err)
			default:
				n.decoded++
			}
		})
	}
	return n
}

// indexes matches the array indexes of a DecodeIssue path.
var indexes = regexp.MustCompile(`\[\d+\]`)

// checkDecodeIssues checks the values of op's answers that did not decode
// against excusedDecode: each must be excused (its path, array indexes
// written [*]) and each excused path must still be reported.
func checkDecodeIssues(t *testing.T, provider string, op Op, issues []webhook.DecodeIssue) {
	t.Helper()
	excused := excusedDecode[provider][op]
	seen := map[string]bool{}
	for _, is := range issues {
		p := indexes.ReplaceAllString(is.Path, "[*]")
		seen[p] = true
		if why, ok := excused.Paths[p]; ok {
			t.Logf("excused decode issue (%s): %v", why, is)
			continue
		}
		t.Errorf("a value of the spec's answer did not decode: %v", is)
	}
	for p := range excused.Paths {
		if !seen[p] {
			t.Errorf("excusedDecode[%q][%q] excuses %s, which decodes now: delete it", provider, op, p)
		}
	}
}
