package htcds_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/htcds"
	"sintra/internal/testapp"
)

func TestExport_AYearNotYetEndedInQuintanaRooIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// 04:59 UTC on 1 January 2025 is still 31 December 2024 in Cancún.
	lastMinute := time.Date(2025, 1, 1, 4, 59, 0, 0, time.UTC)
	e := testapp.New(t, testapp.WithClock(clock.Fixed(lastMinute)))
	st := secretary(t, e)
	for _, year := range []int{2024, 2025, 2030} {
		_, err := e.HTCDS.For(ctx, st, htcds.Request{Year: year, Format: "csv"})
		if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "aún no termina") {
			t.Errorf("%d before it ends in Quintana Roo: %v, want a conflict saying it has not ended", year, err)
		}
	}
	if _, err := e.HTCDS.ForOperator(ctx, htcds.Request{Year: 2024, Format: "json"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the command line, 2024 before it ends: %v, want a conflict", err)
	}
	if _, err := e.HTCDS.ForOperator(ctx, htcds.Request{Year: 1999, Format: "json"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("the command line, 1999: %v, want it invalid", err)
	}
	if n := releases(t, e); n != 0 {
		t.Errorf("%d releases of a year not ended", n)
	}
	// A minute later the year has ended in Cancún.
	later := testapp.New(t, testapp.WithClock(clock.Fixed(lastMinute.Add(time.Minute))))
	if _, err := later.HTCDS.For(ctx, secretary(t, later), csv2024); err != nil {
		t.Errorf("2024 once it has ended in Quintana Roo: %v", err)
	}
}

// releases counts the years frozen.
func releases(t *testing.T, e *testapp.Env) int {
	t.Helper()
	var n int
	if err := e.Owner(t).QueryRow(context.Background(), "SELECT count(*) FROM htcds_releases").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestExport_AReleasedYearAnswersTheSameBytesAfterTheRecordsChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	var last = register(t, e, caseworker, 0, "mujer", "MX", 24, "")
	for i := 1; i < 12; i++ {
		last = register(t, e, caseworker, i, "mujer", "MX", 24, "")
	}
	st := secretary(t, e)
	firstCSV, err := e.HTCDS.For(ctx, st, csv2024)
	if err != nil {
		t.Fatal(err)
	}
	firstJSON, err := e.HTCDS.For(ctx, st, htcds.Request{Year: 2024, Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	// A late registration of 2024, and an erasure: subtracting a second
	// file from the first would single either out.
	for i := 12; i < 22; i++ {
		register(t, e, caseworker, i, "hombre", "GT", 40, "")
	}
	if err := e.Victims.Erase(ctx, caseworker, last.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []htcds.File{firstCSV, firstJSON} {
		for _, got := range []func() (htcds.File, error){
			func() (htcds.File, error) {
				return e.HTCDS.For(ctx, st, htcds.Request{Year: 2024, Format: want.Format})
			},
			func() (htcds.File, error) {
				return e.HTCDS.For(ctx, e.Principal(t, "SEGOB", "secretaria_tecnica", authz.National), htcds.Request{Year: 2024, Entidad: "23", Format: want.Format})
			},
			func() (htcds.File, error) {
				return e.HTCDS.ForOperator(ctx, htcds.Request{Year: 2024, Entidad: "23", Format: want.Format})
			},
		} {
			f, err := got()
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(f.Body); !bytes.Equal(f.Body, want.Body) || !bytes.Equal(f.SHA256, sum[:]) || !bytes.Equal(f.SHA256, want.SHA256) {
				t.Errorf("the %s of 2024 changed after it was released:\n%s\nwant\n%s", want.Format, f.Body, want.Body)
			}
		}
	}
	if _, rows, _ := exported(t, firstCSV); len(rows) != 12 {
		t.Errorf("%d rows in the first release, want the 12 of then", len(rows))
	}
	if n := releases(t, e); n != 1 {
		t.Errorf("%d releases, want the one of entidad 23's 2024", n)
	}
	// The nation's year is made of its entidades' releases, so neither can
	// be set against the other: the 12 rows of then, not the 22 of now.
	nation, err := e.HTCDS.ForOperator(ctx, csv2024)
	if err != nil {
		t.Fatal(err)
	}
	_, entidadRows, _ := exported(t, firstCSV)
	if _, rows, _ := exported(t, nation); !slices.EqualFunc(rows, entidadRows, slices.Equal) {
		t.Errorf("the nation's 2024: %d rows %v, want entidad 23's released ones %v", len(rows), rows, entidadRows)
	}
}

func TestExport_TheMetadataStatesNoCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	for i := range 12 {
		register(t, e, caseworker, i, "mujer", "MX", 24, "")
	}
	register(t, e, caseworker, 12, "mujer", "NP", 24, nepaliCURP)
	st := secretary(t, e)
	f, err := e.HTCDS.For(ctx, st, csv2024)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(string(f.Body), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimPrefix(line, "\uFEFF"), "#,"); ok {
			keys = append(keys, strings.SplitN(rest, ",", 2)[0])
		}
	}
	wantKeys := []string{"Exportación de microdatos anonimizados (k-anonimato) para el CTDC", "Estándar", "Fuente", "Periodo", "Entidad", "k",
		"Cuasi-identificadores (todas las columnas)", "Supresión", "Valor desconocido o suprimido", "Generado"}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("CSV metadata %q,\nwant %q", keys, wantKeys)
	}
	for _, count := range []string{",13", ",12", ",1\n", ",1,"} {
		if head, _, _ := strings.Cut(string(f.Body), "\nyearOfRegistration,"); strings.Contains(head, count) {
			t.Errorf("the CSV metadata holds a count (%q):\n%s", count, head)
		}
	}
	if !strings.Contains(string(f.Body), "\n#,Entidad,23\n") || !strings.Contains(string(f.Body), "\n#,Generado,01/02/2025 12:00\n") {
		t.Errorf("the CSV does not state its entidad and generation date:\n%s", f.Body)
	}
	j, err := e.HTCDS.For(ctx, st, htcds.Request{Year: 2024, Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Metadata map[string]any }
	if err := json.Unmarshal(j.Body, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range doc.Metadata {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{"ends_on", "entidad", "generated_at", "k", "missing_value", "quasi_identifiers", "source", "standard", "starts_on", "year"}
	if !slices.Equal(got, want) || doc.Metadata["entidad"] != "23" || doc.Metadata["k"] != float64(10) {
		t.Errorf("JSON metadata %v, want the fields %v with entidad 23 and k 10", doc.Metadata, want)
	}
}

func TestExport_EveryExportIsAuditedWithoutCountsOrPersonalData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	for i := range 11 {
		register(t, e, caseworker, i, "mujer", "MX", 24, "")
	}
	st := secretary(t, e)
	for _, format := range []string{"csv", "csv", "json"} {
		if _, err := e.HTCDS.For(ctx, st, htcds.Request{Year: 2024, Format: format}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.HTCDS.ForOperator(ctx, csv2024); err != nil {
		t.Fatal(err)
	}
	rows, err := e.Owner(t).Query(ctx, "SELECT username, record_type, record_id, detail FROM audit_events WHERE action = 'htcds.exportar' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var who, kind, id, detail string
		if err := rows.Scan(&who, &kind, &id, &detail); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{who, kind, id, detail}, " | "))
	}
	want := []string{st.Username + " | exportacion_htcds | 23-2024 | año 2024, entidad 23, k 10, csv, primera publicación",
		st.Username + " | exportacion_htcds | 23-2024 | año 2024, entidad 23, k 10, csv, publicada el 01/02/2025",
		st.Username + " | exportacion_htcds | 23-2024 | año 2024, entidad 23, k 10, json, publicada el 01/02/2025",
		// The nation's release reads its entidades' releases.
		"(línea de comandos) | exportacion_htcds | 23-2024 | año 2024, entidad 23, k 10, json, publicada el 01/02/2025",
		"(línea de comandos) | exportacion_htcds | 2024 | año 2024, entidad nacional, k 10, csv, primera publicación"}
	if !slices.Equal(got, want) {
		t.Errorf("audit events:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExport_EachSecretariaTecnicaExportsHerEntidadAndTheNationalOneAny(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	for i := range 10 {
		register(t, e, caseworker, i, "mujer", "MX", 24, "")
	}
	yucatan := e.Principal(t, "SEGOB", "secretaria_tecnica", "31")
	f, err := e.HTCDS.For(ctx, yucatan, csv2024)
	if err != nil {
		t.Fatal(err)
	}
	if _, rows, text := exported(t, f); len(rows) != 0 || f.Entidad != "31" || !strings.Contains(text, "\n#,Entidad,31\n") {
		t.Errorf("Yucatán's Secretaría Técnica: entidad %q, %d rows; want Yucatán's year, empty", f.Entidad, len(rows))
	}
	if _, err := e.HTCDS.For(ctx, yucatan, htcds.Request{Year: 2024, Entidad: "23", Format: "csv"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("Yucatán's Secretaría Técnica asking for Quintana Roo's: %v, want not found", err)
	}
	municipal := e.Principal(t, "SEGOB", "secretaria_tecnica", "23005")
	if f, err := e.HTCDS.For(ctx, municipal, csv2024); err != nil || f.Entidad != "23" {
		t.Errorf("a Secretaría Técnica held in Benito Juárez: entidad %q, %v; want Quintana Roo's", f.Entidad, err)
	}
	national := e.Principal(t, "SEGOB", "secretaria_tecnica", authz.National)
	if f, err := e.HTCDS.For(ctx, national, csv2024); err != nil || f.Entidad != "" {
		t.Errorf("the national Secretaría Técnica: entidad %q, %v; want the nation's", f.Entidad, err)
	}
	if f, err := e.HTCDS.For(ctx, national, htcds.Request{Year: 2024, Entidad: "23", Format: "csv"}); err != nil || f.Entidad != "23" {
		t.Errorf("the national Secretaría Técnica naming 23: entidad %q, %v", f.Entidad, err)
	}
	if _, err := e.HTCDS.For(ctx, national, htcds.Request{Year: 2024, Entidad: "99", Format: "csv"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("an entidad that does not exist: %v, want not found", err)
	}
}
