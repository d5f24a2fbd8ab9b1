package intake_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/intake"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var now = time.Date(2025, 6, 15, 17, 30, 0, 0, time.UTC)

// A call recorded with nothing but its channel, who calls and the
// municipio holds no personal data; a narrative and contact data, when
// given, rest sealed and open only to the receiving institution.
func TestCreate_WithoutPersonalData_AndSealedWhenGiven(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	bare, err := e.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "linea_telefonica", Reporter: "anonimo"})
	if err != nil {
		t.Fatal(err)
	}
	if bare.Status != "recibido" || bare.Classification != "por_determinar" || !bare.ReceivedAt.Equal(now) || bare.Folio != "REP-QROO-2025-000001" {
		t.Errorf("a bare reporte: %+v", bare.Reporte)
	}
	told := "Mi vecina Juana Pérez no sale de la casa"
	full, err := e.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "presencial", Reporter: "tercero",
		Narrative: told, Contact: "998 123 4567"})
	if err != nil {
		t.Fatal(err)
	}
	var narrative, contact []byte
	if err := e.Owner(t).QueryRow(ctx, "SELECT narrative_enc, contact_enc FROM reportes_ciudadanos WHERE id = $1", full.ID).
		Scan(&narrative, &contact); err != nil {
		t.Fatal(err)
	}
	if narrative == nil || bytes.Contains(narrative, []byte("Juana")) || bytes.Contains(contact, []byte("998")) {
		t.Errorf("the narrative and contact rest in clear or not at all: %q %q", narrative, contact)
	}
	got, err := e.Intake.Get(ctx, caseworker, full.ID)
	if err != nil || got.Narrative != told || got.Contact != "998 123 4567" {
		t.Errorf("the receiving caseworker reads %q %q %v", got.Narrative, got.Contact, err)
	}
	// Another institution, another municipio, the Grupo de Trabajo, the
	// analyst: as if it did not exist.
	for _, p := range []struct{ inst, role, where string }{
		{"IQM", "capturista", "23005"}, {"CEAVEQROO", "capturista", "23004"}, {"FGE", "fiscalia", "23005"},
		{"SSC", "grupo_trabajo", "23005"}, {"SEGOB", "analista", "23"}, {"SEGOB", "admin", "23"}, {"SEGOB", "auditor", "23"},
	} {
		if _, err := e.Intake.Get(ctx, e.Principal(t, p.inst, p.role, p.where), full.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s %s in %s reads another's reporte: %v", p.inst, p.role, p.where, err)
		}
	}
	items, total, err := e.Intake.List(ctx, e.Principal(t, "IQM", "capturista", "23005"), intake.Filter{}, 50, 0)
	if err != nil || total != 0 || len(items) != 0 {
		t.Errorf("another institution lists %d reportes: %v", total, err)
	}
	// Every read and write is in the audit trail, without the text.
	var actions []string
	rows, err := e.Owner(t).Query(ctx, "SELECT action FROM audit_events WHERE action LIKE 'reporte_ciudadano.%' AND detail NOT LIKE '%Juana%' ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, a)
	}
	for _, want := range []string{"reporte_ciudadano.registrar", "reporte_ciudadano.consultar", "reporte_ciudadano.listar"} {
		if !slices.Contains(actions, want) {
			t.Errorf("no %s in the audit trail: %v", want, actions)
		}
	}
}

// A reporte of posible trata becomes an expediente with its municipio,
// modalidades and date, and closes; one of no trata is descartado or
// canalizado with a reason, never turned into a caso.
func TestReporte_BecomesACasoOrIsClosedWithAReason(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23")
	tulum := "23009"
	r, err := e.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", HechosMunicipio: &tulum, Channel: "linea_telefonica",
		Reporter: "familiar", ReceivedAt: time.Date(2025, 6, 1, 3, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Intake.ToCaso(ctx, caseworker, r.ID, r.Version); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a reporte por determinar turned into a caso: %v", err)
	}
	trata := "posible_trata"
	mods := []string{"trabajos_forzados", "explotacion_sexual"}
	r, err = e.Intake.Update(ctx, caseworker, r.ID, r.Version, intake.Change{Classification: &trata, Modalidades: &mods})
	if err != nil {
		t.Fatal(err)
	}
	descartado, reason := "descartado", "Sin indicios"
	if _, err := e.Intake.Update(ctx, caseworker, r.ID, r.Version, intake.Change{Status: &descartado, ClosingReason: &reason}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a reporte of posible trata descartado: %v", err)
	}
	if _, err := e.Intake.ToCaso(ctx, caseworker, r.ID, r.Version-1); apperr.CodeOf(err) != apperr.PreconditionFailed {
		t.Errorf("turned into a caso from a stale copy: %v", err)
	}
	r, err = e.Intake.ToCaso(ctx, caseworker, r.ID, r.Version)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "convertido_en_caso" || !r.CasoID.Valid {
		t.Fatalf("after turning into a caso: %+v", r.Reporte)
	}
	k, err := e.Casos.Get(ctx, caseworker, r.CasoID.UUID)
	if err != nil {
		t.Fatal(err)
	}
	// Received at 22:00 of May 31 in Cancún: the caso's report is of May 31.
	if k.Municipio != "23009" || !slices.Equal(k.Modalidades, []string{"explotacion_sexual", "trabajos_forzados"}) ||
		k.Facts.ReportedOn == nil || !k.Facts.ReportedOn.Equal(time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the caso: municipio %s, modalidades %v, reported on %v", k.Municipio, k.Modalidades, k.Facts.ReportedOn)
	}
	if _, err := e.Intake.ToCaso(ctx, caseworker, r.ID, r.Version); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("turned into a caso twice: %v", err)
	}

	other, err := e.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "correo", Reporter: "tercero", Classification: "no_es_trata"})
	if err != nil {
		t.Fatal(err)
	}
	canalizado := "canalizado"
	if _, err := e.Intake.Update(ctx, caseworker, other.ID, other.Version, intake.Change{Status: &canalizado}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("canalizado without an authority or reason: %v", err)
	}
	to, why := "SSC", "Es un asunto de seguridad pública"
	closed, err := e.Intake.Update(ctx, caseworker, other.ID, other.Version, intake.Change{Status: &canalizado, CanalizadoA: &to, ClosingReason: &why})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Status != "canalizado" || closed.CanalizadoA == nil || *closed.CanalizadoA != "SSC" || closed.ClosingReason != why || closed.ClosedOn == nil {
		t.Errorf("closed as canalizado: %+v", closed)
	}
	analisis := "en_analisis"
	if _, err := e.Intake.Update(ctx, caseworker, other.ID, closed.Version, intake.Change{Status: &analisis}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a closed reporte changed: %v", err)
	}
}

