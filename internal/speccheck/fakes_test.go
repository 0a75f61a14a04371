package speccheck

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// A fake scenario creates objects in a fake server through the real client
// and walks them through the operations the client has (create → get →
// list → update → lifecycle → delete), with a validating Transport between
// the two: every answer the fake gives is checked against the provider's
// spec (or the Signeasy table). The scenarios use only Ptest.NewServer(t),
// srv.Client(opts...) (with WithHTTPClient and WithMaxRetries, through the
// provider's option list) and the client's methods, so they run unchanged
// on the fakes' new engine.

// fakeStep is one call of a scenario.
type fakeStep[C any] struct {
	name string
	call func(ctx context.Context, c C) error
	// wantErr: the call must fail with this error (errors.Is); nil: the
	// call must succeed, unless an operation it hits is in pendingFake.
	wantErr error
}

// fakeCount is what a scenario measured.
type fakeCount struct {
	steps      int
	ops        int // spec operations the fake answered
	answers    int // answers to spec operations with a status the spec declares
	validated  int // of which valid
	excused    int // of which valid but for the problems pendingFake names
	notServed  int // answers 501/405: the fake does not serve the operation
	undeclared int // error answers with a status the spec does not declare (nothing to check against)
	outside    int // calls outside the spec that the provider expects (newer operations, downloads, …)
}

func (n fakeCount) String() string {
	return fmt.Sprintf("%d steps; %d operations answered; %d of %d answers validated (%d more valid but for pendingFake causes); "+
		"%d not served (501/405); %d error answers with a status the spec does not declare; %d calls outside the spec (newer operations, downloads)",
		n.steps, n.ops, n.validated, n.answers, n.excused, n.notServed, n.undeclared, n.outside)
}

// fakeCause is one known mismatch of a fake (pendingFake): the problems of
// Op ("" every operation of the provider) whose message contains Match
// ("" any problem of Op).
type fakeCause struct {
	Op    Op
	Match string
	Why   string
}

// runScenario runs the steps in order through c, whose HTTP client is
// tr. outside names why a call that is no operation of the oracle is
// expected ("" fails the test). It checks that every answer (and every
// request, whose path carries the ids the fake issued) validates, apart
// from the problems a pendingFake cause names; that every operation the
// fake answers 501/405 is in pendingServe; that every step succeeds (or
// fails with its wantErr) unless it hit an operation not served or one
// with a cause of its own. A cause that excuses nothing, or a pendingServe
// operation the fake serves now, is stale and fails the test.
func runScenario[C any](t *testing.T, provider string, tr *Transport, c C, steps []fakeStep[C], outside func(method, path string) string) fakeCount {
	t.Helper()
	causes := pendingFake[provider]
	used := make([]bool, len(causes))
	toServe := map[Op]bool{}
	for _, op := range pendingServe[provider] {
		toServe[op] = true
	}
	n := fakeCount{steps: len(steps)}
	seen, served, notServed := map[Op]bool{}, map[Op]bool{}, map[Op]bool{}
	unexcused := map[Op][]string{}
	excuse := func(op Op, msg string) (ownCause bool) {
		if _, ok := pendingRequest[provider][op]; ok && strings.HasPrefix(msg, "request: ") {
			return true // the client's own request problem, pending elsewhere
		}
		for i, fc := range causes {
			if (fc.Op == "" || fc.Op == op) && strings.Contains(msg, fc.Match) {
				used[i] = true
				return fc.Op != ""
			}
		}
		unexcused[op] = append(unexcused[op], msg)
		return false
	}
	for _, st := range steps {
		tr.Reset()
		err := st.call(context.Background(), c)
		tolerated := ""
		for _, ex := range tr.Exchanges() {
			if ex.Op == "" {
				if outside(ex.Method, ex.Path) == "" {
					t.Errorf("%s: %s %s is no operation of the spec", st.name, ex.Method, ex.Path)
					continue
				}
				n.outside++
				continue
			}
			seen[ex.Op] = true
			probs := ex.Response.Problems
			if len(probs) == 1 && probs[0].Message == "status is not supported" {
				for _, p := range ex.Request.Problems {
					excuse(ex.Op, "request: "+p.Message)
				}
				if ex.Status == http.StatusNotImplemented || ex.Status == http.StatusMethodNotAllowed {
					n.notServed++
					notServed[ex.Op] = true
					tolerated = string(ex.Op) + " (not served)"
				} else {
					n.undeclared++
				}
				continue
			}
			served[ex.Op] = true
			n.answers++
			for _, p := range ex.Request.Problems {
				if excuse(ex.Op, "request: "+p.Message) {
					tolerated = string(ex.Op)
				}
			}
			before := len(unexcused[ex.Op])
			for _, p := range probs {
				if excuse(ex.Op, fmt.Sprintf("%d answer: %s", ex.Status, p.Message)) {
					tolerated = string(ex.Op)
				}
			}
			switch {
			case len(probs) == 0:
				n.validated++
			case len(unexcused[ex.Op]) == before:
				n.excused++
			}
		}
		switch {
		case st.wantErr != nil && !errors.Is(err, st.wantErr):
			t.Errorf("%s: got %v, want %v", st.name, err, st.wantErr)
		case st.wantErr == nil && err != nil && tolerated != "":
			t.Logf("%s failed on pending %s: %v", st.name, tolerated, err)
		case st.wantErr == nil && err != nil:
			t.Errorf("%s: %v", st.name, err)
		}
	}
	n.ops = len(seen)
	for _, op := range sortedKeys(unexcused) {
		t.Errorf("fake answers to %s do not validate:\n  %s", op, strings.Join(dedupe(unexcused[op]), "\n  "))
	}
	for _, op := range sortedKeys(notServed) {
		if !toServe[op] {
			t.Errorf("the fake does not serve %s (501/405): add it to pendingServe[%q]", op, provider)
		}
	}
	for _, op := range pendingServe[provider] {
		switch {
		case !seen[op]:
			t.Errorf("pendingServe[%q]: the scenario never calls %s", provider, op)
		case served[op] && !notServed[op]:
			t.Errorf("pendingServe[%q] is stale: the fake serves %s now; delete the entry", provider, op)
		}
	}
	for i, fc := range causes {
		switch {
		case used[i]:
		case strings.HasPrefix(fc.Why, randomCause):
			t.Logf("pendingFake[%q] %q: excused nothing in this run (%s)", provider, fc.Op, fc.Why)
		default:
			t.Errorf("pendingFake[%q] {%q, %q} is stale (it excuses nothing now): delete the entry", provider, fc.Op, fc.Match)
		}
	}
	t.Logf("%s fake: %s", provider, n)
	return n
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// apiPath strips the part of a URL path before base ("/api/v2"), or
// returns "" when base is not in it.
func apiPath(path, base string) string {
	if _, rest, ok := strings.Cut(path, base); ok {
		return rest
	}
	return ""
}
