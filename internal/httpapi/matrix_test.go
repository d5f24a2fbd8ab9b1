package httpapi_test

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/actividades"
	"sintra/internal/adjuntos"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/grupotrabajo"
	"sintra/internal/intake"
	"sintra/internal/medidas"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/victims"
)

func int32Of(n int32) *int32 { return &n }

// matrixRow says what every caller gets from one route.
type matrixRow struct {
	// request returns the concrete path and body; target is a fresh
	// account holding capturista in 23005, for routes about accounts.
	request func(target string) (path string, body any)
	// record, instead of request, builds a request about the fixture's
	// víctima and caso, with headers.
	record func(f fixture) (path string, body any, headers map[string]string)
	// pending, instead of request, builds a request about a pending
	// request that another administrator made about a fresh account.
	pending func(request string) (path string, body any)
	anon    int
	// byRole is the status for each role; roles not listed get otherwise.
	byRole    map[string]int
	otherwise int
	// want, when set, decides per caller instead of byRole and otherwise.
	want func(c caller) int
}

// fixture is a víctima and a caso registered by a CEAVEQROO caseworker in
// Benito Juárez (23005): the "own" institution and municipio of the callers.
type fixture struct {
	victim, caso, folio   string
	canalizacion, carpeta string
	carpetaNumber         string
	imputado              string
	resolucion, pago      string
	session, acuerdo      string
	service, actividad    string
	reporte               string
	period, issued        string
	medida, adjunto       string
	n                     int
}

// ownRecord: the registering institution's caseworkers in the municipio get
// ok; other caseworkers (other institution or municipio) get 404; roles
// without the permission 403.
func ownRecord(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "capturista":
			return 403
		case c.ownMunicipio() && c.institution == "CEAVEQROO":
			return ok
		}
		return 404
	}
}

// municipioRecord is ownRecord, plus the Grupo de Trabajo of the municipio
// (any institution) getting ok too.
func municipioRecord(ok int) func(caller) int {
	return func(c caller) int {
		if c.role == "grupo_trabajo" {
			if c.ownMunicipio() {
				return ok
			}
			return 404
		}
		return ownRecord(ok)(c)
	}
}

// inMunicipio: caseworkers registering in 23005 succeed when they hold the
// role there (for their own institution), and get 400 elsewhere.
func inMunicipio(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "capturista":
			return 403
		case c.ownMunicipio():
			return ok
		}
		return 400
	}
}

// readable: the registering institution's caseworkers in the municipio,
// and the Fiscalía (FGE) in the municipio of a carpeta she is in, get ok.
func readable(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role == "fiscalia" && c.ownMunicipio() && c.institution == "FGE":
			return ok
		case c.role == "fiscalia":
			return 404
		}
		return ownRecord(ok)(c)
	}
}

// holdingDocuments is want for the routes of documents of any record: the
// roles that hold documents of some record (caseworkers, the Fiscalía, the
// Grupo de Trabajo) get 404 where want refuses them the route.
func holdingDocuments(want func(caller) int) func(caller) int {
	return func(c caller) int {
		if got := want(c); got != 403 || !slices.Contains([]string{"capturista", "fiscalia", "grupo_trabajo"}, c.role) {
			return got
		}
		return 404
	}
}

// party: the canalización's sender (CEAVEQROO) and receiver (IQM) in its
// municipio get ok; other caseworkers and prosecutors 404.
func party(sender, receiver int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "capturista" && c.role != "fiscalia":
			return 403
		case !c.ownMunicipio():
			return 404
		case c.institution == "CEAVEQROO":
			return sender
		case c.institution == "IQM":
			return receiver
		}
		return 404
	}
}

// prosecutor: the Fiscalía (FGE) in the carpeta's municipio gets ok,
// other prosecutors 404, other roles 403.
func prosecutor(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "fiscalia":
			return 403
		case c.ownMunicipio() && c.institution == "FGE":
			return ok
		}
		return 404
	}
}

// member: the Grupo de Trabajo of the session's municipio (23005) gets ok,
// members elsewhere 404 (or 400 when naming the municipio in the body),
// other roles 403.
func member(ok, elsewhere int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "grupo_trabajo":
			return 403
		case c.ownMunicipio():
			return ok
		}
		return elsewhere
	}
}

// reporter: liaisons report for their own institution (the body names
// CEAVEQROO), the Secretaría Técnica for any of her entidad (Quintana
// Roo's, 400 in Yucatán); other roles get 403.
func reporter(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role == "secretaria_tecnica" && c.ownEntidad():
			return ok
		case c.role == "secretaria_tecnica":
			return 400
		case c.role != "enlace":
			return 403
		case c.institution == "CEAVEQROO":
			return ok
		}
		return 400
	}
}

// activityOwner: the reporting institution's liaisons (CEAVEQROO), in any
// municipio, and the Secretaría Técnica of its entidad get ok; other
// liaisons and Secretarías Técnicas 404; other roles 403.
func activityOwner(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role == "secretaria_tecnica" && c.ownEntidad():
			return ok
		case c.role == "secretaria_tecnica":
			return 404
		case c.role != "enlace":
			return 403
		case c.institution == "CEAVEQROO":
			return ok
		}
		return 404
	}
}

// issuedReader: the Secretaría Técnica of the issued report's entidad
// (Quintana Roo's) gets ok, another entidad's 404; other roles 403.
func issuedReader(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "secretaria_tecnica":
			return 403
		case c.ownEntidad():
			return ok
		}
		return 404
	}
}

// receiver: caseworkers and prosecutors, who receive reportes ciudadanos,
// get ok on one their institution (CEAVEQROO) received in their municipio
// (23005) and 404 on any other; other roles 403.
func receiver(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "capturista" && c.role != "fiscalia":
			return 403
		case c.ownMunicipio() && c.institution == "CEAVEQROO":
			return ok
		}
		return 404
	}
}

