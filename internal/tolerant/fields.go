package tolerant

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// field is one JSON-visible struct field, resolved as encoding/json does.
type field struct {
	name   string
	tagged bool  // name came from a json tag
	index  []int // path through embedded structs
	quoted bool  // ",string" on a bool, number or string field
}

// structInfo is the decoding view of one struct type.
type structInfo struct {
	fields []field
	exact  map[string]*field
	folded map[string]*field // first field for each case-folded name
}

// lookup finds the field for a JSON key: exact name first, then a
// case-insensitive match.
func (s *structInfo) lookup(key []byte) *field {
	if f := s.exact[string(key)]; f != nil {
		return f
	}
	var buf [32]byte
	return s.folded[string(appendFolded(buf[:0], key))]
}

// structFields resolves t's fields following encoding/json: exported fields
// and the exported fields of embedded structs (even of unexported types),
// "-" skipped, tag names when valid, and of several fields with one name the
// shallowest wins, a tagged one beating an untagged one at the same depth;
// an unresolved tie hides the name.
func structFields(t reflect.Type) *structInfo {
	type pending struct {
		typ   reflect.Type
		index []int
	}
	var (
		found   []field
		next    = []pending{{typ: t}}
		visited = map[reflect.Type]bool{}
	)
	// How often each embedded struct type was met at this level and the next
	// (queued once, counted each time).
	var count, nextCount map[reflect.Type]int
	for len(next) > 0 {
		current := next
		next = nil
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, p := range current {
			if visited[p.typ] {
				continue
			}
			visited[p.typ] = true
			for i := range p.typ.NumField() {
				sf := p.typ.Field(i)
				if sf.Anonymous {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validName(name) {
					name = ""
				}
				index := append(slices.Clip(p.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					nextCount[ft]++
					if nextCount[ft] == 1 {
						next = append(next, pending{typ: ft, index: index})
					}
					continue
				}
				f := field{name: name, tagged: name != "", index: index, quoted: hasOption(opts, "string") && quotable(ft.Kind())}
				if f.name == "" {
					f.name = sf.Name
				}
				found = append(found, f)
				if count[p.typ] > 1 {
					// The same embedded type twice at one level: record
					// the field twice so the tie below hides it.
					found = append(found, f)
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.index, b.index)
	})
	out := found[:0]
	for i := 0; i < len(found); {
		j := i + 1
		for j < len(found) && found[j].name == found[i].name {
			j++
		}
		// Sorted by depth then tag: the first dominates unless the second
		// is as deep and equally tagged.
		if j-i == 1 || len(found[i].index) != len(found[i+1].index) || found[i].tagged != found[i+1].tagged {
			out = append(out, found[i])
		}
		i = j
	}
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	info := &structInfo{fields: out, exact: make(map[string]*field, len(out)), folded: make(map[string]*field, len(out))}
	for i := range info.fields {
		f := &info.fields[i]
		info.exact[f.name] = f
		k := string(appendFolded(nil, []byte(f.name)))
		if _, ok := info.folded[k]; !ok {
			info.folded[k] = f
		}
	}
	return info
}

// quotable reports whether ",string" applies to a field of kind k.
func quotable(k reflect.Kind) bool {
	switch k {
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// hasOption reports whether the comma-separated tag options contain opt.
func hasOption(opts, opt string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == opt {
			return true
		}
	}
	return false
}

// validName reports whether a json tag name is usable (encoding/json's
// rule: letters, digits and punctuation other than quote and backslash).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// appendFolded appends the case-folded form of name: two names fold alike
// exactly when bytes.EqualFold says they are equal (encoding/json's rule).
func appendFolded(out, name []byte) []byte {
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(name[i:])
		for {
			// The smallest rune of r's fold orbit.
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}
