package intake

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Change is a partial update of an open reporte: a nil field stays as it
// is. An empty HechosMunicipio, Narrative or Contact clears it. Status
// canalizado (with CanalizadoA) or descartado closes the reporte, with a
// ClosingReason.
type Change struct {
	HechosMunicipio                   *string
	Channel, Reporter, Classification *string
	Status                            *string
	Modalidades                       *[]string
	Narrative, Contact                *string
	CanalizadoA, ClosingReason        *string
}

// closed reports whether a reporte was closed: it changes no more.
func closed(status string) bool {
	return status == "canalizado" || status == "convertido_en_caso" || status == "descartado"
}

var errClosed = apperr.New(apperr.Conflict, "El reporte ya está cerrado; no admite cambios.")

// writable loads an open reporte the caller may change.
func (s *Service) writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (Reporte, domain.Scope, error) {
	scope := s.authz.Scope(p, authz.ReportesCiudadanosUpdate)
	if !scope.Allowed() {
		return Reporte{}, domain.Scope{}, errNotFound
	}
	r, err := s.load(ctx, tx, id, scope.InStore(true), false)
	if err == nil && closed(r.Status) {
		err = errClosed
	}

	return r, scope.InStore(true), err
}

// Update changes an open reporte when the caller's copy is current:
// classifies it, moves it to en_analisis, or closes it as canalizado to
// another authority or descartado (not one of posible trata), with a
// reason. Only its fields' names are audited.
func (s *Service) Update(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, ch Change) (Reporte, error) {
	var out Reporte
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		r, sc, err := s.writable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.ErasedAt != nil {
			return errErased
		}
		if r.Version != expectedVersion {
			return corrections.ErrStale
		}
		f, changed, status := s.apply(r, ch)
		if err := s.validate(ctx, &f); err != nil {
			return err
		}
		closing, err := s.closing(ctx, f, status, ch)
		if err != nil {
			return err
		}
		next := r.Reporte
		next.HechosMunicipio, next.Channel, next.Reporter, next.Classification = f.HechosMunicipio, f.Channel, f.Reporter, f.Classification
		if !closing {
			next.Status = status
		}
		owner, at := sealed.Reporte(id), place(id)
		if ch.Narrative != nil || ch.Contact != nil {
			full, err := s.load(ctx, tx, id, sc, true)
			if err != nil {
				return err
			}
			for _, t := range []struct {
				column, text, was string
				given             *string
				enc               *[]byte
			}{{"narrative", f.Narrative, full.Narrative, ch.Narrative, &next.NarrativeEnc}, {"contact", f.Contact, full.Contact, ch.Contact, &next.ContactEnc}} {
				if t.given == nil || t.text == t.was {
					continue
				}
				if *t.enc, err = s.texts.Seal(ctx, tx, owner, at, t.column, t.text); err != nil {
					return err
				}
			}
		}
		if err := tx.UpdateReporte(ctx, next, expectedVersion); err != nil {
			return err
		}
		if ch.Modalidades != nil || f.Classification != r.Classification {
			if err := tx.SetReporteModalidades(ctx, id, f.Modalidades); err != nil {
				return err
			}
		}
		if err := s.record(ctx, tx, p, "reporte_ciudadano.actualizar", next, strings.Join(changed, ", ")); err != nil {
			return err
		}
		if closing {
			reason, err := s.texts.Seal(ctx, tx, owner, at, "closing_reason", strings.TrimSpace(*ch.ClosingReason))
			if err != nil {
				return err
			}
			c := domain.ReporteClosing{Status: status, ClosingReasonEnc: reason, ClosedOn: s.clock.Today()}
			if status == "canalizado" {
				c.CanalizadoA = ch.CanalizadoA
			}
			if err := tx.CloseReporte(ctx, id, c, expectedVersion+1); err != nil {
				return err
			}
			if err := s.record(ctx, tx, p, "reporte_ciudadano.cerrar", next, status); err != nil {
				return err
			}
		}
		out, err = s.load(ctx, tx, id, sc, true)
		return err
	})
	return out, err
}

