package tolerant

// The helpers below read a value into an existing one as encoding/json
// decodes into it, for hand-written decoders that must read a body exactly
// as json.Unmarshal would (null leaves a value as it is; a repeated member
// is decoded again into the same value).

// ReadString reads a string into *p; null leaves *p as it is, a value of
// another kind makes it "" (listed).
func ReadString[S ~string](r *Reader, p *S) {
	if r.Kind() == 'n' {
		r.Skip()
		return
	}
	*p = S(r.String())
}

// ReadInt64 reads an integer into *p; null leaves *p as it is, a value
// that is no int64 makes it 0 (listed).
func ReadInt64[I ~int64](r *Reader, p *I) {
	if r.Kind() == 'n' {
		r.Skip()
		return
	}
	*p = I(r.Int64())
}

// ReadInt reads an integer that fits an int into *p (see ReadInt64).
func ReadInt[I ~int](r *Reader, p *I) {
	if r.Kind() == 'n' {
		r.Skip()
		return
	}
	*p = I(r.Int())
}

// ReadList reads an array into *list with item reading each element: null
// makes it nil; elements are decoded into those already there (up to its
// capacity, as encoding/json reuses them) and the list is cut to the
// array's length; [] makes it empty, not nil. A value of another kind
// makes it nil (listed).
func ReadList[T any](r *Reader, list *[]T, item func(*Reader, *T)) {
	if r.Kind() == 'n' {
		r.Skip()
		*list = nil
		return
	}
	s, n := *list, 0
	if !r.Array(func(int) {
		if n < cap(s) {
			s = s[:n+1]
		} else {
			var zero T
			s = append(s[:n], zero)
		}
		item(r, &s[n])
		n++
	}) {
		*list = nil
		return
	}
	if n == 0 {
		s = []T{}
	}
	*list = s[:n]
}
