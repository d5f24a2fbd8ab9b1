package auth

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// FuzzTokenParse: any bearer token a client sends is refused unless it is
// exactly the one this server signed.
func FuzzTokenParse(f *testing.F) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tokens := &tokenIssuer{key: testKey, ttl: 15 * time.Minute, now: fixedClock(now)}
	// Signed with fixed claims, so that every fuzzing process has the same one.
	good, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer: issuer, Audience: jwt.ClaimStrings{audience}, Subject: uuid.Nil.String(), ID: "fuzz",
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)),
	}, SessionID: uuid.Nil.String()}).SignedString(testKey)
	if err != nil {
		f.Fatal(err)
	}
	if _, _, err := tokens.parse(good); err != nil {
		f.Fatalf("the good token was refused: %v", err)
	}
	f.Add(good)
	f.Add(good[:len(good)-2])
	f.Add("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		if _, _, err := tokens.parse(token); err == nil && token != good {
			t.Fatalf("a forged token was accepted: %q", token)
		}
	})
}