// apply lays a change over a reporte's facts, returning them with the
// names of the fields changed and the status asked for. The sealed texts
// in f are the new ones where given; a classification other than posible
// trata drops the modalidades.
func (s *Service) apply(r Reporte, ch Change) (f facts, changed []string, status string) {
	f = facts{HechosMunicipio: r.HechosMunicipio, Channel: r.Channel, Reporter: r.Reporter, Classification: r.Classification,
		Modalidades: slices.Clone(r.Modalidades)}
	set := func(name string, to *string, from *string) {
		if from != nil {
			*to = *from
			changed = append(changed, name)
		}
	}
	if ch.HechosMunicipio != nil {
		f.HechosMunicipio = nil
		if *ch.HechosMunicipio != "" {
			f.HechosMunicipio = ch.HechosMunicipio
		}
		changed = append(changed, "hechos_municipio")
	}
	set("channel", &f.Channel, ch.Channel)
	set("reporter", &f.Reporter, ch.Reporter)
	set("classification", &f.Classification, ch.Classification)
	set("narrative", &f.Narrative, ch.Narrative)
	set("contact", &f.Contact, ch.Contact)
	if ch.Modalidades != nil {
		f.Modalidades = slices.Clone(*ch.Modalidades)
		changed = append(changed, "modalidades")
	} else if f.Classification != "posible_trata" {
		f.Modalidades = nil
	}
	status = r.Status
	set("status", &status, ch.Status)
	return f, changed, status
}

// closing checks the status asked for, and reports whether it closes the
// reporte.
func (s *Service) closing(ctx context.Context, f facts, status string, ch Change) (bool, error) {
	var fields []apperr.FieldError
	add := func(f, m string) { fields = append(fields, apperr.FieldError{Field: f, Message: m}) }
	switch status {
	case "recibido", "en_analisis":
		if ch.CanalizadoA != nil || ch.ClosingReason != nil {
			add("closing_reason", "El motivo de cierre solo va al cerrar el reporte (canalizado o descartado).")
		}
	case "convertido_en_caso":
		add("status", "Un reporte se convierte en caso con la acción «convertir en caso».")
	case "canalizado", "descartado":
		reason := ""
		if ch.ClosingReason != nil {
			reason = strings.TrimSpace(*ch.ClosingReason)
		}
		if utf8.RuneCountInString(reason) < 5 {
			add("closing_reason", "Explique por qué se cierra el reporte.")
		} else if utf8.RuneCountInString(reason) > maxReason {
			add("closing_reason", "El motivo no puede pasar de 1000 caracteres.")
		}
		if status == "descartado" && f.Classification == "posible_trata" {
			add("status", "Un reporte de posible trata no se descarta: conviértalo en caso o canalícelo a otra autoridad.")
		}
		if status == "canalizado" {
			if ch.CanalizadoA == nil {
				add("canalizado_a", "Indique la autoridad a la que se canaliza el reporte.")
			} else if ok, err := s.store.CatalogHas(ctx, "instituciones", *ch.CanalizadoA); err != nil {
				return false, err
			} else if !ok {
				add("canalizado_a", "La institución no está en el catálogo.")
			}
		}
	default:
		add("status", "El estado debe ser recibido, en_analisis, canalizado o descartado.")
	}
	if len(fields) > 0 {
		return false, apperr.Validation(fields...)
	}
	return status == "canalizado" || status == "descartado", nil
}

// ToCaso opens an expediente from a reporte of posible trata, through the
// casos service: in the municipio of the facts when the caller may open
// casos there, else in the reporte's; with its modalidades (sin definir
// when none) and the day it was received as the day of the report. The
// reporte closes as convertido en caso, linked to it.
func (s *Service) ToCaso(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int) (Reporte, error) {
	if !s.authz.Scope(p, authz.CasosCreate).Allowed() {
		return Reporte{}, errNotFound
	}
	var out Reporte
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		r, sc, err := s.writable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.Version != expectedVersion {
			return corrections.ErrStale
		}
		if r.Classification != "posible_trata" {
			return apperr.Validation(apperr.FieldError{Field: "classification",
				Message: "Solo un reporte clasificado como posible trata se convierte en caso; clasifíquelo primero."})
		}
		received := clock.DateOf(r.ReceivedAt)
		in := casos.Input{Municipio: r.Municipio, Modalidades: r.Modalidades, Facts: domain.CasoFacts{ReportedOn: &received}}
		if r.HechosMunicipio != nil && s.authz.Scope(p, authz.CasosCreate).Covers(*r.HechosMunicipio) {
			in.Municipio = *r.HechosMunicipio
		}
		if len(in.Modalidades) == 0 {
			in.Modalidades = []string{"sin_definir"}
		}
		c, err := s.casos.Prepare(ctx, p, &in)
		if err != nil {
			return err
		}
		if c, err = s.casos.OpenIn(ctx, tx, p, c, in); err != nil {
			return err
		}
		closing := domain.ReporteClosing{Status: "convertido_en_caso", CasoID: uuid.NullUUID{UUID: c.ID, Valid: true}, ClosedOn: s.clock.Today()}
		if err := tx.CloseReporte(ctx, id, closing, expectedVersion); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, "reporte_ciudadano.convertir_en_caso", r.Reporte, c.Folio); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id, sc, true)
		return err
	})
	return out, err
}
