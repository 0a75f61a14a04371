package tolerant

import "testing"

// CheckInvariants exposes the fuzz invariants to the external test package
// (whose fuzz target decodes into provider types, which this package's own
// tests cannot import once the providers import it).
func CheckInvariants[T any](t testing.TB, data []byte, maxIssues int) {
	t.Helper()
	checkInvariants[T](t, data, maxIssues)
}
