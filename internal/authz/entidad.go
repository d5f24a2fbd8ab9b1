package authz

import "sintra/internal/apperr"

// EntidadAsked decides whose records a caller with scope counts or exports:
// the entidad asked for, which must be in the catalog (inCatalog says) and
// where scope holds (a national role reaches every entidad), else it
// answers as a record of another entidad does, 404; none asked for, the
// nation ("") for a national role, otherwise the one entidad where scope
// holds.
func EntidadAsked(scope Scope, asked string, inCatalog func(code string) (bool, error)) (string, error) {
	if !scope.Allowed() {
		return "", apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if asked == "" {
		reached := scope.EntidadesReached()
		switch {
		case scope.All:
			return "", nil
		case len(reached) == 1:
			return reached[0], nil
		}
		return "", apperr.Validation(apperr.FieldError{Field: "entidad", Message: "Indique la entidad: su función abarca varias."})
	}
	known, err := inCatalog(asked)
	if err != nil {
		return "", err
	}
	if !known || !scope.Reaches(asked) {
		return "", apperr.New(apperr.NotFound, "La entidad no existe o no está en su ámbito.")
	}
	return asked, nil
}
