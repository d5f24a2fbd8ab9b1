package actividades

import (
	"archive/zip"
	"bytes"
	"runtime"
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
