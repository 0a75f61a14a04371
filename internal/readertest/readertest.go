// Package readertest helps test the hand-written one-pass decoders built
// on tolerant.Reader: Fill gives every field of a value something to
// encode, and Unset lists the fields a decoding left zero, so a test can
// check that a reader decodes every field its type declares (and keeps
// doing so when a field is added to the type).
package readertest

import (
	"fmt"
	"reflect"
	"time"
)

// At is the time Fill sets.
var At = time.Unix(1_600_000_000, 0).UTC()

// Fill sets every exported field below v (a settable value, such as
// reflect.ValueOf(&x).Elem()) to a value that is not zero: strings "x",
// numbers 1, booleans true, times At, one element in each slice and one
// entry ("x") in each map, pointers to filled values. Embedded structs are
// entered, exported or not, as encoding/json enters them.
func Fill(v reflect.Value) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(At))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		Fill(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() || f.Anonymous {
				Fill(v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		Fill(v.Index(0))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		Fill(k)
		Fill(e)
		v.SetMapIndex(k, e)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Interface:
		v.Set(reflect.ValueOf("x"))
	}
}

// Unset lists, by path from name (name.Field, name.List[0].Field,
// name.Map[x]), the exported fields below v that are zero: in a filled
// value that went through an encoder and a decoder, those the decoder does
// not read. Times count as one value; slices and maps are entered (their
// first element, each entry) when not empty.
func Unset(v reflect.Value, name string) []string {
	if v.Type() == reflect.TypeFor[time.Time]() {
		if v.IsZero() {
			return []string{name}
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return Unset(v.Elem(), name)
		}
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() || f.Anonymous {
				out = append(out, Unset(v.Field(i), name+"."+f.Name)...)
			}
		}
		return out
	case reflect.Slice:
		if v.Len() > 0 {
			return Unset(v.Index(0), name+"[0]")
		}
	case reflect.Map:
		if v.Len() > 0 {
			var out []string
			for it := v.MapRange(); it.Next(); {
				out = append(out, Unset(it.Value(), fmt.Sprintf("%s[%v]", name, it.Key()))...)
			}
			return out
		}
	}
	if v.IsZero() {
		return []string{name}
	}
	return nil
}
