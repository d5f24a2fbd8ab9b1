package victims

import (
	"regexp"
	"strings"
)

// curpPattern is RENAPO's CURP layout: four letters, birth date, sex,
// state, three inner consonants, the homonym character and the check digit.
var curpPattern = regexp.MustCompile(`^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX]` +
	`(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)` +
	`[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$`)

// curpAlphabet gives each character its value in the check-digit sum.
const curpAlphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"

// NormalizeCURP upper-cases a CURP and removes spaces.
func NormalizeCURP(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// ValidCURP reports whether s (normalized) has the CURP layout and the
// right check digit.
func ValidCURP(s string) bool {
	if !curpPattern.MatchString(s) {
		return false
	}
	chars := []rune(s)
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexRune(curpAlphabet, chars[i])
		if v < 0 {
			return false
		}
		// Ñ is two bytes in the string; count characters, not bytes.
		v = len([]rune(curpAlphabet[:v]))
		sum += v * (18 - i)
	}
	check := (10 - sum%10) % 10
	return int(chars[17]-'0') == check
}
