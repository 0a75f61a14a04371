package webhook

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// WithAdditionalSecrets adds rotation secrets to both HMAC schemes, the
// same way as listing them: signatures of every listed secret verify, any
// other is refused, and the secrets never print.
func TestWithAdditionalSecrets(t *testing.T) {
	const current, previous, older = "whsec_current_A1", "whsec_previous_B2", "whsec_older_C3"
	body := `{"event":"agreement.lifecycle.fulfilled"}`
	ts := strconv.FormatInt(fixedNow.Unix(), 10)

	tsv, err := NewTimestampedHMAC(zignedHeader, []string{current}, clock(), WithAdditionalSecrets(previous), WithAdditionalSecrets("", older))
	if err != nil {
		t.Fatal(err)
	}
	slack, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{current}, WithAdditionalSecrets(previous, older), clock())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{current, previous, older, "whsec_unknown_D4"} {
		want := error(nil)
		if secret == "whsec_unknown_D4" {
			want = ErrSignatureMismatch
		}
		got := tsv.Verify(hdr(zignedHeader, "t="+ts+",v1="+macHex(secret, ts+"."+body)), []byte(body))
		wantErr(t, "timestamped, signed with "+secret, got, want)
		got = slack.Verify(hdr(blueinkSig, "v0="+macHex(secret, "v0:"+ts+":"+body), blueinkTS, ts), []byte(body))
		wantErr(t, "slack, signed with "+secret, got, want)
	}
	for _, v := range []any{tsv, slack, *tsv, *slack} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			s := fmt.Sprintf(verb, v)
			for _, secret := range []string{current, previous, older} {
				if strings.Contains(s, secret) {
					t.Errorf("%s of %T prints a secret: %s", verb, v, s)
				}
			}
		}
	}
}

func TestWithAdditionalSecretsAlone(t *testing.T) {
	// An empty primary secret is fine when a rotation secret is given ...
	v, err := NewTimestampedHMAC(zignedHeader, nil, WithAdditionalSecrets("only-secret"), clock())
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	wantErr(t, "signed with the added secret", v.Verify(hdr(zignedHeader, "t="+ts+",v1="+macHex("only-secret", ts+".x")), []byte("x")), nil)
	// ... and no non-empty secret at all is still ErrNoSecret.
	if _, err := NewSlackHMAC(blueinkSig, blueinkTS, []string{""}, WithAdditionalSecrets("", "")); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("err = %v, want ErrNoSecret", err)
	}
}

// Blank secrets (white space only: an unset or mangled variable) are
// refused like empty ones by every secret-based scheme and guard.
func TestBlankSecretsRefused(t *testing.T) {
	for _, blank := range []string{" ", "\t", "\n", " \r\n "} {
		if _, err := NewTimestampedHMAC(zignedHeader, []string{blank}); !errors.Is(err, ErrNoSecret) {
			t.Errorf("TimestampedHMAC(%q): %v", blank, err)
		}
		if _, err := NewSlackHMAC(blueinkSig, blueinkTS, nil, WithAdditionalSecrets(blank)); !errors.Is(err, ErrNoSecret) {
			t.Errorf("SlackHMAC(%q): %v", blank, err)
		}
		if _, err := NewSharedToken(func(http.Header, []byte) (string, error) { return "", nil }, blank); !errors.Is(err, ErrNoSecret) {
			t.Errorf("SharedToken(%q): %v", blank, err)
		}
		if _, err := NewQueryTokenGuard("token", blank); !errors.Is(err, ErrNoSecret) {
			t.Errorf("QueryTokenGuard(%q): %v", blank, err)
		}
		if _, err := NewBasicAuthGuard("user", blank); !errors.Is(err, ErrNoSecret) {
			t.Errorf("BasicAuthGuard(%q): %v", blank, err)
		}
	}
	// A secret with surrounding space is still used as given.
	v, err := NewTimestampedHMAC(zignedHeader, []string{" s3cret "}, clock())
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	wantErr(t, "padded secret", v.Verify(hdr(zignedHeader, "t="+ts+",v1="+macHex(" s3cret ", ts+".x")), []byte("x")), nil)
}
