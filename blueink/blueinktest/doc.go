// Package blueinktest is an in-memory fake of the BlueInk eSignature API v2
// for tests and demos.
package blueinktest
