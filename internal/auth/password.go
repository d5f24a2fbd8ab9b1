package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"
	"golang.org/x/crypto/argon2"

	"sintra/internal/apperr"
)

// Argon2Params are the argon2id cost parameters. Each hash records the
// ones it was made with, so raising them rehashes at the next login.
type Argon2Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
}

// DefaultArgon2 follows RFC 9106's second recommendation: 64 MiB, 3 passes,
// here with 2 lanes for a 2-core server.
var DefaultArgon2 = Argon2Params{MemoryKiB: 64 * 1024, Iterations: 3, Parallelism: 2}

const (
	saltLen = 16
	keyLen  = 32
	// MinPasswordLength is the shortest password accepted, in characters.
	MinPasswordLength = 12
	maxPasswordLength = 256
)

// hashSlots bounds concurrent hashing so that a burst of logins cannot
// exhaust memory (each hash holds MemoryKiB).
var hashSlots = make(chan struct{}, runtime.NumCPU())

// HashPassword returns the PHC-formatted argon2id hash of password.
func HashPassword(password string, p Argon2Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := derive(password, salt, p, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Iterations, p.Parallelism,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

func derive(password string, salt []byte, p Argon2Params, length uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, length)
}

// VerifyPassword reports whether password matches the encoded hash, and
// whether the hash was made with parameters other than want.
func VerifyPassword(password, encoded string, want Argon2Params) (ok, stale bool, err error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := derive(password, salt, p, uint32(len(key)))
	ok = subtle.ConstantTimeCompare(got, key) == 1
	return ok, p != want, nil
}

func parseHash(encoded string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	var version int
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("auth: not an argon2id hash")
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errors.New("auth: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &p.Parallelism); err != nil {
		return p, nil, nil, fmt.Errorf("auth: argon2 parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("auth: salt: %w", err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return p, nil, nil, errors.New("auth: bad hash")
	}
	return p, salt, key, nil
}

// CheckPasswordPolicy rejects passwords that are too short, too long, or
// easy to guess: the published demo password, one that would score under
// 3 with zxcvbn once its local words are taken out (one built from place
// names: "laguna-bacalar-2026"), or one that scores under 3 as it is,
// counting the user's own names and local words.
func CheckPasswordPolicy(password string, userInputs ...string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return apperr.Validation(apperr.FieldError{Field: "new_password",
			Message: fmt.Sprintf("La contraseña debe tener al menos %d caracteres.", MinPasswordLength)})
	case n > maxPasswordLength:
		return apperr.Validation(apperr.FieldError{Field: "new_password", Message: "La contraseña es demasiado larga."})
	case isDemoPassword(password):
		return apperr.Validation(apperr.FieldError{Field: "new_password",
			Message: "Esa es la contraseña pública de la demostración; elija otra."})
	}
	inputs := slices.Concat(guessable, localWords, userInputs)
	weak := func(p string) bool { return zxcvbn.PasswordStrength(p, inputs).Score < 3 }
	if rest, ok := withoutLocalWords(password); ok && weak(rest) {
		return apperr.Validation(apperr.FieldError{Field: "new_password",
			Message: "La contraseña se basa en nombres de lugares de Quintana Roo, fáciles de adivinar; combine otras palabras."})
	}
	if weak(password) {
		return apperr.Validation(apperr.FieldError{Field: "new_password",
			Message: "La contraseña es demasiado común o fácil de adivinar; use una frase larga o combine palabras poco relacionadas."})
	}
	return nil
}

// passwordAlphabet omits characters easily confused when read aloud or typed.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"

// TemporaryPassword returns a random 16-character password for an account
// an administrator creates or resets; the user must change it at login.
func TemporaryPassword() string {
	return randomString(passwordAlphabet, 16)
}

// TemporaryPasswordHalf returns one half of a temporary password given in
// two halves by two administrators, so that neither holds it whole: 8
// characters, the two together as strong as a TemporaryPassword.
func TemporaryPasswordHalf() string {
	return randomString(passwordAlphabet, 8)
}

func randomString(alphabet string, n int) string {
	out := make([]byte, n)
	for i := range out {
		// rand.Text-style unbiased choice: draw bytes until one falls in range.
		for {
			var b [1]byte
			rand.Read(b[:])
			if limit := 256 - 256%len(alphabet); int(b[0]) < limit {
				out[i] = alphabet[int(b[0])%len(alphabet)]
				break
			}
		}
	}
	return string(out)
}
