package reports

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"sintra/internal/apperr"
	"sintra/internal/disclosure"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Hidden marks a figure withheld by disclosure control, whatever the
// reason: a small count, or one that would give a small count away.
const Hidden = "X"

// hiddenNote explains Hidden wherever it appears.
func hiddenNote(k int) string {
	return fmt.Sprintf("%s: cifra reservada por confidencialidad estadística: cuenta de 1 a %d personas o registros, "+
		"o permitiría deducir una que lo es. Ninguna combinación de las cifras publicadas de este año permite acotar "+
		"una cifra reservada a menos que de 0 a %d.", Hidden, k-1, k)
}

// unprotectable refuses a protected view whose records do not add up to
// its exact figures: it cannot be protected, so it is not published.
func unprotectable(err error) error {
	return apperr.Wrap(apperr.Unavailable, "La vista protegida no está disponible: las cifras no cuadran con sus registros. "+
		"Avise al equipo de SINTRA; la vista exacta de la Secretaría Técnica no se ve afectada.", err)
}

// releaseOf gathers what is published with a protected period: its
// Comisión year and the year's quarters, or the quarter alone when no year
// holds it. A period defined again with the same bounds is the first one. A month, a period of other bounds, or a quarter or year that
// overlaps one defined before it, has no protected view: subtracted from
// the periods it overlaps, it would reveal the cells they hide.
func (s *Service) releaseOf(ctx context.Context, period domain.Period) ([]domain.Period, error) {
	if period.Kind != "trimestral" && period.Kind != "anual" {
		return nil, errNoProtectedView
	}
	all, err := s.store.Periods(ctx)
	if err != nil {
		return nil, err
	}
	years, quarters := canonical(all)
	// A period with the bounds of a canonical one publishes what it does.
	for _, p := range append(years, quarters...) {
		if samePeriod(p, period) {
			period = p
		}
	}
	var year *domain.Period
	for i := range years {
		if years[i].ID == period.ID || (period.Kind == "trimestral" && within(period, years[i])) {
			year = &years[i]
		}
	}
	if period.Kind == "anual" && year == nil || period.Kind == "trimestral" && !slices.ContainsFunc(quarters, func(q domain.Period) bool { return q.ID == period.ID }) {
		return nil, errOverlapping
	}
	if year == nil {
		return []domain.Period{period}, nil
	}
	var out []domain.Period
	for _, q := range quarters {
		if within(q, *year) {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b domain.Period) int { return a.StartsOn.Compare(b.StartsOn) })
	return append(out, *year), nil
}

var errOverlapping = apperr.New(apperr.Conflict, "La vista protegida no está disponible para este periodo: se traslapa con otro definido antes; "+
	"restado de él, revelaría cifras ocultas. Use el periodo definido primero.")

// canonical picks the years and quarters that have protected views: in
// the order they were defined, each year that overlaps no year before it,
// and each quarter that overlaps no quarter before it and lies within a
// year or overlaps none.
func canonical(all []domain.Period) (years, quarters []domain.Period) {
	byDefinition := slices.Clone(all)
	slices.SortStableFunc(byDefinition, func(a, b domain.Period) int { return a.CreatedAt.Compare(b.CreatedAt) })
	overlapsAny := func(p domain.Period, list []domain.Period) bool {
		return slices.ContainsFunc(list, func(q domain.Period) bool { return overlap(p, q) })
	}
	for _, p := range byDefinition {
		if p.Kind == "anual" && !overlapsAny(p, years) {
			years = append(years, p)
		}
	}
	for _, p := range byDefinition {
		if p.Kind != "trimestral" || overlapsAny(p, quarters) {
			continue
		}
		inside := slices.ContainsFunc(years, func(y domain.Period) bool { return within(p, y) })
		if inside || !overlapsAny(p, years) {
			quarters = append(quarters, p)
		}
	}
	return years, quarters
}

func overlap(a, b domain.Period) bool {
	return !a.EndsOn.Before(b.StartsOn) && !b.EndsOn.Before(a.StartsOn)
}

func within(inner, outer domain.Period) bool {
	return !inner.StartsOn.Before(outer.StartsOn) && !inner.EndsOn.After(outer.EndsOn)
}

// protectedRelease computes and protects everything published with the
// periods of a release, for k (and, for the public's k, first for the
// analysts', so that holding both views reveals nothing more).
func (s *Service) protectedRelease(ctx context.Context, periods []domain.Period, k int, l labels) (*release, error) {
	rel, err := s.exactRelease(ctx, periods, l)
	if err != nil {
		return nil, err
	}
	var hidden []bool
	national := s.store.Entidad() == ""
	if national {
		hidden, err = s.nationalPattern(ctx, rel, k, l)
	} else {
		hidden, err = s.protect(rel, k)
	}
	if err != nil {
		return nil, err
	}
	rel.hide(hidden, k)
	if national {
		for _, r := range rel.reports {
			r.Notes = append(r.Notes, nationalNote)
		}
		for _, st := range rel.stats {
			st.table.Note = strings.TrimSpace(st.table.Note + " " + nationalNote)
		}
	}
	return rel, nil
}

