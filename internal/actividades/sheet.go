package actividades

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/render"
	"sintra/internal/store"
)

// Columns are the spreadsheet's columns, in order.
var Columns = []string{"institucion", "tema", "tipo_accion", "nombre", "fecha", "municipios", "numero_acciones",
	"personas_total", "mujeres", "hombres", "material_distribuido", "unidades_material", "objetivo_programa_estatal"}

// maxRows bounds one import.
const maxRows = 5000

// RowError is one invalid cell of an import, by row (as the spreadsheet
// numbers it, header = 1) and column.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportResult says what an import did.
type ImportResult struct {
	ImportID uuid.UUID
	Rows     int
	// AlreadyImported is true when the same file was imported before: nothing changed.
	AlreadyImported bool
	ImportedAt      time.Time
}

// Import validates every row of an XLSX or CSV file and imports all of
// them or, if any row is wrong, none, reporting every error by row and
// column. The same file imported again changes nothing.
func (s *Service) Import(ctx context.Context, p *authz.Principal, filename string, data []byte) (ImportResult, error) {
	if !s.authz.Scope(p, authz.ActividadesCreate).Allowed() && !s.authz.Scope(p, authz.ActividadesCreateAny).Allowed() {
		return ImportResult{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	rows, err := readRows(data)
	if err != nil {
		return ImportResult{}, err
	}
	activities, errs, err := s.parse(ctx, p, rows)
	if err != nil {
		return ImportResult{}, err
	}
	if len(errs) > 0 {
		e := apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene %d error(es); no se importó ninguna fila. Corríjalos y vuelva a importarlo.", len(errs)))
		e.Extensions = map[string]any{"row_errors": errs}
		return ImportResult{}, e
	}
	sum := sha256.Sum256(data)
	if prev, err := s.store.ActivityImportBySHA(ctx, sum[:]); err == nil {
		return ImportResult{ImportID: prev.ID, Rows: prev.Rows, AlreadyImported: true, ImportedAt: prev.ImportedAt}, nil
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return ImportResult{}, err
	}
	imp := domain.ActivityImport{ID: uuid.New(), SHA256: sum[:], Filename: filename, Rows: len(activities)}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertActivityImport(ctx, imp, p.UserID); err != nil {
			return err
		}
		for _, a := range activities {
			a.ImportID = uuid.NullUUID{UUID: imp.ID, Valid: true}
			if err := tx.InsertActivity(ctx, a, p.UserID); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "actividad.importar", RecordType: "importacion",
			RecordID: imp.ID.String(), Detail: fmt.Sprintf("%d filas", len(activities))})
	})
	if apperr.CodeOf(err) == apperr.Conflict {
		// Imported at the same moment by someone else.
		return s.Import(ctx, p, filename, data)
	}
	return ImportResult{ImportID: imp.ID, Rows: len(activities), ImportedAt: s.clock.Now()}, err
}

// readRows reads the first sheet of an XLSX file, or a CSV file (comma or
// semicolon), as rows of cells: the header and at most maxRows rows with
// data.
func readRows(data []byte) ([][]string, error) {
	read := render.CSVRows
	if bytes.HasPrefix(data, []byte("PK")) {
		read = render.XLSXRows
	}
	sheet, err := read(data, maxRows+1)
	switch {
	case err != nil:
		return nil, err
	case len(sheet.Rows) == 0:
		return nil, apperr.New(apperr.Invalid, "El archivo está vacío.")
	case sheet.More:
		return nil, apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene más de %d filas; divídalo.", maxRows))
	}
	return sheet.Rows, nil
}

