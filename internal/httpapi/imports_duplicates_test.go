package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"sintra/internal/app"
	"sintra/internal/authz"
)

// registerAt registers, as a caseworker of institution in municipio (a new
// account named username), a víctima for each CURP, and returns their
// folios.
func registerAt(t *testing.T, e *env, username, institution, municipio string, curps ...string) []string {
	t.Helper()
	e.addUser(t, username, institution, role("capturista", municipio))
	tk := e.login(t, username, testPassword).AccessToken
	var folios []string
	for i, curp := range curps {
		res := e.do(t, "POST", "/api/v1/victimas", tk, map[string]any{"municipio": municipio, "attributes": map[string]any{"sex": "mujer",
			"identified_on": "2024-01-05"}, "personal": map[string]any{"given_names": fmt.Sprintf("Registrada%d", i), "curp": curp}})
		var v struct{ Folio string }
		res.json(t, &v)
		if res.status != 201 {
			t.Fatalf("registration %d at %s: %d %s", i, institution, res.status, res.body)
		}
		folios = append(folios, v.Folio)
	}
	return folios
}

// curps returns n valid CURPs of distinct persons.
func curps(t *testing.T, n int) []string {
	t.Helper()
	out := make([]string, n)
	for i := range out {
		out[i] = curpEnding(t, fmt.Sprintf("DUPL%02d0101MQRLGC%c", 80+i, 'A'+rune(i%26)))
	}
	return out
}

// victimsOf is a Víctimas sheet with a row for each CURP.
func victimsOf(t *testing.T, curps []string) []byte {
	t.Helper()
	header := []any{"clave_victima", "municipio", "fecha_identificacion", "nombres", "curp", "sexo"}
	var rows [][]any
	for i, curp := range curps {
		rows = append(rows, []any{fmt.Sprintf("V-%d", i), "23005", day(2024, 1, 6), fmt.Sprintf("Importada%d", i), curp, "mujer"})
	}
	return legacyBook(t, sheetRows{"Víctimas", header, rows})
}

// A file is no way around the hourly allowance of duplicate matches that
// single registration has: its matches count against it, a file that would
// exceed it is refused whole, telling nothing of who is registered, and its
// matches stay counted, so that sending it again is refused as well.
func TestImportVictimas_MatchesBeyondTheHourlyAllowanceRefuseTheFileAndStayCounted(t *testing.T) {
	t.Parallel()
	const limit = 3
	e := newEnv(t, importClock, func(c *app.Config) { c.AuditRules.MaxDuplicateHitsPerHour = limit })
	people := curps(t, 5)
	folios := registerAt(t, e, "dif", "DIF", "23005", people...)
	e.addUser(t, "capturista", "CEAVEQROO", role("capturista", "23005"))
	tk := e.login(t, "capturista", testPassword).AccessToken
	for attempt := range 2 {
		res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, victimsOf(t, people))
		body := string(res.body)
		if res.status != 429 || !strings.Contains(body, "Espere una hora") {
			t.Fatalf("attempt %d, a file matching %d registered víctimas, allowance %d: %d %s", attempt, len(people), limit, res.status, body)
		}
		if strings.Contains(body, "DIF") || strings.Contains(body, "row_errors") || strings.Contains(body, folios[0]) {
			t.Errorf("attempt %d: the refusal tells who is registered: %s", attempt, body)
		}
		if hits := len(e.trail(t, "victima.posible_duplicado")); hits != len(people) {
			t.Errorf("after attempt %d, %d duplicate matches audited, want the file's %d, kept", attempt, hits, len(people))
		}
	}
	if n := e.count(t, "SELECT count(*) FROM victims WHERE institution_code = 'CEAVEQROO'"); n != 0 {
		t.Errorf("%d víctimas of a refused file stored", n)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_findings WHERE rule = 'coincidencias_excesivas'"); n != 1 {
		t.Errorf("%d findings about the file's matches, want 1", n)
	}
	// Nor does registering them one by one start a new count.
	res := e.do(t, "POST", "/api/v1/victimas", tk, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"},
		"personal": map[string]any{"given_names": "Otra", "curp": people[0]}})
	if res.status != 429 {
		t.Errorf("a registration after the refused file: %d %s", res.status, res.body)
	}
}

