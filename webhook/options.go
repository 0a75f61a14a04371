package webhook

import (
	"log/slog"
	"time"

	"github.com/esignkit/esign/internal/whopt"
)

// DefaultTolerance is how far a signed timestamp may be from now, either way.
const DefaultTolerance = whopt.DefaultTolerance

// DefaultMaxBodyBytes bounds delivery bodies (1 MiB) unless WithMaxBodyBytes
// says otherwise.
const DefaultMaxBodyBytes = whopt.DefaultMaxBodyBytes

// Option configures the receiving side: a scheme (NewTimestampedHMAC, …), a
// provider (blueink.WebhookProvider(secret, opts...), zigned.ConstructEvent,
// …) or a Handler (NewHandler(p, opts...)). One type serves all three, so a
// setting is written once wherever it reads best:
//
//   - WithTolerance, WithClock, WithAdditionalSecrets, WithSignedPayload and
//     the provider packages' own options (signeasy.AllowV1,
//     legacyv1.WithRealtimeSecret, …) configure verification;
//   - WithMaxBodyBytes bounds bodies for the Handler, every verifier and
//     every decoder alike, and WithStrictDecoding makes every decoder and
//     the Handler refuse an event with values that did not decode;
//   - WithLogger (and the dedupe options) configure a Handler only.
//
// Options given to NewHandler are passed on to a Provider built by an esign
// provider package, so NewHandler(blueink.WebhookProvider(secret),
// webhook.WithMaxBodyBytes(4<<20)) and
// NewHandler(blueink.WebhookProvider(secret, webhook.WithMaxBodyBytes(4<<20)))
// do the same.
//
// Options are functions over a settings type internal to this module: the
// provider packages define their own Option values, applications combine
// them but cannot write new ones.
type Option func(*whopt.Config)

// WithTolerance sets the allowed clock difference of signed timestamps,
// checked both ways (too old and too new). Non-positive values keep the
// default, DefaultTolerance.
func WithTolerance(d time.Duration) Option {
	return func(c *whopt.Config) {
		if d > 0 {
			c.Tolerance = d
		}
	}
}

// WithClock injects the clock used for timestamp checks (tests).
func WithClock(now func() time.Time) Option {
	return func(c *whopt.Config) {
		if now != nil {
			c.Now = now
		}
	}
}

// WithAdditionalSecrets makes a secret-based check (the HMAC schemes, and
// the providers' ConstructEvent, NewVerifier and WebhookProvider) accept
// signatures made with any of secrets as well. Use it while rotating: keep
// the old secret until every sender has the new one. Empty and blank
// secrets are ignored.
func WithAdditionalSecrets(secrets ...string) Option {
	return func(c *whopt.Config) { c.Secrets = append(c.Secrets, secrets...) }
}

// WithMaxBodyBytes bounds delivery bodies (default DefaultMaxBodyBytes,
// 1 MiB). Set once, on the Handler or on the provider, it is honoured by
// the Handler (larger bodies are answered 413 unread), by every verifier and
// by every decoder (ErrBodyTooLarge). Non-positive values keep the default.
func WithMaxBodyBytes(n int64) Option {
	return func(c *whopt.Config) {
		if n > 0 {
			c.MaxBodyBytes = n
		}
	}
}

// WithStrictDecoding refuses a delivery whose body has values that do not
// decode into the provider's event types (a timestamp in an unknown shape,
// a string where a number or list was expected), instead of decoding the
// rest and listing them on the event (Event.DecodeIssues). A
// ConstructEvent or ParseEvent given it returns an error wrapping
// ErrInvalidPayload that errors.As resolves to each DecodeIssue; a Handler
// answers such a delivery 400 without dispatching it. A body that is not
// JSON (or form data), or not the expected shape at the top, is refused
// either way.
func WithStrictDecoding() Option {
	return func(c *whopt.Config) { c.StrictDecoding = true }
}

// WithLogger sets the logger of a Handler's refusals and failures (default:
// slog.Default(), read when a line is logged). Only the reason goes there,
// never a secret; the HTTP answer stays generic.
func WithLogger(l *slog.Logger) Option {
	return func(c *whopt.Config) { c.Logger = l }
}

// handlerOption wraps a Handler-only setting (dedupe) as an Option.
func handlerOption(f func(*Handler)) Option {
	return func(c *whopt.Config) { c.Handler = append(c.Handler, f) }
}
