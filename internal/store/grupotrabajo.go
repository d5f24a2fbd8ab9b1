package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func gtSessionFromRow(r db.GtSession) domain.GTSession {
	g := domain.GTSession{ID: r.ID, Municipio: r.MunicipioCode, HeldOn: r.HeldOn, Kind: r.Kind, MinutesEnc: r.MinutesEnc,
		Version: int(r.Version), CreatedAt: r.CreatedAt, WrappedKey: r.DekWrapped}
	if r.DekVersion != nil {
		g.KeyVersion = int(*r.DekVersion)
	}
	return g
}

// InsertGTSession stores a session and its attending institutions.
func (s *Store) InsertGTSession(ctx context.Context, g domain.GTSession, institutions []string, by uuid.UUID) error {
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
func (s *Store) GTSession(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.GTSession, error) {
	r, err := s.q.GetGTSession(ctx, db.GetGTSessionParams{ID: id, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return gtSessionFromRow(r), mapError("get session", err)
}

// GTSessions returns a page of sessions in scope, latest first, and the total.
func (s *Store) GTSessions(ctx context.Context, sc domain.Scope, municipio *string, limit, offset int) ([]domain.GTSession, int, error) {
	rows, err := s.q.ListGTSessions(ctx, db.ListGTSessionsParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		Municipio: municipio, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("list sessions", err)
	}
	total, err := s.q.CountGTSessions(ctx, db.CountGTSessionsParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), Municipio: municipio})
	if err != nil {
		return nil, 0, mapError("count sessions", err)
	}
	out := make([]domain.GTSession, len(rows))
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

// InsertReview stores a case review; reviewing a caso twice in one session is a Conflict.
func (s *Store) InsertReview(ctx context.Context, sessionID uuid.UUID, r domain.Review, by uuid.UUID) error {
	return mapError("insert review", s.q.InsertReview(ctx, db.InsertReviewParams{CreatedAt: s.stamp(r.CreatedAt), ID: r.ID, SessionID: sessionID, CasoID: r.CasoID,
		SummaryEnc: r.SummaryEnc, CreatedBy: by}))
}

// Reviews returns a session's case reviews.
func (s *Store) Reviews(ctx context.Context, sessionID uuid.UUID) ([]domain.Review, error) {
	rows, err := s.q.ListReviews(ctx, sessionID)
	if err != nil {
		return nil, mapError("list reviews", err)
	}
	out := make([]domain.Review, len(rows))
	for i, r := range rows {
		out[i] = domain.Review{ID: r.ID, CasoID: r.CasoID, Folio: r.Folio, CasoStatus: r.Status, SummaryEnc: r.SummaryEnc, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// Agenda returns the open casos of a municipio, those with overdue acuerdos first.
func (s *Store) Agenda(ctx context.Context, municipio string, since, today time.Time) ([]domain.AgendaItem, error) {
	rows, err := s.q.AgendaCasos(ctx, db.AgendaCasosParams{Municipio: municipio, Since: since, Today: today})
	if err != nil {
		return nil, mapError("agenda", err)
	}
	out := make([]domain.AgendaItem, len(rows))
	for i, r := range rows {
		out[i] = domain.AgendaItem{CasoID: r.ID, Folio: r.Folio, Status: r.Status, Institution: r.InstitutionCode, IsNew: r.IsNew,
			OverdueAcuerdos: int(r.OverdueAcuerdos), NewServices: int(r.NewServices), CanalizacionSteps: int(r.CanalizacionSteps),
			NewCanalizaciones: int(r.NewCanalizaciones), CarpetaEvents: int(r.CarpetaEvents), StatusChanges: int(r.StatusChanges)}
	}
	return out, nil
}

// CasoInMunicipio returns a caso of the municipio, any institution's.
func (s *Store) CasoInMunicipio(ctx context.Context, id uuid.UUID, municipio string) (domain.CasoRef, error) {
	r, err := s.q.GetCasoInMunicipio(ctx, db.GetCasoInMunicipioParams{ID: id, MunicipioCode: municipio})
	return domain.CasoRef{ID: r.ID, Folio: r.Folio, Status: r.Status}, mapError("get caso in municipio", err)
}

// InsertAcuerdo stores an acuerdo.
func (s *Store) InsertAcuerdo(ctx context.Context, a domain.Acuerdo, by uuid.UUID) error {
	return mapError("insert acuerdo", s.q.InsertAcuerdo(ctx, db.InsertAcuerdoParams{CreatedAt: s.stamp(a.CreatedAt), ID: a.ID, SessionID: a.SessionID, CasoID: a.CasoID,
		MunicipioCode: a.Municipio, TextEnc: a.TextEnc, ResponsibleInstitution: a.Responsible, DueOn: a.DueOn, CreatedBy: by}))
}

// Acuerdo returns an acuerdo in the scope's municipios; otherwise NotFound.
func (s *Store) Acuerdo(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.Acuerdo, error) {
	r, err := s.q.GetAcuerdo(ctx, db.GetAcuerdoParams{ID: id, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return domain.Acuerdo{ID: r.ID, SessionID: r.SessionID, CasoID: r.CasoID, Municipio: r.MunicipioCode, TextEnc: r.TextEnc,
			Responsible: r.ResponsibleInstitution, DueOn: r.DueOn, Status: r.Status, CompletedOn: r.CompletedOn, CreatedAt: r.CreatedAt,
			Version: int(r.Version), VoidedAt: r.VoidedAt},
		mapError("get acuerdo", err)
}

// CorrectAcuerdo replaces an acuerdo's text, responsible institution and
// due date if it is still at the version a was read at and not voided;
// otherwise PreconditionFailed.
func (s *Store) CorrectAcuerdo(ctx context.Context, a domain.Acuerdo) error {
	n, err := s.q.CorrectAcuerdo(ctx, db.CorrectAcuerdoParams{ID: a.ID, Version: int32(a.Version), TextEnc: a.TextEnc,
		ResponsibleInstitution: a.Responsible, DueOn: a.DueOn})
	return staleOr("correct acuerdo", n, err)
}

// VoidAcuerdo marks an acuerdo voided if it is still at version.
func (s *Store) VoidAcuerdo(ctx context.Context, id uuid.UUID, version int) error {
	n, err := s.q.VoidAcuerdo(ctx, db.VoidAcuerdoParams{ID: id, Version: int32(version), VoidedAt: ptr(s.now())})
	return staleOr("void acuerdo", n, err)
}

// Acuerdos returns acuerdos in scope, overdue first.
func (s *Store) Acuerdos(ctx context.Context, sc domain.Scope, f domain.AcuerdoFilter, today time.Time, limit, offset int) ([]domain.Acuerdo, error) {
	rows, err := s.q.ListAcuerdos(ctx, db.ListAcuerdosParams{Today: today, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		Municipio: f.Municipio, SessionID: f.SessionID, Status: f.Status, OnlyOverdue: f.OnlyOverdue, WithVoided: f.WithVoided,
		MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, mapError("list acuerdos", err)
	}
	out := make([]domain.Acuerdo, len(rows))
	for i, r := range rows {
		out[i] = domain.Acuerdo{ID: r.ID, SessionID: r.SessionID, CasoID: r.CasoID, Municipio: r.MunicipioCode, TextEnc: r.TextEnc,
			Responsible: r.ResponsibleInstitution, DueOn: r.DueOn, Status: r.Status, CompletedOn: r.CompletedOn, Overdue: r.Overdue,
			CreatedAt: r.CreatedAt, Version: int(r.Version), VoidedAt: r.VoidedAt}
	}
	return out, nil
}

// MoveAcuerdo changes an acuerdo's status if it still is from, and records
// the update; an acuerdo cumplido is completed on the update's date.
func (s *Store) MoveAcuerdo(ctx context.Context, id uuid.UUID, from string, u domain.AcuerdoUpdate) error {
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
func (s *Store) AcuerdoUpdates(ctx context.Context, id uuid.UUID) ([]domain.AcuerdoUpdate, error) {
	rows, err := s.q.ListAcuerdoUpdates(ctx, id)
	if err != nil {
		return nil, mapError("list acuerdo updates", err)
	}
	out := make([]domain.AcuerdoUpdate, len(rows))
	for i, r := range rows {
		out[i] = domain.AcuerdoUpdate{SessionID: r.SessionID, Status: r.Status, NoteEnc: r.NoteEnc, ByUser: r.ByUser, On: r.OccurredOn, At: r.At}
	}
	return out, nil
}
