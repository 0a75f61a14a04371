package blueinktest

import (
	"encoding/json"
	"fmt"
	"strings"
)

type person struct {
	seq      int
	id, name string
	metadata json.RawMessage
	channels []*channel
}

type channel struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

type personJSON struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Metadata json.RawMessage `json:"metadata"`
	IsUser   bool            `json:"is_user"`
	Channels []*channel      `json:"channels"`
}

func (p *person) view() personJSON {
	v := personJSON{ID: p.id, Name: p.name, Metadata: p.metadata, Channels: p.channels}
	if len(v.Metadata) == 0 {
		v.Metadata = json.RawMessage("{}")
	}
	if v.Channels == nil {
		v.Channels = []*channel{}
	}
	return v
}

// fill completes a packet's missing name, email and phone from the person.
func (p *person) fill(pk *packet) {
	if pk.name == "" {
		pk.name = p.name
	}
	for _, ch := range p.channels {
		if ch.Kind == "em" && pk.email == "" {
			pk.email = ch.Email
		}
		if ch.Kind == "mp" && pk.phone == "" {
			pk.phone = ch.Phone
		}
	}
}

// absorb takes a packet's name and adds its email and phone as channels.
func (p *person) absorb(s *Server, pk *packet) {
	if pk.name != "" {
		p.name = pk.name
	}
	if pk.email != "" && !p.hasChannel("em", pk.email) {
		p.channels = append(p.channels, &channel{ID: s.uuid(), Kind: "em", Email: pk.email})
	}
	if pk.phone != "" && !p.hasChannel("mp", pk.phone) {
		p.channels = append(p.channels, &channel{ID: s.uuid(), Kind: "mp", Phone: pk.phone})
	}
}

func (p *person) hasChannel(kind, value string) bool {
	for _, ch := range p.channels {
		if ch.Kind == kind && (ch.Email == value && kind == "em" || ch.Phone == value && kind == "mp") {
			return true
		}
	}
	return false
}

type personRequest struct {
	Name     *string         `json:"name"`
	Metadata json.RawMessage `json:"metadata"`
	Channels *[]channel      `json:"channels"`
}

func (c *call) checkPerson(r *personRequest) fieldErrors {
	var fe fieldErrors
	if len(r.Metadata) > 0 && string(r.Metadata) != "null" {
		var m map[string]any
		if json.Unmarshal(r.Metadata, &m) != nil {
			fe.add("metadata", "Expected a dictionary of items but got %s.", jsonKind(r.Metadata))
		}
	}
	if r.Channels != nil {
		for i, ch := range *r.Channels {
			f := fmt.Sprintf("channels[%d]", i)
			switch ch.Kind {
			case "em":
				if !validEmail(ch.Email) {
					fe.add(f+".email", msgBadEmail)
				}
			case "mp":
				if strings.TrimSpace(ch.Phone) == "" {
					fe.add(f+".phone", "A phone number is required for a mobile phone channel.")
				}
			case "":
				fe.add(f+".kind", msgRequired)
			default:
				fe.add(f+".kind", "%q is not a valid choice.", ch.Kind)
			}
		}
	}
	return fe
}

func (c *call) listPersons() reply {
	search := strings.ToLower(strings.TrimSpace(c.query.Get("search")))
	var out []*person
	for _, p := range sortedBySeq(c.s.persons, func(p *person) int { return p.seq }) {
		if search == "" || p.matches(search) {
			out = append(out, p)
		}
	}
	page, rep, good := paginate(c, out)
	if !good {
		return rep
	}
	views := make([]personJSON, 0, len(page))
	for _, p := range page {
		views = append(views, p.view())
	}
	return ok(views)
}

func (p *person) matches(search string) bool {
	if strings.Contains(strings.ToLower(p.name), search) {
		return true
	}
	for _, ch := range p.channels {
		if strings.Contains(strings.ToLower(ch.Email), search) || (ch.Phone != "" && strings.Contains(ch.Phone, search)) {
			return true
		}
	}
	return false
}

func (c *call) createPerson() reply {
	var r personRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	if fe := c.checkPerson(&r); len(fe) > 0 {
		return c.invalid(fe...)
	}
	p := &person{seq: c.s.nextSeq(), id: c.s.uuid()}
	if r.Name != nil {
		p.name = *r.Name
	}
	if len(r.Metadata) > 0 && string(r.Metadata) != "null" {
		p.metadata = r.Metadata
	}
	if r.Channels != nil {
		for _, ch := range *r.Channels {
			p.channels = append(p.channels, &channel{ID: c.s.uuid(), Kind: ch.Kind, Email: ch.Email, Phone: ch.Phone})
		}
	}
	c.s.persons[p.id] = p
	return created(p.view())
}