// parse checks the header and every row; it returns the activities, or
// every error found.
func (s *Service) parse(ctx context.Context, p *authz.Principal, rows [][]string) ([]domain.Activity, []RowError, error) {
	var errs []RowError
	for i, want := range Columns {
		if i >= len(rows[0]) || strings.ToLower(strings.TrimSpace(rows[0][i])) != want {
			errs = append(errs, RowError{Row: 1, Column: want, Message: "Falta la columna o está fuera de lugar; use la plantilla."})
		}
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	cat, err := s.loadCatalogs(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []domain.Activity
	for i, cells := range rows[1:] {
		if blank(cells) {
			continue
		}
		problems := textProblems(cells)
		in, unparsed := inputOf(cells)
		problems = append(append(problems, unparsed...), s.check(&in, cat)...)
		if err := s.mayReportFor(p, in.Institution, cat); err != nil && len(problems) == 0 {
			problems = append(problems, problem{"institucion", "Solo puede importar actividades de su propia institución o, para la Secretaría Técnica, de las de su entidad."})
		}
		// One message per column: what did not parse comes first.
		seen := map[string]bool{}
		for _, pr := range problems {
			if !seen[pr.column] {
				seen[pr.column] = true
				errs = append(errs, RowError{Row: i + 2, Column: pr.column, Message: pr.message})
			}
		}
		out = append(out, activityOf(in))
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 2, Column: Columns[0], Message: "El archivo no tiene filas de datos."})
	}
	return out, errs, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// textProblems notes the cells whose text could not be stored: a NUL, or
// bytes that are not UTF-8, as in a CSV saved in Windows-1252.
func textProblems(cells []string) []problem {
	var problems []problem
	for i, c := range cells {
		if i < len(Columns) && (!utf8.ValidString(c) || strings.ContainsRune(c, 0)) {
			problems = append(problems, problem{Columns[i], "El texto contiene caracteres no válidos; si el archivo es CSV, guárdelo como CSV UTF-8."})
		}
	}
	return problems
}

// inputOf reads one row's cells into an Input, noting cells that do not parse.
func inputOf(cells []string) (Input, []problem) {
	cell := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	var problems []problem
	number := func(i int, required bool) *int32 {
		v := cell(i)
		if v == "" {
			if required {
				problems = append(problems, problem{Columns[i], "Falta el número."})
			}
			return nil
		}
		n, err := strconv.ParseInt(numberText(v), 10, 32)
		if errors.Is(err, strconv.ErrRange) {
			problems = append(problems, problem{Columns[i], "El número es demasiado grande."})
			return nil
		}
		if err != nil {
			problems = append(problems, problem{Columns[i], "Debe ser un número entero."})
			return nil
		}
		n32 := int32(n)
		return &n32
	}
	in := Input{Institution: cell(0), Tema: strings.ToLower(cell(1)), Type: cell(2), Name: cell(3), Material: cell(10), Objective: cell(12)}
	if d, ok := parseDate(cell(4)); ok {
		in.HeldOn = d
	} else {
		problems = append(problems, problem{"fecha", "La fecha debe tener el formato AAAA-MM-DD."})
	}
	if m := cell(5); strings.EqualFold(m, "todos") {
		in.AllMunicipios = true
	} else {
		for _, part := range strings.FieldsFunc(m, func(r rune) bool { return r == ';' || r == ',' || r == '|' }) {
			if part = strings.TrimSpace(part); part != "" {
				in.Municipios = append(in.Municipios, part)
			}
		}
	}
	if n := number(6, true); n != nil {
		in.Actions = int(*n)
	}
	if n := number(7, true); n != nil {
		in.People = int(*n)
	}
	in.Women, in.Men, in.MaterialUnits = number(8, false), number(9, false), number(11, false)
	return in, problems
}

// numberText is a count as spreadsheets write it, without thousands
// separators or the ".0" of a number stored as a float.
func numberText(v string) string {
	return strings.ReplaceAll(strings.TrimSuffix(v, ".0"), ",", "")
}

// parseDate reads AAAA-MM-DD, DD/MM/AAAA, or an Excel date serial number.
func parseDate(v string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
		if d, err := time.Parse(layout, v); err == nil {
			return d, true
		}
	}
	if serial, err := strconv.ParseFloat(v, 64); err == nil && serial > 30000 && serial < 80000 {
		d, err := render.ExcelDate(serial)
		return d, err == nil
	}
	return time.Time{}, false
}
