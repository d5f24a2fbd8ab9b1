package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/actividades"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/grupotrabajo"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

// entidad is one entidad of a deployment that serves two: its municipio
// where every record is, and its institutions.
type entidad struct {
	code, municipio                           string
	caseworkers, receiver, fiscalia, gt, name string
	curp                                      string
}

var (
	quintanaRoo = entidad{code: "23", municipio: "23005", caseworkers: "CEAVEQROO", receiver: "IQM", fiscalia: "FGE", gt: "SSC",
		name: "Quintanarroense", curp: "HEGG560427MVZRRL04"}
	yucatan = entidad{code: "31", municipio: "31050", caseworkers: "CEEAV-YUC", receiver: "IMY", fiscalia: "FGE-YUC", gt: "SSP-YUC",
		name: "Yucateca", curp: "PACM800101MYNTNR03"}
)

// world is one entidad's records, written by its own people: a víctima
// (with a CURP) in an expediente, referred to another institution of the
// entidad, with a service, a carpeta, a Grupo de Trabajo session with an
// acuerdo, and an activity.
type world struct {
	entidad
	victim, folio, caso, canalizacion, carpeta, carpetaNumber string
	session, acuerdo, service, actividad                      string
}

// twoEntidades loads Yucatán's municipios of Mérida and Progreso and its
// institutions beside Quintana Roo's, as a national administrator, and
// writes each entidad's world.
func twoEntidades(t *testing.T, e *env) (qroo, yuc world) {
	t.Helper()
	ctx := context.Background()
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	if _, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte("clave,nombre\n31050,Mérida\n31059,Progreso\n")); err != nil {
		t.Fatal(err)
	}
	for code, name := range map[string]string{"CEEAV-YUC": "Comisión Ejecutiva Estatal de Atención a Víctimas de Yucatán",
		"IMY": "Instituto para la Igualdad entre Mujeres y Hombres de Yucatán", "FGE-YUC": "Fiscalía General del Estado de Yucatán",
		"SSP-YUC": "Secretaría de Seguridad Pública de Yucatán", "SGG-YUC": "Secretaría General de Gobierno de Yucatán"} {
		if _, err := e.Catalogs.AddInstitution(ctx, admin, domain.Institution{Code: code, Name: name, Entidad: "31",
			Membership: "integrante", UsesSystem: true}); err != nil {
			t.Fatal(err)
		}
	}
	return newWorld(t, e, quintanaRoo), newWorld(t, e, yucatan)
}