// An import tells of a víctima already registered exactly what registering
// her alone tells: in another institution, or in another municipio (beyond
// the rows the caller's transaction sees), her institution alone; the
// folio only of one the caller may read.
func TestImportVictimas_AMatchTellsWhatRegisteringHerAloneTells(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23005")
	people := curps(t, 3)
	difFolio := registerAt(t, e, "dif", "DIF", "23005", people[0])[0]
	cozumelFolio := registerAt(t, e, "ceav-cozumel", "CEAVEQROO", "23001", people[1])[0]
	ownFolio := registerAt(t, e, "ceav-bj", "CEAVEQROO", "23005", people[2])[0]
	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, victimsOf(t, people))
	var got importAnswer
	res.json(t, &got)
	if res.status != 400 || len(got.RowErrors) != 3 {
		t.Fatalf("three víctimas already registered: %d %s", res.status, res.body)
	}
	for i, want := range []struct{ says, never string }{{"(DIF)", difFolio}, {"(CEAVEQROO)", cozumelFolio}, {"(folio " + ownFolio + ")", "DIF"}} {
		msg := got.RowErrors[i]
		if msg.Row != i+2 || msg.Column != "curp" || !strings.Contains(msg.Message, want.says) || strings.Contains(msg.Message, want.never) {
			t.Errorf("row %d: %+v, want it to say %s and never %s", i+2, msg, want.says, want.never)
		}
	}
	for i, curp := range people {
		single := e.do(t, "POST", "/api/v1/victimas", tk, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"},
			"personal": map[string]any{"given_names": "Sola", "curp": curp}})
		body := string(single.body)
		if single.status != 409 || strings.Contains(body, `"folio"`) != (i == 2) {
			t.Errorf("registering the person of row %d alone: %d %s", i+2, single.status, body)
		}
	}
	if strings.Contains(string(res.body), people[0]) || strings.Contains(string(res.body), "Registrada") {
		t.Errorf("the answer repeats personal data: %s", res.body)
	}
}

// Registrations and imports of one person sent at once by different
// caseworkers are told of each other: one stores her, every other is
// warned of her as a possible duplicate, never two stored unwarned.
func TestRegistrations_OfOnePersonAtOnceSeeEachOther(t *testing.T) {
	t.Parallel()
	e := newEnv(t, importClock)
	curp := curps(t, 1)[0]
	const registrations, imports = 6, 2
	tokens := make([]string, registrations+imports)
	for i := range tokens {
		name := fmt.Sprintf("capturista%d", i)
		e.addUser(t, name, []string{"CEAVEQROO", "DIF", "IQM"}[i%3], role("capturista", "23005"))
		tokens[i] = e.login(t, name, testPassword).AccessToken
	}
	statuses := make([]int, len(tokens))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, tk := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if i < registrations {
				statuses[i] = e.do(t, "POST", "/api/v1/victimas", tk, map[string]any{"municipio": "23005",
					"attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": fmt.Sprintf("Simultánea%d", i), "curp": curp}}).status
				return
			}
			statuses[i] = e.do(t, "POST", "/api/v1/victimas/importacion", tk, victimsOf(t, []string{curp})).status
		}()
	}
	close(start)
	wg.Wait()
	stored := 0
	for i, status := range statuses {
		switch {
		case status == 201 || status == 200:
			stored++
		case i < registrations && status != 409, i >= registrations && status != 400:
			t.Errorf("request %d answered %d", i, status)
		}
	}
	if n := e.count(t, "SELECT count(*) FROM victims"); stored != 1 || n != 1 {
		t.Errorf("%d of %d requests stored her (%d víctimas), want 1: %v", stored, len(statuses), n, statuses)
	}
}

// A caseworker of a whole entidad imports in its municipios only: a row in
// another entidad's municipio is a row error and nothing is stored.
func TestImportVictimas_ARowOfAnotherEntidadIsARowError(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23")
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	if _, err := e.Catalogs.LoadMunicipios(context.Background(), admin, "31", []byte("clave,nombre\n31050,Mérida\n")); err != nil {
		t.Fatal(err)
	}
	row := []any{"V-1", "", "31050", day(2024, 3, 1), "Lejana", "", "", "", "", "mujer", "", "", "", "", "", ""}
	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, legacyBook(t, sheetRows{"Víctimas", victimHeader, [][]any{row}}))
	var got importAnswer
	res.json(t, &got)
	if res.status != 400 || len(got.RowErrors) != 1 || got.RowErrors[0].Column != "municipio" || got.RowErrors[0].Row != 2 ||
		strings.Contains(string(res.body), "Lejana") {
		t.Errorf("a row in Mérida: %d %s", res.status, res.body)
	}
	if n := e.count(t, "SELECT count(*) FROM victims"); n != 0 {
		t.Errorf("%d víctimas imported into another entidad", n)
	}
	row[2] = "23005"
	if res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, legacyBook(t, sheetRows{"Víctimas", victimHeader, [][]any{row}})); res.status != 200 {
		t.Errorf("a row in a municipio of her entidad: %d %s", res.status, res.body)
	}
}
