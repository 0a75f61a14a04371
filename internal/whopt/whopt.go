// Package whopt holds the settings behind webhook.Option.
//
// A webhook.Option is a func(*Config): package webhook defines the common
// options (tolerance, clock, rotation secrets, body limit, logger, …) and a
// provider package defines its own (signeasy.AllowV1,
// legacyv1.WithRealtimeSecret) by writing to its typed slot here, so no
// provider needs webhook to export plumbing, and one option list configures
// a Handler and the provider it wraps alike.
package whopt

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// DefaultMaxBodyBytes is the body limit when none is set (1 MiB).
const DefaultMaxBodyBytes = 1 << 20

// DefaultTolerance is how far a signed timestamp may be from now, either way.
const DefaultTolerance = 5 * time.Minute

// Config is what a list of webhook options sets. The zero value is "all
// defaults"; read the limits through the methods, which apply them.
type Config struct {
	// Tolerance bounds the clock difference of signed timestamps (0: default).
	Tolerance time.Duration
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Secrets are accepted besides the primary one (rotation).
	Secrets []string
	// Payload selects an HMAC construction (0: the scheme's default); its
	// values are webhook.SignedPayload's.
	Payload int
	// MaxBodyBytes bounds delivery bodies (0: DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// Logger receives a Handler's refusals (nil: slog.Default()).
	Logger *slog.Logger
	// StrictDecoding refuses a delivery whose event has values that did
	// not decode (webhook.WithStrictDecoding), instead of dispatching it
	// with its DecodeIssues.
	StrictDecoding bool
	// Handler holds Handler-only settings as func(*webhook.Handler) values,
	// applied by webhook.NewHandler (dedupe).
	Handler []any

	// Provider slots: settings only one provider reads.
	Signeasy Signeasy
	LegacyV1 LegacyV1
}

// Signeasy holds signeasy's webhook settings.
type Signeasy struct {
	// AllowV1 accepts token-less v1 deliveries (signeasy.AllowV1).
	AllowV1 bool
}

// Verifier is webhook.Verifier (the same method set, so values convert both
// ways), declared here because webhook imports this package.
type Verifier interface {
	Verify(h http.Header, body []byte) error
}

// LegacyV1 holds legacyv1's webhook settings.
type LegacyV1 struct {
	// RealtimeSecrets key the HMAC of realtime deliveries
	// (legacyv1.WithRealtimeSecret); rotation secrets are appended.
	RealtimeSecrets []string
	// Realtime replaces the realtime check (legacyv1.WithRealtimeVerifier).
	Realtime Verifier
	// Event names the event of per-event form callbacks
	// (legacyv1.WithLegacyEvent).
	Event string
}

// Apply returns the Config opts set, in order; nil options are skipped. It
// takes any slice of func(*Config) types, so webhook.Option slices pass
// as they are. (The Config escapes to the options, so it is allocated
// once, here, and shared by pointer.)
func Apply[O ~func(*Config)](opts []O) *Config {
	c := new(Config)
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// MaxBody is the body limit in force.
func (c *Config) MaxBody() int64 {
	if c.MaxBodyBytes > 0 {
		return c.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

// Clock is the clock in force.
func (c *Config) Clock() func() time.Time {
	if c.Now != nil {
		return c.Now
	}
	return time.Now
}

// Window is the timestamp tolerance in force.
func (c *Config) Window() time.Duration {
	if c.Tolerance > 0 {
		return c.Tolerance
	}
	return DefaultTolerance
}

// ProviderOnly names the first setting in c that configures a provider's
// checks rather than a Handler ("" when there is none).
func (c *Config) ProviderOnly() string {
	switch {
	case c.Tolerance != 0:
		return "WithTolerance"
	case c.Now != nil:
		return "WithClock"
	case len(c.Secrets) > 0:
		return "WithAdditionalSecrets"
	case c.Payload != 0:
		return "WithSignedPayload"
	case c.Signeasy != (Signeasy{}):
		return "a signeasy option"
	case len(c.LegacyV1.RealtimeSecrets) > 0 || c.LegacyV1.Realtime != nil || c.LegacyV1.Event != "":
		return "a legacyv1 option"
	}
	return ""
}

// Blank reports a secret that is empty or only white space: a configuration
// mistake (an unset or mangled environment variable), refused like an empty
// one instead of becoming a guessable key.
func Blank(secret string) bool { return strings.TrimSpace(secret) == "" }
