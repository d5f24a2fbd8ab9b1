package erasures_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/erasures"
)

func TestFile_KeepsEveryErasureInOrderAndIgnoresOnlyATornLastLine(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ledger", "erasures.ledger")
	l, err := erasures.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := l.Erased(); err != nil || len(ids) != 0 {
		t.Fatalf("a ledger not yet written: %v %v", ids, err)
	}
	a, b := uuid.New(), uuid.New()
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for _, id := range []uuid.UUID{a, b} {
		if err := l.Append(id, at); err != nil {
			t.Fatal(err)
		}
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("ledger file: %v %v", info, err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("2026-12-02T09:00:01Z 5f1c")
	f.Close()
	ids, err := erasures.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ids.Erased()
	if err != nil || len(got) != 2 || got[0] != a || got[1] != b {
		t.Fatalf("Erased() = %v, %v; want [%s %s]", got, err, a, b)
	}

	os.WriteFile(path, []byte("2026-12-02T09:00:00Z "+a.String()+"\nsomething else\n"+b.String()+"\n"), 0o600)
	if _, err := ids.Erased(); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a damaged line in the middle: %v", err)
	}
}
