package fakeserver

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Item is one stored object of a resource: its id, its parent's id ("" at
// the top level), its creation order across the server, its times and
// the provider's record V.
type Item[T any] struct {
	ID      string
	Parent  string
	Seq     int
	Created time.Time
	Updated time.Time
	V       T
}

// IDFunc makes a new id in the provider's style.
type IDFunc func(c *Call) string

// Counter makes ids from a per-server counter: format gets 1, 2, ...
// ("cagr%06dzt" gives cagr0000000000000001zt). A create that fails gives its number
// back, so ids stay consecutive.
func Counter(format string) IDFunc {
	return func(c *Call) string {
		n := c.Counter(format)
		c.lastID = counted{key: format, n: n}
		return fmt.Sprintf(format, n)
	}
}

// counted is the counter value behind the last id made by Counter.
type counted struct {
	key string
	n   int
}

// UUIDs makes version 4 UUIDs.
func UUIDs(c *Call) string { return c.UUID() }

// Slugs makes ids of n random alphanumeric characters (BlueInk slugs).
func Slugs(n int) IDFunc { return func(c *Call) string { return c.Token(n, "") } }

// Kind is a declared resource, whatever its record type: what a child's
// Resource.Parent names.
type Kind interface {
	resolve(c *Call) (string, *Error)
}

// Resource declares one resource of a provider: where its items live in the
// API and how they are named. The declaration is immutable; its items live
// in each Server (one table per resource per server, under the server's
// lock). Declare resources as package variables; their behaviour (CRUD) is
// given to Routes.
type Resource[T any] struct {
	// Name is the resource type ("participant"), used in list answers.
	Name string
	// Title names it in messages ("Participant"; default: Name
	// capitalized).
	Title string
	// Path is the collection path relative to the API base, with the
	// parent's parameter: "agreements/{agreement_id}/participants".
	Path string
	// Param is the path parameter naming one item ("participant_id");
	// "" for a resource held at most once per parent, addressed by its
	// parent alone (Find returns the parent's first item).
	Param string
	// Parent is the owning resource (nil at the top level): an item's
	// parent must exist and match the path, and deleting the parent
	// deletes its children. Items of a resource without Parent may still
	// name a parent item (Add's parent) that their path does not carry.
	Parent Kind
	// ID makes new ids (default: Counter(Name + "-%d")).
	ID IDFunc
}

func (r *Resource[T]) title() string {
	if r.Title != "" {
		return r.Title
	}
	first, n := utf8.DecodeRuneInString(r.Name)
	return strings.ReplaceAll(string(unicode.ToUpper(first))+r.Name[n:], "_", " ")
}

type table interface {
	dropChildrenOf(c *Call, parent Kind, id string)
}

type store[T any] struct {
	r     *Resource[T]
	items map[string]*Item[T]
	order []string
}

func (t *store[T]) dropChildrenOf(c *Call, parent Kind, id string) {
	if t.r.Parent != parent {
		return
	}
	for _, it := range t.r.Children(c, id) {
		t.r.Remove(c, it.ID)
	}
}

// RemoveChildren removes the children of item id (and theirs) in every
// resource whose Parent is r.
func (r *Resource[T]) RemoveChildren(c *Call, id string) {
	for _, t := range c.s.tables {
		t.dropChildrenOf(c, r, id)
	}
}

// table returns the resource's table in c's server.
func (r *Resource[T]) table(c *Call) *store[T] {
	if t, ok := c.s.tables[r]; ok {
		return t.(*store[T])
	}
	t := &store[T]{r: r, items: map[string]*Item[T]{}}
	c.s.tables[r] = t
	return t
}

// NotFound is the provider's 404 for an unknown item of the resource.
func (r *Resource[T]) NotFound(c *Call) *Error {
	if c.s.cfg.NotFound != nil {
		return c.s.cfg.NotFound(c, r.title())
	}
	return Errorf(http.StatusNotFound, "%s not found", r.title())
}

// New allocates an item under parent with a new id and the current time,
// without storing it (Insert stores it).
func (r *Resource[T]) New(c *Call, parent string) *Item[T] {
	id := r.ID
	if id == nil {
		id = Counter(r.Name + "-%d")
	}
	now := c.Now()
	c.s.seq++
	return &Item[T]{ID: id(c), Parent: parent, Seq: c.s.seq, Created: now, Updated: now}
}

// Insert stores it (made by New).
func (r *Resource[T]) Insert(c *Call, it *Item[T]) *Item[T] {
	t := r.table(c)
	if _, dup := t.items[it.ID]; !dup {
		t.order = append(t.order, it.ID)
	}
	t.items[it.ID] = it
	return it
}

