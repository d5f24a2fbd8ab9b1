package store

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// ActivityImportBySHA returns an earlier import of the same file, or NotFound.
func (s *Store) ActivityImportBySHA(ctx context.Context, sum []byte) (domain.ActivityImport, error) {
	r, err := s.q.GetActivityImportBySHA(ctx, sum)
	return domain.ActivityImport{ID: r.ID, SHA256: r.FileSha256, Filename: r.Filename, Rows: int(r.Rows), ImportedAt: r.ImportedAt},
		mapError("get activity import", err)
}

// InsertActivityImport records an import; the same file twice is a Conflict.
func (s *Store) InsertActivityImport(ctx context.Context, i domain.ActivityImport, by uuid.UUID) error {
	return mapError("insert activity import", s.q.InsertActivityImport(ctx, db.InsertActivityImportParams{ImportedAt: s.now(), ID: i.ID,
		FileSha256: i.SHA256, Filename: i.Filename, Rows: int32(i.Rows), ImportedBy: by}))
}

// InsertActivity stores an activity and its municipios.
func (s *Store) InsertActivity(ctx context.Context, a domain.Activity, by uuid.UUID) error {
	err := s.q.InsertActivity(ctx, db.InsertActivityParams{CreatedAt: s.now(), ID: a.ID, InstitutionCode: a.Institution, Tema: a.Tema,
		ActivityType: a.Type, Name: a.Name, HeldOn: a.HeldOn, AllMunicipios: a.AllMunicipios, Actions: int32(a.Actions),
		PeopleTotal: int32(a.People), Women: a.Women, Men: a.Men, Material: a.Material, MaterialUnits: a.MaterialUnits,
		Objective: a.Objective, ImportID: a.ImportID, CreatedBy: by})
	if err != nil {
		return mapError("insert activity", err)
	}
	for _, m := range a.Municipios {
		if err := s.q.InsertActivityMunicipio(ctx, db.InsertActivityMunicipioParams{ActivityID: a.ID, MunicipioCode: m}); err != nil {
			return mapError("insert activity municipio", err)
		}
	}
	return nil
}

// Activities returns a page of activities, latest first, and the totals of the filter.
func (s *Store) Activities(ctx context.Context, f domain.ActivityFilter, limit, offset int) ([]domain.Activity, domain.ActivityTotals, error) {
	rows, err := s.q.ListActivities(ctx, db.ListActivitiesParams{Institution: f.Institution, Entidades: f.Entidades, Tema: f.Tema, ActivityType: f.Type,
		Since: f.Since, Until: f.Until, WithVoided: f.WithVoided, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, domain.ActivityTotals{}, mapError("list activities", err)
	}
	sum, err := s.q.SummarizeActivities(ctx, db.SummarizeActivitiesParams{Institution: f.Institution, Entidades: f.Entidades, Tema: f.Tema,
		ActivityType: f.Type, Since: f.Since, Until: f.Until})
	if err != nil {
		return nil, domain.ActivityTotals{}, mapError("summarize activities", err)
	}
	out := make([]domain.Activity, len(rows))
	for i, r := range rows {
		out[i] = domain.Activity{ID: r.ID, Institution: r.InstitutionCode, Tema: r.Tema, Type: r.ActivityType, Name: r.Name, HeldOn: r.HeldOn,
			AllMunicipios: r.AllMunicipios, Municipios: r.Municipios, Actions: int(r.Actions), People: int(r.PeopleTotal),
			Women: r.Women, Men: r.Men, Material: r.Material, MaterialUnits: r.MaterialUnits, Objective: r.Objective,
			ImportID: r.ImportID, CreatedAt: r.CreatedAt, Version: int(r.Version), VoidedAt: r.VoidedAt}
	}
	return out, domain.ActivityTotals{Activities: int(sum.Activities), Actions: int(sum.Actions), People: int(sum.People),
		Women: int(sum.Women), Men: int(sum.Men)}, nil
}

// ActivityTypeTemas returns the tema each active activity type counts
// under by default.
func (s *Store) ActivityTypeTemas(ctx context.Context) (map[string]string, error) {
	rows, err := s.q.ActivityTypeTemas(ctx)
	if err != nil {
		return nil, mapError("activity type temas", err)
	}
	temas := make(map[string]string, len(rows))
	for _, r := range rows {
		temas[r.Code] = r.Tema
	}
	return temas, nil
}

// Activity returns an activity, voided or not; otherwise NotFound.
func (s *Store) Activity(ctx context.Context, id uuid.UUID) (domain.Activity, error) {
	r, err := s.q.GetActivity(ctx, id)
	return domain.Activity{ID: r.ID, Institution: r.InstitutionCode, Tema: r.Tema, Type: r.ActivityType, Name: r.Name, HeldOn: r.HeldOn,
		AllMunicipios: r.AllMunicipios, Municipios: r.Municipios, Actions: int(r.Actions), People: int(r.PeopleTotal),
		Women: r.Women, Men: r.Men, Material: r.Material, MaterialUnits: r.MaterialUnits, Objective: r.Objective,
		ImportID: r.ImportID, CreatedAt: r.CreatedAt, Version: int(r.Version), VoidedAt: r.VoidedAt}, mapError("get activity", err)
}

// CorrectActivity replaces an activity's values and municipios if it is
// still at the version a was read at and not voided; otherwise
// PreconditionFailed.
func (s *Store) CorrectActivity(ctx context.Context, a domain.Activity) error {
	n, err := s.q.CorrectActivity(ctx, db.CorrectActivityParams{ID: a.ID, Version: int32(a.Version), Tema: a.Tema,
		ActivityType: a.Type, Name: a.Name, HeldOn: a.HeldOn, AllMunicipios: a.AllMunicipios, Actions: int32(a.Actions),
		PeopleTotal: int32(a.People), Women: a.Women, Men: a.Men, Material: a.Material, MaterialUnits: a.MaterialUnits,
		Objective: a.Objective})
	if err := staleOr("correct activity", n, err); err != nil {
		return err
	}
	if err := s.q.ClearActivityMunicipios(ctx, a.ID); err != nil {
		return mapError("clear activity municipios", err)
	}
	for _, m := range a.Municipios {
		if err := s.q.InsertActivityMunicipio(ctx, db.InsertActivityMunicipioParams{ActivityID: a.ID, MunicipioCode: m}); err != nil {
			return mapError("insert activity municipio", err)
		}
	}
	return nil
}

// VoidActivity marks an activity voided if it is still at version.
func (s *Store) VoidActivity(ctx context.Context, id uuid.UUID, version int) error {
	n, err := s.q.VoidActivity(ctx, db.VoidActivityParams{ID: id, Version: int32(version), VoidedAt: ptr(s.now())})
	return staleOr("void activity", n, err)
}
