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

// parse verifies signature, algorithm, issuer, audience and times, and
// returns the user and session ids.
func (t *tokenIssuer) parse(token string) (userID, sessionID uuid.UUID, err error) {
	var c claims
	_, err = jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
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
