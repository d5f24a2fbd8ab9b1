package victims

import (
	"context"
	"time"

	"sintra/internal/crypto"
	"sintra/internal/store"
)

// rewrapBatch is how many data keys one transaction re-wraps.
const rewrapBatch = 500

// RewrapKeys wraps every víctima's data key under the keyring's current
// master key, in batches of committed transactions, so it can run beside a
// live server, stop at any point, and continue where it stopped. Fields are
// not re-encrypted: their data keys do not change. progress, when not nil,
// gets the keys done and the keys that were left at the start.
func RewrapKeys(ctx context.Context, st *store.Store, keys *crypto.Keyring, progress func(done, total int)) (int, error) {
	version := keys.CurrentVersion()
	total, err := st.CountVictimKeysBelow(ctx, version)
	if err != nil {
		return 0, err
	}
	done := 0
	for {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		var n int
		err := st.Tx(ctx, func(tx *store.Store) error {
			batch, err := tx.VictimKeysToRewrap(ctx, version, rewrapBatch)
			if err != nil {
				return err
			}
			for _, k := range batch {
				wrapped, v, err := keys.Rewrap(k.Wrapped, place(k.VictimID))
				if err != nil {
					return err
				}
				if err := tx.SetVictimKey(ctx, k.VictimID, wrapped, v); err != nil {
					return err
				}
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return done, err
		}
		done += n
		if progress != nil && n > 0 {
			progress(done, total)
		}
		if n < rewrapBatch {
			// Rows another transaction held were skipped; look again until none is left.
			left, err := st.CountVictimKeysBelow(ctx, version)
			if err != nil || left == 0 {
				return done, err
			}
			if n == 0 {
				time.Sleep(100 * time.Millisecond)
			}
		}
	}
}
