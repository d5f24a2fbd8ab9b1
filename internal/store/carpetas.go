package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/db"
)

// Carpeta is a carpeta de investigación as stored.
type Carpeta struct {
	ID               uuid.UUID
	WrappedKey       []byte
	KeyVersion       int
	NumberEnc        []byte
	NumberIndex      []byte
	Institution      string
	Municipio        string
	FiscaliaUnit     string
	StartedOn        time.Time
	CasoID           uuid.NullUUID
	Modalidad        string
	Status           string
	JudicializedOn   *time.Time
	JudicialDistrict *string
	Version          int
	CreatedAt        time.Time
}

func carpetaFromRow(r db.Carpeta) Carpeta {
	return Carpeta{ID: r.ID, WrappedKey: r.DekWrapped, KeyVersion: int(r.DekVersion), NumberEnc: r.NumberEnc, NumberIndex: r.NumberBidx,
		Institution: r.InstitutionCode, Municipio: r.MunicipioCode, FiscaliaUnit: r.FiscaliaUnit, StartedOn: r.StartedOn,
		CasoID: r.CasoID, Modalidad: r.Modalidad, Status: r.Status, JudicializedOn: r.JudicializedOn,
		JudicialDistrict: r.JudicialDistrict, Version: int(r.Version), CreatedAt: r.CreatedAt}
}

// InsertCarpeta stores a new carpeta; a number already registered is a Conflict.
func (s *Store) InsertCarpeta(ctx context.Context, c Carpeta, by uuid.UUID) error {
	return mapError("insert carpeta", s.q.InsertCarpeta(ctx, db.InsertCarpetaParams{CreatedAt: s.stamp(c.CreatedAt),
		ID: c.ID, DekWrapped: c.WrappedKey, DekVersion: int32(c.KeyVersion), NumberEnc: c.NumberEnc, NumberBidx: c.NumberIndex,
		InstitutionCode: c.Institution, MunicipioCode: c.Municipio, FiscaliaUnit: c.FiscaliaUnit, StartedOn: c.StartedOn,
		CasoID: c.CasoID, Modalidad: c.Modalidad, CreatedBy: by,
	}))
}

// Carpeta returns a carpeta of the scope's institution in its municipios; otherwise NotFound.
func (s *Store) Carpeta(ctx context.Context, id uuid.UUID, sc Scope) (Carpeta, error) {
	r, err := s.q.GetCarpetaScoped(ctx, db.GetCarpetaScopedParams{ID: id, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios})
	return carpetaFromRow(r), mapError("get carpeta", err)
}

// CarpetaByNumber finds a carpeta in scope by the blind index of its number.
func (s *Store) CarpetaByNumber(ctx context.Context, index []byte, sc Scope) (Carpeta, error) {
	r, err := s.q.FindCarpetaByNumber(ctx, db.FindCarpetaByNumberParams{NumberBidx: index, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios})
	return carpetaFromRow(r), mapError("find carpeta", err)
}

// CarpetaFilter narrows a list of carpetas.
type CarpetaFilter struct {
	Status, Modalidad, District      *string
	JudicializedFrom, JudicializedTo *time.Time
}

// CarpetaTotals are the counts of a filtered set of carpetas.
type CarpetaTotals struct {
	Carpetas, Imputadas, Imputados, ImputadosTotal int
}

