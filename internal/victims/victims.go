// Package victims is the registry of víctimas: registration with duplicate
// detection, reading by role (the full record for the registering
// institution's caseworkers, a minimal view for the Grupo de Trabajo),
// updates with history, consents and erasure. Personal data is sealed with
// each víctima's own key before it reaches the store and opened only for a
// caller in scope who stated a reason; every read and write is audited.
package victims

import (
	"sintra/internal/domain"
	"time"

	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// table is the name ciphertexts and data keys are bound to.
const table = "victims"

// Personal is a víctima's personal data, in the clear only in memory.
type Personal struct {
	GivenNames    string
	FirstSurname  string
	SecondSurname string
	Alias         string
	CURP          string
	// BirthDate is YYYY-MM-DD, or empty.
	BirthDate string
	Address   string
	Phone     string
	Contacts  string
	Notes     string
}

// fields lists the personal fields by their column, for sealing and history.
func (p *Personal) fields() map[string]*string {
	return map[string]*string{
		"given_names": &p.GivenNames, "first_surname": &p.FirstSurname, "second_surname": &p.SecondSurname,
		"alias": &p.Alias, "curp": &p.CURP, "birth_date": &p.BirthDate, "address": &p.Address, "phone": &p.Phone,
		"contacts": &p.Contacts, "notes": &p.Notes,
	}
}

// Attributes are a víctima's statistical attributes, kept in clear.
type Attributes = domain.VictimStats

// Victim is the full record a caseworker of the registering institution sees.
type Victim struct {
	ID          uuid.UUID
	Folio       string
	Institution string
	Municipio   string
	Attributes  Attributes
	// Personal is empty once the víctima's data was erased.
	Personal  Personal
	Erased    bool
	Version   int
	CreatedAt time.Time
	Consents  []domain.Consent
	Casos     []domain.CasoRef
}

// Minimal is what a Grupo de Trabajo member sees of a víctima.
type Minimal struct {
	ID          uuid.UUID
	Folio       string
	Initials    string
	Sex         string
	AgeGroup    string
	Nationality *string
	Modalidades []string
	// Status is that of the víctima's latest caso, or "sin_expediente".
	Status string
}

// View is one read of a víctima: exactly one of Full and Minimal is set.
type View struct {
	Full    *Victim
	Minimal *Minimal
}

// Service runs the registry.
type Service struct {
	store *store.Store
	keys  *crypto.Keyring
	authz *authz.Authorizer
	audit *audit.Recorder
	texts sealed.Texts
	clock clock.Clock
	// ledger, when set, records every erasure apart from the database.
	ledger ErasureLedger
}

// NewService returns a Service; clk tells the time.
func NewService(st *store.Store, keys *crypto.Keyring, texts sealed.Texts, a *authz.Authorizer, rec *audit.Recorder, clk clock.Clock) *Service {
	return &Service{store: st, keys: keys, texts: texts, authz: a, audit: rec, clock: clk}
}

func place(id uuid.UUID) crypto.Place { return crypto.Place{Table: table, RecordID: id.String()} }

// AgeGroup is the age band reports and the minimal view use.
func AgeGroup(age *int32) string {
	if age == nil {
		return "sin_dato"
	}
	switch a := *age; {
	case a < 12:
		return "0-11"
	case a < 18:
		return "12-17"
	case a < 30:
		return "18-29"
	case a < 45:
		return "30-44"
	case a < 60:
		return "45-59"
	default:
		return "60+"
	}
}

func initials(p Personal) string {
	out := ""
	for _, part := range []string{p.GivenNames, p.FirstSurname, p.SecondSurname} {
		n := crypto.Normalize(part)
		if n != "" {
			out += n[:1] + "."
		}
	}
	return out
}

func actor(p *authz.Principal) audit.Actor { return audit.ActorOf(p) }
