package users

import (
	"cmp"
	"context"
	"sintra/internal/domain"
	"slices"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// SetDisabled disables an account (ending its sessions) or enables it again.
// Administrators cannot disable themselves.
func (s *Service) SetDisabled(ctx context.Context, actor *authz.Principal, id uuid.UUID, disabled bool) (Account, error) {
	if disabled && id == actor.UserID {
		return Account{}, apperr.New(apperr.Conflict, "No puede deshabilitar su propia cuenta.")
	}
	var acc Account
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if _, err := s.lockAdministered(ctx, tx, actor, id); err != nil {
			return err
		}
		if err := tx.SetUserDisabled(ctx, id, disabled); err != nil {
			return err
		}
		action := "usuario.habilitar"
		if disabled {
			action = "usuario.deshabilitar"
			if err := tx.RevokeUserSessions(ctx, id, uuid.Nil, "account disabled"); err != nil {
				return err
			}
		}
		if err := s.record(ctx, tx, audit.ActorOf(actor), action, id, ""); err != nil {
			return err
		}
		var err error
		acc, err = get(ctx, tx, id)
		return err
	})
	return acc, err
}

// AddRole grants a role in a domain. A sensitive role the account does not
// hold yet becomes a request for a second administrator; when the account
// holds no sensitive role, whoever knew its credentials may not keep them,
// so approving also gives it a new temporary password in two halves (the
// first in the Result) and removes its second factor.
func (s *Service) AddRole(ctx context.Context, actor *authz.Principal, id uuid.UUID, a domain.Assignment) (Result, error) {
	if err := s.validateAssignment(ctx, a); err != nil {
		return Result{}, err
	}
	if err := s.mayGrant(actor, a); err != nil {
		return Result{}, err
	}
	var res Result
	err := s.onAccount(ctx, actor, id, func(tx *store.Store, acc Account) error {
		if authz.Sensitive(a) && !slices.Contains(acc.Assignments, a) {
			var err error
			res, err = s.request(ctx, tx, actor, domain.NewAccountRequest{Kind: KindGrant, UserID: nullID(id),
				Roles: []domain.Assignment{a}, NewCredentials: !authz.Sensitive(acc.Assignments...)})
			return err
		}
		if err := tx.AddAssignment(ctx, id, a, nullID(actor.UserID)); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.ActorOf(actor), "usuario.asignar_rol", id, a.Role+"@"+a.Domain); err != nil {
			return err
		}
		var err error
		res.Account, err = get(ctx, tx, id)
		return err
	})
	return res, err
}

// RemoveRole takes a role away; it counts from the user's next request.
// Administrators cannot remove their own admin role.
func (s *Service) RemoveRole(ctx context.Context, actor *authz.Principal, id uuid.UUID, a domain.Assignment) (Account, error) {
	if id == actor.UserID && a.Role == "admin" {
		return Account{}, apperr.New(apperr.Conflict, "No puede quitarse a sí mismo el rol de administrador.")
	}
	if err := s.mayGrant(actor, a); err != nil {
		return Account{}, err
	}
	var acc Account
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if id != actor.UserID {
			if _, err := s.lockAdministered(ctx, tx, actor, id); err != nil {
				return err
			}
		}
		if err := tx.RemoveAssignment(ctx, id, a); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.ActorOf(actor), "usuario.quitar_rol", id, a.Role+"@"+a.Domain); err != nil {
			return err
		}
		var err error
		acc, err = get(ctx, tx, id)
		return err
	})
	return acc, err
}

