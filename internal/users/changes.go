package users

import (
	"context"

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

// AddRole grants a role in a domain. Nobody grants roles to themselves.
func (s *Service) AddRole(ctx context.Context, actor *authz.Principal, id uuid.UUID, a store.Assignment) (Account, error) {
	if id == actor.UserID {
		return Account{}, errOwnAccount
	}
	if err := s.validateAssignment(ctx, a); err != nil {
		return Account{}, err
	}
	var acc Account
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if _, err := tx.UserByID(ctx, id); err != nil {
			return err
		}
		if err := tx.AddAssignment(ctx, id, a, uuid.NullUUID{UUID: actor.UserID, Valid: true}); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.ActorOf(actor), "usuario.asignar_rol", id, a.Role+"@"+a.Domain); err != nil {
			return err
		}
		var err error
		acc, err = get(ctx, tx, id)
		return err
	})
	return acc, err
}

// RemoveRole takes a role away; it counts from the user's next request.
// Administrators cannot remove their own admin role.
func (s *Service) RemoveRole(ctx context.Context, actor *authz.Principal, id uuid.UUID, a store.Assignment) (Account, error) {
	if id == actor.UserID && a.Role == "admin" {
		return Account{}, apperr.New(apperr.Conflict, "No puede quitarse a sí mismo el rol de administrador.")
	}
	var acc Account
	err := s.store.Tx(ctx, func(tx *store.Store) error {
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

// ResetPassword gives the account a new temporary password, returned once,
// that must be changed at the next login; every session ends. Nobody resets
// their own password this way.
func (s *Service) ResetPassword(ctx context.Context, actor *authz.Principal, id uuid.UUID) (string, error) {
	if id == actor.UserID {
		return "", errOwnAccount
	}
	temporary := auth.TemporaryPassword()
	hash, err := auth.HashPassword(temporary, s.argon2)
	if err != nil {
		return "", err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.SetUserPassword(ctx, id, hash, true); err != nil {
			return err
		}
		if err := tx.RevokeUserSessions(ctx, id, uuid.Nil, "password reset by administrator"); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.ActorOf(actor), "usuario.restablecer_contrasena", id, "")
	})
	return temporary, err
}

// ResetSecondFactor removes the account's TOTP and recovery codes so the
// user enrols again at the next login; every session ends. Nobody resets
// their own second factor this way.
func (s *Service) ResetSecondFactor(ctx context.Context, actor *authz.Principal, id uuid.UUID) error {
	if id == actor.UserID {
		return errOwnAccount
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.ResetTOTP(ctx, id); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, id, nil); err != nil {
			return err
		}
		if err := tx.RevokeUserSessions(ctx, id, uuid.Nil, "second factor reset by administrator"); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.ActorOf(actor), "usuario.restablecer_segundo_factor", id, "")
	})
}

var errOwnAccount = apperr.New(apperr.Forbidden,
	"No puede asignarse funciones ni restablecer sus propias credenciales: pídalo a otra persona administradora.")
