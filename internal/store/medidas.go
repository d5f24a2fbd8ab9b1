package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertMedidaProteccion stores a medida de protección and the first entry
// of its status history.
func (s *Store) InsertMedidaProteccion(ctx context.Context, m domain.MedidaProteccion) error {
	at := s.stamp(m.CreatedAt)
	err := s.q.InsertMedidaProteccion(ctx, db.InsertMedidaProteccionParams{ID: m.ID, VictimID: m.VictimID,
		InstitutionCode: m.Institution, MunicipioCode: m.Municipio, MeasureType: m.Type, Beneficiary: m.Beneficiary,
		RequestedBy: m.RequestedBy, RequestedOn: m.RequestedOn, GrantingAuthority: m.GrantingAuthority, GrantedOn: m.GrantedOn,
		StartsOn: m.StartsOn, EndsOn: m.EndsOn, Status: m.Status, ObservationsEnc: m.ObservationsEnc, FamilyEnc: m.FamilyEnc,
		CreatedBy: m.CreatedBy, CreatedAt: at})
	if err != nil {
		return mapError("insert medida de proteccion", err)
	}
	return s.InsertMedidaEstado(ctx, m.ID, domain.MedidaEstado{Status: m.Status, OccurredOn: m.RequestedOn, ChangedBy: m.CreatedBy, ChangedAt: at})
}

// InsertMedidaEstado appends a change of status to a medida's history.
func (s *Store) InsertMedidaEstado(ctx context.Context, medida uuid.UUID, e domain.MedidaEstado) error {
	return mapError("insert medida estado", s.q.InsertMedidaProteccionEstado(ctx, db.InsertMedidaProteccionEstadoParams{MedidaID: medida,
		Status: e.Status, OccurredOn: e.OccurredOn, ChangedBy: e.ChangedBy, ChangedAt: s.stamp(e.ChangedAt)}))
}

// VictimMedidasProteccion returns a víctima's medidas, oldest first.
func (s *Store) VictimMedidasProteccion(ctx context.Context, victimID uuid.UUID) ([]domain.MedidaProteccion, error) {
	rows, err := s.q.ListVictimMedidasProteccion(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim medidas de proteccion", err)
	}
	out := make([]domain.MedidaProteccion, len(rows))
	for i, r := range rows {
		out[i] = medidaOf(r)
	}
	return out, nil
}