// receiverIn: caseworkers and prosecutors recording a reporte in 23005
// succeed when they hold the role there, and get 400 elsewhere.
func receiverIn(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "capturista" && c.role != "fiscalia":
			return 403
		case c.ownMunicipio():
			return ok
		}
		return 400
	}
}

// administers: administrators whose domain covers the role's (23005) get
// ok; other administrators, and other roles, 403.
func administers(ok int) func(caller) int {
	return func(c caller) int {
		if c.role == "admin" && c.ownMunicipio() {
			return ok
		}
		return 403
	}
}

// accountAdmin: administrators whose domain covers the account's role
// (23005), or a request about it, get ok; other administrators 404, as for an account that does
// not exist; other roles 403.
func accountAdmin(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "admin":
			return 403
		case c.ownMunicipio():
			return ok
		}
		return 404
	}
}

// enrols: administrators anywhere in the institution's entidad (IQM, of
// Quintana Roo) get ok; another entidad's 400 on the institution; other
// roles 403.
func enrols(ok int) func(caller) int {
	return func(c caller) int {
		switch {
		case c.role != "admin":
			return 403
		case c.ownEntidad():
			return ok
		}
		return 400
	}
}

// entidadAdmin: administrators of the whole entidad (23) get ok; those of
// a municipio, and other roles, 403.
func entidadAdmin(ok int) func(caller) int {
	return func(c caller) int {
		if c.role == "admin" && (c.domain == "23" || c.domain == authz.National) {
			return ok
		}
		return 403
	}
}

func ifMatchV1() map[string]string { return map[string]string{"If-Match": `"v1"`} }

var actividadesColumns = actividades.Columns

func reason() map[string]string { return map[string]string{"X-Motivo-Consulta": "seguimiento_caso"} }

func everyRole(status int) map[string]int {
	m := map[string]int{}
	for _, r := range authz.Roles {
		m[r] = status
	}
	return m
}

func only(roles []string, status int) map[string]int {
	m := map[string]int{}
	for _, r := range roles {
		m[r] = status
	}
	return m
}

func fixed(path string, body any) func(string) (string, any) {
	return func(string) (string, any) { return path, body }
}

func onUser(suffix string, body any) func(string) (string, any) {
	return func(target string) (string, any) { return "/api/v1/admin/usuarios/" + target + suffix, body }
}