// Carpetas returns a page of carpetas in scope and the totals of the whole filter.
func (s *Store) Carpetas(ctx context.Context, sc Scope, f CarpetaFilter, limit, offset int) ([]Carpeta, CarpetaTotals, error) {
	rows, err := s.q.ListCarpetas(ctx, db.ListCarpetasParams{Institution: sc.Institution, AllMunicipios: sc.AllMunicipios,
		Municipios: sc.Municipios, Status: f.Status, Modalidad: f.Modalidad, District: f.District,
		JudicializedFrom: f.JudicializedFrom, JudicializedTo: f.JudicializedTo, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, CarpetaTotals{}, mapError("list carpetas", err)
	}
	sum, err := s.q.SummarizeCarpetas(ctx, db.SummarizeCarpetasParams{Institution: sc.Institution, AllMunicipios: sc.AllMunicipios,
		Municipios: sc.Municipios, Status: f.Status, Modalidad: f.Modalidad, District: f.District,
		JudicializedFrom: f.JudicializedFrom, JudicializedTo: f.JudicializedTo})
	if err != nil {
		return nil, CarpetaTotals{}, mapError("summarize carpetas", err)
	}
	out := make([]Carpeta, len(rows))
	for i, r := range rows {
		out[i] = carpetaFromRow(r)
	}
	return out, CarpetaTotals{Carpetas: int(sum.Carpetas), Imputadas: int(sum.Imputadas), Imputados: int(sum.Imputados),
		ImputadosTotal: int(sum.ImputadosTotal)}, nil
}

// CarpetaEvent is a step of a carpeta's procedural timeline.
type CarpetaEvent struct {
	CarpetaID        uuid.UUID
	Status           string
	OccurredOn       time.Time
	JudicialDistrict *string
	RecordedBy       uuid.UUID
	RecordedAt       time.Time
	Modalidad        string
}

// AdvanceCarpeta moves a carpeta from one status to the next and records the event.
func (s *Store) AdvanceCarpeta(ctx context.Context, from string, e CarpetaEvent) error {
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
func (s *Store) InsertCarpetaEvent(ctx context.Context, e CarpetaEvent) error {
	return mapError("insert carpeta event", s.q.InsertCarpetaEvent(ctx, db.InsertCarpetaEventParams{RecordedAt: s.now(), CarpetaID: e.CarpetaID,
		Status: e.Status, OccurredOn: e.OccurredOn, JudicialDistrict: e.JudicialDistrict, RecordedBy: e.RecordedBy}))
}

// CarpetaEvents returns a carpeta's timeline.
func (s *Store) CarpetaEvents(ctx context.Context, id uuid.UUID) ([]CarpetaEvent, error) {
	rows, err := s.q.ListCarpetaEvents(ctx, id)
	if err != nil {
		return nil, mapError("list carpeta events", err)
	}
	out := make([]CarpetaEvent, len(rows))
	for i, r := range rows {
		out[i] = CarpetaEvent{CarpetaID: r.CarpetaID, Status: r.Status, OccurredOn: r.OccurredOn, JudicialDistrict: r.JudicialDistrict,
			RecordedBy: r.RecordedBy, RecordedAt: r.RecordedAt}
	}
	return out, nil
}

// VictimCarpetaEvents returns the timeline events of every carpeta a víctima is in.
func (s *Store) VictimCarpetaEvents(ctx context.Context, victimID uuid.UUID) ([]CarpetaEvent, error) {
	rows, err := s.q.ListVictimCarpetaEvents(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim carpeta events", err)
	}
	out := make([]CarpetaEvent, len(rows))
	for i, r := range rows {
		out[i] = CarpetaEvent{CarpetaID: r.CarpetaID, Status: r.Status, OccurredOn: r.OccurredOn, JudicialDistrict: r.JudicialDistrict,
			RecordedBy: r.RecordedBy, RecordedAt: r.RecordedAt, Modalidad: r.Modalidad}
	}
	return out, nil
}

// AddCarpetaVictim links a víctima to a carpeta.
func (s *Store) AddCarpetaVictim(ctx context.Context, carpetaID, victimID uuid.UUID) error {
	return mapError("add carpeta victim", s.q.AddCarpetaVictim(ctx, db.AddCarpetaVictimParams{CarpetaID: carpetaID, VictimID: victimID}))
}

// CarpetaVictims returns a carpeta's víctimas without personal data.
func (s *Store) CarpetaVictims(ctx context.Context, id uuid.UUID) ([]VictimSummary, error) {
	rows, err := s.q.ListCarpetaVictims(ctx, id)
	if err != nil {
		return nil, mapError("list carpeta victims", err)
	}
	out := make([]VictimSummary, len(rows))
	for i, r := range rows {
		out[i] = victimSummary(db.ListVictimsScopedRow(r))
	}
	return out, nil
}

// VictimLinkedToCarpeta reports whether a víctima is in a carpeta of the scope's institution and municipios.
func (s *Store) VictimLinkedToCarpeta(ctx context.Context, victimID uuid.UUID, sc Scope) (bool, error) {
	ok, err := s.q.VictimLinkedToCarpetaIn(ctx, db.VictimLinkedToCarpetaInParams{VictimID: victimID, Institution: sc.Institution,
		AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios})
	return ok, mapError("victim linked to carpeta", err)
}

// Imputado is a person charged in a carpeta.
type Imputado struct {
	ID          uuid.UUID
	CarpetaID   uuid.UUID
	Sex         string
	Age         *int32
	Nationality *string
	NamesEnc    []byte
	CreatedAt   time.Time
}

// InsertImputado stores an imputado.
func (s *Store) InsertImputado(ctx context.Context, i Imputado, by uuid.UUID) error {
	return mapError("insert imputado", s.q.InsertImputado(ctx, db.InsertImputadoParams{CreatedAt: s.now(), ID: i.ID, CarpetaID: i.CarpetaID,
		Sex: i.Sex, Age: i.Age, Nationality: i.Nationality, NamesEnc: i.NamesEnc, CreatedBy: by}))
}

// Imputados returns a carpeta's imputados.
func (s *Store) Imputados(ctx context.Context, carpetaID uuid.UUID) ([]Imputado, error) {
	rows, err := s.q.ListImputados(ctx, carpetaID)
	if err != nil {
		return nil, mapError("list imputados", err)
	}
	out := make([]Imputado, len(rows))
	for i, r := range rows {
		out[i] = Imputado{ID: r.ID, CarpetaID: r.CarpetaID, Sex: r.Sex, Age: r.Age, Nationality: r.Nationality,
			NamesEnc: r.NamesEnc, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// Resolucion is a judicial resolution in a carpeta.
type Resolucion struct {
	ID         uuid.UUID
	CarpetaID  uuid.UUID
	ImputadoID uuid.NullUUID
	Kind       string
	ResolvedOn time.Time
	// SentenceEnc is sealed with the carpeta's data key.
	SentenceEnc       []byte
	ReparationOrdered bool
	ReparationCents   *int64
}

// InsertResolucion stores a resolución.
func (s *Store) InsertResolucion(ctx context.Context, r Resolucion, by uuid.UUID) error {
	return mapError("insert resolucion", s.q.InsertResolucion(ctx, db.InsertResolucionParams{CreatedAt: s.now(), ID: r.ID, CarpetaID: r.CarpetaID,
		ImputadoID: r.ImputadoID, Kind: r.Kind, ResolvedOn: r.ResolvedOn, SentenceEnc: r.SentenceEnc,
		ReparationOrdered: r.ReparationOrdered, ReparationCents: r.ReparationCents, CreatedBy: by}))
}

// Resoluciones returns a carpeta's resoluciones.
func (s *Store) Resoluciones(ctx context.Context, carpetaID uuid.UUID) ([]Resolucion, error) {
	rows, err := s.q.ListResoluciones(ctx, carpetaID)
	if err != nil {
		return nil, mapError("list resoluciones", err)
	}
	out := make([]Resolucion, len(rows))
	for i, r := range rows {
		out[i] = Resolucion{ID: r.ID, CarpetaID: r.CarpetaID, ImputadoID: r.ImputadoID, Kind: r.Kind, ResolvedOn: r.ResolvedOn,
			SentenceEnc: r.SentenceEnc, ReparationOrdered: r.ReparationOrdered, ReparationCents: r.ReparationCents}
	}
	return out, nil
}
