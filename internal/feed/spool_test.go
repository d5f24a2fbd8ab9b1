package feed

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestSpool_KeepsItsRecordsEncryptedOnDisk: while an export gathers its
// records, the temporary file holds none of them readable, and the batch
// reads them back whole.
func TestSpool_KeepsItsRecordsEncryptedOnDisk(t *testing.T) {
	s, err := newSpool(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.file.Close()
	pseudonym := strings.Repeat("ab", 32)
	for range 3 {
		if err := s.add(Record{Kind: "victima", Pseudonym: pseudonym, Version: 1, Victima: &Victima{Municipio: "23005", Sex: "mujer"}},
			"2024-05-01"); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // a batch is written twice: to hash it, then to send it
		lines, err := s.lines()
		if err != nil {
			t.Fatal(err)
		}
		clear, err := io.ReadAll(lines)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(clear, []byte(pseudonym)); n != 3 {
			t.Errorf("the spool reads back %d of its 3 records", n)
		}
	}
	raw, err := io.ReadAll(io.NewSectionReader(s.file, 0, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 || bytes.Contains(raw, []byte(pseudonym)) || bytes.Contains(raw, []byte("23005")) {
		t.Errorf("the spool's file holds its records in clear (%d bytes)", len(raw))
	}
}
