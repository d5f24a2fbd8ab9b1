package adjuntos

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Service attaches, lists, hands out and voids the adjuntos of víctimas,
// casos, carpetas and Grupo de Trabajo sessions.
type Service struct {
	store   *store.Store
	audit   *audit.Recorder
	holders map[string]holder
	clock   clock.Clock
}

// NewService returns a Service over the records that hold adjuntos; texts
// seals under the keys of casos, carpetas and sessions; clk tells the time.
func NewService(st *store.Store, rec *audit.Recorder, texts sealed.Texts, r Records, clk clock.Clock) *Service {
	return &Service{store: st, audit: rec, holders: holders(texts, r), clock: clk}
}

// errNotFound answers an adjunto, or a record, the caller may not reach
// as missing, in the same words whichever it was.
var errNotFound = apperr.New(apperr.NotFound, "El documento no existe o no está en su ámbito.")

// errErased refuses to attach to, or void on, a víctima whose data was erased.
var errErased = apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos; sus documentos no se pueden modificar.")

// notFound answers any record not found as errNotFound.
func notFound(err error) error { return apperr.NotFoundAs(errNotFound, err) }

// holderOf returns the kind of record an adjunto of recordType belongs to.
func (s *Service) holderOf(recordType string) (holder, error) {
	h, ok := s.holders[recordType]
	if !ok {
		return nil, errNotFound
	}
	return h, nil
}

// place binds an adjunto's sealed columns to its row.
func place(id uuid.UUID) crypto.Place { return crypto.Place{Table: Table, RecordID: id.String()} }

// Upload is a file attached to a record.
type Upload struct {
	Kind        string
	Description string
	// Name is the file's name as the user's device gave it.
	Name    string
	Content []byte
}

// Attach attaches a file to a record of recordType (Victima, Caso,
// Carpeta or Sesion) that the caller may change, as that record's own rules
// say (NotFound for anyone else, before the file is looked at), once its
// content is found to be a PDF, JPEG or PNG. Its bytes, name and
// description are sealed with the record's key.
func (s *Service) Attach(ctx context.Context, p *authz.Principal, recordType string, recordID uuid.UUID, in Upload) (domain.Adjunto, error) {
	h, err := s.holderOf(recordType)
	if err != nil {
		return domain.Adjunto{}, err
	}
	var a domain.Adjunto
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		// Scope first: out of scope, the file is not looked at.
		rec, err := h.writable(ctx, tx, p, recordID)
		if err != nil {
			return notFound(err)
		}
		if rec.Erased {
			return errErased
		}
		if err := check(&in, recordType); err != nil {
			return err
		}
		ct, err := sniff(in.Content)
		if err != nil {
			return err
		}
		a = domain.Adjunto{ID: uuid.New(), RecordType: recordType, RecordID: recordID, Institution: rec.Institution,
			Municipio: rec.Municipio, Kind: in.Kind, ContentType: ct, Size: len(in.Content), CreatedBy: p.UserID,
			CreatedAt: s.clock.Now()}
		if err := seal(ctx, tx, h, &a, in); err != nil {
			return err
		}
		if err := tx.InsertAdjunto(ctx, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("adjunto.registrar", a,
			a.Kind+" "+a.ContentType+" "+strconv.Itoa(a.Size)+" bytes"))
	})
	a.NameEnc, a.DescriptionEnc, a.ContentEnc = nil, nil, nil
	return a, err
}

// seal seals an adjunto's name, description and bytes with its record's key.
func seal(ctx context.Context, tx *store.Store, h holder, a *domain.Adjunto, in Upload) error {
	at := place(a.ID)
	var err error
	if a.NameEnc, err = h.seal(ctx, tx, a.RecordID, at, "name", in.Name); err != nil {
		return err
	}
	if a.DescriptionEnc, err = h.seal(ctx, tx, a.RecordID, at, "description", in.Description); err != nil {
		return err
	}
	a.ContentEnc, err = h.seal(ctx, tx, a.RecordID, at, "content", string(in.Content))
	return err
}

// event is the audit event of something done to an adjunto; its detail
// names the record it belongs to first.
func event(action string, a domain.Adjunto, detail string) audit.Event {
	return audit.Event{Action: action, RecordType: "adjunto", RecordID: a.ID.String(), Municipio: a.Municipio,
		Detail: strings.TrimSpace(a.RecordType + " " + a.RecordID.String() + " " + detail)}
}

// Void voids an adjunto of a record the caller may change, for a reason:
// its bytes are dropped; a tombstone stays with its kind, who voided it,
// when and why (the reason's text sealed with the record's key).
func (s *Service) Void(ctx context.Context, p *authz.Principal, id uuid.UUID, reason corrections.Reason) error {
	return s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := tx.Adjunto(ctx, id)
		if err != nil {
			return errNotFound
		}
		h, err := s.holderOf(a.RecordType)
		if err != nil {
			return err
		}
		rec, err := h.writable(ctx, tx, p, a.RecordID)
		switch {
		case err != nil:
			return notFound(err)
		case rec.Erased:
			return errErased
		}
		if err := corrections.Check(&reason); err != nil {
			return err
		}
		if a.VoidedAt != nil {
			return apperr.New(apperr.Conflict, "El documento ya fue eliminado.")
		}
		if a.RecordType == Sesion && a.Institution != p.Institution {
			// Every member reads a session's documents; the institution
			// that attached one alone may destroy its bytes.
			return apperr.New(apperr.Forbidden, "Solo la institución que adjuntó el documento puede eliminarlo.")
		}
		now := s.clock.Now()
		a.VoidedAt, a.VoidedBy, a.VoidReason = &now, &p.UserID, &reason.Code
		if a.VoidReasonEnc, err = h.seal(ctx, tx, a.RecordID, place(a.ID), "void_reason", reason.Text); err != nil {
			return err
		}
		if err := tx.VoidAdjunto(ctx, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("adjunto.anular", a, "motivo "+reason.Code))
	})
}
