package store

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertCanalizacion stores a new canalización.
func (s *Store) InsertCanalizacion(ctx context.Context, c domain.Canalizacion) error {
	return mapError("insert canalizacion", s.q.InsertCanalizacion(ctx, db.InsertCanalizacionParams{
		ID: c.ID, VictimID: c.VictimID, FromInstitution: c.From, ToInstitution: c.To, MunicipioCode: c.Municipio,
		ServiceType: c.ServiceType, NotesEnc: c.NotesEnc, ConsentOverride: c.ConsentOverride, OverrideReasonEnc: c.OverrideReasonEnc,
		SentBy: c.SentBy, SentOn: c.SentOn, RecordedAt: s.stamp(c.RecordedAt),
	}))
}

// Canalizacion returns a canalización the scope's institution sent or
// received, in its municipios; otherwise NotFound.
func (s *Store) Canalizacion(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.Canalizacion, error) {
	r, err := s.q.GetCanalizacion(ctx, db.GetCanalizacionParams{ID: id, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return domain.Canalizacion{ID: r.ID, VictimID: r.VictimID, Folio: r.Folio, From: r.FromInstitution, To: r.ToInstitution, Municipio: r.MunicipioCode,
		ServiceType: r.ServiceType, Status: r.Status, NotesEnc: r.NotesEnc, ConsentOverride: r.ConsentOverride,
		OverrideReasonEnc: r.OverrideReasonEnc, SentOn: r.SentOn, RecordedAt: r.RecordedAt, SentBy: r.SentBy,
		Version: int(r.Version), VoidedAt: r.VoidedAt}, mapError("get canalizacion", err)
}

// CorrectCanalizacion replaces a canalización's service type, date and
// notes while nobody has answered it, if it is still at the version c was
// read at and not voided; otherwise PreconditionFailed.
func (s *Store) CorrectCanalizacion(ctx context.Context, c domain.Canalizacion) error {
	n, err := s.q.CorrectCanalizacion(ctx, db.CorrectCanalizacionParams{ID: c.ID, Version: int32(c.Version), ServiceType: c.ServiceType,
		SentOn: c.SentOn, NotesEnc: c.NotesEnc})
	return staleOr("correct canalizacion", n, err)
}

// CountCanalizaciones counts the scope's institution's canalizaciones in
// its municipios that f keeps.
func (s *Store) CountCanalizaciones(ctx context.Context, sc domain.Scope, f domain.CanalizacionFilter) (int, error) {
	n, err := s.q.CountCanalizaciones(ctx, db.CountCanalizacionesParams{Received: f.Received, Sent: f.Sent,
		Institution: sc.Institution, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), Status: f.Status, VictimID: f.VictimID,
		SentOnOrBefore: f.SentOnOrBefore, WithVoided: f.WithVoided})
	return int(n), mapError("count canalizaciones", err)
}

// VoidCanalizacion marks a canalización nobody has answered voided, if it
// is still at version.
func (s *Store) VoidCanalizacion(ctx context.Context, id uuid.UUID, version int) error {
	n, err := s.q.VoidCanalizacion(ctx, db.VoidCanalizacionParams{ID: id, Version: int32(version), VoidedAt: ptr(s.now())})
	return staleOr("void canalizacion", n, err)
}

// Canalizaciones returns a page of the scope's institution's canalizaciones
// in its municipios, newest first, and the total.
func (s *Store) Canalizaciones(ctx context.Context, sc domain.Scope, f domain.CanalizacionFilter, limit, offset int) ([]domain.Canalizacion, int, error) {
	rows, err := s.q.ListCanalizaciones(ctx, db.ListCanalizacionesParams{Received: f.Received, Sent: f.Sent, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		Status: f.Status, VictimID: f.VictimID, SentOnOrBefore: f.SentOnOrBefore, WithVoided: f.WithVoided, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("list canalizaciones", err)
	}
	total, err := s.CountCanalizaciones(ctx, sc, f)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.Canalizacion, len(rows))
	for i, r := range rows {
		out[i] = domain.Canalizacion{ID: r.ID, VictimID: r.VictimID, Folio: r.Folio, From: r.FromInstitution, To: r.ToInstitution,
			Municipio: r.MunicipioCode, ServiceType: r.ServiceType, Status: r.Status, ConsentOverride: r.ConsentOverride,
			SentOn: r.SentOn, RecordedAt: r.RecordedAt, SentBy: r.SentBy, Version: int(r.Version), VoidedAt: r.VoidedAt}
	}
	return out, int(total), nil
}

// MoveCanalizacion changes the status if it still is from, and records the step.
func (s *Store) MoveCanalizacion(ctx context.Context, t domain.Transition) error {
	n, err := s.q.SetCanalizacionStatus(ctx, db.SetCanalizacionStatusParams{ID: t.CanalizacionID, FromStatus: t.From, ToStatus: t.To})
	if err := staleOr("move canalizacion", n, err); err != nil {
		return err
	}
	return mapError("record canalizacion transition", s.q.InsertCanalizacionTransition(ctx, db.InsertCanalizacionTransitionParams{
		CanalizacionID: t.CanalizacionID, FromStatus: t.From, ToStatus: t.To, ReasonEnc: t.ReasonEnc, ByUser: t.ByUser, ByInstitution: t.ByInstitution,
		OccurredOn: t.On, RecordedAt: s.stamp(t.RecordedAt),
	}))
}

// CanalizacionTransitions returns a canalización's steps, in order.
func (s *Store) CanalizacionTransitions(ctx context.Context, id uuid.UUID) ([]domain.Transition, error) {
	rows, err := s.q.ListCanalizacionTransitions(ctx, id)
	if err != nil {
		return nil, mapError("list transitions", err)
	}
	out := make([]domain.Transition, len(rows))
	for i, r := range rows {
		out[i] = domain.Transition{CanalizacionID: r.CanalizacionID, From: r.FromStatus, To: r.ToStatus, ReasonEnc: r.ReasonEnc,
			ByUser: r.ByUser, ByInstitution: r.ByInstitution, On: r.OccurredOn, RecordedAt: r.RecordedAt}
	}
	return out, nil
}

// VictimTransitions returns every step of every canalización of a víctima, in order.
func (s *Store) VictimTransitions(ctx context.Context, victimID uuid.UUID) ([]domain.Transition, error) {
	rows, err := s.q.ListVictimCanalizacionTransitions(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim transitions", err)
	}
	out := make([]domain.Transition, len(rows))
	for i, r := range rows {
		out[i] = domain.Transition{CanalizacionID: r.CanalizacionID, From: r.FromStatus, To: r.ToStatus, ReasonEnc: r.ReasonEnc,
			ByUser: r.ByUser, ByInstitution: r.ByInstitution, On: r.OccurredOn, RecordedAt: r.RecordedAt, FromInstitution: r.FromInstitution,
			ToInstitution: r.ToInstitution, ServiceType: r.ServiceType}
	}
	return out, nil
}

// VictimCanalizaciones returns a víctima's canalizaciones, oldest first,
// without notes.
func (s *Store) VictimCanalizaciones(ctx context.Context, victimID uuid.UUID) ([]domain.Canalizacion, error) {
	rows, err := s.q.ListVictimCanalizaciones(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim canalizaciones", err)
	}
	out := make([]domain.Canalizacion, len(rows))
	for i, r := range rows {
		out[i] = domain.Canalizacion{ID: r.ID, VictimID: victimID, From: r.FromInstitution, To: r.ToInstitution, ServiceType: r.ServiceType,
			SentOn: r.SentOn, RecordedAt: r.RecordedAt}
	}
	return out, nil
}

// InstitutionUsesSystem reports whether an institution works in SINTRA.
func (s *Store) InstitutionUsesSystem(ctx context.Context, code string) (bool, error) {
	ok, err := s.q.InstitutionUsesSystem(ctx, code)
	return ok, mapError("institution uses system", err)
}
