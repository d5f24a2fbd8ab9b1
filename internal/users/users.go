// Package users is account administration: an administrator creates and
// disables accounts, grants and removes roles per domain, and resets
// passwords and second factors. Every change ends the affected sessions
// where it must.
//
// Separation of duties: no administrator acts on its own account, and a
// change that reaches personal data or the audit trail (creating an account
// with a sensitive role, granting one, resetting the password or second
// factor of an account that holds one) is a request that takes effect only
// when a second administrator approves it. A temporary password such a
// change gives comes in two halves, one for each administrator, so that
// neither can sign in as the account.
package users

import (
	"cmp"
	"context"
	"regexp"
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
	"sintra/internal/crypto"
	"sintra/internal/store"
)

// Service administers accounts.
type Service struct {
	store  *store.Store
	authz  *authz.Authorizer
	audit  *audit.Recorder
	argon2 auth.Argon2Params
	// keys seal a requester's half of a temporary password until the
	// request is decided.
	keys  *crypto.Keyring
	clock clock.Clock
}

// NewService returns a Service hashing passwords with params; clk tells
// when requests expire, and a where each administrator may grant roles.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, params auth.Argon2Params, keys *crypto.Keyring, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, argon2: params, keys: keys, clock: clk}
}

// record appends the audit event of a change to account id.
func (s *Service) record(ctx context.Context, tx *store.Store, actor audit.Actor, action string, id uuid.UUID, detail string) error {
	return s.audit.Record(ctx, tx, actor, audit.Event{Action: action, RecordType: "usuario", RecordID: id.String(), Detail: detail})
}

// Account is an account with its roles.
type Account struct {
	domain.User
	Assignments []domain.Assignment
}

