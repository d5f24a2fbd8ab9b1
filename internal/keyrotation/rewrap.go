// Package keyrotation re-wraps every stored data key under the current
// master key, so that an older master key stops protecting any record.
package keyrotation

import (
	"context"
	"sintra/internal/domain"
	"time"

	"sintra/internal/crypto"
	"sintra/internal/store"
)

// batchSize is how many data keys one transaction re-wraps.
const batchSize = 500

// Pending counts the data keys, over every table that holds them, still
// wrapped by a master key older than version.
func Pending(ctx context.Context, st *store.Store, version int) (int, error) {
	total := 0
	for _, table := range domain.KeyTables {
		n, err := st.CountKeysBelow(ctx, table, version)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// RewrapKeys wraps every data key under the keyring's current master key,
// table by table, in committed batches, so it can run beside a live server,
// stop at any point, and continue where it stopped. Fields are not
// re-encrypted: their data keys do not change. progress, when not nil, gets
// the keys done and the keys that were left at the start.
func RewrapKeys(ctx context.Context, st *store.Store, keys *crypto.Keyring, progress func(done, total int)) (int, error) {
	version := keys.CurrentVersion()
	total, err := Pending(ctx, st, version)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, table := range domain.KeyTables {
		for {
			if err := ctx.Err(); err != nil {
				return done, err
			}
			n, err := rewrapBatch(ctx, st, keys, table, version)
			if err != nil {
				return done, err
			}
			done += n
			if progress != nil && n > 0 {
				progress(done, total)
			}
			if n == batchSize {
				continue
			}
			// Rows another transaction held were skipped; look again until none is left.
			left, err := st.CountKeysBelow(ctx, table, version)
			if err != nil {
				return done, err
			}
			if left == 0 {
				break
			}
			if n == 0 {
				time.Sleep(100 * time.Millisecond)
			}
		}
	}
	return done, nil
}

// rewrapBatch re-wraps up to batchSize keys of table in one transaction.
func rewrapBatch(ctx context.Context, st *store.Store, keys *crypto.Keyring, table domain.KeyTable, version int) (int, error) {
	var n int
	err := st.Tx(ctx, func(tx *store.Store) error {
		batch, err := tx.KeysToRewrap(ctx, table, version, batchSize)
		if err != nil {
			return err
		}
		for _, k := range batch {
			place := crypto.Place{Table: string(table), RecordID: k.RecordID.String()}
			wrapped, v, err := keys.Rewrap(k.Wrapped, place)
			if err != nil {
				return err
			}
			if err := tx.SetWrappedKey(ctx, table, k.RecordID, wrapped, v); err != nil {
				return err
			}
		}
		n = len(batch)
		return nil
	})
	return n, err
}