// protect returns which figures of an entidad's release to hide for k.
func (s *Service) protect(rel *release, k int) ([]bool, error) {
	var hidden []bool
	var err error
	for _, level := range []int{s.analystK, k} {
		if level > k || (hidden != nil && level == s.analystK) {
			continue
		}
		if hidden, err = disclosure.Protect(disclosure.Release{Cells: rel.cells, Records: rel.records}, level, hidden); err != nil {
			if errors.Is(err, disclosure.ErrInconsistent) {
				return nil, unprotectable(err)
			}
			return nil, err
		}
	}
	return hidden, nil
}

// exactRelease computes everything published with the periods of a
// release, exact, with the records behind it.
func (s *Service) exactRelease(ctx context.Context, periods []domain.Period, l labels) (*release, error) {
	rel := newRelease(periods, s.clock.Today())
	// The records and each period's report count one snapshot apart, at once.
	var facts domain.Facts
	reports := make([]Report, len(periods))
	work := []store.Work{func(ctx context.Context, tx *store.Store) (err error) {
		facts, err = tx.Facts(ctx, periods[0].StartsOn, periods[len(periods)-1].EndsOn)
		return err
	}}
	for i, p := range periods {
		work = append(work, func(ctx context.Context, tx *store.Store) (err error) {
			reports[i], err = s.reading(tx).compute(ctx, p, l, false)
			return err
		})
	}
	if err := s.store.Alongside(ctx, work...); err != nil {
		return nil, err
	}
	for i := range reports {
		r := &reports[i]
		r.Tables = slices.DeleteFunc(r.Tables, func(t Table) bool { return exactOnly(t.ID) })
		r.DataVersion = s.dataVersion(*r)
		rel.reports = append(rel.reports, r)
		for t := range r.Tables {
			if !unprotected(r.Tables[t].ID) {
				rel.register(i, &r.Tables[t], nil)
			}
		}
	}
	rel.load(facts)
	rel.buildStats(l)
	return rel, nil
}

// hide marks the hidden figures in the release's reports and tables.
func (rel *release) hide(hidden []bool, k int) {
	mark := func(i int, t *Table, cols []string) {
		for r := range t.Rows {
			for c := range t.Rows[r].Cells {
				col := fmt.Sprint(c)
				if cols != nil {
					col = cols[c]
				}
				at, ok := rel.at(rel.names.code(t.ID), i, rel.names.code(t.Rows[r].Key), rel.names.code(col))
				if ok && hidden[at] {
					t.Rows[r].Cells[c] = Cell{Mark: Hidden}
				}
			}
		}
	}
	for i, r := range rel.reports {
		for t := range r.Tables {
			mark(i, &r.Tables[t], nil)
		}
		r.MIR = attending(r.MIR, r.Tables[0])
		r.Protection = fmt.Sprintf("protegida (k = %d): cifras reservadas marcadas %s", k, Hidden)
		r.Notes = append(r.Notes, hiddenNote(k))
	}
	for id, st := range rel.stats {
		mark(id.period, &st.table, st.cols)
		st.table.Note = strings.TrimSpace(hiddenNote(k) + " " + st.table.Note)
	}
}

// report returns the protected report of period p of the release.
func (rel *release) report(p domain.Period) (Report, error) {
	for i, q := range rel.periods {
		if samePeriod(p, q) {
			r := *rel.reports[i]
			r.Period = p
			r.Tables = slices.Clone(r.Tables)
			for t := range r.Tables {
				r.Tables[t] = cloneTable(r.Tables[t])
			}
			r.Notes = slices.Clone(r.Notes)
			return r, nil
		}
	}
	return Report{}, fmt.Errorf("reports: period %s missing from its release", p.ID)
}

// statistic returns a protected statistics table of period p, its
// dimensions in the order asked.
func (rel *release) statistic(p domain.Period, measure, dim1, dim2 string) (Table, error) {
	for i, q := range rel.periods {
		if !samePeriod(p, q) {
			continue
		}
		if st, ok := rel.stats[statID{measure, dim1, dim2, i}]; ok {
			return cloneTable(st.table), nil
		}
		if st, ok := rel.stats[statID{measure, dim2, dim1, i}]; ok {
			return st.transposed(measure, dim1, dim2), nil
		}
	}
	return Table{}, fmt.Errorf("reports: statistic %s by %s and %s missing from its release", measure, dim1, dim2)
}

// transposed is a two-way table with rows and columns swapped, totals
// included.
func (st *statTable) transposed(measure, dim1, dim2 string) Table {
	t := st.table
	out := Table{ID: t.ID, Title: statTitle(measure, dim1, dim2), TotalRow: t.TotalCol, TotalCol: t.TotalRow, Note: t.Note}
	for _, r := range t.Rows {
		out.Columns = append(out.Columns, r.Label)
	}
	for c, label := range t.Columns {
		row := Row{Key: st.cols[c], Label: label}
		for _, r := range t.Rows {
			row.Cells = append(row.Cells, r.Cells[c])
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// samePeriod reports whether two periods have the same kind and bounds.
func samePeriod(a, b domain.Period) bool {
	return a.Kind == b.Kind && a.StartsOn.Equal(b.StartsOn) && a.EndsOn.Equal(b.EndsOn)
}