func newWorld(t *testing.T, e *env, en entidad) world {
	t.Helper()
	ctx := context.Background()
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	caseworker := e.Principal(t, en.caseworkers, "capturista", en.municipio)
	prosecutor := e.Principal(t, en.fiscalia, "fiscalia", en.municipio)
	member := e.Principal(t, en.gt, "grupo_trabajo", en.municipio)
	liaison := e.Principal(t, en.caseworkers, "enlace", en.municipio)
	v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: en.municipio,
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day(3, 18)},
		Personal:   victims.Personal{GivenNames: "Persona", FirstSurname: en.name, CURP: en.curp},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: day(3, 18)}}})
	if err != nil {
		t.Fatal(err)
	}
	w := world{entidad: en, victim: v.ID.String(), folio: v.Folio, carpetaNumber: "CI/" + en.code + "/0001/2024"}
	k, err := e.Casos.Create(ctx, caseworker, casos.Input{Municipio: en.municipio, Modalidades: []string{"explotacion_sexual"},
		VictimIDs: []uuid.UUID{v.ID}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.Canalizaciones.Send(ctx, caseworker, canalizaciones.SendInput{VictimID: v.ID, To: en.receiver,
		ServiceType: "atencion_psicologica", SentOn: day(4, 2)})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := e.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "alimentos", ProvidedOn: day(4, 10), Quantity: 3})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := e.Carpetas.Create(ctx, prosecutor, carpetas.Input{Number: w.carpetaNumber, FiscaliaUnit: "Unidad de trata",
		Municipio: en.municipio, StartedOn: day(3, 20), Modalidad: "explotacion_sexual", Victims: []carpetas.VictimRef{{Folio: v.Folio}}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := e.Grupo.CreateSession(ctx, member, grupotrabajo.SessionInput{Municipio: en.municipio, HeldOn: day(5, 6), Kind: "ordinaria",
		Institutions: []string{en.caseworkers, en.receiver}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.Grupo.AddAcuerdo(ctx, member, g.ID, grupotrabajo.AcuerdoInput{Text: "Informar avances", Responsible: en.caseworkers, DueOn: day(6, 3)})
	if err != nil {
		t.Fatal(err)
	}
	act, err := e.Actividades.Create(ctx, liaison, actividades.Input{Institution: en.caseworkers, Type: "capacitacion", Name: "Plática",
		HeldOn: day(4, 1), Municipios: []string{en.municipio}, Actions: 1, People: 10, Women: int32Of(6), Men: int32Of(4)})
	if err != nil {
		t.Fatal(err)
	}
	w.caso, w.canalizacion, w.service, w.carpeta = k.ID.String(), c.ID.String(), sv.ID.String(), cp.ID.String()
	w.session, w.acuerdo, w.actividad = g.ID.String(), a.ID.String(), act.ID.String()
	return w
}

// recordRoute is a route about one record of a world, and the roles that
// read it in their own entidad.
type recordRoute struct {
	path  func(w world) string
	roles []string
}

var recordRoutes = []recordRoute{
	{func(w world) string { return "/api/v1/victimas/" + w.victim }, []string{"capturista", "fiscalia", "grupo_trabajo"}},
	{func(w world) string { return "/api/v1/victimas/" + w.victim + "/historial" }, []string{"capturista", "fiscalia"}},
	{func(w world) string { return "/api/v1/victimas/" + w.victim + "/servicios" }, []string{"capturista", "fiscalia"}},
	{func(w world) string { return "/api/v1/victimas/" + w.victim + "/linea-de-tiempo" }, []string{"capturista", "fiscalia"}},
	{func(w world) string { return "/api/v1/casos/" + w.caso }, []string{"capturista", "grupo_trabajo"}},
	{func(w world) string { return "/api/v1/canalizaciones/" + w.canalizacion }, []string{"capturista"}},
	{func(w world) string { return "/api/v1/servicios/" + w.service + "/historial" }, []string{"capturista", "fiscalia"}},
	{func(w world) string { return "/api/v1/carpetas/" + w.carpeta }, []string{"fiscalia"}},
	{func(w world) string { return "/api/v1/grupo-trabajo/sesiones/" + w.session }, []string{"grupo_trabajo"}},
	{func(w world) string { return "/api/v1/acuerdos/" + w.acuerdo + "/historial" }, []string{"grupo_trabajo"}},
	{func(w world) string { return "/api/v1/actividades/" + w.actividad + "/historial" }, []string{"secretaria_tecnica", "enlace"}},
}

// missing is a world whose records do not exist.
var missing = world{victim: uuid.NewString(), caso: uuid.NewString(), canalizacion: uuid.NewString(), service: uuid.NewString(),
	carpeta: uuid.NewString(), session: uuid.NewString(), acuerdo: uuid.NewString(), actividad: uuid.NewString()}

// institutionOf is the institution of a world whose people hold role.
func institutionOf(en entidad, role string) string {
	switch role {
	case "fiscalia":
		return en.fiscalia
	case "grupo_trabajo":
		return en.gt
	}
	return en.caseworkers
}

// TestEntidades_AreIsolated: in a deployment of Quintana Roo and Yucatán,
// each role held in a whole entidad reads that entidad's records, and a
// record of the other entidad answers exactly as one that does not exist;
// the other's records are in none of its lists nor searches.
func TestEntidades_AreIsolated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	qroo, yuc := twoEntidades(t, e)
	for _, pair := range [][2]world{{qroo, yuc}, {yuc, qroo}} {
		own, other := pair[0], pair[1]
		for _, r := range []string{"capturista", "fiscalia", "grupo_trabajo", "secretaria_tecnica", "analista", "enlace"} {
			username := fmt.Sprintf("%s-%s", r, own.code)
			e.addUser(t, username, institutionOf(own.entidad, r), role(r, own.code))
			token := e.login(t, username, testPassword).AccessToken
			for _, route := range recordRoutes {
				status := func(w world) int {
					return e.doWith(t, "GET", route.path(w), token, nil, reason()).status
				}
				reads := slices.Contains(route.roles, r)
				if got := status(own); reads && got != 200 {
					t.Errorf("%s: own record %s: %d, want 200", username, route.path(own), got)
				}
				if got, gone := status(other), status(missing); got != gone || reads && got != 404 {
					t.Errorf("%s: the other entidad's %s: %d, and a missing one %d; want the same (404 where the own is read)",
						username, route.path(other), got, gone)
				}
			}
			checkSearches(t, e, username, token, r, own, other)
			checkLists(t, e, username, token, r, own, other)
		}
	}
}

// checkSearches looks for the other entidad's víctima by folio, CURP and
// name, and for its carpeta by number: nothing is found.
func checkSearches(t *testing.T, e *env, username, token, r string, own, other world) {
	t.Helper()
	searches := map[string][]map[string]string{
		"capturista":    {{"folio": "%s"}, {"curp": "%s"}, {"nombre": "persona %s"}},
		"grupo_trabajo": {{"folio": "%s"}},
	}
	for _, search := range searches[r] {
		found := func(w world) []string {
			body := map[string]string{}
			for k, v := range search {
				body[k] = fmt.Sprintf(v, map[string]string{"folio": w.folio, "curp": w.curp, "nombre": w.name}[k])
			}
			res := e.do(t, "POST", "/api/v1/victimas/busqueda", token, body)
			if res.status != 200 {
				t.Errorf("%s: search %v: %d %s", username, body, res.status, res.body)
			}
			return itemIDs(t, res)
		}
		if got := found(own); !slices.Equal(got, []string{own.victim}) {
			t.Errorf("%s: search %v in own entidad found %v", username, search, got)
		}
		if got := found(other); len(got) > 0 {
			t.Errorf("%s: search %v found the other entidad's víctima", username, search)
		}
	}
	if r == "fiscalia" {
		for w, want := range map[*world]int{&own: 200, &other: 404} {
			if res := e.do(t, "POST", "/api/v1/carpetas/busqueda", token, map[string]string{"number": w.carpetaNumber}); res.status != want {
				t.Errorf("%s: carpeta %s by number: %d, want %d", username, w.carpetaNumber, res.status, want)
			}
		}
	}
}

// checkLists reads every list the role has: its own entidad's records are
// in it, the other's are not.
func checkLists(t *testing.T, e *env, username, token, r string, own, other world) {
	t.Helper()
	lists := map[string]map[string]func(w world) string{
		"capturista": {"/api/v1/victimas": victimOf, "/api/v1/casos": casoOf, "/api/v1/canalizaciones": canalizacionOf,
			"/api/v1/servicios": serviceOf},
		"fiscalia":           {"/api/v1/carpetas": carpetaOf},
		"grupo_trabajo":      {"/api/v1/victimas": victimOf, "/api/v1/casos": casoOf, "/api/v1/grupo-trabajo/sesiones": sessionOf, "/api/v1/acuerdos": acuerdoOf},
		"secretaria_tecnica": {"/api/v1/actividades": actividadOf},
		"enlace":             {"/api/v1/actividades": actividadOf},
	}
	for path, id := range lists[r] {
		res := e.do(t, "GET", path, token, nil)
		if res.status != 200 {
			t.Errorf("%s: %s: %d %s", username, path, res.status, res.body)
			continue
		}
		got := itemIDs(t, res)
		if !slices.Contains(got, id(own)) || slices.Contains(got, id(other)) {
			t.Errorf("%s: %s lists %v; want its own entidad's %s and not the other's %s", username, path, got, id(own), id(other))
		}
	}
}

func victimOf(w world) string       { return w.victim }
func casoOf(w world) string         { return w.caso }
func canalizacionOf(w world) string { return w.canalizacion }
func serviceOf(w world) string      { return w.service }
func carpetaOf(w world) string      { return w.carpeta }
func sessionOf(w world) string      { return w.session }
func acuerdoOf(w world) string      { return w.acuerdo }
func actividadOf(w world) string    { return w.actividad }

// itemIDs are the ids of a list's items.
func itemIDs(t *testing.T, res response) []string {
	t.Helper()
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(res.body, &page); err != nil {
		t.Fatalf("%v: %s", err, res.body)
	}
	ids := []string{}
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// TestEntidades_ANationalRoleSeesBoth: the Grupo de Trabajo and the
// Secretaría Técnica held nationally list the records of both entidades.
func TestEntidades_ANationalRoleSeesBoth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	qroo, yuc := twoEntidades(t, e)
	e.addUser(t, "gt-nacional", "SEGOB", role("grupo_trabajo", authz.National))
	e.addUser(t, "st-nacional", "SEGOB", role("secretaria_tecnica", authz.National))
	gt, st := e.login(t, "gt-nacional", testPassword).AccessToken, e.login(t, "st-nacional", testPassword).AccessToken
	for _, c := range []struct {
		token, path string
		id          func(world) string
	}{
		{gt, "/api/v1/victimas", victimOf}, {gt, "/api/v1/casos", casoOf}, {gt, "/api/v1/grupo-trabajo/sesiones", sessionOf},
		{gt, "/api/v1/acuerdos", acuerdoOf}, {st, "/api/v1/actividades", actividadOf},
	} {
		got := itemIDs(t, e.do(t, "GET", c.path, c.token, nil))
		if !slices.Contains(got, c.id(qroo)) || !slices.Contains(got, c.id(yuc)) {
			t.Errorf("national %s lists %v, want both entidades' records", c.path, got)
		}
	}
	for _, w := range []world{qroo, yuc} {
		if res := e.doWith(t, "GET", "/api/v1/grupo-trabajo/sesiones/"+w.session, gt, nil, reason()); res.status != 200 {
			t.Errorf("national Grupo de Trabajo reads the session of %s: %d", w.code, res.status)
		}
	}
}

// TestEntidades_ACanalizacionToAnotherStatesInstitution: a caseworker of
// Quintana Roo refers her víctima to Yucatán's Fiscalía, which finds it in
// its inbox, reads the contact card, accepts it and attends it; the sender
// closes it. Referred to Yucatán's Comisión de Atención a Víctimas, its
// caseworker records the service it gives. Nobody else of Yucatán sees
// either, and the receivers read her only through their canalización.
func TestEntidades_ACanalizacionToAnotherStatesInstitution(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	qroo, _ := twoEntidades(t, e)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "fge-yuc", "FGE-YUC", role("fiscalia", "31"))
	e.addUser(t, "ceeav-yuc", "CEEAV-YUC", role("capturista", "31050"))
	e.addUser(t, "imy", "IMY", role("capturista", "31"))
	login := func(username string) string { return e.login(t, username, testPassword).AccessToken }
	sender, fiscalia, caseworker, bystander := login("ceav"), login("fge-yuc"), login("ceeav-yuc"), login("imy")
	send := func(to string) string {
		t.Helper()
		res := e.do(t, "POST", "/api/v1/canalizaciones", sender, map[string]any{"victim_id": qroo.victim, "to": to,
			"service_type": "asesoria_juridica", "sent_on": "2024-04-15"})
		if res.status != 201 {
			t.Fatalf("send to %s: %d %s", to, res.status, res.body)
		}
		var c struct{ ID string }
		res.json(t, &c)
		return c.ID
	}
	step := func(id, token, status, on string) {
		t.Helper()
		if res := e.do(t, "POST", "/api/v1/canalizaciones/"+id+"/transiciones", token, map[string]string{"status": status, "on": on}); res.status != 200 {
			t.Fatalf("%s: %d %s", status, res.status, res.body)
		}
	}

	toFiscalia := send("FGE-YUC")
	if got := itemIDs(t, e.do(t, "GET", "/api/v1/canalizaciones?bandeja=recibidas", fiscalia, nil)); !slices.Equal(got, []string{toFiscalia}) {
		t.Errorf("Yucatán's Fiscalía's inbox: %v, want the canalización", got)
	}
	res := e.doWith(t, "GET", "/api/v1/canalizaciones/"+toFiscalia, fiscalia, nil, reason())
	var card struct {
		Victim struct{ Folio, Name string } `json:"victim"`
	}
	res.json(t, &card)
	if res.status != 200 || card.Victim.Folio != qroo.folio || card.Victim.Name != "Persona Quintanarroense" {
		t.Errorf("the receiver reads it: %d %s", res.status, res.body)
	}
	step(toFiscalia, fiscalia, "aceptada", "2024-04-16")
	step(toFiscalia, fiscalia, "atendida", "2024-04-18")
	step(toFiscalia, sender, "cerrada", "2024-04-19")

	toCaseworkers := send("CEEAV-YUC")
	step(toCaseworkers, caseworker, "aceptada", "2024-04-16")
	services := "/api/v1/victimas/" + qroo.victim + "/servicios"
	if res := e.do(t, "POST", services, caseworker, map[string]any{"type": "asesoria_juridica", "provided_on": "2024-04-17", "quantity": 1}); res.status != 201 {
		t.Fatalf("the receiving caseworker records her service: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", services, caseworker, nil); res.status != 200 || len(itemIDs(t, res)) != 1 {
		t.Errorf("the receiver lists its own service: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", services, sender, nil); res.status != 200 || len(itemIDs(t, res)) != 2 {
		t.Errorf("the sender lists every service, Yucatán's too: %d %s", res.status, res.body)
	}

	for who, token := range map[string]string{"Fiscalía": fiscalia, "caseworker": caseworker} {
		if res := e.doWith(t, "GET", "/api/v1/victimas/"+qroo.victim, token, nil, reason()); res.status != 404 {
			t.Errorf("Yucatán's %s reads her record: %d, want 404", who, res.status)
		}
	}
	for _, id := range []string{toFiscalia, toCaseworkers} {
		if res := e.doWith(t, "GET", "/api/v1/canalizaciones/"+id, bystander, nil, reason()); res.status != 404 {
			t.Errorf("another institution of Yucatán reads the canalización: %d, want 404", res.status)
		}
	}
	if got := itemIDs(t, e.do(t, "GET", "/api/v1/canalizaciones", bystander, nil)); slices.Contains(got, toFiscalia) || slices.Contains(got, toCaseworkers) {
		t.Errorf("another institution of Yucatán lists %v", got)
	}
}

// figures are a report's counts by table, row and column, rows of one key
// summed; marks count nothing.
func figures(t *testing.T, res response) map[[3]string]int {
	t.Helper()
	var r struct {
		Entidad string `json:"entidad"`
		Tables  []struct {
			ID      string   `json:"id"`
			Columns []string `json:"columns"`
			Rows    []struct {
				Key   string            `json:"key"`
				Cells []json.RawMessage `json:"cells"`
			} `json:"rows"`
		} `json:"tables"`
	}
	if res.status != 200 {
		t.Fatalf("report: %d %s", res.status, res.body)
	}
	res.json(t, &r)
	out := map[[3]string]int{}
	for _, tb := range r.Tables {
		for _, row := range tb.Rows {
			for i, c := range row.Cells {
				var n int
				if json.Unmarshal(c, &n) == nil {
					out[[3]string{tb.ID, row.Key, tb.Columns[i]}] += n
				}
			}
		}
	}
	return out
}

// TestEntidades_ReportsPerEntidadAddUpToTheNation: the Secretaría Técnica
// of each entidad gets her entidad's report and statistics, and not the
// other's; a national one asks for either or for the nation, whose every
// figure is the sum of the two entidades'. Issued reports are the
// entidad's.
func TestEntidades_ReportsPerEntidadAddUpToTheNation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	qroo, yuc := twoEntidades(t, e)
	e.addUser(t, "st-23", "SEGOB", role("secretaria_tecnica", "23"))
	e.addUser(t, "st-31", "SGG-YUC", role("secretaria_tecnica", "31"))
	e.addUser(t, "st-mx", "SEGOB", role("secretaria_tecnica", authz.National))
	e.addUser(t, "an-31", "SGG-YUC", role("analista", "31050"))
	login := func(username string) string { return e.login(t, username, testPassword).AccessToken }
	st23, st31, national, analyst := login("st-23"), login("st-31"), login("st-mx"), login("an-31")
	if res := e.do(t, "POST", "/api/v1/periodos", national, map[string]string{"name": "2024 T2", "kind": "trimestral",
		"starts_on": "2024-03-15", "ends_on": "2024-06-15"}); res.status != 201 {
		t.Fatalf("period: %d %s", res.status, res.body)
	}
	report := func(token, entidad string) response {
		return e.do(t, "GET", "/api/v1/reportes/trimestral?periodo=2024%20T2"+entidad, token, nil)
	}
	ownQroo, ownYuc := figures(t, report(st23, "")), figures(t, report(st31, ""))
	if got := figures(t, report(national, "&entidad=23")); !maps.Equal(got, ownQroo) {
		t.Errorf("the national Secretaría Técnica's report of Quintana Roo differs from Quintana Roo's own:\n%v\n%v", got, ownQroo)
	}
	if got := figures(t, report(national, "&entidad=31")); !maps.Equal(got, ownYuc) {
		t.Errorf("the national Secretaría Técnica's report of Yucatán differs from Yucatán's own")
	}
	nation := figures(t, report(national, ""))
	sum := maps.Clone(ownQroo)
	for k, v := range ownYuc {
		sum[k] += v
	}
	for k := range sum {
		if sum[k] != nation[k] {
			t.Errorf("%v: nation %d, Quintana Roo %d + Yucatán %d", k, nation[k], ownQroo[k], ownYuc[k])
		}
	}
	for k, v := range nation {
		if _, ok := sum[k]; !ok && v != 0 {
			t.Errorf("%v: nation %d, in neither entidad's report", k, v)
		}
	}
	if activities := [3]string{"resumen", "capacitacion", "Actividades"}; ownQroo[activities] != 1 || ownYuc[activities] != 1 || nation[activities] != 2 {
		t.Errorf("capacitaciones: Quintana Roo %d, Yucatán %d, nation %d; want 1, 1, 2", ownQroo[activities], ownYuc[activities], nation[activities])
	}
	for _, c := range []struct {
		token, entidad string
		want           int
	}{{st31, "&entidad=23", 404}, {st23, "&entidad=31", 404}, {st23, "&entidad=23", 200}, {analyst, "", 200}, {analyst, "&entidad=23", 404},
		{national, "&entidad=99", 404}} {
		if res := report(c.token, c.entidad); res.status != c.want {
			t.Errorf("report%s: %d, want %d", c.entidad, res.status, c.want)
		}
	}

	// A role counts only where it is held: the Secretaría Técnica of Benito
	// Juárez who analyses Yucatán reads Quintana Roo exact and Yucatán
	// protected, and names the entidad she asks for.
	e.addUser(t, "mixta", "SEGOB", role("secretaria_tecnica", "23005"), role("analista", "31"))
	mixed := login("mixta")
	for entidad, want := range map[string]string{"&entidad=23": "exacto", "&entidad=31": "k = 5"} {
		var r struct{ Protection string }
		res := report(mixed, entidad)
		res.json(t, &r)
		if res.status != 200 || !strings.Contains(r.Protection, want) {
			t.Errorf("report%s of a Secretaría Técnica of Quintana Roo who analyses Yucatán: %d %q, want %s", entidad, res.status, r.Protection, want)
		}
	}
	if res := report(mixed, ""); res.status != 400 {
		t.Errorf("report of no entidad for a person of two: %d, want 400", res.status)
	}

	var periods struct{ Items []struct{ ID, Name string } }
	e.do(t, "GET", "/api/v1/periodos", national, nil).json(t, &periods)
	statistic := func(token, entidad string) []string {
		res := e.do(t, "GET", "/api/v1/estadisticas?periodo="+periods.Items[0].ID+"&medida=victimas&dim1=municipio"+entidad, token, nil)
		var tb struct{ Rows []struct{ Key string } }
		res.json(t, &tb)
		var keys []string
		for _, r := range tb.Rows {
			if r.Key != "total" {
				keys = append(keys, r.Key)
			}
		}
		return keys
	}
	for _, c := range []struct {
		token, entidad string
		want           []string
	}{{st23, "", []string{qroo.municipio}}, {st31, "", []string{yuc.municipio}}, {national, "&entidad=31", []string{yuc.municipio}},
		{national, "", []string{qroo.municipio, yuc.municipio}}} {
		if got := statistic(c.token, c.entidad); !slices.Equal(got, c.want) {
			t.Errorf("víctimas by municipio%s: %v, want %v", c.entidad, got, c.want)
		}
	}

	res := e.do(t, "POST", "/api/v1/reportes/emitidos", st23, map[string]string{"periodo": periods.Items[0].ID})
	var issued struct{ ID, Entidad string }
	res.json(t, &issued)
	if res.status != 201 || issued.Entidad != "23" {
		t.Fatalf("Quintana Roo issues its report: %d %s", res.status, res.body)
	}
	for token, want := range map[string]int{st23: 200, national: 200, st31: 404} {
		if res := e.do(t, "GET", "/api/v1/reportes/emitidos/"+issued.ID, token, nil); res.status != want {
			t.Errorf("reading Quintana Roo's issued report: %d, want %d", res.status, want)
		}
	}
	if got := itemIDs(t, e.do(t, "GET", "/api/v1/reportes/emitidos", st31, nil)); len(got) > 0 {
		t.Errorf("Yucatán lists Quintana Roo's issued reports: %v", got)
	}
}

// An entidad's administrator administers the accounts of its entidad's
// institutions held within it: an account with a role in another entidad,
// or of another entidad's institution, is not found, in the list or by id,
// and cannot be disabled, given or relieved of a role or reset (a reset
// password would let the administrator sign in as a caseworker of another
// entidad); nor may it open an account of another entidad's institution,
// which would act in that institution's name. The national administrator
// administers them all.
func TestEntidades_AnAdministratorManagesOnlyTheAccountsOfTheEntidad(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	twoEntidades(t, e)
	e.addUser(t, "admin-23", "SEGOB", role("admin", "23"))
	e.addUser(t, "admin-mx", "SEGOB", role("admin", "*"))
	own := e.addUser(t, "ana-23", "CEAVEQROO", role("capturista", "23005"))
	other := e.addUser(t, "eva-31", "CEEAV-YUC", role("capturista", "31050"))
	both := e.addUser(t, "luz-23-31", "CEAVEQROO", role("capturista", "23005"), role("analista", "31"))
	missing := uuid.NewString()

	entidadAdmin := e.login(t, "admin-23", testPassword).AccessToken
	listed := func(token string) []string {
		var page struct {
			Items []struct{ Username string } `json:"items"`
		}
		e.do(t, "GET", "/api/v1/admin/usuarios?limit=100", token, nil).json(t, &page)
		var names []string
		for _, u := range page.Items {
			names = append(names, u.Username)
		}
		return names
	}
	if got := listed(entidadAdmin); !slices.Contains(got, "ana-23") || slices.Contains(got, "eva-31") || slices.Contains(got, "luz-23-31") {
		t.Errorf("the administrator of Quintana Roo lists %v", got)
	}
	for _, call := range []struct{ method, path string }{
		{"GET", ""}, {"POST", "/deshabilitar"}, {"POST", "/habilitar"}, {"POST", "/restablecer-contrasena"},
		{"POST", "/restablecer-segundo-factor"}, {"DELETE", "/roles/capturista/31050"},
	} {
		status := func(id string) int {
			return e.do(t, call.method, "/api/v1/admin/usuarios/"+id+call.path, entidadAdmin, nil).status
		}
		for _, id := range []string{other.ID.String(), both.ID.String()} {
			// Removing a role of another entidad is refused before any
			// account is looked up: 403, as for a missing account.
			if got, gone := status(id), status(missing); got != gone || got != 404 && got != 403 {
				t.Errorf("%s %s on another entidad's account: %d (a missing one: %d), want the same 404 or 403", call.method, call.path, got, gone)
			}
		}
	}
	if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+other.ID.String()+"/roles", entidadAdmin,
		map[string]string{"role": "capturista", "domain": "23005"}); res.status != 404 {
		t.Errorf("a role given to another entidad's account: %d", res.status)
	}
	// A caseworker's reset waits for a second administrator: 202.
	if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+own.ID.String()+"/restablecer-contrasena", entidadAdmin, nil); res.status != 202 {
		t.Errorf("the entidad's own account reset: %d %s", res.status, res.body)
	}
	if res := e.login(t, "eva-31", testPassword); res.AccessToken == "" {
		t.Error("the other entidad's caseworker no longer signs in")
	}

	// Roles of the entidad on an account of another entidad's
	// institution would act in that institution's name there.
	e.addUser(t, "admin-31", "SGG-YUC", role("admin", "31"))
	yucAdmin := e.login(t, "admin-31", testPassword).AccessToken
	newAccount := func(username, institution string) map[string]any {
		return map[string]any{"username": username, "display_name": "Persona Nueva", "institution": institution,
			"roles": []map[string]string{{"role": "enlace", "domain": "31050"}}}
	}
	if res := e.do(t, "POST", "/api/v1/admin/usuarios", yucAdmin, newAccount("enlace-ceav", "CEAVEQROO")); res.status != 400 ||
		!strings.Contains(string(res.body), `"field":"institution"`) {
		t.Errorf("Yucatán's administrator opens an account of CEAVEQROO: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/admin/usuarios", yucAdmin, newAccount("enlace-ceeav", "CEEAV-YUC")); res.status != 201 {
		t.Errorf("Yucatán's administrator opens an account of its own institution: %d %s", res.status, res.body)
	}
	// An account without roles is its institution's entidad's.
	roleless := e.addUser(t, "sin-rol-31", "CEEAV-YUC")
	if got := listed(entidadAdmin); slices.Contains(got, "sin-rol-31") {
		t.Errorf("Quintana Roo's administrator lists a Yucatán account without roles: %v", got)
	}
	if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+roleless.ID.String()+"/restablecer-contrasena", entidadAdmin, nil); res.status != 404 {
		t.Errorf("Quintana Roo's administrator resets a Yucatán account without roles: %d %s", res.status, res.body)
	}
	// Removing its own entidad's role from an account that also holds
	// another entidad's is not Quintana Roo's alone to do.
	if res := e.do(t, "DELETE", "/api/v1/admin/usuarios/"+both.ID.String()+"/roles/capturista/23005", entidadAdmin, nil); res.status != 404 ||
		strings.Contains(string(res.body), "analista") {
		t.Errorf("Quintana Roo's administrator removes a role from an account held in both entidades: %d %s", res.status, res.body)
	}

	national := e.login(t, "admin-mx", testPassword).AccessToken
	if got := listed(national); !slices.Contains(got, "eva-31") || !slices.Contains(got, "luz-23-31") {
		t.Errorf("the national administrator lists %v", got)
	}
	// A request about a Yucatán account is the national administrators'
	// and Yucatán's to decide: Quintana Roo's neither lists nor refuses it.
	var reset requestResult
	e.do(t, "POST", "/api/v1/admin/usuarios/"+other.ID.String()+"/restablecer-contrasena", national, nil).json(t, &reset)
	if reset.Request.ID == "" {
		t.Fatal("the national administrator's reset of a Yucatán account made no request")
	}
	if res := e.do(t, "GET", "/api/v1/admin/solicitudes", entidadAdmin, nil); strings.Contains(string(res.body), reset.Request.ID) {
		t.Errorf("Quintana Roo's administrator lists a request about a Yucatán account: %s", res.body)
	}
	for _, decision := range []string{"/rechazo", "/aprobacion"} {
		if res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+reset.Request.ID+decision, entidadAdmin,
			map[string]string{"reason": "No se verificó la identidad."}); res.status != 404 {
			t.Errorf("Quintana Roo's administrator decides (%s) on a Yucatán account: %d %s", decision, res.status, res.body)
		}
	}
	if res := e.do(t, "GET", "/api/v1/admin/solicitudes", national, nil); !strings.Contains(string(res.body), reset.Request.ID) {
		t.Errorf("the national administrator's pending list: %s", res.body)
	}
	if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+other.ID.String()+"/deshabilitar", national, nil); res.status != 200 {
		t.Errorf("the national administrator disables a Yucatán account: %d %s", res.status, res.body)
	}
}

