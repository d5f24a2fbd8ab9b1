package users

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
)

// Approve makes a pending request take effect, as a second administrator:
// neither the one who asked for it nor the account it is about. When the
// request gives a temporary password, the approver gets its second half in
// the Result; the whole password is the requester's half followed by it.
func (s *Service) Approve(ctx context.Context, actor *authz.Principal, id uuid.UUID) (Result, error) {
	var res Result
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		r, err := lockRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := mayDecide(actor, r, true); err != nil {
			return err
		}
		if err := s.mayGrant(actor, r.Roles...); err != nil {
			return err
		}
		if err := s.mayChange(ctx, tx, actor, r); err != nil {
			return err
		}
		if err := requesterStillAdministers(ctx, tx, r); err != nil {
			return err
		}
		account, half, err := s.apply(ctx, tx, audit.ActorOf(actor), r)
		if err != nil {
			return err
		}
		err = tx.DecideAccountRequest(ctx, domain.AccountRequestDecision{ID: id, Status: Approved, DecidedBy: actor.UserID, UserID: nullID(account)})
		if err != nil {
			return err
		}
		decided, err := tx.AccountRequest(ctx, id)
		if err != nil {
			return err
		}
		if err := s.recordRequest(ctx, tx, audit.ActorOf(actor), "solicitud.aprobar", decided); err != nil {
			return err
		}
		res = Result{Request: &decided, Half: half}
		res.Account, err = get(ctx, tx, account)
		return err
	})
	return res, err
}

// mayChange checks that a request is about an account actor administers,
// or one to open of an institution of its entidad; another's is not found.
func (s *Service) mayChange(ctx context.Context, tx *store.Store, actor *authz.Principal, r Request) error {
	if !r.UserID.Valid {
		ok, err := s.reaches(ctx, tx, actor, authz.UsuariosWrite, r.Institution)
		if err != nil || ok {
			return err
		}
		return errNoAccount
	}
	acc, err := get(ctx, tx, r.UserID.UUID)
	if err != nil {
		return err
	}
	if ok, err := s.administers(ctx, tx, actor, authz.UsuariosWrite, acc); err != nil || !ok {
		return cmp.Or(err, error(errNoAccount))
	}
	return nil
}

// Refuse turns a pending request down with a reason; it grants nothing.
// The requester may withdraw its own request this way.
func (s *Service) Refuse(ctx context.Context, actor *authz.Principal, id uuid.UUID, reason string) (Request, error) {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 5 || n > 500 {
		return Request{}, apperr.Validation(apperr.FieldError{Field: "reason", Message: "Indique el motivo del rechazo (de 5 a 500 caracteres)."})
	}
	var out Request
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		r, err := lockRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := mayDecide(actor, r, false); err != nil {
			return err
		}
		if r.RequestedBy != actor.UserID {
			// Another entidad's request is not found, as in the list.
			if s.mayGrant(actor, r.Roles...) != nil {
				return errNoAccount
			}
			if err := s.mayChange(ctx, tx, actor, r); err != nil {
				return err
			}
		}
		err = tx.DecideAccountRequest(ctx, domain.AccountRequestDecision{ID: id, Status: Refused, DecidedBy: actor.UserID, Reason: reason})
		if err != nil {
			return err
		}
		if out, err = tx.AccountRequest(ctx, id); err != nil {
			return err
		}
		return s.recordRequest(ctx, tx, audit.ActorOf(actor), "solicitud.rechazar", out)
	})
	return out, err
}

func lockRequest(ctx context.Context, tx *store.Store, id uuid.UUID) (Request, error) {
	if err := tx.ForgetExpiredHalves(ctx); err != nil {
		return Request{}, err
	}
	if err := tx.LockAccountRequest(ctx, id); err != nil {
		return Request{}, err
	}
	return tx.AccountRequest(ctx, id)
}

