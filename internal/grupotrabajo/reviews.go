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
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// AddReview records what a session reviewed of a caso of its municipio.
func (s *Service) AddReview(ctx context.Context, p *authz.Principal, sessionID, casoID uuid.UUID, summary string) (Review, error) {
	r := Review{Review: domain.Review{ID: uuid.New(), CasoID: casoID, CreatedAt: s.clock.Now()}, Summary: strings.TrimSpace(summary)}
	if len([]rune(r.Summary)) > 5000 {
		return r, apperr.Validation(apperr.FieldError{Field: "summary", Message: "El resumen es demasiado largo."})
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		g, err := s.session(ctx, tx, p, sessionID, authz.GrupoTrabajoWrite)
		if err != nil {
			return err
		}
		caso, err := tx.CasoInMunicipio(ctx, casoID, g.Municipio)
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.Validation(apperr.FieldError{Field: "caso_id", Message: "El expediente no es del municipio de la sesión."})
		} else if err != nil {
			return err
		}
		r.Folio, r.CasoStatus = caso.Folio, caso.Status
		if r.SummaryEnc, err = s.texts.Seal(ctx, tx, sealed.Session(sessionID), reviewPlace(r.ID), "summary", r.Summary); err != nil {
			return err
		}
		if err := tx.InsertReview(ctx, sessionID, r.Review, p.UserID); apperr.CodeOf(err) == apperr.Conflict {
			return apperr.New(apperr.Conflict, "El expediente ya se revisó en esta sesión.")
		} else if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "sesion_gt.revisar_caso", "sesion_gt", sessionID, g.Municipio, "caso "+casoID.String())
	})
	r.SummaryEnc = nil
	return r, err
}

// Review is what a session reviewed of a caso, its summary opened.
type Review struct {
	domain.Review
	Summary string
}

// Acuerdo is an acuerdo with its text opened.
type Acuerdo struct {
	domain.Acuerdo
	Text string
}

// AcuerdoInput is an acuerdo taken in a session.
type AcuerdoInput struct {
	CasoID      uuid.NullUUID
	Text        string
	Responsible string
	DueOn       time.Time
}

// AddAcuerdo records an acuerdo taken in a session.
func (s *Service) AddAcuerdo(ctx context.Context, p *authz.Principal, sessionID uuid.UUID, in AcuerdoInput) (Acuerdo, error) {
	a := Acuerdo{Acuerdo: domain.Acuerdo{ID: uuid.New(), SessionID: sessionID, CasoID: in.CasoID,
		Responsible: in.Responsible, DueOn: in.DueOn, Status: "pendiente", CreatedAt: s.clock.Now(), Version: 1}, Text: strings.TrimSpace(in.Text)}
	var fields []apperr.FieldError
	if n := len([]rune(a.Text)); n < 5 || n > 2000 {
		fields = append(fields, apperr.FieldError{Field: "text", Message: "Escriba el acuerdo (de 5 a 2000 caracteres)."})
	}
	if a.DueOn.IsZero() {
		fields = append(fields, apperr.FieldError{Field: "due_on", Message: "Indique la fecha compromiso."})
	}
	if ok, err := s.store.CatalogHas(ctx, "instituciones", a.Responsible); err != nil {
		return a, err
	} else if !ok {
		fields = append(fields, apperr.FieldError{Field: "responsible", Message: "La institución responsable no está en el catálogo."})
	}
	if len(fields) > 0 {
		return a, apperr.Validation(fields...)
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		g, err := s.session(ctx, tx, p, sessionID, authz.GrupoTrabajoWrite)
		if err != nil {
			return err
		}
		if a.DueOn.Before(g.HeldOn) {
			return apperr.Validation(apperr.FieldError{Field: "due_on", Message: "La fecha compromiso no puede ser anterior a la sesión."})
		}
		if in.CasoID.Valid {
			if _, err := tx.CasoInMunicipio(ctx, in.CasoID.UUID, g.Municipio); apperr.CodeOf(err) == apperr.NotFound {
				return apperr.Validation(apperr.FieldError{Field: "caso_id", Message: "El expediente no es del municipio de la sesión."})
			} else if err != nil {
				return err
			}
		}
		a.Municipio = g.Municipio
		a.Overdue = a.DueOn.Before(s.today())
		if a.TextEnc, err = s.texts.Seal(ctx, tx, sealed.Session(sessionID), acuerdoPlace(a.ID), "text", a.Text); err != nil {
			return err
		}
		if err := tx.InsertAcuerdo(ctx, a.Acuerdo, p.UserID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "acuerdo.registrar", "acuerdo", a.ID, a.Municipio, a.Responsible)
	})
	a.TextEnc = nil
	return a, err
}