// A registration is warned of possible duplicates among its own entidad's
// records alone: a caseworker of Yucatán who registers a person with the
// CURP of a víctima of Quintana Roo learns nothing of her, while one of
// Quintana Roo is warned, naming the institution.
func TestEntidades_ADuplicateWarningNeverNamesAnotherEntidadsVictim(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	twoEntidades(t, e)
	register := func(username, institution, municipio string) response {
		e.addUser(t, username, institution, role("capturista", municipio))
		return e.do(t, "POST", "/api/v1/victimas", e.login(t, username, testPassword).AccessToken, map[string]any{"municipio": municipio,
			"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-05-02"},
			"personal":   map[string]any{"given_names": "Otra", "first_surname": "Persona", "curp": quintanaRoo.curp}})
	}
	if res := register("yuc-dup", "IMY", "31050"); res.status != 201 || strings.Contains(string(res.body), "CEAVEQROO") {
		t.Errorf("Yucatán's caseworker registers a CURP of Quintana Roo: %d %s", res.status, res.body)
	}
	if res := register("qroo-dup", "IQM", "23004"); res.status != 409 || !strings.Contains(string(res.body), "CEAVEQROO") {
		t.Errorf("Quintana Roo's caseworker registers a CURP of Quintana Roo: %d %s", res.status, res.body)
	}
}