// mayDecide checks that the request is still pending and that actor may
// decide it: nobody decides on a request about their own account, and
// nobody approves their own request.
func mayDecide(actor *authz.Principal, r Request, approving bool) error {
	switch r.State {
	case Expired:
		return apperr.New(apperr.Conflict, fmt.Sprintf(
			"La solicitud venció el %s sin ser aprobada; si aún hace falta, debe hacerse de nuevo.", clock.DateOf(r.ExpiresAt).Format("02/01/2006")))
	case Approved:
		return apperr.New(apperr.Conflict, "La solicitud ya fue aprobada.")
	case Refused:
		return apperr.New(apperr.Conflict, "La solicitud ya fue rechazada.")
	}
	if r.UserID.Valid && r.UserID.UUID == actor.UserID {
		return apperr.New(apperr.Forbidden, "No puede aprobar ni rechazar una solicitud sobre su propia cuenta.")
	}
	if approving && r.RequestedBy == actor.UserID {
		return apperr.New(apperr.Forbidden, "No puede aprobar su propia solicitud: debe aprobarla otra persona administradora.")
	}
	return nil
}

// requesterStillAdministers refuses to approve a request whose requester
// has since lost the admin role or been disabled.
func requesterStillAdministers(ctx context.Context, tx *store.Store, r Request) error {
	u, err := tx.UserByID(ctx, r.RequestedBy)
	if err != nil {
		return err
	}
	roles, err := tx.Assignments(ctx, r.RequestedBy)
	if err != nil {
		return err
	}
	if u.DisabledAt != nil || !slices.ContainsFunc(roles, func(a domain.Assignment) bool { return a.Role == "admin" }) {
		return apperr.New(apperr.Conflict, "Quien hizo la solicitud ya no administra cuentas; la solicitud no puede aprobarse.")
	}
	return nil
}

// apply makes an approved request take effect, within tx, and returns the
// account it is about and the second half of the temporary password it
// gives, if any.
func (s *Service) apply(ctx context.Context, tx *store.Store, actor audit.Actor, r Request) (uuid.UUID, string, error) {
	note := "solicitud " + r.ID.String()
	if r.Kind == KindCreate {
		half, hash, err := s.completePassword(ctx, tx, r)
		if err != nil {
			return uuid.Nil, "", err
		}
		in := NewAccount{Username: r.Username, DisplayName: r.DisplayName, Institution: r.Institution, Roles: r.Roles}
		id, err := s.insertAccount(ctx, tx, actor, in, hash, true, note)
		return id, half, err
	}
	id := r.UserID.UUID
	if err := tx.LockUser(ctx, id); err != nil {
		return uuid.Nil, "", err
	}
	roles, err := tx.Assignments(ctx, id)
	if err != nil {
		return uuid.Nil, "", err
	}
	switch r.Kind {
	case KindGrant:
		if !r.NewCredentials && !authz.Sensitive(roles...) {
			// Someone may have learnt its credentials since: they must be new.
			return uuid.Nil, "", apperr.New(apperr.Conflict,
				"La cuenta ya no tiene funciones con acceso a datos personales: haga una nueva solicitud, que le dará credenciales nuevas.")
		}
		a := r.Roles[0]
		if err := tx.AddAssignment(ctx, id, a, nullID(actor.UserID)); err != nil {
			return uuid.Nil, "", err
		}
		if err := s.record(ctx, tx, actor, "usuario.asignar_rol", id, withNote(a.Role+"@"+a.Domain, note)); err != nil {
			return uuid.Nil, "", err
		}
		if r.NewCredentials {
			if err := s.resetSecondFactor(ctx, tx, actor, id, note); err != nil {
				return uuid.Nil, "", err
			}
		}
	case KindSecondFactor:
		if err := s.resetSecondFactor(ctx, tx, actor, id, note); err != nil {
			return uuid.Nil, "", err
		}
	}
	if !r.NewCredentials {
		return id, "", nil
	}
	half, hash, err := s.completePassword(ctx, tx, r)
	if err != nil {
		return uuid.Nil, "", err
	}
	return id, half, s.setTemporaryPassword(ctx, tx, actor, id, hash, note)
}

// completePassword makes the approver's half of the request's temporary
// password and returns it with the hash of the whole password: the
// requester's half followed by the approver's.
func (s *Service) completePassword(ctx context.Context, tx *store.Store, r Request) (half, hash string, err error) {
	sealed, err := tx.RequestFirstHalf(ctx, r.ID)
	if err != nil {
		return "", "", err
	}
	if sealed == nil {
		return "", "", errors.New("users: a pending request lost its first half")
	}
	first, err := s.openHalf(r.ID, *sealed)
	if err != nil {
		return "", "", err
	}
	half = auth.TemporaryPasswordHalf()
	hash, err = auth.HashPassword(first+half, s.argon2)
	return half, hash, err
}
