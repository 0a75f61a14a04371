package speccheck

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

// runFake runs the drivers through a client that talks to a fake server
// across a validating Transport, and checks every answer the fake gives to
// a spec operation against the spec (ValidateResponse). Calls may fail (a
// fake does not know the drivers' ids, or lacks an operation): what is
// checked is that whatever the fake answers is an answer the spec allows.
// Operations in pendingFake must still fail (a stale entry fails).
func runFake[C any](t *testing.T, tr *Transport, c C, drivers []driver[C]) {
	t.Helper()
	provider := tr.Spec.Name
	for _, d := range drivers {
		_ = d.call(context.Background(), c)
	}
	bad := map[Op][]string{}
	seen := map[Op]bool{}
	valid, total, undeclared := 0, 0, 0
	for _, ex := range tr.Exchanges() {
		if ex.Op == "" {
			continue // outside the spec (token endpoint, newer operations)
		}
		if ex.Status >= 300 && len(ex.Response.Problems) == 1 && ex.Response.Problems[0].Message == "status is not supported" {
			undeclared++ // an error status the spec does not list (unknown id, 501): nothing to check against
			continue
		}
		seen[ex.Op] = true
		total++
		if len(ex.Response.Problems) == 0 {
			valid++
			continue
		}
		for _, p := range ex.Response.Problems {
			bad[ex.Op] = append(bad[ex.Op], p.Message)
		}
	}
	var ops []string
	for op := range seen {
		ops = append(ops, string(op))
	}
	sort.Strings(ops)
	for _, o := range ops {
		op := Op(o)
		why, pending := pendingFake[provider][op]
		switch {
		case pending && len(bad[op]) == 0 && strings.HasPrefix(why, randomCause):
			t.Logf("pendingFake[%q][%q]: every answer validated in this run (%s)", provider, op, why)
		case pending && len(bad[op]) == 0:
			t.Errorf("pendingFake[%q][%q] is stale (every answer validates now): delete the entry", provider, op)
		case pending:
			t.Logf("pending fake %s (%s): %s", op, why, bad[op][0])
		case len(bad[op]) > 0:
			t.Errorf("fake answer to %s does not validate: %s", op, strings.Join(bad[op], "; "))
		}
	}
	t.Logf("%s fake: %d operations answered with a declared status, %d of %d answers validated (%d answers with an undeclared error status)",
		provider, len(seen), valid, total, undeclared)
}

func TestBlueInkFakeAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "blueink")}
	srv := blueinktest.NewServer(t)
	c := srv.Client(blueink.WithHTTPClient(&http.Client{Transport: tr}), blueink.WithMaxRetries(0))
	runFake(t, tr, c, blueinkDrivers())
}

func TestZignedFakeAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "zigned")}
	srv := zignedtest.NewServer(t)
	c := srv.Client(zigned.WithHTTPClient(&http.Client{Transport: tr}), zigned.WithMaxRetries(0))
	runFake(t, tr, c, zignedDrivers())
}

func TestLegalesignFakeAnswers(t *testing.T) {
	tr := &Transport{Spec: Load(t, "legalesign")}
	srv := legacyv1test.NewServer(t)
	c := srv.Client(legacyv1.WithHTTPClient(&http.Client{Transport: tr}), legacyv1.WithMaxRetries(0))
	runFake(t, tr, c, legalesignDrivers())
}
