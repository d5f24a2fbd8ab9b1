package authz

import (
	"slices"
	"strings"
)

// Permission is an action on a kind of record, as policy/policy.csv names
// it. The constants below are the only permissions; a test keeps them and
// the policy in step.
type Permission struct {
	Object, Action string
}

// String returns the permission as the API's x-permission writes it.
func (p Permission) String() string { return p.Object + ":" + p.Action }

var (
	UsuariosRead  = Permission{"usuarios", "read"}
	UsuariosWrite = Permission{"usuarios", "write"}

	SolicitudesRead   = Permission{"solicitudes", "read"}
	SolicitudesDecide = Permission{"solicitudes", "decide"}

	AuditoriaRead = Permission{"auditoria", "read"}

	CatalogosWrite = Permission{"catalogos", "write"}

	VictimasCreate      = Permission{"victimas", "create"}
	VictimasRead        = Permission{"victimas", "read"}
	VictimasReadMinimal = Permission{"victimas", "read_minimal"}
	VictimasReadLinked  = Permission{"victimas", "read_linked"}
	VictimasUpdate      = Permission{"victimas", "update"}
	VictimasErase       = Permission{"victimas", "erase"}
	// VictimasImport brings víctimas, with their casos and services, from a spreadsheet.
	VictimasImport = Permission{"victimas", "import"}

	CasosCreate             = Permission{"casos", "create"}
	CasosRead               = Permission{"casos", "read"}
	CasosReadAnyInstitution = Permission{"casos", "read_any_institution"}
	CasosUpdate             = Permission{"casos", "update"}

	AtencionesCreate = Permission{"atenciones", "create"}
	AtencionesRead   = Permission{"atenciones", "read"}

	CanalizacionesSend     = Permission{"canalizaciones", "send"}
	CanalizacionesReceive  = Permission{"canalizaciones", "receive"}
	CanalizacionesOverride = Permission{"canalizaciones", "override"}

	// ReportesCiudadanos* record and follow the reportes ciudadanos (calls
	// to the hotline, denuncias) the caller's institution receives.
	ReportesCiudadanosCreate = Permission{"reportes_ciudadanos", "create"}
	ReportesCiudadanosRead   = Permission{"reportes_ciudadanos", "read"}
	ReportesCiudadanosUpdate = Permission{"reportes_ciudadanos", "update"}
	ReportesCiudadanosErase  = Permission{"reportes_ciudadanos", "erase"}

	CarpetasCreate = Permission{"carpetas", "create"}
	CarpetasRead   = Permission{"carpetas", "read"}
	CarpetasUpdate = Permission{"carpetas", "update"}

	GrupoTrabajoRead  = Permission{"grupo_trabajo", "read"}
	GrupoTrabajoWrite = Permission{"grupo_trabajo", "write"}

	ActividadesCreate    = Permission{"actividades", "create"}
	ActividadesRead      = Permission{"actividades", "read"}
	ActividadesCreateAny = Permission{"actividades", "create_any"}
	ActividadesReadAll   = Permission{"actividades", "read_all"}

	ReportesRead          = Permission{"reportes", "read"}
	ReportesIssue         = Permission{"reportes", "issue"}
	ReportesReadProtected = Permission{"reportes", "read_protected"}
	PeriodosWrite         = Permission{"periodos", "write"}
	EstadisticasRead      = Permission{"estadisticas", "read"}

	ExportacionesHTCDS = Permission{"exportaciones", "htcds"}
	// FeedRead pulls the national feed: records without personal data.
	FeedRead = Permission{"carga_nacional", "read"}
)

// Permissions lists every permission above.
var Permissions = []Permission{
	UsuariosRead, UsuariosWrite,
	SolicitudesRead, SolicitudesDecide,
	AuditoriaRead,
	CatalogosWrite,
	VictimasCreate, VictimasRead, VictimasReadMinimal, VictimasReadLinked, VictimasUpdate, VictimasErase, VictimasImport,
	CasosCreate, CasosRead, CasosReadAnyInstitution, CasosUpdate,
	AtencionesCreate, AtencionesRead,
	CanalizacionesSend, CanalizacionesReceive, CanalizacionesOverride,
	ReportesCiudadanosCreate, ReportesCiudadanosRead, ReportesCiudadanosUpdate, ReportesCiudadanosErase,
	CarpetasCreate, CarpetasRead, CarpetasUpdate,
	GrupoTrabajoRead, GrupoTrabajoWrite,
	ActividadesCreate, ActividadesRead, ActividadesCreateAny, ActividadesReadAll,
	ReportesRead, ReportesIssue, ReportesReadProtected, PeriodosWrite, EstadisticasRead,
	ExportacionesHTCDS,
	FeedRead,
}

// ParsePermissions reads an x-permission's alternatives, "obj:act|obj:act",
// and reports whether each names a known permission.
func ParsePermissions(s string) ([]Permission, bool) {
	var out []Permission
	for _, alt := range strings.Split(s, "|") {
		i := slices.IndexFunc(Permissions, func(p Permission) bool { return p.String() == alt })
		if i < 0 {
			return nil, false
		}
		out = append(out, Permissions[i])
	}
	return out, true
}