// TestEntidades_TheNationsProtectedViewIsMadeOfItsEntidades: in a quarter
// where Quintana Roo attends nine women and Yucatán two, an analyst of the
// nation, who may read both entidades' protected views too, finds every
// figure the nation shows to be the sum of figures each entidad shows:
// Yucatán's hidden 2 is not the nation's 11 less Quintana Roo's 9.
func TestEntidades_TheNationsProtectedViewIsMadeOfItsEntidades(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	twoEntidades(t, e)
	ctx := context.Background()
	for _, c := range []struct {
		en   entidad
		more int
	}{{quintanaRoo, 8}, {yucatan, 1}} {
		caseworker := e.Principal(t, c.en.caseworkers, "capturista", c.en.municipio)
		for i := range c.more {
			v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: c.en.municipio,
				Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)},
				Personal:   victims.Personal{GivenNames: "Atendida", FirstSurname: c.en.name + strconv.Itoa(i)}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "alimentos",
				ProvidedOn: time.Date(2024, 4, 11, 0, 0, 0, 0, time.UTC), Quantity: 2}); err != nil {
				t.Fatal(err)
			}
		}
	}
	views := protectedViews(t, e)
	women := [3]string{"victimas_sexo", "mujer", "Víctimas"}
	if got := views[""][0][women]; got != reports.Hidden || views["23"][0][women] != "9" || views["31"][0][women] != reports.Hidden {
		t.Errorf("women attended: nation %s, Quintana Roo %s, Yucatán %s; want %s, 9, %s", got, views["23"][0][women],
			views["31"][0][women], reports.Hidden, reports.Hidden)
	}
	nationShowsSumsOfShownFigures(t, views)
}

