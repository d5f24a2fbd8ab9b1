package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
)

// The CEAVEQROO part and the carpetas judicializadas of the Comisión's
// second quarterly report of 2024 (15 March – 15 June), registered through
// the API and read back through the list endpoints' filters and counts.
func TestSecondQuarter2024_ReadsBackThroughTheListEndpoints(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "fge", "FGE", role("fiscalia", "*"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	fge := e.login(t, "fge", testPassword).AccessToken

	nationalities := strings.Split("CO CO CO CO CO CO CO CO CO CO CU VE MX MX MX MX AR AR AR", " ")
	var ids []string
	for i, nat := range nationalities {
		res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{
			"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer", "age": 20 + i*24/18, "nationality": nat, "denuncia_filed": true,
				"identified_on": fmt.Sprintf("2024-%02d-%02d", 3+i%3, 16+i%10)},
			"personal": map[string]any{"given_names": fmt.Sprintf("Víctima %d", i+1)},
		})
		if res.status != 201 {
			t.Fatalf("register %d: %d %s", i, res.status, res.body)
		}
		var v struct{ ID string }
		res.json(t, &v)
		ids = append(ids, v.ID)
	}
	service := func(id, kind string, quantity int) {
		t.Helper()
		res := e.do(t, "POST", "/api/v1/victimas/"+id+"/servicios", ceav,
			map[string]any{"type": kind, "provided_on": "2024-05-30", "quantity": quantity})
		if res.status != 201 {
			t.Fatalf("service: %d %s", res.status, res.body)
		}
	}
	for i, id := range ids {
		service(id, "atencion_psicologica", 1)
		if i < 18 {
			service(id, "asesoria_juridica", 1)
		}
		service(id, "alimentos", map[bool]int{true: 6, false: 4}[i == 0])   // 6 + 18×4 = 78
		service(id, "alojamiento", map[bool]int{true: 6, false: 3}[i == 0]) // 6 + 18×3 = 60
	}

	period := "desde=2024-03-15&hasta=2024-06-15"
	totals := func(kind string) (services, units, victims int) {
		var page struct{ Total, Units, Victims int }
		e.do(t, "GET", "/api/v1/servicios?tipo="+kind+"&"+period, ceav, nil).json(t, &page)
		return page.Total, page.Units, page.Victims
	}
	if s, u, _ := totals("asesoria_juridica"); s != 18 || u != 18 {
		t.Errorf("legal services: %d services, %d units; want 18", s, u)
	}
	if _, u, _ := totals("alimentos"); u != 78 {
		t.Errorf("alimentos: %d units, want 78", u)
	}
	if _, u, _ := totals("alojamiento"); u != 60 {
		t.Errorf("alojamientos: %d units, want 60", u)
	}
	if _, _, v := totals("atencion_psicologica"); v != 19 {
		t.Errorf("psychological attention for %d víctimas, want all 19", v)
	}
	count := func(query string) int {
		var page struct{ Total int }
		e.do(t, "GET", "/api/v1/victimas?identificada_desde=2024-03-15&identificada_hasta=2024-06-15"+query, ceav, nil).json(t, &page)
		return page.Total
	}
	for query, want := range map[string]int{"": 19, "&sexo=mujer": 19, "&sexo=hombre": 0, "&nacionalidad=CO": 10,
		"&nacionalidad=CU": 1, "&nacionalidad=VE": 1, "&nacionalidad=MX": 4, "&nacionalidad=AR": 3} {
		if got := count(query); got != want {
			t.Errorf("víctimas%s: %d, want %d", query, got, want)
		}
	}

	carpetas := []struct{ modalidad, municipio, district, sex string }{
		{"explotacion_sexual", "23005", "CANCUN", "hombre"}, {"explotacion_sexual", "23005", "CANCUN", "mujer"},
		{"explotacion_sexual", "23008", "SOLIDARIDAD", "hombre"}, {"sin_definir", "23005", "CANCUN", "hombre"},
		{"sin_definir", "23004", "CHETUMAL", "hombre"},
	}
	for i, c := range carpetas {
		res := e.do(t, "POST", "/api/v1/carpetas", fge, map[string]any{"number": fmt.Sprintf("FGE/FETP/%03d/2024", i+1),
			"fiscalia_unit": "Fiscalía Especializada en Trata de Personas", "started_on": "2024-01-10", "municipio": c.municipio,
			"modalidad": c.modalidad})
		var k struct{ ID string }
		res.json(t, &k)
		steps := []*response{
			ptr(res),
			ptr(e.do(t, "POST", "/api/v1/carpetas/"+k.ID+"/etapas", fge, map[string]string{"status": "judicializada",
				"date": fmt.Sprintf("2024-04-%02d", 10+i), "judicial_district": c.district})),
			ptr(e.do(t, "POST", "/api/v1/carpetas/"+k.ID+"/imputados", fge, map[string]any{"sex": c.sex, "age": 30 + i})),
		}
		for j, s := range steps {
			if s.status/100 != 2 {
				t.Fatalf("carpeta %d step %d: %d %s", i, j, s.status, s.body)
			}
		}
	}
	carpetaTotals := func(query string) (carpetas, women, men int) {
		var page struct {
			Total, Imputadas int
			Hombres          int `json:"imputados_hombres"`
		}
		e.do(t, "GET", "/api/v1/carpetas?estado=judicializada&judicializada_desde=2024-03-15&judicializada_hasta=2024-06-15"+query, fge, nil).json(t, &page)
		return page.Total, page.Imputadas, page.Hombres
	}
	if c, w, m := carpetaTotals(""); c != 5 || w != 1 || m != 4 {
		t.Errorf("carpetas judicializadas: %d with %d imputadas and %d imputados; want 5, 1, 4", c, w, m)
	}
	for query, want := range map[string]int{"&modalidad=explotacion_sexual": 3, "&modalidad=sin_definir": 2,
		"&distrito=CANCUN": 3, "&distrito=SOLIDARIDAD": 1, "&distrito=CHETUMAL": 1} {
		if c, _, _ := carpetaTotals(query); c != want {
			t.Errorf("carpetas%s: %d, want %d", query, c, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestTimeline_ShowsServicesCanalizacionesAndCarpetaEventsInOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	e.addUser(t, "fge", "FGE", role("fiscalia", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	iqm := e.login(t, "iqm", testPassword).AccessToken
	fge := e.login(t, "fge", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-20"}, "personal": map[string]any{"given_names": "Itzel", "first_surname": "May"},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-20"}}})
	var v struct{ ID, Folio string }
	res.json(t, &v)
	e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/servicios", ceav, map[string]any{"type": "asesoria_juridica", "provided_on": "2024-03-22",
		"quantity": 1, "notes": "Orientación sobre la denuncia"})
	// Referred weeks ago, and entered today.
	res = e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "atencion_psicologica",
		"sent_on": "2024-03-28"})
	var c struct{ ID string }
	res.json(t, &c)
	if res := e.do(t, "POST", "/api/v1/canalizaciones/"+c.ID+"/transiciones", iqm, map[string]string{"status": "aceptada", "on": "2024-03-30"}); res.status != 200 {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	// Once IQM accepted her, it records the service it gives.
	if res := e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/servicios", iqm, map[string]any{"type": "atencion_psicologica",
		"provided_on": "2024-04-02", "quantity": 2}); res.status != 201 {
		t.Fatalf("receiver's service: %d %s", res.status, res.body)
	}
	res = e.do(t, "POST", "/api/v1/carpetas", fge, map[string]any{"number": "FGE/BJ/77/2024", "fiscalia_unit": "FETP",
		"started_on": "2024-03-25", "municipio": "23005", "modalidad": "explotacion_sexual",
		"victims": []map[string]string{{"folio": v.Folio}}})
	var k struct{ ID string }
	res.json(t, &k)
	e.do(t, "POST", "/api/v1/carpetas/"+k.ID+"/etapas", fge, map[string]string{"status": "judicializada", "date": "2024-05-10", "judicial_district": "CANCUN"})

	// The Fiscalía reads the víctima of its carpeta; IQM does not get her record.
	if res := e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, fge, nil, reason()); res.status != 200 || !strings.Contains(string(res.body), "Itzel") {
		t.Errorf("fiscalía reading a linked víctima: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, iqm, nil, reason()); res.status != 404 {
		t.Errorf("receiving institution reading the full record: %d", res.status)
	}

	res = e.doWith(t, "GET", "/api/v1/victimas/"+v.ID+"/linea-de-tiempo", ceav, nil, reason())
	var timeline struct {
		Items []struct{ Kind, What, Notes string }
	}
	res.json(t, &timeline)
	var kinds []string
	for _, it := range timeline.Items {
		kinds = append(kinds, it.Kind+":"+it.What)
	}
	want := []string{"identificacion:" + v.Folio, "servicio:asesoria_juridica", "carpeta:en_investigacion",
		"canalizacion:atencion_psicologica: CEAVEQROO → IQM (enviada)", "canalizacion:atencion_psicologica: CEAVEQROO → IQM (aceptada)",
		"servicio:atencion_psicologica", "carpeta:judicializada (CANCUN)", "registro:" + v.Folio}
	got := strings.Join(kinds, ",")
	pos := -1
	for _, w := range want {
		i := strings.Index(got, w)
		if i <= pos {
			t.Fatalf("timeline out of order or missing %q: %s", w, got)
		}
		pos = i
	}
	if !strings.Contains(got, "canalizacion:atencion_psicologica: CEAVEQROO → IQM (aceptada)") ||
		!strings.Contains(string(res.body), "Orientación sobre la denuncia") {
		t.Errorf("timeline: %s", res.body)
	}
}