// ResetPassword gives the account a new temporary password that must be
// changed at the next login, and ends every session. For an account with a
// sensitive role it becomes a request for a second administrator, and the
// Result holds the first half of the password; otherwise the whole one.
func (s *Service) ResetPassword(ctx context.Context, actor *authz.Principal, id uuid.UUID) (Result, error) {
	var res Result
	err := s.onAccount(ctx, actor, id, func(tx *store.Store, acc Account) error {
		if authz.Sensitive(acc.Assignments...) {
			var err error
			res, err = s.request(ctx, tx, actor, domain.NewAccountRequest{Kind: KindPassword, UserID: nullID(id), NewCredentials: true})
			return err
		}
		temporary := auth.TemporaryPassword()
		hash, err := auth.HashPassword(temporary, s.argon2)
		if err != nil {
			return err
		}
		res.Password = temporary
		return s.setTemporaryPassword(ctx, tx, audit.ActorOf(actor), id, hash, "")
	})
	return res, err
}

// ResetSecondFactor removes the account's TOTP and recovery codes so the
// user enrols again at the next login, and ends every session. For an
// account with a sensitive role it becomes a request for a second
// administrator.
func (s *Service) ResetSecondFactor(ctx context.Context, actor *authz.Principal, id uuid.UUID) (Result, error) {
	var res Result
	err := s.onAccount(ctx, actor, id, func(tx *store.Store, acc Account) error {
		if authz.Sensitive(acc.Assignments...) {
			var err error
			res, err = s.request(ctx, tx, actor, domain.NewAccountRequest{Kind: KindSecondFactor, UserID: nullID(id)})
			return err
		}
		return s.resetSecondFactor(ctx, tx, audit.ActorOf(actor), id, "")
	})
	return res, err
}

// onAccount runs fn in a transaction on another person's account, locked:
// whether a change needs a second administrator depends on the roles the
// account holds, and they cannot change until fn is done. An account with
// a role outside actor's domain is not found.
func (s *Service) onAccount(ctx context.Context, actor *authz.Principal, id uuid.UUID, fn func(tx *store.Store, acc Account) error) error {
	if id == actor.UserID {
		return errOwnAccount
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		acc, err := s.lockAdministered(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		return fn(tx, acc)
	})
}

// lockAdministered locks account id and returns it if actor administers
// it; otherwise it is not found.
func (s *Service) lockAdministered(ctx context.Context, tx *store.Store, actor *authz.Principal, id uuid.UUID) (Account, error) {
	if err := tx.LockUser(ctx, id); err != nil {
		return Account{}, err
	}
	acc, err := get(ctx, tx, id)
	if err != nil {
		return Account{}, err
	}
	if ok, err := s.administers(ctx, tx, actor, authz.UsuariosWrite, acc); err != nil || !ok {
		return Account{}, cmp.Or(err, error(errNoAccount))
	}
	return acc, nil
}

var errOwnAccount = apperr.New(apperr.Forbidden,
	"No puede asignarse funciones ni restablecer sus propias credenciales: pídalo a otra persona administradora.")

// setTemporaryPassword replaces the password with a temporary one, to be
// changed at the next login, ends every session and records it.
func (s *Service) setTemporaryPassword(ctx context.Context, tx *store.Store, actor audit.Actor, id uuid.UUID, hash, note string) error {
	if err := tx.SetUserPassword(ctx, id, hash, true); err != nil {
		return err
	}
	if err := tx.RevokeUserSessions(ctx, id, uuid.Nil, "password reset by administrator"); err != nil {
		return err
	}
	return s.record(ctx, tx, actor, "usuario.restablecer_contrasena", id, note)
}

// resetSecondFactor removes the TOTP secret and recovery codes, ends every
// session and records it.
func (s *Service) resetSecondFactor(ctx context.Context, tx *store.Store, actor audit.Actor, id uuid.UUID, note string) error {
	if err := tx.ResetTOTP(ctx, id); err != nil {
		return err
	}
	if err := tx.ReplaceRecoveryCodes(ctx, id, nil); err != nil {
		return err
	}
	if err := tx.RevokeUserSessions(ctx, id, uuid.Nil, "second factor reset by administrator"); err != nil {
		return err
	}
	return s.record(ctx, tx, actor, "usuario.restablecer_segundo_factor", id, note)
}

func nullID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }
