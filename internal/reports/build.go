package reports

import (
	"context"
	"fmt"
	"sintra/internal/domain"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// kFor decides the caller's view: 0 for exact counts (Secretaría Técnica),
// the analysts' k for analysts, the public k for a public export.
func (s *Service) kFor(p *authz.Principal, public bool) (int, error) {
	exact := s.authz.Scope(p, authz.ReportesRead).Allowed()
	protected := s.authz.Scope(p, authz.ReportesReadProtected).Allowed()
	switch {
	case !exact && !protected:
		return 0, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	case public:
		return s.publicK, nil
	case exact:
		return 0, nil
	}
	return s.analystK, nil
}

// ReportFor returns the report of a period in the view the caller may see,
// and audits that it was produced.
func (s *Service) ReportFor(ctx context.Context, p *authz.Principal, periodID uuid.UUID, public bool) (Report, error) {
	k, err := s.kFor(p, public)
	if err != nil {
		return Report{}, err
	}
	period, err := s.store.Period(ctx, periodID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Report{}, apperr.New(apperr.NotFound, "El periodo no existe.")
	} else if err != nil {
		return Report{}, err
	}
	r, err := s.Build(ctx, period, k)
	if err != nil {
		return r, err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "reporte.generar", RecordType: "periodo",
			RecordID: period.ID.String(), Detail: r.Protection})
	})
	return r, err
}

// errNoProtectedView refuses the suppressed view of a month or a period of
// other bounds: protected on its own, it could be subtracted from the
// quarter or year that overlaps it to reveal the cells they hide.
var errNoProtectedView = apperr.New(apperr.Conflict, "La vista protegida solo está disponible para periodos trimestrales y anuales: "+
	"la de un mes u otro periodo, restada de su trimestre, revelaría cifras ocultas.")

// ForOperator returns the report of a period for an operator at the
// server's command line: exact counts, or with public the view for
// publication. The generation is audited like any other.
func (s *Service) ForOperator(ctx context.Context, period domain.Period, public bool) (Report, error) {
	k := 0
	if public {
		k = s.publicK
	}
	r, err := s.Build(ctx, period, k)
	if err != nil {
		return r, err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.CommandLine, audit.Event{Action: "reporte.generar", RecordType: "periodo",
			RecordID: period.ID.String(), Detail: r.Protection})
	})
	return r, err
}

// Build computes the report of a period; with k > 0 it suppresses cells
// consistently with the other quarters and the year the period belongs to.
// An annual report shows each quarter beside the year.
func (s *Service) Build(ctx context.Context, period domain.Period, k int) (Report, error) {
	return s.build(ctx, period, k, false)
}

// build is Build; issuing counts the report being issued in its own MIR.
// The report, and the quarters and year it is protected with, count one
// snapshot of the records.
func (s *Service) build(ctx context.Context, period domain.Period, k int, issuing bool) (Report, error) {
	var r Report
	err := s.store.Snapshot(ctx, func(tx *store.Store) error {
		in := *s
		in.store = tx
		var err error
		r, err = in.buildIn(ctx, period, k, issuing)
		return err
	})
	return r, err
}

// buildIn is build within the snapshot.
func (s *Service) buildIn(ctx context.Context, period domain.Period, k int, issuing bool) (Report, error) {
	l, err := s.labels(ctx)
	if err != nil {
		return Report{}, err
	}
	if k == 0 && period.Kind != "anual" {
		return s.compute(ctx, period, l, issuing)
	}
	if period.Kind != "trimestral" && period.Kind != "anual" {
		return Report{}, errNoProtectedView
	}
	b, err := s.yearOf(ctx, period)
	if err != nil {
		return Report{}, err
	}
	for _, q := range b.quarters {
		if *q, err = s.compute(ctx, q.Period, l, issuing && q.Period.ID == period.ID); err != nil {
			return Report{}, err
		}
	}
	if b.annual != nil {
		if *b.annual, err = s.compute(ctx, b.annual.Period, l, false); err != nil {
			return Report{}, err
		}
	}
	if k > 0 {
		b.protect(k)
	}
	if period.Kind == "anual" {
		withQuarters(b.annual, b.quarters)
		return *b.annual, nil
	}
	for _, q := range b.quarters {
		if q.Period.ID == period.ID {
			return *q, nil
		}
	}
	return Report{}, fmt.Errorf("reports: quarter %s missing from its year", period.ID)
}

// yearOf gathers the year a period belongs to: the annual period covering
// it and the quarterly periods within that. A quarter outside any defined
// year stands alone.
func (s *Service) yearOf(ctx context.Context, period domain.Period) (book, error) {
	annual := period
	if period.Kind == "trimestral" {
		years, err := s.store.AnnualPeriodsCovering(ctx, period.StartsOn, period.EndsOn)
		if err != nil {
			return book{}, err
		}
		if len(years) == 0 {
			return book{quarters: []*Report{{Period: period}}}, nil
		}
		annual = years[0]
	}
	quarters, err := s.store.PeriodsWithin(ctx, "trimestral", annual.StartsOn, annual.EndsOn)
	if err != nil {
		return book{}, err
	}
	b := book{annual: &Report{Period: annual}}
	for _, q := range quarters {
		b.quarters = append(b.quarters, &Report{Period: q})
	}
	if period.Kind == "trimestral" && len(b.quarters) == 0 {
		b.quarters = []*Report{{Period: period}}
	}
	return b, nil
}

// withQuarters turns each one-column table of the annual report into one
// column per quarter and one for the year, and adds the summary's people
// by quarter.
func withQuarters(annual *Report, quarters []*Report) {
	if len(quarters) == 0 {
		return
	}
	for t := range annual.Tables {
		table := &annual.Tables[t]
		col := 0
		if table.ID == "resumen" {
			col = 1
		} else if len(table.Columns) != 1 {
			continue
		}
		spread := Table{ID: table.ID, Title: table.Title, TotalRow: table.TotalRow, Note: table.Note}
		if table.ID == "resumen" {
			spread.ID, spread.Title = "resumen_trimestres", "Personas alcanzadas por trimestre"
		}
		for _, q := range quarters {
			spread.Columns = append(spread.Columns, q.Period.Name)
		}
		spread.Columns = append(spread.Columns, annual.Period.Name)
		for _, rw := range table.Rows {
			row := Row{Key: rw.Key, Label: rw.Label}
			for _, q := range quarters {
				cell := Cell{}
				if qt := q.Table(table.ID); qt != nil {
					if c, ok := qt.Cell(rw.Key, col); ok {
						cell = c
					}
				}
				row.Cells = append(row.Cells, cell)
			}
			row.Cells = append(row.Cells, rw.Cells[col])
			spread.Rows = append(spread.Rows, row)
		}
		if table.ID == "resumen" {
			annual.Tables = append(annual.Tables, spread)
		} else {
			*table = spread
		}
	}
}
