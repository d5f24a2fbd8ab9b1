// Package grupotrabajo supports the Grupo de Trabajo de Seguimiento a
// Casos (law Art. 29–32): sessions per municipio, the agenda of open casos
// with what changed since the last session, case reviews that show víctimas
// only in the minimal view, and acuerdos followed from session to session.
// A member acts only in the municipios where they hold the role.
package grupotrabajo

import (
	"context"
	"sintra/internal/domain"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Service runs the Grupo de Trabajo's sessions and acuerdos.
type Service struct {
	store   *store.Store
	texts   sealed.Texts
	authz   *authz.Authorizer
	audit   *audit.Recorder
	victims *victims.Service
	clock   clock.Clock
}

// NewService returns a Service; clk tells the time.
func NewService(st *store.Store, texts sealed.Texts, a *authz.Authorizer, rec *audit.Recorder, v *victims.Service, clk clock.Clock) *Service {
	return &Service{store: st, texts: texts, authz: a, audit: rec, victims: v, clock: clk}
}

var (
	errSessionNotFound = apperr.New(apperr.NotFound, "La sesión no existe o no es de sus municipios.")
	errAcuerdoNotFound = apperr.New(apperr.NotFound, "El acuerdo no existe o no es de sus municipios.")
)

// today is the current date in Quintana Roo, at midnight UTC like stored dates.
func (s *Service) today() time.Time { return s.clock.Today() }

// scope is where the caller holds perm.
func (s *Service) scope(p *authz.Principal, perm authz.Permission) domain.Scope {
	return s.authz.Scope(p, perm).InStore(false)
}

func (s *Service) record(ctx context.Context, tx *store.Store, p *authz.Principal, action, recordType string, id uuid.UUID, municipio, detail string) error {
	return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: action, RecordType: recordType, RecordID: id.String(),
		Municipio: municipio, Detail: detail})
}

// SessionInput is a session to record.
type SessionInput struct {
	Municipio    string
	HeldOn       time.Time
	Kind         string
	Institutions []string
	Minutes      string
}

// CreateSession records a session of the Grupo de Trabajo of a municipio.
func (s *Service) CreateSession(ctx context.Context, p *authz.Principal, in SessionInput) (domain.GTSession, error) {
	if !s.authz.Scope(p, authz.GrupoTrabajoWrite).Covers(in.Municipio) {
		return domain.GTSession{}, apperr.Validation(apperr.FieldError{Field: "municipio", Message: "Solo puede registrar sesiones de los municipios de su ámbito."})
	}
	if err := s.checkSession(ctx, &in); err != nil {
		return domain.GTSession{}, err
	}
	g := domain.GTSession{ID: uuid.New(), Municipio: in.Municipio, HeldOn: in.HeldOn, Kind: in.Kind, Version: 1, CreatedAt: s.clock.Now()}
	key, wrapped, version, err := s.texts.NewKey(sealed.Session(g.ID))
	if err != nil {
		return g, err
	}
	g.WrappedKey, g.KeyVersion = wrapped, version
	if g.MinutesEnc, err = sealed.Seal(key, minutesPlace(g.ID), "minutes", in.Minutes); err != nil {
		return g, err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertGTSession(ctx, g, in.Institutions, p.UserID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "sesion_gt.registrar", "sesion_gt", g.ID, g.Municipio, g.Kind)
	})
	return g, err
}

