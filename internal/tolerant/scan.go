package tolerant

// The second pass runs only on documents json.Unmarshal has already checked,
// so these helpers assume well-formed JSON. They still never read out of
// bounds: on malformed input they stop at the end of the data.

// ws returns the index of the first non-space byte at or after i.
func ws(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd returns the index just past the string literal starting at i
// (data[i] == '"') and whether it contains escapes.
func stringEnd(data []byte, i int) (end int, escaped bool) {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			return i + 1, escaped
		}
	}
	return len(data), escaped
}

// literalEnd returns the index just past the string, number, true, false or
// null starting at i.
func literalEnd(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	if data[i] == '"' {
		end, _ := stringEnd(data, i)
		return end
	}
	for i++; i < len(data); i++ {
		switch c := data[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c == '.', c == '+', c == '-', c == 'E':
		default:
			return i
		}
	}
	return i
}

// valueEnd returns the index just past the value starting at i, iteratively
// (no recursion, whatever the nesting).
func valueEnd(data []byte, i int) int {
	if i >= len(data) || (data[i] != '{' && data[i] != '[') {
		return literalEnd(data, i)
	}
	level := 0
	for i < len(data) {
		switch data[i] {
		case '"':
			i, _ = stringEnd(data, i)
			continue
		case '{', '[':
			level++
		case '}', ']':
			level--
			if level == 0 {
				return i + 1
			}
		}
		i++
	}
	return i
}

// kindOf names the JSON kind of the value starting with c, as
// json.UnmarshalTypeError does.
func kindOf(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
