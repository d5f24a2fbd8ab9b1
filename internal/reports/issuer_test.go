package reports_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sintra/internal/reports"
)

func TestLoadIssuer_ReadsTheLetterheadAndRefusesWhatWouldNotPrint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := file("good.json", `{"letterhead": ["Gobierno del Estado de Quintana Roo", "Secretaría de Gobierno"],
		"signatory": {"name": "Lcda. Izaire Nallely González Silva", "title": "Directora de Derechos Humanos", "unit": "1104-2432"}}`)
	is, err := reports.LoadIssuer(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Letterhead) != 2 || is.Signatory.Name != "Lcda. Izaire Nallely González Silva" {
		t.Errorf("read %+v", is)
	}
	for name, body := range map[string]string{
		"none.json":    `{"letterhead": []}`,
		"seven.json":   `{"letterhead": ["1", "2", "3", "4", "5", "6", "7"]}`,
		"long.json":    `{"letterhead": ["` + strings.Repeat("a", 151) + `"]}`,
		"unknown.json": `{"letterhead": ["Gobierno"], "logo": "x.png"}`,
	} {
		if _, err := reports.LoadIssuer(file(name, body)); err == nil {
			t.Errorf("%s was accepted: %s", name, body)
		}
	}
	if _, err := reports.LoadIssuer(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was accepted")
	}
}
