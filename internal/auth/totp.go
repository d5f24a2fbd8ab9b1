package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"sintra/internal/domain"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"sintra/internal/crypto"
)

const (
	totpIssuer    = "SINTRA Quintana Roo"
	totpPeriod    = 30
	recoveryCount = 10
	// recoveryAlphabet is base32 without easily confused letters.
	recoveryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
)

var totpOptions = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// newTOTPKey makes a fresh secret and its otpauth:// URL for an authenticator app.
func newTOTPKey(username string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: totpIssuer, AccountName: username, Period: totpPeriod, SecretSize: 20,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// totpPlace binds a sealed TOTP secret to its user's row.
func totpPlace(userID uuid.UUID) crypto.Place {
	return crypto.Place{Table: string(domain.UserKeys), RecordID: userID.String()}
}

const totpColumn = "totp_secret"

// sealTOTP seals a secret under a new data key, so that the database, its
// dumps and backups never hold it in the clear.
func (s *Service) sealTOTP(userID uuid.UUID, secret string) (domain.SealedSecret, error) {
	dek := crypto.NewDataKey()
	wrapped, version, err := s.cfg.Keys.WrapKey(dek, totpPlace(userID))
	if err != nil {
		return domain.SealedSecret{}, err
	}
	sealed, err := crypto.Seal(dek, totpPlace(userID), totpColumn, secret)
	return domain.SealedSecret{Ciphertext: sealed, WrappedKey: wrapped, KeyVersion: version}, err
}

// openTOTP returns the user's TOTP secret, or "" when there is none.
func (s *Service) openTOTP(u domain.User) (string, error) {
	if u.TOTP == nil {
		return "", nil
	}
	dek, err := s.cfg.Keys.UnwrapKey(u.TOTP.WrappedKey, totpPlace(u.ID))
	if err != nil {
		return "", err
	}
	return crypto.Open(dek, totpPlace(u.ID), totpColumn, u.TOTP.Ciphertext)
}

// matchTOTP returns the time step whose code equals code, allowing one step
// of clock drift either way, or 0 when none does.
func matchTOTP(secret, code string, now time.Time) int64 {
	code = strings.TrimSpace(code)
	for _, drift := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(drift*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOptions)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / totpPeriod
		}
	}
	return 0
}

// newRecoveryCodes returns one-time codes (80 bits each) and their hashes.
func newRecoveryCodes() (codes []string, hashes [][]byte) {
	for range recoveryCount {
		raw := randomString(recoveryAlphabet, 16)
		codes = append(codes, raw[0:4]+"-"+raw[4:8]+"-"+raw[8:12]+"-"+raw[12:16])
		hashes = append(hashes, hashRecoveryCode(raw))
	}
	return codes, hashes
}

// hashRecoveryCode hashes a code the way the user may type it: any case, dashes or not.
func hashRecoveryCode(code string) []byte {
	normal := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(code))
	h := sha256.Sum256([]byte(normal))
	return h[:]
}
