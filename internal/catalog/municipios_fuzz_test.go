package catalog

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseMunicipios feeds the municipios loader any file: it must answer
// municipios or errors by row, never panic, and every municipio it takes
// must be one of the entidad's, with a name that may be stored and shown,
// each code and name once.
func FuzzParseMunicipios(f *testing.F) {
	f.Add([]byte("clave,nombre\n31050,Mérida\n059,Progreso\n"))
	f.Add([]byte("\xef\xbb\xbfCVE_ENT;NOM_ENT;CVE_MUN;NOM_MUN\n31;Yucatán;050;Mérida\n"))
	f.Add([]byte("nombre,clave\n\"Mérida, capital\",31050\n,\n23005,Benito Juárez\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := readCSV(data)
		if err != nil {
			if !utf8.ValidString(err.Error()) || err.Error() == "" {
				t.Fatalf("error %q", err)
			}
			return
		}
		municipios, errs := parseMunicipios("31", rows)
		for _, e := range errs {
			if e.Row < 1 || e.Row > len(rows) || e.Message == "" {
				t.Fatalf("row error %+v of %d rows", e, len(rows))
			}
		}
		if len(errs) > 0 {
			return
		}
		codes, names := map[string]bool{}, map[string]bool{}
		for _, m := range municipios {
			if !municipioCode.MatchString(m.Code) || !strings.HasPrefix(m.Code, "31") || !plainName(m.Name) || m.Entidad != "31" {
				t.Fatalf("municipio %+v taken", m)
			}
			if codes[m.Code] || names[m.Name] {
				t.Fatalf("municipio %+v taken twice", m)
			}
			codes[m.Code], names[m.Name] = true, true
		}
	})
}