// acuerdoSteps are the allowed status changes; cumplido is final.
var acuerdoSteps = map[string][]string{"pendiente": {"en_proceso", "cumplido"}, "en_proceso": {"pendiente", "cumplido"}}

// MoveAcuerdo follows an acuerdo up: en_proceso, back to pendiente, or
// cumplido (final), noting in which session it was reported. The follow-up
// is dated on, or the session's date, or today; never in the future nor
// before the session that took the acuerdo or its last follow-up.
func (s *Service) MoveAcuerdo(ctx context.Context, p *authz.Principal, id uuid.UUID, to, note string, sessionID uuid.NullUUID, on time.Time) (Acuerdo, error) {
	if !on.IsZero() && s.clock.IsFuture(on) {
		return Acuerdo{}, apperr.Validation(apperr.FieldError{Field: "on", Message: "La fecha no puede ser futura."})
	}
	var a domain.Acuerdo
	var text string
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		a, err = tx.Acuerdo(ctx, id, s.scope(p, authz.GrupoTrabajoWrite))
		if apperr.CodeOf(err) == apperr.NotFound {
			return errAcuerdoNotFound
		} else if err != nil {
			return err
		}
		if a.VoidedAt != nil {
			return apperr.New(apperr.Conflict, "El acuerdo fue anulado; ya no tiene seguimiento.")
		}
		if !slices.Contains(acuerdoSteps[a.Status], to) {
			return apperr.New(apperr.Conflict, "El acuerdo está "+a.Status+" y no puede pasar a "+to+".")
		}
		if sessionID.Valid {
			g, err := s.session(ctx, tx, p, sessionID.UUID, authz.GrupoTrabajoWrite)
			if err != nil {
				return err
			}
			if g.Municipio != a.Municipio {
				return apperr.Validation(apperr.FieldError{Field: "session_id", Message: "La sesión es de otro municipio."})
			}
			if on.IsZero() {
				on = g.HeldOn
			}
		}
		if on.IsZero() {
			on = s.today()
		}
		on = clock.Date(on)
		if s.clock.IsFuture(on) {
			return apperr.Validation(apperr.FieldError{Field: "on", Message: "El seguimiento no puede tener fecha futura: la sesión aún no se celebra."})
		}
		if earliest, err := s.earliestFollowUp(ctx, tx, a); err != nil {
			return err
		} else if on.Before(earliest) {
			return apperr.Validation(apperr.FieldError{Field: "on", Message: "La fecha no puede ser anterior a la sesión del acuerdo ni a su último seguimiento (" +
				earliest.Format("02/01/2006") + ")."})
		}
		u := domain.AcuerdoUpdate{SessionID: sessionID, Status: to, ByUser: p.UserID, On: on}
		if u.NoteEnc, err = s.texts.Seal(ctx, tx, sealed.Session(a.SessionID), acuerdoPlace(a.ID), "note", strings.TrimSpace(note)); err != nil {
			return err
		}
		if err := tx.MoveAcuerdo(ctx, id, a.Status, u); err != nil {
			return err
		}
		if text, err = s.texts.Open(ctx, tx, sealed.Session(a.SessionID), acuerdoPlace(a.ID), "text", a.TextEnc); err != nil {
			return err
		}
		from := a.Status
		a.Status = to
		if to == "cumplido" {
			a.CompletedOn = &on
		}
		a.Overdue = to != "cumplido" && a.DueOn.Before(s.today())
		return s.record(ctx, tx, p, "acuerdo.seguimiento", "acuerdo", id, a.Municipio, from+"→"+to)
	})
	a.TextEnc = nil
	return Acuerdo{Acuerdo: a, Text: text}, err
}