// TestEntidades_TheNationsProtectedViewCountsEachEntidadAsItsOwnDoes: a
// víctima of Quintana Roo, attended there, is in an expediente of Yucatán.
// Each entidad's view counts what its rows hold, and the nation's view
// shows no figure that is not the sum of what the entidades' show.
func TestEntidades_TheNationsProtectedViewCountsEachEntidadAsItsOwnDoes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	twoEntidades(t, e)
	ctx := context.Background()
	caseworker := e.Principal(t, quintanaRoo.caseworkers, "capturista", quintanaRoo.municipio)
	var ids []uuid.UUID
	for i := range 10 {
		v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: quintanaRoo.municipio,
			Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)},
			Personal:   victims.Personal{GivenNames: "Atendida", FirstSurname: "Quintanarroense" + strconv.Itoa(i)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "alimentos",
			ProvidedOn: time.Date(2024, 4, 11, 0, 0, 0, 0, time.UTC), Quantity: 1}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	for _, c := range []struct {
		by        *authz.Principal
		municipio string
		modalidad string
		victimas  []uuid.UUID
	}{
		{caseworker, quintanaRoo.municipio, "trabajos_forzados", ids[:4]},
		{caseworker, quintanaRoo.municipio, "explotacion_sexual", ids[5:]},
		{e.Principal(t, quintanaRoo.caseworkers, "capturista", authz.National), yucatan.municipio, "trabajos_forzados", ids[4:5]},
	} {
		if _, err := e.Casos.Create(ctx, c.by, casos.Input{Municipio: c.municipio, Modalidades: []string{c.modalidad}, VictimIDs: c.victimas}); err != nil {
			t.Fatal(err)
		}
	}
	nationShowsSumsOfShownFigures(t, protectedViews(t, e))
}

