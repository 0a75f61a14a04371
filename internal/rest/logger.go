package rest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
)

// slogAdapter implements retryablehttp.LeveledLogger on top of slog,
// redacting every value.
type slogAdapter struct {
	l   *slog.Logger
	red *Redactor
}

func (a *slogAdapter) Error(msg string, kv ...any) { a.log(slog.LevelError, msg, kv) }
func (a *slogAdapter) Info(msg string, kv ...any)  { a.log(slog.LevelInfo, msg, kv) }
func (a *slogAdapter) Debug(msg string, kv ...any) { a.log(slog.LevelDebug, msg, kv) }
func (a *slogAdapter) Warn(msg string, kv ...any)  { a.log(slog.LevelWarn, msg, kv) }

func (a *slogAdapter) log(level slog.Level, msg string, kv []any) {
	ctx := context.Background()
	if !a.l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, len(kv)/2+1)
	attrs = append(attrs, slog.String("component", "esign/retry"))
	for i := 0; i+1 < len(kv); i += 2 {
		key := fmt.Sprint(kv[i])
		attrs = append(attrs, slog.String(key, a.value(kv[i+1])))
	}
	a.l.LogAttrs(ctx, level, a.red.String(msg), attrs...)
}

func (a *slogAdapter) value(v any) string {
	switch x := v.(type) {
	case *url.URL:
		return a.red.URL(x)
	case *http.Request:
		return x.Method + " " + a.red.URL(x.URL)
	case string:
		if u, err := url.Parse(x); err == nil && u.Scheme != "" && u.Host != "" {
			return a.red.URL(u)
		}
		return a.red.String(x)
	case error:
		return a.red.String(x.Error())
	}
	return a.red.String(fmt.Sprint(v))
}
