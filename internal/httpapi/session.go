package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/auth"
	"sintra/internal/clock"
)

// Login signs a user in.
func (h *handlers) Login(c echo.Context) error {
	var req api.LoginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	tokens, err := h.deps.Auth.Login(c.Request().Context(), auth.LoginInput{
		Username: req.Username, Password: req.Password,
		TOTPCode: deref(req.TotpCode), RecoveryCode: deref(req.RecoveryCode),
		ClientAddr: c.RealIP(),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokensDTO(tokens, h.now()))
}

// Refresh exchanges a refresh token.
func (h *handlers) Refresh(c echo.Context) error {
	var req api.RefreshRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	tokens, err := h.deps.Auth.Refresh(c.Request().Context(), req.RefreshToken)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokensDTO(tokens, h.now()))
}

// Logout ends the session.
func (h *handlers) Logout(c echo.Context) error {
	if err := h.deps.Auth.Logout(c.Request().Context(), principalOf(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ChangePassword changes the caller's password.
func (h *handlers) ChangePassword(c echo.Context) error {
	var req api.ChangePasswordRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.deps.Auth.ChangePassword(c.Request().Context(), principalOf(c), req.CurrentPassword, req.NewPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// BeginTotpEnrolment starts the second-factor enrolment.
func (h *handlers) BeginTotpEnrolment(c echo.Context) error {
	e, err := h.deps.Auth.BeginTOTPEnrolment(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.TotpEnrolment{Secret: e.Secret, OtpauthUrl: e.URL, QrPng: e.QR})
}

// ConfirmTotp turns the second factor on.
func (h *handlers) ConfirmTotp(c echo.Context) error {
	var req api.TotpConfirmRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	codes, err := h.deps.Auth.ConfirmTOTP(c.Request().Context(), principalOf(c), req.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.RecoveryCodes{RecoveryCodes: codes})
}

// GetMe returns the caller's own account.
func (h *handlers) GetMe(c echo.Context) error {
	acc, err := h.deps.Auth.Me(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	me := api.Me{User: userDTO(acc.User, acc.Assignments)}
	if acc.Restriction != "" {
		r := api.MeRestriction(acc.Restriction)
		me.Restriction = &r
	}
	return c.JSON(http.StatusOK, me)
}

// GetToday answers the server's date in Quintana Roo: the one source of
// "today" for the web application's forms.
func (h *handlers) GetToday(c echo.Context) error {
	return c.JSON(http.StatusOK, api.Today{Today: openapi_types.Date{Time: h.deps.Clock.Today()}, Now: h.now(), TimeZone: clock.ZoneName})
}