// protectedViews are the protected report of the quarter "2024 T2" and
// four statistics of it, as an analyst of the nation reads them for the
// nation ("") and for each entidad.
func protectedViews(t *testing.T, e *env) map[string][]map[[3]string]string {
	t.Helper()
	e.addUser(t, "st-mx", "SEGOB", role("secretaria_tecnica", authz.National))
	e.addUser(t, "an-mx", "SEGOB", role("analista", authz.National))
	secretaria, analyst := e.login(t, "st-mx", testPassword).AccessToken, e.login(t, "an-mx", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/periodos", secretaria, map[string]string{"name": "2024 T2", "kind": "trimestral",
		"starts_on": "2024-03-15", "ends_on": "2024-06-15"})
	var period struct{ ID string }
	res.json(t, &period)
	if res.status != 201 {
		t.Fatalf("period: %d %s", res.status, res.body)
	}
	views := map[string][]map[[3]string]string{}
	for _, entidad := range []string{"", "23", "31"} {
		query := ""
		if entidad != "" {
			query = "&entidad=" + entidad
		}
		views[entidad] = append(views[entidad], marks(t, e.do(t, "GET", "/api/v1/reportes/trimestral?periodo=2024%20T2"+query, analyst, nil)))
		for _, dims := range []string{"dim1=sexo", "dim1=municipio&dim2=sexo", "dim1=grupo_edad", "dim1=modalidad"} {
			res := e.do(t, "GET", "/api/v1/estadisticas?periodo="+period.ID+"&medida=victimas&"+dims+query, analyst, nil)
			views[entidad] = append(views[entidad], marks(t, res))
		}
	}
	return views
}

// nationShowsSumsOfShownFigures checks that every count the nation's view
// shows is the sum of counts both entidades' views show.
func nationShowsSumsOfShownFigures(t *testing.T, views map[string][]map[[3]string]string) {
	t.Helper()
	for i, nation := range views[""] {
		for key, shown := range nation {
			if _, err := strconv.Atoi(shown); err != nil {
				continue // hidden, or a figure that does not apply
			}
			sum := 0
			for _, entidad := range []string{"23", "31"} {
				switch part := views[entidad][i][key]; part {
				case reports.Hidden:
					t.Errorf("%v: the nation shows %s, which %s hides", key, shown, entidad)
				case "":
				default:
					n, _ := strconv.Atoi(part)
					sum += n
				}
			}
			if strconv.Itoa(sum) != shown {
				t.Errorf("%v: the nation shows %s, its entidades %d", key, shown, sum)
			}
		}
	}
}

// marks are the figures of a report or statistic as served, numbers and
// marks alike, by table, row key and column.
func marks(t *testing.T, res response) map[[3]string]string {
	t.Helper()
	type table struct {
		ID      string   `json:"id"`
		Columns []string `json:"columns"`
		Rows    []struct {
			Key   string        `json:"key"`
			Cells []domain.Cell `json:"cells"`
		} `json:"rows"`
	}
	var r struct{ Tables []table }
	if res.status != 200 {
		t.Fatalf("view: %d %s", res.status, res.body)
	}
	res.json(t, &r)
	if r.Tables == nil {
		var one table
		res.json(t, &one)
		r.Tables = []table{one}
	}
	out := map[[3]string]string{}
	for _, tb := range r.Tables {
		for _, row := range tb.Rows {
			for i, c := range row.Cells {
				out[[3]string{tb.ID, row.Key, tb.Columns[i]}] = c.String()
			}
		}
	}
	return out
}

// TestEntidades_EachNumbersItsOwnFolios: Yucatán's víctimas and
// expedientes carry Yucatán's folios, numbered apart from Quintana Roo's,
// so that the numbers one entidad gives count none of the other's
// registrations; a batch takes consecutive numbers of its entidad's series.
func TestEntidades_EachNumbersItsOwnFolios(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testapp.WithClock(clock.Fixed(time.Date(2025, 6, 15, 17, 0, 0, 0, time.UTC))))
	qroo, yuc := twoEntidades(t, e)
	ctx := context.Background()
	const year = "2025"
	caseworker := e.Principal(t, yucatan.caseworkers, "capturista", yucatan.municipio)
	var regs []victims.Registration
	for i := range 2 {
		regs = append(regs, victims.Registration{Municipio: yucatan.municipio,
			Attributes: victims.Attributes{Sex: "hombre", IdentifiedOn: time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)},
			Personal:   victims.Personal{GivenNames: "Lote", FirstSurname: "Yucateco" + strconv.Itoa(i)}})
	}
	batch, err := e.Victims.RegisterMany(ctx, caseworker, regs)
	if err != nil {
		t.Fatal(err)
	}
	caso, err := e.Casos.Get(ctx, caseworker, uuid.MustParse(yuc.caso))
	if err != nil {
		t.Fatal(err)
	}
	ownCaso, err := e.Casos.Get(ctx, e.Principal(t, quintanaRoo.caseworkers, "capturista", quintanaRoo.municipio), uuid.MustParse(qroo.caso))
	if err != nil {
		t.Fatal(err)
	}
	for got, want := range map[string]string{
		qroo.folio: "QROO-" + year + "-000001", ownCaso.Folio: "EXP-QROO-" + year + "-000001",
		yuc.folio: "YUC-" + year + "-000001", caso.Folio: "EXP-YUC-" + year + "-000001",
		batch[0].Folio: "YUC-" + year + "-000002", batch[1].Folio: "YUC-" + year + "-000003",
	} {
		if got != want {
			t.Errorf("folio %s, want %s", got, want)
		}
	}
}
