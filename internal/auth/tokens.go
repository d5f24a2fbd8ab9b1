package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// minTokenKeyLen is the shortest HS256 key accepted, in bytes.
const minTokenKeyLen = 32

// LoadOrCreateTokenKey reads the access-token signing key (base64 of at
// least 32 random bytes) from path. When path is empty it uses, or
// creates, dataDir/keys/token.key, and reports created=true the first time.
func LoadOrCreateTokenKey(path, dataDir string) (key []byte, created bool, err error) {
	if path == "" {
		path = filepath.Join(dataDir, "keys", "token.key")
		if _, statErr := os.Stat(path); os.IsNotExist(statErr) {
			fresh := make([]byte, 32)
			rand.Read(fresh)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return nil, false, fmt.Errorf("auth: create key directory: %w", err)
			}
			if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(fresh)+"\n"), 0o600); err != nil {
				return nil, false, fmt.Errorf("auth: write token key: %w", err)
			}
			created = true
		}
	}
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("auth: read token key: %w", err)
	}
	key, err = base64.StdEncoding.DecodeString(strings.TrimSpace(string(content)))
	if err != nil || len(key) < minTokenKeyLen {
		return nil, false, fmt.Errorf("auth: token key in %s must be base64 of at least %d random bytes (for example `head -c 32 /dev/urandom | base64`)", path, minTokenKeyLen)
	}
	return key, created, nil
}
