package feed_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"sintra/internal/audit"
	"sintra/internal/feed"
	"sintra/internal/testapp"
)

func TestFeed_TheApplicationRoleOnlyReadsImportedRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	batch, _ := export(t, state, 0)
	if _, err := national.Feed.Import(ctx, audit.CommandLine, bytes.NewReader(batch), keys, nil); err == nil ||
		!strings.Contains(err.Error(), "SINTRA_OWNER_DATABASE_URL") {
		t.Errorf("an import through the application's store: %v, want it refused", err)
	}
	if _, err := importBatch(t, national, batch, keys); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"INSERT INTO feed_imports (sha256, entidad, since, watermark, records, applied, imported_at) VALUES ('\\x00', '23', 0, 1, 0, 0, now())",
		"UPDATE feed_victims SET sex = 'hombre'",
		"DELETE FROM feed_services",
		"UPDATE feed_activities SET actions = actions + 1",
		"DELETE FROM feed_imports",
	} {
		tx, err := national.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "SELECT set_config('sintra.municipios', '*', true)"); err != nil {
			t.Fatal(err)
		}
		_, err = tx.Exec(ctx, stmt)
		tx.Rollback(ctx)
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("the application's role ran %q: %v, want permission denied", stmt, err)
		}
	}
}

func TestFeed_ABatchPastTheLimitIsRefusedUnread(t *testing.T) {
	t.Parallel()
	national := newNational(t)
	huge := repeatByte('x', feed.MaxBatchBytes+1)
	_, err := importBatch(t, national, huge, feed.Keys{})
	if err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("a batch of %d bytes: %v, want it refused for its size", len(huge), err)
	}
}

func repeatByte(b byte, n int) []byte { return bytes.Repeat([]byte{b}, n) }

// swapReader reads one batch until it is rewound, then another: a file
// replaced between the check of its signature and its import.
type swapReader struct {
	r     *bytes.Reader
	after []byte
}

func (s *swapReader) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s *swapReader) Seek(offset int64, whence int) (int64, error) {
	s.r = bytes.NewReader(s.after)
	return s.r.Seek(offset, whence)
}

func TestFeed_AnImportStoresTheBytesItVerified(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	batch, _ := export(t, state, 0)
	i := bytes.Index(batch, []byte(`"quantity":`)) + len(`"quantity":`)
	forged := bytes.Clone(batch)
	forged[i] = '9'
	if bytes.Equal(forged, batch) {
		forged[i] = '8'
	}
	r := &swapReader{r: bytes.NewReader(batch), after: forged}
	if _, err := asOwner(t, national).Import(ctx, audit.CommandLine, r, keys, nil); err != nil {
		t.Fatal(err)
	}
	var stored, held int
	if err := national.Owner(t).QueryRow(ctx, "SELECT coalesce(sum(quantity), 0) FROM feed_services").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if err := state.Owner(t).QueryRow(ctx, "SELECT coalesce(sum(quantity), 0) FROM services").Scan(&held); err != nil {
		t.Fatal(err)
	}
	if stored != held {
		t.Errorf("units stored %d, the state's %d: the import stored bytes it had not verified", stored, held)
	}
}
