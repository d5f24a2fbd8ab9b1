package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertAccountRequest records a pending request.
func (s *Store) InsertAccountRequest(ctx context.Context, r domain.NewAccountRequest) error {
	roles, err := rolesJSON(r.Roles)
	if err != nil {
		return err
	}
	p := db.InsertAccountRequestParams{ID: r.ID, Kind: r.Kind, UserID: r.UserID, Username: optional(r.Username),
		DisplayName: optional(r.DisplayName), InstitutionCode: optional(r.Institution), Roles: roles,
		NewCredentials: r.NewCredentials, RequestedBy: r.RequestedBy, RequestedAt: s.now(), ExpiresAt: r.ExpiresAt}
	if r.FirstHalf != nil {
		p.FirstHalfEnc, p.DekWrapped, p.DekVersion = r.FirstHalf.Ciphertext, r.FirstHalf.WrappedKey, int32p(r.FirstHalf.KeyVersion)
	}
	return mapError("insert account request", s.q.InsertAccountRequest(ctx, p))
}

// AccountRequest returns a request.
func (s *Store) AccountRequest(ctx context.Context, id uuid.UUID) (domain.AccountRequest, error) {
	row, err := s.q.GetAccountRequest(ctx, db.GetAccountRequestParams{ID: id, Now: s.now()})
	if err != nil {
		return domain.AccountRequest{}, mapError("get account request", err)
	}
	return requestFromRow(db.ListAccountRequestsRow(row))
}

// RequestFirstHalf returns the requester's sealed half of a pending
// request's temporary password, or nil when it holds none.
func (s *Store) RequestFirstHalf(ctx context.Context, id uuid.UUID) (*domain.SealedSecret, error) {
	row, err := s.q.GetRequestFirstHalf(ctx, id)
	if err != nil || row.FirstHalfEnc == nil {
		return nil, mapError("get request half", err)
	}
	sealed := &domain.SealedSecret{Ciphertext: row.FirstHalfEnc, WrappedKey: row.DekWrapped}
	if row.DekVersion != nil {
		sealed.KeyVersion = int(*row.DekVersion)
	}
	return sealed, nil
}

// LockAccountRequest locks a request until the transaction ends, so that
// it is decided once.
func (s *Store) LockAccountRequest(ctx context.Context, id uuid.UUID) error {
	_, err := s.q.LockAccountRequest(ctx, id)
	return mapError("lock account request", err)
}

// AccountRequests returns a page of the requests in state, newest first,
// and their total.
func (s *Store) AccountRequests(ctx context.Context, sc domain.Scope, state string, limit, offset int) ([]domain.AccountRequest, int, error) {
	rows, err := s.q.ListAccountRequests(ctx, db.ListAccountRequestsParams{State: state, Now: s.now(), Lim: int32(limit), Off: int32(offset),
		AllDomains: sc.AllMunicipios, Domains: sc.Domains()})
	if err != nil {
		return nil, 0, mapError("list account requests", err)
	}
	total, err := s.q.CountAccountRequests(ctx, db.CountAccountRequestsParams{State: state, Now: s.now(),
		AllDomains: sc.AllMunicipios, Domains: sc.Domains()})
	if err != nil {
		return nil, 0, mapError("count account requests", err)
	}
	out := make([]domain.AccountRequest, len(rows))
	for i, row := range rows {
		if out[i], err = requestFromRow(row); err != nil {
			return nil, 0, err
		}
	}
	return out, int(total), nil
}

func requestFromRow(row db.ListAccountRequestsRow) (domain.AccountRequest, error) {
	roles, err := rolesFromJSON(row.Roles)
	return domain.AccountRequest{ID: row.ID, Kind: row.Kind, UserID: row.UserID, Username: row.Username,
		DisplayName: deref(row.DisplayName), Institution: deref(row.InstitutionCode), Roles: roles,
		NewCredentials: row.NewCredentials, RequestedBy: row.RequestedBy, RequestedByUsername: row.RequestedByUsername,
		RequestedAt: row.RequestedAt, ExpiresAt: row.ExpiresAt, State: row.State, DecidedBy: row.DecidedBy.UUID,
		DecidedByUsername: deref(row.DecidedByUsername), DecidedAt: row.DecidedAt, Reason: deref(row.Reason)}, err
}

// PendingLike reports whether a pending request of the same kind, about
// the same account (or name of an account to create) and roles, exists.
func (s *Store) PendingLike(ctx context.Context, r domain.NewAccountRequest) (bool, error) {
	roles, err := rolesJSON(r.Roles)
	if err != nil {
		return false, err
	}
	n, err := s.q.CountPendingLikeRequests(ctx, db.CountPendingLikeRequestsParams{Now: s.now(), Kind: r.Kind,
		UserID: r.UserID, Username: optional(r.Username), Roles: roles})
	return n > 0, mapError("count pending requests", err)
}

// DecideAccountRequest approves or refuses a pending request and forgets
// the requester's half; NotFound when it is not pending.
func (s *Store) DecideAccountRequest(ctx context.Context, d domain.AccountRequestDecision) error {
	n, err := s.q.DecideAccountRequest(ctx, db.DecideAccountRequestParams{ID: d.ID, Status: d.Status, DecidedBy: d.DecidedBy,
		Now: s.now(), Reason: optional(d.Reason), UserID: d.UserID})
	return rowsOrNotFound("decide account request", n, err)
}

// ForgetExpiredHalves drops the sealed halves of requests past their expiry.
func (s *Store) ForgetExpiredHalves(ctx context.Context) error {
	return mapError("forget expired halves", s.q.ForgetExpiredHalves(ctx, s.now()))
}

func rolesJSON(roles []domain.Assignment) ([]byte, error) {
	type role struct {
		Role   string `json:"role"`
		Domain string `json:"domain"`
	}
	out := make([]role, len(roles))
	for i, a := range roles {
		out[i] = role{Role: a.Role, Domain: a.Domain}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("store: encode roles: %w", err)
	}
	return b, nil
}

func rolesFromJSON(b []byte) ([]domain.Assignment, error) {
	var roles []struct {
		Role   string `json:"role"`
		Domain string `json:"domain"`
	}
	if err := json.Unmarshal(b, &roles); err != nil {
		return nil, fmt.Errorf("store: decode roles: %w", err)
	}
	out := make([]domain.Assignment, len(roles))
	for i, r := range roles {
		out[i] = domain.Assignment{Role: r.Role, Domain: r.Domain}
	}
	return out, nil
}

// optional is nil for an empty string: a NULL column.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
