package faulttest_test

// Exactly-once creates under fire: every provider with a client-chosen key
// a create can be found by (BlueInk's custom_key, Zigned's lookup_key,
// Legalesign's tag2, matched in the group's recent documents since tags
// cannot be filtered on) creates through its CreateOnce, behind a proxy
// that faults 30% of the requests with 429, 503, a connection dropped
// before the fake sees the request, or — the case that makes creates hard
// — a connection dropped after the fake committed the create
// (LostAnswer). 100 creates per provider, 300 in all: zero duplicates,
// zero losses, and every lost answer is recovered by looking the object
// up.
//
// Signeasy has no such key (its creates take no client reference): its
// creates keep failing with ErrOutcomeUnknown after an ambiguous failure
// (the suite above checks that, as it does for Legalesign's plain Create)
// and it is not part of this test.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
	"github.com/esignkit/esign/internal/faulttest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
	"github.com/esignkit/esign/zigned"
	"github.com/esignkit/esign/zigned/zignedtest"
)

const nOnce = 100

// onceProvider is what the exactly-once test needs from a package.
type onceProvider struct {
	name string
	rig  *rig
	// createOnce performs the i-th exactly-once create and returns the key
	// the created object carries.
	createOnce func(ctx context.Context, i int) (key string, recovered bool, err error)
	// stored counts the objects the fake holds per key (read around the proxy).
	stored func(ctx context.Context) (map[string]int, error)
}

func TestExactlyOnceCreates(t *testing.T) {
	total := 0
	for _, mk := range []func(*testing.T) onceProvider{blueinkOnce, zignedOnce, legacyv1Once} {
		p := mk(t)
		t.Run(p.name, func(t *testing.T) { total += runOnce(t, p) })
	}
	if total != 3*nOnce {
		t.Fatalf("%d exactly-once creates succeeded, want %d", total, 3*nOnce)
	}
}

func runOnce(t *testing.T, p onceProvider) int {
	ctx := context.Background()
	before, err := p.stored(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mark := len(p.rig.inj.Log())
	keys := map[string]bool{}
	ok, recovered := 0, 0
	for i := range nOnce {
		key, rec, err := p.createOnce(ctx, i)
		if err != nil {
			t.Errorf("create %d lost: %v", i, err)
			continue
		}
		if keys[key] {
			t.Errorf("create %d: key %q returned twice", i, key)
		}
		keys[key] = true
		ok++
		if rec {
			recovered++
		}
	}
	after, err := p.stored(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Zero duplicates: every key is held by exactly one object, and nothing
	// else was created.
	created := 0
	for key, n := range after {
		n -= before[key]
		if n == 0 {
			continue
		}
		created += n
		if !keys[key] {
			t.Errorf("the fake holds %d object(s) with key %q that no call returned", n, key)
		}
		if n > 1 {
			t.Errorf("duplicate: %d objects with key %q", n, key)
		}
	}
	for key := range keys {
		if after[key]-before[key] != 1 {
			t.Errorf("lost: key %q returned but %d object(s) stored", key, after[key]-before[key])
		}
	}
	// Every answer lost after the commit was recovered by the lookup.
	counts := map[faulttest.Fault]int{}
	for _, ev := range p.rig.inj.Log()[mark:] {
		if ev.Method == http.MethodPost && p.rig.cnt.isCreate(ev.Path) {
			counts[ev.Fault]++
		}
	}
	t.Logf("%s: %d/%d created once (%d recovered after a lost answer); create POST faults: lost=%d 503=%d dropped=%d 429=%d",
		p.name, ok, nOnce, recovered, counts[faulttest.LostAnswer], counts[faulttest.Unavailable], counts[faulttest.Dropped], counts[faulttest.TooManyRequests])
	if created != ok {
		t.Errorf("%d objects created for %d successful calls", created, ok)
	}
	if recovered != counts[faulttest.LostAnswer] {
		t.Errorf("%d calls recovered, but %d answers were lost after the commit", recovered, counts[faulttest.LostAnswer])
	}
	if counts[faulttest.LostAnswer] == 0 || counts[faulttest.Unavailable] == 0 || counts[faulttest.Dropped] == 0 {
		t.Errorf("the seed exercised too little: %v", counts)
	}
	return ok
}

// onceRig is a rig whose injector also loses answers after the commit.
func onceRig(t *testing.T, fakeURL string, isCreate func(string) bool) *rig {
	r := newRig(t, fakeURL, isCreate)
	r.inj.Kinds = append(append([]faulttest.Fault(nil), faulttest.DefaultKinds...), faulttest.LostAnswer)
	return r
}

func blueinkOnce(t *testing.T) onceProvider {
	fake := blueinktest.NewServer(t)
	r := onceRig(t, fake.Root(), func(p string) bool { return p == blueinktest.APIPath+"bundles/" })
	c := fake.Client(blueink.WithBaseURL(r.URL+blueinktest.APIPath), blueink.WithHTTPClient(r.hc),
		blueink.WithRetryWait(waitMin, waitMax))
	direct := fake.Client()
	return onceProvider{
		name: "blueink", rig: r,
		createOnce: func(ctx context.Context, i int) (string, bool, error) {
			req := &blueink.BundleRequest{
				Label:     fmt.Sprintf("Bundle %d", i),
				IsTest:    true,
				Packets:   []blueink.PacketRequest{{Key: "signer-1", Name: "Ada Lovelace", Email: "ada@example.com"}},
				Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "doc", FileURL: "https://example.com/doc.pdf"}},
			}
			if i%2 == 1 {
				req.CustomKey = fmt.Sprintf("order-%d", i) // a key of the caller's
			}
			b, resp, err := c.Bundles.CreateOnce(ctx, req)
			if err != nil {
				return "", false, err
			}
			if req.CustomKey != "" && b.CustomKey != req.CustomKey {
				return "", false, errors.New("the bundle does not carry the caller's key")
			}
			return b.CustomKey, resp.Recovered, nil
		},
		stored: func(ctx context.Context) (map[string]int, error) {
			out := map[string]int{}
			for b, err := range direct.Bundles.All(ctx, &blueink.BundleListOptions{ListOptions: blueink.ListOptions{PerPage: blueink.MaxPerPage}}) {
				if err != nil {
					return nil, err
				}
				out[b.CustomKey]++
			}
			return out, nil
		},
	}
}

