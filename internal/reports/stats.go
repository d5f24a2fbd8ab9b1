package reports

import (
	"context"
	"maps"
	"sintra/internal/domain"
	"slices"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// Dimensions the statistics may be broken down by, per measure: the
// víctimas attended in a period by their attributes (law Art. 26 XII) and
// the modalidades of their casos, the services given, and the units of
// unitMeasures. Víctimas are not broken down by their services, so that a
// total counts each person once.
var Dimensions = func() map[string][]string {
	d := map[string][]string{
		"victimas": {"municipio", "sexo", "grupo_edad", "nacionalidad", "estado_civil", "calidad_migratoria", "lengua_indigena",
			"discapacidad", "menor_de_edad", "denuncia", "modalidad"},
		"servicios": {"municipio", "sexo", "grupo_edad", "nacionalidad", "tipo_servicio", "institucion"},
	}
	for _, m := range unitMeasures {
		d[m.name] = m.dims
	}
	return d
}()

// Statistic is one or two dimensions of a measure in a period, with
// totals, of the caller's entidad (the nation's for a national role); see
// StatisticOf.
func (s *Service) Statistic(ctx context.Context, p *authz.Principal, periodID uuid.UUID, measure, dim1, dim2 string) (Table, error) {
	return s.StatisticOf(ctx, p, periodID, "", measure, dim1, dim2)
}

// StatisticOf is one or two dimensions of a measure in a period of an
// entidad (the caller's when ""), with totals: exact for the Secretaría
// Técnica, and for analysts under disclosure control, protected with
// everything else published about the entidad's Comisión year.
func (s *Service) StatisticOf(ctx context.Context, p *authz.Principal, periodID uuid.UUID, entidad, measure, dim1, dim2 string) (Table, error) {
	entidad, err := s.entidadOf(ctx, p, entidad, authz.ReportesRead, authz.EstadisticasRead)
	if err != nil {
		return Table{}, err
	}
	exact := reachesEntidad(s.authz.Scope(p, authz.ReportesRead), entidad)
	return s.inEntidad(entidad).statistic(ctx, periodID, exact, measure, dim1, dim2)
}

// statistic is StatisticOf for the Service's entidad.
func (s *Service) statistic(ctx context.Context, periodID uuid.UUID, exact bool, measure, dim1, dim2 string) (Table, error) {
	dims, ok := Dimensions[measure]
	switch {
	case !ok:
		return Table{}, apperr.Validation(apperr.FieldError{Field: "medida", Message: "La medida no existe; elija una de: " + measureList() + "."})
	case !slices.Contains(dims, dim1) || (dim2 != "" && (!slices.Contains(dims, dim2) || dim2 == dim1)):
		return Table{}, apperr.Validation(apperr.FieldError{Field: "dim1", Message: "Las dimensiones no están disponibles para esa medida."})
	case dim2 != "" && !crosses(measure, dim1, dim2):
		return Table{}, apperr.Validation(apperr.FieldError{Field: "dim2", Message: "Esas dos dimensiones no se cruzan; " +
			"crúcelas con sexo o consulte cada una por separado."})
	}
	period, err := s.store.Period(ctx, periodID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Table{}, apperr.New(apperr.NotFound, "El periodo no existe.")
	} else if err != nil {
		return Table{}, err
	}
	var t Table
	asOf, err := s.readSnapshot(ctx, false, func(tx *store.Store) error {
		in := s.reading(tx)
		var rel *release
		var err error
		if exact {
			rel, err = in.keptExactStatistics(ctx, period)
		} else {
			var periods []domain.Period
			if periods, err = in.releaseOf(ctx, period); err == nil {
				rel, err = in.keptRelease(ctx, periods, s.analystK)
			}
		}
		if err != nil {
			return err
		}
		t, err = rel.statistic(period, measure, dim1, dim2)
		return err
	})
	if s.store.Entidad() == "" && slices.Contains(notInFeed, measure) {
		t.Note = strings.TrimSpace(t.Note + " " + notInFeedNote)
	}
	t.DataAsOf = asOf
	return t, err
}

// notInFeed are the measures of records the entidades' feed does not
// carry: the nation's statistics of them count its own instance's alone.
var notInFeed = []string{"reportes", "medidas_proteccion"}

const notInFeedNote = "Cuenta lo registrado en esta instancia: la carga nacional de las entidades no transporta reportes ciudadanos ni medidas de protección."

// measureList names the measures, for an error message.
func measureList() string {
	names := slices.Sorted(maps.Keys(Dimensions))
	return strings.Join(names, ", ")
}

// Measure is a measure the statistics count, with its dimensions.
type Measure struct {
	Code, Name string
	Dimensions []Dimension
}

// Dimension is a dimension a measure may be broken down by, with those
// it crosses with.
type Dimension struct {
	Code, Name string
	Crosses    []string
}

// Measures lists the measures and their dimensions, named for the reader.
func Measures() []Measure {
	codes := []string{"victimas", "servicios"}
	for _, m := range unitMeasures {
		codes = append(codes, m.name)
	}
	var out []Measure
	for _, code := range codes {
		m := Measure{Code: code, Name: measureNames[code]}
		for _, d := range Dimensions[code] {
			dim := Dimension{Code: d, Name: dimensionNames[d]}
			for _, other := range Dimensions[code] {
				if crosses(code, d, other) {
					dim.Crosses = append(dim.Crosses, other)
				}
			}
			m.Dimensions = append(m.Dimensions, dim)
		}
		out = append(out, m)
	}
	return out
}
