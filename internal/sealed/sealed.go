// Package sealed keeps the free text that may name a person — reasons,
// minutes, summaries, acuerdos, sentences — sealed under the data key of
// the record it belongs to: a víctima, a caso, a carpeta or a Grupo de
// Trabajo session. The text never rests in clear, and it goes with that
// key: a víctima's erasure destroys what was sealed under hers.
package sealed

import (
	"context"
	"errors"
	"sintra/internal/domain"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/crypto"
	"sintra/internal/store"
)

// Owner is a record whose data key seals the text.
type Owner struct {
	Table domain.KeyTable
	ID    uuid.UUID
}

// Victim, Caso, Carpeta, Session and Activity name the owners of sealed text.
func Victim(id uuid.UUID) Owner   { return Owner{domain.VictimKeys, id} }
func Caso(id uuid.UUID) Owner     { return Owner{domain.CasoKeys, id} }
func Carpeta(id uuid.UUID) Owner  { return Owner{domain.CarpetaKeys, id} }
func Session(id uuid.UUID) Owner  { return Owner{domain.SessionKeys, id} }
func Activity(id uuid.UUID) Owner { return Owner{domain.ActivityKeys, id} }

// Reporte names a reporte ciudadano as the owner of sealed text.
func Reporte(id uuid.UUID) Owner { return Owner{domain.ReporteKeys, id} }

// Place is where the owner's data key is bound.
func (o Owner) Place() crypto.Place {
	return crypto.Place{Table: string(o.Table), RecordID: o.ID.String()}
}

// String is how an owner is named beside a ciphertext kept elsewhere (an
// audit event): "victims/<id>".
func (o Owner) String() string { return string(o.Table) + "/" + o.ID.String() }

// ParseOwner reads an owner named by String.
func ParseOwner(ref string) (Owner, bool) {
	table, id, ok := strings.Cut(ref, "/")
	parsed, err := uuid.Parse(id)
	if !ok || err != nil {
		return Owner{}, false
	}
	switch t := domain.KeyTable(table); t {
	case domain.VictimKeys, domain.CasoKeys, domain.CarpetaKeys, domain.SessionKeys, domain.ActivityKeys, domain.ReporteKeys:
		return Owner{t, parsed}, true
	}
	return Owner{}, false
}

// ErrShredded says the owner's key was destroyed: a víctima's erasure.
var ErrShredded = errors.New("sealed: the record's data key was destroyed")

// Texts seals and opens text under the owners' keys.
type Texts struct {
	keys *crypto.Keyring
}

// New returns Texts over the keyring.
func New(keys *crypto.Keyring) Texts { return Texts{keys: keys} }

// NewKey makes the data key of a record about to be stored, and its
// wrapped form to store with it.
func (t Texts) NewKey(o Owner) (crypto.DataKey, []byte, int, error) {
	key := crypto.NewDataKey()
	wrapped, version, err := t.keys.WrapKey(key, o.Place())
	return key, wrapped, version, err
}

// Key opens an owner's data key within tx. A caso or session recorded
// before they had keys, or an activity that never needed one, gets its own
// now; an erased víctima's is ErrShredded.
func (t Texts) Key(ctx context.Context, tx *store.Store, o Owner) (crypto.DataKey, error) {
	wrapped, err := tx.RecordKey(ctx, o.Table, o.ID)
	if err != nil {
		return nil, err
	}
	if wrapped != nil {
		return t.keys.UnwrapKey(wrapped, o.Place())
	}
	if o.Table != domain.CasoKeys && o.Table != domain.SessionKeys && o.Table != domain.ActivityKeys {
		return nil, ErrShredded
	}
	key, wrapped, version, err := t.NewKey(o)
	if err != nil {
		return nil, err
	}
	return key, tx.SetRecordKey(ctx, o.Table, o.ID, wrapped, version)
}

// Seal seals text, bound to the column of the record at that holds it,
// under key; empty text seals to nothing.
func Seal(key crypto.DataKey, at crypto.Place, column, text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	return crypto.Seal(key, at, column, text)
}

// Open opens what Seal sealed; nothing opens to empty text.
func Open(key crypto.DataKey, at crypto.Place, column string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	return crypto.Open(key, at, column, sealed)
}

// Seal seals text under the owner's key within tx.
func (t Texts) Seal(ctx context.Context, tx *store.Store, o Owner, at crypto.Place, column, text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	key, err := t.Key(ctx, tx, o)
	if err != nil {
		return nil, err
	}
	return Seal(key, at, column, text)
}

// Open opens text sealed under the owner's key within tx; text whose key
// was destroyed opens to empty.
func (t Texts) Open(ctx context.Context, tx *store.Store, o Owner, at crypto.Place, column string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	key, err := t.Key(ctx, tx, o)
	if errors.Is(err, ErrShredded) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return Open(key, at, column, sealed)
}

// Keys caches the data keys opened for one read of many records.
type Keys struct {
	texts Texts
	tx    *store.Store
	open  map[Owner]crypto.DataKey
}

// Cache returns a cache of keys over tx, for one read.
func (t Texts) Cache(tx *store.Store) *Keys {
	return &Keys{texts: t, tx: tx, open: map[Owner]crypto.DataKey{}}
}

// Open opens text sealed under the owner's key, opening each key once.
func (k *Keys) Open(ctx context.Context, o Owner, at crypto.Place, column string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	key, ok := k.open[o]
	if !ok {
		var err error
		key, err = k.texts.Key(ctx, k.tx, o)
		if errors.Is(err, ErrShredded) {
			key = nil
		} else if err != nil {
			return "", err
		}
		k.open[o] = key
	}
	if key == nil {
		return "", nil
	}
	return Open(key, at, column, sealed)
}