// matrix has a row for every route under /api/v1, keyed by method and
// Echo's route pattern. A route without a row fails the test.
var matrix = map[string]matrixRow{
	"GET /api/v1/catalogos/:nombre": {request: fixed("/api/v1/catalogos/municipios", nil), anon: 200, otherwise: 200},
	"POST /api/v1/auth/login": {request: func(target string) (string, any) {
		// A different unknown account each time, so that no account locks.
		return "/api/v1/auth/login", map[string]string{"username": "nadie-" + target[:8], "password": "x"}
	}, anon: 401, otherwise: 401},
	"POST /api/v1/auth/refresh": {request: fixed("/api/v1/auth/refresh", map[string]string{"refresh_token": "no-existe"}),
		anon: 401, otherwise: 401},
	"POST /api/v1/auth/logout": {request: fixed("/api/v1/auth/logout", nil), anon: 401, byRole: everyRole(204)},
	"POST /api/v1/auth/password": {request: fixed("/api/v1/auth/password", map[string]string{"current_password": "incorrecta", "new_password": "x"}),
		anon: 401, byRole: everyRole(400)},
	"POST /api/v1/auth/totp": {request: fixed("/api/v1/auth/totp", nil), anon: 401, byRole: everyRole(200)},
	// Callers keep their session across routes, and routes run in order:
	// the enrolment above has begun, so a wrong code is refused.
	"POST /api/v1/auth/totp/confirmacion": {request: fixed("/api/v1/auth/totp/confirmacion", map[string]string{"code": "123456"}), anon: 401, byRole: everyRole(400)},
	"GET /api/v1/me":                      {request: fixed("/api/v1/me", nil), anon: 401, byRole: everyRole(200)},
	"GET /api/v1/fecha":                   {request: fixed("/api/v1/fecha", nil), anon: 401, byRole: everyRole(200)},
	"GET /api/v1/avisos":                  {request: fixed("/api/v1/avisos", nil), anon: 401, byRole: everyRole(200)},
	"GET /api/v1/admin/usuarios":          {request: fixed("/api/v1/admin/usuarios", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios": {request: func(target string) (string, any) {
		return "/api/v1/admin/usuarios", map[string]any{"username": "nueva-" + target[:8], "display_name": "Nueva", "institution": "IQM"}
	}, anon: 401, want: enrols(201)},
	"GET /api/v1/admin/usuarios/:id":                             {request: onUser("", nil), anon: 401, want: accountAdmin(200)},
	"POST /api/v1/admin/usuarios/:id/deshabilitar":               {request: onUser("/deshabilitar", nil), anon: 401, want: accountAdmin(200)},
	"POST /api/v1/admin/usuarios/:id/habilitar":                  {request: onUser("/habilitar", nil), anon: 401, want: accountAdmin(200)},
	"POST /api/v1/admin/usuarios/:id/roles":                      {request: onUser("/roles", map[string]string{"role": "analista", "domain": "23005"}), anon: 401, want: administers(200)},
	"DELETE /api/v1/admin/usuarios/:id/roles/:role/:domain":      {request: onUser("/roles/capturista/23005", nil), anon: 401, want: administers(200)},
	"POST /api/v1/admin/usuarios/:id/restablecer-contrasena":     {request: onUser("/restablecer-contrasena", nil), anon: 401, want: accountAdmin(202)},
	"POST /api/v1/admin/usuarios/:id/restablecer-segundo-factor": {request: onUser("/restablecer-segundo-factor", nil), anon: 401, want: accountAdmin(202)},
	"GET /api/v1/admin/solicitudes":                              {request: fixed("/api/v1/admin/solicitudes", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"PUT /api/v1/admin/entidades/:entidad/municipios": {request: fixed("/api/v1/admin/entidades/23/municipios", []byte("clave,nombre\n23005,Benito Juárez\n")),
		anon: 401, want: entidadAdmin(200)},
	"POST /api/v1/admin/instituciones": {request: func(target string) (string, any) {
		return "/api/v1/admin/instituciones", map[string]any{"code": "INST-" + strings.ToUpper(target[:8]), "name": "Institución " + target[:8],
			"entidad": "23", "membership": "invitado"}
	}, anon: 401, want: entidadAdmin(201)},
	"POST /api/v1/admin/solicitudes/:id/aprobacion": {pending: func(id string) (string, any) { return "/api/v1/admin/solicitudes/" + id + "/aprobacion", nil },
		anon: 401, want: accountAdmin(200)},
	"POST /api/v1/admin/solicitudes/:id/rechazo": {pending: func(id string) (string, any) {
		return "/api/v1/admin/solicitudes/" + id + "/rechazo", map[string]string{"reason": "No se verificó la identidad."}
	}, anon: 401, want: accountAdmin(200)},
	"GET /api/v1/victimas": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/victimas", nil, nil },
		anon: 401, byRole: only([]string{"capturista", "grupo_trabajo"}, 200), otherwise: 403},
	"POST /api/v1/victimas": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas", map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"},
			"personal": map[string]any{"given_names": fmt.Sprintf("Matriz %d", f.n)}}, nil
	}, anon: 401, want: inMunicipio(201)},
	"GET /api/v1/victimas/plantilla": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/victimas/plantilla", nil, nil },
		anon: 401, byRole: only([]string{"capturista"}, 200), otherwise: 403},
	// A caseworker imports into her own municipios only: a row of another
	// municipio is a row error.
	"POST /api/v1/victimas/importacion": {record: func(f fixture) (string, any, map[string]string) {
		csv := "clave_victima,municipio,fecha_identificacion,nombres,sexo\n" + fmt.Sprintf("V-1,23005,2024-04-01,Importada %d,mujer\n", f.n)
		return "/api/v1/victimas/importacion", []byte(csv), nil
	}, anon: 401, want: inMunicipio(200)},
	"POST /api/v1/victimas/busqueda": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/busqueda", map[string]string{"folio": f.folio}, nil
	}, anon: 401, byRole: only([]string{"capturista", "grupo_trabajo"}, 200), otherwise: 403},
	"GET /api/v1/victimas/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim, nil, reason()
	}, anon: 401, want: func(c caller) int {
		if c.role == "grupo_trabajo" {
			return municipioRecord(200)(c)
		}
		return readable(200)(c)
	}},
	"PUT /api/v1/victimas/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim, map[string]any{"attributes": map[string]any{"sex": "mujer", "age": 30},
			"personal": map[string]any{"given_names": "Otra"}}, map[string]string{"If-Match": `"v1"`}
	}, anon: 401, want: ownRecord(200)},
	"GET /api/v1/victimas/:id/historial": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/historial", nil, reason()
	}, anon: 401, want: readable(200)},
	"POST /api/v1/victimas/:id/consentimientos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/consentimientos", map[string]any{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-04-01"}, nil
	}, anon: 401, want: ownRecord(204)},
	"POST /api/v1/victimas/:id/supresion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/supresion", map[string]any{"reason_code": "solicitud_arco"}, nil
	}, anon: 401, want: ownRecord(204)},
	"GET /api/v1/casos": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/casos", nil, nil },
		anon: 401, byRole: only([]string{"capturista", "grupo_trabajo"}, 200), otherwise: 403},
	"POST /api/v1/casos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/casos", map[string]any{"municipio": "23005", "modalidades": []string{"sin_definir"}}, nil
	}, anon: 401, want: inMunicipio(201)},
	"GET /api/v1/casos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/casos/" + f.caso, nil, nil
	}, anon: 401, want: municipioRecord(200)},
	"PUT /api/v1/casos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/casos/" + f.caso, map[string]any{"modalidades": []string{"explotacion_sexual"}}, map[string]string{"If-Match": `"v1"`}
	}, anon: 401, want: ownRecord(200)},
	"POST /api/v1/casos/:id/estado": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/casos/" + f.caso + "/estado", map[string]any{"status": "en_seguimiento"}, map[string]string{"If-Match": `"v1"`}
	}, anon: 401, want: ownRecord(200)},
	"GET /api/v1/reportes-ciudadanos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes-ciudadanos?mes=2024-04&clasificacion=posible_trata", nil, nil
	}, anon: 401, byRole: only([]string{"capturista", "fiscalia"}, 200), otherwise: 403},
	"POST /api/v1/reportes-ciudadanos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes-ciudadanos", map[string]any{"municipio": "23005", "channel": "linea_telefonica", "reporter": "anonimo"}, nil
	}, anon: 401, want: receiverIn(201)},
	"GET /api/v1/reportes-ciudadanos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes-ciudadanos/" + f.reporte, nil, nil
	}, anon: 401, want: receiver(200)},
	"PATCH /api/v1/reportes-ciudadanos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes-ciudadanos/" + f.reporte, map[string]any{"status": "en_analisis"}, ifMatchV1()
	}, anon: 401, want: receiver(200)},
	"POST /api/v1/reportes-ciudadanos/:id/supresion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes-ciudadanos/" + f.reporte + "/supresion", map[string]any{"reason_code": "solicitud_arco"}, nil
	}, anon: 401, want: receiver(204)},
	// Turning a reporte into a caso opens a caso: prosecutors, who open
	// none, are refused the route.
	"POST /api/v1/reportes-ciudadanos/:id/caso": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes-ciudadanos/" + f.reporte + "/caso", nil, ifMatchV1()
	}, anon: 401, want: func(c caller) int {
		if c.role == "fiscalia" {
			return 403
		}
		return receiver(201)(c)
	}},
	"GET /api/v1/victimas/:id/servicios": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/servicios", nil, nil
	}, anon: 401, want: readable(200)},
	"POST /api/v1/victimas/:id/servicios": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/servicios", map[string]any{"type": "alimentos", "provided_on": "2024-04-10", "quantity": 3}, nil
	}, anon: 401, want: ownRecord(201)},
	"GET /api/v1/victimas/:id/medidas-proteccion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/medidas-proteccion", nil, nil
	}, anon: 401, want: readable(200)},
	"POST /api/v1/victimas/:id/medidas-proteccion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/medidas-proteccion", map[string]any{"type": "boton_panico", "beneficiary": "victima",
			"requested_by": "CEAVEQROO", "requested_on": "2024-04-03"}, nil
	}, anon: 401, want: ownRecord(201)},
	"GET /api/v1/medidas-proteccion": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/medidas-proteccion", nil, nil },
		anon: 401, byRole: only([]string{"capturista"}, 200), otherwise: 403},
	"GET /api/v1/medidas-proteccion/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/medidas-proteccion/" + f.medida, nil, reason()
	}, anon: 401, want: readable(200)},
	"PATCH /api/v1/medidas-proteccion/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/medidas-proteccion/" + f.medida, map[string]any{"status": "otorgada", "on": "2024-04-04",
			"granting_authority": "ministerio_publico", "granted_on": "2024-04-04"}, ifMatchV1()
	}, anon: 401, want: ownRecord(200)},
	"POST /api/v1/medidas-proteccion/:id/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/medidas-proteccion/" + f.medida + "/anulacion", map[string]any{"reason_code": "error_captura"}, ifMatchV1()
	}, anon: 401, want: ownRecord(204)},
	"POST /api/v1/medidas-proteccion/:id/evaluaciones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/medidas-proteccion/" + f.medida + "/evaluaciones", map[string]any{"risk_level": "alto",
			"assessed_on": "2024-04-05", "next_review_on": "2024-05-05"}, nil
	}, anon: 401, want: ownRecord(201)},
	"GET /api/v1/victimas/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/adjuntos", nil, reason()
	}, anon: 401, want: readable(200)},
	"POST /api/v1/victimas/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		body, headers := matrixUpload()
		return "/api/v1/victimas/" + f.victim + "/adjuntos", body, headers
	}, anon: 401, want: ownRecord(201)},
	// A víctima's document: roles that hold documents of other records
	// (the Grupo de Trabajo's sessions, the Fiscalía's carpetas) pass the
	// route and find it missing.
	"GET /api/v1/adjuntos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/adjuntos/" + f.adjunto, nil, reason()
	}, anon: 401, want: holdingDocuments(readable(200))},
	"POST /api/v1/adjuntos/:id/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/adjuntos/" + f.adjunto + "/anulacion", map[string]any{"reason_code": "error_captura"}, nil
	}, anon: 401, want: holdingDocuments(ownRecord(204))},
	"GET /api/v1/casos/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/casos/" + f.caso + "/adjuntos", nil, reason()
	}, anon: 401, want: ownRecord(200)},
	"POST /api/v1/casos/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		body, headers := matrixUpload()
		return "/api/v1/casos/" + f.caso + "/adjuntos", body, headers
	}, anon: 401, want: ownRecord(201)},
	"GET /api/v1/carpetas/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/adjuntos", nil, reason()
	}, anon: 401, want: prosecutor(200)},
	"POST /api/v1/carpetas/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		body, headers := matrixUpload()
		return "/api/v1/carpetas/" + f.carpeta + "/adjuntos", body, headers
	}, anon: 401, want: prosecutor(201)},
	"GET /api/v1/grupo-trabajo/sesiones/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones/" + f.session + "/adjuntos", nil, reason()
	}, anon: 401, want: member(200, 404)},
	"POST /api/v1/grupo-trabajo/sesiones/:id/adjuntos": {record: func(f fixture) (string, any, map[string]string) {
		body, headers := matrixUpload()
		return "/api/v1/grupo-trabajo/sesiones/" + f.session + "/adjuntos", body, headers
	}, anon: 401, want: member(201, 404)},
	"GET /api/v1/victimas/:id/linea-de-tiempo": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/victimas/" + f.victim + "/linea-de-tiempo", nil, reason()
	}, anon: 401, want: readable(200)},
	"PUT /api/v1/servicios/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/servicios/" + f.service, map[string]any{"type": "alimentos", "provided_on": "2024-04-11", "quantity": 4,
			"reason_code": "error_captura"}, ifMatchV1()
	}, anon: 401, want: ownRecord(200)},
	"POST /api/v1/servicios/:id/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/servicios/" + f.service + "/anulacion", map[string]any{"reason_code": "duplicado"}, ifMatchV1()
	}, anon: 401, want: ownRecord(204)},
	"GET /api/v1/servicios/:id/historial": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/servicios/" + f.service + "/historial", nil, reason()
	}, anon: 401, want: readable(200)},
	"GET /api/v1/servicios": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/servicios", nil, nil },
		anon: 401, byRole: only([]string{"capturista"}, 200), otherwise: 403},
	"GET /api/v1/canalizaciones": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/canalizaciones", nil, nil },
		anon: 401, byRole: only([]string{"capturista", "fiscalia"}, 200), otherwise: 403},
	"POST /api/v1/canalizaciones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones", map[string]any{"victim_id": f.victim, "to": "DIF", "service_type": "alojamiento"}, nil
	}, anon: 401, want: readable(201)},
	"GET /api/v1/canalizaciones/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones/" + f.canalizacion, nil, reason()
	}, anon: 401, want: party(200, 200)},
	"POST /api/v1/canalizaciones/:id/transiciones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones/" + f.canalizacion + "/transiciones", map[string]string{"status": "aceptada"}, nil
	}, anon: 401, want: party(403, 200)},
	"PUT /api/v1/canalizaciones/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones/" + f.canalizacion, map[string]any{"service_type": "asesoria_juridica", "sent_on": "2024-04-05",
			"reason_code": "error_captura"}, ifMatchV1()
	}, anon: 401, want: party(200, 403)},
	"POST /api/v1/canalizaciones/:id/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones/" + f.canalizacion + "/anulacion", map[string]any{"reason_code": "registro_indebido"}, ifMatchV1()
	}, anon: 401, want: party(204, 403)},
	"GET /api/v1/canalizaciones/:id/historial": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones/" + f.canalizacion + "/historial", nil, reason()
	}, anon: 401, want: party(200, 200)},
	"GET /api/v1/canalizaciones/:id/documento": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/canalizaciones/" + f.canalizacion + "/documento", nil, reason()
	}, anon: 401, want: party(409, 403)},
	"GET /api/v1/carpetas": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/carpetas", nil, nil },
		anon: 401, byRole: only([]string{"fiscalia"}, 200), otherwise: 403},
	"POST /api/v1/carpetas": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas", map[string]any{"number": fmt.Sprintf("FGE/QR/BJ/%d/2024", f.n+100000), "fiscalia_unit": "FETP",
			"started_on": "2024-03-20", "municipio": "23005", "modalidad": "explotacion_sexual"}, nil
	}, anon: 401, want: func(c caller) int {
		if c.role != "fiscalia" {
			return 403
		} else if c.ownMunicipio() {
			return 201
		}
		return 400
	}},
	"POST /api/v1/carpetas/busqueda": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/busqueda", map[string]string{"number": f.carpetaNumber}, nil
	}, anon: 401, want: prosecutor(200)},
	"GET /api/v1/carpetas/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta, nil, reason()
	}, anon: 401, want: prosecutor(200)},
	"POST /api/v1/carpetas/:id/etapas": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/etapas", map[string]string{"status": "judicializada", "date": "2024-05-02", "judicial_district": "CANCUN"}, nil
	}, anon: 401, want: prosecutor(200)},
	"POST /api/v1/carpetas/:id/victimas": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/victimas", map[string]any{"victims": []map[string]string{{"folio": f.folio}}}, nil
	}, anon: 401, want: prosecutor(204)},
	"POST /api/v1/carpetas/:id/imputados": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/imputados", map[string]any{"sex": "hombre", "age": 40, "names": "Imputado de prueba"}, nil
	}, anon: 401, want: prosecutor(201)},
	"PUT /api/v1/carpetas/:id/imputados/:imputado": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/imputados/" + f.imputado, map[string]any{"sex": "mujer", "age": 35,
			"reason_code": "informacion_nueva"}, ifMatchV1()
	}, anon: 401, want: prosecutor(200)},
	"POST /api/v1/carpetas/:id/imputados/:imputado/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/imputados/" + f.imputado + "/anulacion", map[string]any{"reason_code": "duplicado"}, ifMatchV1()
	}, anon: 401, want: prosecutor(204)},
	"GET /api/v1/carpetas/:id/imputados/:imputado/historial": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/imputados/" + f.imputado + "/historial", nil, reason()
	}, anon: 401, want: prosecutor(200)},
	"PUT /api/v1/carpetas/:id/medios-comisivos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/medios-comisivos", map[string]any{"medios_comisivos": []string{"engano", "vulnerabilidad"}}, nil
	}, anon: 401, want: prosecutor(204)},
	"POST /api/v1/carpetas/:id/detenciones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/detenciones", map[string]any{"imputado_id": f.imputado, "date": "2024-04-02"}, nil
	}, anon: 401, want: prosecutor(204)},
	"POST /api/v1/carpetas/:id/resoluciones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/resoluciones", map[string]any{"kind": "sobreseimiento", "resolved_on": "2024-06-01"}, nil
	}, anon: 401, want: prosecutor(201)},
	"GET /api/v1/carpetas/:id/resoluciones/:resolucion/pagos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/resoluciones/" + f.resolucion + "/pagos", nil, reason()
	}, anon: 401, want: prosecutor(200)},
	"POST /api/v1/carpetas/:id/resoluciones/:resolucion/pagos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/resoluciones/" + f.resolucion + "/pagos",
			map[string]any{"paid_on": "2024-06-12", "amount_centavos": 150000, "payer": "fondo_ceaveqroo"}, nil
	}, anon: 401, want: prosecutor(201)},
	"PUT /api/v1/carpetas/:id/resoluciones/:resolucion/reparacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/resoluciones/" + f.resolucion + "/reparacion",
			map[string]any{"ordered_centavos": 6_000_000, "reason_code": "informacion_nueva"}, ifMatchV1()
	}, anon: 401, want: prosecutor(204)},
	"POST /api/v1/carpetas/:id/resoluciones/:resolucion/pagos/:pago/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/carpetas/" + f.carpeta + "/resoluciones/" + f.resolucion + "/pagos/" + f.pago + "/anulacion",
			map[string]any{"reason_code": "duplicado"}, ifMatchV1()
	}, anon: 401, want: prosecutor(204)},
	"GET /api/v1/grupo-trabajo/agenda": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/agenda?municipio=23005", nil, nil
	}, anon: 401, want: member(200, 404)},
	"GET /api/v1/grupo-trabajo/sesiones": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/grupo-trabajo/sesiones", nil, nil },
		anon: 401, byRole: only([]string{"grupo_trabajo"}, 200), otherwise: 403},
	"POST /api/v1/grupo-trabajo/sesiones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones", map[string]any{"municipio": "23005", "held_on": "2024-05-20", "kind": "ordinaria"}, nil
	}, anon: 401, want: member(201, 400)},
	"GET /api/v1/grupo-trabajo/sesiones/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones/" + f.session, nil, reason()
	}, anon: 401, want: member(200, 404)},
	"PUT /api/v1/grupo-trabajo/sesiones/:id/minuta": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones/" + f.session + "/minuta", map[string]string{"minutes": "Minuta"}, map[string]string{"If-Match": `"v1"`}
	}, anon: 401, want: member(200, 404)},
	"POST /api/v1/grupo-trabajo/sesiones/:id/revisiones": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones/" + f.session + "/revisiones", map[string]string{"caso_id": f.caso, "summary": "Avances"}, nil
	}, anon: 401, want: member(201, 404)},
	"POST /api/v1/grupo-trabajo/sesiones/:id/acuerdos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones/" + f.session + "/acuerdos", map[string]string{"text": "Dar seguimiento", "responsible": "IQM", "due_on": "2024-06-20"}, nil
	}, anon: 401, want: member(201, 404)},
	"GET /api/v1/grupo-trabajo/sesiones/:id/acta": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/grupo-trabajo/sesiones/" + f.session + "/acta", nil, reason()
	}, anon: 401, want: member(200, 404)},
	"GET /api/v1/acuerdos": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/acuerdos", nil, nil },
		anon: 401, byRole: only([]string{"grupo_trabajo"}, 200), otherwise: 403},
	"PUT /api/v1/acuerdos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/acuerdos/" + f.acuerdo, map[string]string{"text": "Informar avances por escrito", "responsible": "CEAVEQROO",
			"due_on": "2024-06-10", "reason_code": "error_captura"}, ifMatchV1()
	}, anon: 401, want: member(200, 404)},
	"POST /api/v1/acuerdos/:id/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/acuerdos/" + f.acuerdo + "/anulacion", map[string]string{"reason_code": "otro", "reason_text": "Se tomó en otra sesión"}, ifMatchV1()
	}, anon: 401, want: member(204, 404)},
	"GET /api/v1/acuerdos/:id/historial": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/acuerdos/" + f.acuerdo + "/historial", nil, reason()
	}, anon: 401, want: member(200, 404)},
	"POST /api/v1/acuerdos/:id/seguimiento": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/acuerdos/" + f.acuerdo + "/seguimiento", map[string]string{"status": "en_proceso"}, nil
	}, anon: 401, want: member(200, 404)},
	"GET /api/v1/actividades": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/actividades", nil, nil },
		anon: 401, byRole: only([]string{"enlace", "secretaria_tecnica"}, 200), otherwise: 403},
	"POST /api/v1/actividades": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/actividades", map[string]any{"institution": "CEAVEQROO", "type": "capacitacion", "name": "Plática",
			"held_on": "2024-04-01", "municipios": []string{"23005"}, "actions": 1, "people_total": 10, "women": 5, "men": 5}, nil
	}, anon: 401, want: reporter(201)},
	"PUT /api/v1/actividades/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/actividades/" + f.actividad, map[string]any{"type": "capacitacion", "name": "Plática corregida",
			"held_on": "2024-04-01", "municipios": []string{"23005"}, "actions": 1, "people_total": 12, "women": 6, "men": 6,
			"reason_code": "error_captura"}, ifMatchV1()
	}, anon: 401, want: activityOwner(200)},
	"POST /api/v1/actividades/:id/anulacion": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/actividades/" + f.actividad + "/anulacion", map[string]any{"reason_code": "duplicado"}, ifMatchV1()
	}, anon: 401, want: activityOwner(204)},
	"GET /api/v1/actividades/:id/historial": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/actividades/" + f.actividad + "/historial", nil, reason()
	}, anon: 401, want: activityOwner(200)},
	"GET /api/v1/actividades/plantilla": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/actividades/plantilla", nil, nil },
		anon: 401, byRole: only([]string{"enlace", "secretaria_tecnica"}, 200), otherwise: 403},
	"POST /api/v1/actividades/importacion": {record: func(f fixture) (string, any, map[string]string) {
		csv := strings.Join(actividadesColumns, ",") + "\n" +
			fmt.Sprintf("CEAVEQROO,prevencion,capacitacion,Plática %d,2024-04-01,23005,1,10,5,5,,,\n", f.n)
		return "/api/v1/actividades/importacion", []byte(csv), nil
	}, anon: 401, want: reporter(200)},
	"GET /api/v1/periodos": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/periodos", nil, nil },
		anon: 401, byRole: only([]string{"secretaria_tecnica", "analista"}, 200), otherwise: 403},
	"POST /api/v1/periodos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/periodos", map[string]string{"name": fmt.Sprintf("Periodo %d", f.n), "kind": "trimestral",
			"starts_on": "2024-06-16", "ends_on": "2024-09-15"}, nil
	}, anon: 401, byRole: only([]string{"secretaria_tecnica"}, 201), otherwise: 403},
	"GET /api/v1/reportes/trimestral": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes/trimestral?periodo=" + f.period, nil, nil
	}, anon: 401, byRole: only([]string{"secretaria_tecnica", "analista"}, 200), otherwise: 403},
	"GET /api/v1/reportes/anual": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes/anual?anio=2024", nil, nil
	}, anon: 401, byRole: only([]string{"secretaria_tecnica", "analista"}, 200), otherwise: 403},
	"GET /api/v1/reportes/emitidos": {record: func(f fixture) (string, any, map[string]string) { return "/api/v1/reportes/emitidos", nil, nil },
		anon: 401, byRole: only([]string{"secretaria_tecnica"}, 200), otherwise: 403},
	"POST /api/v1/reportes/emitidos": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes/emitidos", map[string]string{"periodo": f.period}, nil
	}, anon: 401, byRole: only([]string{"secretaria_tecnica"}, 201), otherwise: 403},
	"GET /api/v1/reportes/emitidos/:id": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes/emitidos/" + f.issued, nil, nil
	}, anon: 401, want: issuedReader(200)},
	"GET /api/v1/reportes/emitidos/:id/cambios": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/reportes/emitidos/" + f.issued + "/cambios", nil, nil
	}, anon: 401, want: issuedReader(200)},
	"GET /api/v1/estadisticas": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/estadisticas?periodo=" + f.period + "&medida=victimas&dim1=sexo", nil, nil
	}, anon: 401, byRole: only([]string{"secretaria_tecnica", "analista"}, 200), otherwise: 403},
	"GET /api/v1/estadisticas/dimensiones": {request: fixed("/api/v1/estadisticas/dimensiones", nil), anon: 401,
		byRole: only([]string{"secretaria_tecnica", "analista"}, 200), otherwise: 403},
	"GET /api/v1/exportaciones/htcds": {record: func(f fixture) (string, any, map[string]string) {
		return "/api/v1/exportaciones/htcds?anio=2024&formato=csv&entidad=23", nil, nil
	}, anon: 401, want: issuedReader(200)},
	"GET /api/v1/auditoria":             {request: fixed("/api/v1/auditoria", nil), anon: 401, byRole: only([]string{"auditor"}, 200), otherwise: 403},
	"GET /api/v1/auditoria/exportacion": {request: fixed("/api/v1/auditoria/exportacion", nil), anon: 401, byRole: only([]string{"auditor"}, 200), otherwise: 403},
	"GET /api/v1/auditoria/hallazgos":   {request: fixed("/api/v1/auditoria/hallazgos", nil), anon: 401, byRole: only([]string{"auditor"}, 200), otherwise: 403},
	// The feed holds every municipio's records of the entidad: only its
	// national liaison, held in the whole entidad, pulls it; no administrator
	// (TestExportFeed_TheEntidadsNationalLiaisonPullsAVerifiableBatch).
	"GET /api/v1/carga-nacional": {request: fixed("/api/v1/carga-nacional?desde=0", nil), anon: 401, want: func(c caller) int {
		if c.role == "enlace_nacional" && c.domain == "23" {
			return 200
		}
		return 403
	}},
}