// Add stores a new item with record v under parent.
func (r *Resource[T]) Add(c *Call, parent string, v T) *Item[T] {
	it := r.New(c, parent)
	it.V = v
	return r.Insert(c, it)
}

// Get returns the item with id, or nil.
func (r *Resource[T]) Get(c *Call, id string) *Item[T] { return r.table(c).items[id] }

// In returns the item with id when it belongs to parent, or nil.
func (r *Resource[T]) In(c *Call, parent, id string) *Item[T] {
	if it := r.Get(c, id); it != nil && it.Parent == parent {
		return it
	}
	return nil
}

// All returns every item, oldest first.
func (r *Resource[T]) All(c *Call) []*Item[T] {
	t := r.table(c)
	out := make([]*Item[T], 0, len(t.order))
	for _, id := range t.order {
		out = append(out, t.items[id])
	}
	return out
}

// Pick returns the first of items that match accepts, or nil.
func Pick[T any](items []*Item[T], match func(*Item[T]) bool) *Item[T] {
	for _, it := range items {
		if match(it) {
			return it
		}
	}
	return nil
}

// Children returns the items of parent, oldest first.
func (r *Resource[T]) Children(c *Call, parent string) []*Item[T] {
	var out []*Item[T]
	for _, it := range r.All(c) {
		if it.Parent == parent {
			out = append(out, it)
		}
	}
	return out
}

// First returns the first item of parent (for resources that hold at most
// one per parent), or nil.
func (r *Resource[T]) First(c *Call, parent string) *Item[T] {
	if ch := r.Children(c, parent); len(ch) > 0 {
		return ch[0]
	}
	return nil
}

// Remove deletes the item with id and, recursively, its children in every
// resource whose Parent is r.
func (r *Resource[T]) Remove(c *Call, id string) {
	t := r.table(c)
	if _, ok := t.items[id]; !ok {
		return
	}
	delete(t.items, id)
	t.order = slices.DeleteFunc(t.order, func(x string) bool { return x == id })
	r.RemoveChildren(c, id)
}

// Touch sets the item's Updated time to now.
func (r *Resource[T]) Touch(c *Call, it *Item[T]) { it.Updated = c.Now() }

// Owner resolves the parents named by the request's path: the id of the
// item's parent ("" at the top level), or the 404 of the first unknown
// parent.
func (r *Resource[T]) Owner(c *Call) (string, *Error) {
	if r.Parent == nil {
		return "", nil
	}
	return r.Parent.resolve(c)
}

// Find resolves the item named by the request's path (parents first): the
// item, or the provider's 404 for the first unknown id.
func (r *Resource[T]) Find(c *Call) (*Item[T], *Error) {
	parent, e := r.Owner(c)
	if e != nil {
		return nil, e
	}
	var it *Item[T]
	switch {
	case r.Param == "":
		it = r.First(c, parent) // a resource held once per parent
	case r.Parent == nil:
		it = r.Get(c, c.Param(r.Param)) // its items may still name a parent, not in the path
	default:
		it = r.In(c, parent, c.Param(r.Param))
	}
	if it == nil {
		return nil, r.NotFound(c)
	}
	return it, nil
}

func (r *Resource[T]) resolve(c *Call) (string, *Error) {
	it, e := r.Find(c)
	if e != nil {
		return "", e
	}
	return it.ID, nil
}

// Ops selects the generated operations of a resource.
type Ops int

// Generated operations.
const (
	OpList Ops = 1 << iota
	OpCreate
	OpGet
	OpUpdate
	OpDelete
	// CRUD is every generated operation.
	CRUD = OpList | OpCreate | OpGet | OpUpdate | OpDelete
)