// The Fiscalía receives denuncias (law Art. 40 I, III) and records them,
// in its own municipios only.
func TestFiscalia_RecordsDenunciasInItsMunicipio(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	fiscal := e.Principal(t, "FGE", "fiscalia", "23005")
	r, err := e.Intake.Create(ctx, fiscal, intake.Input{Municipio: "23005", Channel: "denuncia_en_linea", Reporter: "posible_victima"})
	if err != nil || r.Institution != "FGE" {
		t.Fatalf("the Fiscalía records a denuncia: %+v %v", r.Reporte, err)
	}
	if _, err := e.Intake.Create(ctx, fiscal, intake.Input{Municipio: "23004", Channel: "correo", Reporter: "anonimo"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("recorded in another municipio: %v", err)
	}
	if _, err := e.Intake.Get(ctx, e.Principal(t, "CEAVEQROO", "capturista", "23005"), r.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a caseworker of another institution reads the Fiscalía's denuncia: %v", err)
	}
}

// Row-level security keeps a reporte to its institution and municipio
// even when a query forgets its predicates: a request limited to another
// municipio, or of another institution, reads nothing of it.
func TestRowSecurity_KeepsAReporteToItsInstitutionAndMunicipio(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	r, err := e.Intake.Create(ctx, e.Principal(t, "CEAVEQROO", "capturista", "23005"),
		intake.Input{Municipio: "23005", Channel: "linea_telefonica", Reporter: "anonimo"})
	if err != nil {
		t.Fatal(err)
	}
	everywhere := domain.Scope{AllMunicipios: true, Institution: "CEAVEQROO"}
	for _, rows := range []domain.Rows{
		{Municipios: []string{"23004"}, Institution: "CEAVEQROO"},
		{Municipios: []string{"23005"}, Institution: "IQM"},
	} {
		if _, err := e.Store.Reporte(domain.WithRows(ctx, rows), r.ID, everywhere); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a request limited to %v reads the reporte: %v", rows, err)
		}
	}
	own := domain.WithRows(ctx, domain.Rows{Municipios: []string{"23005"}, Institution: "CEAVEQROO"})
	if _, err := e.Store.Reporte(own, r.ID, everywhere); err != nil {
		t.Errorf("its own institution in its municipio: %v", err)
	}

	// The same, statement by statement as the application's role, whatever
	// the query asks: asApp runs one under the settings a request sets.
	app := testdb.Pool(t, e.DB.AppURL)
	asApp := func(municipios, institution, sql string) (int64, error) {
		tx, err := app.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "SELECT set_config('sintra.municipios', $1, true), set_config('sintra.institution', $2, true)",
			municipios, institution); err != nil {
			t.Fatal(err)
		}
		tag, err := tx.Exec(ctx, sql, r.ID)
		return tag.RowsAffected(), err
	}
	for _, c := range []struct {
		what, municipios, institution, sql string
		rows                               int64
		refused                            bool
	}{
		{"another institution with a national role reads it", "*", "IQM", "SELECT 1 FROM reportes_ciudadanos WHERE id = $1", 0, false},
		{"another institution with a national role changes it", "*", "IQM", "UPDATE reportes_ciudadanos SET channel = 'correo' WHERE id = $1", 0, false},
		{"the entidad's counting reads it", "23005", "", "SELECT 1 FROM reportes_ciudadanos WHERE id = $1", 1, false},
		{"the entidad's counting gives it a modalidad", "23005", "", "INSERT INTO reporte_modalidades VALUES ($1, 'mendicidad_forzosa')", 0, true},
		{"the entidad's counting changes it", "23005", "", "UPDATE reportes_ciudadanos SET channel = 'correo' WHERE id = $1", 0, true},
		{"its institution moves it to another month", "23005", "CEAVEQROO", "UPDATE reportes_ciudadanos SET received_at = received_at - interval '1 year' WHERE id = $1", 0, true},
		{"its institution renumbers it", "23005", "CEAVEQROO", "UPDATE reportes_ciudadanos SET folio = 'REP-QROO-2025-999999' WHERE id = $1", 0, true},
		{"its institution classifies it", "23005", "CEAVEQROO", "UPDATE reportes_ciudadanos SET classification = 'posible_trata' WHERE id = $1", 1, false},
		{"its institution gives it a modalidad", "23005", "CEAVEQROO", "INSERT INTO reporte_modalidades VALUES ($1, 'mendicidad_forzosa')", 1, false},
	} {
		n, err := asApp(c.municipios, c.institution, c.sql)
		if c.refused != (err != nil) || n != c.rows {
			t.Errorf("%s: %d rows, %v; want %d rows, refused %v", c.what, n, err, c.rows, c.refused)
		}
	}
}
