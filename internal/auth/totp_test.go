package auth

import (
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestMatchTOTP_AcceptsOneStepOfDriftAndNoMore(t *testing.T) {
	t.Parallel()
	secret, url, err := newTOTPKey("ana")
	if err != nil || url == "" {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 10, 0, 15, 0, time.UTC)
	code := func(at time.Time) string {
		c, err := totp.GenerateCodeCustom(secret, at, totpOptions)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if step := matchTOTP(secret, code(now), now); step != now.Unix()/30 {
		t.Errorf("current code: step %d", step)
	}
	if matchTOTP(secret, code(now.Add(-30*time.Second)), now) == 0 {
		t.Error("previous step refused")
	}
	if matchTOTP(secret, code(now.Add(-90*time.Second)), now) != 0 {
		t.Error("a code three steps old accepted")
	}
	wrong := []byte(code(now))
	wrong[0] = '0' + (wrong[0]-'0'+1)%10
	if matchTOTP(secret, string(wrong), now) != 0 {
		t.Error("a wrong code accepted")
	}
}

func TestRecoveryCodes_AreUniqueAndHashTheWayTheyAreTyped(t *testing.T) {
	t.Parallel()
	codes, hashes := newRecoveryCodes()
	if len(codes) != recoveryCount {
		t.Fatalf("%d codes", len(codes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if seen[c] {
			t.Error("duplicate recovery code")
		}
		seen[c] = true
		typed := string(hashRecoveryCode(" " + lower(c[:9]) + c[10:]))
		if typed != string(hashes[i]) {
			t.Errorf("code %q typed in lower case without a dash does not match", c)
		}
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
