// Package avisos tells each user what needs them, counted in their own
// scope: canalizaciones waiting for an answer, medidas de protección due
// for a risk review, acuerdos past their due date, municipios whose Grupo
// de Trabajo missed its monthly session, and findings of the audit trail. An aviso is a count and where to look,
// never a person.
package avisos

import (
	"context"
	"time"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/clock"
	"sintra/internal/grupotrabajo"
	"sintra/internal/medidas"
)

// Kinds of aviso.
const (
	// CanalizacionesPorAceptar are canalizaciones the caller's institution
	// received and has not yet accepted or rejected.
	CanalizacionesPorAceptar = "canalizaciones_por_aceptar"
	// CanalizacionesRecibidasSinRespuesta are those of them sent Days or
	// more days ago.
	CanalizacionesRecibidasSinRespuesta = "canalizaciones_recibidas_sin_respuesta"
	// CanalizacionesEnviadasSinRespuesta are canalizaciones the caller's
	// institution sent Days or more days ago that nobody has answered.
	CanalizacionesEnviadasSinRespuesta = "canalizaciones_enviadas_sin_respuesta"
	// MedidasPorRevisar are medidas de protección still asked for or in
	// force of the víctimas the caller's institution registered, whose
	// risk review is due today or was due before.
	MedidasPorRevisar = "medidas_por_revisar"
	// AcuerdosVencidos are acuerdos past their due date, not fulfilled.
	AcuerdosVencidos = "acuerdos_vencidos"
	// MunicipiosSinSesion are municipios with casos under review whose
	// Grupo de Trabajo held no session last month.
	MunicipiosSinSesion = "municipios_sin_sesion"
	// HallazgosRecientes are findings of the audit trail's alert rules of
	// the last FindingsDays days.
	HallazgosRecientes = "hallazgos_recientes"
)

// DefaultDays is how many days a canalización may wait for an answer.
const DefaultDays = 5

// FindingsDays is how far back an auditor is told of findings.
const FindingsDays = 7

// Aviso is one thing that needs the user, and how many.
type Aviso struct {
	Kind  string
	Count int
	// Days is the wait that makes a canalización unanswered, or the days
	// findings are counted over.
	Days int
	// SentOnOrBefore is the latest sending date of an unanswered
	// canalización.
	SentOnOrBefore time.Time
	// Month is the month a session was missed in, and Municipios where.
	Month      time.Time
	Municipios []string
}

// Service counts avisos.
type Service struct {
	canalizaciones *canalizaciones.Service
	medidas        *medidas.Service
	grupo          *grupotrabajo.Service
	audit          *audit.Service
	clock          clock.Clock
	days           int
}

// NewService returns a Service; a canalización waits days for an answer
// before it is unanswered (DefaultDays when days is not positive).
func NewService(c *canalizaciones.Service, m *medidas.Service, g *grupotrabajo.Service, a *audit.Service, clk clock.Clock, days int) *Service {
	if days <= 0 {
		days = DefaultDays
	}
	return &Service{canalizaciones: c, medidas: m, grupo: g, audit: a, clock: clk, days: days}
}

// For lists the avisos that need p, those with nothing to count left out.
func (s *Service) For(ctx context.Context, p *authz.Principal) ([]Aviso, error) {
	var out []Aviso
	add := func(a Aviso) {
		if a.Count > 0 {
			out = append(out, a)
		}
	}
	enviada := "enviada"
	stale := s.clock.Today().AddDate(0, 0, -s.days)
	counts := []struct {
		kind string
		f    canalizaciones.Filter
	}{
		{CanalizacionesPorAceptar, canalizaciones.Filter{Box: "recibidas", Status: &enviada}},
		{CanalizacionesRecibidasSinRespuesta, canalizaciones.Filter{Box: "recibidas", Status: &enviada, SentOnOrBefore: &stale}},
		{CanalizacionesEnviadasSinRespuesta, canalizaciones.Filter{Box: "enviadas", Status: &enviada, SentOnOrBefore: &stale}},
	}
	for _, c := range counts {
		n, err := s.canalizaciones.Count(ctx, p, c.f)
		if err != nil {
			return nil, err
		}
		a := Aviso{Kind: c.kind, Count: n}
		if c.f.SentOnOrBefore != nil {
			a.Days, a.SentOnOrBefore = s.days, stale
		}
		add(a)
	}
	n, err := s.medidas.CountDueForReview(ctx, p)
	if err != nil {
		return nil, err
	}
	add(Aviso{Kind: MedidasPorRevisar, Count: n})
	if n, err = s.grupo.OverdueAcuerdos(ctx, p); err != nil {
		return nil, err
	}
	add(Aviso{Kind: AcuerdosVencidos, Count: n})
	month, missed, err := s.grupo.MunicipiosWithoutSession(ctx, p)
	if err != nil {
		return nil, err
	}
	add(Aviso{Kind: MunicipiosSinSesion, Count: len(missed), Month: month, Municipios: missed})
	n, err = s.audit.FindingsSince(ctx, p, s.clock.Now().AddDate(0, 0, -FindingsDays))
	if err != nil {
		return nil, err
	}
	add(Aviso{Kind: HallazgosRecientes, Count: n, Days: FindingsDays})
	return out, nil
}
