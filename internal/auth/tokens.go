package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

const (
	issuer   = "sintra-qroo"
	audience = "sintra-qroo-api"
)

// claims are the access token's claims: who (sub), which session (sid).
type claims struct {
	jwt.RegisteredClaims
	SessionID string `json:"sid"`
}

// tokenIssuer signs and checks access tokens with one pinned algorithm.
type tokenIssuer struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// issue returns a signed access token for a user's session.
func (t *tokenIssuer) issue(userID, sessionID uuid.UUID) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(t.ttl)
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Audience: jwt.ClaimStrings{audience}, Subject: userID.String(),
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
			ID: uuid.NewString(),
		},
		SessionID: sessionID.String(),
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: sign token: %w", err)
	}
	return signed, exp, nil
}

// errMalformedToken refuses a token outside the compact serialization's
// alphabet: Go's base64 decoder skips CR and LF, so without this check a
// signed token with line breaks inserted would still verify.
var errMalformedToken = errors.New("auth: token has characters outside base64url")

// parse verifies signature, algorithm, issuer, audience and times, and
// returns the user and session ids. Only the exact bytes signed are accepted:
// the alphabet is checked and trailing base64 bits must be zero.
func (t *tokenIssuer) parse(token string) (userID, sessionID uuid.UUID, err error) {
	if !isCompactJWS(token) {
		return uuid.Nil, uuid.Nil, errMalformedToken
	}
	var c claims
	_, err = jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithStrictDecoding(),
		jwt.WithIssuer(issuer), jwt.WithAudience(audience),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second), jwt.WithTimeFunc(t.now),
	)
	if err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	if c.ID == "" || c.IssuedAt == nil {
		return uuid.Nil, uuid.Nil, errors.New("auth: token lacks jti or iat")
	}
	if userID, err = uuid.Parse(c.Subject); err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	if sessionID, err = uuid.Parse(c.SessionID); err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	return userID, sessionID, nil
}

// isCompactJWS reports whether token uses only base64url characters and dots.
func isCompactJWS(token string) bool {
	for _, r := range token {
		switch {
		case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// newRefreshToken returns an opaque refresh token and the hash stored for it.
func newRefreshToken() (token string, hash []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
