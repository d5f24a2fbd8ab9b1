package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func casoFromRow(r db.Caso) domain.Caso {
	c := domain.Caso{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode, Status: r.Status,
		Version: int(r.Version), CreatedAt: r.CreatedAt, WrappedKey: r.DekWrapped,
		Facts: domain.CasoFacts{OccurredOn: r.OccurredOn, ReportedOn: r.ReportedOn, RecruitmentForm: r.RecruitmentForm,
			TransportMean: r.TransportMean, PlaceType: r.PlaceType,
			Origin:      domain.Place{Country: r.OriginCountry, Entidad: r.OriginEntidad, Municipio: r.OriginMunicipio},
			Destination: domain.Place{Country: r.DestinationCountry, Entidad: r.DestinationEntidad, Municipio: r.DestinationMunicipio}}}
	if r.DekVersion != nil {
		c.KeyVersion = int(*r.DekVersion)
	}
	return c
}

// InsertCaso stores a new caso.
func (s *Store) InsertCaso(ctx context.Context, c domain.Caso, createdBy uuid.UUID) error {
	f := c.Facts
	return mapError("insert caso", s.q.InsertCaso(ctx, db.InsertCasoParams{CreatedAt: s.now(), UpdatedAt: s.now(),
		ID: c.ID, Folio: c.Folio, InstitutionCode: c.Institution, MunicipioCode: c.Municipio,
		OccurredOn: f.OccurredOn, ReportedOn: f.ReportedOn, RecruitmentForm: f.RecruitmentForm, TransportMean: f.TransportMean,
		PlaceType: f.PlaceType, OriginCountry: f.Origin.Country, OriginEntidad: f.Origin.Entidad, OriginMunicipio: f.Origin.Municipio,
		DestinationCountry: f.Destination.Country, DestinationEntidad: f.Destination.Entidad, DestinationMunicipio: f.Destination.Municipio,
		DekWrapped: c.WrappedKey, DekVersion: int32p(c.KeyVersion),
		CreatedBy: uuid.NullUUID{UUID: createdBy, Valid: createdBy != uuid.Nil},
	}))
}

// Caso returns a caso within scope; outside it, NotFound.
func (s *Store) Caso(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.Caso, error) {
	r, err := s.q.GetCasoScoped(ctx, db.GetCasoScopedParams{ID: id, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		AnyInstitution: sc.AnyInstitution, Institution: sc.Institution})
	return casoFromRow(r), mapError("get caso", err)
}

// Casos returns a page of casos within scope, newest first, and the total.
func (s *Store) Casos(ctx context.Context, sc domain.Scope, status, municipio *string, limit, offset int) ([]domain.Caso, int, error) {
	rows, err := s.q.ListCasosScoped(ctx, db.ListCasosScopedParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		AnyInstitution: sc.AnyInstitution, Institution: sc.Institution, Status: status, Municipio: municipio,
		MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("list casos", err)
	}
	total, err := s.q.CountCasosScoped(ctx, db.CountCasosScopedParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		AnyInstitution: sc.AnyInstitution, Institution: sc.Institution, Status: status, Municipio: municipio})
	if err != nil {
		return nil, 0, mapError("count casos", err)
	}
	out := make([]domain.Caso, len(rows))
	for i, r := range rows {
		out[i] = casoFromRow(r)
	}
	return out, int(total), nil
}

// UpdateCaso writes the facts if the stored version is still expected.
func (s *Store) UpdateCaso(ctx context.Context, id uuid.UUID, f domain.CasoFacts, expected int) error {
	n, err := s.q.UpdateCaso(ctx, db.UpdateCasoParams{Now: s.now(), ID: id, OccurredOn: f.OccurredOn, ReportedOn: f.ReportedOn,
		RecruitmentForm: f.RecruitmentForm, TransportMean: f.TransportMean, PlaceType: f.PlaceType,
		OriginCountry: f.Origin.Country, OriginEntidad: f.Origin.Entidad, OriginMunicipio: f.Origin.Municipio,
		DestinationCountry: f.Destination.Country, DestinationEntidad: f.Destination.Entidad, DestinationMunicipio: f.Destination.Municipio,
		ExpectedVersion: int32(expected)})
	return staleOr("update caso", n, err)
}

