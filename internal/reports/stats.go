package reports

import (
	"context"
	"sintra/internal/domain"
	"slices"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
)

// Dimensions the statistics may be broken down by, per measure. Víctimas
// only by their own attributes, so that every total counts each person once.
var Dimensions = map[string][]string{
	"victimas":  {"municipio", "sexo", "grupo_edad", "nacionalidad"},
	"servicios": {"municipio", "sexo", "grupo_edad", "nacionalidad", "tipo_servicio", "institucion"},
}

// Statistic is one or two dimensions of a measure in a period, with totals,
// under disclosure control: the analysts' k, consistent with the other
// quarters and the year of the period.
func (s *Service) Statistic(ctx context.Context, p *authz.Principal, periodID uuid.UUID, measure, dim1, dim2 string) (Table, error) {
	if !s.authz.Scope(p, authz.EstadisticasRead).Allowed() {
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
	if period.Kind != "trimestral" && period.Kind != "anual" {
		return Table{}, errNoProtectedView
	}
	l, err := s.labels(ctx)
	if err != nil {
		return Table{}, err
	}
	b, err := s.yearOf(ctx, period)
	if err != nil {
		return Table{}, err
	}
	all := append([]*Report{}, b.quarters...)
	if b.annual != nil {
		all = append(all, b.annual)
	}
	for _, r := range all {
		t, err := s.statTable(ctx, r.Period, measure, dim1, dim2, l)
		if err != nil {
			return Table{}, err
		}
		r.Tables = []Table{t}
	}
	b.protect(s.analystK)
	for _, r := range all {
		if r.Period.ID == period.ID {
			return r.Tables[0], nil
		}
	}
	return Table{}, apperr.New(apperr.NotFound, "El periodo no existe.")
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
