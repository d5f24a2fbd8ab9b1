package catalog

import (
	"context"
	"regexp"
	"strings"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
)

var institutionCode = regexp.MustCompile(`^[A-Z0-9-]{2,30}$`)

// AddInstitution adds an institution of an entidad p administers, such as
// another state's Fiscalía, so that canalizaciones may be sent to it.
func (s *Service) AddInstitution(ctx context.Context, p *authz.Principal, in domain.Institution) (domain.Institution, error) {
	in.Code, in.Name = strings.ToUpper(strings.TrimSpace(in.Code)), strings.TrimSpace(in.Name)
	var fields []apperr.FieldError
	if !institutionCode.MatchString(in.Code) {
		fields = append(fields, apperr.FieldError{Field: "code", Message: "La clave lleva de 2 a 30 letras mayúsculas sin acentos, números o guiones."})
	}
	if !plainName(in.Name) {
		fields = append(fields, apperr.FieldError{Field: "name", Message: "Escriba el nombre de la institución (hasta 200 caracteres)."})
	}
	if in.Membership != "integrante" && in.Membership != "invitado" {
		fields = append(fields, apperr.FieldError{Field: "membership", Message: "Indique si es integrante o invitada de la Comisión."})
	}
	if len(fields) > 0 {
		return domain.Institution{}, apperr.Validation(fields...)
	}
	if err := s.mayChange(ctx, p, in.Entidad); err != nil {
		return domain.Institution{}, err
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertInstitution(ctx, in); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "catalogo.agregar_institucion", RecordType: "institucion",
			RecordID: in.Code, Detail: "entidad " + in.Entidad})
	})
	if apperr.CodeOf(err) == apperr.Conflict {
		return domain.Institution{}, apperr.Wrap(apperr.Conflict, "Ya hay una institución con esa clave, o con ese nombre en la entidad.", err)
	}
	return in, err
}
