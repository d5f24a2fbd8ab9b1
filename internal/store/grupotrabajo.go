package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/db"
)

// GTSession is a session of the Grupo de Trabajo of a municipio.
type GTSession struct {
	ID        uuid.UUID
	Municipio string
	HeldOn    time.Time
	Kind      string
	// MinutesEnc is sealed with the session's data key.
	MinutesEnc []byte
	Version    int
	CreatedAt  time.Time
	// WrappedKey is the session's data key, which seals its minutes,
	// reviews and acuerdos; nil for a session recorded before sessions had
	// keys, until it gets one.
	WrappedKey []byte
	KeyVersion int
}

func gtSessionFromRow(r db.GtSession) GTSession {
	g := GTSession{ID: r.ID, Municipio: r.MunicipioCode, HeldOn: r.HeldOn, Kind: r.Kind, MinutesEnc: r.MinutesEnc,
		Version: int(r.Version), CreatedAt: r.CreatedAt, WrappedKey: r.DekWrapped}
	if r.DekVersion != nil {
		g.KeyVersion = int(*r.DekVersion)
	}
	return g
}

// InsertGTSession stores a session and its attending institutions.
func (s *Store) InsertGTSession(ctx context.Context, g GTSession, institutions []string, by uuid.UUID) error {
	err := s.q.InsertGTSession(ctx, db.InsertGTSessionParams{CreatedAt: s.stamp(g.CreatedAt), ID: g.ID, MunicipioCode: g.Municipio, HeldOn: g.HeldOn,
		Kind: g.Kind, MinutesEnc: g.MinutesEnc, DekWrapped: g.WrappedKey, DekVersion: int32p(g.KeyVersion), CreatedBy: by})
	if err != nil {
		return mapError("insert session", err)
	}
	for _, code := range institutions {
		if err := s.q.InsertSessionInstitution(ctx, db.InsertSessionInstitutionParams{SessionID: g.ID, InstitutionCode: code}); err != nil {
			return mapError("insert session institution", err)
		}
	}
	return nil
}

// GTSession returns a session in the scope's municipios; otherwise NotFound.
func (s *Store) GTSession(ctx context.Context, id uuid.UUID, sc Scope) (GTSession, error) {
	r, err := s.q.GetGTSession(ctx, db.GetGTSessionParams{ID: id, AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios})
	return gtSessionFromRow(r), mapError("get session", err)
}

