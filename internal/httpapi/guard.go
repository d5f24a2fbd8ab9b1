package httpapi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"sintra/internal/apperr"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/domain"
)

// access is who may call an operation, as its x-permission says: anyone
// ("public"), anyone signed in ("session"), or whoever holds one of the
// permissions ("victimas:read|victimas:read_minimal").
type access struct {
	public, session bool
	anyOf           []authz.Permission
}

func accessOf(op *openapi3.Operation) (access, error) {
	x, _ := op.Extensions["x-permission"].(string)
	switch x {
	case "public":
		return access{public: true}, nil
	case "session":
		return access{session: true}, nil
	}
	perms, ok := authz.ParsePermissions(x)
	if !ok {
		return access{}, fmt.Errorf("httpapi: operation %s: x-permission %q is not public, session or permissions of authz", op.OperationID, x)
	}
	return access{anyOf: perms}, nil
}

const principalKey = "principal"

// guard authenticates the bearer token, checks the operation's permission
// and keeps each user to the rate of expensive operations.
type guard struct {
	auth      *auth.Service
	authz     *authz.Authorizer
	expensive *userLimiter
}

// check lets the request through or returns 401 or 403. A session that must
// first change its password or enrol a second factor may only use session
// operations.
func (g *guard) check(c echo.Context, need access) error {
	if need.public {
		return nil
	}
	token, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	if !ok || token == "" {
		return apperr.New(apperr.Unauthenticated, "Se requiere iniciar sesión.")
	}
	p, err := g.auth.Authenticate(c.Request().Context(), token)
	if err != nil {
		return err
	}
	c.Set(principalKey, p)
	c.SetRequest(c.Request().WithContext(domain.WithRows(c.Request().Context(), p.Rows())))
	if need.session {
		return nil
	}
	if p.Restriction != "" {
		return restrictionError(p.Restriction)
	}
	// Any one of the permissions lets the caller in; the domain layer then
	// decides what the caller sees.
	for _, perm := range need.anyOf {
		if g.authz.Scope(p, perm).Allowed() {
			return nil
		}
	}
	return apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
}

// limit takes one of the signed-in user's expensive operations, or
// answers 429 with how long to wait.
func (g *guard) limit(c echo.Context) error {
	p := principalOf(c)
	if p == nil {
		return errors.New("httpapi: an expensive operation without a signed-in user")
	}
	return g.expensive.allow(p.UserID)
}

func restrictionError(restriction string) error {
	if restriction == string(apperr.PasswordChange) {
		return apperr.New(apperr.PasswordChange, "Debe cambiar su contraseña antes de continuar.")
	}
	return apperr.New(apperr.MFAEnrollment, "Debe activar el segundo factor de autenticación antes de continuar.")
}

// limitRows starts every request limited to no municipio's records: only
// the guard, once it knows the signed-in user, widens it to theirs.
func limitRows(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.SetRequest(c.Request().WithContext(domain.WithRows(c.Request().Context(), domain.Rows{})))
		return next(c)
	}
}

// principalOf returns the signed-in user of a request that passed the guard.
func principalOf(c echo.Context) *authz.Principal {
	p, _ := c.Get(principalKey).(*authz.Principal)
	return p
}
