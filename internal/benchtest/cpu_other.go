//go:build !unix

package benchtest

import "testing"

// CPU reports nothing where process CPU time is not available.
func CPU(*testing.B) func() { return func() {} }