// earliestFollowUp is the first date a follow-up of a may bear: the date
// of the session that took it, or of its last follow-up.
func (s *Service) earliestFollowUp(ctx context.Context, tx *store.Store, a domain.Acuerdo) (time.Time, error) {
	g, err := tx.GTSession(ctx, a.SessionID, domain.Scope{Municipios: []string{a.Municipio}})
	if err != nil {
		return time.Time{}, err
	}
	earliest := g.HeldOn
	updates, err := tx.AcuerdoUpdates(ctx, a.ID)
	if err != nil {
		return time.Time{}, err
	}
	if n := len(updates); n > 0 && updates[n-1].On.After(earliest) {
		earliest = updates[n-1].On
	}
	return earliest, nil
}

// ListAcuerdos returns acuerdos in the caller's municipios, overdue first,
// their texts opened. An acuerdo's text may name a person, so the listing
// is audited as a read of the acuerdos it shows.
func (s *Service) ListAcuerdos(ctx context.Context, p *authz.Principal, f domain.AcuerdoFilter, limit, offset int) ([]Acuerdo, error) {
	var out []Acuerdo
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		list, err := tx.Acuerdos(ctx, s.scope(p, authz.GrupoTrabajoRead), f, s.today(), limit, offset)
		if err != nil {
			return err
		}
		if out, err = s.openAcuerdos(ctx, s.texts.Cache(tx), list); err != nil {
			return err
		}
		return s.audit.RecordMany(ctx, tx, audit.ActorOf(p), acuerdoReads(list))
	})
	return out, err
}

// acuerdoReads are the audit events of a listing of acuerdos: one for each
// municipio, naming by id the acuerdos of it that were read, so that each
// municipio's auditor sees its own in one line.
func acuerdoReads(list []domain.Acuerdo) []audit.Event {
	var municipios []string
	ids := map[string][]string{}
	for _, a := range list {
		if _, seen := ids[a.Municipio]; !seen {
			municipios = append(municipios, a.Municipio)
		}
		ids[a.Municipio] = append(ids[a.Municipio], a.ID.String())
	}
	events := make([]audit.Event, len(municipios))
	for i, m := range municipios {
		events[i] = audit.Event{Action: "acuerdo.consultar", RecordType: "acuerdo", Municipio: m,
			Detail: "acuerdos: " + strings.Join(ids[m], ", ")}
	}
	return events
}

// openAcuerdos opens the texts of acuerdos, each under its session's key.
func (s *Service) openAcuerdos(ctx context.Context, keys *sealed.Keys, list []domain.Acuerdo) ([]Acuerdo, error) {
	out := make([]Acuerdo, len(list))
	for i, a := range list {
		text, err := keys.Open(ctx, sealed.Session(a.SessionID), acuerdoPlace(a.ID), "text", a.TextEnc)
		if err != nil {
			return nil, err
		}
		a.TextEnc = nil
		out[i] = Acuerdo{Acuerdo: a, Text: text}
	}
	return out, nil
}

// CaseReview is a reviewed caso with its víctimas in the minimal view.
type CaseReview struct {
	Review
	Victims []victims.Minimal
}

// Session is a session with everything the acta shows.
type Session struct {
	domain.GTSession
	Minutes      string
	Institutions []string
	Reviews      []CaseReview
	// Acuerdos taken in the session, and those of earlier sessions still open.
	Acuerdos []Acuerdo
	Pending  []Acuerdo
}

