package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The personal data of the erroneous file: none may come back in an answer.
var legacySecrets = []string{"Clandestina", "Oculta", "Reservada", "LEGA800101"}

func TestImportVictimas_AFileWithErrorsNamesEachSheetRowAndColumnAndImportsNothing(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23005")
	badCURP := "LEGA800101MQRLGC" + "A0" // a wrong check digit, almost surely
	if curpEnding(t, "LEGA800101MQRLGCA") == badCURP {
		badCURP = "LEGA800101MQRLGCA1"
	}
	file := legacyBook(t,
		sheetRows{"Víctimas", victimHeader, [][]any{
			{"V-1", "EXP-1", "23005", day(2024, 3, 1), "Clandestina", "Oculta", "", "", day(1990, 5, 2), "mujer", 33, "MX", "", "", "", ""},
			{"V-2", "EXP-9", "23005", day(2024, 3, 2), "Reservada", "Oculta", "", badCURP, "", "mujer", 150, "Narnia", "", "quizá", "", ""},
			{"V-3", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
			{"V-1", "", "23005", "2024-13-01", "Clandestina", "Oculta", "", "", day(1990, 5, 2), "persona", "", "", "casadísima", "", "", ""},
		}},
		sheetRows{"Casos", casoHeader, [][]any{
			{"EXP-1", "23005", day(2024, 2, 1), day(2024, 1, 1), "explotacion_sexual; Vudú", "", "Atlántida"},
		}},
		sheetRows{"Servicios", serviceHeader, [][]any{
			{"V-1", "Alimentos", day(2024, 2, 15), 10, ""},
			{"V-7", "masaje", day(2024, 4, 1), 0, ""},
			{"V-3", "Alimentos", day(2024, 1, 1), 1, ""},
		}})
	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, file)
	if res.status != 400 {
		t.Fatalf("a file with errors: %d %s", res.status, res.body)
	}
	var got importAnswer
	res.json(t, &got)
	have := map[string]string{}
	for _, re := range got.RowErrors {
		have[fmt.Sprintf("%s/%d/%s", re.Sheet, re.Row, re.Column)] = re.Message
	}
	for _, want := range []string{
		"Víctimas/3/clave_caso", "Víctimas/3/curp", "Víctimas/3/edad", "Víctimas/3/nacionalidad", "Víctimas/3/menor_de_edad",
		"Víctimas/4/municipio", "Víctimas/4/fecha_identificacion", "Víctimas/4/sexo", "Víctimas/4/nombres",
		"Víctimas/5/clave_victima", "Víctimas/5/fecha_identificacion", "Víctimas/5/sexo", "Víctimas/5/estado_civil",
		"Casos/2/fecha_denuncia", "Casos/2/modalidades", "Casos/2/pais_origen",
		"Servicios/2/fecha_servicio", "Servicios/3/clave_victima", "Servicios/3/tipo_servicio", "Servicios/3/cantidad",
	} {
		if _, ok := have[want]; !ok {
			t.Errorf("no error at %s; errors: %v", want, have)
		}
	}
	if msg := have["Víctimas/5/clave_victima"]; !strings.Contains(msg, "fila 2") {
		t.Errorf("a repeated key says %q, want the row it repeats", msg)
	}
	// Her identification date missing, nothing is said of her services' dates.
	if msg, ok := have["Servicios/4/fecha_servicio"]; ok {
		t.Errorf("a service of a víctima without identification date: %q", msg)
	}
	if msg := have["Víctimas/5/nombres"]; !strings.Contains(msg, "misma persona que la fila 2") {
		t.Errorf("the same person twice says %q, want the row she repeats", msg)
	}
	for _, secret := range legacySecrets {
		if strings.Contains(string(res.body), secret) {
			t.Errorf("the answer repeats personal data %q: %s", secret, res.body)
		}
	}
	// A file past 10 MB is refused before it is read.
	if res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, bytes.Repeat([]byte("a,"), 5<<20+1)); res.status != 413 {
		t.Errorf("an 11 MB file: %d %s", res.status, res.body)
	}
	for _, table := range []string{"victims", "casos", "services", "victim_imports"} {
		if n := e.count(t, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%d rows in %s after a file with errors", n, table)
		}
	}
}

func TestImportVictimas_ARowOfAnotherMunicipioIsRefusedNotMoved(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23005")
	row := func(municipio string) []any {
		return []any{"V-1", "", municipio, day(2024, 3, 1), "Clandestina", "", "", "", "", "mujer", "", "", "", "", "", ""}
	}
	for _, municipio := range []string{"23004", "Othón P. Blanco", "Chetumal"} {
		res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, legacyBook(t, sheetRows{"Víctimas", victimHeader, [][]any{row(municipio)}}))
		var got importAnswer
		res.json(t, &got)
		if res.status != 400 || len(got.RowErrors) != 1 || got.RowErrors[0].Column != "municipio" || got.RowErrors[0].Row != 2 {
			t.Errorf("a row in %s: %d %s", municipio, res.status, res.body)
		}
	}
	// A caso of another municipio is refused as well.
	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, legacyBook(t, sheetRows{"Casos", casoHeader,
		[][]any{{"EXP-1", "Cozumel", "", "", "sin_definir", "", ""}}}))
	if res.status != 400 || !strings.Contains(string(res.body), `"sheet":"Casos","row":2,"column":"municipio_caso"`) {
		t.Errorf("a caso in Cozumel: %d %s", res.status, res.body)
	}
	if n := e.count(t, "SELECT count(*) FROM victims"); n != 0 {
		t.Errorf("%d víctimas imported from another municipio", n)
	}
	if res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, legacyBook(t, sheetRows{"Víctimas", victimHeader, [][]any{row("Benito Juárez")}})); res.status != 200 {
		t.Errorf("a row in her own municipio: %d %s", res.status, res.body)
	}
}