func zignedOnce(t *testing.T) onceProvider {
	fake := zignedtest.NewServer(t)
	r := onceRig(t, fake.Root(), func(p string) bool { return p == "/rest/v3/agreements" })
	c := fake.Client(zigned.WithBaseURL(r.URL+"/rest/v3"), zigned.WithTokenURL(r.URL+"/oauth/token"),
		zigned.WithHTTPClient(r.hc), zigned.WithRetryWait(waitMin, waitMax))
	direct := fake.Client()
	return onceProvider{
		name: "zigned", rig: r,
		createOnce: func(ctx context.Context, i int) (string, bool, error) {
			req := &zigned.AgreementRequest{}
			if i%2 == 1 {
				req.LookupKey = fmt.Sprintf("customer-%d", i)
			}
			a, resp, err := c.Agreements.CreateOnce(ctx, req)
			if err != nil {
				return "", false, err
			}
			return a.Metadata.LookupKey, resp.Recovered, nil
		},
		stored: func(ctx context.Context) (map[string]int, error) {
			out := map[string]int{}
			for a, err := range direct.Agreements.All(ctx, &zigned.AgreementListOptions{ListOptions: zigned.ListOptions{Limit: zigned.MaxPageSize}}) {
				if err != nil {
					return nil, err
				}
				out[a.Metadata.LookupKey]++
			}
			return out, nil
		},
	}
}

func legacyv1Once(t *testing.T) onceProvider {
	fake := legacyv1test.NewServer(t)
	r := onceRig(t, fake.Root(), func(p string) bool { return p == "/api/v1/document/" })
	c := fake.Client(legacyv1.WithBaseURL(r.URL+"/api/v1"), legacyv1.WithHTTPClient(r.hc),
		legacyv1.WithRetryWait(waitMin, waitMax))
	direct := fake.Client()
	const group = legacyv1test.DefaultGroup
	return onceProvider{
		name: "legacyv1", rig: r,
		createOnce: func(ctx context.Context, i int) (string, bool, error) {
			req := &legacyv1.DocumentCreateRequest{Group: group, Name: fmt.Sprintf("Doc %d", i), Text: "<p>Terms</p>",
				Signers: []*legacyv1.SignerRequest{{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}}}
			if i%2 == 1 {
				req.Tag2 = fmt.Sprintf("order-%d", i) // a key of the caller's
			}
			d, resp, err := c.Documents.CreateOnce(ctx, req)
			if err != nil {
				return "", false, err
			}
			if req.Tag2 != "" && d.Key != req.Tag2 {
				return "", false, errors.New("the document does not carry the caller's key")
			}
			return d.Key, resp.Recovered, nil
		},
		stored: func(ctx context.Context) (map[string]int, error) {
			out := map[string]int{}
			for _, archived := range []bool{false, true} {
				for d, err := range direct.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: group, Archived: legacyv1.Bool(archived),
					ListOptions: legacyv1.ListOptions{Limit: 1000}}) {
					if err != nil {
						return nil, err
					}
					out[d.Tag2]++
				}
			}
			return out, nil
		},
	}
}