// MedidaProteccion returns a medida of a víctima registered by the scope's
// institution (any, for a scope of any institution) in its municipios;
// otherwise NotFound.
func (s *Store) MedidaProteccion(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.MedidaProteccion, error) {
	r, err := s.q.GetMedidaProteccion(ctx, db.GetMedidaProteccionParams{ID: id, Institution: sc.Institution,
		AnyInstitution: sc.AnyInstitution, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return medidaOf(r), mapError("get medida de proteccion", err)
}

func medidaOf(r db.MedidasProteccion) domain.MedidaProteccion {
	m := domain.MedidaProteccion{ID: r.ID, VictimID: r.VictimID, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
		Type: r.MeasureType, Beneficiary: r.Beneficiary, RequestedBy: r.RequestedBy, RequestedOn: r.RequestedOn,
		GrantingAuthority: r.GrantingAuthority, GrantedOn: r.GrantedOn, StartsOn: r.StartsOn, EndsOn: r.EndsOn, Status: r.Status,
		RiskLevel: r.RiskLevel, AssessedOn: r.AssessedOn, NextReviewOn: r.NextReviewOn, ObservationsEnc: r.ObservationsEnc,
		FamilyEnc: r.FamilyEnc, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, Version: int(r.Version), VoidedAt: r.VoidedAt,
		VoidReasonCode: r.VoidReasonCode, VoidReasonEnc: r.VoidReasonEnc, VoidedByInstitution: r.VoidedByInstitution}
	if r.VoidedBy.Valid {
		m.VoidedBy = &r.VoidedBy.UUID
	}
	return m
}

// VoidMedidaProteccion marks a medida voided, with its reason, if it is
// still at the version m was read at and not voided; otherwise
// PreconditionFailed.
func (s *Store) VoidMedidaProteccion(ctx context.Context, m domain.MedidaProteccion) error {
	n, err := s.q.VoidMedidaProteccion(ctx, db.VoidMedidaProteccionParams{ID: m.ID, Version: int32(m.Version),
		VoidedAt: m.VoidedAt, VoidReasonCode: m.VoidReasonCode, VoidReasonEnc: m.VoidReasonEnc,
		VoidedBy: uuid.NullUUID{UUID: *m.VoidedBy, Valid: true}, VoidedByInstitution: m.VoidedByInstitution})
	return staleOr("void medida de proteccion", n, err)
}

// UpdateMedidaProteccion replaces a medida's grant, dates, status and
// sealed text if it is still at the version m was read at; otherwise
// PreconditionFailed.
func (s *Store) UpdateMedidaProteccion(ctx context.Context, m domain.MedidaProteccion) error {
	n, err := s.q.UpdateMedidaProteccion(ctx, db.UpdateMedidaProteccionParams{ID: m.ID, Version: int32(m.Version),
		GrantingAuthority: m.GrantingAuthority, GrantedOn: m.GrantedOn, StartsOn: m.StartsOn, EndsOn: m.EndsOn, Status: m.Status,
		ObservationsEnc: m.ObservationsEnc, FamilyEnc: m.FamilyEnc})
	return staleOr("update medida de proteccion", n, err)
}

// AddMedidaEvaluacion stores a risk assessment and makes it the medida's
// latest, if the medida is still at version; otherwise PreconditionFailed.
func (s *Store) AddMedidaEvaluacion(ctx context.Context, e domain.MedidaEvaluacion, version int) error {
	n, err := s.q.SetMedidaProteccionRisk(ctx, db.SetMedidaProteccionRiskParams{ID: e.MedidaID, Version: int32(version),
		RiskLevel: &e.RiskLevel, AssessedOn: &e.AssessedOn, NextReviewOn: &e.NextReviewOn})
	if err := staleOr("set medida risk", n, err); err != nil {
		return err
	}
	return mapError("insert medida evaluacion", s.q.InsertMedidaProteccionEvaluacion(ctx, db.InsertMedidaProteccionEvaluacionParams{
		ID: e.ID, MedidaID: e.MedidaID, RiskLevel: e.RiskLevel, AssessedOn: e.AssessedOn, NextReviewOn: e.NextReviewOn,
		NotesEnc: e.NotesEnc, AssessedBy: e.AssessedBy, CreatedAt: s.stamp(e.CreatedAt)}))
}

// MedidaEstados returns a medida's status history, in order.
func (s *Store) MedidaEstados(ctx context.Context, medida uuid.UUID) ([]domain.MedidaEstado, error) {
	rows, err := s.q.ListMedidaProteccionEstados(ctx, medida)
	if err != nil {
		return nil, mapError("list medida estados", err)
	}
	out := make([]domain.MedidaEstado, len(rows))
	for i, r := range rows {
		out[i] = domain.MedidaEstado{Status: r.Status, OccurredOn: r.OccurredOn, ChangedBy: r.ChangedBy, ChangedByName: r.ChangedByName,
			ChangedAt: r.ChangedAt}
	}
	return out, nil
}

// MedidaEvaluaciones returns a medida's risk assessments, oldest first.
func (s *Store) MedidaEvaluaciones(ctx context.Context, medida uuid.UUID) ([]domain.MedidaEvaluacion, error) {
	rows, err := s.q.ListMedidaProteccionEvaluaciones(ctx, medida)
	if err != nil {
		return nil, mapError("list medida evaluaciones", err)
	}
	out := make([]domain.MedidaEvaluacion, len(rows))
	for i, r := range rows {
		out[i] = domain.MedidaEvaluacion{ID: r.ID, MedidaID: r.MedidaID, RiskLevel: r.RiskLevel, AssessedOn: r.AssessedOn,
			NextReviewOn: r.NextReviewOn, NotesEnc: r.NotesEnc, AssessedBy: r.AssessedBy, AssessedByName: r.AssessedByName, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// MedidasDueForReview returns a page of the medidas still asked for or in
// force, in the scope, whose next risk review falls on or before dueOn,
// the earliest first, without their sealed text; and how many there are.
func (s *Store) MedidasDueForReview(ctx context.Context, sc domain.Scope, dueOn time.Time, limit, offset int) ([]domain.MedidaProteccion, int, error) {
	rows, err := s.q.MedidasProteccionDueForReview(ctx, db.MedidasProteccionDueForReviewParams{DueOn: dueOn,
		AnyInstitution: sc.AnyInstitution, Institution: sc.Institution, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("medidas due for review", err)
	}
	total, err := s.q.CountMedidasProteccionDueForReview(ctx, db.CountMedidasProteccionDueForReviewParams{DueOn: dueOn,
		AnyInstitution: sc.AnyInstitution, Institution: sc.Institution, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	if err != nil {
		return nil, 0, mapError("count medidas due for review", err)
	}
	out := make([]domain.MedidaProteccion, len(rows))
	for i, r := range rows {
		out[i] = domain.MedidaProteccion{ID: r.ID, VictimID: r.VictimID, VictimFolio: r.Folio, Institution: r.InstitutionCode,
			Municipio: r.MunicipioCode, Type: r.MeasureType, RiskLevel: r.RiskLevel, NextReviewOn: r.NextReviewOn}
	}
	return out, int(total), nil
}

// EraseVictimMedidasText clears the text sealed with a víctima's key in
// her medidas de protección and their risk assessments.
func (s *Store) EraseVictimMedidasText(ctx context.Context, victimID uuid.UUID) error {
	if err := s.q.EraseVictimMedidasProteccionText(ctx, victimID); err != nil {
		return mapError("erase medidas text", err)
	}
	return mapError("erase medidas notes", s.q.EraseVictimMedidasProteccionNotes(ctx, victimID))
}

// medidaFacts are the medidas de protección requested in the span.
func (s *Store) medidaFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseMedidasProteccion(ctx, db.ReleaseMedidasProteccionParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release medidas de proteccion", err)
	}
	for _, m := range rows {
		f.Units["medidas_proteccion"] = append(f.Units["medidas_proteccion"], domain.UnitFact{On: m.RequestedOn,
			Values: map[string][]string{"tipo_medida": {m.MeasureType}, "beneficiario": {m.Beneficiary}, "municipio": {m.MunicipioCode}},
			Timelines: map[string]domain.Timeline{"estado": {Start: "solicitada", Steps: m.Steps, Days: m.StepDates},
				"nivel_riesgo": {Start: "sin_evaluacion", Steps: m.Risks, Days: m.RiskDates}}})
	}
	return nil
}
