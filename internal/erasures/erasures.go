// Package erasures keeps the ledger of erased víctimas and reportes
// ciudadanos: a file, apart from the database and its backups, with one
// line per erasure (the instant and the record's id, never personal data).
// A backup restored from before an erasure still holds the record's data
// key; the server erases it again from this ledger when it starts, so an
// erased record stays erased.
package erasures

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// File is a ledger kept in one append-only file.
type File struct {
	path string
	mu   sync.Mutex
}

// Open returns the ledger at path, creating its folder if needed; the file
// itself is created by the first erasure.
func Open(path string) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("erasures: %w", err)
	}
	return &File{path: path}, nil
}

// Path returns where the ledger is.
func (f *File) Path() string { return f.path }

// Append records durably that the víctima id was erased at: the line is
// on disk when it returns.
func (f *File) Append(id uuid.UUID, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, statErr := os.Stat(f.path)
	file, err := os.OpenFile(f.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("erasures: open the ledger: %w", err)
	}
	_, err = fmt.Fprintf(file, "%s %s\n", at.UTC().Format(time.RFC3339), id)
	if err == nil {
		err = file.Sync()
	}
	if closeErr := file.Close(); err == nil {
		err = closeErr
	}
	if err == nil && errors.Is(statErr, os.ErrNotExist) {
		err = syncDir(filepath.Dir(f.path))
	}
	if err != nil {
		return fmt.Errorf("erasures: write the ledger: %w", err)
	}
	return nil
}

// syncDir makes a new file's name durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Erased returns the ids the ledger holds, in the order they were erased.
// A last line cut short by a crash is ignored; any other unreadable line
// is an error, since an erasure must not be silently lost.
func (f *File) Erased() ([]uuid.UUID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	content, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("erasures: read the ledger: %w", err)
	}
	var ids []uuid.UUID
	scanner := bufio.NewScanner(strings.NewReader(string(content)))
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		fields := strings.Fields(line)
		id, err := uuid.Parse(fields[len(fields)-1])
		if err != nil {
			if !strings.HasSuffix(string(content), "\n") && strings.HasSuffix(string(content), scanner.Text()) {
				break // the last line, torn by a crash while it was written
			}
			return nil, fmt.Errorf("erasures: line %d of %s is not an erasure: %q", n, f.path, line)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
