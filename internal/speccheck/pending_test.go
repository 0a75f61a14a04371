package speccheck

// TEMPORARY tables: each entry is one cause that other branches in flight
// fix. Delete an entry when its fix lands: the tests fail on a stale
// entry, so none outlives its cause.

// pendingDecode: spec answers the client still fails on (the call returns
// an error), each for a cause that needs more than tolerant decoding. Key:
// provider, operation.
var pendingDecode = map[string]map[Op]string{}

// randomCause starts the reason of a pendingFake cause that excuses random
// values the spec refuses only sometimes (a random secret may happen to be
// base58): such a cause is not reported stale when it excuses nothing in
// one run.
const randomCause = "random: "

// pendingFake: what the fakes answer that their spec (or the Signeasy
// table) does not allow; the fakes are being rebuilt on the shared engine
// (issue 19, another branch). Each cause excuses the problems of one
// operation ("" every operation) whose message contains Match; a cause that
// excuses nothing fails the tests (stale).
var pendingFake = map[string][]fakeCause{}

// pendingServe: operations the clients have that the fakes do not serve
// yet (they answer 501): issue 19 item 2, another branch. An operation the
// fake serves now fails the tests (stale).
var pendingServe = map[string][]Op{}

// pendingFakeOps: newer operations a client calls that the fake's table
// does not have yet; the fake's owner adds them. An operation the fake
// serves now fails the tests (stale).
var pendingFakeOps = map[string][]Op{}

// pendingRequest: requests our client sends that the spec refuses, found by
// this oracle and not yet fixed (each needs a decision beyond a minimal
// fix: see the report). Key: provider, operation; value: the cause.
var pendingRequest = map[string]map[Op]string{}

// pendingClient: counted operations of the Signeasy endpoint table that the
// client has no method for. Key: the table's operation id; value: the cause.
var pendingClient = map[Op]string{}
