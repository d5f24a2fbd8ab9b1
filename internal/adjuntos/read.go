package adjuntos

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Listed is an adjunto as listed: its name and description opened only
// when a reason was stated, never its bytes.
type Listed struct {
	domain.Adjunto
	// Opened says whether Name and Description were opened.
	Opened      bool
	Name        string
	Description string
}

// OfVictim lists a víctima's adjuntos, voided ones included, for a caller
// who may read her full record (NotFound for anyone else): kind, size,
// content type, when and by whom. With a reason stated (reason non-nil),
// their names and descriptions are opened through her door, which audits
// the opening; the listing is audited either way.
func (s *Service) OfVictim(ctx context.Context, p *authz.Principal, victimID uuid.UUID, reason *audit.Reason) ([]Listed, error) {
	if reason != nil {
		if err := victims.CheckReason(*reason); err != nil {
			return nil, err
		}
	}
	var out []Listed
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.victims.Readable(ctx, tx, p, victimID)
		if err != nil {
			return notFound(err)
		}
		found, err := tx.RecordAdjuntos(ctx, Victima, victimID)
		if err != nil {
			return err
		}
		out = make([]Listed, len(found))
		for i, a := range found {
			out[i] = Listed{Adjunto: a}
		}
		if reason != nil && len(out) > 0 {
			if err := s.open(ctx, tx, p, victimID, *reason, out); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "adjunto.listar", RecordType: "victima",
			RecordID: victimID.String(), Municipio: rec.Municipio})
	})
	for i := range out {
		out[i].NameEnc, out[i].DescriptionEnc = nil, nil
	}
	return out, err
}

// open opens the names and descriptions of a víctima's adjuntos.
func (s *Service) open(ctx context.Context, tx *store.Store, p *authz.Principal, victimID uuid.UUID, reason audit.Reason, out []Listed) error {
	o, err := s.victims.Reveal(ctx, tx, p, victimID, victims.HerRecord, reason)
	if err != nil {
		return notFound(err)
	}
	if o.Full == nil {
		return errNotFound
	}
	for i := range out {
		at := victims.NotePlace(Table, out[i].ID)
		if out[i].Name, err = o.Note(ctx, at, "name", out[i].NameEnc); err != nil {
			return err
		}
		if out[i].Description, err = o.Note(ctx, at, "description", out[i].DescriptionEnc); err != nil {
			return err
		}
		out[i].Opened = true
	}
	return nil
}

// File is an adjunto's content, for download.
type File struct {
	ContentType string
	// Name is the name to give the file (see FileName).
	Name    string
	Content []byte
}

// Download opens an adjunto for a stated reason, for a caller who may read
// its víctima's full record; otherwise NotFound, as for an adjunto that
// does not exist. Opening her data and the download are audited; so is a
// refusal. A voided adjunto, or one whose víctima was erased, has no
// content left: Conflict.
func (s *Service) Download(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (File, error) {
	if err := victims.CheckReason(reason); err != nil {
		return File{}, err
	}
	var f File
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := tx.Adjunto(ctx, id)
		if err != nil || a.RecordType != Victima {
			return errNotFound
		}
		rec, err := s.victims.Readable(ctx, tx, p, a.RecordID)
		if err != nil {
			return notFound(err)
		}
		o, err := s.victims.Reveal(ctx, tx, p, a.RecordID, victims.HerRecord, reason)
		if err != nil {
			return notFound(err)
		}
		switch {
		case o.Full == nil:
			return errNotFound
		case rec.ErasedAt != nil:
			return apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos; sus documentos ya no existen.")
		case a.VoidedAt != nil || a.ContentEnc == nil:
			return apperr.New(apperr.Conflict, "El documento fue eliminado; ya no se puede descargar.")
		}
		at := victims.NotePlace(Table, a.ID)
		content, err := o.Note(ctx, at, "content", a.ContentEnc)
		if err != nil {
			return err
		}
		name, err := o.Note(ctx, at, "name", a.NameEnc)
		if err != nil {
			return err
		}
		f = File{ContentType: a.ContentType, Name: FileName(name, a.ContentType), Content: []byte(content)}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("adjunto.descargar", a, "victima "+a.RecordID.String()))
	})
	if apperr.CodeOf(err) == apperr.NotFound {
		s.recordRefusal(ctx, p, audit.Event{Action: "adjunto.descargar", RecordType: "adjunto", RecordID: id.String(), Reason: reason})
	}
	return f, err
}

// recordRefusal audits, in a transaction of its own, a download the caller
// was refused: the refusal rolled back the transaction it happened in.
func (s *Service) recordRefusal(ctx context.Context, p *authz.Principal, ev audit.Event) {
	ev.Outcome = audit.Denied
	s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.ActorOf(p), ev)
	})
}