// GTSessions returns a page of sessions in scope, latest first, and the total.
func (s *Store) GTSessions(ctx context.Context, sc Scope, municipio *string, limit, offset int) ([]GTSession, int, error) {
	rows, err := s.q.ListGTSessions(ctx, db.ListGTSessionsParams{AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios,
		Municipio: municipio, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("list sessions", err)
	}
	total, err := s.q.CountGTSessions(ctx, db.CountGTSessionsParams{AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios, Municipio: municipio})
	if err != nil {
		return nil, 0, mapError("count sessions", err)
	}
	out := make([]GTSession, len(rows))
	for i, r := range rows {
		out[i] = gtSessionFromRow(r)
	}
	return out, int(total), nil
}

// UpdateGTSessionMinutes replaces the minutes when the version is still expected.
func (s *Store) UpdateGTSessionMinutes(ctx context.Context, id uuid.UUID, minutesEnc []byte, expected int) error {
	n, err := s.q.UpdateGTSessionMinutes(ctx, db.UpdateGTSessionMinutesParams{ID: id, MinutesEnc: minutesEnc, ExpectedVersion: int32(expected)})
	return staleOr("update minutes", n, err)
}

// LastGTSessionBefore returns the date of the municipio's latest session before a date (1900-01-01 if none).
func (s *Store) LastGTSessionBefore(ctx context.Context, municipio string, before time.Time) (time.Time, error) {
	d, err := s.q.LastGTSessionBefore(ctx, db.LastGTSessionBeforeParams{MunicipioCode: municipio, HeldOn: before})
	return d, mapError("last session", err)
}

// GTSessionInstitutions returns the institutions that attended a session.
func (s *Store) GTSessionInstitutions(ctx context.Context, id uuid.UUID) ([]string, error) {
	codes, err := s.q.ListSessionInstitutions(ctx, id)
	return codes, mapError("list session institutions", err)
}

// Review is what a session reviewed of a caso.
type Review struct {
	ID         uuid.UUID
	CasoID     uuid.UUID
	Folio      string
	CasoStatus string
	// SummaryEnc is sealed with the session's data key.
	SummaryEnc []byte
	CreatedAt  time.Time
}

// InsertReview stores a case review; reviewing a caso twice in one session is a Conflict.
func (s *Store) InsertReview(ctx context.Context, sessionID uuid.UUID, r Review, by uuid.UUID) error {
	return mapError("insert review", s.q.InsertReview(ctx, db.InsertReviewParams{CreatedAt: s.stamp(r.CreatedAt), ID: r.ID, SessionID: sessionID, CasoID: r.CasoID,
		SummaryEnc: r.SummaryEnc, CreatedBy: by}))
}

// Reviews returns a session's case reviews.
func (s *Store) Reviews(ctx context.Context, sessionID uuid.UUID) ([]Review, error) {
	rows, err := s.q.ListReviews(ctx, sessionID)
	if err != nil {
		return nil, mapError("list reviews", err)
	}
	out := make([]Review, len(rows))
	for i, r := range rows {
		out[i] = Review{ID: r.ID, CasoID: r.CasoID, Folio: r.Folio, CasoStatus: r.Status, SummaryEnc: r.SummaryEnc, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// AgendaItem is an open caso and what changed since the last session.
type AgendaItem struct {
	CasoID                                          uuid.UUID
	Folio, Status, Institution                      string
	IsNew                                           bool
	OverdueAcuerdos, NewServices, CanalizacionSteps int
	NewCanalizaciones, CarpetaEvents, StatusChanges int
}

// Agenda returns the open casos of a municipio, those with overdue acuerdos first.
func (s *Store) Agenda(ctx context.Context, municipio string, since, today time.Time) ([]AgendaItem, error) {
	rows, err := s.q.AgendaCasos(ctx, db.AgendaCasosParams{Municipio: municipio, Since: since, Today: today})
	if err != nil {
		return nil, mapError("agenda", err)
	}
	out := make([]AgendaItem, len(rows))
	for i, r := range rows {
		out[i] = AgendaItem{CasoID: r.ID, Folio: r.Folio, Status: r.Status, Institution: r.InstitutionCode, IsNew: r.IsNew,
			OverdueAcuerdos: int(r.OverdueAcuerdos), NewServices: int(r.NewServices), CanalizacionSteps: int(r.CanalizacionSteps),
			NewCanalizaciones: int(r.NewCanalizaciones), CarpetaEvents: int(r.CarpetaEvents), StatusChanges: int(r.StatusChanges)}
	}
	return out, nil
}

// CasoInMunicipio returns a caso of the municipio, any institution's.
func (s *Store) CasoInMunicipio(ctx context.Context, id uuid.UUID, municipio string) (CasoRef, error) {
	r, err := s.q.GetCasoInMunicipio(ctx, db.GetCasoInMunicipioParams{ID: id, MunicipioCode: municipio})
	return CasoRef{ID: r.ID, Folio: r.Folio, Status: r.Status}, mapError("get caso in municipio", err)
}

// Acuerdo is an agreed action with a responsible institution and a due date.
type Acuerdo struct {
	ID        uuid.UUID
	SessionID uuid.UUID
	CasoID    uuid.NullUUID
	Municipio string
	// TextEnc is sealed with the data key of the session that took it.
	TextEnc     []byte
	Responsible string
	DueOn       time.Time
	Status      string
	CompletedOn *time.Time
	Overdue     bool
	CreatedAt   time.Time
}

// InsertAcuerdo stores an acuerdo.
func (s *Store) InsertAcuerdo(ctx context.Context, a Acuerdo, by uuid.UUID) error {
	return mapError("insert acuerdo", s.q.InsertAcuerdo(ctx, db.InsertAcuerdoParams{CreatedAt: s.stamp(a.CreatedAt), ID: a.ID, SessionID: a.SessionID, CasoID: a.CasoID,
		MunicipioCode: a.Municipio, TextEnc: a.TextEnc, ResponsibleInstitution: a.Responsible, DueOn: a.DueOn, CreatedBy: by}))
}

// Acuerdo returns an acuerdo in the scope's municipios; otherwise NotFound.
func (s *Store) Acuerdo(ctx context.Context, id uuid.UUID, sc Scope) (Acuerdo, error) {
	r, err := s.q.GetAcuerdo(ctx, db.GetAcuerdoParams{ID: id, AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios})
	return Acuerdo{ID: r.ID, SessionID: r.SessionID, CasoID: r.CasoID, Municipio: r.MunicipioCode, TextEnc: r.TextEnc,
			Responsible: r.ResponsibleInstitution, DueOn: r.DueOn, Status: r.Status, CompletedOn: r.CompletedOn, CreatedAt: r.CreatedAt},
		mapError("get acuerdo", err)
}

// AcuerdoFilter narrows a list of acuerdos.
type AcuerdoFilter struct {
	Municipio   *string
	SessionID   uuid.NullUUID
	Status      *string
	OnlyOverdue bool
}

// Acuerdos returns acuerdos in scope, overdue first.
func (s *Store) Acuerdos(ctx context.Context, sc Scope, f AcuerdoFilter, today time.Time, limit, offset int) ([]Acuerdo, error) {
	rows, err := s.q.ListAcuerdos(ctx, db.ListAcuerdosParams{Today: today, AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios,
		Municipio: f.Municipio, SessionID: f.SessionID, Status: f.Status, OnlyOverdue: f.OnlyOverdue, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, mapError("list acuerdos", err)
	}
	out := make([]Acuerdo, len(rows))
	for i, r := range rows {
		out[i] = Acuerdo{ID: r.ID, SessionID: r.SessionID, CasoID: r.CasoID, Municipio: r.MunicipioCode, TextEnc: r.TextEnc,
			Responsible: r.ResponsibleInstitution, DueOn: r.DueOn, Status: r.Status, CompletedOn: r.CompletedOn, Overdue: r.Overdue,
			CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// AcuerdoUpdate is a step of an acuerdo's follow-up.
type AcuerdoUpdate struct {
	SessionID uuid.NullUUID
	Status    string
	// NoteEnc is sealed with the data key of the session that took the acuerdo.
	NoteEnc []byte
	ByUser  uuid.UUID
	// On is the date of the follow-up; At when it was entered.
	On time.Time
	At time.Time
}

// MoveAcuerdo changes an acuerdo's status if it still is from, and records
// the update; an acuerdo cumplido is completed on the update's date.
func (s *Store) MoveAcuerdo(ctx context.Context, id uuid.UUID, from string, u AcuerdoUpdate) error {
	var completedOn *time.Time
	if u.Status == "cumplido" {
		completedOn = &u.On
	}
	n, err := s.q.SetAcuerdoStatus(ctx, db.SetAcuerdoStatusParams{ID: id, FromStatus: from, Status: u.Status, CompletedOn: completedOn})
	if err := staleOr("move acuerdo", n, err); err != nil {
		return err
	}
	return mapError("record acuerdo update", s.q.InsertAcuerdoUpdate(ctx, db.InsertAcuerdoUpdateParams{At: s.now(), AcuerdoID: id,
		SessionID: u.SessionID, Status: u.Status, NoteEnc: u.NoteEnc, ByUser: u.ByUser, OccurredOn: u.On}))
}

// AcuerdoUpdates returns an acuerdo's follow-up, oldest first.
func (s *Store) AcuerdoUpdates(ctx context.Context, id uuid.UUID) ([]AcuerdoUpdate, error) {
	rows, err := s.q.ListAcuerdoUpdates(ctx, id)
	if err != nil {
		return nil, mapError("list acuerdo updates", err)
	}
	out := make([]AcuerdoUpdate, len(rows))
	for i, r := range rows {
		out[i] = AcuerdoUpdate{SessionID: r.SessionID, Status: r.Status, NoteEnc: r.NoteEnc, ByUser: r.ByUser, On: r.OccurredOn, At: r.At}
	}
	return out, nil
}
