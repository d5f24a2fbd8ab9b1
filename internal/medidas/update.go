package medidas

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Change is what a caseworker changes of a medida; a nil field keeps its
// value. A new Status is dated On (today when nil).
type Change struct {
	Status            *string
	On                *time.Time
	GrantingAuthority *string
	GrantedOn         *time.Time
	StartsOn          *time.Time
	EndsOn            *time.Time
	Observations      *string
	Family            *string
	// Clear names the optional fields to empty, entered by mistake: any of
	// Clearable. A field cleared is not also given a value.
	Clear []string
}

// Clearable are the fields of a medida a change may empty.
var Clearable = []string{"granting_authority", "granted_on", "starts_on", "ends_on"}

// Update changes a medida when the caller's copy is current (version, from
// the ETag): its grant, dates, text, and its status, whose change is kept
// in the history with its day, who made it and when.
func (s *Service) Update(ctx context.Context, p *authz.Principal, id uuid.UUID, version int, c Change) (domain.MedidaProteccion, error) {
	var m domain.MedidaProteccion
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if m, err = s.writable(ctx, tx, p, id, version); err != nil {
			return err
		}
		history, err := tx.MedidaEstados(ctx, m.ID)
		if err != nil {
			return err
		}
		previous := m.Status
		if err := s.apply(&m, &c, history); err != nil {
			return err
		}
		if err := s.seal(ctx, tx, &m, c.Observations, c.Family); err != nil {
			return err
		}
		if err := tx.UpdateMedidaProteccion(ctx, m); err != nil {
			return err
		}
		m.Version++
		detail := "victima " + m.VictimID.String()
		if m.Status != previous {
			if err := tx.InsertMedidaEstado(ctx, m.ID, domain.MedidaEstado{Status: m.Status, OccurredOn: *c.On, ChangedBy: p.UserID,
				ChangedAt: s.clock.Now()}); err != nil {
				return err
			}
			detail += " " + previous + "->" + m.Status
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("medida_proteccion.modificar", m, detail))
	})
	m.ObservationsEnc, m.FamilyEnc, m.VoidReasonEnc = nil, nil, nil
	return m, err
}

// apply checks a change against the medida and its history and makes it.
func (s *Service) apply(m *domain.MedidaProteccion, c *Change, history []domain.MedidaEstado) error {
	var f fields
	if c.Status != nil && *c.Status != m.Status {
		if !slices.Contains(next[m.Status], *c.Status) {
			f.add("status", "Una medida "+m.Status+" no puede pasar a "+*c.Status+".")
		}
		if c.On == nil {
			today := s.clock.Today()
			c.On = &today
		}
		f.pastDate(s.clock, "on", c.On, "la fecha del cambio de estado")
		last := m.RequestedOn
		if len(history) > 0 {
			last = history[len(history)-1].OccurredOn
		}
		if c.On.Before(last) {
			f.add("on", "El cambio de estado no puede ser anterior al último registrado ("+day(last)+").")
		}
		m.Status = *c.Status
	}
	empty(&f, m, c.Clear)
	if c.GrantingAuthority != nil {
		f.oneOf("granting_authority", *c.GrantingAuthority, Authorities, "Elija la autoridad que otorga la medida de la lista.")
		m.GrantingAuthority = c.GrantingAuthority
	}
	if c.GrantedOn != nil {
		f.pastDate(s.clock, "granted_on", c.GrantedOn, "la fecha en que se otorgó")
		m.GrantedOn = c.GrantedOn
	}
	if c.StartsOn != nil {
		m.StartsOn = optDate(c.StartsOn)
	}
	if c.EndsOn != nil {
		m.EndsOn = optDate(c.EndsOn)
	}
	if c.Observations != nil {
		f.text("observations", c.Observations, "Las observaciones")
	}
	if c.Family != nil {
		f.text("family", c.Family, "Los datos de los familiares")
	}
	s.defaults(m, c)
	checkDates(&f, m)
	return f.err()
}

// empty empties the fields named, refusing those not Clearable.
func empty(f *fields, m *domain.MedidaProteccion, names []string) {
	for _, name := range names {
		switch name {
		case "granting_authority":
			m.GrantingAuthority = nil
		case "granted_on":
			m.GrantedOn = nil
		case "starts_on":
			m.StartsOn = nil
		case "ends_on":
			m.EndsOn = nil
		default:
			f.add(name, "Este dato no se puede borrar.")
		}
	}
}

// defaults fills what a change of status implies: a medida in force from
// the day it came into force, ended on the day it was concluded or revoked.
func (s *Service) defaults(m *domain.MedidaProteccion, c *Change) {
	if c.Status == nil || c.On == nil {
		return
	}
	switch *c.Status {
	case "vigente":
		if m.StartsOn == nil {
			m.StartsOn = c.On
		}
	case "concluida", "revocada":
		if m.EndsOn == nil {
			m.EndsOn = c.On
		}
	}
}

