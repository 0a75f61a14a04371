package blueink

import "github.com/esignkit/esign/internal/rest"

// Option configures a Client. Invalid values are reported by NewClient as
// a *ValidationError. The common options (WithBaseURL, WithHTTPClient,
// WithMaxRetries, WithRetryWait, WithLogger, WithUserAgent,
// WithBackoffHook) are the same in every esign package.
type Option func(*config)

// config is what the options set: the settings every esign client shares.
type config struct {
	rest.Settings
}

// defaultConfig is where the options start from.
func defaultConfig() *config { return &config{Settings: rest.Settings{BaseURL: DefaultBaseURL}} }