func TestImportVictimas_ACSVOfVictimsCarriesHerCasoAndServicesOnHerRows(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "IQM", "23005")
	csv := "\xef\xbb\xbfclave_victima;clave_caso;municipio;fecha_identificacion;nombres;sexo;municipio_caso;modalidades;tipo_servicio;fecha_servicio;cantidad\n" +
		"A;C1;Benito Juárez;02/03/2024;Clandestina;mujer;23005;Explotación sexual|Prostitución ajena u otras formas de explotación sexual;Alimentos;05/03/2024;78\n" +
		"A;C1;;;;;;;Alojamiento;06/03/2024;3\n" +
		"B;C1;23005;2024-03-04;Reservada;mujer;;;;;\n" +
		"C;;23005;2024-03-04;Oculta;hombre;;;asesoria_juridica;2024-03-09;1\n"
	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, []byte(csv))
	var got importAnswer
	res.json(t, &got)
	if res.status != 200 || got.Victims != 3 || got.Casos != 1 || got.Services != 3 {
		t.Fatalf("csv: %d %s", res.status, res.body)
	}
	if n := e.count(t, "SELECT count(*) FROM caso_victims"); n != 2 {
		t.Errorf("%d víctimas in the caso, want 2", n)
	}
	if n := e.count(t, "SELECT coalesce(sum(quantity), 0) FROM services"); n != 82 {
		t.Errorf("%d units, want 82", n)
	}
	// A later row that contradicts the víctima it repeats is an error.
	bad := strings.Replace(csv, "A;C1;;;;;;;Alojamiento", "A;C1;;;;hombre;;;Alojamiento", 1) + "\n"
	res = e.do(t, "POST", "/api/v1/victimas/importacion", tk, []byte(bad))
	if res.status != 400 || !strings.Contains(string(res.body), `{"sheet":"CSV","row":3,"column":"sexo","message":"No coincide con la fila 2`) {
		t.Errorf("a contradicting row: %d %s", res.status, res.body)
	}
	// A NUL, or a file saved in another encoding, is named where it is.
	for what, cell := range map[string]string{"a NUL": "Reser\x00vada", "Windows-1252": "Reservad\xe1"} {
		res = e.do(t, "POST", "/api/v1/victimas/importacion", tk, []byte(strings.Replace(csv, "Reservada", cell, 1)))
		if res.status != 400 || !strings.Contains(string(res.body), `{"sheet":"CSV","row":4,"column":"nombres","message":"El texto contiene caracteres no válidos`) {
			t.Errorf("%s in a cell: %d %s", what, res.status, res.body)
		}
	}
	if n := e.count(t, "SELECT count(*) FROM victims"); n != 3 {
		t.Errorf("%d víctimas after refused files, want the 3 imported first", n)
	}
}

func TestImportVictimas_AVictimAlreadyRegisteredIsAnErrorUnlessConfirmed(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23005")
	curp := curpEnding(t, "LEGA800101MQRLGCA")
	reg := e.do(t, "POST", "/api/v1/victimas", tk, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer",
		"identified_on": "2024-01-05"}, "personal": map[string]any{"given_names": "Clandestina", "curp": curp}})
	var registered struct{ Folio string }
	reg.json(t, &registered)
	header := []any{"clave_victima", "municipio", "fecha_identificacion", "nombres", "curp", "sexo", "confirmar_duplicado"}
	book := func(confirm string) []byte {
		return legacyBook(t, sheetRows{"Víctimas", header, [][]any{
			{"V-1", "23005", day(2024, 1, 5), "Clandestina", curp, "mujer", confirm},
			{"V-2", "23005", day(2024, 1, 6), "Reservada", "", "mujer", ""},
		}})
	}
	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, book(""))
	var got importAnswer
	res.json(t, &got)
	if res.status != 400 || len(got.RowErrors) != 1 || got.RowErrors[0].Row != 2 || !strings.Contains(got.RowErrors[0].Message, registered.Folio) {
		t.Fatalf("a víctima already registered: %d %s", res.status, res.body)
	}
	if strings.Contains(string(res.body), curp) || strings.Contains(string(res.body), "Clandestina") {
		t.Errorf("the answer repeats personal data: %s", res.body)
	}
	if hits := e.trail(t, "victima.posible_duplicado"); len(hits) != 1 {
		t.Errorf("%d duplicate hits audited, want 1", len(hits))
	}
	if res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, book("sí")); res.status != 200 {
		t.Fatalf("confirmed: %d %s", res.status, res.body)
	}
	events := e.trail(t, "victima.registrar")
	if len(events) != 3 || events[1].Detail != "posible duplicado confirmado" {
		t.Errorf("registrations audited: %+v", events)
	}
}
