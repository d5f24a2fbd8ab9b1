package carpetas

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

// Imputado is a person charged, names opened.
type Imputado struct {
	domain.Imputado
	Names string
}

// Detail is a carpeta as the Fiscalía reads it.
type Detail struct {
	domain.Carpeta
	Number       string
	Events       []domain.CarpetaEvent
	Victims      []victims.Summary
	Imputados    []Imputado
	Resoluciones []Resolucion
	// Balances are the reparación del daño of each resolución, in their order.
	Balances []Balance
}

// Resolucion is a judicial resolution, its sentence opened.
type Resolucion struct {
	domain.Resolucion
	Sentence string
}

// ResolucionInput is a judicial resolution to record.
type ResolucionInput struct {
	domain.Resolucion
	Sentence string
}

func resolucionPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "resoluciones", RecordID: id.String()}
}

// Get reads a carpeta with its number and the imputados' names, for a
// stated reason; the read is audited.
func (s *Service) Get(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (Detail, error) {
	if err := victims.CheckReason(reason); err != nil {
		return Detail{}, err
	}
	var d Detail
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasRead)
		if err != nil {
			return err
		}
		d.Carpeta = c
		if d.MediosComisivos, err = tx.CarpetaMedios(ctx, id); err != nil {
			return err
		}
		key, err := s.keys.UnwrapKey(c.WrappedKey, place(id))
		if err != nil {
			return err
		}
		if d.Number, err = crypto.Open(key, place(id), "number", c.NumberEnc); err != nil {
			return err
		}
		if d.Events, err = tx.CarpetaEvents(ctx, id); err != nil {
			return err
		}
		linked, err := tx.CarpetaVictims(ctx, id)
		if err != nil {
			return err
		}
		d.Victims = victims.Summaries(linked, false)
		resoluciones, err := tx.Resoluciones(ctx, id)
		if err != nil {
			return err
		}
		for _, r := range resoluciones {
			sentence, err := sealed.Open(key, resolucionPlace(r.ID), "sentence", r.SentenceEnc)
			if err != nil {
				return err
			}
			r.SentenceEnc = nil
			d.Resoluciones = append(d.Resoluciones, Resolucion{Resolucion: r, Sentence: sentence})
		}
		if d.Balances, err = s.balances(ctx, tx, key, id); err != nil {
			return err
		}
		imputados, err := tx.Imputados(ctx, id)
		if err != nil {
			return err
		}
		for _, i := range imputados {
			names, err := crypto.Open(key, imputadoPlace(i.ID), "names", i.NamesEnc)
			if err != nil {
				return err
			}
			i.NamesEnc = nil
			d.Imputados = append(d.Imputados, Imputado{Imputado: i, Names: names})
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "carpeta.consultar", RecordType: "carpeta",
			RecordID: id.String(), Municipio: c.Municipio, Reason: audit.Reason{Code: reason.Code, Text: reason.Text, Of: sealed.Carpeta(id)}})
	})
	d.NumberEnc, d.WrappedKey, d.NumberIndex = nil, nil, nil
	return d, err
}

func imputadoPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "imputados", RecordID: id.String()}
}

var sexes = []string{"mujer", "hombre", "otro", "no_especificado"}

// ImputadoInput is a person charged, to add to a carpeta.
type ImputadoInput struct {
	Sex         string
	Age         *int32
	Nationality *string
	Names       string
	// DetainedOn is the day of the detención, if already detained.
	DetainedOn *time.Time
}

// AddImputado adds a person charged; the names are sealed with the carpeta's key.
func (s *Service) AddImputado(ctx context.Context, p *authz.Principal, id uuid.UUID, in ImputadoInput) (domain.Imputado, error) {
	sex, age, nationality := in.Sex, in.Age, in.Nationality
	i := domain.Imputado{ID: uuid.New(), CarpetaID: id, Sex: sex, Age: age, Nationality: nationality, Version: 1}
	names := strings.TrimSpace(in.Names)
	var fields []apperr.FieldError
	if in.DetainedOn != nil {
		d := clock.Date(*in.DetainedOn)
		i.DetainedOn = &d
		if s.future(d) {
			fields = append(fields, apperr.FieldError{Field: "detained_on", Message: "La fecha de detención no puede ser futura."})
		}
	}
	more, err := s.checkImputado(ctx, sex, age, nationality, names)
	if err != nil {
		return i, err
	}
	if fields = append(fields, more...); len(fields) > 0 {
		return i, apperr.Validation(fields...)
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		key, err := s.keys.UnwrapKey(c.WrappedKey, place(id))
		if err != nil {
			return err
		}
		if i.NamesEnc, err = crypto.Seal(key, imputadoPlace(i.ID), "names", names); err != nil {
			return err
		}
		if err := tx.InsertImputado(ctx, i, p.UserID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.agregar_imputado", c, "imputado "+i.ID.String())
	})
	i.NamesEnc = nil
	return i, err
}

