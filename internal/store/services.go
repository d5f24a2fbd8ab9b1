package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertService stores a service.
func (s *Store) InsertService(ctx context.Context, sv domain.Service) error {
	return mapError("insert service", s.q.InsertService(ctx, serviceParams(sv, s.stamp(sv.CreatedAt))))
}

// InsertServices stores several services in one go.
func (s *Store) InsertServices(ctx context.Context, svs []domain.Service) error {
	rows := make([]db.InsertServicesBatchParams, len(svs))
	for i, sv := range svs {
		rows[i] = db.InsertServicesBatchParams(serviceParams(sv, s.stamp(sv.CreatedAt)))
	}
	return mapError("insert services", runBatch(s.q.InsertServicesBatch(ctx, rows)))
}

func serviceParams(sv domain.Service, at time.Time) db.InsertServiceParams {
	return db.InsertServiceParams{
		ID: sv.ID, VictimID: sv.VictimID, ServiceType: sv.Type, ProvidedOn: sv.ProvidedOn, Quantity: int32(sv.Quantity),
		InstitutionCode: sv.Institution, MunicipioCode: sv.Municipio, Caseworker: sv.Caseworker, NotesEnc: sv.NotesEnc, CreatedAt: at,
	}
}

// VictimServices returns a víctima's services, oldest first; the voided
// ones too when withVoided.
func (s *Store) VictimServices(ctx context.Context, victimID uuid.UUID, withVoided bool) ([]domain.Service, error) {
	rows, err := s.q.ListVictimServices(ctx, db.ListVictimServicesParams{VictimID: victimID, WithVoided: withVoided})
	if err != nil {
		return nil, mapError("list victim services", err)
	}
	out := make([]domain.Service, len(rows))
	for i, r := range rows {
		out[i] = serviceOf(r)
	}
	return out, nil
}

func serviceOf(r db.Service) domain.Service {
	return domain.Service{ID: r.ID, VictimID: r.VictimID, Type: r.ServiceType, ProvidedOn: r.ProvidedOn, Quantity: int(r.Quantity),
		Institution: r.InstitutionCode, Municipio: r.MunicipioCode, Caseworker: r.Caseworker, NotesEnc: r.NotesEnc, CreatedAt: r.CreatedAt,
		Version: int(r.Version), VoidedAt: r.VoidedAt}
}

// Service returns a service the scope's institution (any, for a scope of
// any institution) gave in its municipios, voided or not; otherwise NotFound.
func (s *Store) Service(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.Service, error) {
	r, err := s.q.GetService(ctx, db.GetServiceParams{ID: id, Institution: sc.Institution, AnyInstitution: sc.AnyInstitution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return serviceOf(r), mapError("get service", err)
}

// CorrectService replaces a service's values if it is still at the
// version sv was read at and not voided; otherwise PreconditionFailed.
func (s *Store) CorrectService(ctx context.Context, sv domain.Service) error {
	n, err := s.q.CorrectService(ctx, db.CorrectServiceParams{ID: sv.ID, Version: int32(sv.Version), ServiceType: sv.Type,
		ProvidedOn: sv.ProvidedOn, Quantity: int32(sv.Quantity), NotesEnc: sv.NotesEnc})
	return staleOr("correct service", n, err)
}

// VoidService marks a service voided if it is still at version.
func (s *Store) VoidService(ctx context.Context, id uuid.UUID, version int) error {
	n, err := s.q.VoidService(ctx, db.VoidServiceParams{ID: id, Version: int32(version), VoidedAt: ptr(s.now())})
	return staleOr("void service", n, err)
}

// InstitutionServices returns a page of an institution's services in scope, and the totals of the whole filter.
func (s *Store) InstitutionServices(ctx context.Context, sc domain.Scope, f domain.ServiceFilter, limit, offset int) ([]domain.Service, domain.ServiceTotals, error) {
	rows, err := s.q.ListInstitutionServices(ctx, db.ListInstitutionServicesParams{Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), ServiceType: f.Type, Since: f.Since, Until: f.Until,
		WithVoided: f.WithVoided, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, domain.ServiceTotals{}, mapError("list institution services", err)
	}
	sum, err := s.q.SummarizeInstitutionServices(ctx, db.SummarizeInstitutionServicesParams{Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), ServiceType: f.Type, Since: f.Since, Until: f.Until})
	if err != nil {
		return nil, domain.ServiceTotals{}, mapError("summarize institution services", err)
	}
	out := make([]domain.Service, len(rows))
	for i, r := range rows {
		out[i] = domain.Service{ID: r.ID, VictimID: r.VictimID, Folio: r.Folio, Type: r.ServiceType, ProvidedOn: r.ProvidedOn,
			Quantity: int(r.Quantity), Institution: r.InstitutionCode, Municipio: r.MunicipioCode, CreatedAt: r.CreatedAt,
			Version: int(r.Version), VoidedAt: r.VoidedAt}
	}
	return out, domain.ServiceTotals{Services: int(sum.Services), Units: int(sum.Units), Victims: int(sum.Victims)}, nil
}

// EraseVictimNotes clears the text sealed with a víctima's key in her
// services and canalizaciones: notes and reasons.
func (s *Store) EraseVictimNotes(ctx context.Context, victimID uuid.UUID) error {
	if err := s.q.EraseVictimNotes(ctx, victimID); err != nil {
		return mapError("erase service notes", err)
	}
	if err := s.q.EraseVictimCanalizacionNotes(ctx, victimID); err != nil {
		return mapError("erase canalizacion notes", err)
	}
	return mapError("erase canalizacion reasons", s.q.EraseVictimTransitionReasons(ctx, victimID))
}
