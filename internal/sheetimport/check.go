package sheetimport

import (
	"context"
	"fmt"
	"slices"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// plan is what a file imports, every row checked.
type plan struct {
	victims  []victimRow
	casos    []casoRow
	services []serviceRow
}

// check reads every row of b and checks it as registering the víctima,
// opening the caso or recording the service would; then the keys that
// relate the sheets and the same person twice in the file. It returns the
// plan, or every problem found. The víctimas already registered are looked
// for as the plan is stored, in its transaction.
func (s *Service) check(ctx context.Context, p *authz.Principal, b book) (plan, []RowError, error) {
	cat, err := s.loadCatalogs(ctx)
	if err != nil {
		return plan{}, nil, err
	}
	var pl plan
	found := &report{}
	pl.victims = readRows(b.victims, victimColumns, b.xlsx, cat, found, victimOf)
	pl.casos = readRows(b.casos, casoColumns, b.xlsx, cat, found, casoOf)
	pl.services = readRows(b.services, serviceColumns, b.xlsx, cat, found, serviceOf)
	for i, v := range pl.victims {
		if err := found.fields(v.at, s.victims.Check(ctx, p, &pl.victims[i].reg), victimFields); err != nil {
			return plan{}, nil, err
		}
	}
	for i, k := range pl.casos {
		if err := found.fields(k.at, s.casos.Check(ctx, p, &pl.casos[i].in), casoFields); err != nil {
			return plan{}, nil, err
		}
	}
	ins := make([]*services.Input, len(pl.services))
	for i := range pl.services {
		ins[i] = &pl.services[i].in
	}
	checked, err := s.services.CheckMany(ctx, ins)
	if err != nil {
		return plan{}, nil, err
	}
	for i, err := range checked {
		if err := found.fields(pl.services[i].at, err, serviceFields); err != nil {
			return plan{}, nil, err
		}
	}
	relate(pl, b.xlsx, found)
	s.repeats(pl, found)
	return pl, found.sorted(), nil
}

// relate checks the keys: each unique in its sheet, each clave_caso of a
// víctima naming a caso of the file and each service's clave_victima a
// víctima of it, and no service dated before her identification.
func relate(pl plan, xlsx bool, found *report) {
	missingCaso, missingVictim := "No hay un expediente con esta clave en la hoja Casos.", "No hay una víctima con esta clave en la hoja Víctimas."
	if !xlsx {
		missingCaso = "Ninguna fila describe el expediente de esta clave (municipio_caso, modalidades…)."
	}
	casoRows := map[string]int{}
	for _, k := range pl.casos {
		if first, seen := casoRows[k.key]; seen && k.key != "" {
			found.add(k.at, "clave_caso", fmt.Sprintf("La clave se repite: ya está en la fila %d.", first))
		} else {
			casoRows[k.key] = k.at.row
		}
	}
	victimsByKey := map[string]victimRow{}
	for _, v := range pl.victims {
		if first, seen := victimsByKey[v.key]; seen && v.key != "" {
			found.add(v.at, "clave_victima", fmt.Sprintf("La clave se repite: ya está en la fila %d.", first.at.row))
			continue
		}
		victimsByKey[v.key] = v
		if _, ok := casoRows[v.casoKey]; v.casoKey != "" && !ok {
			found.add(v.at, "clave_caso", missingCaso)
		}
	}
	for _, sv := range pl.services {
		v, ok := victimsByKey[sv.victimKey]
		switch {
		case sv.victimKey == "":
		case !ok:
			found.add(sv.at, "clave_victima", missingVictim)
		case !sv.in.ProvidedOn.IsZero() && sv.in.ProvidedOn.Before(v.identified):
			found.add(sv.at, "fecha_servicio", services.BeforeIdentification+" (fecha_identificacion de su fila en la hoja Víctimas).")
		}
	}
}

// repeats notes each víctima of the file that is the same person as an
// earlier row: the same CURP, or the same names and birth date.
func (s *Service) repeats(pl plan, found *report) {
	regs := registrations(pl)
	for i, first := range s.victims.Repeats(regs) {
		if first < 0 {
			continue
		}
		col := "nombres"
		if c := regs[i].Personal.CURP; c != "" && c == regs[first].Personal.CURP {
			col = "curp"
		}
		found.add(pl.victims[i].at, col, fmt.Sprintf("Es la misma persona que la fila %d (misma CURP, o mismos nombre y fecha de nacimiento).",
			pl.victims[first].at.row))
	}
}

// registered notes each víctima of the file already registered in SINTRA,
// by any institution, unless her row confirms it, as registering her alone
// would tell: with the folio when the caller may read her, else with the
// institution that registered her. matches are those of each víctima.
func registered(pl plan, matches [][]victims.Duplicate) []RowError {
	found := &report{}
	for i, dups := range matches {
		if len(dups) == 0 || pl.victims[i].reg.ConfirmDuplicate {
			continue
		}
		where := make([]string, len(dups))
		for j, d := range dups {
			where[j] = d.Institution
			if d.Folio != "" {
				where[j] = "folio " + d.Folio
			}
		}
		slices.Sort(where)
		col := "nombres"
		if pl.victims[i].reg.Personal.CURP != "" {
			col = "curp"
		}
		found.add(pl.victims[i].at, col, fmt.Sprintf("Ya está registrada una víctima con la misma CURP, o los mismos nombre y fecha de nacimiento (%s). "+
			"Quite la fila o, si es otra persona o debe registrarse de todos modos, escriba sí en confirmar_duplicado.", joinSpanish(slices.Compact(where))))
	}
	return found.sorted()
}

func registrations(pl plan) []victims.Registration {
	out := make([]victims.Registration, len(pl.victims))
	for i, v := range pl.victims {
		out[i] = v.reg
	}
	return out
}

// joinSpanish joins words as Spanish lists them: «a», «a y b», «a, b y c».
func joinSpanish(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	out := words[0]
	for _, w := range words[1 : len(words)-1] {
		out += ", " + w
	}
	return out + " y " + words[len(words)-1]
}

// report gathers the problems of an import, one per cell.
type report struct {
	errs []RowError
	seen map[[3]any]bool
}

// add notes a problem of a record's column, unless that cell has one.
func (r *report) add(rec record, col, msg string) {
	if r.seen == nil {
		r.seen = map[[3]any]bool{}
	}
	cell := [3]any{rec.sheet, rec.row, col}
	if !r.seen[cell] {
		r.seen[cell] = true
		r.errs = append(r.errs, RowError{Sheet: rec.sheet, Row: rec.row, Column: col, Message: msg})
	}
}

func (r *report) note(rec record, problems []problem) {
	for _, p := range problems {
		r.add(rec, p.column, p.message)
	}
}

// fields notes the fields a domain check of a record found wrong, by the
// column that holds each (the key column when none does); an error other
// than invalid data is returned.
func (r *report) fields(rec record, err error, cols fieldColumns) error {
	if err == nil {
		return nil
	}
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		return err
	}
	for _, f := range e.Fields {
		col, ok := cols.byField[f.Field]
		if !ok {
			col = cols.key
		}
		r.add(rec, col, f.Message)
	}
	if len(e.Fields) == 0 {
		r.add(rec, cols.key, e.Message)
	}
	return nil
}

// readRows reads each record of a sheet with read, noting what does not parse.
func readRows[T any](recs []record, cols []column, xlsx bool, cat catalogs, found *report, read func(*cells, catalogs) T) []T {
	out := make([]T, len(recs))
	for i, rec := range recs {
		c := &cells{rec: rec, cols: cols, xlsx: xlsx}
		out[i] = read(c, cat)
		found.note(rec, c.problems)
	}
	return out
}

// sheetOrder is the order in which errors are listed, sheet by sheet.
var sheetOrder = []string{SheetVictimas, SheetCasos, SheetServicios, SheetCSV}

// sorted returns the problems by sheet, row and column.
func (r *report) sorted() []RowError {
	position := func(e RowError) int { return slices.Index(names(csvColumns), e.Column) }
	slices.SortStableFunc(r.errs, func(a, b RowError) int {
		if d := slices.Index(sheetOrder, a.Sheet) - slices.Index(sheetOrder, b.Sheet); d != 0 {
			return d
		}
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return position(a) - position(b)
	})
	return r.errs
}
