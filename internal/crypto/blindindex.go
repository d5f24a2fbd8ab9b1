package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize prepares a value for a blind index: upper case, accents and
// other marks removed (Á→A, Ñ→N, Ü→U), punctuation dropped, and runs of
// spaces made one, so that "José  Pérez" and "JOSE PEREZ" match.
func Normalize(s string) string {
	// Invalid bytes would make the transform give up and keep the marks.
	s = strings.ToValidUTF8(s, "")
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	stripped, _, err := transform.String(t, s)
	if err != nil {
		stripped = s
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToUpper(stripped) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '.' || r == '\'':
			space = true
		}
	}
	return b.String()
}

// BlindIndex returns HMAC-SHA256 under the index key of kind and the
// normalized parts, so equal values find each other without decryption.
// Parts are separated, so ("AB", "C") and ("A", "BC") differ.
func (k *Keyring) BlindIndex(kind string, parts ...string) []byte {
	k.mu.RLock()
	key := k.index
	k.mu.RUnlock()
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(kind))
	for _, p := range parts {
		mac.Write([]byte{0})
		mac.Write([]byte(Normalize(p)))
	}
	return mac.Sum(nil)
}
