package tolerant

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// keyLimit caps one key in a path (bytes, before the "…" marker).
const keyLimit = 64

// pathString renders the current path: objects[3].created, meta["a b"].
func (d *decoder) pathString() string {
	var b []byte
	for _, s := range d.path {
		if s.key == nil {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(s.index), 10)
			b = append(b, ']')
			continue
		}
		k := keyText(s.key)
		if len(k) > keyLimit {
			k = cutKey(k)
		}
		if plainKey(k) {
			if len(b) > 0 {
				b = append(b, '.')
			}
			b = append(b, k...)
		} else {
			b = append(b, '[')
			b = strconv.AppendQuote(b, k)
			b = append(b, ']')
		}
	}
	return string(b)
}

// cutKey shortens a key longer than keyLimit, marking the cut with "…".
func cutKey(k string) string {
	cut := keyLimit
	for cut > 0 && !utf8.RuneStart(k[cut]) {
		cut--
	}
	return k[:cut] + "…"
}

// keyText unquotes a key literal (quotes included).
func keyText(lit []byte) string {
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return string(lit)
	}
	return s
}

// plainKey reports whether k can follow a dot: letters, digits, '_' and '-',
// not starting with a digit or '-'.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && (c == '-' || '0' <= c && c <= '9'):
		default:
			return false
		}
	}
	return true
}
