package auth

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// DemoPassword is the password of the demo accounts, printed at every demo
// start and written in the README: the policy refuses it for any real
// account, and users.Service.CreateDemoAccount is the one way to set it.
const DemoPassword = "laguna-bacalar-demostracion"

// guessable are words that make a password easy to guess here, beyond the
// English dictionaries and the common-password list zxcvbn carries.
var guessable = []string{
	"contraseña", "contrasena", "password", "sintra", "mexico", "fiscalia", "ceaveqroo", "victimas", "trata",
	"usuario", "admin", "bienvenido", "hola", "teamo", "tequiero", "amor", "qwerty", "secreto", "gobierno",
	"demostracion",
}

// localWords are Quintana Roo's municipios, towns and well-known places,
// and the words of its landscape, written without accents or spaces: the
// first words someone here reaches for, and an attacker's first list.
var localWords = []string{
	// The state and its municipios.
	"quintanaroo", "quintana", "qroo", "cozumel", "felipecarrillopuerto", "carrillopuerto", "islamujeres",
	"othonpblanco", "othon", "benitojuarez", "josemariamorelos", "lazarocardenas", "solidaridad", "tulum",
	"bacalar", "puertomorelos", "morelos", "juarez", "cardenas",
	// Towns and places.
	"cancun", "chetumal", "playadelcarmen", "holbox", "mahahual", "xcalak", "akumal", "xelha", "xcaret",
	"puertoaventuras", "chiquila", "contoy", "kohunlich", "dzibanche", "chacchoben", "coba", "muyil",
	"siankaan", "nichupte", "sietecolores", "lagunabacalar", "rivieramaya", "costamaya", "zonahotelera",
	"mesoamericano", "caribe", "yucatan", "peninsula",
	// The landscape.
	"laguna", "cenote", "cenotes", "arrecife", "manglar", "manglares", "selva", "playa", "maya", "mayas",
	"tortuga", "jaguar", "isla", "bahia", "malecon",
}

// leet are the digits and signs typed for letters.
var leet = map[rune]rune{'4': 'a', '@': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '5': 's', '$': 's', '7': 't'}

// withoutLocalWords returns the letters and digits of password that are
// not part of a local word, however the word is written: in capitals,
// with accents, with spaces or signs between its parts, or in leet
// ("C4ncún", "Siete Colores"); ok reports whether password held one. The
// signs around the words go too: "manglar-de-nichupte-2026" leaves
// "de2026", which is what an attacker who tries local words must guess.
func withoutLocalWords(password string) (rest string, ok bool) {
	runes := []rune(password)
	// letters holds the password's letters, folded, and at[i] where the
	// ith of them stands in runes.
	var letters []rune
	var at []int
	for i, r := range runes {
		if l, ok := leet[r]; ok {
			r = l
		}
		r = fold(r)
		if unicode.IsLetter(r) {
			letters, at = append(letters, r), append(at, i)
		}
	}
	drop := make([]bool, len(runes))
	folded := string(letters)
	for _, w := range localWords {
		for from := 0; ; {
			i := strings.Index(folded[from:], w)
			if i < 0 {
				break
			}
			start := len([]rune(folded[:from+i]))
			for k := start; k < start+len(w); k++ {
				drop[at[k]] = true
			}
			from += i + len(w)
		}
	}
	var kept []rune
	for i, r := range runes {
		if drop[i] {
			ok = true
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			kept = append(kept, r)
		}
	}
	return string(kept), ok
}

// fold lowers r and takes its accent off: "Á" → "a", "ñ" → "n".
func fold(r rune) rune {
	base := []rune(norm.NFD.String(string(unicode.ToLower(r))))
	return base[0]
}

// isDemoPassword reports whether password is the demo password, however
// capitalised or accented.
func isDemoPassword(password string) bool {
	var folded []rune
	for _, r := range strings.TrimSpace(password) {
		folded = append(folded, fold(r))
	}
	return string(folded) == DemoPassword
}
