package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/users"
)

// ListAccountRequests lists the requests in a state, pending by default.
func (h *handlers) ListAccountRequests(c echo.Context, params api.ListAccountRequestsParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	state := users.Pending
	if params.Estado != nil {
		state = string(*params.Estado)
	}
	p, err := h.deps.Users.Requests(c.Request().Context(), principalOf(c), state, limit, offset)
	if err != nil {
		return err
	}
	out := api.AccountRequestPage{Items: make([]api.AccountRequest, len(p.Requests)), Total: p.Total, Limit: limit,
		Next: nextOffset(limit, offset, len(p.Requests), p.Total)}
	for i, r := range p.Requests {
		out.Items[i] = accountRequestDTO(r)
	}
	return c.JSON(http.StatusOK, out)
}

// ApproveAccountRequest makes a request take effect, as a second administrator.
func (h *handlers) ApproveAccountRequest(c echo.Context, id api.RecordID) error {
	res, err := h.deps.Users.Approve(c.Request().Context(), principalOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, requestResultDTO(res))
}

// RefuseAccountRequest turns a request down with a reason.
func (h *handlers) RefuseAccountRequest(c echo.Context, id api.RecordID) error {
	var req api.AccountRequestRefusal
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := h.deps.Users.Refuse(c.Request().Context(), principalOf(c), id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, accountRequestDTO(r))
}

// respondRequested answers a change that became a request: 202, with the
// requester's half of the temporary password it gives.
func respondRequested(c echo.Context, res users.Result, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, requestResultDTO(res))
}

// requestResultDTO holds the half of the temporary password that belongs
// to whoever made this call: the first to the requester, the second to the
// approver.
func requestResultDTO(res users.Result) api.AccountRequestResult {
	out := api.AccountRequestResult{Request: accountRequestDTO(*res.Request)}
	if res.Account.ID != uuid.Nil {
		u := userDTO(res.Account.User, res.Account.Assignments)
		out.User = &u
	}
	if res.Half != "" {
		if res.Request.State == users.Pending {
			out.PasswordFirstHalf = &res.Half
		} else {
			out.PasswordSecondHalf = &res.Half
		}
	}
	return out
}

func accountRequestDTO(r users.Request) api.AccountRequest {
	out := api.AccountRequest{Id: r.ID, Kind: api.AccountRequestKind(r.Kind), State: api.AccountRequestState(r.State),
		Username: r.Username, Roles: make([]api.RoleAssignment, len(r.Roles)), NewCredentials: r.NewCredentials,
		RequestedBy: api.UserRef{Id: r.RequestedBy, Username: r.RequestedByUsername},
		RequestedAt: r.RequestedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
	for i, a := range r.Roles {
		out.Roles[i] = api.RoleAssignment{Role: api.Role(a.Role), Domain: a.Domain}
	}
	if r.UserID.Valid {
		out.UserId = &r.UserID.UUID
	}
	if r.DisplayName != "" {
		out.DisplayName, out.Institution = &r.DisplayName, &r.Institution
	}
	if r.DecidedAt != nil {
		at := r.DecidedAt.UTC()
		out.DecidedAt, out.DecidedBy = &at, &api.UserRef{Id: r.DecidedBy, Username: r.DecidedByUsername}
	}
	if r.Reason != "" {
		out.Reason = &r.Reason
	}
	return out
}
