package store

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func userFromRow(r db.User) domain.User {
	u := domain.User{
		ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, Institution: r.InstitutionCode,
		PasswordHash: r.PasswordHash, MustChangePassword: r.MustChangePassword, TOTPEnabled: r.TotpEnabled,
		TOTPLastStep: r.TotpLastStep, DisabledAt: r.DisabledAt, CreatedAt: r.CreatedAt,
	}
	if r.TotpSecretEnc != nil {
		u.TOTP = &domain.SealedSecret{Ciphertext: r.TotpSecretEnc, WrappedKey: r.TotpDekWrapped}
		if r.TotpDekVersion != nil {
			u.TOTP.KeyVersion = int(*r.TotpDekVersion)
		}
	}
	return u
}

// CreateUser inserts an account; a taken username is a Conflict.
func (s *Store) CreateUser(ctx context.Context, n domain.NewUser) (domain.User, error) {
	row, err := s.q.CreateUser(ctx, db.CreateUserParams{CreatedAt: s.now(), UpdatedAt: s.now(),
		Username: n.Username, DisplayName: n.DisplayName, InstitutionCode: n.Institution,
		PasswordHash: n.PasswordHash, MustChangePassword: n.MustChangePassword,
	})
	return userFromRow(row), mapError("create user", err)
}

// UserByID returns the account with id.
func (s *Store) UserByID(ctx context.Context, id uuid.UUID) (domain.User, error) {
	row, err := s.q.GetUserByID(ctx, id)
	return userFromRow(row), mapError("get user", err)
}

// UserByUsername returns the account named username.
func (s *Store) UserByUsername(ctx context.Context, username string) (domain.User, error) {
	row, err := s.q.GetUserByUsername(ctx, username)
	return userFromRow(row), mapError("get user by name", err)
}

// Users returns a page of the accounts whose every role lies within sc,
// ordered by username, and their total count; with search, only those
// whose username or name holds it, in any capitals.
func (s *Store) Users(ctx context.Context, sc domain.Scope, search string, limit, offset int) ([]domain.User, int, error) {
	var pattern *string
	if search != "" {
		p := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(search) + "%"
		pattern = &p
	}
	rows, err := s.q.ListUsers(ctx, db.ListUsersParams{Pattern: pattern, AllDomains: sc.AllMunicipios, Domains: sc.Domains(),
		MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("list users", err)
	}
	total, err := s.q.CountUsers(ctx, db.CountUsersParams{Pattern: pattern, AllDomains: sc.AllMunicipios, Domains: sc.Domains()})
	if err != nil {
		return nil, 0, mapError("count users", err)
	}
	users := make([]domain.User, len(rows))
	for i, r := range rows {
		users[i] = userFromRow(r)
	}
	return users, int(total), nil
}

// SetUserDisabled disables or re-enables an account.
func (s *Store) SetUserDisabled(ctx context.Context, id uuid.UUID, disabled bool) error {
	n, err := s.q.SetUserDisabled(ctx, db.SetUserDisabledParams{Now: s.now(), ID: id, Disabled: disabled})
	return s.announced(id, rowsOrNotFound("set user disabled", n, err))
}

// SetUserPassword replaces the password hash.
func (s *Store) SetUserPassword(ctx context.Context, id uuid.UUID, hash string, mustChange bool) error {
	n, err := s.q.SetUserPassword(ctx, db.SetUserPasswordParams{Now: s.now(), ID: id, PasswordHash: hash, MustChangePassword: mustChange})
	return s.announced(id, rowsOrNotFound("set password", n, err))
}

// SetTOTPSecret stores a new, not yet confirmed, TOTP secret.
func (s *Store) SetTOTPSecret(ctx context.Context, id uuid.UUID, secret domain.SealedSecret) error {
	n, err := s.q.SetTOTPSecret(ctx, db.SetTOTPSecretParams{Now: s.now(), ID: id, TotpSecretEnc: secret.Ciphertext,
		TotpDekWrapped: secret.WrappedKey, TotpDekVersion: int32p(secret.KeyVersion)})
	return rowsOrNotFound("set totp secret", n, err)
}

// EnableTOTP confirms the TOTP secret, recording the step that confirmed it.
func (s *Store) EnableTOTP(ctx context.Context, id uuid.UUID, step int64) error {
	return mapError("enable totp", s.q.EnableTOTP(ctx, db.EnableTOTPParams{Now: s.now(), ID: id, TotpLastStep: step}))
}

// AdvanceTOTPStep records step as used; false means it was used already.
func (s *Store) AdvanceTOTPStep(ctx context.Context, id uuid.UUID, step int64) (bool, error) {
	n, err := s.q.AdvanceTOTPStep(ctx, db.AdvanceTOTPStepParams{ID: id, TotpLastStep: step})
	return n == 1, mapError("advance totp step", err)
}

// ResetTOTP removes the second factor so the user enrols again.
func (s *Store) ResetTOTP(ctx context.Context, id uuid.UUID) error {
	n, err := s.q.ResetTOTP(ctx, db.ResetTOTPParams{ID: id, Now: s.now()})
	return rowsOrNotFound("reset totp", n, err)
}

// Assignments returns the roles the user holds.
func (s *Store) Assignments(ctx context.Context, userID uuid.UUID) ([]domain.Assignment, error) {
	rows, err := s.q.ListUserRoles(ctx, userID)
	if err != nil {
		return nil, mapError("list roles", err)
	}
	out := make([]domain.Assignment, len(rows))
	for i, r := range rows {
		out[i] = domain.Assignment{Role: r.Role, Domain: r.Domain}
	}
	return out, nil
}

// AssignmentsOf returns the roles of several users at once.
func (s *Store) AssignmentsOf(ctx context.Context, userIDs []uuid.UUID) (map[uuid.UUID][]domain.Assignment, error) {
	rows, err := s.q.ListRolesOfUsers(ctx, userIDs)
	if err != nil {
		return nil, mapError("list roles of users", err)
	}
	out := make(map[uuid.UUID][]domain.Assignment, len(userIDs))
	for _, r := range rows {
		out[r.UserID] = append(out[r.UserID], domain.Assignment{Role: r.Role, Domain: r.Domain})
	}
	return out, nil
}

// AddAssignment grants a role in a domain; granting it twice is harmless.
func (s *Store) AddAssignment(ctx context.Context, userID uuid.UUID, a domain.Assignment, grantedBy uuid.NullUUID) error {
	return s.announced(userID, mapError("add role", s.q.AddUserRole(ctx, db.AddUserRoleParams{GrantedAt: s.now(), UserID: userID,
		Role: a.Role, Domain: a.Domain, GrantedBy: grantedBy})))
}

// RemoveAssignment takes a role away; NotFound if the user did not hold it.
func (s *Store) RemoveAssignment(ctx context.Context, userID uuid.UUID, a domain.Assignment) error {
	n, err := s.q.DeleteUserRole(ctx, db.DeleteUserRoleParams{UserID: userID, Role: a.Role, Domain: a.Domain})
	return s.announced(userID, rowsOrNotFound("remove role", n, err))
}

// LockUser locks an account until the transaction ends: changes to its
// roles and credentials that depend on the roles it holds are made one at
// a time.
func (s *Store) LockUser(ctx context.Context, id uuid.UUID) error {
	_, err := s.q.LockUser(ctx, id)
	return mapError("lock user", err)
}
