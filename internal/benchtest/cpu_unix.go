//go:build unix

package benchtest

import (
	"syscall"
	"testing"
	"time"
)

// CPU reports the process CPU time (user + system, every thread, the
// garbage collector's included) per operation as the "cpu-ns/op" metric
// when the returned function is called at the end of the timed loop. On a
// shared machine wall time (ns/op) counts the time other processes held the
// CPU; process CPU time does not, so SDK/baseline ratios stay comparable.
//
//	defer benchtest.CPU(b)()
func CPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
