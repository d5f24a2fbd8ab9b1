package store

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func carpetaFromRow(r db.Carpeta) domain.Carpeta {
	return domain.Carpeta{ID: r.ID, WrappedKey: r.DekWrapped, KeyVersion: int(r.DekVersion), NumberEnc: r.NumberEnc, NumberIndex: r.NumberBidx,
		Institution: r.InstitutionCode, Municipio: r.MunicipioCode, FiscaliaUnit: r.FiscaliaUnit, StartedOn: r.StartedOn,
		CasoID: r.CasoID, Modalidad: r.Modalidad, Status: r.Status, JudicializedOn: r.JudicializedOn,
		JudicialDistrict: r.JudicialDistrict, Version: int(r.Version), CreatedAt: r.CreatedAt}
}

// InsertCarpeta stores a new carpeta; a number already registered is a Conflict.
func (s *Store) InsertCarpeta(ctx context.Context, c domain.Carpeta, by uuid.UUID) error {
	return mapError("insert carpeta", s.q.InsertCarpeta(ctx, db.InsertCarpetaParams{CreatedAt: s.stamp(c.CreatedAt),
		ID: c.ID, DekWrapped: c.WrappedKey, DekVersion: int32(c.KeyVersion), NumberEnc: c.NumberEnc, NumberBidx: c.NumberIndex,
		InstitutionCode: c.Institution, MunicipioCode: c.Municipio, FiscaliaUnit: c.FiscaliaUnit, StartedOn: c.StartedOn,
		CasoID: c.CasoID, Modalidad: c.Modalidad, CreatedBy: by,
	}))
}

// Carpeta returns a carpeta of the scope's institution in its municipios; otherwise NotFound.
func (s *Store) Carpeta(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.Carpeta, error) {
	r, err := s.q.GetCarpetaScoped(ctx, db.GetCarpetaScopedParams{ID: id, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return carpetaFromRow(r), mapError("get carpeta", err)
}

// CarpetasByNumber finds up to two carpetas in scope by the blind index of
// their number, in municipio when it is not empty.
func (s *Store) CarpetasByNumber(ctx context.Context, index []byte, municipio string, sc domain.Scope) ([]domain.Carpeta, error) {
	var only *string
	if municipio != "" {
		only = &municipio
	}
	rows, err := s.q.FindCarpetasByNumber(ctx, db.FindCarpetasByNumberParams{NumberBidx: index, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), Municipio: only})
	out := make([]domain.Carpeta, len(rows))
	for i, r := range rows {
		out[i] = carpetaFromRow(r)
	}
	return out, mapError("find carpetas", err)
}

// Carpetas returns a page of carpetas in scope and the totals of the whole filter.
func (s *Store) Carpetas(ctx context.Context, sc domain.Scope, f domain.CarpetaFilter, limit, offset int) ([]domain.Carpeta, domain.CarpetaTotals, error) {
	rows, err := s.q.ListCarpetas(ctx, db.ListCarpetasParams{Institution: sc.Institution, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), Status: f.Status, Modalidad: f.Modalidad, District: f.District,
		JudicializedFrom: f.JudicializedFrom, JudicializedTo: f.JudicializedTo, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, domain.CarpetaTotals{}, mapError("list carpetas", err)
	}
	sum, err := s.q.SummarizeCarpetas(ctx, db.SummarizeCarpetasParams{Institution: sc.Institution, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), Status: f.Status, Modalidad: f.Modalidad, District: f.District,
		JudicializedFrom: f.JudicializedFrom, JudicializedTo: f.JudicializedTo})
	if err != nil {
		return nil, domain.CarpetaTotals{}, mapError("summarize carpetas", err)
	}
	out := make([]domain.Carpeta, len(rows))
	for i, r := range rows {
		out[i] = carpetaFromRow(r)
	}
	return out, domain.CarpetaTotals{Carpetas: int(sum.Carpetas), Imputadas: int(sum.Imputadas), Imputados: int(sum.Imputados),
		ImputadosTotal: int(sum.ImputadosTotal)}, nil
}

// AdvanceCarpeta moves a carpeta from one status to the next and records the event.
func (s *Store) AdvanceCarpeta(ctx context.Context, from string, e domain.CarpetaEvent) error {
	var judicialized *time.Time
	if e.Status == "judicializada" {
		judicialized = &e.OccurredOn
	}
	n, err := s.q.AdvanceCarpeta(ctx, db.AdvanceCarpetaParams{ID: e.CarpetaID, FromStatus: from, ToStatus: e.Status,
		JudicializedOn: judicialized, JudicialDistrict: e.JudicialDistrict})
	if err := staleOr("advance carpeta", n, err); err != nil {
		return err
	}
	return s.InsertCarpetaEvent(ctx, e)
}