// NewAccount is what creating an account needs.
type NewAccount struct {
	Username    string
	DisplayName string
	Institution string
	Roles       []domain.Assignment
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// validate checks the fields and normalizes the username to lower case.
func (s *Service) validate(ctx context.Context, in *NewAccount) error {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	var fields []apperr.FieldError
	if !usernamePattern.MatchString(in.Username) {
		fields = append(fields, apperr.FieldError{Field: "username",
			Message: "El usuario debe tener de 3 a 64 caracteres: letras minúsculas sin acentos, números, punto, guion o guion bajo."})
	}
	if n := utf8.RuneCountInString(in.DisplayName); n == 0 || n > 200 {
		fields = append(fields, apperr.FieldError{Field: "display_name", Message: "Escriba el nombre de la persona (hasta 200 caracteres)."})
	}
	if ok, err := s.store.CatalogHas(ctx, "instituciones", in.Institution); err != nil {
		return err
	} else if !ok {
		fields = append(fields, apperr.FieldError{Field: "institution", Message: "La institución no está en el catálogo."})
	}
	for _, a := range in.Roles {
		if err := s.validateAssignment(ctx, a); err != nil {
			return err
		}
	}
	in.Roles = normalized(in.Roles)
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

func (s *Service) validateAssignment(ctx context.Context, a domain.Assignment) error {
	if !slices.Contains(authz.Roles, a.Role) {
		return apperr.Validation(apperr.FieldError{Field: "role", Message: "El rol no existe."})
	}
	if slices.Contains(authz.WholeEntidadRoles, a.Role) && !authz.IsEntidad(a.Domain) && a.Domain != authz.National {
		return apperr.Validation(apperr.FieldError{Field: "domain",
			Message: "Esta función se asigna en una entidad completa (dos dígitos) o en el ámbito nacional (*)."})
	}
	catalog := "municipios"
	switch {
	case a.Domain == authz.National:
		return nil
	case authz.IsEntidad(a.Domain):
		catalog = "entidades"
	}
	ok, err := s.store.CatalogHas(ctx, catalog, a.Domain)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Validation(apperr.FieldError{Field: "domain",
			Message: "El ámbito debe ser * (nacional), la clave INEGI de una entidad (dos dígitos) o la de un municipio de su catálogo (cinco)."})
	}
	return nil
}

// mayGrant checks that the administrator actor administers the domain of
// each assignment: the nation every domain, an entidad itself and its
// municipios.
func (s *Service) mayGrant(actor *authz.Principal, assignments ...domain.Assignment) error {
	for _, a := range assignments {
		if !s.authz.Allows(actor, authz.UsuariosWrite, a.Domain) {
			return apperr.New(apperr.Forbidden, "Solo puede asignar o quitar funciones en el ámbito que administra.")
		}
	}
	return nil
}

// Create opens an account with a temporary password that the user must
// change at first login. An account with a sensitive role becomes a request
// for a second administrator, with the first half of its temporary password;
// otherwise the account is created and the Result holds its whole password.
func (s *Service) Create(ctx context.Context, actor *authz.Principal, in NewAccount) (Result, error) {
	if err := s.validate(ctx, &in); err != nil {
		return Result{}, err
	}
	if err := s.mayEnrol(ctx, s.store, actor, in.Institution); err != nil {
		return Result{}, err
	}
	if err := s.mayGrant(actor, in.Roles...); err != nil {
		return Result{}, err
	}
	if authz.Sensitive(in.Roles...) {
		return s.requestAccount(ctx, actor, in)
	}
	temporary := auth.TemporaryPassword()
	hash, err := auth.HashPassword(temporary, s.argon2)
	if err != nil {
		return Result{}, err
	}
	acc, err := s.createAccount(ctx, audit.ActorOf(actor), in, hash, true)
	return Result{Account: acc, Password: temporary}, err
}

// CreateWithPassword opens an account with a password its owner chose (the
// first administrators, from the command line, by the operator at the
// server). Any role may be given this way.
func (s *Service) CreateWithPassword(ctx context.Context, in NewAccount, password string) (Account, error) {
	if err := s.validate(ctx, &in); err != nil {
		return Account{}, err
	}
	if err := auth.CheckPasswordPolicy(password, in.Username, in.DisplayName); err != nil {
		return Account{}, err
	}
	hash, err := auth.HashPassword(password, s.argon2)
	if err != nil {
		return Account{}, err
	}
	return s.createAccount(ctx, audit.CommandLine, in, hash, false)
}

// CreateDemoAccount opens a demo account with the published demo password,
// which the password policy refuses for any other account. Only demo mode
// calls it, for the demo logins it prints; it is never for real accounts.
func (s *Service) CreateDemoAccount(ctx context.Context, in NewAccount) (Account, error) {
	if err := s.validate(ctx, &in); err != nil {
		return Account{}, err
	}
	hash, err := auth.HashPassword(auth.DemoPassword, s.argon2)
	if err != nil {
		return Account{}, err
	}
	return s.createAccount(ctx, audit.CommandLine, in, hash, false)
}

func (s *Service) createAccount(ctx context.Context, actor audit.Actor, in NewAccount, hash string, mustChange bool) (Account, error) {
	var acc Account
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		id, err := s.insertAccount(ctx, tx, actor, in, hash, mustChange, "")
		if err != nil {
			return err
		}
		acc, err = get(ctx, tx, id)
		return err
	})
	return acc, err
}

var errUsernameTaken = apperr.New(apperr.Conflict, "Ya existe una cuenta con ese nombre de usuario.")

// insertAccount creates a validated account with its roles within tx and
// records it; note, when set, says which approved request it comes from.
func (s *Service) insertAccount(ctx context.Context, tx *store.Store, actor audit.Actor, in NewAccount, hash string, mustChange bool, note string) (uuid.UUID, error) {
	by := uuid.NullUUID{UUID: actor.UserID, Valid: actor.UserID != uuid.Nil}
	u, err := tx.CreateUser(ctx, domain.NewUser{Username: in.Username, DisplayName: in.DisplayName,
		Institution: in.Institution, PasswordHash: hash, MustChangePassword: mustChange})
	if apperr.CodeOf(err) == apperr.Conflict {
		return uuid.Nil, errUsernameTaken
	} else if err != nil {
		return uuid.Nil, err
	}
	for _, a := range in.Roles {
		if err := tx.AddAssignment(ctx, u.ID, a, by); err != nil {
			return uuid.Nil, err
		}
	}
	detail := strings.Join(audit.RolesOf(in.Roles), " ")
	return u.ID, s.record(ctx, tx, actor, "usuario.crear", u.ID, withNote(detail, note))
}