// SetCasoStatus changes the status and records the change, made on the date on.
func (s *Store) SetCasoStatus(ctx context.Context, c domain.Caso, to string, reasonEnc []byte, on time.Time, by uuid.UUID, expected int) error {
	n, err := s.q.SetCasoStatus(ctx, db.SetCasoStatusParams{Now: s.now(), ID: c.ID, Status: to, ExpectedVersion: int32(expected)})
	if err := staleOr("set caso status", n, err); err != nil {
		return err
	}
	return mapError("record caso status", s.q.InsertCasoStatusChange(ctx, db.InsertCasoStatusChangeParams{ChangedAt: s.now(),
		CasoID: c.ID, FromStatus: c.Status, ToStatus: to, ReasonEnc: reasonEnc, ChangedBy: uuid.NullUUID{UUID: by, Valid: true}, ChangedOn: on}))
}

// CasoStatusChanges returns a caso's status history, oldest first.
func (s *Store) CasoStatusChanges(ctx context.Context, id uuid.UUID) ([]domain.StatusChange, error) {
	rows, err := s.q.ListCasoStatusChanges(ctx, id)
	if err != nil {
		return nil, mapError("list caso status changes", err)
	}
	out := make([]domain.StatusChange, len(rows))
	for i, r := range rows {
		out[i] = domain.StatusChange{From: r.FromStatus, To: r.ToStatus, ReasonEnc: r.ReasonEnc, ChangedOn: r.ChangedOn, ChangedAt: r.ChangedAt, ChangedBy: r.ChangedBy}
	}
	return out, nil
}

// SetCasoModalidades replaces a caso's modalidades.
func (s *Store) SetCasoModalidades(ctx context.Context, id uuid.UUID, modalidades []string) error {
	if err := s.q.DeleteCasoModalidades(ctx, id); err != nil {
		return mapError("delete caso modalidades", err)
	}
	for _, m := range modalidades {
		if err := s.q.InsertCasoModalidad(ctx, db.InsertCasoModalidadParams{CasoID: id, Modalidad: m}); err != nil {
			return mapError("insert caso modalidad", err)
		}
	}
	return nil
}

// CasoModalidades returns a caso's modalidades.
func (s *Store) CasoModalidades(ctx context.Context, id uuid.UUID) ([]string, error) {
	m, err := s.q.ListCasoModalidades(ctx, id)
	return m, mapError("list caso modalidades", err)
}

// AddCasoVictim links a víctima to a caso; linking twice is harmless.
func (s *Store) AddCasoVictim(ctx context.Context, casoID, victimID uuid.UUID) error {
	return mapError("add caso victim", s.q.AddCasoVictim(ctx, db.AddCasoVictimParams{AddedAt: s.now(), CasoID: casoID, VictimID: victimID}))
}

// CasoVictims returns the víctimas of a caso, by folio, with no personal data.
func (s *Store) CasoVictims(ctx context.Context, id uuid.UUID) ([]domain.VictimSummary, error) {
	rows, err := s.q.ListCasoVictims(ctx, id)
	if err != nil {
		return nil, mapError("list caso victims", err)
	}
	out := make([]domain.VictimSummary, len(rows))
	for i, r := range rows {
		out[i] = victimSummary(summaryRow(r))
	}
	return out, nil
}

// CasoIDByFolio returns the id of the caso with that folio within scope;
// outside it, NotFound, as for a folio never issued.
func (s *Store) CasoIDByFolio(ctx context.Context, folio string, sc domain.Scope) (uuid.UUID, error) {
	id, err := s.q.GetCasoIDByFolioScoped(ctx, db.GetCasoIDByFolioScopedParams{Folio: folio, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), AnyInstitution: sc.AnyInstitution, Institution: sc.Institution})
	return id, mapError("get caso by folio", err)
}