func (c *call) personParam() (*person, reply, bool) {
	p, found := c.s.persons[c.params[0]]
	if !found {
		return nil, c.notFound(), false
	}
	return p, reply{}, true
}

func (c *call) getPerson() reply {
	p, rep, found := c.personParam()
	if !found {
		return rep
	}
	return ok(p.view())
}

// putPerson replaces a person: channels omitted from the request are
// deleted; a channel with a known id keeps it.
func (c *call) putPerson() reply {
	p, rep, found := c.personParam()
	if !found {
		return rep
	}
	var r personRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	fe := c.checkPerson(&r)
	if r.Channels != nil {
		for i, ch := range *r.Channels {
			if ch.ID != "" && p.channel(ch.ID) == nil {
				fe.add(fmt.Sprintf("channels[%d].id", i), "Invalid pk %q - object does not exist.", ch.ID)
			}
		}
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	p.name, p.metadata = "", nil
	if r.Name != nil {
		p.name = *r.Name
	}
	if len(r.Metadata) > 0 && string(r.Metadata) != "null" {
		p.metadata = r.Metadata
	}
	var chans []*channel
	if r.Channels != nil {
		for _, ch := range *r.Channels {
			id := ch.ID
			if id == "" {
				id = c.s.uuid()
			}
			chans = append(chans, &channel{ID: id, Kind: ch.Kind, Email: ch.Email, Phone: ch.Phone})
		}
	}
	p.channels = chans
	return ok(p.view())
}

// patchPerson updates given fields: a channel with an id updates that
// channel (and the packets of live bundles linked to the person that were
// sending to its old email or phone), one without is added unless its
// email or phone exists.
func (c *call) patchPerson() reply {
	p, rep, found := c.personParam()
	if !found {
		return rep
	}
	var r personRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	fe := c.checkPerson(&r)
	if r.Channels != nil {
		for i, ch := range *r.Channels {
			if ch.ID != "" && p.channel(ch.ID) == nil {
				fe.add(fmt.Sprintf("channels[%d].id", i), "Invalid pk %q - object does not exist.", ch.ID)
			}
		}
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	if r.Name != nil {
		p.name = *r.Name
	}
	if len(r.Metadata) > 0 && string(r.Metadata) != "null" {
		p.metadata = r.Metadata
	}
	if r.Channels != nil {
		for _, ch := range *r.Channels {
			if ch.ID != "" {
				existing := p.channel(ch.ID)
				c.s.retarget(p, existing, ch)
				existing.Kind, existing.Email, existing.Phone = ch.Kind, ch.Email, ch.Phone
				continue
			}
			value := ch.Email
			if ch.Kind == "mp" {
				value = ch.Phone
			}
			if !p.hasChannel(ch.Kind, value) {
				p.channels = append(p.channels, &channel{ID: c.s.uuid(), Kind: ch.Kind, Email: ch.Email, Phone: ch.Phone})
			}
		}
	}
	return ok(p.view())
}

// retarget moves the live packets linked to p that send to old's email or
// phone to the new values of the channel (s.mu held).
func (s *Server) retarget(p *person, old *channel, updated channel) {
	for _, pk := range s.packets {
		if pk.personID != p.id || !packetOpen(pk) {
			continue
		}
		if old.Kind == "em" && old.Email != "" && pk.email == old.Email && updated.Kind == "em" {
			pk.email = updated.Email
		}
		if old.Kind == "mp" && old.Phone != "" && pk.phone == old.Phone && updated.Kind == "mp" {
			pk.phone = updated.Phone
		}
	}
}

func (p *person) channel(id string) *channel {
	for _, ch := range p.channels {
		if ch.ID == id {
			return ch
		}
	}
	return nil
}

// deletePerson deletes a person (204), unless a live bundle has a packet
// linked to it (409).
func (c *call) deletePerson() reply {
	p, rep, found := c.personParam()
	if !found {
		return rep
	}
	for _, pk := range c.s.packets {
		if pk.personID == p.id && live(pk.bundle.status) {
			return c.conflict("Cannot delete the Person, because it is associated with live bundle %s.", pk.bundle.id)
		}
	}
	delete(c.s.persons, p.id)
	return noContent()
}