// checkImputado validates what is recorded of an imputado.
func (s *Service) checkImputado(ctx context.Context, sex string, age *int32, nationality *string, names string) ([]apperr.FieldError, error) {
	var fields []apperr.FieldError
	if !slices.Contains(sexes, sex) {
		fields = append(fields, apperr.FieldError{Field: "sex", Message: "Elija mujer, hombre, otro o no especificado."})
	}
	if age != nil && (*age < 12 || *age > 120) {
		fields = append(fields, apperr.FieldError{Field: "age", Message: "La edad debe estar entre 12 y 120 años."})
	}
	if len([]rune(names)) > 300 {
		fields = append(fields, apperr.FieldError{Field: "names", Message: "El nombre es demasiado largo."})
	}
	if nationality != nil {
		if ok, err := s.store.CatalogHas(ctx, "nacionalidades", *nationality); err != nil {
			return nil, err
		} else if !ok {
			fields = append(fields, apperr.FieldError{Field: "nationality", Message: "La nacionalidad no está en el catálogo."})
		}
	}
	return fields, nil
}

// RecordDetention dates the detención of an imputado of a carpeta.
func (s *Service) RecordDetention(ctx context.Context, p *authz.Principal, id, imputadoID uuid.UUID, on time.Time) error {
	on = clock.Date(on)
	if on.IsZero() || s.future(on) {
		return apperr.Validation(apperr.FieldError{Field: "date", Message: "Indique la fecha de detención; no puede ser futura."})
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		if on.Before(c.StartedOn) {
			return apperr.Validation(apperr.FieldError{Field: "date", Message: "La detención no puede ser anterior al inicio de la carpeta."})
		}
		if err := tx.RecordDetention(ctx, id, imputadoID, on); apperr.CodeOf(err) == apperr.NotFound {
			return apperr.New(apperr.NotFound, "El imputado no existe en esta carpeta.")
		} else if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.detencion", c, "imputado "+imputadoID.String())
	})
}

var resolucionKinds = []string{"sentencia_condenatoria", "sentencia_absolutoria", "sobreseimiento", "procedimiento_abreviado",
	"suspension_condicional", "otra"}

// AddResolucion records a judicial resolution in a carpeta.
func (s *Service) AddResolucion(ctx context.Context, p *authz.Principal, id uuid.UUID, in ResolucionInput) (Resolucion, error) {
	r := Resolucion{Resolucion: in.Resolucion, Sentence: strings.TrimSpace(in.Sentence)}
	r.ID, r.CarpetaID = uuid.New(), id
	var fields []apperr.FieldError
	if len([]rune(r.Sentence)) > 500 {
		fields = append(fields, apperr.FieldError{Field: "sentence", Message: "La sentencia es demasiado larga (500 caracteres como máximo)."})
	}
	if !slices.Contains(resolucionKinds, r.Kind) {
		fields = append(fields, apperr.FieldError{Field: "kind", Message: "El tipo de resolución no está entre las opciones."})
	}
	if r.ResolvedOn.IsZero() || s.future(r.ResolvedOn) {
		fields = append(fields, apperr.FieldError{Field: "resolved_on", Message: "Indique la fecha; no puede ser futura."})
	}
	r.ResolvedOn = clock.Date(r.ResolvedOn)
	if r.ReparationCents != nil && (*r.ReparationCents < 0 || !r.ReparationOrdered) {
		fields = append(fields, apperr.FieldError{Field: "reparation_amount", Message: "El monto de la reparación solo va con una reparación ordenada, y no puede ser negativo."})
	}
	if len(fields) > 0 {
		return r, apperr.Validation(fields...)
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		earliest, what := c.StartedOn, "al inicio de la carpeta"
		if c.JudicializedOn != nil {
			earliest, what = *c.JudicializedOn, "a la judicialización"
		}
		if r.ResolvedOn.Before(earliest) {
			return apperr.Validation(apperr.FieldError{Field: "resolved_on", Message: "La resolución no puede ser anterior " + what +
				" (" + earliest.Format("02/01/2006") + ")."})
		}
		if r.ImputadoID.Valid {
			// Shared lock: a voiding of him waits for this resolución, or
			// this waits and finds him voided.
			voided, err := tx.LockImputado(ctx, id, r.ImputadoID.UUID, false)
			if apperr.CodeOf(err) == apperr.NotFound || err == nil && voided {
				return apperr.Validation(apperr.FieldError{Field: "imputado_id", Message: "El imputado no es de esta carpeta."})
			}
			if err != nil {
				return err
			}
		}
		if r.SentenceEnc, err = s.texts.Seal(ctx, tx, sealed.Carpeta(id), resolucionPlace(r.ID), "sentence", r.Sentence); err != nil {
			return err
		}
		if err := tx.InsertResolucion(ctx, r.Resolucion, p.UserID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.agregar_resolucion", c, r.Kind)
	})
	r.SentenceEnc = nil
	return r, err
}
