package blueink

import "time"

// WithBackoffHookForTest replaces the retry sleep: hook receives every
// computed wait and returns the wait actually slept (tests return 0).
func WithBackoffHookForTest(hook func(attempt int, wait time.Duration) time.Duration) Option {
	return func(c *config) { c.backoffHook = hook }
}
