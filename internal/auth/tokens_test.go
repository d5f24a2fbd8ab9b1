package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestTokens_RefuseEveryForgery(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tokens := &tokenIssuer{key: testKey, ttl: 15 * time.Minute, now: fixedClock(now)}
	user, session := uuid.New(), uuid.New()
	good, _, err := tokens.issue(user, session)
	if err != nil {
		t.Fatal(err)
	}
	if u, s, err := tokens.parse(good); err != nil || u != user || s != session {
		t.Fatalf("a good token was refused: %v", err)
	}

	sign := func(method jwt.SigningMethod, key any, mutate func(*claims)) string {
		c := claims{RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Audience: jwt.ClaimStrings{audience}, Subject: user.String(),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)), ID: "j",
		}, SessionID: session.String()}
		if mutate != nil {
			mutate(&c)
		}
		s, err := jwt.NewWithClaims(method, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + strings.TrimRight(parts[1], "=") + "x." + parts[2]
	forgeries := map[string]string{
		"tampered payload":                  tampered,
		"alg none":                          sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil),
		"HS512 instead of the pinned HS256": sign(jwt.SigningMethodHS512, testKey, nil),
		"wrong key":                         sign(jwt.SigningMethodHS256, []byte("another key of thirty-two bytes!"), nil),
		"wrong audience":                    sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.Audience = jwt.ClaimStrings{"other-api"} }),
		"wrong issuer":                      sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.Issuer = "someone" }),
		"expired":                           sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) }),
		"no expiry":                         sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.ExpiresAt = nil }),
		"issued in the future":              sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) }),
		"no jti":                            sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.ID = "" }),
		"no session":                        sign(jwt.SigningMethodHS256, testKey, func(c *claims) { c.SessionID = "" }),
		"garbage":                           "not.a.token",
	}
	for name, token := range forgeries {
		if _, _, err := tokens.parse(token); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	later := &tokenIssuer{key: testKey, ttl: 15 * time.Minute, now: fixedClock(now.Add(16 * time.Minute))}
	if _, _, err := later.parse(good); err == nil {
		t.Error("a token 16 minutes old was accepted")
	}
}
