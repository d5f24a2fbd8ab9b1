package httpapi

import (
	"net/http"
	"sintra/internal/domain"
	"time"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/auth"
	"sintra/internal/users"
)

// ListUsers lists accounts.
func (h *handlers) ListUsers(c echo.Context, params api.ListUsersParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	p, err := h.deps.Users.List(c.Request().Context(), principalOf(c), deref(params.Buscar), limit, offset)
	if err != nil {
		return err
	}
	out := api.UserPage{Items: make([]api.User, len(p.Accounts)), Total: p.Total, Limit: limit,
		Next: nextOffset(limit, offset, len(p.Accounts), p.Total)}
	for i, a := range p.Accounts {
		out.Items[i] = userDTO(a.User, a.Assignments)
	}
	return c.JSON(http.StatusOK, out)
}

// CreateUser creates an account with a temporary password, or requests it
// of a second administrator.
func (h *handlers) CreateUser(c echo.Context) error {
	var req api.NewUser
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := users.NewAccount{Username: req.Username, DisplayName: req.DisplayName, Institution: req.Institution}
	if req.Roles != nil {
		in.Roles = assignments(*req.Roles)
	}
	res, err := h.deps.Users.Create(c.Request().Context(), principalOf(c), in)
	if err != nil || res.Pending() {
		return respondRequested(c, res, err)
	}
	return c.JSON(http.StatusCreated, api.UserWithPassword{User: userDTO(res.Account.User, res.Account.Assignments), TemporaryPassword: res.Password})
}

// GetUser returns one account.
func (h *handlers) GetUser(c echo.Context, id api.UserID) error {
	acc, err := h.deps.Users.Get(c.Request().Context(), principalOf(c), id)
	return respondUser(c, acc, err)
}

// DisableUser disables an account.
func (h *handlers) DisableUser(c echo.Context, id api.UserID) error {
	acc, err := h.deps.Users.SetDisabled(c.Request().Context(), principalOf(c), id, true)
	return respondUser(c, acc, err)
}

// EnableUser enables an account.
func (h *handlers) EnableUser(c echo.Context, id api.UserID) error {
	acc, err := h.deps.Users.SetDisabled(c.Request().Context(), principalOf(c), id, false)
	return respondUser(c, acc, err)
}

// AddUserRole grants a role, or requests it of a second administrator.
func (h *handlers) AddUserRole(c echo.Context, id api.UserID) error {
	var req api.RoleAssignment
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	res, err := h.deps.Users.AddRole(c.Request().Context(), principalOf(c), id, domain.Assignment{Role: string(req.Role), Domain: req.Domain})
	if err != nil || res.Pending() {
		return respondRequested(c, res, err)
	}
	return respondUser(c, res.Account, nil)
}

// RemoveUserRole removes a role.
func (h *handlers) RemoveUserRole(c echo.Context, id api.UserID, role api.Role, where api.Domain) error {
	acc, err := h.deps.Users.RemoveRole(c.Request().Context(), principalOf(c), id, domain.Assignment{Role: string(role), Domain: where})
	return respondUser(c, acc, err)
}

// ResetUserPassword sets a new temporary password, or requests it of a
// second administrator.
func (h *handlers) ResetUserPassword(c echo.Context, id api.UserID) error {
	res, err := h.deps.Users.ResetPassword(c.Request().Context(), principalOf(c), id)
	if err != nil || res.Pending() {
		return respondRequested(c, res, err)
	}
	return c.JSON(http.StatusOK, api.TemporaryPassword{TemporaryPassword: res.Password})
}

// ResetUserSecondFactor removes the account's second factor, or requests
// it of a second administrator.
func (h *handlers) ResetUserSecondFactor(c echo.Context, id api.UserID) error {
	res, err := h.deps.Users.ResetSecondFactor(c.Request().Context(), principalOf(c), id)
	if err != nil || res.Pending() {
		return respondRequested(c, res, err)
	}
	return c.NoContent(http.StatusNoContent)
}

func respondUser(c echo.Context, acc users.Account, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, userDTO(acc.User, acc.Assignments))
}

func userDTO(u domain.User, roles []domain.Assignment) api.User {
	out := api.User{
		Id: u.ID, Username: u.Username, DisplayName: u.DisplayName, Institution: u.Institution,
		Roles: make([]api.RoleAssignment, len(roles)), Disabled: u.DisabledAt != nil,
		MustChangePassword: u.MustChangePassword, MfaEnabled: u.TOTPEnabled, CreatedAt: u.CreatedAt.UTC(),
	}
	for i, r := range roles {
		out.Roles[i] = api.RoleAssignment{Role: api.Role(r.Role), Domain: r.Domain}
	}
	return out
}

func assignments(in []api.RoleAssignment) []domain.Assignment {
	out := make([]domain.Assignment, len(in))
	for i, r := range in {
		out[i] = domain.Assignment{Role: string(r.Role), Domain: r.Domain}
	}
	return out
}

func tokensDTO(t auth.Tokens, now time.Time) api.Tokens {
	out := api.Tokens{AccessToken: t.AccessToken, TokenType: api.Bearer, RefreshToken: t.RefreshToken,
		ExpiresIn: int(t.ExpiresAt.Sub(now).Seconds())}
	if t.Restriction != "" {
		r := api.TokensRestriction(t.Restriction)
		out.Restriction = &r
	}
	return out
}

// page applies the default and maximum page size.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
