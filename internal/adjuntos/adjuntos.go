package adjuntos

import (
	"context"
	"strconv"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Service attaches, lists, hands out and voids the adjuntos of víctimas.
type Service struct {
	store   *store.Store
	authz   *authz.Authorizer
	audit   *audit.Recorder
	victims *victims.Service
	clock   clock.Clock
}

// NewService returns a Service; clk tells the time.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, v *victims.Service, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, victims: v, clock: clk}
}

// errNotFound answers an adjunto, or a víctima, the caller may not reach
// as missing, in the same words whichever it was.
var errNotFound = apperr.New(apperr.NotFound, "El documento no existe o no está en su ámbito.")

// errErased refuses to attach to, or void on, a víctima whose data was erased.
var errErased = apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos; sus documentos no se pueden modificar.")

// notFound answers any record not found as errNotFound.
func notFound(err error) error { return apperr.NotFoundAs(errNotFound, err) }

// Upload is a file attached to a record.
type Upload struct {
	Kind        string
	Description string
	// Name is the file's name as the user's device gave it.
	Name    string
	Content []byte
}

// Attach attaches a file to a víctima whose record the caller may change
// (her registering institution's caseworkers in her municipio; NotFound
// for anyone else), once its content is found to be a PDF, JPEG or PNG.
// Its bytes, name and description are sealed with her key.
func (s *Service) Attach(ctx context.Context, p *authz.Principal, victimID uuid.UUID, in Upload) (domain.Adjunto, error) {
	if !s.authz.Scope(p, authz.VictimasUpdate).Allowed() {
		return domain.Adjunto{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	var a domain.Adjunto
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		// Scope first: out of scope, the file is not looked at.
		rec, err := s.victims.Writable(ctx, tx, p, victimID)
		if err != nil {
			return notFound(err)
		}
		if rec.ErasedAt != nil {
			return errErased
		}
		if err := check(&in); err != nil {
			return err
		}
		ct, err := sniff(in.Content)
		if err != nil {
			return err
		}
		a = domain.Adjunto{ID: uuid.New(), RecordType: Victima, RecordID: victimID, Institution: rec.Institution,
			Municipio: rec.Municipio, Kind: in.Kind, ContentType: ct, Size: len(in.Content), CreatedBy: p.UserID,
			CreatedAt: s.clock.Now()}
		if err := s.seal(ctx, tx, &a, in); err != nil {
			return err
		}
		if err := tx.InsertAdjunto(ctx, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("adjunto.registrar", a,
			"victima "+victimID.String()+" "+a.Kind+" "+a.ContentType+" "+strconv.Itoa(a.Size)+" bytes"))
	})
	a.NameEnc, a.DescriptionEnc, a.ContentEnc = nil, nil, nil
	return a, err
}

// seal seals an adjunto's name, description and bytes with its víctima's key.
func (s *Service) seal(ctx context.Context, tx *store.Store, a *domain.Adjunto, in Upload) error {
	at := victims.NotePlace(Table, a.ID)
	var err error
	if a.NameEnc, err = s.victims.Seal(ctx, tx, a.RecordID, at, "name", in.Name); err != nil {
		return err
	}
	if a.DescriptionEnc, err = s.victims.Seal(ctx, tx, a.RecordID, at, "description", in.Description); err != nil {
		return err
	}
	a.ContentEnc, err = s.victims.Seal(ctx, tx, a.RecordID, at, "content", string(in.Content))
	return err
}

// event is the audit event of something done to an adjunto.
func event(action string, a domain.Adjunto, detail string) audit.Event {
	return audit.Event{Action: action, RecordType: "adjunto", RecordID: a.ID.String(), Municipio: a.Municipio, Detail: detail}
}

// Void voids an adjunto of a víctima whose record the caller may change,
// for a reason: its bytes are dropped; a tombstone stays with its kind,
// who voided it, when and why (the reason's text sealed with her key).
func (s *Service) Void(ctx context.Context, p *authz.Principal, id uuid.UUID, reason corrections.Reason) error {
	if !s.authz.Scope(p, authz.VictimasUpdate).Allowed() {
		return apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := tx.Adjunto(ctx, id)
		if err != nil || a.RecordType != Victima {
			return errNotFound
		}
		rec, err := s.victims.Writable(ctx, tx, p, a.RecordID)
		switch {
		case err != nil:
			return notFound(err)
		case rec.ErasedAt != nil:
			return errErased
		}
		if err := corrections.Check(&reason); err != nil {
			return err
		}
		if a.VoidedAt != nil {
			return apperr.New(apperr.Conflict, "El documento ya fue eliminado.")
		}
		now := s.clock.Now()
		a.VoidedAt, a.VoidedBy, a.VoidReason = &now, &p.UserID, &reason.Code
		if a.VoidReasonEnc, err = s.victims.Seal(ctx, tx, a.RecordID, victims.NotePlace(Table, a.ID), "void_reason", reason.Text); err != nil {
			return err
		}
		if err := tx.VoidAdjunto(ctx, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("adjunto.anular", a, "victima "+a.RecordID.String()+" motivo "+reason.Code))
	})
}
