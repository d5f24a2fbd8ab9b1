package users

import (
	"context"
	"sintra/internal/domain"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/crypto"
	"sintra/internal/store"
)

// The kinds of request.
const (
	KindCreate       = "crear_cuenta"
	KindGrant        = "asignar_rol"
	KindPassword     = "restablecer_contrasena"
	KindSecondFactor = "restablecer_segundo_factor"
)

// The states of a request.
const (
	Pending  = "pendiente"
	Approved = "aprobada"
	Refused  = "rechazada"
	Expired  = "vencida"
)

// RequestTTL is how long a request waits for a second administrator.
const RequestTTL = 7 * 24 * time.Hour

// Request is a change to accounts that takes effect only when a second
// administrator approves it.
type Request = domain.AccountRequest

// Result is what an administrator's change to accounts did: it took effect
// at once, or it became a Request that waits for a second administrator.
type Result struct {
	// Account is the account as the change left it.
	Account Account
	// Password is the whole temporary password a change gave, when a single
	// administrator may hold it.
	Password string
	// Request is the request the change became, or the one just decided.
	Request *Request
	// Half is this administrator's half of the temporary password the
	// request gives: the first to the requester, the second to the approver.
	Half string
}

// Pending reports whether the change waits for a second administrator.
func (r Result) Pending() bool { return r.Request != nil && r.Request.State == Pending }

// requestAccount records the creation of an account with a sensitive role
// as a request.
func (s *Service) requestAccount(ctx context.Context, actor *authz.Principal, in NewAccount) (Result, error) {
	var res Result
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if _, err := tx.UserByUsername(ctx, in.Username); err == nil {
			return errUsernameTaken
		} else if apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		var err error
		res, err = s.request(ctx, tx, actor, domain.NewAccountRequest{Kind: KindCreate, Username: in.Username,
			DisplayName: in.DisplayName, Institution: in.Institution, Roles: in.Roles, NewCredentials: true})
		return err
	})
	return res, err
}

// request records a change that waits for a second administrator, within
// tx, and returns it with the first half of the temporary password it
// gives, if it gives one. That half is kept sealed until the decision.
func (s *Service) request(ctx context.Context, tx *store.Store, actor *authz.Principal, r domain.NewAccountRequest) (Result, error) {
	if err := tx.ForgetExpiredHalves(ctx); err != nil {
		return Result{}, err
	}
	r.ID, r.RequestedBy, r.ExpiresAt = uuid.New(), actor.UserID, s.clock.Now().Add(RequestTTL)
	if same, err := tx.PendingLike(ctx, r); err != nil {
		return Result{}, err
	} else if same {
		return Result{}, apperr.New(apperr.Conflict, "Ya hay una solicitud igual pendiente de aprobación.")
	}
	var half string
	if r.NewCredentials {
		half = auth.TemporaryPasswordHalf()
		sealed, err := s.sealHalf(r.ID, half)
		if err != nil {
			return Result{}, err
		}
		r.FirstHalf = &sealed
	}
	if err := tx.InsertAccountRequest(ctx, r); err != nil {
		return Result{}, err
	}
	req, err := tx.AccountRequest(ctx, r.ID)
	if err != nil {
		return Result{}, err
	}
	if err := s.recordRequest(ctx, tx, audit.ActorOf(actor), "solicitud.crear", req); err != nil {
		return Result{}, err
	}
	res := Result{Request: &req, Half: half}
	if r.UserID.Valid {
		res.Account, err = get(ctx, tx, r.UserID.UUID)
	}
	return res, err
}

// RequestPage is one page of requests.
type RequestPage struct {
	Requests []Request
	Total    int
}

// Requests returns the requests in state that actor could decide, newest
// first: those whose roles and account lie within its domain.
func (s *Service) Requests(ctx context.Context, actor *authz.Principal, state string, limit, offset int) (RequestPage, error) {
	sc := s.authz.Scope(actor, authz.UsuariosRead).InStore(false)
	rs, total, err := s.store.AccountRequests(ctx, sc, state, limit, offset)
	return RequestPage{Requests: rs, Total: total}, err
}

// recordRequest appends the audit event of a step of a request: its
// kind, roles and account. A refusal's reason is free text: it stays with
// the request, out of the trail.
func (s *Service) recordRequest(ctx context.Context, tx *store.Store, actor audit.Actor, action string, r Request) error {
	detail := []string{r.Kind}
	detail = append(detail, audit.RolesOf(r.Roles)...)
	if r.UserID.Valid {
		detail = append(detail, "usuario "+r.UserID.UUID.String())
	} else {
		detail = append(detail, "cuenta "+r.Username)
	}
	return s.audit.Record(ctx, tx, actor, audit.Event{Action: action, RecordType: "solicitud", RecordID: r.ID.String(),
		Detail: strings.Join(detail, " ")})
}

// withNote appends a note to an audit event's detail.
func withNote(detail, note string) string {
	if note == "" {
		return detail
	}
	if detail == "" {
		return note
	}
	return detail + "; " + note
}

// halfPlace binds a sealed half to its request's row.
func halfPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: string(domain.RequestKeys), RecordID: id.String()}
}

const halfColumn = "first_half"

// sealHalf seals the requester's half under a data key of its own, so that
// the database, its dumps and backups never hold it in the clear.
func (s *Service) sealHalf(id uuid.UUID, half string) (domain.SealedSecret, error) {
	dek := crypto.NewDataKey()
	wrapped, version, err := s.keys.WrapKey(dek, halfPlace(id))
	if err != nil {
		return domain.SealedSecret{}, err
	}
	sealed, err := crypto.Seal(dek, halfPlace(id), halfColumn, half)
	return domain.SealedSecret{Ciphertext: sealed, WrappedKey: wrapped, KeyVersion: version}, err
}

// openHalf opens the requester's sealed half.
func (s *Service) openHalf(id uuid.UUID, sealed domain.SealedSecret) (string, error) {
	dek, err := s.keys.UnwrapKey(sealed.WrappedKey, halfPlace(id))
	if err != nil {
		return "", err
	}
	return crypto.Open(dek, halfPlace(id), halfColumn, sealed.Ciphertext)
}
