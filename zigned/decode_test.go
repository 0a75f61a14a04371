package zigned

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// filler sets every exported field of a value to a distinct non-zero value,
// so that a decoder that misses a field, or reads it under the wrong key,
// shows up in a round trip through encoding/json.
type filler struct{ n int }

func (f *filler) next() int { f.n++; return f.n }

var (
	timeType   = reflect.TypeFor[timeutil.Time]()
	secretType = reflect.TypeFor[webhook.Secret]()
)

func (f *filler) fill(v reflect.Value, depth int) {
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(timeutil.Time{Time: time.Date(2024, 1, 1, 0, 0, f.next(), 0, time.UTC)}))
		return
	case v.Type() == secretType:
		v.SetString("[REDACTED]") // how a Secret encodes
		return
	case strings.HasPrefix(v.Type().Name(), "Relation["):
		f.relation(v, depth)
		return
	case strings.HasPrefix(v.Type().Name(), "RelationList["):
		f.relationList(v, depth)
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.next()))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(f.next()))
	case reflect.Float64:
		v.SetFloat(float64(f.next()) + 0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), depth)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		f.fill(s.Index(0), depth)
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i), depth)
			}
		}
	default:
		panic("filler: " + v.Type().String())
	}
}

// relation fills a Relation: expanded (its ID the resource's) above depth
// 2, an id below, so that recursive types end.
func (f *filler) relation(v reflect.Value, depth int) {
	if depth >= 2 {
		v.FieldByName("ID").SetString(fmt.Sprintf("id%d", f.next()))
		return
	}
	data := reflect.New(v.FieldByName("Data").Type().Elem())
	f.fill(data.Elem(), depth+1)
	v.FieldByName("Data").Set(data)
	v.FieldByName("ID").Set(data.Elem().FieldByName("ID"))
	v.FieldByName("ResourceType").SetString(fmt.Sprintf("rt%d", f.next()))
}

func (f *filler) relationList(v reflect.Value, depth int) {
	ids := reflect.ValueOf([]string{fmt.Sprintf("id%d", f.next())})
	if depth >= 2 {
		v.FieldByName("IDs").Set(ids)
		return
	}
	data := reflect.New(v.FieldByName("Data").Type().Elem().Elem())
	f.fill(data.Elem(), depth+1)
	list := reflect.MakeSlice(v.FieldByName("Data").Type(), 0, 1)
	v.FieldByName("Data").Set(reflect.Append(list, data))
	v.FieldByName("IDs").Set(reflect.ValueOf([]string{data.Elem().FieldByName("ID").String()}))
	v.FieldByName("ResourceType").SetString(fmt.Sprintf("rt%d", f.next()))
}

// TestReadersFillEveryField keeps the hand-written decoders in step with the
// json tags: every exported field of every type decoded from answers, set
// to a distinct value, survives encoding/json's encoding and this
// package's decoding.
func TestReadersFillEveryField(t *testing.T) {
	for _, v := range []resource{
		&Agreement{}, &Participant{}, &Observer{}, &SigningGroup{}, &Attachment{}, &File{}, &Theme{},
		&RecipientMessage{}, &MessageTemplate{}, &MessageTemplateVariable{}, &Webhook{}, &SignEvent{}, &AgreementActivity{},
	} {
		checkFilled(t, v)
	}
	checkFilled(t, &Reminder{})
	checkFilled(t, &Forward{})
	checkFilled(t, &pageInfo{})
}

func checkFilled(t *testing.T, v object) {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	new(filler).fill(rv, 0)
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got := reflect.New(rv.Type())
	r := tolerant.NewReader(data, tolerant.Options{})
	readObject(r, got.Interface().(object))
	if issues, err := r.Finish(); err != nil || len(issues) > 0 {
		t.Fatalf("%T: %v %v", v, err, issues)
	}
	if !reflect.DeepEqual(got.Elem().Interface(), rv.Interface()) {
		t.Errorf("%T: decoded\n%#v\nwant\n%#v\nfrom %s", v, got.Elem().Interface(), rv.Interface(), data)
	}
}

// The envelope's data is read straight into its type: a resource, a list,
// or (through reflection) anything else.
func TestEnvelopeDataKinds(t *testing.T) {
	var one envelope[*File]
	if _, err := tolerant.Decode([]byte(`{"version":"1.0","data":{"id":"f1","filename":"a.pdf"}}`), &one, tolerant.Options{}); err != nil || one.Data == nil || one.Data.Filename != "a.pdf" {
		t.Fatalf("single: %+v %v", one.Data, err)
	}
	var many envelope[items[File]]
	issues, err := tolerant.Decode([]byte(`{"data":[{"id":"f1"},7,{"id":"f2"}],"pagination":{"page":2,"limit":"x"}}`), &many, tolerant.Options{})
	if err != nil || len(many.Data) != 2 || many.Data[1].ID != "f2" || many.Pagination.Page != 2 {
		t.Fatalf("list: %+v %v", many, err)
	}
	if len(issues) != 2 || issues[0].Path != "data[1]" || issues[1].Path != "pagination.limit" {
		t.Fatalf("issues %v", issues)
	}
	var other envelope[map[string]int]
	issues, err = tolerant.Decode([]byte(`{"data":{"a":1,"b":"x"}}`), &other, tolerant.Options{})
	if err != nil || other.Data["a"] != 1 || len(issues) != 1 || issues[0].Path != "data.b" {
		t.Fatalf("other: %+v %v %v", other, issues, err)
	}
}

// A page past the item cap is refused as a whole, before the items past it
// are decoded.
func TestEnvelopePageCap(t *testing.T) {
	body := `{"data":[` + strings.Repeat(`{},`, 10_000) + `{}]}`
	var page envelope[items[File]]
	if _, err := tolerant.Decode([]byte(body), &page, tolerant.Options{}); err == nil || !strings.Contains(err.Error(), "more than 10000 items") {
		t.Fatalf("err = %v", err)
	}
	body = `{"data":[` + strings.Repeat(`{},`, 9_999) + `{}]}`
	if _, err := tolerant.Decode([]byte(body), &page, tolerant.Options{}); err != nil || len(page.Data) != 10_000 {
		t.Fatalf("err = %v, %d items", err, len(page.Data))
	}
}