// checkDates checks a medida's dates against each other and its status.
func checkDates(f *fields, m *domain.MedidaProteccion) {
	granted := m.Status == "otorgada" || m.Status == "vigente" ||
		(m.Status == "concluida" || m.Status == "revocada") && m.GrantedOn != nil
	if granted && m.GrantingAuthority == nil {
		f.add("granting_authority", "Indique la autoridad que otorgó la medida.")
	}
	if (m.Status == "otorgada" || m.Status == "vigente") && m.GrantedOn == nil {
		f.add("granted_on", "Indique la fecha en que se otorgó la medida.")
	}
	if m.Status == "vigente" && m.StartsOn == nil {
		f.add("starts_on", "Una medida vigente necesita su fecha de inicio; no se puede borrar.")
	}
	if (m.Status == "concluida" || m.Status == "revocada") && m.EndsOn == nil {
		f.add("ends_on", "Una medida "+m.Status+" necesita su fecha de término; no se puede borrar.")
	}
	if m.GrantedOn != nil && m.GrantedOn.Before(m.RequestedOn) {
		f.add("granted_on", "La medida no puede otorgarse antes de solicitarse ("+day(m.RequestedOn)+").")
	}
	if m.StartsOn != nil && m.StartsOn.Before(m.RequestedOn) {
		f.add("starts_on", "La medida no puede iniciar antes de solicitarse ("+day(m.RequestedOn)+").")
	}
	if m.StartsOn != nil && m.GrantedOn != nil && m.StartsOn.Before(*m.GrantedOn) {
		f.add("starts_on", "La medida no puede iniciar antes de otorgarse ("+day(*m.GrantedOn)+").")
	}
	if m.EndsOn != nil && m.StartsOn != nil && m.EndsOn.Before(*m.StartsOn) {
		f.add("ends_on", "La fecha de término no puede ser anterior a la de inicio ("+day(*m.StartsOn)+").")
	}
	if m.EndsOn != nil && m.EndsOn.Before(m.RequestedOn) {
		f.add("ends_on", "La fecha de término no puede ser anterior a la solicitud ("+day(m.RequestedOn)+").")
	}
}

// Assessment is a risk assessment of a medida's víctima.
type Assessment struct {
	RiskLevel    string
	AssessedOn   time.Time
	NextReviewOn time.Time
	Notes        string
}

// Evaluate records a risk assessment of a medida still asked for or in
// force: the first or a review; each is kept, and the latest, with its
// next review date, is the medida's.
func (s *Service) Evaluate(ctx context.Context, p *authz.Principal, id uuid.UUID, in Assessment) (domain.MedidaEvaluacion, error) {
	var e domain.MedidaEvaluacion
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		m, err := tx.MedidaProteccion(ctx, id, everywhere)
		if err != nil {
			return notFound(err)
		}
		if m, err = s.writable(ctx, tx, p, id, m.Version); err != nil {
			return err
		}
		if err := s.checkAssessment(&in, m); err != nil {
			return err
		}
		if !Active(m.Status) {
			return apperr.New(apperr.Conflict, "La medida ya no está solicitada ni vigente; no se evalúa su riesgo.")
		}
		e = domain.MedidaEvaluacion{ID: uuid.New(), MedidaID: m.ID, RiskLevel: in.RiskLevel, AssessedOn: in.AssessedOn,
			NextReviewOn: in.NextReviewOn, AssessedBy: p.UserID, CreatedAt: s.clock.Now()}
		if e.NotesEnc, err = s.victims.Seal(ctx, tx, m.VictimID, victims.NotePlace(victims.EvaluacionesTable, e.ID), "notes", in.Notes); err != nil {
			return err
		}
		if err := tx.AddMedidaEvaluacion(ctx, e, m.Version); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("medida_proteccion.evaluar_riesgo", m, "victima "+m.VictimID.String()+" "+e.RiskLevel))
	})
	e.NotesEnc = nil
	return e, err
}

// checkAssessment validates an assessment of medida m.
func (s *Service) checkAssessment(in *Assessment, m domain.MedidaProteccion) error {
	var f fields
	f.oneOf("risk_level", in.RiskLevel, RiskLevels, "Indique el nivel de riesgo: bajo, medio o alto.")
	f.pastDate(s.clock, "assessed_on", &in.AssessedOn, "la fecha de la evaluación")
	if in.AssessedOn.Before(m.RequestedOn) {
		f.add("assessed_on", "La evaluación no puede ser anterior a la solicitud de la medida ("+day(m.RequestedOn)+").")
	}
	if m.AssessedOn != nil && in.AssessedOn.Before(*m.AssessedOn) {
		f.add("assessed_on", "La evaluación no puede ser anterior a la última registrada ("+day(*m.AssessedOn)+").")
	}
	in.NextReviewOn = clock.Date(in.NextReviewOn)
	if !in.NextReviewOn.After(in.AssessedOn) {
		f.add("next_review_on", "La próxima revisión debe ser posterior a la fecha de la evaluación.")
	}
	f.text("notes", &in.Notes, "Las notas")
	return f.err()
}