// Behaviour is what Routes generates for a resource: its operations, how
// items render, and the hooks where the provider decides.
type Behaviour[T any] struct {
	Ops Ops
	// Render is the item as the API shows it (required).
	Render func(c *Call, it *Item[T]) any

	// List answers GET Path in this style (default: Config's Shape when it
	// is a Lister, else Bare).
	List Lister
	// Where keeps only some items in a list, whatever the query (nil:
	// every child of the parent).
	Where func(c *Call, it *Item[T]) bool
	// Filters narrow a list by query parameters.
	Filters []Filter[T]
	// Order sorts a list (default: oldest first).
	Order func(c *Call, items []*Item[T]) ([]*Item[T], *Error)

	// Create fills a new item (id, parent and times already set) from the
	// request; the item is stored when it returns nil. Required with
	// OpCreate.
	Create func(c *Call, it *Item[T]) *Error
	// CreateStatus is the status of a create answer (default 200).
	CreateStatus int

	// Update changes the item from the request; Updated is set when it
	// returns nil. Required with OpUpdate.
	Update func(c *Call, it *Item[T]) *Error
	// UpdateMethod is PUT (default) or PATCH.
	UpdateMethod string

	// Delete may refuse a delete or clean up around it (nil: always
	// allowed). The answer shows the item as it was.
	Delete func(c *Call, it *Item[T]) *Error

	// Guard, when set, may refuse a create, update or delete before its
	// hook runs, once the parents (and the item) are found: the state of
	// a parent that no longer allows changes.
	Guard func(c *Call) *Error

	// Paths overrides the path of some operations, where the provider
	// spells them differently from Path and Path/{Param} (under
	// SlashExact: {OpList: "original/", OpGet: "original/{original_id}/"}).
	Paths map[Ops]string
}

// Routes generates the routes of the operations in b.Ops:
//
//	OpList    GET    Path              (parents checked, Filters, Order, List style)
//	OpCreate  POST   Path              (Create, then stored; Shape.One)
//	OpGet     GET    Path/{Param}      (Shape.One)
//	OpUpdate  PUT    Path/{Param}      (Update; Shape.One)
//	OpDelete  DELETE Path/{Param}      (Delete guard, removal with children; Shape.Deleted)
//
// A resource without Param (held once per parent) has its item operations
// on Path itself.
//
// Unknown ids (of the item or of any parent) get the provider's 404.
func (r *Resource[T]) Routes(b Behaviour[T]) []Route {
	if b.Render == nil || (b.Ops&OpCreate != 0 && b.Create == nil) || (b.Ops&OpUpdate != 0 && b.Update == nil) {
		panic("fakeserver: " + r.Name + ": Behaviour needs Render, and Create or Update for their operations")
	}
	item := r.Path + "/{" + r.Param + "}"
	if r.Param == "" {
		item = r.Path // a resource held once per parent: no list, its path is the item's
	}
	var out []Route
	add := func(op Ops, method, path string, h func(c *Call) Reply) {
		if b.Ops&op != 0 {
			if p, ok := b.Paths[op]; ok {
				path = p
			}
			out = append(out, Route{Method: method, Path: path, Handle: h})
		}
	}
	// run finds the item (unless it is new), checks Guard and runs hook.
	run := func(c *Call, it *Item[T], hook func(*Call, *Item[T]) *Error) (*Item[T], *Error) {
		var e *Error
		if it == nil {
			it, e = r.Find(c)
		}
		if e == nil && b.Guard != nil {
			e = b.Guard(c)
		}
		if e == nil && hook != nil {
			e = hook(c, it)
		}
		return it, e
	}
	one := func(c *Call, status int, it *Item[T]) Reply {
		return c.s.cfg.Shape.One(c, status, r.Name, b.Render(c, it))
	}
	add(OpList, http.MethodGet, r.Path, func(c *Call) Reply { return r.list(c, b) })
	add(OpCreate, http.MethodPost, r.Path, func(c *Call) Reply {
		parent, e := r.Owner(c)
		if e != nil {
			return e.Reply()
		}
		c.lastID = counted{}
		it := r.New(c, parent)
		mine := c.lastID
		if _, e := run(c, it, b.Create); e != nil {
			if mine.key != "" && c.s.counters[mine.key] == mine.n && r.Get(c, it.ID) == nil {
				c.s.counters[mine.key]-- // the id was never used: give it back
			}
			return e.Reply()
		}
		r.Insert(c, it)
		return one(c, cmp.Or(b.CreateStatus, http.StatusOK), it)
	})
	add(OpGet, http.MethodGet, item, func(c *Call) Reply {
		it, e := r.Find(c)
		if e != nil {
			return e.Reply()
		}
		return one(c, http.StatusOK, it)
	})
	add(OpUpdate, cmp.Or(b.UpdateMethod, http.MethodPut), item, func(c *Call) Reply {
		it, e := run(c, nil, b.Update)
		if e != nil {
			return e.Reply()
		}
		r.Touch(c, it)
		return one(c, http.StatusOK, it)
	})
	add(OpDelete, http.MethodDelete, item, func(c *Call) Reply {
		it, e := r.Find(c)
		if e != nil {
			return e.Reply()
		}
		was := b.Render(c, it) // the answer shows the item as it was
		if _, e := run(c, it, b.Delete); e != nil {
			return e.Reply()
		}
		r.Remove(c, it.ID)
		return c.s.cfg.Shape.Deleted(c, r.Name, was)
	})
	return out
}

