package reports

import (
	"context"
	"sintra/internal/domain"
	"slices"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// Dimensions the statistics may be broken down by, per measure. Víctimas
// only by their own attributes, so that every total counts each person once.
var Dimensions = map[string][]string{
	"victimas":  {"municipio", "sexo", "grupo_edad", "nacionalidad"},
	"servicios": {"municipio", "sexo", "grupo_edad", "nacionalidad", "tipo_servicio", "institucion"},
}

// Statistic is one or two dimensions of a measure in a period, with
// totals: exact for the Secretaría Técnica, and for analysts under
// disclosure control, protected with everything else published about the
// period's Comisión year.
func (s *Service) Statistic(ctx context.Context, p *authz.Principal, periodID uuid.UUID, measure, dim1, dim2 string) (Table, error) {
	exact := s.authz.Scope(p, authz.ReportesRead).Allowed()
	if !exact && !s.authz.Scope(p, authz.EstadisticasRead).Allowed() {
		return Table{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	dims, ok := Dimensions[measure]
	switch {
	case !ok:
		return Table{}, apperr.Validation(apperr.FieldError{Field: "medida", Message: "La medida es victimas o servicios."})
	case !slices.Contains(dims, dim1) || (dim2 != "" && (!slices.Contains(dims, dim2) || dim2 == dim1)):
		return Table{}, apperr.Validation(apperr.FieldError{Field: "dim1", Message: "Las dimensiones no están disponibles para esa medida."})
	}
	period, err := s.store.Period(ctx, periodID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Table{}, apperr.New(apperr.NotFound, "El periodo no existe.")
	} else if err != nil {
		return Table{}, err
	}
	var t Table
	asOf, err := s.readSnapshot(ctx, false, func(tx *store.Store) error {
		in := *s
		in.store = tx
		l, err := in.labels(ctx)
		if err != nil {
			return err
		}
		if exact {
			t, err = in.statTable(ctx, period, measure, dim1, dim2, l)
			return err
		}
		periods, err := in.releaseOf(ctx, period)
		if err != nil {
			return err
		}
		rel, err := in.protectedRelease(ctx, periods, s.analystK, l)
		if err != nil {
			return err
		}
		t, err = rel.statistic(period, measure, dim1, dim2)
		return err
	})
	t.DataAsOf = asOf
	return t, err
}

func (s *Service) statTable(ctx context.Context, p domain.Period, measure, dim1, dim2 string, l labels) (Table, error) {
	tallies, err := s.store.ReportStatistic(ctx, measure, dim1, dim2, p.StartsOn, p.EndsOn)
	if err != nil {
		return Table{}, err
	}
	t := Table{ID: "estadistica", Title: measure + " por " + dim1, TotalRow: true, TotalCol: dim2 != ""}
	var cols []string
	if dim2 == "" {
		cols = []string{""}
	} else {
		t.Title += " y " + dim2
		for _, x := range tallies {
			if !slices.Contains(cols, x.K2) {
				cols = append(cols, x.K2)
			}
		}
		slices.Sort(cols)
	}
	for _, c := range cols {
		label := measure
		if c != "" {
			label = l.of(c)
		}
		t.Columns = append(t.Columns, label)
	}
	fill(&t, tallies, cols, l)
	return t, nil
}
