package speccheck

// The values of spec answers that may not decode, with their reasons: not
// a temporary table (pending_test.go), but what the specs allow and the
// real APIs do not send.

// excusedDecode: values of spec answers that the clients decode
// tolerantly (the call succeeds, the value keeps its zero value and a Time
// its text) but cannot parse, because the spec lets them be anything: each
// path (array indexes as [*]) with its reason. runDrivers fails on any
// other value that did not decode, and on an excuse no answer needs any
// more. Key: provider, operation.
var excusedDecode = map[string]map[Op]decodeExcuse{
	"blueink": {
		"GET /bundles/":                          {Paths: bundleList},
		"POST /bundles/":                         {Paths: bundle},
		"GET /bundles/{bundleSlug}/":             {Paths: bundle},
		"PUT /bundles/{bundleSlug}/add_tags/":    {Paths: bundle},
		"PUT /bundles/{bundleSlug}/remove_tags/": {Paths: bundle},
		"PUT /bundles/{bundleSlug}/cancel/":      {Paths: bundle},
		"PATCH /packets/{packetId}/":             {Paths: packet},
		"PUT /packets/{packetId}/remind/":        {Paths: packet},
		"GET /bundles/{bundleSlug}/files/":       {Paths: map[string]string{"[*].expires": fileExpires}},
		"GET /packets/{packetId}/coe/":           {Paths: map[string]string{"expires": fileExpires}},
	},
}

// decodeExcuse lists the paths of one operation's answers that may not
// decode, each with its reason.
type decodeExcuse struct {
	Paths map[string]string
}

// Causes shared by several operations.
const (
	packetTimes = "Packet.completed_at and last_accessed_at are plain `string` in the spec (no date-time format), " +
		"so the mock answers a sample that is no timestamp; BlueInk sends timestamps"
	fileExpires = "File.expires is a plain `string` in the spec (no date-time format), so the mock answers a sample " +
		"that is no timestamp; BlueInk sends a timestamp"
)

var (
	packet     = map[string]string{"completed_at": packetTimes, "last_accessed_at": packetTimes}
	bundle     = map[string]string{"packets[*].completed_at": packetTimes, "packets[*].last_accessed_at": packetTimes}
	bundleList = map[string]string{"[*].packets[*].completed_at": packetTimes, "[*].packets[*].last_accessed_at": packetTimes}
)