// On is an operation on one item beyond CRUD: method on path (relative
// to the API base, naming the item with {Param} and its parents with
// theirs, e.g. "agreements/{agreement_id}/lifecycle"); h gets the item the
// path names, whose unknown ids answer the provider's 404.
func (r *Resource[T]) On(method, path string, h func(c *Call, it *Item[T]) Reply) Route {
	return Route{Method: method, Path: path, Handle: func(c *Call) Reply {
		it, e := r.Find(c)
		if e != nil {
			return e.Reply()
		}
		return h(c, it)
	}}
}

func (r *Resource[T]) list(c *Call, b Behaviour[T]) Reply {
	parent, e := r.Owner(c)
	if e != nil {
		return e.Reply()
	}
	var match []func(*Item[T]) bool
	for _, f := range b.Filters {
		v := c.Query.Get(f.Param)
		if v == "" {
			if f.Required {
				return Fail(http.StatusBadRequest, "the %s filter is required", f.Param)
			}
			continue
		}
		m, e := f.Parse(v)
		if e != nil {
			return e.Reply()
		}
		match = append(match, m)
	}
	var items []*Item[T]
	for _, it := range r.Children(c, parent) {
		if (b.Where == nil || b.Where(c, it)) && all(match, it) {
			items = append(items, it)
		}
	}
	if b.Order != nil {
		if items, e = b.Order(c, items); e != nil {
			return e.Reply()
		}
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = b.Render(c, it)
	}
	lister := b.List
	if lister == nil {
		if l, ok := c.s.cfg.Shape.(Lister); ok {
			lister = l
		} else {
			lister = Bare{}
		}
	}
	return lister.List(c, r.Name, out)
}

func all[T any](match []func(*Item[T]) bool, it *Item[T]) bool {
	for _, m := range match {
		if !m(it) {
			return false
		}
	}
	return true
}

// Filter narrows a list by one query parameter: Parse reads its value
// (a 400 for a malformed one) and returns the test items must pass. A
// Required filter refuses a list without the parameter (400).
type Filter[T any] struct {
	Param    string
	Parse    func(value string) (func(*Item[T]) bool, *Error)
	Required bool
}

// Equal filters on a field equal to the parameter's value; when allowed is
// given, other values are refused with 400.
func Equal[T any](param string, field func(*Item[T]) string, allowed ...string) Filter[T] {
	return Filter[T]{Param: param, Parse: func(v string) (func(*Item[T]) bool, *Error) {
		if len(allowed) > 0 {
			if e := Enum(param, v, allowed...); e != nil {
				return nil, e
			}
		}
		return func(it *Item[T]) bool { return field(it) == v }, nil
	}}
}

// Since filters on a time at or after the parameter's value; Until on a
// time at or before it (inclusive bounds). parse reads the value (nil:
// ParseTime); a value it refuses is a 400.
func Since[T any](param string, field func(*Item[T]) time.Time, parse func(string) (time.Time, bool)) Filter[T] {
	return timeFilter(param, field, parse, func(t, bound time.Time) bool { return !t.Before(bound) })
}

// After filters on a time strictly after the parameter's value (Django's
// __gt: a value read back from an answer excludes that item).
func After[T any](param string, field func(*Item[T]) time.Time, parse func(string) (time.Time, bool)) Filter[T] {
	return timeFilter(param, field, parse, func(t, bound time.Time) bool { return t.After(bound) })
}

// Until is Since's upper bound.
func Until[T any](param string, field func(*Item[T]) time.Time, parse func(string) (time.Time, bool)) Filter[T] {
	return timeFilter(param, field, parse, func(t, bound time.Time) bool { return !t.After(bound) })
}

// ParseTime reads RFC 3339 (with any fraction) or a bare date.
func ParseTime(v string) (time.Time, bool) {
	for _, l := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func timeFilter[T any](param string, field func(*Item[T]) time.Time, parse func(string) (time.Time, bool), ok func(t, bound time.Time) bool) Filter[T] {
	if parse == nil {
		parse = ParseTime
	}
	return Filter[T]{Param: param, Parse: func(v string) (func(*Item[T]) bool, *Error) {
		bound, valid := parse(v)
		if !valid {
			return nil, Invalid(fmt.Sprintf("%s: %q is not a date-time", param, v), FieldError{Field: param, Message: "not a date-time"})
		}
		return func(it *Item[T]) bool { return ok(field(it), bound) }, nil
	}}
}

// CreatedAt is the creation time of an item, for Since and Until.
func CreatedAt[T any](it *Item[T]) time.Time { return it.Created }
