package victims

import (
	"context"
	"sintra/internal/domain"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Reasons are the motivos de consulta a user may state; "otro" needs a text.
var Reasons = []string{"seguimiento_caso", "atencion_victima", "canalizacion", "procuracion_justicia",
	"revision_grupo_trabajo", "actualizacion_registro", "solicitud_arco", "otro"}

// CheckReason validates a motivo de consulta.
func CheckReason(r audit.Reason) error {
	if !slices.Contains(Reasons, r.Code) {
		return apperr.Validation(apperr.FieldError{Field: "X-Motivo-Consulta", Message: "Indique el motivo de la consulta."})
	}
	if r.Code == "otro" && len(r.Text) < 5 {
		return apperr.Validation(apperr.FieldError{Field: "X-Motivo-Detalle", Message: "Describa el motivo de la consulta."})
	}
	// One line of text: PostgreSQL refuses a NUL or bytes that are not UTF-8.
	if !utf8.ValidString(r.Text) || strings.ContainsFunc(r.Text, unicode.IsControl) {
		return apperr.Validation(apperr.FieldError{Field: "X-Motivo-Detalle", Message: "El motivo contiene caracteres no válidos."})
	}
	if len([]rune(r.Text)) > 200 {
		return apperr.Validation(apperr.FieldError{Field: "X-Motivo-Detalle", Message: "El motivo es demasiado largo (200 caracteres como máximo)."})
	}
	return nil
}

var errNotFound = apperr.New(apperr.NotFound, "La víctima no existe o no está en su ámbito.")

// sealedReason is a motivo de consulta whose detalle is sealed under the
// víctima's key, so that her erasure destroys it too.
func sealedReason(r audit.Reason, id uuid.UUID) audit.Reason {
	r.Of = sealed.Victim(id)
	return r
}

// Get reads a víctima for a stated reason through her record (see
// HerRecord): the full record or the minimal view, by the caller's role;
// otherwise NotFound. The read and its reason are audited; so is a refusal.
func (s *Service) Get(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (View, error) {
	if err := CheckReason(reason); err != nil {
		return View{}, err
	}
	var view View
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		o, err := s.Reveal(ctx, tx, p, id, HerRecord, reason)
		view = View{Full: o.Full, Minimal: o.Minimal}
		return err
	})
	if apperr.CodeOf(err) == apperr.NotFound {
		s.recordRefusal(ctx, p, audit.Event{Action: "victima.consultar", RecordType: "victima", RecordID: id.String(), Reason: reason})
	}
	return view, err
}

// locate finds a víctima in the caller's scope, and says whether the caller
// may see the full record (or only the minimal view).
func (s *Service) locate(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.VictimRecord, bool, error) {
	rec, err := s.Readable(ctx, tx, p, id)
	if err == nil || apperr.CodeOf(err) != apperr.NotFound {
		return rec, err == nil, err
	}
	if scope := s.authz.Scope(p, authz.VictimasReadMinimal); scope.Allowed() {
		rec, err := tx.Victim(ctx, id, scope.InStore(false))
		if err == nil || apperr.CodeOf(err) != apperr.NotFound {
			return rec, false, err
		}
	}
	return domain.VictimRecord{}, false, errNotFound
}

// Readable returns a víctima whose full record the caller may read: one
// the caller's institution registered in the caller's municipios, or, for
// the Fiscalía, one of its municipios in a carpeta of its own. Any other
// is NotFound.
func (s *Service) Readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.VictimRecord, error) {
	if scope := s.authz.Scope(p, authz.VictimasRead); scope.Allowed() {
		rec, err := tx.Victim(ctx, id, scope.InStore(true))
		if apperr.CodeOf(err) != apperr.NotFound {
			return rec, err
		}
	}
	if scope := s.authz.Scope(p, authz.VictimasReadLinked); scope.Allowed() {
		linked, err := tx.VictimLinkedToCarpeta(ctx, id, scope.InStore(true))
		if err != nil {
			return domain.VictimRecord{}, err
		}
		if linked {
			// Only a víctima of the Fiscalía's own municipios, whoever
			// registered her: a carpeta never opens another municipio's.
			rec, err := tx.Victim(ctx, id, scope.InStore(false))
			if apperr.CodeOf(err) != apperr.NotFound {
				return rec, err
			}
		}
	}
	return domain.VictimRecord{}, errNotFound
}

// recordRefusal audits, in a transaction of its own, an attempt the caller
// was refused: the refusal rolls back the transaction it happened in.
func (s *Service) recordRefusal(ctx context.Context, p *authz.Principal, ev audit.Event) {
	ev.Outcome = audit.Denied
	s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, actor(p), ev)
	})
}

// listScope is where the caller may list víctimas: their own institution's
// in their municipios for caseworkers, every institution's in the
// municipio, in the minimal form, for Grupo de Trabajo members.
func (s *Service) listScope(p *authz.Principal) (sc domain.Scope, minimal, ok bool) {
	if scope := s.authz.Scope(p, authz.VictimasRead); scope.Allowed() {
		return scope.InStore(true), false, true
	}
	if scope := s.authz.Scope(p, authz.VictimasReadMinimal); scope.Allowed() {
		return scope.InStore(false), true, true
	}
	return domain.Scope{}, false, false
}

// Page is a page of víctimas. A first page has their total, which is a
// lower bound when AtLeast: a list counts no further than a thousand past
// its first page. More says a page follows.
type Page struct {
	Items   []Summary
	Total   int
	AtLeast bool
	More    bool
}

// List returns a page of víctimas in scope, without personal data, newest
// first: the first page, or the one after the víctima after.
func (s *Service) List(ctx context.Context, p *authz.Principal, f domain.VictimFilter, limit int, after uuid.NullUUID) (Page, error) {
	sc, minimal, ok := s.listScope(p)
	if !ok {
		return Page{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if minimal {
		if err := checkMinimalFilter(f); err != nil {
			return Page{}, err
		}
	}
	found, err := s.store.Victims(ctx, sc, f, limit, after)
	if err != nil {
		return Page{}, err
	}
	return Page{Items: Summaries(found.Items, minimal), Total: found.Total, AtLeast: found.AtLeast, More: found.More}, nil
}

// checkMinimalFilter refuses, in the minimal view, a filter on what that
// view hides: a list filtered by identification date or by minority would
// tell both of each víctima, one bisection at a time.
func checkMinimalFilter(f domain.VictimFilter) error {
	const noDate = "La vista mínima no muestra la fecha de identificación, así que no puede filtrar por ella."
	var fields []apperr.FieldError
	if f.IdentifiedFrom != nil {
		fields = append(fields, apperr.FieldError{Field: "identificada_desde", Message: noDate})
	}
	if f.IdentifiedTo != nil {
		fields = append(fields, apperr.FieldError{Field: "identificada_hasta", Message: noDate})
	}
	if f.Minor != nil {
		fields = append(fields, apperr.FieldError{Field: "menor",
			Message: "La vista mínima no muestra si la víctima era menor de edad, así que no puede filtrar por ello."})
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}
