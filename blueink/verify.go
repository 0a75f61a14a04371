package blueink

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// VerifyResult is BlueInk's answer to Verify. Its schema is not published
// in the 2.2.x reference, so the answer is kept whole: Raw is the JSON body
// and Fields its top-level members.
type VerifyResult struct {
	Raw    json.RawMessage
	Fields map[string]any
}

// UnmarshalJSON keeps the raw body and decodes its members.
func (v *VerifyResult) UnmarshalJSON(b []byte) error {
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	v.Raw = append(json.RawMessage(nil), b...)
	v.Fields = fields
	return nil
}

// MarshalJSON returns the raw body.
func (v VerifyResult) MarshalJSON() ([]byte, error) {
	if len(v.Raw) == 0 {
		return json.Marshal(v.Fields)
	}
	return v.Raw, nil
}

// Verify asks BlueInk whether a PDF with this SHA-256 digest (64 hex
// characters) is a document it signed (POST /verify/ {"hash": …}).
func (c *Client) Verify(ctx context.Context, sha256 string) (*VerifyResult, *Response, error) {
	if b, err := hex.DecodeString(sha256); err != nil || len(b) != 32 {
		return nil, nil, invalidArg("sha256", "must be 64 hexadecimal characters")
	}
	body := struct {
		Hash string `json:"hash"`
	}{sha256}
	return do[*VerifyResult](ctx, &c.common, http.MethodPost, "verify/", nil, body)
}
