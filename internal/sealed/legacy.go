package sealed

import (
	"context"
	"errors"
	"sintra/internal/domain"

	"github.com/google/uuid"

	"sintra/internal/crypto"
	"sintra/internal/store"
)

// legacy says, for each column that held text in clear, whose key seals it
// and how the ciphertext is bound: the same as the domain packages that
// write those columns now (a test reads back what SealLegacy sealed).
var legacy = map[domain.LegacyKind]struct {
	owner      func(uuid.UUID) Owner
	placeTable string
	column     string
}{
	domain.LegacyOverrideReasons:   {Victim, "canalizaciones", "override_reason"},
	domain.LegacyTransitionReasons: {Victim, "canalizacion_transitions", "reason"},
	domain.LegacyCasoReasons:       {Caso, "caso_status_changes", "reason"},
	domain.LegacyMinutes:           {Session, "gt_sessions", "minutes"},
	domain.LegacySummaries:         {Session, "gt_reviews", "summary"},
	domain.LegacyAcuerdoTexts:      {Session, "acuerdos", "text"},
	domain.LegacyAcuerdoNotes:      {Session, "acuerdos", "note"},
	domain.LegacySentences:         {Carpeta, "resoluciones", "sentence"},
}

// legacyBatch is how many rows are sealed per transaction.
const legacyBatch = 500

// SealLegacy seals the free text written in clear before it was sealed,
// and empties it, in committed batches; text of a víctima whose data was
// erased is emptied without sealing. It returns how many rows it sealed;
// run again, it finds nothing left.
func (t Texts) SealLegacy(ctx context.Context, st *store.Store) (int, error) {
	sealedRows := 0
	for _, kind := range domain.LegacyKinds {
		how := legacy[kind]
		for {
			n := 0
			err := st.Tx(ctx, func(tx *store.Store) error {
				rows, err := tx.LegacyTexts(ctx, kind, legacyBatch)
				if err != nil {
					return err
				}
				n = len(rows)
				keys := map[Owner]crypto.DataKey{}
				for _, r := range rows {
					owner := how.owner(r.OwnerID)
					key, ok := keys[owner]
					if !ok {
						key, err = t.Key(ctx, tx, owner)
						if err != nil && !errors.Is(err, ErrShredded) {
							return err
						}
						keys[owner] = key
					}
					var enc []byte
					if key != nil {
						at := crypto.Place{Table: how.placeTable, RecordID: r.PlaceID.String()}
						if enc, err = Seal(key, at, how.column, r.Text); err != nil {
							return err
						}
					}
					if err := tx.SealLegacyText(ctx, r, enc); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return sealedRows, err
			}
			sealedRows += n
			if n < legacyBatch {
				break
			}
		}
	}
	return sealedRows, nil
}