// InsertCarpetaEvent records a step of the procedural timeline.
func (s *Store) InsertCarpetaEvent(ctx context.Context, e domain.CarpetaEvent) error {
	return mapError("insert carpeta event", s.q.InsertCarpetaEvent(ctx, db.InsertCarpetaEventParams{RecordedAt: s.now(), CarpetaID: e.CarpetaID,
		Status: e.Status, OccurredOn: e.OccurredOn, JudicialDistrict: e.JudicialDistrict, RecordedBy: e.RecordedBy}))
}

// CarpetaEvents returns a carpeta's timeline.
func (s *Store) CarpetaEvents(ctx context.Context, id uuid.UUID) ([]domain.CarpetaEvent, error) {
	rows, err := s.q.ListCarpetaEvents(ctx, id)
	if err != nil {
		return nil, mapError("list carpeta events", err)
	}
	out := make([]domain.CarpetaEvent, len(rows))
	for i, r := range rows {
		out[i] = domain.CarpetaEvent{CarpetaID: r.CarpetaID, Status: r.Status, OccurredOn: r.OccurredOn, JudicialDistrict: r.JudicialDistrict,
			RecordedBy: r.RecordedBy, RecordedAt: r.RecordedAt}
	}
	return out, nil
}

// VictimCarpetaEvents returns the timeline events of every carpeta a víctima is in.
func (s *Store) VictimCarpetaEvents(ctx context.Context, victimID uuid.UUID) ([]domain.CarpetaEvent, error) {
	rows, err := s.q.ListVictimCarpetaEvents(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim carpeta events", err)
	}
	out := make([]domain.CarpetaEvent, len(rows))
	for i, r := range rows {
		out[i] = domain.CarpetaEvent{CarpetaID: r.CarpetaID, Status: r.Status, OccurredOn: r.OccurredOn, JudicialDistrict: r.JudicialDistrict,
			RecordedBy: r.RecordedBy, RecordedAt: r.RecordedAt, Modalidad: r.Modalidad}
	}
	return out, nil
}

// AddCarpetaVictim links a víctima to a carpeta.
func (s *Store) AddCarpetaVictim(ctx context.Context, carpetaID, victimID uuid.UUID) error {
	return mapError("add carpeta victim", s.q.AddCarpetaVictim(ctx, db.AddCarpetaVictimParams{CarpetaID: carpetaID, VictimID: victimID}))
}

// CarpetaVictims returns a carpeta's víctimas without personal data.
func (s *Store) CarpetaVictims(ctx context.Context, id uuid.UUID) ([]domain.VictimSummary, error) {
	rows, err := s.q.ListCarpetaVictims(ctx, id)
	if err != nil {
		return nil, mapError("list carpeta victims", err)
	}
	out := make([]domain.VictimSummary, len(rows))
	for i, r := range rows {
		out[i] = victimSummary(summaryRow(r))
	}
	return out, nil
}

