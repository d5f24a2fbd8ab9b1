package httpapi

import (
	"testing"

	"github.com/google/uuid"

	"sintra/api"
)

// FuzzCursors feeds the cursor decoders whatever a client may send: they
// never panic, and what they accept is exactly what the server could have
// written, so re-encoding it gives the same cursor back.
func FuzzCursors(f *testing.F) {
	f.Add(*encodeCursor(byOffset, 50))
	f.Add(*encodeKeyset(afterVictim, keyset{After: uuid.NullUUID{UUID: uuid.New(), Valid: true}, Total: 1050, AtLeast: true}))
	f.Add("bzA")
	f.Add("")
	f.Fuzz(func(t *testing.T, c string) {
		cursor := api.Cursor(c)
		if n, err := decodeCursor(byOffset, &cursor, maxOffset); err == nil && *encodeCursor(byOffset, n) != c {
			t.Errorf("offset cursor %q read as %d, which is written %q", c, n, *encodeCursor(byOffset, n))
		}
		if k, err := decodeKeyset(afterVictim, &cursor); err == nil {
			if !k.After.Valid || k.Total > maxOffset || *encodeKeyset(afterVictim, k) != c {
				t.Errorf("keyset cursor %q read as %+v, which is written %q", c, k, *encodeKeyset(afterVictim, k))
			}
		}
	})
}