// normalized returns roles sorted and without repeats.
func normalized(roles []domain.Assignment) []domain.Assignment {
	out := slices.Clone(roles)
	slices.SortFunc(out, func(a, b domain.Assignment) int {
		return strings.Compare(a.Role+"@"+a.Domain, b.Role+"@"+b.Domain)
	})
	return slices.Compact(out)
}

// Get returns an account the administrator actor administers; another
// entidad's is not found.
func (s *Service) Get(ctx context.Context, actor *authz.Principal, id uuid.UUID) (Account, error) {
	acc, err := get(ctx, s.store, id)
	if err != nil {
		return Account{}, err
	}
	if ok, err := s.administers(ctx, s.store, actor, authz.UsuariosRead, acc); err != nil || !ok {
		return Account{}, cmp.Or(err, error(errNoAccount))
	}
	return acc, nil
}

// administers says whether actor holds perm in the entidad of the
// account's institution, in whose name the account acts, and over every
// domain the account holds a role in: the nation administers every
// account, an entidad's administrator those of its institutions held
// within it alone.
func (s *Service) administers(ctx context.Context, st *store.Store, actor *authz.Principal, perm authz.Permission, acc Account) (bool, error) {
	if ok, err := s.reaches(ctx, st, actor, perm, acc.Institution); err != nil || !ok {
		return false, err
	}
	for _, a := range acc.Assignments {
		if !s.authz.Allows(actor, perm, a.Domain) {
			return false, nil
		}
	}
	return true, nil
}

// reaches says whether actor holds perm anywhere in institution's entidad.
func (s *Service) reaches(ctx context.Context, st *store.Store, actor *authz.Principal, perm authz.Permission, institution string) (bool, error) {
	scope := s.authz.Scope(actor, perm)
	if scope.All {
		return true, nil
	}
	entidad, err := st.InstitutionEntidad(ctx, institution)
	if err != nil {
		return false, err
	}
	return scope.Reaches(entidad), nil
}

// mayEnrol checks that actor may open an account of institution: one of
// its entidad, unless actor administers the nation.
func (s *Service) mayEnrol(ctx context.Context, st *store.Store, actor *authz.Principal, institution string) error {
	if ok, err := s.reaches(ctx, st, actor, authz.UsuariosWrite, institution); err != nil || ok {
		return err
	}
	return apperr.Validation(apperr.FieldError{Field: "institution",
		Message: "La institución es de otra entidad: solo puede dar de alta personas de las instituciones de la entidad que administra."})
}

// errNoAccount answers for an account out of the administrator's domain
// as for one that does not exist.
var errNoAccount = apperr.New(apperr.NotFound, "El registro no existe.")

func get(ctx context.Context, st *store.Store, id uuid.UUID) (Account, error) {
	u, err := st.UserByID(ctx, id)
	if err != nil {
		return Account{}, err
	}
	roles, err := st.Assignments(ctx, id)
	return Account{User: u, Assignments: roles}, err
}

// Page is one page of accounts.
type Page struct {
	Accounts []Account
	Total    int
}

// List returns the accounts actor administers, ordered by username; with
// search, only those whose username or name holds it.
func (s *Service) List(ctx context.Context, actor *authz.Principal, search string, limit, offset int) (Page, error) {
	sc := s.authz.Scope(actor, authz.UsuariosRead).InStore(false)
	us, total, err := s.store.Users(ctx, sc, strings.TrimSpace(search), limit, offset)
	if err != nil {
		return Page{}, err
	}
	ids := make([]uuid.UUID, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	roles, err := s.store.AssignmentsOf(ctx, ids)
	if err != nil {
		return Page{}, err
	}
	page := Page{Total: total, Accounts: make([]Account, len(us))}
	for i, u := range us {
		page.Accounts[i] = Account{User: u, Assignments: roles[u.ID]}
	}
	return page, nil
}
