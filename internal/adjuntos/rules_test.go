package adjuntos

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"sintra/internal/apperr"
)

// TestSniff_DecidesByContentNotByName: PDF, JPEG and PNG are told by their
// first bytes; text, HTML, an SVG or a ZIP are refused as unsupported
// whatever they are called, an empty file as invalid.
func TestSniff_DecidesByContentNotByName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		content string
		want    string
		code    apperr.Code
	}{
		{"pdf", "%PDF-1.4\n%%EOF\n", "application/pdf", ""},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg", ""},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", ""},
		{"text", "Solo texto.\n", "", apperr.UnsupportedMedia},
		{"html", "<html><script>alert(1)</script></html>", "", apperr.UnsupportedMedia},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`, "", apperr.UnsupportedMedia},
		{"zip", "PK\x03\x04\x14\x00", "", apperr.UnsupportedMedia},
		{"pdf after a space", " %PDF-1.4", "", apperr.UnsupportedMedia},
		{"empty", "", "", apperr.Invalid},
	} {
		got, err := sniff([]byte(c.content))
		if got != c.want || apperr.CodeOf(err) != c.code && !(c.code == "" && err == nil) {
			t.Errorf("%s: %q %v, want %q %s", c.name, got, err, c.want, c.code)
		}
	}
	if _, err := sniff(make([]byte, MaxBytes+1)); apperr.CodeOf(err) != apperr.PayloadTooLarge {
		t.Errorf("over the limit: %v", err)
	}
}

// TestFileName_IsSafeAndTellsWhatTheFileIs: a downloaded file's name keeps
// the original's last element, loses what a header or a file system
// would read as syntax, and ends with the extension of what it is.
func TestFileName_IsSafeAndTellsWhatTheFileIs(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"acta firmada.pdf":                  "acta firmada.pdf",
		`C:\Users\ana\consentimiento.PDF`:   "consentimiento.pdf",
		"../../etc/passwd":                  "passwd.pdf",
		"foto.exe":                          "foto.pdf",
		"\"a\";b\r\nX-Evil: 1.pdf":          "a;bX-Evil 1.pdf",
		"":                                  "documento.pdf",
		"...":                               "documento.pdf",
		"Identificación de María Pérez.png": "Identificación de María Pérez.pdf",
	} {
		if got := FileName(in, "application/pdf"); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := FileName("foto", "image/jpeg"); got != "foto.jpg" {
		t.Errorf("a JPEG: %q", got)
	}
}

// FuzzFileName: whatever name a device sends, the name given back is valid
// UTF-8 of at most maxName characters plus the extension, without control
// characters, quotes or path separators.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"a.pdf", `..\..\x"y`, "\x00\xff", strings.Repeat("é", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := FileName(name, "image/png")
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > maxName+4 || !strings.HasSuffix(got, ".png") ||
			strings.ContainsAny(got, `"/\`) || strings.ContainsFunc(got, unicode.IsControl) {
			t.Errorf("FileName(%q) = %q", name, got)
		}
	})
}