// callers are the principals of the matrix: each role held in the
// records' municipio (23005), in another one (23004), in the records' whole
// entidad (23, Quintana Roo) or in another entidad (31, Yucatán), by
// someone of the records' institution (CEAVEQROO) or another (IQM, FGE);
// and nobody. A role held only in a whole entidad is held in 23 and 31.
type caller struct {
	name, role, domain, institution string
}

// ownMunicipio says whether the caller's role covers the records'
// municipio: held in it or in its entidad.
func (c caller) ownMunicipio() bool { return c.domain == "23005" || c.domain == "23" }

// ownEntidad says whether the caller's role is held anywhere in the
// records' entidad (23).
func (c caller) ownEntidad() bool { return c.domain != "31" }

func callers() []caller {
	out := []caller{{name: "anonymous"}}
	for _, r := range authz.Roles {
		for _, d := range []string{"23005", "23004", "23", "31"} {
			if slices.Contains(authz.WholeEntidadRoles, r) && authz.IsMunicipio(d) {
				continue // never held in a municipio
			}
			for _, inst := range []string{"CEAVEQROO", "IQM", "FGE"} {
				out = append(out, caller{name: fmt.Sprintf("%s@%s/%s", r, d, inst), role: r, domain: d, institution: inst})
			}
		}
	}
	return out
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t, lenientAddresses, longTokens)
	var routes []string
	for _, r := range e.echo.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			routes = append(routes, r.Method+" "+r.Path)
		}
	}
	sort.Strings(routes)
	routes = slices.Compact(routes)
	for key := range matrix {
		if !slices.Contains(routes, key) {
			t.Errorf("matrix row %q names no route", key)
		}
	}
	owner := e.addUser(t, "duena", "CEAVEQROO", role("capturista", "23005"))
	prosecutor := e.addUser(t, "fiscal", "FGE", role("fiscalia", "23005"))
	gt := e.addUser(t, "miembro", "SSC", role("grupo_trabajo", "23005"))
	liaison := e.addUser(t, "enlace", "CEAVEQROO", role("enlace", "23005"))
	principals := [4]*authz.Principal{
		{UserID: owner.ID, Username: "duena", Institution: "CEAVEQROO", Assignments: []authz.Assignment{role("capturista", "23005")}},
		{UserID: prosecutor.ID, Username: "fiscal", Institution: "FGE", Assignments: []authz.Assignment{role("fiscalia", "23005")}},
		{UserID: gt.ID, Username: "miembro", Institution: "SSC", Assignments: []authz.Assignment{role("grupo_trabajo", "23005")}},
		{UserID: liaison.ID, Username: "enlace", Institution: "CEAVEQROO", Assignments: []authz.Assignment{role("enlace", "23005")}},
	}
	period, issued := reportFixture(t, e)
	requester := e.addUser(t, "solicitante", "SEGOB", role("admin", authz.National))
	asRequester := &authz.Principal{UserID: requester.ID, Username: "solicitante", Institution: "SEGOB",
		Assignments: []authz.Assignment{role("admin", authz.National)}}
	n := 0
	tokens := map[string]string{}
	for _, key := range routes {
		row, ok := matrix[key]
		if !ok {
			t.Errorf("route %q has no row in the authorization matrix", key)
			continue
		}
		method := strings.SplitN(key, " ", 2)[0]
		for _, c := range callers() {
			n++
			token, want := "", row.anon
			if c.role != "" {
				token = tokens[c.name]
				if token == "" {
					username := fmt.Sprintf("usuario%d", n)
					e.addUser(t, username, c.institution, role(c.role, c.domain))
					token = e.login(t, username, testPassword).AccessToken
					tokens[c.name] = token
				}
				if key == "POST /api/v1/auth/logout" {
					// Logging out ends the session: the next route signs in anew.
					delete(tokens, c.name)
				}
				want = row.otherwise
				if s, ok := row.byRole[c.role]; ok {
					want = s
				}
				if row.want != nil {
					want = row.want(c)
				}
			}
			var path string
			var body any
			var headers map[string]string
			switch {
			case row.record != nil:
				f := newFixture(t, e, principals, n)
				f.period, f.issued = period, issued
				path, body, headers = row.record(f)
			case row.pending != nil:
				target := e.addUser(t, fmt.Sprintf("objetivo%d", n), "CEAVEQROO", role("capturista", "23005"))
				res, err := e.users.ResetPassword(context.Background(), asRequester, target.ID)
				if err != nil || !res.Pending() {
					t.Fatalf("pending request: %+v %v", res, err)
				}
				path, body = row.pending(res.Request.ID.String())
			default:
				target := e.addUser(t, fmt.Sprintf("objetivo%d", n), "CEAVEQROO", role("capturista", "23005"))
				path, body = row.request(target.ID.String())
			}
			if got := e.doWith(t, method, path, token, body, headers); got.status != want {
				t.Errorf("%s as %s: %d, want %d (%s)", key, c.name, got.status, want, got.body)
			}
		}
	}
}

