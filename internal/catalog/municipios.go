package catalog

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// RowError is one invalid cell of a loaded file, by row (as a spreadsheet
// numbers it, header = 1) and column.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// MunicipiosLoad is what loading an entidad's municipios did.
type MunicipiosLoad struct {
	Entidad                   string
	Added, Renamed, Unchanged int
}

// maxMunicipios bounds one file: Oaxaca, the largest entidad, has 570.
const maxMunicipios = 1000

// columns are the names a column of the file may have: ours, then INEGI's
// (Catálogo Único de Claves Geoestadísticas).
var columns = map[string][]string{"clave": {"clave", "cve_mun"}, "nombre": {"nombre", "nom_mun"}}

var municipioCode = regexp.MustCompile(`^[0-9]{5}$`)

// LoadMunicipios loads the municipios of an entidad that p administers
// from a CSV file; see Load.
func (s *Service) LoadMunicipios(ctx context.Context, p *authz.Principal, entidad string, data []byte) (MunicipiosLoad, error) {
	if err := s.mayChange(ctx, p, entidad); err != nil {
		return MunicipiosLoad{}, err
	}
	return s.Load(ctx, audit.ActorOf(p), entidad, data)
}

// Load loads the municipios of an entidad, for actor, from a CSV file
// (comma or semicolon) whose header names the columns clave (the INEGI
// code: five digits, or the three of the municipio within the entidad)
// and nombre; INEGI's CVE_MUN and NOM_MUN are read as well. Every row is
// checked and any error loads nothing, answering every error by row and
// column. A municipio held already keeps its code and takes the file's
// name; none is removed, since records may name it. Loading the same file
// again changes nothing.
func (s *Service) Load(ctx context.Context, actor audit.Actor, entidad string, data []byte) (MunicipiosLoad, error) {
	if err := s.knownEntidad(ctx, entidad); err != nil {
		return MunicipiosLoad{}, err
	}
	rows, err := readCSV(data)
	if err != nil {
		return MunicipiosLoad{}, err
	}
	municipios, errs := parseMunicipios(entidad, rows)
	if len(errs) > 0 {
		e := apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene %d error(es); no se cargó ningún municipio. Corríjalos y vuelva a cargarlo.", len(errs)))
		e.Extensions = map[string]any{"row_errors": errs}
		return MunicipiosLoad{}, e
	}
	out := MunicipiosLoad{Entidad: entidad}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		held, err := tx.EntidadMunicipios(ctx, entidad)
		if err != nil {
			return err
		}
		names := make(map[string]string, len(held))
		for _, m := range held {
			names[m.Code] = m.Name
		}
		for _, m := range municipios {
			name, ok := names[m.Code]
			switch {
			case !ok:
				out.Added++
				err = tx.InsertMunicipio(ctx, m)
			case name != m.Name:
				out.Renamed++
				err = tx.RenameMunicipio(ctx, m)
			default:
				out.Unchanged++
			}
			if err != nil {
				return err
			}
		}
		if out.Added+out.Renamed == 0 {
			return nil
		}
		return s.audit.Record(ctx, tx, actor, audit.Event{Action: "catalogo.cargar_municipios", RecordType: "entidad", RecordID: entidad,
			Detail: fmt.Sprintf("%d nuevos, %d renombrados", out.Added, out.Renamed)})
	})
	if apperr.CodeOf(err) == apperr.Conflict {
		return MunicipiosLoad{}, apperr.Wrap(apperr.Conflict, "Dos municipios de la entidad quedarían con el mismo nombre; cárguelos de nuevo.", err)
	}
	return out, err
}

// readCSV reads a CSV file, comma or semicolon separated, with or without
// the byte order mark a spreadsheet writes.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil && err != io.EOF {
		return nil, apperr.Wrap(apperr.Invalid, "El archivo no es un CSV válido.", err)
	}
	if len(rows) < 2 {
		return nil, apperr.New(apperr.Invalid, "El archivo no tiene municipios: una fila de encabezado (clave, nombre) y una por municipio.")
	}
	if len(rows) > maxMunicipios+1 {
		return nil, apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene más de %d filas.", maxMunicipios))
	}
	return rows, nil
}

// parseMunicipios checks the header and every row, returning the
// municipios or every error found.
func parseMunicipios(entidad string, rows [][]string) ([]domain.CatalogEntry, []RowError) {
	at := map[string]int{}
	var errs []RowError
	for col, names := range columns {
		at[col] = -1
		for i, cell := range rows[0] {
			for _, n := range names {
				if strings.ToLower(strings.TrimSpace(cell)) == n {
					at[col] = i
				}
			}
		}
		if at[col] < 0 {
			errs = append(errs, RowError{Row: 1, Column: col, Message: "Falta la columna " + col + " en el encabezado."})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []domain.CatalogEntry
	codes, names := map[string]bool{}, map[string]bool{}
	for i, cells := range rows[1:] {
		cell := func(col string) string {
			if at[col] < len(cells) {
				return strings.TrimSpace(cells[at[col]])
			}
			return ""
		}
		m := domain.CatalogEntry{Code: cell("clave"), Name: cell("nombre"), Entidad: entidad}
		if m.Code == "" && m.Name == "" {
			continue
		}
		if len(m.Code) == 3 {
			m.Code = entidad + m.Code
		}
		row := i + 2
		switch {
		case !municipioCode.MatchString(m.Code) || strings.HasSuffix(m.Code, "000"):
			errs = append(errs, RowError{Row: row, Column: "clave", Message: "La clave debe ser la del INEGI: cinco dígitos, o los tres del municipio."})
		case !strings.HasPrefix(m.Code, entidad):
			errs = append(errs, RowError{Row: row, Column: "clave", Message: "La clave es de un municipio de otra entidad."})
		case codes[m.Code]:
			errs = append(errs, RowError{Row: row, Column: "clave", Message: "La clave se repite en el archivo."})
		}
		switch {
		case !plainName(m.Name):
			errs = append(errs, RowError{Row: row, Column: "nombre", Message: "Escriba el nombre del municipio (hasta 200 caracteres, sin caracteres de control)."})
		case names[crypto.Normalize(m.Name)]:
			errs = append(errs, RowError{Row: row, Column: "nombre", Message: "El nombre se repite en el archivo."})
		}
		codes[m.Code], names[crypto.Normalize(m.Name)] = true, true
		out = append(out, m)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 2, Column: "clave", Message: "El archivo no tiene municipios."})
	}
	return out, errs
}

// plainName reports whether s is a name that may be stored and shown: 1 to
// 200 characters of valid UTF-8, none a control character.
func plainName(s string) bool {
	n := utf8.RuneCountInString(s)
	return utf8.ValidString(s) && n >= 1 && n <= 200 && strings.IndexFunc(s, unicode.IsControl) < 0
}