// VictimLinkedToCarpeta reports whether a víctima is in a carpeta of the scope's institution and municipios.
func (s *Store) VictimLinkedToCarpeta(ctx context.Context, victimID uuid.UUID, sc domain.Scope) (bool, error) {
	ok, err := s.q.VictimLinkedToCarpetaIn(ctx, db.VictimLinkedToCarpetaInParams{VictimID: victimID, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return ok, mapError("victim linked to carpeta", err)
}

// InsertImputado stores an imputado.
func (s *Store) InsertImputado(ctx context.Context, i domain.Imputado, by uuid.UUID) error {
	return mapError("insert imputado", s.q.InsertImputado(ctx, db.InsertImputadoParams{CreatedAt: s.now(), ID: i.ID, CarpetaID: i.CarpetaID,
		Sex: i.Sex, Age: i.Age, Nationality: i.Nationality, NamesEnc: i.NamesEnc, DetainedOn: i.DetainedOn, CreatedBy: by}))
}

// RecordDetention dates an imputado's detención; NotFound when the
// carpeta has no such imputado.
func (s *Store) RecordDetention(ctx context.Context, carpetaID, imputadoID uuid.UUID, on time.Time) error {
	n, err := s.q.RecordDetention(ctx, db.RecordDetentionParams{DetainedOn: &on, ID: imputadoID, CarpetaID: carpetaID})
	if err == nil && n == 0 {
		err = pgx.ErrNoRows
	}
	return mapError("record detention", err)
}

// SetCarpetaMedios replaces a carpeta's medios comisivos.
func (s *Store) SetCarpetaMedios(ctx context.Context, carpetaID uuid.UUID, medios []string) error {
	if err := s.q.ClearCarpetaMedios(ctx, carpetaID); err != nil {
		return mapError("clear carpeta medios", err)
	}
	return mapError("add carpeta medios", s.q.AddCarpetaMedios(ctx, db.AddCarpetaMediosParams{CarpetaID: carpetaID, Medios: medios}))
}

// CarpetaMedios returns a carpeta's medios comisivos, in the catalog's order.
func (s *Store) CarpetaMedios(ctx context.Context, carpetaID uuid.UUID) ([]string, error) {
	m, err := s.q.ListCarpetaMedios(ctx, carpetaID)
	return m, mapError("list carpeta medios", err)
}

// Imputados returns a carpeta's imputados.
func (s *Store) Imputados(ctx context.Context, carpetaID uuid.UUID) ([]domain.Imputado, error) {
	rows, err := s.q.ListImputados(ctx, carpetaID)
	if err != nil {
		return nil, mapError("list imputados", err)
	}
	out := make([]domain.Imputado, len(rows))
	for i, r := range rows {
		out[i] = domain.Imputado{ID: r.ID, CarpetaID: r.CarpetaID, Sex: r.Sex, Age: r.Age, Nationality: r.Nationality,
			NamesEnc: r.NamesEnc, DetainedOn: r.DetainedOn, CreatedAt: r.CreatedAt, Version: int(r.Version), VoidedAt: r.VoidedAt}
	}
	return out, nil
}

// CorrectImputado replaces an imputado's values if it is still at the
// version i was read at and not voided; otherwise PreconditionFailed.
func (s *Store) CorrectImputado(ctx context.Context, i domain.Imputado) error {
	n, err := s.q.CorrectImputado(ctx, db.CorrectImputadoParams{ID: i.ID, CarpetaID: i.CarpetaID, Version: int32(i.Version),
		Sex: i.Sex, Age: i.Age, Nationality: i.Nationality, NamesEnc: i.NamesEnc})
	return staleOr("correct imputado", n, err)
}

// VoidImputado marks an imputado voided if it is still at version.
func (s *Store) VoidImputado(ctx context.Context, carpetaID, id uuid.UUID, version int) error {
	n, err := s.q.VoidImputado(ctx, db.VoidImputadoParams{ID: id, CarpetaID: carpetaID, Version: int32(version), VoidedAt: ptr(s.now())})
	return staleOr("void imputado", n, err)
}

// ImputadoResoluciones counts the resoluciones about an imputado.
func (s *Store) ImputadoResoluciones(ctx context.Context, id uuid.UUID) (int, error) {
	n, err := s.q.CountImputadoResoluciones(ctx, uuid.NullUUID{UUID: id, Valid: true})
	return int(n), mapError("count imputado resoluciones", err)
}

// InsertResolucion stores a resolución.
func (s *Store) InsertResolucion(ctx context.Context, r domain.Resolucion, by uuid.UUID) error {
	return mapError("insert resolucion", s.q.InsertResolucion(ctx, db.InsertResolucionParams{CreatedAt: s.now(), ID: r.ID, CarpetaID: r.CarpetaID,
		ImputadoID: r.ImputadoID, Kind: r.Kind, ResolvedOn: r.ResolvedOn, SentenceEnc: r.SentenceEnc,
		ReparationOrdered: r.ReparationOrdered, ReparationCents: r.ReparationCents, CreatedBy: by}))
}

// Resoluciones returns a carpeta's resoluciones.
func (s *Store) Resoluciones(ctx context.Context, carpetaID uuid.UUID) ([]domain.Resolucion, error) {
	rows, err := s.q.ListResoluciones(ctx, carpetaID)
	if err != nil {
		return nil, mapError("list resoluciones", err)
	}
	out := make([]domain.Resolucion, len(rows))
	for i, r := range rows {
		out[i] = domain.Resolucion{ID: r.ID, CarpetaID: r.CarpetaID, ImputadoID: r.ImputadoID, Kind: r.Kind, ResolvedOn: r.ResolvedOn,
			SentenceEnc: r.SentenceEnc, ReparationOrdered: r.ReparationOrdered, ReparationCents: r.ReparationCents, Version: int(r.Version)}
	}
	return out, nil
}

// LockImputado locks an imputado of carpeta until the transaction ends
// (shared, for a resolución that names him; exclusive, to void him) and
// says whether he is voided; NotFound when he is not of the carpeta.
func (s *Store) LockImputado(ctx context.Context, carpetaID, id uuid.UUID, exclusive bool) (voided bool, err error) {
	if exclusive {
		voided, err = s.q.LockImputado(ctx, db.LockImputadoParams{ID: id, CarpetaID: carpetaID})
	} else {
		voided, err = s.q.ShareImputado(ctx, db.ShareImputadoParams{ID: id, CarpetaID: carpetaID})
	}
	return voided, mapError("lock imputado", err)
}