// newFixture registers, as the CEAVEQROO caseworker of Benito Juárez, a
// víctima who consents to sharing, opens a caso with her and refers her to
// IQM; and, as the FGE prosecutor of Benito Juárez, opens a carpeta with her.
func newFixture(t *testing.T, e *env, who [4]*authz.Principal, n int) fixture {
	t.Helper()
	ctx := context.Background()
	owner, prosecutor := who[0], who[1]
	v, err := e.victims.Register(ctx, owner, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 3, 18, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: fmt.Sprintf("Fixture %d", n)},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}})
	if err != nil {
		t.Fatal(err)
	}
	k, err := e.casos.Create(ctx, owner, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{v.ID}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.canalizaciones.Send(ctx, owner, canalizaciones.SendInput{VictimID: v.ID, To: "IQM", ServiceType: "atencion_psicologica"})
	if err != nil {
		t.Fatal(err)
	}
	member := who[2]
	g, err := e.grupo.CreateSession(ctx, member, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC),
		Kind: "ordinaria", Institutions: []string{"CEAVEQROO", "IQM"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.grupo.AddAcuerdo(ctx, member, g.ID, grupotrabajo.AcuerdoInput{Text: "Informar avances", Responsible: "CEAVEQROO",
		DueOn: time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	number := fmt.Sprintf("FGE/QR/BJ/%d/2024", n)
	cp, err := e.carpetas.Create(ctx, prosecutor, carpetas.Input{Number: number, FiscaliaUnit: "FETP", Municipio: "23005",
		StartedOn: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC), Modalidad: "explotacion_sexual", Victims: []carpetas.VictimRef{{Folio: v.Folio}}})
	if err != nil {
		t.Fatal(err)
	}
	im, err := e.carpetas.AddImputado(ctx, prosecutor, cp.ID, carpetas.ImputadoInput{Sex: "hombre"})
	if err != nil {
		t.Fatal(err)
	}
	ordered := int64(5_000_000)
	res, err := e.carpetas.AddResolucion(ctx, prosecutor, cp.ID, carpetas.ResolucionInput{Resolucion: domain.Resolucion{
		Kind: "sentencia_condenatoria", ResolvedOn: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), ReparationOrdered: true, ReparationCents: &ordered}})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := e.carpetas.RecordPayment(ctx, prosecutor, cp.ID, res.ID, carpetas.PaymentInput{PaidOn: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC),
		AmountCents: 100_000, Payer: "persona_sentenciada", VictimID: uuid.NullUUID{UUID: v.ID, Valid: true}})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := e.Services.Record(ctx, owner, v.ID, services.Input{Type: "alimentos", ProvidedOn: time.Date(2024, 4, 10, 0, 0, 0, 0, time.UTC), Quantity: 3})
	if err != nil {
		t.Fatal(err)
	}
	md, err := e.Medidas.Create(ctx, owner, v.ID, medidas.Input{Type: "escolta_vigilancia", Beneficiary: "ambas", RequestedBy: "FGE",
		RequestedOn: time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC), Observations: "Amenazas"})
	if err != nil {
		t.Fatal(err)
	}
	adj, err := e.Adjuntos.Attach(ctx, owner, adjuntos.Victima, v.ID, adjuntos.Upload{Kind: "consentimiento", Name: "consentimiento.pdf", Content: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	act, err := e.Actividades.Create(ctx, who[3], actividades.Input{Institution: "CEAVEQROO", Type: "capacitacion", Name: "Plática",
		HeldOn: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Municipios: []string{"23005"}, Actions: 1, People: 10,
		Women: int32Of(5), Men: int32Of(5)})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.Intake.Create(ctx, owner, intake.Input{Municipio: "23005", Channel: "linea_telefonica", Reporter: "tercero",
		ReceivedAt: time.Date(2024, 4, 3, 15, 0, 0, 0, time.UTC), Classification: "posible_trata", Modalidades: []string{"explotacion_sexual"},
		Narrative: fmt.Sprintf("Relato %d", n)})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{victim: v.ID.String(), caso: k.ID.String(), folio: v.Folio, canalizacion: c.ID.String(),
		carpeta: cp.ID.String(), carpetaNumber: number, imputado: im.ID.String(), resolucion: res.ID.String(), pago: pay.ID.String(), session: g.ID.String(), acuerdo: a.ID.String(),
		service: sv.ID.String(), actividad: act.ID.String(), medida: md.ID.String(), adjunto: adj.ID.String(), reporte: rep.ID.String(), n: n}
}

// reportFixture defines the periods of 2024 (its second quarter and the
// year) and issues the quarter's report of Quintana Roo, as its Secretaría
// Técnica.
func reportFixture(t *testing.T, e *env) (period, issued string) {
	t.Helper()
	ctx := context.Background()
	st := e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "23"))
	p := &authz.Principal{UserID: st.ID, Username: "secretaria", Institution: "SEGOB",
		Assignments: []authz.Assignment{role("secretaria_tecnica", "23")}}
	q, err := e.reports.CreatePeriod(ctx, p, reports.PeriodInput{Name: "2024 T2", Kind: "trimestral",
		StartsOn: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.reports.CreatePeriod(ctx, p, reports.PeriodInput{Name: "2024", Kind: "anual",
		StartsOn: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	r, err := e.reports.Issue(ctx, p, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	return q.ID.String(), r.ID.String()
}
