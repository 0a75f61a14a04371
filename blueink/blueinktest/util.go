package blueinktest

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Messages BlueInk (Django REST framework) uses for common field errors.
const (
	msgRequired = "This field is required."
	msgBadEmail = "Enter a valid email address."
	msgBadURL   = "Enter a valid URL."
)

// fieldErrors collects the errors of one request.
type fieldErrors []fieldError

func (fe *fieldErrors) add(field, format string, args ...any) {
	*fe = append(*fe, fieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// addf adds an error on field[i].
func (fe *fieldErrors) addf(field string, i int, format string, args ...any) {
	fe.add(fmt.Sprintf("%s[%d]", field, i), format, args...)
}

var keyRE = regexp.MustCompile(`^[-A-Za-z0-9_]+$`)

// checkKey validates a packet, document, role or field key: 2..max
// characters of letters, digits, "_" and "-".
func checkKey(fe *fieldErrors, field, key string, maxLen int) bool {
	switch {
	case key == "":
		fe.add(field, msgRequired)
	case len(key) < 2:
		fe.add(field, "Ensure this field has at least 2 characters.")
	case len(key) > maxLen:
		fe.add(field, "Ensure this field has no more than %d characters.", maxLen)
	case !keyRE.MatchString(key):
		fe.add(field, "Enter a valid key consisting of letters, numbers, underscores or hyphens.")
	default:
		return true
	}
	return false
}

// validEmail accepts a bare address whose domain has a dot.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)

func validUUID(s string) bool { return uuidRE.MatchString(s) }

// validURL accepts absolute http and https URLs with a host.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// splitList splits a comma-separated filter value, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dayRange is an inclusive range of whole days (django-filter's
// DateFromToRangeFilter); a zero bound is open.
type dayRange struct {
	from, to time.Time // to is exclusive: the day after the last day
}

func parseDayRange(q url.Values, name string) (dayRange, fieldErrors) {
	var r dayRange
	var fe fieldErrors
	if v := q.Get(name + "_after"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			fe.add(name+"_after", "Enter a valid date.")
		}
		r.from = t
	}
	if v := q.Get(name + "_before"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			fe.add(name+"_before", "Enter a valid date.")
		}
		r.to = t.AddDate(0, 0, 1)
	}
	return r, fe
}

// contains reports whether t is in the range; the zero time (an event that
// has not happened) is in no bounded range.
func (r dayRange) contains(t time.Time) bool {
	if r.from.IsZero() && r.to.IsZero() {
		return true
	}
	if t.IsZero() {
		return false
	}
	t = t.UTC()
	return (r.from.IsZero() || !t.Before(r.from)) && (r.to.IsZero() || t.Before(r.to))
}

// parseBool reads a django-filter boolean ("true"/"false"/"1"/"0").
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// parseInts reads a comma-separated list of integers.
func parseInts(v string) ([]int, bool) {
	var out []int
	for _, p := range splitList(v) {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// paginate cuts items to the requested page and sets the
// X-Blueink-Pagination header ("page,total_pages,per_page,total_results").
// page must be a positive integer within range (404 "Invalid page."
// otherwise, as Django REST framework answers); per_page defaults to
// DefaultPerPage, invalid values fall back to it and larger ones are capped
// at MaxPerPage.
func paginate[T any](c *call, items []T) ([]T, reply, bool) {
	perPage := DefaultPerPage
	if v := c.query.Get("per_page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			perPage = min(n, MaxPerPage)
		}
	}
	total := len(items)
	pages := max(1, (total+perPage-1)/perPage)
	page := 1
	if v := c.query.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > pages {
			return nil, reply{404, errorBody("not_found", "Invalid page.", nil)}, false
		}
		page = n
	}
	lo := min((page-1)*perPage, total)
	hi := min(lo+perPage, total)
	c.header.Set("X-Blueink-Pagination", fmt.Sprintf("%d,%d,%d,%d", page, pages, perPage, total))
	return items[lo:hi], reply{}, true
}
