package rest

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzParseRetryAfter: any header value gives a wait in [0, 24h] when it is
// seconds, never a negative one, and never panics.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "1", "120", "-5", " 7 ", "99999999999999999999", "1e3",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Mon, 02 Jan 2006 15:04:05 MST", "garbage", "\x00"} {
		f.Add(s)
	}
	now := time.Date(2015, 10, 21, 7, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := ParseRetryAfter(v, now)
		if d < 0 {
			t.Fatalf("ParseRetryAfter(%q) = %s < 0", v, d)
		}
		// Every wait is capped at a day; digits past it are clamped to it.
		if d > MaxRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %s > 24h", v, d)
		}
		s := strings.TrimSpace(v)
		digits := s != "" && strings.Trim(s, "0123456789") == ""
		if digits && len(strings.TrimLeft(s, "0")) > 10 && d != MaxRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %s, want the clamp %s", v, d, MaxRetryAfter)
		}
		if _, err := http.ParseTime(s); err != nil && !digits && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) = %s for a malformed value", v, d)
		}
	})
}

// FuzzParseRateLimit: rate-limit headers of any content never panic and
// give non-negative counts.
func FuzzParseRateLimit(f *testing.F) {
	f.Add("100", "99", "1700000000")
	f.Add("", "", "")
	f.Add("-1", "abc", "9999999999999999999999")
	f.Add(" 5 ", "0", "0")
	f.Fuzz(func(t *testing.T, limit, remaining, reset string) {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset", reset)
		rl := parseRateLimit(h)
		if rl == nil {
			if limit != "" || remaining != "" {
				t.Fatalf("nil for limit=%q remaining=%q", limit, remaining)
			}
			return
		}
		if rl.Limit < 0 || rl.Remaining < 0 {
			t.Fatalf("negative counts: %+v", rl)
		}
	})
}

// Overflowing rate-limit headers are clamped, never wrapped or dropped.
func TestRateLimitHeadersClamped(t *testing.T) {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "99999999999999999999999")
	h.Set("X-RateLimit-Remaining", "9223372036854775808")
	h.Set("X-RateLimit-Reset", "99999999999999999999999")
	rl := parseRateLimit(h)
	if rl == nil || rl.Limit != math.MaxInt32 || rl.Remaining != math.MaxInt32 || rl.Reset.Unix() != maxResetUnix {
		t.Fatalf("rate limit = %+v", rl)
	}
}
