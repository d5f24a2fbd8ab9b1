package grupotrabajo

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// acuerdoRecord names acuerdos in the history of corrections and the audit trail.
const acuerdoRecord = "acuerdo"

// acuerdoIn loads an acuerdo of the caller's municipios where they hold perm.
func (s *Service) acuerdoIn(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, perm authz.Permission) (domain.Acuerdo, error) {
	a, err := tx.Acuerdo(ctx, id, s.scope(p, perm))
	if apperr.CodeOf(err) == apperr.NotFound {
		return a, errAcuerdoNotFound
	}
	return a, err
}

// CorrectAcuerdo replaces an acuerdo's text, responsible institution and
// due date when the caller's copy is current, keeping the previous values
// (the text still sealed), who and why in its history. Its status follows
// up with MoveAcuerdo.
func (s *Service) CorrectAcuerdo(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, in AcuerdoInput, reason corrections.Reason) (Acuerdo, error) {
	if err := corrections.Check(&reason); err != nil {
		return Acuerdo{}, err
	}
	text := strings.TrimSpace(in.Text)
	var fields []apperr.FieldError
	if n := len([]rune(text)); n < 5 || n > 2000 {
		fields = append(fields, apperr.FieldError{Field: "text", Message: "Escriba el acuerdo (de 5 a 2000 caracteres)."})
	}
	if in.DueOn.IsZero() {
		fields = append(fields, apperr.FieldError{Field: "due_on", Message: "Indique la fecha compromiso."})
	}
	if ok, err := s.store.CatalogHas(ctx, "instituciones", in.Responsible); err != nil {
		return Acuerdo{}, err
	} else if !ok {
		fields = append(fields, apperr.FieldError{Field: "responsible", Message: "La institución responsable no está en el catálogo."})
	}
	if len(fields) > 0 {
		return Acuerdo{}, apperr.Validation(fields...)
	}
	var out Acuerdo
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := s.acuerdoIn(ctx, tx, p, id, authz.GrupoTrabajoWrite)
		if err != nil {
			return err
		}
		if err := corrections.Current(a.Version, a.VoidedAt, expectedVersion); err != nil {
			return err
		}
		g, err := tx.GTSession(ctx, a.SessionID, s.scope(p, authz.GrupoTrabajoWrite))
		if err != nil {
			return err
		}
		if in.DueOn.Before(g.HeldOn) {
			return apperr.Validation(apperr.FieldError{Field: "due_on", Message: "La fecha compromiso no puede ser anterior a la sesión."})
		}
		owner := sealed.Session(a.SessionID)
		oldText, err := s.texts.Open(ctx, tx, owner, acuerdoPlace(id), "text", a.TextEnc)
		if err != nil {
			return err
		}
		previous := map[string]string{}
		corrections.Diff(previous, "responsible", a.Responsible, in.Responsible)
		corrections.Diff(previous, "due_on", a.DueOn.Format(time.DateOnly), in.DueOn.Format(time.DateOnly))
		next := a
		next.Responsible, next.DueOn = in.Responsible, in.DueOn
		var sealedPrevious map[string][]byte
		if text != oldText {
			sealedPrevious = map[string][]byte{"text": a.TextEnc}
			if next.TextEnc, err = s.texts.Seal(ctx, tx, owner, acuerdoPlace(id), "text", text); err != nil {
				return err
			}
		}
		if len(previous) == 0 && sealedPrevious == nil {
			return corrections.ErrUnchanged
		}
		if err := tx.CorrectAcuerdo(ctx, next); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: acuerdoRecord, RecordID: id, Kind: domain.Corrected, Version: a.Version,
			Reason: reason, Previous: previous, Sealed: sealedPrevious}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, a.SessionID), p, s.clock.Now(), entry); err != nil {
			return err
		}
		next.Version++
		next.Overdue = next.Status != "cumplido" && next.DueOn.Before(s.today())
		next.TextEnc = nil
		out = Acuerdo{Acuerdo: next, Text: text}
		return s.record(ctx, tx, p, "acuerdo.corregir", acuerdoRecord, id, a.Municipio, changed(previous, sealedPrevious))
	})
	return out, err
}

// VoidAcuerdo marks an acuerdo recorded by mistake voided when the caller's
// copy is current: it stays, with its history, and no longer counts in the
// lists, the agenda or the reports.
func (s *Service) VoidAcuerdo(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, reason corrections.Reason) error {
	if err := corrections.Check(&reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := s.acuerdoIn(ctx, tx, p, id, authz.GrupoTrabajoWrite)
		if err != nil {
			return err
		}
		if err := corrections.Current(a.Version, a.VoidedAt, expectedVersion); err != nil {
			return err
		}
		if err := tx.VoidAcuerdo(ctx, id, a.Version); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: acuerdoRecord, RecordID: id, Kind: domain.Voided, Version: a.Version, Reason: reason}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, a.SessionID), p, s.clock.Now(), entry); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "acuerdo.anular", acuerdoRecord, id, a.Municipio, "motivo "+reason.Code)
	})
}

// AcuerdoHistory returns an acuerdo's corrections and voiding, the previous
// texts opened, for a stated reason; the read is audited.
func (s *Service) AcuerdoHistory(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]corrections.Change, error) {
	if err := victims.CheckReason(reason); err != nil {
		return nil, err
	}
	var out []corrections.Change
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := s.acuerdoIn(ctx, tx, p, id, authz.GrupoTrabajoRead)
		if err != nil {
			return err
		}
		owner := sealed.Session(a.SessionID)
		open := func(ctx context.Context, at crypto.Place, column string, enc []byte) (string, error) {
			return s.texts.Open(ctx, tx, owner, at, column, enc)
		}
		if out, err = corrections.History(ctx, tx, open, acuerdoRecord, id, acuerdoPlace(id)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "acuerdo.historial", RecordType: acuerdoRecord,
			RecordID: id.String(), Municipio: a.Municipio, Reason: audit.Reason{Code: reason.Code, Text: reason.Text, Of: owner}})
	})
	return out, err
}

// sealer seals a correction's reason with the session's key.
func (s *Service) sealer(tx *store.Store, sessionID uuid.UUID) corrections.Sealer {
	return func(ctx context.Context, at crypto.Place, column, text string) ([]byte, error) {
		return s.texts.Seal(ctx, tx, sealed.Session(sessionID), at, column, text)
	}
}

// changed names the fields a correction changed, for the audit trail.
func changed(previous map[string]string, sealedPrevious map[string][]byte) string {
	var out []string
	for _, f := range []string{"text", "responsible", "due_on"} {
		_, a := previous[f]
		_, b := sealedPrevious[f]
		if a || b {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}
