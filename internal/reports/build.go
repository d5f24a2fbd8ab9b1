package reports

import (
	"cmp"
	"context"
	"sintra/internal/domain"
	"slices"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// kFor decides the caller's view of entidad's records ("" the nation's): 0
// for exact counts (Secretaría Técnica), the analysts' k for analysts, the
// public k for a public export. A role counts only where it is held: the
// Secretaría Técnica of one entidad who analyses another sees that one
// protected.
func (s *Service) kFor(p *authz.Principal, entidad string, public bool) (int, error) {
	exact := reachesEntidad(s.authz.Scope(p, authz.ReportesRead), entidad)
	protected := reachesEntidad(s.authz.Scope(p, authz.ReportesReadProtected), entidad)
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

// ReportFor returns the report of a period of the caller's entidad (the
// nation's, for a national role); see ReportOf.
func (s *Service) ReportFor(ctx context.Context, p *authz.Principal, periodID uuid.UUID, public bool) (Report, error) {
	return s.ReportOf(ctx, p, periodID, "", public)
}

// ReportOf returns the report of a period of an entidad, or of the caller's
// (the nation's, for a national role) when entidad is "", in the view the
// caller may see, and audits that it was produced.
func (s *Service) ReportOf(ctx context.Context, p *authz.Principal, periodID uuid.UUID, entidad string, public bool) (Report, error) {
	entidad, err := s.entidadOf(ctx, p, entidad, authz.ReportesRead, authz.ReportesReadProtected)
	if err != nil {
		return Report{}, err
	}
	k, err := s.kFor(p, entidad, public)
	if err != nil {
		return Report{}, err
	}
	return s.inEntidad(entidad).reportFor(ctx, p, periodID, k)
}

// reportFor is ReportOf, counting the Service's entidad.
func (s *Service) reportFor(ctx context.Context, p *authz.Principal, periodID uuid.UUID, k int) (Report, error) {
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
			RecordID: period.ID.String(), Detail: withEntidad(r.Protection, r.Entidad)})
	})
	return r, err
}

// withEntidad adds to an audit event's detail the entidad reported, if any.
func withEntidad(detail, entidad string) string {
	if entidad == "" {
		return detail
	}
	return detail + ", entidad " + entidad
}

// errNoProtectedView refuses the suppressed view of a month or a period of
// other bounds: protected on its own, it could be subtracted from the
// quarter or year that overlaps it to reveal the cells they hide.
var errNoProtectedView = apperr.New(apperr.Conflict, "La vista protegida solo está disponible para periodos trimestrales y anuales: "+
	"la de un mes u otro periodo, restada de su trimestre, revelaría cifras ocultas.")

// ForOperator returns the report of a period of an entidad ("" the nation)
// for an operator at the server's command line: exact counts, or with
// public the view for publication. The generation is audited like any
// other.
func (s *Service) ForOperator(ctx context.Context, period domain.Period, entidad string, public bool) (Report, error) {
	if entidad != "" {
		if ok, err := s.store.CatalogHas(ctx, "entidades", entidad); err != nil || !ok {
			return Report{}, cmp.Or(err, error(apperr.New(apperr.NotFound, "La entidad no existe.")))
		}
	}
	k := 0
	if public {
		k = s.publicK
	}
	in := s.inEntidad(entidad)
	r, err := in.Build(ctx, period, k)
	if err != nil {
		return r, err
	}
	err = in.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.CommandLine, audit.Event{Action: "reporte.generar", RecordType: "periodo",
			RecordID: period.ID.String(), Detail: withEntidad(r.Protection, entidad)})
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
	asOf, err := s.readSnapshot(ctx, issuing, func(tx *store.Store) error {
		var err error
		r, err = s.reading(tx).buildIn(ctx, period, k, issuing)
		return err
	})
	r.DataAsOf = asOf
	return r, err
}

// buildIn is build within the snapshot.
func (s *Service) buildIn(ctx context.Context, period domain.Period, k int, issuing bool) (Report, error) {
	if k == 0 {
		l, err := s.labels(ctx)
		if err != nil {
			return Report{}, err
		}
		return s.exact(ctx, period, l, issuing)
	}
	periods, err := s.releaseOf(ctx, period)
	if err != nil {
		return Report{}, err
	}
	rel, err := s.keptRelease(ctx, periods, k)
	if err != nil {
		return Report{}, err
	}
	r, err := rel.served(period)
	r.GeneratedAt = s.clock.Now().UTC()
	return r, err
}

// served is the protected report of period p as it is served: a year's
// shows each of its quarters beside it.
func (rel *release) served(p domain.Period) (Report, error) {
	r, err := rel.report(p)
	if err == nil && p.Kind == "anual" {
		withQuarters(&r, rel.reports[:len(rel.reports)-1])
	}
	return r, err
}

// exact computes the exact report of a period; a year's shows each of its
// quarters beside it.
func (s *Service) exact(ctx context.Context, period domain.Period, l labels, issuing bool) (Report, error) {
	r, err := s.compute(ctx, period, l, issuing)
	if err != nil || period.Kind != "anual" {
		return r, err
	}
	all, err := s.store.Periods(ctx)
	if err != nil {
		return r, err
	}
	_, canonicalQuarters := canonical(all)
	var quarters []*Report
	for _, q := range canonicalQuarters {
		if within(q, period) {
			qr, err := s.compute(ctx, q, l, false)
			if err != nil {
				return r, err
			}
			quarters = append(quarters, &qr)
		}
	}
	slices.SortFunc(quarters, func(a, b *Report) int { return a.Period.StartsOn.Compare(b.Period.StartsOn) })
	withQuarters(&r, quarters)
	return r, nil
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
