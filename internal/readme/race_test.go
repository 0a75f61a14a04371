//go:build race

package readme

// raceEnabled: the test runs with -race, so the program of the snippets is
// built with it too (its packages are then in the build cache already).
const raceEnabled = true
