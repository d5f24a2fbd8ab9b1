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

// Of lists the adjuntos of a record of recordType, voided ones included,
// for a caller who may read what is sealed on it (NotFound for anyone
// else): kind, size, content type, when and by whom. With a reason stated
// (reason non-nil), their names and descriptions are opened, and the
// reason is audited with the listing (a víctima's door audits the opening
// of her data too); the listing is audited either way, and so is a refused
// one that stated a reason.
func (s *Service) Of(ctx context.Context, p *authz.Principal, recordType string, recordID uuid.UUID, reason *audit.Reason) ([]Listed, error) {
	if reason != nil {
		if err := victims.CheckReason(*reason); err != nil {
			return nil, err
		}
	}
	h, err := s.holderOf(recordType)
	if err != nil {
		return nil, err
	}
	var out []Listed
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := h.readable(ctx, tx, p, recordID)
		if err != nil {
			return notFound(err)
		}
		found, err := tx.RecordAdjuntos(ctx, recordType, recordID)
		if err != nil {
			return err
		}
		out = make([]Listed, len(found))
		for i, a := range found {
			out[i] = Listed{Adjunto: a}
		}
		ev := audit.Event{Action: "adjunto.listar", RecordType: recordType, RecordID: recordID.String(), Municipio: rec.Municipio}
		if reason != nil && len(out) > 0 {
			if err := open(ctx, tx, h, p, recordID, *reason, out); err != nil {
				return err
			}
			ev.Reason = audit.Reason{Code: reason.Code, Text: reason.Text, Of: h.owner(recordID)}
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), ev)
	})
	for i := range out {
		out[i].NameEnc, out[i].DescriptionEnc = nil, nil
	}
	if reason != nil && apperr.CodeOf(err) == apperr.NotFound {
		// An attempt to read names out of scope is a refused read of
		// personal data.
		s.recordRefusal(ctx, p, audit.Event{Action: "adjunto.listar", RecordType: recordType, RecordID: recordID.String(), Reason: *reason})
	}
	return out, err
}

// open opens the names and descriptions of a record's adjuntos.
func open(ctx context.Context, tx *store.Store, h holder, p *authz.Principal, recordID uuid.UUID, reason audit.Reason, out []Listed) error {
	o, err := h.reveal(ctx, tx, p, recordID, reason)
	if err != nil {
		return err
	}
	for i := range out {
		at := place(out[i].ID)
		if out[i].Name, err = o(ctx, at, "name", out[i].NameEnc); err != nil {
			return err
		}
		if out[i].Description, err = o(ctx, at, "description", out[i].DescriptionEnc); err != nil {
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
// what is sealed on its record; otherwise NotFound, as for an adjunto that
// does not exist. The download is audited with the reason (a víctima's
// door audits the opening of her data too); so is a refusal. A voided
// adjunto, or one whose víctima was erased, has no content left: Conflict.
func (s *Service) Download(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (File, error) {
	if err := victims.CheckReason(reason); err != nil {
		return File{}, err
	}
	var f File
	var refusedIn string
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := tx.Adjunto(ctx, id)
		if err != nil {
			return errNotFound
		}
		h, err := s.holderOf(a.RecordType)
		if err != nil {
			return err
		}
		rec, err := h.readable(ctx, tx, p, a.RecordID)
		if err != nil {
			return notFound(err)
		}
		refusedIn = a.Municipio // in scope: a refusal from here on is of its municipio
		o, err := h.reveal(ctx, tx, p, a.RecordID, reason)
		switch {
		case err != nil:
			return err
		case rec.Erased:
			return apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos; sus documentos ya no existen.")
		case a.VoidedAt != nil || a.ContentEnc == nil:
			return apperr.New(apperr.Conflict, "El documento fue eliminado; ya no se puede descargar.")
		}
		at := place(a.ID)
		content, err := o(ctx, at, "content", a.ContentEnc)
		if err != nil {
			return err
		}
		name, err := o(ctx, at, "name", a.NameEnc)
		if err != nil {
			return err
		}
		f = File{ContentType: a.ContentType, Name: FileName(name, a.ContentType), Content: []byte(content)}
		ev := event("adjunto.descargar", a, "")
		ev.Reason = audit.Reason{Code: reason.Code, Text: reason.Text, Of: h.owner(a.RecordID)}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), ev)
	})
	if code := apperr.CodeOf(err); code == apperr.NotFound || code == apperr.Conflict {
		s.recordRefusal(ctx, p, audit.Event{Action: "adjunto.descargar", RecordType: "adjunto", RecordID: id.String(),
			Municipio: refusedIn, Reason: reason})
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