func (s *Service) checkSession(ctx context.Context, in *SessionInput) error {
	var fields []apperr.FieldError
	if in.Kind != "ordinaria" && in.Kind != "extraordinaria" {
		fields = append(fields, apperr.FieldError{Field: "kind", Message: "La sesión es ordinaria o extraordinaria."})
	}
	if in.HeldOn.IsZero() {
		fields = append(fields, apperr.FieldError{Field: "held_on", Message: "Indique la fecha de la sesión."})
	}
	in.HeldOn = clock.Date(in.HeldOn)
	in.Minutes = strings.TrimSpace(in.Minutes)
	if len([]rune(in.Minutes)) > maxMinutes {
		fields = append(fields, apperr.FieldError{Field: "minutes", Message: "La minuta es demasiado larga."})
	}
	slices.Sort(in.Institutions)
	in.Institutions = slices.Compact(in.Institutions)
	for _, code := range in.Institutions {
		if ok, err := s.store.CatalogHas(ctx, "instituciones", code); err != nil {
			return err
		} else if !ok {
			fields = append(fields, apperr.FieldError{Field: "institutions", Message: "Una institución asistente no está en el catálogo."})
		}
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// maxMinutes bounds a session's minutes, in characters.
const maxMinutes = 20000

// The places a session's sealed texts are bound to: the minutes to the
// session, the others to their own records.
func minutesPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "gt_sessions", RecordID: id.String()}
}
func reviewPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "gt_reviews", RecordID: id.String()}
}
func acuerdoPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "acuerdos", RecordID: id.String()}
}

// session loads a session in the caller's scope for perm.
func (s *Service) session(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, perm authz.Permission) (domain.GTSession, error) {
	g, err := tx.GTSession(ctx, id, s.scope(p, perm))
	if apperr.CodeOf(err) == apperr.NotFound {
		return g, errSessionNotFound
	}
	return g, err
}

// ListSessions returns the caller's municipios' sessions, latest first.
func (s *Service) ListSessions(ctx context.Context, p *authz.Principal, municipio *string, limit, offset int) ([]domain.GTSession, int, error) {
	return s.store.GTSessions(ctx, s.scope(p, authz.GrupoTrabajoRead), municipio, limit, offset)
}

// UpdateMinutes replaces a session's minutes when the caller's copy is current.
func (s *Service) UpdateMinutes(ctx context.Context, p *authz.Principal, id uuid.UUID, expected int, minutes string) (domain.GTSession, error) {
	var g domain.GTSession
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if g, err = s.session(ctx, tx, p, id, authz.GrupoTrabajoWrite); err != nil {
			return err
		}
		minutes = strings.TrimSpace(minutes)
		if len([]rune(minutes)) > maxMinutes {
			return apperr.Validation(apperr.FieldError{Field: "minutes", Message: "La minuta es demasiado larga."})
		}
		enc, err := s.texts.Seal(ctx, tx, sealed.Session(id), minutesPlace(id), "minutes", minutes)
		if err != nil {
			return err
		}
		if err := tx.UpdateGTSessionMinutes(ctx, id, enc, expected); err != nil {
			return err
		}
		g.MinutesEnc, g.Version = nil, expected+1
		return s.record(ctx, tx, p, "sesion_gt.actualizar_minuta", "sesion_gt", id, g.Municipio, "")
	})
	return g, err
}

// Agenda lists the open casos of a municipio to review at a session on
// date, with what changed since the previous session, overdue acuerdos first.
func (s *Service) Agenda(ctx context.Context, p *authz.Principal, municipio string, date time.Time) ([]domain.AgendaItem, time.Time, error) {
	if !s.authz.Scope(p, authz.GrupoTrabajoRead).Covers(municipio) {
		return nil, time.Time{}, apperr.New(apperr.NotFound, "El municipio no está en su ámbito.")
	}
	if date.IsZero() {
		date = s.today()
	}
	since, err := s.store.LastGTSessionBefore(ctx, municipio, date)
	if err != nil {
		return nil, since, err
	}
	items, err := s.store.Agenda(ctx, municipio, since, s.today())
	return items, since, err
}

// Writable loads, within tx, a session the caller may change: a member of
// the Grupo de Trabajo of its municipio; NotFound for anyone else.
func (s *Service) Writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.GTSession, error) {
	return s.session(ctx, tx, p, id, authz.GrupoTrabajoWrite)
}

// Readable loads, within tx, a session the caller may read; NotFound for
// anyone else.
func (s *Service) Readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.GTSession, error) {
	return s.session(ctx, tx, p, id, authz.GrupoTrabajoRead)
}
