package victims

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/crypto"
	"sintra/internal/store"
	"sintra/internal/testdb"
)

// bulkRegister stores n víctimas sealed under the current master key, a
// thousand per transaction (registration's folio and audit are not under test here).
func bulkRegister(t *testing.T, st *store.Store, keys *crypto.Keyring, n int) {
	t.Helper()
	s := &Service{store: st, keys: keys, now: time.Now}
	ctx := context.Background()
	for start := 0; start < n; start += 1000 {
		err := st.Tx(ctx, func(tx *store.Store) error {
			for i := start; i < min(start+1000, n); i++ {
				rec := store.VictimRecord{ID: uuid.New(), Folio: fmt.Sprintf("QROO-2024-%06d", i+1), Institution: "CEAVEQROO",
					Municipio: "23005", Stats: store.VictimStats{IdentifiedOn: time.Now(), Sex: "mujer", EstadoCivil: "no_especificado",
						CalidadMigratoria: "no_especificado"}}
				if err := s.seal(&rec, Personal{GivenNames: fmt.Sprintf("Persona %d", i), Notes: "ñandú áéíóú"}, nil); err != nil {
					return err
				}
				if err := tx.InsertVictim(ctx, rec, uuid.Nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestRewrapKeys_RotatesTenThousandVictimsAndResumesAfterAnInterruption(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(testdb.Pool(t, db.AppURL))
	keyFile := filepath.Join(t.TempDir(), "keys.json")
	keys, err := crypto.GenerateKeyring(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	const n = 10000
	bulkRegister(t, st, keys, n)
	if _, err := crypto.AddMasterVersion(keyFile); err != nil {
		t.Fatal(err)
	}
	keys, _ = crypto.LoadKeyring(keyFile)
	ctx := context.Background()

	// Interrupted after the second batch, as by Ctrl-C.
	interrupted, cancel := context.WithCancel(ctx)
	var reports []int
	done, err := RewrapKeys(interrupted, st, keys, func(done, total int) {
		reports = append(reports, done)
		if total != n {
			t.Errorf("total %d, want %d", total, n)
		}
		if len(reports) == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || done != 2*rewrapBatch {
		t.Fatalf("interrupted run: done %d, err %v", done, err)
	}
	if left, _ := st.CountVictimKeysBelow(ctx, 2); left != n-2*rewrapBatch {
		t.Fatalf("%d keys left after the interruption, want %d", left, n-2*rewrapBatch)
	}

	done, err = RewrapKeys(ctx, st, keys, nil)
	if err != nil || done != n-2*rewrapBatch {
		t.Fatalf("resumed run: done %d, err %v", done, err)
	}
	if left, _ := st.CountVictimKeysBelow(ctx, 2); left != 0 {
		t.Fatalf("%d keys still on version 1", left)
	}

	// Every record opens, and its fields did not change.
	s := &Service{store: st, keys: keys, now: time.Now}
	sc := store.Scope{AllMunicipios: true, AnyInstitution: true}
	opened := 0
	for offset := 0; offset < n; offset += 1000 {
		page, _, err := st.Victims(ctx, sc, store.VictimFilter{}, 1000, offset)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range page {
			rec, err := st.Victim(ctx, v.ID, sc)
			if err != nil {
				t.Fatal(err)
			}
			if crypto.WrappedVersion(rec.WrappedKey) != 2 {
				t.Fatalf("%s still wrapped with version %d", rec.Folio, crypto.WrappedVersion(rec.WrappedKey))
			}
			p, _, err := s.decrypt(rec)
			if err != nil || p.Notes != "ñandú áéíóú" {
				t.Fatalf("%s: %q %v", rec.Folio, p.Notes, err)
			}
			opened++
		}
	}
	if opened != n {
		t.Errorf("opened %d of %d", opened, n)
	}
}
