package storetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esignkit/esign/webhook"
)

// The multi-replica scenario.
const (
	replicaCount   = 3
	deliveryCount  = 1000
	duplicateShare = 0.30 // of deliveries: copies of another delivery's event
	failShare      = 0.10 // of events: the first attempt fails in the user's handler
	replicaLease   = 2 * time.Second
	senders        = 32   // concurrent deliveries in flight
	crashAt        = 60   // the crashing replica dies during its 60th dispatch
	maxAttempts    = 1000 // per delivery; reaching it fails the test
)

// ReplicaStats counts what happened in a Replicas run.
type ReplicaStats struct {
	Events     int // distinct events
	Deliveries int // deliveries the provider made (events plus duplicates)
	Requests   int // HTTP attempts, retries included
	Retries    int // Requests - Deliveries

	OK          int // answers 200
	Conflict    int // answers 409 (another attempt held the event)
	ServerError int // answers 500 (the user's handler failed)
	OtherStatus int // any other answer
	// TransportErrors are attempts that got no answer: sent to the crashed
	// replica, or cut by its crash.
	TransportErrors int

	HandlerCalls     int // calls of the user's handler
	InjectedFailures int // first attempts failed on purpose
	// LeaseOverruns are attempts that found their lease over when about to
	// commit (a stalled machine) and failed instead, to be retried.
	LeaseOverruns int
	// CrashRecoveries are events the crashed replica held when it died,
	// handled by another replica once the lease expired.
	CrashRecoveries int
	Elapsed         time.Duration
}

func (s ReplicaStats) String() string {
	return fmt.Sprintf("%d events, %d deliveries, %d requests (%d retries): %d×200 %d×409 %d×500 %d other, %d transport errors; "+
		"%d handler calls, %d injected failures, %d lease overruns, %d crash recoveries; %v",
		s.Events, s.Deliveries, s.Requests, s.Retries, s.OK, s.Conflict, s.ServerError, s.OtherStatus, s.TransportErrors,
		s.HandlerCalls, s.InjectedFailures, s.LeaseOverruns, s.CrashRecoveries, s.Elapsed.Round(time.Millisecond))
}

var errInjected = errors.New("storetest: injected failure")