// GetSession reads a session for a stated reason: its reviews show
// víctimas' initials, so the read is audited.
func (s *Service) GetSession(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (Session, error) {
	if err := victims.CheckReason(reason); err != nil {
		return Session{}, err
	}
	var out Session
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		g, err := s.session(ctx, tx, p, id, authz.GrupoTrabajoRead)
		if err != nil {
			return err
		}
		out.GTSession = g
		if out.Minutes, err = s.texts.Open(ctx, tx, sealed.Session(id), minutesPlace(id), "minutes", g.MinutesEnc); err != nil {
			return err
		}
		out.MinutesEnc = nil
		if out.Institutions, err = tx.GTSessionInstitutions(ctx, id); err != nil {
			return err
		}
		if err := s.loadReviews(ctx, tx, p, &out, reason); err != nil {
			return err
		}
		if err := s.loadAcuerdos(ctx, tx, &out); err != nil {
			return err
		}
		reason.Of = sealed.Session(id)
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "sesion_gt.consultar", RecordType: "sesion_gt",
			RecordID: id.String(), Municipio: g.Municipio, Reason: reason})
	})
	return out, err
}

func (s *Service) loadReviews(ctx context.Context, tx *store.Store, p *authz.Principal, out *Session, reason audit.Reason) error {
	reviews, err := tx.Reviews(ctx, out.ID)
	if err != nil {
		return err
	}
	for _, r := range reviews {
		summary, err := s.texts.Open(ctx, tx, sealed.Session(out.ID), reviewPlace(r.ID), "summary", r.SummaryEnc)
		if err != nil {
			return err
		}
		r.SummaryEnc = nil
		cr := CaseReview{Review: Review{Review: r, Summary: summary}}
		members, err := tx.CasoVictims(ctx, r.CasoID)
		if err != nil {
			return err
		}
		for _, v := range members {
			her, err := s.victims.Reveal(ctx, tx, p, v.ID, victims.AReview(r.CasoID), reason)
			if apperr.CodeOf(err) == apperr.NotFound {
				// Registered in a municipio the member does not work in.
				continue
			} else if err != nil {
				return err
			}
			cr.Victims = append(cr.Victims, *her.Minimal)
		}
		out.Reviews = append(out.Reviews, cr)
	}
	return nil
}

func (s *Service) loadAcuerdos(ctx context.Context, tx *store.Store, out *Session) error {
	sc := domain.Scope{Municipios: []string{out.Municipio}}
	keys := s.texts.Cache(tx)
	taken, err := tx.Acuerdos(ctx, sc, domain.AcuerdoFilter{SessionID: uuid.NullUUID{UUID: out.ID, Valid: true}}, s.today(), 500, 0)
	if err != nil {
		return err
	}
	if out.Acuerdos, err = s.openAcuerdos(ctx, keys, taken); err != nil {
		return err
	}
	open, err := tx.Acuerdos(ctx, sc, domain.AcuerdoFilter{}, s.today(), 500, 0)
	if err != nil {
		return err
	}
	var pending []domain.Acuerdo
	for _, a := range open {
		if a.SessionID != out.ID && a.Status != "cumplido" && a.CreatedAt.Before(out.CreatedAt) {
			pending = append(pending, a)
		}
	}
	out.Pending, err = s.openAcuerdos(ctx, keys, pending)
	return err
}

// OverdueAcuerdos counts the acuerdos in the caller's municipios past their
// due date and not fulfilled.
func (s *Service) OverdueAcuerdos(ctx context.Context, p *authz.Principal) (int, error) {
	sc := s.authz.Scope(p, authz.GrupoTrabajoRead)
	if !sc.Allowed() {
		return 0, nil
	}
	return s.store.OverdueAcuerdos(ctx, sc.InStore(false), s.today())
}

// MunicipiosWithoutSession lists the caller's municipios that held no
// session in the month before today's, though they had casos under review
// (law Art. 32: at least one session a month).
func (s *Service) MunicipiosWithoutSession(ctx context.Context, p *authz.Principal) (month time.Time, codes []string, err error) {
	today := s.today()
	thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	month = thisMonth.AddDate(0, -1, 0)
	sc := s.authz.Scope(p, authz.GrupoTrabajoRead)
	if !sc.Allowed() {
		return month, nil, nil
	}
	monthEnded := time.Date(thisMonth.Year(), thisMonth.Month(), 1, 0, 0, 0, 0, clock.Zone)
	codes, err = s.store.MunicipiosWithoutSession(ctx, sc.InStore(false), monthEnded, month, thisMonth)
	return month, codes, err
}
