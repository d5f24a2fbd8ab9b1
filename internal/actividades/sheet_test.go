package actividades

import (
	"archive/zip"
	"bytes"
	"runtime"
	"strings"
	"testing"

	"sintra/internal/apperr"
)

// A few hundred bytes whose zip headers claim gigabytes must be refused
// without allocating what they claim.
func TestReadRowsRefusesZipClaimingHugeSizes(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Store,
		CompressedSize64: 4, UncompressedSize64: 4 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<a/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = readRows(buf.Bytes())
	runtime.ReadMemStats(&after)

	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("readRows = %v, want an invalid-file error", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Fatalf("reading a %d-byte file allocated %d MB", buf.Len(), grew>>20)
	}
}

func TestInputOf_TakesEachCountAsWrittenOrSaysWhyNot(t *testing.T) {
	row := func(actions string) []string {
		return []string{"SSC", "prevencion", "capacitacion", "Plática", "2024-04-10", "23005", actions, "10", "5", "5", "", "", ""}
	}
	for cell, want := range map[string]int{"3": 3, "1,250": 1250, "12.0": 12} {
		in, problems := inputOf(row(cell))
		if len(problems) != 0 || in.Actions != want {
			t.Errorf("acciones %q: %d %v, want %d", cell, in.Actions, problems, want)
		}
	}
	// 4294967297 is 2^32 + 1: it must not wrap around to 1.
	for cell, message := range map[string]string{"4294967297": "demasiado grande", "2147483648": "demasiado grande", "tres": "número entero"} {
		_, problems := inputOf(row(cell))
		if len(problems) != 1 || problems[0].column != "numero_acciones" || !strings.Contains(problems[0].message, message) {
			t.Errorf("acciones %q: %+v, want a problem saying %q", cell, problems, message)
		}
	}
}
