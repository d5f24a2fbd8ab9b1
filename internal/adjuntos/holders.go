package adjuntos

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/grupotrabajo"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Record types that have adjuntos, as the audit trail names them.
const (
	// Victima is a víctima's record.
	Victima = "victima"
	// Caso is an expediente.
	Caso = "caso"
	// Carpeta is a carpeta de investigación.
	Carpeta = "carpeta"
	// Sesion is a session of the Grupo de Trabajo.
	Sesion = "sesion_gt"
)

// Records are the services that say who reaches each kind of record that
// holds adjuntos: the adjuntos ask them, and never decide it themselves.
type Records struct {
	Victims  *victims.Service
	Casos    *casos.Service
	Carpetas *carpetas.Service
	Grupo    *grupotrabajo.Service
}

// record is what the adjuntos need of the record they are attached to.
type record struct {
	Institution string
	Municipio   string
	// Erased says the record's data key was destroyed (a víctima's erasure).
	Erased bool
}

// opener opens what a holder sealed.
type opener func(ctx context.Context, at crypto.Place, column string, sealedText []byte) (string, error)

// holder is a kind of record that holds adjuntos: who reaches one, and
// the key that seals what is attached to it.
type holder interface {
	// writable answers a record the caller may change; NotFound otherwise.
	writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error)
	// readable answers a record whose sealed data the caller may read;
	// NotFound otherwise.
	readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error)
	// seal seals text under the record's key.
	seal(ctx context.Context, tx *store.Store, id uuid.UUID, at crypto.Place, column, text string) ([]byte, error)
	// reveal opens the record's key for a reader who stated reason.
	reveal(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, reason audit.Reason) (opener, error)
	// owner names the record's key, which seals the reason's text in the
	// audit trail.
	owner(id uuid.UUID) sealed.Owner
}

// holders returns the kinds of record that hold adjuntos, by type.
func holders(texts sealed.Texts, r Records) map[string]holder {
	caso := func(c domain.Caso, _ *authz.Principal) record {
		return record{Institution: c.Institution, Municipio: c.Municipio}
	}
	carpeta := func(c domain.Carpeta, _ *authz.Principal) record {
		return record{Institution: c.Institution, Municipio: c.Municipio}
	}
	// A session belongs to a municipio, not to an institution: its
	// adjuntos name the institution of the member who attached them.
	session := func(g domain.GTSession, p *authz.Principal) record {
		return record{Institution: p.Institution, Municipio: g.Municipio}
	}
	return map[string]holder{
		Victima: victimHolder{r.Victims},
		Caso:    keyed{texts, sealed.Caso, scoped(r.Casos.Writable, caso), scoped(r.Casos.Readable, caso)},
		Carpeta: keyed{texts, sealed.Carpeta, scoped(r.Carpetas.Writable, carpeta), scoped(r.Carpetas.Readable, carpeta)},
		Sesion:  keyed{texts, sealed.Session, scoped(r.Grupo.Writable, session), scoped(r.Grupo.Readable, session)},
	}
}

// loader loads, within tx, a record the caller reaches; NotFound otherwise.
type loader func(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error)

// scoped turns a record package's own check of who reaches a record (its
// Writable or Readable) into a loader.
func scoped[R any](load func(context.Context, *store.Store, *authz.Principal, uuid.UUID) (R, error), of func(R, *authz.Principal) record) loader {
	return func(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error) {
		r, err := load(ctx, tx, p, id)
		return of(r, p), err
	}
}

// victimHolder reaches a víctima through her own record, whose door opens
// her data and audits the opening.
type victimHolder struct{ v *victims.Service }

func (h victimHolder) writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error) {
	rec, err := h.v.Writable(ctx, tx, p, id)
	return record{Institution: rec.Institution, Municipio: rec.Municipio, Erased: rec.ErasedAt != nil}, err
}

func (h victimHolder) readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error) {
	rec, err := h.v.Readable(ctx, tx, p, id)
	return record{Institution: rec.Institution, Municipio: rec.Municipio, Erased: rec.ErasedAt != nil}, err
}

func (h victimHolder) seal(ctx context.Context, tx *store.Store, id uuid.UUID, at crypto.Place, column, text string) ([]byte, error) {
	return h.v.Seal(ctx, tx, id, at, column, text)
}

func (h victimHolder) reveal(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, reason audit.Reason) (opener, error) {
	o, err := h.v.Reveal(ctx, tx, p, id, victims.HerRecord, reason)
	if err != nil {
		return nil, notFound(err)
	}
	if o.Full == nil {
		return nil, errNotFound
	}
	return o.Note, nil
}

func (victimHolder) owner(id uuid.UUID) sealed.Owner { return sealed.Victim(id) }

// keyed is a record with a data key of its own (a caso, a carpeta, a
// session), whose package says who may change and read it.
type keyed struct {
	texts             sealed.Texts
	ownerOf           func(uuid.UUID) sealed.Owner
	canWrite, canRead loader
}

func (k keyed) writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error) {
	return k.canWrite(ctx, tx, p, id)
}

func (k keyed) readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (record, error) {
	return k.canRead(ctx, tx, p, id)
}

// seal seals under the record's key, giving a caso or a session recorded
// before they had keys one of its own now.
func (k keyed) seal(ctx context.Context, tx *store.Store, id uuid.UUID, at crypto.Place, column, text string) ([]byte, error) {
	return k.texts.Seal(ctx, tx, k.ownerOf(id), at, column, text)
}

// reveal opens the record's key; the caller audits the reading with the
// reason.
func (k keyed) reveal(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, reason audit.Reason) (opener, error) {
	keys := k.texts.Cache(tx)
	return func(ctx context.Context, at crypto.Place, column string, sealedText []byte) (string, error) {
		return keys.Open(ctx, k.ownerOf(id), at, column, sealedText)
	}, nil
}

func (k keyed) owner(id uuid.UUID) sealed.Owner { return k.ownerOf(id) }
