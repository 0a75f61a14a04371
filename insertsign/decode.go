package insertsign

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/esignkit/esign/internal/jsonscan"
)

// This file holds the small lenient JSON types the wire structs use. InsertSign
// does not retry a delivery it could not hand over, so a value sent in an
// unexpected but unambiguous representation (a number as a string, a float
// where an integer is documented) is accepted rather than failing the whole
// delivery. Values that cannot be read at all are still errors.

// maxRawInt bounds the integers kept as sent (Signer.Timestamp): the
// epoch-millisecond values of years -9999..9999.
const maxRawInt = 253402300799999

// Datetimes inside data (epoch milliseconds, documented) decode through
// timeutil.Millis: a number or a string of digits is milliseconds, 0 is
// unset, an ISO 8601 string is read too.

// Progress is a request's completion in percent, 0 to 100 as documented. It
// decodes from a JSON number (a fraction is rounded to the nearest integer) or
// a numeric string.
type Progress int

// Documented bounds of Progress.
const (
	ProgressNone     Progress = 0   // no signer has signed yet (request.sent)
	ProgressComplete Progress = 100 // every signer has signed
)

// UnmarshalJSON implements json.Unmarshaler.
func (p *Progress) UnmarshalJSON(b []byte) error {
	n, err := lenientNumber(b)
	if err != nil {
		return fmt.Errorf("insertsign: progress: %w", err)
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		return fmt.Errorf("insertsign: progress %g out of range", n)
	}
	*p = Progress(math.Round(n))
	return nil
}

// rawInt is an integer kept as sent (Signer.Timestamp), decoded leniently.
type rawInt int64

func (r *rawInt) UnmarshalJSON(b []byte) error {
	n, err := lenientNumber(b)
	if err != nil {
		return err
	}
	if n > maxRawInt || n < -maxRawInt {
		return fmt.Errorf("insertsign: integer %g out of range", n)
	}
	*r = rawInt(n)
	return nil
}

// lenientNumber reads a JSON number, a numeric string, or null/"" (0).
func lenientNumber(b []byte) (float64, error) {
	b = bytes.TrimSpace(b)
	if isNullish(b) {
		return 0, nil
	}
	if n, ok := jsonscan.Int(b); ok { // the common case, without allocating
		return float64(n), nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		if s = strings.TrimSpace(s); s == "" {
			return 0, nil
		}
	}
	n, ok := parseNumber(s)
	if !ok {
		return 0, errors.New("not a number")
	}
	return n, nil
}

// parseNumber accepts decimal numbers only (no hex, no Inf/NaN).
func parseNumber(s string) (float64, bool) {
	if s == "" || len(s) > 64 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

func isNullish(b []byte) bool {
	return len(b) == 0 || bytes.Equal(b, []byte("null"))
}