// Replicas runs three webhook.Handlers sharing store behind three HTTP
// servers. A simulated provider makes 1,000 deliveries (30% duplicates,
// many sent at the same time as their original) from 32 concurrent senders
// to random replicas, and retries every attempt not answered 2xx. The user's
// handler fails the first attempt of 10% of the events, and one replica
// crashes during an event: its handlers never return, its connections are
// cut and it answers nothing more, so its leases expire without Complete or
// Release. The user's handler commits its work only while its context (the
// lease) is live, as a database transaction run with that context would.
// Replicas checks that every event's handler succeeded exactly once, that every delivery was eventually acknowledged, that the crashed
// replica's events were recovered by the others, and that its attempts
// coming back late clobber nothing; it logs and returns the counts.
func Replicas(t *testing.T, store webhook.DedupeStore) ReplicaStats {
	t.Helper()
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("storetest.Replicas seed %d", seed)

	events := deliveryCount - int(deliveryCount*duplicateShare)
	runID := randomHex(6)
	ids := make([]string, events)
	fail := make([]bool, events)
	for i := range ids {
		ids[i] = fmt.Sprintf("evt_%s_%04d", runID, i)
	}
	for _, i := range rng.Perm(events)[:int(float64(events)*failShare)] {
		fail[i] = true
	}
	// Deliveries: every event once, in random order; each duplicate right
	// after its original (they race) or at a random later place.
	order := rng.Perm(events)
	dups := map[int]int{} // extra copies per event
	for i := 0; i < deliveryCount-events; i++ {
		dups[rng.IntN(events)]++
	}
	var queue []int
	var later []int
	for _, ev := range order {
		queue = append(queue, ev)
		for c := 0; c < dups[ev]; c++ {
			if rng.IntN(2) == 0 {
				queue = append(queue, ev)
			} else {
				later = append(later, ev)
			}
		}
	}
	for _, ev := range later {
		at := rng.IntN(len(queue) + 1)
		queue = append(queue[:at], append([]int{ev}, queue[at:]...)...)
	}

	var (
		successes = make([]atomic.Int32, events)
		injected  = make([]atomic.Bool, events)
		calls     atomic.Int32
		injects   atomic.Int32
		crashed   atomic.Bool
		unblock   = make(chan struct{})
		stuckMu   sync.Mutex
		stuck     = map[int]bool{}
		stuckWG   sync.WaitGroup
		stuckCall atomic.Int32
		overruns  atomic.Int32
	)
	sign := newSigner()
	p := provider{sign}
	servers := make([]*httptest.Server, replicaCount)
	const crashing = replicaCount - 1
	var crashDispatches atomic.Int32
	crash := func() {
		if crashed.CompareAndSwap(false, true) {
			go servers[crashing].CloseClientConnections()
		}
	}
	block := func(n int) error {
		stuckCall.Add(1)
		stuckMu.Lock()
		stuck[n] = true
		stuckMu.Unlock()
		stuckWG.Add(1)
		defer stuckWG.Done()
		<-unblock
		return errors.New("storetest: the crashed replica's handler returns after the test")
	}
	for r := range servers {
		h := webhook.NewHandler(p, webhook.WithDedupe(store, time.Hour), webhook.WithDedupeLease(replicaLease))
		webhook.On(h, func(ctx context.Context, ev *testEvent) error {
			calls.Add(1)
			dead := r == crashing
			if dead && (crashDispatches.Add(1) == crashAt || crashed.Load()) {
				crash()
				return block(ev.N)
			}
			if fail[ev.N] && injected[ev.N].CompareAndSwap(false, true) {
				injects.Add(1)
				return errInjected
			}
			time.Sleep(rand.N(2 * time.Millisecond)) // the work
			if dead && crashed.Load() {
				return block(ev.N)
			}
			// Like a transaction committed with ctx: past the lease (a
			// stalled attempt), another replica may own the event.
			if err := ctx.Err(); err != nil {
				overruns.Add(1)
				return err
			}
			successes[ev.N].Add(1)
			return nil
		})
		servers[r] = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if r == crashing && crashed.Load() {
				panic(http.ErrAbortHandler) // a dead process answers nothing
			}
			h.ServeHTTP(w, req)
		}))
	}
	defer func() {
		select {
		case <-unblock:
		default:
			close(unblock)
		}
		for _, s := range servers {
			s.Close()
		}
	}()

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: senders, MaxConnsPerHost: 0},
	}
	defer client.CloseIdleConnections()
	var (
		statsMu sync.Mutex
		st      = ReplicaStats{Events: events, Deliveries: len(queue)}
	)
	count := func(code int, err error) {
		statsMu.Lock()
		defer statsMu.Unlock()
		st.Requests++
		switch {
		case err != nil:
			st.TransportErrors++
		case code == http.StatusOK:
			st.OK++
		case code == http.StatusConflict:
			st.Conflict++
		case code == http.StatusInternalServerError:
			st.ServerError++
		default:
			st.OtherStatus++
		}
	}

	start := time.Now()
	work := make(chan int)
	var wg sync.WaitGroup
	for s := 0; s < senders; s++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(s)+1))
			for n := range work {
				body := deliveryBody(ids[n], n)
				for attempt := 1; ; attempt++ {
					code, err := post(client, sign, servers[rng.IntN(replicaCount)].URL, body)
					count(code, err)
					if err == nil && code/100 == 2 {
						break
					}
					if attempt == maxAttempts {
						t.Errorf("delivery of %s: no 2xx after %d attempts (last %d %v)", ids[n], attempt, code, err)
						break
					}
					time.Sleep(min(time.Duration(attempt)*5*time.Millisecond, 100*time.Millisecond))
				}
			}
		}()
	}
	for _, n := range queue {
		work <- n
	}
	close(work)
	wg.Wait()
	st.Elapsed = time.Since(start)

	// The crashed replica's attempts come back: their Release must not
	// clobber what the others completed.
	close(unblock)
	stuckWG.Wait()

	st.Retries = st.Requests - st.Deliveries
	st.HandlerCalls = int(calls.Load())
	st.InjectedFailures = int(injects.Load())
	st.LeaseOverruns = int(overruns.Load())
	st.CrashRecoveries = len(stuck)
	t.Logf("storetest.Replicas: %v", st)

	for n, id := range ids {
		if got := successes[n].Load(); got != 1 {
			t.Errorf("event %s: handler succeeded %d times, want exactly once", id, got)
		}
	}
	if st.OK != st.Deliveries {
		t.Errorf("%d deliveries acknowledged with 200, want %d", st.OK, st.Deliveries)
	}
	if want := st.Events + st.InjectedFailures + st.LeaseOverruns + int(stuckCall.Load()); st.HandlerCalls != want {
		t.Errorf("%d handler calls, want %d (one success per event, the injected failures, the lease overruns and the crashed attempts)", st.HandlerCalls, want)
	}
	if st.InjectedFailures != int(float64(events)*failShare) {
		t.Errorf("%d injected failures, want %d", st.InjectedFailures, int(float64(events)*failShare))
	}
	if !crashed.Load() || st.CrashRecoveries == 0 {
		t.Errorf("the replica never crashed during an event")
	}
	probe := "storetest-probe-" + randomHex(4)
	for _, id := range ids {
		s, err := store.Claim(context.Background(), providerName+":"+id, probe, time.Minute)
		if err != nil || s != webhook.Done {
			t.Errorf("event %s after the run: %v %v, want done", id, s, err)
		}
	}
	return st
}

func post(c *http.Client, s signer, url string, body []byte) (int, error) {
	resp, err := c.Do(s.request(url, body))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
