//go:build !race

package readme

// raceEnabled: see race_test.go.
const raceEnabled = false
